"""``graphkit export``: the stored graph as a Cypher script, neo4j-admin CSVs, GraphML or JSON."""

from __future__ import annotations

from pathlib import Path

import click

from graphkit.cli.base import main
from graphkit.cli.store_options import open_from_options, store_options
from graphkit.export import FORMATS, export


@main.command(name="export")
@store_options
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True,
              help="cypher: schema.cypher + graph.cypher (cypher-shell -f); neo4j-admin: CSVs + README "
                   "with the import command; graphml: graph.graphml (Gephi, yEd, networkx); "
                   "json: networkx node-link graph.json.")
@click.option("-o", "--output", "out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Directory to write into (created if missing).")
def export_cmd(store_path: str | None, neo4j_uri: str | None, fmt: str, out: Path) -> None:
    """Export everything in the store.

    \b
    Examples:
      graphkit export --format graphml -o export/        # open export/graph.graphml in Gephi
      graphkit export --format cypher -o export/         # cypher-shell -f export/schema.cypher, graph.cypher
      graphkit export --format neo4j-admin -o import/    # see import/README.md
      graphkit export --format json -o export/ --store /data/kg
    """
    with open_from_options(store_path, neo4j_uri, create=False) as store:
        files = export(store, fmt, out)
    for path in files:
        click.echo(str(path))

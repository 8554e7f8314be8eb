"""``graphkit stats``: node and edge counts of the store."""

from __future__ import annotations

import json

import click

from graphkit.cli.base import main
from graphkit.cli.store_options import open_from_options, store_options


@main.command()
@store_options
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help='json: exactly {"plans","tasks","agencies","reforms","cities","edges"}.')
def stats(store_path: str | None, neo4j_uri: str | None, fmt: str) -> None:
    """Count plans, tasks, agencies, reforms, cities and edges in the store.

    The edges are every relationship, the corpus-wide WORKS_WITH agency pairs included (a load's
    "loaded … edges" counts only the plans' own).

    \b
    Examples:
      graphkit stats
      graphkit stats --format json --store /data/kg
      graphkit stats --neo4j bolt://localhost:7687
    """
    with open_from_options(store_path, neo4j_uri, create=False) as store:
        counts = store.stats()
        where = f"{store.kind} store {store.location}"
    if fmt == "json":
        click.echo(json.dumps(counts))
        return
    click.echo(where)
    width = max(len(k) for k in counts)
    for key, value in counts.items():
        click.echo(f"  {key:<{width}}  {value:>8}")

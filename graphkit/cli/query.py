"""``graphkit query``: run a library question (cypher/NAME.cypher) or ad-hoc Cypher on a store."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import click

from graphkit.cli.base import main
from graphkit.cli.store_options import store_options
from graphkit.cli.tables import display_width, pad, render_rows
from graphkit.errors import QueryError, QueryTimeout, StoreUnavailable
from graphkit.queries import (
    Query,
    bind,
    cypher_literal,
    get_query,
    load_queries,
    parse_assignments,
    parse_literal,
    run_cypher,
    run_query,
    to_json,
)

DEFAULT_TIMEOUT = 60.0  # seconds; `graphkit query --timeout`


def open_query_store(store_path: str | None, neo4j_uri: str | None):
    """The store to query (same options as `graphkit load`); an embedded store must already exist."""
    from graphkit.cli.store_options import open_from_options  # late: --list and --show need no store
    from graphkit.stores import resolve_store

    uri = (os.environ.get("NEO4J_URI") or None) if neo4j_uri == "" else neo4j_uri
    kind, where = resolve_store(store_path, uri)
    if kind == "embedded" and not Path(where).exists():
        shown = store_path or os.environ.get("GRAPHKIT_STORE") or ".graphkit"
        raise StoreUnavailable(f"no store at {shown} — run `graphkit load PATH` first")
    return open_from_options(store_path, neo4j_uri)


def format_rows(columns: list[str], rows: list[list], fmt: str) -> str:
    if fmt == "json":
        return to_json(columns, rows)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_csv_cell(v) for v in row])
        return buf.getvalue().rstrip("\n")
    return render_rows(columns, rows)


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def list_text(queries: dict[str, Query]) -> str:
    width = max(display_width(name) for name in queries)
    lines = []
    for name, q in queries.items():
        mark = " (user)" if q.user else ""
        lines.append(f"{pad(name, width)}  {q.describe()}{mark}")
    return "\n".join(lines)


def show_text(q: Query) -> str:
    """The question, its parameters and the statement, ready to paste into Neo4j Browser."""
    out = [f"{q.name}: {q.title}", f"  {q.zh}", f"  {q.en}"]
    if q.columns:
        out.append(f"  columns: {', '.join(q.columns)}")
    if q.params:
        out.append("  parameters:")
        width = max(len(n) for n in q.params)
        for p in q.params.values():
            out.append(f"    {p.name.ljust(width)}  ({p.type}, default {cypher_literal(p.default)}) {p.doc}")
    out.append("")
    out.extend(q.param_lines())
    out.append(q.cypher)
    return "\n".join(out)


EPILOG = """\b
Examples:
  graphkit query --list
  graphkit query agency-workload --param city=常州市
  graphkit query reform-spread --format json
  graphkit query deadlines --param plan=ezhou-gedian-2021-implementation-plan.txt --param due_by=2021-06-30
  graphkit query targets --param subject=企业开办 --format csv > targets.csv
  graphkit query agency-workload --show          # the Cypher and :param lines for Neo4j Browser
  graphkit query -e "MATCH (r:Reform) RETURN r.name AS reform ORDER BY reform"
  graphkit query -e "MATCH (p:Plan {city: \\$city}) RETURN p.title AS title" --param city=衢州市
  graphkit query agency-workload --neo4j bolt://localhost:7687
  graphkit query agency-profile --timeout 300   # allow a slow query on a huge store 5 minutes

\b
Parameter values are read as the query declares them (see --show): integers, numbers,
true/false or text; `null` clears a filter. Queries come from graphkit's cypher/ files and,
with --queries-dir or $GRAPHKIT_QUERIES, from your own NAME.cypher files (same header format).
"""


@main.command(epilog=EPILOG)
@click.argument("name", required=False)
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A query parameter; repeat for several.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True,
              help="table: aligned text; csv: with a header row; json: a list of row objects.")
@store_options
@click.option("--list", "list_only", is_flag=True, help="List the available queries and exit.")
@click.option("--show", is_flag=True, help="Print the query's description, parameters and Cypher; run nothing.")
@click.option("-e", "--execute", "cypher", metavar="CYPHER", help="Run this Cypher instead of a named query.")
@click.option("--queries-dir", type=click.Path(path_type=str, file_okay=False),
              envvar="GRAPHKIT_QUERIES", help="A directory of your own NAME.cypher files.")
@click.option("--timeout", type=click.FloatRange(min=0), default=DEFAULT_TIMEOUT, show_default=True,
              metavar="SECONDS", help="Stop the query on the server after this long (0 = no limit); "
              "the store stays usable.")
def query(name: str | None, params: tuple[str, ...], fmt: str, store_path: str | None, neo4j_uri: str | None,
          list_only: bool, show: bool, cypher: str | None, queries_dir: str | None, timeout: float) -> None:
    """Answer a question about the loaded plans with a Cypher file from the query library.

    NAME is a query from `graphkit query --list` (e.g. agency-workload, reform-spread).
    """
    if list_only:
        click.echo(list_text(load_queries(queries_dir)))
        return
    if cypher and name:
        raise click.UsageError("give either a query NAME or -e CYPHER, not both")
    if not cypher and not name:
        raise click.UsageError("name a query (see `graphkit query --list`) or pass -e CYPHER")
    values = parse_assignments(params)
    if cypher:
        typed = {k: parse_literal(v, f"--param {k}") if _is_literal(v) else v for k, v in values.items()}
        handle = open_query_store(store_path, neo4j_uri)
        try:
            columns, rows = _timed(run_cypher, handle, cypher, typed, timeout=timeout)
        finally:
            _close(handle)
    else:
        q = get_query(name, queries_dir)
        if show:
            click.echo(show_text(q))
            return
        bind(q, values)  # usage errors before touching the store
        handle = open_query_store(store_path, neo4j_uri)
        try:
            columns, rows = _timed(run_query, handle, q, values, timeout=timeout)
        finally:
            _close(handle)
    click.echo(format_rows(columns, rows, fmt))


def _timed(run, *args, timeout: float):
    """``run(*args)`` with the server-side limit; a timeout becomes a line that says what to do."""
    try:
        return run(*args, timeout=timeout or None)
    except QueryTimeout:
        raise QueryTimeout(f"query took longer than {timeout:g} s: add filters (--param …) "
                           "or raise --timeout") from None


def _is_literal(text: str) -> bool:
    try:
        parse_literal(text, "")
    except QueryError:
        return False
    return True


def _close(handle) -> None:
    close = getattr(handle, "close", None)
    if callable(close):
        close()

"""``graphkit extract``: documents → the extract contract (json, jsonl) or a summary table."""

from __future__ import annotations

import json

import click

from graphkit.cli.base import echo_err, main
from graphkit.errors import EXIT_PARTIAL, GraphkitError
from graphkit.extract import extract_file, iter_documents


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "table"]), default="table",
              show_default=True, help="json: a list of plan objects; jsonl: one per line; table: a summary.")
@click.pass_context
def extract(ctx: click.Context, paths: tuple[str, ...], fmt: str) -> None:
    """Parse plan documents and print what was found (nothing is stored).

    PATHS are files (.txt .docx .pdf .html) or directories (searched recursively).

    \b
    Examples:
      graphkit extract examples/corpus --format table
      graphkit extract plan.docx --format json > plan.json
    """
    failed = 0
    plans = []
    for path, skip in iter_documents(paths):
        if skip:
            echo_err(f"note: {path}: skipped ({skip})")
            continue
        try:
            plans.append(extract_file(path))
        except GraphkitError as exc:
            failed += 1
            echo_err(f"error[{exc.code}]: {exc}")
    if fmt == "json":
        click.echo(json.dumps([p.to_dict() for p in plans], ensure_ascii=False, indent=2))
    elif fmt == "jsonl":
        for p in plans:
            click.echo(json.dumps(p.to_dict(), ensure_ascii=False))
    else:
        for p in plans:
            click.echo(f"{p.plan.source}\t{p.plan.title or '?'}\t{len(p.tasks)} tasks\t{len(p.warnings)} warnings")
    if failed:
        ctx.exit(EXIT_PARTIAL)

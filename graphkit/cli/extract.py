"""``graphkit extract``: documents → the extract contract (json, jsonl) or a summary table."""

from __future__ import annotations

import json
from pathlib import Path

import click

from graphkit.cli.base import echo_err, main
from graphkit.cli.tables import Column, render_table
from graphkit.errors import EXIT_FAILURE, EXIT_PARTIAL, GraphkitError, shown_path
from graphkit.extract import extract_file, iter_documents
from graphkit.model import ExtractedPlan

TABLE_COLUMNS = [
    Column("file", "file", max_width=36),
    Column("title", "title", max_width=32),
    Column("place", "city/district", max_width=20),
    Column("year", "year", align="right"),
    Column("tasks", "tasks", align="right"),
    Column("units", "units", align="right"),
    Column("warnings", "warnings", align="right"),
]


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "table"]), default="table",
              show_default=True,
              help="json: one JSON list of plan objects; jsonl: one plan object per line; table: a summary.")
@click.option("--quiet", "-q", is_flag=True, help="Do not print warnings and skip notes (errors still print).")
@click.option("--no-sidecar", is_flag=True, help="Ignore corpus.json and *.meta.json sidecar metadata.")
@click.option("--no-entities", is_flag=True, help="Skip the entity layer (agencies, reforms, deadlines).")
@click.pass_context
def extract(ctx: click.Context, paths: tuple[str, ...], fmt: str, quiet: bool, no_sidecar: bool,
            no_entities: bool) -> None:
    """Parse plan documents and print what was found (nothing is stored).

    PATHS are files (.txt .docx .pdf .html .htm) or directories, searched recursively;
    other files in a directory are skipped with a note. Text files may be UTF-8, UTF-16
    (with BOM) or GB18030/GBK: the encoding is detected. Metadata found in the text
    (title, issuer, city, year …) can be overridden by a sidecar: corpus.json in the
    directory or <file>.meta.json next to the file (see README: Plan metadata and sidecars).

    Warnings go to stderr as "warning: FILE:LINE: message". A document that cannot be
    read prints "error[GK1xx]: FILE: message" and the others are still processed.
    Files above $GRAPHKIT_MAX_DOCUMENT_MB (20) or with more text than $GRAPHKIT_MAX_TEXT_CHARS
    (2,000,000) are refused with error[GK103] (README: When things go wrong lists every failure).

    \b
    Examples:
      graphkit extract examples/corpus                       # summary table
      graphkit extract plan.docx --format json > plan.json   # full records
      graphkit extract corpus/ --format jsonl -q | wc -l     # one line per plan
      graphkit extract scan.pdf                              # error[GK100]: no text layer

    \b
    Exit status: 0 all read, 1 some documents failed, 3 none could be read.
    """
    failed = 0
    plans: list[ExtractedPlan] = []
    for path, skip in iter_documents(paths):
        if skip:
            if not quiet:
                echo_err(f"note: {shown_path(path)}: skipped ({skip})")
            continue
        try:
            plan = extract_file(path, sidecar=not no_sidecar, entities=not no_entities)
        except GraphkitError as exc:
            failed += 1
            if exc.path is None:
                exc.path = str(path)
            echo_err(f"error[{exc.code}]: {exc}")
            continue
        except Exception as exc:  # a bug on one document must not abort the batch
            if ctx.obj and ctx.obj.get("debug"):
                raise
            failed += 1
            echo_err(f"error: {path}: internal error {type(exc).__name__}: {exc} (run with --debug for the traceback)")
            continue
        if not quiet:
            for warning in plan.warnings:
                where = f"{shown_path(path)}:{warning.line}" if warning.line else shown_path(path)
                echo_err(f"warning: {where}: {warning.message}")
        if fmt == "jsonl":
            click.echo(json.dumps(plan.to_dict(), ensure_ascii=False))
        plans.append(plan)
    if fmt == "json":
        click.echo(json.dumps([p.to_dict() for p in plans], ensure_ascii=False, indent=2))
    elif fmt == "table":
        if plans:
            click.echo(summary_table(plans))
    if not plans and not failed:
        echo_err("error: no supported documents found in " + " ".join(paths))
        ctx.exit(EXIT_FAILURE)
    if failed:
        ctx.exit(EXIT_PARTIAL if plans else EXIT_FAILURE)


def unit_count(plan: ExtractedPlan) -> int:
    """Distinct responsible units named for tasks (leads and supports, annexed rows and
    section heads included; by canonical name when the entity layer gave one)."""
    names = set()
    groups = [s.leads for s in plan.sections]
    for task in plan.tasks:
        groups += [task.leads, task.supports]
        groups += [g for part in task.parts for g in (part.leads, part.supports)]
    for group in groups:
        names.update(u.name or (u.prefix or "") + u.mention for u in group)
    return len(names)


def summary_row(plan: ExtractedPlan) -> dict[str, object]:
    meta = plan.plan
    place = "/".join(p for p in (meta.city, meta.district) if p) or None
    return {
        "file": Path(meta.source).name,
        "title": meta.title,
        "place": place,
        "year": meta.year,
        "tasks": len(plan.tasks),
        "units": unit_count(plan),
        "warnings": len(plan.warnings),
    }


def summary_table(plans: list[ExtractedPlan]) -> str:
    rows = [summary_row(p) for p in plans]
    totals = {
        "file": f"{len(plans)} plan" + ("s" if len(plans) != 1 else ""),
        "title": "total",
        "place": "",
        "year": "",
        "tasks": sum(r["tasks"] for r in rows),  # type: ignore[misc]
        "units": sum(r["units"] for r in rows),  # type: ignore[misc]
        "warnings": sum(r["warnings"] for r in rows),  # type: ignore[misc]
    }
    return render_table(rows, TABLE_COLUMNS, footer=totals)

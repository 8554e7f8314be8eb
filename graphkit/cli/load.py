"""``graphkit load``: documents → graph store, streamed one plan at a time."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from multiprocessing import get_context

import click
from tqdm import tqdm

from graphkit.cli.base import main
from graphkit.cli.store_options import open_from_options, store_options
from graphkit.cli.workers import WorkerDied, run_in_order
from graphkit.errors import (EXIT_FAILURE, EXIT_PARTIAL, ExtractionWorkerDied, GraphkitError,
                             StoreUnavailable, shown_path)
from graphkit.extract import extract_file, iter_documents
from graphkit.graph import PlanRecords, plan_records
from graphkit.wording import counted


@dataclass
class Extracted:
    """One document's outcome, small enough to send back from a worker process."""

    path: str
    records: PlanRecords | None = None
    tasks: int = 0
    warnings: list[str] = field(default_factory=list)
    error: str | None = None  # "error[GK1xx]: path: message"


_TABLES: dict[tuple, object] = {}  # per process: entity tables loaded from --agencies/--reforms


def extract_one(path: str, tables: tuple[str | None, str | None] = (None, None)) -> Extracted:
    """Extract one document into graph records (runs in a worker with --jobs)."""
    try:
        if tables == (None, None):
            plan = extract_file(path)
        else:  # user tables: resolve entities with them instead of the packaged ones
            from graphkit.loaders.entities import enrich, load_tables

            if tables not in _TABLES:
                _TABLES[tables] = load_tables(*tables)
            plan = extract_file(path, entities=False)
            enrich(plan, _TABLES[tables])
    except GraphkitError as exc:
        return Extracted(path, error=f"error[{exc.code}]: {exc}")
    except Exception as exc:  # a loader bug must not stop the other documents
        return Extracted(path, error=f"error[GK100]: {path}: {type(exc).__name__}: {exc}")
    warnings = [f"warning: {shown_path(path)}:{w.line or '?'}: {w.message}" for w in plan.warnings]
    return Extracted(path, plan_records(plan), len(plan.tasks), warnings)


def extracted(paths: list[str], jobs: int,
              tables: tuple[str | None, str | None] = (None, None)) -> Iterator[Extracted]:
    """Extractions in input order; with jobs > 1 from worker processes (:mod:`graphkit.cli.workers`;
    writing stays here)."""
    work = partial(extract_one, tables=tables)
    if jobs <= 1:
        for path in paths:
            yield work(path)
        return
    # forkserver/spawn, not fork: the parent holds store connections and threads.
    # PYTHONSAFEPATH: the forkserver runs `python -c`, which would put the working directory
    # first on sys.path — a stray timeit.py there would shadow the standard library in
    # every worker, which would die at start.
    os.environ.setdefault("PYTHONSAFEPATH", "1")
    if sys.platform.startswith("linux"):
        ctx = get_context("forkserver")
        # workers start with the loaders and the entity layer imported (shared by the fork, imported once);
        # extraction needs no spaCy, so it is not loaded into them
        ctx.set_forkserver_preload(["graphkit.extract"])
    else:
        ctx = get_context("spawn")
    try:
        yield from run_in_order(ctx, jobs, work, paths)
    except WorkerDied as died:
        raise ExtractionWorkerDied(
            f"an extraction worker process died while reading {shown_path(died.path)} or a "
            "document next to it (out of memory? killed?); plans loaded so far are kept — "
            "rerun with --jobs 1 to find the document"
        ) from None


@dataclass
class Tally:
    documents: int = 0
    plans: int = 0
    tasks: int = 0
    edges: int = 0
    warnings: int = 0
    skipped: int = 0
    duplicates: int = 0
    failed: int = 0


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@store_options
@click.option("--reset", is_flag=True, help="Empty the store before loading.")
@click.option("--dry-run", is_flag=True, help="Extract and count only; write nothing.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Parallel extraction processes (writing stays in one process, in input order).")
@click.option("--agencies", "agencies_file", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Extra agency aliases (TSV like loaders/data/agencies.tsv).")
@click.option("--reforms", "reforms_file", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Extra reform lexicon (TSV like loaders/data/reforms.tsv).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no per-document notes.")
@click.option("-v", "--verbose", is_flag=True, help="Print every extraction warning (path:line: message).")
@click.pass_context
def load(ctx: click.Context, paths: tuple[str, ...], store_path: str | None, neo4j_uri: str | None,
         reset: bool, dry_run: bool, jobs: int, agencies_file: str | None, reforms_file: str | None,
         quiet: bool, verbose: bool) -> None:
    """Parse plan documents and load them into the graph store.

    PATHS are files (.txt .docx .pdf .html) or directories (searched recursively).
    Documents are streamed: one plan is extracted, written (one transaction) and
    dropped before the next. Loading a document again replaces its plan (same text or
    same file name), so reloading is safe. One bad document is reported and the rest load.
    Files above $GRAPHKIT_MAX_DOCUMENT_MB (20) or with more text than $GRAPHKIT_MAX_TEXT_CHARS
    (2,000,000) are refused with error[GK103] (README: When things go wrong lists every failure).

    \b
    Examples:
      graphkit load examples/corpus                 # into .graphkit/ (embedded)
      graphkit load --reset -j 2 plans/             # empty the store, extract on 2 cores
      graphkit load --dry-run plans/                # what would be loaded
      graphkit load --store /data/kg plans/         # another embedded store
      graphkit load --agencies my-aliases.tsv plans/  # extra agency aliases
      NEO4J_PASSWORD=… graphkit load --neo4j bolt://localhost:7687 plans/

    Exit status: 0 all loaded, 1 some documents failed, 3 nothing loaded / store error.
    """
    if neo4j_uri and "://" not in neo4j_uri and os.path.exists(neo4j_uri):
        # `load --neo4j plans/`: the optional URI swallowed the first path; bare --neo4j meant
        paths, neo4j_uri = (neo4j_uri, *paths), ""
    if not paths:
        raise click.UsageError("give at least one document or directory to load")
    started = time.monotonic()
    tally = Tally()
    todo: list[str] = []
    for path, skip in iter_documents(paths):
        if skip:
            tally.skipped += 1
            if not quiet:
                click.echo(f"note: {shown_path(path)}: skipped ({skip})", err=True)
        else:
            todo.append(str(path))
    if not todo:
        click.echo(f"error[GK100]: no documents found in {' '.join(paths)}", err=True)
        ctx.exit(EXIT_FAILURE)

    store = None if dry_run else open_from_options(store_path, neo4j_uri)
    try:
        if store is not None and reset:
            store.reset()
        _load_all(todo, store, jobs, (agencies_file, reforms_file), quiet, verbose, tally)
        totals = store.stats() if store is not None else None
    finally:
        if store is not None:
            if not quiet:
                store.on_compact = lambda: click.echo("compacting the store before closing it…", err=True)
            store.close()

    elapsed = time.monotonic() - started
    verb = "would load" if dry_run else "loaded"
    restarts = store.restarts if store is not None else 0
    restarted = f"; {counted(restarts, 'store restart')}" if restarts else ""
    hint = " (-v lists them)" if tally.warnings and not verbose and not quiet else ""
    click.echo(
        f"{verb} {counted(tally.plans, 'plan')} ({counted(tally.tasks, 'task')}, {counted(tally.edges, 'edge')})"
        f" from {counted(len(todo), 'document')}; {counted(tally.warnings, 'warning')}{hint}; "
        f"{tally.skipped} skipped, {counted(tally.duplicates, 'duplicate')}, {tally.failed} failed{restarted}; "
        f"{elapsed:.1f}s"
    )
    if totals is not None:
        # the store's edges also hold the corpus-wide WORKS_WITH pairs, which no plan's edge count has
        click.echo("store now: " + ", ".join(counted(v, _SINGULAR.get(k, k), k) for k, v in totals.items())
                   + " (WORKS_WITH pairs included)")
    if tally.failed:
        ctx.exit(EXIT_PARTIAL if tally.plans else EXIT_FAILURE)


_SINGULAR = {"plans": "plan", "tasks": "task", "agencies": "agency", "reforms": "reform", "cities": "city",
             "edges": "edge"}  # store.stats() keys, for "store now: 1 city, …"


def _load_all(todo: list[str], store, jobs: int, tables: tuple[str | None, str | None],
              quiet: bool, verbose: bool, tally: Tally) -> None:
    seen: dict[str, str] = {}  # plan id → first document with that text
    bar = tqdm(total=len(todo), unit="doc", file=sys.stderr, disable=quiet or not sys.stderr.isatty(),
               dynamic_ncols=True)

    def say(message: str) -> None:
        tqdm.write(message, file=sys.stderr)

    def refreshing(restart: int, done: bool) -> None:  # the embedded server restart: seconds of no progress
        bar.set_postfix_str("" if done else f"compacting store (restart {restart})…")

    if store is not None:
        store.on_refresh = refreshing
    try:
        for item in extracted(todo, jobs, tables):
            bar.update(1)
            tally.documents += 1
            if item.error:
                tally.failed += 1
                say(item.error)
                continue
            rec = item.records
            if rec.plan_id in seen:
                tally.duplicates += 1
                if not quiet:
                    say(f"note: {shown_path(item.path)}: same text as {shown_path(seen[rec.plan_id])} ({rec.plan_id}); loaded once")
                continue
            seen[rec.plan_id] = item.path
            tally.warnings += len(item.warnings)
            if verbose:
                for w in item.warnings:
                    say(w)
            if store is not None:
                try:
                    result = store.write_plan(rec)
                except StoreUnavailable:
                    raise
                except GraphkitError as exc:
                    tally.failed += 1
                    say(f"error[{exc.code}]: {item.path}: {exc}")
                    continue
                if result.replaced and not quiet and result.replaced != [rec.plan_id]:
                    say(f"note: {shown_path(item.path)}: replaced earlier version {', '.join(result.replaced)}")
            tally.plans += 1
            tally.tasks += item.tasks
            tally.edges += len(rec.rels)
    finally:
        if store is not None:
            store.on_refresh = None
        bar.close()

"""``graphkit agencies`` / ``reforms`` / ``inspect``: look at what the entity layer resolves."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from pathlib import Path

import click

from graphkit.cli.base import echo_err, main
from graphkit.cli.tables import Column, render_table
from graphkit.errors import EXIT_FAILURE, EXIT_PARTIAL, DocumentError, GraphkitError, shown_path
from graphkit.extract import extract_file, iter_documents
from graphkit.loaders.entities import enrich, load_tables
from graphkit.loaders.entities.text import compact
from graphkit.model import ExtractedPlan

AGENCIES_OPT = click.option("--agencies", "agencies_file", type=click.Path(exists=True, dir_okay=False),
                            help="Extra agency aliases (TSV like loaders/data/agencies.tsv).")
REFORMS_OPT = click.option("--reforms", "reforms_file", type=click.Path(exists=True, dir_okay=False),
                           help="Extra reform lexicon (TSV like loaders/data/reforms.tsv).")
FORMAT_OPT = click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
                          show_default=True)


def _plans(ctx: click.Context, paths, agencies_file, reforms_file) -> list[ExtractedPlan]:
    tables = load_tables(agencies_file, reforms_file)
    plans, failed = [], 0
    for path, skip in iter_documents(paths):
        if skip:
            echo_err(f"note: {shown_path(path)}: skipped ({skip})")
            continue
        try:
            plan = extract_file(path, entities=False)  # enriched once below, with the chosen tables
        except GraphkitError as exc:
            failed += 1
            echo_err(f"error[{exc.code}]: {exc}")
            continue
        enrich(plan, tables)
        plans.append(plan)
    if failed:
        ctx.obj = ctx.obj or {}
        ctx.obj["partial"] = True
        if not plans:  # every document failed (each already reported): nothing done
            ctx.exit(EXIT_FAILURE)
    return plans


def _finish(ctx: click.Context) -> None:
    if (ctx.obj or {}).get("partial"):
        ctx.exit(EXIT_PARTIAL)


def _echo_rows(rows: list[list], header: list[str]) -> None:
    """An aligned table (CJK-width aware; control characters in values become spaces)."""
    right = {"mentions", "plans", "tasks", "count"}
    columns = [Column(i, h, "right" if h in right else "left", 40 if i == len(header) - 1 else None)
               for i, h in enumerate(header)]
    click.echo(render_table(rows, columns))


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--unknown", is_flag=True, help="List only mentions that fell to kind 其他 (to extend the tables).")
@AGENCIES_OPT
@FORMAT_OPT
@click.pass_context
def agencies(ctx, paths, unknown, agencies_file, fmt):
    """List resolved agencies (jurisdiction + canonical name, kind) with mention counts.

    \b
    Examples:
      graphkit agencies examples/corpus
      graphkit agencies examples/corpus --unknown          # what the tables do not know yet
      graphkit agencies plan.docx --agencies my-aliases.tsv --format json

    \b
    --agencies FILE: UTF-8 TSV, one agency a line, extending the shipped table:
      canonical<TAB>kind<TAB>aliases (|-separated)<TAB>named (yes for proper names)
      e.g.  经济发展局<TAB>发展改革<TAB>经发局|经济发展和改革局
    Kinds are those of loaders/data/agency_kinds.tsv.
    """
    plans = _plans(ctx, paths, agencies_file, None)
    groups: dict[str, dict] = {}
    for plan in plans:
        units = [u for s in plan.sections for u in s.leads]
        for t in plan.tasks:
            units += t.leads + t.supports + [u for p in t.parts for u in p.leads + p.supports]
        for u in units:
            if unknown and u.kind != "其他":
                continue
            g = groups.setdefault(u.agency_id or u.mention, {
                "agency_id": u.agency_id, "name": u.name, "jurisdiction": u.jurisdiction, "kind": u.kind,
                "mentions": 0, "plans": set(), "spellings": Counter()})
            g["mentions"] += 1
            g["plans"].add(plan.plan.source)
            g["spellings"][(u.prefix or "") + u.mention] += 1
    ordered = sorted(groups.values(), key=lambda g: (-g["mentions"], g["agency_id"] or ""))
    if fmt == "json":
        click.echo(json.dumps([{**g, "plans": sorted(g["plans"]), "spellings": dict(g["spellings"])}
                               for g in ordered], ensure_ascii=False, indent=2))
    else:
        _echo_rows([[g["mentions"], len(g["plans"]), g["kind"], g["jurisdiction"] or "?", g["name"],
                     "、".join(s for s, _ in g["spellings"].most_common())] for g in ordered],
                   ["mentions", "plans", "kind", "jurisdiction", "name", "spellings"])
    _finish(ctx)


QUOTED = re.compile(r"[“「『\"']([^”」』\"'\n]{2,16})[”」』\"']")


def candidates(plans: list[ExtractedPlan], tables) -> list[dict]:
    """Quoted terms not in the lexicon that recur across plans or within ≥2 tasks (doc freq, then count)."""
    from graphkit.loaders.entities.pipeline import make_docs, nlp_for

    nlp = nlp_for(tables)
    known = {compact(v)[0] for e in tables.reforms.values() for v in e.variants}
    stats: dict[str, dict] = defaultdict(lambda: {"count": 0, "plans": set(), "tasks": set()})
    for plan in plans:
        task_spans = [(t.span, t.id) for t in plan.tasks]
        for m in QUOTED.finditer(plan.text):
            term = compact(m.group(1))[0]
            if not term or term in known or re.fullmatch(r"[\d.%+\-]+", term):
                continue
            s = stats[term]
            s["count"] += 1
            s["plans"].add(plan.plan.source)
            for (a, b), tid in task_spans:
                if a <= m.start() < b:
                    s["tasks"].add((plan.plan.source, tid))
    terms = [t for t, s in stats.items() if len(s["plans"]) >= 2 or len(s["tasks"]) >= 2]
    # a term fully covered by a lexicon match is a spelling of a known reform
    covered = set()
    for term, doc in zip(terms, make_docs(nlp, terms)):
        if any(sp.start_char == 0 and sp.end_char == len(doc.text) for sp in doc.spans["REFORM"]):
            covered.add(term)
    out = [{"term": t, "plans": len(stats[t]["plans"]), "tasks": len(stats[t]["tasks"]), "count": stats[t]["count"]}
           for t in terms if t not in covered]
    return sorted(out, key=lambda r: (-r["plans"], -r["count"], r["term"]))


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--candidates", "mine", is_flag=True,
              help="Instead: quoted terms (“…”) recurring across plans or tasks that are NOT in the lexicon.")
@REFORMS_OPT
@FORMAT_OPT
@click.pass_context
def reforms(ctx, paths, mine, reforms_file, fmt):
    """List reforms detected in task text, with plan and task counts.

    \b
    Examples:
      graphkit reforms examples/corpus
      graphkit reforms --candidates examples/corpus      # terms to add to the lexicon
      graphkit reforms plan.pdf --reforms my-reforms.tsv --format json

    \b
    --reforms FILE: UTF-8 TSV, one reform a line, extending the shipped lexicon:
      name<TAB>aliases (|-separated)<TAB>category<TAB>gloss<TAB>block_after<TAB>block_before
      e.g.  标准地<TAB>标准地改革<TAB>用地与投资<TAB>带标准出让的工业用地<TAB>址|址库
    Matching ignores spaces, quote styles and traditional characters; longest match wins.
    """
    tables = load_tables(None, reforms_file)
    plans = _plans(ctx, paths, None, reforms_file)
    if mine:
        rows = candidates(plans, tables)
        if fmt == "json":
            click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        else:
            _echo_rows([[r["plans"], r["tasks"], r["count"], r["term"]] for r in rows],
                       ["plans", "tasks", "count", "term"])
        return _finish(ctx)
    found: dict[str, dict] = {}
    for plan in plans:
        for task in plan.tasks:
            for r in task.reforms:
                g = found.setdefault(r.name, {"name": r.name, "category": r.category, "plans": set(), "tasks": 0,
                                              "mentions": Counter()})
                g["plans"].add(plan.plan.source)
                g["tasks"] += 1
                g["mentions"][r.mention] += 1
    ordered = sorted(found.values(), key=lambda g: (-len(g["plans"]), -g["tasks"], g["name"]))
    if fmt == "json":
        click.echo(json.dumps([{**g, "plans": sorted(g["plans"]), "mentions": dict(g["mentions"])} for g in ordered],
                              ensure_ascii=False, indent=2))
    else:
        _echo_rows([[len(g["plans"]), g["tasks"], g["category"], g["name"],
                     "、".join(m for m, _ in g["mentions"].most_common(4))] for g in ordered],
                   ["plans", "tasks", "category", "reform", "as written"])
    _finish(ctx)


@main.command()
@click.argument("file", type=click.Path(path_type=str))
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), required=True,
              help="HTML file to write (self-contained).")
@AGENCIES_OPT
@REFORMS_OPT
@click.pass_context
def inspect(ctx, file, output, agencies_file, reforms_file):
    """Write an HTML audit of one plan: every entity highlighted, tasks with leads/supports/deadline/reforms/targets.

    \b
    Examples:
      graphkit inspect examples/corpus/changzhou-2020-task-division.txt -o audit.html
    """
    from graphkit.loaders.entities.audit import render

    tables = load_tables(agencies_file, reforms_file)
    plan = extract_file(file, entities=False)  # a DocumentError becomes one line (GuardedGroup)
    enrich(plan, tables)
    try:
        Path(output).write_text(render(plan), encoding="utf-8")
    except OSError as exc:
        raise DocumentError(f"cannot write: {exc.strerror or exc}", path=output) from exc
    echo_err(f"wrote {output}")

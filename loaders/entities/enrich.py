"""``enrich(plan)``: fill the entity fields of an extracted plan (agencies, reforms, deadlines, targets)."""

from __future__ import annotations

from graphkit.loaders.entities import agencies
from graphkit.loaders.entities.deadlines import is_parsed, parse_deadline
from graphkit.loaders.entities.pipeline import make_docs, nlp_for, original_span
from graphkit.loaders.entities.tables import EntityTables, load_tables
from graphkit.model import Deadline, ExtractedPlan, Reform, Target, Task, Unit

WARN_DEADLINE = "deadline-unparsed"


def line_of(plan: ExtractedPlan, offset: int | None) -> int | None:
    return None if offset is None else plan.text.count("\n", 0, offset) + 1


def _units(plan: ExtractedPlan) -> list[Unit]:
    units = [u for s in plan.sections for u in s.leads]
    for task in plan.tasks:
        units += task.leads + task.supports
        for part in task.parts:
            units += part.leads + part.supports
    return units


def _task_base(plan: ExtractedPlan, task: Task) -> int | None:
    """Offset of task.text in plan.text (the task span when it holds the text verbatim)."""
    start, end = task.span
    if plan.text[start:end] == task.text:
        return start
    pos = plan.text.find(task.text, max(0, start - 1), max(end, start + len(task.text)) + 1)
    return pos if pos >= 0 else None


def _evidence_span(plan: ExtractedPlan, task: Task, base: int | None, rel: tuple[int, int],
                   mention: str) -> tuple[int, int]:
    """Span in plan.text for a mention found at ``rel`` in task.text; searched in the task span if unanchored."""
    if base is not None:
        return base + rel[0], base + rel[1]
    start, end = task.span
    pos = plan.text.find(mention, start, end)
    if pos >= 0:
        return pos, pos + len(mention)
    return task.span  # the task is the finest evidence we can name


def _deadline(plan: ExtractedPlan, text: str, near: tuple[int, int], year: int | None, what: str) -> Deadline:
    dl = parse_deadline(text, year)
    pos = plan.text.find(text.strip(), near[0], near[1] + len(text) + 200) if text.strip() else -1
    dl.span = (pos, pos + len(text.strip())) if pos >= 0 else None
    if not is_parsed(dl):
        line = line_of(plan, pos if pos >= 0 else near[0])
        plan.warn(line, f"{what}: cannot read deadline {text.strip()!r} (kept as text)", WARN_DEADLINE)
    return dl


def enrich(plan: ExtractedPlan, tables: EntityTables | None = None, *,
           agencies_file: str | None = None, reforms_file: str | None = None) -> None:
    """Fill Unit.name/jurisdiction/kind/agency_id, Task.reforms/targets/deadline and Part.deadline in place.

    ``tables`` defaults to the shipped tables extended by ``agencies_file`` / ``reforms_file``.
    Unparseable deadlines are kept (date None) with a warning naming the line.
    """
    if tables is None:
        tables = load_tables(agencies_file, reforms_file)
    nlp = nlp_for(tables)
    plan.warnings = [w for w in plan.warnings if w.code != WARN_DEADLINE]  # enrich may run twice
    meta = plan.plan
    for unit in _units(plan):
        agencies.apply(unit, meta, tables)

    year = meta.year
    for task in plan.tasks:
        label = f"task {task.number or task.id}"
        if task.deadline_text:
            task.deadline = _deadline(plan, task.deadline_text, task.span, year, label)
        for part in task.parts:
            if part.deadline_text:
                part.deadline = _deadline(plan, part.deadline_text, part.span, year, f"{label} table row")

    tasks = [t for t in plan.tasks if t.text]
    docs = make_docs(nlp, (t.text for t in tasks), year)
    for task, doc in zip(tasks, docs):
        base = _task_base(plan, task)
        seen: set[str] = set()
        task.reforms = []
        for span in doc.spans["REFORM"]:
            if span.kb_id_ in seen:
                continue
            seen.add(span.kb_id_)
            rel = original_span(doc, span.start_char, span.end_char)
            mention = task.text[rel[0]:rel[1]]
            entry = tables.reforms[span.kb_id_]
            task.reforms.append(Reform(entry.name, mention, _evidence_span(plan, task, base, rel, mention),
                                       entry.category))
        task.targets = []
        for span in doc.spans["TARGET"]:
            hit = doc.user_data["targets"][(span.start_char, span.end_char)]
            rel = original_span(doc, span.start_char, span.end_char)
            text = task.text[rel[0]:rel[1]]
            task.targets.append(Target(text, hit.value, hit.unit, hit.comparator, hit.subject,
                                       _evidence_span(plan, task, base, rel, text)))


__all__ = ["enrich", "line_of"]

"""``enrich(plan)``: fill the entity fields of an extracted plan (agencies, reforms, deadlines, targets)."""

from __future__ import annotations

from bisect import bisect_right

from graphkit.loaders.entities import agencies, scan
from graphkit.loaders.entities.deadlines import is_parsed, parse_deadline
from graphkit.loaders.entities.tables import EntityTables, load_tables
from graphkit.loaders.entities.text import Compacted, compact, compact_text
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


class _Anchor:
    """A task's compact text (``flat``) and the map from its offsets to spans of plan.text.

    Exact when plan.text[task.span] holds the task text, or the same text up to whitespace and quotes
    (the structure loader may join PDF line breaks); otherwise mentions are searched in the task span.
    """

    def __init__(self, plan: ExtractedPlan, task: Task):
        self.plan, self.task = plan, task
        start, end = task.span
        # compact offset c → plan.text offset self.base + self.source.offset(self.shift + c)
        self.source: Compacted | None = None
        self.base, self.shift = start, 0
        self._task_offsets: list[int] | None = None  # compact offset → offset in task.text (made when needed)
        src = plan.text[start:end]
        source = Compacted(src)
        if src == task.text:
            self.flat, self.source = source.flat, source
            return
        at = src.find(task.text)
        if at >= 0:  # compact works character by character: the task's compact text is a piece of the source's
            self.flat = source.flat[source.index(at):source.index(at + len(task.text))]
        else:
            self.flat = compact_text(task.text)
        pos = source.flat.find(self.flat) if self.flat else -1
        if pos >= 0:
            self.source, self.shift = source, pos

    def span(self, cstart: int, cend: int) -> tuple[int, int]:
        """plan.text span of the task's compact text [cstart, cend)."""
        if self.source is not None:
            base, shift, offset = self.base, self.shift, self.source.offset
            return base + offset(shift + cstart), base + offset(shift + cend - 1) + 1
        if self._task_offsets is None:
            self._task_offsets = compact(self.task.text)[1]
        rel = self._task_offsets
        mention = self.task.text[rel[cstart]:rel[cend - 1] + 1]
        return locate(self.plan.text, mention, *self.task.span) or self.task.span


def locate(text: str, needle: str, start: int, end: int) -> tuple[int, int] | None:
    """Span of ``needle`` in text[start:end], tolerant of whitespace, quotes and traditional characters."""
    needle = needle.strip()
    pos = text.find(needle, start, end) if needle else -1
    if pos >= 0:
        return pos, pos + len(needle)
    flat = compact_text(needle)
    if not flat:
        return None
    # the first place where flat's characters follow each other with only DROP characters between
    region = Compacted(text[start:end])
    at = region.flat.find(flat)
    return (start + region.offset(at), start + region.offset(at + len(flat) - 1) + 1) if at >= 0 else None


def _deadline(plan: ExtractedPlan, text: str, near: tuple[int, int], year: int | None, what: str) -> Deadline:
    dl = parse_deadline(text, year)
    dl.span = locate(plan.text, text, near[0], min(len(plan.text), near[1] + len(text) + 200))
    if not is_parsed(dl):
        line = line_of(plan, dl.span[0] if dl.span else near[0])
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
    plan.warnings = [w for w in plan.warnings if w.code != WARN_DEADLINE]  # enrich may run twice
    meta = plan.plan
    # a plan names the same units again and again: each (mention, prefix) is resolved once, and its identity
    # kept ready to fill in
    resolved: dict[tuple[str, str | None], tuple[str, str | None, str, str]] = {}
    for unit in _units(plan):
        key = (unit.mention, unit.prefix)
        ident = resolved.get(key)
        if ident is None:
            ident = resolved[key] = agencies.identity(agencies.resolve(unit.mention, unit.prefix, meta, tables))
        agencies.fill(unit, ident)

    year = meta.year
    for task in plan.tasks:
        label = f"task {task.number or task.id}"
        if task.deadline_text:
            task.deadline = _deadline(plan, task.deadline_text, task.span, year, label)
        for part in task.parts:
            if part.deadline_text:
                part.deadline = _deadline(plan, part.deadline_text, part.span, year, f"{label} table row")

    tasks = [t for t in plan.tasks if t.text]
    if not tasks:
        return
    anchors = [_Anchor(plan, t) for t in tasks]
    # the tasks' compact texts joined by scan.SEP (a character compact text never holds: no spelling or rule
    # matches across it), so each rule runs once per plan
    flat, segs = scan.joined([a.flat for a in anchors])
    starts = [s for s, _ in segs]
    reform_spans = _by_segment(starts, scan.find_reforms(flat, tables))
    deadline_spans = _by_segment(starts, scan.find_deadlines(flat, segs, year))
    target_spans = _by_segment(starts, scan.find_targets(flat, segs, tables))
    for task, anchor, (seg, _), task_reforms, task_deadlines, task_targets in zip(
            tasks, anchors, segs, reform_spans, deadline_spans, target_spans):
        seen: set[str] = set()
        task.reforms = []
        for start, end, name in task_reforms:
            if name in seen:
                continue
            seen.add(name)
            evidence = anchor.span(start - seg, end - seg)
            entry = tables.reforms[name]
            task.reforms.append(Reform(entry.name, plan.text[evidence[0]:evidence[1]], evidence, entry.category))
        if task.deadline is None and not task.deadline_text:
            task.deadline = _inline_deadline(plan, flat, anchor, seg, task_deadlines)
        task.targets = []
        for hit in task_targets:
            evidence = anchor.span(hit.start - seg, hit.end - seg)
            task.targets.append(Target(plan.text[evidence[0]:evidence[1]], hit.value, hit.unit, hit.comparator,
                                       hit.subject, evidence))


def _by_segment(starts: list[int], found: list) -> list[list]:
    """Findings (start first, or with a ``start``) grouped by the segment they lie in; ``starts`` are the
    segments' starts."""
    out: list[list] = [[] for _ in starts]
    for item in found:
        out[bisect_right(starts, item[0] if isinstance(item, tuple) else item.start) - 1].append(item)
    return out


_DONE = ("完成", "办结", "建成", "实现", "上线", "出台", "印发", "落地")


def _inline_deadline(plan: ExtractedPlan, flat: str, anchor: _Anchor, seg: int, found) -> Deadline | None:
    """A deadline written in a task without a 完成时限 field: "2021年底前实现…", "6月底完成", "年内".

    ``found`` holds the task's dated deadlines as (start, end, ISO date) in ``flat``. Only dates marked as
    deadlines count (…前, a completion verb, 年内), not "2022年1月1日起" or "到2022年底…达到99%" (a target's
    date); several → the latest.
    """
    best = None
    for start, end, date in found:
        # the text after may run into the next task's text; no cue holds SEP, so that never matches
        text, after = flat[start:end], flat[end:end + 2]
        if after.startswith("起"):
            continue
        if text.endswith(("前", "年内") + _DONE) or after.startswith(_DONE):
            if best is None or date > best[2]:
                best = (start, end, date)
    if best is None:
        return None
    evidence = anchor.span(best[0] - seg, best[1] - seg)
    return Deadline(plan.text[evidence[0]:evidence[1]], best[2], False, evidence)


__all__ = ["enrich", "line_of"]

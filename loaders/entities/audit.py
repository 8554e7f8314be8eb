"""Self-contained HTML audit of one enriched plan: entities highlighted in the text + the task structure."""

from __future__ import annotations

from html import escape

from spacy import displacy

from graphkit.model import ExtractedPlan, Target, Task, Unit
from graphkit.wording import counted

COLORS = {"AGENCY": "#9fd4ff", "REFORM": "#ffd27f", "DEADLINE": "#c5f0a4", "TARGET": "#f4a6c8"}


def entity_spans(plan: ExtractedPlan) -> list[dict]:
    """Non-overlapping {start, end, label} for every unit, reform, deadline and target with a span."""
    raw: list[tuple[int, int, str]] = []
    for section in plan.sections:
        raw += [(*u.span, "AGENCY") for u in section.leads]
    for task in plan.tasks:
        raw += [(*u.span, "AGENCY") for u in task.leads + task.supports]
        for part in task.parts:
            raw += [(*u.span, "AGENCY") for u in part.leads + part.supports]
            if part.deadline and part.deadline.span:
                raw.append((*part.deadline.span, "DEADLINE"))
        raw += [(*r.span, "REFORM") for r in task.reforms]
        raw += [(*t.span, "TARGET") for t in task.targets if t.span]
        if task.deadline and task.deadline.span:
            raw.append((*task.deadline.span, "DEADLINE"))
    out, last_end = [], -1
    for start, end, label in sorted(set(raw), key=lambda s: (s[0], -(s[1] - s[0]))):
        if start >= last_end and 0 <= start < end <= len(plan.text):
            out.append({"start": start, "end": end, "label": label})
            last_end = end
    return out


def _units(units: list[Unit]) -> str:
    return "、".join(escape(f"{u.name or u.mention} [{u.kind or '?'}]") for u in units) or "—"


# How the comparators read in the audit: "reduce_by 20%" is a cut by 20 %, not a bound.
_COMPARATOR_SIGNS = {"<=": "≤", ">=": "≥", "=": "=", "reduce_by": "↓ by", "increase_by": "↑ by"}


def _target(t: Target) -> str:
    """``subject ≤ 3工作日 “3个工作日完成”``: what was parsed, then the words it was parsed from."""
    if t.value is None:
        return escape(t.text)
    sign = _COMPARATOR_SIGNS.get(t.comparator or "", t.comparator or "")
    return (escape(f"{t.subject or '(no subject)'} {sign} {t.value:g}{t.unit or ''}")
            + f' <span class="src">“{escape(t.text)}”</span>')


def _task_row(task: Task) -> str:
    deadline = "—"
    if task.deadline:
        d = task.deadline
        deadline = escape(d.text) + (f" → {escape(d.date)}" if d.date else "") + (" (持续)" if d.ongoing else "")
    reforms = "、".join(escape(r.name) for r in task.reforms) or "—"
    targets = "<br>".join(_target(t) for t in task.targets) or "—"
    return (f"<tr><td>{escape(task.number or task.id)}</td><td>{escape(' › '.join(task.section))}</td>"
            f"<td>{_units(task.leads)}</td><td>{_units(task.supports)}</td><td>{deadline}</td>"
            f"<td>{reforms}</td><td>{targets}</td></tr>")


def render(plan: ExtractedPlan) -> str:
    """The audit page as one HTML string (inline styles only; all document text escaped)."""
    doc = {"text": plan.text, "ents": entity_spans(plan), "title": None}
    marked = displacy.render(doc, style="ent", manual=True, page=False, jupyter=False,
                             options={"ents": list(COLORS), "colors": COLORS})
    title = escape(plan.plan.title or plan.plan.source)
    rows = "\n".join(_task_row(t) for t in plan.tasks)
    legend = " ".join(f'<span style="background:{c};padding:2px 6px;border-radius:4px">{k}</span>'
                      for k, c in COLORS.items())
    warnings = "".join(f"<li>line {w.line or '?'}: {escape(w.message)}</li>" for w in plan.warnings)
    return f"""<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8"><title>graphkit audit: {title}</title>
<style>
body{{font-family:"Noto Sans CJK SC","Noto Sans SC",sans-serif;margin:2em;line-height:1.6}}
table{{border-collapse:collapse;font-size:14px}} td,th{{border:1px solid #ccc;padding:4px;vertical-align:top}}
th{{background:#f3f3f3}} .text{{border:1px solid #ddd;padding:1em}} .src{{color:#7b8794}}
</style></head><body>
<h1>{title}</h1>
<p>{escape(plan.plan.jurisdiction or '?')} · {escape(str(plan.plan.year or '?'))} ·
{counted(len(plan.tasks), "task")} · legend: {legend}</p>
<h2>Tasks</h2>
<table><thead><tr><th>#</th><th>section</th><th>leads</th><th>supports</th><th>deadline</th>
<th>reforms</th><th>targets</th></tr></thead><tbody>
{rows}
</tbody></table>
<h2>Warnings</h2><ul>{warnings or '<li>none</li>'}</ul>
<h2>Text</h2><div class="text">{marked}</div>
</body></html>
"""

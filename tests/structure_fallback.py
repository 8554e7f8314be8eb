"""TEST-ONLY FALLBACK for ``graphkit.loaders.structure.parse_structure``.

The structure parser is written by another piece of work and may not be on this branch
yet. Tests of readers, metadata and the CLI need *some* tasks and units to compare across
formats, so until it lands they use this deliberately tiny stand-in: numbered items
("12．…") become tasks, and a following line (or tab cell) that names a lead ("…牵头")
or is otherwise not a heading becomes the task's units, split on "，、". It is installed
only when the real parser is missing (see :func:`use_structure_fallback`) and is never
part of the package.
"""

from __future__ import annotations

import re

from graphkit.model import ExtractedPlan, Task, Unit

_ITEM = re.compile(r"^\s*(\d+)[．.、]\s*(.+)$")
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])")
_SPLIT = re.compile(r"[，、,]")


def parse_structure_fallback(plan: ExtractedPlan) -> None:
    text = plan.text
    offset = 0
    pending: Task | None = None
    for raw in text.split("\n"):
        start = offset
        offset += len(raw) + 1
        if not raw.strip():
            continue
        cells = raw.split("\t")
        cell_starts = []
        pos = start
        for cell in cells:
            cell_starts.append(pos)
            pos += len(cell) + 1
        item = None
        for index, cell in enumerate(cells):
            match = _ITEM.match(cell)
            if match:
                item = (index, match)
                break
        if item:
            index, match = item
            body_start = cell_starts[index] + match.start(2)
            body = match.group(2)
            pending = Task(id=f"t{len(plan.tasks) + 1}", number=match.group(1), number_implied=False,
                           section=[], text=body, span=(body_start, body_start + len(body)))
            plan.tasks.append(pending)
            rest = [(cell_starts[i], c) for i, c in enumerate(cells) if i > index and c.strip()]
            if rest:
                _units(pending, *rest[0])
                pending = None
            continue
        if pending is not None and not _HEADING.match(raw):
            first = [(cell_starts[i], c) for i, c in enumerate(cells) if c.strip()][0]
            _units(pending, *first)
        pending = None


def _units(task: Task, start: int, cell: str) -> None:
    pos = 0
    for piece in _SPLIT.split(cell):
        at = cell.index(piece, pos)
        pos = at + len(piece)
        mention = piece.strip()
        if mention:
            s = start + at + piece.index(mention)
            task.leads.append(Unit(mention=mention, span=(s, s + len(mention))))


def use_structure_fallback(monkeypatch) -> bool:
    """Install the fallback on graphkit.extract if the real parser is missing; True if it did."""
    import graphkit.extract

    if graphkit.extract.parse_structure is not None:
        return False
    monkeypatch.setattr(graphkit.extract, "parse_structure", parse_structure_fallback)
    return True

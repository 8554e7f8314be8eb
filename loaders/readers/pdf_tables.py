"""Ruled tables in a PDF page: cells from drawn lines, text assigned to cells by glyph.

A task-division table drawn with ruling lines is read as rows of cells, so a task whose
text wraps inside its cell stays one line and its units stay in the next cell — the same
lines the .docx reader gives. Merged cells are found from missing rules: a horizontally
merged cell appears once, a vertically merged one repeats on each row it spans. Pages
without ruled tables (or with only a frame around the page) are left to the line reader.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graphkit.loaders.readers.common import join_fragments

THIN = 2.0  # a rectangle this thin is a drawn line
TOL = 2.5  # points: rules this close are the same rule, or touch
MIN_RULE = 6.0  # shorter segments (bullets, underline stubs) are not table rules


@dataclass
class Table:
    xs: list[float]  # column boundaries, left to right
    ys: list[float]  # row boundaries, top to bottom (descending y)
    horizontal: list[tuple[float, float, float]]
    vertical: list[tuple[float, float, float]]
    cells: dict[tuple[int, int], int] = field(default_factory=dict)  # grid cell → merged cell id

    def contains(self, x: float, y: float) -> bool:
        return self.xs[0] - TOL <= x <= self.xs[-1] + TOL and self.ys[-1] - TOL <= y <= self.ys[0] + TOL

    def locate(self, x: float, y: float) -> tuple[int, int] | None:
        col = next((j for j in range(len(self.xs) - 1) if self.xs[j] <= x < self.xs[j + 1]), None)
        row = next((i for i in range(len(self.ys) - 1) if self.ys[i + 1] <= y < self.ys[i]), None)
        return None if col is None or row is None else (row, col)


def find_tables(page) -> list[Table]:
    horizontal, vertical = _rules(page)
    if not horizontal or not vertical or len(horizontal) + len(vertical) > 4000:
        return []
    tables = []
    for hs, vs in _components(horizontal, vertical):
        ys = _distinct(sorted((h[0] for h in hs), reverse=True))
        xs = _distinct(sorted(v[0] for v in vs))
        if len(ys) < 2 or len(xs) < 2 or (len(ys) < 3 and len(xs) < 3):
            continue  # a lone box (page frame, text box): not a table
        table = Table(xs, ys, hs, vs)
        _merge_cells(table)
        tables.append(table)
    return tables


def table_rows(table: Table, glyphs: list[tuple[float, float, float, str]]) -> list[tuple[float, str]]:
    """``(top, line)`` per table row from glyphs ``(x_center, y_center, top, text)`` inside it."""
    fragments: dict[int, list[list]] = {}  # merged cell → [[top, x, text], …] per visual line
    for x, y, top, text in glyphs:
        where = table.locate(x, y)
        if where is None:
            continue
        cell = table.cells[where]
        lines = fragments.setdefault(cell, [])
        if lines and abs(lines[-1][0] - top) < 3 and x >= lines[-1][1]:
            lines[-1][2] += text
            lines[-1][1] = x
        else:
            lines.append([top, x, text])
    texts = {}
    for cell, lines in fragments.items():
        lines.sort(key=lambda item: (-item[0], item[1]))
        texts[cell] = join_fragments([item[2] for item in lines])
    rows = []
    for i in range(len(table.ys) - 1):
        seen, cells = set(), []
        for j in range(len(table.xs) - 1):
            cell = table.cells[(i, j)]
            if cell in seen:
                continue
            seen.add(cell)
            cells.append(texts.get(cell, ""))
        while cells and not cells[-1]:
            cells.pop()
        if any(cells):
            rows.append((table.ys[i], "\t".join(cells)))
    return rows


def _rules(page) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]:
    """Horizontal ``(y, x0, x1)`` and vertical ``(x, y0, y1)`` segments drawn on the page."""
    from pdfminer.layout import LTCurve, LTFigure, LTLine, LTRect

    horizontal: list[tuple[float, float, float]] = []
    vertical: list[tuple[float, float, float]] = []

    def add(x0: float, y0: float, x1: float, y1: float) -> None:
        if abs(y1 - y0) <= THIN and abs(x1 - x0) >= MIN_RULE:
            horizontal.append(((y0 + y1) / 2, min(x0, x1), max(x0, x1)))
        elif abs(x1 - x0) <= THIN and abs(y1 - y0) >= MIN_RULE:
            vertical.append(((x0 + x1) / 2, min(y0, y1), max(y0, y1)))

    def visit(container) -> None:
        for element in container:
            if isinstance(element, LTFigure):
                visit(element)
            elif isinstance(element, LTRect):
                if element.width <= THIN or element.height <= THIN:
                    add(element.x0, element.y0, element.x1, element.y1)
                elif getattr(element, "stroke", True):
                    x0, y0, x1, y1 = element.bbox
                    add(x0, y0, x1, y0)
                    add(x0, y1, x1, y1)
                    add(x0, y0, x0, y1)
                    add(x1, y0, x1, y1)
            elif isinstance(element, LTLine):
                add(element.x0, element.y0, element.x1, element.y1)
            elif isinstance(element, LTCurve):
                points = list(getattr(element, "pts", []) or [])
                for (ax, ay), (bx, by) in zip(points, points[1:]):
                    add(ax, ay, bx, by)

    visit(page)
    return horizontal, vertical


def _components(horizontal, vertical):
    """Groups of rules that touch each other: one group per table."""
    parent = list(range(len(horizontal) + len(vertical)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, (y, hx0, hx1) in enumerate(horizontal):
        for b, (x, vy0, vy1) in enumerate(vertical):
            if hx0 - TOL <= x <= hx1 + TOL and vy0 - TOL <= y <= vy1 + TOL:
                parent[find(a)] = find(len(horizontal) + b)
    groups: dict[int, tuple[list, list]] = {}
    for a, h in enumerate(horizontal):
        groups.setdefault(find(a), ([], []))[0].append(h)
    for b, v in enumerate(vertical):
        groups.setdefault(find(len(horizontal) + b), ([], []))[1].append(v)
    return [g for g in groups.values() if g[0] and g[1]]


def _distinct(values: list[float]) -> list[float]:
    out: list[float] = []
    for value in values:
        if not out or abs(value - out[-1]) > TOL:
            out.append(value)
    return out


def _has_rule(segments, position: float, lo: float, hi: float) -> bool:
    middle = (lo + hi) / 2
    return any(abs(p - position) <= TOL and a - TOL <= middle <= b + TOL for p, a, b in segments)


def _merge_cells(table: Table) -> None:
    rows, cols = len(table.ys) - 1, len(table.xs) - 1
    parent = {(i, j): (i, j) for i in range(rows) for j in range(cols)}

    def find(cell):
        while parent[cell] != cell:
            parent[cell] = parent[parent[cell]]
            cell = parent[cell]
        return cell

    for i in range(rows):
        for j in range(cols):
            top, bottom = table.ys[i], table.ys[i + 1]
            left, right = table.xs[j], table.xs[j + 1]
            if j + 1 < cols and not _has_rule(table.vertical, right, bottom, top):
                parent[find((i, j + 1))] = find((i, j))
            if i + 1 < rows and not _has_rule(table.horizontal, bottom, left, right):
                parent[find((i + 1, j))] = find((i, j))
    ids: dict[tuple[int, int], int] = {}
    for cell in parent:
        root = find(cell)
        table.cells[cell] = ids.setdefault(root, len(ids))

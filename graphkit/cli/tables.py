"""Plain-text tables that stay aligned with Chinese text (wide characters take two columns)."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence
from typing import Any


def char_width(ch: str) -> int:
    """Display columns of one character: 2 for East Asian wide/fullwidth, 0 for combining marks."""
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_width(text: str) -> int:
    return sum(char_width(ch) for ch in text)


def truncate(text: str, width: int) -> str:
    """Cut ``text`` to at most ``width`` display columns, ending in "…" when cut."""
    if display_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = char_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def pad(text: str, width: int, align: str = "left") -> str:
    gap = " " * max(0, width - display_width(text))
    return gap + text if align == "right" else text + gap


def format_cell(value: Any) -> str:
    """A value as table text: None → "", lists joined with ", ", floats without trailing zeros."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.6g}" if abs(value) < 1e15 else repr(value)
    if isinstance(value, (list, tuple)):
        return ", ".join(format_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return " ".join(str(value).split())  # one line per row


def render_table(columns: Sequence[str], rows: Sequence[Sequence[Any]], max_width: int | None = 48) -> str:
    """Columns padded to their widest cell (counting wide characters as two); numbers right-aligned.

    Cells wider than ``max_width`` display columns are cut with "…" (None: never cut).
    """
    cells = [[format_cell(v) for v in row] for row in rows]
    if max_width:
        cells = [[truncate(c, max_width) for c in row] for row in cells]
    numeric = [
        bool(rows) and all(isinstance(row[i], (int, float)) and not isinstance(row[i], bool)
                           for row in rows if row[i] is not None)
        for i in range(len(columns))
    ]
    widths = [max([display_width(col)] + [display_width(row[i]) for row in cells]) for i, col in enumerate(columns)]
    align = ["right" if n else "left" for n in numeric]

    def line(values: Sequence[str]) -> str:
        return "  ".join(pad(v, widths[i], align[i]) for i, v in enumerate(values)).rstrip()

    out = [line(list(columns)), "  ".join("-" * w for w in widths)]
    out.extend(line(row) for row in cells)
    return "\n".join(out)

"""Plain-text tables for the terminal that line up with Chinese text.

CJK (East Asian wide/fullwidth) characters take two columns in a terminal; combining
marks take none. :func:`render_table` pads by display width, not by ``len``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

ELLIPSIS = "…"
GAP = "  "


@dataclass
class Column:
    key: str | int  # mapping key or sequence index of the value in each row
    header: str
    align: str = "left"  # "left" | "right"
    max_width: int | None = None  # longer values are cut with "…"


def char_width(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: 常州市 → 6, abc → 3."""
    return sum(char_width(c) for c in text)


def truncate(text: str, width: int) -> str:
    """Cut ``text`` to at most ``width`` columns, ending with "…" when cut."""
    if display_width(text) <= width:
        return text
    out, used = [], 0
    for char in text:
        w = char_width(char)
        if used + w > width - 1:
            break
        out.append(char)
        used += w
    return "".join(out) + ELLIPSIS


def pad(text: str, width: int, align: str = "left") -> str:
    fill = " " * max(0, width - display_width(text))
    return fill + text if align == "right" else text + fill


def render_table(rows: Sequence[Mapping[str, Any] | Sequence[Any]], columns: Sequence[Column | str],
                 *, footer: Mapping[str, Any] | Sequence[Any] | None = None) -> str:
    """Render ``rows`` under ``columns`` headers; ``footer`` (e.g. totals) goes below a rule.

    A column given as a plain string uses it as both key and header. ``None`` shows as "-".
    Control characters (tabs, newlines) in values become spaces so each row stays one line.
    """
    cols = [c if isinstance(c, Column) else Column(c, str(c)) for c in columns]
    body = [[_cell(row, c) for c in cols] for row in rows]
    foot = [_cell(footer, c) for c in cols] if footer is not None else None
    widths = []
    for i, col in enumerate(cols):
        values = [r[i] for r in body] + ([foot[i]] if foot else []) + [col.header]
        widths.append(max(display_width(v) for v in values))
    def line(values: list[str]) -> str:
        return GAP.join(pad(v, w, c.align) for v, w, c in zip(values, widths, cols)).rstrip()
    rule = GAP.join("-" * w for w in widths)
    out = [line([c.header for c in cols]), rule] + [line(r) for r in body]
    if foot:
        out += [rule, line(foot)]
    return "\n".join(out)


def _cell(row: Mapping[str, Any] | Sequence[Any], col: Column) -> str:
    if isinstance(row, Mapping):
        value = row.get(col.key)  # type: ignore[arg-type]
    else:
        index = int(col.key)
        value = row[index] if index < len(row) else None
    text = "-" if value is None else str(value)
    text = "".join(" " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch for ch in text)
    return truncate(text, col.max_width) if col.max_width else text


def format_cell(value: Any) -> str:
    """A query value as table text: None → "", lists joined with ", ", floats without trailing zeros."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.6g}" if abs(value) < 1e15 else repr(value)
    if isinstance(value, (list, tuple)):
        return ", ".join(format_cell(v) for v in value)
    if isinstance(value, dict):
        import json

        return json.dumps(value, ensure_ascii=False)
    return " ".join(str(value).split())  # one line per row


def render_rows(columns: Sequence[str], rows: Sequence[Sequence[Any]], max_width: int | None = 48) -> str:
    """Query results as a table: numeric columns right-aligned, long cells cut at ``max_width``."""
    numeric = [
        bool(rows) and all(isinstance(row[i], (int, float)) and not isinstance(row[i], bool)
                           for row in rows if row[i] is not None)
        for i in range(len(columns))
    ]
    cols = [Column(i, name, "right" if numeric[i] else "left", max_width) for i, name in enumerate(columns)]
    return render_table([[format_cell(v) for v in row] for row in rows], cols)

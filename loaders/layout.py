"""Layout of a decoded plan: item markers (一、 / (一) / 1. / (1) / ①) and rows of cells.

A row is a physical line, a tab-joined table row ("1．task\t市X局牵头\t2021年底"), or a
tab-led line that belongs to a block of one-cell-per-line table rows; a line without a tab
right after a tab-led line continues that line's last cell. :func:`tidy_rows` drops page
numbers and joins headings that a PDF wrapped onto two lines.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Final

from graphkit.loaders.normalise import EMPTY, Normalised, Piece, join_pieces
from graphkit.loaders.numerals import cn_int
from graphkit.loaders.units import is_deadline_cell, units_statement_of, vocab

CN_NUM: Final = "一二三四五六七八九十百零〇两"

# Item markers, outermost first. Each regex captures the number; group "rest" is the text.
MARKERS: dict[str, re.Pattern] = {
    "chapter": re.compile(rf"^第([{CN_NUM}\d]{{1,4}})(?:章|部分|篇)\s*(?P<rest>.*)$", re.S),
    "cn1": re.compile(rf"^([{CN_NUM}]{{1,4}})\s*[、.,，]\s*(?P<rest>.*)$", re.S),
    "cn2": re.compile(rf"^\(([{CN_NUM}]{{1,4}})\)\s*[、.]?\s*(?P<rest>.*)$", re.S),
    "ar": re.compile(r"^(\d{1,3})\s*(?:[.、](?!\d)|\)(?!\d))\s*(?P<rest>.*)$", re.S),
    "ar2": re.compile(r"^\((\d{1,3})\)\s*(?P<rest>.*)$", re.S),
    "circ": re.compile(r"^([\u2460-\u2473\u3251-\u325f])\s*(?P<rest>.*)$", re.S),
    "art": re.compile(rf"^第([{CN_NUM}\d]{{1,4}})条\s*[、.:]?\s*(?P<rest>.*)$", re.S),  # "第一条 …" articles
    # "1.1 推行…" decimal items (not "1.5倍", "2.5亿元")
    "dec": re.compile(r"^(\d{1,2}\.\d{1,2})(?![\d%万亿千百倍个元天小时年月日])\s*[、.]?\s*(?P<rest>.*)$", re.S),
}
LEVEL_ORDER: Final = ["chapter", "cn1", "cn2", "ar", "ar2", "circ", "art", "dec"]
# the character each marker opens with (the first item of its pattern after "^"): a text
# opening with anything else is tried against no marker at all
MARKER_OPENERS: dict[str, re.Pattern] = {
    "chapter": re.compile("第"), "cn1": re.compile(f"[{CN_NUM}]"), "cn2": re.compile(r"\("),
    "ar": re.compile(r"\d"), "ar2": re.compile(r"\("), "circ": re.compile("[\u2460-\u2473\u3251-\u325f]"),
    "art": re.compile("第"), "dec": re.compile(r"\d"),
}
TASK_CANDIDATES: Final = ["art", "dec", "ar", "ar2", "circ"]
APPENDIX_RX: Final = re.compile(r"^附\s*件\s*[\d一二三四五六七八九十]*\s*[:.]?\s*(?P<rest>.*)$", re.S)
START_RX: Final = re.compile(
    rf"^(?:第[{CN_NUM}\d]{{1,4}}(?:章|部分|篇|条)|[{CN_NUM}]{{1,4}}[、.]|\([{CN_NUM}]{{1,4}}\)|"
    r"\d{1,3}[.、](?!\d)|\(\d{1,3}\)|[\u2460-\u2473]|附件)"
)


_DECIMAL: Final = re.compile(r"\d{1,2}\.\d{1,2}")


def cn_to_int(s: str) -> int | None:
    """Chinese or arabic numeral → int ("二十三" → 23, "③" → 3)."""
    if not s:
        return None
    if len(s) == 1 and ("\u2460" <= s <= "\u2473"):
        return ord(s) - 0x2460 + 1
    if len(s) == 1 and ("\u3251" <= s <= "\u325f"):
        return ord(s) - 0x3251 + 21
    if s.isdigit() and s.isascii():  # (isdigit first: compiled, a native call, and false for most)
        return int(s)
    if _DECIMAL.fullmatch(s):
        return int(s.split(".")[1])  # "2.3": the third item of its group
    return cn_int(s)


# --------------------------------------------------------------------------- rows


WRAP_WIDTH: Final = 12  # a table-cell line at least this long that breaks off is taken as wrapped


class Row:
    """One physical line's cells. A ``tab_led`` row ("\tcell", a line of a block of one-cell-per-line
    table rows) always holds exactly one cell: the structure driver takes a run of them as one table row.

    A plain class with its ``__init__`` written out, not a dataclass: compiled by mypyc, a
    dataclass keeps the interpreted ``__init__`` the dataclasses module generates (~3,000
    instructions a row); this one is native."""

    __slots__ = ("cells", "line", "block", "tab_led", "tabbed")

    def __init__(self, cells: list[Piece], line: int, block: int, tab_led: bool, tabbed: bool) -> None:
        self.cells = cells
        self.line = line
        self.block = block
        self.tab_led = tab_led
        self.tabbed = tabbed

    def __repr__(self) -> str:
        return f"Row({self.cells!r}, line={self.line}, block={self.block}, tab_led={self.tab_led}, tabbed={self.tabbed})"


def read_rows(norm: Normalised) -> list[Row]:
    """Physical lines → rows of cells; tab-led continuation lines join their last cell.

    :func:`normalise` leaves no space at either end of a line nor beside a tab, so a line's
    cells are its tab-separated parts as they stand (nothing to strip), and a line holding
    only tabs is the one kind of blank line that is not empty."""
    rows: list[Row] = []
    text = norm.text
    original = norm.original
    index = norm.index
    lines = text.split("\n")
    # each line break of the text is one of the original's (normalising made none, e.g. from
    # "\x0c"): then line k of the text is line k of the original
    same_lines = original.count("\n") == len(lines) - 1
    # only a document with a run of two spaces or an ideographic space can align columns with them
    gapped = "  " in original or "\u3000" in original
    line = 0
    counted = 1  # numbering from the original: the original before ``seen`` holds ``counted - 1`` breaks
    seen = 0
    block = 0
    prev_tab_led = False
    spaced_row: Row | None = None
    n = len(text)  # == len(index)
    end = -1
    for raw in lines:
        start = end + 1
        end = start + len(raw)
        if same_lines:
            line += 1
        else:  # norm.line_of(norm.orig(start)), counted on from the previous line
            o = index[start] if start < n else len(original)
            counted += original.count("\n", seen, o)
            seen = o
            line = counted
        if "\t" in raw:
            if not raw.strip("\t"):  # a line of tabs: an empty table row
                rows.append(Row([EMPTY], line, block, True, True))
                prev_tab_led = True
                continue
            if raw[0] == "\t" and raw.count("\t") == 1:  # tab-led: the tab, one cell
                rows.append(Row([Piece(raw[1:], start + 1, end)], line, block, True, True))
                prev_tab_led = True
                continue
            cells = []
            a = start
            for seg in raw.split("\t"):
                b = a + len(seg)
                cells.append(Piece(seg, a, b) if seg else EMPTY)
                a = b + 1
            rows.append(Row(cells, line, block, False, True))
            prev_tab_led = False
        elif not raw:
            block += 1
            prev_tab_led = False
        elif gapped and end - start >= 6 and ("  " in (cut := original[index[start]:index[end - 1] + 1])
                                              or "\u3000" in cut) \
                and (spaced := _space_cells(norm, start, end, cut)) is not None:
            rows.append(Row(spaced, line, block, False, True))  # columns aligned with spaces
            prev_tab_led = False
            spaced_row = rows[-1]
        elif spaced_row is not None and rows and rows[-1] is spaced_row and _continues(norm, start, end):
            # an indented line under a space-aligned row: the wrapped end of one of its cells
            cells = spaced_row.cells
            longest = max(range(len(cells)), key=lambda j: len(cells[j].text))
            for piece in _segments(norm, start, end):
                col = _column(norm, piece)
                k = min(range(len(cells)), key=lambda j: abs(_column(norm, cells[j]) - col))
                cells[k] = join_pieces([cells[k], piece], sep="" if k == longest else "\n")
        else:
            piece = Piece(raw, start, end)
            last = rows[-1] if rows else None
            if (prev_tab_led and last is not None and last.block == block and last.cells
                    and last.cells[-1].text and not START_RX.match(raw)):
                # a short line ended by choice (one unit per line): keep the break; a long one wrapped
                prev_line = last.cells[-1].text.rsplit("\n", 1)[-1]
                sep = "\n" if len(prev_line) < WRAP_WIDTH else ""
                last.cells[-1] = join_pieces([last.cells[-1], piece], sep=sep)
            else:
                rows.append(Row([piece], line, block, False, False))
                prev_tab_led = False
    return rows


_GAP: Final = re.compile(r"(?: {2,}|\u3000+)")
_NUMBER_START: Final = re.compile(r"^\(?\d{1,3}(?:\.\d{1,2})?\)?[.、]?$")


def _column(norm: Normalised, piece: Piece) -> int:
    """Column of a piece's first character in its original line."""
    o = norm.orig(max(piece.first_offset(), 0))
    return o - (norm.original.rfind("\n", 0, o) + 1)


def _continues(norm: Normalised, start: int, end: int) -> bool:
    """An indented line that is not an item of its own."""
    o = norm.orig(start)
    line_start = norm.original.rfind("\n", 0, o) + 1
    indent = norm.original[line_start:o + 1]
    lead = len(indent) - len(indent.lstrip(" \u3000"))
    return lead >= 2 and not START_RX.match(norm.text[start:end].strip())


def _segments(norm: Normalised, start: int, end: int) -> list[Piece]:
    """The pieces of a line between runs of two or more spaces in the original."""
    o_start, o_end = norm.orig(start), norm.orig(end - 1) + 1
    raw = norm.original[o_start:o_end]
    bounds = [o_start] + [o_start + x for m in _GAP.finditer(raw) for x in m.span()] + [o_end]
    out = []
    for a, b in zip(bounds[::2], bounds[1::2]):
        na, nb = bisect_left(norm.index, a, start, end), bisect_left(norm.index, b, start, end)
        cell = Piece.of(norm, na, nb).strip(" ")
        if cell.text:
            out.append(cell)
    return out


def _space_cells(norm: Normalised, start: int, end: int, raw: str) -> list[Piece] | None:
    """Cells of a table row whose columns a text export aligned with runs of spaces
    ("1   推行…   市市场监管局   市税务局   2022年底"): a header row, or a row that opens
    with a 序号 and has a unit or deadline cell. Normalising drops those spaces, so the
    cuts come from the original line: ``raw``, the original text of the normalised line
    ``start``–``end`` (read_rows passes only lines of 6 or more characters whose ``raw`` has a gap,
    two spaces or an ideographic space)."""
    o_start = norm.orig(start)
    o_end = o_start + len(raw)
    gaps = [m for m in _GAP.finditer(raw) if m.start() > 0 and m.end() < len(raw)]
    if len(gaps) < 2:
        return None
    bounds = [o_start] + [o_start + x for m in gaps for x in m.span()] + [o_end]
    index = norm.index
    cells = []
    for a, b in zip(bounds[::2], bounds[1::2]):
        na, nb = bisect_left(index, a, start, end), bisect_left(index, b, start, end)
        cell = Piece.of(norm, na, nb).strip(" ")
        if cell.text:
            cells.append(cell)
    texts = [c.text for c in cells]
    if len(cells) < 3:
        return None
    if header_roles(texts) is not None:
        return cells
    if _NUMBER_START.match(texts[0]) and any(
            units_statement_of(c.text) is not None or is_deadline_cell(c.text) for c in cells[2:]):
        return cells
    return None


PAGE_NUMBER_RX: Final = re.compile(r"^(?:[-—－–]+\s*\d{1,4}\s*[-—－–]+|第\s*\d{1,4}\s*页(?:\s*[,，]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4})$")
HEADING_RX: Final = re.compile(rf"^(?:第[{CN_NUM}\d]{{1,4}}(?:章|部分|篇)|[{CN_NUM}]{{1,4}}[、.]|\([{CN_NUM}]{{1,4}}\))")


TITLE_RX: Final = re.compile(r"(方案|计划|要点|措施|通知|分工表|意见|清单|办法|规划)$")


# the page-number test on a cell's text as it stands, spaces at its ends allowed (instead of stripping it first)
_PAGE_NUMBER_CELL: Final = re.compile(r"\s*(?:" + PAGE_NUMBER_RX.pattern[1:-1] + r")\s*$")
# that and the heading test (HEADING_RX, spaces before it allowed) in one match: group 1 set for a
# page number, else a match is a heading. Neither opens with a space, so each can only match after
# all the leading spaces, where the page number is tried first.
_PAGE_OR_HEADING: Final = re.compile(r"\s*(?:(" + PAGE_NUMBER_RX.pattern[1:-1] + r")\s*$|" + HEADING_RX.pattern[1:] + ")")


_PAGE_OR_HEADING_FIRST: Final = frozenset("-—－–第(" + CN_NUM)  # what it opens with besides a digit


def _page_or_heading(text: str) -> re.Match | None:
    """``_PAGE_OR_HEADING.match(text)``, without the regex when the first character after the
    leading spaces opens neither a page number nor a heading (most rows)."""
    first = text[:1]
    if first.isspace():
        first = text.lstrip()[:1]
    if first in _PAGE_OR_HEADING_FIRST or "/" in text and first.isdecimal():  # a digit opens only "3/10"
        return _PAGE_OR_HEADING.match(text)
    return None


def tidy_rows(rows: list[Row]) -> list[Row]:
    """Drop page-number lines; join a heading split over two lines ("(四)放宽" + "社会资本准入限制").

    One pass, one regex match per one-cell row (a page number is dropped where it stands; the joins
    only look back at the last row kept). A row's heading test is made once, on its own text: what
    a join appends to a heading leaves it a heading (the test matches a start of the text)."""
    out: list[Row] = []
    prev = None
    prev_heading = False  # prev is a one-cell row whose cell opens with a heading marker
    n = len(rows)
    for k in range(n):
        row = rows[k]
        cells = row.cells
        if len(cells) != 1:
            out.append(row)
            prev = row
            prev_heading = False
            continue
        m = _page_or_heading(cells[0].text)
        if m is not None and m.group(1) is not None:
            continue  # a page number
        # both joins need two one-cell rows, the second not a table row, the first a heading
        if prev_heading and prev is not None and not row.tabbed:  # a heading row was kept as prev
            text = cells[0].text
            head = prev.cells[0]
            if _open_bracket(head.text) and not START_RX.match(text.strip()):
                prev.cells[0] = join_pieces([head, cells[0]])  # "(牵头单位:区城市管理局、区经" + "济信息委)"
                continue
            if not prev.tabbed and _is_heading_head(head.text) and _is_heading_tail(text):
                nxt = _next_kept_text(rows, k + 1)
                sentence = text.rstrip().endswith("。")
                wrapped = len(head.text.strip()) >= 12 or len(text.strip()) <= 3
                if wrapped and (not sentence or START_RX.match(nxt)):
                    prev.cells[0] = join_pieces([head, cells[0]])
                    continue
        out.append(row)
        prev = row
        prev_heading = m is not None
    return out


def _next_kept_text(rows: list[Row], k: int) -> str:
    """The stripped first cell of the first row from ``k`` on that tidy_rows keeps ("" if none)."""
    for row in rows[k:]:
        if not (len(row.cells) == 1 and _PAGE_NUMBER_CELL.match(row.cells[0].text)):
            return row.cells[0].text.strip() if row.cells else ""
    return ""


def _open_bracket(text: str) -> bool:
    k = text.rfind("(")
    return k >= 0 and ")" not in text[k:] and len(text) - k < 200


_HEAD_END: Final = re.compile(r"[。;:!?)]$")
_TAIL_PUNCT: Final = re.compile(r"[。;:,，、]")


def _is_heading_head(text: str) -> bool:
    t = text.strip()
    return bool(HEADING_RX.match(t)) and len(t) <= 24 and not _HEAD_END.search(t)


def _is_heading_tail(text: str) -> bool:
    t = text.strip()
    return (0 < len(t) <= 16 and not START_RX.match(t) and not _TAIL_PUNCT.search(t[:-1])
            and units_statement_of(t) is None)


def header_roles(texts: list[str]) -> list[str] | None:
    """Column roles when the row is a table header (序号 / 主要任务 / 牵头单位 / 责任单位 / 完成时限)."""
    nonempty = [t for t in texts if t]
    if len(nonempty) < 2 or any(len(t) > 16 for t in nonempty):
        return None
    cols = vocab()["table_header_columns"]
    roles: list[str] = []
    for t in texts:
        if not t:
            roles.append("remark")
            continue
        # "remark" first: 牵头领导 / 责任人 columns name people, not units
        role = next((r for r in ("number", "remark", "lead", "support", "resp", "deadline", "group", "text")
                     if any(w in t for w in cols[r])), None)
        if role is None:
            return None
        roles.append(role)
    if "group" in roles and "text" not in roles:
        roles = ["text" if r == "group" else r for r in roles]  # "领域" is the only text column
    if not any(r in ("lead", "support", "resp", "deadline") for r in roles):
        return None
    return roles

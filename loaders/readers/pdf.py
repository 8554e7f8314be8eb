"""PDF reader: the text layer (pdfminer.six), no OCR.

Tables drawn with ruling lines are read cell by cell (:mod:`.pdf_tables`). Other lines
are rebuilt from their positions: pieces of text at the same height on a page become one
line (separated pieces joined by ``\\t``), and a line that runs to the right margin
is joined with the next when that one continues the paragraph (starts at the left margin
and does not open a numbered item). Bare page numbers are dropped. A PDF without text
(a scan) is a :class:`DocumentError`; OCR is out of scope.
"""

from __future__ import annotations

import io
import re
import statistics
from dataclasses import dataclass

from graphkit.errors import DocumentError
from graphkit.loaders.readers.common import Document, normalise_newlines, tidy_lines
from graphkit.loaders.readers.pdf_tables import find_tables, table_rows
from graphkit.model import ExtractWarning

# A new numbered item or heading never continues the previous line.
_OPENS_ITEM = re.compile(
    r"^\s*(?:[一二三四五六七八九十百]+[、．.]|[（(][一二三四五六七八九十百\d]+[)）]|\d+[、．.．]|第[一二三四五六七八九十百\d]+[章节条部分]|附件)"
)
_PAGE_NUMBER = re.compile(r"^\s*[-—–]?\s*(?:第\s*)?\d{1,4}\s*(?:页)?\s*[-—–]?\s*$")
_CID = re.compile(r"\(cid:\d+\)")
# pdfminer inserts a space where justified text spreads glyphs apart; between two CJK
# characters such a space is never part of the text.
_WIDE = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
_CJK_GAP = re.compile(f"(?<=[{_WIDE}]) +(?=[{_WIDE}])")


@dataclass
class _Piece:
    x0: float
    x1: float
    top: float
    bottom: float
    text: str


def read_pdf(raw: bytes, source: str) -> Document:
    try:
        from pdfminer.high_level import extract_pages
        from pdfminer.layout import LAParams, LTTextContainer, LTTextLine
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise DocumentError("pdfminer.six is not installed", path=source) from exc
    if not raw.lstrip()[:5].startswith(b"%PDF"):
        raise DocumentError("not a PDF file (no %PDF header)", path=source)
    pages: list[list[_Line]] = []
    try:
        for page in extract_pages(io.BytesIO(raw), laparams=LAParams(line_margin=0.3)):
            tables = find_tables(page)
            pieces: list[_Piece] = []
            glyphs: dict[int, list[tuple[float, float, float, str]]] = {}
            for element in page:
                if not isinstance(element, LTTextContainer):
                    continue
                lines = [element] if isinstance(element, LTTextLine) else list(element)
                for line in lines:
                    table = _table_at(tables, line)
                    if table is not None:
                        glyphs.setdefault(table, []).extend(_glyphs(line))
                        continue
                    text = _CJK_GAP.sub("", line.get_text().replace("\n", ""))
                    if text.strip():
                        pieces.append(_Piece(line.x0, line.x1, line.y1, line.y0, text))
            rows = [row for index, found in glyphs.items() for row in table_rows(tables[index], found)]
            pages.append(_page_lines(pieces, rows))
    except DocumentError:
        raise
    except Exception as exc:  # PDFSyntaxError, PDFPasswordIncorrect, PSEOF …: one line
        name = type(exc).__name__
        if "Password" in name or "Encrypt" in name:
            raise DocumentError("encrypted PDF (a password is needed to read it)", path=source) from exc
        detail = str(exc).splitlines()[0][:120] if str(exc) else name
        raise DocumentError(f"not a readable PDF ({detail})", path=source) from exc
    lines = _join_wrapped([line for page in pages for line in page])
    text = tidy_lines(normalise_newlines("\n".join(lines)).split("\n"))
    if not text.strip():
        raise DocumentError("no text layer (scanned PDF?); OCR is not supported", path=source)
    warnings = []
    for number, line in enumerate(text.split("\n"), 1):
        if _CID.search(line):
            warnings.append(ExtractWarning(number, "glyphs without a Unicode mapping, shown as (cid:N)", "decode"))
            if len(warnings) >= 5:
                break
    return Document(text, "pdf", None, warnings)


@dataclass
class _Line:
    text: str
    at_left: bool  # one piece, starting at the page's left margin
    to_right: bool  # one piece, running to the page's right margin


def _table_at(tables, line) -> int | None:
    x, y = (line.x0 + line.x1) / 2, (line.y0 + line.y1) / 2
    for index, table in enumerate(tables):
        if table.contains(x, y):
            return index
    return None


def _glyphs(line) -> list[tuple[float, float, float, str]]:
    """``(x_center, y_center, line_top, text)`` per character; pdfminer's spaces ride along."""
    from pdfminer.layout import LTChar

    out: list[tuple[float, float, float, str]] = []
    for item in line:
        if isinstance(item, LTChar):
            out.append(((item.x0 + item.x1) / 2, (item.y0 + item.y1) / 2, line.y1, item.get_text()))
        elif out and item.get_text() == " ":
            x, y, top, text = out[-1]
            out[-1] = (x, y, top, text + " ")
    return [(x, y, top, _CJK_GAP.sub("", text)) for x, y, top, text in out]


def _page_lines(pieces: list[_Piece], table_rows_: list[tuple[float, str]] = ()) -> list[_Line]:
    """Group pieces into visual lines, top to bottom; mark where they start and end.

    Table rows (``(top, text)``) are slotted in by height and never joined with neighbours.
    """
    if not pieces:
        return [_Line(text, False, False) for _, text in sorted(table_rows_, key=lambda r: -r[0])]
    heights = [p.top - p.bottom for p in pieces if p.top > p.bottom]
    char = statistics.median(heights) if heights else 10.0
    rows: list[list[_Piece]] = []
    for piece in sorted(pieces, key=lambda p: (-p.top, p.x0)):
        if rows:
            row = rows[-1]
            mid = (piece.top + piece.bottom) / 2
            if row[0].bottom - 0.1 * char <= mid <= row[0].top + 0.1 * char:
                row.append(piece)
                continue
        rows.append([piece])
    visual: list[tuple[str, float, float, bool, float]] = []  # text, x0, x1, single piece, top
    for row in rows:
        row.sort(key=lambda p: p.x0)
        parts = [row[0].text.strip()]
        for left, right in zip(row, row[1:]):
            gap = right.x0 - left.x1
            parts.append(("\t" if gap > 1.5 * char else "") + right.text.strip())
        visual.append(("".join(parts), row[0].x0, row[-1].x1, len(row) == 1, row[0].top))
    # page furniture: a bare page number as the first or last line of the page
    while visual and _PAGE_NUMBER.match(visual[-1][0]):
        visual.pop()
    while visual and _PAGE_NUMBER.match(visual[0][0]):
        visual.pop(0)
    if not visual:
        return [_Line(text, False, False) for _, text in sorted(table_rows_, key=lambda r: -r[0])]
    left_margin = min(v[1] for v in visual)
    right_margin = max(v[2] for v in visual)
    placed = [
        (top, _Line(text, single and x0 <= left_margin + 0.5 * char, single and x1 >= right_margin - 2.5 * char))
        for text, x0, x1, single, top in visual
    ]
    placed += [(top, _Line(text, False, False)) for top, text in table_rows_]
    placed.sort(key=lambda item: -item[0])
    return [line for _, line in placed]


def _join_wrapped(lines: list[_Line]) -> list[str]:
    """Join a line that runs to the right margin with a continuation at the left margin."""
    out: list[str] = []
    previous_wraps = False
    for line in lines:
        if previous_wraps and line.at_left and out and not _OPENS_ITEM.match(line.text):
            out[-1] += line.text
        else:
            out.append(line.text)
        previous_wraps = line.to_right
    return out

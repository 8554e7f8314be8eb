"""Word (.docx) reader: paragraphs and tables in document order.

Each table row becomes one line, its cells joined by ``\\t``; a cell's paragraphs are
joined into one line, horizontally merged cells appear once, vertically merged cells
repeat the text of the cell they continue (each row reads as it looks on the page).
Word's automatic list numbers ("一、", "（一）", "1．") are replayed from numbering.xml
(:mod:`.word_numbering`) and put in front of the paragraph text. The package's parts are read
by :mod:`.word_package`.
"""

from __future__ import annotations

from graphkit.errors import DocumentError
from graphkit.loaders.readers.common import Document, join_fragments, normalise_newlines, tidy_lines
from graphkit.loaders.readers.word_numbering import Numbering
from graphkit.loaders.readers.word_package import W as _W
from graphkit.loaders.readers.word_package import child, read_parts

_P, _TBL, _TR, _TC, _SDT, _SDT_CONTENT = (f"{_W}{t}" for t in ("p", "tbl", "tr", "tc", "sdt", "sdtContent"))
_TC_PR, _GRID_SPAN, _V_MERGE, _VAL, _CHAR = (f"{_W}{t}" for t in ("tcPr", "gridSpan", "vMerge", "val", "char"))
_T, _TAB, _BR, _CR, _NO_BREAK_HYPHEN, _SYM = (f"{_W}{t}" for t in ("t", "tab", "br", "cr", "noBreakHyphen", "sym"))
_TABS, _P_PR = f"{_W}tabs", f"{_W}pPr"  # a paragraph's tab stops (w:pPr/w:tabs/w:tab): a layout setting, not a character


def read_docx(raw: bytes, source: str) -> Document:
    try:
        parts = read_parts(raw)
    except RecursionError:
        raise  # read_bytes reports a document nesting too deeply
    except Exception as exc:  # zipfile.BadZipFile, a missing part, lxml errors …: one line, never a traceback
        raise DocumentError(f"not a readable .docx file ({_why(exc)})", path=source) from exc
    lines: list[str] = []
    if parts.body is not None:
        _Body(Numbering(parts.numbering, parts.styles)).walk(parts.body, lines)
    return Document(tidy_lines(normalise_newlines("\n".join(lines)).split("\n")), "docx", None, [])


def _why(exc: Exception) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:120]


class _Body:
    """Walks the document body; carries the list-numbering counters in document order."""

    def __init__(self, numbering: Numbering) -> None:
        self.numbering = numbering

    def walk(self, container, lines: list[str]) -> None:
        """Append the lines of body-level paragraphs and tables, in order."""
        for node in container.iterchildren():
            tag = node.tag
            if tag == _P:
                lines.append(self.paragraph_text(node))
            elif tag == _TBL:
                self.table(node, lines)
            elif tag == _SDT:  # content controls wrap ordinary paragraphs and tables
                content = child(node, _SDT_CONTENT)
                if content is not None:
                    self.walk(content, lines)

    def paragraph_text(self, p) -> str:
        """Text of a ``w:p``: its list number, runs, tabs, breaks (→ newline), hyperlinks, fields."""
        parts: list[str] = []
        label = ""
        for node in p.iter():  # (w:delText, deleted in tracked changes, is not read)
            tag = node.tag
            if tag == _T:
                parts.append(node.text or "")
            elif tag == _P_PR:
                if node.getparent() is p:  # its own properties, not a text box's paragraph's
                    label = self.numbering.label(node)
            elif tag == _TAB:
                if node.getparent().tag != _TABS:  # a tab character of a run, not a tab stop
                    parts.append("\t")
            elif tag == _BR or tag == _CR:
                parts.append("\n")
            elif tag == _NO_BREAK_HYPHEN:
                parts.append("-")
            elif tag == _SYM:
                char = node.get(_CHAR)
                if char:
                    try:
                        parts.append(chr(int(char, 16)))
                    except ValueError:
                        pass
        return label + "".join(parts)

    def cell(self, tc, above: str) -> tuple[int, str]:
        """(grid columns spanned, text) of a ``w:tc``; a cell continuing a vertical merge reads as
        ``above``, the text of the cell it continues. One pass over the cell's children."""
        span = 1
        props = False
        content = []  # (tag, node) of the other children (read only when the cell is not merged)
        for node in tc.iterchildren():
            tag = node.tag
            if tag == _TC_PR and not props:  # (the first: as find() read it)
                props = True
                grid_span = child(node, _GRID_SPAN)
                if grid_span is not None:
                    try:
                        span = max(1, int(grid_span.get(_VAL, "1")))
                    except ValueError:
                        span = 1
                vmerge = child(node, _V_MERGE)
                if vmerge is not None and vmerge.get(_VAL, "continue") == "continue":
                    return span, above
            else:
                content.append((tag, node))
        fragments: list[str] = []
        for tag, node in content:
            if tag == _P:
                fragments.append(self.paragraph_text(node))
            elif tag == _TBL:  # nested table: its rows, flattened into the cell
                nested: list[str] = []
                self.table(node, nested)
                fragments.extend(line.replace("\t", " ") for line in nested)
            elif tag == _SDT:
                sdt_content = child(node, _SDT_CONTENT)
                if sdt_content is not None:
                    fragments.extend(self.paragraph_text(p) for p in sdt_content.iter(_P))
        return span, join_fragments(fragments)

    def table(self, tbl, lines: list[str]) -> None:
        above: dict[int, str] = {}  # grid column → text of the cell there in the previous row
        for tr in tbl.iterchildren(_TR):
            cells: list[str] = []
            column = 0
            row_texts: dict[int, str] = {}
            for tc in _row_cells(tr):
                span, text = self.cell(tc, above.get(column, ""))
                row_texts[column] = text
                cells.append(text)
                column += span
            above = row_texts
            while cells and not cells[-1]:
                cells.pop()
            lines.append("\t".join(cells))


def _row_cells(tr):
    """The ``w:tc`` of a row, including cells wrapped in content controls."""
    for node in tr.iterchildren():
        if node.tag == _TC:
            yield node
        elif node.tag == _SDT:
            content = child(node, _SDT_CONTENT)
            if content is not None:
                yield from content.iterchildren(_TC)

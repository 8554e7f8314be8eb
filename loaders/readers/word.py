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
from graphkit.loaders.readers.word_package import read_parts


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
        for child in container.iterchildren():
            tag = child.tag
            if tag == f"{_W}p":
                lines.append(self.paragraph_text(child))
            elif tag == f"{_W}tbl":
                self.table(child, lines)
            elif tag == f"{_W}sdt":  # content controls wrap ordinary paragraphs and tables
                content = child.find(f"{_W}sdtContent")
                if content is not None:
                    self.walk(content, lines)

    def paragraph_text(self, p) -> str:
        """Text of a ``w:p``: its list number, runs, tabs, breaks (→ newline), hyperlinks, fields."""
        parts: list[str] = [self.numbering.label(p)]
        for node in p.iter():
            tag = node.tag
            if tag == f"{_W}t":
                parts.append(node.text or "")
            elif tag == f"{_W}tab":
                parts.append("\t")
            elif tag in (f"{_W}br", f"{_W}cr"):
                parts.append("\n")
            elif tag == f"{_W}noBreakHyphen":
                parts.append("-")
            elif tag == f"{_W}sym":
                char = node.get(f"{_W}char")
                if char:
                    try:
                        parts.append(chr(int(char, 16)))
                    except ValueError:
                        pass
            elif tag == f"{_W}delText":
                continue  # deleted in tracked changes: not part of the document
        return "".join(parts)

    def cell_text(self, tc) -> str:
        fragments: list[str] = []
        for node in tc.iterchildren():
            if node.tag == f"{_W}p":
                fragments.append(self.paragraph_text(node))
            elif node.tag == f"{_W}tbl":  # nested table: its rows, flattened into the cell
                nested: list[str] = []
                self.table(node, nested)
                fragments.extend(line.replace("\t", " ") for line in nested)
            elif node.tag == f"{_W}sdt":
                content = node.find(f"{_W}sdtContent")
                if content is not None:
                    fragments.extend(self.paragraph_text(p) for p in content.iter(f"{_W}p"))
        return join_fragments(fragments)

    def table(self, tbl, lines: list[str]) -> None:
        above: dict[int, str] = {}  # grid column → text of the cell there in the previous row
        for tr in tbl.iterchildren(f"{_W}tr"):
            cells: list[str] = []
            column = 0
            row_texts: dict[int, str] = {}
            for tc in _row_cells(tr):
                props = tc.find(f"{_W}tcPr")
                span = 1
                merge = None
                if props is not None:
                    grid_span = props.find(f"{_W}gridSpan")
                    if grid_span is not None:
                        try:
                            span = max(1, int(grid_span.get(f"{_W}val", "1")))
                        except ValueError:
                            span = 1
                    vmerge = props.find(f"{_W}vMerge")
                    if vmerge is not None:
                        merge = vmerge.get(f"{_W}val", "continue")
                if merge == "continue":
                    text = above.get(column, "")
                else:
                    text = self.cell_text(tc)
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
        if node.tag == f"{_W}tc":
            yield node
        elif node.tag == f"{_W}sdt":
            content = node.find(f"{_W}sdtContent")
            if content is not None:
                yield from content.iterchildren(f"{_W}tc")

"""HTML reader: the page's main content as lines.

Decoding follows the BOM, then ``<meta charset>`` (GB2312/GBK read as GB18030), then the
same detection as plain text. Scripts, styles, navigation, page header/footer and asides
are dropped; if the page has a ``<main>``/``<article>`` holding most of its text, only that
is read. Block elements become lines, ``<br>`` breaks a line, a table row becomes one
line with its cells joined by ``\\t``.
"""

from __future__ import annotations

import codecs
import re

from graphkit.errors import DocumentError
from graphkit.loaders.readers.common import Document, join_fragments, normalise_newlines, tidy_lines
from graphkit.loaders.readers.plain import decode_bytes
from graphkit.model import ExtractWarning

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_GB_FAMILY = {"gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "ms936", "gb18030", "euc-cn", "x-euc-cn"}
_DROP = ["script", "style", "noscript", "template", "iframe", "svg", "nav", "aside", "head", "button",
         "select", "object", "embed", "canvas"]
_CHROME = ["header", "footer"]
_BLOCKS = {
    "address", "article", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "form", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "html", "legend", "li", "main", "ol", "p", "pre", "section", "summary", "ul",
}
_WIDE = r"\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
_SEGMENT_BREAK = re.compile(f"(?<=[{_WIDE}])[ \\t\\r\\f]*\\n\\s*(?=[{_WIDE}])")
_SPACES = re.compile(r"[ \t\r\n\f]+")


def read_html(raw: bytes, source: str) -> Document:
    text, encoding, warnings = decode_html(raw, source)
    try:
        from bs4 import BeautifulSoup
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise DocumentError("beautifulsoup4 is not installed", path=source) from exc
    try:
        soup = BeautifulSoup(text, "lxml")
    except Exception as exc:  # lxml missing or a parser crash: one line
        raise DocumentError(f"not a readable HTML file ({type(exc).__name__})", path=source) from exc
    root = _main_content(soup)
    for name in _DROP:
        for node in root.find_all(name):
            node.decompose()
    if root.name in ("body", "html", "[document]"):
        for name in _CHROME:
            for node in root.find_all(name):
                node.decompose()
    renderer = _Renderer()
    renderer.walk(root)
    renderer.flush()
    body = tidy_lines(normalise_newlines("\n".join(renderer.lines)).split("\n"))
    return Document(body, "html", encoding, warnings)


def decode_html(raw: bytes, source: str) -> tuple[str, str, list[ExtractWarning]]:
    """BOM → declared ``<meta charset>`` → detection (as for plain text)."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            try:
                return raw.decode(encoding), encoding, []
            except UnicodeDecodeError:
                break
    match = _META_CHARSET.search(raw[:8192])
    warnings: list[ExtractWarning] = []
    if match:
        declared = match.group(1).decode("ascii", "replace").lower()
        encoding = "gb18030" if declared in _GB_FAMILY else declared
        try:
            return raw.decode(encoding), encoding, []
        except LookupError:
            warnings.append(ExtractWarning(None, f"unknown declared charset {declared!r}; detecting", "decode"))
        except UnicodeDecodeError:
            warnings.append(ExtractWarning(None, f"bytes do not match the declared charset {declared!r}; detecting",
                                           "decode"))
    text, encoding, more = decode_bytes(raw, source)
    return text, encoding, warnings + more


def _main_content(soup):
    body = soup.body or soup
    total = len(body.get_text(strip=True))
    best = None
    for node in soup.find_all(["main", "article"]) + soup.find_all(attrs={"role": "main"}):
        size = len(node.get_text(strip=True))
        if total and size >= 0.5 * total and (best is None or size > best[0]):
            best = (size, node)
    return best[1] if best else body


class _Renderer:
    """Walks the tree, collecting lines; inline text accumulates until a block boundary."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.buffer: list[str] = []

    def flush(self) -> None:
        text = _collapse("".join(self.buffer))
        self.buffer = []
        if text.strip():
            self.lines.append(text.strip())

    def walk(self, node) -> None:
        """Depth-first without recursion (pages nest thousands of tags deep)."""
        from bs4 import NavigableString, Tag
        from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

        FLUSH, END_PRE = object(), object()
        stack: list = list(reversed(list(node.children)))
        pre_depth = 0
        while stack:
            child = stack.pop()
            if child is FLUSH:
                self.flush()
                continue
            if child is END_PRE:
                pre_depth -= 1
                for line in "".join(self.buffer).split("\x00"):
                    if line.strip():
                        self.lines.append(line.rstrip())
                self.buffer = []
                continue
            if isinstance(child, (Comment, Declaration, Doctype, ProcessingInstruction)):
                continue
            if isinstance(child, NavigableString):
                self.buffer.append(str(child).replace("\n", "\x00") if pre_depth else str(child))
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name
            children = list(reversed(list(child.children)))
            if name == "br":
                if pre_depth:
                    self.buffer.append("\x00")
                else:
                    self.flush()
            elif name == "table":
                self.flush()
                self.lines.extend(_table_lines(child))
            elif name == "pre":
                self.flush()
                pre_depth += 1
                stack.append(END_PRE)
                stack.extend(children)
            elif name in _BLOCKS and not pre_depth:
                self.flush()
                stack.append(FLUSH)
                stack.extend(children)
            else:
                stack.extend(children)


def _collapse(text: str) -> str:
    """HTML whitespace: a line break between two CJK characters vanishes, other runs → one space."""
    text = text.replace("\xa0", " ")
    text = _SEGMENT_BREAK.sub("", text)
    return _SPACES.sub(" ", text)


def _table_lines(table) -> list[str]:
    """One line per row; a cell spanning columns appears once, one spanning rows repeats."""
    lines = []
    carried: dict[int, tuple[str, int]] = {}  # column → (text, rows still spanned)
    for tr in table.find_all("tr"):
        if tr.find_parent("table") is not table:
            continue  # a nested table's row: rendered inside its cell
        cells: list[str] = []
        column = 0
        for cell in tr.find_all(["td", "th"], recursive=False):
            while column in carried:
                cells.append(_carry(carried, column))
                column += 1
            inner = _Renderer()
            inner.walk(cell)
            inner.flush()
            text = join_fragments(inner.lines)
            cells.append(text)
            rows = _int_attr(cell, "rowspan")
            span = _int_attr(cell, "colspan")
            for offset in range(span):
                if rows > 1:
                    carried[column + offset] = (text if offset == 0 else "", rows - 1)
            column += span
        for leftover in sorted(c for c in carried if c >= column):
            cells.append(_carry(carried, leftover))
        cells = [c for c in cells if c is not None]
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            lines.append("\t".join(cells))
    if not lines:  # a table without rows: still keep its text
        text = _collapse(table.get_text(" "))
        if text.strip():
            lines.append(text.strip())
    return lines


def _carry(carried: dict[int, tuple[str, int]], column: int) -> str | None:
    """Text a row-spanning cell lends to this row (None for the extra columns it spans)."""
    text, remaining = carried[column]
    if remaining <= 1:
        del carried[column]
    else:
        carried[column] = (text, remaining - 1)
    return text if text else None


def _int_attr(cell, name: str) -> int:
    try:
        return max(1, min(int(str(cell.get(name, "1")).strip() or 1), 1000))
    except ValueError:
        return 1

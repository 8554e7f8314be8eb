"""The parts of a .docx package the Word reader reads: the document body, numbering and styles.

A .docx is a zip of XML parts tied together by relationship files (``_rels/.rels`` names the
main document part, ``word/_rels/document.xml.rels`` its numbering and styles parts). Only these
parts are read, with lxml's plain elements: python-docx's object model parses every part of the
package into a class per element, several times slower, for an API the reader does not use.
The numbering and styles parts (the styles often the largest: Word's template writes ~400 KB of
them) are handed over unread, for :class:`~.word_numbering.Numbering` to read only when a
paragraph could be numbered. The parser settings are python-docx's (blank text between tags
dropped, entities not resolved), so the text read is the same.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Callable
from typing import NamedTuple

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
# relationship types end so in both the transitional and the strict OOXML vocabularies
_MAIN, _NUMBERING, _STYLES = "/officeDocument", "/numbering", "/styles"
_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True)


class NotWordDocument(ValueError):
    """The bytes are a zip but not a Word document (no main part, or it is no ``w:document``)."""


class WordParts(NamedTuple):
    body: etree._Element | None  # w:body (None: the document has no body)
    numbering: Callable[[], bytes | None]  # reads the w:numbering part (None: none, or unreadable), unparsed
    styles: Callable[[], bytes | None]  # reads the w:styles part, the same way


def read_parts(raw: bytes) -> WordParts:
    """The body of a .docx, and readers of its numbering and styles parts. Raises
    ``zipfile.BadZipFile``, ``KeyError`` (the main part is missing), ``lxml.etree.XMLSyntaxError``
    (in the body) or :class:`NotWordDocument`."""
    with zipfile.ZipFile(io.BytesIO(raw)) as package:
        main = _target(package, "_rels/.rels", "", _MAIN)
        if main is None:
            raise NotWordDocument("no main document part")
        document = parse_xml(package.read(main))
        if document.tag != f"{W}document":
            raise NotWordDocument(f"the main part is not a Word document ({etree.QName(document).localname})")
        folder, name = posixpath.split(main)
        rels = posixpath.join(folder, "_rels", name + ".rels")
        numbering = _target(package, rels, folder, _NUMBERING)
        styles = _target(package, rels, folder, _STYLES)
        return WordParts(document.find(f"{W}body"), _Part(raw, numbering), _Part(raw, styles))


class _Part:
    """A part of the package read when called: its bytes, or None when it is missing or unreadable
    (a part read on demand only refines the text, so it never refuses the document)."""

    def __init__(self, raw: bytes, name: str | None) -> None:
        self.raw = raw
        self.name = name

    def __call__(self) -> bytes | None:
        if self.name is None:
            return None
        try:
            with zipfile.ZipFile(io.BytesIO(self.raw)) as package:
                return package.read(self.name)
        except (KeyError, OSError, ValueError, zipfile.BadZipFile, EOFError, RuntimeError, NotImplementedError):
            return None


def child(element: etree._Element, tag: str) -> etree._Element | None:
    """``element.find(tag)`` for a plain tag: its first child of that tag (several times faster than
    ``find``, which goes through lxml's path language)."""
    for node in element:
        if node.tag == tag:
            return node
    return None


def parse_xml(data: bytes) -> etree._Element:
    """One part's XML (raises ``lxml.etree.XMLSyntaxError``)."""
    return etree.fromstring(data, _PARSER)


def _target(package: zipfile.ZipFile, rels: str, folder: str, kind: str) -> str | None:
    """The part name a relationship of type ``…kind`` in ``rels`` points to, if there is one."""
    try:
        data = package.read(rels)
    except KeyError:
        return None
    for rel in parse_xml(data).iterchildren(_RELATIONSHIP):
        if (rel.get("Type") or "").endswith(kind) and rel.get("TargetMode") != "External":
            target = rel.get("Target") or ""
            if target.startswith("/"):
                return posixpath.normpath(target[1:])
            return posixpath.normpath(posixpath.join(folder, target))
    return None

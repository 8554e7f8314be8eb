"""The parts of a .docx package the Word reader reads: the document body, numbering and styles.

A .docx is a zip of XML parts tied together by relationship files (``_rels/.rels`` names the
main document part, ``word/_rels/document.xml.rels`` its numbering and styles parts). Only these
parts are read, with lxml's plain elements: python-docx's object model parses every part of the
package into a class per element, several times slower, for an API the reader does not use.
The numbering and styles parts (the styles often the largest: Word's template writes ~400 KB of
them) are handed over unread, for :class:`~.word_numbering.Numbering` to read only when a
paragraph could be numbered; the main part's relationships, which name them, are read then too.
The parser settings are python-docx's (blank text between tags dropped, entities not resolved),
so the text read is the same.
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
        return WordParts(document.find(f"{W}body"), _Part(raw, main, _NUMBERING), _Part(raw, main, _STYLES))


class _Part:
    """The part of type ``…kind`` the main part's relationships name, read when called: its bytes,
    or None when it is missing or unreadable, or the relationships are (a part read on demand only
    refines the text, so it never refuses the document)."""

    def __init__(self, raw: bytes, main: str, kind: str) -> None:
        self.raw = raw
        self.main = main
        self.kind = kind

    def __call__(self) -> bytes | None:
        folder, name = posixpath.split(self.main)
        try:
            with zipfile.ZipFile(io.BytesIO(self.raw)) as package:
                target = _target(package, posixpath.join(folder, "_rels", name + ".rels"), folder, self.kind)
                return None if target is None else package.read(target)
        except (KeyError, OSError, ValueError, zipfile.BadZipFile, EOFError, RuntimeError, NotImplementedError,
                etree.XMLSyntaxError):
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

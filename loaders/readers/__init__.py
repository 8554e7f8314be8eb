"""Document readers: a file on disk → decoded text plus how it was read.

One reader per format — :mod:`.plain` (.txt), :mod:`.word` (.docx), :mod:`.pdf`,
:mod:`.web` (.html) — and :func:`read_document` picks by suffix. Each returns a
:class:`Document`; anything that cannot be read becomes a
:class:`~graphkit.errors.DocumentError` with a one-line message naming the file.

Line endings are normalised to ``\\n`` and a byte-order mark is dropped: the returned
``text`` is what every later span points into.
"""

from __future__ import annotations

from pathlib import Path

from graphkit.errors import DocumentError, EmptyDocument, UnsupportedDocument
from graphkit.loaders.readers.common import Document

TEXT_SUFFIXES = frozenset({".txt", ".text"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | {".docx", ".pdf", ".html", ".htm"}

__all__ = ["Document", "SUPPORTED_SUFFIXES", "read_bytes", "read_document"]


def read_document(path: str | Path) -> Document:
    """Read one document, choosing the reader by file suffix."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnsupportedDocument(
            f"unsupported file type {suffix or '(no suffix)'} (supported: .txt .docx .pdf .html .htm)",
            path=str(path),
        )
    if path.is_dir():
        raise DocumentError("is a directory, not a document", path=str(path))
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise DocumentError("no such file", path=str(path)) from exc
    except OSError as exc:
        raise DocumentError(exc.strerror or str(exc), path=str(path)) from exc
    return read_bytes(raw, suffix, str(path))


def read_bytes(raw: bytes, suffix: str, source: str) -> Document:
    """Read a document already in memory; ``suffix`` (".pdf" …) says which reader."""
    suffix = suffix.lower()
    if suffix in TEXT_SUFFIXES:
        from graphkit.loaders.readers.plain import read_text_bytes as reader
    elif suffix == ".docx":
        from graphkit.loaders.readers.word import read_docx as reader
    elif suffix == ".pdf":
        from graphkit.loaders.readers.pdf import read_pdf as reader
    elif suffix in (".html", ".htm"):
        from graphkit.loaders.readers.web import read_html as reader
    else:
        raise UnsupportedDocument(f"unsupported file type {suffix or '(no suffix)'}", path=source)
    try:
        doc = reader(raw, source)
    except RecursionError as exc:  # tables in tables in tables …: refuse, don't crash
        raise DocumentError("document nests too deeply to read", path=source) from exc
    if not doc.text.strip():
        raise EmptyDocument("no text in document", path=source)
    return doc

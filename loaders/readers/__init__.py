"""Document readers: a file on disk → decoded text plus how it was read.

One reader per format — :mod:`.plain` (.txt), :mod:`.word` (.docx), :mod:`.pdf`,
:mod:`.web` (.html) — and :func:`read_document` picks by suffix. Each returns a
:class:`Document`; anything that cannot be read becomes a
:class:`~graphkit.errors.DocumentError` with a one-line message naming the file.

Line endings are normalised to ``\\n`` and a byte-order mark is dropped: the returned
``text`` is what every later span points into.
"""

from __future__ import annotations

import os
from pathlib import Path

from graphkit.errors import ConfigError, DocumentError, DocumentTooLarge, EmptyDocument, UnsupportedDocument
from graphkit.loaders.readers.common import Document, drop_nul

TEXT_SUFFIXES = frozenset({".txt", ".text"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | {".docx", ".pdf", ".html", ".htm"}
# Real plans are well under 1 MB of file and 100,000 characters of text. Above the file limit
# a document is refused before it is read (memory stays bounded); above the text limit it is
# refused before parsing (~3 s for 400,000 characters, ~12 s for 2,000,000 on one core).
# Both can be changed in the environment (README: When things go wrong).
MAX_DOCUMENT_MB = 20.0
MAX_DOCUMENT_ENV = "GRAPHKIT_MAX_DOCUMENT_MB"
MAX_TEXT_CHARS = 2_000_000
MAX_TEXT_ENV = "GRAPHKIT_MAX_TEXT_CHARS"

__all__ = ["Document", "MAX_DOCUMENT_MB", "MAX_TEXT_CHARS", "SUPPORTED_SUFFIXES", "check_limits",
           "max_document_mb", "max_text_chars", "read_bytes", "read_document"]


def _positive(name: str, default: float, what: str) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = 0.0
    if not value > 0 or value == float("inf"):
        raise ConfigError(f"{name} must be a positive number of {what}, not {raw!r}")
    return value


def max_text_chars() -> int:
    """The text limit in characters: ``$GRAPHKIT_MAX_TEXT_CHARS`` or :data:`MAX_TEXT_CHARS`."""
    return int(_positive(MAX_TEXT_ENV, MAX_TEXT_CHARS, "characters"))


def check_limits() -> None:
    """Raise :class:`ConfigError` now if a limit in the environment is malformed."""
    max_document_mb()
    max_text_chars()


def max_document_mb() -> float:
    """The size limit in MB: ``$GRAPHKIT_MAX_DOCUMENT_MB`` or :data:`MAX_DOCUMENT_MB`."""
    return _positive(MAX_DOCUMENT_ENV, MAX_DOCUMENT_MB, "megabytes")


def read_document(path: str | Path) -> Document:
    """Read one document, choosing the reader by file suffix."""
    # the Path given keeps its printed name: one made anew from it parses the name again (~12 µs)
    path = path if isinstance(path, Path) else Path(path)
    name = str(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        if not path.exists():  # a mistyped folder, not a file type
            what = "broken symbolic link" if path.is_symlink() else "no such file or directory"
            raise DocumentError(what, path=name)
        raise UnsupportedDocument(
            f"unsupported file type {suffix or '(no suffix)'} (supported: .txt .docx .pdf .html .htm)",
            path=name,
        )
    try:  # one open and one fstat: a batch reads thousands of files (open refuses a directory)
        with open(name, "rb") as file:
            info = os.fstat(file.fileno())
            limit = max_document_mb()
            if info.st_size > limit * 2**20:
                raise DocumentTooLarge(f"too large ({info.st_size / 2**20:.1f} MB; the limit is {limit:g} MB, "
                                       f"set {MAX_DOCUMENT_ENV} to raise it)", path=name)
            raw = file.read()
    except IsADirectoryError as exc:
        raise DocumentError("is a directory, not a document", path=name) from exc
    except FileNotFoundError as exc:
        raise DocumentError("no such file", path=name) from exc
    except OSError as exc:
        raise DocumentError(exc.strerror or str(exc), path=name) from exc
    return read_bytes(raw, suffix, name)


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
    doc.text, notes = drop_nul(doc.text)
    if notes:  # NULs removed: the reader's bytes are not the text's any more
        doc.utf8 = None
    doc.warnings.extend(notes)
    if not doc.text or doc.text.isspace():  # (strip() would copy the text when it ends with a newline)
        raise EmptyDocument("no text in document", path=source)
    limit = max_text_chars()
    if len(doc.text) > limit:
        raise DocumentTooLarge(f"too much text ({len(doc.text):,} characters; the limit is {limit:,}, "
                               f"set {MAX_TEXT_ENV} to raise it)", path=source)
    return doc

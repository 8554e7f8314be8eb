"""Plain-text reader: detects the encoding (never assumes it)."""

from __future__ import annotations

import codecs
import re

from graphkit.errors import DocumentError
from graphkit.loaders.readers.common import Document, normalise_newlines
from graphkit.model import ExtractWarning

# Above this share of replaced or control characters the bytes are not a text document.
MAX_BAD_SHARE = 0.05
# Replacement warnings name at most this many lines, then one line sums up the rest.
MAX_LINE_WARNINGS = 5

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_CONTROL_BYTES = bytes(b for b in range(128) if _CONTROL.match(chr(b)))  # the same, as bytes

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: FF FE 00 00 starts both
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def read_text_bytes(raw: bytes, source: str) -> Document:
    text, encoding, warnings = decode_bytes(raw, source)
    lines = normalise_newlines(text)
    # strict UTF-8 without a BOM, and no line break or NUL to change: ``raw`` is the text's UTF-8
    # (normalise_newlines returns its argument when it changes nothing; a copy would only lose this)
    same = encoding == "utf-8" and lines is text and b"\x00" not in raw
    return Document(lines, "txt", encoding, warnings, utf8=raw if same else None)


def decode_bytes(raw: bytes, source: str) -> tuple[str, str, list[ExtractWarning]]:
    """Decode text bytes → ``(text, encoding, warnings)``.

    Order: strict UTF-8 → BOM (UTF-8/16/32) → strict GB18030 (covers GBK, GB2312) →
    charset-normalizer → UTF-8 or GB18030 with U+FFFD and a warning naming each damaged
    line. Binary content (NUL bytes without a UTF-16/32 BOM, mostly control characters)
    raises :class:`DocumentError`.
    """
    try:  # strict UTF-8 first (with or without its BOM): the common case
        encoding = "utf-8-sig" if raw.startswith(codecs.BOM_UTF8) else "utf-8"
        return _checked(raw.decode(encoding), encoding, source, raw), encoding, []
    except UnicodeDecodeError:
        pass
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return _checked(raw.decode(encoding), encoding, source), encoding, []
            except UnicodeDecodeError:
                break  # a BOM followed by garbage: fall through to the lenient path
    if b"\x00" in raw:
        raise DocumentError("binary file (NUL bytes), not a text document", path=source)
    try:
        return _checked(raw.decode("gb18030"), "gb18030", source), "gb18030", []
    except UnicodeDecodeError:
        pass
    guess = _charset_normalizer_guess(raw)
    if guess is not None:
        text, encoding = guess
        note = ExtractWarning(None, f"encoding guessed as {encoding} (not valid UTF-8 or GB18030)", "decode")
        return _checked(text, encoding, source), encoding, [note]
    return _decode_with_replacement(raw, source)


def _charset_normalizer_guess(raw: bytes) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None or best.encoding in ("utf_8", "gb18030"):  # already tried strictly
        return None
    try:
        return raw.decode(best.encoding), best.encoding
    except (UnicodeDecodeError, LookupError):
        return None


def _decode_with_replacement(raw: bytes, source: str) -> tuple[str, str, list[ExtractWarning]]:
    candidates = []
    for encoding in ("utf-8", "gb18030"):
        text = raw.decode(encoding, errors="replace")
        candidates.append((text.count("\ufffd"), encoding, text))
    _, encoding, text = min(candidates)
    text = _checked(text, encoding, source)
    damaged = [n for n, line in enumerate(normalise_newlines(text).split("\n"), 1) if "\ufffd" in line]
    warnings = [
        ExtractWarning(n, f"invalid {encoding} bytes replaced with U+FFFD", "decode")
        for n in damaged[:MAX_LINE_WARNINGS]
    ]
    if len(damaged) > MAX_LINE_WARNINGS:
        rest = len(damaged) - MAX_LINE_WARNINGS
        warnings.append(ExtractWarning(damaged[MAX_LINE_WARNINGS],
                                       f"{rest} more lines with invalid {encoding} bytes", "decode"))
    return text, encoding, warnings


def _checked(text: str, encoding: str, source: str, utf8: bytes | None = None) -> str:
    """Reject decoded text that is mostly control or replacement characters. ``utf8``: the bytes
    ``text`` was strictly decoded from as UTF-8, where the control characters are counted faster
    (in UTF-8 each is one byte of the same value, a value no multi-byte sequence uses)."""
    if text:
        if utf8 is not None:
            controls = len(utf8) - len(utf8.translate(None, _CONTROL_BYTES))
        else:
            controls = len(_CONTROL.findall(text))
        bad = controls + text.count("\ufffd")
        if bad > MAX_BAD_SHARE * len(text):
            raise DocumentError(f"not a text document (decoded as {encoding}, mostly control or invalid bytes)",
                                path=source)
    return text

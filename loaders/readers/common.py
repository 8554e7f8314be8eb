"""What every reader returns, and the small text helpers they share."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graphkit.model import ExtractWarning


@dataclass
class Document:
    """What a reader found: the text, the format it came from and how it was decoded."""

    text: str
    format: str  # "txt" | "docx" | "pdf" | "html"
    encoding: str | None = None
    warnings: list[ExtractWarning] = field(default_factory=list)
    # ``text`` encoded as UTF-8, when the reader has those bytes already (a strictly UTF-8 plain
    # text file that decoding changed in nothing): the plan id hashes them without encoding again.
    # None when unknown; whoever changes ``text`` after reading must reset it.
    utf8: bytes | None = field(default=None, repr=False, compare=False)


def normalise_newlines(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` → ``\\n``; a leading BOM is dropped."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" not in text:  # most files: one scan instead of two replace() scans
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def drop_nul(text: str) -> tuple[str, list[ExtractWarning]]:
    """Remove NUL characters (meaningless in a plan, and FalkorDB cannot store them); one
    warning names the first line that had one. Line numbers are unchanged."""
    if "\x00" not in text:
        return text, []
    line = text.count("\n", 0, text.index("\x00")) + 1
    count = text.count("\x00")
    note = ExtractWarning(line, f"{count} NUL character{'s' if count > 1 else ''} removed", "decode")
    return text.replace("\x00", ""), [note]


_CJK = r"\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_CHAR = re.compile(f"[{_CJK}]")


def join_fragments(parts: list[str]) -> str:
    """Join text fragments of one visual line: no space between CJK, one space otherwise."""
    out = ""
    for part in parts:
        part = " ".join(part.split())  # newlines and tabs inside a fragment become one space
        if not part:
            continue
        if out and not (_CJK_CHAR.match(out[-1]) or _CJK_CHAR.match(part[0])):
            out += " "
        out += part
    return out


def tidy_lines(lines: list[str]) -> str:
    """Strip trailing spaces, collapse runs of blank lines to one, trim blank ends."""
    out: list[str] = []
    for line in lines:
        line = line.rstrip()
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + ("\n" if out else "")

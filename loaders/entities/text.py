"""Character-level normalisation that keeps offsets: traditional → simplified, one quote style, no spaces.

``normalise`` maps each character to exactly one character, so offsets in the result are offsets in the input.
``compact`` additionally drops whitespace and quote marks and returns the offset map back to the input.
"""

from __future__ import annotations

from functools import lru_cache

import zhconv

QUOTES = "“”„‟「」『』\"'‘’‚‛〝〞＂＇《》〈〉"
DROP = set(QUOTES) | {" ", "\t", "\r", "\n", "\u3000", "\xa0", "\u2002", "\u2003", "\u200b", "\ufeff"}
_FULLWIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
_KEEP_FULLWIDTH = set("，、；：。（）！？")  # keep CJK punctuation as written (ASCII-ised digits and letters only)


@lru_cache(maxsize=65536)
def _char(c: str) -> str:
    if c in _FULLWIDTH and c not in _KEEP_FULLWIDTH:
        return _FULLWIDTH[c]
    if c < "\u3400":
        return c
    s = zhconv.convert(c, "zh-cn")
    return s if len(s) == 1 else c


def normalise(text: str) -> str:
    """Same length as ``text``: simplified characters, ASCII digits/letters/+ for full-width ones."""
    table = {ord(c): _char(c) for c in set(text)}
    return text.translate(table)


def compact(text: str) -> tuple[str, list[int]]:
    """Normalised text without whitespace or quotes, and for each kept character its offset in ``text``."""
    norm = normalise(text)
    keep = [i for i, c in enumerate(norm) if c not in DROP]
    return "".join(norm[i] for i in keep), keep


def compact_key(text: str) -> str:
    """Lookup key: normalised, no whitespace/quotes."""
    return compact(text)[0]

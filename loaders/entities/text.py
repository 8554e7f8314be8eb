"""Character-level normalisation that keeps offsets: traditional → simplified, one quote style, no spaces.

``normalise`` maps each character to exactly one character, so offsets in the result are offsets in the input.
``compact`` additionally drops whitespace and quote marks and returns the offset map back to the input
(``compact_text``: the same text without the map).
"""

from __future__ import annotations

import re
from bisect import bisect_right
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


_TABLE: dict[int, str] = {}  # only characters that change
_SEEN: set[str] = set()
_CHANGING: set[str] = set()


@lru_cache(maxsize=1)
def _changes() -> tuple[re.Pattern, dict[str, str]] | None:
    """A character class of every character ``_char`` changes, with its mapping; None when zhconv's
    table cannot be read (then :func:`normalise` learns the changing characters as it meets them)."""
    try:
        table = zhconv.zhconv.getdict("zh-cn")  # the table zhconv.convert reads
    except Exception:  # noqa: BLE001 - an unexpected zhconv layout only costs speed
        return None
    candidates = set(_FULLWIDTH) | {k for k in table if len(k) == 1}
    fold = {c: m for c in candidates if (m := _char(c)) != c}
    # characters beyond the BMP go in one range: a long list of them would make every test slow
    bmp = "".join(re.escape(c) for c in sorted(fold) if ord(c) <= 0xFFFF)
    return re.compile((f"[{bmp}]|" if bmp else "") + "[\U00010000-\U0010FFFF]"), fold


def normalise(text: str) -> str:
    """Same length as ``text``: simplified characters, ASCII digits/letters/+ for full-width ones."""
    changes = _changes()
    if changes is not None:  # no per-character Python work unless a character changes
        rx, fold = changes
        return rx.sub(lambda m: fold.get(m.group(), m.group()), text) if rx.search(text) else text
    chars = set(text)
    new = chars - _SEEN
    for c in new:
        mapped = _char(c)
        if mapped != c:
            _TABLE[ord(c)] = mapped
            _CHANGING.add(c)
    _SEEN.update(new)
    return text if chars.isdisjoint(_CHANGING) else text.translate(_TABLE)


def compact(text: str) -> tuple[str, list[int]]:
    """Normalised text without whitespace or quotes, and for each kept character its offset in ``text``."""
    norm = normalise(text)
    if not _DROP_ANY.search(norm):
        return norm, list(range(len(norm)))
    offsets: list[int] = []
    kept: list[str] = []
    for m in _KEEP_RUN.finditer(norm):
        start, end = m.span()
        offsets.extend(range(start, end))
        kept.append(norm[start:end])
    return "".join(kept), offsets


class Compacted:
    """``compact(text)`` with its offset map kept as runs of kept characters instead of one list entry per
    character (for long texts of which only a few offsets are ever looked up), made in one regex pass over
    the text (``compact`` makes two: one to normalise, one to find what to drop).

    ``flat`` is ``compact(text)[0]``; :meth:`offset` is ``compact(text)[1][c]``, :meth:`index` the number of
    kept characters before an offset in ``text``.
    """

    def __init__(self, text: str):
        # the k-th run of kept characters is text[self._orig[k]:self._ends[k]], at self._comp[k] in flat
        self._orig: list[int] = []
        self._comp: list[int] = []
        self._ends: list[int] = []
        events = _events()
        if events is None:  # zhconv's table unreadable: normalise, then walk the kept runs
            self._runs(normalise(text))
            return
        # one pass over the raw text finds what normalise changes and what compact drops: each match is a
        # changing character (kept, written normalised) or the start of a run of dropped ones
        rx, fold = events
        orig, comp, ends, kept = self._orig, self._comp, self._ends, []
        n = run = piece = 0  # kept characters so far; start of the current kept run; start of the unwritten text
        for m in rx.finditer(text):
            at, end = m.span()
            mapped = fold.get(text[at], text[at])
            if mapped not in _DROP_SET:  # a kept character that normalises to another one
                kept.append(text[piece:at])
                kept.append(mapped)
                piece = at = at + 1
                if at == end:
                    continue
            # text[at:end] is dropped
            if at > run:
                orig.append(run)
                comp.append(n)
                ends.append(at)
                n += at - run
            kept.append(text[piece:at])
            run = piece = end
        if len(text) > run:
            orig.append(run)
            comp.append(n)
            ends.append(len(text))
        kept.append(text[piece:])
        self.flat = "".join(kept)

    def _runs(self, norm: str) -> None:
        orig, comp, ends, kept, n = self._orig, self._comp, self._ends, [], 0
        for m in _KEEP_RUN.finditer(norm):
            start, end = m.span()
            orig.append(start)
            comp.append(n)
            ends.append(end)
            kept.append(norm[start:end])
            n += end - start
        self.flat = "".join(kept)

    def offset(self, c: int) -> int:
        """Offset in the text of flat[c]."""
        k = bisect_right(self._comp, c) - 1
        return self._orig[k] + c - self._comp[k]

    def index(self, x: int) -> int:
        """Number of kept characters before offset ``x`` of the text."""
        k = bisect_right(self._orig, x) - 1
        return 0 if k < 0 else self._comp[k] + min(x, self._ends[k]) - self._orig[k]


@lru_cache(maxsize=1)
def _events() -> tuple[re.Pattern, dict[str, str]] | None:
    """For :class:`Compacted`: a regex matching a character normalise changes to a kept one, or a run of
    characters compact drops (dropped as written or once normalised), with normalise's mapping."""
    changes = _changes()
    if changes is None:
        return None
    fold = changes[1]
    dropped = re.escape("".join(sorted(DROP | {c for c, mapped in fold.items() if mapped in DROP})))
    bmp = "".join(re.escape(c) for c in sorted(fold) if ord(c) <= 0xFFFF)  # as _changes: astral as one range
    return re.compile(f"[{bmp}{dropped}\U00010000-\U0010FFFF][{dropped}]*"), fold


def compact_text(text: str) -> str:
    """``compact(text)[0]`` without the offset map."""
    return _DROP_RE.sub("", normalise(text))


@lru_cache(maxsize=65536)
def compact_key(text: str) -> str:
    """Lookup key: normalised, no whitespace/quotes."""
    return _DROP_RE.sub("", normalise(text))


_DROP_SET = frozenset(DROP)
_DROP_CLASS = "[" + re.escape("".join(sorted(DROP))) + "]"
_KEEP_CLASS = "[^" + re.escape("".join(sorted(DROP))) + "]"
# "[x][x]*", not "[x]+": a pattern that starts with a plain character class lets the regex engine skip ahead
# to the next candidate character instead of trying the whole pattern at every position (same matches)
_DROP_RE = re.compile(_DROP_CLASS + _DROP_CLASS + "*")
_DROP_ANY = re.compile(_DROP_CLASS)
_KEEP_RUN = re.compile(_KEEP_CLASS + _KEEP_CLASS + "*")

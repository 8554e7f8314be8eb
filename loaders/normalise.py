"""Normalisation that keeps provenance: a cleaned string plus a map back to the original.

:func:`normalise` folds full-width ASCII forms to half-width (（一）→(一), ：→:, ；→;, ０→0),
maps bracket variants (〔〕【】［］﹙﹚) to ``()``, converts traditional characters to
simplified ones character by character (so one character stays one character), and drops
the spaces PDF extraction puts next to CJK characters ("牵 头单位" → "牵头单位").
Newlines and tabs are kept: they carry the layout the structure parser reads.

``Normalised.index[i]`` is the offset in the original text of normalised character ``i``;
:meth:`Normalised.span` turns a normalised ``(start, end)`` into original offsets, so every
span reported to the user points into the text they gave us.
"""

from __future__ import annotations

import bisect
import re
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final

# Bracket variants → ASCII parentheses (after full-width folding).
_BRACKETS: Final = {
    "〔": "(", "〕": ")", "【": "(", "】": ")", "［": "(", "］": ")",
    "﹙": "(", "﹚": ")", "〖": "(", "〗": ")", "[": "(", "]": ")",
    "｟": "(", "｠": ")", "⦅": "(", "⦆": ")",
}
# Other look-alike punctuation.
_PUNCT: Final = {
    "∶": ":", "︰": ":", "﹕": ":", "﹔": ";", "﹐": ",", "､": "、", "﹑": "、",
    "．": ".", "｡": "。", "\u00a0": " ", "\u3000": " ", "\u2002": " ", "\u2003": " ",
    "\u2009": " ", "\u200b": "", "\ufeff": "", "\r": "\n", "\x0c": "\n", "\u2028": "\n",
    "\u2029": "\n", "\x0b": "\n",
}
# the characters normalise may drop: spaces and what folds to a space or to nothing
_DROPPABLE: Final = "".join(c for c, f in [(" ", " "), *_PUNCT.items()] if f in (" ", ""))
_NEWLINE: Final = re.compile("\n")


# CJK ideographs and CJK/full-width punctuation: the neighbours of spurious PDF spaces
# (“ ” — … are general punctuation, U+2000–U+206F), as a regex character class
_CJK: Final = ("\u4e00-\u9fff\u3400-\u4dbf\u3000-\u303f\uf900-\ufaff\u2000-\u206f\uff00-\uffef"
        "\U00020000-\U0002ffff" + re.escape("()、:;,。%"))


@lru_cache(maxsize=8192)
def fold_char(ch: str) -> str:
    """One character's normal form ("" to drop it); never more than one character."""
    if ch in _PUNCT:
        return _PUNCT[ch]
    o = ord(ch)
    if 0xFF01 <= o <= 0xFF5E:
        ch = chr(o - 0xFEE0)
    if ch in _BRACKETS:
        return _BRACKETS[ch]
    if 0x3400 <= ord(ch) <= 0x9FFF or 0xF900 <= ord(ch) <= 0xFAFF:
        return _simplified(ch)
    return ch


@lru_cache(maxsize=None)
def _zhconv():
    try:
        import zhconv  # noqa: PLC0415
    except ImportError:  # pragma: no cover - zhconv is a declared dependency
        return None
    return zhconv


def _simplified(ch: str) -> str:
    zc = _zhconv()
    if zc is None:
        return ch
    try:
        out = zc.convert(ch, "zh-cn")
    except Exception:  # noqa: BLE001 - a conversion table quirk must never stop extraction
        return ch
    return out if len(out) == 1 else ch


@dataclass(slots=True)
class Normalised:
    """Normalised text plus, for each of its characters, the original offset (``len(index) ==
    len(text)``: the hot paths read the text's length, a native operation, not the index's)."""

    original: str
    text: str
    # a range when no character was dropped, else an array
    index: array | range = field(repr=False)
    _newlines: list[int] | None = field(default=None, repr=False)  # made by the first line_of()

    def orig(self, i: int) -> int:
        """Original offset of normalised position ``i`` (``len(text)`` maps to the end)."""
        index = self.index
        if i >= len(index):
            return len(self.original)
        return index[i if i > 0 else 0]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``(start, end)`` covering normalised characters ``start:end``."""
        if end <= start:
            o = self.orig(start)
            return (o, o)
        return (self.orig(start), self.index[min(end, len(self.index)) - 1] + 1)

    def line_of(self, orig_offset: int) -> int:
        """1-based line number of an original offset."""
        newlines = self._newlines
        if newlines is None:
            newlines = self._newlines = [m.start() for m in _NEWLINE.finditer(self.original)]
        return bisect.bisect_right(newlines, orig_offset - 1) + 1


class _FoldTable(dict):
    """``str.translate`` table filled on demand from :func:`fold_char` (code point → string)."""

    def __missing__(self, o: int) -> str:
        f = self[o] = fold_char(chr(o))
        return f


_FOLD: Final = _FoldTable()


@lru_cache(maxsize=1)
def _changes() -> tuple[re.Pattern, dict[str, str]] | None:
    """A character class of every character :func:`fold_char` changes (one group), with its fold;
    None when zhconv's table cannot be read (then :data:`_FOLD` folds each character)."""
    zc = _zhconv()
    try:
        table = zc.zhconv.getdict("zh-cn")  # the table zhconv.convert reads
    except Exception:  # noqa: BLE001 - an unexpected zhconv layout only costs speed
        return None
    candidates = set(_PUNCT) | set(_BRACKETS) | {chr(o) for o in range(0xFF01, 0xFF5F)}
    candidates |= {k for k in table if len(k) == 1}
    fold = {c: f for c in candidates if (f := fold_char(c)) != c}
    # characters beyond the BMP, if any change, go in one range: a long list of them would make every
    # test slow, and with none (zhconv's table has none) the class has no range that every character
    # is tested against in vain; one class, not an alternation, so the regex engine skips unchanged
    # characters in a tight loop
    bmp = "".join(re.escape(c) for c in sorted(fold) if ord(c) <= 0xFFFF)
    beyond = "\U00010000-\U0010FFFF" if any(ord(c) > 0xFFFF for c in fold) else ""
    return re.compile(f"([{bmp}{beyond}])"), fold  # a group: split() keeps each hit


# Full-width punctuation common in plans (，（）．：；), with its one-character fold: normalise
# replaces these before its regex scan (1 character for 1, so offsets are unchanged).
_FREQUENT: Final = [(c, fold_char(c)) for c in "\uff0c\uff08\uff09\uff0e\uff1a\uff1b"]


# The runs of spaces normalise drops or shortens: a run with a CJK character, a line break, a tab
# or the text's end on either side is dropped (group 1 unmatched); a longer run between two other
# characters becomes one space (group 1). Each branch goes on from the run's first space, written
# as a literal, so the regex engine skips to each space at memchr speed.
_SPACE_RUN: Final = re.compile(f" (?:(?<![^\n\t{_CJK}] ) *| *(?![^\n\t{_CJK}])|( ) *)")
_IOTA = array("q")  # 0, 1, 2 …: slices of it are runs of offsets, copied without an int object each


def _iota(n: int) -> array:
    """:data:`_IOTA`, at least ``n`` long (a new, longer array when it is not: views of the old
    one may still be alive, and an array with views cannot grow)."""
    global _IOTA
    if len(_IOTA) < n:
        _IOTA = array("q", range(max(n, 2 * len(_IOTA))))
    return _IOTA


def normalise(original: str) -> Normalised:
    """Fold widths, brackets and traditional forms; drop spaces next to CJK characters."""
    changes = _changes()
    parts: list[str] | None = None
    if changes is None:
        folded = original.translate(_FOLD)
    else:  # most characters fold to themselves: visit only the others
        fold = changes[1]
        # the punctuation most plans are full of first, one str.replace each (a fast scan, and no
        # regex match per hit), so the regex below finds few hits
        folded = original
        for c, f in _FREQUENT:
            folded = folded.replace(c, f)
        parts = changes[0].split(folded)  # text, changed character, text, … (no call per hit)
        changed = parts[1::2]
        parts[1::2] = map(fold.get, changed, changed)  # fold.get(c, c) for each
        folded = "".join(parts)
    if len(folded) == len(original):  # nothing dropped: folded[i] comes from original[i]
        index: array | range = range(len(original))
    elif parts is not None:
        # a changed character folded to nothing was dropped: the kept offsets run by run (each text
        # between two changed characters is kept whole; a changed character is one offset)
        iota = memoryview(_iota(len(original)))
        kept_runs: list[memoryview] = []
        at = 0
        for k, part in enumerate(parts):
            if part:
                kept_runs.append(iota[at:at + len(part)])  # a kept changed character: len(part) == 1
            at += len(part) if k % 2 == 0 else 1
        index = array("q")
        index.frombytes(b"".join(kept_runs))
    else:
        chars: list[str] = []
        kept_at: list[int] = []
        for i, ch in enumerate(original):
            f = fold_char(ch)
            if f:
                chars.append(f)
                kept_at.append(i)
        folded = "".join(chars)
        index = array("q", kept_at)
    # Drop runs of spaces that touch a CJK character on either side (PDF artefacts);
    # spaces between two Latin words/digits stay (a run of them becomes one space).
    n = len(folded)
    out_c: list[str] = []
    # the kept characters' offsets: runs of them (views into an array, nothing copied yet) joined
    # once at the end (extending an array run by run would copy it again and again as it grows)
    out_i: list[memoryview] = []
    runs = memoryview(_iota(n) if type(index) is range else index)  # index[i] == runs[i]
    last = 0
    for m in _SPACE_RUN.finditer(folded):
        j, k = m.span()
        out_c.append(folded[last:j])
        out_i.append(runs[last:j])
        if m.lastindex:  # kept as one space, the run's first
            out_c.append(" ")
            out_i.append(runs[j:j + 1])
        last = k
    if last == 0:
        return Normalised(original, folded, index)
    out_c.append(folded[last:])
    out_i.append(runs[last:n])
    kept = array("q")
    kept.frombytes(b"".join(out_i))
    return Normalised(original, "".join(out_c), kept)


class Piece:
    """A run of normalised text with each character's normalised offset.

    Most pieces are a run of the normalised text (a line, a cell, a slice of one): their
    offsets are ``start … stop - 1``, held as two ints (``runs`` is None). A piece joined from
    several runs keeps them in ``runs``, flat ``(start, length)`` pairs in text order (start -1:
    that many separator characters, which are not in the document), so it still maps every
    character back (via :class:`Normalised`) to the original document without an offset per
    character. ``pos`` gives the offsets either way (a ``range`` for a run, else a tuple with -1
    for a separator); compare positions with ``tuple(p.pos)``.
    Immutable by convention. Compiled by mypyc (see loaders/native.py) it is a native class:
    its fields read, and :meth:`cut` and :meth:`sub` run, at C speed with unboxed ints; ``p[a:b]``
    works on any piece but builds a slice object first.
    """

    __slots__ = ("text", "start", "stop", "runs")

    text: str
    start: int  # a run's first offset (0 when runs holds them)
    stop: int  # a run's end offset
    runs: tuple[int, ...] | None  # (start, length) pairs of a joined piece, or None for a run

    def __init__(self, text: str, start: int, stop: int, runs: tuple[int, ...] | None = None) -> None:
        self.text = text
        self.start = start
        self.stop = stop
        self.runs = runs

    @classmethod
    def of(cls, norm: Normalised, start: int, end: int) -> Piece:
        return Piece(norm.text[start:end], start, end)

    @property
    def pos(self) -> Sequence[int]:
        """Each character's normalised offset: a ``range`` for a run, else a tuple (-1: a separator)."""
        runs = self.runs
        if runs is None:
            return range(self.start, self.stop)
        out: list[int] = []
        for i in range(0, len(runs), 2):
            s, n = runs[i], runs[i + 1]
            out.extend(range(s, s + n) if s >= 0 else [-1] * n)
        return tuple(out)

    def __repr__(self) -> str:
        return f"Piece({self.text!r}, {self.pos!r})"

    def __len__(self) -> int:
        return len(self.text)

    def __getitem__(self, key: slice) -> Piece:
        a, b, step = key.indices(len(self.text))
        if step == 1:
            return self.cut(a, b)
        return piece_at(self.text[key], self.pos[key])

    def cut(self, a: int, b: int) -> Piece:
        """``self[a:b]`` for ``0 <= a``, ``0 <= b`` (clamped to the text, as a slice is), without a
        slice object."""
        n = len(self.text)
        if b > n:
            b = n
        if a > b:
            a = b
        return self.sub(self.text[a:b], a, b)

    def sub(self, text: str, a: int, b: int) -> Piece:
        """The piece of ``text``, which is ``self.text[a:b]`` (0 <= a <= b <= len), found elsewhere:
        :meth:`cut` without slicing the text again."""
        runs = self.runs
        if runs is None:
            start = self.start
            return Piece(text, start + a, start + b)
        out: list[int] = []
        at = 0
        for i in range(0, len(runs), 2):
            if at >= b:
                break
            s, n = runs[i], runs[i + 1]
            lo = a if a > at else at
            hi = b if b < at + n else at + n
            if lo < hi:
                _add_run(out, s + (lo - at) if s >= 0 else -1, hi - lo)
            at += n
        return _of_runs(text, out)

    def offset(self, k: int) -> int:
        """Character ``k``'s offset (``0 <= k < len``; -1 for a separator)."""
        runs = self.runs
        if runs is None:
            return self.start + k
        for i in range(0, len(runs), 2):
            s, n = runs[i], runs[i + 1]
            if k < n:
                return s + k if s >= 0 else -1
            k -= n
        raise IndexError("piece offset out of range")

    def first_offset(self) -> int:
        """The first character's offset that is not a separator's (-1 when there is none)."""
        runs = self.runs
        if runs is None:
            return self.start if self.stop > self.start else -1
        for i in range(0, len(runs), 2):
            if runs[i] >= 0:
                return runs[i]
        return -1

    def strip(self, chars: str | None = None) -> Piece:
        s = self.text
        kept = s.strip() if chars is None else s.strip(chars)  # (each a native call, compiled)
        if kept is s:
            return self  # immutable: nothing to strip
        if not kept:
            return _EMPTY
        a = s.find(kept)  # where the kept run starts: its first character is not a stripped one
        return self.sub(kept, a, a + len(kept))

    def __add__(self, other: Piece) -> Piece:
        return join_pieces([self, other])

    def find(self, sub: str, start: int = 0) -> int:
        return self.text.find(sub, start)

    def norm_span(self) -> tuple[int, int]:
        """The smallest and one past the largest offset of the piece's real characters ((0, 0): none)."""
        runs = self.runs
        if runs is None:
            return (self.start, self.stop) if self.stop > self.start else (0, 0)
        first = last = -1
        for i in range(0, len(runs), 2):
            s = runs[i]
            if s >= 0:
                e = s + runs[i + 1]
                if first < 0 or s < first:
                    first = s
                if e > last:
                    last = e
        return (first, last) if first >= 0 else (0, 0)


_EMPTY = EMPTY = Piece("", 0, 0)


def _add_run(runs: list[int], start: int, n: int) -> None:
    """Append ``n`` offsets from ``start`` (-1: separators) to flat (start, length) pairs, extending
    the last pair when they continue it."""
    if n <= 0:
        return
    if runs:
        last, count = runs[-2], runs[-1]
        if (last < 0 and start < 0) or (last >= 0 and start == last + count):
            runs[-1] = count + n
            return
    runs.append(start if start >= 0 else -1)
    runs.append(n)


def _of_runs(text: str, runs: list[int]) -> Piece:
    """A piece of ``text`` over flat (start, length) pairs: a plain run when there is one real run."""
    if not runs:
        return Piece(text, 0, 0)
    if len(runs) == 2 and runs[0] >= 0:
        return Piece(text, runs[0], runs[0] + runs[1])
    return Piece(text, 0, 0, tuple(runs))


def separator(text: str) -> Piece:
    """A piece of characters that are not in the document (each offset -1), put between pieces."""
    return Piece(text, 0, 0, (-1, len(text))) if text else _EMPTY


def piece_at(text: str, pos: Sequence[int]) -> Piece:
    """A piece of ``text`` at offsets ``pos`` (one per character, -1 for a separator)."""
    if type(pos) is range and pos.step == 1:
        return Piece(text, pos.start, max(pos.start, pos.stop))
    runs: list[int] = []
    for p in pos:
        _add_run(runs, p, 1)
    return _of_runs(text, runs)


def join_pieces(pieces: list[Piece], sep: str = "") -> Piece:
    """Concatenate pieces; ``sep`` characters get offset -1 (they are not in the document)."""
    live = [p for p in pieces if p.text]
    if not live:
        return _EMPTY
    if len(live) == 1:
        return live[0]
    runs: list[int] = []
    for k, p in enumerate(live):
        if sep and k:
            _add_run(runs, -1, len(sep))
        prs = p.runs
        if prs is None:
            _add_run(runs, p.start, p.stop - p.start)
        else:
            for i in range(0, len(prs), 2):
                _add_run(runs, prs[i], prs[i + 1])
    return _of_runs(sep.join([p.text for p in live]), runs)


def original_span(norm: Normalised, piece: Piece) -> tuple[int, int]:
    """Original ``(start, end)`` covering a piece (first to last character)."""
    if piece.runs is None:  # a run: offsets start … stop - 1
        a = piece.start
        b = piece.stop - 1
        index = norm.index
        if 0 <= a <= b < len(norm.text):  # the common case: both ends inside the text (len(index))
            return (index[a], index[b] + 1)
        if b < a:
            return (0, 0)
        return (norm.orig(a), norm.orig(b) + 1)
    first, end = piece.norm_span()
    if end == 0:
        return (0, 0)
    return (norm.orig(first), norm.orig(end - 1) + 1)


def _cleaned(s: str) -> str:
    """Original characters as reported: no line breaks or tabs inside, no spaces around."""
    if "\n" in s or "\t" in s or "\r" in s:
        s = s.replace("\n", "").replace("\t", "").replace("\r", "")
    return s.strip()


def original_text_span(norm: Normalised, piece: Piece) -> tuple[str, tuple[int, int]]:
    """``(original_text(norm, piece), original_span(norm, piece))``: for the common case, a run of
    the text whose original characters are contiguous (as most mentions are), the text is the span's."""
    span = original_span(norm, piece)
    if (piece.runs is None and 0 <= piece.start < piece.stop <= len(norm.text)
            and span[1] - span[0] == piece.stop - piece.start):
        return _cleaned(norm.original[span[0]:span[1]]), span  # nothing dropped inside the run
    return original_text(norm, piece), span


def original_text(norm: Normalised, piece: Piece) -> str:
    """The piece as the author wrote it: original characters, minus dropped spaces and soft joins
    (a space between joined cells is kept, other separators are not)."""
    runs = piece.runs
    if runs is None:
        if 0 <= piece.start < piece.stop <= len(norm.text):  # the common case
            return _cleaned(_run_text(norm, piece.start, piece.stop))
        runs = (piece.start, piece.stop - piece.start)  # an empty run or one reaching past the text
    out: list[str] = []
    n_index = len(norm.text)  # == len(norm.index), read at C speed
    at = 0
    for i in range(0, len(runs), 2):
        s, n = runs[i], runs[i + 1]
        if s < 0:
            out.append(" " * piece.text.count(" ", at, at + n))  # a separator between table cells
        else:
            e = s + n if s + n <= n_index else n_index  # offsets past the text have no original
            if s < e:
                out.append(_run_text(norm, s, e))
        at += n
    return _cleaned("".join(out))


def _run_text(norm: Normalised, a: int, b: int) -> str:
    """The original characters of normalised offsets a … b - 1 (0 <= a < b <= len(text)), one for
    each: the original run between them minus the characters normalise dropped."""
    index = norm.index
    ia = index[a]
    ib = index[b - 1] + 1
    s = norm.original[ia:ib]
    if ib - ia != b - a:  # characters were dropped inside the run
        if " " not in norm.text[a:b]:
            # no space kept in a … b: every droppable character of its original run was dropped
            # str.replace, not a regex class (a far faster scan of CJK text), until as many
            # characters are gone as the run lost (most runs lose only spaces)
            lost = (ib - ia) - (b - a)
            for c in _DROPPABLE:
                n = len(s)
                s = s.replace(c, "")
                lost -= n - len(s)
                if lost <= 0:
                    break
        else:
            original = norm.original
            s = "".join([original[index[p]] for p in range(a, b)])
    return s

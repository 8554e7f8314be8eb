"""Responsible units: split "X牵头，Y按职责分工负责" / "(牵头单位:X;责任单位:Y;完成时限:Z)" into mentions.

Works on :class:`~graphkit.loaders.normalise.Piece` objects (normalised text that knows its
offsets) so each :class:`~graphkit.model.Unit` gets a span in the original document.
Vocabulary (role words, labels, collective placeholders, agency suffixes) lives in
``loaders/data/units.json``.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Final

from graphkit.loaders.memo import clear_per_plan, per_plan_dict
from graphkit.loaders.normalise import Normalised, Piece, original_text, original_text_span
from graphkit.model import Unit


@lru_cache(maxsize=1)
def vocab() -> dict:
    """The vocabulary table from ``loaders/data/units.json``."""
    text = resources.files("graphkit.loaders").joinpath("data/units.json").read_text("utf-8")
    return json.loads(text)


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _rx() -> dict[str, re.Pattern]:
    v = vocab()
    labels = (v["lead_labels"] + v["support_labels"] + v["responsible_labels"] + v["deadline_labels"]
              + v["ignored_labels"])
    return {
        "label": re.compile(r"(" + _alt(labels) + r")\s*[:]"),
        "lead_role": re.compile(r"(?:" + _alt(v["lead_roles"]) + r")$"),
        "support_role": re.compile(r"(?:" + _alt(v["support_roles"]) + r")$"),
        "plain_role": re.compile(r"(?:" + _alt(v["plain_roles"]) + r")$"),
        "etc": re.compile(v["trailing_etc"]),
        "deadline": re.compile(v["deadline_cue"]),
        "deadline_cell": re.compile(v["deadline_cell"]),
        "protected": re.compile(_alt(v["protected_lists"])),
        "no_inherit": re.compile(_alt(v["no_inherit_markers"])),
        "prefix": re.compile(v["level_prefix_regex"]),
        # any of lead_role / support_role / plain_role / etc (a cheap test before trying each);
        # "word$|word$|…" rather than "(?:word|…)$" so the engine can skip on the first character
        "role_or_etc": re.compile("|".join(re.escape(w) + "$" for w in sorted(
            v["lead_roles"] + v["support_roles"] + v["plain_roles"], key=len, reverse=True))
            + "|" + v["trailing_etc"]),
    }


_RX: Final = _rx()  # built once (as are the tables below): the hot paths read them directly, not through a call


class Words:
    """Literal words, for the answers of ``re.match("(?:w1|w2|…)", text)`` (:meth:`starts`) and
    ``re.search("(?:w1|w2|…)$", text)`` (:meth:`ends`) as string tests: only the words sharing the
    text's first (last) character are compared, where the regex engine tries every alternative
    (at every position, for a search). No word may end in a line break."""

    def __init__(self, words: list[str] | tuple[str, ...]) -> None:
        self.words = tuple(words)
        self.empty = "" in self.words  # an empty word is at the start and end of any text
        by_first: dict[str, list[str]] = {}
        by_last: dict[str, list[str]] = {}
        for w in self.words:
            if w:
                by_first.setdefault(w[0], []).append(w)
                by_last.setdefault(w[-1], []).append(w)
        self.by_first = {c: tuple(ws) for c, ws in by_first.items()}
        self.by_last = {c: tuple(ws) for c, ws in by_last.items()}

    def starts(self, text: str) -> bool:
        if not text:
            return self.empty
        words = self.by_first.get(text[0])
        return (words is not None and text.startswith(words)) or self.empty

    def ends(self, text: str) -> bool:
        if text.endswith("\n"):  # re's "$" matches at the end and just before a final line break
            text = text[:-1]
        if not text:
            return self.empty
        words = self.by_last.get(text[-1])
        return (words is not None and text.endswith(words)) or self.empty


_VERB_STARTS: Final = Words(vocab()["not_unit_starts"])
_AGENCY_SUFFIXES: Final = Words(vocab()["agency_suffixes"])
_COLLECTIVE_ENDS: Final = Words(["部门", "单位", "机构", "政府", "银行", "企业", "公司", "委", "局", "办"])


class _Generic:
    """``generic_patterns`` (units.json) sorted by what they need: literal words found anywhere, at
    the start (``^word``) or at the end (``word$``) are string tests; the rest one regex. Together
    they answer as ``re.search("|".join(patterns), text)`` does (tests/test_units.py holds them to it)."""

    def __init__(self, patterns: list[str]) -> None:
        anywhere: list[str] = []
        starts: list[str] = []
        ends: list[str] = []
        rest: list[str] = []
        for p in patterns:
            if _literal(p):
                anywhere.append(p)
            elif p.startswith("^") and _literal(p[1:]):
                starts.append(p[1:])
            elif p.endswith("$") and _literal(p[:-1]):
                ends.append(p[:-1])
            else:
                rest.append(p)
        self.anywhere = tuple(anywhere)
        self.starts = Words(starts)
        self.ends = Words(ends)
        self.rest = re.compile("|".join(rest)) if rest else None

    def search(self, text: str) -> bool:
        if self.starts.starts(text) or self.ends.ends(text):
            return True
        for w in self.anywhere:
            if w in text:
                return True
        rest = self.rest
        return rest is not None and rest.search(text) is not None


def _literal(pattern: str) -> bool:
    """A pattern that matches only itself (no regex syntax), so a string test can replace it."""
    return bool(pattern) and re.escape(pattern) == pattern and "\n" not in pattern


_GENERIC: Final = _Generic(vocab()["generic_patterns"])


class Assignment:
    """Who does a task, as parsed from one statement or annotation (pieces of normalised text).

    ``__init__`` written out rather than a dataclass's: see :class:`~graphkit.loaders.layout.Row`."""

    __slots__ = ("leads", "supports", "responsible", "generic", "deadline", "lead_explicit")

    def __init__(self, leads: list[Piece] | None = None, supports: list[Piece] | None = None,
                 responsible: list[Piece] | None = None, generic: list[Piece] | None = None,
                 deadline: Piece | None = None, lead_explicit: bool = False) -> None:
        self.leads = [] if leads is None else leads
        self.supports = [] if supports is None else supports
        self.responsible = [] if responsible is None else responsible  # 责任单位 / no role word
        self.generic = [] if generic is None else generic
        self.deadline = deadline
        self.lead_explicit = lead_explicit

    def __repr__(self) -> str:
        return (f"Assignment(leads={self.leads!r}, supports={self.supports!r}, responsible={self.responsible!r}, "
                f"generic={self.generic!r}, deadline={self.deadline!r}, lead_explicit={self.lead_explicit})")

    @property
    def empty(self) -> bool:
        return not (self.leads or self.supports or self.responsible or self.generic)

    def merge(self, other: Assignment) -> None:
        self.leads += other.leads
        self.supports += other.supports
        self.responsible += other.responsible
        self.generic += other.generic
        self.deadline = self.deadline or other.deadline
        self.lead_explicit = self.lead_explicit or other.lead_explicit


_TRAILING_BRACKET: Final = re.compile(r"\([^()]*\)$")


_IS_GENERIC_MEMO: Final = per_plan_dict()


def is_generic(mention: str) -> bool:
    """A collective placeholder (市有关部门, 区直各有关部门, 辖区各金融机构 …), not one agency."""
    if mention in _IS_GENERIC_MEMO:
        return _IS_GENERIC_MEMO[mention]
    value = _IS_GENERIC_MEMO[mention] = _compute_is_generic(mention)
    return value


def _compute_is_generic(mention: str) -> bool:
    return _GENERIC.search(mention)


_LOOKS_LIKE_UNIT_MEMO: Final = per_plan_dict()


def looks_like_unit(mention: str) -> bool:
    """Plausibly the name of an agency or a collective placeholder."""
    if mention in _LOOKS_LIKE_UNIT_MEMO:
        return _LOOKS_LIKE_UNIT_MEMO[mention]
    value = _LOOKS_LIKE_UNIT_MEMO[mention] = _compute_looks_like_unit(mention)
    return value


def _compute_looks_like_unit(mention: str) -> bool:
    m = mention.strip()
    if not 2 <= len(m) <= 40 or "。" in m or ":" in m or _VERB_STARTS.starts(m):
        return False
    if m[0].isdecimal() or m[0] == "(" and m[1].isdecimal():  # re's "\(?\d" (\d: a decimal digit, Nd)
        return False  # "(1)开展…6场": a numbered point, not a unit
    if ("的" in m or len(m) > 25) and not is_generic(m):
        return False
    if is_generic(m) and _COLLECTIVE_ENDS.ends(m):
        return True
    core = _TRAILING_BRACKET.sub("", m) if m.endswith(")") else m  # (m is stripped: "$" is its end)
    return len(core) >= 2 and _AGENCY_SUFFIXES.ends(core)


# The tests below first strip and measure the text, then (memoised for the plan) match the short
# texts left: a long text, most of those asked, is answered without hashing it into a memo.

def looks_like_deadline(text: str) -> bool:
    """A short cell or field that states a completion time ("2021年底", "长期推进")."""
    t = text.strip()
    return 0 < len(t) <= 40 and "。" not in t and _states_deadline(t)


_STATES_DEADLINE_MEMO: Final = per_plan_dict()


def _states_deadline(t: str) -> bool:
    if t in _STATES_DEADLINE_MEMO:
        return _STATES_DEADLINE_MEMO[t]
    value = _STATES_DEADLINE_MEMO[t] = _compute_states_deadline(t)
    return value


def _compute_states_deadline(t: str) -> bool:
    return bool(_RX["deadline"].search(t))


def is_deadline_cell(text: str) -> bool:
    """An unlabelled table cell that is only a completion time ("2021年底", "长期推进")."""
    t = text.strip()
    return 0 < len(t) <= 24 and _is_deadline(t)


_IS_DEADLINE_MEMO: Final = per_plan_dict()


def _is_deadline(t: str) -> bool:
    if t in _IS_DEADLINE_MEMO:
        return _IS_DEADLINE_MEMO[t]
    value = _IS_DEADLINE_MEMO[t] = _compute_is_deadline(t)
    return value


def _compute_is_deadline(t: str) -> bool:
    return bool(_RX["deadline_cell"].match(t))


_EMPTY_CELLS: Final = frozenset(vocab()["empty_cells"])


def is_empty_cell(text: str) -> bool:
    """Blank, or a placeholder such as "/" or "无" (a set lookup: no memo needed)."""
    t = text.strip()
    return not t or t in _EMPTY_CELLS


# --------------------------------------------------------------------------- splitting

_SEPS: Final = "、，,;；/|\n "
_CONJ: Final = ("以及", "及", "和", "与", "并")


def split_mentions(piece: Piece) -> list[Piece]:
    """Split a list of units into mention pieces; drops role words, "等" tails and empties."""
    return [p for p, _ in split_with_roles(piece)]


_SPLIT_AT: Final = re.compile("[()“”\"" + re.escape(_SEPS) + "".join(sorted({w[0] for w in _CONJ})) + "]")
_LIST_SEP: Final = re.compile(r"[、，,;；/\n]")
_OWN_ROLE_WORDS: Final = ("牵头", "主责", "牵头单位", "配合", "协办")  # as _OWN_ROLE reads them
_OWN_ROLE: Final = re.compile(r"(?:\((牵头|主责|牵头单位|配合|协办)\)|(牵头|配合|协办))\s*$")
_OWN_ROLE_ENDS: Final = (")", "牵头", "配合", "协办")  # how a text _OWN_ROLE matches ends (a cheap test first)


def split_with_roles(piece: Piece) -> list[tuple[Piece, str | None]]:
    """Mentions with the role a single mention states itself ("市发改委(牵头)", "市财政局配合")."""
    return [(p, own) for p, own, _ in _mentions(piece)]


_PLAIN_SPLIT: Final = re.compile("[" + re.escape(_SEPS.replace("\n", "")) + "]")  # the separators that always split


def _not_plain() -> re.Pattern:
    """What a list must hold for a separator not to split it: a bracket or quote protecting
    one, a line break or conjunction that needs a look at its neighbours, a protected list
    ("各县(市、区)"). Literal alternatives only, so the engine skips to their first characters."""
    return re.compile(_alt(list("()“”\"\n") + sorted({w[0] for w in _CONJ}) + vocab()["protected_lists"]))


_NOT_PLAIN: Final = _not_plain()


def _mentions(piece: Piece) -> list[tuple[Piece, str | None, bool]]:
    """The mentions of a list of units ``piece``, each with the role it states itself and whether
    it is a collective placeholder. Each distinct part is cleaned once per plan (:func:`_part`)."""
    out = []
    for at, raw in _parts_of(piece.text):
        found = _part(raw)[1]
        if found is None:  # rejected uncleaned (_part): the mentions on demand
            found = _part_found(raw)
        out += [(piece.sub(t, at + s, at + e), own, generic) for s, e, t, own, generic in found]
    return out


_Found = tuple[tuple[int, int, str, "str | None", bool], ...]  # (start, end, text, own role, generic)


def _parts_of(text: str) -> list[tuple[int, str]]:
    """``(start, text)`` of each part of a list of units: :func:`_parts`, or for most lists
    (nothing :func:`_not_plain` looks for) a split at every separator."""
    if _NOT_PLAIN.search(text) is not None:
        return _parts(text)
    raws = _PLAIN_SPLIT.split(text)
    if len(raws) == 1:
        return [(0, text)]  # one part
    out = []
    start = 0
    for raw in raws:
        out.append((start, raw))
        start += len(raw) + 1
    return out


def _parts(text: str) -> list[tuple[int, str]]:
    """``(start, text)`` of each part of a list of units between separators (、，/ …, a
    conjunction after a unit, a line break after a unit), uncleaned; none inside brackets,
    quotes or a protected list ("各县(市、区)")."""
    rx = _RX["protected"]  # positions inside "各县(市、区)" … (one search first: most texts hold none)
    protected = {k for m in rx.finditer(text) for k in range(m.start(), m.end())} if rx.search(text) else ()
    n = len(text)
    out = []
    prev = 0  # where the current part starts (after the last separator)
    for i, c in _top_level(text, _SPLIT_AT):
        if i in protected:
            continue
        end: int | None
        if c in _SEPS:
            if c == "\n":
                # a line break separates units listed one per line, but not a name the
                # cell wrapped ("人民银行常" / "州市支行") nor a bracket continuation
                seg = text[prev:i]
                span = _clean(seg)
                if (i + 1 < n and text[i + 1] == "(") or span is None or not looks_like_unit(seg[span[0]:span[1]]):
                    continue
            end = i + 1
        else:
            end = None
            for conj in _CONJ:
                if text.startswith(conj, i) and i > 0:
                    left = text[max(0, i - 40):i].rstrip()
                    right = text[i + len(conj):i + len(conj) + 2]
                    last = _LIST_SEP.split(left)[-1]
                    if looks_like_unit(last) and right.strip():
                        end = i + len(conj)
                    break
            if end is None:
                continue
        out.append((prev, text[prev:i]))
        prev = end
    out.append((prev, text[prev:]))
    return out


_PART_MEMO: Final = per_plan_dict()


def _part(raw: str) -> tuple[bool, _Found | None]:
    """One part between separators, uncleaned: whether a checked parse rejects it, and its
    mentions ``(start, end, text, own role, generic)`` positioned in ``raw``. A plan repeats
    its unit names: each part is cleaned once.

    Stripped of ``_PART_EDGE``, a part that opens with a verb is rejected uncleaned (its
    mentions None: :func:`_part_found` on demand); else it is rejected when a mention looks like
    no unit."""
    if raw in _PART_MEMO:
        return _PART_MEMO[raw]
    value = _PART_MEMO[raw] = _compute_part(raw)
    return value


def _compute_part(raw: str) -> tuple[bool, _Found | None]:
    if _VERB_OPENING.starts(raw.strip(_PART_EDGE)):
        return True, None
    found = _part_found(raw)
    for f in found:
        if not looks_like_unit(f[2]):
            return True, found
    return False, found


def _part_found(raw: str) -> _Found:
    """The mentions of :func:`_part`: the part stripped of ``_PART_EDGE``, the role it states
    itself ("市发改委(牵头)", "市财政局配合") cut off, cleaned (:func:`_clean`), unglued."""
    part = raw.strip(_PART_EDGE)
    at = raw.find(part) if part is not raw else 0  # where part starts in raw (its first character was kept)
    own = None
    rm = _OWN_ROLE.search(part) if part.rstrip().endswith(_OWN_ROLE_ENDS) else None
    if rm and rm.start() > 0:
        word = rm.group(1) or rm.group(2)
        own = "lead" if word in ("牵头", "主责", "牵头单位") else "support"
        span = _clean(part[:rm.start()])
    else:
        span = _clean(part)
    if span is None:
        return ()
    s, e = span
    pieces = _unglue(Piece(part[s:e], at + s, at + e))
    return tuple([(q.start, q.stop, q.text, own, is_generic(q.text)) for q in pieces])  # cuts of a run are runs


_PART_EDGE: Final = " \t\n:;,，;。.、"  # stripped off a part and off a mention
_THRICE: Final = range(3)  # at most three rounds of cutting role words and "等…" tails off a mention


def _verb_opening() -> Words:
    """The ``not_unit_starts`` words ("推进", "加强" …) none of whose beginnings looks like a unit
    (as string tests: :meth:`Words.starts`).

    A part opening with one has a first mention that looks like no unit: cleaning keeps the
    part's first character, so the mention (or the first of those _unglue splits it into)
    opens with the whole word or is a beginning of it."""
    return Words([w for w in vocab()["not_unit_starts"] if not any(looks_like_unit(w[:k]) for k in range(1, len(w)))])


_VERB_OPENING: Final = _verb_opening()


def _prefix_anywhere() -> re.Pattern | None:
    """The "^"-anchored level prefix regex without its anchor, to search from any position (None
    when the pattern has constructs that behave differently away from the start of a string)."""
    pattern = vocab()["level_prefix_regex"]
    rest = pattern[1:]
    if not pattern.startswith("^") or any(x in rest for x in ("(?<", "\\b", "\\B", "\\A", "^")):
        return None
    try:
        return re.compile(rest)
    except re.error:
        return None


_PREFIX_ANYWHERE: Final = _prefix_anywhere()


def _role_word() -> re.Pattern:
    """Any role word (牵头, 配合, 按职责分工负责 …, and those _OWN_ROLE reads), anywhere."""
    v = vocab()
    return re.compile(_alt(v["lead_roles"] + v["support_roles"] + v["plain_roles"] + list(_OWN_ROLE_WORDS)))


_ROLE_WORD: Final = _role_word()


def may_name_roles_or_levels(text: str) -> bool:
    """False when ``text`` holds no label colon, no role word and no level prefix (市, 区 …)
    anywhere: then a unit statement it might be names no lead and no supports (only a label or
    a role word gives one), and none of its mentions opens with a level prefix."""
    if ":" in text or _ROLE_WORD.search(text):
        return True
    rx = _PREFIX_ANYWHERE
    return rx is None or rx.search(text) is not None


def _prefix_starts(text: str, lo: int, hi: int) -> list[int] | None:
    """Positions lo <= i < hi where the level prefix regex matches text[i:] (a cheap pre-filter
    for _unglue). One search per hit: the engine skips to the prefix's possible first characters."""
    rx = _PREFIX_ANYWHERE
    if rx is None:
        return None
    out = []
    m = rx.search(text, lo)
    while m and m.start() < hi:
        out.append(m.start())
        m = rx.search(text, m.start() + 1)
    return out


def _unglue(p: Piece, depth: int = 0) -> list[Piece]:
    """Split units glued together when a PDF space or line break between them was lost:
    "区发展改革委区科技局", "区政府办(电子政务中心)区市场监管局"."""
    text = p.text
    if depth > 6 or len(text) < 6 or is_generic(text):
        return [p]
    rx = _PREFIX_ANYWHERE
    m = rx.search(text, 2) if rx is not None else None
    if rx is not None and (m is None or m.start() >= len(text) - 2):
        return [p]  # the level prefix opens no second unit (most mentions): _prefix_starts' first search
    starts = _prefix_starts(text, 2, len(text) - 2)  # where the prefix matches (None: not known)
    for i in range(2, len(text) - 2) if starts is None else starts:
        if (starts is not None or _RX["prefix"].match(text[i:])) and looks_like_unit(text[:i].rstrip("\n")) \
                and looks_like_unit(text[i:]):
            return [p.cut(0, i).strip("\n ")] + _unglue(p.cut(i, len(text)), depth + 1)
    return [p]


def _clean(part: str) -> tuple[int, int] | None:
    """Where the mention in a part is (start, end in ``part``), or None when none is left: the
    part without the ``_PART_EDGE`` characters around it, "由" before it, role words and "等…"
    after it."""
    s = part.strip(_PART_EDGE)
    lo = part.find(s) if s is not part else 0  # where s starts in part (0 when s is empty: no matter)
    cut = s.startswith("由")
    if cut:
        s = s[1:]
        lo += 1
    rx = _RX
    for _ in _THRICE if rx["role_or_etc"].search(s) else ():  # most mentions carry neither
        before = s
        for key in ("lead_role", "support_role", "plain_role", "etc"):
            m = rx[key].search(s)
            if m and m.start() > 0:
                cut = True
                kept = s[:m.start()].strip()
                lo += s.find(kept)  # (nothing is found in an empty s: its offset no longer matters)
                s = kept
        if s == before:
            break
    if cut:  # strip again
        kept = s.strip(_PART_EDGE)
        if kept is not s:
            lo += s.find(kept)
            s = kept
    if not s or is_empty_cell(s):
        return None
    return lo, lo + len(s)


_ROLE_OF_MEMO: Final = per_plan_dict()


def _role_of(clause: str) -> str | None:
    if clause in _ROLE_OF_MEMO:
        return _ROLE_OF_MEMO[clause]
    value = _ROLE_OF_MEMO[clause] = _compute_role_of(clause)
    return value


# _RX's "lead_role", "support_role" and "plain_role" searches ("(?:word|…)$") as string tests
_LEAD_ROLES: Final = Words(vocab()["lead_roles"])
_SUPPORT_ROLES: Final = Words(vocab()["support_roles"])
_PLAIN_ROLES: Final = Words(vocab()["plain_roles"])


def _compute_role_of(clause: str) -> str | None:
    c = clause.strip(" 。.;；")
    if _LEAD_ROLES.ends(c):
        return "lead"
    if _SUPPORT_ROLES.ends(c):
        return "support"
    if _PLAIN_ROLES.ends(c):
        return "plain"
    return None


_CLAUSE_AT: Final = re.compile("[()，,;；。]")


def _clauses(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each clause: split on clause punctuation outside brackets, blank
    clauses dropped."""
    if not _CLAUSE_AT.search(text):
        return [(0, len(text))] if text.strip() else []  # one clause (most unit lists)
    out = []
    start = 0
    for i, _ in _top_level(text, _CLAUSE_AT):
        if text[start:i].strip():
            out.append((start, i))
        start = i + 1
    if text[start:].strip():
        out.append((start, len(text)))
    return out


def _top_level(text: str, stops: re.Pattern) -> list[tuple[int, str]]:
    """``(position, character)`` of each ``stops`` hit outside brackets and quotes.

    ``stops`` matches single characters and must include "(" and ")" (and the quote marks,
    when quotes protect what they enclose); only its hits can change the state, so the
    scan jumps from one to the next. A list, not a generator: compiled, a generator costs a
    frame object and a resumption per hit.
    """
    out = []
    depth = 0
    quote = False
    for hit in stops.finditer(text):
        c = hit.group()
        if c == "(":
            depth += 1
        elif c == ")":
            depth = max(0, depth - 1)
        elif c in "“”\"":
            quote = c != "”" if c != '"' else not quote
        elif depth == 0 and not quote:
            out.append((hit.start(), c))
    return out


# A statement's parse, positioned in its text alone (offsets 0, 1, 2 …): leads, supports,
# responsible and generic as lists of mentions (start, end, text), the deadline (start, end,
# text) or None, and whether a lead is named. The parse works on the text and integer offsets
# only; Pieces are made when a parse is placed on a caller's offsets (:func:`_placed`).
_Mention = tuple[int, int, str]
_Parse = tuple[list[_Mention], list[_Mention], list[_Mention], list[_Mention], "_Mention | None", bool]

_PARSED: dict[str, _Parse] = {}  # by statement text, for the plan being parsed (see parse_statement)


def clear_statement_cache() -> None:
    """Forget memoised statements and texts (parse_structure calls this once per plan)."""
    _PARSED.clear()
    clear_per_plan()


def parse_statement(piece: Piece) -> Assignment:
    """Parse a unit statement or annotation body into leads/supports/responsible/generic.

    Parsing reads only the text, so a plan's repeated statements ("市发改委牵头") are parsed
    once: the memo holds mentions positioned in the text alone (0, 1, 2 …), placed on ``piece``'s
    offsets for each caller.
    """
    text = piece.text
    done = _PARSED.get(text)
    if done is None:
        parsed = _parse_statement(text)
        assert parsed is not None  # only a checked parse gives None
        done = _remember(text, parsed)
    return _placed(done, piece)


def _remember(text: str, parsed: _Parse) -> _Parse:
    """Keep a statement's parse (positioned in its text alone) for this plan."""
    if len(_PARSED) >= 4096:
        _PARSED.clear()
    _PARSED[text] = parsed
    return parsed


def _placed(done: _Parse, at: Piece) -> Assignment:
    """An Assignment of Pieces for a parse of a text alone, placed on the offsets of ``at``
    (the piece of that text)."""
    leads, supports, responsible, generic, deadline, explicit = done
    return Assignment([at.sub(t, s, e) for s, e, t in leads],
                      [at.sub(t, s, e) for s, e, t in supports],
                      [at.sub(t, s, e) for s, e, t in responsible],
                      [at.sub(t, s, e) for s, e, t in generic],
                      None if deadline is None else at.sub(deadline[2], deadline[0], deadline[1]),
                      explicit)


def _label_kinds() -> dict[str, str]:
    """Each label's kind: "deadline", "ignored" (people, not units), "lead", "support" or
    "responsible" (the first list naming it, in that order)."""
    v = vocab()
    kinds: dict[str, str] = {}
    for kind in ("deadline", "ignored", "lead", "support", "responsible"):
        for label in v[kind + "_labels"]:
            kinds.setdefault(label, kind)
    return kinds


_LABEL_KINDS: Final = _label_kinds()


def _parse_statement(text: str, checked: bool = False) -> _Parse | None:
    """Leads/supports/responsible/generic of a statement (``checked``: None at the first mention
    that does not look like a unit, as statement_if_units would reject it).

    What is parsed is the body: the text stripped, capped, its outer brackets removed (``off``:
    where the body starts in the text)."""
    body = text.strip(" \t\n")
    off = text.find(body) if body is not text else 0  # the body's first character was not stripped
    if len(body) > 2000:
        body = body[:2000]
    if body.startswith("(") and body.endswith(")"):
        body = body[1:-1]
        off += 1
    labels = list(_RX["label"].finditer(body)) if ":" in body else None  # "牵头单位:"
    if not labels:
        return _parse_roles(body, off, checked)
    head = body[:labels[0].start()].strip(" ;；,，")
    if head:
        parsed = _parse_roles(head, off + body.find(head), checked)
        if parsed is None:
            return None
        leads, supports, responsible, generic, deadline, explicit = parsed
    else:
        leads, supports, responsible, generic, deadline, explicit = [], [], [], [], None, False
    kinds = _LABEL_KINDS
    last = len(labels) - 1
    for k, m in enumerate(labels):
        start = m.end()
        value = body[start:labels[k + 1].start() if k < last else len(body)]
        kept = value.strip(" \t\n;；,，。")
        if not kept:
            continue
        at = off + start + value.find(kept)
        kind = kinds[m.group(1)]
        if kind == "deadline":
            deadline = (at, at + len(kept), kept)
            continue
        if kind == "ignored":
            continue  # people (牵头领导), not units
        parsed = _parse_roles(kept, at, checked)
        if parsed is None:
            return None
        value_leads, value_supports, value_responsible, value_generic, _, _ = parsed
        if kind == "lead":
            leads += value_leads + value_supports + value_responsible
            explicit = True
        elif kind == "support":
            supports += value_leads + value_supports + value_responsible
        else:
            leads += value_leads
            if value_leads:
                explicit = True
            supports += value_supports
            responsible += value_responsible
        generic += value_generic
    return leads, supports, responsible, generic, deadline, explicit


_CLAUSE_STOPS: Final = ("，", ";", "；", "。")  # with ",": where a clause of a text without brackets ends


def _clause_runs(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each run of a bracket-free text between clause stops (，,;；。), none
    empty. Each stop becomes "," and str.find finds them: str.replace and str.find scan CJK text
    several times faster than a regex character class, which tests each character in turn."""
    s = text
    for c in _CLAUSE_STOPS:
        s = s.replace(c, ",")  # (the same string back when c is absent)
    out = []
    n = len(s)
    a = 0
    while a < n:
        b = s.find(",", a)  # the run's end (found, not split off: no string made per run)
        if b < 0:
            b = n
        if b > a:
            out.append((a, b))
        a = b + 1
    return out


def _parse_roles(text: str, off: int, checked: bool = False) -> _Parse | None:
    """Leads, supports, responsible, generic, deadline and whether a lead is named, of a list
    of units ``text`` (starting at ``off`` in the statement) whose clauses may carry role words
    ("X牵头，Y配合"); ``checked``: None at the first part that is rejected (:func:`_part`)."""
    leads: list[_Mention] = []
    supports: list[_Mention] = []
    responsible: list[_Mention] = []
    generic: list[_Mention] = []
    deadline = None
    explicit = False
    # only brackets protect clause punctuation, so without them each run between stops is a clause
    clauses = _clauses(text) if "(" in text or ")" in text else _clause_runs(text)
    k = -1  # the clause's index among those not blank
    for a, b in clauses:
        clause = text[a:b]
        if clause.isspace():
            continue  # blank (a run between stops is never empty; _clauses drops blank ones itself)
        k += 1
        role = _role_of(clause)
        if role is None and is_deadline_cell(clause.strip()):
            if deadline is None:
                kept = clause.strip()
                at = off + a + clause.find(kept)
                deadline = (at, at + len(kept), kept)
            continue
        # where the clause's mentions go unless generic or stating their own role
        if role == "lead" or (role == "plain" and k == 0):
            into = leads
        elif role in ("support", "plain"):
            into = supports
        else:
            into = responsible
        n = 0  # the clause's mentions
        default = 0  # how many of them went into ``into``
        own_support = False  # one states its own support role ("市财政局配合") under a role word
        # checked: every mention ends up in the assignment, give up at the first that is no unit
        for start, raw in _parts_of(clause):
            rejected, found = _part(raw)
            if rejected and checked:
                return None
            if found is None:  # rejected uncleaned (_part): the mentions on demand
                found = _part_found(raw)
            at = off + a + start
            for s, e, t, own, is_gen in found:
                n += 1
                mention = (at + s, at + e, t)
                if is_gen:
                    generic.append(mention)
                elif own is None:
                    into.append(mention)
                    default += 1
                elif own == "lead":
                    leads.append(mention)
                    explicit = True
                else:
                    supports.append(mention)
                    own_support = own_support or role is not None
        if own_support and n == 1:
            # the clause's only mention states its own support role under a role word: the role
            # word places it (it is the last mention put in supports)
            into.append(supports.pop())
            default += 1
        if default and into is leads:
            explicit = True
    if leads and responsible:
        # "X牵头，Y" : unlabelled units next to a named lead support it
        supports = responsible + supports
        responsible = []
    return leads, supports, responsible, generic, deadline, explicit


_FIGURES: Final = re.compile(r"\d(?:\d+%|\d*个)")  # "\d{2,}%|\d+个", opening with one digit class


def statement_if_units(piece: Piece) -> Assignment | None:
    """The assignment when the whole piece is a unit statement, else None."""
    done = _statement_parse(piece.text)
    return None if done is None else _placed(done, piece)


_UNITS_STATEMENT_OF_MEMO: Final = per_plan_dict()


def units_statement_of(text: str) -> Assignment | None:
    """:func:`statement_if_units` of a text alone (positioned in the text: nothing to place
    when only the answer yes or no is wanted). Memoised for the plan: not to be changed."""
    if text in _UNITS_STATEMENT_OF_MEMO:
        return _UNITS_STATEMENT_OF_MEMO[text]
    value = _UNITS_STATEMENT_OF_MEMO[text] = _compute_units_statement_of(text)
    return value


def _compute_units_statement_of(text: str) -> Assignment | None:
    done = _statement_parse(text)
    return None if done is None else _placed(done, Piece(text, 0, len(text)))


_STATEMENT_PARSE_MEMO: Final = per_plan_dict()


def _statement_parse(text: str) -> _Parse | None:
    """statement_if_units' parse of a text (positioned in the text alone), or None."""
    if text in _STATEMENT_PARSE_MEMO:
        return _STATEMENT_PARSE_MEMO[text]
    value = _STATEMENT_PARSE_MEMO[text] = _compute_statement_parse(text)
    return value


def _compute_statement_parse(text: str) -> _Parse | None:
    t = text.strip()
    if not t or len(t) > 400:
        return None
    if "。" in t.rstrip("。") or ("%" in t or "个" in t) and _FIGURES.search(t):  # (each figure ends so)
        return None
    return _checked_parse(text)


def units_statement(text: str) -> Assignment | None:
    """statement_if_units' parse of a text (positioned in the text alone), or None when some
    mention does not look like a unit or none names one (without statement_if_units' first
    tests of length, sentences and figures)."""
    done = _checked_parse(text)
    return None if done is None else _placed(done, Piece(text, 0, len(text)))


def _checked_parse(text: str) -> _Parse | None:
    """:func:`units_statement`'s parse.

    A text not yet parsed is parsed checked: prose ("优化电子税务局增值税申报辅助功能，实现…")
    is given up at its first mention that is no unit, not split to its end.
    """
    done = _PARSED.get(text)
    if done is None:
        done = _parse_statement(text, checked=True)
        if done is None:
            return None
        _remember(text, done)
        # a checked parse keeps only mentions that look like units: the tests below pass when it has one
        return done if done[0] or done[1] or done[2] or done[3] else None
    generic = done[3]
    mentions = done[0] + done[1] + done[2] + generic
    if not mentions or not any(looks_like_unit(m[2]) for m in mentions if not is_generic(m[2])) \
            and not generic:
        return None
    if not all(looks_like_unit(m[2]) for m in mentions):
        return None
    return done


# --------------------------------------------------------------------------- records


def mention_key(unit: Unit) -> str:
    """Comparable form of a mention with its inherited prefix ("市" + "商务局")."""
    return (unit.prefix or "") + "".join(unit.mention.split())  # split() cuts at what \s matches


def to_units(norm: Normalised, pieces: list[Piece], head_prefix: str | None = None) -> list[Unit]:
    """Units for mention pieces, carrying the list head's level prefix to bare names."""
    out: list[Unit] = []
    prefix = head_prefix
    for p in pieces:
        level, bare = _level(p.text)
        if level is not None:
            prefix = prefix or level
        text, span = original_text_span(norm, p)
        out.append(Unit(text, span, prefix if bare and prefix else None))  # mention, span, inherited prefix
    return out


_LEVEL_MEMO: Final = per_plan_dict()


def _level(mention: str) -> tuple[str | None, bool]:
    """The level prefix a mention opens with ("市", "区" … or None), and whether it is a bare
    agency name that takes the list's prefix ("商务局" after "市发改委"): no prefix of its own,
    an agency suffix, no level or organisation marker ("市场" is no "市")."""
    if mention in _LEVEL_MEMO:
        return _LEVEL_MEMO[mention]
    value = _LEVEL_MEMO[mention] = _compute_level(mention)
    return value


def _compute_level(mention: str) -> tuple[str | None, bool]:
    rx = _RX
    m = rx["prefix"].match(mention)
    if m:
        return m.group(1), False
    return None, _AGENCY_SUFFIXES.ends(mention) and not rx["no_inherit"].search(mention.replace("市场", ""))


def list_prefix(pieces: list[Piece]) -> str | None:
    """The level prefix ("市", "区" …) of the first mention that has one."""
    for p in pieces:
        level = _level(p.text)[0]
        if level is not None:
            return level
    return None


def generic_strings(norm: Normalised, pieces: list[Piece]) -> list[str]:
    out: list[str] = []
    for p in pieces:
        s = original_text(norm, p)
        if s and s not in out:
            out.append(s)
    return out


# --------------------------------------------------------------------------- annotations


@lru_cache(maxsize=1)
def ann_rx() -> tuple[re.Pattern, re.Pattern]:
    v = vocab()
    labels = (v["lead_labels"] + v["support_labels"] + v["responsible_labels"] + v["deadline_labels"]
              + v["ignored_labels"])
    alt = "|".join(re.escape(w) for w in sorted(labels, key=len, reverse=True))
    return (re.compile(r"\(\s*(?:" + alt + r")\s*:"),
            re.compile(r"(?:^|[。;；\s])((?:" + alt + r")\s*:)"))


MAX_ANNOTATION: Final = 400


def _closing_bracket(text: str, s: int, e: int) -> int:
    """Where the bracket open at ``text[s]`` closes before ``e`` (-1 if it does not): the brackets
    between are found with str.find, which skips the text between them at C speed."""
    depth = 1
    i = s + 1
    while True:
        close = text.find(")", i, e)
        if close < 0:
            return -1
        opened = text.find("(", i, close)
        while opened >= 0:  # brackets opened before this ")"
            depth += 1
            opened = text.find("(", opened + 1, close)
        depth -= 1
        if depth == 0:
            return close
        i = close + 1


def annotation_spans(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of every "(牵头单位:…)" style annotation in ``text`` (end exclusive; memoised
    for the plan, so a tuple, not to be changed)."""
    if ":" not in text:
        return ()  # every label ends with a colon (most texts have none: answered without the memo)
    return _annotation_spans(text)


_ANNOTATION_SPANS_MEMO: Final = per_plan_dict()


def _annotation_spans(text: str) -> tuple[tuple[int, int], ...]:
    if text in _ANNOTATION_SPANS_MEMO:
        return _ANNOTATION_SPANS_MEMO[text]
    value = _ANNOTATION_SPANS_MEMO[text] = _compute_annotation_spans(text)
    return value


def _compute_annotation_spans(text: str) -> tuple[tuple[int, int], ...]:
    bracketed, bare = ann_rx()
    out: list[tuple[int, int]] = []
    for m in bracketed.finditer(text):
        s = m.start()
        if out and s < out[-1][1]:
            continue
        e = min(len(text), s + MAX_ANNOTATION)
        close = _closing_bracket(text, s, e)
        if close >= 0:
            e = close + 1
        out.append((s, e))
    if not out:
        # unbracketed "责任单位:X" at the end of the item
        tail = bare.search(text, max(0, len(text) - MAX_ANNOTATION))
        if tail and tail.start(1) > 0:
            out.append((tail.start(1), len(text)))
    return tuple(out)


TRAIL_PAREN: Final = re.compile(r"\(((?:[^()]|\([^()]{0,20}\)){2,120})\)\s*[。;；]?\s*$")  # "(市发改委牵头)" / "(6月底完成)" / "(市X局(牵头)、市Y局)"
DEADLINE_PAREN: Final = re.compile(r"(完成|前|底|为止|持续|长期|年内)")


def annotation_open(content: list[Piece]) -> bool:
    """True when the item's last bracket is still open (an annotation wrapped onto the next line)."""
    tail = "".join(p.text for p in content[-3:])[-MAX_ANNOTATION:]
    k = tail.rfind("(")
    return k >= 0 and ")" not in tail[k:]

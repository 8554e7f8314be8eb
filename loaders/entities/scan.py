"""The entity rules over plain compact text: reforms, deadlines and targets as offsets, without a spaCy Doc.

:func:`enrich` calls these directly; the spaCy components in :mod:`.pipeline` wrap the same functions in
spans, so both find the same things. ``segments`` are (start, end) pieces of one text (a plan's tasks joined
by a separator no spelling or rule holds): deadlines and targets are looked for within each piece.
"""

from __future__ import annotations

import re

from graphkit.loaders.entities import deadlines, reforms, targets
from graphkit.loaders.entities.tables import EntityTables
from graphkit.loaders.entities.text import compact

SEP = "\n"  # between the texts of a plan's tasks; compact text drops it, so it is in no spelling or text
_BARE_YEAR = re.compile(r"\d{4}年")


class ReformIndex:
    """Every compact spelling of every reform in ``tables``, found with one regex pass over a text."""

    def __init__(self, tables: EntityTables):
        self.tables = tables
        by_spelling: dict[str, list[str]] = {}
        for entry in tables.reforms.values():
            for variant in entry.variants:
                names = by_spelling.setdefault(compact(variant)[0], [])
                if entry.name not in names:
                    names.append(entry.name)
        # the regex finds the shortest spelling starting at a position (see _trie_pattern); the spellings that
        # extend it are tried there too (a regex gives one match per position: 一网通 and 一网通办)
        self.extending: dict[str, list[tuple[str, str]]] = {
            short: [(spelling, name) for spelling, names in by_spelling.items() if spelling.startswith(short)
                    for name in names]
            for short in by_spelling}
        self.rx = re.compile(_trie_pattern(by_spelling)) if by_spelling else None

    def matches(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, reform name) of every occurrence of every spelling, overlapping ones included,
        by start (then table order)."""
        out: list[tuple[int, int, str]] = []
        if self.rx is None:
            return out
        search, extending, pos = self.rx.search, self.extending, 0
        while (m := search(text, pos)) is not None:
            at = m.start()
            for spelling, name in extending[m.group()]:
                if text.startswith(spelling, at):
                    out.append((at, at + len(spelling), name))
            pos = at + 1
        return out


def _trie_pattern(spellings) -> str:
    """A regex matching where some spelling starts: the spellings as a trie, each branch cut at the first
    whole spelling ("一(?:网通|件事)" for 一网通办, 一网通, 一件事). At a position the regex engine then tries
    each distinct next character once, instead of every spelling."""
    trie: dict = {}
    for spelling in spellings:
        node = trie
        for ch in spelling:
            node = node.setdefault(ch, {})
        node[""] = {}  # a whole spelling ends here

    def render(node: dict) -> str:
        if "" in node:
            return ""
        alts = [re.escape(ch) + render(child) for ch, child in node.items()]
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return render(trie)


_INDEXES: dict[int, tuple[EntityTables, ReformIndex]] = {}


def reform_index(tables: EntityTables) -> ReformIndex:
    """The :class:`ReformIndex` of ``tables``, built once per tables object."""
    cached = _INDEXES.get(id(tables))
    if cached is None or cached[0] is not tables:
        cached = _INDEXES[id(tables)] = (tables, ReformIndex(tables))
    return cached[1]


def find_reforms(text: str, tables: EntityTables) -> list[tuple[int, int, str]]:
    """Reforms in compact ``text`` as (start, end, name): unblocked, longest first, no overlaps, in text order."""
    return reforms.select(reform_index(tables).matches(text), text, tables)


def joined(texts: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """``texts`` joined by :data:`SEP`, with each text's (start, end) in the result (its segments)."""
    segs, at = [], 0
    for text in texts:
        segs.append((at, at + len(text)))
        at += len(text) + len(SEP)
    return SEP.join(texts), segs


def find_deadlines(text: str, segs: list[tuple[int, int]], year: int | None) -> list[tuple[int, int, str]]:
    """Dated deadlines in compact ``text`` as (start, end, ISO date), within each segment."""
    out = []
    for start, end in segs:
        for m in deadlines.in_text(text, start, end):
            found = m.group()
            if _BARE_YEAR.fullmatch(found):
                continue  # "2021年土地报批计划": a year, not a deadline
            if date := deadlines.parse_deadline(found, year).date:
                out.append((m.start(), m.end(), date))
    return out


def find_targets(text: str, segs: list[tuple[int, int]], tables: EntityTables) -> list[targets.TargetHit]:
    """Targets in compact ``text`` within each segment, with offsets into ``text``."""
    out = []
    for start, end in segs:
        for hit in targets.find_targets(text if (start, end) == (0, len(text)) else text[start:end], tables):
            hit.start += start
            hit.end += start
            out.append(hit)
    return out

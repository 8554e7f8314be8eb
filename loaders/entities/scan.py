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
        # spellings by first character: at a position where some spelling starts, the others starting with
        # the same character are tried there too (a regex gives one match per position, a spelling can hold
        # another: 一网通办 and 一网通)
        self.by_first: dict[str, list[tuple[str, str]]] = {}
        for spelling, names in by_spelling.items():
            self.by_first.setdefault(spelling[0], []).extend((spelling, name) for name in names)
        # an alternation of literals: the regex engine skips to the next possible first character by itself
        longest_first = sorted(by_spelling, key=len, reverse=True)
        self.rx = re.compile("|".join(map(re.escape, longest_first))) if longest_first else None

    def matches(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, reform name) of every occurrence of every spelling, overlapping ones included,
        by start (then table order)."""
        out: list[tuple[int, int, str]] = []
        if self.rx is None:
            return out
        search, by_first, pos = self.rx.search, self.by_first, 0
        while (m := search(text, pos)) is not None:
            at = m.start()
            for spelling, name in by_first[text[at]]:
                if text.startswith(spelling, at):
                    out.append((at, at + len(spelling), name))
            pos = at + 1
        return out


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
    whole = [(0, len(text))]
    for start, end in segs:
        for hit in targets.find_targets(text if [(start, end)] == whole else text[start:end], tables):
            hit.start += start
            hit.end += start
            out.append(hit)
    return out

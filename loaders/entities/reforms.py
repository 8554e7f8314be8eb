"""Reform detection rules on top of the lexicon matches: blocking continuations, longest match wins."""

from __future__ import annotations

from graphkit.loaders.entities.tables import EntityTables, ReformEntry


def blocked(entry: ReformEntry, text: str, start: int, end: int) -> bool:
    """True when the match is part of another word ("标准地址" is no 标准地)."""
    after = text[end:end + 8]
    before = text[max(0, start - 8):start]
    return any(after.startswith(b) for b in entry.block_after) or any(before.endswith(b) for b in entry.block_before)


def _longest_first(match: tuple[int, int, str]) -> tuple[int, int]:
    return match[0] - match[1], match[0]


def select(matches: list[tuple[int, int, str]], text: str, tables: EntityTables) -> list[tuple[int, int, str]]:
    """Keep unblocked matches, longest first, without overlaps; returned in text order."""
    kept: list[tuple[int, int, str]] = []
    taken = bytearray(len(text) + 1)
    entries = tables.reforms
    for start, end, name in sorted(matches, key=_longest_first):
        entry = entries[name]
        if taken.find(1, start, end) >= 0 or (entry.block_after or entry.block_before) and blocked(
                entry, text, start, end):
            continue
        taken[start:end] = b"\x01" * (end - start)
        kept.append((start, end, name))
    return sorted(kept)

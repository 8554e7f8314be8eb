"""Gazetteer of Chinese administrative divisions, read from ``data/places.tsv``.

Provinces, prefecture-level cities, county-level divisions and development zones, each
with its province and city. See ``scripts/build-places-tsv.py`` for where the table comes
from. Names may be ambiguous (江北区 is in 重庆市 and in 宁波市): :meth:`Gazetteer.lookup`
returns every match and callers decide with context, never by guessing.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from graphkit.errors import DataFileError

LEVELS = ("province", "city", "county", "zone")
# County-level names this short ("城区", "郊区", "东区") are matched only right after their city.
MIN_FREE_COUNTY_LEN = 3


@dataclass(frozen=True)
class Place:
    level: str  # "province" | "city" | "county" | "zone"
    name: str  # canonical name: 江北区, 葛店开发区
    province: str
    city: str | None  # None for a province, or a county directly under its province
    adcode: str | None = None
    short: str | None = None  # 常州市 → 常州 (provinces and cities only)
    snapshot: str = "current"

    @property
    def key(self) -> tuple[str, str, str | None, str]:
        """Identity ignoring duplicate codes (重庆市 is listed under 5001 and 5002)."""
        return (self.level, self.name, self.city, self.province)


class Gazetteer:
    def __init__(self, places: list[Place]):
        self.places = places
        self._by_name: dict[str, list[Place]] = {}
        self._by_short: dict[str, list[Place]] = {}
        # the lengths (longest first) of the names each character opens: find() tries only these
        self._lengths: dict[str, list[int]] = {}
        for place in places:
            self._add_name(place.name, place)
            if place.short and place.level in ("province", "city"):
                self._add(self._by_short, place.short, place)

    @staticmethod
    def _add(index: dict[str, list[Place]], name: str, place: Place) -> None:
        bucket = index.setdefault(name, [])
        if all(p.key != place.key for p in bucket):
            bucket.append(place)

    def _add_name(self, name: str, place: Place) -> None:
        self._add(self._by_name, name, place)
        lengths = self._lengths.setdefault(name[:1], [])
        if len(name) not in lengths:
            lengths.append(len(name))
            lengths.sort(reverse=True)

    def add_alias(self, alias: str, place: Place) -> None:
        self._add_name(alias, place)

    def lookup(self, name: str) -> list[Place]:
        """Every place written exactly ``name`` (full name or alias)."""
        return list(self._by_name.get(name, ()))

    def lookup_short(self, short: str) -> list[Place]:
        """Provinces and cities whose name without suffix is ``short`` (重庆 → 重庆市)."""
        return list(self._by_short.get(short, ()))

    def cities(self, name: str) -> list[Place]:
        return [p for p in self.lookup(name) if p.level == "city"]

    def find(self, text: str) -> list[tuple[int, int, list[Place]]]:
        """Place names in ``text``, longest match first, left to right: ``(start, end, places)``.

        A short county name (城区, 郊区) counts only directly after a city that has it.
        """
        found: list[tuple[int, int, list[Place]]] = []
        i = 0
        no_lengths: list[int] = []
        while i < len(text):
            for length in self._lengths.get(text[i], no_lengths):  # longest first, as a scan of every length
                if length < 2 or i + length > len(text):
                    continue
                places = self._by_name.get(text[i:i + length])
                if not places:
                    continue
                if length < MIN_FREE_COUNTY_LEN and all(p.level == "county" for p in places):
                    before = found[-1] if found and found[-1][1] == i else None
                    parents = {p.name for p in before[2]} if before else set()
                    places = [p for p in places if p.city in parents]
                    if not places:
                        continue
                found.append((i, i + length, places))
                i += length
                break
            else:
                i += 1
        return found


def _read(path: Path | None) -> list[tuple[Place, list[str]]]:
    if path is None:
        handle = resources.files("graphkit.loaders").joinpath("data/places.tsv").open(encoding="utf-8")
        where = "graphkit/loaders/data/places.tsv"
    else:
        handle = open(path, encoding="utf-8")
        where = str(path)
    rows: list[tuple[Place, list[str]]] = []
    with handle:
        lines = (line for line in handle if not line.startswith("#"))
        for number, row in enumerate(csv.DictReader(lines, delimiter="\t"), 2):
            level = row.get("level")
            if level not in LEVELS or not row.get("name") or not row.get("province"):
                raise DataFileError(f"bad gazetteer row {number}: {row}", path=where)
            place = Place(level, row["name"], row["province"], row.get("city") or None,
                          row.get("adcode") or None, row.get("short") or None, row.get("snapshot") or "current")
            aliases = [a for a in (row.get("aliases") or "").split(";") if a]
            rows.append((place, aliases))
    return rows


@lru_cache(maxsize=4)
def load_gazetteer(path: str | None = None) -> Gazetteer:
    """The shipped gazetteer (or one read from ``path``), cached."""
    rows = _read(Path(path) if path else None)
    gazetteer = Gazetteer([place for place, _ in rows])
    for place, aliases in rows:
        for alias in aliases:
            gazetteer.add_alias(alias, place)
    return gazetteer

"""Unit mention → agency identity: jurisdiction + canonical name, kind and a stable id."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from graphkit.loaders.entities.tables import EntityTables
from graphkit.loaders.entities.text import compact_key
from graphkit.model import PlanMeta, Unit

LEVELS = ("省", "市", "区", "县")
NOT_LEVEL = ("市场", "市政", "市民", "市容", "区域", "县域", "省级")  # words that start with a level character
_TRAILING = re.compile(r"(等|等单位|等部门|等相关部门)$")
_PLACE_IN_NAME = re.compile(r"([\u4e00-\u9fff]{2,4}?(?:市|区|县))(?:中心)?(?:支行|分行|分局|海关|公司|分公司)")


class Agency(NamedTuple):  # immutable like a frozen dataclass, and much quicker to make
    name: str  # full name as displayed ("常州市发展和改革委员会")
    canonical: str  # name without jurisdiction ("发展和改革委员会"; "区市场监督管理局" when unknown)
    jurisdiction: str | None
    kind: str
    known: bool  # found in agencies.tsv (else resolved by kind rules or fell to 其他)

    @property
    def agency_id(self) -> str:
        return f"{self.jurisdiction or '?'}/{self.canonical}"


def _city(meta: PlanMeta) -> str | None:
    city = meta.city
    if city and not city.endswith(("市", "州", "盟", "地区")):
        city += "市"
    return city


def jurisdiction_for(prefix: str | None, meta: PlanMeta) -> str | None:
    """The jurisdiction a level prefix points at in this plan ("区" → the district, "市" → the city)."""
    if prefix == "市":
        return _city(meta)
    if prefix in ("区", "县"):
        return meta.district  # None in a city plan: "区" then names no single district
    if prefix == "省":
        return meta.province
    return meta.district or _city(meta)  # no prefix: the issuing jurisdiction


def _place_stems(meta: PlanMeta) -> list[tuple[str, str]]:
    """(stem as it appears in names, jurisdiction) for places named in this plan, longest first."""
    return _stems(meta.district, _city(meta), meta.province)


@lru_cache(maxsize=256)
def _stems(*places: str | None) -> list[tuple[str, str]]:
    out = []
    for place in places:
        if not place:
            continue
        out.append((place, place))
        stem = re.sub(r"(市|区|县|省|开发区|经济技术开发区|新区)$", "", place)
        if len(stem) >= 2:
            out.append((stem, place))
    return sorted(out, key=lambda p: -len(p[0]))


_NOTE = re.compile(r"[（(][^（）()]*[）)]")


def clean_mention(mention: str) -> str:
    """Lookup key: normalised, no spaces, without a trailing 等 or a parenthetical note ("（电子政务中心）")."""
    key = compact_key(mention)
    key = _NOTE.sub("", key) or key
    return _TRAILING.sub("", key) or key


def resolve(mention: str, prefix: str | None, meta: PlanMeta, tables: EntityTables) -> Agency:
    """Resolve one unit mention in a plan to its agency identity."""
    key = clean_mention(mention)
    prefix = compact_key(prefix) if prefix else None
    entry = tables.aliases.get(key)
    rest = key
    # a level word written into the mention ("区市场监管局", "市市场监管局") — but 市场监管局 itself starts with 市
    if entry is None and key[:1] in LEVELS and len(key) > 2:
        inner = tables.aliases.get(key[1:])
        if inner is not None or (prefix is None and not key.startswith(NOT_LEVEL)):
            prefix = prefix or key[0]
            entry, rest = inner, key[1:]
    # the full place written out: "常州市发改委", "江北区市场监管局" (a bare stem, "常州供电公司", stays as written)
    if entry is None:
        for stem, place in _place_stems(meta):
            inner = tables.aliases.get(key[len(stem):]) if stem == place and key.startswith(stem) else None
            if inner is not None and not inner.named:
                kind = inner.kind or tables.kind_for(inner.canonical)
                return Agency(place + inner.canonical, inner.canonical, place, kind, True)
    if entry is not None and entry.named:
        juris = _named_place(key, meta) or jurisdiction_for(None, meta)
        return Agency(entry.canonical, entry.canonical, juris, entry.kind or tables.kind_for(key), True)
    # self-named agencies: 常州海关, 人民银行常州市支行, 常州银保监分局, 国网市北供电公司 …
    named = _named_place(key, meta)
    if entry is None and named is not None:
        return Agency(key, key, named, tables.kind_for(key), False)
    canonical = entry.canonical if entry else rest
    kind = (entry.kind if entry and entry.kind else None) or tables.kind_for(canonical) or "其他"
    if kind == "其他":
        kind = tables.kind_for(key)
    juris = jurisdiction_for(prefix, meta)
    if juris is None:
        level = prefix if prefix in LEVELS else ""
        canonical = level + canonical
        return Agency(canonical, canonical, None, kind, entry is not None)
    return Agency(juris + canonical, canonical, juris, kind, entry is not None)


def _named_place(key: str, meta: PlanMeta) -> str | None:
    for stem, place in _place_stems(meta):
        if key.startswith(stem) or (stem in key and len(stem) >= 2 and not key.startswith(LEVELS)):
            return place
    m = _PLACE_IN_NAME.search(key)
    if m and not key.startswith(LEVELS):
        return m.group(1)
    return None


def apply(unit: Unit, meta: PlanMeta, tables: EntityTables) -> Agency:
    """Fill ``unit.name / jurisdiction / kind / agency_id`` in place and return the agency."""
    agency = resolve(unit.mention, unit.prefix, meta, tables)
    fill(unit, identity(agency))
    return agency


def identity(agency: Agency) -> tuple[str, str | None, str, str]:
    """What :func:`fill` copies into a unit: (name, jurisdiction, kind, agency_id)."""
    return agency.name, agency.jurisdiction, agency.kind, agency.agency_id


def fill(unit: Unit, ident: tuple[str, str | None, str, str]) -> None:
    """Copy a resolved agency's :func:`identity` into ``unit``."""
    unit.name, unit.jurisdiction, unit.kind, unit.agency_id = ident

"""Load the shipped entity tables (loaders/data/*.tsv) and user extension files."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from graphkit.errors import DataFileError
from graphkit.loaders.entities.text import compact_key

DATA = "graphkit.loaders"


@dataclass(frozen=True)
class AgencyEntry:
    canonical: str
    kind: str | None
    named: bool = False


@dataclass(frozen=True)
class ReformEntry:
    name: str
    variants: tuple[str, ...]
    category: str | None
    gloss: str | None
    block_after: tuple[str, ...] = ()
    block_before: tuple[str, ...] = ()


@dataclass
class EntityTables:
    """Everything the entity layer looks up; built by :func:`load_tables`."""

    aliases: dict[str, AgencyEntry] = field(default_factory=dict)  # compact key → entry
    kind_rules: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    reforms: dict[str, ReformEntry] = field(default_factory=dict)  # name → entry
    subjects: list[tuple[str, str]] = field(default_factory=list)  # (keyword, subject), longest first

    def kind_for(self, name: str) -> str:
        """Kind by keyword rules (first rule with a keyword in ``name``), else 其他."""
        for kind, keywords in self.kind_rules:
            for keyword in keywords:  # (a plain loop: any() over a generator costs a frame per rule)
                if keyword in name:
                    return kind
        return "其他"


def _rows(text: str, source: str, min_cols: int, header: str) -> list[tuple[int, list[str]]]:
    """Non-comment, non-header TSV rows as (line number, columns)."""
    out = []
    for n, raw in enumerate(text.splitlines(), 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cols = [c.strip() for c in raw.split("\t")]
        if cols[0] == header:
            continue
        if len(cols) < min_cols or not cols[0]:
            raise DataFileError(f"expected at least {min_cols} TAB-separated columns, got {len(cols)}",
                                path=source, line=n)
        out.append((n, cols))
    return out


def _split(cell: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in cell.split("|") if v.strip())


def _col(cols: list[str], i: int) -> str:
    return cols[i] if i < len(cols) else ""


def _read_shipped(name: str) -> tuple[str, str]:
    ref = resources.files(DATA).joinpath("data", name)
    return ref.read_text(encoding="utf-8"), str(ref)


def _read_user(path: str | Path) -> tuple[str, str]:
    p = Path(path)
    try:
        return p.read_text(encoding="utf-8"), str(p)
    except OSError as exc:
        raise DataFileError(f"cannot read table: {exc.strerror or exc}", path=str(p)) from exc
    except UnicodeDecodeError as exc:
        raise DataFileError("table is not UTF-8 text", path=str(p)) from exc


def parse_agencies(text: str, source: str, tables: EntityTables) -> None:
    known = set(tables.kinds)
    for n, cols in _rows(text, source, 1, "canonical"):
        canonical, kind = cols[0], _col(cols, 1) or None
        if kind and known and kind not in known:
            raise DataFileError(f"unknown kind {kind!r} (kinds are listed in agency_kinds.tsv)",
                                path=source, line=n)
        entry = AgencyEntry(canonical, kind, _col(cols, 3).lower() in {"yes", "y", "true", "1"})
        for spelling in (canonical, *_split(_col(cols, 2))):
            tables.aliases[compact_key(spelling)] = entry


def parse_kinds(text: str, source: str, tables: EntityTables) -> None:
    for _n, cols in _rows(text, source, 2, "kind"):
        tables.kind_rules.append((cols[0], _split(cols[1])))
        tables.kinds.append(cols[0])
    if "其他" not in tables.kinds:
        tables.kinds.append("其他")


def parse_reforms(text: str, source: str, tables: EntityTables) -> None:
    for n, cols in _rows(text, source, 1, "name"):
        name = cols[0]
        variants = tuple(dict.fromkeys((name, *_split(_col(cols, 1)))))
        if any(not compact_key(v) for v in variants):
            raise DataFileError("empty spelling in aliases", path=source, line=n)
        tables.reforms[name] = ReformEntry(name, variants, _col(cols, 2) or None, _col(cols, 3) or None,
                                           _split(_col(cols, 4)), _split(_col(cols, 5)))


def parse_subjects(text: str, source: str, tables: EntityTables) -> None:
    for _n, cols in _rows(text, source, 2, "keyword"):
        tables.subjects.append((compact_key(cols[0]), cols[1]))
    tables.subjects.sort(key=lambda kv: -len(kv[0]))


@lru_cache(maxsize=8)
def _load(agencies_file: str | None, reforms_file: str | None) -> EntityTables:
    tables = EntityTables()
    parse_kinds(*_read_shipped("agency_kinds.tsv"), tables)
    parse_agencies(*_read_shipped("agencies.tsv"), tables)
    parse_reforms(*_read_shipped("reforms.tsv"), tables)
    parse_subjects(*_read_shipped("target_subjects.tsv"), tables)
    if agencies_file:
        parse_agencies(*_read_user(agencies_file), tables)
    if reforms_file:
        parse_reforms(*_read_user(reforms_file), tables)
    return tables


def load_tables(agencies_file: str | Path | None = None, reforms_file: str | Path | None = None) -> EntityTables:
    """Shipped tables, extended by user files (same formats; see the headers of loaders/data/*.tsv).

    Raises :class:`graphkit.errors.DataFileError` (GK120) naming the file and line of a malformed row.
    Results are cached per file pair; treat them as read-only.
    """
    return _load(str(agencies_file) if agencies_file else None, str(reforms_file) if reforms_file else None)

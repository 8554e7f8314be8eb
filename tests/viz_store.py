"""Stores for the view tests: the real embedded store, and a Neo4j-shaped view of it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from graphkit.graph import plan_records
from graphkit.stores import open_store
from graphkit.stores.neo4j import plain as neo4j_plain


def open_test_store(path: Path, plans) -> Any:
    """An embedded store at ``path`` holding ``plans``."""
    store = open_store(path=str(path / "store"))
    for plan in plans:
        store.write_plan(plan_records(plan))
    return store


class Neo4jShapedStore:
    """Answers like the Neo4j store would: same Cypher, rows through the Neo4j store's ``plain``,
    and integer aggregates as ``int`` (FalkorDB returns ``sum()`` of integers as a float)."""

    def __init__(self, inner: Any):
        self.inner = inner
        self.statements: list[str] = []

    def query(self, cypher: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        self.statements.append(cypher)
        return [{k: _as_neo4j(neo4j_plain(v)) for k, v in row.items()} for row in self.inner.query(cypher, params)]


def _as_neo4j(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_as_neo4j(v) for v in value]
    return value

"""Stores for the view tests: the project's embedded store when it exists, else a minimal
FalkorDB-lite store with the same ``query(cypher, params) -> list[dict]`` interface."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from graphkit.graph import NODE_KEYS, plan_records


class MiniFalkorStore:
    """Embedded FalkorDB written with plan_records rows (UNWIND … MERGE), read with query()."""

    def __init__(self, path: Path):
        from redislite.falkordb_client import FalkorDB

        self._db = FalkorDB(str(path / "viz-test.db"))
        self._graph = self._db.select_graph("graphkit")

    def write_plan(self, rec) -> None:
        for label, rows in rec.nodes.items():
            key = NODE_KEYS[label]
            self._graph.query(f"UNWIND $rows AS row MERGE (n:{label} {{{key}: row.{key}}}) SET n += row",
                              {"rows": [{k: v for k, v in r.items() if v is not None} for r in rows]})
        for (rtype, start, end), rels in rec.rels_by_type().items():
            rows = [{"s": r.start[1], "e": r.end[1], "props": r.props} for r in rels]
            self._graph.query(
                f"UNWIND $rows AS row MATCH (s:{start} {{{NODE_KEYS[start]}: row.s}}) "
                f"MATCH (e:{end} {{{NODE_KEYS[end]}: row.e}}) MERGE (s)-[r:{rtype}]->(e) SET r += row.props",
                {"rows": rows})

    def query(self, cypher: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        result = self._graph.query(cypher, params or {})
        names = [h[1] if isinstance(h, (list, tuple)) else h for h in result.header]
        return [dict(zip(names, row)) for row in result.result_set]

    def close(self) -> None:
        self._db.client.shutdown(nosave=True) if hasattr(self._db.client, "shutdown") else None


def open_test_store(path: Path, plans) -> Any:
    """A store holding ``plans``: graphkit.stores.open_store when available, else MiniFalkorStore."""
    try:
        from graphkit.stores import open_store  # type: ignore[attr-defined]
    except ImportError:
        store = MiniFalkorStore(path)
        for plan in plans:
            store.write_plan(plan_records(plan))
        return store
    store = open_store(path=str(path / "store"))
    for plan in plans:
        store.write_plan(plan_records(plan))
    return store

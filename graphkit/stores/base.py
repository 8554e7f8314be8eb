"""The one small interface every consumer uses, and :func:`open_store` to get one.

Which store (first match wins):

1. ``open_store(path=...)`` (``--store PATH``) → embedded FalkorDB at PATH;
2. ``open_store(neo4j_uri=...)`` (``--neo4j URI``) → Neo4j at URI;
3. ``GRAPHKIT_STORE`` in the environment → embedded store there;
4. ``NEO4J_URI`` in the environment → Neo4j;
5. ``.graphkit/`` in the current directory (embedded).

Neo4j credentials come only from the environment (``NEO4J_USERNAME``, default ``neo4j``;
``NEO4J_PASSWORD``; ``NEO4J_DATABASE``, default the server's), never from the command
line, and never appear in messages.
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from graphkit.errors import StoreError, StoreUsageError
from graphkit.graph import PlanRecords
from graphkit.stores import statements as st

DEFAULT_STORE = ".graphkit"
STATS_KEYS = ("plans", "tasks", "agencies", "reforms", "cities", "edges")
#: result values every store hands back as they are (its ``plain()`` looks at driver types only for others)
SCALARS = frozenset({str, int, float, bool, type(None)})


@dataclass
class WriteResult:
    """What one :meth:`Store.write_plan` did."""

    plan_id: str
    replaced: list[str] = field(default_factory=list)  # ids of plans this one replaced
    nodes: int = 0  # node rows written (MERGEd)
    relationships: int = 0  # relationship rows written
    orphans_checked: int = 0  # shared nodes checked for removal after the replace


class Store(ABC):
    """A graph store. One plan = one transaction; use as a context manager."""

    kind = "store"
    location = ""
    restarts = 0  # times the store paused a load to restart its server (only the embedded store does)
    # ``on_refresh(restart, done)``, if set: called with done=False before such a pause and
    # done=True after it (``restart`` counts from 1), so a caller can say why writing stalls.
    on_refresh: Callable[[int, bool], None] | None = None
    # ``on_compact()``, if set: called when close() is about to wait for the store to compact
    # what it wrote (the embedded store's log rewrite: seconds after a large load).
    on_compact: Callable[[], None] | None = None

    # -- writes ----------------------------------------------------------------------------
    def write_plan(self, records: PlanRecords) -> WriteResult:
        """Write one plan atomically, replacing any plan with the same id or the same source."""
        replaced, candidates, sent = self._write_plan(records)
        return WriteResult(
            plan_id=records.plan_id,
            replaced=sorted(replaced),
            nodes=records.node_count(),
            relationships=len(records.rels),
            orphans_checked=len(candidates),
        )

    @abstractmethod
    def _write_plan(self, records: PlanRecords) -> tuple[list[str], list[dict], list[st.Statement]]:
        """Read what is replaced, then run :func:`statements.plan_writes` in one transaction.

        Returns ``(replaced ids, orphan candidates, statements sent)``.
        """

    # -- reads and housekeeping ------------------------------------------------------------
    @abstractmethod
    def query(self, cypher: str, params: dict[str, Any] | None = None, *,
              timeout: float | None = None) -> list[dict[str, Any]]:
        """Run Cypher; rows keyed by column name, values plain Python (nodes → property dicts).

        ``timeout`` (seconds) has the server stop the query and raises :class:`QueryTimeout`.
        """

    @abstractmethod
    def ensure_schema(self) -> None:
        """Create constraints and indexes if missing (idempotent)."""

    def reset(self) -> None:
        """Delete every node and relationship (schema stays)."""
        while True:
            rows = self.query(st.RESET_BATCH, {"limit": 10000})
            if not rows or not rows[0]["deleted"]:
                break

    def stats(self) -> dict[str, int]:
        """Counts: plans, tasks, agencies, reforms, cities, edges."""
        out = {}
        for key in STATS_KEYS:
            rows = self.query(st.STATS[key])
            out[key] = int(rows[0]["count"]) if rows else 0
        return out

    def plan_ids(self) -> list[str]:
        return [row["id"] for row in self.query(st.PLAN_IDS)]

    @abstractmethod
    def close(self) -> None:
        """Release the store (stop the embedded server / close the driver, drop the lock)."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.location}>"


def redact_uri(uri: str) -> str:
    """The URI without any user:password part (safe to print)."""
    parts = urlsplit(uri)
    if parts.username is None and parts.password is None:
        return uri
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


def resolve_store(path: str | os.PathLike | None = None,
                  neo4j_uri: str | None = None) -> tuple[str, str]:
    """``("embedded", path)`` or ``("neo4j", uri)`` by the precedence in the module doc."""
    if path is not None and neo4j_uri is not None:
        raise StoreUsageError("choose one store: --store PATH (embedded) or --neo4j URI, not both")
    if path is not None:
        return "embedded", str(path)
    if neo4j_uri is not None:
        return "neo4j", neo4j_uri
    if os.environ.get("GRAPHKIT_STORE"):
        return "embedded", os.environ["GRAPHKIT_STORE"]
    if os.environ.get("NEO4J_URI"):
        return "neo4j", os.environ["NEO4J_URI"]
    return "embedded", str(Path.cwd() / DEFAULT_STORE)


def open_store(path: str | os.PathLike | None = None, neo4j_uri: str | None = None) -> Store:
    """Open the store the arguments / environment select (see module doc); schema ensured."""
    kind, where = resolve_store(path, neo4j_uri)
    if kind == "neo4j":
        from graphkit.stores.neo4j import Neo4jStore

        store: Store = Neo4jStore(where)
    else:
        from graphkit.stores.embedded import EmbeddedStore

        store = EmbeddedStore(where)
    try:
        store.ensure_schema()
    except BaseException:
        store.close()
        raise
    return store

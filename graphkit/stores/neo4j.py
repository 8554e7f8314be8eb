"""Neo4j store over the official driver: the same statements as the embedded store.

One plan = one ``session.execute_write`` transaction (the driver retries transient
failures). Credentials only from ``NEO4J_USERNAME`` / ``NEO4J_PASSWORD`` /
``NEO4J_DATABASE``; a ``user:password@`` part in the URI is refused so a password
never reaches ``ps`` or shell history, and no message ever contains one.
"""

from __future__ import annotations

import logging
import os
from typing import Any
from urllib.parse import urlsplit

from graphkit.errors import QueryError, QueryTimeout, StoreError, StoreUnavailable, StoreUsageError
from graphkit.graph import PlanRecords
from graphkit.stores import statements as st
from graphkit.stores.base import SCALARS, Store, redact_uri

# The driver logs connection failures itself; graphkit reports them as one line instead.
logging.getLogger("neo4j").addHandler(logging.NullHandler())

SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
COMPOSE_HINT = "start it with `docker compose up -d` (see README: Using Neo4j) or check NEO4J_URI"


def check_uri(uri: str) -> str:
    """Validate a Neo4j URI; returns it unchanged. Raises :class:`StoreError` with the fix."""
    parts = urlsplit(uri)
    if parts.scheme not in SCHEMES:
        raise StoreUsageError(f"not a Neo4j URI: {redact_uri(uri)!r} — use bolt://HOST:7687, "
                         "neo4j://HOST or neo4j+s://HOST (Aura)")
    if parts.username is not None or parts.password is not None:
        raise StoreUsageError("put Neo4j credentials in NEO4J_USERNAME / NEO4J_PASSWORD, not in the URI "
                         f"({redact_uri(uri)})")
    if not parts.hostname:
        raise StoreUsageError(f"Neo4j URI has no host: {uri!r}")
    return uri


def write_plan_tx(tx, records: PlanRecords):
    """The transaction function: read what is replaced, then the shared writes, in one tx."""
    replaced = [row["id"] for row in tx.run(st.REPLACED_PLANS,
                                            {"plan_id": records.plan_id, "source": records.source}).data()]
    candidates = tx.run(st.ORPHAN_CANDIDATES, {"plan_ids": replaced}).data() if replaced else []
    statements = st.plan_writes(records, replaced, candidates)
    for cypher, params in statements:
        tx.run(cypher, params).consume()
    return replaced, candidates, statements


class Neo4jStore(Store):
    kind = "neo4j"

    def __init__(self, uri: str, *, connect: bool = True):
        import neo4j

        self.uri = check_uri(uri)
        self.location = redact_uri(uri)
        self.username = os.environ.get("NEO4J_USERNAME", "neo4j")
        self.database = os.environ.get("NEO4J_DATABASE") or None
        password = os.environ.get("NEO4J_PASSWORD")
        auth = (self.username, password) if password is not None else None
        try:
            self._driver = neo4j.GraphDatabase.driver(uri, auth=auth, connection_timeout=10,
                                                      max_transaction_retry_time=30)
        except neo4j.exceptions.ConfigurationError as exc:
            raise StoreError(f"bad Neo4j configuration for {self.location}: {exc}") from None
        if connect:
            try:
                self._driver.verify_connectivity()
                self.query("RETURN 1 AS ok")  # surfaces a missing database now, not mid-load
            except Exception as exc:
                self._driver.close()
                raise self.map_error(exc) from None

    def _write_plan(self, records: PlanRecords):
        try:
            with self._driver.session(database=self.database) as session:
                return session.execute_write(write_plan_tx, records)
        except Exception as exc:
            raise self.map_error(exc) from None

    def query(self, cypher: str, params: dict[str, Any] | None = None, *,
              timeout: float | None = None) -> list[dict[str, Any]]:
        import neo4j

        statement = neo4j.Query(cypher, timeout=timeout) if timeout else cypher
        try:
            with self._driver.session(database=self.database) as session:
                return [{k: plain(v) for k, v in record.items()}
                        for record in session.run(statement, params or {})]
        except Exception as exc:
            error = self.map_error(exc)
            if timeout and isinstance(exc, neo4j.exceptions.Neo4jError) and "TimedOut" in (exc.code or ""):
                error = QueryTimeout(f"query took longer than {timeout:g} s (the server stopped it)")
            raise error from None

    def ensure_schema(self) -> None:
        for cypher in st.neo4j_schema():
            self.query(cypher)

    def close(self) -> None:
        self._driver.close()

    def map_error(self, exc: Exception) -> Exception:
        """Driver exceptions → one-line graphkit errors that say what to do (no secrets)."""
        from neo4j import exceptions as ne

        if isinstance(exc, (StoreError, QueryError)):
            return exc

        if isinstance(exc, ne.AuthError):
            return StoreUnavailable(
                f"Neo4j at {self.location} rejected user {self.username!r}: set NEO4J_PASSWORD "
                "(and NEO4J_USERNAME if not 'neo4j'); docker-compose.yml defaults to graphkit-dev")
        if isinstance(exc, (ne.ServiceUnavailable, ne.SessionExpired, OSError)):
            return StoreUnavailable(f"cannot reach Neo4j at {self.location} — {COMPOSE_HINT}")
        if isinstance(exc, ne.Neo4jError):
            code = exc.code or ""
            if "DatabaseNotFound" in code:
                return StoreUnavailable(
                    f"Neo4j at {self.location} has no database {self.database!r}: set NEO4J_DATABASE "
                    "to an existing one (Community edition has only 'neo4j')")
            if code.startswith("Neo.ClientError.Statement"):
                return QueryError(f"Neo4j rejected the query: {exc.message}")
            return StoreError(f"Neo4j error {code}: {exc.message}")
        if isinstance(exc, ne.DriverError):
            return StoreUnavailable(f"Neo4j driver error for {self.location}: {type(exc).__name__}: {exc}")
        return exc


def plain(value: Any) -> Any:
    """Driver values → plain Python: nodes/relationships → property dicts, temporals → ISO text."""
    kind = type(value)
    if kind in SCALARS:
        return value  # most values (a query's rows may hold ~100,000 of them)
    if kind is list:
        return [v if type(v) in SCALARS else plain(v) for v in value]
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, (Node, Relationship)):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, Path):
        return [plain(n) for n in value.nodes]
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value

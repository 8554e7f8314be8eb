"""Neo4j store without a server: URI checks, error mapping, and statement identity with the embedded store."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from neo4j import exceptions as ne

from graphkit.errors import QueryError, StoreError, StoreUnavailable
from graphkit.graph import plan_records
from graphkit.stores import resolve_store
from graphkit.stores import statements as st
from graphkit.stores.embedded import EmbeddedStore
from graphkit.stores.neo4j import Neo4jStore, check_uri, write_plan_tx
from plan_factory import changed_first, corpus

CLOSED = "bolt://127.0.0.1:1"  # nothing listens on port 1
GRAPHKIT = Path(sys.executable).parent / "graphkit"


@pytest.mark.parametrize("uri", ["bolt://localhost:7687", "neo4j+s://abc.databases.neo4j.io",
                                 "neo4j://db.example.org", "bolt+ssc://10.0.0.2:7687"])
def test_good_uris(uri):
    assert check_uri(uri) == uri


@pytest.mark.parametrize("uri,message", [
    ("http://localhost:7474", "not a Neo4j URI"),
    ("localhost:7687", "not a Neo4j URI"),
    ("bolt://neo4j:hunter2@localhost:7687", "not in the URI (bolt://localhost:7687)"),
    ("bolt://", "has no host"),
])
def test_bad_uris(uri, message):
    with pytest.raises(StoreError, match=message.replace("(", r"\(").replace(")", r"\)")) as info:
        check_uri(uri)
    assert "hunter2" not in str(info.value)


def test_unreachable_is_one_clear_line(monkeypatch):
    monkeypatch.setenv("NEO4J_PASSWORD", "s3cret-pw")
    with pytest.raises(StoreUnavailable) as info:
        Neo4jStore(CLOSED)
    assert str(info.value) == ("cannot reach Neo4j at bolt://127.0.0.1:1 — start it with "
                               "`docker compose up -d` (see README: Using Neo4j) or check NEO4J_URI")


def test_cli_unreachable_never_shows_the_password():
    env = dict(os.environ, NEO4J_URI=CLOSED, NEO4J_PASSWORD="s3cret-pw")
    env.pop("GRAPHKIT_STORE", None)
    out = subprocess.run([str(GRAPHKIT), "stats", "--neo4j"], env=env, capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 3
    assert out.stdout == ""
    assert out.stderr.startswith("error[GK202]: cannot reach Neo4j at bolt://127.0.0.1:1")
    assert len(out.stderr.strip().splitlines()) == 1
    assert "s3cret-pw" not in out.stderr


def test_error_mapping(monkeypatch):
    monkeypatch.setenv("NEO4J_PASSWORD", "s3cret-pw")
    monkeypatch.setenv("NEO4J_DATABASE", "plans")
    store = Neo4jStore("neo4j://localhost:7687", connect=False)
    try:
        auth = store.map_error(ne.Neo4jError._hydrate_neo4j(
            code="Neo.ClientError.Security.Unauthorized", message="The client is unauthorized"))
        assert isinstance(auth, StoreUnavailable)
        assert str(auth).startswith("Neo4j at neo4j://localhost:7687 rejected user 'neo4j': set NEO4J_PASSWORD")
        assert "s3cret-pw" not in str(auth)
        missing = store.map_error(ne.Neo4jError._hydrate_neo4j(
            code="Neo.ClientError.Database.DatabaseNotFound", message="Database does not exist."))
        assert isinstance(missing, StoreUnavailable)
        assert "has no database 'plans': set NEO4J_DATABASE" in str(missing)
        syntax = store.map_error(ne.Neo4jError._hydrate_neo4j(
            code="Neo.ClientError.Statement.SyntaxError", message="Invalid input ')'"))
        assert isinstance(syntax, QueryError) and "Invalid input ')'" in str(syntax)
    finally:
        store.close()


def test_store_resolution(monkeypatch, tmp_path):
    monkeypatch.delenv("GRAPHKIT_STORE", raising=False)
    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.chdir(tmp_path)
    assert resolve_store() == ("embedded", str(tmp_path / ".graphkit"))
    monkeypatch.setenv("NEO4J_URI", "bolt://db:7687")
    assert resolve_store() == ("neo4j", "bolt://db:7687")
    monkeypatch.setenv("GRAPHKIT_STORE", "/data/kg")
    assert resolve_store() == ("embedded", "/data/kg")
    assert resolve_store(neo4j_uri="neo4j://x") == ("neo4j", "neo4j://x")
    assert resolve_store(path="here") == ("embedded", "here")
    with pytest.raises(StoreError, match="choose one store"):
        resolve_store(path="here", neo4j_uri="neo4j://x")


class BridgeTx:
    """What Neo4jStore's transaction function sends, with reads answered by a real embedded store."""

    def __init__(self, store: EmbeddedStore):
        self.store = store
        self.sent: list[st.Statement] = []

    def run(self, cypher, params):
        self.sent.append((cypher, params))
        reads = (st.REPLACED_PLANS, st.ORPHAN_CANDIDATES)
        return _Result(self.store.query(cypher, params) if cypher in reads else [])


class _Result:
    def __init__(self, rows):
        self.rows = rows

    def data(self):
        return self.rows

    def consume(self):
        return None


def test_both_stores_send_identical_statements(tmp_path):
    plans = corpus()
    plans = plans + plans[:1] + [changed_first(plans)]  # fresh writes, a reload, a replace
    with EmbeddedStore(tmp_path / "s") as store:
        store.ensure_schema()
        for plan in plans:
            records = plan_records(plan)
            tx = BridgeTx(store)
            _, _, neo4j_statements = write_plan_tx(tx, records)  # Neo4j side first: reads only
            store.trace = []
            store.write_plan(records)
            assert store.trace == neo4j_statements
            sent_writes = [s for s in tx.sent if s[0] not in (st.REPLACED_PLANS, st.ORPHAN_CANDIDATES)]
            assert sent_writes == neo4j_statements
            assert len(store.trace) >= 4
        # the replace really exercised the delete and orphan statements
        assert any(q == st.DELETE_PLANS for q, _ in store.trace)
        assert any(q.startswith("UNWIND $keys") for q, _ in store.trace)


class _TimingOutSession:
    """A session whose run() records the statement and fails as Neo4j does past the tx timeout."""

    def __init__(self, seen):
        self.seen = seen

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def run(self, statement, params):
        self.seen.append(statement)
        raise ne.Neo4jError._hydrate_neo4j(code="Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
                                           message="The transaction has been terminated.")


def test_query_timeout_goes_to_the_server_and_comes_back_as_query_timeout():
    import neo4j

    from graphkit.errors import QueryTimeout

    store = Neo4jStore("bolt://localhost:7687", connect=False)
    seen = []
    store._driver.close()
    store._driver = type("Driver", (), {"session": lambda self, **kw: _TimingOutSession(seen)})()
    with pytest.raises(QueryTimeout, match=r"query took longer than 2\.5 s"):
        store.query("MATCH (n) RETURN count(n) AS n", {}, timeout=2.5)
    assert isinstance(seen[0], neo4j.Query) and seen[0].timeout == 2.5
    with pytest.raises(StoreError, match="TransactionTimedOut"):  # no limit asked: not reported as ours
        store.query("MATCH (n) RETURN count(n) AS n", {})
    assert seen[1] == "MATCH (n) RETURN count(n) AS n"

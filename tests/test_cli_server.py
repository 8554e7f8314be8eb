"""``graphkit server start|stop|status``: a kept embedded server, end to end on the real store."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphkit.cli import main
from graphkit.stores.embedded import stop_server
from tests.processes import running, server_pid

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"
QUZHOU = CORPUS / "quzhou-2022-implementation-plan.txt"
CHANGZHOU = CORPUS / "changzhou-2020-task-division.txt"


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner(env=env).invoke(main, list(args))


def counts(store: Path) -> dict:
    result = run("stats", "--format", "json", "--store", str(store))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def gone(pid: int, wait: float = 10.0) -> bool:
    deadline = time.monotonic() + wait
    while running(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not running(pid)


@pytest.fixture
def store(tmp_path):
    path = tmp_path / "kg"
    yield path
    stop_server(path)  # whatever a failed test left running


def test_commands_reuse_a_kept_server_until_it_is_stopped(store):
    assert run("load", "-q", "--store", str(store), str(QUZHOU)).exit_code == 0
    assert server_pid(store) is None  # a plain command stops its server
    status = run("server", "status", "--store", str(store))
    assert status.exit_code == 1 and "no embedded server running" in status.stdout

    started = run("server", "start", "--store", str(store))
    assert started.exit_code == 0, started.output
    pid = server_pid(store)
    assert pid is not None and running(pid)
    assert f"(pid {pid}, " in started.stdout and "reuse it until `graphkit server stop`" in started.stdout
    again = run("server", "start", "--store", str(store))
    assert again.exit_code == 0 and "already running" in again.stdout and server_pid(store) == pid

    one = counts(store)
    assert one["plans"] == 1
    assert run("load", "-q", "--store", str(store), str(CHANGZHOU)).exit_code == 0  # a write, same server
    assert counts(store)["plans"] == 2
    assert run("query", "plan-overview", "--store", str(store)).exit_code == 0
    assert server_pid(store) == pid and running(pid)
    status = run("server", "status", "--store", str(store))
    assert status.exit_code == 0, status.output
    assert f"pid {pid}" in status.stdout and "kept running between commands" in status.stdout

    stopped = run("server", "stop", "--store", str(store))
    assert stopped.exit_code == 0 and f"(pid {pid})" in stopped.stdout
    assert gone(pid) and server_pid(store) is None
    assert run("server", "status", "--store", str(store)).exit_code == 1
    assert run("server", "stop", "--store", str(store)).stdout.startswith("no embedded server running")
    assert counts(store)["plans"] == 2  # a plain command again: its own server, stopped after
    assert server_pid(store) is None


def test_a_kept_server_that_crashes_loses_no_written_plan(store):
    assert run("server", "start", "--store", str(store)).exit_code == 0
    assert run("load", "-q", "--store", str(store), str(QUZHOU), str(CHANGZHOU)).exit_code == 0
    pid = server_pid(store)
    os.kill(pid, signal.SIGKILL)
    assert gone(pid)
    assert counts(store)["plans"] == 2  # a new server, started from the AOF (and kept)
    assert server_pid(store) not in (None, pid)


def test_a_kept_server_leaves_no_private_directory_behind_when_stopped(store):
    assert run("server", "start", "--store", str(store)).exit_code == 0
    settings = json.loads((store / "graph.db.settings").read_text())
    private = Path(settings["pidfile"]).parent
    assert private.is_dir()
    counts(store)  # a command that attached, not started: the stop must still find the directory
    assert run("server", "stop", "--store", str(store)).exit_code == 0
    assert not private.exists()


def test_server_commands_refuse_neo4j_and_a_missing_store(tmp_path):
    env = {"GRAPHKIT_STORE": "", "NEO4J_URI": "bolt://localhost:7687"}
    result = run("server", "start", env=env)
    assert result.exit_code == 2 and "`graphkit server` keeps the embedded store's" in result.stderr
    result = run("server", "status", "--store", str(tmp_path / "missing"))
    assert result.exit_code == 3 and "no store at" in result.stderr
    assert not (tmp_path / "missing").exists()

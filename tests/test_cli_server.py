"""``graphkit server start|stop|status``: a kept embedded server, end to end on the real store."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphkit.cli import main
from graphkit.extract import extract_file
from graphkit.graph import plan_records
from graphkit.stores import open_store
from graphkit.stores.embedded import keep_server, stop_server
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
    assert run("load", "-q", "--store", str(store), str(QUZHOU)).exit_code == 0
    assert run("server", "start", "--store", str(store)).exit_code == 0
    assert run("load", "-q", "--store", str(store), str(CHANGZHOU)).exit_code == 0
    pid = server_pid(store)
    os.kill(pid, signal.SIGKILL)
    assert gone(pid)
    assert counts(store)["plans"] == 2  # a new server, started from the AOF (and kept)
    assert server_pid(store) not in (None, pid)


def test_a_kept_server_leaves_no_private_directory_behind_when_stopped(store):
    store.mkdir()  # an empty store: the server starts on it
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
    for action in ("start", "status", "stop"):  # a mistyped --store is an error, not a new store
        result = run("server", action, "--store", str(tmp_path / "missing"))
        assert result.exit_code == 3 and "no store at" in result.stderr
    assert not (tmp_path / "missing").exists()


def _hold(store: Path, seconds: float) -> subprocess.Popen:
    """A process that keeps the store open (its lock held) for ``seconds``; returns once it holds it."""
    code = ("import sys, time\n"
            "from graphkit.stores.embedded import EmbeddedStore\n"
            "s = EmbeddedStore(sys.argv[1])\n"
            "print('open', flush=True)\n"
            "time.sleep(float(sys.argv[2]))\n"
            "s.close()\n")
    proc = subprocess.Popen([sys.executable, "-c", code, str(store), str(seconds)], stdout=subprocess.PIPE,
                            text=True)
    assert proc.stdout.readline().strip() == "open"
    return proc


def store_servers(store: Path) -> list[int]:
    """pids of the redis-servers working in the store directory."""
    import psutil

    found = []
    for p in psutil.process_iter(["name"]):
        try:
            if p.info["name"] == "redis-server" and running(p.pid) and p.cwd() == str(store.resolve()):
                found.append(p.pid)
        except psutil.Error:
            pass
    return found


def test_stop_waits_for_the_command_using_the_store_or_changes_nothing(store, monkeypatch):
    assert run("load", "-q", "--store", str(store), str(QUZHOU)).exit_code == 0
    assert run("server", "start", "--store", str(store)).exit_code == 0
    pid = server_pid(store)
    holder = _hold(store, 3)
    busy = run("server", "stop", "--store", str(store), env={"GRAPHKIT_LOCK_TIMEOUT": "0.5"})
    assert busy.exit_code == 3 and "store busy" in busy.stderr
    assert holder.wait(timeout=60) == 0
    assert server_pid(store) == pid and running(pid)  # the holder left it running: still kept
    assert (store / "keep-server").exists()

    holder = _hold(store, 2)
    stopped = run("server", "stop", "--store", str(store), env={"GRAPHKIT_LOCK_TIMEOUT": "60"})
    assert holder.wait(timeout=60) == 0
    assert stopped.exit_code == 0 and f"(pid {pid})" in stopped.stdout
    assert gone(pid) and store_servers(store) == []  # stopped, and no second server started to stop it


def test_a_dead_servers_pid_given_to_another_process_is_not_taken_for_the_server(store):
    assert run("load", "-q", "--store", str(store), str(QUZHOU)).exit_code == 0
    assert run("server", "start", "--store", str(store)).exit_code == 0
    pid = server_pid(store)
    pidfile = Path(json.loads((store / "graph.db.settings").read_text())["pidfile"])
    os.kill(pid, signal.SIGKILL)
    assert gone(pid)
    other = subprocess.Popen(["sleep", "60"])
    try:
        pidfile.write_text(f"{other.pid}\n")  # as if the system had reused the pid
        assert run("server", "status", "--store", str(store)).exit_code == 1
        assert counts(store)["plans"] == 1  # a new server from the AOF
        assert running(other.pid)  # the unrelated process is left alone
        assert server_pid(store) not in (None, other.pid)
    finally:
        other.kill()
        other.wait()


def test_a_kept_server_whose_socket_directory_was_deleted_is_replaced_not_doubled(store):
    import shutil

    assert run("load", "-q", "--store", str(store), str(QUZHOU)).exit_code == 0
    assert run("server", "start", "--store", str(store)).exit_code == 0
    pid = server_pid(store)
    shutil.rmtree(Path(json.loads((store / "graph.db.settings").read_text())["pidfile"]).parent)  # a /tmp cleaner
    assert counts(store)["plans"] == 1
    assert gone(pid)  # the unreachable server was stopped …
    assert store_servers(store) == [server_pid(store)]  # … and one server works on the store's AOF


def test_a_kept_server_restarts_after_enough_writes_across_commands(store, monkeypatch):
    from graphkit.stores import embedded
    from graphkit.extract import extract_file
    from graphkit.graph import plan_records

    store.mkdir()
    embedded.keep_server(store)
    with embedded.EmbeddedStore(store) as s:
        s.write_plan(plan_records(extract_file(QUZHOU)))
        received = s._server_input()
    first = server_pid(store)
    monkeypatch.setattr(embedded, "REFRESH_BYTES", received)  # what the first command already sent
    with embedded.EmbeddedStore(store) as s:  # a later command of one plan (REFRESH_CHECK is 50): checked at once
        s.write_plan(plan_records(extract_file(CHANGZHOU)))
        assert s.restarts == 1
    assert gone(first) and server_pid(store) not in (None, first)
    assert embedded.server_info(store)["kept"]
    assert counts(store)["plans"] == 2


def test_a_kept_server_whose_socket_file_was_deleted_is_replaced(store):
    assert run("load", "-q", "--store", str(store), str(QUZHOU)).exit_code == 0
    assert run("server", "start", "--store", str(store)).exit_code == 0
    pid = server_pid(store)
    os.unlink(json.loads((store / "graph.db.settings").read_text())["unixsocket"])  # the process lives on
    assert counts(store)["plans"] == 1  # not "cannot start … connecting" with tracebacks
    assert gone(pid) and store_servers(store) == [server_pid(store)]


def test_status_and_stop_see_a_server_that_can_no_longer_be_reached(store):
    import shutil

    assert run("load", "-q", "--store", str(store), str(QUZHOU)).exit_code == 0
    assert run("server", "start", "--store", str(store)).exit_code == 0
    pid = server_pid(store)
    shutil.rmtree(Path(json.loads((store / "graph.db.settings").read_text())["pidfile"]).parent)
    status = run("server", "status", "--store", str(store))
    assert status.exit_code == 1
    assert f"redis-server pid {pid} still works in" in status.stdout and "cannot be reached" in status.stdout
    stopped = run("server", "stop", "--store", str(store))
    assert stopped.exit_code == 0 and f"(pid {pid})" in stopped.stdout
    assert gone(pid) and store_servers(store) == []


def test_the_server_is_recognised_through_another_path_to_the_store(store, tmp_path):
    from graphkit.stores.embedded import _is_store_server
    import psutil

    assert run("load", "-q", "--store", str(store), str(QUZHOU)).exit_code == 0
    assert run("server", "start", "--store", str(store)).exit_code == 0
    (tmp_path / "link").symlink_to(tmp_path)
    other_path = tmp_path / "link" / "kg"  # not resolved: another spelling of the same directory
    process = psutil.Process(server_pid(store))
    assert _is_store_server(process, other_path)
    assert not _is_store_server(process, tmp_path)


@pytest.mark.parametrize("value", ["abc", "nan", "-1", "10s"])
def test_a_malformed_lock_timeout_is_a_usage_error(tmp_path, value):
    result = run("stats", "--store", str(tmp_path), env={"GRAPHKIT_LOCK_TIMEOUT": value})
    assert result.exit_code == 2
    assert result.stderr.strip() == (f"error[GK001]: GRAPHKIT_LOCK_TIMEOUT must be a number of seconds "
                                     f"(0 or more), not {value!r}")


def watchers(store: Path) -> list[int]:
    """pids of idle watchers (graphkit.stores.idle) of this store."""
    import psutil

    found = []
    for process in psutil.process_iter(["cmdline"]):
        cmdline = process.info["cmdline"] or []
        if "graphkit.stores.idle" in cmdline and str(store.resolve()) in cmdline and running(process.pid):
            found.append(process.pid)
    return found


def test_a_server_kept_with_stop_when_idle_stops_after_that_long_unused(store):
    assert run("load", "-q", "--store", str(store), str(QUZHOU)).exit_code == 0
    started = run("server", "start", "--store", str(store), "--stop-when-idle", "3s")
    assert started.exit_code == 0, started.output
    assert "until 3 s pass without a command" in started.stdout
    pid = server_pid(store)
    assert running(pid) and len(watchers(store)) == 1
    status = run("server", "status", "--store", str(store))
    assert "stops after 3 s without one" in status.stdout
    assert counts(store)["plans"] == 1 and server_pid(store) == pid  # used: the idle clock starts again
    assert gone(pid, wait=30)
    assert not (store / "keep-server").exists() and run("server", "status", "--store", str(store)).exit_code == 1
    left = watchers(store)  # read once: the watcher may exit between two reads
    assert not left or gone(left[0])
    assert counts(store)["plans"] == 1 and server_pid(store) is None  # commands start their own again


def test_the_idle_stop_waits_for_the_command_using_the_store(store):
    from graphkit.stores.embedded import EmbeddedStore

    assert run("load", "-q", "--store", str(store), str(QUZHOU)).exit_code == 0
    assert run("server", "start", "--store", str(store), "--stop-when-idle", "1s").exit_code == 0
    pid = server_pid(store)
    holder = EmbeddedStore(store)  # a command that runs longer than the idle time
    try:
        assert not gone(pid, wait=4)  # the watcher cannot take the lock: the server stays
        assert holder.query("MATCH (p:Plan) RETURN count(p) AS n")[0]["n"] == 1
    finally:
        holder.close()
    assert gone(pid, wait=30)  # then idle: stopped
    assert counts(store)["plans"] == 1


def test_starting_again_replaces_the_idle_setting_and_its_watcher(store):
    assert run("load", "-q", "--store", str(store), str(QUZHOU)).exit_code == 0
    assert run("server", "start", "--store", str(store), "--stop-when-idle", "2s").exit_code == 0
    first = watchers(store)
    assert len(first) == 1
    again = run("server", "start", "--store", str(store))  # kept until stopped, now
    assert again.exit_code == 0 and "already running" in again.stdout
    pid = server_pid(store)
    assert gone(first[0], wait=15)  # the first watcher retired without stopping the server
    assert running(pid) and server_pid(store) == pid
    assert "`graphkit server stop` ends it" in run("server", "status", "--store", str(store)).stdout


@pytest.mark.parametrize("value,seconds", [("90s", 90), ("30m", 1800), ("2h", 7200), ("1.5h", 5400),
                                           ("1d", 86400), ("365d", 365 * 86400), ("never", None), ("0", None),
                                           ("0s", None), ("0.0m", None)])
def test_idle_durations(value, seconds):
    from graphkit.cli.server import Duration

    assert Duration().convert(value, None, None) == seconds


@pytest.mark.parametrize("seconds,shown", [(45, "45 s"), (90, "1 min 30 s"), (1800, "30 min"), (3600, "1 h"),
                                           (5400, "1 h 30 min")])
def test_idle_durations_are_shown_as_given(seconds, shown):
    from graphkit.cli.server import _span

    assert _span(seconds) == shown


@pytest.mark.parametrize("value", ["5x", "h", "-2h", "nanh", "infm", "2", "0.5s", "366d", "1e9d"])
def test_a_malformed_idle_duration_is_a_usage_error(tmp_path, value):
    (tmp_path / "kg").mkdir()
    result = run("server", "start", "--store", str(tmp_path / "kg"), "--stop-when-idle", value)
    assert result.exit_code == 2 and "is not a duration" in result.stderr
    assert server_pid(tmp_path / "kg") is None


def test_a_keep_file_from_before_idle_stops_keeps_the_server_until_stopped(tmp_path):
    from graphkit.stores.embedded import keep_settings

    (tmp_path / "keep-server").write_text("graphkit server start: commands leave the server running\n")
    kept = keep_settings(tmp_path)
    assert kept["idle_stop"] is None and kept["watcher"] is None and kept["last_used"] > 0
    assert keep_settings(tmp_path / "missing") is None


def test_a_dead_idle_watcher_is_replaced_by_the_next_command(store):
    assert run("load", "-q", "--store", str(store), str(QUZHOU)).exit_code == 0
    assert run("server", "start", "--store", str(store), "--stop-when-idle", "4s").exit_code == 0
    pid = server_pid(store)
    (watcher,) = watchers(store)
    os.kill(watcher, signal.SIGKILL)  # a reboot or the OOM killer
    assert gone(watcher)
    status = run("server", "status", "--store", str(store))
    assert "its idle watcher is not running" in status.stdout
    assert counts(store)["plans"] == 1  # a command ends on the store: it starts a new watcher
    assert len(watchers(store)) == 1 and "stops after 4 s" in run("server", "status", "--store", str(store)).stdout
    assert gone(pid, wait=30)  # and that one stops the server


def test_a_large_store_says_why_the_command_waits_unless_a_server_is_kept(tmp_path, monkeypatch, capsys):
    from graphkit.cli import store_options

    store_dir = tmp_path / "kg"
    with open_store(str(store_dir)) as store:
        store.write_plan(plan_records(extract_file(QUZHOU, entities=False)))
    monkeypatch.setattr(store_options, "is_tty", lambda: True)
    monkeypatch.setattr(store_options, "SLOW_OPEN_BYTES", 1)  # the examples' store counts as large
    store_options.open_from_options(str(store_dir), None).close()
    said = capsys.readouterr().err
    assert said.startswith("starting the store's server: it loads ") and " MB first (`graphkit server start` " in said
    keep_server(store_dir)
    try:
        store_options.open_from_options(str(store_dir), None).close()
        assert capsys.readouterr().err == ""  # attaches to the kept server: nothing to load
    finally:
        stop_server(store_dir)
    monkeypatch.setattr(store_options, "SLOW_OPEN_BYTES", 64 * 1024 * 1024)
    store_options.open_from_options(str(store_dir), None).close()
    assert capsys.readouterr().err == ""  # small: no message

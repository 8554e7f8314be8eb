"""graphkit.cli.workers: extraction worker processes (real processes, spawned; no mocks)."""

from __future__ import annotations

import os
import time
from multiprocessing import get_context

import psutil
import pytest

from graphkit.cli.workers import WorkerDied, run_in_order

CTX = get_context("spawn")


def slow_first(path: str) -> str:
    """Work that finishes out of order: "p0" takes longest."""
    time.sleep(0.4 if path == "p0" else 0.01)
    return path.upper()


def exit_on(path: str) -> str:
    if path == "bad":
        os._exit(9)  # as the OOM killer would leave it: no exception, no message
    return path


def huge_on(path: str) -> bytes:
    # far more than a pipe holds: the worker is still sending it when the test kills it
    return b"x" * (200_000_000 if path == "huge" else 10)


def live_children() -> set[int]:
    """The pids of this process's live children but multiprocessing's resource tracker (started at
    the first spawn, kept); other tests leave some too (a forkserver)."""
    out = set()
    for p in psutil.Process().children():
        try:
            if p.status() != psutil.STATUS_ZOMBIE and "resource_tracker" not in " ".join(p.cmdline()):
                out.add(p.pid)
        except psutil.NoSuchProcess:
            pass
    return out


@pytest.fixture
def started():
    """A function giving the children started since the test began; the test ends with none left."""
    before = live_children()
    yield lambda: sorted(live_children() - before)
    assert sorted(live_children() - before) == []  # every worker was stopped


def test_results_come_in_input_order_from_several_workers(started):
    paths = [f"p{i}" for i in range(9)]
    assert list(run_in_order(CTX, 2, slow_first, paths)) == [p.upper() for p in paths]
    assert started() == []  # every worker was stopped


def test_a_worker_that_exits_names_its_document_and_the_others_are_stopped(started):
    got = []
    with pytest.raises(WorkerDied) as died:
        for result in run_in_order(CTX, 2, exit_on, ["a", "b", "bad", "c", "d"]):
            got.append(result)
    assert died.value.path == "bad"
    assert got == ["a", "b"]  # what came before is kept, in order
    assert started() == []


def test_a_worker_killed_while_sending_a_result_ends_the_run_instead_of_hanging_it(started):
    # half a message is left in the worker's pipe: reading it must end (EOF), not wait for the rest
    results = run_in_order(CTX, 1, huge_on, ["a", "huge", "b"])
    assert next(results) == b"x" * 10
    deadline = time.monotonic() + 60
    (worker,) = [psutil.Process(pid) for pid in started()]
    while worker.memory_info().rss < 150_000_000 and time.monotonic() < deadline:
        time.sleep(0.05)  # until the result is built and being sent (the parent is not reading)
    time.sleep(0.2)
    worker.kill()
    began = time.monotonic()
    with pytest.raises(WorkerDied) as died:
        next(results)
    assert died.value.path == "huge"
    assert time.monotonic() - began < 30
    assert started() == []


def test_stopping_early_stops_the_workers(started):
    results = run_in_order(CTX, 2, slow_first, [f"p{i}" for i in range(20)])
    assert next(results) == "P0"
    results.close()  # the consumer gave up (a store error, Ctrl-C …)
    assert started() == []

"""Extraction worker processes for ``graphkit load --jobs N``: results in input order, and a worker
that dies (killed, out of memory) stops the batch with one error instead of hanging it.

Nothing is shared between the workers: each has its own pipe to the parent, and only the worker
holds the other end, so when it dies reading from its pipe ends at once (EOFError, even halfway
through a message) and the parent names the document it was reading; on any error the parent
stops the other workers itself. ``concurrent.futures.ProcessPoolExecutor``, used before, has its
workers take their tasks from one queue guarded by one lock and report through a manager thread:
after one worker was killed, a load sometimes never finished (once in CI, once in 117 runs of a
kill-a-worker harness on Python 3.12.1), and the other worker was still alive minutes later,
blocked on a lock, holding the load's stdout and stderr open.
"""

from __future__ import annotations

import signal
from collections import deque
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection, wait
from multiprocessing.context import BaseContext
from typing import Any


class WorkerDied(Exception):
    """A worker process ended without sending the result for ``path``."""

    def __init__(self, path: str):
        super().__init__(path)
        self.path = path


def _serve(conn: Connection, work: Callable[[str], Any]) -> None:
    """A worker's life: read a path, send back ``work(path)``, until the parent sends None or goes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it stops the workers
    while True:
        try:
            path = conn.recv()
        except (EOFError, OSError):
            return
        if path is None:
            return
        conn.send(work(path))


class _Worker:
    def __init__(self, ctx: BaseContext, work: Callable[[str], Any]):
        self.conn, child_end = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(child_end, work), daemon=True)
        self.process.start()
        child_end.close()  # the worker holds the only writing end: its death ends the pipe
        self.todo: deque[tuple[int, str]] = deque()  # (input index, path) sent, not yet answered
        self.alive = True  # False once it ended without answering its first todo

    def send(self, index: int, path: str) -> None:
        self.todo.append((index, path))
        try:
            self.conn.send(path)
        except OSError:  # it is gone already; the wait loop finds out and reports the path
            pass

    def receive(self) -> tuple[int, Any]:
        """The next answer, with its input index; WorkerDied if the worker ended instead."""
        try:
            result = self.conn.recv()
        except (EOFError, OSError):  # ended, perhaps in the middle of sending
            raise WorkerDied(self.todo[0][1]) from None
        return self.todo.popleft()[0], result

    def stop(self, wait_s: float) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.process.join(wait_s)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(1)
        self.conn.close()


def run_in_order(ctx: BaseContext, jobs: int, work: Callable[[str], Any], paths: list[str],
                 ahead: int = 2) -> Iterator[Any]:
    """``work(path)`` for each path, computed by ``jobs`` worker processes, yielded in input order.

    At most ``jobs * ahead`` paths are out at a time, so finished results never pile up in memory
    when the consumer is slower than the workers. When a worker process ends without answering,
    every result before its document (in input order) is still yielded, then :class:`WorkerDied`
    is raised naming that document; the other workers are stopped then, as they are when the
    consumer stops early.
    """
    workers = [_Worker(ctx, work) for _ in range(max(1, jobs))]
    window = len(workers) * ahead
    finished: dict[int, Any] = {}
    dead: list[tuple[int, str]] = []  # (input index, path) each dead worker was reading
    sent = 0
    wanted = 0  # the next input index to yield
    clean = False
    try:
        while wanted < len(paths):
            if dead and wanted >= min(dead)[0]:
                raise WorkerDied(min(dead)[1])
            for worker in workers if not dead else ():  # top up: up to `ahead` each, within the window
                while len(worker.todo) < ahead and sent < len(paths) and sent < wanted + window:
                    worker.send(sent, paths[sent])
                    sent += 1
            if wanted in finished:
                yield finished.pop(wanted)
                wanted += 1
                continue
            busy = [w for w in workers if w.todo and w.alive]
            by_conn = {w.conn: w for w in busy}
            by_sentinel = {w.process.sentinel: w for w in busy}
            for ready in wait([*by_conn, *by_sentinel]):
                worker = by_conn.get(ready) or by_sentinel[ready]  # type: ignore[call-overload,index]
                if not worker.alive:
                    continue  # both its pipe and its sentinel were ready
                if ready is worker.conn or worker.conn.poll():
                    try:  # an answer, or what it sent before it ended
                        index, result = worker.receive()
                        finished[index] = result
                        continue
                    except WorkerDied:
                        pass  # ended halfway through sending
                worker.alive = False
                dead.append(worker.todo[0])
        clean = True
    finally:
        for worker in workers:
            worker.stop(5 if clean else 0)

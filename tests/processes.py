"""Process checks shared by the store tests (the embedded redis-server they start, kill and stop)."""

from __future__ import annotations


def running(pid: int) -> bool:
    """Whether process ``pid`` still runs (a zombie has exited: it only waits to be reaped)."""
    import psutil

    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False

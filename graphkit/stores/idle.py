"""The watcher behind ``graphkit server start --stop-when-idle``: stops a kept server nobody uses.

Run detached by :func:`graphkit.stores.embedded.keep_server` as
``python -m graphkit.stores.idle STORE_DIR TOKEN``. It sleeps until the store has gone
``idle_stop`` seconds without a command ending on it (the keep file's mtime), then stops the
server the way ``graphkit server stop`` does, but only if the store's lock is free and the
store is still idle once the lock is held. It exits when the server is stopped, when the
store stops keeping its server (``graphkit server stop``, ``make clean``), or when a later
``graphkit server start`` replaced its settings (another ``TOKEN``). If it dies (a reboot, a
kill), the next command that ends on the store starts another.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from graphkit.errors import GraphkitError

POLL = 30.0  # seconds between looks at the keep file while the idle time is still far off
BUSY_RETRY = 5.0  # seconds before trying again when a command holds the store


def watch(directory: Path, token: str, poll: float = POLL) -> str:
    """Wait and stop the server when idle; returns why it ended (for tests and the curious)."""
    from graphkit.stores.embedded import keep_settings, stop_server

    while True:
        kept = keep_settings(directory)
        if kept is None:
            return "not kept"
        if kept["watcher"] != token or kept["idle_stop"] is None:
            return "replaced"
        left = kept["idle_stop"] - (time.time() - kept["last_used"])
        if left <= 0:
            try:
                if stop_server(directory, lock_timeout=0, idle_for=kept["idle_stop"]) is not None:
                    return "stopped"
                continue  # used meanwhile (look at the new idle time), or nothing ran (no longer kept)
            except GraphkitError:
                left = BUSY_RETRY  # a command holds the store (its end counts as use)
            except Exception:  # noqa: BLE001 - the stop failed: try again later rather than die unseen
                left = poll
        time.sleep(min(max(left, 0.2), poll))


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m graphkit.stores.idle STORE_DIR TOKEN", file=sys.stderr)
        return 2
    watch(Path(argv[0]), argv[1])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

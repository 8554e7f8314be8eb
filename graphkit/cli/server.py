"""``graphkit server start|stop|status``: keep the embedded store's server running between commands."""

from __future__ import annotations

import os
import time
from pathlib import Path

import click

from graphkit.cli.base import main
from graphkit.cli.store_options import store_path_option
from graphkit.errors import StoreUnavailable, StoreUsageError
from graphkit.stores import resolve_store


def _store_dir(store_path: str | None) -> str:
    """The embedded store's directory; it must exist (a mistyped --store is an error, not a new store)."""
    kind, where = resolve_store(store_path, None)
    if kind != "embedded":
        raise StoreUsageError("Neo4j runs its own server; `graphkit server` keeps the embedded store's "
                              "(give --store PATH or set GRAPHKIT_STORE)")
    if not os.path.isdir(where):
        raise StoreUnavailable(f"no store at {where} — run `graphkit load PATH` first")
    return where


def _shown(where: str) -> str:
    return str(Path(where).expanduser().resolve())


def _describe(info: dict) -> str:
    return f"pid {info['pid']}, {info['rss'] / 2**20:,.0f} MB resident, up {_span(time.time() - info['started'])}"


@main.group()
def server() -> None:
    """Keep the embedded store's server running between commands.

    Every graphkit command on the embedded store normally starts its FalkorDB server and
    loads the graph, then stops it: about 9 s at 10,000 plans before the first answer.
    After `graphkit server start` the commands attach to the running server instead, and
    leave it running, until `graphkit server stop`. One command at a time still uses the
    store (the lock is unchanged), every write is still on disk when it returns, and the
    server holds the graph in memory while it waits (about 1.6 GB at 10,000 plans):
    `--stop-when-idle 2h` gives that memory back after two hours without a command.

    \b
    Examples:
      graphkit server start --store /data/kg --stop-when-idle 2h
      graphkit query agency-workload --store /data/kg    # no start-up wait
      graphkit server status --store /data/kg
      graphkit server stop --store /data/kg
    """


class Duration(click.ParamType):
    """"90s", "30m", "2h", "1.5h", "1d" (whole seconds, 1 s to 365 d); "never" or zero for no limit →
    seconds, or None."""

    name = "DURATION"
    _UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    LONGEST = 365 * 86400

    def convert(self, value, param, ctx):
        if value is None or isinstance(value, (int, float)):
            return value
        text = str(value).strip().lower()
        if text == "never":
            return None
        number, unit = (text[:-1].strip(), text[-1:]) if text[-1:] in self._UNITS else (text, "")
        try:
            amount = float(number)
        except ValueError:
            amount = -1.0
        seconds = amount * self._UNITS[unit] if unit else (0.0 if amount == 0 else -1.0)  # a bare number: 0 only
        if seconds == 0:
            return None
        if not 1 <= seconds <= self.LONGEST:
            self.fail(f"{value!r} is not a duration from 1 s to 365 d: write a number and s, m, h or d "
                      "(90s, 30m, 2h), or never (also 0)", param, ctx)
        return float(round(seconds))


def _span(seconds: float) -> str:
    """1 h 5 min, 1 min 30 s, 45 s (exact to the second below an hour, to the minute above)."""
    seconds = round(seconds)
    if seconds >= 3600:
        hours, minutes = seconds // 3600, seconds % 3600 // 60
        return f"{hours:,} h {minutes} min" if minutes else f"{hours:,} h"
    if seconds >= 60:
        minutes, rest = divmod(seconds, 60)
        return f"{minutes} min {rest} s" if rest else f"{minutes} min"
    return f"{seconds} s"


def _keeping(kept: dict) -> str:
    """How a kept server ends: by `server stop`, or after its idle time."""
    from graphkit.stores.embedded import watcher_alive

    idle = time.time() - kept["last_used"]
    if kept["idle_stop"] is None:
        return f"kept running between commands (`graphkit server stop` ends it); last used {_span(idle)} ago"
    if not watcher_alive(kept):
        return (f"kept running between commands; its idle watcher is not running, so it will not stop after "
                f"{_span(kept['idle_stop'])} idle until the next command on the store restarts the watcher "
                f"(last used {_span(idle)} ago)")
    return (f"kept running between commands; stops after {_span(kept['idle_stop'])} without one "
            f"(last used {_span(idle)} ago) or at `graphkit server stop`")


@server.command()
@store_path_option
@click.option("--stop-when-idle", "idle_stop", type=Duration(), default="never", show_default=True,
              help="Stop the server after this long without a command on the store (90s, 30m, 2h, 1d), "
                   "freeing its memory; the next command then starts one as usual.")
def start(store_path: str | None, idle_stop: float | None) -> None:
    """Start the store's server (or keep the running one) and leave it running.

    Starting again replaces the idle setting of the server already kept.

    \b
    Examples:
      graphkit server start                  # the store in .graphkit/
      graphkit server start --store /data/kg
      graphkit server start --store /data/kg --stop-when-idle 2h
    """
    from graphkit.stores.embedded import keep_server, server_info

    where = _store_dir(store_path)
    before = server_info(where)
    info = keep_server(where, idle_stop=idle_stop)
    verb = "already running" if before and before["kept"] else "running"
    until = ("until `graphkit server stop`" if idle_stop is None else
             f"until {_span(idle_stop)} pass without a command, or `graphkit server stop`")
    click.echo(f"embedded server for {_shown(where)} {verb} ({_describe(info)}); commands on this "
               f"store reuse it {until}")


@server.command()
@store_path_option
def stop(store_path: str | None) -> None:
    """Stop the store's server (waits for a command using the store to finish).

    After GRAPHKIT_LOCK_TIMEOUT seconds (default 10) of waiting it gives up with
    error[GK201] and changes nothing: the server stays, and stays kept.

    \b
    Examples:
      graphkit server stop
      graphkit server stop --store /data/kg
    """
    from graphkit.stores.embedded import stop_server

    where = _store_dir(store_path)
    pid = stop_server(where)
    if pid is None:
        click.echo(f"no embedded server running for {_shown(where)}")
    else:
        click.echo(f"stopped the embedded server for {_shown(where)} (pid {pid})")


@server.command()
@store_path_option
@click.pass_context
def status(ctx: click.Context, store_path: str | None) -> None:
    """Say whether the store's server runs, and whether commands keep it running.

    Exit status: 0 running, 1 not running.

    \b
    Examples:
      graphkit server status --store /data/kg
    """
    from graphkit.stores.embedded import server_info, stray_servers

    where = _store_dir(store_path)
    info = server_info(where)
    strays = stray_servers(where)
    if strays:
        click.echo(f"redis-server pid {', '.join(map(str, strays))} still works in {_shown(where)} but cannot be "
                   "reached (its socket directory is gone); `graphkit server stop` or the next command ends it")
    if info is None:
        click.echo(f"no embedded server running for {_shown(where)}")
        ctx.exit(1)
    kept = (_keeping(info["kept"]) if info["kept"] else
            "not kept: the graphkit command using the store, or the next one, stops it")
    click.echo(f"embedded server for {_shown(where)} running ({_describe(info)}); {kept}")

"""``--store PATH`` / ``--neo4j [URI]``: the store options every store-using command shares."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import click

from graphkit.cli.base import echo_err, is_tty
from graphkit.errors import StoreUnavailable, StoreUsageError
from graphkit.stores import Store, open_store, resolve_store

STORE_HELP = ("Embedded store directory (default: $GRAPHKIT_STORE, else .graphkit in the "
              "current directory).")
NEO4J_HELP = ("Use Neo4j at URI (bolt://, neo4j://, neo4j+s://); bare --neo4j uses $NEO4J_URI. "
              "Credentials come from $NEO4J_USERNAME / $NEO4J_PASSWORD / $NEO4J_DATABASE only.")


# --store PATH alone (`graphkit server`, which has no Neo4j form)
store_path_option = click.option("--store", "store_path", type=click.Path(file_okay=False, path_type=str),
                                 default=None, metavar="PATH", help=STORE_HELP)


def store_options(func: Callable) -> Callable:
    func = click.option("--neo4j", "neo4j_uri", is_flag=False, flag_value="", default=None,
                        metavar="[URI]", help=NEO4J_HELP)(func)
    return store_path_option(func)


def open_from_options(store_path: str | None, neo4j_uri: str | None, *, create: bool = True) -> Store:
    """Open the store the options select (bare ``--neo4j`` → ``$NEO4J_URI``).

    ``create=False`` (commands that only read) refuses an embedded store directory that does
    not exist instead of creating an empty one, so a mistyped ``--store`` is an error."""
    if neo4j_uri == "":
        neo4j_uri = os.environ.get("NEO4J_URI")
        if not neo4j_uri:
            raise StoreUsageError("--neo4j without a URI needs NEO4J_URI set (e.g. bolt://localhost:7687)")
    kind, where = resolve_store(store_path, neo4j_uri)
    if kind == "embedded" and not os.path.isdir(where):
        if not create:
            raise StoreUnavailable(f"no store at {where} — run `graphkit load PATH` first")
    elif kind == "embedded" and is_tty():
        say_if_slow_to_open(Path(where))
    return open_store(store_path, neo4j_uri)


#: Store files above this size take seconds to load when a command starts the server (about 10 s
#: for the 355 MB of 10,000 plans): say so, rather than sit silent.
SLOW_OPEN_BYTES = 64 * 1024 * 1024


def say_if_slow_to_open(directory: Path) -> None:
    """Tell the user why the command waits, unless a server is already running (kept) to attach to."""
    from graphkit.stores.embedded import server_info

    size = sum(f.stat().st_size for f in (directory / "appendonlydir").glob("*") if f.is_file())
    if size >= SLOW_OPEN_BYTES and server_info(directory) is None:
        echo_err(f"starting the store's server: it loads {size / 1e6:,.0f} MB first "
                 f"(`graphkit server start` keeps it loaded between commands)…")

"""Command-line interface: thin click commands over the Python API.

Each command is a module of this package that registers itself on :data:`main`.
"""

from graphkit.cli.base import main

# Command modules register themselves on ``main`` when imported.
from graphkit.cli import extract  # noqa: E402,F401
from graphkit.cli import export, load, stats  # noqa: E402,F401
from graphkit.cli import entities  # noqa: E402,F401
from graphkit.cli import query  # noqa: E402,F401
from graphkit.cli import server  # noqa: E402,F401
from graphkit.cli import viz  # noqa: E402,F401

__all__ = ["main"]

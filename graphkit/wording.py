"""How counts read in messages and pages: ``1 plan``, ``2 plans``, ``1 city``."""

from __future__ import annotations


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """A count with its noun; the plural is ``noun + "s"`` unless given (``counted(2, "city", "cities")``)."""
    return f"{n} {noun}" if n == 1 else f"{n} {plural or noun + 's'}"

"""Memos that live while one plan is parsed: :func:`per_plan` and :func:`clear_per_plan`.

A plan repeats its unit names, cells and item markers many times; the pure string tests
run on them are worth remembering for that plan, not beyond it (parse_structure clears
them before each plan, so memory stays bounded and a long batch measures fairly).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

_MEMOS: list[dict] = []
LIMIT = 8192  # entries per memo before it starts over


class _Memo(dict):
    """A dict that computes a missing key with ``fn`` (a hit never runs Python code)."""

    __slots__ = ("fn",)

    def __missing__(self, text):
        if len(self) >= LIMIT:
            self.clear()
        result = self[text] = self.fn(text)
        return result


def per_plan(fn: Callable[[str], T]) -> Callable[[str], T]:
    """Memoise ``fn``, a pure function of one string, until :func:`clear_per_plan`.

    Returns the memo's bound ``__getitem__``: a hit is one C-level dict lookup.
    """
    memo = _Memo()
    memo.fn = fn
    _MEMOS.append(memo)
    return memo.__getitem__


def clear_per_plan() -> None:
    """Forget every :func:`per_plan` result."""
    for memo in _MEMOS:
        memo.clear()

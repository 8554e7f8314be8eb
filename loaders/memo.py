"""Memos that live while one plan is parsed: :func:`per_plan` and :func:`clear_per_plan`.

A plan repeats its unit names, cells and item markers many times; the pure string tests
run on them are worth remembering for that plan, not beyond it (parse_structure clears
them before each plan, so memory stays bounded and a long batch measures fairly).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TypeVar

T = TypeVar("T")

_MEMOS: list[dict] = []
LIMIT = 8192  # entries per memo before it starts over


def per_plan(fn: Callable[[str], T]) -> Callable[[str], T]:
    """Memoise ``fn``, a pure function of one string, until :func:`clear_per_plan`."""
    memo: dict[str, T] = {}
    _MEMOS.append(memo)

    @wraps(fn)
    def cached(text: str) -> T:
        try:
            return memo[text]
        except KeyError:
            if len(memo) >= LIMIT:
                memo.clear()
            result = memo[text] = fn(text)
            return result

    return cached


def clear_per_plan() -> None:
    """Forget every :func:`per_plan` result."""
    for memo in _MEMOS:
        memo.clear()

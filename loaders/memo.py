"""Memos that live while one plan is parsed: :func:`per_plan` and :func:`clear_per_plan`.

A plan repeats its unit names, cells and item markers many times; the pure string tests
run on them are worth remembering for that plan, not beyond it (parse_structure clears
them before each plan, so a memo never holds more than one plan's strings and a long batch
measures fairly).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import TypeVar

T = TypeVar("T")

_MEMOS: list = []


def per_plan(fn: Callable[[str], T]) -> Callable[[str], T]:
    """Memoise ``fn``, a pure function of one string, until :func:`clear_per_plan`.

    An unbounded ``lru_cache``: a hit is C code only and a miss calls ``fn`` straight from C
    (a dict with a Python ``__missing__`` ran one more Python frame per miss; a bounded cache
    pays for its recency list on every hit). Its size is bounded by the plan's distinct strings.
    """
    memo = lru_cache(maxsize=None)(fn)
    _MEMOS.append(memo)
    return memo


def clear_per_plan() -> None:
    """Forget every :func:`per_plan` result."""
    for memo in _MEMOS:
        memo.cache_clear()

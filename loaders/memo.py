"""Memos that live while one plan is parsed: :func:`per_plan_dict`, :func:`memoised` and
:func:`clear_per_plan`.

A plan repeats its unit names, cells and item markers many times; the pure string tests
run on them are worth remembering for that plan, not beyond it (parse_structure clears
them before each plan, so a memo never holds more than one plan's strings and a long batch
measures fairly).

A memoised function is written as a plain function over a per-plan dict::

    _LEVEL_MEMO: Final = per_plan_dict()

    def _level(mention: str) -> ...:
        return memoised(_LEVEL_MEMO, _compute_level, mention)

not as a decorated one: mypyc (loaders/native.py) calls a plain function of a compiled module
directly in C, and :func:`memoised` costs a call and a dict lookup, while a decorated function
(an ``lru_cache`` wrapper, as this module had before) is a Python object that compiled code calls
through the call protocol, about ten times the instructions of the lookup.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

_MEMOS: list[dict[str, Any]] = []


def per_plan_dict() -> dict[str, Any]:
    """A new memo for :func:`memoised`, emptied by :func:`clear_per_plan` with all the others
    (its size is bounded by one plan's distinct strings)."""
    memo: dict[str, Any] = {}
    _MEMOS.append(memo)
    return memo


def memoised(memo: dict[str, Any], fn: Callable[[str], T], text: str) -> T:
    """``fn(text)``, a pure function of one string, computed once per plan in ``memo``."""
    if text in memo:
        return memo[text]
    value = memo[text] = fn(text)
    return value


def clear_per_plan() -> None:
    """Forget every memoised result."""
    for memo in _MEMOS:
        memo.clear()

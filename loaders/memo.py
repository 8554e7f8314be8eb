"""Memos that live while one plan is parsed: :func:`per_plan_dict` and :func:`clear_per_plan`.

A plan repeats its unit names, cells and item markers many times; the pure string tests
run on them are worth remembering for that plan, not beyond it (parse_structure clears
them before each plan, so a memo never holds more than one plan's strings and a long batch
measures fairly). What depends on one character alone is a character table kept for the process
instead (``structure.CHAR_TABLE_MAX``): a plan's characters are every plan's.

A memoised function is a plain function that looks in a per-plan dict first::

    _LEVEL_MEMO: Final = per_plan_dict()

    def _level(mention: str) -> ...:
        if mention in _LEVEL_MEMO:
            return _LEVEL_MEMO[mention]
        value = _LEVEL_MEMO[mention] = _compute_level(mention)
        return value

written out, not decorated nor handed to a helper: mypyc (loaders/native.py) compiles the
lookup and the call of ``_compute_level`` to direct C calls. A function passed as a value
(to a ``memoised(memo, fn, text)`` helper, as this module had before) is fetched from the
module's dict on every call and called through the call protocol on every miss, and a
decorated one (an ``lru_cache`` wrapper) is a Python object called that way every time.
"""

from __future__ import annotations

from typing import Any

_MEMOS: list[dict[str, Any]] = []


def per_plan_dict() -> dict[str, Any]:
    """A new memo, emptied by :func:`clear_per_plan` with all the others
    (its size is bounded by one plan's distinct strings)."""
    memo: dict[str, Any] = {}
    _MEMOS.append(memo)
    return memo


def clear_per_plan() -> None:
    """Forget every memoised result."""
    for memo in _MEMOS:
        memo.clear()

"""Chinese numerals: the digit table and values up to the hundreds ("二十三" → 23, "一百二十" → 120).

The one place that knows them: task numbers (layout), dates (metadata), deadline months
(entities.deadlines) and target values (entities.targets) all read numerals here.
"""

from __future__ import annotations

from collections.abc import Mapping

DIGITS: Mapping[str, int] = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
                             "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def cn_int(text: str) -> int | None:
    """The value of ``text`` written with digits plus 十 and 百; None if another character occurs."""
    total, cur = 0, 0
    for ch in text:
        if ch in DIGITS:
            cur = DIGITS[ch]
        elif ch == "十":
            total += (cur or 1) * 10
            cur = 0
        elif ch == "百":
            total += (cur or 1) * 100
            cur = 0
        else:
            return None
    return total + cur


def cn_digits(text: str) -> int | None:
    """A number written digit by digit ("二〇二一" → 2021); None if a character is not a digit."""
    if not text or any(ch not in DIGITS for ch in text):
        return None
    return int("".join(str(DIGITS[ch]) for ch in text))

"""Chinese numerals up to the hundreds ("二十三" → 23, "一百二十" → 120)."""

from __future__ import annotations

from collections.abc import Mapping


def cn_int(text: str, digits: Mapping[str, int]) -> int | None:
    """The value of ``text`` written with ``digits`` plus 十 and 百; None if another character occurs.

    The digit table is the caller's: a task number accepts 零/〇, a target value does not.
    """
    total, cur = 0, 0
    for ch in text:
        if ch in digits:
            cur = digits[ch]
        elif ch == "十":
            total += (cur or 1) * 10
            cur = 0
        elif ch == "百":
            total += (cur or 1) * 100
            cur = 0
        else:
            return None
    return total + cur

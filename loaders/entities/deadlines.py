"""Deadline text ("2021年3月底", "6月底完成", "长期推进", "2021年第三季度") → :class:`Deadline`."""

from __future__ import annotations

import calendar
import re

from graphkit.loaders.entities.text import compact_text
from graphkit.loaders.numerals import cn_int
from graphkit.model import Deadline


ONGOING = re.compile(r"长期(?:推进|坚持|实施|执行|开展)?|持续(?:推进|实施|开展|深化)|常态化(?:推进|开展)?|长期性")
# one dated deadline; group names say which form matched
DATE = re.compile(
    r"(?:(?P<y>(?:19|20)\d\d)年)?"
    r"(?:"
    r"(?P<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])月(?:(?P<d>[0-3]?\d)日|(?P<mend>底|末|份|中旬|下旬|上旬|前))?"
    r"|第?(?P<q>[一二三四1-4])季度(?:末|底)?"
    r"|(?P<half>上半年|下半年|年中)"
    r"|(?P<yend>底|末|内|年底|年末|年内)"
    r")"
    r"(?:前|以前|之前)?"
)
_MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])月"
# deadlines in running task text: a year-led date, a month end or 年底/年内 (a bare day or "底" is none)
IN_TEXT = re.compile(
    rf"(?:(?:19|20)\d\d年(?:第?[一二三四1-4]季度(?:末|底)?|上半年|下半年|年中|{_MONTH}(?:[0-3]?\d日|底|末|份|上旬|中旬|下旬)?"
    r"|底|末|内)?|" + _MONTH + r"(?:底|末)|年底|年末|年内)(?:前|以前|之前)?"
)


def in_text(text: str, start: int = 0, end: int | None = None):
    """The matches of :data:`IN_TEXT` in ``text[start:end]``, as ``IN_TEXT.finditer`` gives them.

    Every match holds 年 or 月 among its first five characters, so the pattern is only tried at each 年/月
    and the four characters before it (finding 年/月 is much cheaper than trying the pattern everywhere).
    """
    end = len(text) if end is None else end
    pos = start
    find = text.find  # the next 年 and the next 月 (str.find looks for one character much faster than a regex)
    year, month = find("年", pos, end), find("月", pos, end)
    while True:
        if 0 <= year < pos:
            year = find("年", pos, end)
        if 0 <= month < pos:
            month = find("月", pos, end)
        at = min(year, month) if year >= 0 and month >= 0 else max(year, month)
        if at < 0:
            return
        for q in range(max(pos, at - 4), at + 1):
            if (m := IN_TEXT.match(text, q, end)) is not None:
                yield m
                pos = m.end()
                break
        else:
            pos = at + 1


_BARE_YEAR = re.compile(r"(?P<y>(?:19|20)\d\d)年(?:前|以前|之前)?(?:完成|实现)?$")
_THIS_YEAR = re.compile(r"(?:年底前?|年末|年内|今年|当年|本年度|年度内)(?:完成)?")


def _num(s: str) -> int:
    """A month or quarter as :data:`DATE`'s groups write it: digits, or 一 … 十二."""
    value = int(s) if s.isdigit() else cn_int(s)
    assert value is not None, s  # the groups hold nothing else
    return value


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _iso(y: int, m: int, d: int | None = None) -> str:
    if 1 <= m <= 12:  # the month's last day (calendar.monthrange also works out the weekday it starts on)
        last = 29 if m == 2 and calendar.isleap(y) else _MONTH_DAYS[m - 1]
    else:
        last = calendar.monthrange(y, m)[1]  # raises calendar.IllegalMonthError
    return f"{y:04d}-{m:02d}-{min(d, last) if d else last:02d}"


def date_of(match: re.Match, year: int | None) -> str | None:
    """ISO end date of a :data:`DATE` match; None when the year is unknown or the match is no date."""
    g = match.groupdict()
    y = int(g["y"]) if g["y"] else year
    if g["yend"] and not g["y"] and g["yend"] in ("底", "末", "内"):
        return None  # "底" alone is no date
    if y is None:
        return None
    if g["m"]:
        m = _num(g["m"])
        if g["d"]:
            d = int(g["d"])
            return _iso(y, m, d) if 1 <= d <= 31 else None
        if g["mend"] == "上旬":
            return _iso(y, m, 10)
        if g["mend"] == "中旬":
            return _iso(y, m, 20)
        return _iso(y, m)
    if g["q"]:
        return _iso(y, _num(g["q"]) * 3)
    if g["half"]:
        return _iso(y, 6) if g["half"] in ("上半年", "年中") else _iso(y, 12)
    return _iso(y, 12)


def parse_deadline(text: str, year: int | None = None) -> Deadline:
    """Parse deadline text; ``year`` (the plan's) fills an omitted year. Unparseable → date None, text kept.

    A date plus an ongoing phrase ("2020年8月底,长期推进") gives both: the first milestone date and ongoing.
    Several dates keep the latest (the task is complete when the last part is).
    """
    flat = compact_text(text)
    ongoing = bool(ONGOING.search(flat))
    dates = [d for m in DATE.finditer(flat) if (d := date_of(m, year))]
    if not dates:
        m = _BARE_YEAR.search(flat)
        if m:
            dates = [_iso(int(m["y"]), 12)]
        elif year is not None and _THIS_YEAR.search(flat):
            dates = [_iso(year, 12)]
    return Deadline(text=text.strip(), date=max(dates) if dates else None, ongoing=ongoing)


def is_parsed(deadline: Deadline) -> bool:
    return deadline.date is not None or deadline.ongoing

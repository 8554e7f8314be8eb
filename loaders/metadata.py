"""Plan metadata from the text: title, issuer, date, 文号, place and year.

Looks only where these facts are written in a government document — standalone lines of
the head (before the first "一、" heading) and of the signature at the end — never in
running text. Places come from the issuer and the title, resolved with the gazetteer;
an ambiguous or missing place stays ``None`` with a warning naming the line. The plan
year is the year in the title, else the year of issue.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Final

from graphkit.loaders.gazetteer import Gazetteer, Place, load_gazetteer
from graphkit.loaders.memo import per_plan_dict
from graphkit.loaders.numerals import cn_digits, cn_int
from graphkit.model import ExtractedPlan

# Warning codes, so a sidecar that settles a field can drop the warning about it.
W_TITLE = "meta-title"
W_PLACE = "meta-place"
W_YEAR = "meta-year"

HEAD_MAX_LINES = 60
TAIL_LINES = 15
TITLE_MAX_LEN = 80

_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_SPACE_CHARS: Final = " \t\u3000\xa0"  # the spaces _INNER_SPACES drops
_SPACE = f"[{_SPACE_CHARS}]"
_INNER_SPACES = re.compile(f"(?<=[{_CJK}\\u3000-\\u303f\\uff00-\\uffef]){_SPACE}+"
                           f"(?=[{_CJK}\\u3000-\\u303f\\uff00-\\uffef])")
_OPENS_ITEM = re.compile(
    r"^(?:[一二三四五六七八九十百]+[、．.]|[（(][一二三四五六七八九十百\d]+[)）]|\d+[、．.]|第[一二三四五六七八九十百\d]+[章节条部分])"
)
_FIRST_HEADING = re.compile(r"^[一壹][、．.]")
_SENTENCE_PUNCT = re.compile(r"[。，,；;！!？?：:∶]")
_TITLE_END = re.compile(
    r"(?:方案|措施|意见|要点|清单|分工表|任务表|分解表|计划|细则|办法|规划|行动|举措)"
    r"(?:[（(][^）)]{1,24}[）)])?$"
)
_NOTICE = re.compile(r"^(?:.{0,40}?)关于(?:印发|转发|下发)(.+?)的?通知$")
_LABEL = re.compile(r"^(?:附件|附表|附录)\s*[\d一二三四五六七八九十]*\s*[:：∶]?$")
_QUOTED_TITLE = re.compile(r"《([^《》]{6,80}?)》")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*(?:[—–\-~至到]\s*(?:19|20)?\d{2,4}\s*)?年")
_DATE = re.compile(r"^((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
_CN_DATE = re.compile(r"^([〇○零一二三四五六七八九]{4})年(十[一二]?|[一二三四五六七八九])月"
                      r"([二三]?十[一二三四五六七八九]?|[一二三四五六七八九])日$")  # well-formed months and days
_DOC_NO = re.compile(
    r"^([\u4e00-\u9fff]{1,20}?)\s*[〔\[【(（]\s*((?:19|20)\d{2})\s*[〕\]】)）]\s*(\d{1,5})\s*号$"
)
_ISSUER_END = re.compile(
    r"(?:人民政府办公室|人民政府办公厅|人民政府|政府办公室|办公室|办公厅|党工委|工委|党委|委员会|管委会"
    r"|管理委员会|领导小组|指挥部|局|委)$"
)


@dataclass
class Found:
    """Metadata read from the text, each with the 1-based line it came from."""

    title: str | None = None
    title_line: int | None = None
    title_last_line: int | None = None
    issuer: str | None = None
    issuer_line: int | None = None
    date: str | None = None
    date_line: int | None = None
    doc_no: str | None = None
    doc_no_line: int | None = None
    province: str | None = None
    city: str | None = None
    district: str | None = None
    level: str | None = None
    year: int | None = None
    warnings: list[tuple[int | None, str, str]] = field(default_factory=list)
    places: list[tuple[str, int | None, list[Place]]] = field(default_factory=list)  # surface, line, places
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)  # field → span into the text


def fill_metadata(plan: ExtractedPlan, gazetteer: Gazetteer | None = None) -> Found:
    """Fill ``plan.plan`` from ``plan.text`` and append warnings; returns what was found."""
    found = read_metadata(plan.text, gazetteer)
    meta = plan.plan
    for name in ("title", "issuer", "date", "doc_no", "province", "city", "district", "level", "year"):
        setattr(meta, name, getattr(found, name))
    meta.spans = dict(found.spans)
    for line, message, code in found.warnings:
        plan.warn(line, message, code)
    return found


def read_metadata(text: str, gazetteer: Gazetteer | None = None) -> Found:
    gazetteer = gazetteer or load_gazetteer()
    lines = text.split("\n")
    head = _head(lines)
    tail = list(range(max(len(head), len(lines) - TAIL_LINES), len(lines)))
    found = Found()
    _find_title(lines, head, found)
    _find_date(lines, head, tail, found)
    _find_doc_no(lines, head, found)
    _find_issuer(lines, head, tail, found, gazetteer)
    _resolve_places(text, found, gazetteer)
    _find_year(found)
    _locate_all(text, lines, found)
    return found


def _clean_line(line: str) -> str:
    """Strip, and drop spaces between CJK characters (PDF-like "营商环境      实施方案")."""
    line = line.strip()
    for c in _SPACE_CHARS:  # (str.find: a fast scan of CJK text, where a regex class tests each character)
        if c in line:  # only then can _INNER_SPACES drop something
            line = _INNER_SPACES.sub("", line)
            break
    return " ".join(line.split())


_CLEAN_LINE_MEMO: Final = per_plan_dict()


def clean_line(line: str) -> str:
    """:func:`_clean_line`, memoised (the title, date, 文号 and issuer searches clean the same
    head lines again and again)."""
    if line in _CLEAN_LINE_MEMO:
        return _CLEAN_LINE_MEMO[line]
    value = _CLEAN_LINE_MEMO[line] = _clean_line(line)
    return value


def _head(lines: list[str]) -> list[int]:
    """Indices of the lines before the first "一、" heading (at most HEAD_MAX_LINES)."""
    out = []
    for index, line in enumerate(lines[:HEAD_MAX_LINES]):
        if _FIRST_HEADING.match(line.strip()):
            break
        out.append(index)
    return out


def _standalone(line: str) -> bool:
    return bool(line) and not _SENTENCE_PUNCT.search(line) and not _OPENS_ITEM.match(line)


# -- title -------------------------------------------------------------------------------

def _find_title(lines: list[str], head: list[int], found: Found) -> None:
    notice: tuple[str, int, int] | None = None
    skip_until = -1
    for index in head:
        if index <= skip_until:
            continue
        line = clean_line(lines[index])
        if not _standalone(line) or line.startswith("《") or len(line) > TITLE_MAX_LEN:
            continue
        if _DATE.match(line) or _DOC_NO.match(line) or _LABEL.match(line):
            continue
        candidate, last = line, index
        # a title broken over two or three lines: join while the result is not yet complete
        for extra in (1, 2):
            if _is_title(candidate) or _NOTICE.match(candidate) or len(candidate) < 4:
                break
            nxt = index + extra
            if nxt >= len(lines) or nxt not in head:
                break
            more = clean_line(lines[nxt])
            if not _standalone(more) or _DATE.match(more) or len(candidate + more) > TITLE_MAX_LEN:
                break
            candidate, last = candidate + more, nxt
        match = _NOTICE.match(candidate)
        if match:
            if notice is None and _is_title(match.group(1).strip("《》")):
                notice = (match.group(1).strip("《》"), index + 1, last + 1)
            skip_until = last
            continue
        if _is_title(candidate):
            found.title, found.title_line, found.title_last_line = candidate, index + 1, last + 1
            return
    if notice:
        found.title, found.title_line, found.title_last_line = notice
        return
    # last resort: a quoted plan name in the first sentences ("《X实施方案》已经市政府同意")
    for index in head[:15]:
        for quoted in _QUOTED_TITLE.findall(lines[index]):
            if _is_title(clean_line(quoted)):
                found.title, found.title_line = clean_line(quoted), index + 1
                return
    found.warnings.append((None, "no title line found in the document head", W_TITLE))


def _is_title(line: str) -> bool:
    return len(line) >= 6 and bool(_TITLE_END.search(line)) and not _ISSUER_END.search(line)


# -- date, 文号, issuer --------------------------------------------------------------------

def parse_date(line: str) -> str | None:
    """"2021年8月20日" or "二〇二一年八月二十日" → "2021-08-20" (None if not a real date)."""
    line = clean_line(line).replace(" ", "")
    match = _DATE.match(line)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = _CN_DATE.match(line)
        if not match:
            return None
        cn_year = cn_digits(match.group(1))
        cn_month, cn_day = cn_int(match.group(2)), cn_int(match.group(3))
        if not (cn_year and cn_month and cn_day):
            return None
        year, month, day = cn_year, cn_month, cn_day
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _find_date(lines: list[str], head: list[int], tail: list[int], found: Found) -> None:
    for index in head + tail:
        date = parse_date(lines[index])
        if date:
            found.date, found.date_line = date, index + 1
            return


def _find_doc_no(lines: list[str], head: list[int], found: Found) -> None:
    for index in head[:25]:
        line = clean_line(lines[index]).replace(" ", "")
        match = _DOC_NO.match(line)
        if match:
            found.doc_no, found.doc_no_line = f"{match.group(1)}〔{match.group(2)}〕{match.group(3)}号", index + 1
            return


def _find_issuer(lines: list[str], head: list[int], tail: list[int], found: Found,
                 gazetteer: Gazetteer) -> None:
    def issuer_like(index: int) -> str | None:
        line = clean_line(lines[index]).replace(" ", "")
        if (2 <= len(line) <= 40 and _standalone(line) and _ISSUER_END.search(line)
                and not _DOC_NO.match(line) and not _is_title(line)):
            return line
        return None

    # the signature: the last non-empty line before the date of issue
    if found.date_line is not None:
        index = found.date_line - 2
        while index >= 0 and not lines[index].strip():
            index -= 1
        if index >= 0:
            issuer = issuer_like(index)
            if issuer:
                found.issuer, found.issuer_line = issuer, index + 1
                return
    # otherwise a head line naming a place and an issuing body ("重庆市江北区人民政府办公室")
    for index in head + tail:
        issuer = issuer_like(index)
        if issuer and (issuer.startswith("中共") or gazetteer.find(issuer)):
            found.issuer, found.issuer_line = issuer, index + 1
            return


# -- places and year -----------------------------------------------------------------------

def _resolve_places(text: str, found: Found, gazetteer: Gazetteer) -> None:
    sources = [(s, line) for s, line in ((found.issuer, found.issuer_line), (found.title, found.title_line)) if s]
    matches: list[tuple[list[Place], int | None]] = []
    for string, line in sources:
        for start, end, places in gazetteer.find(string):
            matches.append((places, line))
            found.places.append((string[start:end], line, places))
    if not matches:
        for string, line in sources:
            places, surface = _leading_short(string, gazetteer)
            if places:
                matches.append((places, line))
                found.places.append((surface, line, places))
    if not matches:
        where = "title or issuer" if sources else "document (no title or issuer found)"
        found.warnings.append((found.title_line, f"no place named in the {where}: city and district unknown",
                               W_PLACE))
        return
    flat = [p for places, _ in matches for p in places]
    cities = {(p.name, p.province) for p in flat if p.level == "city"}
    provinces = {p.province for p in flat if p.level in ("province", "city")}
    for places, line in matches:  # the lowest level named decides district/zone
        local = [p for p in places if p.level in ("county", "zone")]
        if not local:
            continue
        chosen = _choose(local, cities, provinces, text, gazetteer)
        if chosen is None:
            names = "、".join(f"{p.city or p.province}{p.name}" for p in local)
            found.district, found.level = local[0].name, ("zone" if local[0].level == "zone" else "district")
            found.warnings.append((line, f"{local[0].name} is ambiguous ({names}) and the text does not say "
                                         "which: city and province left empty", W_PLACE))
            return
        _set_local(found, chosen)
        _check_conflict(found, flat, line)
        return
    city_places = [p for places, _ in matches for p in places if p.level == "city"]
    if city_places:
        first = city_places[0]
        found.city, found.province, found.level = first.name, first.province, "city"
        _check_conflict(found, flat, matches[0][1])
        return
    province = next(p for p in flat if p.level == "province")
    found.province, found.level = province.name, "province"


def _choose(local: list[Place], cities: set, provinces: set, text: str, gazetteer: Gazetteer) -> Place | None:
    if len(local) == 1:
        return local[0]
    named = [p for p in local if (p.city, p.province) in cities] or [p for p in local if p.province in provinces]
    if len(named) == 1:
        return named[0]
    # context: does the text name exactly one of the candidate parents (重庆 vs 宁波)?
    evidence = []
    for place in named or local:
        words = {place.province}
        if place.city:
            words.add(place.city)
        for parent in (place.city, place.province):
            for candidate in gazetteer.lookup(parent) if parent else ():
                if candidate.short:
                    words.add(candidate.short)
        if any(word and word in text for word in words):
            evidence.append(place)
    return evidence[0] if len(evidence) == 1 else None


def _set_local(found: Found, place: Place) -> None:
    if place.level == "zone":
        found.district, found.level = place.name, "zone"
        found.city, found.province = place.city, place.province
    elif place.city is None:  # a county-level city directly under its province (仙桃市)
        found.city, found.province, found.level = place.name, place.province, "city"
    else:
        found.district, found.city, found.province, found.level = place.name, place.city, place.province, "district"


def _check_conflict(found: Found, flat: list[Place], line: int | None) -> None:
    other = sorted({p.name for p in flat if p.level == "city" and p.name != found.city
                    and p.province != p.name})
    if other and found.city:
        found.warnings.append((line, f"title and issuer name other cities too ({'、'.join(other)}); "
                                     f"using {found.city}", W_PLACE))


def _leading_short(string: str, gazetteer: Gazetteer) -> tuple[list[Place], str]:
    """"衢州打造…" → 衢州市: a city/province short name at the very start of a title."""
    for prefix in ("中共", "关于印发", "关于", ""):
        if string.startswith(prefix):
            rest = string[len(prefix):]
            for length in (4, 3, 2):
                places = gazetteer.lookup_short(rest[:length])
                if places:
                    return places, rest[:length]
    return [], ""


_WHITESPACE = re.compile(r"\s")


def find_spaced(haystack: str, needle: str) -> tuple[int, int] | None:
    """First ``(start, end)`` of ``needle`` in ``haystack`` where any whitespace may sit between its
    characters: the match of ``needle``'s characters joined by ``\\s*``, found without compiling it."""
    if not needle or _WHITESPACE.search(needle):
        pattern = r"\s*".join(re.escape(ch) for ch in needle)
        match = re.search(pattern, haystack)
        return match.span() if match else None
    if not _WHITESPACE.search(haystack):
        at = haystack.find(needle)
        return (at, at + len(needle)) if at >= 0 else None
    kept = [k for k, ch in enumerate(haystack) if not ch.isspace()]
    at = "".join(haystack[k] for k in kept).find(needle)
    return (kept[at], kept[at + len(needle) - 1] + 1) if at >= 0 else None


def _locate_all(text: str, lines: list[str], found: Found) -> None:
    """Spans into ``text`` for the fields read from it (provenance of the metadata)."""
    def starts(k: int) -> int:
        """Offset of line ``k`` (0-based) in ``text``: asked for a few lines, not built for all."""
        return sum(map(len, lines[:k])) + k

    def locate(needle: str | None, first: int | None, last: int | None = None) -> tuple[int, int] | None:
        if not needle or first is None:
            return None
        lo, hi = starts(first - 1), starts(min(last or first, len(lines))) - 1
        found = find_spaced(text[lo:hi], needle.replace(" ", ""))
        return (lo + found[0], lo + found[1]) if found else None

    def whole_line(number: int | None) -> tuple[int, int] | None:
        if number is None:
            return None
        line = lines[number - 1]
        start = starts(number - 1)
        return start + len(line) - len(line.lstrip()), start + len(line.rstrip())

    spans = {
        "title": locate(found.title, found.title_line, found.title_last_line),
        "issuer": locate(found.issuer, found.issuer_line),
        "date": whole_line(found.date_line),
        "doc_no": whole_line(found.doc_no_line),
    }
    for name, level in (("district", ("county", "zone")), ("city", ("city",)), ("province", ("province",))):
        value = getattr(found, name)
        for surface, line, places in found.places:
            if value and any(p.name == value and p.level in level for p in places):
                spans[name] = locate(surface, line)
                break
    if found.year is not None:
        title_span = spans.get("title")
        for span in (title_span, spans.get("date")):
            if span:
                at = text.find(str(found.year), span[0], span[1])
                if at >= 0:
                    spans["year"] = (at, at + 4)
                    break
    found.spans = {k: v for k, v in spans.items() if v}


def _find_year(found: Found) -> None:
    if found.title:
        match = _YEAR.search(found.title)
        if match:
            found.year = int(match.group(1))
            return
    if found.date:
        found.year = int(found.date[:4])
        return
    found.warnings.append((found.title_line, "no year in the title and no date of issue: year unknown", W_YEAR))


# -- overrides (sidecar, extract_text(meta=…)) -------------------------------------------------

_SETTLES = {W_TITLE: ("title",), W_YEAR: ("year",), W_PLACE: ("city", "district", "province", "level")}


def apply_overrides(plan: ExtractedPlan, fields: dict, source: str | None = None,
                    gazetteer: Gazetteer | None = None) -> None:
    """Set sidecar ``fields`` on ``plan.plan``, drop the warnings they settle, complete places.

    A place the sidecar names fills in its parents from the gazetteer (city → province,
    district → city when the context settles it), unless the sidecar sets those too.
    """
    if not fields:
        return
    gazetteer = gazetteer or load_gazetteer()
    meta = plan.plan
    for name, value in fields.items():
        if getattr(meta, name) != value:
            meta.spans.pop(name, None)  # the value no longer comes from the text
        setattr(meta, name, value)
    plan.warnings = [w for w in plan.warnings
                     if not (w.code in _SETTLES and any(f in fields for f in _SETTLES[w.code]))]
    where = f" (set in {source})" if source else ""
    if fields.get("district") and "city" not in fields:
        local = [p for p in gazetteer.lookup(fields["district"]) if p.level in ("county", "zone")]
        if local:
            cities = {(meta.city, meta.province)} if meta.city else set()
            chosen = _choose(local, cities, {meta.province} if meta.province else set(), plan.text, gazetteer)
            if chosen is not None:
                meta.city = chosen.city or meta.city
                if "province" not in fields:
                    meta.province = chosen.province
            elif len({p.city for p in local}) > 1:
                meta.city = None
                plan.warn(None, f"district {fields['district']}{where} is ambiguous and no city is given: "
                                "city left empty", W_PLACE)
    if fields.get("city") and "province" not in fields:
        named = gazetteer.cities(fields["city"])
        provinces = {p.province for p in named}
        if len(provinces) == 1:
            meta.province = provinces.pop()
        elif not named:
            plan.warn(None, f"city {fields['city']}{where} is not in the gazetteer: province left as is",
                      W_PLACE)
    if "level" not in fields and any(f in fields for f in ("city", "district", "province")):
        meta.level = _level_of(meta, gazetteer)


def _level_of(meta, gazetteer: Gazetteer) -> str | None:
    if meta.district:
        kinds = {p.level for p in gazetteer.lookup(meta.district)}
        return "zone" if kinds == {"zone"} else "district"
    if meta.city:
        return "city"
    if meta.province:
        return "province"
    return None

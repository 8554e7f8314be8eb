"""Quantitative commitments in task text ("压缩至0.5个工作日", "达到95%以上", "减少50%") → :class:`Target`."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from graphkit.loaders.entities.tables import EntityTables, ReformEntry
from graphkit.loaders.entities.text import compact_key
from graphkit.loaders.numerals import cn_int

_LE = "压降至|压降到|压缩至|压缩到|压减至|压减到|缩短至|缩短到|减少至|减少到|减至|降低至|降低到|降至|下降至|下降到|控制在|不超过|不多于|不高于|最多|少于|低于|缩减至"
_GE = "保持在|稳定在|达到|达|提高至|提高到|提升至|提升到|增加至|增加到|增长至|增长到|扩大至|扩大到|不低于|不少于|超过|高于|至少|突破"
_RED = "压降|减少|压减|压缩|降低|下降|缩减|精简|缩短|减免"
_INC = "提高|提升|增加|增长|扩大"
_NUM = r"\d+(?:\.\d+)?|[一二两三四五六七八九十百半]+"
_CN_DIGITS = "一二两三四五六七八九十百半"
# _NUM written to start with one character class, so that the regex engine skips ahead to the next digit
# or numeral instead of trying the whole pattern at every character (the two forms match the same text)
_NUM_FAST = rf"[\d{_CN_DIGITS}](?:(?<=\d)\d*(?:\.\d+)?|(?<=[{_CN_DIGITS}])[{_CN_DIGITS}]*)"
_UNITS = "个工作日|工作日|个自然日|自然日|小时|分钟|个百分点|%|天|日|个月|周|项|家|件|次|个|万元|亿元|元|户|笔"
# anchored on the number (fast); the cue is looked up right before it with _CUE_TAIL
TARGET = re.compile(
    rf"(?P<num>{_NUM_FAST})(?P<unit>{_UNITS})"
    r"(?P<post>以内|之内|内|以上|以下|左右|及以上)?(?P<done>办结|完成|办理|办好|出证|发证)?"
)
_CUE_TAIL = re.compile(rf"(?:{_LE}|{_GE}|{_RED}|{_INC})$")
_TIME_UNITS = {"个工作日", "工作日", "个自然日", "自然日", "小时", "分钟", "天", "日", "个月", "周"}
_DATE_LEAD = re.compile(r"(?:到|至|截至)?(?:\d{2,4}年(?:底|末)?|\d{1,2}月(?:底|末)?)+(?:前)?")
_VERB_LEAD = re.compile(r".*?(?:实现|推动|确保|力争|使|将|把)")
_PLAIN_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_DAY_NUMBER = re.compile(r"\d{1,2}")
_CLAUSE_END = re.compile(r"[，,。；;：:、]")
_OPEN_BRACKETS = ("（", "(")
_SENTENCE_MARKS = "[。；;！？!?]"
_SENTENCE_END = re.compile(_SENTENCE_MARKS)
# the last sentence end / clause mark before a position: ".*" runs to the end, then backs up to the last one
_LAST_SENTENCE_END = re.compile(rf"(?s:.*){_SENTENCE_MARKS}")
_LAST_CLAUSE_MARK = re.compile(r"(?s:.*)[，,：:（(、]")
_LE_CUES, _GE_CUES, _RED_CUES = frozenset(_LE.split("|")), frozenset(_GE.split("|")), frozenset(_RED.split("|"))
# what a measure is: a rate (…率, …比例), a duration (…时间, …时限) or another quantity; a keyword's subject of
# the other kind does not overrule the clause ("办电业务处理效率提高40%" measures efficiency, not 办电时间)
_RATES = "率|比例|占比|比重"
_DURATIONS = "时间|时限|用时|时长|期限"
_MEASURES = f"{_RATES}|{_DURATIONS}|次数|强度"
_MEASURE = re.compile(rf"(?:{_MEASURES})$")
# "实际办理时间比法定时限平均减少80%": the measure is what is compared, not what it is compared with
_COMPARED = re.compile(rf"(?:{_MEASURES})(?=比)")
# adverbs between a subject and its cue: "停电时间再压减20%", "办理时间分别压减50%"
_ADVERB_TAIL = re.compile(r"(?:再次|再|进一步|分别|均|都|要|将|力争|逐步|继续|持续|大幅|累计|平均|同比|年均|总体|整体|全部"
                          r"|最长|最短|最多|最少|最高|最低)+$")
_RATE = re.compile(f"(?:{_RATES})$")
_DURATION = re.compile(f"(?:{_DURATIONS})$")
# counters whose subject may follow the number: "参与1个以上国标起草", "打造20个以上电子营业执照应用场景"
_COUNTERS = frozenset({"个", "项", "家", "件", "户", "笔"})
# the units of a share: a reduction or increase by one is relative, and a rate (…率, …比例) is measured in no other
_SHARES = frozenset({"%", "个百分点"})
# a level of government alone ("省级"), as a list names it before the level that carries the noun
_LEVEL_ONLY = re.compile(r"(?:国家|省|市|区|县|乡镇|镇|街道)级")
# how often a count recurs, closing the phrase before it ("实行每季度不少于一次"): the count is of what follows
_PER_PERIOD = re.compile(r"(?:实行|开展|进行|组织)?每(?:个)?(?:季度|半年|年|月|周|日|天)(?:实行|开展|进行|组织|召开|举办)?$")
_CHANGE_LEAD = re.compile(rf"(?:{_RED}|{_INC})+")  # the verb opening "压缩企业清算公告时间"
_LEAD = re.compile(r"(?:全面|进一步|力争|确保|推动|推进|实现|将|把|使|其中|同时|并|且|和|对|在|的|到|均|全市|全区|一般)+")
# what a clause brings out, before its object ("加快推出更多“一件事一次办”套餐"): a later count with nothing
# before it in its own clause ("力争达到300件以上") counts that object
_BRINGS_OUT = re.compile(r".*(?:推出|打造|建成|培育|新增|引进|设立|开通|上线|创建|梳理|公布)(?:更多|一批|若干)?")


def _value(s: str) -> float | None:
    if _PLAIN_NUMBER.fullmatch(s):
        return float(s)
    if s == "半":
        return 0.5
    value = cn_int(s)
    return None if value is None else float(value)


@dataclass
class TargetHit:
    start: int  # offsets into the searched text
    end: int
    value: float | None
    unit: str
    comparator: str
    subject: str | None


def _comparator(cue: str | None, post: str | None, done: str | None, unit: str) -> str | None:
    if cue:
        if cue in _LE_CUES:
            return "<="
        if cue in _GE_CUES:
            return ">="
        if cue in _RED_CUES:
            return "reduce_by" if unit in _SHARES else "<=" if post in ("以内", "之内", "内") else "reduce_by"
        return "increase_by" if unit in _SHARES else ">="
    if post in ("以内", "之内", "内", "以下"):
        return "<="
    if post in ("以上", "及以上"):
        return ">="
    if done and unit in _TIME_UNITS:
        return "<="
    return None


T = TypeVar("T", list, dict)
R = TypeVar("R")
_DERIVED: dict[tuple[str, int], tuple[Any, Any]] = {}  # (what, id(table)) → (copy of the table, what was built)


def _derived(what: str, table: T, build: Callable[[T], R]) -> R:
    """``build(table)`` for a table of :class:`EntityTables` (a list or dict), built again when the
    table is new or changed in place (it is compared with the copy kept)."""
    key = (what, id(table))
    cached = _DERIVED.get(key)
    if cached is None or cached[0] != table:
        cached = _DERIVED[key] = (type(table)(table), build(table))
    return cached[1]


def _keyword_index(subjects: list[tuple[str, str]]) -> tuple[re.Pattern, dict[str, str]]:
    """The keywords reversed, in table order, as one alternation; reversed keyword → its first subject."""
    return _derived("keywords", subjects, _build_keyword_index)


def _build_keyword_index(subjects: list[tuple[str, str]]) -> tuple[re.Pattern, dict[str, str]]:
    rx = re.compile("|".join(re.escape(keyword[::-1]) for keyword, _ in subjects) or "(?!)")
    first: dict[str, str] = {}
    for keyword, subject in subjects:
        first.setdefault(keyword[::-1], subject)
    return rx, first


def _keyword(window: str, tables: EntityTables) -> str | None:
    """Subject of the keyword ending nearest the end of ``window`` (ties: the first in table order, which
    is longest first).

    Searched in the reversed window with the reversed keywords: the leftmost match there ends last here,
    and at one position the regex takes the first alternative (in table order) that matches."""
    rx, subject = _keyword_index(tables.subjects)
    m = rx.search(window[::-1])
    return None if m is None else subject[m.group()]


def _drop_lead(rx: re.Pattern, text: str) -> str:
    """``text`` without the match of ``rx`` at its start (as ``re.sub("^" + pattern, "", text)``)."""
    m = rx.match(text)
    return text[m.end():] if m else text


def _phrase(clause: str) -> str | None:
    """The noun phrase before a number: leading verbs, dates, trailing cue words and adverbs removed."""
    phrase = _drop_lead(_LEAD, _drop_lead(_DATE_LEAD, _drop_lead(_LEAD, clause.strip())))
    phrase = _CUE_TAIL.sub("", phrase)
    phrase = _ADVERB_TAIL.sub("", phrase) or phrase
    phrase = _drop_lead(_VERB_LEAD, phrase) or phrase
    phrase = phrase.strip("的和及")
    if m := _COMPARED.search(phrase):
        phrase = phrase[:m.end()]
    if len(phrase) > 14 and "的" in phrase[:-2]:
        phrase = phrase[phrase.rindex("的", 0, len(phrase) - 2) + 1:]
    # a named measure is kept whole up to 20 characters ("新设市场主体电子营业执照下载率"); other phrases
    # are cut to their last 14, where the noun that is measured stands
    return phrase[-(20 if _MEASURE.search(phrase) else 14):] if phrase else None


def _before_figures(text: str, sentence: int, start: int) -> int:
    """Where a list of bare figures ends before the last one ("审批时间分别压缩至30、45、40、35、30个工作日":
    only the last carries the unit, and all share the clause before the first); ``start`` without one."""
    i = start
    while i - 2 >= sentence and text[i - 1] == "、" and text[i - 2].isdigit():
        i -= 2
        while i > sentence and (text[i - 1].isdigit() or text[i - 1] == "."):
            i -= 1
    return i


def _listed_name_start(text: str, mark: int, tables: EntityTables) -> int:
    """Where the clause starts when the "、" at ``mark`` lies inside a reform's name: at that name
    ("“双随机、一公开”监管任务占比" is one measure, not a list); after the mark otherwise."""
    for name in _names_with_mark(tables):
        for k, ch in enumerate(name):  # each "、" of the name may be the one at ``mark``
            if ch == "、" and text.startswith(name, mark - k):
                return mark - k
    return mark + 1


def _names_with_mark(tables: EntityTables) -> tuple[str, ...]:
    """The reform names and variants that contain "、", compacted as the searched text is."""
    return _derived("names with 、", tables.reforms, _build_names_with_mark)


def _build_names_with_mark(reforms: dict[str, ReformEntry]) -> tuple[str, ...]:
    names = {compact_key(n) for entry in reforms.values() for n in (entry.name, *entry.variants)}
    return tuple(n for n in names if "、" in n)


def _previous_clause(text: str, sentence: int, clause_start: int) -> str | None:
    """The clause before the one at ``clause_start`` in its sentence, when a comma ends it."""
    if clause_start <= sentence or text[clause_start - 1] not in "，,":
        return None
    before = m.end() if (m := _LAST_CLAUSE_MARK.match(text, sentence, clause_start - 1)) else sentence
    return text[before:clause_start - 1]


def _kind(measure: str) -> str | None:
    return "rate" if _RATE.search(measure) else "duration" if _DURATION.search(measure) else None


def subject_for(text: str, start: int, tables: EntityTables, end: int | None = None,
                unit: str | None = None) -> str | None:
    """What a target at ``start`` measures.

    Order: a subject keyword in the same clause, unless the clause names a measure of the other kind
    (a rate where the keyword means a duration, or the reverse) or the keyword means a rate and the
    figure is no share ("申请材料不超过8件" → 申请材料); the clause itself when it names a
    measure (…率, …时间); a keyword right after "N个工作日完成…"; what follows the number when nothing precedes it in
    its clause ("1个工作日内办结企业错报事项" → "企业错报事项") or only a bare verb does, for a count
    ("参与1个以上国标起草" → "国标起草"); after a frequency ("实行每季度不少于一次的定期清理"), the phrase
    without it and what follows ("…定期清理"); for a time, a duration keyword of an earlier clause
    when the clause's phrase names no measure, or the duration the clause before names ("压缩企业清算公告时间，
    在…平台公告20天以内"); the clause's noun phrase; a keyword earlier in the
    sentence; for a count with nothing before it in its clause ("力争达到300件以上"), what the clause
    before brings out ("加快推出更多“一件事一次办”套餐" → 一件事一次办套餐). (:func:`find_targets` then completes a bare level in a list: "省级、…市级地方标准制定".)
    """
    sentence = m.end() if (m := _LAST_SENTENCE_END.match(text, 0, start)) else 0
    start = _before_figures(text, sentence, start)
    clause_start = m.end() if (m := _LAST_CLAUSE_MARK.match(text, sentence, start)) else sentence
    if clause_start > sentence and text[clause_start - 1] == "、":
        clause_start = _listed_name_start(text, clause_start - 1, tables)
    clause = text[clause_start:start]
    found = _keyword(clause, tables)
    phrase = _phrase(clause)
    if found:
        kind, found_kind = (_kind(phrase) if phrase else None), _kind(found)
        if kind and found_kind not in (None, kind):
            return phrase
        if phrase and unit is not None and unit not in _SHARES and found_kind == "rate":
            return phrase  # "申请材料不超过8件" counts materials: a rate (申请材料精简比例) is no count
        return found
    if phrase and _MEASURE.search(phrase):
        return phrase
    if end is not None:
        after = text[end:m.start()] if (m := _CLAUSE_END.search(text, end, end + 16)) else text[end:end + 16]
        if found := _keyword(after, tables):
            return found
        if phrase and (per := _PER_PERIOD.search(phrase)) and after.startswith("的") and len(after) > 1:
            # how often, then what: "对超长期案件实行每季度不少于一次的定期清理" → 超长期案件定期清理
            return (phrase[:per.start()] + after[1:])[-14:]
        if (not phrase or unit in _COUNTERS and len(phrase) <= 2) and len(after) >= 2:
            return after[:14]
    if phrase and len(phrase) >= 2:
        if unit in _TIME_UNITS and not _MEASURE.search(phrase):
            # a time named by no measure in its clause is the duration an earlier clause of the sentence names:
            # "在用水接入上实现…，需增设管线并办理行政审批事项的最长不超过35个工作日" → 用水报装时间
            earlier = _keyword(text[max(sentence, start - 80):clause_start], tables)
            if earlier and _kind(earlier) == "duration":
                return earlier
            previous = _previous_clause(text, sentence, clause_start)
            # "压缩企业清算公告时间，在…平台公告20天以内": the duration the clause before names, without its verb
            named = _phrase(_drop_lead(_CHANGE_LEAD, previous)) if previous else None
            if named and _DURATION.search(named):
                return named
        return phrase
    if found := _keyword(text[max(sentence, start - 40):start], tables):
        return found
    if unit in _COUNTERS and not phrase and (previous := _previous_clause(text, sentence, clause_start)):
        # "加快推出更多“一件事一次办”套餐，力争达到300件以上": the count is of what the clause before brings out
        if (o := _BRINGS_OUT.match(previous)) and len(previous) - o.end() >= 2:
            return previous[o.end():][-14:]
    return None


def find_targets(text: str, tables: EntityTables) -> list[TargetHit]:
    """Targets in (compact, normalised) ``text``: a number with a unit and a comparator cue."""
    hits: list[TargetHit] = []
    for m in TARGET.finditer(text):
        num, unit = m["num"], m["unit"]
        cue_m = _CUE_TAIL.search(text, max(0, m.start() - 4), m.start())
        cue = cue_m.group() if cue_m else None
        start = cue_m.start() if cue_m else m.start()
        if not num[0].isdigit() and not cue:
            continue  # "一个终端", "三个" … are no commitments without a cue
        if unit in ("日", "天") and _DAY_NUMBER.fullmatch(num) and m.start("num") > 0 and text[m.start("num") - 1] == "月":
            continue  # a date ("3月31日")
        if text[m.end():m.end() + 1] in ("年", "月") or text[m.start("num") - 1:m.start("num")] == "第":
            continue
        comparator = _comparator(cue, m["post"], m["done"], unit)
        if comparator is None:
            if unit == "%" and text[m.start() - 1:m.start()] == "率":
                comparator = "="
            else:
                continue
        subject = subject_for(text, start, tables, m.end(), unit)
        if (hits and hits[-1].subject and text[hits[-1].end:hits[-1].end + 1] in _OPEN_BRACKETS
                and not _CLAUSE_END.search(text, hits[-1].end, start)
                and not (subject and _MEASURE.search(subject))):
            subject = hits[-1].subject  # "比例不低于30%(中小企业不低于50%)": the same measure, for a part of it
        elif subject is None and hits and hits[-1].subject and not _SENTENCE_END.search(text, hits[-1].end, start):
            subject = hits[-1].subject  # "停电时间再压减20%，不超过8.5小时": the same measure, stated twice
        hits.append(TargetHit(start, m.end(), _value(num), unit.removeprefix("个") if unit != "个" else unit,
                              comparator, subject))
    for hit, nxt in zip(hits, hits[1:]):
        # "1个以上省级、2个以上市级地方标准制定": a bare level shares the noun the next figure's level names
        if (hit.subject and nxt.subject and _LEVEL_ONLY.fullmatch(hit.subject)
                and (lm := _LEVEL_ONLY.match(nxt.subject)) and lm.end() < len(nxt.subject)
                and text.startswith(hit.subject + "、", hit.end) and nxt.start > hit.end + len(hit.subject)):
            hit.subject = hit.subject + nxt.subject[lm.end():]
    return hits

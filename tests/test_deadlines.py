"""Deadlines: ISO end of the named period, plan year where omitted, ongoing, warnings with lines."""

import pytest

from entities_corpus import gedian, plan_for, task
from graphkit.loaders.entities import enrich
from graphkit.loaders.entities.deadlines import parse_deadline
from graphkit.model import Part, Task


@pytest.mark.parametrize("text,year,date,ongoing", [
    ("2021年3月底", None, "2021-03-31", False),
    ("2021 年12 月底", None, "2021-12-31", False),
    ("6月底完成", 2021, "2021-06-30", False),
    ("2月底前", 2024, "2024-02-29", False),
    ("2021年底前", None, "2021-12-31", False),
    ("年内", 2022, "2022-12-31", False),
    ("年底前完成", 2020, "2020-12-31", False),
    ("2021年第三季度", None, "2021-09-30", False),
    ("2021年上半年", None, "2021-06-30", False),
    ("2021年10月15日前", None, "2021-10-15", False),
    ("十二月底", 2021, "2021-12-31", False),
    ("长期推进", 2021, None, True),
    ("长 期推进", 2021, None, True),
    ("持续推进", None, None, True),
    ("2020年8月底,长期推进", 2021, "2020-08-31", True),
    ("２０２１年４月底", None, "2021-04-30", False),  # full-width digits
])
def test_parse(text, year, date, ongoing):
    d = parse_deadline(text, year)
    assert (d.date, d.ongoing, d.text) == (date, ongoing, text.strip())


def test_month_without_year_and_no_plan_year_stays_undated():
    assert parse_deadline("6月底完成", None).date is None


def test_gedian_deadlines_with_spans():
    plan = gedian()
    enrich(plan)
    t2 = task(plan, "2")
    assert (t2.deadline.date, t2.deadline.ongoing) == ("2021-03-31", False)
    assert plan.text[t2.deadline.span[0]:t2.deadline.span[1]] == "2021年3月底"
    t43 = task(plan, "43")
    assert (t43.deadline.date, t43.deadline.ongoing) == ("2020-08-31", True)
    assert task(plan, "45").deadline.ongoing and task(plan, "45").deadline.date is None
    assert all(t.deadline is not None for t in plan.tasks)
    assert plan.warnings == []


def test_unparseable_deadline_kept_with_warning_naming_the_line():
    text = "一、任务\n1．做好工作。完成时限：按省里要求\n"
    plan = plan_for(text, "t.txt", year=2021)
    start = text.index("做好")
    t = Task(id="t1", number="1", number_implied=False, section=[], text="做好工作。完成时限：按省里要求",
             span=(start, len(text) - 1), deadline_text="按省里要求")
    t.parts.append(Part(text="做好工作", span=(start, start + 4), deadline_text="6月底"))
    plan.tasks.append(t)
    enrich(plan)
    assert t.deadline.text == "按省里要求" and t.deadline.date is None and not t.deadline.ongoing
    assert t.parts[0].deadline.date == "2021-06-30"
    assert [(w.line, w.code) for w in plan.warnings] == [(2, "deadline-unparsed")]
    assert "按省里要求" in plan.warnings[0].message
    enrich(plan)  # running twice does not duplicate the warning
    assert len(plan.warnings) == 1


def test_end_to_end_gedian():
    from entities_corpus import CORPUS
    from graphkit.extract import extract_file

    plan = extract_file(CORPUS / "ezhou-gedian-2021-implementation-plan.txt")
    dated = {t.number: t.deadline for t in plan.tasks if t.deadline}
    assert dated["2"].date == "2021-03-31"
    assert dated["3"].ongoing and dated["3"].date is None
    assert all(d.span and plan.text[d.span[0]:d.span[1]].replace(" ", "") == d.text.replace(" ", "")
               for d in dated.values())


from hypothesis import given, settings, strategies as st  # noqa: E402

DEADLINE_CHARS = st.text(alphabet="0123456789年月日底末前内季度第一二三四上下半长期持续推进完成 ,、", max_size=24)


@settings(max_examples=200, deadline=None)
@given(DEADLINE_CHARS, st.one_of(st.none(), st.integers(1990, 2040)))
def test_parse_never_raises_and_dates_are_valid(text, year):
    import datetime

    d = parse_deadline(text, year)
    assert d.text == text.strip()
    if d.date:
        datetime.date.fromisoformat(d.date)


def test_inline_deadlines_when_no_field():
    from entities_corpus import CORPUS
    from graphkit.extract import extract_file

    jb = extract_file(CORPUS / "chongqing-jiangbei-2021-implementation-plan.txt")
    t25 = next(t for t in jb.tasks if t.number == "25")  # "2021年底前实现…", "2021年10月底前实现…"
    assert (t25.deadline.date, t25.deadline.text) == ("2021-12-31", "2021年底前")
    assert jb.text[t25.deadline.span[0]:t25.deadline.span[1]] == "2021年底前"
    t13 = next(t for t in jb.tasks if t.number == "13")  # "2022年1月1日起实施": a start, not a deadline
    assert t13.deadline is None
    t43 = next(t for t in jb.tasks if t.number == "43")
    assert t43.deadline.date == "2021-12-31"  # "年内" in a 2021 plan


def test_in_text_finds_what_the_pattern_finds_everywhere():
    import random

    from graphkit.loaders.entities.deadlines import IN_TEXT, in_text

    assert [m.group() for m in in_text("于2021年6月底前完成，12月底、年底前和十二月底", 1)] == [
        "2021年6月底前", "12月底", "年底前", "十二月底"]
    pieces = list("0123456789年月底末内前以之第季度上下半中份旬日一二三四五六七八九十两起x") + ["2021年", "十二月"]
    rnd = random.Random(7)
    for _ in range(5000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 20)))
        start = rnd.randint(0, len(text))
        end = rnd.randint(start, len(text))
        assert [m.span() for m in in_text(text, start, end)] == [
            m.span() for m in IN_TEXT.finditer(text, start, end)], (text, start, end)

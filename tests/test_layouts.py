"""Layouts of the plan family beyond the five examples: tables, annotations, numbering styles.

Each fixture in tests/fixtures/layouts/NAME.txt was written after real 营商环境 plans and
任务分工表; NAME.json holds the hand-checked answer (per task: number, leads, supports,
collective placeholders, whether a lead word names the lead), written before running the parser.
Units compare as normalised mention plus inherited prefix ("市" + "商务局").
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graphkit.loaders.normalise import normalise
from graphkit.loaders.structure import parse_structure
from graphkit.loaders.units import mention_key
from graphkit.model import ExtractedPlan, PlanMeta, plan_id_for

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "layouts"
NAMES = sorted(p.stem for p in FIXTURES.glob("*.txt"))


def parse(name: str) -> ExtractedPlan:
    text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    plan = ExtractedPlan(plan=PlanMeta(id=plan_id_for(text), source=name), text=text)
    parse_structure(plan)
    return plan


def keys(units) -> list[str]:
    return [normalise(mention_key(u)).text for u in units]


def norm(names: list[str]) -> list[str]:
    return [normalise(n).text for n in names]


def test_every_fixture_has_an_answer():
    assert len(NAMES) >= 26
    for name in NAMES:
        assert (FIXTURES / f"{name}.json").is_file(), name


@pytest.mark.parametrize("name", NAMES)
def test_tasks_and_numbers(name):
    expected = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))["tasks"]
    plan = parse(name)
    assert [t.number for t in plan.tasks] == [e["number"] for e in expected]


@pytest.mark.parametrize("name", NAMES)
def test_leads_and_supports_per_task(name):
    expected = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))["tasks"]
    plan = parse(name)
    assert len(plan.tasks) == len(expected)
    for t, e in zip(plan.tasks, expected):
        where = f"{name} task {e['number']}: {t.text[:30]}"
        assert keys(t.leads) == norm(e["leads"]), where
        assert keys(t.supports) == norm(e["supports"]), where
        assert norm(t.generic) == norm(e["generic"]), where
        if t.leads:
            assert t.lead_explicit == e["lead_explicit"], where


def test_group_column_is_not_task_text():
    plan = parse("table_multilevel")
    assert plan.tasks[0].text.startswith("推行政务服务事项“一网通办”")
    assert plan.tasks[0].deadline_text == "2022年12月底前"


def test_four_level_points_stay_inside_their_task():
    plan = parse("four_levels")
    t1 = plan.tasks[0]
    assert t1.text.startswith("持续提升企业开办便利度") and "牵头单位" not in t1.text
    assert "(2)推行企业开办" in normalise(t1.text).text and t1.text.endswith("免费邮寄营业执照。")


def test_closing_article_is_not_a_task():
    plan = parse("articles")
    assert all("施行" not in t.text for t in plan.tasks)


def test_leader_column_names_people_not_task_text():
    plan = parse("table_leader_column")
    assert all("区长" not in t.text for t in plan.tasks)
    assert plan.tasks[0].deadline_text == "2022年6月底前" and plan.tasks[2].deadline_text is None


def test_space_aligned_rows_keep_wrapped_cells():
    plan = parse("table_space_aligned")
    assert plan.tasks[0].text == "推行企业开办“一网通办”，设立登记、公章刻制、社保登记一日办结。"
    assert plan.tasks[2].text.endswith("缩至15个工作日以内。")
    assert [t.deadline_text for t in plan.tasks[:2]] == ["2022年6月底前", "长期坚持"]
    assert not plan.warnings


def test_group_rows_of_a_table_are_sections():
    plan = parse("table_group_rows")
    assert [t.section for t in plan.tasks[2:4]] == [["优化政务服务"], ["优化要素保障"]]
    assert plan.tasks[1].text == "推行“帮办代办”服务，为重点项目提供全流程代办。"


@pytest.mark.parametrize("name", NAMES)
def test_spans_point_at_the_source(name):
    plan = parse(name)
    for t in plan.tasks:
        source = plan.text[t.span[0]:t.span[1]]
        assert t.text[:6] in source, (t.number, t.text[:20], source[:40])
        for u in t.leads + t.supports:
            assert plan.text[u.span[0]:u.span[1]].replace("\n", "") == u.mention  # a wrapped name


def test_space_aligned_rows_without_units_keep_their_deadlines():
    # rows that open with a number and whose later cells are a deadline, not a unit statement
    # (a NameError on this path once went unnoticed: no fixture had such a row)
    text = ("营商环境重点任务\n"
            "1     推行企业开办“一网通办”，一日办结。          2022年6月底前\n"
            "2     推行电子营业执照跨领域应用。              长期坚持\n")
    plan = ExtractedPlan(plan=PlanMeta(id="plan-x", source="x.txt"), text=text)
    parse_structure(plan)
    assert [t.text for t in plan.tasks] == ["推行企业开办“一网通办”，一日办结。", "推行电子营业执照跨领域应用。"]
    assert [t.deadline_text for t in plan.tasks] == ["2022年6月底前", "长期坚持"]


def test_tidy_rows_one_match_tells_page_numbers_and_headings_apart():
    """tidy_rows' combined regex agrees with the page-number and heading tests made separately."""
    import re

    from graphkit.loaders.layout import _PAGE_NUMBER_CELL, _PAGE_OR_HEADING, HEADING_RX

    heading = re.compile(r"\s*" + HEADING_RX.pattern[1:])
    samples = ["", " ", "- 3 -", " —12— ", "第3页", "第 2 页,共 10 页", "12/40", "一、总体要求", "(四)放宽",
               "第二章 任务", "第12页", "1.推进", "三是", " (一)", "\t二、", "— 一、", "十二、", "(1)", "第五条"]
    for text in samples:
        m = _PAGE_OR_HEADING.match(text)
        page = bool(_PAGE_NUMBER_CELL.match(text))
        assert (m is not None and m.group(1) is not None) == page, text
        if not page:
            assert (m is not None) == bool(heading.match(text)), text


def test_tidy_rows_asks_the_regex_only_of_texts_that_may_open_a_page_number_or_heading():
    """_page_or_heading skips the regex by the first character; it answers as the regex does."""
    from graphkit.loaders.layout import _PAGE_OR_HEADING, _page_or_heading
    from graphkit.loaders.normalise import normalise

    corpus = Path(__file__).resolve().parent.parent / "examples" / "corpus"
    lines = ["", " ", "\u3000 - 3 -", " —12— ", "  第3页", "\t12/40", "一、总体要求", " (四)放宽", "\u0663/9",
             "１２/40", "(1)", "市发改委", "“一网通办”"]
    for path in sorted(corpus.glob("*.txt")):
        lines += normalise(path.read_text(encoding="utf-8")).text.split("\n")
    skipped = 0
    for text in lines:
        want, got = _PAGE_OR_HEADING.match(text), _page_or_heading(text)
        assert (got and (got.span(), got.group(1))) == (want and (want.span(), want.group(1))), text
        skipped += got is None
    assert skipped > 100


from hypothesis import given, settings, strategies as st  # noqa: E402


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="\t\n a1。中（）、", max_size=80))
def test_a_tab_led_row_holds_one_cell(text):
    """structure's driver takes a run of tab-led rows as one table row, one cell from each
    (``_Parser.run`` groups rows by block and tab_led): read_rows and tidy_rows must never make a
    tab-led row of more or fewer cells."""
    from graphkit.loaders.layout import read_rows, tidy_rows

    for rows in (read_rows(normalise(text)), tidy_rows(read_rows(normalise(text)))):
        assert all(len(r.cells) == 1 for r in rows if r.tab_led), text

"""Sections, tasks and units of the example plans and of synthetic layout variants.

Expectations were checked by hand against examples/corpus (see scripts/structure_summary.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphkit.loaders.structure import parse_structure
from graphkit.model import ExtractedPlan, PlanMeta, plan_id_for

CORPUS = Path(__file__).resolve().parent.parent / "examples" / "corpus"


def run(text: str, source: str = "test.txt") -> ExtractedPlan:
    plan = ExtractedPlan(plan=PlanMeta(id=plan_id_for(text), source=source), text=text)
    parse_structure(plan)
    return plan


_CACHE: dict[str, ExtractedPlan] = {}


def corpus(name: str) -> ExtractedPlan:
    if name not in _CACHE:
        _CACHE[name] = run((CORPUS / name).read_text(encoding="utf-8"), name)
    return _CACHE[name]


def mentions(units):
    return [u.mention for u in units]


def task(plan: ExtractedPlan, number: str):
    hits = [t for t in plan.tasks if t.number == number]
    assert len(hits) == 1, (number, [t.number for t in plan.tasks])
    return hits[0]


# ----------------------------------------------------------------------------- example plans


@pytest.mark.parametrize("name,count", [
    ("changzhou-2020-task-division.txt", 80),
    ("quzhou-2022-implementation-plan.txt", 25),
    ("ezhou-gedian-2021-implementation-plan.txt", 54),
    ("chongqing-jiangbei-2021-implementation-plan.txt", 46),
    ("district-2020-work-measures.txt", 32),
])
def test_task_counts(name, count):
    plan = corpus(name)
    assert len(plan.tasks) == count
    assert [t.id for t in plan.tasks] == [f"{plan.plan.id}/t{i}" for i in range(1, count + 1)]


@pytest.mark.parametrize("name", [p.name for p in sorted(CORPUS.glob("*.txt"))])
def test_every_span_is_inside_the_original_text(name):
    plan = corpus(name)
    n = len(plan.text)
    for t in plan.tasks:
        assert 0 <= t.span[0] < t.span[1] <= n
        for u in t.leads + t.supports + [u for p in t.parts for u in p.leads + p.supports]:
            assert 0 <= u.span[0] < u.span[1] <= n
            # the span holds the mention (PDF spaces aside)
            assert re.sub(r"\s", "", plan.text[u.span[0]:u.span[1]]) == u.mention
    for s in plan.sections:
        assert 0 <= s.span[0] < s.span[1] <= n


def test_numbered_plans_number_tasks_in_order():
    for name, count in [("changzhou-2020-task-division.txt", 80), ("quzhou-2022-implementation-plan.txt", 25),
                        ("ezhou-gedian-2021-implementation-plan.txt", 54),
                        ("chongqing-jiangbei-2021-implementation-plan.txt", 46)]:
        assert [t.number for t in corpus(name).tasks] == [str(i) for i in range(1, count + 1)]


def test_changzhou_unit_line_layout_and_implied_number():
    plan = corpus("changzhou-2020-task-division.txt")
    t1 = task(plan, "1")
    assert t1.text.startswith("深化“3个工作日完成企业开办”改革")
    assert t1.section == ["营造更省心的企业投资环境", "提高企业开办效率"]
    assert mentions(t1.leads) == ["市市场监管局"] and t1.lead_explicit
    assert mentions(t1.supports) == ["公安局", "人民银行常州市支行", "税务局"]
    assert [u.prefix for u in t1.supports] == ["市", None, "市"]
    t2 = plan.tasks[1]
    assert t2.number == "2" and t2.number_implied
    assert t2.text.startswith("推进全程电子化登记")
    assert t2.generic == ["市有关部门"]
    assert any(w.code == "task-number-implied" and w.line == 16 for w in plan.warnings)
    assert not any(t.number_implied for t in plan.tasks[2:])
    t11 = task(plan, "11")
    assert mentions(t11.leads) == ["市发改委", "商务局"] and t11.leads[1].prefix == "市"
    t28 = task(plan, "28")  # a bare unit line: responsible unit, no lead named
    assert mentions(t28.leads) == ["市税务局"] and not t28.lead_explicit
    t23 = task(plan, "23")
    assert t23.generic == ["各辖市、区人民政府", "市各有关单位"] and t23.supports == []
    t48 = task(plan, "48")
    assert mentions(t48.supports) == ["市市场监管局"] and t48.generic == ["市有关部门"]


def test_changzhou_repeated_and_split_headings():
    plan = corpus("changzhou-2020-task-division.txt")
    level2 = [s.heading for s in plan.sections if s.level == 2]
    assert len(level2) == 20  # (一)…(二十), page-break repeats skipped
    assert "放宽社会资本准入限制" in level2 and "改进水电气接入服务" in level2
    assert task(plan, "14").section == ["营造更省心的企业投资环境", "放宽社会资本准入限制"]


def test_quzhou_sections_and_no_units():
    plan = corpus("quzhou-2022-implementation-plan.txt")
    kinds = {s.heading: s.kind for s in plan.sections}
    assert kinds["目标要求"] == "preamble"
    assert kinds["组织保障"] == "guarantee"
    assert kinds["工作任务"] == "tasks"
    t1 = task(plan, "1")
    assert t1.text.startswith("持续拓展“一件事”深度广度。")
    assert t1.section == ["工作任务", "推动政务服务更加智慧便捷"]
    assert all(t.leads == [] and t.supports == [] and not t.lead_explicit for t in plan.tasks)
    assert task(plan, "25").text.endswith("持续擦亮服务企业特色品牌。")


def test_gedian_trailing_annotations():
    plan = corpus("ezhou-gedian-2021-implementation-plan.txt")
    t1 = task(plan, "1")
    assert mentions(t1.leads) == ["自然资源和规划分局"] and t1.lead_explicit
    assert mentions(t1.supports) == ["社发局", "住建局", "拆迁办"]
    assert t1.deadline_text == "2021年12月底"
    assert "宗地征收" in t1.text and "牵头单位" not in t1.text
    t4 = task(plan, "4")  # 责任单位 only: responsible units lead, not explicitly
    assert mentions(t4.leads) == ["经发局", "区供电公司"] and not t4.lead_explicit
    t7 = task(plan, "7")  # annotation on the continuation line
    assert t7.deadline_text == "2021年4月底"
    assert t7.text.endswith("多途径提供网上缴费和使用费用查询服务。")
    t28 = task(plan, "28")  # "区直各 有 关 部 门" with PDF spaces
    assert t28.generic == ["区直各有关部门"]
    t42 = task(plan, "42")
    assert t42.deadline_text == "2020年8月底,长期推进" and t42.supports == []
    t44 = task(plan, "44")  # "牵头单位:税务局,责任单位:…" with a comma between fields
    assert mentions(t44.leads) == ["税务局"] and mentions(t44.supports) == ["市场监管分局", "社保局"]


def test_gedian_guarantee_chapter_items_continue_the_task_list():
    plan = corpus("ezhou-gedian-2021-implementation-plan.txt")
    t51 = task(plan, "51")
    assert t51.section == ["切实完善优化营商环境长效机制", "完善组织保障机制"]
    assert mentions(t51.leads) == ["区优化办"]
    appendix = [s for s in plan.sections if s.kind == "appendix"]
    assert len(appendix) == 1 and "领导小组" in appendix[0].heading
    assert task(plan, "54").text.endswith("营造优化营商环境的良好氛围。")


def test_jiangbei_section_leads_and_supports():
    plan = corpus("chongqing-jiangbei-2021-implementation-plan.txt")
    sec = next(s for s in plan.sections if s.heading == "深化商事制度改革" and s.kind == "tasks")
    assert mentions(sec.leads) == ["区市场监管局"]
    t1 = task(plan, "1")
    assert mentions(t1.leads) == ["区市场监管局"] and t1.lead_explicit
    assert t1.supports == []  # its only 责任单位 is the section lead
    assert t1.section == ["打造便利的市场环境", "深化商事制度改革"]
    t2 = task(plan, "2")
    assert mentions(t2.supports) == ["区政务服务办", "区公安分局", "区税务局", "区人力社保局"]
    assert t2.generic == ["相关金融机构"]
    t6 = task(plan, "6")
    assert mentions(t6.leads) == ["区城市管理局", "区经济信息委"]
    assert "区城市管理局" not in mentions(t6.supports)
    assert "江北燃气" in mentions(t6.supports) and "川港燃气" in mentions(t6.supports)
    assert all(s.kind == "guarantee" for s in plan.sections if s.heading in ("加强组织领导", "狠抓措施落实"))


def test_jiangbei_annex_rows_become_parts_not_tasks():
    plan = corpus("chongqing-jiangbei-2021-implementation-plan.txt")
    assert any(s.kind == "annex_table" for s in plan.sections)
    t2 = task(plan, "2")
    assert [p.text[:8] for p in t2.parts] == ["依托“渝快办”平", "提升“一网通”平", "加强宣传引导和政"]
    assert [mentions(p.leads) for p in t2.parts] == [["区市场监管局"]] * 3  # merged lead cells
    assert mentions(t2.parts[1].supports) == ["区政务服务办"] and t2.parts[1].generic == ["相关金融机构"]
    assert t2.parts[0].supports == []  # "—"
    t8 = task(plan, "8")
    assert mentions(t8.parts[0].leads) == ["区城市管理局", "区经济信息委"]
    t37 = task(plan, "37")
    assert len(t37.parts) == 6
    assert mentions(t37.parts[2].leads) == ["区政府办\n（电子政务中心）".replace("\n", ""), "区市场监管局", "区政务服务办"]
    assert sum(len(t.parts) for t in plan.tasks) >= 90
    for t in plan.tasks:
        for p in t.parts:
            assert plan.text[p.span[0]:p.span[1]].startswith(p.text[:5])


def test_district_prose_measures():
    plan = corpus("district-2020-work-measures.txt")
    first = plan.tasks[0]
    assert first.text.startswith("完成一体化政务服务平台及“互联网+监管”系统的建设对接。按照全市统一部署")
    assert first.number is None and not first.number_implied
    assert first.section == ["营造便捷高效的政务环境"]
    heads = [t.text.split("。")[0] for t in plan.tasks]
    assert "加强审批服务标准化建设" in heads
    assert "创新融资方式，加大信贷支持力度" in heads
    assert "按照全市统一部署，加快我区网上政务服务平台建设和改造工作" not in heads
    kinds = {s.heading: s.kind for s in plan.sections}
    assert kinds["加强营商环境组织保障"] == "guarantee"
    assert not any("领导小组" in t.text for t in plan.tasks)  # the guarantee chapter gives no tasks


# ----------------------------------------------------------------------------- synthetic layouts


def test_trailing_annotation_variants():
    text = "\n".join([
        "一、重点任务",
        "1.推进甲改革。(完成时限:2021年底;牵头单位:区发改委;责任单位:区财政局、区发改委)",
        "2.推进乙改革。〔责任单位：区财政局；牵头单位：区商务局〕",
        "3.推进丙改革。【牵头单位:区税务局】",
        "4.推进丁改革。（牵头单位：区人社局；",
        "责任单位：区医保局；完成时限：2021年6月底）",
        "5.推进戊改革(6月底完成)",
        "6.推進己改革。（牽頭單位：區市場監管局；責任單位：區公安分局）",
        "7.推进庚改革。(牵 头 单 位:区 司 法 局;完 成 时 限:长期推进)",
    ])
    plan = run(text)
    assert [t.number for t in plan.tasks] == ["1", "2", "3", "4", "5", "6", "7"]
    t = plan.tasks
    assert mentions(t[0].leads) == ["区发改委"] and mentions(t[0].supports) == ["区财政局"]
    assert t[0].deadline_text == "2021年底" and t[0].text == "推进甲改革。"
    assert mentions(t[1].leads) == ["区商务局"] and mentions(t[1].supports) == ["区财政局"]
    assert mentions(t[2].leads) == ["区税务局"] and t[2].supports == []
    assert mentions(t[3].leads) == ["区人社局"] and mentions(t[3].supports) == ["区医保局"]
    assert t[3].deadline_text == "2021年6月底"
    assert t[4].deadline_text == "6月底完成" and t[4].leads == [] and t[4].text == "推进戊改革"
    assert mentions(t[5].leads) == ["區市場監管局"] and mentions(t[5].supports) == ["區公安分局"]
    assert mentions(t[6].leads) == ["区司法局"] and t[6].deadline_text == "长期推进"
    assert plan.text[t[6].leads[0].span[0]:t[6].leads[0].span[1]] == "区 司 法 局"


def test_tab_joined_table_rows_with_header():
    text = "\n".join([
        "序号\t主要任务\t牵头单位\t责任单位\t完成时限",
        "一、优化政务服务",
        "1\t深化一网通办改革\t市政务办\t市大数据局、市有关部门\t2021年底",
        "2\t推进证照分离改革\t\t市市场监管局\t2021年6月",
        "3．压减办税时间\t市税务局牵头，市财政局配合\t\t长期推进",
    ])
    plan = run(text)
    assert [t.number for t in plan.tasks] == ["1", "2", "3"]
    t1, t2, t3 = plan.tasks
    assert t1.text == "深化一网通办改革" and mentions(t1.leads) == ["市政务办"]
    assert mentions(t1.supports) == ["市大数据局"] and t1.generic == ["市有关部门"]
    assert t1.deadline_text == "2021年底" and t1.section == ["优化政务服务"]
    assert mentions(t2.leads) == ["市市场监管局"] and not t2.lead_explicit
    assert mentions(t3.leads) == ["市税务局"] and mentions(t3.supports) == ["市财政局"]
    assert t3.deadline_text == "长期推进"


def test_tab_joined_rows_without_header():
    text = "1．深化改革任务甲\t市市场监管局牵头，公安局按职责分工负责\t2021年底\n" \
           "2．深化改革任务乙\t市财政局\t长期推进\n"
    plan = run(text)
    t1, t2 = plan.tasks
    assert mentions(t1.leads) == ["市市场监管局"] and mentions(t1.supports) == ["公安局"]
    assert t1.supports[0].prefix == "市" and t1.deadline_text == "2021年底"
    assert mentions(t2.leads) == ["市财政局"] and t2.deadline_text == "长期推进"


def test_section_lead_heading_applies_to_tasks_under_it():
    text = "\n".join([
        "一、营造市场环境",
        "（一）深化商事制度改革（牵头单位：区市场监管局、区税务局）",
        "1．优化开办服务。（责任单位：区市场监管局、区公安分局）",
        "2．完善退出制度。（牵头单位：区发展改革委；责任单位：区税务局）",
        "（二）提升融资便利度",
        "3．完善银企对接。（责任单位：区金融办）",
    ])
    plan = run(text)
    t1, t2, t3 = plan.tasks
    assert mentions(t1.leads) == ["区市场监管局", "区税务局"] and mentions(t1.supports) == ["区公安分局"]
    assert t1.lead_explicit
    assert mentions(t2.leads) == ["区发展改革委"] and mentions(t2.supports) == ["区税务局"]
    assert mentions(t3.leads) == ["区金融办"] and not t3.lead_explicit
    assert t3.section == ["营造市场环境", "提升融资便利度"]


def test_unit_line_variants_after_task():
    text = "\n".join([
        "1．任务甲。",
        "责任单位：市发改委、市财政局",
        "2．任务乙。",
        "市商务局负责",
        "3．任务丙。",
        "市住建局牵头，市城管局配合",
        "完成时限：2021年底",
    ])
    plan = run(text)
    t1, t2, t3 = plan.tasks
    assert mentions(t1.leads) == ["市发改委", "市财政局"] and not t1.lead_explicit
    assert mentions(t2.leads) == ["市商务局"] and t2.lead_explicit
    assert mentions(t3.leads) == ["市住建局"] and mentions(t3.supports) == ["市城管局"]
    assert t3.deadline_text == "2021年底"
    assert len(plan.tasks) == 3


def test_missing_number_without_text_is_a_warning_not_a_task():
    plan = run("1．任务甲。\n2．任务乙。\n4．任务丁。\n")
    assert [t.number for t in plan.tasks] == ["1", "2", "4"]
    assert any(w.code == "task-number-gap" and w.line == 3 for w in plan.warnings)


def test_preamble_items_are_not_tasks():
    text = "\n".join([
        "一、基本原则",
        "1．坚持问题导向。",
        "2．坚持系统推进。",
        "二、重点任务",
        "1．推进甲。",
        "2．推进乙。",
        "三、保障措施",
        "1．加强组织领导。",
    ])
    plan = run(text)
    assert [t.text for t in plan.tasks] == ["推进甲。", "推进乙。"]
    assert [s.kind for s in plan.sections] == ["preamble", "tasks", "guarantee"]


def test_no_units_never_invented():
    plan = run("1．推进甲改革，提高效率。\n2．推进乙改革。\n")
    assert all(t.leads == [] and t.supports == [] and t.generic == [] for t in plan.tasks)


# ----------------------------------------------------------------------------- robustness

heading_soup = st.lists(st.sampled_from([
    "一、", "（一）", "(二)", "1．", "2.", "3、", "（1）", "①", "附件", "牵头单位：", "责任单位:", "(", ")",
    "〔", "〕", "市发改委", "区有关部门", "牵头，", "配合", "\t", "\n", " ", "。", "任务", "2021年底", "等",
    "各辖市、区", "第一章", "十", "百", "\u3000", "〇",
]), max_size=60).map("".join)


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.text(max_size=300), heading_soup))
def test_never_raises_and_spans_stay_inside(text):
    plan = run(text)
    assert not any(w.code == "structure-error" for w in plan.warnings), plan.warnings
    n = len(text)
    for t in plan.tasks:
        assert 0 <= t.span[0] <= t.span[1] <= n
        for u in t.leads + t.supports:
            assert 0 <= u.span[0] <= u.span[1] <= n
        for p in t.parts:
            assert 0 <= p.span[0] <= p.span[1] <= n
    for s in plan.sections:
        assert 0 <= s.span[0] <= s.span[1] <= n


@pytest.mark.slow
def test_one_huge_line_and_empty_text():
    assert run("").tasks == []
    big = ("推进改革，（责任单位：市发改委" * 70000)[:1_000_000]
    plan = run(big)
    assert not any(w.code == "structure-error" for w in plan.warnings)
    assert len(plan.text) == 1_000_000


def test_table_header_words_vary_and_merged_number_cells_continue_the_task():
    text = "\n".join([
        "序号\t重点任务\t具体措施\t牵头部门\t配合部门\t完成时间",
        "1\t企业开办\t压缩开办时间\t区市场监管局\t区税务局\t2021年6月",
        "\t\t推行电子印章\t区公安分局\t\t2021年底",
        "2\t工程审批\t推行告知承诺\t区住建委\t各有关部门\t持续推进",
    ])
    plan = run(text)
    assert [t.number for t in plan.tasks] == ["1", "2"]
    t1, t2 = plan.tasks
    assert t1.text == "企业开办 压缩开办时间 推行电子印章"
    assert mentions(t1.leads) == ["区市场监管局", "区公安分局"] and mentions(t1.supports) == ["区税务局"]
    assert t1.deadline_text == "2021年6月"
    assert mentions(t2.leads) == ["区住建委"] and t2.generic == ["各有关部门"]


def test_two_unlabelled_unit_cells_are_lead_then_responsible():
    plan = run("1．任务甲\t区财政局\t区税务局、区人社局\t2021年底\n2．任务乙\t区发改委\t区商务局\t长期\n")
    t1, t2 = plan.tasks
    assert mentions(t1.leads) == ["区财政局"] and mentions(t1.supports) == ["区税务局", "区人社局"]
    assert t1.lead_explicit and t1.deadline_text == "2021年底"
    assert mentions(t2.supports) == ["区商务局"]


def test_lead_marked_inside_the_list_and_support_only_lists():
    plan = run("1．推进甲。（责任单位：市发改委（牵头）、市财政局）\n2．推进乙。（市商务局、市税务局按职责分工负责）\n")
    t1, t2 = plan.tasks
    assert mentions(t1.leads) == ["市发改委"] and t1.lead_explicit and mentions(t1.supports) == ["市财政局"]
    assert mentions(t2.leads) == ["市商务局", "市税务局"] and not t2.lead_explicit


def test_paren_chinese_items_are_tasks_when_no_arabic_numbers():
    text = "\n".join([
        "一、深化改革",
        "（一）优化企业开办服务。全面推行企业开办一网通办，压缩开办时间至1个工作日。（责任单位：区市场监管局、区税务局）",
        "（二）提升不动产登记效率。推行一窗受理。（牵头单位：区不动产登记中心；配合单位：区税务局）",
        "二、保障措施",
        "（一）加强组织领导。成立领导小组。",
    ])
    plan = run(text)
    assert [t.number for t in plan.tasks] == ["一", "二"]
    assert mentions(plan.tasks[1].leads) == ["区不动产登记中心"] and mentions(plan.tasks[1].supports) == ["区税务局"]
    assert plan.tasks[0].section == ["深化改革"]


def test_title_items_group_numbered_measures():
    text = "\n".join([
        "一、优化政务服务",
        "1.推进一网通办",
        "（1）压缩办理时间。（责任单位：区政务办）",
        "（2）推行一窗受理。（责任单位：区大数据局）",
        "2.优化审批流程",
        "（1）推行告知承诺。（责任单位：区司法局）",
    ])
    plan = run(text)
    assert [t.text for t in plan.tasks] == ["压缩办理时间。", "推行一窗受理。", "推行告知承诺。"]
    assert plan.tasks[2].section == ["优化政务服务", "优化审批流程"]
    assert [s.level for s in plan.sections] == [1, 2, 2]


def test_unit_line_under_a_heading_is_the_section_lead():
    text = "\n".join([
        "一、优化政务服务",
        "牵头单位：区政务服务办",
        "1．推进一网通办。（责任单位：区大数据局）",
        "2．推进一窗综办。",
    ])
    plan = run(text)
    assert mentions(plan.sections[0].leads) == ["区政务服务办"]
    t1, t2 = plan.tasks
    assert mentions(t1.leads) == ["区政务服务办"] and mentions(t1.supports) == ["区大数据局"]
    assert mentions(t2.leads) == ["区政务服务办"] and t2.lead_explicit


def test_annex_table_fills_tasks_that_name_no_units():
    text = "\n".join([
        "一、重点任务",
        "1.推进企业开办便利化改革。",
        "2.推进工程审批制度改革。",
        "附件：重点任务分工表",
        "序号\t任务\t牵头单位\t责任单位",
        "1\t推进企业开办便利化改革\t区市场监管局\t区税务局",
        "2\t推进工程审批制度改革\t区住建委\t—",
    ])
    plan = run(text)
    assert len(plan.tasks) == 2
    t1, t2 = plan.tasks
    assert [p.text for p in t1.parts] == ["推进企业开办便利化改革"]
    assert mentions(t1.leads) == ["区市场监管局"] and mentions(t1.supports) == ["区税务局"] and t1.lead_explicit
    assert mentions(t2.leads) == ["区住建委"] and t2.supports == []
    assert [s.kind for s in plan.sections] == ["tasks", "annex_table"]


def test_pdf_text_split_heading_page_numbers_and_repeats():
    text = "\n".join([
        "一、营造更省心的企业投资环境",
        "（四）进一步放宽社会资本市场准入",
        "限制",
        "11．贯彻实施国家《市场准入负面清单》，推进“非禁即入”普",
        "遍落实。（牵 头 单 位：市发改委；责任单位：市商务局）",
        "- 3 -",
        "一、营造更省心的企业投资环境",
        "（四）进一步放宽社会资本市场准入限制",
        "12．推广企业投资项目信用承诺制改革。（牵头单位：市发改委）",
    ])
    plan = run(text)
    assert [t.number for t in plan.tasks] == ["11", "12"]
    t11, t12 = plan.tasks
    assert t11.text == "贯彻实施国家《市场准入负面清单》，推进“非禁即入”普遍落实。"
    assert t11.section == ["营造更省心的企业投资环境", "进一步放宽社会资本市场准入限制"]
    assert t12.section == t11.section
    assert [s.heading for s in plan.sections] == ["营造更省心的企业投资环境", "进一步放宽社会资本市场准入限制"]
    assert mentions(t11.leads) == ["市发改委"] and mentions(t11.supports) == ["市商务局"]


def test_short_sentence_after_heading_is_not_glued_to_it():
    plan = run("一、重点任务\n（一）深化改革\n推进甲。\n1．推进乙。\n2．推进丙。\n")
    assert [s.heading for s in plan.sections] == ["重点任务", "深化改革"]
    plan = run("一、重点任务\n（一）推动政务服务更加智慧\n便捷高效。\n1．推进乙。\n2．推进丙。\n")
    assert plan.sections[1].heading == "推动政务服务更加智慧便捷高效"


def test_cover_letter_and_title_form_a_preamble_section():
    plan = corpus("quzhou-2022-implementation-plan.txt")
    cover = plan.sections[0]
    assert cover.kind == "preamble" and cover.number is None
    assert cover.heading == "衢州市打造中国营商环境最优城市2022年实施方案"
    assert plan.text[cover.span[0]:].startswith("各县(市、区)人民政府")


def test_falls_back_to_paren_items_when_arabic_items_are_only_goals():
    text = "\n".join([
        "一、工作目标",
        "1.到2021年底，企业开办时间压缩至1个工作日。",
        "2.到2022年底，营商环境进入全省第一方阵。",
        "二、重点任务",
        "（一）深化商事制度改革。推行企业开办一网通办。（牵头领导：张三副区长；牵头单位：区市场监管局；责任单位：区税务局）",
        "（二）优化不动产登记。推行一窗受理，压缩登记时间，提高登记效率，实现当日办结。（责任单位：区不动产登记中心）",
        "三、保障措施",
        "（一）加强组织领导。",
    ])
    plan = run(text)
    assert [t.number for t in plan.tasks] == ["一", "二"]
    t1, t2 = plan.tasks
    assert mentions(t1.leads) == ["区市场监管局"] and mentions(t1.supports) == ["区税务局"]  # no 张三
    assert t1.text == "深化商事制度改革。推行企业开办一网通办。"
    assert mentions(t2.leads) == ["区不动产登记中心"] and not t2.lead_explicit


def test_prose_paragraphs_one_measure_each():
    text = "\n".join([
        "一、优化政务服务",
        "推进一网通办",
        "按照全市统一部署，加快平台建设，实现数据共享。",
        "加强审批服务标准化建设。推进同一事项要素统一，做到横向可比对。",
        "二、组织保障",
        "加强组织领导。成立领导小组，统筹推进。",
    ])
    plan = run(text)
    assert [t.text for t in plan.tasks] == [
        "推进一网通办按照全市统一部署，加快平台建设，实现数据共享。",
        "加强审批服务标准化建设。推进同一事项要素统一，做到横向可比对。",
    ]


def test_docx_vertically_merged_cells_repeat_number_and_heading():
    # the Word reader repeats the text of vertically merged cells on every row they span
    text = "\n".join([
        "（一）提高企业开办效率\t1．深化企业开办改革\t市市场监管局牵头，市公安局配合",
        "（一）提高企业开办效率\t1．推行电子营业执照\t市政务办",
        "（一）提高企业开办效率\t2．推广一城通办\t市市场监管局",
    ])
    plan = run(text)
    assert [t.number for t in plan.tasks] == ["1", "2"]
    t1 = plan.tasks[0]
    assert t1.text == "深化企业开办改革 推行电子营业执照"
    assert mentions(t1.leads) == ["市市场监管局"] and mentions(t1.supports) == ["市公安局", "市政务办"]
    assert [s.heading for s in plan.sections] == ["提高企业开办效率"]


def test_annex_rows_from_word_tables_with_trailing_cells_dropped():
    text = "\n".join([
        "一、打造便利的市场环境",
        "（一）深化商事制度改革（牵头单位：区市场监管局）",
        "1．优化开办企业服务。进一步放宽登记条件。简化住所登记要求。（责任单位：区市场监管局、区税务局）",
        "附件：任务分解表",
        "序号\t主要内容\t牵头单位\t责任单位\t备注",
        "1.优化开办企业服务",
        "\t进一步放宽登记条件。\t区市场监管局\t—",
        "\t简化住所登记要求。\t区市场监管局\t区税务局",
    ])
    plan = run(text)
    assert len(plan.tasks) == 1
    parts = plan.tasks[0].parts
    assert [p.text for p in parts] == ["进一步放宽登记条件。", "简化住所登记要求。"]
    assert [mentions(p.leads) for p in parts] == [["区市场监管局"], ["区市场监管局"]]
    assert [mentions(p.supports) for p in parts] == [[], ["区税务局"]]


def test_traditional_headings_get_their_kind():
    text = "一、總體要求\n1．堅持問題導向。\n二、重點任務\n1．推進甲。（牽頭單位：市發改委）\n2．推進乙。\n三、組織保障\n1．加強領導。\n"
    plan = run(text)
    assert [s.kind for s in plan.sections] == ["preamble", "tasks", "guarantee"]
    assert [t.text for t in plan.tasks] == ["推進甲。", "推進乙。"]
    assert mentions(plan.tasks[0].leads) == ["市發改委"]


def test_steps_chapter_is_not_a_task_list():
    text = "一、重点任务\n1．推进甲。\n2．推进乙。\n二、实施步骤\n1．动员部署阶段（2021年3月）。\n2．组织实施阶段。\n"
    plan = run(text)
    assert [t.text for t in plan.tasks] == ["推进甲。", "推进乙。"]
    assert plan.sections[1].kind == "other"


def test_number_gap_with_a_paragraph_break_gives_the_implied_task():
    text = "1.推进甲改革。实现甲目标。\n\n推进乙改革。实现乙目标。\n\n3.推进丙改革。\n\n4.推进丁改革。\n继续丁的工作。\n"
    plan = run(text)
    assert [(t.number, t.number_implied) for t in plan.tasks] == [
        ("1", False), ("2", True), ("3", False), ("4", False)]
    assert plan.tasks[1].text == "推进乙改革。实现乙目标。"
    assert plan.tasks[3].text == "推进丁改革。继续丁的工作。"


def test_annex_rows_without_numbers_match_tasks_by_text():
    text = "\n".join([
        "一、重点任务",
        "1.推进企业开办便利化改革，压缩开办时间。",
        "2.推进工程建设项目审批制度改革。",
        "附件：重点任务分工表",
        "任务\t牵头单位\t责任单位",
        "推进工程建设项目审批制度改革\t区住建委\t区规划局",
        "推进企业开办便利化改革\t区市场监管局\t—",
    ])
    plan = run(text)
    t1, t2 = plan.tasks
    assert mentions(t1.leads) == ["区市场监管局"] and mentions(t2.leads) == ["区住建委"]
    assert mentions(t2.supports) == ["区规划局"] and len(t1.parts) == len(t2.parts) == 1


def _pdf_like(text: str, width: int, spaces: float) -> str:
    """Wrap every line at ``width`` characters and sprinkle spaces after CJK characters."""
    import random

    rnd = random.Random(7)
    lines = []
    for line in text.split("\n"):
        while len(line) > width:
            lines.append(line[:width])
            line = line[width:]
        lines.append(line)
    return "".join(c + (" " if "\u4e00" <= c <= "\u9fff" and rnd.random() < spaces else "")
                   for c in "\n".join(lines))


def _signature(plan):
    return [(t.number, mentions(t.leads), mentions(t.supports), t.generic, t.deadline_text) for t in plan.tasks]


@pytest.mark.parametrize("name", ["ezhou-gedian-2021-implementation-plan.txt", "quzhou-2022-implementation-plan.txt",
                                  "chongqing-jiangbei-2021-implementation-plan.txt",
                                  "changzhou-2020-task-division.txt"])
@pytest.mark.parametrize("width", [25, 45])
def test_pdf_wrapping_and_spaces_do_not_change_tasks_or_units(name, width):
    clean = corpus(name)
    wrapped = run(_pdf_like(clean.text, width, 0.1))
    assert _signature(wrapped) == _signature(clean)


def test_district_prose_survives_pdf_wrapping():
    clean = corpus("district-2020-work-measures.txt")
    wrapped = run(_pdf_like(clean.text, 36, 0.1))
    assert [t.text[:10] for t in wrapped.tasks] == [t.text[:10] for t in clean.tasks]


def test_lead_marked_in_a_responsible_column():
    text = "序号\t工作任务\t责任单位\t完成时限\n" \
           "1\t全面推行企业开办“一网通办”\t市市场监管局（牵头），市税务局、市人社局\t2021年12月底前\n"
    t = run(text).tasks[0]
    assert mentions(t.leads) == ["市市场监管局"] and t.lead_explicit
    assert mentions(t.supports) == ["市税务局", "市人社局"] and t.deadline_text == "2021年12月底前"


def test_circled_numbers_and_inline_roles():
    text = "一、主要任务\n① 推进甲改革，提高效率（市发改委牵头）；\n② 推进乙改革（市财政局负责，2021年底前完成）；\n"
    t1, t2 = run(text).tasks
    assert (t1.number, t1.text, mentions(t1.leads)) == ("①", "推进甲改革，提高效率", ["市发改委"])
    assert mentions(t2.leads) == ["市财政局"] and t2.deadline_text == "2021年底前完成"


def test_flat_chinese_numbered_measures_with_units_are_tasks():
    text = "\n".join([
        "为优化营商环境，制定如下措施。",
        "一、深化商事制度改革。推行企业开办全程网办，压缩开办时间。（责任单位：区市场监管局）",
        "二、优化不动产登记。推行一窗受理，当日办结。（牵头单位：区自然资源局；责任单位：区税务局）",
        "三、加强组织领导。各单位要高度重视。",
    ])
    plan = run(text)
    assert [t.number for t in plan.tasks] == ["一", "二"]
    assert mentions(plan.tasks[1].leads) == ["区自然资源局"] and mentions(plan.tasks[1].supports) == ["区税务局"]


def test_flat_items_after_a_preamble_heading():
    text = "\n".join([
        "一、总体要求。坚持问题导向。",
        "二、深化商事制度改革。推行企业开办全程网办。（责任单位：区市场监管局）",
        "三、优化不动产登记。推行一窗受理。（责任单位：区自然资源局）",
    ])
    plan = run(text)
    assert [t.number for t in plan.tasks] == ["二", "三"]
    assert plan.tasks[0].section == []


# "(一)完善组织保障机制" under a task chapter is a measure group, whether the chapter is named
# "工作任务" or for its theme (numbering restarting, units on each item); the guarantee chapter
# that follows ("三、组织保障", "二、保障措施") and its sub-sections stay guarantees
GUARANTEE_TITLED_GROUPS = {
    "named task chapter": ("工作任务", "组织保障", [
        "一、目标要求",
        "到年底营商环境明显改善。",
        "二、工作任务",
        "(一)完善组织保障机制。",
        "1.完善知识产权服务。设立业务受理窗口。",
        "2.发布审批服务工作规程。编制办事指南。",
        "(二)精简下放行政许可事项。",
        "3.持续创新获得信贷方式。深化平台建设。",
        "三、组织保障",
        "(一)加强组织领导。",
        "1.成立领导小组。统筹推进。",
    ]),
    "themed chapter": ("营造更贴心的政务服务环境", "保障措施", [
        "一、营造更贴心的政务服务环境",
        "(一)完善组织保障机制",
        "1.建立劳动力市场监管制度体系。(牵头单位:区人社局;完成时限:长期推进)",
        "2.搭建就业信息化管理平台。(牵头单位:区人社局;责任单位:区社保局)",
        "(二)持续提升不动产登记便利度",
        "3.加强不动产登记信息管理运用。(牵头单位:区自然资源局)",
        "二、保障措施",
        "(一)加强组织领导",
        "1.成立领导小组。(牵头单位:区政府办)",
    ]),
    "only group of its chapter, with its own lead unit": ("营造更安心的市场法治环境", "加强优化营商环境实施保障", [
        "一、营造更安心的市场法治环境",
        "(一)完善组织保障机制(牵头单位:区组织人社局)",
        "1.建立劳动力市场监管制度体系。",
        "2.搭建就业信息化管理平台。",
        "二、切实加强项目要素保障",
        "(一)推动政务服务更加智慧便捷(牵头单位:区政务服务局)",
        "3.加强不动产登记信息管理运用。",
        "三、加强优化营商环境实施保障",
        "(一)加强组织领导",
        "1.成立领导小组。",
    ]),
    "numbering running on across themed chapters": ("营造更安心的市场法治环境", "保障措施", [
        "一、营造更安心的市场法治环境",
        "(一)完善组织保障机制",
        "1.建立劳动力市场监管制度体系。(牵头单位:区人社局)",
        "2.搭建就业信息化管理平台。(牵头单位:区人社局)",
        "二、营造开放便利的投资贸易环境",
        "(二)强化包容普惠创新",
        "3.加强不动产登记信息管理运用。(牵头单位:区自然资源局)",
        "三、保障措施",
        "(一)加强组织领导",
        "1.成立领导小组。",
    ]),
}


@pytest.mark.parametrize("case", GUARANTEE_TITLED_GROUPS)
def test_guarantee_titled_subsection_of_a_task_chapter_holds_tasks(case):
    chapter, guarantee, lines = GUARANTEE_TITLED_GROUPS[case]
    plan = run("\n".join(lines))
    assert [t.number for t in plan.tasks] == ["1", "2", "3"]
    assert plan.tasks[0].section == [chapter, "完善组织保障机制"]
    kinds = [(s.heading, s.kind) for s in plan.sections]
    assert ("完善组织保障机制", "tasks") in kinds
    assert (guarantee, "guarantee") in kinds and ("加强组织领导", "guarantee") in kinds


# a guarantee-titled group that closes the plan or its chapter stays a guarantee, whatever the chapter's
# title: last in the plan, or followed only by other guarantee-titled groups; numbered measures in it
# restart at 1 and are not tasks
GUARANTEES_CLOSING = {
    "last group of the last themed chapter": (["强化组织保障"], [
        "一、打造高效便捷的政务服务环境",
        "(一)深化“一网通办”改革",
        "1.推进政务服务事项全程网办。(牵头单位:市政务服务局)",
        "2.推行电子证照应用。(牵头单位:市大数据局)",
        "二、打造公平公正的法治环境",
        "(二)加强产权保护",
        "3.依法保护民营企业产权。(牵头单位:市法院)",
        "(三)强化组织保障",
        "1.加强组织领导。成立市优化营商环境工作领导小组。",
        "2.强化督查考核。将优化营商环境工作纳入年度绩效考核。",
    ]),
    "closing chapter under a title no table lists": (["加强组织领导", "强化督查考核"], [
        "一、总体要求",
        "以习近平新时代中国特色社会主义思想为指导。",
        "二、重点任务",
        "(一)提升政务服务效能",
        "1.推进政务服务事项全程网办。(牵头单位:市政务服务局)",
        "2.推行电子证照应用。(牵头单位:市大数据局)",
        "(二)优化市场准入",
        "3.深化商事制度改革。(牵头单位:市市场监管局)",
        "三、压实工作责任",
        "(一)加强组织领导",
        "1.成立市优化营商环境工作领导小组。",
        "2.建立部门联席会议制度。",
        "(二)强化督查考核",
        "3.将优化营商环境工作纳入年度绩效考核。",
    ]),
    "closing chapter titled for carrying the plan out": (["抓好贯彻落实", "加强组织领导", "强化督查考核"], [
        "一、营造便利的政务环境",
        "(一)深化商事制度改革",
        "1.推行企业开办全程网办。(牵头单位:区市场监管局)",
        "2.推进证照分离改革。(牵头单位:区市场监管局)",
        "3.推进涉企经营许可事项改革。(牵头单位:区市场监管局)",
        "二、抓好贯彻落实",
        "(一)加强组织领导",
        "1.成立区优化营商环境工作领导小组,统筹推进各项工作。",
        "(二)强化督查考核",
        "2.将优化营商环境工作纳入年度绩效考核。",
    ]),
}


@pytest.mark.parametrize("case", GUARANTEES_CLOSING)
def test_guarantee_titled_group_closing_the_plan_stays_a_guarantee(case):
    headings, lines = GUARANTEES_CLOSING[case]
    plan = run("\n".join(lines))
    assert [t.number for t in plan.tasks] == ["1", "2", "3"]
    assert all("保障" not in t.text and "领导小组" not in t.text and "考核" not in t.text for t in plan.tasks)
    kinds = dict((s.heading, s.kind) for s in plan.sections)
    assert [kinds[h] for h in headings] == ["guarantee"] * len(headings)


def test_annex_text_cell_naming_a_platform_is_a_part_not_a_unit():
    # "开发…服务平台。" in the 主要内容 column reads like a unit name, but its column makes it a part
    text = "\n".join([
        "一、打造便利的市场环境",
        "（一）简化企业注销手续（牵头单位：区农业农村委）",
        "1．拓展不动产“一网码上办”。推广电子证书社会应用。开发不动产权籍在线服务平台。（责任单位：区应急局）",
        "附件：任务分解表",
        "序号\t主要内容\t牵头单位\t责任单位\t备注",
        "1.拓展不动产“一网码上办”",
        "\t推广电子证书社会应用。\t区农业农村委\t区应急局",
        "\t开发不动产权籍在线服务平台。\t\t区应急局",
    ])
    plan = run(text)
    assert len(plan.tasks) == 1
    parts = plan.tasks[0].parts
    assert [p.text for p in parts] == ["推广电子证书社会应用。", "开发不动产权籍在线服务平台。"]
    assert [mentions(p.leads) for p in parts] == [["区农业农村委"], ["区农业农村委"]]  # merged lead cell
    assert [mentions(p.supports) for p in parts] == [["区应急局"], ["区应急局"]]


def test_prose_short_headline_opening_with_yituo_is_a_measure():
    # "依托信用建设加强金融产品创新。" heads a measure (Jiangbei task 10); a longer 依托 sentence elaborates
    text = "\n".join([
        "一、营造更加公正的信用法治环境。加快完善信用联合奖惩机制。推动联合奖惩系统嵌入政务服务平台，确保工作落地生效。"
        "依托信用建设加强金融产品创新。积极配合市级部门推动信用贷款，扩大企业融资渠道。"
        "打破针对民间投资的隐性门槛。依托在线平台推介发布一批吸引民间资本投资的重点项目。推动一批重点项目加快落地见效，形成示范带动效应。",
    ])
    plan = run(text)
    heads = [t.text.split("。")[0] for t in plan.tasks]
    assert heads == ["加快完善信用联合奖惩机制", "依托信用建设加强金融产品创新", "打破针对民间投资的隐性门槛"]
    assert plan.tasks[2].text.endswith("依托在线平台推介发布一批吸引民间资本投资的重点项目。推动一批重点项目加快落地见效，形成示范带动效应。")


@pytest.mark.parametrize("text", ["第三章 优化服务", "第2部分", "十二、优化", "三.推进", "(四)提升", "(十二) 加强",
                                  "12.推行", "3、深化", "7)完善", "(3)实现", "②落实", "㉒建立", "第十条 本办法",
                                  "2.3 推行", "１．全角数字", "٣.其他文字的数字"])
def test_marker_openers_admit_every_marker(text):
    """_item_marker tries only the markers whose first character opens the text: each marker
    that matches must have that character among its openers."""
    from graphkit.loaders.layout import LEVEL_ORDER, MARKER_OPENERS, MARKERS

    matching = [n for n in LEVEL_ORDER if MARKERS[n].match(text)]
    assert matching or text.startswith(("１", "٣"))  # the samples are markers (but those two digits)
    for name in matching:
        assert MARKER_OPENERS[name].match(text[0]), name


def test_without_non_word_removes_what_the_regex_removes():
    """The annex keys' str.replace path gives NON_WORD.sub's result, "_" and rare punctuation included."""
    from graphkit.loaders.normalise import normalise
    from graphkit.loaders.structure import NON_WORD, _without_non_word

    corpus = Path(__file__).resolve().parent.parent / "examples" / "corpus"
    texts = ["", "，。", "a_b,c", "推进“一网通办”(2022年)。", "①办理时限≤3日", "市发改委~市财政局", "a\x00b—c"]
    for path in sorted(corpus.glob("*.txt")):
        texts += normalise(path.read_text(encoding="utf-8")).text.split("\n")
    # all at once (as _task_keys asks), one at a time, none; a NUL in a text is removed like the rest
    assert _without_non_word(texts) == [NON_WORD.sub("", text) for text in texts]
    for text in texts:
        assert _without_non_word([text]) == [NON_WORD.sub("", text)], text
    assert _without_non_word([]) == []


# ---------------------------------------------------------------------------- "列第一位的为牵头单位"

def test_every_first_listed_note_holds_a_hint_word():
    """The hint words let plans without them go unsearched: each alternative of the note's
    first group (where every match starts) must hold one."""
    from graphkit.loaders.units import vocab

    v = vocab()
    group = re.match(r"\(\?:([^()]*)\)", v["first_listed_lead_note"])
    assert group, "the note opens with a (?:…|…) group"
    for alternative in group.group(1).split("|"):
        assert any(h in alternative for h in v["first_listed_lead_hints"]), alternative


@pytest.mark.parametrize("text", [
    "各项任务中列第一位的为牵头单位。", "排名第一的单位为牵头单位", "首位是牵头部门", "排序第一为牵头单位",
    "第一个单位为牵头部门", "第一批任务由市发改委牵头", "第一位为牵头", "", "列首位", "牵头单位:市发改委",
    *(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))),
    (CORPUS.parent.parent / "tests" / "fixtures" / "layouts" / "first_listed_leads.txt").read_text(encoding="utf-8"),
])
def test_first_listed_note_search_agrees_with_the_regex(text):
    from graphkit.loaders.normalise import normalise
    from graphkit.loaders.structure import _notes_first_listed_lead
    from graphkit.loaders.units import vocab

    for t in (text, normalise(text).text):
        assert _notes_first_listed_lead(t) == bool(re.search(vocab()["first_listed_lead_note"], t))

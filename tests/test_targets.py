"""Targets: value, unit, comparator, normalised subject, span."""

import pytest

from entities_corpus import changzhou, jiangbei, plan_for, quzhou, task
from graphkit.loaders.entities import enrich
from graphkit.model import Task


def targets(text: str):
    plan = plan_for(text, "t.txt", year=2021)
    plan.tasks.append(Task(id="t", number="1", number_implied=False, section=[], text=text, span=(0, len(text))))
    enrich(plan)
    for t in plan.tasks[0].targets:
        assert plan.text[t.span[0]:t.span[1]] == t.text
    return [(t.value, t.unit, t.comparator, t.subject) for t in plan.tasks[0].targets]


def test_changzhou_task_1():
    plan = changzhou()
    enrich(plan)
    got = [(t.text, t.value, t.unit, t.comparator, t.subject) for t in task(plan, "1").targets]
    assert got == [
        ("3个工作日完成", 3.0, "工作日", "<=", "企业开办时间"),
        ("1.5个工作日办结", 1.5, "工作日", "<=", "企业设立登记时间"),
        ("0.5个工作日办结", 0.5, "工作日", "<=", "税务开户时间"),
    ]


@pytest.mark.parametrize("text,expected", [
    ("企业开办时间压缩至0.5个工作日。", (0.5, "工作日", "<=", "企业开办时间")),
    ("“一网通办”率达到95%以上。", (95.0, "%", ">=", "网办率")),
    ("低压小微用户用电报装不超过8天。", (8.0, "天", "<=", "办电时间")),
    ("申请材料减少50%。", (50.0, "%", "reduce_by", "申请材料精简比例")),
    ("实现企业和群众到政府办事提供的材料减少60%以上。", (60.0, "%", "reduce_by", "申请材料精简比例")),  # district
    ("一般不动产登记90分钟办结。", (90.0, "分钟", "<=", "不动产登记时间")),
    ("全程电子化率不低于99%。", (99.0, "%", ">=", "电子化率")),
    ("出口退税办理时间控制在3个工作日以内。", (3.0, "工作日", "<=", "出口退税时间")),
    ("用电报装时间提高40%以上。", (40.0, "%", "increase_by", "办电时间")),
    ("力争到2022年底亩均税收超过20万元。", (20.0, "万元", ">=", "亩均税收")),
    ("全区用户平均停电时间再压减20%。", (20.0, "%", "reduce_by", "用户平均停电时间")),  # Gedian task 6
    ("平均办理时间分别压减50%。", (50.0, "%", "reduce_by", "平均办理时间")),
    ("依申请类事项实际办理时间比法定时限平均减少80%以上。", (80.0, "%", "reduce_by", "依申请类事项实际办理时间")),
    # a rate in the clause is not the duration its keyword ("办电") stands for (Quzhou task 8)
    ("实现办电业务处理效率平均提高40%以上。", (40.0, "%", "increase_by", "办电业务处理效率")),
    ("政府采购单位合同履行率达到100%。", (100.0, "%", ">=", "政府采购单位合同履行率")),
    # "最长" is how far, not what (Changzhou task 16)
    ("需办理行政审批事项的最长不超过35个工作日。", (35.0, "工作日", "<=", "需办理行政审批事项")),
    # a count after a bare verb: what follows the number is what is counted (Quzhou task 3)
    ("参与1个以上国标起草。", (1.0, "个", ">=", "国标起草")),
    ("打造20个以上电子营业执照应用场景。", (20.0, "个", ">=", "电子营业执照应用场景")),
    # nothing before the figure in its clause: what follows it (Gedian task 37), not a keyword further back
    ("实现全部“掌上办”，优化报税后服务，1个工作日内办结企业错报事项。", (1.0, "工作日", "<=", "企业错报事项")),
    # figures listed before the one with the unit share its clause (Gedian task 16)
    ("一般工业类投资建设项目等5类工程项目的审批时间分别压缩至30、45、40、35、30 个工作日以内。", (30.0, "工作日", "<=", "审批时间")),
    # a named measure is not cut to 14 characters (Quzhou task 5: was "设市场主体…")
    ("新设市场主体电子营业执照下载率达到95%以上。", (95.0, "%", ">=", "新设市场主体电子营业执照下载率")),
    # the "、" inside a reform's name does not open a clause (Quzhou: was "一公开监管任务占比")
    ("跨部门联合“双随机、一公开”监管任务占比达到25%。", (25.0, "%", ">=", "双随机、一公开监管任务占比")),
    # a time whose clause names no measure is the duration an earlier clause names (Changzhou task 55: was
    # "需增设管线并办理行政审批事项", for water and for gas alike)
    ("在用水接入上实现无需增设管线且具备施工条件的5个工作日，需增设管线并办理行政审批事项的最长不超过35个工作日完成装表接入。",
     (35.0, "工作日", "<=", "用水报装时间")),
    ("在燃气接入上实现无需增设管线的5个工作日，需增设管线并办理行政审批事项的最长不超过40个工作日完成装表接入。",
     (40.0, "工作日", "<=", "用气报装时间")),
    # … or, with no keyword, the duration the clause before names (Ezhou task 26: was the clause's place)
    ("压缩企业清算公告时间，在国家企业信用信息公示平台公告20天以内。", (20.0, "天", "<=", "企业清算公告时间")),
    # how often, then what is counted (Changzhou task 62: was "超长期案件实行每季度")
    ("健全超长期案件跟踪督办机制，对超长期案件实行每季度不少于一次的定期清理。", (1.0, "次", ">=", "超长期案件定期清理")),
    ("每年开展不少于2次的企业相关业务培训。", (2.0, "次", ">=", "企业相关业务培训")),
    # paying within N days of the invoice is the procurement payment time (Quzhou: was the whole clause)
    ("采购单位原则上应在收到发票后5个工作日内按程序办理支付手续。", (5.0, "工作日", "<=", "政府采购付款时间")),
    # … and signing the contract within N days of the award is another measure (Chongqing task 13: was 付款时间)
    ("规范签约等待时间，采购单位原则上应在中标（成交）通知书发出之日起20日内和中标（成交）供应商签订政府采购合同。",
     (20.0, "日", "<=", "政府采购合同签订时间")),
    # 好差评 is the rating system, not its good-rating share (Ezhou tasks 36 and 52: were 好评率)
    ("完善政务服务“好差评”机制，实现“好差评”覆盖率100%。", (100.0, "%", "=", "好差评覆盖率")),
    ("实现“好差评”实名差评回访整改率达到100%。", (100.0, "%", ">=", "实名差评回访整改率")),
    # a rate keyword names no count: the clause does (Ezhou task 12: was 申请材料精简比例), a share keeps it
    ("申请材料不超过8件。", (8.0, "件", "<=", "申请材料")),
    ("申请材料减少60%以上。", (60.0, "%", "reduce_by", "申请材料精简比例")),
    # a count with only a verb in its clause counts what the clause before brings out (Chongqing task 24: was None)
    ("做实“一件事一次办”，加快推出更多“一件事一次办”套餐，力争达到300件以上。", (300.0, "件", ">=", "一件事一次办套餐")),
    ("打造一批特色产业园区，力争达到10个以上。", (10.0, "个", ">=", "特色产业园区")),
    # … only when that clause brings something out: otherwise an honest "unknown"
    ("完善相关制度，力争达到10个以上。", (10.0, "个", ">=", None)),
])
def test_forms(text, expected):
    assert targets(text) == [expected]


def test_a_bare_level_in_a_list_shares_the_noun_of_the_next_level():
    # Quzhou task 3: the provincial standards were "省级"
    assert targets("参与1个以上国标起草,力争参与1个以上省级、主导2个以上市级地方标准制定。") == [
        (1.0, "个", ">=", "国标起草"), (1.0, "个", ">=", "省级地方标准制定"), (2.0, "个", ">=", "市级地方标准制定")]
    # not across a sentence end
    assert targets("参与1个以上省级。主导2个以上市级地方标准制定。")[0] == (1.0, "个", ">=", "省级")


def test_a_bare_second_figure_measures_what_the_first_did():
    # Gedian task 6: the hours restate the outage time; a new sentence does not inherit it
    assert targets("全区用户平均停电时间再压减20%，不超过8.5小时。") == [
        (20.0, "%", "reduce_by", "用户平均停电时间"), (8.5, "小时", "<=", "用户平均停电时间")]
    assert targets("全区用户平均停电时间再压减20%。不超过8.5小时。")[1] == (8.5, "小时", "<=", None)


@pytest.mark.parametrize("text", ["2021年3月31日前完成", "建设一个终端、一个平台", "完成8项对接任务",
                                  "第3个工作日", "2020年"])
def test_not_targets(text):
    assert targets(text) == []


def test_same_subject_compares_across_cities():
    cz, jb = changzhou(), jiangbei()
    enrich(cz)
    enrich(jb)
    assert [t.subject for t in task(cz, "5").targets] == ["不动产登记时间"]
    jb30 = [(t.value, t.unit, t.subject) for t in task(jb, "30").targets]
    assert jb30 == [(90.0, "分钟", "不动产登记时间")]


def test_quzhou_net_handling_rate():
    plan = quzhou()
    enrich(plan)
    rates = [(t.value, t.comparator) for t in plan.tasks for t in t.targets if t.subject == "网办率"]
    assert (95.0, ">=") in rates


from hypothesis import given, settings, strategies as st  # noqa: E402


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="0123456789.%个工作日天小时分钟内以上不超过达到压缩至减少提高率时间企业开办“”「」 \n，。",
               max_size=60))
def test_spans_always_point_at_their_text(text):
    plan = plan_for("序\n" + text, "t.txt", year=2021)
    plan.tasks.append(Task(id="t", number="1", number_implied=False, section=[], text=text,
                           span=(2, 2 + len(text))))
    enrich(plan)
    for t in plan.tasks[0].targets:
        assert plan.text[t.span[0]:t.span[1]] == t.text and t.text.strip()
        assert t.comparator in ("<=", ">=", "=", "reduce_by", "increase_by")
    for r in plan.tasks[0].reforms:
        assert plan.text[r.span[0]:r.span[1]] == r.mention


def _keyword_by_scan(window, subjects):
    """The plain definition: every keyword, longest first; the one ending last wins."""
    best, best_end = None, -1
    for keyword, subject in subjects:
        pos = window.rfind(keyword)
        if pos >= 0 and pos + len(keyword) > best_end:
            best, best_end = subject, pos + len(keyword)
    return best


def test_keyword_index_agrees_with_a_scan_of_every_keyword():
    from pathlib import Path

    from graphkit.loaders.entities.tables import EntityTables, load_tables
    from graphkit.loaders.entities.targets import _keyword

    tables = load_tables()
    corpus = Path(__file__).resolve().parent.parent / "examples" / "corpus"
    found = 0
    for path in sorted(corpus.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for i in range(0, len(text), 5):
            window = text[i:i + 3 + i % 23]
            expected = _keyword_by_scan(window, tables.subjects)
            assert _keyword(window, tables) == expected, window
            found += expected is not None
    assert found > 100
    # ties go to the longer keyword; a table changed in place is re-indexed
    small = EntityTables(subjects=[("办理时间", "办理时间"), ("时间", "时间")])
    assert _keyword("压缩办理时间", small) == "办理时间"
    small.subjects.append(("压缩", "压缩幅度"))
    assert _keyword("办理时间压缩", small) == "压缩幅度"


def test_target_pattern_matches_as_written_with_the_plain_number_pattern():
    import random
    import re

    from graphkit.loaders.entities import targets as t

    plain = re.compile(t.TARGET.pattern.replace(t._NUM_FAST, t._NUM))
    assert plain.pattern != t.TARGET.pattern
    assert [m["num"] for m in t.TARGET.finditer("压缩至0.5个工作日，减少三十项，第2021号")] == ["0.5", "三十"]
    pieces = list("0123456789.一二两三四五六七八九十百半个工作日天小时%项家件次元万亿以内之上下及办结完成月年第x")
    rnd = random.Random(3)
    for _ in range(5000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 20)))
        assert [(m.span(), m.span("num"), m.groupdict()) for m in t.TARGET.finditer(text)] == [
            (m.span(), m.span("num"), m.groupdict()) for m in plain.finditer(text)], text


def test_a_figure_in_brackets_after_a_target_qualifies_its_measure():
    """"(中小企业不低于50%)" states the same measure for a part of it (Quzhou: the subject was "中小企业");
    a bracket that names its own measure keeps it."""
    assert targets("推动实现预付款支付比例不低于30%（中小企业不低于50%），减轻中标企业资金压力。") == [
        (30.0, "%", ">=", "预付款支付比例"), (50.0, "%", ">=", "预付款支付比例")]
    assert targets("审批时间压缩至20个工作日（网办率达到90%）。") == [
        (20.0, "工作日", "<=", "审批时间"), (90.0, "%", ">=", "网办率")]

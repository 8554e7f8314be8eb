"""Reform detection: lexicon spellings, quote styles, traditional characters, boundaries, spans."""

import pytest

from entities_corpus import changzhou, gedian, jiangbei, plan_for, task
from graphkit.loaders.entities import enrich, load_tables
from graphkit.model import Task


def one_task(text: str, **meta):
    plan = plan_for("前言\n" + text + "\n", "t.txt", **meta)
    plan.tasks.append(Task(id="t1", number="1", number_implied=False, section=[], text=text,
                           span=(3, 3 + len(text))))
    return plan


def names(text: str, tables=None) -> list[str]:
    plan = one_task(text)
    enrich(plan, tables)
    return [r.name for r in plan.tasks[0].reforms]


def test_changzhou_task_3():
    plan = changzhou()
    enrich(plan)
    t3 = task(plan, "3")
    assert [r.name for r in t3.reforms] == ["证照分离", "照后减证"]
    for r in t3.reforms:
        assert plan.text[r.span[0]:r.span[1]] == r.mention
        assert t3.span[0] <= r.span[0] < r.span[1] <= t3.span[1]
    assert t3.reforms[0].category == "商事制度"


def test_standard_address_is_not_standard_land():
    assert names("建立标准地址库，规范门牌。") == []
    assert names("推行工业项目“标准地”出让。") == ["标准地"]


@pytest.mark.parametrize("text", ["深化“证照分离”改革", "深化「证照分离」改革", "深化\"证照分离\"改革",
                                  "深化'证照分离'改革", "深化『證照分離』改革", "深化证 照分离改革"])
def test_quote_styles_traditional_and_spaces(text):
    assert names(text) == ["证照分离"]


@pytest.mark.parametrize("text", ["推进“双随机、一公开”监管", "推进双随机一公开监管", "推进“双随机”“一公开”监管",
                                  "推进双随机 一公开监管", "推行「雙隨機、一公開」"])
def test_double_random_variants_are_one_reform(text):
    assert names(text) == ["双随机、一公开"]


def test_deduplicated_per_task_first_mention_kept():
    plan = one_task("推进“一网通办”。完善一网通办平台，实现“一网通办”率提高。")
    enrich(plan)
    assert [(r.name, r.span) for r in plan.tasks[0].reforms] == [("一网通办", (6, 10))]


def test_longest_match_wins():
    assert names("全面推行证明事项告知承诺制") == ["证明事项告知承诺制"]
    assert names("推进“一件事一次办”") == ["一件事一次办"]
    assert names("实行住所申报承诺制") == ["承诺制"]


def test_plan_wide_examples():
    jb = jiangbei()
    enrich(jb)
    assert {r.name for r in task(jb, "4").reforms} >= {"证照分离", "多证合一", "一企一证"}
    assert {r.name for r in task(jb, "30").reforms} >= {"跨省通办", "证明事项告知承诺制", "最多跑一次"}
    gd = gedian()
    enrich(gd)
    t41 = task(gd, "41")  # "一 网通办", "不见面 审批" carry PDF spaces
    assert {"一网通办", "不见面审批"} <= {r.name for r in t41.reforms}
    r = next(r for r in t41.reforms if r.name == "一网通办")
    assert gd.text[r.span[0]:r.span[1]] == r.mention == "一 网通办"


def test_user_lexicon_extends_shipped(tmp_path):
    f = tmp_path / "r.tsv"
    f.write_text("name\taliases\tcategory\tgloss\n银税互动升级\t银税互动2.0\t融资\t测试\n", encoding="utf-8")
    tables = load_tables(None, f)
    assert names("推进“银税互动2.0”和证照分离", tables) == ["银税互动升级", "证照分离"]


def test_spacy_pipeline_labels_spans_on_a_doc():
    from graphkit.loaders.entities.pipeline import make_docs, nlp_for, original_span

    nlp = nlp_for()
    assert nlp.lang == "zh" and nlp.pipe_names == ["gk_agencies", "gk_reforms", "gk_deadlines", "gk_targets",
                                                   "gk_ents"]
    text = "由市 市场监管局牵头，深化「證照分離」改革，2021年6月底前企业开办时间压缩至1个工作日。"
    (doc,) = make_docs(nlp, [text], 2021)
    got = {(e.label_, text[slice(*original_span(doc, e.start_char, e.end_char))], e.kb_id_) for e in doc.ents}
    assert got == {("AGENCY", "市 市场监管局", "市场监督管理局"), ("REFORM", "證照分離", "证照分离"),
                   ("DEADLINE", "2021年6月底前", "2021-06-30"), ("TARGET", "压缩至1个工作日", "企业开办时间")}


def test_boundaries_are_data(tmp_path):
    f = tmp_path / "r.tsv"
    f.write_text("一站式\t\t政务服务\t一个地点办完\t服务中心|服务大厅\t\n", encoding="utf-8")
    tables = load_tables(None, f)
    assert names("推行“一站式”服务", tables) == ["一站式"]
    assert names("建设一站式服务中心", tables) == []  # blocked by the user's continuation list


def test_malformed_user_lexicon_names_file_and_line(tmp_path):
    from graphkit.errors import DataFileError

    f = tmp_path / "bad.tsv"
    f.write_text("# header comment\n好办\t|“ ”|\t政务服务\n", encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        load_tables(None, f)
    assert err.value.line == 2 and str(f) in str(err.value)


def test_plan_doc_keeps_every_rule_within_its_task():
    from graphkit.loaders.entities.pipeline import make_docs, nlp_for, plan_doc
    from graphkit.loaders.entities.text import compact

    nlp = nlp_for()
    # joined without a boundary these read: target subject 企业开办时间 from the task before, the deadline
    # "2021年6月底前" and the reform 证照分离 across two tasks
    texts = ["深化企业开办", "压缩至1个工作日，2021年6月底", "前完成证照", "分离和“一网通办”"]
    flats = [compact(t)[0] for t in texts]
    doc = plan_doc(nlp, flats, 2021)
    assert doc.user_data["segments"] == [(0, 6), (7, 24), (25, 30), (31, 38)]

    def per_task(d, shift=0):
        return sorted((label, s.start_char - shift, s.end_char - shift, s.kb_id_)
                      for label in ("REFORM", "DEADLINE", "TARGET") for s in d.spans[label])

    got = [sorted(x for x in per_task(doc, start) if 0 <= x[1] and x[2] <= end - start)
           for start, end in doc.user_data["segments"]]
    assert sum(map(len, got)) == len(per_task(doc))  # no span crosses a task boundary
    assert got == [[], [("DEADLINE", 9, 17, "2021-06-30"), ("TARGET", 0, 8, "")], [], [("REFORM", 3, 7, "一网通办")]]
    assert got == [per_task(d) for d in make_docs(nlp, flats, 2021)]


def test_compacted_agrees_with_compact_on_changing_dropped_and_astral_characters():
    import random
    from bisect import bisect_left

    from graphkit.loaders.entities.text import DROP, Compacted, compact

    # ｢ normalises to 「 (dropped); ． and ０ to ASCII (kept); 國 to 国; astral characters stay as written
    alphabet = list("证照分离一网通办|") + sorted(DROP) + ["｢", "｣", "．", "０", "國", "們", "\U0001F600", "\U00020000"]
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 25)))
        flat, offsets = compact(text)
        c = Compacted(text)
        assert c.flat == flat, text
        assert [c.offset(i) for i in range(len(flat))] == offsets, text
        assert [c.index(x) for x in range(len(text) + 1)] == [bisect_left(offsets, x) for x in range(len(text) + 1)]
    assert Compacted("「證照 分離」").flat == "证照分离"
    assert Compacted("「證照 分離」").offset(2) == 4  # 分 after the space


def test_reform_index_finds_every_occurrence_of_every_spelling():
    from pathlib import Path

    from graphkit.loaders.entities.scan import reform_index
    from graphkit.loaders.entities.text import compact

    tables = load_tables()
    spellings = {(compact(v)[0], e.name) for e in tables.reforms.values() for v in e.variants}
    corpus = Path(__file__).resolve().parent.parent / "examples" / "corpus"
    found = 0
    for path in sorted(corpus.glob("*.txt")):
        flat = compact(path.read_text(encoding="utf-8"))[0]
        expected = sorted((i, i + len(s), name) for s, name in spellings
                          for i in range(len(flat)) if flat.startswith(s, i))
        got = reform_index(tables).matches(flat)
        assert sorted(got) == expected and len(got) == len(set(got))
        found += len(got)
    assert found > 100

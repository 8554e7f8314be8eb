"""Agency identities: jurisdiction + canonical name, kinds, branches, unknowns, user tables."""

import pytest

from entities_corpus import changzhou, gedian, jiangbei, task
from graphkit.errors import DataFileError
from graphkit.loaders.entities import enrich, load_tables
from graphkit.loaders.entities.agencies import resolve
from graphkit.model import PlanMeta

T = load_tables()
CZ = PlanMeta(id="p", source="cz", city="常州市", level="city", year=2020)
JB = PlanMeta(id="p", source="jb", city="重庆市", district="江北区", level="district", year=2021)
GD = PlanMeta(id="p", source="gd", city="鄂州市", district="葛店开发区", level="zone", year=2021)
NOWHERE = PlanMeta(id="p", source="x")


def test_inherited_city_prefix_changzhou_task_11():
    plan = changzhou()
    enrich(plan)
    leads = task(plan, "11").leads
    assert [(u.name, u.jurisdiction, u.kind) for u in leads] == [
        ("常州市发展和改革委员会", "常州市", "发展改革"),
        ("常州市商务局", "常州市", "商务"),
    ]
    assert leads[0].agency_id == "常州市/发展和改革委员会"


def test_district_prefix_uses_district():
    a = resolve("市场监管局", "区", JB, T)
    assert (a.name, a.jurisdiction, a.kind) == ("江北区市场监督管理局", "江北区", "市场监管")
    b = resolve("区市场监管局", None, JB, T)  # level word written into the mention
    assert b.agency_id == a.agency_id


def test_city_prefix_in_district_plan_is_the_city():
    a = resolve("市场监管局", "市", JB, T)
    assert (a.name, a.jurisdiction) == ("重庆市市场监督管理局", "重庆市")
    assert a.agency_id != resolve("市场监管局", "区", JB, T).agency_id


def test_unknown_jurisdiction_keeps_level_word():
    a = resolve("市场监管局", "区", NOWHERE, T)
    assert (a.name, a.jurisdiction, a.agency_id) == ("区市场监督管理局", None, "?/区市场监督管理局")


@pytest.mark.parametrize("spelling", ["发改委", "发展和改革委员会", "发展改革委", "發改委", "发 改 委"])
def test_abbreviations_and_full_names_resolve_together(spelling):
    assert resolve(spelling, "市", CZ, T).name == "常州市发展和改革委员会"


@pytest.mark.parametrize("short,full", [("市场监管局", "市场监督管理局"), ("人社局", "人力资源和社会保障局"),
                                        ("住建局", "住房和城乡建设局"), ("政务办", "政务服务办")])
def test_more_aliases(short, full):
    assert resolve(short, "市", CZ, T).agency_id == resolve(full, "市", CZ, T).agency_id


def test_branches_keep_identity_share_kind():
    branch = resolve("市场监管分局", None, GD, T)
    bureau = resolve("市场监管局", None, GD, T)
    assert branch.name == "葛店开发区市场监督管理分局"
    assert branch.agency_id != bureau.agency_id and branch.kind == bureau.kind == "市场监管"
    assert resolve("自然资源和规划分局", None, GD, T).kind == "自然资源和规划"


@pytest.mark.parametrize("mention,prefix,meta,name,jurisdiction,kind", [
    ("人民银行常州市支行", "市", CZ, "人民银行常州市支行", "常州市", "人民银行"),
    ("常州海关", None, CZ, "常州海关", "常州市", "海关"),
    ("常州供电公司", "市", CZ, "常州供电公司", "常州市", "供电"),
    ("常州银保监分局", None, CZ, "常州银保监分局", "常州市", "银保监"),
    ("供电公司", "区", GD, "葛店开发区供电公司", "葛店开发区", "供电"),
    ("经发局", None, GD, "葛店开发区经济发展局", "葛店开发区", "发展改革"),
    ("招商局", None, GD, "葛店开发区招商局", "葛店开发区", "商务"),
    ("财金 局", None, GD, "葛店开发区财政金融局", "葛店开发区", "财政"),
    ("中级人民法院", "市", CZ, "常州市中级人民法院", "常州市", "法院"),
    ("国网市北供电公司", "区", JB, "国网市北供电公司", "江北区", "供电"),
    ("委组织部", "区", JB, "江北区委组织部", "江北区", "党委部门"),
    ("住建局等", None, GD, "葛店开发区住房和城乡建设局", "葛店开发区", "住房城乡建设"),
])
def test_corpus_mentions(mention, prefix, meta, name, jurisdiction, kind):
    a = resolve(mention, prefix, meta, T)
    assert (a.name, a.jurisdiction, a.kind) == (name, jurisdiction, kind)


@pytest.mark.parametrize("mention,prefix,meta,name", [
    ("常州市发改委", None, CZ, "常州市发展和改革委员会"),
    ("江北区市场监管局", None, JB, "江北区市场监督管理局"),
    ("市政公用局", None, CZ, "常州市市政公用局"),  # 市政 is no level word
    ("市市政公用局", None, CZ, "常州市市政公用局"),
    ("区优化办", None, GD, "葛店开发区营商环境优化办公室"),
])
def test_place_and_level_written_into_the_mention(mention, prefix, meta, name):
    assert resolve(mention, prefix, meta, T).name == name


def test_unknown_mention_becomes_agency_of_kind_other():
    a = resolve("星际联络处", "区", JB, T)
    assert (a.name, a.kind, a.known) == ("江北区星际联络处", "其他", False)


@pytest.mark.parametrize("build", [changzhou, gedian, jiangbei])
def test_every_corpus_unit_has_a_real_kind(build):
    plan = build()
    enrich(plan)
    units = [u for t in plan.tasks for u in t.leads + t.supports]
    assert len(units) > 40
    assert [u.mention for u in units if u.kind == "其他"] == []
    assert all(u.agency_id and u.name for u in units)


def test_one_identity_per_agency_across_spellings_in_a_plan():
    plan = gedian()
    enrich(plan)
    ids = {u.agency_id for t in plan.tasks for u in t.leads + t.supports
           if u.mention.replace(" ", "") in ("自然资源和规划分局", "自然资 源和规划分局", "自然资源和规 划分局")}
    assert ids == {"葛店开发区/自然资源和规划分局"}
    审批 = {u.agency_id for t in plan.tasks for u in t.leads + t.supports if "审批局" in u.mention}
    assert 审批 == {"葛店开发区/行政审批局"}


def test_user_table_extends_shipped(tmp_path):
    f = tmp_path / "mine.tsv"
    f.write_text("canonical\tkind\taliases\tnamed\n星际联络处\t商务\t星联处\n", encoding="utf-8")
    tables = load_tables(f)
    a = resolve("星联处", "区", JB, tables)
    assert (a.name, a.kind) == ("江北区星际联络处", "商务")
    assert resolve("发改委", "市", CZ, tables).kind == "发展改革"  # shipped rows still there


def test_user_table_with_unknown_kind_names_the_line(tmp_path):
    f = tmp_path / "bad.tsv"
    f.write_text("# c\n星际联络处\t外星事务\t星联处\n", encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        load_tables(f)
    assert err.value.line == 2 and "外星事务" in str(err.value)


def test_end_to_end_with_the_structure_loader():
    from graphkit.extract import extract_file

    plan = extract_file(ec_path("changzhou-2020-task-division.txt"))
    t11 = next(t for t in plan.tasks if t.number == "11")
    assert [u.name for u in t11.leads] == ["常州市发展和改革委员会", "常州市商务局"]
    jb = extract_file(ec_path("chongqing-jiangbei-2021-implementation-plan.txt"))
    ids = {u.agency_id for t in jb.tasks for u in t.leads + t.supports if "市场监管" in u.mention}
    assert ids == {"江北区/市场监督管理局"}  # body and annexed table spell it alike → one identity
    assert all(u.kind != "其他" for t in jb.tasks for u in t.leads + t.supports)


def ec_path(name):
    from entities_corpus import CORPUS

    return CORPUS / name

"""``graphkit agencies / reforms / inspect`` end to end over the example corpus (real loaders)."""

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import entities_corpus as ec
from graphkit.cli import main
from graphkit.cli import entities as cli_entities
from graphkit.model import Task

BUILDERS = {"changzhou-2020-task-division.txt": ec.changzhou, "ezhou-gedian-2021-implementation-plan.txt": ec.gedian,
            "chongqing-jiangbei-2021-implementation-plan.txt": ec.jiangbei,
            "quzhou-2022-implementation-plan.txt": ec.quzhou, "district-2020-work-measures.txt": ec.district}


@pytest.fixture
def fixture_plans(monkeypatch):
    """'Extract' a file as one task per line, for texts the structure loader would not see as a plan."""
    def fake_extract(path, **_options):
        name = Path(path).name
        if name in BUILDERS:
            return BUILDERS[name]()
        plan = ec.plan_for(Path(path).read_text(encoding="utf-8"), str(path), year=2021)
        for i, m in enumerate(re.finditer(r"[^\n]+", plan.text)):
            plan.tasks.append(Task(id=f"l{i}", number=str(i + 1), number_implied=True, section=[], text=m.group(),
                                   span=(m.start(), m.end())))
        return plan
    monkeypatch.setattr(cli_entities, "extract_file", fake_extract)


def run(*args):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result


def test_agencies_table():
    r = run("agencies", str(ec.CORPUS / "changzhou-2020-task-division.txt"))
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert lines[0].split() == ["mentions", "plans", "kind", "jurisdiction", "name", "spellings"]
    fdrc = next(line for line in lines if "常州市发展和改革委员会" in line)
    assert fdrc.split()[2:5] == ["发展改革", "常州市", "常州市发展和改革委员会"]
    pboc = next(line for line in lines if "人民银行常州市支行" in line)
    assert pboc.split()[2:4] == ["人民银行", "常州市"]


def test_agencies_json_and_unknown():
    r = run("agencies", str(ec.CORPUS), "--format", "json")
    data = json.loads(r.stdout)
    ids = {d["agency_id"] for d in data}
    assert {"江北区/市场监督管理局", "葛店开发区/市场监督管理分局", "常州市/市场监督管理局"} <= ids
    r = run("agencies", str(ec.CORPUS), "--unknown", "--format", "json")
    assert json.loads(r.stdout) == []  # every corpus unit has a kind


def test_agencies_user_table_error_is_one_line(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("星际联络处\t外星事务\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["agencies", str(ec.CORPUS), "--agencies", str(bad)])
    assert r.exit_code == 2
    assert r.stderr.strip().startswith("error[GK120]:") and "bad.tsv:1" in r.stderr


def test_reforms_json():
    r = run("reforms", str(ec.CORPUS), "--format", "json")
    by_name = {row["name"]: row for row in json.loads(r.stdout)}
    assert len(by_name["证照分离"]["plans"]) == 4  # not in the district plan
    assert len(by_name["一网通办"]["plans"]) == 4  # 江北 names it only in its guarantee section, not in a task
    assert by_name["双随机、一公开"]["category"] == "监管"
    assert "标准地址" not in by_name
    r = run("reforms", str(ec.CORPUS))
    assert r.stdout.splitlines()[0].split() == ["plans", "tasks", "category", "reform", "as", "written"]


def test_reform_candidates_are_not_in_lexicon():
    r = run("reforms", "--candidates", str(ec.CORPUS), "--format", "json")
    rows = json.loads(r.stdout)
    terms = [row["term"] for row in rows]
    assert "一网通" in terms and "零投资" in terms  # recur, unknown to the lexicon
    assert "证照分离" not in terms and "双随机、一公开" not in terms and "好差评" not in terms
    assert all(row["plans"] >= 2 or row["tasks"] >= 2 for row in rows)
    plans = [row["plans"] for row in rows]
    assert plans == sorted(plans, reverse=True)


def test_inspect_writes_self_contained_escaped_html(tmp_path, fixture_plans):
    src = tmp_path / "evil.txt"
    src.write_text("推进<script>alert(1)</script>“证照分离”改革，压缩至1个工作日。\n", encoding="utf-8")
    out = tmp_path / "audit.html"
    r = run("inspect", str(src), "-o", str(out))
    assert r.exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert not re.search(r"""(src|href)=["']?https?:""", html)
    assert "REFORM" in html and "TARGET" in html and "证照分离" in html
    assert '(no subject) ≤ 1工作日 <span class="src">“压缩至1个工作日”</span>' in html


def test_inspect_corpus_plan(tmp_path):
    out = tmp_path / "a.html"
    r = run("inspect", str(ec.CORPUS / "ezhou-gedian-2021-implementation-plan.txt"), "-o", str(out))
    assert r.exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert "葛店开发区市场监督管理分局 [市场监管]" in html and "2021-03-31" in html
    assert html.count("<tr>") == 1 + 54  # header + the 54 tasks the structure loader finds
    # targets: what was parsed, then the words it came from; a cut reads as one, not as a bound
    assert '办电时间 ≤ 30工作日 <span class="src">“压缩至30个工作 日以内”</span>' in html
    assert '↓ by 20% <span class="src">“压减20%”</span>' in html
    assert '用户平均停电时间 ≤ 8.5小时 <span class="src">“不超过8.5小时”</span>' in html

    assert "reduce_by" not in html


def test_unknown_lists_what_the_tables_miss_and_user_table_fixes_it(tmp_path):
    head = (ec.CORPUS / "ezhou-gedian-2021-implementation-plan.txt").read_text(encoding="utf-8").splitlines()[:12]
    doc = tmp_path / "gedian-mini.txt"
    doc.write_text("\n".join(head).replace("牵头单位:自然资源和规划分局;责任单位:招商局",
                                           "牵头单位:星际联络处;责任单位:招商局"), encoding="utf-8")
    rows = json.loads(run("agencies", str(doc), "--unknown", "--format", "json").stdout)
    assert [(r["name"], r["kind"], r["jurisdiction"]) for r in rows] == [("葛店开发区星际联络处", "其他", "葛店开发区")]
    mine = tmp_path / "mine.tsv"
    mine.write_text("星际联络处\t商务\n", encoding="utf-8")
    assert json.loads(run("agencies", str(doc), "--unknown", "--agencies", str(mine), "--format", "json").stdout) == []

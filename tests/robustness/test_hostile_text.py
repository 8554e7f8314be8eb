"""Hostile document text is stored and shown verbatim and inert (README: When things go wrong (Hostile text))."""

from __future__ import annotations

import json
import shutil

import pytest

from graphkit.extract import extract_file
from graphkit.stores.embedded import EmbeddedStore

from conftest import CORPUS, run

INJECTION = "'}) MATCH (n) DETACH DELETE n //"
LINES = [
    "测试市优化营商环境实施方案",
    "一、主要任务",
    f"1.推进“it's”改革，引号\"双引号\"和反斜杠\\n\\\\ 以及 {INJECTION} 与 $param 参数。（牵头单位：市发改委）",
    "2.页面<script>alert(1)</script>与&amp;实体\u202e反向文字\u202c和\u0000空字符。（牵头单位：市商务局）",
    "3.超长任务" + "长" * 10000 + "。（牵头单位：市住建局）",
    "4.结尾 `} RETURN 1 UNION MATCH (x) SET x.pwn=1 //` 反引号。（牵头单位：市市场监管局）",
]
TASKS = "MATCH (p:Plan {id: $id})-[:HAS_TASK]->(t:Task) RETURN t.number AS number, t.text AS text ORDER BY t.number"


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    d = tmp_path_factory.mktemp("hostile")
    docs = d / "docs"
    docs.mkdir()
    for name in ("quzhou-2022-implementation-plan.txt", "changzhou-2020-task-division.txt"):
        shutil.copy(CORPUS / name, docs / name)
    store = d / "kg"
    assert run("load", "-q", "--store", store, docs).exit_code == 0
    with EmbeddedStore(store) as s:
        before = {pid: s.query(TASKS, {"id": pid}) for pid in s.plan_ids()}
    hostile = d / "hostile.txt"
    hostile.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    r = run("load", "--store", store, hostile)
    assert r.exit_code == 0, r.stderr
    assert "warning: " + str(hostile) + ":4: 1 NUL character removed" not in r.stderr  # -v not given
    return d, store, hostile, before


def test_task_text_reads_back_exactly(loaded):
    _, store, hostile, _ = loaded
    plan = extract_file(hostile)
    assert [w.message for w in plan.warnings if w.line == 4] == ["1 NUL character removed"]
    assert "\x00" not in plan.text and "\u202e" in plan.text
    with EmbeddedStore(store) as s:
        rows = s.query(TASKS, {"id": plan.plan.id})
    assert [(r["number"], r["text"]) for r in rows] == [(t.number, t.text) for t in plan.tasks]
    texts = [r["text"] for r in rows]
    assert len(texts) == 4
    assert "it's" in texts[0] and '"双引号"' in texts[0] and "\\n\\\\" in texts[0] and "$param" in texts[0]
    assert "DETACH DELETE n //" in texts[0]
    assert texts[1].startswith("页面<script>alert(1)</script>与&amp;实体\u202e反向文字\u202c")
    assert len(texts[2]) == 10005 and texts[2].endswith("长" * 10 + "。")
    assert "SET x.pwn=1 //`" in texts[3]
    # the source text behind each span is the document's own, spaces and all
    assert INJECTION in plan.text[plan.tasks[0].span[0]:plan.tasks[0].span[1]]


def test_other_plans_are_intact(loaded):
    _, store, hostile, before = loaded
    with EmbeddedStore(store) as s:
        after = {pid: s.query(TASKS, {"id": pid}) for pid in before}
        assert s.query("MATCH (x) WHERE x.pwn IS NOT NULL RETURN count(x) AS c")[0]["c"] == 0
        assert len(s.plan_ids()) == 3
    assert after == before
    assert sum(len(v) for v in before.values()) == 25 + 80


def test_query_command_shows_text_verbatim(loaded):
    _, store, hostile, _ = loaded
    r = run("query", "-e", "MATCH (t:Task) WHERE t.text CONTAINS $needle RETURN t.text AS text",
            "--param", "needle=alert(1)", "--format", "json", "--store", store)
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout) == [{"text": extract_file(hostile).tasks[1].text}]


def test_inspect_html_escapes_everything(loaded, tmp_path):
    _, _, hostile, _ = loaded
    out = tmp_path / "audit.html"
    r = run("inspect", hostile, "-o", out)
    assert r.exit_code == 0, r.stderr
    html = out.read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&amp;amp;" in html  # an entity in the text is shown as written, not decoded
    assert "\x00" not in html


def test_viz_plan_view_keeps_script_inert(loaded, tmp_path):
    _, store, hostile, _ = loaded
    out = tmp_path / "plan.html"
    r = run("viz", "plan", "--plan", extract_file(hostile).plan.id, "-o", out, "--store", store)
    assert r.exit_code == 0, r.stderr
    html = out.read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "alert(1)" in html  # the text is there, escaped


def test_export_json_round_trips_the_text(loaded, tmp_path):
    _, store, hostile, _ = loaded
    r = run("export", "--format", "json", "-o", tmp_path / "x", "--store", store)
    assert r.exit_code == 0, r.stderr
    graph = json.loads((tmp_path / "x" / "graph.json").read_text(encoding="utf-8"))
    texts = {n.get("text") for n in graph["nodes"]}
    assert {t.text for t in extract_file(hostile).tasks} <= texts

"""Views without a browser: escaping, self-containment, determinism, the same code for embedded
and Neo4j-shaped rows, edge capping, charts' CJK font, and the viz/report commands."""

from __future__ import annotations

import json
import re
import warnings

import pytest
from click.testing import CliRunner

from graphkit.cli import main
from graphkit.errors import QueryError
from graphkit.graph import build_graph
from graphkit.viz import charts
from graphkit.viz.network import _strongest
from graphkit.viz.page import json_for_script, render
from graphkit.viz.views import build_view
from viz_fixtures import INJECTED, plans
from viz_store import Neo4jShapedStore, open_test_store

VIEW_ARGS = {
    "workload": {},
    "reform-spread": {"by": "city"},
    "plan": {"plan": "plan-a000000000000001"},
    "agency": {"agency": "常州市/常州市商务局"},
    "reform": {"reform": "证照分离"},
}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = open_test_store(tmp_path_factory.mktemp("viz-pages"), plans())
    yield s
    s.close()


def test_json_for_script_escapes_markup_and_line_separators():
    text = json_for_script({"t": "</script><!-- a & b \u2028\u2029"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == {"t": "</script><!-- a & b \u2028\u2029"}


@pytest.mark.parametrize("name", list(VIEW_ARGS))
def test_page_is_self_contained_and_never_holds_raw_document_markup(store, name):
    html = render(build_view(store, name, **VIEW_ARGS[name]))
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "<link" not in html and "@import" not in html
    assert html.count("</script>") == 3  # the data block, vis-network, the page's own code
    assert "<script>alert" not in html
    if name == "plan":
        assert json.dumps(INJECTED, ensure_ascii=False)[1:-1].replace("<", "\\u003c").replace(
            ">", "\\u003e").replace("&", "\\u0026") in html


@pytest.mark.parametrize("name", list(VIEW_ARGS))
def test_embedded_and_neo4j_shaped_rows_give_the_same_page(store, name):
    shaped = Neo4jShapedStore(store)
    assert render(build_view(shaped, name, **VIEW_ARGS[name])) == render(build_view(store, name, **VIEW_ARGS[name]))
    assert shaped.statements  # the view did run its Cypher through the store interface


def test_pages_are_deterministic(store):
    assert render(build_view(store, "workload")) == render(build_view(store, "workload"))


def test_workload_filters(store):
    quzhou = build_view(store, "workload", city="衢州市")
    assert sorted(n["label"] for n in quzhou.nodes) == ["衢州市商务局", "衢州市市场监督管理局"]
    assert len(quzhou.edges) == 1 and quzhou.edges[0]["value"] == 1
    market = build_view(store, "workload", kind="市场监管")
    assert sorted(n["label"] for n in market.nodes) == ["常州市市场监督管理局", "衢州市市场监督管理局"]
    top = build_view(store, "workload", top=2)
    # three agencies have 2 tasks; ties go by id in code-point order (商 U+5546 < 市 U+5E02 < 衢 U+8862)
    assert [(n["label"], n["value"]) for n in top.nodes] == [("常州市商务局", 2), ("常州市市场监督管理局", 2)]
    tooltip = next(n["title"] for n in build_view(store, "workload").nodes if n["label"] == "常州市商务局")
    assert "牵头 leads 1" in tooltip and "配合 supports 1" in tooltip and "[牵头] 全面推行证照分离改革" in tooltip


def test_reform_spread_colours_by_first_year(store):
    view = build_view(store, "reform-spread")
    nodes = {n["label"]: n for n in view.nodes}
    assert set(nodes) == {"证照分离", "一网通办", "多证合一", "常州市", "衢州市"}
    assert nodes["证照分离"]["color"] == nodes["一网通办"]["color"] != nodes["多证合一"]["color"]  # 2020 vs 2022
    by_plan = build_view(store, "reform-spread", by="plan")
    assert {n["id"] for n in by_plan.nodes} >= {"Plan:plan-a000000000000001", "Plan:plan-b000000000000002"}


def test_missing_subject_is_a_clear_error(store):
    with pytest.raises(QueryError, match="no plan with id 'plan-nope'"):
        build_view(store, "plan", plan="plan-nope")
    with pytest.raises(QueryError, match="needs --agency"):
        build_view(store, "agency")


def test_filter_that_keeps_nothing_is_an_error_naming_what_exists(store):
    with pytest.raises(QueryError, match=r"no plan in the store is from '无锡市' \(places with the most plans: "
                                         r"常州市, 衢州市\)"):
        build_view(store, "workload", city="无锡市")
    with pytest.raises(QueryError, match="no plan in the store is from '无锡市'"):
        build_view(store, "reform-spread", city="无锡市", by="plan")
    with pytest.raises(QueryError, match=r"no agency in the store is of kind '公安' \(the commonest kinds: "
                                         r"政府部门, 市场监管, 审批服务\)"):
        build_view(store, "workload", kind="公安")
    with pytest.raises(QueryError, match="plan 'plan-b000000000000002' is not from '常州市'"):
        build_view(store, "workload", city="常州市", plan="plan-b000000000000002")
    with pytest.raises(QueryError, match="no plan with id 'plan-nope'"):
        build_view(store, "reform-spread", plan="plan-nope", by="city")
    # filters that keep something draw as before: 常州市's market regulator is its only 市场监管 agency
    view = build_view(store, "workload", city="常州市", kind="市场监管")
    assert [n["label"] for n in view.nodes] == ["常州市市场监督管理局"]
    # "常州" means 常州市, as in the query library
    assert build_view(store, "workload", city="常州").nodes == build_view(store, "workload", city="常州市").nodes


def test_strongest_keeps_every_agency_then_the_heaviest():
    pairs = [{"source": "a", "target": "b", "tasks": 5}, {"source": "a", "target": "c", "tasks": 4},
             {"source": "b", "target": "c", "tasks": 3}, {"source": "d", "target": "e", "tasks": 1}]
    assert [(p["source"], p["target"]) for p in _strongest(pairs, 3)] == [("a", "b"), ("a", "c"), ("d", "e")]
    assert len(_strongest(pairs, 10)) == 4


def test_view_counts_match_the_graph(store):
    import viz_expect as expect

    graph = build_graph(plans())
    view = build_view(store, "plan", plan="plan-a000000000000001")
    assert (len(view.nodes), len(view.edges)) == expect.plan_explorer(graph, "plan-a000000000000001") == (13, 15)


def test_adoption_grid_counts_each_place_in_its_first_year():
    spread = [
        {"reform": "证照分离", "place": "常州市", "first_year": 2021},
        {"reform": "证照分离", "place": "常州市", "first_year": 2020},  # a second plan: the earlier year counts
        {"reform": "证照分离", "place": "衢州市", "first_year": 2022},
        {"reform": "一网通办", "place": "衢州市", "first_year": 2020},
        {"reform": "多证合一", "place": "衢州市", "first_year": None},  # no year: left out
    ]
    reforms, years, new = charts.adoption_grid(spread)
    assert reforms == ["证照分离", "一网通办"]  # most places first
    assert years == [2020, 2021, 2022]
    assert new == {"证照分离": {2020: 1, 2022: 1}, "一网通办": {2020: 1}}
    assert charts.adoption_grid(spread, top_reforms=1)[0] == ["证照分离"]
    assert charts.adoption_grid([]) == ([], [], {})
    assert charts.timeline_chart(spread).startswith("<svg")


def test_charts_use_a_cjk_font_or_warn(monkeypatch):
    charts.cjk_font.cache_clear()
    name = charts.cjk_font()
    if name is None:
        pytest.skip("no CJK font on this machine")
    assert "CJK" in name or "Hei" in name or "PingFang" in name
    monkeypatch.setattr(charts, "CJK_FONT_FILES", ("/nonexistent/font.ttc",))
    monkeypatch.delenv("GRAPHKIT_CJK_FONT", raising=False)
    charts.cjk_font.cache_clear()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert charts.cjk_font() is None
        assert any("no CJK font found" in str(w.message) for w in caught)
        svg = charts.workload_chart([{"place": "常州市", "kind": "政府部门", "role": "LEADS", "n": 2}])
    assert svg.startswith("<svg")
    charts.cjk_font.cache_clear()


def test_chart_svg_is_inline_safe_and_deterministic():
    spread = [{"reform": "证照分离", "place": "常州市", "tasks": 2, "first_year": 2020},
              {"reform": "证照分离", "place": "衢州市", "tasks": 1, "first_year": 2022},
              {"reform": "<b>x</b>", "place": "衢州市", "tasks": 1, "first_year": 2022}]
    one, two = charts.heatmap_chart(spread), charts.heatmap_chart(spread)
    assert one == two
    assert "<!--" not in one and "<b>" not in one and "<?xml" not in one
    ids = re.findall(r'\bid="([^"]+)"', one)
    assert ids and all(i.startswith("heatmap-") for i in ids)


def test_report_caps_plan_explorers(store, tmp_path):
    from graphkit.viz.report import write_report

    result = write_report(store, tmp_path / "rep", max_plans=1, top_agencies=2, top_reforms=1)
    assert sorted(p.name for p in (tmp_path / "rep" / "plans").iterdir()) == ["plan-a000000000000001.html"]
    assert len(list((tmp_path / "rep" / "agencies").iterdir())) == 2
    assert any("1 plan beyond --max-plans 1" in line for line in result.skipped)
    index = result.index.read_text(encoding="utf-8")
    assert 'href="plans/plan-b000000000000002.html"' not in index and "衢州市营商环境实施方案" in index


def test_cli_viz_and_report(store, tmp_path):
    location = store.location
    store.close()  # the embedded store is single-writer; let the CLI open it
    runner = CliRunner()
    out = tmp_path / "w.html"
    result = runner.invoke(main, ["viz", "workload", "--store", location, "--city", "常州市", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "4 nodes" in result.stderr and out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    result = runner.invoke(main, ["viz", "plan", "--store", location, "-o", str(out)])
    assert result.exit_code == 2 and "needs --plan ID" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    result = runner.invoke(main, ["report", "--store", location, "-o", str(tmp_path / "rep")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "rep" / "index.html").is_file()
    assert len(list((tmp_path / "rep").rglob("*.html"))) == 17  # index + 16 views


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory):
    from pathlib import Path

    from graphkit.extract import extract_file

    corpus = Path(__file__).resolve().parents[1] / "examples" / "corpus"
    extracted = [extract_file(p) for p in sorted(corpus.glob("*.txt"))]
    s = open_test_store(tmp_path_factory.mktemp("viz-corpus"), extracted)
    yield s, build_graph(extracted)
    s.close()


def test_example_corpus_views_match_the_graph(corpus_store):
    import viz_expect as expect

    store, graph = corpus_store
    plan_ids = sorted(d["id"] for _, d in graph.nodes(data=True) if d["label"] == "Plan")
    assert len(plan_ids) == 5
    for plan_id in plan_ids:
        view = build_view(store, "plan", plan=plan_id)
        assert (len(view.nodes), len(view.edges)) == expect.plan_explorer(graph, plan_id), plan_id
    for city in ("常州市", "衢州市"):
        view = build_view(store, "workload", city=city)
        sub = graph.subgraph([n for n, d in graph.nodes(data=True)
                              if d["label"] != "Task" or graph.nodes[f"Plan:{d['plan_id']}"].get("city") == city])
        agencies, pairs = expect.workload(sub)
        assert len(view.nodes) == agencies
        assert len(view.edges) == min(pairs, 4 * agencies)
    agency = max((n for n, d in graph.nodes(data=True) if d["label"] == "Agency"),
                 key=lambda n: (sum(1 for _ in graph.out_edges(n)), n)).split(":", 1)[1]
    view = build_view(store, "agency", agency=agency)
    assert (len(view.nodes), len(view.edges)) == expect.agency_profile(graph, agency)
    reform = sorted(d["name"] for _, d in graph.nodes(data=True) if d["label"] == "Reform")[0]
    view = build_view(store, "reform", reform=reform)
    assert (len(view.nodes), len(view.edges)) == expect.reform_profile(graph, reform)


def test_report_says_when_a_place_has_no_agency_to_draw(corpus_store, tmp_path):
    from graphkit.viz.report import write_report

    store, _ = corpus_store
    write_report(store, tmp_path / "rep", max_plans=1, top_agencies=1, top_reforms=1)
    index = (tmp_path / "rep" / "index.html").read_text(encoding="utf-8")
    # 衢州's plan names no units: its workload page is empty, and the index says so instead of "0 nodes"
    assert re.search(r">衢州市</a> <span class='note'>no agency named in its plans<", index)
    assert re.search(r">常州市</a> <span class='note'>\d+ nodes<", index)
    assert "0 nodes" not in index

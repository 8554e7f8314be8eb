"""The largest views at the size of a 10,000-plan corpus stay drawable: top-N and edge caps hold,
and the page's physics settles and switches off (so panning/zooming stays responsive).

Rows are synthesised with the shapes the view queries return for such a corpus (300 places ×
60 agencies; the busiest 150 agencies all co-assigned with one another; 300 places × 60 reforms)
and served through the same ``store.query`` interface, so data.py and network.py run unchanged.
No timing is asserted; the settle time is written to test-artifacts/scale.json for reading.
"""

from __future__ import annotations

import json
import time
from itertools import combinations
from pathlib import Path

import pytest

from graphkit.viz import queries as Q
from graphkit.viz.views import build_view, write_view

PLACES, AGENCIES_PER_PLACE, REFORMS = 300, 60, 60
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


class SyntheticStore:
    """Answers the view queries with rows shaped like a 10,000-plan corpus's."""

    def __init__(self):
        self.agencies = [
            {"id": f"城市{p:03d}/单位{a:02d}", "name": f"城市{p:03d}单位{a:02d}", "kind": f"类型{a % 24:02d}",
             "jurisdiction": f"城市{p:03d}", "tasks": 40 + (p * 7 + a * 13) % 900, "leads": 10, "supports": 30}
            for p in range(PLACES) for a in range(AGENCIES_PER_PLACE)]
        self.agencies.sort(key=lambda r: (-r["tasks"], r["id"]))

    def query(self, cypher, params):
        if cypher is Q.AGENCY_WORKLOAD:
            return [dict(r) for r in self.agencies]
        if cypher is Q.CO_ASSIGNMENT:
            ids = sorted(params["ids"])
            return [{"source": a, "target": b, "tasks": 1 + (i * 31) % 50}
                    for i, (a, b) in enumerate(combinations(ids, 2))]
        if cypher is Q.AGENCY_TOP_TASKS:
            return [{"id": i, "roles": ["LEADS"] * params["n"], "texts": ["优化营商环境任务" * 5] * params["n"]}
                    for i in params["ids"]]
        if cypher is Q.REFORM_SPREAD_BY_CITY:
            return [{"reform": f"改革{r:02d}", "category": None, "place": f"城市{p:03d}",
                     "tasks": 1 + (p + r) % 9, "plans": 30, "first_year": 2018 + (p * r) % 7}
                    for r in range(REFORMS) for p in range(PLACES)]
        raise AssertionError(f"unexpected query {cypher[:60]}")


@pytest.fixture(scope="module")
def synthetic():
    return SyntheticStore()


def test_workload_is_cut_to_top_n_with_capped_edges(synthetic):
    view = build_view(synthetic, "workload")
    assert len(view.nodes) == 150
    assert len(view.edges) == 4 * 150  # of 11,175 co-assigned pairs
    assert any("150 / 18000" in note for note in view.notes)


def test_reform_spread_is_cut_to_top_n(synthetic):
    view = build_view(synthetic, "reform-spread", top=40)
    assert len([n for n in view.nodes if n["id"].startswith("Reform:")]) == 40
    assert len([n for n in view.nodes if n["id"].startswith("City:")]) == 40
    assert len(view.edges) == 40 * 40


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("name,kwargs", [("workload", {}), ("reform-spread", {})])
def test_largest_views_settle_and_switch_physics_off(synthetic, tmp_path, name, kwargs):
    from chromium import CHROMIUM, Browser

    if not Path(CHROMIUM).exists():
        pytest.skip("chromium not installed (make test-deps)")
    view = build_view(synthetic, name, **kwargs)
    page = write_view(view, tmp_path / f"{name}.html")
    browser = Browser(timeout=120)
    try:
        browser.open_page()
        started = time.monotonic()
        browser.goto(page.as_uri(), "document.body && document.body.getAttribute('data-ready') === '1'", wait=180)
        settled = time.monotonic() - started
        assert browser.errors() == []
        assert browser.eval("graphkit.network.physics.physicsEnabled") is False
        assert browser.eval("[graphkit.nodes.length, graphkit.edges.length]") == [len(view.nodes), len(view.edges)]
        # still interactive: a search right after settling selects its node
        browser.type_text("#search", view.nodes[0]["label"])
        assert browser.eval("graphkit.network.getSelectedNodes()") == [view.nodes[0]["id"]]
    finally:
        browser.close()
    ARTIFACTS.mkdir(exist_ok=True)
    record = ARTIFACTS / "scale.json"
    results = json.loads(record.read_text()) if record.exists() else {}
    results[name] = {"nodes": len(view.nodes), "edges": len(view.edges), "settle_seconds": round(settled, 2),
                     "page_bytes": page.stat().st_size}
    record.write_text(json.dumps(results, indent=2))

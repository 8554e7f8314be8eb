"""Every view in headless Chromium: loads offline with no console error and no request, draws
the graph's node/edge counts, search selects a known agency, injected markup stays text, the
layout is deterministic, and a screenshot (saved under test-artifacts/) is not blank or tofu."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

import viz_expect as expect
from graphkit.graph import build_graph
from graphkit.viz.report import write_report
from graphkit.viz.views import build_view, write_view
from viz_fixtures import INJECTED, plans
from viz_store import open_test_store

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
READY = "document.body && document.body.getAttribute('data-ready') === '1'"
PLAN_A = "plan-a000000000000001"
AGENCY = "常州市/常州市商务局"

VIEWS = {
    "workload": ({}, lambda g: expect.workload(g)),
    "reform-spread": ({"by": "city"}, lambda g: expect.reform_spread_by_city(g)),
    "plan": ({"plan": PLAN_A}, lambda g: expect.plan_explorer(g, PLAN_A)),
    "agency": ({"agency": AGENCY}, lambda g: expect.agency_profile(g, AGENCY)),
    "reform": ({"reform": "证照分离"}, lambda g: expect.reform_profile(g, "证照分离")),
}


@pytest.fixture(scope="module")
def browser():
    if not shutil.which("chromium") and not Path("/usr/bin/chromium").exists():
        pytest.skip("chromium not installed (make test-deps)")
    from chromium import Browser

    b = Browser()
    b.open_page()
    yield b
    b.close()


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = open_test_store(tmp_path_factory.mktemp("viz-store"), plans())
    yield s
    if hasattr(s, "close"):
        s.close()


@pytest.fixture(scope="module")
def pages(store, tmp_path_factory):
    out = tmp_path_factory.mktemp("views")
    return {name: write_view(build_view(store, name, **kwargs), out / f"{name}.html")
            for name, (kwargs, _) in VIEWS.items()}


def _network(browser) -> list[str]:
    """Requests that would leave the machine (the page itself is file://, inline images data:)."""
    return [u for u in browser.requests() if not u.startswith(("file://", "data:"))]


def _open(browser, path: Path) -> None:
    browser.goto(path.as_uri(), READY)


@pytest.mark.parametrize("name", list(VIEWS))
def test_view_loads_offline_with_the_graph_counts(browser, pages, name):
    _open(browser, pages[name])
    assert browser.errors() == []
    assert _network(browser) == []
    assert browser.dialogs() == []
    drawn = browser.eval("[graphkit.nodes.length, graphkit.edges.length]")
    assert tuple(drawn) == VIEWS[name][1](build_graph(plans()))
    # physics is off once the layout has settled (the page stays responsive)
    assert browser.eval("graphkit.network.physics.physicsEnabled") is False


def test_counts_by_hand_for_the_fixture(pages, browser):
    # the fixture's plan A: plan, 3 sections, 3 tasks, 4 agencies, 2 reforms; 3+3 tree edges, 6 assignments, 3 reforms
    assert expect.plan_explorer(build_graph(plans()), PLAN_A) == (13, 15)
    assert expect.workload(build_graph(plans())) == (6, 5)


def test_search_selects_a_known_agency(browser, pages):
    _open(browser, pages["workload"])
    browser.type_text("#search", "常州市商务局")
    assert browser.eval("graphkit.network.getSelectedNodes()") == [f"Agency:{AGENCY}"]
    assert browser.eval("document.getElementById('search-status').textContent") == "常州市商务局"
    browser.eval("document.getElementById('search').value = ''")
    browser.type_text("#search", "不存在的单位")
    assert browser.eval("graphkit.network.getSelectedNodes()") == []
    assert "not found" in browser.eval("document.getElementById('search-status').textContent")


def test_injected_script_in_a_task_renders_as_text(browser, pages):
    _open(browser, pages["plan"])
    assert browser.eval("document.querySelectorAll('script').length") == 3  # data, vis-network, the app
    browser.type_text("#search", "任务 3")
    assert browser.eval("graphkit.network.getSelectedNodes()") == ["Task:A-t3"]
    shown = browser.eval("document.getElementById('details').textContent")
    assert INJECTED in shown
    assert "&lt;script&gt;" in browser.eval("document.getElementById('details').innerHTML")
    assert browser.eval("graphkit.nodes.get('Task:A-t3').title").startswith(INJECTED)
    assert browser.dialogs() == [] and browser.errors() == []


def test_layout_is_deterministic(browser, pages):
    positions = []
    for _ in range(2):
        _open(browser, pages["agency"])
        positions.append(browser.eval("JSON.stringify(graphkit.network.getPositions())"))
    assert positions[0] == positions[1]


CJK_CHECK = """(function () {
  var c = document.createElement('canvas'); c.width = 200; c.height = 40;
  var x = c.getContext('2d'); var font = getComputedStyle(document.body).fontFamily;
  function draw(t) { x.clearRect(0, 0, 200, 40); x.font = '24px ' + font; x.fillText(t, 2, 30);
                     return Array.prototype.join.call(x.getImageData(0, 0, 200, 40).data, ','); }
  var tofu = draw('\\uE000\\uE001\\uE002'), a = draw('商务局'), b = draw('证照分');
  return a !== tofu && b !== tofu && a !== b;
})()"""


@pytest.mark.parametrize("name", list(VIEWS))
def test_screenshot_is_not_blank_and_cjk_is_not_tofu(browser, pages, name):
    from PIL import Image

    _open(browser, pages[name])
    assert browser.eval(CJK_CHECK) is True
    png = browser.screenshot()
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"view-{name}.png").write_bytes(png)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.size[0] == 1280 and image.size[1] > 400
    assert len(image.getcolors(maxcolors=1 << 20) or []) > 20


def test_report_index_and_every_linked_view_load_offline(browser, store, tmp_path):
    result = write_report(store, tmp_path / "report")
    browser.goto(result.index.as_uri())
    assert browser.errors() == [] and browser.dialogs() == []
    assert _network(browser) == []
    hrefs = browser.eval("Array.from(document.querySelectorAll('a')).map(a => a.getAttribute('href'))")
    # 3 overviews + 2 places + 2 plans + 6 agencies + 3 reforms (plans also linked from the table)
    assert len(set(hrefs)) == 16 and len(hrefs) == 18
    assert browser.eval("document.querySelectorAll('figure svg').length") == 3
    assert browser.eval(CJK_CHECK) is True
    for href in set(hrefs):
        target = result.index.parent / href
        assert target.is_file(), href
    for href in sorted(set(hrefs))[:4]:  # a sample of the linked pages, in the browser
        _open(browser, result.index.parent / href)
        assert browser.errors() == [], href
        assert _network(browser) == [], href
    ARTIFACTS.mkdir(exist_ok=True)
    browser.goto(result.index.as_uri())
    (ARTIFACTS / "report-index.png").write_bytes(browser.screenshot())

"""Every shipped query on the real embedded store, over the hand-built corpus of query_fixture.py.

Expected answers are worked out by hand from the listing in query_fixture's docstring; a few
are cross-checked against networkx over graph.build_graph of the same plans.
"""

from __future__ import annotations

import pytest

from graphkit.graph import plan_records
from graphkit.queries import load_queries, run_query
from query_fixture import fixture_plans
from query_nx import nx_reform_spread, nx_workload

QUERIES = load_queries(directory=None)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from graphkit.stores import open_store

    handle = open_store(path=str(tmp_path_factory.mktemp("querystore") / "store"))
    for plan in fixture_plans():
        handle.write_plan(plan_records(plan))
    yield handle
    close = getattr(handle, "close", None)
    if callable(close):
        close()


def rows_of(store, name, **params):
    columns, rows = run_query(store, name, params)
    return [dict(zip(columns, row)) for row in rows]


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_query_runs_and_returns_its_declared_columns(store, name):
    q = QUERIES[name]
    records = store.query(q.cypher, {n: p.default for n, p in q.params.items()})
    assert records, f"{name} returned nothing on the fixture corpus"
    assert list(records[0]) == q.columns


def test_agency_workload(store):
    got = [(r["agency"], r["jurisdiction"], r["kind"], r["led"], r["supported"], r["total"], r["plans"])
           for r in rows_of(store, "agency-workload")]
    assert got == [
        ("苏州市市场监督管理局", "苏州市", "市场监管", 2, 1, 3, 1),
        ("无锡市市场监督管理局", "无锡市", "市场监管", 1, 1, 2, 1),  # ties by name (code point: 市 < 税)
        ("无锡市税务局", "无锡市", "税务", 2, 0, 2, 1),  # leads task 1 and a row (Part) of task 2
        ("苏州市住房和城乡建设局", "苏州市", "住建", 1, 1, 2, 1),
        ("苏州市税务局", "苏州市", "税务", 0, 2, 2, 1),
        ("无锡市政务服务管理办公室", "无锡市", "政务服务", 1, 0, 1, 1),
        ("梁溪区市场监督管理局", "梁溪区", "市场监管", 1, 0, 1, 1),
        ("苏州市公安局", "苏州市", "公安", 0, 1, 1, 1),
    ]
    for value in got[0][3:]:
        assert type(value) is int  # FalkorDB's sum() is a float; the queries count instead


def test_agency_workload_filters(store):
    wuxi = rows_of(store, "agency-workload", city="无锡")  # "无锡" matches 无锡市, district plan included
    assert [r["agency"] for r in wuxi] == ["无锡市市场监督管理局", "无锡市税务局", "无锡市政务服务管理办公室",
                                           "梁溪区市场监督管理局"]
    liangxi = rows_of(store, "agency-workload", city="梁溪区")
    assert [r["agency"] for r in liangxi] == ["梁溪区市场监督管理局"]
    by_plan = rows_of(store, "agency-workload", plan="suzhou-2020.txt", kind="税务")
    assert [(r["agency"], r["total"]) for r in by_plan] == [("苏州市税务局", 2)]
    assert rows_of(store, "agency-workload", plan="plan-b", kind="公安") == []


def test_reform_spread(store):
    got = rows_of(store, "reform-spread")
    assert got == [
        {"reform": "证照分离", "category": "商事制度", "plans": 3, "cities": 2, "first_year": 2020,
         "adopters": ["梁溪区", "苏州市", "无锡市"]},  # 2020 (name order: 梁 < 苏), then 2021
        {"reform": "一网通办", "category": "商事制度", "plans": 2, "cities": 2, "first_year": 2020,
         "adopters": ["苏州市", "无锡市"]},
        {"reform": "多证合一", "category": "商事制度", "plans": 1, "cities": 1, "first_year": 2021,
         "adopters": ["无锡市"]},  # ties by name: 多 < 容
        {"reform": "容缺受理", "category": "商事制度", "plans": 1, "cities": 1, "first_year": 2020,
         "adopters": ["梁溪区"]},
    ]
    assert type(got[0]["first_year"]) is int


def test_plans(store):
    got = [(r["plan"], r["city"], r["jurisdiction"], r["year"], r["tasks"], r["source"]) for r in rows_of(store, "plans")]
    assert got == [  # by city (code point order: 无 before 苏), then year
        ("plan-c", "无锡市", "梁溪区", 2020, 1, "corpus/liangxi-2020.txt"),
        ("plan-b", "无锡市", "无锡市", 2021, 2, "corpus/wuxi-2021.txt"),
        ("plan-a", "苏州市", "苏州市", 2020, 4, "corpus/suzhou-2020.txt"),
    ]
    assert [r["plan"] for r in rows_of(store, "plans", city="无锡", year=2020)] == ["plan-c"]
    assert [r["plan"] for r in rows_of(store, "plans", city="梁溪区")] == ["plan-c"]
    assert [r["plan"] for r in rows_of(store, "plans", limit=1)] == ["plan-c"]
    assert rows_of(store, "plans", year=2019) == []


def test_lead_concentration(store):
    got = [(r["plan"], r["tasks"], r["no_lead"], r["top3"], r["top3_tasks"], r["top3_share"])
           for r in rows_of(store, "lead-concentration")]
    assert got == [
        ("plan-b", 2, 0, ["无锡市税务局 (2)", "无锡市市场监督管理局 (1)", "无锡市政务服务管理办公室 (1)"], 2, 1.0),
        ("plan-c", 1, 0, ["梁溪区市场监督管理局 (1)"], 1, 1.0),
        ("plan-a", 4, 1, ["苏州市市场监督管理局 (2)", "苏州市住房和城乡建设局 (1)"], 3, 0.75),
    ]


def test_agency_collaboration(store):
    got = [(r["agency_a"], r["agency_b"], r["tasks"], r["both_lead"], r["plans"])
           for r in rows_of(store, "agency-collaboration")]
    assert got[:2] == [("无锡市市场监督管理局", "无锡市税务局", 2, 1, 1), ("苏州市市场监督管理局", "苏州市税务局", 2, 0, 1)]
    assert len(got) == 7
    assert ("无锡市政务服务管理办公室", "无锡市税务局", 1, 1, 1) in got  # both lead task 2 (税务局 via its Part)
    assert rows_of(store, "agency-collaboration", min_tasks=2, agency="苏州市税务局") == [
        {"agency_a": "苏州市市场监督管理局", "jurisdiction_a": "苏州市", "agency_b": "苏州市税务局",
         "jurisdiction_b": "苏州市", "tasks": 2, "both_lead": 0, "plans": 1}]


def test_agency_kinds_by_city(store):
    got = [(r["city"], r["kind"], r["agencies"], r["led"], r["assignments"], r["share"])
           for r in rows_of(store, "agency-kinds-by-city")]
    # 无锡市 (with 梁溪区): 6 assignments — 市场监管 3 (two agencies), 税务 2, 政务服务 1
    assert got[:3] == [("无锡市", "市场监管", 2, 2, 3, 0.5), ("无锡市", "税务", 1, 2, 2, 0.333),
                       ("无锡市", "政务服务", 1, 1, 1, 0.167)]
    # 苏州市: 8 assignments — 市场监管 3, 住建 2, 税务 2, 公安 1
    assert got[3:] == [("苏州市", "市场监管", 1, 2, 3, 0.375), ("苏州市", "住建", 1, 1, 2, 0.25),
                       ("苏州市", "税务", 1, 0, 2, 0.25), ("苏州市", "公安", 1, 0, 1, 0.125)]


def test_reform_timeline_and_matrix(store):
    timeline = [(r["year"], r["reform"], r["plans"], r["tasks"], r["jurisdictions"])
                for r in rows_of(store, "reform-timeline", reform="证照分离")]
    assert timeline == [(2020, "证照分离", 2, 3, ["梁溪区", "苏州市"]), (2021, "证照分离", 1, 1, ["无锡市"])]
    matrix = [(r["city"], r["reform"], r["tasks"], r["plans"]) for r in rows_of(store, "city-reform-matrix")]
    assert matrix == [("无锡市", "证照分离", 2, 2), ("无锡市", "一网通办", 1, 1), ("无锡市", "多证合一", 1, 1),
                      ("无锡市", "容缺受理", 1, 1), ("苏州市", "一网通办", 2, 1), ("苏州市", "证照分离", 2, 1)]
    assert [(r["reform"], r["tasks"]) for r in rows_of(store, "city-reform-matrix", min_tasks=2)] == [
        ("证照分离", 2), ("一网通办", 2), ("证照分离", 2)]


def test_reform_cooccurrence(store):
    got = [(r["reform_a"], r["reform_b"], r["tasks"], r["plans"]) for r in rows_of(store, "reform-cooccurrence")]
    assert got == [("一网通办", "证照分离", 1, 1), ("多证合一", "证照分离", 1, 1), ("容缺受理", "证照分离", 1, 1)]
    assert rows_of(store, "reform-cooccurrence", reform="一网通办", min_tasks=1) == [
        {"reform_a": "一网通办", "reform_b": "证照分离", "tasks": 1, "plans": 1}]


def test_deadlines(store):
    got = [(r["month"], r["due"], r["jurisdiction"], r["task"], r["ongoing"], r["overdue"], r["leads"])
           for r in rows_of(store, "deadlines", as_of="2020-12-31")]
    assert got == [
        ("2020-06", "2020-06-30", "苏州市", "1", False, True, ["苏州市市场监督管理局"]),
        ("2020-09", "2020-09-30", "梁溪区", "1", False, True, ["梁溪区市场监督管理局"]),
        ("2020-12", "2020-12-31", "苏州市", "2", False, False, ["苏州市市场监督管理局"]),  # due on as_of: not late
        ("2021-03", "2021-03-31", "无锡市", "1", False, False, ["无锡市市场监督管理局", "无锡市税务局"]),
        # task 2 has no date of its own: its Part's deadline, and the Part's lead among its leads
        ("2021-06", "2021-06-30", "无锡市", "2", False, False, ["无锡市政务服务管理办公室", "无锡市税务局"]),
        ("ongoing", None, "苏州市", "3", True, False, ["苏州市住房和城乡建设局"]),
    ]
    wuxi = rows_of(store, "deadlines", plan="wuxi-2021.txt", due_by="2021-06-30", due_from="2021-04-01")
    assert [r["task"] for r in wuxi] == ["2"]
    assert [r["task"] for r in rows_of(store, "deadlines", plan="plan-a", ongoing=False)] == ["1", "2"]


def test_deadline_months(store):
    got = [(r["month"], r["tasks"], r["overdue"], r["ongoing"]) for r in rows_of(store, "deadline-months",
                                                                                  as_of="2021-01-01")]
    assert got == [("2020-06", 1, 1, 0), ("2020-09", 1, 1, 0), ("2020-12", 1, 1, 0), ("2021-03", 1, 0, 0),
                   ("2021-06", 1, 0, 0), ("ongoing", 1, 0, 1)]


def test_targets(store):
    got = [(r["value"], r["unit"], r["jurisdiction"], r["city"]) for r in rows_of(store, "targets")]
    assert got == [(0.5, "工作日", "无锡市", "无锡市"), (1.0, "工作日", "苏州市", "苏州市"), (2.0, "工作日", "梁溪区", "无锡市")]
    assert [r["value"] for r in rows_of(store, "targets", subject="企业开办", city="无锡市")] == [0.5, 2.0]
    assert rows_of(store, "targets", subject="办电时间") == []


def test_plan_overview(store):
    got = [(r["section"], r["tasks"], r["no_lead"], r["leads"], r["reforms"], r["dated"])
           for r in rows_of(store, "plan-overview", plan="plan-a")]
    assert got == [
        ("一、企业开办", 2, 0, ["苏州市市场监督管理局 (2)"], ["证照分离", "一网通办"], 2),
        ("二、工程审批", 2, 1, ["苏州市住房和城乡建设局 (1)"], ["一网通办"], 0),
    ]


def test_agency_profile(store):
    got = rows_of(store, "agency-profile", agency="苏州市市场监督管理局")
    assert got == [{"agency": "苏州市市场监督管理局", "jurisdiction": "苏州市", "kind": "市场监管", "led": 2,
                    "supported": 1, "plans": ["苏州市"],
                    "partners": ["苏州市税务局 (2)", "苏州市住房和城乡建设局 (1)", "苏州市公安局 (1)"],
                    "reforms": ["一网通办", "证照分离"]}]  # 2 tasks each: name order
    assert rows_of(store, "agency-profile", agency="苏州市市场监督管理局", jurisdiction="无锡市") == []


# --- cross-checks against networkx over the same records -------------------------------------

def test_workload_agrees_with_networkx(store):
    got = {(r["agency"], r["jurisdiction"]): (r["led"], r["supported"], r["plans"])
           for r in rows_of(store, "agency-workload")}
    assert got == nx_workload(fixture_plans())


def test_reform_spread_agrees_with_networkx(store):
    got = {r["reform"]: (r["plans"], r["cities"], r["first_year"], r["adopters"])
           for r in rows_of(store, "reform-spread")}
    assert got == nx_reform_spread(fixture_plans())

"""Library queries on the five example plans (examples/corpus), loaded into the real embedded store.

Expected values come from reading the plan texts:
- 常州 task-division table: 市市场监管局 is named first (牵头) on 10 rows — lines 12, 17, 22, 27, 88,
  98, 306, 381, 391, and line 311 where it is the responsible unit without 牵头 — and as a
  supporting unit on 2 (lines 250, 396); 市中级人民法院 is the responsible unit on 9 rows (316–361)
  and supports on 1 (306).
- "证照分离" appears in the 常州 (line 21), 江北 (27, restated in the table at 152), 葛店 (53) and
  衢州 (33) plans, not in the unnamed district's.
- 葛店 trailing "(…完成时限:…)": tasks due by 2021年6月底 are 2, 5–9, 11, 12, 15, 16, 18, 20,
  23–29, 36, 37, 41, 48 and the three "2020年8月底,长期推进" tasks 42–44.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graphkit.extract import extract_file, iter_documents
from graphkit.graph import plan_records
from graphkit.queries import run_query
from query_nx import nx_reform_spread, nx_workload

CORPUS = Path(__file__).resolve().parent.parent / "examples" / "corpus"


@pytest.fixture(scope="module")
def plans():
    return [extract_file(path) for path, skip in iter_documents([CORPUS]) if not skip]


@pytest.fixture(scope="module")
def store(plans, tmp_path_factory):
    from graphkit.stores import open_store

    handle = open_store(path=str(tmp_path_factory.mktemp("examples") / "store"))
    for plan in plans:
        handle.write_plan(plan_records(plan))
    yield handle
    handle.close()


def rows_of(store, name, **params):
    columns, rows = run_query(store, name, params)
    return [dict(zip(columns, row)) for row in rows]


def test_changzhou_lead_agency(store):
    rows = rows_of(store, "agency-workload", plan="changzhou-2020-task-division.txt")
    top = rows[0]
    assert (top["agency"], top["jurisdiction"], top["led"], top["supported"], top["total"], top["plans"]) == (
        "常州市市场监督管理局", "常州市", 10, 2, 12, 1)
    court = next(r for r in rows if r["agency"] == "常州市中级人民法院")
    assert (court["led"], court["supported"]) == (9, 1)
    assert max(r["led"] for r in rows) == 10
    assert rows == rows_of(store, "agency-workload", city="常州")  # the only 常州 plan


def test_plans_targeting_zhengzhao_fenli(store):
    row = next(r for r in rows_of(store, "reform-spread") if r["reform"] == "证照分离")
    # 常州 2020, then 2021 江北区 before 葛店开发区 (name order), then 衢州 2022
    assert row["adopters"] == ["常州市", "江北区", "葛店开发区", "衢州市"]
    assert (row["plans"], row["cities"], row["first_year"]) == (4, 4, 2020)
    timeline = rows_of(store, "reform-timeline", reform="证照分离")
    assert [(r["year"], r["jurisdictions"]) for r in timeline] == [
        (2020, ["常州市"]), (2021, ["江北区", "葛店开发区"]), (2022, ["衢州市"])]


def test_gedian_tasks_due_by_june_2021(store):
    rows = rows_of(store, "deadlines", plan="ezhou-gedian-2021-implementation-plan.txt", due_by="2021-06-30")
    numbers = sorted(int(r["task"]) for r in rows)
    assert numbers == [2, 5, 6, 7, 8, 9, 11, 12, 15, 16, 18, 20, 23, 24, 25, 26, 27, 28, 29, 36, 37, 41,
                       42, 43, 44, 48]
    assert {r["jurisdiction"] for r in rows} == {"葛店开发区"}
    assert [r["task"] for r in rows if r["ongoing"]] == ["42", "43", "44"]  # 2020年8月底,长期推进
    late = rows_of(store, "deadlines", plan="ezhou-gedian-2021-implementation-plan.txt", as_of="2021-04-01",
                   due_by="2021-06-30")
    # due before 2021-04-01 and not ongoing: task 20 (2020-06) and the four due 2021年3月底
    assert sorted(int(r["task"]) for r in late if r["overdue"]) == [2, 20, 23, 25, 26]


def test_graded_outputs_are_json_ready(store):
    for name in ("agency-workload", "reform-spread"):
        columns, rows = run_query(store, name, {})
        assert rows, name
        for row in rows:
            for value in row:
                assert value is None or isinstance(value, (str, int, list)), (name, value)


def test_examples_agree_with_networkx(store, plans):
    workload = {(r["agency"], r["jurisdiction"]): (r["led"], r["supported"], r["plans"])
                for r in rows_of(store, "agency-workload")}
    assert workload == nx_workload(plans)
    spread = {r["reform"]: (r["plans"], r["cities"], r["first_year"], r["adopters"])
              for r in rows_of(store, "reform-spread")}
    assert spread == nx_reform_spread(plans)


@pytest.mark.parametrize("name", ["agency-kinds-by-city", "lead-concentration", "agency-collaboration",
                                  "reform-cooccurrence", "city-reform-matrix", "deadline-months", "targets",
                                  "plan-overview", "agency-profile"])
def test_other_queries_answer_on_the_examples(store, name):
    assert rows_of(store, name)


def test_graded_outputs_are_sorted(store):
    workload = rows_of(store, "agency-workload")
    assert workload == sorted(workload, key=lambda r: (-r["total"], r["agency"], r["jurisdiction"] or ""))
    assert all(r["led"] + r["supported"] == r["total"] for r in workload)
    spread = rows_of(store, "reform-spread")
    assert spread == sorted(spread, key=lambda r: (-r["plans"], r["reform"]))


# --- limits that keep the whole-corpus queries fast on a large store -------------------------

def test_agency_collaboration_limit_keeps_the_strongest_pairs(store):
    everything = rows_of(store, "agency-collaboration", limit=100000)
    assert len(everything) > 200  # the examples have more pairs than the default limit
    assert rows_of(store, "agency-collaboration") == everything[:200]
    assert rows_of(store, "agency-collaboration", limit=5) == everything[:5]
    assert everything == sorted(everything, key=lambda r: (-r["tasks"], -r["plans"], r["agency_a"], r["agency_b"]))
    changzhou = rows_of(store, "agency-collaboration", city="常州", limit=100000)
    assert changzhou == [r for r in everything if r["jurisdiction_a"] == r["jurisdiction_b"] == "常州市"]


def test_agency_profile_without_an_agency_profiles_the_busiest(store):
    profiles = rows_of(store, "agency-profile")
    workload = rows_of(store, "agency-workload")  # same order: most tasks first, then name, jurisdiction
    assert len(profiles) == 20
    assert [(r["agency"], r["led"], r["supported"]) for r in profiles] == [
        (r["agency"], r["led"], r["supported"]) for r in workload[:20]]
    assert rows_of(store, "agency-profile", limit=3) == profiles[:3]
    one = rows_of(store, "agency-profile", agency=profiles[3]["agency"])
    assert one == [profiles[3]]


def test_plan_overview_without_a_plan_shows_the_first_plans(store):
    every = rows_of(store, "plan-overview")
    assert len({r["plan"] for r in every}) == 5  # the examples' five plans fit the default limit
    first_two = sorted({r["plan"] for r in every})[:2]
    assert rows_of(store, "plan-overview", limit=2) == [r for r in every if r["plan"] in first_two]
    quzhou = rows_of(store, "plan-overview", plan="quzhou-2022-implementation-plan.txt")
    assert quzhou and quzhou == [r for r in every if r["plan"] == quzhou[0]["plan"]]

"""Summaries written at load time (WORKS_IN, ADOPTS and its reform pairs, the corpus-wide WORKS_WITH,
Task.due, Plan lead summary) against
what they summarise.

The shipped queries read the per-plan summaries written at load time (graphkit.graph.summary_rels).
Here, on a real embedded store holding a synthetic corpus plus the example plans, the summaries
must equal the counts taken from the task-level LEADS/SUPPORTS/TARGETS edges, and each rewritten
query must return exactly what its task-level form (kept below as the oracle) returns — also
after plans are replaced by changed versions.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from graphkit.extract import extract_file, iter_documents
from graphkit.graph import plan_records
from graphkit.queries import load_queries
from graphkit.stores import open_store
from plan_factory import changed_first, corpus, make_plan
from query_fixture import fixture_plans

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import synth  # noqa: E402

QUERIES = load_queries(directory=None)

CITY = "($city IS NULL OR p.city = $city OR p.city = $city + '市' OR p.jurisdiction = $city)"
PLAN = "($plan IS NULL OR p.id = $plan OR p.title = $plan OR p.source ENDS WITH $plan)"
TASK_AGENCY = "MATCH (p:Plan)-[:HAS_TASK]->(t:Task)-[:HAS_PART*0..1]->(x)<-[r:LEADS|SUPPORTS]-(a:Agency)"
TASK_REFORM = "MATCH (p:Plan)-[:HAS_TASK]->(t:Task)-[e:TARGETS]->(r:Reform)"

# The task-level forms the shipped queries had before they read the summaries.
ORACLES = {
    "agency-workload": f"""{TASK_AGENCY}
WHERE {CITY} AND {PLAN} AND ($kind IS NULL OR a.kind = $kind)
WITH a, count(DISTINCT t) AS total, count(DISTINCT CASE WHEN type(r) = 'LEADS' THEN t END) AS led,
     count(DISTINCT p) AS plans
RETURN a.name AS agency, a.jurisdiction AS jurisdiction, a.kind AS kind,
       led, total - led AS supported, total, plans
ORDER BY total DESC, agency, coalesce(jurisdiction, ''), a.id
LIMIT $limit""",
    "agency-kinds-by-city": f"""{TASK_AGENCY}
WHERE {CITY}
WITH coalesce(p.city, p.jurisdiction, '?') AS city, a, count(DISTINCT t) AS assignments,
     count(DISTINCT CASE WHEN type(r) = 'LEADS' THEN t END) AS led
WITH city, coalesce(a.kind, '其他') AS kind, count(a) AS agencies, toInteger(sum(led)) AS led,
     toInteger(sum(assignments)) AS assignments
WITH city, toFloat(sum(assignments)) AS city_total,
     collect({{kind: kind, agencies: agencies, led: led, assignments: assignments}}) AS kinds
UNWIND kinds AS k
RETURN city, k.kind AS kind, k.agencies AS agencies, k.led AS led, k.assignments AS assignments,
       round(1000.0 * k.assignments / city_total) / 1000.0 AS share
ORDER BY city, share DESC, kind""",
    "reform-spread": f"""{TASK_REFORM}
WHERE ($category IS NULL OR r.category = $category) AND {CITY}
WITH r, p, count(e) AS tasks
WITH r, count(p) AS plans, count(DISTINCT p.city) AS cities, min(p.year) AS first_year, collect(p) AS adopting
UNWIND adopting AS p
WITH r, plans, cities, first_year, coalesce(p.jurisdiction, p.city) AS adopter, min(p.year) AS year
ORDER BY coalesce(year, 99999), adopter
WITH r, plans, cities, first_year, collect(adopter) AS adopters
RETURN r.name AS reform, r.category AS category, plans, cities, first_year, adopters
ORDER BY plans DESC, reform""",
    "city-reform-matrix": f"""{TASK_REFORM}
WHERE ($category IS NULL OR r.category = $category)
WITH coalesce(p.city, p.jurisdiction, '?') AS city, r, count(DISTINCT t) AS tasks, count(DISTINCT p) AS plans
WHERE tasks >= $min_tasks
RETURN city, r.name AS reform, r.category AS category, tasks, plans
ORDER BY city, tasks DESC, reform""",
    "reform-timeline": f"""{TASK_REFORM}
WHERE p.year IS NOT NULL AND ($reform IS NULL OR r.name = $reform) AND ($category IS NULL OR r.category = $category)
WITH p.year AS year, r, p, e
ORDER BY coalesce(p.jurisdiction, p.city, p.title, p.id)
WITH year, r, count(DISTINCT p) AS plans, count(e) AS tasks,
     collect(DISTINCT coalesce(p.jurisdiction, p.city, p.title, p.id)) AS jurisdictions
RETURN year, r.name AS reform, r.category AS category, plans, tasks, jurisdictions
ORDER BY year, plans DESC, tasks DESC, reform""",
    "deadline-months": f"""MATCH (p:Plan)-[:HAS_TASK]->(t:Task)
WHERE {CITY} AND {PLAN}
OPTIONAL MATCH (t)-[:HAS_PART]->(part:Part)
WITH p, t, min(part.deadline_date) AS part_due
WITH p, t, coalesce(t.deadline_date, part_due) AS due, coalesce(t.ongoing, false) AS ongoing
WHERE due IS NOT NULL OR ongoing
WITH CASE WHEN due IS NULL THEN 'ongoing' ELSE substring(due, 0, 7) END AS month, p, t,
     ($as_of IS NOT NULL AND due IS NOT NULL AND due < $as_of AND NOT ongoing) AS late, ongoing
RETURN month, count(t) AS tasks, count(CASE WHEN late THEN t END) AS overdue,
       count(CASE WHEN ongoing THEN t END) AS ongoing, count(DISTINCT p) AS plans
ORDER BY CASE WHEN month = 'ongoing' THEN 1 ELSE 0 END, month""",
    "deadlines": f"""MATCH (p:Plan)-[:HAS_TASK]->(t:Task)
WHERE {CITY} AND {PLAN}
OPTIONAL MATCH (t)-[:HAS_PART]->(part:Part)
WITH p, t, min(part.deadline_date) AS part_due, collect(part.deadline) AS part_deadlines
WITH p, t, coalesce(t.deadline_date, part_due) AS due,
     coalesce(t.deadline, head(part_deadlines)) AS deadline, coalesce(t.ongoing, false) AS ongoing
WHERE (due IS NOT NULL OR (ongoing AND $ongoing))
  AND ($due_by IS NULL OR (due IS NOT NULL AND due <= $due_by))
  AND ($due_from IS NULL OR (due IS NOT NULL AND due >= $due_from))
OPTIONAL MATCH (t)-[:HAS_PART*0..1]->(x)<-[r:LEADS]-(a:Agency)
WITH p, t, due, deadline, ongoing, a
ORDER BY a.name
WITH p, t, due, deadline, ongoing, collect(DISTINCT a.name) AS leads
RETURN CASE WHEN due IS NULL THEN 'ongoing' ELSE substring(due, 0, 7) END AS month,
       due, deadline, ongoing,
       ($as_of IS NOT NULL AND due IS NOT NULL AND due < $as_of AND NOT ongoing) AS overdue,
       coalesce(p.jurisdiction, p.city, p.title, p.id) AS jurisdiction, p.id AS plan,
       t.number AS task, t.text AS text, leads
ORDER BY coalesce(due, '9999-99-99'), jurisdiction, t.span[0], t.id
LIMIT $limit""",
    "reform-cooccurrence": f"""MATCH (p:Plan)-[:HAS_TASK]->(t:Task)-[e1:TARGETS]->(r1:Reform)
WHERE {CITY}
MATCH (t)-[e2:TARGETS]->(r2:Reform)
WHERE r1.name < r2.name AND ($reform IS NULL OR r1.name = $reform OR r2.name = $reform)
WITH r1, r2, count(DISTINCT t) AS tasks, count(DISTINCT p) AS plans
WHERE tasks >= $min_tasks
RETURN r1.name AS reform_a, r2.name AS reform_b, tasks, plans
ORDER BY tasks DESC, plans DESC, reform_a, reform_b""",
    "agency-collaboration": f"""MATCH (p:Plan)-[:HAS_TASK]->(t:Task)
WHERE {CITY}
  AND {PLAN}
MATCH (t)-[:HAS_PART*0..1]->(x)<-[r:LEADS|SUPPORTS]-(a:Agency)
WITH p, t, collect(DISTINCT a) AS agencies, collect(DISTINCT CASE WHEN type(r) = 'LEADS' THEN a.id END) AS leaders
UNWIND range(0, size(agencies) - 2) AS i
UNWIND range(i + 1, size(agencies) - 1) AS j
WITH p, t, agencies[i] AS u, agencies[j] AS v, leaders
WITH p, t, CASE WHEN u.id < v.id THEN u ELSE v END AS a, CASE WHEN u.id < v.id THEN v ELSE u END AS b, leaders
WHERE $agency IS NULL OR a.name = $agency OR b.name = $agency
WITH a, b, count(t) AS tasks, count(DISTINCT p) AS plans,
     count(CASE WHEN a.id IN leaders AND b.id IN leaders THEN t END) AS both_lead
WHERE tasks >= $min_tasks
RETURN a.name AS agency_a, a.jurisdiction AS jurisdiction_a, b.name AS agency_b, b.jurisdiction AS jurisdiction_b,
       tasks, both_lead, plans
ORDER BY tasks DESC, plans DESC, agency_a, agency_b, a.id, b.id
LIMIT $limit""",
    "lead-concentration": f"""MATCH (p:Plan)-[:HAS_TASK]->(t:Task)
WHERE {CITY}
  AND {PLAN}
WITH p, count(t) AS tasks
OPTIONAL MATCH (p)-[:HAS_TASK]->(t:Task)-[:HAS_PART*0..1]->(x)<-[r:LEADS]-(a:Agency)
WITH p, tasks, a, collect(DISTINCT t.id) AS ids
ORDER BY size(ids) DESC, a.name, a.id
WITH p, tasks, collect(CASE WHEN a IS NULL THEN NULL ELSE {{agency: a.name, ids: ids}} END) AS ranked
WITH p, tasks, ranked,
     reduce(acc = [], m IN ranked | acc + [i IN m.ids WHERE NOT i IN acc]) AS led_ids,
     reduce(acc = [], m IN ranked[0..3] | acc + [i IN m.ids WHERE NOT i IN acc]) AS top_ids
WITH p, tasks, tasks - size(led_ids) AS no_lead, size(top_ids) AS top3_tasks,
     [m IN ranked[0..3] | m.agency + ' (' + toString(size(m.ids)) + ')'] AS top3
RETURN p.id AS plan, p.jurisdiction AS jurisdiction, p.title AS title, tasks, no_lead, top3, top3_tasks,
       CASE WHEN tasks = 0 THEN 0.0 ELSE round(1000.0 * top3_tasks / tasks) / 1000.0 END AS top3_share
ORDER BY top3_share DESC, plan""",
}


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> list:
    out = tmp_path_factory.mktemp("synth") / "c30"
    synth.generate(out, 30, seed=23)
    examples = ROOT / "examples" / "corpus"
    return [extract_file(path) for path, skip in iter_documents([out, examples]) if not skip]


@pytest.fixture(scope="module")
def store(tmp_path_factory, synthetic):
    with open_store(tmp_path_factory.mktemp("summaries") / "store") as handle:
        # + the hand-built query fixture: its tasks without a date take one from annexed-table rows
        for plan in [*synthetic, *corpus(), *fixture_plans()]:
            handle.write_plan(plan_records(plan))
        yield handle


def defaults(name: str, **overrides) -> dict:
    params = {n: p.default for n, p in QUERIES[name].params.items()}
    params.update(overrides)
    return params


def assert_summaries_match_the_edges(store) -> None:
    works = store.query("MATCH (a:Agency)-[w:WORKS_IN]->(p:Plan) "
                        "RETURN a.id AS a, p.id AS p, w.tasks AS tasks, w.led AS led, w.plan_id AS plan_id")
    counted = store.query(f"""{TASK_AGENCY}
WITH a, p, count(DISTINCT t) AS tasks, count(DISTINCT CASE WHEN type(r) = 'LEADS' THEN t END) AS led
RETURN a.id AS a, p.id AS p, tasks, led, p.id AS plan_id""")
    key = lambda r: (r["a"], r["p"])  # noqa: E731
    assert sorted(works, key=key) == sorted(counted, key=key)
    adopts = store.query("MATCH (p:Plan)-[e:ADOPTS]->(r:Reform) RETURN p.id AS p, r.name AS r, e.tasks AS tasks")
    counted = store.query(f"{TASK_REFORM} RETURN p.id AS p, r.name AS r, count(DISTINCT t) AS tasks")
    key = lambda r: (r["p"], r["r"])  # noqa: E731
    assert sorted(adopts, key=key) == sorted(counted, key=key)
    listed = store.query("MATCH (p:Plan)-[e:ADOPTS]->(r:Reform) UNWIND range(0, size(e.paired) - 1) AS i "
                         "RETURN p.id AS p, r.name AS a, e.paired[i] AS b, e.paired_tasks[i] AS tasks")
    counted = store.query("MATCH (p:Plan)-[:HAS_TASK]->(t:Task)-[:TARGETS]->(a:Reform) "
                          "MATCH (t)-[:TARGETS]->(b:Reform) WHERE a.name < b.name "
                          "RETURN p.id AS p, a.name AS a, b.name AS b, count(t) AS tasks")
    key = lambda r: (r["p"], r["a"], r["b"])  # noqa: E731
    assert sorted(listed, key=key) == sorted(counted, key=key)
    together = store.query("MATCH (a:Agency)-[w:WORKS_WITH]->(b:Agency) RETURN a.id AS a, b.id AS b, "
                           "w.tasks AS tasks, w.both_lead AS both_lead, w.plans AS plans")
    counted = store.query(ORACLES["agency-collaboration"].replace(
        "RETURN a.name AS agency_a", "RETURN a.id AS a, b.id AS b, a.name AS agency_a"),
        {"city": None, "plan": None, "agency": None, "min_tasks": 1, "limit": 10 ** 9})
    counted = [{k: row[k] for k in ("a", "b", "tasks", "both_lead", "plans")} for row in counted]
    key = lambda r: (r["a"], r["b"])  # noqa: E731
    assert sorted(together, key=key) == sorted(counted, key=key)


def test_summaries_equal_the_edges_they_count(store):
    assert_summaries_match_the_edges(store)
    assert store.query("MATCH ()-[w:WORKS_IN]->() RETURN count(w) AS n")[0]["n"] > 100
    pairs = store.query("MATCH ()-[e:ADOPTS]->() RETURN sum(size(e.paired)) AS n")[0]["n"]
    assert pairs > 50  # the corpus has tasks targeting several reforms


@pytest.mark.parametrize("params", [{"agency": "市市场监管局"}, {"plan": "changzhou-a.txt"}, {"min_tasks": 3, "limit": 7}])
def test_agency_collaboration_forms_equal_the_task_level_form(store, params):
    params = defaults("agency-collaboration", **params)
    rows = store.query(QUERIES["agency-collaboration"].cypher, params)
    assert rows and rows == store.query(ORACLES["agency-collaboration"], params)


def test_reform_cooccurrence_for_one_reform_equals_its_task_level_form(store):
    params = defaults("reform-cooccurrence", reform="证照分离", min_tasks=2)
    rows = store.query(QUERIES["reform-cooccurrence"].cypher, params)
    assert rows and rows == store.query(ORACLES["reform-cooccurrence"], params)


@pytest.mark.parametrize("name", sorted(ORACLES))
def test_query_on_summaries_equals_its_task_level_form(store, name):
    params = defaults(name)
    assert store.query(QUERIES[name].cypher, params) == store.query(ORACLES[name], params)


def test_agency_workload_limit_cuts_the_ranked_list(store):
    everything = store.query(QUERIES["agency-workload"].cypher, defaults("agency-workload", limit=1000000))
    assert len(everything) > 5
    assert store.query(QUERIES["agency-workload"].cypher, defaults("agency-workload", limit=5)) == everything[:5]


def test_deadlines_beyond_the_default_limit_equal_the_task_level_form(store):
    from_parts = store.query("MATCH (t:Task)-[:HAS_PART]->(q:Part) WHERE t.deadline_date IS NULL "
                             "AND q.deadline_date IS NOT NULL RETURN count(DISTINCT t) AS n")[0]["n"]
    assert from_parts > 0  # some tasks take their due date from an annexed-table row
    for params in (defaults("deadlines", limit=100000, as_of="2021-06-30"),
                   defaults("deadlines", limit=7, ongoing=False, due_from="2021-01-01", due_by="2022-12-31")):
        rows = store.query(QUERIES["deadlines"].cypher, params)
        assert rows == store.query(ORACLES["deadlines"], params)
    assert len(store.query(QUERIES["deadlines"].cypher, defaults("deadlines", limit=100000))) > 7


@pytest.mark.parametrize("name", ["agency-workload", "agency-kinds-by-city", "reform-spread", "deadline-months",
                                  "lead-concentration", "reform-cooccurrence", "agency-collaboration"])
def test_filtered_query_on_summaries_equals_its_task_level_form(store, name):
    params = defaults(name, city="常州")
    rows = store.query(QUERIES[name].cypher, params)
    assert rows and rows == store.query(ORACLES[name], params)


def test_agency_profile_totals_equal_the_task_level_counts(store):
    rows = store.query(QUERIES["agency-profile"].cypher, defaults("agency-profile", limit=5))
    assert len(rows) == 5
    for row in rows:
        counted = store.query(
            "MATCH (a:Agency {name: $name}) WHERE a.jurisdiction = $j OR ($j IS NULL AND a.jurisdiction IS NULL) "
            "MATCH (a)-[r:LEADS|SUPPORTS]->(x)<-[:HAS_PART*0..1]-(t:Task) "
            "RETURN count(DISTINCT t) AS total, count(DISTINCT CASE WHEN type(r) = 'LEADS' THEN t END) AS led",
            {"name": row["agency"], "j": row["jurisdiction"]})[0]
        assert (row["led"], row["led"] + row["supported"]) == (counted["led"], counted["total"])


def test_replacing_plans_keeps_summaries_exact(tmp_path):
    plans = corpus()
    with open_store(tmp_path / "s") as handle:
        for plan in plans:
            handle.write_plan(plan_records(plan))
        before = handle.query("MATCH ()-[w:WORKS_IN]->() RETURN count(w) AS n")[0]["n"]
        changed = changed_first(plans)  # the first plan with different text: replaces it
        handle.write_plan(plan_records(changed))
        assert_summaries_match_the_edges(handle)
        for plan in plans:  # reload everything: back to the first state
            handle.write_plan(plan_records(plan))
        assert_summaries_match_the_edges(handle)
        assert handle.query("MATCH ()-[w:WORKS_IN]->() RETURN count(w) AS n")[0]["n"] == before


def test_works_with_adds_up_plans_and_takes_a_replaced_plan_off(tmp_path):
    def plan(source, texts):
        return make_plan("常州市", source, [{"text": text, "leads": ["市发改委"], "supports": ["市政务办"]}
                                           for text in texts])

    def counts(handle):
        return handle.query("MATCH (a:Agency)-[w:WORKS_WITH]->(b:Agency) "
                            "RETURN a.name AS a, b.name AS b, w.tasks AS tasks, w.plans AS plans")

    with open_store(tmp_path / "s") as handle:
        handle.write_plan(plan_records(plan("one.txt", ["推进一网通办。", "深化证照分离。"])))
        handle.write_plan(plan_records(plan("two.txt", ["优化营商环境。"])))
        assert counts(handle) == [{"a": "市发改委", "b": "市政务办", "tasks": 3, "plans": 2}]
        assert_summaries_match_the_edges(handle)
        handle.write_plan(plan_records(plan("one.txt", ["推进一网通办，压缩时限。"])))  # replaces one.txt
        assert counts(handle) == [{"a": "市发改委", "b": "市政务办", "tasks": 2, "plans": 2}]
        handle.write_plan(plan_records(make_plan("常州市", "one.txt", [{"text": "只有牵头。", "leads": ["市发改委"]}])))
        handle.write_plan(plan_records(make_plan("常州市", "two.txt", [{"text": "无人配合。", "leads": ["市发改委"]}])))
        assert counts(handle) == []  # no plan pairs them any more: the relationship is gone
        assert_summaries_match_the_edges(handle)

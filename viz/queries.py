"""The Cypher behind every view and chart: text constants, values only as parameters.

Each statement runs unchanged on the embedded FalkorDB store and on Neo4j 5 through
``store.query(cypher, params)``. Filters are optional parameters: ``$city``, ``$plan`` and
``$kind`` may be ``null`` (no filter). ``$city`` matches a plan's city or its issuing
jurisdiction ("常州市", "常州" with 市 added, "江北区"). Every statement is linted with Neo4j's own linter
(tests/test_viz_queries.py), and :data:`STATEMENTS` lists them with example parameters.
"""

from __future__ import annotations

from typing import Any

# --- agency workload -------------------------------------------------------------------

#: One row per agency with its task counts under the filters (all agencies; the caller cuts top-N).
AGENCY_WORKLOAD = """
MATCH (p:Plan)-[:HAS_TASK]->(t:Task)<-[r:LEADS|SUPPORTS]-(a:Agency)
WHERE ($city IS NULL OR p.city = $city OR p.city = $city + '市' OR p.jurisdiction = $city)
  AND ($plan IS NULL OR p.id = $plan)
  AND ($kind IS NULL OR a.kind = $kind)
WITH a, count(DISTINCT t) AS tasks,
     sum(CASE WHEN type(r) = 'LEADS' THEN 1 ELSE 0 END) AS leads,
     sum(CASE WHEN type(r) = 'SUPPORTS' THEN 1 ELSE 0 END) AS supports
RETURN a.id AS id, a.name AS name, a.kind AS kind, a.jurisdiction AS jurisdiction,
       tasks, leads, supports
ORDER BY tasks DESC, id
"""

#: The first ``$n`` tasks of each agency in ``$ids`` (led before supported), for tooltips.
AGENCY_TOP_TASKS = """
MATCH (p:Plan)-[:HAS_TASK]->(t:Task)<-[r:LEADS|SUPPORTS]-(a:Agency)
WHERE a.id IN $ids
  AND ($city IS NULL OR p.city = $city OR p.city = $city + '市' OR p.jurisdiction = $city)
  AND ($plan IS NULL OR p.id = $plan)
WITH a, t, type(r) AS role
ORDER BY a.id, role, t.id
WITH a, collect(role) AS roles, collect(t.text) AS texts
RETURN a.id AS id, roles[0..$n] AS roles, texts[0..$n] AS texts
"""

#: Pairs of agencies in ``$ids`` assigned to the same task, weighted by shared tasks.
CO_ASSIGNMENT = """
MATCH (p:Plan)-[:HAS_TASK]->(t:Task)<-[:LEADS|SUPPORTS]-(a:Agency)
MATCH (t)<-[:LEADS|SUPPORTS]-(b:Agency)
WHERE a.id IN $ids AND b.id IN $ids AND a.id < b.id
  AND ($city IS NULL OR p.city = $city OR p.city = $city + '市' OR p.jurisdiction = $city)
  AND ($plan IS NULL OR p.id = $plan)
RETURN a.id AS source, b.id AS target, count(DISTINCT t) AS tasks
ORDER BY tasks DESC, source, target
"""

# --- reform spread ---------------------------------------------------------------------

#: Reform × place (a plan's city, else its jurisdiction): tasks and the first year seen.
REFORM_SPREAD_BY_CITY = """
MATCH (p:Plan)-[:HAS_TASK]->(t:Task)-[:TARGETS]->(r:Reform)
WHERE ($city IS NULL OR p.city = $city OR p.city = $city + '市' OR p.jurisdiction = $city)
  AND ($plan IS NULL OR p.id = $plan)
WITH r, coalesce(p.city, p.jurisdiction) AS place, t, p
RETURN r.name AS reform, r.category AS category, place,
       count(DISTINCT t) AS tasks, count(DISTINCT p) AS plans, min(p.year) AS first_year
ORDER BY reform, place
"""

#: Reform × plan: tasks per plan (the plan-level spread).
REFORM_SPREAD_BY_PLAN = """
MATCH (p:Plan)-[:HAS_TASK]->(t:Task)-[:TARGETS]->(r:Reform)
WHERE ($city IS NULL OR p.city = $city OR p.city = $city + '市' OR p.jurisdiction = $city)
  AND ($plan IS NULL OR p.id = $plan)
RETURN r.name AS reform, r.category AS category, p.id AS plan, p.title AS title,
       p.jurisdiction AS jurisdiction, p.year AS first_year, count(DISTINCT t) AS tasks
ORDER BY reform, plan
"""

# --- one plan --------------------------------------------------------------------------

PLAN_META = """
MATCH (p:Plan {id: $plan})
RETURN p.id AS id, p.title AS title, p.issuer AS issuer, p.city AS city,
       p.jurisdiction AS jurisdiction, p.year AS year, p.date AS date, p.source AS source
"""

PLAN_TASKS = """
MATCH (p:Plan {id: $plan})-[:HAS_TASK]->(t:Task)
RETURN t.id AS id, t.number AS number, t.text AS text, t.section AS section,
       t.span AS span, t.deadline AS deadline
ORDER BY id
"""

PLAN_ASSIGNMENTS = """
MATCH (p:Plan {id: $plan})-[:HAS_TASK]->(t:Task)<-[r:LEADS|SUPPORTS]-(a:Agency)
RETURN t.id AS task, a.id AS agency, a.name AS name, a.kind AS kind,
       a.jurisdiction AS jurisdiction, type(r) AS role
ORDER BY task, role, agency
"""

PLAN_REFORMS = """
MATCH (p:Plan {id: $plan})-[:HAS_TASK]->(t:Task)-[:TARGETS]->(r:Reform)
RETURN t.id AS task, r.name AS reform, r.category AS category
ORDER BY task, reform
"""

# --- one agency ------------------------------------------------------------------------

AGENCY_META = """
MATCH (a:Agency {id: $agency})
RETURN a.id AS id, a.name AS name, a.kind AS kind, a.jurisdiction AS jurisdiction
"""

AGENCY_TASKS = """
MATCH (a:Agency {id: $agency})-[r:LEADS|SUPPORTS]->(t:Task)<-[:HAS_TASK]-(p:Plan)
RETURN t.id AS task, t.number AS number, t.text AS text, type(r) AS role,
       p.id AS plan, p.title AS title, p.jurisdiction AS jurisdiction, p.year AS year
ORDER BY role, plan, task
"""

AGENCY_PARTNERS = """
MATCH (a:Agency {id: $agency})-[:LEADS|SUPPORTS]->(t:Task)<-[r:LEADS|SUPPORTS]-(b:Agency)
WHERE t.id IN $tasks AND b.id <> a.id
RETURN t.id AS task, b.id AS agency, b.name AS name, b.kind AS kind,
       b.jurisdiction AS jurisdiction, type(r) AS role
ORDER BY task, agency
"""

AGENCY_REFORMS = """
MATCH (a:Agency {id: $agency})-[:LEADS|SUPPORTS]->(t:Task)-[:TARGETS]->(r:Reform)
WHERE t.id IN $tasks
RETURN t.id AS task, r.name AS reform, r.category AS category
ORDER BY task, reform
"""

# --- one reform ------------------------------------------------------------------------

REFORM_META = """
MATCH (r:Reform {name: $reform})
RETURN r.name AS name, r.category AS category
"""

REFORM_TASKS = """
MATCH (p:Plan)-[:HAS_TASK]->(t:Task)-[:TARGETS]->(r:Reform {name: $reform})
RETURN t.id AS task, t.number AS number, t.text AS text, p.id AS plan, p.title AS title,
       p.jurisdiction AS jurisdiction, p.city AS city, p.year AS year
ORDER BY year, plan, task
"""

REFORM_AGENCIES = """
MATCH (a:Agency)-[r:LEADS|SUPPORTS]->(t:Task)-[:TARGETS]->(:Reform {name: $reform})
WHERE t.id IN $tasks
RETURN t.id AS task, a.id AS agency, a.name AS name, a.kind AS kind,
       a.jurisdiction AS jurisdiction, type(r) AS role
ORDER BY task, role, agency
"""

# --- report ----------------------------------------------------------------------------

#: Node counts per label.
LABEL_COUNTS = """
MATCH (n)
UNWIND labels(n) AS label
RETURN label, count(*) AS n
ORDER BY label
"""

#: Every plan with its task count (for the report's table and its plan explorers).
PLAN_LIST = """
MATCH (p:Plan)
OPTIONAL MATCH (p)-[:HAS_TASK]->(t:Task)
RETURN p.id AS id, p.title AS title, p.city AS city, p.jurisdiction AS jurisdiction,
       p.year AS year, p.source AS source, count(t) AS tasks
ORDER BY id
"""

#: Assignments per place, agency kind and role (the workload bar chart).
WORKLOAD_BY_KIND = """
MATCH (p:Plan)-[:HAS_TASK]->(t:Task)<-[r:LEADS|SUPPORTS]-(a:Agency)
RETURN coalesce(p.city, p.jurisdiction) AS place, a.kind AS kind, type(r) AS role, count(*) AS n
ORDER BY place, kind, role
"""

# --- filter checks (a mistyped --city or --kind is an error, not an empty view) ------

#: How many plans the place and plan filters keep.
FILTER_PLANS = """
MATCH (p:Plan)
WHERE ($city IS NULL OR p.city = $city OR p.city = $city + '市' OR p.jurisdiction = $city)
  AND ($plan IS NULL OR p.id = $plan)
RETURN count(p) AS plans
"""

#: How many agencies are of kind ``$kind``.
FILTER_KIND = """
MATCH (a:Agency)
WHERE a.kind = $kind
RETURN count(a) AS agencies
"""

#: The ``$n`` places with the most plans (the hint after an unknown ``--city``).
PLACE_NAMES = """
MATCH (p:Plan)
WITH coalesce(p.city, p.jurisdiction) AS place, count(*) AS plans
WHERE place IS NOT NULL
RETURN place
ORDER BY plans DESC, place
LIMIT $n
"""

#: The ``$n`` agency kinds with the most agencies (the hint after an unknown ``--kind``).
KIND_NAMES = """
MATCH (a:Agency)
WITH a.kind AS kind, count(*) AS agencies
WHERE kind IS NOT NULL
RETURN kind
ORDER BY agencies DESC, kind
LIMIT $n
"""

_FILTERS: dict[str, Any] = {"city": "常州市", "plan": "plan-0123456789abcdef"}

#: (name, cypher, example parameters) of every statement above — what the linter checks.
STATEMENTS: list[tuple[str, str, dict[str, Any]]] = [
    ("AGENCY_WORKLOAD", AGENCY_WORKLOAD, {**_FILTERS, "kind": "政府部门"}),
    ("AGENCY_TOP_TASKS", AGENCY_TOP_TASKS, {**_FILTERS, "ids": ["常州市/商务局"], "n": 5}),
    ("CO_ASSIGNMENT", CO_ASSIGNMENT, {**_FILTERS, "ids": ["常州市/商务局"]}),
    ("REFORM_SPREAD_BY_CITY", REFORM_SPREAD_BY_CITY, dict(_FILTERS)),
    ("REFORM_SPREAD_BY_PLAN", REFORM_SPREAD_BY_PLAN, dict(_FILTERS)),
    ("PLAN_META", PLAN_META, {"plan": "plan-0123456789abcdef"}),
    ("PLAN_TASKS", PLAN_TASKS, {"plan": "plan-0123456789abcdef"}),
    ("PLAN_ASSIGNMENTS", PLAN_ASSIGNMENTS, {"plan": "plan-0123456789abcdef"}),
    ("PLAN_REFORMS", PLAN_REFORMS, {"plan": "plan-0123456789abcdef"}),
    ("AGENCY_META", AGENCY_META, {"agency": "常州市/商务局"}),
    ("AGENCY_TASKS", AGENCY_TASKS, {"agency": "常州市/商务局"}),
    ("AGENCY_PARTNERS", AGENCY_PARTNERS, {"agency": "常州市/商务局", "tasks": ["t1"]}),
    ("AGENCY_REFORMS", AGENCY_REFORMS, {"agency": "常州市/商务局", "tasks": ["t1"]}),
    ("REFORM_META", REFORM_META, {"reform": "证照分离"}),
    ("REFORM_TASKS", REFORM_TASKS, {"reform": "证照分离"}),
    ("REFORM_AGENCIES", REFORM_AGENCIES, {"reform": "证照分离", "tasks": ["t1"]}),
    ("LABEL_COUNTS", LABEL_COUNTS, {}),
    ("PLAN_LIST", PLAN_LIST, {}),
    ("WORKLOAD_BY_KIND", WORKLOAD_BY_KIND, {}),
    ("FILTER_PLANS", FILTER_PLANS, dict(_FILTERS)),
    ("FILTER_KIND", FILTER_KIND, {"kind": "市场监管"}),
    ("PLACE_NAMES", PLACE_NAMES, {"n": 8}),
    ("KIND_NAMES", KIND_NAMES, {"n": 8}),
]

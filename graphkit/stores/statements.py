"""Every Cypher statement the stores send — one module, the same text for FalkorDB and Neo4j.

Data statements (upserts, deletes, reads) are shared verbatim by both stores; they use
only constructs both support (``UNWIND``, ``MERGE`` on nodes and relationships,
``SET n += map``, list properties, ``OPTIONAL MATCH … count()``, ``UNION``).
Only schema DDL differs: Neo4j gets named ``IF NOT EXISTS`` uniqueness constraints;
FalkorDB gets ``CREATE INDEX FOR (n:L) ON (n.k)`` plus a ``GRAPH.CONSTRAINT CREATE …
UNIQUE`` command (see :data:`FALKORDB_UNIQUE`). Text is always a parameter, never spliced.

:func:`plan_writes` is the one writer both stores execute inside their transaction.
"""

from __future__ import annotations

from typing import Any

from graphkit.graph import NODE_KEYS, PlanRecords

Statement = tuple[str, dict[str, Any]]

# Labels a plan owns outright (deleted with it), leaf-first so deletes never orphan edges.
PLAN_OWNED = ("Target", "Part", "Task")
# Labels shared between plans (MERGEd); removed only when a replace leaves them unconnected.
SHARED = ("Agency", "Reform", "City")


def upsert_nodes(label: str) -> str:
    """``UNWIND $rows`` of property maps → one MERGE per row on the label's key."""
    key = NODE_KEYS[label]
    return f"UNWIND $rows AS row MERGE (n:{label} {{{key}: row.{key}}}) SET n += row"


def upsert_rels(rel_type: str, start: str, end: str) -> str:
    """``UNWIND $rows`` of ``{start, end, props}`` → MERGE one relationship per row."""
    skey, ekey = NODE_KEYS[start], NODE_KEYS[end]
    return (
        f"UNWIND $rows AS row MATCH (a:{start} {{{skey}: row.start}}) "
        f"MATCH (b:{end} {{{ekey}: row.end}}) "
        f"MERGE (a)-[r:{rel_type}]->(b) SET r += row.props"
    )


# --- replace: find what an incoming plan replaces (same id OR same source) ---------------

REPLACED_PLANS = "MATCH (p:Plan) WHERE p.id = $plan_id OR p.source = $source RETURN p.id AS id"

# Shared nodes touched by the replaced plans: candidates for removal once the plan is gone.
ORPHAN_CANDIDATES = (
    "MATCH (t:Task) WHERE t.plan_id IN $plan_ids "
    "MATCH (n:Agency)-[:LEADS|SUPPORTS]->(t) RETURN DISTINCT 'Agency' AS label, n.id AS key "
    "UNION "
    "MATCH (t:Part) WHERE t.plan_id IN $plan_ids "
    "MATCH (n:Agency)-[:LEADS|SUPPORTS]->(t) RETURN DISTINCT 'Agency' AS label, n.id AS key "
    "UNION "
    "MATCH (t:Task)-[:TARGETS]->(n:Reform) WHERE t.plan_id IN $plan_ids "
    "RETURN DISTINCT 'Reform' AS label, n.name AS key "
    "UNION "
    "MATCH (n:City)-[:ISSUED]->(p:Plan) WHERE p.id IN $plan_ids "
    "RETURN DISTINCT 'City' AS label, n.name AS key"
)


def delete_owned(label: str) -> str:
    """Delete a replaced plan's own nodes of one label (with their relationships)."""
    return f"MATCH (n:{label}) WHERE n.plan_id IN $plan_ids DETACH DELETE n"


DELETE_PLANS = "MATCH (p:Plan) WHERE p.id IN $plan_ids DETACH DELETE p"

# WORKS_WITH holds corpus-wide counts: a plan adds its share (graph.collaboration_pairs) …
ADD_PAIRS = (
    "UNWIND $rows AS row MATCH (a:Agency {id: row.start}) MATCH (b:Agency {id: row.end}) "
    "MERGE (a)-[w:WORKS_WITH]->(b) ON CREATE SET w.tasks = 0, w.both_lead = 0, w.plans = 0 "
    "SET w.tasks = w.tasks + row.tasks, w.both_lead = w.both_lead + row.both_lead, w.plans = w.plans + 1"
)

# … and a replaced plan's share, counted from its task edges the way collaboration_pairs
# counts them, comes off before its tasks are deleted; pairs left with no plan go.
REMOVE_PAIRS = (
    "MATCH (p:Plan)-[:HAS_TASK]->(t:Task) WHERE p.id IN $plan_ids "
    "MATCH (t)-[:HAS_PART*0..1]->(x)<-[r:LEADS|SUPPORTS]-(a:Agency) "
    "WITH p, t, collect(DISTINCT a) AS agencies, "
    "collect(DISTINCT CASE WHEN type(r) = 'LEADS' THEN a.id END) AS leaders "
    "UNWIND range(0, size(agencies) - 2) AS i UNWIND range(i + 1, size(agencies) - 1) AS j "
    "WITH p, t, agencies[i] AS u, agencies[j] AS v, leaders "
    "WITH p, t, CASE WHEN u.id < v.id THEN u ELSE v END AS a, "
    "CASE WHEN u.id < v.id THEN v ELSE u END AS b, leaders "
    "WITH p, a, b, count(t) AS tasks, "
    "count(CASE WHEN a.id IN leaders AND b.id IN leaders THEN t END) AS both_lead "
    "MATCH (a)-[w:WORKS_WITH]->(b) "
    "SET w.tasks = w.tasks - tasks, w.both_lead = w.both_lead - both_lead, w.plans = w.plans - 1 "
    "WITH DISTINCT w WHERE w.plans <= 0 DELETE w"
)


def delete_orphans(label: str) -> str:
    """Remove the given shared nodes that no relationship touches any more.

    An existence test, not a degree count: at 10,000 plans a reform has ~25,000 edges, and
    counting them made each replace take ~1 s."""
    key = NODE_KEYS[label]
    return f"UNWIND $keys AS key MATCH (n:{label} {{{key}: key}}) WHERE NOT (n)--() DELETE n"


# --- reads ---------------------------------------------------------------------------------

PLAN_IDS = "MATCH (p:Plan) RETURN p.id AS id ORDER BY id"

STATS: dict[str, str] = {
    "plans": "MATCH (n:Plan) RETURN count(n) AS count",
    "tasks": "MATCH (n:Task) RETURN count(n) AS count",
    "agencies": "MATCH (n:Agency) RETURN count(n) AS count",
    "reforms": "MATCH (n:Reform) RETURN count(n) AS count",
    "cities": "MATCH (n:City) RETURN count(n) AS count",
    "edges": "MATCH ()-[r]->() RETURN count(r) AS count",
}

# Export: everything back, one label / one relationship type at a time.
def export_nodes(label: str) -> str:
    return f"MATCH (n:{label}) RETURN properties(n) AS props ORDER BY n.{NODE_KEYS[label]}"


# Relationship ends by key: every label's key is ``id`` except City/Reform (``name``).
EXPORT_RELS = (
    "MATCH (a)-[r]->(b) RETURN labels(a)[0] AS start_label, coalesce(a.id, a.name) AS start, "
    "type(r) AS type, labels(b)[0] AS end_label, coalesce(b.id, b.name) AS end, "
    "properties(r) AS props"
)

# Batched so a huge graph never needs one giant transaction; run until it returns 0.
RESET_BATCH = "MATCH (n) WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS deleted"

# --- schema DDL (store-specific; data statements above are shared) ---------------------------

# Extra lookup keys besides each label's unique key: used by replace and by queries.
LOOKUP_INDEXES: tuple[tuple[str, str], ...] = (
    ("Plan", "source"),
    ("Task", "plan_id"),
    ("Part", "plan_id"),
    ("Target", "plan_id"),
    ("Agency", "name"),
)


def neo4j_schema() -> list[str]:
    """Idempotent Neo4j 5 DDL: a uniqueness constraint per node key, lookup indexes."""
    out = [
        f"CREATE CONSTRAINT graphkit_{label.lower()}_{key} IF NOT EXISTS "
        f"FOR (n:{label}) REQUIRE n.{key} IS UNIQUE"
        for label, key in NODE_KEYS.items()
    ]
    out += [
        f"CREATE INDEX graphkit_{label.lower()}_{key} IF NOT EXISTS FOR (n:{label}) ON (n.{key})"
        for label, key in LOOKUP_INDEXES
    ]
    return out


def falkordb_indexes() -> list[tuple[str, str, str]]:
    """``(label, key, statement)`` for FalkorDB range indexes (it has no IF NOT EXISTS)."""
    pairs = list(NODE_KEYS.items()) + list(LOOKUP_INDEXES)
    return [(label, key, f"CREATE INDEX FOR (n:{label}) ON (n.{key})") for label, key in pairs]


# FalkorDB unique constraints: ``GRAPH.CONSTRAINT CREATE <graph> UNIQUE NODE <label>
# PROPERTIES 1 <key>`` (a Redis command, not Cypher; needs the range index above).
FALKORDB_UNIQUE: tuple[tuple[str, str], ...] = tuple(NODE_KEYS.items())

FALKORDB_INDEX_LIST = "CALL db.indexes() YIELD label, properties RETURN label, properties"


# --- the shared writer ----------------------------------------------------------------------

def plan_deletes(replaced: list[str]) -> list[Statement]:
    """Statements removing the replaced plans' own nodes (nothing when nothing is replaced)."""
    if not replaced:
        return []
    params = {"plan_ids": list(replaced)}
    return ([(REMOVE_PAIRS, params)] + [(delete_owned(label), params) for label in PLAN_OWNED]
            + [(DELETE_PLANS, params)])


def plan_upserts(records: PlanRecords) -> list[Statement]:
    """Batched MERGE statements for one plan: nodes per label, edges per (type, start, end),
    then the plan's share of the corpus-wide WORKS_WITH counts."""
    out: list[Statement] = []
    for label in NODE_KEYS:  # fixed order: deterministic statement sequence
        rows = records.nodes.get(label)
        if rows:
            out.append((upsert_nodes(label), {"rows": rows}))
    for (rel_type, start, end), rels in sorted(records.rels_by_type().items()):
        rows = [{"start": r.start[1], "end": r.end[1], "props": r.props} for r in rels]
        out.append((upsert_rels(rel_type, start, end), {"rows": rows}))
    if records.pairs:
        out.append((ADD_PAIRS, {"rows": records.pairs}))
    return out


def orphan_deletes(candidates: list[dict[str, Any]]) -> list[Statement]:
    """Statements removing candidate shared nodes left with no relationships."""
    by_label: dict[str, list[Any]] = {}
    for row in candidates:
        by_label.setdefault(row["label"], []).append(row["key"])
    return [(delete_orphans(label), {"keys": sorted(by_label[label])})
            for label in SHARED if by_label.get(label)]


def plan_writes(records: PlanRecords, replaced: list[str],
                candidates: list[dict[str, Any]]) -> list[Statement]:
    """The whole write of one plan, in order: delete replaced, upsert new, drop orphans.

    ``replaced`` are the ids :data:`REPLACED_PLANS` returned, ``candidates`` the rows of
    :data:`ORPHAN_CANDIDATES` — both read first, inside the same transaction / lock.
    Both stores execute exactly this list, in one transaction.
    """
    return plan_deletes(replaced) + plan_upserts(records) + orphan_deletes(candidates)

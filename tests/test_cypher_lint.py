"""Neo4j's own linter over every statement the stores send (graphkit/stores/statements.py)."""

from __future__ import annotations

import pytest

from cypherlint import LinterMissing, Statement, lint
from graphkit.graph import NODE_KEYS, plan_records
from graphkit.stores import statements as st
from plan_factory import corpus

pytestmark = pytest.mark.lint

# FalkorDB-only, never sent to Neo4j: ``CALL db.indexes() YIELD label, properties`` is
# FalkorDB's index listing (Neo4j 5 uses SHOW INDEXES), so Neo4j's linter rightly rejects it.
FALKORDB_ONLY = {st.FALKORDB_INDEX_LIST}

# Justified warnings: relationship rows are ``{start, end, props}`` parameter maps; the
# linter checks ``row.start`` against the graph's property keys, but these keys are only
# ever read from the parameter, never stored, so they are rightly absent from the database.
ROW_MAP_KEYS = ("start", "end", "props")


def unjustified(diagnostics: list[dict]) -> list[dict]:
    return [d for d in diagnostics if not (
        d["severity"] == "warning"
        and any(d["message"].startswith(f"{key} is not present in the database") for key in ROW_MAP_KEYS))]


def store_statements() -> list[Statement]:
    """Every statement of statements.py, with parameter values of the shape the stores send."""
    plans = corpus()
    out: list[Statement] = []
    records = [plan_records(p) for p in plans]
    seen: set[str] = set()
    for rec in records:
        for cypher, params in st.plan_upserts(rec):
            if cypher not in seen:
                seen.add(cypher)
                out.append(Statement(f"upsert {len(seen)}: {cypher}", cypher, params))
    # LEADS/SUPPORTS also end at Part: make sure every (type, start, end) the records use was linted
    assert any(":Part {id: row.end}" in s.query for s in out)
    ids = {"plan_ids": [records[0].plan_id]}
    out.append(Statement("replaced", st.REPLACED_PLANS, {"plan_id": records[0].plan_id, "source": "a.txt"}))
    out.append(Statement("orphan candidates", st.ORPHAN_CANDIDATES, ids))
    out.append(Statement("remove pairs", st.REMOVE_PAIRS, ids))
    out += [Statement(f"delete {label}", st.delete_owned(label), ids) for label in st.PLAN_OWNED]
    out.append(Statement("delete plans", st.DELETE_PLANS, ids))
    # every statement of a replace is among them
    assert {q for q, _ in st.plan_deletes(ids["plan_ids"])} <= {s.query for s in out}
    out += [Statement(f"orphans {label}", st.delete_orphans(label), {"keys": ["x"]}) for label in st.SHARED]
    out.append(Statement("plan ids", st.PLAN_IDS, {}))
    out += [Statement(f"stats {k}", q, {}) for k, q in st.STATS.items()]
    out += [Statement(f"export {label}", st.export_nodes(label), {}) for label in NODE_KEYS]
    out.append(Statement("export rels", st.EXPORT_RELS, {}))
    out.append(Statement("reset", st.RESET_BATCH, {"limit": 10000}))
    out += [Statement(f"neo4j schema {i}", q, {}) for i, q in enumerate(st.neo4j_schema())]
    out += [Statement(f"falkordb index {label}.{key}", q, {}) for label, key, q in st.falkordb_indexes()]
    names = [s.name for s in out]
    assert len(names) == len(set(names))
    return out


def run_lint(statements: list[Statement]) -> dict[str, list[dict]]:
    try:
        return lint(statements)
    except LinterMissing as exc:
        pytest.skip(str(exc))


def test_every_store_statement_lints_clean():
    statements = store_statements()
    assert not any(s.query in FALKORDB_ONLY for s in statements)
    results = run_lint(statements)
    problems = {name: unjustified(diags) for name, diags in results.items() if unjustified(diags)}
    assert problems == {}
    justified = sum(len(diags) for diags in results.values())
    assert justified == 2 * len([s for s in statements if "row.start" in s.query])


def test_the_linter_does_catch_mistakes():
    results = run_lint([Statement("typo", "MATCH (n:Plan) RETRUN n", {}),
                        Statement("label", "MATCH (n:Plans) RETURN n", {})])
    assert any(d["severity"] == "error" for d in results["typo"])
    assert any(d["severity"] == "warning" for d in results["label"])  # unknown label


# Shipped cypher/*.cypher query files are linted (with their declared parameter defaults) by
# tests/test_cypher_files.py; schema.cypher holds only comments, its DDL is neo4j_schema() above.

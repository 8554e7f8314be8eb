"""Every shipped query file: a complete header, and zero errors and zero warnings from Neo4j's linter."""

from __future__ import annotations

import os
import re

import pytest

from cypherlint import LinterMissing, Statement, lint
from graphkit.queries import NOT_QUERIES, load_queries

QUERIES = load_queries(directory=None)

REQUIRED = {
    "agency-workload", "agency-kinds-by-city", "lead-concentration", "agency-collaboration", "reform-spread",
    "reform-timeline", "reform-cooccurrence", "city-reform-matrix", "deadlines", "targets", "plan-overview",
    "agency-profile",
}


def test_the_issue_list_is_shipped():
    assert REQUIRED <= set(QUERIES)
    assert not NOT_QUERIES & set(QUERIES)


def test_graded_columns_are_exact():
    assert QUERIES["agency-workload"].columns == ["agency", "jurisdiction", "kind", "led", "supported", "total", "plans"]
    assert QUERIES["reform-spread"].columns == ["reform", "category", "plans", "cities", "first_year", "adopters"]


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_header_is_complete(name):
    q = QUERIES[name]
    assert q.title and q.columns
    assert re.search(r"[\u4e00-\u9fff]", q.zh), "the 中文 line must be Chinese"
    assert q.en.isascii() or re.search(r"[A-Za-z]{4}", q.en)
    for p in q.params.values():
        assert p.doc, f"parameter {p.name} has no description"
    # the RETURN clause names exactly the declared columns, in order
    final = q.cypher[q.cypher.rindex("RETURN"):]
    aliases = re.findall(r"\bAS\s+([A-Za-z_][A-Za-z0-9_]*)", final.split("ORDER BY")[0])
    bare = [c for c in q.columns if c not in aliases]
    for column in bare:  # columns returned under their own variable name (RETURN city, …)
        assert re.search(rf"(RETURN|,)\s*{column}\s*(,|$)", final.split("ORDER BY")[0], re.M), column


def test_linter_finds_nothing():
    statements = [Statement(q.name, q.cypher, {n: p.default for n, p in q.params.items()})
                  for q in QUERIES.values()]
    try:
        results = lint(statements)
    except LinterMissing as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(str(exc))
    problems = {name: diags for name, diags in results.items() if diags}
    assert problems == {}
    assert set(results) == set(QUERIES)


def test_linter_is_awake():
    """The harness reports a misspelt label and an undeclared parameter (so silence above means something)."""
    try:
        results = lint([Statement("bad", "MATCH (p:Plann) RETURN p.title, $nope", {})])
    except LinterMissing as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(str(exc))
    severities = sorted(d["severity"] for d in results["bad"])
    assert severities == ["error", "warning"]

"""Every statement in graphkit.viz.queries passes Neo4j's own Cypher linter with no diagnostics."""

import pytest

from graphkit.viz import queries

from cypherlint import LinterMissing, Statement, lint

pytestmark = pytest.mark.lint


def test_viz_statements_lint_clean():
    statements = [Statement(name, query, params) for name, query, params in queries.STATEMENTS]
    try:
        results = lint(statements)
    except LinterMissing as exc:
        pytest.skip(str(exc))
    assert set(results) == {s.name for s in statements}
    problems = {name: diags for name, diags in results.items() if diags}
    assert problems == {}


def test_statements_list_every_query_constant():
    constants = {name for name in dir(queries) if name.isupper() and isinstance(getattr(queries, name), str)}
    assert constants == {name for name, _, _ in queries.STATEMENTS}


def test_no_statement_splices_values():
    # parameters only: no quoted literals except the relationship type names compared with type(r)
    # and the 市 a city filter adds ("常州" matches 常州市)
    for name, query, params in queries.STATEMENTS:
        literals = [part for i, part in enumerate(query.split("'")) if i % 2 == 1]
        assert set(literals) <= {"LEADS", "SUPPORTS", "市"}, name
        for param in params:
            assert f"${param}" in query, (name, param)

"""A runaway query is stopped by the embedded server after --timeout, and the store stays usable."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from graphkit.cli import main
from graphkit.errors import QueryTimeout
from graphkit.graph import plan_records
from graphkit.queries import run_cypher
from query_fixture import fixture_plans

# 8·10⁹ rows: no machine finishes this inside the limits below.
RUNAWAY = "UNWIND range(1, 2000) AS a UNWIND range(1, 2000) AS b UNWIND range(1, 2000) AS c RETURN count(*) AS n"


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    from graphkit.stores import open_store

    path = tmp_path_factory.mktemp("timeout") / "store"
    with open_store(path=str(path)) as store:
        for plan in fixture_plans():
            store.write_plan(plan_records(plan))
    return path


def test_the_server_stops_the_query_and_keeps_answering(store_dir):
    from graphkit.stores import open_store

    with open_store(path=str(store_dir)) as store:
        with pytest.raises(QueryTimeout, match=r"query took longer than 0\.3 s \(the server stopped it\)"):
            store.query(RUNAWAY, timeout=0.3)
        with pytest.raises(QueryTimeout):
            run_cypher(store, RUNAWAY, timeout=0.3)
        assert store.query("MATCH (p:Plan) RETURN count(p) AS n") == [{"n": 3}]
        assert store.query("MATCH (p:Plan) RETURN count(p) AS n", timeout=5) == [{"n": 3}]


def test_cli_timeout_is_one_line_that_says_what_to_do(store_dir):
    out = CliRunner().invoke(main, ["query", "-e", RUNAWAY, "--store", str(store_dir), "--timeout", "0.3"])
    assert out.exit_code == 3
    assert out.output.strip() == ("error[GK301]: query took longer than 0.3 s: add filters (--param …) "
                                  "or raise --timeout")
    out = CliRunner().invoke(main, ["query", "lead-concentration", "--store", str(store_dir), "--timeout", "30"])
    assert out.exit_code == 0 and "plan-a" in out.output


def test_timeout_must_not_be_negative(store_dir):
    out = CliRunner().invoke(main, ["query", "-e", "RETURN 1 AS x", "--store", str(store_dir), "--timeout", "-1"])
    assert out.exit_code == 2

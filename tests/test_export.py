"""``graphkit export``: each format read back and checked against the store it came from."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as hs

from graphkit.cli import main
from graphkit.export import cypher_literal, cypher_script, export, store_graph
from graphkit.graph import build_graph, plan_records
from graphkit.stores.embedded import EmbeddedStore
from plan_factory import corpus


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    with EmbeddedStore(tmp_path_factory.mktemp("src") / "s") as store:
        store.ensure_schema()
        for plan in corpus():
            store.write_plan(plan_records(plan))
        yield store


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    with EmbeddedStore(tmp_path_factory.mktemp("dst") / "s") as store:
        yield store


def test_store_graph_matches_the_records(source):
    got, want = store_graph(source), build_graph(corpus())
    assert sorted(got.nodes) == sorted(want.nodes)
    assert sorted(got.edges(keys=True)) == sorted(want.edges(keys=True))
    task = next(n for n in want if n.startswith("Task:"))
    assert {k: v for k, v in got.nodes[task].items()} == {k: v for k, v in want.nodes[task].items() if v is not None}


@pytest.mark.parametrize("value,literal", [
    ("it's", r"'it\'s'"),
    ("a\\b", r"'a\\b'"),
    ("line1\nline2\ttab", r"'line1\nline2\ttab'"),
    ("\x01\u2028", "'\x01\u2028'"),
    ("\x00", r"'\u0000'"),
    ("常州", "'常州'"),
    (True, "true"), (None, "null"), (3, "3"), (0.5, "0.5"), ([1, 2], "[1, 2]"), (["a'"], r"['a\'']"),
])
def test_cypher_literal(value, literal):
    assert cypher_literal(value) == literal


def test_cypher_literal_refuses_what_it_cannot_write():
    with pytest.raises(ValueError):
        cypher_literal(float("nan"))
    with pytest.raises(TypeError):
        cypher_literal({"a": 1})


@settings(max_examples=60, deadline=None)
# NUL excluded: FalkorDB cannot hold it in a string at all (parameters are sent as text too).
@given(hs.text(alphabet=hs.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40))
def test_any_text_round_trips_through_a_literal(scratch, text):
    assert scratch.query(f"RETURN {cypher_literal(text)} AS v") == [{"v": text}]


def test_cypher_script_loads_into_a_fresh_store(source, scratch, tmp_path):
    files = export(source, "cypher", tmp_path)
    assert [p.name for p in files] == ["schema.cypher", "graph.cypher"]
    lines = (tmp_path / "graph.cypher").read_text(encoding="utf-8").rstrip("\n").split("\n")
    assert all(line.endswith(";") for line in lines) and "$" not in "".join(lines)
    scratch.reset()
    for line in lines:
        scratch.query(line[:-1])
    assert scratch.stats() == source.stats()
    text_query = "MATCH (t:Task) RETURN t.id AS id, t.text AS text, t.span AS span ORDER BY id"
    assert scratch.query(text_query) == source.query(text_query)
    hostile = [r["text"] for r in scratch.query(text_query) if "DETACH DELETE" in r["text"]]
    assert hostile == ["清理规范涉企收费'}) DETACH DELETE n // \"引号\\反斜杠"]
    edge_query = ("MATCH (a)-[r]->(b) RETURN type(r) AS t, r.evidence AS e, r.span AS s "
                  "ORDER BY t, e, s")
    assert scratch.query(edge_query) == source.query(edge_query)


def test_cypher_script_lines_match_graph(source):
    graph = store_graph(source)
    lines = cypher_script(graph)
    assert len(lines) == graph.number_of_nodes() + graph.number_of_edges()


def test_graphml_reads_back(source, tmp_path):
    export(source, "graphml", tmp_path)
    back = nx.read_graphml(tmp_path / "graph.graphml", force_multigraph=True)
    graph = store_graph(source)
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()
    assert Counter(d["label"] for _, d in back.nodes(data=True)) == Counter(
        d["label"] for _, d in graph.nodes(data=True))
    task = next(n for n, d in graph.nodes(data=True) if d["label"] == "Task")
    assert json.loads(back.nodes[task]["span"]) == graph.nodes[task]["span"]


def test_json_node_link_reads_back(source, tmp_path):
    export(source, "json", tmp_path)
    data = json.loads((tmp_path / "graph.json").read_text(encoding="utf-8"))
    back = nx.node_link_graph(data, edges="links")
    graph = store_graph(source)
    assert sorted(back.nodes) == sorted(graph.nodes)
    assert back.number_of_edges() == graph.number_of_edges()


HEADER_FIELD = re.compile(r"^(\w+)(:(string|long|double|boolean|string\[\]|long\[\]))?$")


def test_neo4j_admin_csvs(source, tmp_path):
    files = export(source, "neo4j-admin", tmp_path)
    ids: dict[str, set[str]] = {}
    for path in sorted(tmp_path.glob("nodes_*.csv")):
        rows = list(csv.reader(path.open(encoding="utf-8")))
        header = rows[0]
        space = re.fullmatch(r"\w+:ID\((\w+)\)", header[0]).group(1)
        assert header[1] == ":LABEL" and all(HEADER_FIELD.match(h) for h in header[2:]), header
        keys = [r[0] for r in rows[1:]]
        assert len(keys) == len(set(keys)) and {r[1] for r in rows[1:]} == {space}
        ids[space] = set(keys)
    assert set(ids) == {"City", "Plan", "Task", "Part", "Agency", "Reform", "Target"}
    edges = 0
    for path in sorted(tmp_path.glob("rels_*.csv")):
        rows = list(csv.reader(path.open(encoding="utf-8")))
        header = rows[0]
        start = re.fullmatch(r":START_ID\((\w+)\)", header[0]).group(1)
        end = re.fullmatch(r":END_ID\((\w+)\)", header[1]).group(1)
        assert header[2] == ":TYPE" and all(HEADER_FIELD.match(h) for h in header[3:]), header
        for row in rows[1:]:
            assert row[0] in ids[start] and row[1] in ids[end]  # referential integrity
        edges += len(rows) - 1
    assert edges == source.stats()["edges"]
    nodes_task = list(csv.DictReader((tmp_path / "nodes_Task.csv").open(encoding="utf-8")))
    assert "span:long[]" in nodes_task[0] and re.fullmatch(r"\d+;\d+", nodes_task[0]["span:long[]"])
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert "neo4j-admin database import full" in readme and "--array-delimiter=';'" in readme
    assert all(f"={p.name}" in readme for p in files if p.suffix == ".csv")


def test_export_cli(source, tmp_path):
    store_dir = Path(source.location)
    source.close()  # the CLI needs the lock
    try:
        result = CliRunner().invoke(main, ["export", "--format", "graphml", "-o", str(tmp_path / "out"),
                                           "--store", str(store_dir)])
        assert result.exit_code == 0, result.output
        assert result.stdout.strip() == str(tmp_path / "out" / "graph.graphml")
    finally:
        source.__init__(store_dir)  # reopen for any later test in this module

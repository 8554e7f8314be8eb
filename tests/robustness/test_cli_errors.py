"""Every command with bad input: one clear line naming the file, the right exit status, no traceback.

Exit statuses (graphkit.errors): 0 success, 1 partial failure, 2 usage error, 3 nothing done.
"""

from __future__ import annotations

import pytest

from conftest import CORPUS, one_line_error, run, run_process

QUZHOU = str(CORPUS / "quzhou-2022-implementation-plan.txt")
CLOSED = "bolt://127.0.0.1:1"

# (args, exit status, the error line's start) — "{d}" is the test's own temporary directory.
CASES = [
    # extract
    (["extract", "{d}/nope.txt"], 3, "error[GK100]: {d}/nope.txt: no such file"),
    (["extract", "{d}/empty.txt"], 3, "error[GK102]: {d}/empty.txt: no text in document"),
    (["extract", QUZHOU, "{d}/nope.txt"], 1, "error[GK100]: {d}/nope.txt: no such file"),
    (["extract", "--format", "xml", QUZHOU], 2, "Error: Invalid value for '--format'"),
    (["extract"], 2, "Error: Missing argument 'PATHS...'"),
    # load
    (["load", "--store", "{d}/kg", "{d}/nope.txt"], 3, "error[GK100]: {d}/nope.txt: no such file"),
    (["load", "--store", "{d}/kg", "{d}/binary.txt"], 3, "error[GK100]: {d}/binary.txt: not a text document"),
    (["load", "--store", "{d}/kg", "{d}/empty-dir"], 3, "error[GK100]: no documents found in {d}/empty-dir"),
    (["load", "--store", "{d}/a-file", QUZHOU], 2, "Error: Invalid value for '--store'"),
    (["load", "--neo4j", "http://localhost:7474", QUZHOU], 2, "error[GK203]: not a Neo4j URI"),
    (["load", "--neo4j", CLOSED, QUZHOU], 3, "error[GK202]: cannot reach Neo4j at bolt://127.0.0.1:1"),
    (["load", "--jobs", "0", QUZHOU], 2, "Error: Invalid value for '-j' / '--jobs'"),
    # stats
    (["stats", "--store", "{d}/a-file"], 2, "Error: Invalid value for '--store'"),
    (["stats", "--store", "{d}/kg", "--neo4j", CLOSED], 2, "error[GK203]: choose one store"),
    (["stats", "--neo4j"], 2, "error[GK203]: --neo4j without a URI needs NEO4J_URI set"),
    (["stats", "--neo4j", CLOSED], 3, "error[GK202]: cannot reach Neo4j"),
    # agencies / reforms / inspect
    (["agencies", "{d}/nope.txt"], 3, "error[GK100]: {d}/nope.txt: no such file"),
    (["agencies", "--agencies", "{d}/bad.tsv", QUZHOU], 2, "error[GK120]: {d}/bad.tsv:1: unknown kind '外星事务'"),
    (["reforms", "{d}/empty.txt"], 3, "error[GK102]: {d}/empty.txt: no text in document"),
    (["reforms", "{d}/empty.txt", QUZHOU], 1, "error[GK102]: {d}/empty.txt: no text in document"),
    (["inspect", "{d}/scan.pdf", "-o", "{d}/a.html"], 3, "error[GK100]: {d}/scan.pdf: not a PDF file"),
    (["inspect", QUZHOU, "-o", "{d}/a-file/a.html"], 3, "error[GK100]: {d}/a-file/a.html: cannot write"),
    (["inspect", QUZHOU], 2, "Error: Missing option '-o'"),
    # query / viz / report / export
    (["query", "no-such-query", "--store", "{d}/kg"], 2, "error[GK300]: no query named 'no-such-query'"),
    (["query", "-e", "MATCH (n", "--store", "{d}/kg"], 2, "error[GK300]: FalkorDB rejected the query"),
    (["query", "plan-overview", "--store", "{d}/missing-store"], 3, "error[GK202]: no store at {d}/missing-store"),
    (["query", "agency-workload", "--param", "oops", "--store", "{d}/kg"], 2, "error[GK300]: --param takes NAME=VALUE"),
    (["query", "plan-overview", "--neo4j", CLOSED], 3, "error[GK202]: cannot reach Neo4j"),
    (["viz", "nope", "-o", "{d}/v.html"], 2, "Error: Invalid value for 'VIEW'"),
    (["viz", "plan", "-o", "{d}/v.html", "--store", "{d}/kg"], 2, "error[GK300]: the plan view needs --plan ID"),
    (["viz", "workload", "-o", "{d}/a-file/v.html", "--store", "{d}/kg"], 3,
     "error[GK130]: {d}/a-file: is a file, not a directory"),
    (["report", "-o", "{d}/a-file/r", "--store", "{d}/kg"], 3, "error[GK130]: {d}/a-file/r: Not a directory"),
    (["export", "--format", "json", "-o", "{d}/a-file/x", "--store", "{d}/kg"], 3,
     "error[GK130]: {d}/a-file/x: Not a directory"),
    (["export", "--format", "nope", "-o", "{d}/x"], 2, "Error: Invalid value for '--format'"),
    (["export", "--format", "json", "-o", "{d}/x", "--neo4j", CLOSED], 3, "error[GK202]: cannot reach Neo4j"),
    # the group
    (["--bogus"], 2, "Error: No such option '--bogus'"),
    (["frobnicate"], 2, "Error: No such command 'frobnicate'"),
]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    d = tmp_path_factory.mktemp("cli-errors")
    (d / "empty.txt").write_bytes(b"")
    (d / "binary.txt").write_bytes(b"\x00\x01\x02PK" * 500)
    (d / "scan.pdf").write_text("not a pdf", encoding="utf-8")
    (d / "a-file").write_text("x", encoding="utf-8")
    (d / "empty-dir").mkdir()
    (d / "bad.tsv").write_text("星际联络处\t外星事务\n", encoding="utf-8")
    kg = d / "kg"
    assert run("load", "-q", "--store", kg, QUZHOU).exit_code == 0
    return d


def _fill(args: list[str], d) -> list[str]:
    return [a.replace("{d}", str(d)) for a in args]


def _check(stderr: str, status: int, expected_status: int, first: str) -> None:
    assert "Traceback" not in stderr, stderr
    assert status == expected_status, stderr
    if first.startswith("Error:"):  # click's usage errors: usage line, hint, one Error line
        assert any(line.startswith(first) for line in stderr.splitlines()), stderr
        return
    line = one_line_error(stderr, "error")
    assert line.startswith(first), stderr
    assert "\n" not in line


@pytest.mark.parametrize("args,status,first", CASES, ids=[" ".join(c[0][:3]) for c in CASES])
def test_cli_runner(workdir, monkeypatch, args, status, first):
    for name in ("GRAPHKIT_DEBUG", "GRAPHKIT_STORE", "NEO4J_URI", "GRAPHKIT_NEO4J"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NEO4J_PASSWORD", "s3cret-pw")
    r = run(*_fill(args, workdir))
    _check(r.stderr, r.exit_code, status, _fill([first], workdir)[0])
    assert "s3cret-pw" not in r.output


SUBPROCESS = [c for c in CASES if c[0][0] in ("extract", "load", "inspect", "export", "query")
              and c[1] != 2][:8] + [CASES[9], CASES[14]]


@pytest.mark.parametrize("args,status,first", SUBPROCESS, ids=[" ".join(c[0][:3]) for c in SUBPROCESS])
def test_real_process(workdir, args, status, first):
    out = run_process(*_fill(args, workdir), env={"NEO4J_PASSWORD": "s3cret-pw"})
    _check(out.stderr, out.returncode, status, _fill([first], workdir)[0])
    assert "s3cret-pw" not in out.stdout + out.stderr


def test_debug_shows_the_traceback(workdir):
    quiet = run_process("stats", "--neo4j", CLOSED)
    assert "Traceback" not in quiet.stderr and quiet.returncode == 3
    loud = run_process("--debug", "stats", "--neo4j", CLOSED)
    assert "Traceback (most recent call last)" in loud.stderr
    assert "StoreUnavailable" in loud.stderr
    env = run_process("stats", "--neo4j", CLOSED, env={"GRAPHKIT_DEBUG": "1"})
    assert "Traceback (most recent call last)" in env.stderr


def test_an_unexpected_bug_is_one_line_without_debug(monkeypatch):
    """A bug (not a GraphkitError) still prints one line and exits 3; --debug re-raises it."""
    import graphkit.cli.stats as stats_cli

    def broken(*_a, **_k):
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr(stats_cli, "open_from_options", broken)
    r = run("stats")
    assert r.exit_code == 3
    assert r.stderr == "error: RuntimeError: boom second line (run with --debug for the traceback)\n"
    r = run("--debug", "stats")
    assert isinstance(r.exception, RuntimeError)


def test_ctrl_c_is_one_line(monkeypatch):
    import graphkit.cli.stats as stats_cli

    def interrupted(*_a, **_k):
        raise KeyboardInterrupt

    monkeypatch.setattr(stats_cli, "open_from_options", interrupted)
    r = run("stats")
    assert r.exit_code == 130
    assert r.stderr == "interrupted\n"


@pytest.mark.parametrize("args", [["stats"], ["export", "--format", "json", "-o", "out"],
                                  ["viz", "workload", "-o", "v.html"], ["report", "-o", "rep"],
                                  ["query", "plan-overview"]], ids=lambda a: a[0])
def test_reading_commands_do_not_create_a_store(isolated_env, args):
    """A mistyped --store (or no store yet) is 'nothing done', not an empty store made on the spot."""
    r = run(*args, "--store", "typo")
    assert r.exit_code == 3
    assert r.stderr == "error[GK202]: no store at typo — run `graphkit load PATH` first\n"
    assert not (isolated_env / "typo").exists()
    r = run(*args)  # the default .graphkit
    assert r.exit_code == 3 and "no store at" in r.stderr and ".graphkit" in r.stderr
    assert not (isolated_env / ".graphkit").exists()

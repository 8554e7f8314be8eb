"""Credentials never appear in output, errors or the command line (README: When things go wrong (Secrets))."""

from __future__ import annotations

import click
import pytest

from graphkit.cli import main

from conftest import CORPUS, run, run_process

SECRET = "pw-Zq81-never-shown"
QUZHOU = CORPUS / "quzhou-2022-implementation-plan.txt"


@pytest.mark.parametrize("debug", [False, True], ids=["plain", "debug"])
def test_password_from_env_never_printed_by_failing_load(debug):
    args = (["--debug"] if debug else []) + ["load", "--neo4j", "bolt://127.0.0.1:1", QUZHOU]
    out = run_process(*args, env={"NEO4J_PASSWORD": SECRET, "NEO4J_USERNAME": "graphkit"})
    assert out.returncode != 0
    assert SECRET not in out.stdout and SECRET not in out.stderr
    if not debug:
        assert out.stderr.startswith("error[GK202]: cannot reach Neo4j at bolt://127.0.0.1:1")


def test_wrong_password_message_names_the_fix_not_the_password(monkeypatch):
    from neo4j import exceptions as ne

    from graphkit.stores.neo4j import Neo4jStore

    monkeypatch.setenv("NEO4J_PASSWORD", SECRET)
    store = Neo4jStore("bolt://db.example.org:7687", connect=False)
    try:
        err = store.map_error(ne.AuthError("The client is unauthorized due to authentication failure."))
    finally:
        store.close()
    assert str(err) == ("Neo4j at bolt://db.example.org:7687 rejected user 'neo4j': set NEO4J_PASSWORD "
                        "(and NEO4J_USERNAME if not 'neo4j'); docker-compose.yml defaults to graphkit-dev")


@pytest.mark.parametrize("command", ["load", "stats", "export", "query"])
def test_password_in_uri_is_refused_and_redacted(command, tmp_path):
    uri = f"bolt://neo4j:{SECRET}@127.0.0.1:1"
    args = {"load": ["load", "--neo4j", uri, QUZHOU], "stats": ["stats", "--neo4j", uri],
            "export": ["export", "--format", "json", "-o", tmp_path / "x", "--neo4j", uri],
            "query": ["query", "plan-overview", "--neo4j", uri]}[command]
    r = run(*args)
    assert SECRET not in r.output
    assert r.exit_code == 2, r.output
    assert r.stderr.startswith("error[GK203]: put Neo4j credentials in NEO4J_USERNAME / NEO4J_PASSWORD, "
                               "not in the URI (bolt://")


def test_no_command_takes_a_password_argument():
    """Nothing on the command line can carry a secret, so nothing can leak through ps."""
    seen = 0
    for name, command in [("graphkit", main), *main.commands.items()]:
        for param in command.params:
            seen += 1
            words = " ".join([*param.opts, *param.secondary_opts, param.name or ""]).lower()
            assert not any(w in words for w in ("pass", "secret", "token", "auth", "credential")), (name, words)
            if isinstance(param, click.Option):
                assert not param.hide_input, (name, words)
    assert seen > 30  # the loop really looked at every command

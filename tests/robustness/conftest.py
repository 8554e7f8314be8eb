"""Shared helpers for the robustness suite (one test per row of README: When things go wrong at least)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: plan_factory, store helpers

from graphkit.cli import main  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "examples" / "corpus"
GRAPHKIT = Path(sys.executable).parent / "graphkit"


def run(*args: str, env: dict | None = None):
    """Invoke the CLI in-process; stderr is kept apart from stdout."""
    return CliRunner().invoke(main, [str(a) for a in args], env=env)


def run_process(*args: str, env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run the installed ``graphkit`` script as a real process (no GRAPHKIT_DEBUG, no store env)."""
    base = {k: v for k, v in os.environ.items()
            if k not in ("GRAPHKIT_DEBUG", "GRAPHKIT_STORE", "NEO4J_URI", "NEO4J_PASSWORD")}
    return subprocess.run([str(GRAPHKIT), *map(str, args)], env={**base, **(env or {})},
                          capture_output=True, text=True, timeout=timeout)


def one_line_error(stderr: str, prefix: str) -> str:
    """The stderr of a failed command: no traceback, the error is a line starting with ``prefix``."""
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.startswith("error")]
    assert lines, stderr
    assert any(line.startswith(prefix) for line in lines), stderr
    return next(line for line in lines if line.startswith(prefix))


@pytest.fixture
def isolated_env(monkeypatch, tmp_path):
    """No store or debug settings leak in from the caller's environment."""
    for name in ("GRAPHKIT_DEBUG", "GRAPHKIT_STORE", "NEO4J_URI", "NEO4J_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path

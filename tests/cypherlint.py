"""Run Neo4j's own Cypher linter (npm ``@neo4j-cypher/language-support``) from pytest.

The node package lives in ``tests/cypher_lint`` and is installed by ``make test-deps``
(``scripts/setup-test-deps.sh``). :func:`lint` returns, per statement, the linter's
diagnostics; tests assert there are none (or only justified ones).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graphkit.graph import schema_summary

LINT_DIR = Path(__file__).parent / "cypher_lint"


class LinterMissing(RuntimeError):
    pass


@dataclass
class Statement:
    name: str
    query: str
    parameters: dict[str, Any]


def lint(statements: list[Statement]) -> dict[str, list[dict[str, Any]]]:
    """Lint each statement against graphkit's schema; returns ``{name: [diagnostic, …]}``.

    Parameters must be declared with example values (the linter reports undeclared ``$x``).
    """
    node = shutil.which("node")
    if node is None or not (LINT_DIR / "node_modules" / "@neo4j-cypher" / "language-support").is_dir():
        raise LinterMissing("Cypher linter not installed: run `make test-deps` (needs node and npm)")
    payload = json.dumps({
        "schema": schema_summary(),
        "queries": [{"name": s.name, "query": s.query, "parameters": s.parameters} for s in statements],
    })
    out = subprocess.run([node, "lint.mjs"], cwd=LINT_DIR, input=payload, capture_output=True,
                         text=True, check=True, timeout=300)
    return {r["name"]: r["diagnostics"] for r in json.loads(out.stdout)}

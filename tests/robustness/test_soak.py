"""The bounded soak benchmark, 3 rounds: reloading the corpus keeps the store counts flat."""

from __future__ import annotations

import ast
import re
import subprocess
import sys

from conftest import ROOT

pytestmark = __import__("pytest").mark.slow


def test_soak_three_rounds_counts_flat():
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "soak.py"), "--rounds", "3"],
                         capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert "Traceback" not in out.stderr, out.stderr
    rounds = re.findall(r"^round\s+(\d+)\s+(\{.*?\})", out.stdout, re.M)
    assert [int(n) for n, _ in rounds] == [1, 2, 3], out.stdout
    counts = [ast.literal_eval(c) for _, c in rounds]
    assert counts[0] == counts[1] == counts[2]
    assert counts[0]["plans"] == 5 and counts[0]["tasks"] > 0
    assert out.returncode == 0 and out.stdout.rstrip().endswith("soak: ok (counts and memory flat)"), out.stdout

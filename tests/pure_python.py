"""Tests that patch a function inside a compiled loaders module run against the .py files.

mypyc-compiled code calls the functions of its own modules directly, past any
``monkeypatch.setattr(module, name, …)``; such a test is about the Python logic, not the build.
"""

from __future__ import annotations

import os
import subprocess
import sys


def rerun_in_pure_python(request) -> bool:
    """When the compiled modules are in use: runs this test again in a pytest subprocess with
    ``GRAPHKIT_PURE=1``, asserts it passed there, and returns True (the caller then returns).
    Under pure Python already: returns False, and the test goes on here."""
    from graphkit.loaders import native

    if not native.COMPILED_IN_USE:
        return False
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", request.node.nodeid],
                          cwd=request.config.rootpath, env={**os.environ, "GRAPHKIT_PURE": "1"},
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"under GRAPHKIT_PURE=1:\n{done.stdout[-4000:]}{done.stderr[-2000:]}"
    return True

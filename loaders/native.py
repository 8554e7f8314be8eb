"""Compiled or pure: which implementation of the parser's hot modules this process runs.

``setup.py`` compiles :data:`COMPILED` (the parser's modules, the entity layer's rules and the model
records they build)
with mypyc at install time and writes a build record (``native_build.json`` beside this file):
whether they were compiled and the sha256 of each source it compiled. The ``.py`` files stay
installed beside the extensions, and the interpreter's own import system prefers an extension
to a ``.py`` of the same name; in an editable install (``make setup``) the extensions sit in
``loaders/`` and ``graphkit/`` next to the sources, so an edited source would be shadowed by its
old build without a word.

So, when :mod:`graphkit` is first imported (its ``__init__`` imports this module before any
other), this module decides once for the process and, unless the compiled modules are to run,
puts a finder at the head of :data:`sys.meta_path` that imports each of :data:`COMPILED` from
its ``.py`` file. All of them go together: within one mypyc build the modules call one another
directly in C, so a compiled ``structure`` would still run the compiled ``units`` if only
``units`` fell back, and would build native records if only ``graphkit.model`` did.

The compiled modules run when the record says they were compiled, their extensions are there
for this Python, and every source still has the recorded hash — theirs and those of the graphkit
modules they import (``graphkit.errors`` …: mypyc compiled against their types) — and
``GRAPHKIT_PURE=1`` is not set. A changed source prints one warning line on stderr (once, not
again in worker processes, which inherit ``GRAPHKIT_LOADERS_WARNED``).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sys
from importlib.machinery import EXTENSION_SUFFIXES, ModuleSpec
from pathlib import Path

#: the modules that setup.py compiles (it reads this literal): the parser's, the entity layer's rules (not its
#: spaCy components, which import spaCy, or the audit page), and the records they build
COMPILED = (
    "graphkit.loaders.normalise", "graphkit.loaders.layout", "graphkit.loaders.units",
    "graphkit.loaders.structure", "graphkit.loaders.metadata", "graphkit.loaders.gazetteer",
    "graphkit.loaders.prose", "graphkit.loaders.numerals", "graphkit.loaders.memo",
    "graphkit.loaders.entities.text", "graphkit.loaders.entities.tables", "graphkit.loaders.entities.agencies",
    "graphkit.loaders.entities.deadlines", "graphkit.loaders.entities.reforms", "graphkit.loaders.entities.targets",
    "graphkit.loaders.entities.scan", "graphkit.loaders.entities.enrich",
    "graphkit.model",
)
#: mypyc's shared library for the group (setup.py: GROUP + "__mypyc")
SHARED_LIB = "graphkit.loaders.native__mypyc"
RECORD = "native_build.json"
PACKAGE = __name__.rpartition(".")[0]
HERE = Path(__file__).parent
WARNED = "GRAPHKIT_LOADERS_WARNED"


def _folders(package: str) -> list[str]:
    """Where a package's modules are: graphkit.loaders → this folder, graphkit → graphkit's (both
    packages are being imported when this module runs, so their search paths are set); another
    graphkit package is found without running its ``__init__``."""
    if package == PACKAGE:
        return [str(HERE)]
    module = sys.modules.get(package)
    if module is not None:
        return list(getattr(module, "__path__", None) or [])
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return []
    return list(spec.submodule_search_locations or []) if spec else []


def _file(module: str, suffixes: list[str]) -> Path | None:
    """The file of ``module`` with one of ``suffixes`` in its package's folders, if there is one."""
    package, _, name = module.rpartition(".")
    for folder in _folders(package):
        for suffix in suffixes:
            if (path := Path(folder, name + suffix)).is_file():
                return path
    return None


def _extension(module: str) -> Path | None:
    return _file(module, EXTENSION_SUFFIXES)


def _source(module: str) -> Path | None:
    """The .py file of a compiled module or of a graphkit module the compiled ones import (a package's
    ``__init__.py``), if there is one."""
    return _file(module, [".py", "/__init__.py"])


def _sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:  # an install without the sources: nothing to fall back to anyway
        return None


def _shown(module: str) -> str:
    """graphkit.loaders.memo → loaders/memo.py, graphkit.model → graphkit/model.py,
    graphkit.loaders.entities → loaders/entities/__init__.py (as in the source tree)."""
    source = _source(module)
    suffix = "/__init__.py" if source is not None and source.name == "__init__.py" else ".py"
    if module.startswith(PACKAGE + "."):
        return "loaders/" + module[len(PACKAGE) + 1:].replace(".", "/") + suffix
    return module.replace(".", "/") + suffix


def _decide() -> tuple[bool, str, list[str]]:
    """(run the compiled modules?, why not, the changed sources)."""
    if (pure := os.environ.get("GRAPHKIT_PURE", "").strip()) not in ("", "0"):
        return False, f"GRAPHKIT_PURE={pure}", []
    try:
        record = json.loads((HERE / RECORD).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return False, "not compiled: no build record", []
    except (OSError, ValueError) as exc:
        return False, f"unreadable build record: {exc}", []
    if not record.get("compiled"):
        return False, f"not compiled: {record.get('reason') or 'no reason recorded'}", []
    missing = [module.rpartition(".")[2] for module in (*COMPILED, SHARED_LIB) if _extension(module) is None]
    if missing:
        return False, f"no compiled module for this Python ({', '.join(missing)}; built for {record.get('python')})", []
    recorded = record.get("sources") or {}
    changed = [_shown(module) for module in COMPILED
               if (source := _source(module)) is not None and _sha256(source) != recorded.get(module)]
    for module, recorded_digest in (record.get("depends") or {}).items():
        if (path := _source(module)) is not None and _sha256(path) != recorded_digest:
            changed.append(_shown(module))
    if changed:
        return False, f"sources changed since compiling: {', '.join(changed)}", changed
    return True, "", []


class PureFinder:
    """Imports each of COMPILED from its .py file, ahead of the default finders."""

    @classmethod
    def find_spec(cls, fullname: str, path=None, target=None) -> ModuleSpec | None:
        if fullname not in COMPILED:
            return None
        package, _, name = fullname.rpartition(".")
        for folder in path or _folders(package):
            source = Path(folder, f"{name}.py")
            if source.is_file():
                return importlib.util.spec_from_file_location(fullname, source)
        return None


COMPILED_IN_USE, REASON, _changed = _decide()
if not COMPILED_IN_USE:
    if PureFinder not in sys.meta_path:
        sys.meta_path.insert(0, PureFinder)
    if _changed and not os.environ.get(WARNED):
        print(f"graphkit: compiled loaders are older than their sources ({', '.join(_changed)}); "
              "using pure Python — run `make setup` to rebuild", file=sys.stderr, flush=True)
        os.environ[WARNED] = "1"


def mode() -> str:
    """``compiled`` or ``pure``."""
    return "compiled" if COMPILED_IN_USE else "pure"


def describe() -> str:
    """One line for people: ``compiled (mypyc)`` or ``pure Python (why)``."""
    return "compiled (mypyc)" if COMPILED_IN_USE else f"pure Python ({REASON})"

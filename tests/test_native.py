"""The mypyc-compiled modules (the loaders' and graphkit.model): in use after ``make setup``, same
output as pure Python, and never silently stale (an edited source makes graphkit fall back to the
.py files).

Each check runs in a fresh interpreter: which implementation runs is decided once per process,
when graphkit is first imported.
"""

from __future__ import annotations

import json
import os
import importlib.util
import subprocess
import sys
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import pytest

import graphkit.loaders.native as native

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "examples" / "corpus"
LOADERS = Path(native.__file__).parent
RECORD = LOADERS / native.RECORD


def source_file(module: str) -> Path:
    """The .py file of a compiled module in this install: loaders/units.py, graphkit/model.py."""
    package, _, name = module.rpartition(".")
    return package_folder(package) / f"{name}.py"


def installed_file(site: Path, module: str) -> str:
    """The .py file of a compiled module in a copy laid out as installed (site/graphkit/loaders/units.py)."""
    return str(site.joinpath(*module.split(".")).with_suffix(".py"))


WARNING = ("graphkit: compiled loaders are older than their sources (loaders/units.py); "
           "using pure Python — run `make setup` to rebuild")


def env(**changes: str) -> dict[str, str]:
    out = {k: v for k, v in os.environ.items() if k not in ("GRAPHKIT_PURE", native.WARNED)}
    out.update(changes)
    return out


def python(code: str, cwd: Path = ROOT / "tests", **changes: str) -> subprocess.CompletedProcess:
    """``python -c code``; not run from the project root, whose graphkit/ folder would come first on sys.path."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env=env(**changes), cwd=cwd)


def build_record() -> dict:
    """The install's build record; skips when the install said it could not compile."""
    assert RECORD.is_file(), f"no build record {RECORD}: install graphkit with `make setup` (setup.py writes it)"
    record = json.loads(RECORD.read_text(encoding="utf-8"))
    if not record["compiled"]:
        pytest.skip(f"the install did not compile the loaders: {record['reason']}")
    return record


FILES = """
import importlib, json, sys
import graphkit.loaders.native as native
modules = [importlib.import_module(name) for name in {modules!r}]
print(json.dumps({{"mode": native.mode(), "describe": native.describe(),
                   "files": [m.__file__ for m in modules]}}))
"""


def test_the_dev_install_runs_the_compiled_modules():
    build_record()
    done = python(FILES.format(modules=list(native.COMPILED)))
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    seen = json.loads(done.stdout)
    assert seen["mode"] == "compiled" and seen["describe"] == "compiled (mypyc)"
    for path in seen["files"]:
        assert path.endswith(tuple(EXTENSION_SUFFIXES)), path


def test_graphkit_pure_runs_the_py_files():
    done = python(FILES.format(modules=list(native.COMPILED)), GRAPHKIT_PURE="1")
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert seen["mode"] == "pure" and seen["describe"] == "pure Python (GRAPHKIT_PURE=1)"
    assert [Path(p) for p in seen["files"]] == [source_file(module) for module in native.COMPILED]


EXTRACT = """
import json, sys
from pathlib import Path
from graphkit.extract import extract_file
out = {}
for path in sorted(Path(sys.argv[1]).glob("*.txt")):
    out[path.name] = [extract_file(path, entities=False).to_dict(), extract_file(path, entities=True).to_dict()]
print(json.dumps(out, ensure_ascii=False, sort_keys=True))
"""


def extract_all(**changes: str) -> dict:
    done = subprocess.run([sys.executable, "-c", EXTRACT, str(CORPUS)], capture_output=True, text=True,
                          timeout=300, env=env(**changes), cwd=ROOT / "tests")
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def test_compiled_and_pure_extract_the_same():
    build_record()
    pure, compiled = extract_all(GRAPHKIT_PURE="1"), extract_all()
    assert len(pure) == len(list(CORPUS.glob("*.txt"))) >= 5
    for name in pure:
        assert compiled[name] == pure[name], f"{name}: the compiled loaders extract something else"


def package_folder(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    assert spec and spec.submodule_search_locations, name
    return Path(next(iter(spec.submodule_search_locations)))


def installed_copy(tmp_path: Path) -> Path:
    """graphkit laid out as installed, in tmp_path/site: links to this install's files, only the
    folder of graphkit.loaders a real folder (so that one file in it can be replaced)."""
    package = tmp_path / "site" / "graphkit"
    package.mkdir(parents=True)
    for entry in package_folder("graphkit").iterdir():
        if entry.name not in ("loaders", "__pycache__"):
            (package / entry.name).symlink_to(entry)
    for sub in ("viz", "cypher"):  # an editable install maps them from folders of their own
        if not (package / sub).exists():
            (package / sub).symlink_to(package_folder(f"graphkit.{sub}"))
    (package / "loaders").mkdir()
    for entry in LOADERS.iterdir():
        if entry.name != "__pycache__":
            (package / "loaders" / entry.name).symlink_to(entry)
    return tmp_path / "site"


@pytest.mark.parametrize("edited, shown", [
    ("loaders/units.py", "loaders/units.py"),  # a compiled loaders module
    ("model.py", "graphkit/model.py"),  # the compiled records, outside graphkit.loaders
    ("errors.py", "graphkit/errors.py"),  # a module they import, not compiled
])
def test_an_edited_source_makes_all_fall_back_with_one_warning(tmp_path, edited, shown):
    build_record()
    site = installed_copy(tmp_path)
    code = FILES.format(modules=["graphkit.loaders.native"])  # the decision only: the compiled modules are not imported
    control = python(code, cwd=tmp_path, PYTHONPATH=str(site))
    assert control.returncode == 0, control.stderr
    assert json.loads(control.stdout)["mode"] == "compiled", "the copy must start out compiled"
    assert control.stderr == ""

    source = site / "graphkit" / edited
    text = source.read_text(encoding="utf-8")
    source.unlink()
    source.write_text(text + "\n# edited after the build\n", encoding="utf-8")
    done = python(FILES.format(modules=list(native.COMPILED)), cwd=tmp_path, PYTHONPATH=str(site))
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [WARNING.replace("loaders/units.py", shown)]
    seen = json.loads(done.stdout)
    assert seen["mode"] == "pure"
    assert seen["describe"] == f"pure Python (sources changed since compiling: {shown})"
    assert seen["files"] == [installed_file(site, module) for module in native.COMPILED]

    # worker processes (graphkit load --jobs) inherit the warning's marker and stay quiet
    quiet = python(code, cwd=tmp_path, PYTHONPATH=str(site), **{native.WARNED: "1"})
    assert quiet.stderr == "" and json.loads(quiet.stdout)["mode"] == "pure"


def test_make_setup_rebuilds_when_any_recorded_source_changes():
    """The Makefile's stamp depends on every file the build record checks (else `make setup`
    would not rebuild after the edit that the warning tells it to rebuild for)."""
    record = build_record()
    recorded = {native._shown(m) for m in [*record["sources"], *record["depends"]]}
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8").replace("\\\n", " ")
    line = next(line for line in makefile.splitlines() if line.startswith("NATIVE_SOURCES :="))
    assert set(line.split(":=", 1)[1].split()) == recorded


def test_a_package_the_compiled_modules_import_is_checked_by_its_init():
    """The entity modules import graphkit.loaders.entities, a package: the build records its
    __init__.py, and the check at import finds, hashes and names that file as it does any other source
    (so an edit to it makes the compiled modules fall back, as the edit test above shows for a module)."""
    record = build_record()
    init = LOADERS / "entities" / "__init__.py"
    assert native._source("graphkit.loaders.entities") == init
    assert native._shown("graphkit.loaders.entities") == "loaders/entities/__init__.py"
    assert record["depends"]["graphkit.loaders.entities"] == native._sha256(init)
    assert native._shown("graphkit.loaders.entities.text") == "loaders/entities/text.py"


def test_version_names_the_loaders_mode():
    graphkit = Path(sys.executable).parent / "graphkit"
    for changes, expected in (({}, None), ({"GRAPHKIT_PURE": "1"}, "pure Python (GRAPHKIT_PURE=1)")):
        if expected is None:  # whatever the install is: what graphkit.loaders.native decides in that process
            decided = python("import graphkit.loaders.native as n; print(n.describe())", **changes)
            expected = decided.stdout.strip()
        done = subprocess.run([str(graphkit), "--version"], capture_output=True, text=True, timeout=60,
                              env=env(**changes), cwd=ROOT / "tests")
        assert done.returncode == 0, done.stderr
        assert done.stdout.splitlines() == [f"graphkit, version {graphkit_version()}", f"loaders: {expected}"]


def graphkit_version() -> str:
    import graphkit

    return graphkit.__version__


def test_the_extract_benchmark_reports_the_loaders():
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "extract.py"), "--repeat", "1",
                           "--no-entities", "--json", str(CORPUS / "quzhou-2022-implementation-plan.txt")],
                          capture_output=True, text=True, timeout=120, env=env(GRAPHKIT_PURE="1"), cwd=ROOT / "tests")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["loaders"] == "pure" and result["loaders_detail"] == "pure Python (GRAPHKIT_PURE=1)"

"""Compiles the parser's hot modules with mypyc at install time; all metadata is in pyproject.toml.

``pip install .``, ``pip wheel .`` and ``pip install -e .`` (``make setup``) compile
:data:`COMPILED` (``graphkit.loaders.normalise`` … and ``graphkit.model``) into C extensions,
faster than the same modules run by the interpreter. When they cannot be compiled (no C
compiler, mypy/mypyc missing or refusing the code) the install still succeeds as pure
Python and prints one line saying why; ``GRAPHKIT_COMPILE=0`` skips compiling on purpose.

Every build writes ``graphkit/loaders/native_build.json`` (the build record): whether the
modules were compiled, and the sha256 of each source compiled and of the graphkit modules
they import. ``graphkit.loaders.native`` reads it at import time and falls back to the ``.py``
files when one of them has changed since (an editable install keeps the ``.so`` beside the edited ``.py``), so an edit is
never silently ignored.

mypyc names a module after its file's place among ``__init__.py`` folders; the package
directory mapping (``graphkit.loaders`` → ``loaders/``) would make it ``loaders.units``.
So the package's Python files are first mirrored into ``build/mypyc-src/graphkit/…``,
laid out as installed, and mypyc compiles the mirror.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import shutil
import sys
import sysconfig
import tomllib
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


def native_constant(name: str):
    """A constant of loaders/native.py (read, not imported: the package is not importable here)."""
    for node in ast.parse((ROOT / "loaders" / "native.py").read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
            return ast.literal_eval(node.value)
    raise LookupError(f"loaders/native.py defines no {name}")


#: the compiled modules, as the module that chooses between them and the .py files has them
COMPILED = native_constant("COMPILED")
#: package path → source folder, read from [tool.setuptools.package-dir] in pyproject.toml
PACKAGE_DIRS = {package.replace(".", "/"): folder for package, folder in tomllib.loads(
    (ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-dir"].items()}
#: mypyc's shared library becomes graphkit/loaders/native__mypyc.*.so (inside the package, so that
#: an editable install finds it; a top-level module would land in the project root)
GROUP = "graphkit.loaders.native"
RECORD = native_constant("RECORD")
SHARED_LIB = native_constant("SHARED_LIB")
assert SHARED_LIB == GROUP + "__mypyc"
MIRROR = Path("build", "mypyc-src")
TARGET = Path("build", "mypyc")

MYPY_OPTIONS = [
    "--ignore-missing-imports",  # zhconv & co. have no stubs, and the isolated build env has none of the deps
    "--follow-imports=silent",  # imported modules are read for their types; only the compiled ones must pass
    f"--cache-dir={Path('build', 'mypy-cache')}",
]


def say(message: str) -> None:
    # pip shows a build backend's output only with -v or when the build fails; the same reason is in
    # the build record, which `graphkit --version` and `make setup` show
    print(f"graphkit: {message}", file=sys.stderr, flush=True)


def mirrored(module: str) -> Path | None:
    """The mirror's file of a graphkit module (graphkit.model → build/mypyc-src/graphkit/model.py)."""
    base = MIRROR.joinpath(*module.split("."))
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


def dependencies() -> list[str]:
    """The graphkit modules the compiled ones import, directly or through one another: mypyc compiled
    against their types (and would inline their Final constants), so they are recorded too."""
    compiled = set(COMPILED)
    seen, todo = set(compiled), sorted(compiled)
    while todo:
        tree = ast.parse(mirrored(todo.pop()).read_bytes())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
            else:
                continue
            for name in names:
                if name.split(".")[0] == "graphkit" and name not in seen and mirrored(name):
                    seen.add(name)
                    todo.append(name)
    return sorted(seen - compiled)


def digest(module: str) -> str:
    return hashlib.sha256(mirrored(module).read_bytes()).hexdigest()


def sources() -> dict[str, str]:
    """Module name → sha256 of the source mypyc compiled (its copy in the mirror), for the build record."""
    return {module: digest(module) for module in COMPILED}


def record(compiled: bool, reason: str = "") -> dict:
    out: dict = {"compiled": compiled, "python": sys.implementation.cache_tag,
                 "ext_suffix": sysconfig.get_config_var("EXT_SUFFIX")}
    if compiled:
        import mypy.version

        out["mypy"] = mypy.version.__version__
        out["sources"] = sources()
        out["depends"] = {module: digest(module) for module in dependencies()}
    else:
        out["reason"] = reason
    return out


def why_not_compile() -> str:
    """A reason not to try compiling, or ''."""
    if os.environ.get("GRAPHKIT_COMPILE", "1").strip() == "0":
        return "GRAPHKIT_COMPILE=0"
    if sys.implementation.name != "cpython":
        return f"mypyc needs CPython (this is {sys.implementation.name})"
    try:
        import mypyc.build  # noqa: F401
    except ImportError as exc:
        return f"mypyc is not installed ({exc})"
    from distutils import ccompiler, sysconfig as dsysconfig  # setuptools' copy, as mypyc uses it

    compiler = ccompiler.new_compiler()
    dsysconfig.customize_compiler(compiler)
    command = getattr(compiler, "compiler_so", None) or ["cc"]
    if shutil.which(command[0]) is None:
        return f"no C compiler ({command[0]} not found)"
    return ""


def mirror() -> list[Path]:
    """Copies the package's .py files to build/mypyc-src laid out as installed; the compiled ones' paths."""
    if MIRROR.exists():
        shutil.rmtree(MIRROR)
    for package, folder in PACKAGE_DIRS.items():
        for source in (ROOT / folder).rglob("*.py"):
            copy = MIRROR / package / source.relative_to(ROOT / folder)
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, copy)
    return [MIRROR.joinpath(*module.split(".")).with_suffix(".py") for module in COMPILED]


def compiled_extensions() -> tuple[list, dict]:
    """mypyc's extensions and the build record; no extensions (and the reason) if compiling is not possible."""
    reason = why_not_compile()
    if not reason:
        from mypyc.build import mypycify

        try:
            paths = mirror()
            return mypycify(MYPY_OPTIONS + [str(p) for p in paths], group_name=GROUP,
                            target_dir=str(TARGET)), record(True)
        except SystemExit as exc:  # mypyc reports type errors on stdout and exits
            detail = exc.code if isinstance(exc.code, str) else f"exit status {exc.code}"
            reason = f"mypyc refused the modules ({detail}; `pip install -v` shows mypy's errors)"
        except Exception as exc:  # noqa: BLE001 - any failure to compile leaves a working pure install
            reason = f"mypyc failed: {one_line(exc)}"
    return [], record(False, reason)


def one_line(exc: BaseException) -> str:
    """An exception as one line of moderate length (a failed compiler command quotes its whole command line)."""
    text = " ".join(f"{type(exc).__name__}: {exc}".split())
    return text if len(text) <= 200 else f"{text[:120]} … {text[-70:]}"


def report(status: dict) -> None:
    if status["compiled"]:
        say("compiled with mypyc (" + ", ".join(module.removeprefix("graphkit.") for module in COMPILED) + ")")
    else:
        say(f"installing the loaders as pure Python: {status['reason']}")


def package_folders(command, package: str) -> list[Path]:
    """Where a package (graphkit.loaders …) is being built: the build folder, and the source folder of an
    editable install."""
    folders = [Path(command.build_lib, *package.split("."))]
    if getattr(command, "editable_mode", False) or getattr(command, "inplace", False):
        folders.append(Path(command.get_finalized_command("build_py").get_package_dir(package)))
    return folders


def write_record(command, status: dict) -> None:
    for folder in package_folders(command, "graphkit.loaders"):
        folder.mkdir(parents=True, exist_ok=True)
        (folder / RECORD).write_text(json.dumps(status, indent=1) + "\n", encoding="utf-8")


def remove_extensions(command, source_tree_only: bool = False) -> None:
    """Extensions an earlier build left where this one puts its packages (they would shadow the .py
    files): the build folders, and for an editable install loaders/ and graphkit/ in the source tree."""
    for module in (*COMPILED, SHARED_LIB):
        package, _, name = module.rpartition(".")
        for folder in package_folders(command, package)[1 if source_tree_only else 0:]:
            for old in folder.glob(f"{name}.*.so"):
                old.unlink()


class BuildPy(build_py):
    """build_py that writes the build record when nothing is compiled (else build_ext does, once it succeeded)."""

    def run(self) -> None:
        super().run()
        if not STATUS["compiled"]:
            remove_extensions(self)
            write_record(self, STATUS)
            report(STATUS)


class BuildExt(build_ext):
    """build_ext that falls back to pure Python when the C build fails."""

    def run(self) -> None:
        # an editable install's old ones are unlinked, not overwritten: copying into a .so that a running
        # graphkit has mapped would crash it (new files get new inodes; the running process keeps the old)
        remove_extensions(self, source_tree_only=True)
        try:
            super().run()
        except Exception as exc:  # noqa: BLE001 - CompileError, LinkError, a compiler that crashed …
            status = record(False, f"the C build failed: {one_line(exc)}")
            self.extensions = []
            remove_extensions(self)
            write_record(self, status)
            report(status)
            return
        write_record(self, STATUS)  # only now: an interrupted build leaves the old record, whose hashes then
        report(STATUS)              # no longer match the sources (the .py files run)


# only the commands that build need the compiled extensions (not egg_info, dist_info, sdist …)
BUILDING = {"build", "build_ext", "bdist_wheel", "editable_wheel", "install", "develop"}
EXTENSIONS, STATUS = compiled_extensions() if BUILDING & set(sys.argv[1:]) else ([], record(False, "not built"))
setup(ext_modules=EXTENSIONS, cmdclass={"build_py": BuildPy, "build_ext": BuildExt})

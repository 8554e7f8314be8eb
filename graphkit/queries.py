"""The Cypher query library: shipped ``graphkit.cypher`` files plus an optional user directory.

Each ``NAME.cypher`` file answers one question and opens with a header of ``//`` comments::

    // Title: Agency workload
    // 中文: 每个部门牵头、配合了多少项任务……
    // English: Per agency: tasks it leads, ……
    // Columns: agency, jurisdiction, kind, led, supported, total, plans
    // Parameters:
    //   city  城市 city: Plan.city …; null = every city
    //   min_tasks  (int) only pairs sharing at least this many tasks
    // Notes: … (free text, may continue on indented lines)
    // Paste first in Neo4j Browser:
    // :param city => null
    // :param min_tasks => 1

The ``:param NAME => LITERAL`` lines are the defaults (null, true/false, numbers, quoted
strings); a parameter's type is the ``(type)`` written after its name in ``Parameters:``,
else the type of its default (string when the default is null). :func:`run_query` fills
every declared parameter, so a query can test ``$city IS NULL``.

Portability (every shipped file runs unchanged on FalkorDB and Neo4j 5, and passes Neo4j's
linter with no warning — tests/test_cypher_files.py):

- FalkorDB's ``sum()`` returns a float even over integers: count with
  ``count(CASE WHEN … THEN x END)`` or wrap in ``toInteger(sum(…))``.
- FalkorDB has no ``round(x, n)`` and no temporal types: round as ``round(1000.0 * x) / 1000.0``
  (positive values: both round half up) and compare ISO dates as strings.
- Neo4j never reuses a relationship within one MATCH pattern: match two agencies (or two
  reforms) of one task in separate MATCH clauses.
- FalkorDB is very slow on ``OPTIONAL MATCH … WHERE <earlier variable>`` and on grouping by
  node lists: use ``count(DISTINCT CASE …)``, list comprehensions, or a plain MATCH.
- Null ordering agrees (nulls last ascending); sort keys still use ``coalesce`` where nulls occur.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from graphkit.errors import QueryError

USER_DIR_ENV = "GRAPHKIT_QUERIES"
NOT_QUERIES = {"schema"}  # cypher files that hold statements, not questions
TYPES = ("string", "int", "float", "bool")

_FIELD = re.compile(r"^//\s*(Title|中文|English|Columns|Notes|Sorted by|Parameters)\s*:\s*(.*)$")
_PARAM_LINE = re.compile(r"^//\s*:param\s+([A-Za-z_][A-Za-z0-9_]*)\s*=>\s*(.+?)\s*;?\s*$")
_PARAM_DOC = re.compile(r"^//\s+([A-Za-z_][A-Za-z0-9_]*)(?:\s+\((string|int|float|bool)\))?\s+(.*)$")
_PARAM_USE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


@dataclass
class Param:
    name: str
    default: Any
    type: str
    doc: str = ""


@dataclass
class Query:
    """One query file: header fields and the Cypher statement (comments stripped)."""

    name: str
    path: str
    title: str
    zh: str
    en: str
    columns: list[str]
    params: dict[str, Param]
    cypher: str
    notes: str = ""
    user: bool = False
    extra: dict[str, str] = field(default_factory=dict)

    def describe(self) -> str:
        """One line for ``graphkit query --list``."""
        return f"{self.en}"

    def param_lines(self) -> list[str]:
        return [f":param {p.name} => {cypher_literal(p.default)}" for p in self.params.values()]


def cypher_literal(value: Any) -> str:
    """A value as a Cypher literal (for ``:param`` lines)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return "'" + str(value).replace("\\", "\\\\").replace("'", "\\'") + "'"


def parse_literal(text: str, where: str) -> Any:
    """A ``:param`` default: null, true, false, an int, a float or a quoted string."""
    text = text.strip()
    low = text.lower()
    if low == "null":
        return None
    if low in ("true", "false"):
        return low == "true"
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    if re.fullmatch(r"[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?", text):
        return float(text)
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        body = text[1:-1]
        return body.replace("\\'", "'").replace('\\"', '"').replace("\\\\", "\\")
    raise QueryError(f"{where}: cannot read the default {text!r} (use null, true, false, a number or a quoted string)")


def _type_of(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    return "string"


def parse_query(text: str, name: str, path: str = "", user: bool = False) -> Query:
    """Parse a query file's header and body; raises :class:`QueryError` on a malformed header."""
    fields: dict[str, str] = {}
    docs: dict[str, list[str | None]] = {}  # name -> [type, doc]
    defaults: dict[str, Any] = {}
    body: list[str] = []
    current: str | None = None
    last_param: str | None = None
    where = path or name
    for lineno, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if not stripped.startswith("//"):
            if stripped:
                body.append(raw.rstrip())
            continue
        if body:  # comments inside the statement are not header
            continue
        comment = stripped[2:]
        indent = len(comment) - len(comment.lstrip(" "))
        if m := _PARAM_LINE.match(stripped):
            defaults[m.group(1)] = parse_literal(m.group(2), f"{where}:{lineno}")
            current = None
        elif m := _FIELD.match(stripped):
            current, last_param = m.group(1), None
            fields[current] = m.group(2).strip()
        elif current == "Parameters" and indent <= 4 and (m := _PARAM_DOC.match(stripped)):
            last_param = m.group(1)
            docs[last_param] = [m.group(2), m.group(3).strip()]
        elif current and indent >= 2 and comment.strip():
            more = comment.strip()
            if current == "Parameters" and last_param:
                docs[last_param][1] = f"{docs[last_param][1]} {more}"
            else:
                fields[current] = f"{fields[current]} {more}".strip()
        else:
            current = None
    cypher = "\n".join(body).strip()
    for required in ("Title", "中文", "English"):
        if not fields.get(required):
            raise QueryError(f"{where}: header has no '// {required}:' line")
    if not cypher:
        raise QueryError(f"{where}: no Cypher statement after the header")
    if set(docs) != set(defaults):
        missing = sorted(set(docs) ^ set(defaults))
        raise QueryError(f"{where}: parameters {', '.join(missing)} need both a 'Parameters:' entry "
                         "and a ':param NAME => DEFAULT' line")
    used = set(_PARAM_USE.findall(_strip_strings(cypher)))
    if used - set(defaults):
        raise QueryError(f"{where}: the statement uses undeclared parameters: {', '.join(sorted(used - set(defaults)))}")
    params: dict[str, Param] = {}
    for pname, value in defaults.items():
        declared, doc = docs[pname]
        doc = doc or ""
        ptype = declared or _type_of(value)
        if value is not None and declared and _type_of(value) != declared and not (declared == "float" and isinstance(value, int)):
            raise QueryError(f"{where}: parameter {pname} is declared ({declared}) but defaults to {value!r}")
        params[pname] = Param(pname, value, ptype, doc)
    columns = [c.strip() for c in fields.get("Columns", "").split(",") if c.strip()]
    return Query(name=name, path=path, title=fields["Title"], zh=fields["中文"], en=fields["English"],
                 columns=columns, params=params, cypher=cypher, notes=fields.get("Notes", ""), user=user)


def _strip_strings(cypher: str) -> str:
    return re.sub(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"", "''", cypher)


def _shipped() -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for entry in resources.files("graphkit.cypher").iterdir():
        if entry.name.endswith(".cypher"):
            name = entry.name[: -len(".cypher")]
            if name not in NOT_QUERIES:
                out[name] = (str(entry), entry.read_text(encoding="utf-8"))
    return out


def user_dir(directory: str | os.PathLike[str] | None = None) -> Path | None:
    """The user's query directory: the argument, else ``$GRAPHKIT_QUERIES``, else none."""
    chosen = directory if directory is not None else os.environ.get(USER_DIR_ENV)
    return Path(chosen) if chosen else None


def load_queries(directory: str | os.PathLike[str] | None = None) -> dict[str, Query]:
    """Every query by name: shipped files, then the user directory's (which override by name)."""
    sources = {name: (path, text, False) for name, (path, text) in _shipped().items()}
    folder = user_dir(directory)
    if folder is not None:
        if not folder.is_dir():
            raise QueryError(f"query directory {folder} does not exist")
        for path in sorted(folder.glob("*.cypher")):
            sources[path.stem] = (str(path), path.read_text(encoding="utf-8"), True)
    return {name: parse_query(text, name, path, user) for name, (path, text, user) in sorted(sources.items())}


def get_query(name: str, directory: str | os.PathLike[str] | None = None) -> Query:
    queries = load_queries(directory)
    if name.endswith(".cypher"):
        name = name[: -len(".cypher")]
    if name not in queries:
        raise QueryError(f"no query named {name!r}; known: {', '.join(queries)} (see `graphkit query --list`)")
    return queries[name]


def coerce(param: Param, raw: str) -> Any:
    """A command-line string as the parameter's type; ``null`` gives None for any type."""
    text = raw.strip()
    if text.lower() in ("null", "none"):
        return None
    try:
        if param.type == "int":
            return int(text)
        if param.type == "float":
            return float(text)
        if param.type == "bool":
            low = text.lower()
            if low in ("true", "yes", "1", "on"):
                return True
            if low in ("false", "no", "0", "off"):
                return False
            raise ValueError(text)
    except ValueError:
        raise QueryError(f"parameter {param.name} takes {_article(param.type)}, not {raw!r}") from None
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return raw


def _article(ptype: str) -> str:
    return {"int": "an integer", "float": "a number", "bool": "true or false", "string": "a string"}[ptype]


def bind(query: Query, params: dict[str, Any] | None = None) -> dict[str, Any]:
    """Defaults overlaid with ``params``; strings are coerced to the declared types.

    Unknown names raise :class:`QueryError` listing the known ones.
    """
    params = dict(params or {})
    unknown = sorted(set(params) - set(query.params))
    if unknown:
        known = ", ".join(query.params) or "none"
        raise QueryError(f"{query.name} has no parameter {', '.join(unknown)}; its parameters: {known}")
    values = {name: p.default for name, p in query.params.items()}
    for name, value in params.items():
        values[name] = coerce(query.params[name], value) if isinstance(value, str) else value
    return values


def parse_assignments(pairs: list[str] | tuple[str, ...]) -> dict[str, str]:
    """``["city=常州市", "min_tasks=2"]`` → a dict (values still strings)."""
    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"--param takes NAME=VALUE, got {pair!r}")
        out[name.strip()] = value
    return out


def run_query(store: Any, name: str | Query, params: dict[str, Any] | None = None,
              directory: str | os.PathLike[str] | None = None, *,
              timeout: float | None = None) -> tuple[list[str], list[list[Any]]]:
    """Run a library query on ``store`` (anything with ``.query(cypher, params) -> list[dict]``).

    Returns ``(columns, rows)``; columns follow the file's ``Columns:`` line when it has one.
    ``timeout`` (seconds) is passed to the store, which stops the query and raises
    :class:`~graphkit.errors.QueryTimeout` when it runs longer.
    """
    query = name if isinstance(name, Query) else get_query(name, directory)
    records = _query(store, query.cypher, bind(query, params), timeout)
    return shape(records, query.columns)


def run_cypher(store: Any, cypher: str, params: dict[str, Any] | None = None, *,
               timeout: float | None = None) -> tuple[list[str], list[list[Any]]]:
    """Run ad-hoc Cypher (``graphkit query -e``); parameter values are passed as given."""
    return shape(_query(store, cypher, dict(params or {}), timeout), [])


def _query(store: Any, cypher: str, params: dict[str, Any], timeout: float | None) -> list[dict[str, Any]]:
    if timeout:
        return store.query(cypher, params, timeout=timeout)
    return store.query(cypher, params)  # duck-typed stores need not take a timeout


def shape(records: list[dict[str, Any]], columns: list[str]) -> tuple[list[str], list[list[Any]]]:
    cols = list(columns) if columns else (list(records[0]) if records else [])
    if records and columns and set(records[0]) != set(columns):
        cols = list(records[0])
    return cols, [[rec.get(c) for c in cols] for rec in records]


def to_json(columns: list[str], rows: list[list[Any]]) -> str:
    return json.dumps([dict(zip(columns, row)) for row in rows], ensure_ascii=False, indent=2)

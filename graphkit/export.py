"""Export the stored graph: Cypher script, neo4j-admin CSVs, GraphML, node-link JSON.

:func:`store_graph` reads everything back from a store into the same networkx shape
:func:`graphkit.graph.add_records` builds (node ids ``"Label:key"``, edge keys = types).
The Cypher script is the one place graphkit writes literals into Cypher: every value goes
through :func:`cypher_literal`, so text such as ``'}) DETACH DELETE n //`` stays a string.
"""

from __future__ import annotations

import csv
import json
import math
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graphkit.graph import NODE_KEYS, node_key
from graphkit.stores import Store
from graphkit.stores import statements as st

if TYPE_CHECKING:  # imported where a graph is built or written: the CLI starts without it
    import networkx as nx

FORMATS = ("cypher", "neo4j-admin", "graphml", "json")
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def store_graph(store: Store) -> nx.MultiDiGraph:
    """Every node and relationship of the store as a MultiDiGraph (``add_records`` shape)."""
    import networkx as nx

    graph = nx.MultiDiGraph()
    for label in NODE_KEYS:
        for row in store.query(st.export_nodes(label)):
            props = row["props"]
            graph.add_node(node_key(label, props[NODE_KEYS[label]]), label=label, **props)
    for row in store.query(st.EXPORT_RELS):
        graph.add_edge(node_key(row["start_label"], row["start"]), node_key(row["end_label"], row["end"]),
                       key=row["type"], type=row["type"], **row["props"])
    return graph


# --- Cypher script --------------------------------------------------------------------------

def cypher_literal(value: Any) -> str:
    r"""A Cypher literal for a property value (str, int, float, bool, None, lists of those).

    Strings escape only what both FalkorDB and Neo4j read back: ``\\ ' \n \r \t \b \f``
    (FalkorDB has no ``\\uXXXX``); other characters are kept as they are, so a literal never
    contains a raw newline and each statement of a script stays on one line.
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"no Cypher literal for {value!r}")
        return repr(value)
    if isinstance(value, str):
        out = []
        for ch in value:
            if ch in _ESCAPES:
                out.append(_ESCAPES[ch])
            elif ch == "\0":  # Neo4j only; FalkorDB cannot hold NUL in text at all
                out.append("\\u0000")
            else:
                out.append(ch)
        return "'" + "".join(out) + "'"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    raise TypeError(f"no Cypher literal for {type(value).__name__}")


def cypher_name(name: str) -> str:
    """A label, type or property key; backquoted unless a plain identifier."""
    return name if _IDENT.match(name) else "`" + name.replace("`", "``") + "`"


def cypher_map(props: dict[str, Any]) -> str:
    items = [f"{cypher_name(k)}: {cypher_literal(v)}" for k, v in props.items()
             if v is not None and not (isinstance(v, float) and not math.isfinite(v))]
    return "{" + ", ".join(items) + "}"


def _node_props(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "label"}


def cypher_script(graph: nx.MultiDiGraph) -> list[str]:
    """Parameter-free statements, one per line: CREATE each node, then MATCH…CREATE each edge."""
    lines = []
    for _, data in graph.nodes(data=True):
        lines.append(f"CREATE (:{cypher_name(data['label'])} {cypher_map(_node_props(data))});")
    for u, v, data in graph.edges(data=True):
        su, sv = graph.nodes[u], graph.nodes[v]
        ku, kv = NODE_KEYS[su["label"]], NODE_KEYS[sv["label"]]
        props = {k: val for k, val in data.items() if k != "type"}
        lines.append(
            f"MATCH (a:{cypher_name(su['label'])} {{{ku}: {cypher_literal(su[ku])}}}), "
            f"(b:{cypher_name(sv['label'])} {{{kv}: {cypher_literal(sv[kv])}}}) "
            f"CREATE (a)-[:{cypher_name(data['type'])} {cypher_map(props)}]->(b);")
    return lines


def write_cypher(graph: nx.MultiDiGraph, out: Path) -> list[Path]:
    schema = out / "schema.cypher"
    schema.write_text("".join(f"{q};\n" for q in st.neo4j_schema()), encoding="utf-8")
    data = out / "graph.cypher"
    with data.open("w", encoding="utf-8") as fh:
        for line in cypher_script(graph):
            fh.write(line + "\n")
    return [schema, data]


# --- neo4j-admin CSV --------------------------------------------------------------------------

def _column_type(values: list[Any]) -> str:
    kinds = set()
    for v in values:
        if v is None or v == []:
            continue
        if isinstance(v, list):
            kinds.add("long[]" if all(isinstance(x, int) and not isinstance(x, bool) for x in v) else "string[]")
        elif isinstance(v, bool):
            kinds.add("boolean")
        elif isinstance(v, int):
            kinds.add("long")
        elif isinstance(v, float):
            kinds.add("double")
        else:
            kinds.add("string")
    if kinds == {"long", "double"}:
        return "double"
    if len(kinds) == 1:
        return kinds.pop()
    if kinds and all(k.endswith("[]") for k in kinds):
        return "string[]"
    return "string" if kinds else "string"


def _cell(value: Any, kind: str, delimiter: str) -> str:
    if value is None or value == []:
        return ""
    if kind.endswith("[]"):
        return delimiter.join(str(x) for x in value)
    if kind == "boolean":
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _array_delimiter(graph: nx.MultiDiGraph) -> str:
    used = set()
    for _, data in graph.nodes(data=True):
        for v in data.values():
            if isinstance(v, list):
                used.update(ch for x in v for ch in str(x))
    for _, _, data in graph.edges(data=True):
        for v in data.values():
            if isinstance(v, list):
                used.update(ch for x in v for ch in str(x))
    return next(d for d in (";", "|", "¦", "\x1f") if d not in used)


def write_admin_csv(graph: nx.MultiDiGraph, out: Path) -> list[Path]:
    """One nodes CSV per label (ID space = label), one relationships CSV per (type, start, end)."""
    delimiter = _array_delimiter(graph)
    written: list[Path] = []
    by_label: dict[str, list[dict]] = {}
    for _, data in graph.nodes(data=True):
        by_label.setdefault(data["label"], []).append(_node_props(data))
    for label, rows in by_label.items():
        key = NODE_KEYS[label]
        cols = [key] + sorted({k for r in rows for k in r} - {key})
        kinds = {c: _column_type([r.get(c) for r in rows]) for c in cols}
        header = [f"{key}:ID({label})", ":LABEL"] + [
            c if kinds[c] == "string" else f"{c}:{kinds[c]}" for c in cols[1:]]
        path = out / f"nodes_{label}.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(header)
            for r in rows:
                w.writerow([str(r[key]), label] + [_cell(r.get(c), kinds[c], delimiter) for c in cols[1:]])
        written.append(path)
    by_rel: dict[tuple[str, str, str], list[tuple[Any, Any, dict]]] = {}
    for u, v, data in graph.edges(data=True):
        su, sv = graph.nodes[u], graph.nodes[v]
        group = (data["type"], su["label"], sv["label"])
        props = {k: val for k, val in data.items() if k != "type"}
        by_rel.setdefault(group, []).append((su[NODE_KEYS[su["label"]]], sv[NODE_KEYS[sv["label"]]], props))
    for (rel_type, start, end), rows in sorted(by_rel.items()):
        cols = sorted({k for _, _, p in rows for k in p})
        kinds = {c: _column_type([p.get(c) for _, _, p in rows]) for c in cols}
        header = [f":START_ID({start})", f":END_ID({end})", ":TYPE"] + [
            c if kinds[c] == "string" else f"{c}:{kinds[c]}" for c in cols]
        path = out / f"rels_{rel_type}_{start}_{end}.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(header)
            for s, e, p in rows:
                w.writerow([str(s), str(e), rel_type] + [_cell(p.get(c), kinds[c], delimiter) for c in cols])
        written.append(path)
    readme = out / "README.md"
    nodes = " \\\n  ".join(f"--nodes={p.name}" for p in written if p.name.startswith("nodes_"))
    rels = " \\\n  ".join(f"--relationships={p.name}" for p in written if p.name.startswith("rels_"))
    readme.write_text(
        "# graphkit export for neo4j-admin\n\n"
        "One CSV per node label (ID space = label, so keys never collide across labels) and one per\n"
        f"(relationship type, start label, end label). Arrays use `{delimiter}` as delimiter.\n\n"
        "Import into an empty database (Neo4j 5; stop the database first, run from this directory):\n\n"
        "```bash\n"
        f"neo4j-admin database import full --overwrite-destination --array-delimiter='{delimiter}' \\\n"
        f"  {nodes} \\\n  {rels} \\\n  neo4j\n"
        "```\n\n"
        "Then start the database and run `schema.cypher` from the `--format cypher` export (or any\n"
        "`graphkit` command against it) to create the uniqueness constraints and indexes.\n",
        encoding="utf-8")
    return written + [readme]


# --- GraphML and JSON -------------------------------------------------------------------------

def graphml_ready(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy GraphML can hold: lists → JSON text, None dropped."""
    def fix(data: dict[str, Any]) -> dict[str, Any]:
        return {k: (json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v)
                for k, v in data.items() if v is not None}

    import networkx as nx

    out = nx.MultiDiGraph()
    for n, data in graph.nodes(data=True):
        out.add_node(n, **fix(data))
    for u, v, k, data in graph.edges(keys=True, data=True):
        out.add_edge(u, v, key=k, **fix(data))
    return out


def write_graphml(graph: nx.MultiDiGraph, out: Path) -> list[Path]:
    path = out / "graph.graphml"
    import networkx as nx

    nx.write_graphml(graphml_ready(graph), path, encoding="utf-8")
    return [path]


def write_json(graph: nx.MultiDiGraph, out: Path) -> list[Path]:
    path = out / "graph.json"
    import networkx as nx

    data = nx.node_link_data(graph, edges="links")
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return [path]


WRITERS = {"cypher": write_cypher, "neo4j-admin": write_admin_csv, "graphml": write_graphml, "json": write_json}


def export(store: Store, fmt: str, out: Path) -> list[Path]:
    """Write the store's graph to directory ``out`` in ``fmt``; returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    return WRITERS[fmt](store_graph(store), out)

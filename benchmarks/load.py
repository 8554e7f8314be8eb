"""Load throughput of the embedded store against a floor measured in the same run.

graphkit: ``Store.write_plan`` per plan — the replace read, MERGE upserts, one MULTI/EXEC
and one AOF fsync per plan. Floor: the very same rows in bare ``UNWIND … CREATE``
statements, one per label / relationship type (no MERGE, no replace, no per-plan
transaction; the corpus-wide WORKS_WITH counts created once per pair with their final
values), into a second graph of the same server (same persistence settings, same indexes). Prints rows/s for both and the ratio; the target is within 2× of the floor.

    python benchmarks/load.py                 # the example corpus cloned 20×
    python benchmarks/load.py --copies 100 --check   # exit 1 if the ratio is above 2
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from graphkit.extract import extract_file
from graphkit.graph import NODE_KEYS, PlanRecords, Rel, plan_records
from graphkit.stores.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "examples" / "corpus"
TARGET = 2.0
CHUNK = 5000


def clone(rec: PlanRecords, copy: int) -> PlanRecords:
    """The same plan under new ids (as if another document): shared agencies stay shared."""
    old = rec.plan_id
    new = f"{old}-c{copy}"

    def remap(value):
        if isinstance(value, str) and (value == old or value.startswith(old + "/")):
            return new + value[len(old):]
        return value

    out = PlanRecords(plan_id=new, source=f"{rec.source}#copy{copy}")
    for label, rows in rec.nodes.items():
        for row in rows:
            row = {k: remap(v) for k, v in row.items()}
            if label == "Plan":
                row["source"] = out.source
            out.add_node(label, row)
    for rel in rec.rels:
        out.rels.append(Rel(rel.type, (rel.start[0], remap(rel.start[1])), (rel.end[0], remap(rel.end[1])),
                            {k: remap(v) for k, v in rel.props.items()}))
    out.pairs = [dict(pair) for pair in rec.pairs]  # the same agencies: each copy adds its share
    return out


def corpus_records(copies: int) -> list[PlanRecords]:
    base = [plan_records(extract_file(p)) for p in sorted(CORPUS.glob("*.txt"))]
    return [clone(rec, i) for i in range(copies) for rec in base]


def rows_of(records: list[PlanRecords]) -> int:
    return sum(r.node_count() + len(r.rels) + len(r.pairs) for r in records)


def floor_load(store: EmbeddedStore, records: list[PlanRecords]) -> None:
    """Bare CREATEs of the same rows into graph ``floor`` (benchmark-only Cypher)."""
    graph = store._db.select_graph("floor")
    for label, key in NODE_KEYS.items():
        graph.query(f"CREATE INDEX FOR (n:{label}) ON (n.{key})")
    nodes: dict[str, dict] = {label: {} for label in NODE_KEYS}
    rels: dict[tuple[str, str, str], list[dict]] = {}
    for rec in records:
        for label, rows in rec.nodes.items():
            for row in rows:
                nodes[label][row[NODE_KEYS[label]]] = row  # shared nodes once, as MERGE leaves them
        for (t, s, e), group in rec.rels_by_type().items():
            rels.setdefault((t, s, e), []).extend(
                {"start": r.start[1], "end": r.end[1], "props": r.props} for r in group)
    for label, by_key in nodes.items():
        rows = list(by_key.values())
        for i in range(0, len(rows), CHUNK):
            graph.query(f"UNWIND $rows AS row CREATE (n:{label}) SET n = row", {"rows": rows[i:i + CHUNK]})
    # WORKS_WITH: the corpus-wide counts as they end up, one relationship per pair
    pairs: dict[tuple[str, str], dict] = {}
    for rec in records:
        for pair in rec.pairs:
            total = pairs.setdefault((pair["start"], pair["end"]), {"tasks": 0, "both_lead": 0, "plans": 0})
            total["tasks"] += pair["tasks"]
            total["both_lead"] += pair["both_lead"]
            total["plans"] += 1
    rels[("WORKS_WITH", "Agency", "Agency")] = [{"start": a, "end": b, "props": props}
                                                for (a, b), props in pairs.items()]
    for (t, s, e), rows in rels.items():
        q = (f"UNWIND $rows AS row MATCH (a:{s} {{{NODE_KEYS[s]}: row.start}}) "
             f"MATCH (b:{e} {{{NODE_KEYS[e]}: row.end}}) CREATE (a)-[r:{t}]->(b) SET r = row.props")
        for i in range(0, len(rows), CHUNK):
            graph.query(q, {"rows": rows[i:i + CHUNK]})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=20, help="clones of the example corpus (default 20)")
    parser.add_argument("--check", action="store_true", help=f"exit 1 if graphkit is slower than {TARGET}× the floor")
    args = parser.parse_args()
    records = corpus_records(args.copies)
    rows = rows_of(records)
    with tempfile.TemporaryDirectory() as tmp, EmbeddedStore(Path(tmp) / "store") as store:
        store.ensure_schema()
        started = time.perf_counter()
        for rec in records:
            store.write_plan(rec)
        graphkit_s = time.perf_counter() - started
        counts = store.stats()
        started = time.perf_counter()
        floor_load(store, records)
        floor_s = time.perf_counter() - started
        floor_counts = store._db.select_graph("floor").query(
            "MATCH (n) RETURN count(n)").result_set[0][0]
    ratio = graphkit_s / floor_s
    print(f"plans {len(records)}  rows {rows}  (store: {counts}; floor nodes {floor_counts})")
    print(f"graphkit write_plan  {rows / graphkit_s:10.0f} rows/s  ({graphkit_s:.2f}s)")
    print(f"floor UNWIND CREATE  {rows / floor_s:10.0f} rows/s  ({floor_s:.2f}s)")
    verdict = "ok" if ratio <= TARGET else "ABOVE TARGET"
    print(f"ratio graphkit/floor {ratio:.2f}x  (target <= {TARGET}x: {verdict})")
    return 1 if args.check and ratio > TARGET else 0


if __name__ == "__main__":
    sys.exit(main())

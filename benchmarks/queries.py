"""Median latency of every shipped query on a loaded corpus, as a ratio to a trivial query.

    python benchmarks/queries.py                          # examples/corpus
    python benchmarks/queries.py --corpus /tmp/synth      # e.g. a corpus from benchmarks/synth.py
    python benchmarks/queries.py --repeat 9 --json out.json
    python benchmarks/queries.py --store /tmp/q1k-store   # an already loaded store (nothing written)

The corpus is extracted and written into a fresh embedded store in a temporary directory
(or ``--store`` names an existing embedded store, which is only read).
Each query runs once to warm up, then ``--repeat`` times with its default parameters; the
floor is the median of ``MATCH (p:Plan) RETURN count(p)`` measured in the same run, so the
ratios compare across machines.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from graphkit.cli.tables import render_rows
from graphkit.extract import extract_file, iter_documents
from graphkit.graph import plan_records
from graphkit.errors import QueryTimeout
from graphkit.queries import load_queries, run_query
from graphkit.stores import open_store

FLOOR = "MATCH (p:Plan) RETURN count(p) AS plans"


def load_corpus(store, corpus: Path) -> tuple[int, int]:
    plans = tasks = 0
    for path, skip in iter_documents([corpus]):
        if skip:
            continue
        plan = extract_file(path)
        store.write_plan(plan_records(plan))
        plans += 1
        tasks += len(plan.tasks)
    return plans, tasks


def timed(fn, repeat: int) -> float:
    fn()  # warm-up
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parent.parent / "examples" / "corpus")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--store", type=Path, help="time the queries on this loaded embedded store instead")
    parser.add_argument("--timeout", type=float, default=300.0,
                        help="seconds before the server stops one query (default 300)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    source = args.store if args.store else args.corpus
    if not source.exists():
        print(f"error: no {'store' if args.store else 'corpus'} at {source}", file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory(prefix="graphkit-bench-") as tmp:
        start = time.perf_counter()  # an existing store: opening it (the server loads the graph) is timed
        store = open_store(path=str(args.store or Path(tmp) / "store"))
        if not args.store:
            start = time.perf_counter()  # a fresh store: the load is timed
        if args.store:
            counts = store.stats()
            plans, tasks = counts["plans"], counts["tasks"]
        else:
            plans, tasks = load_corpus(store, args.corpus)
        load_s = time.perf_counter() - start
        floor = timed(lambda: store.query(FLOOR, {}), args.repeat)
        results = []
        for name, q in load_queries(directory=None).items():
            try:
                rows = len(run_query(store, q, timeout=args.timeout)[1])
                median = timed(lambda q=q: run_query(store, q, timeout=args.timeout), args.repeat)
            except QueryTimeout:
                results.append({"query": name, "rows": None, "median_ms": None, "x_floor": None})
                continue
            results.append({"query": name, "rows": rows, "median_ms": round(median * 1000, 2),
                            "x_floor": round(median / floor, 1) if floor else None})
        close = getattr(store, "close", None)
        if callable(close):
            close()

    how = "opened" if args.store else "loaded"
    print(f"{source}: {plans} plans, {tasks} tasks, {how} in {load_s:.1f} s; "
          f"floor {floor * 1000:.2f} ms ({FLOOR}); a blank median = stopped after {args.timeout:g} s")
    print(render_rows(["query", "rows", "median_ms", "x_floor"],
                       [[r["query"], r["rows"], r["median_ms"], r["x_floor"]] for r in results]))
    if args.json:
        args.json.write_text(json.dumps({"corpus": str(source), "plans": plans, "tasks": tasks,
                                         "floor_ms": round(floor * 1000, 3), "queries": results},
                                        ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

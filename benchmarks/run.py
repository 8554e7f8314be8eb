"""graphkit benchmarks: one table of extraction, loading, query and memory figures.

    python benchmarks/run.py                      # sizes 100,1000 (what `make bench` runs)
    python benchmarks/run.py --sizes 1000,10000   # the full run (documented in README: Scaling up)
    python benchmarks/run.py --sizes 100 --repeat 1 --out bench-results/

For each size a synthetic corpus is generated (benchmarks/synth.py, cached under
``--work``) and measured in fresh processes, so each peak memory figure is that phase's
alone. Every figure is the median of ``--repeat`` runs, next to a floor measured in the
same run:

- extraction chars/s (with and without the entity layer, one core, and ``--jobs`` worker
  processes) vs reading the same files and running one regex over them (on one core the floor
  is timed before each extraction pass, in the same process, so the VM's drift from minute to
  minute moves both alike; ``--jobs`` is compared with one core);
- embedded-store load rows/s (nodes + relationships via ``Store.write_plan``) vs the same rows
  created bare (``UNWIND … CREATE`` in bulk: ``floor_load`` of benchmarks/load.py) in the same server;
- each ``cypher/*.cypher`` query's latency vs ``RETURN 1``;
- peak memory, and growth from the smallest to the largest size (per plan; 1.0× = linear).

A part that is missing (e.g. the store has not landed) prints as ``n/a (reason)``.
Results go to ``--out`` (default ``bench-results/``) as JSON and markdown.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import pickle
import re
import shutil
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import common  # noqa: E402
import synth  # noqa: E402
from common import Row, median_run, na  # noqa: E402

TASK_NUMBER = re.compile(r"^\s*\d+[.．]", re.M)  # the floor's regex: one pass over every line
XML_TAG = re.compile(r"<[^>]+>")


# --------------------------------------------------------------------------- corpus


def ensure_corpus(work: Path, size: int, seed: int) -> Path:
    """The synthetic corpus for ``size`` plans (generated once, reused while it matches)."""
    out = work / f"synth-{size}-seed{seed}"
    manifest = out / synth.MANIFEST
    if manifest.exists():
        head = json.loads(manifest.read_text(encoding="utf-8"))
        if head.get("plans") == size and head.get("seed") == seed and head.get("generator") == synth.GENERATOR:
            return out
        shutil.rmtree(out)
    totals = synth.generate(out, size, seed)
    print(f"  generated {size:,} plans ({totals['chars']:,} chars) in {totals['seconds']:.1f}s", file=sys.stderr)
    return out


def corpus_files(corpus: Path) -> list[tuple[Path, dict]]:
    files = synth.load_manifest(corpus)["files"]
    return [(corpus / name, entry) for name, entry in files.items()]


# --------------------------------------------------------------------------- children
# Module-level functions: each runs in a fresh spawned process via common.in_child.


def floor_pass(files: list[tuple[Path, dict]]) -> int:
    """Read every file (decode text / unzip docx) and run one regex over it: the extraction floor.
    Returns the characters read."""
    chars = 0
    for path, entry in files:
        raw = path.read_bytes()
        if entry["format"] == "docx":
            with zipfile.ZipFile(path) as z:
                text = XML_TAG.sub("", z.read("word/document.xml").decode("utf-8"))
        else:
            text = raw.decode(entry["encoding"])
        TASK_NUMBER.findall(text)
        chars += len(text)
    return chars


def child_floor(corpus: str, repeat: int) -> dict:
    """The floor alone, in a process of its own: its figure and its peak memory."""
    files = corpus_files(Path(corpus))
    timing = median_run(lambda: floor_pass(files), repeat)
    return {"samples": timing.samples, "chars": timing.result}


def _extract_one(args: tuple[str, bool | None]) -> tuple[int, int, str | None]:
    """(chars, tasks, error) for one file; used by the pooled run."""
    chars, tasks, error, _ = _extract_timed(*args)
    return chars, tasks, error


def _extract_timed(path: str, entities: bool | None, records: Any = None) -> tuple[int, int, str | None, float]:
    """(chars, tasks, error, seconds) for one file; its graph records pickled to ``records`` (untimed)."""
    from graphkit.extract import extract_file

    started = time.perf_counter()
    try:
        plan = extract_file(path) if entities is None else extract_file(path, entities=entities)
    except Exception as exc:  # one bad document must not sink the benchmark; it is counted
        return 0, 0, f"{type(exc).__name__}: {exc}", time.perf_counter() - started
    elapsed = time.perf_counter() - started
    if records is not None:
        from graphkit.graph import plan_records

        rec = plan_records(plan)
        records.append(rec.node_count() + len(rec.rels))
        pickle.dump(rec, records.file, protocol=pickle.HIGHEST_PROTOCOL)
    return len(plan.text), len(plan.tasks), None, elapsed


class _RecordSink(list):
    """Row counts per plan, with the plans' graph records streamed to ``file``."""

    def __init__(self, file: Any) -> None:
        super().__init__()
        self.file = file


def child_extract(corpus: str, repeat: int, entities: bool | None, jobs: int, records_path: str | None) -> dict:
    """Extraction of every file, serially (jobs=1: only extract_file is timed) or from a pool of
    ``jobs`` processes (wall clock). A serial run's last repeat streams graph records to
    ``records_path`` for the load benchmark. A serial run also times a floor pass before each
    extraction pass (``floor_samples``): its ratio to the floor is then measured in the same
    minute, as the VM's speed drifts."""
    files = corpus_files(Path(corpus))
    work = [(str(path), entities) for path, _ in files]
    samples: list[float] = []
    floor_samples: list[float] = []
    floor_chars = 0
    per_plan: list[int] = []
    if jobs > 1:
        import multiprocessing

        with multiprocessing.get_context("spawn").Pool(jobs) as pool:
            pool.map(_extract_one, work[:jobs])  # warm the workers (imports) outside the timing
            for _ in range(repeat):
                started = time.perf_counter()
                results = pool.map(_extract_one, work, chunksize=max(1, len(work) // (jobs * 8)))
                samples.append(time.perf_counter() - started)
    else:
        for k in range(repeat):
            started = time.perf_counter()
            floor_chars = floor_pass(files)
            floor_samples.append(time.perf_counter() - started)
            last = k == repeat - 1 and records_path is not None
            with open(records_path, "wb") if last else open(os.devnull, "wb") as sink_file:
                sink = _RecordSink(sink_file) if last else None
                timed = [_extract_timed(path, ent, sink) for path, ent in work]
            samples.append(sum(t[3] for t in timed))
            results = [t[:3] for t in timed]
            if last:
                per_plan = list(sink)
    expected = [entry["tasks"] for _, entry in files]
    wrong = sum(1 for (_, tasks, err), exp in zip(results, expected) if err is None and tasks != exp)
    errors = [f"{files[i][0].name}: {r[2]}" for i, r in enumerate(results) if r[2]]
    return {
        "samples": samples,
        "floor_samples": floor_samples,
        "floor_chars": floor_chars,
        "chars": sum(r[0] for r in results),
        "tasks": sum(r[1] for r in results),
        "expected_tasks": sum(expected),
        "plans_with_wrong_count": wrong,
        "errors": errors[:5],
        "error_count": len(errors),
        "rows_per_plan": per_plan,
    }


def _stream(path: Path):
    with open(path, "rb") as f:
        while True:
            try:
                yield pickle.load(f)
            except EOFError:
                return


FLOOR_CREATE = "UNWIND $rows AS r CREATE (n:BenchFloor) SET n = r"


def cypher_files() -> list[Path]:
    """The shipped query files (package ``graphkit.cypher``, i.e. ``cypher/*.cypher``), schema DDL excluded."""
    try:
        import graphkit.cypher

        folder = Path(graphkit.cypher.__file__).parent
    except ImportError:
        folder = ROOT / "cypher"
    return sorted(p for p in folder.glob("*.cypher") if p.stem != "schema")


def query_params(text: str) -> dict[str, Any]:
    """Parameters of a query file: every ``$name`` is null unless a ``// :param name => v`` line says otherwise."""
    params: dict[str, Any] = {name: None for name in re.findall(r"\$([A-Za-z_]\w*)", text)}
    for name, value in re.findall(r"^//\s*:param\s+(\w+)\s*=>\s*(.+?)\s*;?$", text, re.M):
        try:
            params[name] = json.loads(value)
        except json.JSONDecodeError:
            params[name] = value.strip("'\"")
    return params


def child_load(records_path: str, per_plan: list[int], repeat: int, queries: bool, budget: float) -> dict:
    """Load the pickled plan records into fresh embedded stores (only ``write_plan`` timed; median
    of ``repeat``), run the query files, then the floor: the same rows created bare in a second
    graph of the same server (``floor_load`` of benchmarks/load.py when present)."""
    from graphkit.stores import open_store

    records = Path(records_path)
    rows = sum(per_plan)
    scratch = Path(tempfile.mkdtemp(prefix="graphkit-bench-"))
    try:
        load_samples, floor_samples, server_peak, client_peak = [], [], None, None
        query_results: dict[str, Any] = {}
        bulk_floor = _bulk_floor()
        floor_name = "bulk UNWIND…CREATE" if bulk_floor else "UNWIND…CREATE per plan"
        for k in range(max(1, repeat)):
            store = open_store(path=scratch / f"load-{k}")
            try:
                elapsed = 0.0
                for rec in _stream(records):
                    started = time.perf_counter()
                    store.write_plan(rec)
                    elapsed += time.perf_counter() - started
                load_samples.append(elapsed)
                pid = getattr(store, "server_pid", None)
                if pid:
                    server_peak = common.process_peak_rss_mb(pid)
                stats = store.stats()
                if queries and k == repeat - 1:  # before the floor graph shares the server
                    query_results = _run_queries(store, repeat, budget)
                if k == 0:  # the process's peak so far: before any floor held every record in memory
                    client_peak = common.peak_rss_mb()
                if bulk_floor:  # benchmarks/load.py: the same rows, bulk-created in a second graph
                    rows_in_memory = list(_stream(records))
                    started = time.perf_counter()
                    bulk_floor(store, rows_in_memory)
                    floor_samples.append(time.perf_counter() - started)
                    del rows_in_memory
                else:  # as many rows, one bare UNWIND … CREATE per plan, in a second graph
                    floor_graph = store._db.select_graph("bench_floor")
                    started = time.perf_counter()
                    for i, n in enumerate(per_plan):
                        floor_graph.query(FLOOR_CREATE, {"rows": [{"id": f"{i}/{j}"} for j in range(n)]})
                    floor_samples.append(time.perf_counter() - started)
            finally:
                store.close()
            shutil.rmtree(scratch / f"load-{k}", ignore_errors=True)
        return {"samples": load_samples, "floor_samples": floor_samples, "floor_name": floor_name, "rows": rows,
                "server_peak_mb": server_peak, "client_peak_mb": client_peak, "queries": query_results,
                "stats": stats}
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _bulk_floor():
    """``floor_load(store, records)`` from benchmarks/load.py (the stores' own load benchmark), if present."""
    try:
        import load as load_benchmark
    except ImportError:
        return None
    return getattr(load_benchmark, "floor_load", None)


def _run_queries(store, repeat: int, budget: float) -> dict[str, Any]:
    """Median latency of each query file via ``store.query`` (default parameters); a query whose
    first run exceeds ``budget`` seconds is reported from that one run."""
    out: dict[str, Any] = {"RETURN 1": median_run(lambda: store.query("RETURN 1"), max(3, repeat)).samples}
    for path in cypher_files():
        text = path.read_text(encoding="utf-8")
        params = query_params(text)
        try:
            first = median_run(lambda: store.query(text, params), 1).samples
            more = median_run(lambda: store.query(text, params), max(3, repeat) - 1).samples \
                if first[0] <= budget else []
            out[path.stem] = first + more
        except Exception as exc:
            out[path.stem] = f"{type(exc).__name__}: {str(exc).splitlines()[0][:80] if str(exc) else ''}"
    return out


# --------------------------------------------------------------------------- rows


def _median(samples: list[float]) -> float:
    return statistics.median(samples)


def extraction_rows(corpus: Path, size: int, args: argparse.Namespace, records_path: Path,
                    results: dict) -> list[Row]:
    """Floor, extraction variants and extraction memory for one corpus (fills ``results``)."""
    repeat, jobs = args.repeat, args.jobs
    rows: list[Row] = []
    floor, floor_mb = common.in_child(child_floor, str(corpus), repeat)
    floor_rate = floor["chars"] / _median(floor["samples"])
    results["floor"] = {**floor, "peak_rss_mb": floor_mb}
    try:
        from graphkit.extract import extract_file
    except Exception as exc:
        return [na("extract chars/s", size, f"graphkit.extract not importable: {exc}")]
    has_entities = "entities" in inspect.signature(extract_file).parameters
    main_name = "extract chars/s (1 core)" + (", entity layer" if has_entities else "")
    variants: list[tuple[str, bool | None, int] | str] = [(main_name, True if has_entities else None, 1)]
    if args.variants == "none" or (args.variants == "smallest" and size != args.smallest):
        variants.append(f"--variants {args.variants}")
    else:
        variants.append(("extract chars/s (1 core, no entity layer)", False, 1) if has_entities
                        else "extract_file has no entities= switch")
        variants.append((f"extract chars/s (--jobs {jobs})", True if has_entities else None, jobs))
    one_core = None
    for variant in variants:
        if isinstance(variant, str):
            rows.append(na("extract chars/s (other variants)", size, variant))
            continue
        name, entities, n_jobs = variant
        keep = str(records_path) if variant is variants[0] else None
        try:
            res, peak = common.in_child(child_extract, str(corpus), repeat, entities, n_jobs, keep)
        except Exception as exc:
            rows.append(na(name, size, str(exc)[:120]))
            continue
        results[name] = {**res, "peak_rss_mb": peak}
        if res["tasks"] == 0:
            rows.append(na(name, size, "0 tasks extracted: the structure parser has not landed"))
            continue
        rate = res["chars"] / _median(res["samples"])
        # a serial run's own floor passes, interleaved with its extraction passes (else the floor's child)
        own_floor = res["floor_chars"] / _median(res["floor_samples"]) if res["floor_samples"] else floor_rate
        note = f"{res['error_count']} documents failed" if res["error_count"] else ""
        if variant is variants[0]:
            one_core = rate
            results["extract_seconds"] = _median(res["samples"])
            results["extract_peak_mb"] = peak
            results["rows_per_plan"] = res["rows_per_plan"]
            rows.append(Row(name, size, rate, "chars/s", own_floor, "read+regex", note))
            rows.append(Row("extract peak RSS", size, peak, "MB", floor_mb, "read+regex process"))
            found = res["tasks"] / res["expected_tasks"] if res["expected_tasks"] else None
            rows.append(Row("tasks found / generated", size, found, "", 1.0, "all",
                            f"{res['tasks']:,} of {res['expected_tasks']:,}; "
                            f"{res['plans_with_wrong_count']} of {size:,} plans off"))
        elif n_jobs > 1:
            rows.append(Row(name, size, rate, "chars/s", one_core, "1 core", note))
        else:
            rows.append(Row(name, size, rate, "chars/s", own_floor, "read+regex", note))
    return rows


def load_rows(size: int, args: argparse.Namespace, records_path: Path, results: dict) -> list[Row]:
    """Embedded-store load, store memory and query latencies for the extracted records."""
    name = "load rows/s (embedded)"
    try:
        import graphkit.stores as stores

        if not hasattr(stores, "open_store"):
            raise ImportError("graphkit.stores.open_store not on this branch yet")
    except ImportError as exc:
        return [na(name, size, f"store not landed: {exc}")]
    per_plan = results.get("rows_per_plan")
    if not per_plan:
        return [na(name, size, "no extracted records to load")]
    queries = not args.no_queries
    try:
        res, peak = common.in_child(child_load, str(records_path), per_plan, args.repeat, queries,
                                    args.query_budget)
    except Exception as exc:
        return [na(name, size, str(exc)[:120])]
    results["load"] = {**res, "peak_rss_mb": peak}
    load_s, floor_s = _median(res["samples"]), _median(res["floor_samples"])
    results["load_seconds"] = load_s
    rows = [
        Row(name, size, res["rows"] / load_s, "rows/s", res["rows"] / floor_s, res.get("floor_name", "floor"),
            f"{res['rows']:,} rows"),
        Row("load peak RSS (client)", size, res.get("client_peak_mb") or peak, "MB"),
    ]
    if res.get("server_peak_mb"):
        rows.append(Row("store server peak RSS", size, res["server_peak_mb"], "MB"))
    q = dict(res.get("queries") or {})
    base = q.pop("RETURN 1", None)
    base_ms = _median(base) * 1000 if base else None
    if queries and not q:
        rows.append(na("query latency", size, "no cypher/*.cypher query files yet"))
    for stem, samples in q.items():
        if isinstance(samples, str):
            rows.append(na(f"query {stem}", size, samples))
        else:
            note = "1 run (over --query-budget)" if len(samples) == 1 and args.repeat > 1 else ""
            rows.append(Row(f"query {stem}", size, _median(samples) * 1000, "ms", base_ms, "RETURN 1", note))
    return rows


def growth_rows(sizes: list[int], per_size: dict[int, dict]) -> list[Row]:
    """Per-plan time and memory at the largest size vs the smallest (1.0× = linear)."""
    small, large = sizes[0], sizes[-1]
    if small == large:
        return []
    rows = []
    for key, label, unit in (("extract_seconds", "extract time per plan", "ms/plan"),
                             ("load_seconds", "load time per plan", "ms/plan")):
        a, b = per_size[small].get(key), per_size[large].get(key)
        if a is None or b is None:
            rows.append(na(f"growth: {label}", large, "not measured at both sizes"))
            continue
        rows.append(Row(f"growth: {label}", large, b / large * 1000, unit, a / small * 1000, f"at {small:,}"))
    a, b = per_size[small].get("extract_peak_mb"), per_size[large].get("extract_peak_mb")
    if a is not None and b is not None:
        rows.append(Row("growth: extract peak RSS", large, b, "MB", a, f"at {small:,}",
                        f"{(b - a) / (large - small) * 1024:.1f} KB per extra plan"))
    return rows


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="graphkit benchmarks: one table of extraction, load, query and memory figures.",
        epilog="examples: python benchmarks/run.py --sizes 100 --repeat 1   (a quick look)\n"
               "          python benchmarks/run.py --sizes 1000,10000       (the full run, ~an hour)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--sizes", default="100,1000", help="comma-separated plan counts (default 100,1000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; the median is reported (default 3)")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes for the parallel extraction row (default 2)")
    parser.add_argument("--seed", type=int, default=7, help="synthetic corpus seed (default 7)")
    parser.add_argument("--out", default="bench-results", help="where results JSON/markdown go (default bench-results/)")
    parser.add_argument("--work", default=None, help="where generated corpora are cached (default OUT/corpora)")
    parser.add_argument("--no-load", action="store_true", help="skip the store load and query rows")
    parser.add_argument("--no-queries", action="store_true", help="skip the query rows")
    parser.add_argument("--variants", choices=("smallest", "all", "none"), default="smallest",
                        help="at which sizes to also time extraction without the entity layer and with "
                             "--jobs (default: the smallest size only)")
    parser.add_argument("--query-budget", type=float, default=30.0,
                        help="seconds: a query whose first run takes longer is not repeated (default 30)")
    args = parser.parse_args(argv)
    try:
        sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    except ValueError:
        parser.error(f"--sizes must be comma-separated whole numbers, not {args.sizes!r}")
    if not sizes or min(sizes) < 1 or args.repeat < 1 or args.jobs < 1:
        parser.error("--sizes, --repeat and --jobs must be positive")
    args.smallest = sizes[0]
    work = Path(args.work) if args.work else Path(args.out) / "corpora"
    rows: list[Row] = []
    per_size: dict[int, dict] = {}
    started = time.time()
    for size in sizes:
        print(f"[{size:,} plans]", file=sys.stderr)
        corpus = ensure_corpus(work, size, args.seed)
        results: dict[str, Any] = {}
        scratch = Path(tempfile.mkdtemp(prefix="graphkit-bench-records-"))
        try:
            records_path = scratch / "records.pickle"
            rows += extraction_rows(corpus, size, args, records_path, results)
            if args.no_load:
                rows.append(na("load rows/s (embedded)", size, "--no-load"))
            else:
                rows += load_rows(size, args, records_path, results)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        results.pop("rows_per_plan", None)
        per_size[size] = results
        partial = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "partial": f"after {size:,} plans"}
        common.write_results(args.out, rows, partial, _jsonable(per_size))  # kept if a later size is cut short
        print(common.text_table(rows[-12:]), file=sys.stderr)
    rows += growth_rows(sizes, per_size)
    meta = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "sizes": sizes, "repeat": args.repeat,
            "jobs": args.jobs, "seed": args.seed, "seconds": round(time.time() - started, 1),
            "machine": common.machine()}
    print(common.text_table(rows))
    json_path, md_path = common.write_results(args.out, rows, meta, _jsonable(per_size))
    print(f"\nmedian of {args.repeat} runs each; results in {json_path} and {md_path}", file=sys.stderr)
    return 0


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


if __name__ == "__main__":
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    sys.exit(main())

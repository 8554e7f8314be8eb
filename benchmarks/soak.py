"""Bounded soak: load and reload the example corpus N times; counts and memory must stay flat.

Each round writes every plan again (each write replaces the plan's previous version) and
prints the store counts, the RSS of this process and of the embedded redis-server, and
the AOF size (it grows with every rewrite until redis compacts it at 64 MiB / 100% growth).
Exit 1 if the counts ever change or the server's memory grows by more than --max-growth.

    python benchmarks/soak.py                 # 100 rounds
    python benchmarks/soak.py --rounds 10
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

import psutil

from graphkit.extract import extract_file
from graphkit.graph import plan_records
from graphkit.stores.embedded import EmbeddedStore

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"


def mib(n: int) -> float:
    return n / (1024 * 1024)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--max-growth", type=float, default=0.25,
                        help="allowed relative growth of server RSS from round 2 to the end (default 0.25)")
    args = parser.parse_args()
    records = [plan_records(extract_file(p)) for p in sorted(CORPUS.glob("*.txt"))]
    me = psutil.Process(os.getpid())
    first_counts, baseline, failed = None, None, False
    with tempfile.TemporaryDirectory() as tmp, EmbeddedStore(Path(tmp) / "store") as store:
        store.ensure_schema()
        server = psutil.Process(store.server_pid)
        for round_no in range(1, args.rounds + 1):
            for rec in records:
                store.write_plan(rec)
            counts = store.stats()
            rss_server, rss_self = server.memory_info().rss, me.memory_info().rss
            aof = sum(f.stat().st_size for f in (store.directory / "appendonlydir").iterdir())
            print(f"round {round_no:4d}  {counts}  server {mib(rss_server):7.1f} MiB  "
                  f"graphkit {mib(rss_self):7.1f} MiB  aof {mib(aof):6.1f} MiB", flush=True)
            if first_counts is None:
                first_counts = counts
            elif counts != first_counts:
                print(f"counts changed: {first_counts} → {counts}")
                failed = True
            if round_no == 2:
                baseline = rss_server
        if baseline and rss_server > baseline * (1 + args.max_growth):
            print(f"server memory grew {mib(baseline):.1f} → {mib(rss_server):.1f} MiB")
            failed = True
    print("soak:", "FAILED" if failed else "ok (counts and memory flat)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""Render each view of a store to PNG with headless Chromium (for the README).

    python -m graphkit.viz.screenshots docs/img [--store PATH | --neo4j URI]

Writes workload.png, reform-spread.png, plan.png (the plan with most tasks), agency.png (the
busiest agency), reform.png (the most widespread reform) and report.png (the index page).
Chromium runs offline (proxy to a closed port) with a virtual-time budget, so the layout has
settled when the picture is taken.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from graphkit.errors import GraphkitError, StoreError
from graphkit.viz import data as D
from graphkit.viz.views import build_view, write_view

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_browser() -> str:
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    raise GraphkitError("no Chromium found (Debian: apt-get install chromium; or run make test-deps)")


def shoot(browser: str, page: Path, png: Path, size: str = "1280,860", budget_ms: int = 20000) -> None:
    with tempfile.TemporaryDirectory(prefix="graphkit-shot-") as profile:
        cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>", f"--user-data-dir={profile}",
               f"--window-size={size}", f"--virtual-time-budget={budget_ms}", f"--screenshot={png}",
               page.resolve().as_uri()]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    if done.returncode != 0 or not png.is_file():
        raise GraphkitError(f"chromium could not render {page.name}: {done.stderr.strip()[-300:]}")


def render_all(store: D.QueryStore, out_dir: Path) -> list[Path]:
    from graphkit.viz.report import write_report

    out_dir.mkdir(parents=True, exist_ok=True)
    summary = D.summary(store)
    views: list[tuple[str, dict]] = [("workload", {}), ("reform-spread", {})]
    if summary.plans:
        busiest = max(summary.plans, key=lambda p: (int(p["tasks"]), p["id"]))
        views.append(("plan", {"plan": busiest["id"]}))
    if summary.agencies:
        views.append(("agency", {"agency": summary.agencies[0]["id"]}))
    if summary.spread:
        totals: dict[str, int] = {}
        for row in summary.spread:
            totals[row["reform"]] = totals.get(row["reform"], 0) + int(row["tasks"])
        views.append(("reform", {"reform": min(totals, key=lambda r: (-totals[r], r))}))
    browser = find_browser()
    written = []
    with tempfile.TemporaryDirectory(prefix="graphkit-views-") as tmp:
        for name, kwargs in views:
            page = write_view(build_view(store, name, **kwargs), Path(tmp) / f"{name}.html")
            shoot(browser, page, out_dir / f"{name}.png")
            written.append(out_dir / f"{name}.png")
        report = write_report(store, Path(tmp) / "report", max_plans=0, top_agencies=0, top_reforms=0)
        shoot(browser, report.index, out_dir / "report.png", size="1100,1600", budget_ms=2000)
        written.append(out_dir / "report.png")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m graphkit.viz.screenshots",
                                     description="Render every view of the store to PNG (README pictures).")
    parser.add_argument("out_dir", type=Path, help="directory for the PNG files, e.g. docs/img")
    parser.add_argument("--store", help="embedded store directory (default: $GRAPHKIT_STORE or .graphkit)")
    parser.add_argument("--neo4j", dest="neo4j_uri", help="Neo4j URI instead of the embedded store")
    args = parser.parse_args(argv)
    from graphkit.stores import open_store

    try:
        with open_store(args.store, args.neo4j_uri) as store:
            if not store.query("MATCH (p:Plan) RETURN count(p) AS n", {})[0]["n"]:
                raise StoreError("the store is empty: run graphkit load examples/corpus first")
            for path in render_all(store, args.out_dir):
                print(path)
    except GraphkitError as exc:
        print(f"error[{exc.code}]: {exc}", file=sys.stderr)
        return exc.exit_status
    return 0


if __name__ == "__main__":
    sys.exit(main())

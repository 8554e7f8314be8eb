"""Timing helpers for the benchmarks: medians of repeated runs, peak memory, result rows.

Every figure a benchmark reports is the median of ``repeat`` runs, and is shown next to
a *floor* — the same amount of work done the simplest possible way, measured in the
same run on the same machine — so the ratio means something on any machine.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import platform
import resource
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Timing:
    """Seconds of each run, their median, and the last run's result."""

    samples: list[float]
    result: Any = None

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def spread(self) -> float:
        """(max − min) / median: how much the runs disagreed."""
        return (max(self.samples) - min(self.samples)) / self.median if self.median else 0.0


def median_run(fn: Callable[[], Any], repeat: int = 3, setup: Callable[[], Any] | None = None) -> Timing:
    """Run ``fn`` ``repeat`` times (``setup`` before each, untimed); the wall-clock timings."""
    samples, result = [], None
    for _ in range(max(1, repeat)):
        if setup is not None:
            setup()
        started = time.perf_counter()
        result = fn()
        samples.append(time.perf_counter() - started)
    return Timing(samples, result)


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux: ru_maxrss is in KB)."""
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / 1024 if platform.system() != "Darwin" else kb / 1024 / 1024


def process_peak_rss_mb(pid: int) -> float | None:
    """Peak resident memory (VmHWM) of another process, in MB; None where /proc is missing."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    try:
        import psutil

        return psutil.Process(pid).memory_info().rss / 1024 / 1024
    except Exception:
        return None


def in_child(fn: Callable[..., Any], *args: Any) -> tuple[Any, float]:
    """``fn(*args)`` in a fresh (spawned) process: (its result, its peak RSS in MB).

    A fresh process makes the peak memory that of this piece of work alone. ``fn`` must be
    a module-level function. The child is not a daemon, so it may start its own workers.
    An exception in the child is raised here as :class:`ChildError` with its message.
    """
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.SimpleQueue()
    child = ctx.Process(target=_child_entry, args=(queue, fn, args), daemon=False)
    child.start()
    try:
        status, payload, peak = queue.get()
    finally:
        child.join()
    if status != "ok":
        raise ChildError(payload)
    return payload, peak


class ChildError(RuntimeError):
    """A benchmark child process failed; the message is its last traceback line."""


def _child_entry(queue: Any, fn: Callable[..., Any], args: tuple) -> None:
    try:
        result = fn(*args)
    except BaseException as exc:  # reported to the parent, which prints an n/a row
        import traceback

        detail = traceback.format_exc().strip().splitlines()[-1]
        queue.put(("error", detail or type(exc).__name__, peak_rss_mb()))
        return
    queue.put(("ok", result, peak_rss_mb()))


@dataclass
class Row:
    """One line of the results table. ``value`` None means not measured (``note`` says why)."""

    name: str
    size: int | None
    value: float | None
    unit: str
    floor: float | None = None
    floor_name: str = ""
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        """value ÷ floor (for rates: the fraction of the floor's speed reached)."""
        if self.value is None or not self.floor:
            return None
        return self.value / self.floor

    def cells(self) -> list[str]:
        if self.value is None:
            return [self.name, _size(self.size), f"n/a ({self.note})" if self.note else "n/a", "", ""]
        floor = f"{fmt_number(self.floor)} ({self.floor_name})" if self.floor is not None else "—"
        ratio = f"{self.ratio:.3g}×" if self.ratio is not None else "—"
        value = f"{fmt_number(self.value)} {self.unit}".rstrip()
        if self.note:
            value += f" — {self.note}"
        return [self.name, _size(self.size), value, floor, ratio]

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["ratio"] = self.ratio
        return out


def na(name: str, size: int | None, reason: str) -> Row:
    """A row that could not be measured, and why (e.g. the store has not landed)."""
    return Row(name, size, None, "", note=reason)


HEADER = ["measure", "plans", "median", "floor (same run)", "ratio to floor"]


def fmt_number(x: float | None) -> str:
    if x is None:
        return "—"
    if x == 0:
        return "0"
    if abs(x) >= 1e6:
        return f"{x / 1e6:.3g}M"
    if abs(x) >= 1e4:
        return f"{x / 1e3:.3g}k"
    if abs(x) >= 100:
        return f"{x:.0f}"
    return f"{x:.3g}"


def _size(size: int | None) -> str:
    return f"{size:,}" if size is not None else ""


def markdown_table(rows: list[Row]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "|".join("---" for _ in HEADER) + "|"]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row.cells()) + " |" for row in rows]
    return "\n".join(lines)


def text_table(rows: list[Row]) -> str:
    """The rows aligned for a terminal (CJK-free, so len() is the width)."""
    table = [HEADER] + [row.cells() for row in rows]
    widths = [max(len(r[i]) for r in table) for i in range(len(HEADER))]
    out = []
    for k, r in enumerate(table):
        out.append("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
        if k == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    info: dict[str, Any] = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
    }
    try:  # the parser's hot modules: compiled with mypyc at install, or pure Python (and why)
        from graphkit.loaders import native

        info["loaders"] = native.describe()
    except ImportError:
        pass
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                info["memory_gb"] = round(int(line.split()[1]) / 1024 / 1024, 1)
                break
    except OSError:
        pass
    return info


def write_results(out_dir: str | Path, rows: list[Row], meta: dict[str, Any],
                  details: dict[str, Any] | None = None) -> tuple[Path, Path]:
    """``results-<stamp>.json`` (rows, meta, raw samples) and ``.md`` (plus ``latest.*``) in ``out_dir``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    payload = {"meta": meta, "rows": [r.to_dict() for r in rows], "details": details or {}}
    md = f"# graphkit benchmark {stamp}\n\n{json.dumps(meta, ensure_ascii=False)}\n\n{markdown_table(rows)}\n"
    paths = []
    for name in (f"results-{stamp}", "latest"):
        (out / f"{name}.json").write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
        (out / f"{name}.md").write_text(md, encoding="utf-8")
        paths = [out / f"{name}.json", out / f"{name}.md"]
    return paths[0], paths[1]

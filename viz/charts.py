"""Report charts with matplotlib, as inline SVG (glyphs drawn as paths: no font needed to view).

Chinese text needs a CJK font: the first of :data:`CJK_FONT_FILES` that exists (or the file
named by ``$GRAPHKIT_CJK_FONT``) is registered with matplotlib's font manager by path. Without
one, charts are still drawn, with a warning that Chinese labels will show as boxes.
"""

from __future__ import annotations

import io
import os
import re
import warnings
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Any

import matplotlib
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

#: Debian fonts-noto-cjk (installed by scripts/setup-test-deps.sh), then common alternatives.
CJK_FONT_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/msyh.ttc",
)

#: The SVG id salt: same data → byte-identical charts.
HASH_SALT = "graphkit"


class NoCJKFontWarning(UserWarning):
    pass


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """Register a CJK font file with matplotlib; its family name, or None (with a warning)."""
    candidates = [os.environ["GRAPHKIT_CJK_FONT"]] if os.environ.get("GRAPHKIT_CJK_FONT") else []
    for path in [*candidates, *CJK_FONT_FILES]:
        if Path(path).is_file():
            try:
                font_manager.fontManager.addfont(path)
                return font_manager.FontProperties(fname=path).get_name()
            except (OSError, RuntimeError) as exc:
                warnings.warn(f"cannot use CJK font {path}: {exc}", NoCJKFontWarning, stacklevel=2)
    warnings.warn("no CJK font found (install fonts-noto-cjk or set GRAPHKIT_CJK_FONT=/path/to/font): "
                  "Chinese text in charts will show as boxes", NoCJKFontWarning, stacklevel=2)
    return None


def _figure(width: float, height: float) -> Figure:
    family = cjk_font()
    fig = Figure(figsize=(width, height), dpi=100)
    matplotlib.rcParams["svg.hashsalt"] = HASH_SALT
    matplotlib.rcParams["svg.fonttype"] = "path"
    matplotlib.rcParams["font.family"] = [family, "DejaVu Sans"] if family else ["DejaVu Sans"]
    matplotlib.rcParams["axes.unicode_minus"] = False
    return fig


def to_svg(fig: Figure, prefix: str) -> str:
    """The figure as an ``<svg>`` element for inlining; ids prefixed so charts cannot collide."""
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    svg = buf.getvalue()
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"<!--.*?-->\s*", "", svg, flags=re.S)  # matplotlib echoes drawn text in comments
    ids = set(re.findall(r'\bid="([^"]+)"', svg))
    for old in sorted(ids, key=len, reverse=True):
        svg = svg.replace(f'id="{old}"', f'id="{prefix}-{old}"').replace(f"#{old})", f"#{prefix}-{old})") \
                 .replace(f'"#{old}"', f'"#{prefix}-{old}"')
    return svg


def _empty(fig: Figure, message: str) -> None:
    ax = fig.add_subplot()
    ax.axis("off")
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=12, color="#7b8794")


OTHER_KINDS = "其他类型 other kinds"


def workload_chart(rows: list[dict[str, Any]], top: int = 20, top_kinds: int = 10) -> str:
    """Stacked bars: assignments (lead + support) per place, split by agency kind (top kinds + other)."""
    totals: Counter = Counter()
    by_kind: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        place = row.get("place") or "（未注明）"
        kind = row.get("kind") or "其他"
        totals[place] += int(row["n"])
        by_kind[kind][place] += int(row["n"])
    places = [p for p, _ in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[:top]]
    fig = _figure(9, max(2.5, 0.38 * len(places) + 1.5))
    if not places:
        _empty(fig, "没有分工数据 no assignments")
        return to_svg(fig, "workload")
    from graphkit.viz.network import kind_colors

    kind_weight = {k: sum(c.values()) for k, c in by_kind.items()}
    ranked = sorted(kind_weight, key=lambda k: (-kind_weight[k], k))
    if len(ranked) > top_kinds:  # the rest as one grey "other" bar so the legend stays readable
        rest = Counter()
        for kind in ranked[top_kinds - 1:]:
            rest.update(by_kind.pop(kind))
            kind_weight.pop(kind)
        by_kind[OTHER_KINDS] = rest
        kind_weight[OTHER_KINDS] = sum(rest.values())
        ranked = ranked[:top_kinds - 1] + [OTHER_KINDS]
    colors = kind_colors({k: w for k, w in kind_weight.items() if k != OTHER_KINDS})
    colors[OTHER_KINDS] = "#cbd2d9"
    ax = fig.add_subplot()
    left = [0] * len(places)
    for kind in ranked:
        values = [by_kind[kind][p] for p in places]
        ax.barh(places, values, left=left, color=colors[kind], label=kind)
        left = [a + b for a, b in zip(left, values)]
    ax.invert_yaxis()
    ax.set_xlabel("任务分工数（牵头+配合） assignments")
    ax.set_title("各地按单位类型的工作量 Workload by agency kind")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return to_svg(fig, "workload")


def heatmap_chart(spread: list[dict[str, Any]], top_places: int = 20, top_reforms: int = 20) -> str:
    """Place × reform heatmap of task counts."""
    cell: Counter = Counter()
    for row in spread:
        cell[(row["place"], row["reform"])] += int(row["tasks"])
    place_tot, reform_tot = Counter(), Counter()
    for (place, reform), n in cell.items():
        place_tot[place] += n
        reform_tot[reform] += n
    places = [p for p, _ in sorted(place_tot.items(), key=lambda kv: (-kv[1], kv[0]))[:top_places]]
    reforms = [r for r, _ in sorted(reform_tot.items(), key=lambda kv: (-kv[1], kv[0]))[:top_reforms]]
    fig = _figure(max(5, 0.45 * len(reforms) + 3), max(2.5, 0.4 * len(places) + 2))
    if not places:
        _empty(fig, "没有改革数据 no reforms")
        return to_svg(fig, "heatmap")
    ax = fig.add_subplot()
    grid = [[cell[(p, r)] for r in reforms] for p in places]
    image = ax.imshow(grid, cmap="YlGnBu", aspect="auto")
    ax.set_xticks(range(len(reforms)), reforms, rotation=60, ha="right", fontsize=9)
    ax.set_yticks(range(len(places)), places, fontsize=9)
    peak = max(max(r) for r in grid) or 1
    for i, row in enumerate(grid):
        for j, n in enumerate(row):
            if n:
                ax.text(j, i, str(n), ha="center", va="center", fontsize=7,
                        color="white" if n > peak * 0.6 else "#1f2933")
    bar = fig.colorbar(image, ax=ax, label="任务数 tasks", shrink=0.8)
    bar.locator = MaxNLocator(integer=True)
    bar.update_ticks()
    ax.set_title("地区 × 改革 Place × reform (tasks)")
    return to_svg(fig, "heatmap")


def adoption_grid(spread: list[dict[str, Any]], top_reforms: int = 8
                  ) -> tuple[list[str], list[int], dict[str, dict[int, int]]]:
    """The most widespread reforms, the years from the first adoption to the last, and per reform
    and year how many places adopted it then (a place counts in the year of its first plan
    targeting the reform). Reforms are ordered by places, then name; rows without a year are left out."""
    first: dict[str, dict[str, int]] = defaultdict(dict)
    for row in spread:
        if row.get("first_year") is None:
            continue
        year = int(row["first_year"])
        places = first[row["reform"]]
        places[row["place"]] = min(year, places.get(row["place"], year))
    reforms = sorted(first, key=lambda r: (-len(first[r]), r))[:top_reforms]
    if not reforms:
        return [], [], {}
    years = sorted({y for r in reforms for y in first[r].values()})
    span = list(range(years[0], years[-1] + 1))
    return reforms, span, {r: dict(Counter(first[r].values())) for r in reforms}


def timeline_chart(spread: list[dict[str, Any]], top_reforms: int = 8) -> str:
    """When the most widespread reforms reached new places: one row per reform, one column per
    year, a dot sized and labelled by the places adopting it that year, the total at the right."""
    reforms, years, new = adoption_grid(spread, top_reforms)
    fig = _figure(9, 0.9 + 0.42 * max(len(reforms), 3))
    if not reforms:
        _empty(fig, "没有带年份的改革数据 no dated reforms")
        return to_svg(fig, "timeline")
    ax = fig.add_subplot()
    peak = max(n for row in new.values() for n in row.values())
    for y, reform in enumerate(reforms):
        ax.axhline(y, color="#e4e7eb", linewidth=0.8, zorder=0)
        for year, n in sorted(new[reform].items()):
            ax.scatter([year], [y], s=80 + 520 * n / peak, color="#3e7cb1", alpha=0.85, zorder=2)
            ax.annotate(str(n), (year, y), ha="center", va="center", fontsize=8, color="white", zorder=3)
        ax.annotate(f"{sum(new[reform].values())} 地", (1.01, y), xycoords=("axes fraction", "data"),
                    va="center", fontsize=8, color="#52606d")
    ax.set_yticks(range(len(reforms)), reforms)
    ax.set_ylim(len(reforms) - 0.5, -0.5)  # the most widespread reform on top
    ax.set_xticks(years, [str(y) for y in years])
    ax.set_xlim(years[0] - 0.5, years[-1] + 0.5)
    ax.set_xlabel("首次采用年份 year of first adoption (dot: new places that year; right: places in all)")
    ax.set_title("改革采用时间线 Reform adoption timeline")
    ax.spines[["top", "right", "left"]].set_visible(False)
    ax.tick_params(axis="y", length=0)
    return to_svg(fig, "timeline")

"""``graphkit report``: an index.html with the corpus summary, charts and links to every view.

Layout of the output directory::

    index.html                 summary, charts (inline SVG), links
    views/workload.html        whole corpus;  views/workload-<place>.html per place (top places)
    views/reform-spread-city.html, views/reform-spread-plan.html
    plans/<plan id>.html       one plan explorer per plan (up to ``max_plans``)
    agencies/<hash>.html       profiles of the busiest agencies (``top_agencies``)
    reforms/<hash>.html        profiles of the most widespread reforms (``top_reforms``)

Every page is self-contained (inline JS/CSS/SVG), so the directory can be zipped or mailed.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphkit.viz import charts
from graphkit.viz import data as D
from graphkit.viz.page import FONT_STACK, esc
from graphkit.viz.views import build_view, write_view
from graphkit.wording import counted


@dataclass
class ReportResult:
    index: Path
    pages: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # what was capped, as sentences


def slug(text: str) -> str:
    """A short stable file name for an id that may hold '/', spaces or Chinese."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def write_report(store: D.QueryStore, out_dir: str | Path, *, max_plans: int = 200, top_places: int = 20,
                 top_agencies: int = 30, top_reforms: int = 30,
                 progress: Callable[[str], None] | None = None) -> ReportResult:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    say = progress or (lambda _msg: None)
    summary = D.summary(store)
    result = ReportResult(index=out / "index.html")
    links: dict[str, list[tuple[str, str, str]]] = {}  # section → [(href, text, note)]

    def page(section: str, rel: str, text: str, note: str, empty: str = "nothing to draw", **kwargs: Any) -> None:
        view = build_view(store, **kwargs)
        result.pages.append(write_view(view, out / rel))
        note = note or (counted(len(view.nodes), "node") if view.nodes else empty)
        links.setdefault(section, []).append((rel, text, note))

    say("views: workload, reform spread")
    page("总览 Overviews", "views/workload.html", "单位工作量（全部）Agency workload, whole corpus", "", name="workload")
    page("总览 Overviews", "views/reform-spread-city.html", "改革扩散（按地区）Reform spread by place", "",
         name="reform-spread", by="city")
    page("总览 Overviews", "views/reform-spread-plan.html", "改革扩散（按方案）Reform spread by plan", "",
         name="reform-spread", by="plan")

    place_tasks: Counter = Counter()
    for plan in summary.plans:
        place = plan.get("city") or plan.get("jurisdiction")
        if place:
            place_tasks[place] += int(plan["tasks"])
    places = [p for p, _ in sorted(place_tasks.items(), key=lambda kv: (-kv[1], kv[0]))[:top_places]]
    for place in places:
        page("各地工作量 Workload by place", f"views/workload-{slug(place)}.html", place, "",
             "no agency named in its plans", name="workload", city=place)
    if len(place_tasks) > len(places):
        result.skipped.append(f"workload pages for {len(place_tasks) - len(places)} smaller places "
                              f"(graphkit viz workload --city NAME draws any of them)")

    plans = summary.plans[:max_plans]
    say(f"plan explorers: {len(plans)}")
    for plan in plans:
        label = plan.get("title") or plan.get("source") or plan["id"]
        page("方案 Plans", f"plans/{plan['id']}.html", label,
             f"{plan.get('jurisdiction') or ''} {plan.get('year') or ''} · {plan['tasks']} 任务".strip(),
             name="plan", plan=plan["id"])
    if len(summary.plans) > len(plans):
        result.skipped.append(f"plan explorers for {counted(len(summary.plans) - len(plans), 'plan')} beyond --max-plans "
                              f"{max_plans} (graphkit viz plan --plan ID draws any of them)")

    agencies = summary.agencies[:top_agencies]
    say(f"agency profiles: {len(agencies)}")
    for row in agencies:
        page("单位 Agencies", f"agencies/{slug(row['id'])}.html", row["name"],
             f"{row.get('jurisdiction') or ''} · {int(row['tasks'])} 任务", name="agency", agency=row["id"])
    reform_tasks: Counter = Counter()
    for row in summary.spread:
        reform_tasks[row["reform"]] += int(row["tasks"])
    reforms = [r for r, _ in sorted(reform_tasks.items(), key=lambda kv: (-kv[1], kv[0]))[:top_reforms]]
    say(f"reform profiles: {len(reforms)}")
    for reform in reforms:
        page("改革 Reforms", f"reforms/{slug(reform)}.html", reform, f"{reform_tasks[reform]} 任务",
             name="reform", reform=reform)

    say("charts")
    figures = [
        ("各地工作量 Workload by kind per place", charts.workload_chart(summary.workload_by_kind)),
        ("地区 × 改革 Place × reform", charts.heatmap_chart(summary.spread)),
        ("改革采用时间线 Adoption timeline", charts.timeline_chart(summary.spread)),
    ]
    paged = {plan["id"] for plan in plans}
    result.index.write_text(_index_html(summary, figures, links, result.skipped, paged), encoding="utf-8")
    return result


def _index_html(summary: D.Summary, figures: list[tuple[str, str]],
                links: dict[str, list[tuple[str, str, str]]], skipped: list[str], paged: set[str]) -> str:
    counts = summary.counts
    stats = "".join(f"<div class='stat'><b>{counts.get(label, 0)}</b><span>{esc(word)}</span></div>"
                    for label, word in (("Plan", "方案 plans"), ("Task", "任务 tasks"), ("Agency", "单位 agencies"),
                                        ("Reform", "改革 reforms"), ("City", "城市 cities")))
    def title(p: dict[str, Any]) -> str:
        text = esc(p.get("title") or p["id"])
        return f"<a href=\"plans/{esc(p['id'])}.html\">{text}</a>" if p["id"] in paged else text

    rows = "".join(
        f"<tr><td>{title(p)}</td>"
        f"<td>{esc(p.get('jurisdiction') or '')}</td><td>{esc(p.get('year') or '')}</td>"
        f"<td class='num'>{int(p['tasks'])}</td><td class='src'>{esc(p['id'])}<br>{esc(p.get('source') or '')}</td></tr>"
        for p in summary.plans[:200])
    more = (f"<p class='note'>前 200 / {len(summary.plans)} 个方案 (first 200 plans).</p>"
            if len(summary.plans) > 200 else "")
    figs = "".join(f"<figure><figcaption>{esc(title)}</figcaption>{svg}</figure>" for title, svg in figures)
    sections = "".join(
        f"<section><h2>{esc(section)}</h2><ul>"
        + "".join(f"<li><a href=\"{esc(href)}\">{esc(text)}</a> <span class='note'>{esc(note)}</span></li>"
                  for href, text, note in items)
        + "</ul></section>" for section, items in links.items())
    capped = "".join(f"<li>{esc(line)}</li>" for line in skipped)
    capped = f"<section><h2>未单独成页 Not paged</h2><ul>{capped}</ul></section>" if capped else ""
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>graphkit 报告 report</title>
<style>
body {{ font-family: {FONT_STACK}; margin: 0 auto; max-width: 1100px; padding: 16px 24px; color: #1f2933; }}
h1 {{ font-size: 24px; }} h2 {{ font-size: 18px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }}
.stats {{ display: flex; gap: 12px; flex-wrap: wrap; }}
.stat {{ background: #f0f4f8; border-radius: 4px; padding: 10px 16px; min-width: 110px; }}
.stat b {{ display: block; font-size: 22px; }}
table {{ border-collapse: collapse; width: 100%; font-size: 14px; }}
td, th {{ border-bottom: 1px solid #eee; padding: 4px 6px; text-align: left; }}
.num {{ text-align: right; }} .src {{ color: #7b8794; font-size: 12px; }} .note {{ color: #7b8794; font-size: 13px; }}
figure {{ margin: 16px 0; }} figcaption {{ font-weight: bold; margin-bottom: 6px; }}
figure svg {{ max-width: 100%; height: auto; }}
ul {{ columns: 2; }} li {{ margin: 2px 0; break-inside: avoid; }}
</style>
</head>
<body>
<h1>营商环境方案知识图谱 graphkit report</h1>
<div class="stats">{stats}</div>
<section><h2>图表 Charts</h2>{figs}</section>
<section><h2>方案 Plans</h2><table><tr><th>标题 title</th><th>地区 place</th><th>年份 year</th>
<th class="num">任务 tasks</th><th>id · 来源 source</th></tr>{rows}</table>{more}</section>
{sections}
{capped}
</body>
</html>
"""

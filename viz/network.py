"""Shaped rows → vis-network nodes and edges (plain dicts, built in bulk) and legends.

Node ids follow :func:`graphkit.graph.node_key` (``"Agency:常州市/商务局"``), so a view's
nodes can be matched against the networkx graph of the same plans. Tooltips (``title``) are
plain text: vis-network 9 shows string titles as text, never as HTML.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from graphkit.graph import node_key
from graphkit.viz.data import PlanData, ProfileData, SpreadData, WorkloadData
from graphkit.viz.page import LegendItem, View

#: Colours by agency kind, assigned in order of workload (Tableau 20; kinds past 20 repeat).
PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
           "#9c755f", "#bab0ac", "#a0cbe8", "#ffbe7d", "#ff9d9a", "#86bcb6", "#8cd17d", "#f1ce63",
           "#d4a6c8", "#fabfd2", "#d7b5a6", "#79706e")
#: Sequential colours for years, oldest → newest (viridis without its palest end, legible on white).
YEAR_COLORS = ("#440154", "#472d7b", "#3b528b", "#2c728e", "#21918c", "#28ae80", "#5ec962", "#addc30")
GREY = "#9aa5b1"
TYPE_COLORS = {"Plan": "#334e68", "Section": "#829ab1", "Task": "#f0b429", "Reform": "#8e44ad",
               "City": "#486581"}
ROLE_LABEL = {"LEADS": "牵头 leads", "SUPPORTS": "配合 supports"}
ROLE_EDGE = {"LEADS": {"color": "#1f2933", "dashes": False}, "SUPPORTS": {"color": "#9aa5b1", "dashes": True}}
UNKNOWN_KIND = "其他"


def clip(text: Any, n: int) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


def kind_colors(weights: dict[str, int]) -> dict[str, str]:
    """Kind → colour, heaviest kind first (ties by name) so the mapping is stable."""
    order = sorted(weights, key=lambda k: (-weights[k], k))
    return {kind: PALETTE[i % len(PALETTE)] for i, kind in enumerate(order)}


def year_colors(years: list[int]) -> dict[int, str]:
    distinct = sorted(set(years))
    if len(distinct) <= 1:
        return {y: YEAR_COLORS[-3] for y in distinct}
    last = len(YEAR_COLORS) - 1
    return {y: YEAR_COLORS[round(i * last / (len(distinct) - 1))] for i, y in enumerate(distinct)}


# --- workload --------------------------------------------------------------------------

def workload_view(data: WorkloadData, max_edges_per_node: int = 4) -> View:
    kinds = Counter()
    for row in data.agencies:
        kinds[row.get("kind") or UNKNOWN_KIND] += int(row["tasks"])
    colors = kind_colors(dict(kinds))
    nodes = []
    for row in data.agencies:
        kind = row.get("kind") or UNKNOWN_KIND
        tasks, leads, supports = int(row["tasks"]), int(row["leads"] or 0), int(row["supports"] or 0)
        lines = [f"{row['name']}（{kind}，{row.get('jurisdiction') or '?'}）",
                 f"任务 tasks {tasks} · 牵头 leads {leads} · 配合 supports {supports}"]
        for role, text in data.top_tasks.get(row["id"], []):
            lines.append(f"· [{'牵头' if role == 'LEADS' else '配合'}] {clip(text, 60)}")
        nodes.append({"id": node_key("Agency", row["id"]), "label": row["name"], "kind": kind,
                      "value": tasks, "color": colors[kind], "title": "\n".join(lines)})
    edges = [{"from": node_key("Agency", p["source"]), "to": node_key("Agency", p["target"]),
              "value": int(p["tasks"]), "title": f"共同承担任务 shared tasks: {int(p['tasks'])}",
              "color": {"color": "#bcccdc", "highlight": "#1f2933"}}
             for p in _strongest(data.pairs, max_edges_per_node * max(len(nodes), 1))]
    legend = [LegendItem(kind, colors[kind], count=count) for kind, count in
              sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))]
    legend.append(LegendItem("共同承担任务 co-assigned", "#bcccdc", shape="line"))
    notes = [f"单位工作量 Agency workload — {data.filters.describe()}",
             f"节点大小=任务数（牵头+配合）；连线=两单位共同承担的任务数。"
             f"显示 {len(nodes)} / {data.total_agencies} 个单位（按任务数取前 N）。"]
    if len(data.pairs) > len(edges):
        notes.append(f"连线仅保留最强的 {len(edges)} / {len(data.pairs)} 条 (strongest co-assignments).")
    return View("workload", "单位工作量 Agency workload", nodes, edges, legend, notes, group_filter="kind",
                options={"nodes": {"scaling": {"min": 8, "max": 42}},
                         "edges": {"scaling": {"min": 1, "max": 8}}})


def _strongest(pairs: list[dict[str, Any]], cap: int) -> list[dict[str, Any]]:
    """Every agency's strongest pair first, then the heaviest others, up to ``cap`` edges."""
    ordered = sorted(pairs, key=lambda p: (-int(p["tasks"]), p["source"], p["target"]))
    if len(ordered) <= cap:
        return ordered
    chosen: list[dict[str, Any]] = []
    seen: set[str] = set()
    taken: set[int] = set()
    for i, pair in enumerate(ordered):
        if pair["source"] not in seen or pair["target"] not in seen:
            chosen.append(pair)
            taken.add(i)
            seen.update((pair["source"], pair["target"]))
    for i, pair in enumerate(ordered):
        if len(chosen) >= cap:
            break
        if i not in taken:
            chosen.append(pair)
    return chosen


# --- reform spread ---------------------------------------------------------------------

def spread_view(data: SpreadData) -> View:
    reform_first: dict[str, int] = {}
    reform_tasks: Counter = Counter()
    place_tasks: Counter = Counter()
    place_label: dict[str, str] = {}
    for row in data.rows:
        year = row.get("first_year")
        if year is not None:
            reform_first[row["reform"]] = min(int(year), reform_first.get(row["reform"], 9999))
        reform_tasks[row["reform"]] += int(row["tasks"])
        place_tasks[row["place"]] += int(row["tasks"])
        place_label[row["place"]] = row["place_label"]
    years = year_colors(list(reform_first.values()) +
                        [int(r["first_year"]) for r in data.rows if r.get("first_year") is not None])
    place_kind = "City" if data.by == "city" else "Plan"
    place_word = "地区 place" if data.by == "city" else "方案 plan"
    nodes = []
    for reform in sorted(reform_tasks):
        first = reform_first.get(reform)
        nodes.append({"id": node_key("Reform", reform), "label": reform, "shape": "diamond",
                      "value": reform_tasks[reform], "color": years.get(first, GREY), "kind": "改革 reform",
                      "title": f"{reform}\n任务 tasks {reform_tasks[reform]} · 首次 first year {first or '?'}"})
    for place in sorted(place_tasks):
        nodes.append({"id": node_key(place_kind, place or "(none)"), "label": place_label[place], "shape": "dot",
                      "value": place_tasks[place], "color": TYPE_COLORS["City"], "kind": place_word,
                      "title": f"{place_label[place]}\n涉及改革的任务 reform tasks {place_tasks[place]}"})
    edges = []
    for row in data.rows:
        year = row.get("first_year")
        edges.append({"from": node_key("Reform", row["reform"]), "to": node_key(place_kind, row["place"] or "(none)"),
                      "value": int(row["tasks"]),
                      "color": {"color": years.get(int(year), GREY) if year is not None else GREY},
                      "title": f"{row['reform']} — {row['place_label']}: 任务 {int(row['tasks'])}，"
                               f"首次 {year if year is not None else '?'}"})
    legend = [LegendItem(f"{y} 年首次出现 first seen", c) for y, c in sorted(years.items())]
    legend += [LegendItem("改革 reform (◆)", GREY), LegendItem(place_word, TYPE_COLORS["City"])]
    notes = [f"改革扩散 Reform spread by {data.by} — {data.filters.describe()}",
             f"连线粗细=任务数，颜色=首次出现年份。显示 {len(reform_tasks)} / {data.total_reforms} 项改革，"
             f"{len(place_tasks)} / {data.total_places} 个{'地区' if data.by == 'city' else '方案'}。"]
    return View("reform-spread", "改革扩散 Reform spread", nodes, edges, legend, notes,
                options={"nodes": {"scaling": {"min": 8, "max": 40}},
                         "edges": {"scaling": {"min": 1, "max": 10}}})


# --- plan explorer ---------------------------------------------------------------------

def plan_view(data: PlanData) -> View:
    meta = data.meta
    plan_node = node_key("Plan", meta["id"])
    title = meta.get("title") or meta["id"]
    nodes: dict[str, dict[str, Any]] = {
        plan_node: {"id": plan_node, "label": clip(title, 30), "shape": "box", "kind": "方案 plan",
                    "color": TYPE_COLORS["Plan"], "font": {"color": "#ffffff", "strokeWidth": 0},
                    "title": "\n".join(x for x in (title, meta.get("jurisdiction"), str(meta.get("year") or ""),
                                                    meta.get("source")) if x)}}
    edges: list[dict[str, Any]] = []
    for task in data.tasks:
        parent = plan_node
        path: list[str] = []
        for heading in task.get("section") or []:
            path.append(str(heading))
            sid = f"Section:{meta['id']}/{' / '.join(path)}"
            if sid not in nodes:
                nodes[sid] = {"id": sid, "label": clip(heading, 18), "shape": "box", "kind": "章节 section",
                              "font": {"strokeWidth": 0},
                              "color": TYPE_COLORS["Section"], "title": " / ".join(path)}
                edges.append({"from": parent, "to": sid, "color": {"color": "#829ab1"}})
            parent = sid
        tid = node_key("Task", task["id"])
        label = f"任务 {task['number']}" if task.get("number") else clip(task["text"], 10)
        tip = [clip(task["text"], 400)]
        if task.get("deadline"):
            tip.append(f"完成时限 deadline: {task['deadline']}")
        nodes[tid] = {"id": tid, "label": label, "shape": "dot", "size": 10, "kind": "任务 task",
                      "color": TYPE_COLORS["Task"], "title": "\n".join(tip)}
        edges.append({"from": parent, "to": tid, "color": {"color": "#829ab1"}})
    kinds = Counter(a.get("kind") or UNKNOWN_KIND for a in data.assignments)
    colors = kind_colors(dict(kinds))
    _assignment_edges(data.assignments, nodes, edges, colors)
    for row in data.reforms:
        rid = node_key("Reform", row["reform"])
        nodes.setdefault(rid, {"id": rid, "label": row["reform"], "shape": "diamond", "kind": "改革 reform",
                               "color": TYPE_COLORS["Reform"], "title": f"{row['reform']}（{row.get('category') or '改革'}）"})
        edges.append({"from": node_key("Task", row["task"]), "to": rid, "color": {"color": "#c39bd3"}})
    legend = [LegendItem("方案 plan", TYPE_COLORS["Plan"]), LegendItem("章节 section", TYPE_COLORS["Section"]),
              LegendItem("任务 task", TYPE_COLORS["Task"]), LegendItem("改革 reform", TYPE_COLORS["Reform"])]
    legend += [LegendItem(f"单位 {k}", c, count=kinds[k]) for k, c in colors.items()]
    legend += [LegendItem("牵头 leads", "#1f2933", "line"), LegendItem("配合 supports (dashed)", "#9aa5b1", "line")]
    notes = [f"方案浏览 Plan explorer — {meta.get('jurisdiction') or ''} {meta.get('year') or ''}".strip(),
             f"{title} · {len(data.tasks)} 项任务 tasks · id {meta['id']}"]
    return View("plan", f"方案 {clip(title, 40)}", list(nodes.values()), edges, legend, notes)


def _assignment_edges(rows: list[dict[str, Any]], nodes: dict[str, dict[str, Any]],
                      edges: list[dict[str, Any]], colors: dict[str, str]) -> None:
    for row in rows:
        aid = node_key("Agency", row["agency"])
        kind = row.get("kind") or UNKNOWN_KIND
        nodes.setdefault(aid, {"id": aid, "label": row["name"], "shape": "dot", "kind": kind,
                               "color": colors.get(kind, GREY), "size": 16,
                               "title": f"{row['name']}（{kind}，{row.get('jurisdiction') or '?'}）"})
        style = ROLE_EDGE.get(row["role"], ROLE_EDGE["SUPPORTS"])
        edges.append({"from": aid, "to": node_key("Task", row["task"]), "dashes": style["dashes"],
                      "color": {"color": style["color"]}, "title": ROLE_LABEL.get(row["role"], row["role"]),
                      "arrows": "to"})


# --- profiles --------------------------------------------------------------------------

def profile_view(data: ProfileData) -> View:
    meta = data.meta
    nodes: dict[str, dict[str, Any]] = {}
    edges: list[dict[str, Any]] = []
    kinds = Counter(a.get("kind") or UNKNOWN_KIND for a in data.agencies)
    if data.kind == "agency":
        kinds[meta.get("kind") or UNKNOWN_KIND] += len(data.tasks)
    colors = kind_colors(dict(kinds))
    if data.kind == "agency":
        center = node_key("Agency", meta["id"])
        kind = meta.get("kind") or UNKNOWN_KIND
        name = meta["name"]
        nodes[center] = {"id": center, "label": name, "shape": "star", "size": 28, "kind": kind,
                         "color": colors.get(kind, GREY), "title": f"{name}（{kind}，{meta.get('jurisdiction') or '?'}）"}
        task_rows = [dict(t, agency=meta["id"], name=name, kind=kind, jurisdiction=meta.get("jurisdiction"))
                     for t in data.tasks]
    else:
        center = node_key("Reform", meta["name"])
        name = meta["name"]
        nodes[center] = {"id": center, "label": name, "shape": "star", "size": 28, "kind": "改革 reform",
                         "color": TYPE_COLORS["Reform"], "title": f"{name}（{meta.get('category') or '改革'}）"}
        task_rows = []
    for task in data.tasks:
        tid = node_key("Task", task["task"])
        nodes.setdefault(tid, {"id": tid, "label": f"任务 {task.get('number') or ''}".strip(), "shape": "dot",
                               "size": 10, "kind": "任务 task", "color": TYPE_COLORS["Task"],
                               "title": f"{clip(task['text'], 400)}\n— {task.get('title') or task['plan']}"})
        pid = node_key("Plan", task["plan"])
        nodes.setdefault(pid, {"id": pid, "label": clip(task.get("title") or task["plan"], 22), "shape": "box",
                               "kind": "方案 plan", "color": TYPE_COLORS["Plan"], "font": {"color": "#ffffff", "strokeWidth": 0},
                               "title": f"{task.get('title') or task['plan']}\n{task.get('jurisdiction') or ''} "
                                        f"{task.get('year') or ''}"})
        edges.append({"from": pid, "to": tid, "color": {"color": "#829ab1"}})
        if data.kind == "reform":
            edges.append({"from": tid, "to": center, "color": {"color": "#c39bd3"}})
    _assignment_edges(task_rows + list(data.agencies), nodes, edges, colors)
    for row in data.reforms:
        rid = node_key("Reform", row["reform"])
        nodes.setdefault(rid, {"id": rid, "label": row["reform"], "shape": "diamond", "kind": "改革 reform",
                               "color": TYPE_COLORS["Reform"], "title": row["reform"]})
        edges.append({"from": node_key("Task", row["task"]), "to": rid, "color": {"color": "#c39bd3"}})
    legend = [LegendItem("方案 plan", TYPE_COLORS["Plan"]), LegendItem("任务 task", TYPE_COLORS["Task"]),
              LegendItem("改革 reform", TYPE_COLORS["Reform"])]
    legend += [LegendItem(f"单位 {k}", c, count=kinds[k]) for k, c in colors.items()]
    legend += [LegendItem("牵头 leads", "#1f2933", "line"), LegendItem("配合 supports (dashed)", "#9aa5b1", "line")]
    word = "单位画像 Agency profile" if data.kind == "agency" else "改革画像 Reform profile"
    notes = [f"{word}: {name}",
             f"显示 {len(data.tasks)} / {data.total_tasks} 项任务 tasks（{'牵头优先' if data.kind == 'agency' else '按年份'}）"]
    return View(data.kind, f"{word.split()[0]} {name}", list(nodes.values()), edges, legend, notes)

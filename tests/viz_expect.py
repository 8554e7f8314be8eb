"""Expected node and edge counts of each view, computed independently from the networkx graph
(:func:`graphkit.graph.build_graph`) of the same plans — not from the views' own queries."""

from __future__ import annotations

from itertools import combinations

import networkx as nx


def _label(g: nx.MultiDiGraph, n: str) -> str:
    return g.nodes[n]["label"]


def _edges(g: nx.MultiDiGraph, *types: str):
    return [(u, v, d) for u, v, d in g.edges(data=True) if d["type"] in types]


def workload(g: nx.MultiDiGraph) -> tuple[int, int]:
    by_task: dict[str, set[str]] = {}
    for u, v, _ in _edges(g, "LEADS", "SUPPORTS"):
        if _label(g, v) == "Task":
            by_task.setdefault(v, set()).add(u)
    agencies = set().union(*by_task.values()) if by_task else set()
    pairs = {tuple(sorted(p)) for group in by_task.values() for p in combinations(group, 2)}
    return len(agencies), len(pairs)


def reform_spread_by_city(g: nx.MultiDiGraph) -> tuple[int, int]:
    pairs = set()
    for task, reform, _ in _edges(g, "TARGETS"):
        plan = next(u for u, _v, d in g.in_edges(task, data=True) if d["type"] == "HAS_TASK")
        place = g.nodes[plan].get("city") or g.nodes[plan].get("jurisdiction")
        pairs.add((reform, place))
    return len({r for r, _ in pairs}) + len({p for _, p in pairs}), len(pairs)


def plan_explorer(g: nx.MultiDiGraph, plan_id: str) -> tuple[int, int]:
    plan = f"Plan:{plan_id}"
    tasks = [v for _, v, d in g.out_edges(plan, data=True) if d["type"] == "HAS_TASK"]
    sections = {tuple(g.nodes[t]["section"][:i + 1]) for t in tasks for i in range(len(g.nodes[t]["section"]))}
    assign = [(u, t) for t in tasks for u, _v, d in g.in_edges(t, data=True) if d["type"] in ("LEADS", "SUPPORTS")]
    reforms = [(t, v) for t in tasks for _u, v, d in g.out_edges(t, data=True) if d["type"] == "TARGETS"]
    nodes = 1 + len(sections) + len(tasks) + len({a for a, _ in assign}) + len({r for _, r in reforms})
    # section tree edges + one edge from each task to its section (or the plan) + assignments + reforms
    return nodes, len(sections) + len(tasks) + len(assign) + len(reforms)


def agency_profile(g: nx.MultiDiGraph, agency_id: str) -> tuple[int, int]:
    agency = f"Agency:{agency_id}"
    tasks = [v for _, v, d in g.out_edges(agency, data=True)
             if d["type"] in ("LEADS", "SUPPORTS") and _label(g, v) == "Task"]
    plans = {u for t in tasks for u, _v, d in g.in_edges(t, data=True) if d["type"] == "HAS_TASK"}
    partners = [(u, t) for t in tasks for u, _v, d in g.in_edges(t, data=True)
                if d["type"] in ("LEADS", "SUPPORTS") and u != agency]
    reforms = [(t, v) for t in tasks for _u, v, d in g.out_edges(t, data=True) if d["type"] == "TARGETS"]
    nodes = 1 + len(tasks) + len(plans) + len({p for p, _ in partners}) + len({r for _, r in reforms})
    return nodes, 2 * len(tasks) + len(partners) + len(reforms)  # plan→task, agency→task, partners, reforms


def reform_profile(g: nx.MultiDiGraph, reform: str) -> tuple[int, int]:
    node = f"Reform:{reform}"
    tasks = [u for u, _v, d in g.in_edges(node, data=True) if d["type"] == "TARGETS"]
    plans = {u for t in tasks for u, _v, d in g.in_edges(t, data=True) if d["type"] == "HAS_TASK"}
    assign = [(u, t) for t in tasks for u, _v, d in g.in_edges(t, data=True) if d["type"] in ("LEADS", "SUPPORTS")]
    return 1 + len(tasks) + len(plans) + len({a for a, _ in assign}), 2 * len(tasks) + len(assign)

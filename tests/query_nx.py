"""networkx answers to two library questions, computed on graph.build_graph (for cross-checks)."""

from __future__ import annotations

from collections import defaultdict

from graphkit.graph import build_graph


def nx_workload(plans):
    """(agency name, jurisdiction) → (led, supported, plans); a task counts once, leading wins."""
    g = build_graph(plans)
    roles: dict[tuple[str, str], bool] = {}
    plan_of = {}
    for u, v, key in g.edges(keys=True):
        if key == "HAS_TASK":
            plan_of[v] = u
    for task, data in g.nodes(data=True):
        if data["label"] != "Task":
            continue
        owners = [task] + [v for _, v, k in g.out_edges(task, keys=True) if k == "HAS_PART"]
        for owner in owners:
            for agency, _, key in g.in_edges(owner, keys=True):
                if key in ("LEADS", "SUPPORTS"):
                    roles[(agency, task)] = roles.get((agency, task), False) or key == "LEADS"
    out: dict[tuple[str, str], list] = defaultdict(lambda: [0, 0, set()])
    for (agency, task), lead in roles.items():
        node = g.nodes[agency]
        entry = out[(node["name"], node["jurisdiction"])]
        entry[0 if lead else 1] += 1
        entry[2].add(plan_of[task])
    return {k: (v[0], v[1], len(v[2])) for k, v in out.items()}


def nx_reform_spread(plans):
    """reform → (plans, cities, first_year, adopters by (year, name)), unknown jurisdictions left out."""
    g = build_graph(plans)
    expected = {}
    for reform, data in g.nodes(data=True):
        if data["label"] != "Reform":
            continue
        plan_nodes = {p for t, _, k in g.in_edges(reform, keys=True) if k == "TARGETS"
                      for p, _, k2 in g.in_edges(t, keys=True) if k2 == "HAS_TASK"}
        metas = [g.nodes[p] for p in plan_nodes]
        first: dict[str, int] = {}
        for m in metas:
            if m.get("jurisdiction"):
                first[m["jurisdiction"]] = min(first.get(m["jurisdiction"], 9999), m.get("year") or 9999)
        years = [m["year"] for m in metas if m.get("year") is not None]
        expected[data["name"]] = (len(plan_nodes), len({m["city"] for m in metas if m.get("city")}),
                                  min(years) if years else None, sorted(first, key=lambda j: (first[j], j)))
    return expected

"""The views by name: store → rows (data) → nodes/edges (network) → HTML (page)."""

from __future__ import annotations

from pathlib import Path

from graphkit.errors import QueryError
from graphkit.viz import data as D
from graphkit.viz import network as N
from graphkit.viz.page import View, render

#: View names and their defaults for ``--top`` (how many nodes of the main kind to draw).
VIEWS: dict[str, int] = {
    "workload": 150,
    "reform-spread": 60,
    "plan": 0,
    "agency": 60,
    "reform": 80,
}


def build_view(store: D.QueryStore, name: str, *, city: str | None = None, plan: str | None = None,
               kind: str | None = None, agency: str | None = None, reform: str | None = None,
               top: int | None = None, by: str = "city") -> View:
    """Run the queries of view ``name`` through ``store`` and return the drawable :class:`View`."""
    if name not in VIEWS:
        raise QueryError(f"unknown view {name!r}: choose one of {', '.join(VIEWS)}")
    top = VIEWS[name] if top is None else top
    if top is not None and name != "plan" and top < 1:
        raise QueryError("--top must be at least 1")
    filters = D.Filters(city=city, plan=plan, kind=kind)
    if name == "workload":
        return N.workload_view(D.workload(store, filters, top))
    if name == "reform-spread":
        return N.spread_view(D.reform_spread(store, filters, by, top))
    if name == "plan":
        if not plan:
            raise QueryError("the plan view needs --plan ID (`graphkit query plans` lists the ids)")
        return N.plan_view(D.plan_explorer(store, plan))
    if name == "agency":
        if not agency:
            raise QueryError("the agency view needs --agency ID, e.g. --agency 常州市/商务局")
        return N.profile_view(D.agency_profile(store, agency, top))
    if not reform:
        raise QueryError("the reform view needs --reform NAME, e.g. --reform 证照分离")
    return N.profile_view(D.reform_profile(store, reform, top))


def write_view(view: View, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(view), encoding="utf-8")
    return path

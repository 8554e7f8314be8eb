"""Run the view queries through a store and shape the rows for the view builders.

A *store* is anything with ``query(cypher: str, params: dict) -> list[dict]`` — the embedded
FalkorDB store and the Neo4j store both qualify, and so does a test double that returns
Neo4j-shaped rows. Nothing here knows which one it is talking to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from graphkit.errors import QueryError
from graphkit.viz import queries as Q

TOOLTIP_TASKS = 5


class QueryStore(Protocol):
    def query(self, cypher: str, params: dict[str, Any]) -> list[dict[str, Any]]: ...


@dataclass
class Filters:
    city: str | None = None
    plan: str | None = None
    kind: str | None = None

    def params(self) -> dict[str, Any]:
        return {"city": self.city, "plan": self.plan, "kind": self.kind}

    def describe(self) -> str:
        parts = [f"{name}={value}" for name, value in
                 (("city", self.city), ("plan", self.plan), ("kind", self.kind)) if value]
        return ", ".join(parts) if parts else "whole corpus"


@dataclass
class WorkloadData:
    filters: Filters
    agencies: list[dict[str, Any]]  # the top-N rows of AGENCY_WORKLOAD
    total_agencies: int
    pairs: list[dict[str, Any]]  # CO_ASSIGNMENT rows among the shown agencies
    top_tasks: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # id → [(role, text)]


@dataclass
class SpreadData:
    by: str  # "city" | "plan"
    filters: Filters
    rows: list[dict[str, Any]]  # reform, category, place, place_label, tasks, first_year
    total_reforms: int
    total_places: int


@dataclass
class PlanData:
    meta: dict[str, Any]
    tasks: list[dict[str, Any]]
    assignments: list[dict[str, Any]]
    reforms: list[dict[str, Any]]


@dataclass
class ProfileData:
    kind: str  # "agency" | "reform"
    meta: dict[str, Any]
    tasks: list[dict[str, Any]]  # shown tasks (top-N)
    total_tasks: int
    agencies: list[dict[str, Any]]  # partner agencies (agency profile) / assigned agencies (reform)
    reforms: list[dict[str, Any]] = field(default_factory=list)


def _no_plan(plan_id: str | None) -> QueryError:
    return QueryError(f"no plan with id {plan_id!r} in the store (`graphkit query plans` lists them)")


def check_filters(store: QueryStore, filters: Filters) -> None:
    """Raise :class:`QueryError` when ``--city`` / ``--plan`` keep no plan or ``--kind`` names no agency.

    A mistyped filter would otherwise draw an empty view; the message lists names that exist.
    """
    if (filters.city or filters.plan) and not store.query(Q.FILTER_PLANS, filters.params())[0]["plans"]:
        if filters.city and not store.query(Q.FILTER_PLANS, {"city": filters.city, "plan": None})[0]["plans"]:
            known = [r["place"] for r in store.query(Q.PLACE_NAMES, {"n": 8})]
            raise QueryError(f"no plan in the store is from {filters.city!r}"
                             + (f" (places with the most plans: {', '.join(known)})" if known else ""))
        if filters.city:
            raise QueryError(f"plan {filters.plan!r} is not from {filters.city!r} or not in the store")
        raise _no_plan(filters.plan)
    if filters.kind and not store.query(Q.FILTER_KIND, {"kind": filters.kind})[0]["agencies"]:
        known = [r["kind"] for r in store.query(Q.KIND_NAMES, {"n": 8})]
        raise QueryError(f"no agency in the store is of kind {filters.kind!r}"
                         + (f" (the commonest kinds: {', '.join(known)})" if known else ""))


def workload(store: QueryStore, filters: Filters, top: int) -> WorkloadData:
    check_filters(store, filters)
    rows = store.query(Q.AGENCY_WORKLOAD, filters.params())
    shown = rows[:top]
    ids = [r["id"] for r in shown]
    pairs: list[dict[str, Any]] = []
    top_tasks: dict[str, list[tuple[str, str]]] = {}
    if ids:
        params = {"city": filters.city, "plan": filters.plan, "ids": ids}
        pairs = store.query(Q.CO_ASSIGNMENT, params)
        for row in store.query(Q.AGENCY_TOP_TASKS, {**params, "n": TOOLTIP_TASKS}):
            top_tasks[row["id"]] = list(zip(row["roles"] or [], row["texts"] or []))
    return WorkloadData(filters, shown, len(rows), pairs, top_tasks)


def reform_spread(store: QueryStore, filters: Filters, by: str, top: int) -> SpreadData:
    check_filters(store, filters)
    if by == "city":
        rows = store.query(Q.REFORM_SPREAD_BY_CITY, {"city": filters.city, "plan": filters.plan})
        for row in rows:
            row["place_label"] = row["place"] or "（未注明地区）"
            row["place"] = row["place"] or ""
    elif by == "plan":
        rows = store.query(Q.REFORM_SPREAD_BY_PLAN, {"city": filters.city, "plan": filters.plan})
        for row in rows:
            row["place_label"] = _plan_label(row.get("title"), row.get("jurisdiction"), row["plan"])
            row["place"] = row["plan"]
    else:
        raise QueryError(f"reform spread by {by!r}: choose city or plan")
    reform_tasks = _totals(rows, "reform")
    place_tasks = _totals(rows, "place")
    keep_reforms = set(_top_keys(reform_tasks, top))
    keep_places = set(_top_keys(place_tasks, top))
    shown = [r for r in rows if r["reform"] in keep_reforms and r["place"] in keep_places]
    return SpreadData(by, filters, shown, len(reform_tasks), len(place_tasks))


def plan_explorer(store: QueryStore, plan_id: str) -> PlanData:
    meta = store.query(Q.PLAN_META, {"plan": plan_id})
    if not meta:
        raise _no_plan(plan_id)
    params = {"plan": plan_id}
    tasks = store.query(Q.PLAN_TASKS, params)
    tasks.sort(key=lambda t: (_span_start(t.get("span")), t["id"]))
    return PlanData(meta[0], tasks, store.query(Q.PLAN_ASSIGNMENTS, params), store.query(Q.PLAN_REFORMS, params))


def agency_profile(store: QueryStore, agency_id: str, top: int) -> ProfileData:
    meta = store.query(Q.AGENCY_META, {"agency": agency_id})
    if not meta:
        raise QueryError(f"no agency with id {agency_id!r} in the store (ids look like 常州市/商务局)")
    tasks = store.query(Q.AGENCY_TASKS, {"agency": agency_id})
    shown = tasks[:top]
    params = {"agency": agency_id, "tasks": [t["task"] for t in shown]}
    partners = store.query(Q.AGENCY_PARTNERS, params) if shown else []
    reforms = store.query(Q.AGENCY_REFORMS, params) if shown else []
    return ProfileData("agency", meta[0], shown, len(tasks), partners, reforms)


def reform_profile(store: QueryStore, reform: str, top: int) -> ProfileData:
    meta = store.query(Q.REFORM_META, {"reform": reform})
    if not meta:
        raise QueryError(f"no reform named {reform!r} in the store")
    tasks = store.query(Q.REFORM_TASKS, {"reform": reform})
    shown = tasks[:top]
    agencies = (store.query(Q.REFORM_AGENCIES, {"reform": reform, "tasks": [t["task"] for t in shown]})
                if shown else [])
    return ProfileData("reform", meta[0], shown, len(tasks), agencies)


@dataclass
class Summary:
    counts: dict[str, int]
    plans: list[dict[str, Any]]
    workload_by_kind: list[dict[str, Any]]
    spread: list[dict[str, Any]]  # REFORM_SPREAD_BY_CITY rows, all of them
    agencies: list[dict[str, Any]]  # AGENCY_WORKLOAD rows, all of them


def summary(store: QueryStore) -> Summary:
    counts = {row["label"]: int(row["n"]) for row in store.query(Q.LABEL_COUNTS, {})}
    everything = {"city": None, "plan": None}
    spread = store.query(Q.REFORM_SPREAD_BY_CITY, everything)
    for row in spread:
        row["place"] = row["place"] or "（未注明地区）"
    return Summary(
        counts=counts,
        plans=store.query(Q.PLAN_LIST, {}),
        workload_by_kind=store.query(Q.WORKLOAD_BY_KIND, {}),
        spread=spread,
        agencies=store.query(Q.AGENCY_WORKLOAD, {**everything, "kind": None}),
    )


def _plan_label(title: str | None, jurisdiction: str | None, plan_id: str) -> str:
    if title:
        return title if len(title) <= 24 else title[:23] + "…"
    return f"{jurisdiction or ''} {plan_id}".strip()


def _totals(rows: list[dict[str, Any]], key: str) -> dict[str, int]:
    totals: dict[str, int] = {}
    for row in rows:
        totals[row[key]] = totals.get(row[key], 0) + int(row["tasks"])
    return totals


def _top_keys(totals: dict[str, int], top: int) -> list[str]:
    return [k for k, _ in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[:top]]


def _span_start(span: Any) -> int:
    try:
        return int(span[0])
    except (TypeError, IndexError, ValueError):
        return 1 << 62

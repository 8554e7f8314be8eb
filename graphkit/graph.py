"""Extracted plans → graph records → a networkx MultiDiGraph.

:func:`plan_records` is the single translation from an :class:`~graphkit.model.ExtractedPlan`
to graph rows (nodes by label, relationships by type). The stores write exactly these
rows (``UNWIND $rows … MERGE``), and :func:`build_graph` puts the same rows into networkx
for exports and views, so every consumer sees the same ids and properties.

Node keys are stable: the same document text always yields the same ids.

=========  ===============================================  =====================
label      properties                                       key
=========  ===============================================  =====================
City       name, province                                   name
Plan       id, title, issuer, jurisdiction, city, district,  id
           province, level, year, date, doc_no, source,
           task_count, no_lead, lead_top3, lead_top3_tasks
Task       id, plan_id, number, number_implied, text,        id
           section, span, lead_explicit, deadline,
           deadline_date, ongoing, due
Part       id, task_id, plan_id, number, text, span,         id
           deadline, deadline_date
Agency     id, name, jurisdiction, kind                      id
Reform     name, category                                    name
Target     id, task_id, plan_id, subject, value, unit,       id
           comparator, text, span
=========  ===============================================  =====================

Relationships: (City)-[:ISSUED]->(Plan), (Plan)-[:HAS_TASK]->(Task),
(Task)-[:HAS_PART]->(Part), (Agency)-[:LEADS {inferred}]->(Task|Part),
(Agency)-[:SUPPORTS]->(Task|Part), (Task)-[:TARGETS {mention}]->(Reform),
(Task)-[:HAS_TARGET]->(Target). Every relationship carries ``plan_id``, ``span``
([start, end] into the plan's document text) and ``evidence`` (that text).

Summary relationships (WORKS_IN, ADOPTS) count, per plan, the relationships above so
that whole-corpus questions read one edge per agency or reform and plan instead of every
task: (Agency)-[:WORKS_IN {tasks, led}]->(Plan) — the plan's tasks the agency leads or
supports, itself or through a row of the task's annexed table (a task counts once; ``led``
those it leads, inferred leads included) — and (Plan)-[:ADOPTS {tasks, paired, paired_tasks}]->(Reform),
the plan's tasks that target the reform; ``paired`` lists the reforms named after it (in
string order) that some of those tasks also target, ``paired_tasks`` how many tasks target
both. They carry ``plan_id`` and no span: their evidence is
the relationships they count. They belong to the plan and are replaced with it.
(Agency)-[:WORKS_WITH {tasks, both_lead, plans}]->(Agency) is the one corpus-wide summary:
for each pair of agencies (start id < end id) the tasks both work on, the tasks both lead
and the plans where they do, summed over every plan in the store. Each plan adds its share
(:attr:`PlanRecords.pairs`) when it is written and the stores subtract a replaced plan's share
before deleting it, so the counts always equal those of the LEADS/SUPPORTS edges present.
``Plan.task_count``, ``no_lead`` (tasks nobody leads), ``lead_top3`` (the three agencies
leading most tasks, ``"name (n)"``) and ``lead_top3_tasks`` (tasks led by one of them)
summarise the plan's leads the same way. Likewise ``Task.due`` is the task's own
``deadline_date``, else the earliest ``deadline_date`` of its annexed-table rows (Part), so
deadline queries need not visit them.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import combinations
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from graphkit.model import ExtractedPlan, Part, Task, Unit

if TYPE_CHECKING:  # networkx is imported by build_graph: the stores and the CLI need only the rows
    import networkx as nx

NODE_KEYS: dict[str, str] = {
    "City": "name",
    "Plan": "id",
    "Task": "id",
    "Part": "id",
    "Agency": "id",
    "Reform": "name",
    "Target": "id",
}

# relationship type → (start label, end label); LEADS/SUPPORTS also end at Part.
REL_TYPES: tuple[str, ...] = ("ISSUED", "HAS_TASK", "HAS_PART", "LEADS", "SUPPORTS", "TARGETS", "HAS_TARGET",
                               "WORKS_IN", "ADOPTS",  # per-plan summaries
                               "WORKS_WITH")  # corpus-wide counts

EVIDENCE_MAX = 200

# Every property key the records carry (nodes and relationships). Tests check that
# plan_records never emits a key missing here; the Cypher linter is given this list.
PROPERTY_KEYS: tuple[str, ...] = (
    "name", "province", "id", "title", "issuer", "jurisdiction", "city", "district", "level",
    "year", "date", "doc_no", "source", "plan_id", "number", "number_implied", "text", "section",
    "span", "lead_explicit", "deadline", "deadline_date", "ongoing", "task_id", "kind",
    "category", "subject", "value", "unit", "comparator", "evidence", "mention", "inferred",
    "tasks", "led", "due", "task_count", "no_lead", "lead_top3", "lead_top3_tasks",
    "paired", "paired_tasks", "both_lead", "plans",
)


def schema_summary() -> dict[str, list[str]]:
    """Labels, relationship types and property keys — what a linter or a store needs to know."""
    return {
        "labels": list(NODE_KEYS),
        "relationshipTypes": list(REL_TYPES),
        "propertyKeys": list(PROPERTY_KEYS),
    }


@dataclass
class Rel:
    """One relationship row: start/end given as (label, key value)."""

    type: str
    start: tuple[str, Any]
    end: tuple[str, Any]
    props: dict[str, Any]


@dataclass
class PlanRecords:
    """All graph rows of one plan, grouped for batched writes."""

    plan_id: str
    source: str
    nodes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    rels: list[Rel] = field(default_factory=list)
    # What this plan adds to the corpus-wide WORKS_WITH counts: {start, end, tasks, both_lead}
    # per pair of agencies (start id < end id) sharing at least one of its tasks.
    pairs: list[dict[str, Any]] = field(default_factory=list)

    def add_node(self, label: str, props: dict[str, Any]) -> None:
        self.nodes.setdefault(label, []).append(props)

    def node_count(self) -> int:
        return sum(len(rows) for rows in self.nodes.values())

    def rels_by_type(self) -> dict[tuple[str, str, str], list[Rel]]:
        """Group relationships by (type, start label, end label) — one write statement each."""
        groups: dict[tuple[str, str, str], list[Rel]] = {}
        for rel in self.rels:
            groups.setdefault((rel.type, rel.start[0], rel.end[0]), []).append(rel)
        return groups


def agency_identity(unit: Unit, plan: ExtractedPlan) -> tuple[str, str, str | None, str]:
    """(id, name, jurisdiction, kind) of the agency a unit mention stands for.

    Uses the entity layer's resolution when present; otherwise the mention with its
    inherited prefix, in the plan's jurisdiction, kind 其他.
    """
    name = unit.name or f"{unit.prefix or ''}{unit.mention}"
    jurisdiction = unit.jurisdiction if unit.name else plan.plan.jurisdiction
    agency_id = unit.agency_id or f"{jurisdiction or '?'}/{name}"
    return agency_id, name, jurisdiction, unit.kind or "其他"


def _evidence(text: str, span: tuple[int, int] | list[int] | None) -> str:
    if not span:
        return ""
    start, end = int(span[0]), int(span[1])
    return text[start:end][:EVIDENCE_MAX]


def _span(span: tuple[int, int] | list[int] | None) -> list[int]:
    return [int(span[0]), int(span[1])] if span else []


def plan_records(plan: ExtractedPlan) -> PlanRecords:
    """Translate one extracted plan into graph rows (deterministic order, stable keys)."""
    meta = plan.plan
    text = plan.text
    rec = PlanRecords(plan_id=meta.id, source=meta.source)
    rec.add_node(
        "Plan",
        {
            "id": meta.id,
            "title": meta.title,
            "issuer": meta.issuer,
            "jurisdiction": meta.jurisdiction,
            "city": meta.city,
            "district": meta.district,
            "province": meta.province,
            "level": meta.level,
            "year": meta.year,
            "date": meta.date,
            "doc_no": meta.doc_no,
            "source": meta.source,
        },
    )
    if meta.city:
        rec.add_node("City", {"name": meta.city, "province": meta.province})
        at = text.find(meta.city)
        span = [at, at + len(meta.city)] if at >= 0 else []
        rec.rels.append(
            Rel("ISSUED", ("City", meta.city), ("Plan", meta.id),
                {"plan_id": meta.id, "span": span, "evidence": meta.city if at >= 0 else "metadata"})
        )

    agencies: dict[str, dict[str, Any]] = {}
    reforms: dict[str, dict[str, Any]] = {}

    def unit_rels(owner: tuple[str, str], leads: list[Unit], supports: list[Unit], inferred: bool) -> None:
        seen: set[tuple[str, str]] = set()
        for rel_type, units in (("LEADS", leads), ("SUPPORTS", supports)):
            for unit in units:
                agency_id, name, jurisdiction, kind = agency_identity(unit, plan)
                agencies.setdefault(agency_id, {"id": agency_id, "name": name,
                                                "jurisdiction": jurisdiction, "kind": kind})
                if (rel_type, agency_id) in seen or ("LEADS", agency_id) in seen:
                    continue  # one edge per agency and task; leading wins over supporting
                seen.add((rel_type, agency_id))
                props = {"plan_id": meta.id, "span": _span(unit.span),
                         "evidence": _evidence(text, unit.span), "mention": unit.mention}
                if rel_type == "LEADS":
                    props["inferred"] = inferred
                rec.rels.append(Rel(rel_type, ("Agency", agency_id), owner, props))

    for task in plan.tasks:
        rec.add_node("Task", _task_props(task, meta.id))
        rec.rels.append(
            Rel("HAS_TASK", ("Plan", meta.id), ("Task", task.id),
                {"plan_id": meta.id, "span": _span(task.span), "evidence": task.text[:EVIDENCE_MAX]})
        )
        unit_rels(("Task", task.id), task.leads, task.supports, inferred=not task.lead_explicit)
        for index, part in enumerate(task.parts, start=1):
            part_id = f"{task.id}/p{index}"
            rec.add_node("Part", _part_props(part, part_id, task.id, meta.id))
            rec.rels.append(
                Rel("HAS_PART", ("Task", task.id), ("Part", part_id),
                    {"plan_id": meta.id, "span": _span(part.span), "evidence": part.text[:EVIDENCE_MAX]})
            )
            unit_rels(("Part", part_id), part.leads, part.supports, inferred=False)
        seen_reforms: set[str] = set()
        for reform in task.reforms:
            reforms.setdefault(reform.name, {"name": reform.name, "category": reform.category})
            if reform.name in seen_reforms:
                continue
            seen_reforms.add(reform.name)
            rec.rels.append(
                Rel("TARGETS", ("Task", task.id), ("Reform", reform.name),
                    {"plan_id": meta.id, "span": _span(reform.span),
                     "evidence": _evidence(text, reform.span), "mention": reform.mention})
            )
        for index, target in enumerate(task.targets, start=1):
            target_id = f"{task.id}/g{index}"
            rec.add_node("Target", {
                "id": target_id, "task_id": task.id, "plan_id": meta.id, "subject": target.subject,
                "value": target.value, "unit": target.unit, "comparator": target.comparator,
                "text": target.text, "span": _span(target.span),
            })
            rec.rels.append(
                Rel("HAS_TARGET", ("Task", task.id), ("Target", target_id),
                    {"plan_id": meta.id, "span": _span(target.span), "evidence": target.text[:EVIDENCE_MAX]})
            )

    for props in agencies.values():
        rec.add_node("Agency", props)
    for props in reforms.values():
        rec.add_node("Reform", props)
    assignments = _assignments(rec)
    rec.rels.extend(summary_rels(rec, assignments))
    rec.nodes["Plan"][0].update(lead_summary(rec, assignments))
    rec.pairs = collaboration_pairs(assignments)
    return rec


def _assignments(rec: PlanRecords) -> dict[str, tuple[set[str], set[str]]]:
    """Agency id → (tasks it leads or supports, tasks it leads), a Part counting as its task."""
    task_of = {part["id"]: part["task_id"] for part in rec.nodes.get("Part", [])}
    out: dict[str, tuple[set[str], set[str]]] = {}
    for rel in rec.rels:
        if rel.type in ("LEADS", "SUPPORTS"):
            label, owner = rel.end
            task = owner if label == "Task" else task_of[owner]
            tasks, led = out.setdefault(rel.start[1], (set(), set()))
            tasks.add(task)
            if rel.type == "LEADS":
                led.add(task)
    return out


def lead_summary(rec: PlanRecords, assignments: dict[str, tuple[set[str], set[str]]]) -> dict[str, Any]:
    """Plan properties: how concentrated the plan's leads are (see the module doc)."""
    names = {agency["id"]: agency["name"] for agency in rec.nodes.get("Agency", [])}
    led = {agency: tasks_led for agency, (_, tasks_led) in assignments.items() if tasks_led}
    ranked = sorted(led, key=lambda a: (-len(led[a]), names[a], a))[:3]
    tasks = len(rec.nodes.get("Task", []))
    return {
        "task_count": tasks,
        "no_lead": tasks - len(set().union(*led.values())),
        "lead_top3": [f"{names[a]} ({len(led[a])})" for a in ranked],
        "lead_top3_tasks": len(set().union(*(led[a] for a in ranked))),
    }


def summary_rels(rec: PlanRecords, assignments: dict[str, tuple[set[str], set[str]]]) -> list[Rel]:
    """WORKS_IN rows from the plan's agency assignments, ADOPTS rows from its TARGETS rows."""
    adopts: dict[str, set[str]] = {}  # reform name → tasks
    targeted: dict[str, set[str]] = {}  # task → reform names
    for rel in rec.rels:
        if rel.type == "TARGETS" and rel.start[0] == "Task":
            adopts.setdefault(rel.end[1], set()).add(rel.start[1])
            targeted.setdefault(rel.start[1], set()).add(rel.end[1])
    pairs: dict[str, dict[str, int]] = {}  # reform → later-named reform → tasks targeting both
    for names in targeted.values():
        for first, second in combinations(sorted(names), 2):
            counts = pairs.setdefault(first, {})
            counts[second] = counts.get(second, 0) + 1
    plan = ("Plan", rec.plan_id)
    out = [Rel("WORKS_IN", ("Agency", agency), plan,
               {"plan_id": rec.plan_id, "tasks": len(tasks), "led": len(led)})
           for agency, (tasks, led) in sorted(assignments.items())]
    for reform, tasks in sorted(adopts.items()):
        paired = sorted(pairs.get(reform, {}).items())
        out.append(Rel("ADOPTS", plan, ("Reform", reform),
                       {"plan_id": rec.plan_id, "tasks": len(tasks),
                        "paired": [name for name, _ in paired], "paired_tasks": [n for _, n in paired]}))
    return out


def collaboration_pairs(assignments: dict[str, tuple[set[str], set[str]]]) -> list[dict[str, Any]]:
    """The plan's share of WORKS_WITH: per pair of agencies (ids in order) the tasks both work
    on (leading or supporting, a Part counting as its task) and the tasks both lead."""
    on_task: dict[str, list[str]] = {}
    leading: set[tuple[str, str]] = set()
    for agency, (tasks, led) in assignments.items():
        for task in tasks:
            on_task.setdefault(task, []).append(agency)
        leading.update((agency, task) for task in led)
    counts: dict[tuple[str, str], list[int]] = {}
    for task, agencies in on_task.items():
        for first, second in combinations(sorted(agencies), 2):
            both = counts.setdefault((first, second), [0, 0])
            both[0] += 1
            both[1] += (first, task) in leading and (second, task) in leading
    return [{"start": a, "end": b, "tasks": n, "both_lead": both} for (a, b), (n, both) in sorted(counts.items())]


def _task_props(task: Task, plan_id: str) -> dict[str, Any]:
    deadline = task.deadline
    return {
        "id": task.id,
        "plan_id": plan_id,
        "number": task.number,
        "number_implied": task.number_implied,
        "text": task.text,
        "section": list(task.section),
        "span": _span(task.span),
        "lead_explicit": task.lead_explicit,
        "deadline": deadline.text if deadline else task.deadline_text,
        "deadline_date": deadline.date if deadline else None,
        "ongoing": bool(deadline.ongoing) if deadline else False,
        "due": _due(task),
    }


def _due(task: Task) -> str | None:
    """The task's own deadline date, else the earliest of its parts' (ISO strings sort as dates)."""
    if task.deadline and task.deadline.date:
        return task.deadline.date
    dates = [part.deadline.date for part in task.parts if part.deadline and part.deadline.date]
    return min(dates) if dates else None


def _part_props(part: Part, part_id: str, task_id: str, plan_id: str) -> dict[str, Any]:
    deadline = part.deadline
    return {
        "id": part_id,
        "task_id": task_id,
        "plan_id": plan_id,
        "number": part.number,
        "text": part.text,
        "span": _span(part.span),
        "deadline": deadline.text if deadline else part.deadline_text,
        "deadline_date": deadline.date if deadline else None,
    }


def node_key(label: str, key_value: Any) -> str:
    """The networkx node id for a graph node: ``"Agency:常州市/常州市商务局"``."""
    return f"{label}:{key_value}"


def add_records(graph: nx.MultiDiGraph, rec: PlanRecords) -> None:
    """Merge one plan's rows into a networkx graph (same MERGE semantics as the stores)."""
    for label, rows in rec.nodes.items():
        key = NODE_KEYS[label]
        for props in rows:
            nid = node_key(label, props[key])
            if nid in graph:
                graph.nodes[nid].update({k: v for k, v in props.items() if v is not None})
            else:
                graph.add_node(nid, label=label, **props)
    for rel in rec.rels:
        graph.add_edge(node_key(*rel.start), node_key(*rel.end), key=rel.type, type=rel.type, **rel.props)
    for pair in rec.pairs:  # corpus-wide counts, added up plan by plan like the stores do
        ends = (node_key("Agency", pair["start"]), node_key("Agency", pair["end"]))
        if not graph.has_edge(*ends, key="WORKS_WITH"):
            graph.add_edge(*ends, key="WORKS_WITH", type="WORKS_WITH", tasks=0, both_lead=0, plans=0)
        counts = graph.edges[(*ends, "WORKS_WITH")]
        counts["tasks"] += pair["tasks"]
        counts["both_lead"] += pair["both_lead"]
        counts["plans"] += 1


def build_graph(plans: Iterable[ExtractedPlan]) -> nx.MultiDiGraph:
    """A MultiDiGraph of the given plans; node ids are ``"Label:key"``, edge keys are types."""
    import networkx as nx

    graph = nx.MultiDiGraph()
    for plan in plans:
        add_records(graph, plan_records(plan))
    return graph

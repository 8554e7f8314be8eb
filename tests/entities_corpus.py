"""Hand-built ExtractedPlan fixtures from the example corpus for the entity-layer tests.

They mimic what the structure loader hands over (task text/span, unit mentions with inherited level
prefixes, deadline text) using simple, corpus-specific splitting, so the entity tests do not depend on
the loaders.
"""

from __future__ import annotations

import re
from pathlib import Path

from graphkit.model import ExtractedPlan, PlanMeta, Task, Unit, plan_id_for

CORPUS = Path(__file__).resolve().parent.parent / "examples" / "corpus"
GENERIC = re.compile(r"有关|相关|各|人民政府|成员单位|“|”")


def read(name: str) -> str:
    return (CORPUS / name).read_text(encoding="utf-8")


def plan_for(text: str, source: str, **meta) -> ExtractedPlan:
    return ExtractedPlan(plan=PlanMeta(id=plan_id_for(text), source=source, **meta), text=text)


def units_in(text: str, base: int, inherit: bool = True) -> list[Unit]:
    """Split "市发改委、商务局" (at plan offset ``base``) into Units, inheriting the list head's level word."""
    units, prefix = [], None
    for m in re.finditer(r"[^、，,；;及]+", text):
        raw = m.group()
        stripped = raw.strip()
        if not stripped or GENERIC.search(re.sub(r"\s", "", stripped)):
            continue
        start = base + m.start() + (len(raw) - len(raw.lstrip()))
        mention, own = stripped, None
        if stripped[0] in "市区县" and len(stripped) > 2 and not stripped.startswith("市场"):
            own, mention = stripped[0], stripped[1:]
            start += 1
        if own:
            prefix = own
        units.append(Unit(mention=mention, span=(start, start + len(mention)),
                          prefix=own or (prefix if inherit else None)))
    return units


def changzhou() -> ExtractedPlan:
    """常州: a task line "N．text" followed by a unit line "X牵头，Y按职责分工负责"."""
    text = read("changzhou-2020-task-division.txt")
    plan = plan_for(text, "changzhou-2020-task-division.txt", city="常州市", level="city", year=2020)
    lines = list(re.finditer(r"[^\n]*", text))
    for i, m in enumerate(lines):
        tm = re.match(r"\t(\d+)．(.+)", m.group())
        if not tm:
            continue
        start = m.start() + tm.start(2)
        task = Task(id=f"t{tm.group(1)}", number=tm.group(1), number_implied=False, section=[],
                    text=tm.group(2), span=(start, m.end()))
        nxt = next((n for n in lines[i + 1:] if n.group().strip()), None)
        if nxt is not None and not re.match(r"\t\d+．", nxt.group()):
            line, off = nxt.group(), nxt.start()
            lead_part, _, support_part = line.partition("牵头")
            if not _:  # no 牵头: the whole line lists the leads
                lead_part, support_part = line, ""
            task.leads = units_in(lead_part, off)
            sp = support_part.lstrip("，,")
            task.supports = units_in(sp.split("按职责")[0], off + line.index(sp) if sp else off)
        plan.tasks.append(task)
    return plan


def gedian() -> ExtractedPlan:
    """葛店: "N.text(牵头单位:X;责任单位:Y;完成时限:Z)" paragraphs."""
    text = read("ezhou-gedian-2021-implementation-plan.txt")
    plan = plan_for(text, "ezhou-gedian-2021-implementation-plan.txt", city="鄂州市", district="葛店开发区",
                    level="zone", year=2021)
    key = re.compile(r"(牵\s*头\s*单\s*位|责\s*任\s*单\s*位|完\s*成\s*时\s*限)\s*[:：]")
    for n, m in enumerate(re.finditer(r"[(（]\s*牵头单位[:：][^)）]*[)）]", text), 1):
        para_start = text.rfind("\n", 0, m.start()) + 1
        num = re.match(r"(\d+)\.", text[para_start:m.start()])
        body_start = para_start + (num.end() if num else 0)
        task = Task(id=f"g{n}", number=num.group(1) if num else None, number_implied=num is None, section=[],
                    text=text[body_start:m.start()], span=(body_start, m.start()))
        keys = list(key.finditer(text, m.start(), m.end()))
        for k, nxt in zip(keys, keys[1:] + [None]):
            end = nxt.start() if nxt else m.end() - 1
            value = text[k.end():end]
            field = re.sub(r"\s", "", k.group(1))
            if field == "完成时限":
                task.deadline_text = value.strip(" ;；,，")
            else:
                units = units_in(value.rstrip(" ;；,，"), k.end(), inherit=False)
                (task.leads if field == "牵头单位" else task.supports).extend(units)
        plan.tasks.append(task)
    return plan


def jiangbei() -> ExtractedPlan:
    """江北: "N．text（责任单位：X）" tasks in the body (before the annexed table)."""
    text = read("chongqing-jiangbei-2021-implementation-plan.txt")
    plan = plan_for(text, "chongqing-jiangbei-2021-implementation-plan.txt", city="重庆市", district="江北区",
                    province="重庆市", level="district", year=2021)
    end = text.index("附件：江北区")
    for m in re.finditer(r"(?m)^(\d+)．([^\n]*?)（责任单位：([^）]*)）", text[:end]):
        task = Task(id=f"j{m.group(1)}", number=m.group(1), number_implied=False, section=[],
                    text=m.group(2), span=(m.start(2), m.end(2)))
        task.supports = units_in(m.group(3), m.start(3))
        plan.tasks.append(task)
    return plan


def paragraphs(name: str, **meta) -> ExtractedPlan:
    """Every non-empty line as one task (quzhou, the district plan)."""
    text = read(name)
    plan = plan_for(text, name, **meta)
    for i, m in enumerate(re.finditer(r"[^\n]+", text)):
        if m.group().strip():
            plan.tasks.append(Task(id=f"p{i}", number=None, number_implied=True, section=[], text=m.group(),
                                   span=(m.start(), m.end())))
    return plan


def quzhou() -> ExtractedPlan:
    return paragraphs("quzhou-2022-implementation-plan.txt", city="衢州市", level="city", year=2022)


def district() -> ExtractedPlan:
    return paragraphs("district-2020-work-measures.txt", level="district", year=2020)


def task(plan: ExtractedPlan, number: str) -> Task:
    return next(t for t in plan.tasks if t.number == number)

"""Hand-built extracted plans for the view tests (small enough to check by hand).

Plan A (常州市, 2020): 3 tasks in two sections; agencies 商务局, 发改委, 市场监管局, 行政审批局;
one task text carries an injected ``<script>``. Plan B (衢州市, 2022): 2 tasks.
Reforms: 证照分离 (A: 2 tasks, B: 1 task), 一网通办 (A: 1 task), 多证合一 (B: 1 task).
"""

from __future__ import annotations

from graphkit.model import ExtractedPlan, PlanMeta, Reform, Task, Unit

INJECTED = "推进<script>alert('x')</script>改革&清单"


def _unit(name: str, jurisdiction: str, kind: str, at: int) -> Unit:
    return Unit(mention=name, span=(at, at + len(name)), name=name, jurisdiction=jurisdiction, kind=kind,
                agency_id=f"{jurisdiction}/{name}")


def _task(plan_key: str, n: int, section: list[str], text: str, leads, supports, reforms, at: int) -> Task:
    return Task(id=f"{plan_key}-t{n}", number=str(n), number_implied=False, section=section, text=text,
                span=(at, at + len(text)), leads=leads, supports=supports,
                reforms=[Reform(name=r, mention=r, span=(at, at + len(r)), category="审批改革") for r in reforms])


def plan_a() -> ExtractedPlan:
    city = "常州市"
    text = "常州市优化营商环境任务分工表\n" + "文本" * 200
    u = lambda name, kind, at: _unit(name, city, kind, at)  # noqa: E731
    tasks = [
        _task("A", 1, ["一、提升政务服务"], "全面推行证照分离改革，推进一网通办", [u("常州市商务局", "政府部门", 10)],
              [u("常州市发展和改革委员会", "政府部门", 20), u("常州市市场监督管理局", "市场监管", 30)],
              ["证照分离", "一网通办"], 100),
        _task("A", 2, ["一、提升政务服务", "（一）审批"], "深化证照分离，压缩审批时限", [u("常州市行政审批局", "审批服务", 40)],
              [u("常州市商务局", "政府部门", 50)], ["证照分离"], 200),
        _task("A", 3, ["二、保障措施"], INJECTED, [u("常州市市场监督管理局", "市场监管", 60)], [], [], 300),
    ]
    meta = PlanMeta(id="plan-a000000000000001", source="a.txt", title="常州市优化营商环境任务分工表",
                    city=city, province="江苏省", level="city", year=2020)
    return ExtractedPlan(plan=meta, tasks=tasks, text=text)


def plan_b() -> ExtractedPlan:
    city = "衢州市"
    text = "衢州市营商环境实施方案\n" + "文本" * 200
    u = lambda name, kind, at: _unit(name, city, kind, at)  # noqa: E731
    tasks = [
        _task("B", 1, ["一、重点任务"], "实行多证合一和证照分离", [u("衢州市市场监督管理局", "市场监管", 10)],
              [u("衢州市商务局", "政府部门", 20)], ["多证合一", "证照分离"], 100),
        _task("B", 2, ["一、重点任务"], "优化跨境贸易", [u("衢州市商务局", "政府部门", 30)], [], [], 200),
    ]
    meta = PlanMeta(id="plan-b000000000000002", source="b.txt", title="衢州市营商环境实施方案",
                    city=city, province="浙江省", level="city", year=2022)
    return ExtractedPlan(plan=meta, tasks=tasks, text=text)


def plans() -> list[ExtractedPlan]:
    return [plan_a(), plan_b()]

"""A small hand-built corpus with known answers for the query library tests.

Three plans (苏州市 2020, 无锡市 2021, 无锡市梁溪区 2020) whose agencies, reforms, deadlines,
targets and annexed-table rows (Part) are spelled out below; tests/test_queries_store.py
asserts answers worked out by hand from this listing.

    plan-a 苏州市 2020
      1 一、企业开办  lead 苏州市市场监督管理局; support 苏州市税务局, 苏州市公安局
                     证照分离; due 2020-06-30; target 企业开办时间 <= 1 工作日
      2 一、企业开办  lead 苏州市市场监督管理局; support 苏州市税务局
                     证照分离, 一网通办; due 2020-12-31
      3 二、工程审批  lead 苏州市住房和城乡建设局; support 苏州市市场监督管理局
                     一网通办; ongoing (长期坚持)
      4 二、工程审批  no lead; support 苏州市住房和城乡建设局
    plan-b 无锡市 2021
      1 一、商事制度  lead 无锡市市场监督管理局, 无锡市税务局
                     证照分离, 多证合一; due 2021-03-31; target 企业开办时间 <= 0.5 工作日
      2 一、商事制度  lead 无锡市政务服务管理办公室; support 无锡市市场监督管理局
                     一网通办; part p1 led by 无锡市税务局, due 2021-06-30 (task itself undated)
    plan-c 无锡市 梁溪区 2020
      1 (no section) lead 梁溪区市场监督管理局
                     证照分离, 容缺受理; due 2020-09-30; target 企业开办时间 <= 2 工作日
"""

from __future__ import annotations

from graphkit.model import Deadline, ExtractedPlan, Part, PlanMeta, Reform, Target, Task, Unit

KINDS = {"市场监督管理局": "市场监管", "税务局": "税务", "公安局": "公安", "住房和城乡建设局": "住建",
         "政务服务管理办公室": "政务服务"}


def _unit(text: str, name: str, jurisdiction: str, at: int) -> Unit:
    kind = next((k for suffix, k in KINDS.items() if name.endswith(suffix)), "其他")
    start = text.find(name.replace(jurisdiction, "", 1), at)
    start = max(start, 0)
    return Unit(mention=name, span=(start, start + len(name)), name=name, jurisdiction=jurisdiction,
                kind=kind, agency_id=f"{jurisdiction}/{name}")


class _Builder:
    def __init__(self, meta: PlanMeta):
        self.meta = meta
        self.text = ""
        self.tasks: list[Task] = []

    def task(self, number: str | None, section: list[str], body: str, leads: list[str], supports: list[str],
             reforms: list[str] = (), due: str | None = None, ongoing: bool = False,
             target: tuple[float, str] | None = None, parts: list[tuple[list[str], str]] = ()) -> Task:
        start = len(self.text)
        self.text += body + "\n"
        jur = self.meta.jurisdiction or ""
        task = Task(id=f"{self.meta.id}/t{len(self.tasks) + 1}", number=number, number_implied=False,
                    section=list(section), text=body, span=(start, start + len(body)),
                    leads=[_unit(self.text, n, jur, start) for n in leads],
                    supports=[_unit(self.text, n, jur, start) for n in supports],
                    lead_explicit=bool(leads))
        for name in reforms:
            at = self.text.find(name, start)
            task.reforms.append(Reform(name=name, mention=name, span=(at, at + len(name)), category="商事制度"))
        if due or ongoing:
            task.deadline = Deadline(text="长期坚持" if ongoing else f"{due}前", date=due, ongoing=ongoing)
        if target:
            value, unit = target
            phrase = f"压缩至{value:g}个{unit}"
            at = self.text.find(phrase, start)
            task.targets.append(Target(text=phrase, value=value, unit=unit, comparator="<=",
                                       subject="企业开办时间", span=(at, at + len(phrase))))
        for part_leads, part_due in parts:
            pstart = len(self.text)
            row = f"分解：{body[:6]}（{'、'.join(part_leads)}）"
            self.text += row + "\n"
            task.parts.append(Part(text=row, span=(pstart, pstart + len(row)),
                                   leads=[_unit(self.text, n, jur, pstart) for n in part_leads],
                                   deadline_text=part_due, deadline=Deadline(text=part_due, date=part_due)))
        self.tasks.append(task)
        return task

    def build(self) -> ExtractedPlan:
        return ExtractedPlan(plan=self.meta, tasks=self.tasks, text=self.text)


def fixture_plans() -> list[ExtractedPlan]:
    a = _Builder(PlanMeta(id="plan-a", source="corpus/suzhou-2020.txt", title="苏州市优化营商环境实施方案",
                          city="苏州市", province="江苏省", level="city", year=2020))
    a.task("1", ["一、企业开办"], "深化证照分离改革，企业开办时间压缩至1个工作日。（苏州市市场监督管理局牵头，税务局、公安局配合）",
           ["苏州市市场监督管理局"], ["苏州市税务局", "苏州市公安局"], ["证照分离"], due="2020-06-30",
           target=(1.0, "工作日"))
    a.task("2", ["一、企业开办"], "推进证照分离与一网通办。（苏州市市场监督管理局牵头，税务局配合）",
           ["苏州市市场监督管理局"], ["苏州市税务局"], ["证照分离", "一网通办"], due="2020-12-31")
    a.task("3", ["二、工程审批"], "工程审批一网通办。（苏州市住房和城乡建设局牵头，市场监督管理局配合）",
           ["苏州市住房和城乡建设局"], ["苏州市市场监督管理局"], ["一网通办"], ongoing=True)
    a.task("4", ["二、工程审批"], "优化竣工验收。（住房和城乡建设局配合）", [], ["苏州市住房和城乡建设局"])

    b = _Builder(PlanMeta(id="plan-b", source="corpus/wuxi-2021.txt", title="无锡市营商环境提升行动方案",
                          city="无锡市", province="江苏省", level="city", year=2021))
    b.task("1", ["一、商事制度"], "证照分离、多证合一，企业开办时间压缩至0.5个工作日。（无锡市市场监督管理局、税务局牵头）",
           ["无锡市市场监督管理局", "无锡市税务局"], [], ["证照分离", "多证合一"], due="2021-03-31",
           target=(0.5, "工作日"))
    b.task("2", ["一、商事制度"], "全面推行一网通办。（无锡市政务服务管理办公室牵头，市场监督管理局配合）",
           ["无锡市政务服务管理办公室"], ["无锡市市场监督管理局"], ["一网通办"],
           parts=[(["无锡市税务局"], "2021-06-30")])

    c = _Builder(PlanMeta(id="plan-c", source="corpus/liangxi-2020.txt", title="梁溪区优化营商环境工作措施",
                          city="无锡市", district="梁溪区", province="江苏省", level="district", year=2020))
    c.task("1", [], "推行证照分离和容缺受理，企业开办时间压缩至2个工作日。（梁溪区市场监督管理局牵头）",
           ["梁溪区市场监督管理局"], [], ["证照分离", "容缺受理"], due="2020-09-30", target=(2.0, "工作日"))
    return [a.build(), b.build(), c.build()]

"""Hand-built :class:`ExtractedPlan` objects for store tests (no loaders involved).

:func:`make_plan` writes a small plan text and records every span into it, so the
records carry real provenance. Agencies are named so that plans of the same city share
some (常州市发改委 leads in both 常州 plans) — the store must MERGE them.
"""

from __future__ import annotations

from graphkit.model import Deadline, ExtractedPlan, Part, PlanMeta, Reform, Target, Task, Unit, plan_id_for


class _Text:
    def __init__(self) -> None:
        self.buf = ""

    def add(self, s: str) -> tuple[int, int]:
        start = len(self.buf)
        self.buf += s
        return start, len(self.buf)


def make_plan(city: str, source: str, tasks: list[dict], *, title: str | None = None,
              district: str | None = None, year: int = 2021) -> ExtractedPlan:
    """A plan of ``tasks``; each task dict: text, leads, supports, reforms, target, parts."""
    txt = _Text()
    txt.add(f"{title or city + '优化营商环境实施方案'}\n{city}人民政府\n")
    built: list[Task] = []
    for i, spec in enumerate(tasks, start=1):
        number = f"{i}."
        start, _ = txt.add(f"{number}")
        _, end = txt.add(spec["text"])
        task = Task(id="", number=str(i), number_implied=False, section=["一、主要任务"],
                    text=spec["text"], span=(start, end))
        for key in ("leads", "supports"):
            if spec.get(key):
                txt.add("牵头单位：" if key == "leads" else "责任单位：")
                for name in spec[key]:
                    getattr(task, key).append(Unit(mention=name, span=txt.add(name)))
                    txt.add("、")
        for name in spec.get("reforms", []):
            at = spec["text"].find(name)
            assert at >= 0, f"reform {name} must occur in the task text"
            task.reforms.append(Reform(name=name, mention=name, span=(start + len(number) + at,
                                                                      start + len(number) + at + len(name)),
                                       category="审批"))
        if spec.get("target"):
            value, unit = spec["target"]
            phrase = f"压缩至{value:g}{unit}"
            task.targets.append(Target(text=phrase, value=value, unit=unit, comparator="<=",
                                       subject="办理时间", span=txt.add(phrase)))
        if spec.get("deadline"):
            d = spec["deadline"]
            task.deadline = Deadline(text=d, date="2021-12-31", span=txt.add(d))
        for j, part_spec in enumerate(spec.get("parts", []), start=1):
            pspan = txt.add(part_spec["text"])
            part = Part(text=part_spec["text"], span=pspan, number=f"{i}.{j}")
            for name in part_spec.get("leads", []):
                part.leads.append(Unit(mention=name, span=txt.add(name)))
            task.parts.append(part)
        txt.add("\n")
        built.append(task)
    text = txt.buf
    pid = plan_id_for(text)
    for i, task in enumerate(built, start=1):
        task.id = f"{pid}/t{i}"
    meta = PlanMeta(id=pid, source=source, title=title or f"{city}优化营商环境实施方案",
                    issuer=f"{city}人民政府", city=city, district=district, province="江苏省",
                    level="district" if district else "city", year=year, date=f"{year}-03-01")
    plan = ExtractedPlan(plan=meta, tasks=built, text=text)
    plan.warn(2, "fixture warning: a line the parser could not place")
    return plan


def corpus() -> list[ExtractedPlan]:
    """Three plans: two 常州 plans sharing agencies and a reform, one 衢州 plan."""
    return [
        make_plan("常州市", "changzhou-a.txt", [
            {"text": "全面推行证照分离改革，企业开办压缩至1个工作日。", "leads": ["市发改委"],
             "supports": ["市市场监管局", "市政务办"], "reforms": ["证照分离"], "target": (1, "个工作日"),
             "deadline": "2021年底前"},
            {"text": "深化一网通办，推进政务服务事项全程网办。", "leads": ["市政务办"], "supports": ["市发改委"],
             "reforms": ["一网通办"],
             "parts": [{"text": "建设统一受理平台", "leads": ["市大数据局"]},
                       {"text": "推广电子证照", "leads": ["市政务办"]}]},
            {"text": "优化不动产登记流程。", "leads": ["市自然资源局"]},
        ]),
        make_plan("常州市", "changzhou-b.txt", [
            {"text": "推进证照分离改革全覆盖。", "leads": ["市发改委"], "reforms": ["证照分离"]},
            {"text": "压减工程建设项目审批时间。", "leads": ["市住建局"], "supports": ["市自然资源局"],
             "target": (30, "个工作日")},
        ], title="常州市2021年优化营商环境工作要点"),
        make_plan("衢州市", "quzhou.txt", [
            {"text": "推行一网通办“跑零次”改革。", "leads": ["市委改革办"], "reforms": ["一网通办"]},
            {"text": "清理规范涉企收费'}) DETACH DELETE n // \"引号\\反斜杠", "supports": ["市财政局"]},
        ]),
    ]


def changed_first(plans: list[ExtractedPlan]) -> ExtractedPlan:
    """The first plan's document edited (same source, new text): one task dropped, one agency new."""
    return make_plan("常州市", plans[0].plan.source, [
        {"text": "全面推行证照分离改革，企业开办压缩至0.5个工作日。", "leads": ["市发改委"],
         "supports": ["市行政审批局"], "reforms": ["证照分离"], "target": (0.5, "个工作日")},
        {"text": "深化一网通办。", "leads": ["市政务办"], "reforms": ["一网通办"]},
    ])


def bulk_plan(index: int, n_tasks: int = 30) -> ExtractedPlan:
    """A generated plan (for crash and load tests): agencies shared across plans of a city."""
    city = ("常州市", "衢州市", "鄂州市")[index % 3]
    return make_plan(city, f"bulk-{index:04d}.txt", [
        {"text": f"第{index}号方案任务{t}：推进证照分离改革，办理时间压缩至{t + 1}个工作日。",
         "leads": [f"市局{t % 7}"], "supports": [f"市局{(t + 3) % 7}", f"区办{index % 5}"],
         "reforms": ["证照分离"], "target": (t + 1, "个工作日"),
         "parts": [{"text": f"分解{t}", "leads": [f"市局{t % 4}"]}] if t % 5 == 0 else []}
        for t in range(n_tasks)
    ])

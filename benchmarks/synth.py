"""Synthetic corpus of business-environment plans, recombined from the example plans.

Each synthetic plan is written in one of the five real layouts of ``examples/corpus``
(round-robin, so every layout is present), for a real city or district
(``benchmarks/data/places.tsv``), a year 2018–2024, with 10–60 task sentences drawn
from the pool of real tasks. The pool is mined from the example texts with plain
regexes when the generator starts — this module does not use graphkit's parser, so
it can check it.

    python benchmarks/synth.py --plans 1000 --seed 7 -o /tmp/synth1k

writes ``000/00000-changzhou-table-2024.txt`` … (folders of 1,000 plans), a few GB18030
``.txt`` and ``.docx`` files, and ``corpus.json``::

    {"generator": "benchmarks/synth.py 1", "seed": 7, "plans": 1000, "files": {
    "000/00000-changzhou-table-2024.txt": {"layout": "changzhou-table", "format": "txt",
        "encoding": "utf-8", "province": "福建省", "city": "泉州市", "district": null,
        "level": "city", "year": 2024, "date": "2024-03-18", "doc_no": "…", "title": "…",
        "issuer": "…", "tasks": 57, "parts": 0, "sections": 14, "chars": 11008}, …}}

``tasks`` is the number of tasks written (what extraction should find), ``parts`` the
rows of an annexed task-division table (Jiangbei layout), ``chars`` the text length
(.txt). The same seed gives byte-identical files. Plans are written one at a time.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import re
import sys
import time
import zipfile
from xml.sax.saxutils import escape as xml_escape
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
CORPUS = HERE.parent / "examples" / "corpus"

LAYOUTS = ("changzhou-table", "quzhou-numbered", "district-prose", "gedian-trailing", "jiangbei-annex")
MANIFEST = "corpus.json"
# Plans go into shard folders of 1,000 (000/, 001/ …) below the manifest: no huge folder,
# and corpus.json never sits next to a document, where graphkit would read it as sidecar metadata.
SHARD = 1000
SHARD_RE = re.compile(r"\d{3}")
GENERATOR = "benchmarks/synth.py 1"

CN_NUM = "一二三四五六七八九十"
_FULL = ((",", "，"), ("(", "（"), (")", "）"), (":", "："), (";", "；"))


def full(text: str) -> str:
    """Full-width punctuation, as the Changzhou, Jiangbei and district plans write it."""
    for narrow, wide in _FULL:
        text = text.replace(narrow, wide)
    return text


def half(text: str) -> str:
    """Half-width punctuation, as the Quzhou and Gedian plans write it."""
    for narrow, wide in _FULL:
        text = text.replace(wide, narrow)
    return text


# Agency names as the example plans write them, without the 市/区 level prefix.
AGENCY_RE = re.compile(r"[\u4e00-\u9fff]{1,12}(?:分局|局|委|办|中心|院|公司)")
SOURCE_PLACES = ("常州", "衢州", "江北", "重庆", "鄂州", "葛店", "渝")


def cn_number(n: int) -> str:
    """1 → 一, 12 → 十二, 28 → 二十八 (enough for section numbers)."""
    if n <= 10:
        return CN_NUM[n - 1]
    tens, ones = divmod(n, 10)
    return (CN_NUM[tens - 1] if tens > 1 else "") + "十" + (CN_NUM[ones - 1] if ones else "")


# --------------------------------------------------------------------------- mining


@dataclass
class PoolTask:
    """A real task sentence: ``title`` (short first sentence) or None, ``body``, its units."""

    title: str | None
    body: str
    leads: list[str] = field(default_factory=list)
    supports: list[str] = field(default_factory=list)
    deadline: str | None = None
    source: str = ""

    @property
    def text(self) -> str:
        return (self.title or "") + self.body


@dataclass
class Pool:
    tasks: list[PoolTask]
    titled: list[PoolTask]
    agencies: list[str]
    chapters: list[str]
    sections: list[str]
    guarantees: list[tuple[str, str]]  # (heading sentence, body)
    preambles: list[str]
    deadlines: list[str]
    prose: list[PoolTask] = field(default_factory=list)  # titled tasks whose body has no title-like sentence


def _agencies(raw: str, prefix: str) -> list[str]:
    names = []
    for piece in re.split(r"[、，,;；]|及", raw):
        piece = re.sub(r"\s+", "", piece).strip()
        if prefix and piece.startswith(prefix) and not piece.startswith("市场"):
            piece = piece[len(prefix):]
        if (
            AGENCY_RE.fullmatch(piece)
            and not piece.endswith("公司")  # utilities and companies are not agencies of the plan's level
            and not piece.startswith(("有关", "各", "相关", "市", "区"))
        ) and not any(
            p in piece for p in SOURCE_PLACES
        ):
            names.append(piece)
    return names


def _title_like(sentence: str) -> bool:
    """A sentence that reads as a measure's headline: short with no comma ("强化合同管理。"),
    or very short with one ("创新融资方式，加大信贷支持力度。", as the district plan writes them)."""
    commas = len(re.findall(r"[，,；;]", sentence))
    return (commas == 0 and len(sentence) <= 30) or (commas == 1 and len(sentence) <= 17)


def _split_title(text: str) -> tuple[str | None, str]:
    """A short first sentence without commas is the task's title."""
    m = re.match(r"([^。，,；;]{4,30}。)(.+)", text)
    return (m.group(1), m.group(2)) if m else (None, text)


def _mine_changzhou(text: str, pool: Pool) -> None:
    lines = text.split("\n")
    for i, line in enumerate(lines):
        m = re.match(r"\t(\d+)．(.+)$", line)
        if m:
            unit = next((x.strip() for x in lines[i + 1:i + 3] if x.strip()), "")
            u = re.match(r"(.+?)牵头，(.+?)按职责分工负责$", unit)
            leads, supports = (_agencies(u.group(1), "市"), _agencies(u.group(2), "市")) if u else ([], [])
            pool.tasks.append(PoolTask(None, m.group(2).strip(), leads, supports, source="changzhou"))
            pool.agencies.extend(leads + supports)
        elif re.match(r"\t[一二三四五六七八九十]+、", line):
            pool.chapters.append(line.strip()[2:])
        elif re.match(r"\t（[一二三四五六七八九十]+）", line):
            pool.sections.append(re.sub(r"^（[^）]+）", "", line.strip()))


def _mine_quzhou(text: str, pool: Pool) -> None:
    part = text.split("二、工作任务", 1)[-1]
    tasks_part, _, guarantee = part.partition("三、组织保障")
    for line in tasks_part.split("\n"):
        line = line.strip()
        m = re.match(r"\d+\.(.+)$", line)
        if m:
            title, body = _split_title(m.group(1))
            task = PoolTask(title, body, source="quzhou")
            pool.tasks.append(task)
            if title:
                pool.titled.append(task)
        elif m := re.match(r"\([一二三四五六七八九十]+\)(.+?)。?$", line):
            pool.sections.append(m.group(1))
    for line in guarantee.split("\n"):
        m = re.match(r"\s*\([一二三四五六七八九十]+\)([^。]+。)(.+)$", line)
        if m:
            pool.guarantees.append((m.group(1), m.group(2)))
    pre = re.search(r"^\s*(为深入贯彻.+?现制定本方案。)", text, re.M)
    if pre:
        pool.preambles.append(pre.group(1))


def _mine_district(text: str, pool: Pool) -> None:
    for line in text.split("\n"):
        m = re.match(r"([一二三四五六七八九十])、([^。]+)。(.+)$", line)
        if not m:
            continue
        if "保障" in m.group(2):
            sentences = re.findall(r"[^。]+。", m.group(3))
            for s in sentences:
                if _title_like(s):
                    pool.guarantees.append((s, ""))
                elif pool.guarantees:
                    pool.guarantees[-1] = (pool.guarantees[-1][0], pool.guarantees[-1][1] + s)
            continue
        pool.chapters.append(m.group(2))
        current: PoolTask | None = None
        for s in re.findall(r"[^。]+。?", m.group(3)):
            if _title_like(s) and s.endswith("。"):
                current = PoolTask(s, "", source="district")
                pool.tasks.append(current)
                pool.titled.append(current)
            elif current is not None:
                current.body += s
    # tasks whose title had no body sentence are not tasks
    pool.titled[:] = [t for t in pool.titled if t.body or t.source != "district"]
    pool.tasks[:] = [t for t in pool.tasks if t.body or t.source != "district"]


def _mine_gedian(text: str, pool: Pool) -> None:
    body = text.split("附件", 1)[0]
    chunks: list[str] = []
    for line in body.split("\n"):
        if re.match(r"\d+\.(?!\d)", line):
            chunks.append(line)
        elif re.match(r"\([一二三四五六七八九十]+\)", line):
            pool.sections.append(re.sub(r"\s+", "", line)[3:] if line[2] == ")" else re.sub(r"^\([^)]+\)", "", line))
            chunks.append("")
        elif re.match(r"[一二三四五六七八九十]+、", line):
            pool.chapters.append(re.sub(r"\s+", "", line.split("、", 1)[1]))
            chunks.append("")
        elif chunks and chunks[-1]:
            chunks[-1] += line
    for chunk in chunks:
        chunk = re.sub(r"\s+", "", chunk)
        m = re.match(r"\d+\.(.+?)\(((?:牵头单位|责任单位)[^()]*)\)$", chunk)
        if not m:
            continue
        fields = dict(re.findall(r"(牵头单位|责任单位|完成时限)[:∶]([^;]+)", m.group(2)))
        leads = _agencies(fields.get("牵头单位", ""), "")
        supports = _agencies(fields.get("责任单位", ""), "")
        deadline = fields.get("完成时限")
        title, rest = _split_title(m.group(1))
        task = PoolTask(title, rest, leads, supports, deadline, source="gedian")
        pool.tasks.append(task)
        if title:
            pool.titled.append(task)
        pool.agencies.extend(leads + supports)
        if deadline:
            pool.deadlines.append(deadline)
    pre = re.search(r"^(为深入贯彻.+?特制本实施方案。)", text, re.M)
    if pre:
        pool.preambles.append(re.sub(r"\s+", "", pre.group(1)))


def _mine_jiangbei(text: str, pool: Pool) -> None:
    body = text.split("附件：", 1)[0]
    section_leads: list[str] = []
    for line in body.split("\n"):
        line = line.strip()
        if m := re.match(r"（[一二三四五六七八九十]+）(.+?)（牵头单位：(.+)）$", line):
            pool.sections.append(m.group(1))
            section_leads = _agencies(m.group(2), "区")
            pool.agencies.extend(section_leads)
        elif m := re.match(r"\d+．(.+?)（责任单位：(.+)）$", line):
            title, rest = _split_title(m.group(1))
            supports = _agencies(m.group(2), "区")
            task = PoolTask(title, rest, list(section_leads), supports, source="jiangbei")
            pool.tasks.append(task)
            if title:
                pool.titled.append(task)
            pool.agencies.extend(supports)
        elif m := re.match(r"[一二三四五六七八九十]+、(.+)$", line):
            if "保障" not in m.group(1):
                pool.chapters.append(m.group(1))
        elif m := re.match(r"（[一二三四五六七八九十]+）([^。]+。)(.+)$", line):
            pool.guarantees.append((m.group(1), m.group(2)))
    pre = re.search(r"^(为贯彻落实.+?制定本实施方案。)", text, re.M)
    if pre:
        pool.preambles.append(pre.group(1))


def mine_pool(corpus: Path = CORPUS) -> Pool:
    """Mine task sentences, agencies, headings and deadlines from the five example plans."""
    pool = Pool([], [], [], [], [], [], [], [])
    miners = {
        "changzhou": _mine_changzhou,
        "quzhou": _mine_quzhou,
        "district": _mine_district,
        "ezhou-gedian": _mine_gedian,
        "chongqing-jiangbei": _mine_jiangbei,
    }
    for stem, miner in miners.items():
        files = sorted(corpus.glob(f"{stem}-*.txt"))
        if not files:
            raise SystemExit(f"synth: no example plan {stem}-*.txt in {corpus}")
        miner(files[0].read_text(encoding="utf-8"), pool)
    pool.agencies = sorted(set(pool.agencies))
    pool.chapters = list(dict.fromkeys(c.rstrip("。") for c in pool.chapters))
    pool.sections = list(dict.fromkeys(s.rstrip("。") for s in pool.sections if 2 < len(s) < 40))
    pool.deadlines = sorted(set(pool.deadlines))
    # In run-on prose a task starts at a short sentence without commas; keep to tasks whose
    # body holds no such sentence, so the expected count of a prose plan is well defined.
    pool.prose = [t for t in pool.titled if not any(_title_like(s) for s in re.findall(r"[^。]+。", t.body))]
    # a task that names a source place is rewritten per plan (see _localise)
    return pool


def load_places(path: Path = DATA / "places.tsv") -> list[tuple[str, str, list[str]]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#") or line.startswith("province\t"):
            continue
        province, city, districts = line.split("\t")
        rows.append((province, city, [d for d in districts.split(";") if d]))
    return rows


def load_titles(path: Path = DATA / "titles.tsv") -> dict[str, list[str]]:
    titles: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#") or line.startswith("layout\t"):
            continue
        layout, template = line.split("\t")
        titles.setdefault(layout, []).append(template)
    return titles


# --------------------------------------------------------------------------- plans


@dataclass
class Table:
    """A table: ``rows`` of cells; written as a Word table in .docx, as ``txt`` in text files."""

    rows: list[list[str]]
    txt: str


@dataclass
class SynthPlan:
    index: int
    layout: str
    province: str
    city: str
    district: str | None
    year: int
    date: str
    doc_no: str
    title: str
    issuer: str
    blocks: list[str | Table] = field(default_factory=list)
    tasks: int = 0
    parts: int = 0
    sections: int = 0

    @property
    def level(self) -> str:
        return "district" if self.district else "city"

    def text(self) -> str:
        return "".join(b if isinstance(b, str) else b.txt for b in self.blocks)


class Builder:
    """Builds one plan from the pool with its own seeded random generator."""

    def __init__(self, pool: Pool, places, titles, seed: int, index: int) -> None:
        self.pool = pool
        self.rng = random.Random(f"graphkit-synth/{seed}/{index}")
        rng = self.rng
        self.layout = LAYOUTS[index % len(LAYOUTS)]
        province, city, districts = rng.choice(places)
        at_district = self.layout in ("district-prose", "gedian-trailing", "jiangbei-annex") or (
            rng.random() < 0.3
        )
        district = rng.choice(districts) if at_district else None
        year = rng.randint(2018, 2024)
        self.prefix = "区" if district else "市"
        jur = district or city
        self.names = {"jur": jur, "city": city, "district": district or city, "year": str(year)}
        self.local = {name: city for name in ("常州市", "衢州市", "鄂州市", "重庆市")}
        self.local.update({name: district or city for name in ("江北区", "葛店开发区")})
        self.local.update({name: _short(jur) for name in ("常州", "衢州", "鄂州", "江北", "葛店")})
        title = rng.choice(titles[self.layout]).format(jur=jur, short=_short(jur), year=year)
        issuer = f"{city}{district or ''}人民政府办公室"
        if self.layout == "gedian-trailing":
            issuer = f"中共{city}{district}委员会办公室"
        kind = "府办发" if district else "政办发"
        doc_no = f"{_short(jur)}{kind}〔{year}〕{rng.randint(1, 120)}号"
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        self.plan = SynthPlan(
            index, self.layout, province, city, district, year,
            f"{year}-{month:02d}-{day:02d}", doc_no, title, issuer,
        )
        self.date_cn = f"{year}年{month}月{day}日"

    # ---- helpers
    def localise(self, text: str) -> str:
        """Source place names → this plan's places; the source year → this plan's year."""
        return _LOCAL_RE.sub(lambda m: self.local[m.group(0)] if m.group(0) in self.local else self.names["year"], text)

    def draw_tasks(self, n: int, titled: bool, prose: bool = False) -> list[PoolTask]:
        source = self.pool.prose if prose else self.pool.titled if titled else self.pool.tasks
        if n <= len(source):
            return self.rng.sample(source, n)
        return [self.rng.choice(source) for _ in range(n)]

    def units(self, task: PoolTask) -> tuple[list[str], list[str]]:
        rng = self.rng
        leads = list(dict.fromkeys(task.leads)) or rng.sample(self.pool.agencies, rng.randint(1, 2))
        supports = [s for s in dict.fromkeys(task.supports) if s not in leads]
        if not supports and rng.random() < 0.5:
            supports = [a for a in rng.sample(self.pool.agencies, rng.randint(1, 3)) if a not in leads]
        return leads[:3], supports[:5]

    def outline(self, n_tasks: int, sections: bool) -> list[tuple[str, list[tuple[str, int]]]]:
        """Chapters, each with (section heading, task count) entries summing to ``n_tasks``."""
        rng = self.rng
        n_ch = max(2, min(6, n_tasks // 6))
        chapters = rng.sample(self.pool.chapters, min(n_ch, len(self.pool.chapters)))
        counts = _split(rng, n_tasks, len(chapters))
        result = []
        for heading, count in zip(chapters, counts, strict=True):
            if sections:
                n_sec = max(1, min(4, count // 3))
                heads = rng.sample(self.pool.sections, n_sec)
                result.append((heading, list(zip(heads, _split(rng, count, n_sec), strict=True))))
            else:
                result.append((heading, [("", count)]))
        return result

    def build(self) -> SynthPlan:
        n_tasks = self.rng.randint(10, 60)
        getattr(self, "_" + self.layout.split("-")[0])(n_tasks)
        self.plan.tasks = n_tasks
        return self.plan

    def notice(self, sep: str = "，") -> str:
        p = self.plan
        recipients = f"各{'街道' if p.district else '县（市、区）人民政府'}{sep}{'区' if p.district else '市'}政府各部门{sep}有关单位："
        return (
            f"{p.issuer}\n关于印发{p.title}的通知\n{p.doc_no}\n\n{recipients}\n"
            f"《{p.title}》已经{'区' if p.district else '市'}政府同意{sep}现印发给你们{sep}请认真贯彻执行。\n\n"
            f"{p.issuer}\n{self.date_cn}\n\n"
        )

    # ---- layouts
    def _changzhou(self, n_tasks: int) -> None:
        rng, P = self.rng, self.prefix
        out: list[str | Table] = [self.notice(), f"附件\n\n{self.plan.title}\n\n"]
        rows: list[list[str]] = [["主要任务", "任务分工", "责任单位"]]
        lines: list[str] = ["\t主要任务\n\t任务分工\n\t责任单位\n\n"]
        number = 0
        for ch_index, (chapter, sections) in enumerate(self.outline(n_tasks, True), start=1):
            ch_head = f"{cn_number(ch_index)}、{chapter}"
            for s_index, (section, count) in enumerate(sections):
                self.plan.sections += 1
                if s_index == 0 or rng.random() < 0.3:  # the chapter cell repeats after a page break
                    lines.append(f"\t{ch_head}\n")
                    rows.append([ch_head])
                sec_head = f"（{cn_number(self.plan.sections)}）{full(section)}"
                lines.append(f"\t{sec_head}\n")
                for k, task in enumerate(self.draw_tasks(count, False)):
                    number += 1
                    leads, supports = self.units(task)
                    unit = f"{P}{'、'.join(leads)}牵头，"
                    if not supports:
                        unit += f"{P}有关部门按职责分工负责"
                    elif rng.random() < 0.5:
                        unit += f"{'、'.join(supports)}按职责分工负责"
                    else:
                        unit += f"{P}{'、'.join(supports)}及{P}有关部门按职责分工负责"
                    body = full(self.localise(task.text))
                    lines.append(f"\t{number}．{body}\n\t{unit}\n\n")
                    rows.append([sec_head if k == 0 else "", f"{number}．{body}", unit])
                    if k < count - 1:
                        lines.append("\t\n\t\n")
                lines.append("\t\n")
        out.append(Table(rows, "".join(lines)))
        self.plan.blocks = out

    def _quzhou(self, n_tasks: int) -> None:
        rng, p = self.rng, self.plan
        gov = "区政府" if p.district else "市政府"
        head = (
            f"{p.doc_no}\n\n各{'街道' if p.district else '县(市、区)人民政府'},{gov}各部门、直属各单位:\n\n"
            f"  《{p.title}》已经{gov}同意,现印发给你们,请认真贯彻执行。\n\n  {p.issuer}\n\n  {self.date_cn}\n\n"
            f"  (此件公开发布)\n\n{p.title}\n\n"
        )
        out = [head]
        if self.pool.preambles:
            out.append(f"  {half(self.localise(rng.choice(self.pool.preambles)))}\n\n")
        out.append("  一、目标要求\n\n  以习近平新时代中国特色社会主义思想为指导,坚持以人民为中心的发展理念,"
                   "围绕提升群众和企业获得感,探索实施一批突破性、引领性的改革举措。\n\n  二、工作任务\n\n")
        number = 0
        for _chapter, sections in self.outline(n_tasks, True):
            for section, count in sections:
                p.sections += 1
                out.append(f"  ({cn_number(p.sections)}){half(section)}。\n\n")
                for task in self.draw_tasks(count, True):
                    number += 1
                    out.append(f"  {number}.{half(self.localise(task.text))}\n\n")
        out.append("  三、组织保障\n\n")
        for k, (head_s, body) in enumerate(rng.sample(self.pool.guarantees, 3), start=1):
            out.append(f"  ({cn_number(k)}){half(self.localise(head_s + body))}\n\n")
        p.blocks = out

    def _district(self, n_tasks: int) -> None:
        rng, p = self.rng, self.plan
        jur = self.names["jur"]
        out = [
            f"{p.issuer}\n{p.doc_no}\n\n{p.title}\n\n为持续深化“放管服”改革，优化提升全区营商环境，结合《市{p.year}年优化营商环境"
            f"工作要点》，现将{jur}{p.year}年优化营商环境工作任务部署如下。\n"
        ]
        outline = self.outline(n_tasks, False)
        for ch_index, (chapter, sections) in enumerate(outline, start=1):
            p.sections += 1
            parts = [f"{cn_number(ch_index)}、{chapter}。"]
            for task in self.draw_tasks(sections[0][1], True, prose=True):
                title, body = full(self.localise(task.title)), full(self.localise(task.body))
                while not _title_like(title) or any(_title_like(x) for x in re.findall(r"[^。]+。", body)):
                    task = self.rng.choice(self.pool.prose)  # renaming places changed a sentence's length
                    title, body = full(self.localise(task.title)), full(self.localise(task.body))
                parts.append(title + body)
            out.append("".join(parts) + "\n")
        guarantee = [g for g in self.pool.guarantees if len(g[0]) <= 30 and g[1]]
        picks = rng.sample(guarantee, min(3, len(guarantee)))
        out.append(f"{cn_number(len(outline) + 1)}、加强营商环境组织保障。"
                   + "".join(full(self.localise(h + b)) for h, b in picks) + "\n")
        out.append(f"\n{p.issuer}\n{self.date_cn}\n")
        p.blocks = out

    def _gedian(self, n_tasks: int) -> None:
        rng, p = self.rng, self.plan
        out = [
            f"{p.doc_no}\n区直各部门,各街道党组织∶\n《{p.title}》已经区委常委会审议通过,现予以印发,请结合实际抓好贯彻落实 。\n"
            f"{p.issuer}\n{self.date_cn}\n{_pdf_spaces(rng, p.title)}\n"
        ]
        if self.pool.preambles:
            out.append(_pdf_spaces(rng, half(self.localise(rng.choice(self.pool.preambles)))) + "\n")
        number = 0
        for ch_index, (chapter, sections) in enumerate(self.outline(n_tasks, True), start=1):
            out.append(f"{cn_number(ch_index)}、{chapter}\n")
            for section, count in sections:
                p.sections += 1
                out.append(f"({cn_number(p.sections)}){half(section)}\n")
                for task in self.draw_tasks(count, False):
                    number += 1
                    leads, supports = self.units(task)
                    fields = []
                    if rng.random() < 0.85:
                        fields.append("牵头单位:" + "、".join(leads))
                        if supports:
                            fields.append("责任单位:" + "、".join(supports))
                    else:
                        fields.append("责任单位:" + "、".join(leads + supports))
                    deadline = task.deadline or rng.choice(self.pool.deadlines)
                    fields.append("完成时限:" + self.localise(deadline))
                    line = f"{number}.{half(self.localise(task.text))}({';'.join(fields)})"
                    out.append(_pdf_spaces(rng, line, breaks=True) + "\n")
        p.blocks = out

    def _jiangbei(self, n_tasks: int) -> None:
        rng, p = self.rng, self.plan
        P = self.prefix
        out: list[str | Table] = [self.notice(), f"\n\n{p.title}\n\n"]
        if self.pool.preambles:
            out.append(full(self.localise(rng.choice(self.pool.preambles))) + "\n")
        annex_rows: list[list[str]] = [["序号", "主要内容", "牵头单位", "责任单位", "备注"]]
        annex = [f"\t{h}\n" for h in annex_rows[0]] + ["\n"]
        number = 0
        outline = self.outline(n_tasks, True)
        for ch_index, (chapter, sections) in enumerate(outline, start=1):
            ch_head = f"{cn_number(ch_index)}、{chapter}"
            out.append(ch_head + "\n")
            annex.append(f"\t{ch_head}\n\n")
            annex_rows.append([ch_head])
            for s_index, (section, count) in enumerate(sections, start=1):
                p.sections += 1
                section = full(section)
                tasks = self.draw_tasks(count, True)
                sec_leads = list(dict.fromkeys(a for t in tasks for a in self.units(t)[0]))[:2]
                lead_text = "、".join(P + a for a in sec_leads)
                out.append(f"（{cn_number(s_index)}）{section}（牵头单位：{lead_text}）\n")
                annex.append(f"\t（{cn_number(s_index)}）{section}\n\n")
                annex_rows.append([f"（{cn_number(s_index)}）{section}"])
                for task in tasks:
                    number += 1
                    _, supports = self.units(task)
                    resp = "、".join(P + a for a in dict.fromkeys(sec_leads + supports))
                    title = full(self.localise(task.title))
                    body = full(self.localise(task.body))
                    out.append(f"{number}．{title}{body}（责任单位：{resp}）\n")
                    annex.append(f"\t{number}.{title.rstrip('。')}\n\n")
                    annex_rows.append([f"{number}.{title.rstrip('。')}"])
                    for k, piece in enumerate(_pieces(rng, body)):
                        p.parts += 1
                        lead_cell = lead_text if k == 0 else ""
                        sup = "、".join(P + a for a in supports if a not in sec_leads) or "—"
                        annex.append(f"\t\n\t{piece}\n\t{lead_cell}\n\t{sup}\n\t\n\n")
                        annex_rows.append(["", piece, lead_cell, sup, ""])
        out.append(f"{cn_number(len(outline) + 1)}、加强优化营商环境实施保障\n")
        for k, (head_s, body) in enumerate(rng.sample(self.pool.guarantees, 3), start=1):
            out.append(f"（{cn_number(k)}）{full(self.localise(head_s + body))}\n")
        annex_title = f"{p.title}任务分解表"
        out.append(f"\n附件：{annex_title}\n {annex_title}\n\n")
        out.append(Table(annex_rows, "".join(annex)))
        p.blocks = out


def _short(name: str) -> str:
    """常州市 → 常州, 江北区 → 江北 (two-character names keep their suffix: 郊区)."""
    for suffix in ("新区", "市", "区"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def _split(rng: random.Random, total: int, parts: int) -> list[int]:
    """``total`` split into ``parts`` positive integers."""
    cuts = sorted(rng.sample(range(1, total), parts - 1)) if parts > 1 else []
    bounds = [0, *cuts, total]
    return [b - a for a, b in zip(bounds, bounds[1:])]


def _pieces(rng: random.Random, body: str) -> list[str]:
    """A task body split into 1–3 annex-table rows at sentence ends."""
    sentences = [s for s in re.findall(r"[^。]+。?", body) if s.strip()] or [body]
    n = min(len(sentences), rng.randint(1, 3))
    counts = _split(rng, len(sentences), n)
    pieces, at = [], 0
    for c in counts:
        pieces.append("".join(sentences[at:at + c]))
        at += c
    return pieces


def _pdf_spaces(rng: random.Random, line: str, breaks: bool = False) -> str:
    """Spaces (and sometimes a line break) where a PDF's text lines wrapped, as in the Gedian plan."""
    width = rng.randint(27, 32)
    pieces, at = [], 0
    did_break = not breaks
    for cut in range(width, len(line), width):
        pieces.append(line[at:cut])
        at = cut
        if not did_break and rng.random() < 0.15 and not _HEADING_START.match(line, cut):
            pieces.append("\n")  # never so that the next line would look like a heading or a number
            did_break = True
        elif rng.random() < 0.5 and not (line[cut - 1].isdigit() and line[cut].isdigit()):
            pieces.append(" ")
    pieces.append(line[at:])
    return "".join(pieces)


_LOCAL_RE = re.compile(r"常州市|衢州市|鄂州市|重庆市|江北区|葛店开发区|常州|衢州|鄂州|江北|葛店|20(?:20|21|22)(?=\s*年)")
_HEADING_START = re.compile(r"[\d(（一二三四五六七八九十]")


# --------------------------------------------------------------------------- writing


def file_format(index: int, layout: str) -> tuple[str, str | None]:
    """(".txt"|".docx", encoding): 2 in every 25 plans are .docx, 2 are GB18030 text."""
    slot = index % 25
    if slot in (10, 19) and layout in ("changzhou-table", "jiangbei-annex"):
        return ".docx", None
    if slot in (3, 16):
        return ".txt", "gb18030"
    return ".txt", "utf-8"


_DOCX_TEMPLATE: dict[str, bytes] = {}


def _template() -> dict[str, bytes]:
    """Members of python-docx's own blank document (fixed bytes), read once."""
    if not _DOCX_TEMPLATE:
        import docx

        path = Path(docx.__file__).parent / "templates" / "default.docx"
        with zipfile.ZipFile(path) as src:
            _DOCX_TEMPLATE.update({name: src.read(name) for name in src.namelist()})
    return _DOCX_TEMPLATE


def _w_paragraph(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{xml_escape(text)}</w:t></w:r></w:p>'


def _w_table(rows: list[list[str]]) -> str:
    width = max(len(r) for r in rows)
    cells = []
    grid = "".join('<w:gridCol w:w="%d"/>' % (9000 // width) for _ in range(width))
    border = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                     for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    cells.append(f'<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders>{border}</w:tblBorders>'
                 f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>")
    for row in rows:
        cells.append("<w:tr>")
        if len(row) == 1 and width > 1:  # a heading row spans the table
            cells.append(f'<w:tc><w:tcPr><w:gridSpan w:val="{width}"/></w:tcPr>{_w_paragraph(row[0])}</w:tc>')
        else:
            for value in row + [""] * (width - len(row)):
                cells.append(f"<w:tc>{_w_paragraph(value)}</w:tc>")
        cells.append("</w:tr>")
    cells.append("</w:tbl>")
    return "".join(cells)


def write_docx(plan: SynthPlan, path: Path) -> None:
    """The plan as a Word file: one paragraph per text line, each Table as a Word table.

    Built on python-docx's blank template with a fixed member date, so the bytes depend
    only on the plan (python-docx's own save stamps the current time)."""
    template = _template()
    body: list[str] = []
    for block in plan.blocks:
        if isinstance(block, Table):
            body.append(_w_table(block.rows))
        else:
            body.extend(_w_paragraph(line.strip("\t")) for line in block.split("\n") if line.strip())
    document = template["word/document.xml"].decode("utf-8")
    at = document.index("<w:sectPr")
    start = document.index("<w:body>") + len("<w:body>")
    document = document[:start] + "".join(body) + document[at:]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in template.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, document.encode("utf-8") if name == "word/document.xml" else data)


def iter_plans(plans: int, seed: int, pool: Pool | None = None) -> Iterator[SynthPlan]:
    """Synthetic plans one at a time (nothing accumulates)."""
    pool = pool or mine_pool()
    places, titles = load_places(), load_titles()
    for index in range(plans):
        yield Builder(pool, places, titles, seed, index).build()


def generate(out_dir: str | Path, plans: int, seed: int = 7, force: bool = False) -> dict:
    """Write ``plans`` synthetic plans and ``corpus.json`` into ``out_dir``; return a summary."""
    out = Path(out_dir)
    if out.exists() and any(out.iterdir()):
        if not force:
            raise SystemExit(f"synth: {out} is not empty (use --force to replace a synthetic corpus)")
        old = out / MANIFEST
        if not old.exists():
            raise SystemExit(f"synth: {out} is not empty and holds no {MANIFEST}: refusing to overwrite")
        for name in json.loads(old.read_text(encoding="utf-8"))["files"]:
            (out / name).unlink(missing_ok=True)
        for shard in out.iterdir():
            if shard.is_dir() and SHARD_RE.fullmatch(shard.name) and not any(shard.iterdir()):
                shard.rmdir()
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    totals = {"plans": 0, "tasks": 0, "chars": 0, "bytes": 0}
    with open(out / (MANIFEST + ".part"), "w", encoding="utf-8") as manifest:
        manifest.write('{"generator": %s, "seed": %d, "plans": %d, "files": {\n'
                       % (json.dumps(GENERATOR), seed, plans))
        for plan in iter_plans(plans, seed):
            suffix, encoding = file_format(plan.index, plan.layout)
            name = f"{plan.index // SHARD:03d}/{plan.index:05d}-{plan.layout}-{plan.year}{suffix}"
            path = out / name
            path.parent.mkdir(exist_ok=True)
            text = plan.text()
            if suffix == ".docx":
                write_docx(plan, path)
            else:
                path.write_bytes(text.encode(encoding))
            entry = {
                "layout": plan.layout, "format": suffix[1:], "encoding": encoding,
                "province": plan.province, "city": plan.city, "district": plan.district,
                "level": plan.level, "year": plan.year, "date": plan.date, "doc_no": plan.doc_no,
                "title": plan.title, "issuer": plan.issuer, "tasks": plan.tasks, "parts": plan.parts,
                "sections": plan.sections, "chars": len(text),
            }
            sep = ",\n" if totals["plans"] else ""
            manifest.write(f"{sep}{json.dumps(name)}: {json.dumps(entry, ensure_ascii=False)}")
            totals["plans"] += 1
            totals["tasks"] += plan.tasks
            totals["chars"] += len(text)
            totals["bytes"] += path.stat().st_size
        manifest.write("\n}}\n")
    (out / (MANIFEST + ".part")).replace(out / MANIFEST)
    totals["seconds"] = round(time.perf_counter() - started, 3)
    return totals


def load_manifest(out_dir: str | Path) -> dict:
    """``corpus.json`` of a synthetic corpus."""
    return json.loads((Path(out_dir) / MANIFEST).read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Write a synthetic corpus of plans recombined from examples/corpus.",
        epilog="example: python benchmarks/synth.py --plans 1000 --seed 7 -o /tmp/synth1k",
    )
    parser.add_argument("--plans", type=int, default=100, help="number of plans (default 100)")
    parser.add_argument("--seed", type=int, default=7, help="random seed; same seed, same bytes (default 7)")
    parser.add_argument("-o", "--out", required=True, help="output directory (created; must be empty)")
    parser.add_argument("--force", action="store_true", help="replace a synthetic corpus already in --out")
    args = parser.parse_args(argv)
    if args.plans < 1:
        parser.error("--plans must be at least 1")
    totals = generate(args.out, args.plans, args.seed, args.force)
    print(f"wrote {totals['plans']} plans, {totals['tasks']} tasks, {totals['chars']:,} chars "
          f"({totals['bytes'] / 1e6:.1f} MB) to {args.out} in {totals['seconds']:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

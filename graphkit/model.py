"""Typed records handed from stage to stage: document → extracted plan → graph.

These dataclasses *are* the ``graphkit extract`` contract: :meth:`ExtractedPlan.to_dict`
produces exactly the JSON object documented in the README ("The extract contract").
Fields may be added; existing fields never change meaning.

Every fact carries provenance: ``span`` is a ``(start, end)`` pair of character offsets
into :attr:`ExtractedPlan.text` (the decoded, *un-normalised* document text), so
``plan.text[start:end]`` is the evidence an analyst can read.

setup.py compiles this module with mypyc along with the parser (see ``graphkit.loaders.native``),
which builds these records by the thousand. Each record's ``__init__`` is written out, in the
order and with the defaults of its fields (``tests/test_model.py`` holds them to that): the
dataclasses module would generate an interpreted one, which compiled code calls through the
Python call protocol (~0.9 µs a ``Unit`` against ~0.15 µs native). A list or dict field
defaults to ``None`` there and starts empty, as ``field(default_factory=…)`` has it.
``mypyc_attr(serializable=True, …)`` lets the compiled records pickle (``graphkit load --jobs``
sends plans between processes); run as Python, the decorator does nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

from mypy_extensions import mypyc_attr

Span = tuple[int, int]


def plan_id_for(text: str, utf8: bytes | None = None) -> str:
    """Stable plan id: the same decoded text gives the same id on any machine. ``utf8``, when
    given, must be ``text.encode("utf-8")`` (a reader that has those bytes saves encoding them)."""
    digest = hashlib.sha1(utf8 if utf8 is not None else text.encode("utf-8")).hexdigest()
    return f"plan-{digest[:16]}"


@mypyc_attr(serializable=True, allow_interpreted_subclasses=True)
@dataclass(slots=True)
class Unit:
    """One mention of a responsible unit (牵头单位 / 责任单位) in the text.

    ``mention`` is the unit as written after splitting a list ("商务局"); ``prefix`` is the
    level inherited from the list head ("市" in "市发改委、商务局牵头"). The entity layer
    fills ``name`` (canonical name), ``jurisdiction`` (e.g. "常州市") and ``kind``.
    """

    mention: str
    span: Span
    prefix: str | None = None
    name: str | None = None
    jurisdiction: str | None = None
    kind: str | None = None
    agency_id: str | None = None

    def __init__(self, mention: str, span: Span, prefix: str | None = None, name: str | None = None,
                 jurisdiction: str | None = None, kind: str | None = None, agency_id: str | None = None) -> None:
        self.mention = mention
        self.span = span
        self.prefix = prefix
        self.name = name
        self.jurisdiction = jurisdiction
        self.kind = kind
        self.agency_id = agency_id


@mypyc_attr(serializable=True, allow_interpreted_subclasses=True)
@dataclass(slots=True)
class Reform:
    """A named reform detected in task text (证照分离, 一网通办 …)."""

    name: str
    mention: str
    span: Span
    category: str | None = None

    def __init__(self, name: str, mention: str, span: Span, category: str | None = None) -> None:
        self.name = name
        self.mention = mention
        self.span = span
        self.category = category


@mypyc_attr(serializable=True, allow_interpreted_subclasses=True)
@dataclass(slots=True)
class Deadline:
    """A completion deadline: ``date`` is ISO (end of the named period) or None."""

    text: str
    date: str | None = None
    ongoing: bool = False
    span: Span | None = None

    def __init__(self, text: str, date: str | None = None, ongoing: bool = False, span: Span | None = None) -> None:
        self.text = text
        self.date = date
        self.ongoing = ongoing
        self.span = span


@mypyc_attr(serializable=True, allow_interpreted_subclasses=True)
@dataclass(slots=True)
class Target:
    """A quantitative commitment ("压缩至0.5个工作日" → value 0.5, unit 工作日, comparator <=)."""

    text: str
    value: float | None
    unit: str | None
    comparator: str | None
    subject: str | None
    span: Span | None = None

    def __init__(self, text: str, value: float | None, unit: str | None, comparator: str | None,
                 subject: str | None, span: Span | None = None) -> None:
        self.text = text
        self.value = value
        self.unit = unit
        self.comparator = comparator
        self.subject = subject
        self.span = span


@mypyc_attr(serializable=True, allow_interpreted_subclasses=True)
@dataclass(slots=True)
class Part:
    """A row of an annexed task-division table attached to the task it restates."""

    text: str
    span: Span
    number: str | None = None
    leads: list[Unit] = field(default_factory=list)
    supports: list[Unit] = field(default_factory=list)
    generic: list[str] = field(default_factory=list)
    deadline_text: str | None = None
    deadline: Deadline | None = None

    def __init__(self, text: str, span: Span, number: str | None = None, leads: list[Unit] | None = None,
                 supports: list[Unit] | None = None, generic: list[str] | None = None,
                 deadline_text: str | None = None, deadline: Deadline | None = None) -> None:
        self.text = text
        self.span = span
        self.number = number
        self.leads = [] if leads is None else leads
        self.supports = [] if supports is None else supports
        self.generic = [] if generic is None else generic
        self.deadline_text = deadline_text
        self.deadline = deadline


@mypyc_attr(serializable=True, allow_interpreted_subclasses=True)
@dataclass(slots=True)
class Section:
    """A heading of the plan and what kind of section it opens."""

    heading: str
    span: Span
    level: int
    number: str | None = None
    # "tasks" | "preamble" | "guarantee" | "appendix" | "annex_table" | "other"
    kind: str = "tasks"
    path: list[str] = field(default_factory=list)  # enclosing headings, outermost first
    leads: list[Unit] = field(default_factory=list)  # section-level 牵头单位

    def __init__(self, heading: str, span: Span, level: int, number: str | None = None, kind: str = "tasks",
                 path: list[str] | None = None, leads: list[Unit] | None = None) -> None:
        self.heading = heading
        self.span = span
        self.level = level
        self.number = number
        self.kind = kind
        self.path = [] if path is None else path
        self.leads = [] if leads is None else leads


@mypyc_attr(serializable=True, allow_interpreted_subclasses=True)
@dataclass(slots=True)
class Task:
    id: str
    number: str | None
    number_implied: bool
    section: list[str]
    text: str
    span: Span
    leads: list[Unit] = field(default_factory=list)
    supports: list[Unit] = field(default_factory=list)
    generic: list[str] = field(default_factory=list)
    lead_explicit: bool = True
    deadline_text: str | None = None
    parts: list[Part] = field(default_factory=list)
    # entity layer
    reforms: list[Reform] = field(default_factory=list)
    deadline: Deadline | None = None
    targets: list[Target] = field(default_factory=list)

    def __init__(self, id: str, number: str | None, number_implied: bool, section: list[str], text: str,
                 span: Span, leads: list[Unit] | None = None, supports: list[Unit] | None = None,
                 generic: list[str] | None = None, lead_explicit: bool = True, deadline_text: str | None = None,
                 parts: list[Part] | None = None, reforms: list[Reform] | None = None,
                 deadline: Deadline | None = None, targets: list[Target] | None = None) -> None:
        self.id = id
        self.number = number
        self.number_implied = number_implied
        self.section = section
        self.text = text
        self.span = span
        self.leads = [] if leads is None else leads
        self.supports = [] if supports is None else supports
        self.generic = [] if generic is None else generic
        self.lead_explicit = lead_explicit
        self.deadline_text = deadline_text
        self.parts = [] if parts is None else parts
        self.reforms = [] if reforms is None else reforms
        self.deadline = deadline
        self.targets = [] if targets is None else targets


@mypyc_attr(serializable=True, allow_interpreted_subclasses=True)
@dataclass(slots=True)
class PlanMeta:
    id: str
    source: str
    title: str | None = None
    issuer: str | None = None
    city: str | None = None
    district: str | None = None
    province: str | None = None
    level: str | None = None  # "city" | "district" | "zone" | "province" | None
    year: int | None = None
    date: str | None = None  # ISO date of issue
    doc_no: str | None = None
    # provenance of the fields read from the text: field name → span (sidecar values have none)
    spans: dict[str, Span] = field(default_factory=dict)

    def __init__(self, id: str, source: str, title: str | None = None, issuer: str | None = None,
                 city: str | None = None, district: str | None = None, province: str | None = None,
                 level: str | None = None, year: int | None = None, date: str | None = None,
                 doc_no: str | None = None, spans: dict[str, Span] | None = None) -> None:
        self.id = id
        self.source = source
        self.title = title
        self.issuer = issuer
        self.city = city
        self.district = district
        self.province = province
        self.level = level
        self.year = year
        self.date = date
        self.doc_no = doc_no
        self.spans = {} if spans is None else spans

    @property
    def jurisdiction(self) -> str | None:
        """The issuing jurisdiction: the district/zone when there is one, else the city."""
        return self.district or self.city


@mypyc_attr(serializable=True, allow_interpreted_subclasses=True)
@dataclass(slots=True)
class ExtractWarning:
    line: int | None
    message: str
    code: str | None = None

    def __init__(self, line: int | None, message: str, code: str | None = None) -> None:
        self.line = line
        self.message = message
        self.code = code


@mypyc_attr(serializable=True, allow_interpreted_subclasses=True)
@dataclass(slots=True)
class ExtractedPlan:
    plan: PlanMeta
    sections: list[Section] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    warnings: list[ExtractWarning] = field(default_factory=list)
    text: str = field(default="", repr=False)

    def __init__(self, plan: PlanMeta, sections: list[Section] | None = None, tasks: list[Task] | None = None,
                 warnings: list[ExtractWarning] | None = None, text: str = "") -> None:
        self.plan = plan
        self.sections = [] if sections is None else sections
        self.tasks = [] if tasks is None else tasks
        self.warnings = [] if warnings is None else warnings
        self.text = text

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of the extract contract (without the document text)."""
        return {
            "plan": _plain(asdict(self.plan)),
            "sections": [_plain(asdict(s)) for s in self.sections],
            "tasks": [_plain(asdict(t)) for t in self.tasks],
            "warnings": [asdict(w) for w in self.warnings],
        }

    def warn(self, line: int | None, message: str, code: str | None = None) -> None:
        self.warnings.append(ExtractWarning(line, message, code))


def _plain(value: Any) -> Any:
    """Tuples → lists recursively so JSON round trips compare equal."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value

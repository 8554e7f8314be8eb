"""Sections, tasks and responsible units of a plan: :func:`parse_structure`.

The parser reads the *normalised* text (see :mod:`graphkit.loaders.normalise`) as rows of
cells — a line, a tab-joined table row ("1．task\\t市X局牵头\\t2021年底"), a block of
tab-led lines (one cell per line, as some converters render Word tables), or a row whose
columns a text export aligned with spaces — and runs a small state machine over them:

* headings: ``一、`` (level 1), ``(一)`` (level 2), and the arabic/circled levels above the
  task level; a heading repeated at a page break (same number at the same level) is skipped;
* tasks: items of the plan's task level (the first of ``第一条`` / ``1.1`` / ``1.`` / ``(1)`` /
  ``①`` that occurs, else ``(一)`` items that carry content, else ``一、`` items with units);
  ``(一)`` items are the tasks when their ``1.``/``(1)`` points carry no units of their own
  (units on the ``(一)`` line, or one units line closing each block). A number that order
  implies but the text lacks is filled in (``number_implied``). Prose plans without numbers
  yield one task per headline sentence (see :func:`_is_headline`);
* units: a unit line after the task, a table cell, a trailing ``(牵头单位:X;责任单位:Y;完成时限:Z)``
  annotation, a closing sentence "X牵头，Y配合。", or a section heading ``(牵头单位:X;配合单位:Y)``
  (or 牵头单位/配合单位 lines under it) that applies to every task under it; with a
  "列第一位的为牵头单位" note the first 责任单位 leads;
* an annexed task-division table restating the tasks (after ``附件`` or a "…任务分解表" title)
  becomes ``Task.parts``; a task that names no unit takes the units of its rows.

Every span is in original-text offsets. The parser never raises: anything unexpected
becomes a warning and the tasks found so far are kept.

Helpers: :mod:`~graphkit.loaders.layout` (markers, rows), :mod:`~graphkit.loaders.units`
(unit statements, annotations), :mod:`~graphkit.loaders.prose` (headline sentences).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from functools import lru_cache
from itertools import accumulate
from typing import Any, Final

from graphkit.loaders.memo import per_plan_dict
from graphkit.loaders.normalise import (
    Normalised,
    Piece,
    join_pieces,
    normalise,
    original_span,
    original_text,
    separator,
)
from graphkit.loaders.layout import (
    APPENDIX_RX,
    CN_NUM,
    LEVEL_ORDER,
    MARKER_OPENERS,
    MARKERS,
    START_RX,
    TASK_CANDIDATES,
    TITLE_RX,
    Row,
    cn_to_int,
    header_roles,
    read_rows,
    tidy_rows,
)
from graphkit.loaders.prose import is_headline, sentences
from graphkit.loaders.units import (
    DEADLINE_PAREN,
    TRAIL_PAREN,
    Assignment,
    annotation_open,
    annotation_spans,
    clear_statement_cache,
    generic_strings,
    is_deadline_cell,
    is_empty_cell,
    list_prefix,
    looks_like_deadline,
    may_name_roles_or_levels,
    mention_key,
    parse_statement,
    statement_if_units,
    to_units,
    units_statement_of,
    vocab,
)
from graphkit.model import ExtractedPlan, Part, Section, Task, Unit

SUB_ITEMS: Final = ("ar", "ar2", "circ")
LEVEL_PREFIX: Final = re.compile(vocab()["level_prefix_regex"])
ANNEX_TITLE_ENDS: Final = ("表", "清单", "台账")  # how the title of an annex table ends ("…任务分工表")
NON_WORD: Final = re.compile(r"\W")
# the non-word characters plans are full of: _without_non_word removes them with str.replace
_COMMON_NON_WORD: Final = tuple(c for c in ",.;:()、。“”‘’《》!?%/-+ \n\t\"'" if NON_WORD.match(c))
TITLE_PUNCT: Final = re.compile(r"[。;,，]")
FIRST_CLAUSE_END: Final = re.compile(r"[。;:]")
_HEADING_CUTS: Final = (("。", 0), ("!", 0), ("?", 0), (":", 4), (";", 4))  # where a heading's title ends, from where
DEADLINE_FIELD: Final = re.compile(r"^(?:完成时限|完成时间|时间节点|完成期限)\s*:")
MORE_AFTER_SENTENCE: Final = re.compile(r"。.{8,}")
SENTENCE_ENDS: Final = tuple("。;；!?)”\"")  # a line ending with one (before trailing spaces) ends a sentence

# --------------------------------------------------------------------------- drafts


class Draft:
    """A task (or annex part) being assembled.

    ``__init__`` written out rather than a dataclass's: see :class:`~graphkit.loaders.layout.Row`."""

    __slots__ = ("number", "implied", "line", "head", "content", "assignments", "deadline", "closed",
                 "section", "section_leads", "section_supports", "paragraphs")

    def __init__(self, number: str | None, implied: bool, line: int, head: Piece,
                 content: list[Piece] | None = None) -> None:
        self.number = number
        self.implied = implied
        self.line = line
        self.head = head  # the marker ("12．") — start of the span
        self.content: list[Piece] = [] if content is None else content
        self.assignments: list[tuple[Assignment, str | None]] = []  # (a, forced role)
        self.deadline: Piece | None = None
        self.closed = False
        # the context _set_context gives (replaced whole, never changed in place: an empty tuple until then)
        self.section: Sequence[str] = ()
        self.section_leads: Sequence[Unit] = ()
        self.section_supports: Sequence[Unit] = ()
        self.paragraphs: list[int] = []  # content indices that start a paragraph

    def __repr__(self) -> str:
        return f"Draft(number={self.number!r}, line={self.line}, content={self.content!r})"


class OpenSection:
    """A section heading still open on the parser's stack."""

    __slots__ = ("level", "number", "index")

    def __init__(self, level: int, number: int | None, index: int) -> None:
        self.level = level
        self.number = number
        self.index = index  # into plan.sections


class _Parser:
    def __init__(self, plan: ExtractedPlan, prepared: tuple[Normalised, list[Row]] | None = None,
                 level: str | None = "auto"):
        self.plan = plan
        if prepared is None:
            norm = normalise(plan.text or "")
            prepared = (norm, tidy_rows(read_rows(norm)))
        self.norm, self.rows = prepared
        self.stack: list[OpenSection] = []
        self.tasks: list[Task] = []
        self.draft: Draft | None = None
        self.pending: list[Draft] = []  # unnumbered drafts whose number order may imply
        self.last_number: int | None = None
        self.heading_since_task = True
        self.header: list[str] | None = None
        self.mode = "tasks"  # "tasks" | "appendix" | "annex"
        self.annex_task: Task | None = None
        self.annex_by_text = False
        self.part: Draft | None = None
        self.part_lead_prev: tuple[Assignment, str | None] | None = None
        self.section_content: dict[int, list[Piece]] = {}
        self.section_supports: dict[int, list[Unit]] = {}
        self.section_titles: dict[int, str] = {}  # normalised heading text by section index
        self._first_listed_leads: bool | None = None  # first_listed_leads(), once asked
        self.heading_remainder: set[int] = set()  # sections whose content starts mid-line
        self._keys: list[str] = []  # _task_keys(): one per task of self.tasks, in order
        self._norm_texts: list[str] = []  # each task's text as normalised, for _task_keys
        self._key_index: tuple[int, str, list[int]] = (0, "", [])  # _tasks_with_key(): keys joined, once per task count
        self._by_number: dict[int | None, list[Task]] = {}  # _tasks_numbered(): the tasks by number
        self._numbered = 0  # how many of self.tasks _by_number holds (the first ones)
        self.counts: dict[str, int] = {}
        self.sub_items = False  # tasks are "(一)" items whose "1." / "(1)" points are their content
        chosen = self._choose_task_level()
        self.task_level = chosen if level == "auto" else level
        self.sub_items = self.sub_items and self.task_level == "cn2"

    def first_listed_leads(self) -> bool:
        """"列第一位的为牵头单位": the first unit of a 责任单位 list leads, the rest support (the
        note is looked for in the whole text only when a list names no lead)."""
        if self._first_listed_leads is None:
            self._first_listed_leads = _notes_first_listed_lead(self.norm.text)
        return self._first_listed_leads

    def fallback_levels(self) -> list[str | None]:
        """Other task levels worth trying when the chosen one yields (almost) no tasks."""
        out: list[str | None] = [n for n in TASK_CANDIDATES + ["cn2"]
                                 if n != self.task_level and self.counts.get(n, 0) >= 1]
        if self.task_level is not None:
            out.append(None)
        return out

    # ------------------------------------------------------------------ helpers
    def warn(self, line: int | None, message: str, code: str) -> None:
        self.plan.warn(line, message, code)

    def otext(self, p: Piece) -> str:
        return original_text(self.norm, p)

    def ospan(self, p: Piece) -> tuple[int, int]:
        return original_span(self.norm, p)

    def _choose_task_level(self) -> str | None:
        counts = dict.fromkeys(LEVEL_ORDER, 0)
        rich_cn2 = annotated_cn1 = titles_ar = 0
        annotated_cn2 = annotated_sub = plain_cn2_headings = annotated_ar2 = unit_lines = 0
        last_marker = None
        events: list[str] = []  # markers and units lines in order, for blocks of points
        rows = self.rows
        # most rows are one cell opening with no item marker, no "(" of a units line, no number:
        # they count nothing, and are passed over here without a step of the loop below
        for k in [k for k, row in enumerate(rows)
                  if len(row.cells) != 1 or _opens_item(row.cells[0].text.lstrip(" ")[:1])]:
            row = rows[k]
            cells = row.cells
            if len(cells) == 1:
                text = cells[0].text
                if text[0] == "(" and _annotated(text):
                    unit_lines += 1  # "(牵头单位:X)" on a line of its own
                    events.append("U")
                    if last_marker == "cn1":
                        annotated_cn1 += 1  # "一、measure…" + its units line
                        last_marker = None
                if (row.tab_led and (k == 0 or rows[k - 1].block != row.block or not rows[k - 1].tab_led)
                        and k + 1 < len(rows) and rows[k + 1].tab_led
                        and rows[k + 1].block == row.block and _number_cell(cells[0]) is not None):
                    counts["ar"] += 1  # a "3" cell opening a block of one-cell-per-line table rows
            else:
                live = [c for c in cells if c.text]
                if len(live) == 1 and live[0].text.startswith("(") and _annotated(live[0].text):
                    unit_lines += 1
                    events.append("U")
                    if last_marker == "cn1":
                        annotated_cn1 += 1
                        last_marker = None
                if len(live) >= 2 and (number := _number_cell(live[0])) is not None:
                    counts["dec" if "." in number.text else "ar"] += 1
            for cell in cells:
                mk = _item_marker(cell.text)
                if mk is None:
                    continue
                name = last_marker = mk[0]
                counts[name] += 1
                events.append(name)
                if name == "ar":
                    rest = mk[1].group("rest")
                    if len(rest) <= 30 and "。" not in rest and "(" not in rest:
                        titles_ar += 1
                    annotated_sub += _annotated(rest)
                elif name == "cn2":
                    rest = mk[1].group("rest")
                    annotated = _annotated(rest)
                    if len(rest) > 60 or annotation_spans(rest) or MORE_AFTER_SENTENCE.search(rest) or annotated:
                        rich_cn2 += 1  # a measure: body text or units after its title
                    elif self._kind_for(_first_clause(rest), None) != "tasks":
                        plain_cn2_headings += 1  # "(一)加强组织领导": not a measure, not counted
                    annotated_cn2 += annotated
                elif name == "ar2" or name == "circ":
                    if _annotated(mk[1].group("rest")):
                        annotated_sub += 1
                        annotated_ar2 += name == "ar2"
                elif name == "cn1":
                    if annotation_spans(mk[1].group("rest")):
                        annotated_cn1 += 1
        self.counts = counts
        blocks_then_units = _blocks_then_units(events)
        if (counts["cn2"] >= 2 and counts["ar"] >= 2 and not annotated_sub and counts["art"] < 2 and (
                annotated_cn2 * 2 >= counts["cn2"] and counts["ar2"] >= 2
                or blocks_then_units >= 2 and blocks_then_units * 2 >= counts["cn2"] - plain_cn2_headings)):
            # 一、/(一)/1./(1): units only on the "(一)" items, whose points go two levels deeper
            self.sub_items = True
            return "cn2"
        if counts["ar"] >= 2 and counts["ar2"] >= counts["ar"] and titles_ar * 5 >= counts["ar"] * 4 \
                and (annotated_ar2 or unit_lines < 2):
            return "ar2"  # "1.title" groups of "(1)" measures
        for name in TASK_CANDIDATES:
            if counts[name] >= 2:
                return name
        if rich_cn2 >= 2 and rich_cn2 * 2 >= counts["cn2"] - plain_cn2_headings:
            return "cn2"
        if counts["cn1"] >= 2 and annotated_cn1 * 2 >= counts["cn1"]:
            return "cn1"  # "一、measure …(责任单位:X)" items with no deeper numbering
        return None

    def level_of(self, name: str) -> int:
        """Heading level: 第X章 = 1 when present, then 一、, (一), 1. … one deeper each."""
        if name == "chapter":
            return 1
        return LEVEL_ORDER.index(name) + (1 if self._has_chapters else 0)

    _has_chapters = False

    # ------------------------------------------------------------------ driver
    def run(self) -> None:
        self._has_chapters = self.counts["chapter"] > 0  # a "第X章" item marker opens some cell
        # a run of tab-led rows of one block (each one cell, as read_rows makes them) is one
        # table row; other rows go one by one
        rows = self.rows
        n = len(rows)
        k = 0
        while k < n:
            row = rows[k]
            k += 1
            cells = row.cells
            if row.tab_led:
                start = k - 1
                while k < n and rows[k].tab_led and rows[k].block == row.block:
                    k += 1
                tab_rows = rows[start:k]
                self.block([r.cells[0] for r in tab_rows], [r.line for r in tab_rows])
            elif len(cells) == 1:
                if cells[0].text:
                    self.line(cells[0], row.line)
            else:
                nonempty = [c for c in cells if c.text]
                if len(nonempty) >= 2:
                    self.block(cells, [row.line] * len(cells))
                elif nonempty:
                    self.line(nonempty[0], row.line)
        self.close_draft()
        self.resolve_pending(None, None)
        self.close_part()
        if self.task_level is None:
            self.prose_tasks()
        self.finish()

    def block(self, cells: list[Piece], lines: list[int]) -> None:
        """One table row (tab-joined line or block of tab-led lines)."""
        texts = [c.text.strip() for c in cells]
        # a header names its columns in words of at most 16 characters (header_roles
        # returns None for any longer cell): a row with a longer cell is not asked
        if max(map(len, texts)) <= 16 and (header := header_roles(texts)) is not None:
            self.header = header
            return
        live = [c for c, t in zip(cells, texts) if t]  # cells with text (spaces stripped below, if taken)
        if (2 <= len(live) <= 3 and CN_NUMBER_CELL.fullmatch(live[0].text.strip(" "))
                and not START_RX.match(live[1].text.strip(" "))
                and not any(units_statement_of(c.text.strip(" ")) is not None for c in live[1:])):
            # "一\t优化政务服务": a group row of the table is a heading
            live = [c.strip(" ") for c in live]
            sep = [] if live[0].text.startswith("(") else [separator("、")]
            self.line(join_pieces([live[0]] + sep + [live[1]]), lines[0])
            return
        roles = None
        if self.header and 2 <= len(cells) <= len(self.header):
            roles = self.header[: len(cells)]  # readers drop a row's trailing empty cells
            # an empty cell kept in place means the columns line up, so a 主要内容 cell may read like a unit
            kept = any(not c.text.strip() for c in cells[:-1])
            if len(cells) < len(self.header) and not _fits(cells, roles, text_may_name_unit=kept):
                roles = _squeezed_roles(cells, self.header)  # an empty middle cell left no gap
        if roles is None:
            lined = [(c, ln) for c, ln in zip(cells, lines) if c.text]
            if len(lined) >= 2 and (num := _number_cell(lined[0][0])) is not None \
                    and not START_RX.match(lined[1][0].text):
                first = join_pieces([num, separator("."), lined[1][0]])
                lined = [(first, lined[0][1])] + lined[2:]
            unit_cells = [k for k, (c, _) in enumerate(lined) if k > 0 and not START_RX.match(c.text)
                          and units_statement_of(c.text) is not None]
            forced: dict[int, str] = {}
            if len(unit_cells) == 2:
                stmts = [units_statement_of(lined[k][0].text) for k in unit_cells]  # roles only: not placed
                if not any(a.lead_explicit or a.supports for a in stmts if a is not None):
                    forced = {unit_cells[0]: "lead", unit_cells[1]: "resp"}
            for k, (c, ln) in enumerate(lined):
                self.table_cell(c, ln, forced.get(k))
            return
        number: Piece | None = None
        texts_seen = 0
        if "number" in roles and self.mode != "annex" and self.draft is not None:
            num_cell = cells[roles.index("number")].text.strip()
            first_text = next((c.text for c, r in zip(cells, roles) if r == "text" and c.text), "")
            if not num_cell and first_text and not START_RX.match(first_text):
                self.draft.closed = False  # a merged number cell: the row continues the task
                self.draft.content.append(separator(" "))
        for c, ln, role in zip(cells, lines, roles):
            if role == "number":
                number = _number_cell(c) or number
                continue
            if role == "text":
                if c.text:
                    if number is not None and not START_RX.match(c.text):
                        c = join_pieces([number, separator("."), c])
                        number = None
                    target = self.part if self.mode == "annex" else self.draft
                    if texts_seen and target is not None and not target.closed and target.content:
                        target.content.append(separator(" "))
                    self.line(c, ln, cell=True, text_column=True)
                    texts_seen += 1
                continue
            if role in ("remark", "group"):
                continue  # "group": an 一级任务 / 领域 column repeated down its merged rows
            self.table_cell(c, ln, role)

    def table_cell(self, cell: Piece, line: int, role: str | None) -> None:
        """A cell of a table row: units/deadline attach to the open record, text goes to line()."""
        target = self.part if self.mode == "annex" else self.draft
        text = cell.text.strip()
        if role in ("lead", "support", "resp"):
            if target is None:
                return
            if is_empty_cell(text):
                if role == "lead" and self.mode == "annex" and not text and self.part_lead_prev:
                    target.assignments.append(self.part_lead_prev)
                return
            a = parse_statement(cell)
            target.assignments.append((a, role))
            if role == "lead" and self.mode == "annex":
                self.part_lead_prev = (a, role)
            target.closed = True
            return
        if role == "deadline":
            if target is not None and text and not is_empty_cell(text) and target.deadline is None:
                target.deadline = cell.strip()
            return
        if role is None and target is not None and target.content:
            if is_empty_cell(text):
                return
            if is_deadline_cell(text) and not START_RX.match(text):
                target.deadline = cell.strip()
                return
        self.line(cell, line, cell=True)

    # ------------------------------------------------------------------ lines
    def line(self, piece: Piece, line: int, cell: bool = False, text_column: bool = False) -> None:
        """One line of text (``cell``: one cell of a table row; ``text_column``: of its 主要内容 column)."""
        t = piece.text
        if t.strip(" \t\n") is not t:  # (most lines and cells come stripped already)
            piece = piece.strip(" \t\n")
            t = piece.text
        if not t:
            return
        app = APPENDIX_RX.match(t) if t[0] == "附" else None  # "附件…" (most lines open otherwise)
        if app and (self.tasks or self.draft or self.pending) and len(t) <= 80 and not self._runs_on(cell):
            self.appendix(piece, app, line)
            return
        if (not cell and self.mode == "tasks" and (self.tasks or self.draft) and len(t) <= 60
                and t.endswith(ANNEX_TITLE_ENDS) and not START_RX.match(t) and not self._runs_on(cell)
                and _any_word("section_kinds", "annex_table").search(t)):
            whole = _WHOLE.match(t)
            assert whole is not None  # matches any text
            self.appendix(piece, whole, line)  # "…任务分工表" without "附件"
            return
        mk = _item_marker(t)
        if mk and mk[0] != self.task_level and (mk[0] in ("art", "dec") or self.task_level == "art" and mk[0] in SUB_ITEMS):
            mk = None  # a stray "第X条" is text; "1." points inside articles are part of the article
        if mk and self.sub_items and mk[0] in SUB_ITEMS and mk[0] != self.task_level:
            mk = None  # "1." / "(1)" sub-points of a "(一)" task
        if mk:
            name, m = mk
            if name == self.task_level and name in ("cn1", "cn2") and self._kind_for(
                    _first_clause(m.group("rest")), None) in ("preamble", "guarantee", "other"):
                self.heading(piece, name, m, line)  # "(三)加强组织领导" among "(一)measure" items
                return
            if name == self.task_level:
                if self.item(piece, m, line):
                    return
            elif self.task_level is None or LEVEL_ORDER.index(name) < LEVEL_ORDER.index(self.task_level):
                self.heading(piece, name, m, line)
                return
        if self.mode == "appendix":
            return
        if self.mode == "annex":
            self.annex_line(piece, line, text_column)
            return
        if self._runs_on(cell):
            self.text_line(piece, line)  # the item's sentence or annotation runs on over the line break
            return
        target = self.draft or (self.pending[-1] if self.pending else None)
        if target is not None and target.content and (
                is_deadline_cell(t) or DEADLINE_FIELD.match(t)):
            if is_deadline_cell(t) or target.closed:
                target.deadline = piece.strip(" 。;")
                if ":" in target.deadline.text:
                    target.deadline = target.deadline[target.deadline.text.index(":") + 1:].strip(" ")
                return
        a = statement_if_units(piece)
        if (a is not None and self.draft is None and not self.pending and self.stack
                and self.heading_since_task and self.mode == "tasks"):
            sec = self.plan.sections[self.stack[-1].index]
            pieces = a.leads + a.responsible
            if pieces and not sec.leads and (a.lead_explicit or ":" in t):
                sec.leads = to_units(self.norm, pieces, list_prefix(pieces))
                self.section_supports[self.stack[-1].index] = to_units(
                    self.norm, a.supports, list_prefix(pieces + a.supports))
                return
            more = a.responsible + a.supports
            if sec.leads and not a.leads and more and ":" in t:
                # "配合单位:Y" / "责任单位:Y" on the line after the heading's "牵头单位:X"
                self.section_supports.setdefault(self.stack[-1].index, []).extend(
                    to_units(self.norm, more, list_prefix(more)))
                return
        if a is not None and self.draft is not None:
            self.draft.assignments.append((a, None))
            self.draft.closed = True
            return
        if a is not None and self.draft is None and self.pending:
            self.pending[-1].assignments.append((a, None))
            self.pending[-1].closed = True
            return
        self.text_line(piece, line)

    def _runs_on(self, cell: bool) -> bool:
        """The open item's last line breaks off mid-sentence or inside a bracket."""
        d = self.draft
        if d is None or d.closed or not d.content:
            return False
        if annotation_open(d.content):
            return True
        return not cell and not d.content[-1].text.rstrip().endswith(SENTENCE_ENDS)

    def text_line(self, piece: Piece, line: int) -> None:
        d = self.draft
        if d is not None and not d.closed:
            if d.content:  # a blank line before this one starts a new paragraph
                prev_end = d.content[-1].norm_span()[1] - 1  # -1: no real character
                start = piece.first_offset()
                if 0 <= prev_end < start and self.norm.text.count("\n", prev_end, start) >= 2:
                    d.paragraphs.append(len(d.content))
            d.content.append(piece)
            if annotation_spans(piece.text) and piece.text.rstrip("。 ").endswith(")"):
                d.closed = True
            return
        if self.task_level is None or not self.stack_in_tasks():
            if self.stack:
                self.section_content.setdefault(self.stack[-1].index, []).append(piece)
            return
        deeper = _item_marker(piece.text)
        if (d is not None and d.closed and not self.heading_since_task and deeper and self.task_level
                and LEVEL_ORDER.index(deeper[0]) > LEVEL_ORDER.index(self.task_level)):
            d.content.append(piece)  # "(1)…" points after "1.title(牵头单位:X)": still that task
            return
        if d is not None and d.closed and not self.heading_since_task:
            # text after a task's units: a task whose number the text lacks
            self.close_draft()
            nd = Draft(None, True, line, piece.cut(0, 0), [piece])
            self._set_context(nd)
            self.pending.append(nd)
            self.draft = nd
            return
        if self.stack:
            self.section_content.setdefault(self.stack[-1].index, []).append(piece)

    def stack_in_tasks(self) -> bool:
        return self.current_kind() == "tasks"

    def current_kind(self) -> str:
        if not self.stack:
            return "tasks"
        return self.plan.sections[self.stack[-1].index].kind

    def item(self, piece: Piece, m: re.Match, line: int) -> bool:
        """A numbered item at task level; False when it is not a plausible next task."""
        num = cn_to_int(m.group(1))
        if num is None:
            return False
        if self.mode == "annex":
            self.annex_select(piece, m, num, line)
            return True
        if self.mode == "appendix":
            return True
        if _closing_item(m.group("rest")):
            self.close_draft()  # "第八条 本措施自印发之日起施行…": the closing clause, not a task
            self.resolve_pending(None, None)
            self.heading_since_task = True
            return True
        if self.task_level in ("cn1", "cn2"):
            # items at a heading level close the sections at their level ("一、总体要求" before "二、measure")
            level = self.level_of(self.task_level)
            while self.stack and self.stack[-1].level >= level:
                self.stack.pop()
        kind = self.current_kind()
        last = self.last_number
        implied = len(self.pending)
        d = self.draft
        if (d is not None and last is not None and num == last and not implied
                and d.number == m.group(1) and not self.heading_since_task):
            # a vertically merged number cell repeated on the next table row: same task
            d.closed = False
            rest = piece.cut(m.start("rest"), len(piece.text))
            if rest.text:
                d.content += [separator(" "), rest]
            return True
        if kind == "preamble":
            return False
        if kind in ("guarantee", "other") and not (last is not None and num == last + 1 + implied):
            return False
        ok = (
            last is None
            or last is not None and num == last + 1 + implied
            or num == 1 and self.heading_since_task
            or last is not None and last + 1 + implied < num <= last + 4 + implied
            or last is not None and num <= last and self.heading_since_task and num == 1
        )
        if not ok:
            return False
        missing_count = num - (last + 1 + implied) if last is not None else 0
        if 0 < missing_count <= 2 and self.draft is not None and not self.pending \
                and len(self.draft.paragraphs) >= missing_count:
            self._split_paragraphs(self.draft, missing_count)
            implied = len(self.pending)
        self.close_draft()
        self.resolve_pending(num, line)
        if last is not None and num > last + 1 + implied and not (num == 1):
            missing = ", ".join(str(k) for k in range(last + 1 + implied, num))
            self.warn(line, f"task number(s) {missing} missing before task {num}", "task-number-gap")
        r = m.start("rest")
        head = piece.cut(0, r)
        rest = piece.cut(r, len(piece.text))
        d = Draft(m.group(1), False, line, head, [rest] if rest.text else [])
        anns = annotation_spans(rest.text)
        unit_piece = None  # the units of "1.title(牵头单位:X)" / "1.title(X牵头,Y配合)"
        if anns and not rest.text[anns[-1][1]:].strip(" 。"):
            unit_piece, cut = rest.cut(anns[0][0], anns[-1][1]), anns[0][0]
        elif not anns:
            tm = _trail_paren(rest.text)
            if tm and units_statement_of(rest.text[tm.start(1):tm.end(1)]) is not None:
                unit_piece, cut = rest.cut(tm.start(1), tm.end(1)), tm.start()
        titled = False
        if unit_piece is not None:
            title = rest.text[:cut].strip()
            if self.sub_items or 0 < len(title) <= 30 and not TITLE_PUNCT.search(title):
                # a title heading a block of points: the units, then the points
                d.assignments.append((parse_statement(unit_piece), None))
                d.content = [rest.cut(0, cut).strip(" ")]
                titled = True
        self._set_context(d)
        if self.plan.sections and self.stack:
            sec = self.plan.sections[self.stack[-1].index]
            if sec.kind != "tasks":
                sec.kind = "tasks"
        if anns and rest.text.rstrip("。 ").endswith(")") and not self.sub_items \
                and not titled:
            d.closed = True
        self.draft = d
        self.last_number = num
        self.heading_since_task = False
        return True

    def _split_paragraphs(self, d: Draft, count: int) -> None:
        """A number gap and paragraphs inside the open task: the last paragraphs are the missing tasks."""
        cuts = d.paragraphs[-count:]
        bounds = cuts + [len(d.content)]
        for a, b in zip(bounds, bounds[1:]):
            first = d.content[a]
            line = self.norm.line_of(self.norm.orig(first.pos[0])) if first.pos else d.line
            nd = Draft(None, True, line, first.cut(0, 0), d.content[a:b])
            nd.section, nd.section_leads = d.section, d.section_leads
            self.pending.append(nd)
        d.content = d.content[: cuts[0]]
        d.paragraphs = [k for k in d.paragraphs if k < cuts[0]]
        self.emit(d)
        self.draft = None

    def _set_context(self, d: Draft) -> None:
        d.section = [self.plan.sections[s.index].heading for s in self.stack]
        for s in reversed(self.stack):
            leads = self.plan.sections[s.index].leads
            if leads:
                d.section_leads = leads
                d.section_supports = self.section_supports.get(s.index, [])
                break

    def resolve_pending(self, num: int | None, line: int | None) -> None:
        """Number the unnumbered drafts when the next number implies them; else merge them back."""
        if not self.pending:
            return
        pend, self.pending = self.pending, []
        last = self.last_number or 0
        if num is not None and num == last + 1 + len(pend):
            for k, d in enumerate(pend, start=1):
                d.number = str(last + k)
                self.warn(d.line, f"task {d.number} has no number in the text; numbered by order",
                          "task-number-implied")
                self.emit(d)
            self.last_number = last + len(pend)
            return
        for d in pend:
            self.warn(d.line, "unnumbered paragraph after a task's units; kept as part of the previous task",
                      "task-unnumbered-text")
            if self.tasks:
                prev = self.tasks[-1]
                extra = " " + self.otext(join_pieces(d.content))
                prev.text = (prev.text + extra).strip()
                self._norm_texts[-1] += " " + join_pieces(d.content).text
                prev.span = (prev.span[0], max(prev.span[1], self.ospan(join_pieces(d.content))[1]))
                assign = Assignment()
                for a, role in d.assignments:
                    self._apply_role(assign, a, role)
                leads, supports, generic, _ = self._resolve(assign, d.section_leads)
                keys = {mention_key(u) for u in prev.leads + prev.supports}
                for u in leads + supports:
                    if mention_key(u) not in keys:
                        keys.add(mention_key(u))
                        (prev.supports if prev.leads else prev.leads).append(u)
                prev.generic += [g for g in generic if g not in prev.generic]

    # ------------------------------------------------------------------ headings
    def heading(self, piece: Piece, name: str, m: re.Match, line: int) -> None:
        num = cn_to_int(m.group(1))
        level = self.level_of(name)
        rest = piece.cut(m.start("rest"), len(piece.text))
        # skip a heading repeated at a page break
        for s in self.stack:
            if s.level == level and s.number == num and num is not None:
                if self.mode != "annex":
                    return
        self.close_draft()
        self.close_part()
        self.heading_since_task = True
        title, content, leads_piece = self._split_heading(rest)
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        path = [self.plan.sections[s.index].heading for s in self.stack]
        parent_kind = self.plan.sections[self.stack[-1].index].kind if self.stack else None
        kind = self._kind_for(title.text, parent_kind)
        if kind == "guarantee" and parent_kind == "tasks" and (
                leads_piece is not None or self._names_task_chapter(self.stack[-1].index)
                or self._task_group_follows(level, num, line)):
            # "(一)完善组织保障机制" with its own "(牵头单位:X)", under "二、工作任务", or followed by "(二)持续
            # 提升…" in a themed plan: a measure group. A guarantee closes the plan or its chapter:
            # "(三)强化组织保障" last, or before a new chapter's "(一)…", and "(一)加强组织领导" followed by
            # "(二)强化督查考核" stay guarantees.
            kind = "tasks"
        leads: list[Unit] = []
        supports: list[Unit] = []
        if leads_piece is not None:
            a = parse_statement(leads_piece)
            pieces = a.leads + a.responsible
            leads = to_units(self.norm, pieces, list_prefix(pieces))
            if leads:
                supports = to_units(self.norm, a.supports, list_prefix(pieces + a.supports))
        span = self.ospan(piece)
        sec = Section(heading=self.otext(title), span=span, level=len(self.stack) + 1, number=m.group(1),
                      kind=kind, path=path, leads=leads)
        self.plan.sections.append(sec)
        self.stack.append(OpenSection(level, num, len(self.plan.sections) - 1))
        self.section_titles[len(self.plan.sections) - 1] = title.text
        if supports:
            self.section_supports[len(self.plan.sections) - 1] = supports
        if content is not None and content.text:
            self.section_content.setdefault(len(self.plan.sections) - 1, []).append(content)
            self.heading_remainder.add(len(self.plan.sections) - 1)

    def _split_heading(self, rest: Piece) -> tuple[Piece, Piece | None, Piece | None]:
        """heading text, trailing content after the first sentence, and a unit annotation."""
        text = rest.text
        leads_piece = None
        anns = annotation_spans(rest.text)
        if anns:
            s, e = anns[0]
            if s <= 60:
                leads_piece = rest.cut(s, e)
                tail = rest.cut(e, len(rest.text)).strip(" 。")
                rest = rest.cut(0, s) + tail if tail.text else rest.cut(0, s)
                text = rest.text
        else:
            tm = _trail_paren(text)
            if tm and units_statement_of(rest.text[tm.start(1):tm.end(1)]) is not None and tm.start() <= 60:
                leads_piece = rest.cut(tm.start(1), tm.end(1))
                rest = rest.cut(0, tm.start())
                text = rest.text
        # the first sentence end, or ":" / ";" after a short lead-in (str.find: a fast scan of CJK text)
        cut = -1
        for c, start in _HEADING_CUTS:
            k = text.find(c, start)
            if k >= 0 and (cut < 0 or k < cut):
                cut = k
        if cut >= 0 and cut < len(text) - 1:
            return rest.cut(0, cut).strip(" "), rest.cut(cut + 1, len(rest.text)).strip(" "), leads_piece
        return rest.strip(" 。;:\n").strip(" "), None, leads_piece

    def _names_task_chapter(self, index: int) -> bool:
        """Whether section ``index`` is titled as the task chapter ("工作任务", "重点任务"…)."""
        t = "".join(self.section_titles.get(index, "").split())
        return bool(_any_word("section_kinds", "tasks").search(t))

    def _task_group_follows(self, level: int, num: int | None, line: int) -> bool:
        """Whether the next heading at ``level`` after ``line`` is numbered ``num + 1`` (in this chapter, or
        the next when the numbering runs on across chapters) and titled as a task group."""
        if num is None:
            return False
        for row in self.rows:  # a rare question (a guarantee-titled group in a task chapter): no index kept
            if row.line <= line:
                continue
            cell = next((c for c in row.cells if c.text), None)
            if cell is None:
                continue
            t = cell.text.strip()
            if APPENDIX_RX.match(t):
                return False
            mk = _item_marker(t)
            if mk is None or self.task_level is not None and \
                    LEVEL_ORDER.index(mk[0]) >= LEVEL_ORDER.index(self.task_level):
                continue  # text or an item, not a heading
            if self.level_of(mk[0]) != level:
                continue
            if cn_to_int(mk[1].group(1)) != num + 1:
                return False  # numbering restarts in a new chapter: this heading closed its own
            return self._kind_for(_first_clause(mk[1].group("rest")), None) == "tasks"
        return False

    def _kind_for(self, title: str, parent_kind: str | None) -> str:
        if parent_kind in ("appendix", "annex_table"):
            return parent_kind
        return _title_kind(title) or parent_kind or "tasks"

    def appendix(self, piece: Piece, m: re.Match, line: int) -> None:
        self.close_draft()
        self.resolve_pending(None, None)
        self.close_part()
        title = m.group("rest").strip()
        if self.stack and self.plan.sections[self.stack[0].index].kind in ("appendix", "annex_table") \
                and not title:
            return  # a bare "附件" line repeating the appendix heading
        kind = "annex_table" if _any_word("section_kinds", "annex_table").search(title) else "appendix"
        self.stack = []
        sec = Section(heading=self.otext(piece), span=self.ospan(piece), level=1, number=None,
                      kind=kind, path=[])
        self.plan.sections.append(sec)
        self.stack.append(OpenSection(0, None, len(self.plan.sections) - 1))
        self.mode = "annex" if kind == "annex_table" and self.tasks else "appendix"
        self.heading_since_task = True

    # ------------------------------------------------------------------ annex table → parts
    def annex_select(self, piece: Piece, m: re.Match, num: int, line: int) -> None:
        self.close_part()
        self.part_lead_prev = None
        self.annex_by_text = False
        cands = self._tasks_numbered(num)
        key = _word_prefix(piece.text[m.start("rest"):], 8)  # the title, normalised
        if len(key) >= 4:
            by_text = self._tasks_with_key(key)
            if len(by_text) == 1 and by_text[0] not in cands[:1]:
                cands = by_text
        if len(cands) > 1:
            path = [self.plan.sections[s.index].heading for s in self.stack[1:]]
            same = [t for t in cands if t.section and path and t.section[-1] == path[-1]]
            cands = same or cands
        if not cands:
            self.annex_task = None
            title = self.otext(piece.cut(m.start("rest"), len(piece.text)))
            self.warn(line, f"annex row {num} ({title[:20]}) restates no task of the plan", "annex-unmatched")
            return
        self.annex_task = cands[0]
        tail = piece.cut(m.start("rest"), len(piece.text))
        if tail.text:
            self.part = Draft(str(num), False, line, piece.cut(0, 0), [tail])
            self.part.implied = len(tail.text) <= 40  # a title row: kept only if it carries units

    def _task_keys(self) -> list[str]:
        """Each task's text without punctuation, normalised (cached): for matching annex rows."""
        keys = self._keys
        if len(keys) < len(self._norm_texts):
            keys += _without_non_word(self._norm_texts[len(keys):])
        return keys

    def _tasks_with_key(self, key: str) -> list[Task]:
        """The tasks whose _task_keys entry contains ``key`` (word characters only), in order: found
        in the keys joined by "\n" (no word character, so no hit spans two keys), one find per hit
        instead of a substring test per task for each annex row."""
        keys = self._task_keys()
        if self._key_index[0] != len(keys):
            starts = [0, *accumulate(len(k) + 1 for k in keys[:-1])] if keys else []
            self._key_index = (len(keys), "\n".join(keys), starts)
        _, joined, starts = self._key_index
        out = []
        i = joined.find(key)
        while i >= 0:
            k = bisect_right(starts, i) - 1
            out.append(self.tasks[k])
            if k + 1 == len(starts):
                break
            i = joined.find(key, starts[k + 1])
        return out

    def _tasks_numbered(self, num: int) -> list[Task]:
        """The tasks whose number, as an int, is ``num``, in order (tasks are indexed by number as
        they are added; one with no number is filed under None)."""
        by_number = self._by_number
        for t in self.tasks[self._numbered:]:
            by_number.setdefault(cn_to_int(t.number) if t.number is not None else None, []).append(t)
        self._numbered = len(self.tasks)
        return list(by_number.get(num, ()))

    def annex_line(self, piece: Piece, line: int, text_column: bool = False) -> None:
        """A text or unit cell of the annex table: a new part, or units of the current part."""
        # a 主要内容 cell is a part even when it reads like a unit name ("开发…在线服务平台。")
        a = None if text_column else statement_if_units(piece)
        if a is not None and self.part is not None:
            role = None
            if self.header and "lead" in self.header:
                role = "resp" if self.part.assignments else "lead"
            self.part.assignments.append((a, role))
            return
        if is_empty_cell(piece.text) or a is not None:
            return
        if self.annex_task is None or self.annex_by_text:
            # rows without a task number: find the task whose text the row restates
            key = _word_prefix(piece.text, 12)
            hits = self._tasks_with_key(key) if len(key) >= 8 else []
            if len(hits) == 1:
                self.close_part()
                self.annex_task, self.annex_by_text = hits[0], True
        if self.annex_task is None:
            return
        self.close_part()
        self.part = Draft(self.annex_task.number, False, line, piece.cut(0, 0), [piece])

    def close_part(self) -> None:
        p, self.part = self.part, None
        if p is None or self.annex_task is None or not p.content:
            return
        if p.implied and not p.assignments and p.deadline is None:
            return  # a bare "N.title" row
        content = join_pieces(p.content)
        text_piece, ann, deadline = self._strip_annotations(content)
        assign = self._combined(p.assignments, ann)
        leads, supports, generic, _explicit = self._resolve(assign, [])
        dl = p.deadline or assign.deadline or deadline
        self.annex_task.parts.append(Part(
            text=original_text(self.norm, text_piece), span=original_span(self.norm, content), number=p.number,
            leads=leads, supports=supports, generic=generic,
            deadline_text=original_text(self.norm, dl) if dl is not None else None))

    # ------------------------------------------------------------------ task assembly
    def close_draft(self) -> None:
        d, self.draft = self.draft, None
        if d is None:
            return
        if d.number is None and d.implied:
            return  # waits in self.pending for the next number
        self.emit(d)

    def emit(self, d: Draft) -> None:
        content = join_pieces(d.content)
        if not content.text.strip():
            self.warn(d.line, f"task {d.number or '?'} has no text", "task-empty")
        text_piece, anns, deadline = self._strip_annotations(content)
        assign = self._combined(d.assignments, anns)
        leads, supports, generic, explicit = self._resolve(assign, d.section_leads, d.section_supports)
        dl = d.deadline or assign.deadline or deadline
        head = d.head
        if head.text and content.text and head.runs is None and content.runs is None:
            # two runs of real offsets: their joint span without joining them (offsets map in order,
            # so the first and last offsets of the two runs map to the span's ends)
            first, last = min(head.start, content.start), max(head.stop, content.stop) - 1
            idx = self.norm.index
            if 0 <= first and last < len(idx):
                span = (idx[first], idx[last] + 1)
            else:
                (a, b), (c, e) = original_span(self.norm, d.head), original_span(self.norm, content)
                span = (min(a, c), max(b, e))
        else:
            span = original_span(self.norm, join_pieces([d.head, content]) if d.head.text else content)
        index = len(self.tasks) + 1
        task = Task(
            id=f"{self.plan.plan.id}/t{index}",
            number=d.number,
            number_implied=d.implied,
            section=list(d.section),
            text=original_text(self.norm, text_piece),
            span=span,
            leads=leads,
            supports=supports,
            generic=generic,
            lead_explicit=explicit,
            deadline_text=original_text(self.norm, dl) if dl is not None else None,
        )
        self.tasks.append(task)
        self._norm_texts.append(text_piece.text)

    def _combined(self, assignments: list[tuple[Assignment, str | None]], anns: list[Assignment]) -> Assignment:
        """A record's statements (with their column roles) and trailing annotations, merged in order
        by _apply_role. The callers only read the result: a lone statement with no role to apply is
        returned as it is, not copied into a new Assignment."""
        if not anns:
            if len(assignments) == 1 and assignments[0][1] is None:
                return assignments[0][0]
        elif not assignments and len(anns) == 1:
            return anns[0]
        into = Assignment()
        for a, role in assignments:
            self._apply_role(into, a, role)
        for a in anns:
            into.merge(a)  # _apply_role(into, a, None)
        return into

    def _apply_role(self, into: Assignment, a: Assignment, role: str | None) -> None:
        if role == "lead":
            into.leads += a.leads + a.responsible
            into.supports += a.supports
            into.lead_explicit = True
            into.generic += a.generic
        elif role == "support":
            into.supports += a.leads + a.responsible + a.supports
            into.generic += a.generic
        elif role == "resp":
            into.responsible += a.responsible
            into.leads += a.leads
            into.supports += a.supports
            into.generic += a.generic
            into.lead_explicit = into.lead_explicit or a.lead_explicit
        else:
            into.merge(a)
        into.deadline = into.deadline or a.deadline

    def _strip_annotations(self, content: Piece) -> tuple[Piece, list[Assignment], Piece | None]:
        """Task text without its trailing annotation; the parsed annotations; an inline deadline."""
        anns = list(annotation_spans(content.text))
        parsed = [parse_statement(content.cut(s, e)) for s, e in anns]
        text = content
        deadline = None
        if anns:
            s, e = anns[-1]
            if not content.text[e:].strip(" 。;；.\n"):
                text = content.cut(0, s)
                # an earlier annotation directly before the last (split fields)
                while len(anns) > 1 and not content.text[anns[-2][1]:s].strip(" 。;；\n"):
                    anns.pop()
                    s = anns[-1][0]
                    text = content.cut(0, s)
        else:
            for _ in range(3):
                tm = _trail_paren(text.text)
                if not tm:
                    break
                inner = text.cut(tm.start(1), tm.end(1))
                a = statement_if_units(inner)
                if a is not None:
                    parsed.append(a)
                elif deadline is None and looks_like_deadline(inner.text) and DEADLINE_PAREN.search(inner.text):
                    deadline = inner
                else:
                    break
                text = text.cut(0, tm.start())
            if not parsed:
                # "…全程网办。市市场监管局牵头，市税务局配合。": a closing sentence of units
                body = text.text.rstrip(" 。;；\n")
                k = max(body.rfind("。"), body.rfind(";"))
                may = k > 0 and may_name_roles_or_levels(body[k + 1:])  # the last sentence could be units
                a = units_statement_of(body[k + 1:]) if may else None  # placed only when taken
                if a is not None and (a.lead_explicit or a.supports or all(
                        LEVEL_PREFIX.match(m.text) for m in a.leads + a.responsible + a.generic)):
                    placed = statement_if_units(text.cut(k + 1, len(body)))
                    assert placed is not None  # the same text units_statement_of took
                    parsed.append(placed)
                    text = text[: k + 1]
        return text.strip(" \n\t;；,，"), parsed, deadline

    def _resolve(self, a: Assignment, section_leads: Sequence[Unit],
                 section_supports: Sequence[Unit] = ()) -> tuple[list[Unit], list[Unit], list[str], bool]:
        mentions = a.leads + a.responsible + a.supports
        if mentions:
            order = sorted(mentions, key=_norm_start) if len(mentions) > 1 else mentions
            head = list_prefix(order)
            # one call for the three lists: to_units hands every mention the same prefix, the head
            # (list_prefix found none when no mention has one, so none is taken on the way)
            units = to_units(self.norm, mentions, head)
            if head:
                self._fix_prefix(units, order, head)
            n_leads, n_resp = len(a.leads), len(a.leads) + len(a.responsible)
            leads_u, resp_u, sup_u = units[:n_leads], units[n_leads:n_resp], units[n_resp:]
        else:
            leads_u, resp_u, sup_u = [], [], []
        generic = generic_strings(self.norm, a.generic) if a.generic else []
        if leads_u:
            leads, supports, explicit = leads_u, resp_u + sup_u, True
        elif section_leads:
            leads, supports, explicit = list(section_leads), list(section_supports) + resp_u + sup_u, True
        elif resp_u and self.first_listed_leads():
            leads, supports, explicit = resp_u[:1], resp_u[1:] + sup_u, True
        elif resp_u:
            leads, supports, explicit = resp_u, sup_u, False
        else:  # "X、Y按职责分工负责" with nobody leading: they are the responsible units
            leads, supports, explicit = sup_u, [], False
        if not supports and len(leads) < 2:
            return leads, [], generic, explicit  # nothing to sort or to drop as a repeat
        # the first unit of each mention_key is kept, in order; a support named among the leads is dropped
        seen: set[str] = set()
        lead_out = _first_of_each_key(leads, seen)
        sup_out = _first_of_each_key(sorted(supports, key=_span_start) if len(supports) > 1 else supports, seen)
        return lead_out if len(lead_out) < len(leads) else leads, sup_out, generic, explicit

    def _fix_prefix(self, units: list[Unit], order: list[Piece], head: str) -> None:
        """Only mentions after the list head inherit its prefix."""
        first = None
        for p in order:
            if p.text.startswith(head):
                first = p.norm_span()[0]
                break
        if first is None or not self.norm.index:
            return
        limit = self.norm.orig(first)
        for u in units:
            if u.prefix and u.span[0] < limit:
                u.prefix = None

    # ------------------------------------------------------------------ prose plans
    def prose_tasks(self) -> None:
        """One task per headline sentence of each task section (plans without item numbers)."""
        for idx, sec in enumerate(self.plan.sections):
            if sec.kind != "tasks" or idx not in self.section_content:
                continue
            has_child = any(s.path[: len(sec.path) + 1] == sec.path + [sec.heading] and s.level > sec.level
                            for s in self.plan.sections)
            if has_child:
                continue
            body = join_pieces(self.section_content[idx], sep="\n")
            parts = sentences(body, partial_first=idx in self.heading_remainder)
            drafts: list[list[Piece]] = []
            prev_head = True
            for s in parts:
                head = not prev_head and is_headline(s.text)
                if not drafts and not head:
                    head = is_headline(s.text)
                if head:
                    drafts.append([s])
                elif drafts:
                    drafts[-1].append(s)
                prev_head = head
            path = sec.path + [sec.heading]
            for group in drafts:
                d = Draft(None, False, self.norm.line_of(self.ospan(group[0])[0]), group[0][:0], group)
                d.section = path
                d.section_leads = sec.leads
                d.section_supports = self.section_supports.get(idx, [])
                self.emit(d)

    # ------------------------------------------------------------------ finish
    def _cover_section(self) -> None:
        """Text before the first heading (title, 通知 cover letter) is a preamble section."""
        first = self.plan.sections[0].span[0] if self.plan.sections else None
        if first is None or any(t.span[0] < first for t in self.tasks):
            return
        cells = []
        for row in self.rows:
            cell = next((c for c in row.cells if c.text.strip()), None)
            if cell is None:
                continue
            if self.ospan(cell)[0] >= first:
                break
            cells.append(cell)
        if not cells:
            return
        titles = [c for c in cells if len(c.text) <= 60 and TITLE_RX.search(c.text)]
        title = titles[-1] if titles else cells[0]  # the plan's title follows its cover letter
        start = self.ospan(cells[0])[0]
        self.plan.sections.insert(0, Section(heading=self.otext(title)[:80], span=(start, max(start + 1, min(
            self.ospan(cells[-1])[1], first))), level=1, number=None, kind="preamble"))

    def _units_from_parts(self, t: Task) -> None:
        """A task that names no unit itself takes the units of the annex rows restating it."""
        seen: set[str] = set()
        for p in t.parts:
            for u in p.leads:
                if mention_key(u) not in seen:
                    seen.add(mention_key(u))
                    t.leads.append(u)
        for p in t.parts:
            for u in p.supports:
                if mention_key(u) not in seen:
                    seen.add(mention_key(u))
                    t.supports.append(u)
            for g in p.generic:
                if g not in t.generic:
                    t.generic.append(g)
        t.lead_explicit = bool(t.leads) and bool(self.header and "lead" in self.header)

    def finish(self) -> None:
        self._cover_section()
        for t in self.tasks:
            if t.parts and not (t.leads or t.supports or t.generic):
                self._units_from_parts(t)
        self.plan.tasks.extend(self.tasks)
        if not self.tasks and self.norm.text.strip():
            self.warn(None, "no tasks found in the document", "no-tasks")
        with_units = [t for t in self.tasks if t.leads or t.supports or t.generic]
        if len(with_units) * 2 > len(self.tasks):
            for t in self.tasks:
                if not (t.leads or t.supports or t.generic):
                    line = self.norm.line_of(t.span[0])
                    self.warn(line, f"task {t.number or t.id} names no responsible unit", "task-no-units")


_FIRST_LISTED_NOTE: Final = re.compile(vocab()["first_listed_lead_note"])
_FIRST_LISTED_HINTS: Final = tuple(vocab()["first_listed_lead_hints"])


def _notes_first_listed_lead(text: str) -> bool:
    """Whether a plan's text says "列第一位的为牵头单位". The note's regex opens with an alternation,
    which the regex engine tries at every character of the plan; ``str.find`` looks for its hint
    words at C speed, and only a plan that holds one is searched."""
    return any(h in text for h in _FIRST_LISTED_HINTS) and _FIRST_LISTED_NOTE.search(text) is not None


def _first_of_each_key(units: list[Unit], seen: set[str]) -> list[Unit]:
    """The units whose mention_key is not in ``seen`` yet, the first of each, in order (``seen``
    takes their keys)."""
    out: list[Unit] = []
    for u in units:
        key = mention_key(u)
        if key not in seen:
            seen.add(key)
            out.append(u)
    return out


def _span_start(u: Unit) -> int:
    return u.span[0]


def _norm_start(p: Piece) -> int:
    """``p.norm_span()[0]`` (a run's start read directly: the sort key of every mention list)."""
    if p.runs is None:
        return p.start if p.stop > p.start else 0
    return p.norm_span()[0]


@lru_cache(maxsize=None)
def _any_word(*keys: str) -> re.Pattern:
    """A regex finding any of the vocabulary words at ``vocab()[keys[0]][keys[1]]…`` in a text."""
    words: Any = vocab()  # nested dicts, lists at the leaves
    for k in keys:
        words = words[k]
    return re.compile("|".join(re.escape(w) for w in words) if words else "(?!)")


# Character tables: what depends on one character alone is kept for the process, not the plan
# (like a character class: every plan opens its lines with the same few hundred characters); at
# most CHAR_TABLE_MAX characters each, then begun again.
CHAR_TABLE_MAX: Final = 4096
_LEVELS_OPENING_WITH_TABLE: Final[dict[str, tuple[str, ...]]] = {}


def _levels_opening_with(ch: str) -> tuple[str, ...]:
    """The levels whose item marker may open with the character ``ch``."""
    table = _LEVELS_OPENING_WITH_TABLE
    if ch in table:
        return table[ch]
    if len(table) >= CHAR_TABLE_MAX:
        table.clear()
    value = table[ch] = _compute_levels_opening_with(ch)
    return value


def _compute_levels_opening_with(ch: str) -> tuple[str, ...]:
    return tuple(n for n in LEVEL_ORDER if MARKER_OPENERS[n].match(ch))


def _opens_item(ch: str) -> bool:
    """Whether an item marker may open with the character ``ch`` (some level's opener matches it:
    a table lookup per text instead of a regex match, which costs several times more)."""
    return len(_levels_opening_with(ch)) > 0


_TITLE_KIND_MEMO: Final = per_plan_dict()


def _title_kind(title: str) -> str | None:
    """The section kind a heading's words name ("保障措施" → guarantee …), else None
    (_choose_task_level and the parser ask it of the same titles)."""
    if title in _TITLE_KIND_MEMO:
        return _TITLE_KIND_MEMO[title]
    value = _TITLE_KIND_MEMO[title] = _compute_title_kind(title)
    return value


def _compute_title_kind(title: str) -> str | None:
    t = "".join(title.split())  # without its spaces (split() cuts at what \s matches)
    for kind, search in _KIND_SEARCHES:
        if search(t):
            return kind
    return None


_WHOLE: Final = re.compile(r"(?P<rest>.*)", re.S)  # an appendix title without "附件": all of it is the rest
_KIND_SEARCHES: Final = [(kind, _any_word("section_kinds", kind).search) for kind in ("preamble", "guarantee", "other", "tasks")]
_CLOSING_WORDS: Final = tuple(vocab()["closing_item_markers"])


def _closing_item(text: str) -> bool:
    """Whether an item's text holds a closing-clause marker ("…自印发之日起施行"): a str ``in`` per
    marker, which scans a long text several times faster than a regex alternation of them does."""
    for w in _CLOSING_WORDS:
        if w in text:
            return True
    return False


def _item_marker(text: str) -> tuple[str, re.Match] | None:
    """The outermost item marker opening ``text`` (level name and its match)."""
    if not _opens_item(text[:1]):  # most texts open with no marker's first character (no memo needed)
        return None
    return _marker_match(text)


_MARKER_MATCH_MEMO: Final = per_plan_dict()


def _marker_match(text: str) -> tuple[str, re.Match] | None:
    if text in _MARKER_MATCH_MEMO:
        return _MARKER_MATCH_MEMO[text]
    value = _MARKER_MATCH_MEMO[text] = _compute_marker_match(text)
    return value


def _compute_marker_match(text: str) -> tuple[str, re.Match] | None:
    for name in _levels_opening_with(text[0]):
        m = MARKERS[name].match(text)
        if m:
            if name == "cn1" and text[m.end(1):m.end(1) + 1] in ",，" and len(m.group(1)) > 1:
                continue
            return name, m
    return None


def _without_non_word(texts: list[str]) -> list[str]:
    """``NON_WORD.sub("", text)`` of each text: the common punctuation removed with str.replace (a
    fast scan of CJK text, where a regex class tests each character) from all the texts joined by
    NULs, so each character costs one call, not one per text; the regex only for a text where
    something else is left (isalnum: every character a word character but "_", which the regex
    keeps too)."""
    if not texts:
        return []
    joined = "\x00".join(texts)
    for c in _COMMON_NON_WORD:
        joined = joined.replace(c, "")
    keys = joined.split("\x00")
    if len(keys) != len(texts):  # a text held a NUL (read_bytes drops them; a non-word character too)
        return _without_non_word([text.replace("\x00", "") for text in texts])
    return [key if key.isalnum() else NON_WORD.sub("", key) for key in keys]


def _word_prefix(text: str, n: int) -> str:
    """``NON_WORD.sub("", text)[:n]``, read from the start of the text while that holds n word characters."""
    head = NON_WORD.sub("", text[:2 * n])
    return head[:n] if len(head) >= n else NON_WORD.sub("", text)[:n]


def _first_clause(text: str) -> str:
    """The text up to its first "。", ";" or ":" (a heading's title)."""
    m = FIRST_CLAUSE_END.search(text)
    return text[:m.start()] if m else text


def _blocks_then_units(events: list[str]) -> int:
    """"(一)" blocks of several "1." points closed by one units line (units for the whole block)."""
    found = 0
    k = 0
    while k < len(events):
        if events[k] != "cn2":
            k += 1
            continue
        j = k + 1
        while j < len(events) and events[j] not in ("cn2", "cn1", "chapter"):
            j += 1
        block = events[k + 1:j]
        if block.count("ar") >= 2 and block.count("U") == 1 and block[-1] == "U":
            found += 1
        k = j
    return found


def _annotated(text: str) -> bool:
    """Whether an item's text carries a unit annotation ("(牵头单位:X)", "(X牵头)")."""
    if annotation_spans(text):
        return True
    tm = _trail_paren(text)
    return tm is not None and units_statement_of(text[tm.start(1):tm.end(1)]) is not None


def _trail_paren(text: str) -> re.Match | None:
    """``TRAIL_PAREN.search(text)``, run only on a text that ends with ")" before its trailing spaces
    and mark (what the regex needs, read with str methods: most texts end otherwise)."""
    if not text.rstrip().rstrip("。;；").rstrip().endswith(")"):
        return None
    return TRAIL_PAREN.search(text)


CN_NUMBER_CELL: Final = re.compile(rf"[{CN_NUM}]{{1,3}}|\([{CN_NUM}]{{1,3}}\)")
NUMBER_CELL: Final = re.compile(r"\(?(\d{1,3}(?:\.\d{1,2})?)\)?[.、]?")


def _number_cell(cell: Piece) -> Piece | None:
    """The digits of a 序号 cell ("3", "3.", "(3)"), else None."""
    if len(cell.text.strip(" ")) > 9:
        return None  # longer than NUMBER_CELL can match ("(123.45)、"): most cells, told without the regex
    c = cell.strip(" ")
    m = NUMBER_CELL.fullmatch(c.text)
    return c.cut(m.start(1), m.end(1)) if m else None


def _squeezed_roles(cells: list[Piece], header: list[str]) -> list[str] | None:
    """Roles for a row that lost an empty middle cell (columns aligned with spaces):
    leading number/text cells, a trailing deadline, unit cells in the header's order."""
    head: list[str] = []
    for role in header:
        if role not in ("number", "text", "group") or len(head) >= len(cells):
            break
        head.append(role)
    tail = ["deadline"] if "deadline" in header and is_deadline_cell(cells[-1].text) else []
    middle = len(cells) - len(head) - len(tail)
    unit_roles = [r for r in header if r in ("lead", "support", "resp")]
    if middle < 0 or middle > len(unit_roles):
        return None
    roles = head + unit_roles[:middle] + tail
    return roles if _fits(cells, roles) else None


def _fits(cells: list[Piece], roles: list[str], text_may_name_unit: bool = False) -> bool:
    """Whether a row's cells line up with the header's columns (``text_may_name_unit``: a text
    cell reading like a unit name, "开发…在线服务平台。", does not break the fit)."""
    for cell, role in zip(cells, roles):
        t = cell.text.strip()
        if not t or is_empty_cell(t):
            continue
        if role == "number" and _number_cell(cell) is None:
            return False
        if role in ("lead", "support", "resp") and units_statement_of(cell.text) is None:
            return False
        if role == "text" and not text_may_name_unit and units_statement_of(cell.text) is not None:
            return False
    return True


def parse_structure(plan: ExtractedPlan) -> None:
    """Fill ``plan.sections`` and ``plan.tasks`` from ``plan.text``; warnings go to ``plan.warn``.

    Never raises: on an internal error the result so far is kept and a warning explains.
    """
    parser = None
    clear_statement_cache()
    try:
        trial = ExtractedPlan(plan=plan.plan, text=plan.text)
        parser = _Parser(trial)
        parser.run()
        if not trial.tasks:
            # e.g. "1." items only in a preamble or annex while the tasks are "(一)" items
            for level in parser.fallback_levels():
                other = ExtractedPlan(plan=plan.plan, text=plan.text)
                alt = _Parser(other, (parser.norm, parser.rows), level)
                alt.run()
                if other.tasks:
                    trial, parser = other, alt
                    break
        plan.sections.extend(trial.sections)
        plan.tasks.extend(trial.tasks)
        plan.warnings.extend(trial.warnings)
    except Exception as exc:  # noqa: BLE001 - extraction of other plans must go on
        if parser is not None and not plan.tasks:
            plan.tasks.extend(parser.tasks)
        plan.warn(None, f"structure parser stopped early ({type(exc).__name__}: {exc})",
                  "structure-error")

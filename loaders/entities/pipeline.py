"""The spaCy pipeline: ``spacy.blank("zh")`` (character tokens) + table-fed components.

The components wrap the plain-string rules of :mod:`.scan` (which :func:`.enrich` calls directly) in spans,
so a Doc finds what ``enrich`` finds.

Docs are built over *compact* text (normalised, no whitespace or quotes, see :mod:`.text`), so
"好 差评" and "「一網通辦」" match like "好差评" and "一网通办"; ``doc.user_data["offsets"]`` maps each
compact character back to its offset in the original text. Components add spans to ``doc.spans``:
``REFORM`` and ``AGENCY`` (``kb_id_`` = canonical name), ``DEADLINE`` (``kb_id_`` = ISO date or
"ongoing"), ``TARGET`` (``doc.user_data["targets"][(start, end)]`` holds value, unit, comparator, subject).
``doc.ents`` gets the non-overlapping union.

:func:`plan_doc` puts the texts of a whole plan's tasks into one Doc, separated by :data:`SEP` (a character
compact text never holds, so no lexicon spelling or rule matches across it); the rules then look at one
task's text at a time (``doc.user_data["segments"]``), and every span stays within its task.
"""

from __future__ import annotations

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from graphkit.loaders.entities import scan
from graphkit.loaders.entities.tables import EntityTables, load_tables
from graphkit.loaders.entities.text import compact

LABELS = ("AGENCY", "REFORM", "DEADLINE", "TARGET")
SEP = scan.SEP  # between the tasks of a plan Doc


def segments(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) of each text in the Doc: the tasks of a :func:`plan_doc`, else the whole Doc."""
    segs = doc.user_data.get("segments")
    return segs if segs is not None else [(0, len(_text(doc)))]


def _text(doc: Doc) -> str:
    """``doc.text`` without rebuilding it token by token (make_docs keeps the text it was made from)."""
    flat = doc.user_data.get("flat")
    return flat if flat is not None else doc.text


def _span(doc: Doc, start: int, end: int, label: str, kb_id: str = "") -> Span | None:
    if 0 <= start < end <= len(doc) and "flat" in doc.user_data:  # made by char_doc: token i is character i
        return Span(doc, start, end, label=label, kb_id=kb_id)
    return doc.char_span(start, end, label=label, kb_id=kb_id, alignment_mode="expand")


# tables handed to components by key (factory configs must be JSON-like, tables are not)
_REGISTRY: dict[str, EntityTables] = {}
_NLPS: dict[str, Language] = {}


class _TableComponent:
    def __init__(self, nlp: Language, tables_key: str):
        self.tables = _REGISTRY.get(tables_key) or load_tables()


class ReformMatcher(_TableComponent):
    def __call__(self, doc: Doc) -> Doc:
        # over a plan Doc's SEP-joined text: no spelling or blocking continuation holds SEP, so each match and
        # its blocking context stay those of its own task
        spans = [_span(doc, s, e, "REFORM", name) for s, e, name in scan.find_reforms(_text(doc), self.tables)]
        doc.spans["REFORM"] = [s for s in spans if s is not None]
        return doc


class AgencyMatcher(_TableComponent):
    """Highlights agency names written in running text (canonical spellings and aliases of ≥3 characters)."""

    def __init__(self, nlp, tables_key):
        super().__init__(nlp, tables_key)
        self.matcher = PhraseMatcher(nlp.vocab)
        by_canonical: dict[str, list[str]] = {}
        for key, entry in self.tables.aliases.items():
            if len(key) >= 3:
                by_canonical.setdefault(entry.canonical, []).append(key)
        for canonical, keys in by_canonical.items():
            self.matcher.add(canonical, [char_doc(nlp, k) for k in keys])

    def __call__(self, doc: Doc) -> Doc:
        vocab = doc.vocab.strings
        spans = []
        for key, s, e in self.matcher(doc):
            if s > 0 and doc[s - 1].text in ("市", "区", "县", "省"):
                s -= 1  # include the level word
            spans.append(Span(doc, s, e, label="AGENCY", kb_id=vocab[key]))
        doc.spans["AGENCY"] = filter_spans(spans)
        return doc


class DeadlineFinder(_TableComponent):
    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for start, end, date in scan.find_deadlines(_text(doc), segments(doc), doc.user_data.get("year")):
            if (span := _span(doc, start, end, "DEADLINE", date)) is not None:
                spans.append(span)
        doc.spans["DEADLINE"] = spans
        return doc


class TargetFinder(_TableComponent):
    def __call__(self, doc: Doc) -> Doc:
        found = {}
        spans = []
        for hit in scan.find_targets(_text(doc), segments(doc), self.tables):
            span = _span(doc, hit.start, hit.end, "TARGET", hit.subject or "")
            if span is not None:
                spans.append(span)
                found[(hit.start, hit.end)] = hit
        doc.spans["TARGET"] = spans
        doc.user_data["targets"] = found
        return doc


def _ents(doc: Doc) -> Doc:
    doc.ents = filter_spans([s for label in LABELS for s in doc.spans.get(label, [])])
    return doc


_CONFIG = {"tables_key": "shipped"}


@Language.factory("gk_reforms", default_config=_CONFIG)
def make_reforms(nlp, name, tables_key):
    return ReformMatcher(nlp, tables_key)


@Language.factory("gk_agencies", default_config=_CONFIG)
def make_agencies(nlp, name, tables_key):
    return AgencyMatcher(nlp, tables_key)


@Language.factory("gk_deadlines", default_config=_CONFIG)
def make_deadlines(nlp, name, tables_key):
    return DeadlineFinder(nlp, tables_key)


@Language.factory("gk_targets", default_config=_CONFIG)
def make_targets(nlp, name, tables_key):
    return TargetFinder(nlp, tables_key)


@Language.component("gk_ents")
def make_ents(doc: Doc) -> Doc:
    return _ents(doc)


def nlp_for(tables: EntityTables | None = None) -> Language:
    """The pipeline fed by ``tables`` (default: the shipped tables); built once per tables object."""
    tables = tables or load_tables()
    key = f"tables-{id(tables)}"
    if key not in _NLPS:
        _REGISTRY[key] = tables  # keeps the object alive, so its id is never reused
        nlp = spacy.blank("zh")
        for name in ("gk_agencies", "gk_reforms", "gk_deadlines", "gk_targets"):
            nlp.add_pipe(name, config={"tables_key": key})
        nlp.add_pipe("gk_ents")
        _NLPS[key] = nlp
    return _NLPS[key]


def make_docs(nlp: Language, texts, year: int | None = None, disable: tuple[str, ...] = ()):
    """Docs over the compact form of ``texts`` (offset map and plan year in ``user_data``), run through ``nlp``.

    An item of ``texts`` may be a ready ``(compact text, offsets)`` pair from :func:`.text.compact`.

    ``disable`` names components to skip (enrich skips ``gk_agencies``: units are resolved from the tables).
    """

    def docs():
        for text in texts:
            flat, offsets = text if isinstance(text, tuple) else compact(text)
            doc = char_doc(nlp, flat)
            doc.user_data["offsets"] = offsets
            doc.user_data["flat"] = flat
            doc.user_data["year"] = year
            yield doc

    return nlp.pipe(docs(), disable=list(disable))


def plan_doc(nlp: Language, flats: list[str], year: int | None = None, disable: tuple[str, ...] = ()) -> Doc:
    """One Doc over the compact texts ``flats`` (a plan's tasks) joined by :data:`SEP`, run through ``nlp``.

    ``doc.user_data["segments"]`` holds each text's (start, end) in the Doc; spans never cross them.
    """
    joined, segs = scan.joined(flats)
    doc = char_doc(nlp, joined)
    doc.user_data["flat"] = joined
    doc.user_data["year"] = year
    doc.user_data["segments"] = segs
    return nlp(doc, disable=list(disable))


_ORTHS: dict[object, dict[str, int]] = {}  # per vocab: character → its string id (already in that vocab)


def char_doc(nlp: Language, flat: str) -> Doc:
    """One token per character, as ``spacy.blank("zh")`` segments whitespace-free text, without its slow path.

    Tokens are given as string ids, remembered per vocab: the same Doc as from ``list(flat)``,
    without hashing each character again."""
    orths = _ORTHS.setdefault(nlp.vocab, {})
    try:
        words = [orths[ch] for ch in flat]
    except KeyError:  # characters this vocab has not met yet
        for ch in set(flat).difference(orths):
            orths[ch] = nlp.vocab.strings.add(ch)
        words = [orths[ch] for ch in flat]
    return Doc(nlp.vocab, words=words, spaces=[False] * len(flat))


def original_span(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Compact-text offsets → offsets in the text the Doc was made from."""
    offsets = doc.user_data["offsets"]
    return offsets[start], offsets[end - 1] + 1

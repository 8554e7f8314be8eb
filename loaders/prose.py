"""Prose plans without item numbers: one task per headline sentence.

A chapter such as "一、营造便捷高效的政务环境。完成一体化政务服务平台…的建设对接。按照全市统一部署，…"
states each measure as a short headline sentence followed by sentences that elaborate it.
:func:`is_headline` is the rule (documented there); :func:`sentences` splits a chapter.
"""

from __future__ import annotations

import re
from functools import lru_cache

from graphkit.loaders.normalise import Piece
from graphkit.loaders.units import vocab


SHORT_LINE = 20  # a line this short that ends without punctuation is a line of its own, not a wrap
SHORT_HEADLINE = 16  # a headline this short may have one comma, or open with a means ("依托…")


_BREAK = re.compile("[。!?\n]")
_DIGIT = re.compile(r"\d")
_QUOTED = re.compile(r"“[^”]*”")
_COMMA = re.compile(r"[，,;；:]")


def sentences(body: Piece, partial_first: bool = False) -> list[Piece]:
    """Split at 。!? and at the end of a short unpunctuated line ("推进一网通办"); a long line
    that breaks mid-sentence is a wrap and its sentence runs on. ``partial_first``: the first
    line is the rest of a heading line, so its length says nothing."""
    out: list[Piece] = []
    start = 0
    line_start = 0
    text = body.text
    for hit in _BREAK.finditer(text):  # only sentence ends and line breaks can cut
        k = hit.start()
        cut = True
        if text[k] == "\n":
            short_line = len(text[line_start:k].strip()) <= SHORT_LINE and not (partial_first and line_start == 0)
            line_start = k + 1
            cut = short_line and body.offset(k) < 0 and bool(text[start:k].strip())
        if cut:
            out.append(body.cut(start, k + 1).strip(" \n"))
            start = k + 1
    if start < len(text):
        out.append(body.cut(start, len(body.text)).strip(" \n"))
    return [s for s in out if s.text]


@lru_cache(maxsize=None)
def _openers(key: str) -> tuple[str, ...]:
    return tuple(vocab()[key])


def is_headline(sentence: str) -> bool:
    """A measure heading: short, no digits, at most one comma, not opening like an elaboration.

    "完成一体化政务服务平台及“互联网+监管”系统的建设对接。" is one; "按照全市统一部署，加快…"
    (opens with 按照, has clauses) is not. A sentence right after a headline is never one
    (headlines are followed by what they head). An opener in ``prose_short_headline_openers``
    may open a short comma-free headline: "依托信用建设加强金融产品创新。" is one,
    "依托在线平台推介发布一批吸引民间资本投资的重点项目。" is not.
    """
    core = sentence.replace("\n", "").strip().rstrip("。!?;；")
    if not core or len(core) > 40 or _DIGIT.search(core):
        return False
    bare = _QUOTED.sub("", core)
    commas = len(_COMMA.findall(bare))
    if core.startswith(_openers("prose_body_openers")):
        means = core.startswith(_openers("prose_short_headline_openers"))
        return means and commas == 0 and len(core) <= SHORT_HEADLINE
    if commas == 0:
        return True
    return commas == 1 and len(core) <= SHORT_HEADLINE

"""Word automatic numbering: the "一、", "（一）", "1．" that Word draws but does not store.

Plans written in Word often number headings and tasks with list numbering, so the text
of the paragraph lacks its number. :class:`Numbering` replays the counters of
``numbering.xml`` in document order and renders each level's ``lvlText`` ("%1、",
"（%1）", "%1．") in its format (decimal, Chinese counting, circled …). Bullets render as
nothing. Unknown formats fall back to decimal.
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from graphkit.loaders.readers.word_package import W as _W
from graphkit.loaders.readers.word_package import child, parse_xml

_NUM_PR, _NUM_ID, _ILVL, _P_STYLE, _VAL = (f"{_W}{t}" for t in ("numPr", "numId", "ilvl", "pStyle", "val"))

_CN = "零一二三四五六七八九"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (up to 9999)."""
    if n <= 0 or n > 9999:
        return str(n)
    if n < 10:
        return _CN[n]
    if n < 20:
        return "十" + (_CN[n - 10] if n > 10 else "")
    if n < 100:
        return _CN[n // 10] + "十" + (_CN[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        tail = "" if rest == 0 else ("零" + _CN[rest] if rest < 10 else
                                     ("一" + chinese_number(rest) if rest < 20 else chinese_number(rest)))
        return _CN[n // 100] + "百" + tail
    rest = n % 1000
    tail = "" if rest == 0 else ("零" + chinese_number(rest) if rest < 100 else chinese_number(rest))
    return _CN[n // 1000] + "千" + tail


def _roman(n: int) -> str:
    values = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
              (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, letters in values:
        while n >= value:
            out += letters
            n -= value
    return out


def _letters(n: int) -> str:
    out = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        out = chr(ord("A") + rem) + out
    return out


def format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "japaneseCounting",
               "taiwaneseCounting", "taiwaneseCountingThousand", "ideographLegalTraditional"):
        return chinese_number(n)
    if fmt in ("ideographTraditional",) and 1 <= n <= 10:
        return _TIANGAN[n - 1]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return _CIRCLED[n - 1]
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperLetter":
        return _letters(n)
    if fmt == "lowerLetter":
        return _letters(n).lower()
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


class Numbering:
    """Counters for the list numbering of one document, advanced paragraph by paragraph."""

    def __init__(self, numbering: Callable[[], bytes | None], styles: Callable[[], bytes | None]) -> None:
        """``numbering`` and ``styles`` read the package's w:numbering and w:styles parts (None: none,
        or unreadable). Neither is read before a paragraph could be numbered: the numbering the first
        time a paragraph names a list (or a style), the styles the first time a style could number it."""
        self._levels: dict[str, dict[int, dict[str, str]]] | None = None  # numId → ilvl → start, fmt, text
        self.abstract_of: dict[str, str] = {}
        self.counters: dict[str, dict[int, int]] = {}  # abstractNumId → ilvl → current value
        self._numbering = numbering
        self._styles = styles
        self._style_num: dict[str, tuple[str, int]] | None = None  # styleId → numId, ilvl (once read)

    @property
    def levels(self) -> dict[str, dict[int, dict[str, str]]]:
        """numId → ilvl → start, fmt, text: the numbering part, read the first time it is asked for
        (a part that is missing or not well-formed numbers nothing)."""
        if self._levels is None:
            self._levels = {}
            data = self._numbering()
            try:
                if data:
                    self._read(parse_xml(data), self._levels)
            except etree.XMLSyntaxError:
                pass
        return self._levels

    def style_numbering(self, style_id: str) -> tuple[str | None, int]:
        """The numId and level a paragraph style numbers its paragraphs with ((None, 0): none)."""
        if self._style_num is None:
            self._style_num = _styles_numbering(self._styles()) if self.levels else {}
        return self._style_num.get(style_id, (None, 0))

    def _read(self, numbering, levels_of: dict[str, dict[int, dict[str, str]]]) -> None:
        """Fill ``levels_of`` (numId → its levels) and :attr:`abstract_of` from a w:numbering element."""
        abstract: dict[str, dict[int, dict[str, str]]] = {}
        for node in numbering.iterchildren(f"{_W}abstractNum"):
            levels = {}
            for lvl in node.iterchildren(f"{_W}lvl"):
                levels[_int(lvl.get(f"{_W}ilvl"))] = {
                    "start": _val(lvl.find(f"{_W}start")) or "1",
                    "fmt": _val(lvl.find(f"{_W}numFmt")) or "decimal",
                    "text": _val(lvl.find(f"{_W}lvlText")) or "",
                }
            abstract[node.get(f"{_W}abstractNumId") or ""] = levels
        for node in numbering.iterchildren(f"{_W}num"):
            num_id = node.get(f"{_W}numId") or ""
            abstract_id = _val(node.find(f"{_W}abstractNumId")) or ""
            levels = {k: dict(v) for k, v in abstract.get(abstract_id, {}).items()}
            for override in node.iterchildren(f"{_W}lvlOverride"):
                start = _val(override.find(f"{_W}startOverride"))
                ilvl = _int(override.get(f"{_W}ilvl"))
                if start and ilvl in levels:
                    levels[ilvl]["start"] = start
            levels_of[num_id] = levels
            self.abstract_of[num_id] = abstract_id

    def label(self, ppr) -> str:
        """The number Word shows before the paragraph whose properties (w:pPr) are ``ppr`` ("" if it
        is not numbered; a paragraph without properties is not)."""
        num_id, ilvl = None, 0
        num = child(ppr, _NUM_PR)
        if num is not None:
            num_id = _val(child(num, _NUM_ID))
            ilvl = _int(_val(child(num, _ILVL)))
        elif (style := child(ppr, _P_STYLE)) is not None:
            num_id, ilvl = self.style_numbering(_val(style) or "")
        if not num_id or num_id == "0":
            return ""
        levels = self.levels.get(num_id)
        if levels is None:
            return ""
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(self.abstract_of[num_id], {})
        start = _int(levels[ilvl]["start"], 1)
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        level = levels[ilvl]
        if level["fmt"] in ("bullet", "none"):
            return ""
        text = level["text"]
        for k in range(9):
            token = f"%{k + 1}"
            if token in text:
                value = counters.get(k, _int(levels.get(k, {}).get("start", "1"), 1))
                text = text.replace(token, format_number(value, levels.get(k, level)["fmt"]))
        if text and (text[-1].isalnum() and text[-1].isascii()):
            text += " "
        return text


def _styles_numbering(styles: bytes | None) -> dict[str, tuple[str, int]]:
    """styleId → (numId, ilvl) of the styles that number their paragraphs. A styles part that is
    not well-formed XML numbers nothing (the document's text is read all the same)."""
    if not styles or b"numPr" not in styles:  # no style numbers anything: not worth parsing
        return {}
    try:
        root = parse_xml(styles)
    except etree.XMLSyntaxError:
        return {}
    out: dict[str, tuple[str, int]] = {}
    for style in root.iterchildren(f"{_W}style"):
        num = style.find(f"{_W}pPr/{_W}numPr")
        if num is not None:
            num_id = _val(num.find(f"{_W}numId"))
            if num_id:
                out[style.get(f"{_W}styleId") or ""] = (num_id, _int(_val(num.find(f"{_W}ilvl"))))
    return out


def _val(node) -> str | None:
    return None if node is None else node.get(_VAL)


def _int(value, default: int = 0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default

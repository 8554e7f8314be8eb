"""Unit statements → leads / supports / generic, each mention with its span."""

import pytest

from graphkit.loaders.normalise import Piece, normalise
from graphkit.loaders.units import (
    is_deadline_cell,
    is_generic,
    list_prefix,
    looks_like_unit,
    parse_statement,
    split_mentions,
    statement_if_units,
    to_units,
)
from pure_python import rerun_in_pure_python


def piece(s: str):
    n = normalise(s)
    return n, Piece.of(n, 0, len(n.text))


def texts(pieces):
    return [p.text for p in pieces]


def test_lead_and_supports_by_role_words():
    _, p = piece("市市场监管局牵头，公安局、人民银行常州市支行、税务局按职责分工负责")
    a = parse_statement(p)
    assert texts(a.leads) == ["市市场监管局"]
    assert texts(a.supports) == ["公安局", "人民银行常州市支行", "税务局"]
    assert a.lead_explicit


def test_collective_placeholders_go_to_generic():
    _, p = piece("市自然资源局牵头，各辖市、区人民政府及市各有关单位按职责分工负责")
    a = parse_statement(p)
    assert texts(a.leads) == ["市自然资源局"]
    assert a.supports == []
    assert texts(a.generic) == ["各辖市、区人民政府", "市各有关单位"]


@pytest.mark.parametrize("placeholder", ["市有关部门", "区直各有关部门", "各相关部门", "辖区各金融机构",
                                         "区级各采购单位", "相关金融机构"])
def test_known_placeholders_are_generic(placeholder):
    assert is_generic(placeholder)


@pytest.mark.parametrize("agency", ["市市场监管局", "自然资源和规划分局", "常州海关", "区政府办(电子政务中心)"])
def test_agencies_are_not_generic(agency):
    assert not is_generic(agency)
    assert looks_like_unit(agency)


def test_peizhe_and_fuze_forms():
    _, p = piece("区发改委牵头,区财政局配合")
    a = parse_statement(p)
    assert texts(a.leads) == ["区发改委"] and texts(a.supports) == ["区财政局"]
    _, p = piece("市税务局负责")
    a = parse_statement(p)
    assert texts(a.leads) == ["市税务局"] and a.lead_explicit


def test_labelled_fields_any_order_and_missing():
    _, p = piece("(完成时限:2021年6月底;责任单位:社保局、税务局等;牵头单位:财金局)")
    a = parse_statement(p)
    assert texts(a.leads) == ["财金局"]
    assert texts(a.responsible) == ["社保局", "税务局"]
    assert a.deadline.text == "2021年6月底"
    _, p = piece("(责任单位:经发局、区供电公司)")
    a = parse_statement(p)
    assert a.leads == [] and texts(a.responsible) == ["经发局", "区供电公司"]
    assert a.deadline is None and not a.lead_explicit


def test_trailing_deng_is_dropped():
    _, p = piece("自然资源和规划分局、经发局、综合执法局等")
    assert texts(split_mentions(p)) == ["自然资源和规划分局", "经发局", "综合执法局"]


def test_names_with_he_are_not_split_but_ji_lists_are():
    _, p = piece("区规划和自然资源局及区住房城乡建委")
    assert texts(split_mentions(p)) == ["区规划和自然资源局", "区住房城乡建委"]


def test_newline_separates_units_but_not_a_bracket_continuation():
    _, p = piece("区政府办\n（电子政务中心）区市场监管局\n区政务服务办")
    assert texts(split_mentions(p)) == ["区政府办\n(电子政务中心)", "区市场监管局", "区政务服务办"]


def test_prefix_inherited_from_list_head_with_span():
    n, p = piece("市发改委、商务局牵头")
    a = parse_statement(p)
    units = to_units(n, a.leads, list_prefix(a.leads))
    assert [(u.mention, u.prefix) for u in units] == [("市发改委", None), ("商务局", "市")]
    assert n.original[units[1].span[0]:units[1].span[1]] == "商务局"


def test_shichang_is_not_a_city_prefix():
    n, p = piece("经发局、市场监管分局")
    a = parse_statement(p)
    units = to_units(n, a.responsible, list_prefix(a.responsible))
    assert [u.prefix for u in units] == [None, None]


def test_statement_detection_rejects_prose():
    _, p = piece("推进全程电子化登记和“全链通”综合服务，实现“一点接入、一次认证、全网通行”。")
    assert statement_if_units(p) is None
    _, p = piece("服务")
    assert statement_if_units(p) is None
    _, p = piece("市人社局、税务局")
    assert statement_if_units(p) is not None


def test_deadline_cells():
    assert is_deadline_cell("2021年底")
    assert is_deadline_cell("长期推进")
    assert not is_deadline_cell("(三)持续提升不动产登记便利度")


@pytest.mark.parametrize("name", ["组织人社局", "建设银行江北支行", "区委组织部"])
def test_agency_names_that_start_like_verbs(name):
    assert looks_like_unit(name)


@pytest.mark.parametrize("measure", ["推进一网通办", "加强服务", "优化营商环境办"])
def test_measures_are_not_units(measure):
    assert not looks_like_unit(measure)


def test_units_glued_by_a_lost_space_are_split():
    _, p = piece("区发展改革委 区科技局、人民银行常州市支行")
    assert texts(split_mentions(p)) == ["区发展改革委", "区科技局", "人民银行常州市支行"]
    _, p = piece("自然资 源和规划分局、市场监管分局")
    assert texts(split_mentions(p)) == ["自然资源和规划分局", "市场监管分局"]


def test_repeated_statement_keeps_each_occurrences_offsets():
    from graphkit.loaders.units import clear_statement_cache

    clear_statement_cache()
    n = normalise("市发改委牵头，市财政局配合\n市发改委牵头，市财政局配合")
    first, second = Piece.of(n, 0, 13), Piece.of(n, 14, 27)
    a, b = parse_statement(first), parse_statement(second)  # the second is served from the memo
    assert texts(a.leads) == texts(b.leads) == ["市发改委"]
    assert tuple(a.leads[0].pos) == (0, 1, 2, 3) and tuple(b.leads[0].pos) == (14, 15, 16, 17)
    assert tuple(a.supports[0].pos) == (7, 8, 9, 10) and tuple(b.supports[0].pos) == (21, 22, 23, 24)


# ----------------------------------------------------------- statement_if_units' checked parse

from pathlib import Path  # noqa: E402
import re  # noqa: E402

from graphkit.loaders.units import clear_statement_cache, units_statement  # noqa: E402
import graphkit.loaders.units as units_module  # noqa: E402

CORPUS = Path(__file__).resolve().parent.parent / "examples" / "corpus"


def full_parse_accepts(p: Piece) -> bool:
    """statement_if_units' verdict from the full (unchecked) parse alone."""
    res = parse_statement(p)
    mentions = res.leads + res.supports + res.responsible + res.generic
    if not mentions:
        return False
    if not any(looks_like_unit(m.text) for m in mentions if not is_generic(m.text)) and not res.generic:
        return False
    return all(looks_like_unit(m.text) for m in mentions)


def test_units_statement_gives_up_on_prose_but_not_statements():
    clear_statement_cache()
    assert units_statement("优化电子税务局增值税申报辅助功能，实现小规模纳税人申报零材料") is None
    assert units_statement("推进“一窗式”“一表制”服务模式") is None  # one clause of prose
    a = units_statement("市市场监管局牵头，公安局、税务局按职责分工负责")
    assert texts(a.leads) == ["市市场监管局"] and texts(a.supports) == ["公安局", "税务局"]
    a = units_statement("牵头单位:市发改委;完成时限:2021年底")  # labelled
    assert texts(a.leads) == ["市发改委"] and a.deadline.text == "2021年底"
    a = units_statement("2021年底，市发改委")  # a deadline clause first
    assert texts(a.responsible) == ["市发改委"] and a.deadline.text == "2021年底"


def test_checked_parse_stops_at_the_first_mention_that_is_no_unit(monkeypatch, request):
    if rerun_in_pure_python(request):  # patches units._unglue, which compiled units calls past the patch
        return
    clear_statement_cache()
    seen = []
    real = units_module._unglue
    monkeypatch.setattr(units_module, "_unglue", lambda p, depth=0: seen.append(p.text) or real(p, depth))
    assert units_statement("电子证照的应用、不动产登记、社保、民政等领域") is None
    assert seen == ["电子证照的应用"]  # the later parts were never cleaned
    seen.clear()
    clear_statement_cache()
    assert units_statement("加强电子证照在企业开办、不动产登记、社保、民政等领域的应用") is None
    assert seen == []  # a part opening with a verb ("加强") is given up before it is cleaned


def test_checked_parse_agrees_with_the_full_parse():
    checked = rejected = 0
    for path in sorted(CORPUS.glob("*.txt")):
        n = normalise(path.read_text(encoding="utf-8"))
        for m in re.finditer(r"[^\n]+", n.text):
            spans = [(m.start(), m.end())]
            spans += [(m.start() + b.start(1), m.start() + b.end(1))
                      for b in re.finditer(r"\(([^()]+)\)", m.group())]
            for a, b in spans:
                p = Piece.of(n, a, b)
                clear_statement_cache()  # so statement_if_units parses checked, not from the memo
                verdict = statement_if_units(p)
                clear_statement_cache()
                assert (verdict is not None) == full_parse_accepts(p), p.text
                if verdict is not None:
                    full = parse_statement(p)
                    for got, want in [(verdict.leads, full.leads), (verdict.supports, full.supports),
                                      (verdict.responsible, full.responsible), (verdict.generic, full.generic)]:
                        assert [(q.text, tuple(q.pos)) for q in got] == [(q.text, tuple(q.pos)) for q in want]
                else:
                    rejected += 1
                checked += 1
    assert checked > 1000 and rejected > 100  # the check ran over real lines and did reject prose


def test_may_name_roles_or_levels_is_false_only_without_role_words_labels_and_level_prefixes():
    from graphkit.loaders.units import may_name_roles_or_levels

    assert not may_name_roles_or_levels("推进“一窗式”“一表制”服务模式")
    assert not may_name_roles_or_levels("各有关部门")  # units, but none leads, supports or opens with 市/区
    assert may_name_roles_or_levels("市市场监管局")  # a level prefix
    assert may_name_roles_or_levels("公安局牵头")  # a role word
    assert may_name_roles_or_levels("有关部门按职责分工负责")
    assert may_name_roles_or_levels("财政局(配合)")
    assert may_name_roles_or_levels("责任单位:公安局")  # a label


# The str-method scans that replaced regex character classes (faster on CJK text) give the spans
# the regexes gave, on edge cases and on every line of the examples.
_SCAN_CASES = ["", "。", "，，", "市发改委牵头,市财政局、市商务局配合", ",市发改委牵头；市财政局;", "A，B；C。D",
               "市发改委牵头。。", ";", "无标点"]


def _example_lines():
    for path in sorted(CORPUS.glob("*.txt")):
        yield from normalise(path.read_text(encoding="utf-8")).text.split("\n")


def test_clause_runs_are_the_runs_between_clause_stops():
    from graphkit.loaders.units import _clause_runs

    for text in [*_SCAN_CASES, *_example_lines()]:
        assert _clause_runs(text) == [m.span() for m in re.finditer("[^，,;；。]+", text)], text


def _closing_by_depth(text: str, s: int, e: int) -> int:
    depth = 0
    for b in re.finditer(r"[()]", text[:e]):
        if b.start() < s:
            continue
        depth += 1 if b.group() == "(" else -1
        if depth == 0:
            return b.start()
    return -1


def test_closing_bracket_counts_nested_brackets():
    from graphkit.loaders.units import _closing_bracket

    assert _closing_bracket("(牵头单位:市X局(牵头)、市Y局)。", 0, 20) == 17
    assert _closing_bracket("(牵头单位:市X局(牵头)、市Y局", 0, 17) == -1  # never closed
    assert _closing_bracket("(a(b)c)d", 0, 5) == -1  # closes only past e
    checked = 0
    for text in _example_lines():
        for m in re.finditer(r"\(", text):
            for e in (len(text), min(len(text), m.start() + 12)):
                assert _closing_bracket(text, m.start(), e) == _closing_by_depth(text, m.start(), e), text
                checked += 1
    assert checked > 100


def _strings_to_ask():
    """Every clause and list item of the example plans (normalised), each also with a trailing line
    break or two, and short edge strings: what the word tests below are asked, and more."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "examples" / "corpus"
    out = {"", "\n", "局", "局\n", "局\n\n", "各", "各单位\n", "成员单位\n", "成员单位\n\n", "有关\n", "推进"}
    for path in sorted(root.glob("*.txt")):
        for item in re.split(r"[、,;。:()\t]", normalise(path.read_text(encoding="utf-8")).text):
            for s in (item, item.strip(), item.strip("\n ")):
                out.update((s, s + "\n", s + "\n\n", s[:12], s[-12:]))
    return sorted(out)


def test_word_tests_answer_as_the_regexes_they_replace():
    """is_generic's pattern table, the verb-start, agency-suffix and role words as string tests give
    the answers of the regexes they replace (with re's "$", which matches before a final line break)."""
    import re

    from graphkit.loaders import units

    v = units.vocab()
    generic = re.compile("|".join(v["generic_patterns"]))
    verb_start = re.compile(r"^(?:" + units._alt(v["not_unit_starts"]) + r")")
    suffix = re.compile(r"(?:" + units._alt(v["agency_suffixes"]) + r")$")
    collective = re.compile("(?:" + "|".join(units._COLLECTIVE_ENDS.words) + ")$")
    verb_opening = re.compile("(?:" + units._alt(list(units._VERB_OPENING.words)) + ")")
    assert units._VERB_OPENING.words  # (the verbs none of whose beginnings looks like a unit)
    assert units._GENERIC.starts.words and units._GENERIC.ends.words and units._GENERIC.anywhere  # each kind in use
    strings = _strings_to_ask()
    assert len(strings) > 2000
    for s in strings:
        assert units._GENERIC.search(s) == bool(generic.search(s)), s
        assert units._VERB_STARTS.starts(s) == bool(verb_start.match(s)), s
        assert units._AGENCY_SUFFIXES.ends(s) == bool(suffix.search(s)), s
        assert units._COLLECTIVE_ENDS.ends(s) == bool(collective.search(s)), s
        assert units._VERB_OPENING.starts(s) == bool(verb_opening.match(s)), s
        for key, words in (("lead_role", units._LEAD_ROLES), ("support_role", units._SUPPORT_ROLES),
                           ("plain_role", units._PLAIN_ROLES)):
            assert words.ends(s) == bool(units._RX[key].search(s)), (key, s)


def test_generic_patterns_of_each_kind_are_sorted_into_their_test():
    from graphkit.loaders.units import _Generic

    g = _Generic(["有关", "^各", "成员单位$", "[市区县]直各", "^a|b", "x.y"])
    assert (g.anywhere, g.starts.words, g.ends.words) == (("有关",), ("各",), ("成员单位",))
    assert g.rest is not None and g.rest.pattern == "[市区县]直各|^a|b|x.y"  # regex syntax stays a regex
    assert g.search("zb") and g.search("a1") and not g.search("za") and g.search("xzy")


def test_words_answer_as_anchored_alternations():
    import re

    from graphkit.loaders.units import Words

    for words in (["局", "委员会", "委", "局\u3000"], ["推进", "推动", "加强"], ["", "局"], []):
        w = Words(words)
        starts = re.compile("(?:" + "|".join(map(re.escape, words)) + ")") if words else None
        ends = re.compile("(?:" + "|".join(map(re.escape, words)) + ")$") if words else None
        for s in ("", "\n", "局", "局\n", "局\n\n", "市局", "市委员会\n", "推进改革", "改革推进", "加", "x"):
            assert w.starts(s) == bool(starts and starts.match(s)), (words, s)
            assert w.ends(s) == bool(ends and ends.search(s)), (words, s)

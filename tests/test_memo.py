"""Per-plan memos: each memoised parser function answers from its memo until clear_per_plan."""

import pytest

from graphkit.loaders import memo, metadata, structure, units

# (memoised function, its memo, the function it remembers, a text it is asked, another text
# with another answer)
MEMOISED = [
    (metadata.clean_line, metadata._CLEAN_LINE_MEMO, metadata._clean_line, "  关于印发 《方案》 的通知 ", "其他"),
    (structure._title_kind, structure._TITLE_KIND_MEMO, structure._compute_title_kind, "重点任务", "附件"),
    (structure._marker_match, structure._MARKER_MATCH_MEMO, structure._compute_marker_match, "(一)优化服务",
     "市商务局"),
    (units.is_generic, units._IS_GENERIC_MEMO, units._compute_is_generic, "市有关部门", "市商务局"),
    (units.looks_like_unit, units._LOOKS_LIKE_UNIT_MEMO, units._compute_looks_like_unit, "市商务局",
     "进一步优化营商环境。"),
    (units._states_deadline, units._STATES_DEADLINE_MEMO, units._compute_states_deadline, "2021年底前",
     "市商务局"),
    (units._is_deadline, units._IS_DEADLINE_MEMO, units._compute_is_deadline, "长期坚持", "市商务局"),
    (units._part, units._PART_MEMO, units._compute_part, "市发改委", "市商务局"),
    (units._role_of, units._ROLE_OF_MEMO, units._compute_role_of, "市财政局配合", "市财政局牵头"),
    (units.units_statement_of, units._UNITS_STATEMENT_OF_MEMO, units._compute_units_statement_of,
     "市发改委牵头，市商务局配合", "市商务局"),
    (units._statement_parse, units._STATEMENT_PARSE_MEMO, units._compute_statement_parse, "市发改委牵头",
     "市商务局"),
    (units._level, units._LEVEL_MEMO, units._compute_level, "区商务局", "商务局"),
    (units._annotation_spans, units._ANNOTATION_SPANS_MEMO, units._compute_annotation_spans,
     "优化服务(牵头单位:市发改委)", "优化服务"),
]


@pytest.mark.parametrize("function, memo_dict, compute, text, other", MEMOISED,
                         ids=[m[0].__name__ for m in MEMOISED])
def test_a_memoised_function_computes_once_then_answers_from_its_memo(function, memo_dict, compute, text,
                                                                      other):
    memo.clear_per_plan()
    expected = _shown(compute(text))
    assert _shown(function(text)) == expected
    assert text in memo_dict and _shown(memo_dict[text]) == expected
    # the memo's answer, not a new computation: another text's answer put in its place comes back
    planted = compute(other)
    assert _shown(planted) != expected
    memo_dict[text] = planted
    assert _shown(function(text)) == _shown(planted)  # (compiled, a tuple comes back as an equal copy)
    memo.clear_per_plan()
    assert memo_dict == {}
    assert _shown(function(text)) == expected


def _shown(value):
    """A value compared by its repr (an Assignment of Pieces, a regex match: no value equality)."""
    return repr(value)


# (function of one character, its table, the function it remembers, a character, another character
# with another answer)
CHAR_TABLES = [
    (structure._levels_opening_with, structure._LEVELS_OPENING_WITH_TABLE,
     structure._compute_levels_opening_with, "(", "一"),
]


@pytest.mark.parametrize("function, table, compute, ch, other", CHAR_TABLES, ids=[t[0].__name__ for t in CHAR_TABLES])
def test_a_character_table_outlives_the_plan_and_stays_bounded(function, table, compute, ch, other):
    table.clear()
    expected = _shown(compute(ch))
    assert _shown(function(ch)) == expected and _shown(table[ch]) == expected
    planted = compute(other)
    assert _shown(planted) != expected
    table[ch] = planted
    memo.clear_per_plan()  # a plan's memos go; the table of one character's answers stays
    assert _shown(function(ch)) == _shown(planted)
    table.clear()
    for k in range(structure.CHAR_TABLE_MAX):  # full: the next new character begins it again
        function(chr(0x6000 + k))  # (none of them ch)
    assert len(table) == structure.CHAR_TABLE_MAX
    assert _shown(function(ch)) == expected and len(table) == 1
    table.clear()


def test_per_plan_dicts_are_separate_and_all_cleared():
    first, second = memo.per_plan_dict(), memo.per_plan_dict()
    first["a"], second["a"] = 1, 2
    assert (first["a"], second["a"]) == (1, 2)
    memo.clear_per_plan()
    assert first == {} and second == {}


def test_the_parser_clears_its_memos_before_each_plan():
    from graphkit.loaders.structure import parse_structure
    from graphkit.model import ExtractedPlan, PlanMeta

    units.is_generic("市有关部门")
    assert units._IS_GENERIC_MEMO
    parse_structure(ExtractedPlan(plan=PlanMeta(id="p", source="p.txt"), text="一、总体要求\n"))
    assert "市有关部门" not in units._IS_GENERIC_MEMO

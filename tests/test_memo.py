"""Per-plan memos: each distinct string computed once until clear_per_plan."""

from graphkit.loaders import memo


def test_memoised_computes_each_text_once_until_cleared():
    calls = []

    def length(text: str) -> int:
        calls.append(text)
        return len(text)

    lengths = memo.per_plan_dict()
    assert [memo.memoised(lengths, length, t) for t in ("市商务局", "市商务局", "区政府")] == [4, 4, 3]
    assert calls == ["市商务局", "区政府"]
    memo.clear_per_plan()
    assert memo.memoised(lengths, length, "市商务局") == 4
    assert calls == ["市商务局", "区政府", "市商务局"]


def test_memos_are_separate_and_all_cleared():
    calls = []
    uppers, lowers = memo.per_plan_dict(), memo.per_plan_dict()

    def upper(text: str) -> str:
        return calls.append(("upper", text)) or text.upper()

    def lower(text: str) -> str:
        return calls.append(("lower", text)) or text.lower()

    got = [memo.memoised(uppers, upper, "Ab"), memo.memoised(lowers, lower, "Ab"),
           memo.memoised(uppers, upper, "Ab"), memo.memoised(lowers, lower, "Ab")]
    assert got == ["AB", "ab", "AB", "ab"]
    assert calls == [("upper", "Ab"), ("lower", "Ab")]
    memo.clear_per_plan()
    assert [memo.memoised(uppers, upper, "Ab"), memo.memoised(lowers, lower, "Ab")] == ["AB", "ab"]
    assert calls == [("upper", "Ab"), ("lower", "Ab"), ("upper", "Ab"), ("lower", "Ab")]


def test_a_none_result_is_remembered_too():
    calls = []
    nones = memo.per_plan_dict()

    def nothing(text: str) -> None:
        calls.append(text)

    assert memo.memoised(nones, nothing, "x") is None and memo.memoised(nones, nothing, "x") is None
    assert calls == ["x"]


def test_memoised_recursion_is_memoised():
    depths = memo.per_plan_dict()

    def depth(text: str) -> int:
        return 0 if not text else 1 + memo.memoised(depths, depth, text[1:])

    assert memo.memoised(depths, depth, "一二三") == 3
    assert set(depths) == {"一二三", "二三", "三", ""}
    memo.clear_per_plan()
    assert depths == {}


def test_the_parser_clears_its_memos_before_each_plan():
    from graphkit.loaders import units
    from graphkit.loaders.structure import parse_structure
    from graphkit.model import ExtractedPlan, PlanMeta

    units.is_generic("市有关部门")
    assert units._IS_GENERIC_MEMO
    parse_structure(ExtractedPlan(plan=PlanMeta(id="p", source="p.txt"), text="一、总体要求\n"))
    assert "市有关部门" not in units._IS_GENERIC_MEMO

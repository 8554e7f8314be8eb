"""per_plan memos: each distinct string computed once until clear_per_plan."""

from graphkit.loaders import memo


def test_per_plan_computes_each_text_once_until_cleared():
    calls = []

    def length(text: str) -> int:
        calls.append(text)
        return len(text)

    cached = memo.per_plan(length)
    assert [cached("市商务局"), cached("市商务局"), cached("区政府")] == [4, 4, 3]
    assert calls == ["市商务局", "区政府"]
    memo.clear_per_plan()
    assert cached("市商务局") == 4
    assert calls == ["市商务局", "区政府", "市商务局"]


def test_per_plan_memos_are_separate_and_all_cleared():
    calls = []
    upper = memo.per_plan(lambda text: calls.append(("upper", text)) or text.upper())
    lower = memo.per_plan(lambda text: calls.append(("lower", text)) or text.lower())
    assert [upper("Ab"), lower("Ab"), upper("Ab"), lower("Ab")] == ["AB", "ab", "AB", "ab"]
    assert calls == [("upper", "Ab"), ("lower", "Ab")]
    memo.clear_per_plan()
    assert [upper("Ab"), lower("Ab")] == ["AB", "ab"]
    assert calls == [("upper", "Ab"), ("lower", "Ab"), ("upper", "Ab"), ("lower", "Ab")]


def test_per_plan_recursion_is_memoised():
    def depth(text: str) -> int:
        return 0 if not text else 1 + rec(text[1:])

    rec = memo.per_plan(depth)
    assert rec("一二三") == 3
    memo.clear_per_plan()

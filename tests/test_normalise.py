"""Normalisation keeps a map back to the original text."""

from graphkit.loaders.normalise import (
    EMPTY,
    Piece,
    join_pieces,
    normalise,
    original_span,
    original_text,
    piece_at,
    separator,
)


def test_full_width_forms_fold_to_half_width():
    n = normalise("（一）牵头单位：市发改委；完成时限：２０２１年")
    assert n.text == "(一)牵头单位:市发改委;完成时限:2021年"
    assert len(n.index) == len(n.text)


def test_bracket_variants_become_parentheses():
    assert normalise("〔牵头单位:X〕【责任单位:Y】").text == "(牵头单位:X)(责任单位:Y)"


def test_pdf_spaces_between_cjk_are_dropped_and_map_back():
    src = "宗 地征收，完 成 时 限：2021 年"
    n = normalise(src)
    assert n.text == "宗地征收,完成时限:2021年"
    k = n.text.index("完成时限")
    start, end = n.span(k, k + 4)
    assert src[start:end] == "完 成 时 限"


def test_spaces_between_latin_words_stay():
    assert normalise("Word table APP 应用").text == "Word table APP应用"


def test_traditional_characters_match_simplified_one_to_one():
    src = "牽頭單位：市場監管局"
    n = normalise(src)
    assert n.text == "牵头单位:市场监管局"
    assert len(n.text) == len(src)
    i = n.text.index("市场监管局")
    assert n.span(i, i + 5) == (5, 10)


def test_newlines_and_tabs_are_kept():
    n = normalise("1．任务\t市财政局\n2．任务")
    assert n.text == "1.任务\t市财政局\n2.任务"
    assert n.line_of(n.orig(n.text.index("2."))) == 2


def test_piece_join_keeps_offsets_and_original_text():
    src = "将“先建后验”\n推广到全区"
    n = normalise(src)
    a = Piece.of(n, 0, 7)
    b = Piece.of(n, 8, len(n.text))
    joined = join_pieces([a, b])
    assert joined.text == "将“先建后验”推广到全区"
    assert original_text(n, joined) == "将“先建后验”推广到全区"
    assert original_span(n, joined) == (0, len(src))


def test_pieces_that_continue_one_another_join_into_one_run():
    n = normalise("市发改委牵头\n市财政局")
    a, b, c = Piece.of(n, 0, 4), Piece.of(n, 4, 6), Piece.of(n, 7, 11)
    run = join_pieces([a, b])
    assert run.text == "市发改委牵头" and tuple(run.pos) == (0, 1, 2, 3, 4, 5)
    gap = join_pieces([run, c])  # the line break is not part of the piece
    assert tuple(gap.pos) == (0, 1, 2, 3, 4, 5, 7, 8, 9, 10)
    assert original_text(n, gap) == "市发改委牵头市财政局" and original_span(n, gap) == (0, 11)
    spaced = join_pieces([a, c], sep=" ")
    assert tuple(spaced.pos) == (0, 1, 2, 3, -1, 7, 8, 9, 10)
    assert original_text(n, spaced) == "市发改委 市财政局"
    assert tuple((a + c).pos) == (0, 1, 2, 3, 7, 8, 9, 10)


def test_original_text_leaves_out_the_dropped_spaces_only():
    n = normalise("牵 头\u3000单位：市 财政局 ,  Word  Art 局")
    assert n.text == "牵头单位:市财政局,Word Art局"
    assert original_text(n, Piece.of(n, 0, 9)) == "牵头单位：市财政局"  # every space in the run was dropped
    assert original_text(n, Piece.of(n, 0, len(n.text))) == "牵头单位：市财政局,Word Art局"  # one space kept
    n = normalise("\ufeff市\u200b财政局")  # zero-width characters fold to nothing
    assert original_text(n, Piece.of(n, 0, len(n.text))) == "市财政局"


def test_piece_strip_keeps_the_offsets_of_what_remains():
    p = Piece(" ;市财政局; ", 20, 28)
    q = p.strip(" ;")
    assert (q.text, q.pos) == ("市财政局", range(22, 26))
    assert q.strip(" ;") is q  # nothing left to strip: the same piece
    assert (p.strip(" ;市财政局").text, tuple(p.strip(" ;市财政局").pos)) == ("", ())
    assert tuple(p[2:4].pos) == (22, 23) and p[2:4].norm_span() == (22, 24)


def test_cut_sub_and_offsets_agree_with_slicing_the_offsets():
    """A run keeps two ints, a joined piece (start, length) pairs: cut, sub, offset and first_offset
    give what slicing ``pos`` gives, for both, with a slice's clamping."""
    run = Piece("市发改委牵头", 10, 16)
    joined = join_pieces([Piece("市发改委", 10, 14), Piece("牵头", 20, 22)], sep=" ")
    assert tuple(joined.pos) == (10, 11, 12, 13, -1, 20, 21) and tuple(run.pos) == tuple(range(10, 16))
    assert joined.runs == (10, 4, -1, 1, 20, 2)  # (start, length) pairs, not an offset per character
    for p in (run, joined):
        n = len(p.text)
        for a in range(n + 2):
            for b in range(n + 2):
                want = (p.text[a:b], tuple(p.pos)[a:b])
                assert (p.cut(a, b).text, tuple(p.cut(a, b).pos)) == want
                assert (p[a:b].text, tuple(p[a:b].pos)) == want
                if a <= b <= n:
                    q = p.sub(p.text[a:b], a, b)
                    assert (q.text, tuple(q.pos)) == want
        assert [p.offset(k) for k in range(n)] == list(p.pos)
        assert p.first_offset() == next(k for k in p.pos if k >= 0)
    assert run.cut(2, 4).runs is None and run.cut(2, 4).start == 12  # a run stays a run
    assert joined.cut(1, 3).runs is None and joined.cut(5, 7).start == 20  # so does a run cut from a joined piece
    assert separator(" ").first_offset() == -1 and EMPTY.first_offset() == -1
    assert tuple(run[::2].pos) == (10, 12, 14)  # a step: the offsets one by one
    assert piece_at("ab", range(3, 5)).runs is None and piece_at("ab", (3, 7)).runs == (3, 1, 7, 1)
    assert piece_at("abc", (3, 4, 5)).runs is None  # offsets that run on are a run


def _original_text_by_character(n, p):
    """original_text as its definition reads, one character at a time."""
    out = []
    for ch, k in zip(p.text, p.pos):
        if k < 0:
            out.append(" " if ch == " " else "")
        elif k < len(n.index) and n.original[n.index[k]] not in "\n\r\t":
            out.append(n.original[n.index[k]])
    return "".join(out).strip()


def test_joined_pieces_map_back_like_each_character_would():
    """Pieces joined from cuts of a text with dropped spaces and line breaks, with and without
    separators: original_text and original_span give what mapping each character gives."""
    n = normalise("市发改委 牵头，\n市财政局、 区 政府\t配合（2021年 底）\n Word  Art 局\u200b完成")
    whole = Piece.of(n, 0, len(n.text))
    cuts = [(0, 4), (4, 6), (7, 12), (12, 18), (18, 25), (25, len(n.text)), (3, 9), (0, 0)]
    for sep in ("", " ", "、"):
        for i, (a, b) in enumerate(cuts):
            for c, d in cuts[i:]:
                p = join_pieces([whole.cut(a, b), whole.cut(c, d)], sep=sep)
                assert original_text(n, p) == _original_text_by_character(n, p), (sep, a, b, c, d)
                real = [k for k in p.pos if k >= 0]
                want = (n.orig(min(real)), n.orig(max(real)) + 1) if real else (0, 0)
                assert original_span(n, p) == want, (sep, a, b, c, d)
                for x, y in [(1, 5), (0, len(p.text)), (2, 3)]:
                    q = p.cut(x, y)
                    assert original_text(n, q) == _original_text_by_character(n, q)
    end = len(n.text)
    past = Piece(n.text[-2:] + "x", end - 2, end + 1)  # offsets past the text have no original
    assert original_text(n, past) == "完成"
    for p in (past, join_pieces([whole.cut(0, 3), past], sep=" ")):
        assert original_text(n, p) == _original_text_by_character(n, p)


def test_empty_and_odd_input():
    assert normalise("").text == ""
    n = normalise("\u200b\ufeff\r\n")
    assert n.text == "\n\n"
    assert all(0 <= i < 4 for i in n.index)


from hypothesis import given, settings, strategies as st  # noqa: E402


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=" \t\n\r\x0c\u3000\u00a0\u2002ab1。，中文（）", max_size=60))
def test_no_line_has_a_space_at_its_ends_or_beside_a_tab(text):
    # layout.read_rows relies on this: it takes a line's tab-separated parts as its cells without
    # stripping them, "\t…" as a tab-led line and "" as the only blank line
    for line in normalise(text).text.split("\n"):
        assert line == line.strip(" ") and " \t" not in line and "\t " not in line, repr(line)


def test_characters_beyond_the_bmp_fold_like_the_others():
    """Texts with and without characters beyond the BMP fold every character as fold_char does
    (the fold scan's class holds a beyond-BMP range only when such a character changes)."""
    from graphkit.loaders.normalise import fold_char

    for src in ["牽頭單位:市\U0002F800發改委（一）", "牽頭單位:市發改委（一）", "\U00020000\U0002F81A，"]:
        assert normalise(src).text == "".join(fold_char(c) for c in src), src
    assert normalise("市\U00020000發改委（一）").text == "市\U00020000发改委(一)"


def test_original_text_drops_every_kind_of_dropped_space_in_a_run():
    src = "完 成\u200b时\u3000限 2021 年"
    n = normalise(src)
    assert n.text == "完成时限2021年"
    assert original_text(n, Piece.of(n, 0, 4)) == "完成时限"
    assert original_text(n, Piece.of(n, 0, len(n.text))) == "完成时限2021年"


def test_dropped_characters_leave_the_same_offsets_as_folding_each_character():
    """A text with characters that fold to nothing (zero-width space, BOM) is indexed run by run;
    the result is what folding it one character at a time gives."""
    from graphkit.loaders.normalise import fold_char

    for src in ["\u200b牽頭單位：市發改委\u200b\ufeff（一）", "\ufeff", "ａ\u200b\u200bｂ", "市\u200b", "\u200b市",
                "牽\u200b頭\ufeff單\u200b位", "完\u200b成 时 限：2021 年"]:
        n = normalise(src)
        kept = [i for i, c in enumerate(src) if fold_char(c)]
        folded = "".join(fold_char(c) for c in src)
        spaceless = normalise(folded)  # the space rule alone, on the folded text
        assert n.text == spaceless.text, src
        assert len(n.index) == len(n.text), src  # what the offset mapping's hot paths rely on
        assert [n.orig(k) for k in range(len(n.text))] == [kept[spaceless.orig(k)] for k in range(len(n.text))], src

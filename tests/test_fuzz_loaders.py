"""Property tests: whatever is in a file, extract_file returns a plan or raises DocumentError.

Random Unicode, heading soup, empty files, one huge line and random bytes. Anything else
escaping (IndexError, UnicodeError, RecursionError …) is a bug.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphkit.errors import DocumentError
from graphkit.extract import extract_file, extract_text
from graphkit.loaders.readers import SUPPORTED_SUFFIXES, read_bytes
from graphkit.loaders.structure import parse_structure

pytestmark = pytest.mark.slow

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

HEADINGS = ["一、", "（一）", "(二)", "1．", "2.", "12、", "第三章", "附件", "任务分工表", "牵头单位：", "责任单位：",
            "（牵头单位：区市场监管局）", "市发改委牵头", "\t", "  ", "\n", "2021年8月20日", "江北区", "重庆市",
            "实施方案", "关于印发", "的通知", "〔2021〕54号", "《", "》", "；", "。", "\u3000", "\ufeff", "\r"]



def _extract(data: bytes, suffix: str = ".txt"):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz{suffix}"
        path.write_bytes(data)
        try:
            plan = extract_file(path, entities=False)
        except DocumentError as exc:
            assert "\n" not in str(exc)
            return None
        for task in plan.tasks:  # provenance stays inside the text
            assert 0 <= task.span[0] <= task.span[1] <= len(plan.text)
        return plan


@SETTINGS
@given(st.text())
def test_random_unicode(text):
    _extract(text.encode("utf-8", errors="surrogatepass") if _has_surrogates(text) else text.encode("utf-8"))


def _has_surrogates(text: str) -> bool:
    return any(0xD800 <= ord(c) <= 0xDFFF for c in text)


@SETTINGS
@given(st.lists(st.one_of(st.sampled_from(HEADINGS), st.text(max_size=12)), max_size=80))
def test_heading_soup(parts):
    text = "".join(parts)
    if not _has_surrogates(text):
        _extract(text.encode("utf-8"))
        _extract(text.encode("gb18030", errors="replace"))


@SETTINGS
@given(st.binary(max_size=4000))
def test_random_bytes_as_txt(data):
    _extract(data)


@SETTINGS
@given(st.binary(max_size=2000), st.sampled_from([".docx", ".pdf", ".html"]))
def test_random_bytes_as_other_formats(data, suffix):
    _extract(data, suffix)


@SETTINGS
@given(st.lists(st.text(max_size=40), max_size=30))
def test_random_html_paragraphs(paragraphs):
    from xml.sax.saxutils import escape

    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs if not _has_surrogates(p))
    _extract(f"<html><body>{body}<table><tr><td>{body}</td></tr></table></body></html>".encode("utf-8"), ".html")


def test_empty_file_is_a_document_error(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(DocumentError, match="no text"):
        extract_file(tmp_path / "empty.txt")


def test_one_huge_line(tmp_path, monkeypatch):
    monkeypatch.setenv("GRAPHKIT_MAX_TEXT_CHARS", "2000000")  # above the default limit (README: When things go wrong)
    path = tmp_path / "huge.txt"
    path.write_text("1．" + "深化改革，" * 200_000 + "\n市发改委牵头\n", encoding="utf-8")
    plan = extract_file(path, entities=False)
    assert plan.text.startswith("1．深化改革")


UNIT_NOTES = ["（牵头单位：市发改委；责任单位：市商务局、市税务局；完成时限：2021年底）", "(牵头单位:X;责任单位:Y)",
              "牵头单位：区市场监管局", "责任单位：各县（市、区）政府", "市住建局牵头，市自然资源局配合", "（持续推进）",
              "序号\t重点任务\t牵头单位\t配合单位\t完成时间", "1\t", "\t区税务局\t", "附件：任务分工表", "①", "〇"]


@SETTINGS
@given(st.lists(st.one_of(st.sampled_from(HEADINGS + UNIT_NOTES), st.text(max_size=8)), max_size=100))
def test_parse_structure_never_raises(parts):
    """The structure parser on heading and unit-annotation soup: never raises, never gives up."""
    text = "".join(parts)
    plan = extract_text(text, "soup.txt", entities=False)  # runs parse_structure
    assert not any(w.code == "structure-error" for w in plan.warnings), plan.warnings
    plan.tasks.clear()
    plan.sections.clear()
    plan.warnings.clear()
    parse_structure(plan)  # again, directly
    assert not any(w.code == "structure-error" for w in plan.warnings), plan.warnings
    for task in plan.tasks:
        assert 0 <= task.span[0] <= task.span[1] <= len(plan.text)


@SETTINGS
@given(st.binary(max_size=3000), st.sampled_from(sorted(SUPPORTED_SUFFIXES)))
def test_every_reader_on_random_bytes(data, suffix):
    """Each reader, by every suffix it answers to: a Document or one-line DocumentError."""
    try:
        doc = read_bytes(data, suffix, f"fuzz{suffix}")
    except DocumentError as exc:
        assert "\n" not in str(exc)
        return
    assert doc.text.strip() and "\x00" not in doc.text and "\r" not in doc.text


ENTITY_BITS = ["2021年3月底", "6月底前完成", "第三季度", "上半年", "年底前", "长期推进", "十二月", "2020年", "〔2022〕",
               "不低于30%", "压缩至3个工作日", "达到300件以上", "减少50%", "一个终端", "3月31日", "率", "（", "）",
               "证照分离", "一网通办", "最多跑一次", "双随机、一公开", "實施", "營商環境", "１２３", "“", "”", "《",
               "市市场监管局", "区发改委", "常州市", "人民银行常州市支行", "各县（市、区）政府", "等部门", "\U00020000"]


@SETTINGS
@given(st.lists(st.one_of(st.sampled_from(HEADINGS + UNIT_NOTES + ENTITY_BITS), st.text(max_size=8)), max_size=100))
def test_entity_layer_never_raises(parts):
    """The entity layer (compiled at install, like the parser) on soup of deadlines, targets, reforms,
    agencies, traditional and full-width characters: it never raises, and every span it gives stays inside
    the text."""
    text = "".join(parts)
    if _has_surrogates(text):
        return
    plan = extract_text(text, "soup.txt")  # entities=True: enrich() runs on every task
    n = len(plan.text)
    for task in plan.tasks:
        spans = [u.span for u in (*task.leads, *task.supports)] + [r.span for r in task.reforms]
        spans += [t.span for t in task.targets if t.span is not None]
        if task.deadline is not None and task.deadline.span is not None:
            spans.append(task.deadline.span)
        for start, end in spans:
            assert 0 <= start <= end <= n, (start, end, n)

"""The same plan in every supported format gives the same tasks and units as the UTF-8 .txt.

The Changzhou task-division table is written out as GB18030, UTF-16 and UTF-8-with-BOM
text, as a Word file (headings as paragraphs, each task and its units as a row of a real
Word table), as GBK-declared HTML (with page chrome that must be dropped) and as a PDF
with a text layer (reportlab's built-in CID font STSong-Light, no font files needed).
Generated files live in tmp_path, never in the repository.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from graphkit.extract import extract_file
from graphkit.loaders.readers import read_document

CORPUS = Path(__file__).resolve().parent.parent / "examples" / "corpus"
CHANGZHOU = CORPUS / "changzhou-2020-task-division.txt"
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])")



def changzhou_blocks() -> tuple[list[str], list[tuple[str, ...]]]:
    """The plan as (preamble paragraphs, blocks): ("heading", text) or ("row", task, units)."""
    lines = [line.strip() for line in CHANGZHOU.read_text(encoding="utf-8").split("\n") if line.strip()]
    first = next(i for i, line in enumerate(lines) if _HEADING.match(line))
    preamble, blocks = lines[:first], []
    task = None
    for line in lines[first:]:
        if _HEADING.match(line) and task is None:
            blocks.append(("heading", line))
        elif task is None and blocks[-1][0] == "heading" and len(line) < 20 and "，" not in line:
            blocks[-1] = ("heading", blocks[-1][1] + line)  # "（四）放宽" / "社会资本准入限制"
        elif task is None:
            task = line
        else:
            blocks.append(("row", task, line))
            task = None
    assert task is None
    return preamble, blocks


def signature(plan, drop: str = "") -> list[tuple]:
    """What must not depend on the format: each task's number, text and unit mentions."""
    def clean(text: str) -> str:
        return "".join(ch for ch in text if ch not in drop and not ch.isspace())

    return [
        (t.number, clean(t.text), [clean(u.mention) for u in t.leads], [clean(u.mention) for u in t.supports])
        for t in plan.tasks
    ]


@pytest.fixture(scope="module")
def reference():
    plan = extract_file(CHANGZHOU, sidecar=False, entities=False)
    return plan


def _check_reference(reference) -> None:
    assert len(reference.tasks) >= 70, "the reference .txt must yield the Changzhou tasks"
    assert any(t.leads for t in reference.tasks)


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", "utf-8-sig"])
def test_encodings_give_same_tasks(tmp_path, reference, encoding):
    _check_reference(reference)
    path = tmp_path / f"changzhou-{encoding}.txt"
    path.write_bytes(CHANGZHOU.read_text(encoding="utf-8").encode(encoding))
    plan = extract_file(path, sidecar=False, entities=False)
    assert read_document(path).encoding == encoding
    assert plan.text == reference.text
    assert signature(plan) == signature(reference)


def write_docx(path: Path) -> None:
    import docx

    preamble, blocks = changzhou_blocks()
    document = docx.Document()
    for line in preamble:
        document.add_paragraph(line)
    table = None
    for block in blocks:
        if block[0] == "heading":
            document.add_paragraph(block[1])
            table = None
            continue
        if table is None:
            table = document.add_table(rows=0, cols=2)
        cells = table.add_row().cells
        cells[0].text = block[1]
        cells[1].text = block[2]
    document.save(str(path))


def test_docx_table_gives_same_tasks(tmp_path, reference):
    _check_reference(reference)
    path = tmp_path / "changzhou.docx"
    write_docx(path)
    doc = read_document(path)
    assert doc.format == "docx"
    _, blocks = changzhou_blocks()
    rows = [b for b in blocks if b[0] == "row"]
    # each table row is one line: task cell, tab, units cell
    assert f"{rows[0][1]}\t{rows[0][2]}" in doc.text.split("\n")
    plan = extract_file(path, sidecar=False, entities=False)
    assert signature(plan) == signature(reference)


def write_html(path: Path) -> None:
    preamble, blocks = changzhou_blocks()
    parts = [
        '<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
        "<title>站点标题 - 不应出现</title><style>p { color: red }</style>",
        "<script>var 导航 = '不应出现';</script></head><body>",
        "<header>网站首页 | 政务公开</header><nav><a href='/'>首页</a> <a>导航栏不应出现</a></nav>",
        '<div class="content">',
    ]
    parts += [f"<p>{escape(line)}</p>" for line in preamble]
    open_table = False
    for block in blocks:
        if block[0] == "heading":
            if open_table:
                parts.append("</table>")
                open_table = False
            parts.append(f"<h3>\n  {escape(block[1])}\n</h3>")
            continue
        if not open_table:
            parts.append("<table border=1>")
            open_table = True
        parts.append(f"<tr><td>{escape(block[1])}</td>\n<td>{escape(block[2])}</td></tr>")
    if open_table:
        parts.append("</table>")
    parts.append("</div><footer>版权所有 不应出现</footer></body></html>")
    path.write_bytes("\n".join(parts).encode("gb18030"))


def test_html_gbk_gives_same_tasks(tmp_path, reference):
    _check_reference(reference)
    path = tmp_path / "changzhou.html"
    write_html(path)
    doc = read_document(path)
    assert doc.encoding == "gb18030"
    assert "不应出现" not in doc.text  # title, script, nav, header and footer are dropped
    plan = extract_file(path, sidecar=False, entities=False)
    assert signature(plan) == signature(reference)


def write_pdf(path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("zh", fontName="STSong-Light", fontSize=12, leading=20, firstLineIndent=24,
                           wordWrap="CJK")
    preamble, blocks = changzhou_blocks()
    lines = preamble + [text for block in blocks for text in block[1:]]
    SimpleDocTemplate(str(path), pagesize=A4).build([Paragraph(escape(line), style) for line in lines])


# STSong-Light has no glyph for the middle dot in "中国（常州·机器人…）": reportlab drops it.
PDF_FONT_GAPS = "·"


def test_pdf_gives_same_tasks(tmp_path, reference):
    _check_reference(reference)
    path = tmp_path / "changzhou.pdf"
    write_pdf(path)
    doc = read_document(path)
    assert doc.format == "pdf"
    plan = extract_file(path, sidecar=False, entities=False)
    assert signature(plan, drop=PDF_FONT_GAPS) == signature(reference, drop=PDF_FONT_GAPS)


def test_pdf_wrapped_lines_are_joined(tmp_path):
    path = tmp_path / "changzhou.pdf"
    write_pdf(path)
    text = read_document(path).text
    # task 25 wraps over two lines (and a page break in this layout): one line again
    task25 = next(line for line in text.split("\n") if line.startswith("25．"))
    assert task25.endswith("按新用途办理用地手续。")


def write_pdf_table(path: Path) -> None:
    """Headings as paragraphs, each task and its units as a row of a ruled table (cells wrap)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("zh", fontName="STSong-Light", fontSize=10.5, leading=15, wordWrap="CJK")
    preamble, blocks = changzhou_blocks()
    story = [Paragraph(escape(line), style) for line in preamble]
    rows: list = []

    def flush() -> None:
        if rows:
            table = Table(list(rows), colWidths=[300, 150])
            table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                       ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
            story.append(table)
            rows.clear()

    for block in blocks:
        if block[0] == "heading":
            flush()
            story.append(Paragraph(escape(block[1]), style))
        else:
            rows.append([Paragraph(escape(block[1]), style), Paragraph(escape(block[2]), style)])
    flush()
    SimpleDocTemplate(str(path), pagesize=A4).build(story)


def test_pdf_ruled_table_gives_same_tasks(tmp_path, reference):
    _check_reference(reference)
    path = tmp_path / "changzhou-table.pdf"
    write_pdf_table(path)
    doc = read_document(path)
    _, blocks = changzhou_blocks()
    first = next(b for b in blocks if b[0] == "row")
    # a task wrapping inside its cell is one line, its units the next cell
    assert f"{first[1]}\t{first[2]}" in doc.text.split("\n")
    plan = extract_file(path, sidecar=False, entities=False)
    assert signature(plan, drop=PDF_FONT_GAPS) == signature(reference, drop=PDF_FONT_GAPS)

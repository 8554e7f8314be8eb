"""Readers: encodings are detected, tables keep their rows, bad files fail with one line."""

from __future__ import annotations

import os
import zipfile

import pytest

from graphkit.errors import DocumentError, EmptyDocument, UnsupportedDocument
from graphkit.extract import iter_documents
from graphkit.loaders.readers import read_document
from graphkit.loaders.readers.plain import decode_bytes

PLAN = "常州市优化营商环境任务分工表\n一、营造更省心的企业投资环境\n1．深化“证照分离”改革。\n市市场监管局牵头\n"


# -- plain text ------------------------------------------------------------------------------

@pytest.mark.parametrize("encoding,expected", [
    ("utf-8", "utf-8"),
    ("utf-8-sig", "utf-8-sig"),
    ("gb18030", "gb18030"),
    ("gbk", "gb18030"),  # GBK bytes are GB18030 bytes
    ("utf-16", "utf-16"),  # with BOM
    ("utf-16-be", None),  # no BOM: refused below, not guessed
])
def test_text_encodings(tmp_path, encoding, expected):
    path = tmp_path / "plan.txt"
    raw = PLAN.encode(encoding)
    if encoding == "utf-16-be":
        path.write_bytes(raw)
        with pytest.raises(DocumentError, match="binary"):
            read_document(path)
        return
    path.write_bytes(raw)
    doc = read_document(path)
    assert doc.text == PLAN
    assert doc.encoding == expected
    assert doc.format == "txt"
    assert doc.warnings == []


def test_utf16_big_endian_with_bom(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_bytes(b"\xfe\xff" + PLAN.encode("utf-16-be"))
    assert read_document(path).text == PLAN


def test_crlf_becomes_lf_and_bom_is_dropped(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_bytes(b"\xef\xbb\xbf" + PLAN.replace("\n", "\r\n").encode("utf-8"))
    assert read_document(path).text == PLAN


def test_invalid_bytes_are_replaced_with_a_warning_naming_the_line(tmp_path):
    path = tmp_path / "plan.txt"
    lines = PLAN.encode("utf-8").split(b"\n")
    head = "1．".encode("utf-8")
    lines[2] = head + b"\xff" + lines[2][len(head):]  # one bad byte in line 3 only
    path.write_bytes(b"\n".join(lines))
    doc = read_document(path)
    assert "\ufffd" in doc.text.split("\n")[2]
    assert [(w.line, w.code) for w in doc.warnings] == [(3, "decode")]
    assert "U+FFFD" in doc.warnings[0].message


def test_binary_file_is_a_document_error(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(DocumentError) as info:
        read_document(path)
    message = str(info.value)
    assert message.startswith(str(path)) and "\n" not in message


def test_control_character_soup_is_refused():
    with pytest.raises(DocumentError, match="not a text document"):
        decode_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 8]) * 20 + "营商".encode(), "x.txt")


def test_empty_and_whitespace_documents(tmp_path):
    for content in (b"", b" \n\t\r\n"):
        path = tmp_path / "empty.txt"
        path.write_bytes(content)
        with pytest.raises(EmptyDocument):
            read_document(path)


def test_missing_and_unsupported_files(tmp_path):
    with pytest.raises(DocumentError, match="no such file"):
        read_document(tmp_path / "missing.txt")
    other = tmp_path / "sheet.xlsx"
    other.write_bytes(b"PK")
    with pytest.raises(UnsupportedDocument, match=r"\.xlsx"):
        read_document(other)


# -- Word ------------------------------------------------------------------------------------

def _docx_with_merged_cells(path):
    import docx

    document = docx.Document()
    document.add_paragraph("一、优化营商环境")
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1))  # horizontal merge: header spans two columns
    table.cell(0, 0).text = "主要任务"
    table.cell(0, 2).text = "责任单位"
    table.cell(1, 0).text = "1"
    cell = table.cell(1, 1)
    cell.text = "深化改革，"
    cell.add_paragraph("提高效率。")  # two paragraphs in one cell stay on one line
    table.cell(1, 2).merge(table.cell(2, 2))  # vertical merge: one unit for two tasks
    table.cell(1, 2).text = "市市场监管局牵头"
    table.cell(2, 0).text = "2"
    table.cell(2, 1).text = "推行一网通办。"
    document.add_paragraph("二、加强保障")
    document.save(str(path))


def test_docx_paragraphs_and_tables_in_order(tmp_path):
    path = tmp_path / "plan.docx"
    _docx_with_merged_cells(path)
    doc = read_document(path)
    assert doc.format == "docx"
    assert doc.text.split("\n") == [
        "一、优化营商环境",
        "主要任务\t责任单位",  # merged header cell once
        "1\t深化改革，提高效率。\t市市场监管局牵头",
        "2\t推行一网通办。\t市市场监管局牵头",  # vertically merged cell read on each row
        "二、加强保障",
        "",
    ]


def test_docx_tab_stops_are_not_tab_characters(tmp_path):
    """A paragraph's tab stops (w:pPr/w:tabs/w:tab) set where a tab would go; only a run's w:tab is
    a tab character (read as a table cell boundary, so a stray one would make a heading a row)."""
    import docx
    from docx.shared import Inches

    document = docx.Document()
    heading = document.add_paragraph("一、优化政务服务")
    heading.paragraph_format.tab_stops.add_tab_stop(Inches(1))
    heading.paragraph_format.tab_stops.add_tab_stop(Inches(2))
    row = document.add_paragraph("1")
    row.paragraph_format.tab_stops.add_tab_stop(Inches(1))
    row.add_run().add_tab()
    row.add_run("推行一网通办。")
    path = tmp_path / "tabs.docx"
    document.save(str(path))
    assert read_document(path).text.split("\n") == ["一、优化政务服务", "1\t推行一网通办。", ""]


def test_corrupt_docx_is_a_document_error(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"this is not a zip file")
    with pytest.raises(DocumentError, match="not a readable .docx"):
        read_document(path)
    path2 = tmp_path / "empty-zip.docx"
    with zipfile.ZipFile(path2, "w") as archive:
        archive.writestr("hello.txt", "no word document here")
    with pytest.raises(DocumentError, match="not a readable .docx"):
        read_document(path2)


# -- PDF -------------------------------------------------------------------------------------

def test_pdf_without_text_layer(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.rect(100, 100, 200, 300, fill=1)  # a page with only a picture-like shape
    pdf.showPage()
    pdf.save()
    with pytest.raises(DocumentError, match=r"no text layer \(scanned PDF\?\)"):
        read_document(path)


def test_not_a_pdf(tmp_path):
    path = tmp_path / "fake.pdf"
    path.write_text("plain text pretending", encoding="utf-8")
    with pytest.raises(DocumentError, match="not a PDF"):
        read_document(path)
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog")
    with pytest.raises(DocumentError):
        read_document(truncated)


def test_pdf_table_row_cells_are_tab_joined(tmp_path):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "table.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.setFont("STSong-Light", 12)
    pdf.drawString(72, 700, "1．深化证照分离改革。")
    pdf.drawString(320, 700, "市市场监管局牵头")
    pdf.drawString(72, 680, "2．推行一网通办。")
    pdf.drawString(320, 680, "市政务办牵头")
    pdf.drawString(290, 60, "- 1 -")  # page number: dropped
    pdf.showPage()
    pdf.save()
    assert read_document(path).text.split("\n")[:2] == [
        "1．深化证照分离改革。\t市市场监管局牵头",
        "2．推行一网通办。\t市政务办牵头",
    ]
    assert "- 1 -" not in read_document(path).text


# -- HTML ------------------------------------------------------------------------------------

def test_html_main_content_blocks_and_tables(tmp_path):
    html = """<html><head><meta charset="utf-8"><title>门户</title></head><body>
    <nav>首页 导航</nav>
    <main><h1>某区优化营商环境
    实施方案</h1>
    <p>一、<b>总体</b>要求</p>
    <p>第一段<br>第二段</p>
    <table><tr><th colspan="2">主要任务</th><th>责任单位</th></tr>
    <tr><td>1</td><td><p>推行</p><p>一网通办。</p></td><td rowspan="2">区政务办</td></tr>
    <tr><td>2</td><td>压缩审批时限。</td></tr></table>
    <script>alert("x")</script></main>
    <footer>版权所有</footer></body></html>"""
    path = tmp_path / "plan.html"
    path.write_text(html, encoding="utf-8")
    doc = read_document(path)
    assert doc.text.split("\n") == [
        "某区优化营商环境实施方案",  # a source line break between CJK characters vanishes
        "一、总体要求",
        "第一段",
        "第二段",
        "主要任务\t责任单位",
        "1\t推行一网通办。\t区政务办",
        "2\t压缩审批时限。\t区政务办",  # rowspan repeats, like a merged Word cell
        "",
    ]


@pytest.mark.parametrize("declared", ["gb2312", "GBK", "gb18030"])
def test_html_declared_chinese_charsets(tmp_path, declared):
    path = tmp_path / "plan.htm"
    body = f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={declared}"></head>' \
           f"<body><p>{PLAN.splitlines()[0]}</p></body></html>"
    path.write_bytes(body.encode("gb18030"))
    doc = read_document(path)
    assert doc.encoding == "gb18030"
    assert doc.text == PLAN.splitlines()[0] + "\n"


def test_html_without_declaration_is_detected(tmp_path):
    path = tmp_path / "plan.html"
    path.write_bytes(f"<p>{PLAN}</p>".encode("gb18030"))
    assert read_document(path).encoding == "gb18030"


def test_html_wrong_declaration_falls_back_with_a_warning(tmp_path):
    path = tmp_path / "plan.html"
    path.write_bytes(f'<meta charset="utf-8"><p>{PLAN}</p>'.encode("gb18030"))
    doc = read_document(path)
    assert doc.encoding == "gb18030"
    assert "declared charset" in doc.warnings[0].message


# -- directories -----------------------------------------------------------------------------

def test_iter_documents_recurses_skips_and_guards_loops(tmp_path):
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "notes.xlsx").write_bytes(b"")
    (tmp_path / "a.txt.meta.json").write_text("{}", encoding="utf-8")
    (tmp_path / "corpus.json").write_text("{}", encoding="utf-8")
    (tmp_path / "~$a.docx").write_bytes(b"")
    (tmp_path / ".hidden.txt").write_text("x", encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "b.HTML").write_text("<p>x</p>", encoding="utf-8")
    os.symlink(tmp_path, sub / "loop")  # a link back up: must not recurse forever
    found = list(iter_documents([tmp_path]))
    readable = [p.relative_to(tmp_path).as_posix() for p, skip in found if skip is None]
    skipped = {p.name: skip for p, skip in found if skip}
    assert readable == ["a.txt", "sub/b.HTML"]
    assert skipped["notes.xlsx"] == "unsupported file type .xlsx"
    assert "loop" in skipped["loop"]
    assert set(skipped) == {"notes.xlsx", "loop"}


def test_iter_documents_yields_named_files_as_given(tmp_path):
    assert list(iter_documents([tmp_path / "missing.pdf"])) == [(tmp_path / "missing.pdf", None)]


def test_pdf_spaces_between_cjk_glyphs_are_dropped(tmp_path):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "spread.pdf"
    pdf = canvas.Canvas(str(path))
    text = pdf.beginText(72, 700)
    text.setFont("STSong-Light", 12)
    text.setCharSpace(6)  # glyphs spread apart as in justified text
    text.textLine("优化营商环境 Action Plan")
    pdf.drawText(text)
    pdf.showPage()
    pdf.save()
    line = read_document(path).text.split("\n")[0]
    assert line.startswith("优化营商环境")


def test_pdf_ruled_table_with_merged_cells(tmp_path):
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("zh", fontName="STSong-Light", fontSize=11, leading=16, wordWrap="CJK")
    cell = lambda text: Paragraph(text, style)  # noqa: E731
    data = [
        [cell("主要任务"), "", cell("责任单位")],
        [cell("1"), cell("深化改革，提高效率，" * 4), cell("市市场监管局牵头")],
        [cell("2"), cell("推行一网通办。"), ""],
    ]
    table = Table(data, colWidths=[40, 240, 120])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                               ("SPAN", (0, 0), (1, 0)), ("SPAN", (2, 1), (2, 2))]))
    path = tmp_path / "merged.pdf"
    SimpleDocTemplate(str(path)).build([cell("一、优化营商环境"), table, cell("二、加强保障")])
    assert read_document(path).text.split("\n") == [
        "一、优化营商环境",
        "主要任务\t责任单位",
        "1\t" + "深化改革，提高效率，" * 4 + "\t市市场监管局牵头",  # wrapped in its cell: one line
        "2\t推行一网通办。\t市市场监管局牵头",
        "二、加强保障",
        "",
    ]


def test_deeply_nested_html_is_read_or_refused_cleanly(tmp_path):
    path = tmp_path / "deep.html"
    path.write_text("<div>" * 20000 + "营商环境" + "</div>" * 20000, encoding="utf-8")
    assert read_document(path).text == "营商环境\n"
    nested = tmp_path / "tables.html"
    nested.write_text("<table><tr><td>" * 3000 + "营商环境" + "</td></tr></table>" * 3000, encoding="utf-8")
    try:
        assert "营商环境" in read_document(nested).text
    except DocumentError as exc:
        assert "nests too deeply" in str(exc)


def _numbered_docx(path):
    """Headings numbered by Word itself: 一、 / （一） / 1． come from numbering.xml, not the text."""
    import docx
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {w} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3．"/></w:lvl>'
        '</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {w} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def numbered(text, level):
        paragraph = document.add_paragraph(text)
        paragraph._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {w}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))

    numbered("营造更省心的企业投资环境", 0)
    numbered("提高企业开办效率", 1)
    numbered("深化证照分离改革。", 2)
    numbered("推行一网通办。", 2)
    numbered("优化财产登记服务", 1)
    numbered("压缩登记时限。", 2)
    numbered("营造更舒心的产业发展环境", 0)
    numbered("放宽准入限制", 1)
    document.add_paragraph("附件")  # not numbered
    document.save(str(path))


def test_docx_automatic_numbering_is_replayed(tmp_path):
    path = tmp_path / "numbered.docx"
    _numbered_docx(path)
    assert read_document(path).text.split("\n") == [
        "一、营造更省心的企业投资环境",
        "（一）提高企业开办效率",
        "1．深化证照分离改革。",
        "2．推行一网通办。",
        "（二）优化财产登记服务",
        "1．压缩登记时限。",  # a deeper level restarts under a new parent
        "二、营造更舒心的产业发展环境",
        "（一）放宽准入限制",
        "附件",
        "",
    ]


def _styled_docx(tmp_path):
    """_numbered_docx plus two paragraphs numbered by their style (w:pStyle → the style's w:numPr),
    as Word's list styles number them."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import parse_xml

    path = tmp_path / "plain.docx"
    _numbered_docx(path)
    document = docx.Document(str(path))
    style = document.styles.add_style("TaskNumber", WD_STYLE_TYPE.PARAGRAPH)
    style.element.get_or_add_pPr().append(parse_xml(
        '<w:numPr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        '<w:ilvl w:val="2"/><w:numId w:val="90"/></w:numPr>'))
    document.add_paragraph("按样式编号的任务。", style="TaskNumber")
    document.add_paragraph("又一项任务。", style="TaskNumber")
    styled = tmp_path / "styled.docx"
    document.save(str(styled))
    return styled


def test_docx_paragraph_style_numbering_is_replayed(tmp_path):
    assert read_document(_styled_docx(tmp_path)).text.split("\n")[-3:] == ["1．按样式编号的任务。", "2．又一项任务。", ""]


def _rewrite_zip(source, target, replace):
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            new.writestr(item, replace.get(item.filename, old.read(item.filename)))


def test_docx_with_a_broken_styles_part_still_reads(tmp_path):
    """The styles part is read only to number paragraphs: not well-formed, it numbers nothing and
    the text is read; a broken document part is a one-line DocumentError."""
    path = _styled_docx(tmp_path)
    broken_styles = tmp_path / "broken-styles.docx"
    _rewrite_zip(path, broken_styles, {"word/styles.xml": b"<w:styles numPr"})
    assert read_document(broken_styles).text.split("\n")[-3:] == ["按样式编号的任务。", "又一项任务。", ""]
    broken_body = tmp_path / "broken-body.docx"
    _rewrite_zip(path, broken_body, {"word/document.xml": b"<w:document"})
    with pytest.raises(DocumentError, match="not a readable .docx"):
        read_document(broken_body)


def test_docx_with_a_broken_or_missing_numbering_part_still_reads(tmp_path):
    """Like the styles, the numbering part only numbers paragraphs: not well-formed or missing, it
    numbers nothing and the text is read."""
    path = tmp_path / "numbered.docx"
    _numbered_docx(path)
    unnumbered = ["营造更省心的企业投资环境", "提高企业开办效率", "深化证照分离改革。"]
    broken = tmp_path / "broken-numbering.docx"
    _rewrite_zip(path, broken, {"word/numbering.xml": b"<w:numbering"})
    assert read_document(broken).text.split("\n")[:3] == unnumbered
    missing = tmp_path / "no-numbering.docx"
    with zipfile.ZipFile(path) as old, zipfile.ZipFile(missing, "w") as new:
        for item in old.infolist():
            if item.filename != "word/numbering.xml":
                new.writestr(item, old.read(item.filename))
    assert read_document(missing).text.split("\n")[:3] == unnumbered
    # the main part's relationships name the numbering part, and are read only when it is
    broken_rels = tmp_path / "broken-rels.docx"
    _rewrite_zip(path, broken_rels, {"word/_rels/document.xml.rels": b"<Relationships"})
    assert read_document(broken_rels).text.split("\n")[:3] == unnumbered


def test_docx_numbering_and_styles_are_read_only_for_a_paragraph_that_could_be_numbered():
    """Numbering reads neither part until a paragraph names a list or a style; then the numbering
    part, and the styles only when the numbering has lists and a paragraph names a style."""
    from lxml import etree

    from graphkit.loaders.readers.word_numbering import Numbering

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    numbering_xml = (f'<w:numbering xmlns:w="{w}"><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0">'
                     '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1．"/></w:lvl></w:abstractNum>'
                     '<w:num w:numId="7"><w:abstractNumId w:val="1"/></w:num></w:numbering>').encode()
    asked: list[str] = []

    def part(name, data):
        def read():
            asked.append(name)
            return data
        return read

    numbering = Numbering(part("numbering", numbering_xml), part("styles", None))
    plain = etree.fromstring(f'<w:pPr xmlns:w="{w}"><w:jc w:val="center"/></w:pPr>')
    listed = etree.fromstring(f'<w:pPr xmlns:w="{w}"><w:numPr><w:ilvl w:val="0"/><w:numId w:val="7"/></w:numPr></w:pPr>')
    styled = etree.fromstring(f'<w:pPr xmlns:w="{w}"><w:pStyle w:val="Heading1"/></w:pPr>')
    assert numbering.label(plain) == "" and asked == []
    assert [numbering.label(listed), numbering.label(listed)] == ["1．", "2．"] and asked == ["numbering"]
    assert numbering.label(styled) == "" and asked == ["numbering", "styles"]


def test_a_zip_whose_main_part_is_not_a_word_document_is_refused(tmp_path):
    path = tmp_path / "numbered.docx"
    _numbered_docx(path)
    sheet = tmp_path / "sheet.docx"
    _rewrite_zip(path, sheet, {"word/document.xml": b'<workbook xmlns="urn:x"><sheets/></workbook>'})
    with pytest.raises(DocumentError, match="not a readable .docx file .*not a Word document"):
        read_document(sheet)


@pytest.mark.parametrize("n,text", [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (35, "三十五"),
                                    (100, "一百"), (105, "一百零五"), (110, "一百一十")])
def test_chinese_counting(n, text):
    from graphkit.loaders.readers.word_numbering import chinese_number

    assert chinese_number(n) == text


def test_a_plain_utf8_file_hands_its_bytes_on_only_when_they_are_the_text(tmp_path):
    """Document.utf8 (hashed for the plan id instead of encoding the text again) is the text's
    UTF-8 exactly, and is left unset whenever reading changed the text."""
    from graphkit.loaders.readers import read_document
    from graphkit.model import plan_id_for

    cases = {"plain.txt": "一、总体要求\n牵头单位:市发改委\n".encode(),
             "crlf.txt": "一、总体要求\r\n牵头单位\r\n".encode(),
             "bom.txt": b"\xef\xbb\xbf" + "一、总体要求\n".encode(),
             "nul.txt": ("一、总体\x00要求" + "推进" * 20 + "\n").encode(),
             "gbk.txt": "一、总体要求\n".encode("gb18030")}
    for name, raw in cases.items():
        path = tmp_path / name
        path.write_bytes(raw)
        doc = read_document(path)
        if doc.utf8 is not None:
            assert doc.utf8 == doc.text.encode("utf-8"), name
        assert (doc.utf8 is not None) == (name == "plain.txt"), name
        assert plan_id_for(doc.text, doc.utf8) == plan_id_for(doc.text)

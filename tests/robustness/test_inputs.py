"""Bad and odd inputs (README: When things go wrong (Inputs)): one test per row, through the real CLI."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from graphkit.extract import extract_file

from conftest import CORPUS, one_line_error, run

QUZHOU = CORPUS / "quzhou-2022-implementation-plan.txt"
PLAN = "一、主要任务\n1.推进企业开办全程网办。（牵头单位：市市场监管局）\n2.深化工程建设项目审批制度改革。（牵头单位：市住建局）\n"


def test_missing_file_is_exit_3_naming_it(isolated_env):
    r = run("extract", "nope.txt")
    assert r.exit_code == 3
    assert one_line_error(r.stderr, "error[") == "error[GK100]: nope.txt: no such file"


def test_missing_path_without_suffix_says_missing_not_unsupported(isolated_env):
    r = run("extract", "no-such-folder")
    assert r.exit_code == 3
    assert one_line_error(r.stderr, "error[") == "error[GK100]: no-such-folder: no such file or directory"


def test_missing_next_to_good_is_partial_exit_1(isolated_env):
    shutil.copy(QUZHOU, "q.txt")
    r = run("extract", "q.txt", "nope.txt")
    assert r.exit_code == 1
    assert "error[GK100]: nope.txt: no such file" in r.stderr
    assert "q.txt" in r.stdout


def test_empty_file(isolated_env):
    (isolated_env / "empty.txt").write_bytes(b"")
    (isolated_env / "blank.txt").write_text(" \n\u3000\n\t\n", encoding="utf-8")
    r = run("extract", "empty.txt", "blank.txt")
    assert r.exit_code == 3
    assert r.stderr.splitlines() == ["error[GK102]: empty.txt: no text in document",
                                     "error[GK102]: blank.txt: no text in document"]


def test_binary_file(isolated_env):
    (isolated_env / "image.txt").write_bytes(bytes(range(256)) * 40)
    r = run("extract", "image.txt")
    assert r.exit_code == 3
    assert one_line_error(r.stderr, "error[") == (
        "error[GK100]: image.txt: binary file (NUL bytes), not a text document")


def test_pdf_without_text_layer(isolated_env):
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas("scan.pdf")
    pdf.rect(100, 100, 200, 300, fill=1)
    pdf.showPage()
    pdf.save()
    r = run("load", "--store", "kg", "scan.pdf")
    assert r.exit_code == 3
    assert one_line_error(r.stderr, "error[") == (
        "error[GK100]: scan.pdf: no text layer (scanned PDF?); OCR is not supported")
    assert "loaded 0 plans" in r.stdout


def test_gbk_without_bom_reads_like_utf8(isolated_env):
    text = QUZHOU.read_text(encoding="utf-8")
    (isolated_env / "gbk.txt").write_bytes(text.encode("gbk"))
    utf8 = json.loads(run("extract", "--format", "json", "-q", QUZHOU).stdout)[0]
    r = run("extract", "--format", "json", "gbk.txt")
    assert r.exit_code == 0, r.stderr
    gbk = json.loads(r.stdout)[0]
    assert extract_file(isolated_env / "gbk.txt", entities=False).text == text
    assert gbk["plan"]["title"] == utf8["plan"]["title"] and gbk["plan"]["city"] == "衢州市"
    assert [t["text"] for t in gbk["tasks"]] == [t["text"] for t in utf8["tasks"]]
    assert len(gbk["tasks"]) == 25


def test_invalid_utf8_bytes_are_replaced_and_the_line_named(isolated_env):
    raw = PLAN.encode("utf-8").replace("深化".encode("utf-8"), b"\xff\xfe\xfd" + "深化".encode("utf-8"))
    (isolated_env / "damaged.txt").write_bytes(raw)
    r = run("extract", "--format", "json", "damaged.txt")
    assert r.exit_code == 0, r.stderr
    assert "warning: damaged.txt:3: invalid utf-8 bytes replaced with U+FFFD" in r.stderr.splitlines()
    plan = json.loads(r.stdout)[0]
    assert [t["number"] for t in plan["tasks"]] == ["1", "2"]


def test_too_large_file_fails_fast_without_reading_it(isolated_env):
    big = isolated_env / "big.txt"
    line = ("1.推进企业开办全程网办，压缩至1个工作日。（牵头单位：市市场监管局）\n").encode("utf-8")
    with big.open("wb") as out:
        for _ in range(50 * 2**20 // len(line) + 1):
            out.write(line)
    assert big.stat().st_size >= 50 * 2**20
    r = run("load", "--store", "kg", "big.txt")
    assert r.exit_code == 3
    assert one_line_error(r.stderr, "error[") == (
        "error[GK103]: big.txt: too large (50.0 MB; the limit is 20 MB, "
        "set GRAPHKIT_MAX_DOCUMENT_MB to raise it)")
    assert not (isolated_env / "kg").exists() or "loaded 0 plans" in r.stdout


def test_too_much_text_is_refused_before_parsing(isolated_env):
    (isolated_env / "long.txt").write_text(PLAN * 4000, encoding="utf-8")  # 0.7 MB, 252,000 characters (63 × 4000)
    r = run("extract", "-q", "long.txt", env={"GRAPHKIT_MAX_TEXT_CHARS": "100000"})
    assert r.exit_code == 3
    assert one_line_error(r.stderr, "error[") == (
        "error[GK103]: long.txt: too much text (252,000 characters; the limit is 100,000, "
        "set GRAPHKIT_MAX_TEXT_CHARS to raise it)")
    bad = run("stats", env={"GRAPHKIT_MAX_TEXT_CHARS": "-5"})
    assert bad.exit_code == 2
    assert bad.stderr == "error[GK001]: GRAPHKIT_MAX_TEXT_CHARS must be a positive number of characters, not '-5'\n"


def test_size_limit_is_configurable(isolated_env):
    (isolated_env / "plan.txt").write_text(PLAN * 800, encoding="utf-8")  # ~0.1 MB
    r = run("extract", "-q", "plan.txt", env={"GRAPHKIT_MAX_DOCUMENT_MB": "0.05"})
    assert r.exit_code == 3
    assert "error[GK103]: plan.txt: too large (0.1 MB; the limit is 0.05 MB" in r.stderr
    bad = run("extract", "-q", "plan.txt", env={"GRAPHKIT_MAX_DOCUMENT_MB": "lots"})
    assert bad.exit_code == 2
    assert one_line_error(bad.stderr, "error[") == (
        "error[GK001]: GRAPHKIT_MAX_DOCUMENT_MB must be a positive number of megabytes, not 'lots'")


def test_plan_with_no_tasks_loads_as_an_empty_plan_with_a_warning(isolated_env):
    (isolated_env / "notice.txt").write_text("关于召开会议的通知\n各单位：\n定于下周召开会议。\n", encoding="utf-8")
    r = run("load", "-v", "--store", "kg", "notice.txt")
    assert r.exit_code == 0, r.stderr
    assert "warning: notice.txt:?: no tasks found in the document" in r.stderr.splitlines()
    assert r.stdout.startswith("loaded 1 plan (0 tasks, ")
    stats = json.loads(run("stats", "--format", "json", "--store", "kg").stdout)
    assert stats["plans"] == 1 and stats["tasks"] == 0


def test_malformed_sidecar_names_the_file_and_line(isolated_env):
    shutil.copy(QUZHOU, "q.txt")
    (isolated_env / "q.txt.meta.json").write_text('{\n  "city": "衢州市",\n  "year": 2022,\n}\n',
                                                  encoding="utf-8")
    r = run("extract", "q.txt")
    assert r.exit_code == 3
    assert one_line_error(r.stderr, "error[") == (
        "error[GK110]: q.txt.meta.json:4: invalid JSON: Expecting property name enclosed in double quotes "
        "(column 1)")
    (isolated_env / "q.txt.meta.json").write_text('{"city": "衢州市", "mayor": "x"}', encoding="utf-8")
    r = run("load", "--store", "kg", "q.txt")
    assert r.exit_code == 3
    assert one_line_error(r.stderr, "error[").startswith(
        "error[GK110]: q.txt.meta.json: unknown field 'mayor' (allowed: title, issuer")


def test_duplicate_documents_under_different_names_load_once(isolated_env):
    shutil.copy(QUZHOU, "a.txt")
    shutil.copy(QUZHOU, "b.txt")
    r = run("load", "--store", "kg", "a.txt", "b.txt")
    assert r.exit_code == 0, r.stderr
    assert "note: b.txt: same text as a.txt" in r.stderr
    assert "loaded 1 plan (25 tasks" in r.stdout and "1 duplicate, 0 failed" in r.stdout
    again = run("load", "--store", "kg", "b.txt")  # a later run under the other name
    assert again.exit_code == 0
    stats = json.loads(run("stats", "--format", "json", "--store", "kg").stdout)
    assert stats["plans"] == 1 and stats["tasks"] == 25


def test_unsupported_extension_named_is_an_error(isolated_env):
    (isolated_env / "sheet.xlsx").write_bytes(b"PK\x03\x04 not really")
    r = run("extract", "sheet.xlsx")
    assert r.exit_code == 3
    assert one_line_error(r.stderr, "error[") == (
        "error[GK101]: sheet.xlsx: unsupported file type .xlsx (supported: .txt .docx .pdf .html .htm)")


def test_directory_with_mixed_files(isolated_env):
    d = isolated_env / "mixed"
    (d / "sub").mkdir(parents=True)
    shutil.copy(QUZHOU, d / "q.txt")
    shutil.copy(CORPUS / "changzhou-2020-task-division.txt", d / "sub" / "c.txt")
    (d / "notes.xlsx").write_bytes(b"PK")
    (d / "logo.png").write_bytes(b"\x89PNG\r\n")
    (d / ".hidden.txt").write_text("ignored", encoding="utf-8")
    (d / "~$draft.docx").write_bytes(b"lock")
    (d / "empty.txt").write_bytes(b"")
    r = run("load", "-q", "--store", "kg", "mixed")
    assert r.exit_code == 1  # empty.txt failed, the rest loaded
    assert r.stderr.splitlines() == ["error[GK102]: mixed/empty.txt: no text in document"]
    assert "loaded 2 plans" in r.stdout and "2 skipped, 0 duplicates, 1 failed" in r.stdout
    loud = run("extract", "mixed")
    assert "note: mixed/logo.png: skipped (unsupported file type .png)" in loud.stderr
    assert "note: mixed/notes.xlsx: skipped (unsupported file type .xlsx)" in loud.stderr
    assert ".hidden" not in loud.stderr and "draft" not in loud.stderr


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_symlink_loop_is_skipped_and_the_rest_loads(isolated_env):
    d = isolated_env / "loop"
    (d / "a").mkdir(parents=True)
    shutil.copy(QUZHOU, d / "a" / "q.txt")
    (d / "a" / "back").symlink_to(d, target_is_directory=True)
    (d / "self.txt").symlink_to(d / "self.txt")  # a file link to itself
    r = run("load", "--store", "kg", "loop")
    assert r.exit_code == 0, r.stderr
    assert "note: loop/a/back: skipped (symbolic link loop (folder already visited))" in r.stderr
    assert "note: loop/self.txt: skipped (" in r.stderr
    assert "loaded 1 plan (25 tasks" in r.stdout


def test_file_name_with_a_newline_cannot_forge_a_second_line(isolated_env):
    name = "evil\nerror[GK000]: forged.txt"
    (isolated_env / name).write_bytes(b"")
    r = run("extract", name)
    assert r.exit_code == 3
    assert r.stderr == "error[GK102]: 'evil\\nerror[GK000]: forged.txt': no text in document\n"


def test_notes_and_warnings_quote_control_characters_too(isolated_env):
    d = isolated_env / "d"
    d.mkdir()
    (d / "tab\there.xlsx").write_bytes(b"PK")
    (d / "nl\nplan.txt").write_text("关于召开会议的通知\n定于下周召开会议。\n", encoding="utf-8")
    r = run("load", "-v", "--store", "kg", "d")
    assert r.exit_code == 0, r.stderr
    assert "note: 'd/tab\\there.xlsx': skipped (unsupported file type .xlsx)" in r.stderr.splitlines()
    assert "warning: 'd/nl\\nplan.txt':?: no tasks found in the document" in r.stderr.splitlines()
    assert all(line.startswith(("note: ", "warning: ")) for line in r.stderr.splitlines()), r.stderr

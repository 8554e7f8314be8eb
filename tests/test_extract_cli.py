"""``graphkit extract``: formats, batches with broken documents, warnings, the summary table."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphkit.cli import main
from graphkit.cli.tables import Column, display_width, render_table, truncate

CORPUS = Path(__file__).resolve().parent.parent / "examples" / "corpus"



def run(*args: str):
    return CliRunner().invoke(main, ["extract", *args], catch_exceptions=False)


@pytest.fixture
def batch(tmp_path):
    """Two good plans (one with a decode warning), one scanned PDF, one unsupported file."""
    shutil.copy(CORPUS / "quzhou-2022-implementation-plan.txt", tmp_path / "a-quzhou.txt")
    raw = (CORPUS / "changzhou-2020-task-division.txt").read_bytes()
    (tmp_path / "b-changzhou.txt").write_bytes(raw.replace("附件".encode(), b"\xff\xfe\xfd", 1))
    (tmp_path / "c-scan.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    (tmp_path / "d-sheet.xlsx").write_bytes(b"PK")
    return tmp_path


def test_one_broken_document_never_aborts_the_batch(batch):
    result = run(str(batch), "--format", "jsonl")
    assert result.exit_code == 1
    plans = [json.loads(line) for line in result.stdout.splitlines()]
    assert [Path(p["plan"]["source"]).name for p in plans] == ["a-quzhou.txt", "b-changzhou.txt"]
    errors = [line for line in result.stderr.splitlines() if line.startswith("error")]
    assert len(errors) == 1 and errors[0].startswith(f"error[GK100]: {batch / 'c-scan.pdf'}: ")
    assert f"note: {batch / 'd-sheet.xlsx'}: skipped (unsupported file type .xlsx)" in result.stderr


def test_warnings_name_file_and_line_and_quiet_hides_them(batch):
    result = run(str(batch / "b-changzhou.txt"), "--format", "json")
    assert result.exit_code == 0
    assert f"warning: {batch / 'b-changzhou.txt'}:1: invalid utf-8 bytes replaced with U+FFFD" in result.stderr
    quiet = run(str(batch / "b-changzhou.txt"), "--format", "json", "--quiet")
    assert quiet.stderr == "" and quiet.stdout == result.stdout


def test_json_is_a_list_of_contract_objects():
    result = run(str(CORPUS / "quzhou-2022-implementation-plan.txt"), "--format", "json", "-q")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert isinstance(data, list) and len(data) == 1
    assert set(data[0]) == {"plan", "sections", "tasks", "warnings"}
    meta = data[0]["plan"]
    assert (meta["city"], meta["year"], meta["date"], meta["issuer"]) == ("衢州市", 2022, "2022-03-22",
                                                                          "衢州市人民政府办公室")


def test_every_input_failing_exits_3(tmp_path):
    (tmp_path / "x.pdf").write_bytes(b"not a pdf")
    result = run(str(tmp_path / "x.pdf"), str(tmp_path / "missing.txt"))
    assert result.exit_code == 3
    assert result.stderr.count("error[GK1") == 2


def test_malformed_sidecar_is_reported_per_document(tmp_path):
    shutil.copy(CORPUS / "quzhou-2022-implementation-plan.txt", tmp_path / "q.txt")
    shutil.copy(CORPUS / "district-2020-work-measures.txt", tmp_path / "d.txt")
    (tmp_path / "q.txt.meta.json").write_text("{oops", encoding="utf-8")
    result = run(str(tmp_path), "--format", "jsonl", "-q")
    assert result.exit_code == 1
    assert f"error[GK110]: {tmp_path / 'q.txt.meta.json'}:1: invalid JSON" in result.stderr
    assert len(result.stdout.splitlines()) == 1
    assert run(str(tmp_path), "--format", "jsonl", "-q", "--no-sidecar").exit_code == 0


def test_table_summarises_the_example_corpus():
    result = run(str(CORPUS), "--format", "table", "-q")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["file", "title", "city/district", "year", "tasks", "units", "warnings"]
    body = {line.split()[0]: line for line in lines[2:7]}
    assert "重庆市/江北区" in body["chongqing-jiangbei-2021-implementat…"]
    assert "鄂州市/葛店开发区" in body["ezhou-gedian-2021-implementation-pl…"]
    assert lines[-1].startswith("5 plans")
    # columns line up on screen: the last column is right-aligned, so every line (header,
    # body, totals) ends at the same display column although titles mix CJK and digits
    assert len({display_width(line) for line in lines}) == 1
    assert len({len(line) for line in lines}) > 1  # … which plain len() would get wrong


def test_no_documents_found(tmp_path):
    (tmp_path / "readme.md").write_text("x", encoding="utf-8")
    result = run(str(tmp_path), "-q")
    assert result.exit_code == 3
    assert "no supported documents" in result.stderr


def test_help_teaches_with_examples():
    result = CliRunner().invoke(main, ["extract", "--help"])
    assert "graphkit extract examples/corpus" in result.output
    assert "--format" in result.output and "--quiet" in result.output


# -- tables ------------------------------------------------------------------------------------

def test_render_table_counts_wide_characters_as_two_columns():
    table = render_table(
        [{"name": "常州市", "n": 80}, {"name": "Quzhou", "n": 5}],
        [Column("name", "city"), Column("n", "tasks", align="right")],
    )
    assert table.split("\n") == [
        "city    tasks",
        "------  -----",
        "常州市     80",
        "Quzhou      5",
    ]


def test_render_table_footer_none_and_control_characters():
    table = render_table([["a\tb", None]], ["x", "y"] and [Column(0, "x"), Column(1, "y")],
                         footer=["total", 1])
    assert table.split("\n") == ["x      y", "-----  -", "a b    -", "-----  -", "total  1"]


def test_truncate_by_display_width():
    assert truncate("江北区2021年进一步优化", 10) == "江北区202…"
    assert display_width(truncate("江北区2021年进一步优化", 10)) <= 10
    assert truncate("short", 10) == "short"


def test_an_internal_error_on_one_document_is_reported_and_the_batch_goes_on(tmp_path, monkeypatch):
    import graphkit.cli.extract as cli_extract

    shutil.copy(CORPUS / "quzhou-2022-implementation-plan.txt", tmp_path / "a.txt")
    shutil.copy(CORPUS / "district-2020-work-measures.txt", tmp_path / "b.txt")
    real = cli_extract.extract_file

    def flaky(path, **kwargs):
        if Path(path).name == "a.txt":
            raise ZeroDivisionError("boom")
        return real(path, **kwargs)

    monkeypatch.setattr(cli_extract, "extract_file", flaky)
    result = run(str(tmp_path), "--format", "jsonl", "-q")
    assert result.exit_code == 1
    assert f"error: {tmp_path / 'a.txt'}: internal error ZeroDivisionError: boom" in result.stderr
    assert len(result.stdout.splitlines()) == 1


def _probe(code: str) -> None:
    """Run ``code`` in a fresh interpreter (sys.argv[1]: the Quzhou plan); it must exit 0."""
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", code, str(CORPUS / "quzhou-2022-implementation-plan.txt")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_commands_that_do_not_run_the_entity_layer_never_import_spacy():
    # spaCy takes most of a second to import, networkx a sixth: `graphkit stats`, `query`, `server` must
    # not pay for them; extraction (with or without entities) runs its rules on plain strings, so neither
    # does it: spaCy is only for the pipeline API (graphkit.loaders.entities.pipeline)
    _probe("import sys\n"
           "from graphkit.cli import main\n"
           "assert 'spacy' not in sys.modules, 'imported with the CLI'\n"
           "assert 'networkx' not in sys.modules, 'networkx imported with the CLI'\n"
           "from graphkit.extract import extract_file\n"
           "extract_file(sys.argv[1], entities=False)\n"
           "assert 'spacy' not in sys.modules, 'imported by extraction without entities'\n"
           "plan = extract_file(sys.argv[1])\n"
           "assert 'spacy' not in sys.modules, 'imported by extraction with entities'\n"
           "assert any(t.reforms for t in plan.tasks)\n")


def test_enrich_stays_the_function_when_its_module_was_imported_first():
    # importing the submodule graphkit.loaders.entities.enrich first must not make the package's
    # `enrich` the module (extract_file would then fail with "'module' object is not callable")
    _probe("import sys\n"
           "import graphkit.loaders.entities.enrich\n"
           "from graphkit.loaders.entities import enrich\n"
           "assert callable(enrich), enrich\n"
           "from graphkit.extract import extract_file\n"
           "assert any(t.reforms for t in extract_file(sys.argv[1]).tasks)\n")


def test_a_reader_that_stops_early_ends_the_command_quietly():
    # `graphkit extract … | head -c 100`: no "BrokenPipeError" line, the shell's SIGPIPE status
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-c", "from graphkit.cli import main; main()", "extract",
                             str(CORPUS), "--format", "jsonl"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.read(100)
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 141
    assert "BrokenPipe" not in stderr and "error" not in stderr

"""The benchmark harness (benchmarks/common.py, benchmarks/run.py): helpers and a tiny end-to-end run.

No timing assertions here: speed is what the benchmark reports, not what tests check.
"""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import common  # noqa: E402
import run  # noqa: E402


def test_median_run_reports_every_sample_and_the_median():
    calls = []
    timing = common.median_run(lambda: calls.append(1) or len(calls), repeat=5, setup=lambda: None)
    assert len(timing.samples) == 5 and len(calls) == 5
    assert timing.result == 5
    assert sorted(timing.samples)[2] == timing.median


def test_rows_show_ratio_to_floor_or_why_not_measured():
    row = common.Row("load rows/s", 100, 500.0, "rows/s", 2000.0, "UNWIND…CREATE")
    assert row.ratio == 0.25
    assert row.cells()[2:] == ["500 rows/s", "2000 (UNWIND…CREATE)", "0.25×"]
    missing = common.na("load rows/s", 100, "store not landed")
    assert missing.ratio is None and missing.cells()[2] == "n/a (store not landed)"
    table = common.markdown_table([row, missing])
    assert table.count("\n") == 3 and "n/a (store not landed)" in table


def test_query_params_default_to_null_unless_a_param_line_sets_them():
    text = (
        "// Parameters:\n"
        "// :param city => \"常州市\"\n"
        "// :param limit => 10\n"
        "MATCH (p:Plan) WHERE ($city IS NULL OR p.city = $city) AND ($agency IS NULL OR true)\n"
        "RETURN p LIMIT $limit"
    )
    assert run.query_params(text) == {"city": "常州市", "agency": None, "limit": 10}


def test_child_process_reports_result_memory_and_errors():
    result, peak = common.in_child(_square, 7)
    assert result == 49 and peak > 1
    try:
        common.in_child(_fail, "boom")
    except common.ChildError as exc:
        assert "ValueError: boom" in str(exc)
    else:  # pragma: no cover - the child must fail
        raise AssertionError("a failing child must raise ChildError")


def _square(x: int) -> int:
    return x * x


def _fail(message: str) -> None:
    raise ValueError(message)


def test_tiny_run_prints_one_table_and_writes_results(tmp_path, capsys):
    out = tmp_path / "results"
    assert run.main(["--sizes", "5", "--repeat", "1", "--no-load", "--variants", "none",
                     "--out", str(out), "--work", str(tmp_path / "corpora")]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("measure") and "extract chars/s" in printed
    payload = json.loads((out / "latest.json").read_text(encoding="utf-8"))
    assert payload["meta"]["sizes"] == [5] and payload["meta"]["repeat"] == 1
    names = [r["name"] for r in payload["rows"]]
    assert "load rows/s (embedded)" in names
    for row in payload["rows"]:  # every row is a measurement or says why it is not
        assert row["value"] is not None or row["note"], row
    assert (out / "latest.md").read_text(encoding="utf-8").count("| extract chars/s") >= 1


def test_extract_benchmark_counts_and_floors_gb18030_files_like_the_pipeline(tmp_path, capsys):
    import extract as extract_bench

    text = "常州市优化营商环境实施方案\n一、推进证照分离改革。（牵头单位：市市场监管局）\n"
    (tmp_path / "a-utf8.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b-gb.txt").write_bytes(text.encode("gb18030"))
    decoded, chars = extract_bench.encodings(sorted(tmp_path.glob("*.txt")))
    assert [enc for _, enc in decoded] == ["utf-8", "gb18030"] and chars == 2 * len(text)
    assert extract_bench.floor_pass(decoded) == 0  # decodes the GB18030 file instead of failing
    assert extract_bench.main(["--repeat", "1", "--no-entities", "--json", str(tmp_path)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["files"] == 2 and result["chars"] == 2 * len(text)


def test_extract_benchmark_names_a_file_it_cannot_decode(tmp_path):
    import extract as extract_bench
    import pytest

    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02" * 50)
    with pytest.raises(SystemExit, match=r"^error: \S*bin\.txt: not a text document"):
        extract_bench.main(["--repeat", "1", str(tmp_path)])


def test_one_core_extraction_is_compared_with_a_floor_timed_beside_it(tmp_path, capsys):
    """On one core each extraction pass follows a floor pass in the same process, and the row's
    ratio is to those floor passes: the VM's drift between the floor's child and the extraction's
    child does not enter the ratio."""
    out = tmp_path / "results"
    assert run.main(["--sizes", "4", "--repeat", "2", "--no-load", "--jobs", "1",
                     "--out", str(out), "--work", str(tmp_path / "corpora")]) == 0
    capsys.readouterr()
    payload = json.loads((out / "latest.json").read_text(encoding="utf-8"))
    details = payload["details"]["4"]
    rows = {r["name"]: r for r in payload["rows"]}
    one_core = [name for name in rows if name.startswith("extract chars/s (1 core")]
    assert len(one_core) == 2  # with and without the entity layer
    for name in one_core:
        measured = details[name]
        assert len(measured["floor_samples"]) == 2 and measured["floor_chars"] > 0
        assert rows[name]["floor"] == measured["floor_chars"] / statistics.median(measured["floor_samples"])
    # (the floor's own child, kept for its memory figure, timed other passes at another moment)
    apart = details["floor"]["chars"] / statistics.median(details["floor"]["samples"])
    assert all(rows[name]["floor"] != apart for name in one_core)

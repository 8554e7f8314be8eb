"""The query-file header parser, parameter typing, user directories and the table renderer."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from graphkit.cli import main
from graphkit.cli.tables import display_width, render_rows
from graphkit.errors import QueryError
from graphkit.queries import bind, get_query, load_queries, parse_assignments, parse_query, run_query

SAMPLE = """\
// Title: Sample
// 中文: 示例问题。
// English: A sample question
//   that continues here.
// Columns: name, n
// Parameters:
//   city   城市; null = every city
//   limit  (int) at most this many
//          rows (continued)
//   share  (float) a share
//   strict (bool) exact match
//   label  a label
// Notes: free text.
// :param city => null
// :param limit => 10
// :param share => 0.5
// :param strict => false
// :param label => '企业''s'
MATCH (p:Plan)
WHERE ($city IS NULL OR p.city = $city) AND $strict = $strict AND $share >= 0 AND $label <> '$notaparam'
RETURN p.title AS name, $limit AS n
"""


def test_header_fields_and_defaults():
    q = parse_query(SAMPLE.replace("'企业''s'", "'企业'"), "sample")
    assert (q.title, q.zh, q.en) == ("Sample", "示例问题。", "A sample question that continues here.")
    assert q.columns == ["name", "n"]
    assert {n: (p.default, p.type) for n, p in q.params.items()} == {
        "city": (None, "string"), "limit": (10, "int"), "share": (0.5, "float"),
        "strict": (False, "bool"), "label": ("企业", "string")}
    assert q.params["limit"].doc == "at most this many rows (continued)"
    assert q.cypher.startswith("MATCH (p:Plan)") and "//" not in q.cypher
    assert q.param_lines()[1] == ":param limit => 10"


def test_values_are_typed_from_the_declaration():
    q = parse_query(SAMPLE.replace("'企业''s'", "'x'"), "sample")
    values = bind(q, {"limit": "3", "share": "1", "strict": "yes", "city": "常州市"})
    assert values == {"city": "常州市", "limit": 3, "share": 1.0, "strict": True, "label": "x"}
    assert isinstance(values["share"], float)
    assert bind(q, {"label": "null"})["label"] is None
    assert bind(q, {"city": "'2020'"})["city"] == "2020"  # quotes keep digits text
    with pytest.raises(QueryError, match="limit takes an integer"):
        bind(q, {"limit": "ten"})
    with pytest.raises(QueryError, match="strict takes true or false"):
        bind(q, {"strict": "maybe"})


def test_unknown_parameter_names_the_known_ones():
    q = parse_query(SAMPLE.replace("'企业''s'", "'x'"), "sample")
    with pytest.raises(QueryError) as err:
        bind(q, {"cty": "常州市"})
    assert "cty" in str(err.value) and "city, limit, share, strict, label" in str(err.value)


@pytest.mark.parametrize("broken, message", [
    (SAMPLE.replace("// :param limit => 10\n", ""), "limit need both"),
    (SAMPLE.replace("//   share  (float) a share\n", ""), "share need both"),
    (SAMPLE.replace("$limit AS n", "$limit AS n, $other AS o"), "undeclared parameters: other"),
    (SAMPLE.replace("// English: A sample question\n", ""), "no '// English:' line"),
    (SAMPLE.replace(":param limit => 10", ":param limit => ten"), "cannot read the default"),
    (SAMPLE.replace(":param limit => 10", ":param limit => 'ten'"), r"declared \(int\) but defaults to 'ten'"),
])
def test_malformed_headers_are_refused(broken, message):
    with pytest.raises(QueryError, match=message):
        parse_query(broken.replace("'企业''s'", "'x'"), "sample")


def test_user_directory_adds_and_overrides(tmp_path):
    (tmp_path / "my-question.cypher").write_text(SAMPLE.replace("'企业''s'", "'x'"), encoding="utf-8")
    queries = load_queries(tmp_path)
    assert queries["my-question"].user and not queries["agency-workload"].user
    assert "agency-workload" in queries
    with pytest.raises(QueryError, match="does not exist"):
        load_queries(tmp_path / "missing")


def test_get_query_unknown_lists_known():
    with pytest.raises(QueryError, match="agency-workload"):
        get_query("agency-wrkload")


def test_parse_assignments():
    assert parse_assignments(["city=常州市", "x=a=b"]) == {"city": "常州市", "x": "a=b"}
    with pytest.raises(QueryError, match="NAME=VALUE"):
        parse_assignments(["city"])


class RecordingStore:
    def __init__(self, records):
        self.records, self.calls = records, []

    def query(self, cypher, params):
        self.calls.append((cypher, params))
        return self.records


def test_run_query_passes_every_declared_parameter():
    store = RecordingStore([{"agency": "市商务局", "jurisdiction": "常州市", "kind": "商务", "led": 2,
                             "supported": 1, "total": 3, "plans": 1}])
    columns, rows = run_query(store, "agency-workload", {"city": "常州市"})
    assert store.calls[0][1] == {"city": "常州市", "plan": None, "kind": None, "limit": 1000}
    assert columns == ["agency", "jurisdiction", "kind", "led", "supported", "total", "plans"]
    assert rows == [["市商务局", "常州市", "商务", 2, 1, 3, 1]]


def test_table_aligns_wide_characters():
    text = render_rows(["agency", "total"], [["市市场监管局", 12], ["税务局", 3], ["Tax bureau", None]])
    lines = text.splitlines()
    assert len({display_width(line.rstrip()) for line in lines[2:4]}) == 1  # right-aligned numbers line up
    assert lines[0] == "agency        total"
    assert lines[2] == "市市场监管局     12"
    assert lines[3] == "税务局" + " " * 12 + "3"
    assert lines[4] == "Tax bureau"
    assert display_width("市a") == 3


def test_table_cuts_long_cells():
    text = render_rows(["text"], [["优化营商环境" * 20]], max_width=10)
    assert text.splitlines()[2] == "优化营商…"


def test_cli_list_and_show():
    runner = CliRunner()
    out = runner.invoke(main, ["query", "--list"])
    assert out.exit_code == 0
    assert any(line.startswith("reform-spread ") for line in out.output.splitlines())
    out = runner.invoke(main, ["query", "deadlines", "--show"])
    assert out.exit_code == 0 and ":param due_by => null" in out.output


def test_cli_usage_errors(tmp_path):
    runner = CliRunner()
    out = runner.invoke(main, ["query", "reform-spread", "--param", "year=2020", "--store", str(tmp_path)])
    assert out.exit_code == 2
    assert "reform-spread has no parameter year; its parameters: category, city" in out.output
    out = runner.invoke(main, ["query", "reform-spread", "--store", str(tmp_path / "nothing")])
    assert out.exit_code == 3
    assert f"no store at {tmp_path / 'nothing'} — run `graphkit load PATH` first" in out.output
    out = runner.invoke(main, ["query"])
    assert out.exit_code == 2


def test_json_rows_keep_chinese():
    from graphkit.queries import to_json
    assert json.loads(to_json(["a", "b"], [["常州市", [1, 2]]])) == [{"a": "常州市", "b": [1, 2]}]
    assert "常州市" in to_json(["a"], [["常州市"]])

"""Metadata from the text (hand-checked on the five example plans), gazetteer, sidecars."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graphkit.errors import SidecarError
from graphkit.extract import extract_file, extract_text
from graphkit.loaders.gazetteer import load_gazetteer
from graphkit.loaders.metadata import W_PLACE, W_YEAR, parse_date, read_metadata
from graphkit.loaders.sidecar import sidecar_for

CORPUS = Path(__file__).resolve().parent.parent / "examples" / "corpus"

# Read by a person from each file's head and signature.
EXPECTED = {
    "changzhou-2020-task-division.txt": dict(
        title="常州市聚焦企业关切大力优化营商环境任务分工表", title_line=3, issuer=None, date=None, doc_no=None,
        province="江苏省", city="常州市", district=None, level="city", year=None),
    "quzhou-2022-implementation-plan.txt": dict(
        title="衢州市打造中国营商环境最优城市2022年实施方案", title_line=11, issuer="衢州市人民政府办公室",
        date="2022-03-22", doc_no=None, province="浙江省", city="衢州市", district=None, level="city",
        year=2022),
    "district-2020-work-measures.txt": dict(
        title="2020年优化营商环境工作措施", title_line=1, issuer=None, date=None, doc_no=None,
        province=None, city=None, district=None, level=None, year=2020),
    "ezhou-gedian-2021-implementation-plan.txt": dict(
        title="关于以市场主体需求为导向打造一流营商环境的实施方案", title_line=5,
        issuer="中共鄂州市委葛店开发区工委", date="2021-04-19", doc_no=None, province="湖北省",
        city="鄂州市", district="葛店开发区", level="zone", year=2021),
    "chongqing-jiangbei-2021-implementation-plan.txt": dict(
        title="江北区2021年进一步优化营商环境实施方案", title_line=19, issuer="重庆市江北区人民政府办公室",
        date="2021-08-20", doc_no="江北府办发〔2021〕54号", province="重庆市", city="重庆市",
        district="江北区", level="district", year=2021),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_metadata_of_example_plans(name):
    found = read_metadata((CORPUS / name).read_text(encoding="utf-8"))
    got = {key: getattr(found, key) for key in EXPECTED[name]}
    assert got == EXPECTED[name]


def test_missing_facts_are_warned_not_guessed():
    changzhou = read_metadata((CORPUS / "changzhou-2020-task-division.txt").read_text(encoding="utf-8"))
    assert [(line, code) for line, _, code in changzhou.warnings] == [(3, W_YEAR)]
    district = read_metadata((CORPUS / "district-2020-work-measures.txt").read_text(encoding="utf-8"))
    assert [(line, code) for line, _, code in district.warnings] == [(1, W_PLACE)]


def test_title_split_over_two_lines_in_a_notice():
    text = "关于印发某某区2021年优化营商环境\n实施方案的通知\n\n一、总体要求\n"
    # only the notice title exists: the plan title is read from inside it
    found = read_metadata(text)
    assert found.title == "某某区2021年优化营商环境实施方案"
    assert found.year == 2021


def test_title_with_pdf_spaces_and_year_range():
    found = read_metadata("常州市  优化营商环境 三年行动方案（2021—2023年）\n一、目标\n")
    assert found.title == "常州市优化营商环境三年行动方案（2021—2023年）"
    assert found.year == 2021
    assert found.city == "常州市"


def test_ambiguous_district_resolved_by_context_or_left_empty():
    title = "江北区2021年优化营商环境实施方案\n"
    with_chongqing = read_metadata(title + "落实《重庆市优化营商环境条例》。\n一、目标\n")
    assert (with_chongqing.city, with_chongqing.district, with_chongqing.province) == ("重庆市", "江北区", "重庆市")
    with_ningbo = read_metadata(title + "对标宁波先进经验。\n一、目标\n")
    assert (with_ningbo.city, with_ningbo.province) == ("宁波市", "浙江省")
    unknown = read_metadata(title + "一、目标\n")
    assert (unknown.city, unknown.district, unknown.province) == (None, "江北区", None)
    assert unknown.warnings[0][0] == 1 and "ambiguous" in unknown.warnings[0][1]
    both = read_metadata(title + "学习重庆、宁波经验。\n一、目标\n")
    assert both.city is None


def test_zone_from_gazetteer_alias():
    found = read_metadata("葛店经济技术开发区优化营商环境工作要点\n一、目标\n")
    assert (found.district, found.city, found.province, found.level) == ("葛店开发区", "鄂州市", "湖北省", "zone")


@pytest.mark.parametrize("line,iso", [
    ("2021年8月20日", "2021-08-20"),
    ("  2022 年 3 月 22 日 ", "2022-03-22"),
    ("二〇二一年八月二十日", "2021-08-20"),
    ("二〇二〇年十二月三十一日", "2020-12-31"),
    ("二〇二一年十月十日", "2021-10-10"),
    ("二○二二年一月五日", "2022-01-05"),  # ○ (a circle) written for 〇
    ("二〇二一年一月十十日", None),  # not a numeral
    ("二〇二一年十三月一日", None),
    ("2021年2月30日", None),  # not a real day
    ("2021年8月20日前完成", None),  # a deadline in prose, not a date line
])
def test_parse_date(line, iso):
    assert parse_date(line) == iso


def test_gazetteer_covers_all_levels():
    gazetteer = load_gazetteer()
    assert {p.city for p in gazetteer.lookup("江北区")} == {"重庆市", "宁波市"}
    assert [p.province for p in gazetteer.cities("常州市")] == ["江苏省"]
    assert [p.province for p in gazetteer.cities("衢州市")] == ["浙江省"]
    assert [p.city for p in gazetteer.lookup("葛店开发区")] == ["鄂州市"]
    prefectures = {p.name for p in gazetteer.places if p.level == "city"}
    assert len(prefectures) >= 330  # every prefecture-level division
    assert sum(1 for p in gazetteer.places if p.level == "county") > 2800


# -- sidecars ----------------------------------------------------------------------------------

def _plan_file(tmp_path, text="江北区2021年优化营商环境实施方案\n一、目标\n1．推行一网通办。\n"):
    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_per_document_sidecar_overrides_and_completes(tmp_path):
    path = _plan_file(tmp_path)
    (tmp_path / "plan.txt.meta.json").write_text(json.dumps({"city": "宁波市", "note": "checked"}),
                                                 encoding="utf-8")
    plan = extract_file(path, entities=False)
    assert (plan.plan.city, plan.plan.district, plan.plan.province, plan.plan.level) == \
        ("宁波市", "江北区", "浙江省", "district")
    assert not [w for w in plan.warnings if w.code == W_PLACE]  # settled by the sidecar
    assert extract_file(path, sidecar=False, entities=False).plan.city is None


def test_corpus_json_and_meta_json_together(tmp_path):
    path = _plan_file(tmp_path)
    (tmp_path / "corpus.json").write_text(json.dumps({
        "_comment": "x", "plan.txt": {"city": "重庆市", "year": 2020, "doc_no": "X〔2021〕1号"},
        "other.txt": {"city": "常州市"}}), encoding="utf-8")
    (tmp_path / "plan.meta.json").write_text(json.dumps({"year": 2021}), encoding="utf-8")
    assert sidecar_for(path) == {"city": "重庆市", "year": 2021, "doc_no": "X〔2021〕1号"}
    plan = extract_file(path, entities=False)
    assert (plan.plan.city, plan.plan.province, plan.plan.year) == ("重庆市", "重庆市", 2021)


def test_corpus_json_is_parsed_once_for_a_directory_and_again_when_it_changes(tmp_path, monkeypatch):
    from graphkit.loaders import sidecar

    parsed = []
    real = sidecar._parse
    monkeypatch.setattr(sidecar, "_parse", lambda path: parsed.append(path.name) or real(path))
    corpus = tmp_path / "corpus.json"
    corpus.write_text(json.dumps({f"p{i}.txt": {"year": 2000 + i} for i in range(20)}), encoding="utf-8")
    assert [sidecar_for(tmp_path / f"p{i}.txt") for i in range(20)] == [{"year": 2000 + i} for i in range(20)]
    assert parsed == ["corpus.json"]
    corpus.write_text(json.dumps({"p0.txt": {"city": "常州市"}}), encoding="utf-8")  # edited between two loads
    assert sidecar_for(tmp_path / "p0.txt") == {"city": "常州市"} and sidecar_for(tmp_path / "p1.txt") == {}
    assert parsed == ["corpus.json"] * 2
    (tmp_path / "p0.txt.meta.json").write_text('{"year": 2021}', encoding="utf-8")  # one document's own file
    assert sidecar_for(tmp_path / "p0.txt") == {"city": "常州市", "year": 2021}
    assert parsed == ["corpus.json"] * 2 + ["p0.txt.meta.json"]


def test_sidecar_null_means_unknown_and_silences_the_warning(tmp_path):
    path = _plan_file(tmp_path, "2020年优化营商环境工作措施\n一、目标\n")
    (tmp_path / "plan.txt.meta.json").write_text('{"city": null, "level": "district"}', encoding="utf-8")
    plan = extract_file(path, entities=False)
    assert plan.plan.city is None and plan.plan.level == "district"
    assert not [w for w in plan.warnings if w.code == W_PLACE]


@pytest.mark.parametrize("content,message", [
    ('{"city": "常州市",}', "invalid JSON"),
    ('{"citty": "常州市"}', "unknown field 'citty'"),
    ('{"year": "2021"}', "'year' must be a whole number"),
    ('{"date": "2021/08/20"}', "'date' must be an ISO date"),
    ('{"level": "town"}', "'level' must be one of"),
    ('["常州市"]', "must be a JSON object"),
])
def test_malformed_sidecar_is_a_sidecar_error_naming_the_file(tmp_path, content, message):
    path = _plan_file(tmp_path)
    meta = tmp_path / "plan.txt.meta.json"
    meta.write_text(content, encoding="utf-8")
    with pytest.raises(SidecarError, match=message) as info:
        extract_file(path, entities=False)
    assert str(info.value).startswith(str(meta))


def test_malformed_json_error_names_the_line(tmp_path):
    path = _plan_file(tmp_path)
    (tmp_path / "corpus.json").write_text('{\n  "plan.txt": {\n    "city": 常州市\n  }\n}', encoding="utf-8")
    with pytest.raises(SidecarError) as info:
        extract_file(path, entities=False)
    assert str(info.value).startswith(f"{tmp_path / 'corpus.json'}:3: invalid JSON")


def test_example_corpus_sidecar_is_valid_and_honest():
    for name in EXPECTED:
        fields = sidecar_for(CORPUS / name)
        assert fields, name
        assert fields["title"] == EXPECTED[name]["title"]
    district = sidecar_for(CORPUS / "district-2020-work-measures.txt")
    assert district["city"] is None and district["district"] is None  # the text names no place


def test_extract_text_meta_overrides():
    plan = extract_text("某区2020年优化营商环境工作措施\n一、目标\n", "memory", meta={"city": "常州市"},
                        entities=False)
    assert (plan.plan.city, plan.plan.province, plan.plan.source) == ("常州市", "江苏省", "memory")
    with pytest.raises(SidecarError):
        extract_text("x", "memory", meta={"town": "x"})


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_metadata_spans_point_at_the_evidence(name):
    text = (CORPUS / name).read_text(encoding="utf-8")
    found = read_metadata(text)
    assert set(found.spans) >= {k for k in ("title", "issuer", "date", "doc_no") if EXPECTED[name][k]}
    for field_name, (start, end) in found.spans.items():
        evidence = "".join(text[start:end].split())  # spans keep the text's own spaces and breaks
        value = getattr(found, field_name)
        if field_name == "date":
            assert parse_date(evidence) == value
        elif field_name == "year":
            assert evidence == str(value)
        else:
            assert evidence == value.replace(" ", ""), field_name


def test_title_span_covers_a_title_broken_over_lines():
    text = "关于印发某某区2021年优化营商环境\n实施方案的通知\n\n一、总体要求\n"
    found = read_metadata(text)
    start, end = found.spans["title"]
    assert text[start:end] == "某某区2021年优化营商环境\n实施方案"


def test_sidecar_value_drops_the_span_of_a_changed_field(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text("常州市2020年优化营商环境实施方案\n一、目标\n", encoding="utf-8")
    (tmp_path / "plan.txt.meta.json").write_text('{"city": "无锡市", "title": "常州市2020年优化营商环境实施方案"}',
                                                 encoding="utf-8")
    plan = extract_file(path, entities=False)
    assert "city" not in plan.plan.spans  # the sidecar's city is not in the text
    assert plan.plan.spans["title"] == (0, 18)  # same title as read: its evidence stays


def test_attachment_label_is_not_part_of_the_title():
    # as a .docx reads: no blank line between the label and the title
    found = read_metadata("附件2\n台州市2024年优化营商环境重点任务分工表\n一、目标\n")
    assert found.title == "台州市2024年优化营商环境重点任务分工表"
    assert (found.city, found.year) == ("台州市", 2024)


def test_find_spaced_allows_whitespace_between_characters():
    from graphkit.loaders.metadata import find_spaced

    line = "关于 印发\n常州市 方案"
    assert find_spaced(line, "印发常州市") == (3, 9)  # 印 at 3, 市 at 8
    assert find_spaced("常州市方案", "州市") == (1, 3)
    assert find_spaced(line, "衢州") is None
    assert find_spaced("a\tb", "a\tb") == (0, 3)  # whitespace in the needle matches itself


def test_sidecar_files_are_found_as_pathlib_names_them(tmp_path, monkeypatch):
    """The sidecar lookup works on path strings with one stat per candidate; it finds what
    Path.stem / Path.name / Path.parent name, each file once, and errors name the file as a Path prints it."""
    from graphkit.loaders.sidecar import sidecar_paths

    (tmp_path / "plan").write_text("x", encoding="utf-8")  # no suffix: stem == name, one candidate twice
    (tmp_path / "plan.meta.json").write_text(json.dumps({"year": 2021}), encoding="utf-8")
    (tmp_path / "a.b.txt.meta.json").mkdir()  # a directory is no sidecar
    (tmp_path / "a.b.meta.json").write_text(json.dumps({"city": "宁波市"}), encoding="utf-8")
    assert sidecar_paths(tmp_path / "plan") == [tmp_path / "plan.meta.json"]
    assert sidecar_for(tmp_path / "plan") == {"year": 2021}
    assert sidecar_paths(tmp_path / "a.b.txt") == [tmp_path / "a.b.meta.json"]
    assert sidecar_paths(tmp_path / "none.txt") == []
    monkeypatch.chdir(tmp_path)  # a document named relative to the working directory
    (tmp_path / "corpus.json").write_text("[1]", encoding="utf-8")
    with pytest.raises(SidecarError) as err:
        sidecar_for("./plan")
    assert err.value.path == "corpus.json"
    assert sidecar_paths(Path("plan")) == [Path("corpus.json"), Path("plan.meta.json")]

"""The synthetic corpus generator (benchmarks/synth.py): determinism, layouts, manifest, extraction."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import synth  # noqa: E402

PLANS = 20  # one of each of the 5 layouts ×4; slots 3/16 are GB18030, 10/19 .docx


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "c20"
    synth.generate(out, PLANS, seed=7)
    return out


@pytest.fixture(scope="module")
def manifest(corpus) -> dict:
    return synth.load_manifest(corpus)


def _text(path: Path, entry: dict) -> str:
    """A generated file's text: decoded with its declared encoding, or a .docx flattened."""
    if entry["format"] == "docx":
        import docx

        document = docx.Document(str(path))
        lines = [p.text for p in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                seen = []
                for cell in row.cells:  # a merged heading cell repeats across the row
                    if not seen or cell._tc is not seen[-1]._tc:
                        seen.append(cell)
                lines.append("\t".join(c.text for c in seen))
        return "\n".join(lines)
    return path.read_bytes().decode(entry["encoding"])


def _count_tasks(text: str, layout: str, fmt: str) -> int:
    """Tasks counted straight from the text, by the layout's own numbering (not by synth's counter)."""
    if layout == "changzhou-table":
        return len(re.findall(r"^\t?(?:（[一二三四五六七八九十]+）[^\t]*\t)?\d+．", text, re.M))
    if layout == "quzhou-numbered":
        return len(re.findall(r"^  \d+\.", text, re.M))
    if layout == "gedian-trailing":
        return len(re.findall(r"^\d+\.(?!\d)", text, re.M))
    if layout == "jiangbei-annex":
        body = text.split("附件：", 1)[0]
        return len(re.findall(r"^\d+．", body, re.M))
    # prose: in each task chapter, every short sentence without a comma opens a task
    count = 0
    for line in re.findall(r"^[一二三四五六七八九十]+、(.+)$", text, re.M):
        sentences = re.findall(r"[^。]+。", line)
        if "组织保障" in sentences[0]:
            continue
        count += sum(1 for s in sentences[1:] if _headline(s))
    return count


def _headline(sentence: str) -> bool:
    """Short with no comma, or very short with one: how the district plan writes a measure's headline."""
    commas = len(re.findall(r"[，,；;]", sentence))
    return (commas == 0 and len(sentence) <= 30) or (commas == 1 and len(sentence) <= 17)


def test_same_seed_gives_identical_bytes(tmp_path, corpus):
    again = tmp_path / "again"
    synth.generate(again, PLANS, seed=7)
    names = sorted(str(p.relative_to(corpus)) for p in corpus.rglob("*") if p.is_file())
    assert names == sorted(str(p.relative_to(again)) for p in again.rglob("*") if p.is_file())
    for name in names:
        assert (corpus / name).read_bytes() == (again / name).read_bytes(), name


def test_cli_in_another_process_gives_identical_bytes(tmp_path, corpus):
    """Another interpreter with another hash seed: nothing may depend on set or dict-hash order."""
    out = tmp_path / "cli"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks/synth.py"), "--plans", str(PLANS),
                           "--seed", "7", "-o", str(out)], env=env, capture_output=True, text=True, check=True)
    assert f"wrote {PLANS} plans" in done.stderr
    for path in corpus.rglob("*"):
        if path.is_file():
            assert (out / path.relative_to(corpus)).read_bytes() == path.read_bytes(), path.name


def test_other_seed_gives_other_plans(tmp_path, manifest):
    other = tmp_path / "other"
    synth.generate(other, 5, seed=8)
    first = synth.load_manifest(other)["files"]
    assert [e["title"] for e in first.values()] != [e["title"] for e in list(manifest["files"].values())[:5]]


def test_every_layout_and_reader_is_exercised(manifest):
    entries = list(manifest["files"].values())
    assert {e["layout"] for e in entries} == set(synth.LAYOUTS)
    assert sum(e["layout"] == layout for e in entries for layout in synth.LAYOUTS) == PLANS
    formats = {(e["format"], e["encoding"]) for e in entries}
    assert ("txt", "gb18030") in formats and ("txt", "utf-8") in formats and ("docx", None) in formats


def test_manifest_matches_files(corpus, manifest):
    files = manifest["files"]
    assert manifest["plans"] == PLANS and manifest["seed"] == 7
    on_disk = {str(p.relative_to(corpus)) for p in corpus.rglob("*") if p.is_file()} - {synth.MANIFEST}
    assert on_disk == set(files)
    assert all(re.fullmatch(r"000/\d{5}-[a-z-]+-\d{4}\.(txt|docx)", name) for name in files)
    places = {(p, c): d for p, c, d in synth.load_places()}
    for name, entry in files.items():
        path = corpus / name
        text = _text(path, entry)
        assert entry["layout"] in name and str(entry["year"]) in name
        assert 10 <= entry["tasks"] <= 60
        assert _count_tasks(text, entry["layout"], entry["format"]) == entry["tasks"], name
        assert 2018 <= entry["year"] <= 2024 and entry["date"].startswith(str(entry["year"]))
        # the header names the real place, the year, the issuer and the document number
        assert (entry["province"], entry["city"]) in places
        if entry["district"]:
            assert entry["district"] in places[(entry["province"], entry["city"])]
            assert entry["level"] == "district" and entry["district"] in entry["title"]
        else:
            assert entry["level"] == "city" and entry["city"] in entry["title"]
        head = text[:600]
        assert entry["issuer"] in head and entry["doc_no"] in head
        assert entry["title"].replace(" ", "") in text.replace(" ", "").replace("\n", "")
        if entry["layout"] == "jiangbei-annex":
            assert entry["parts"] >= entry["tasks"]
        else:
            assert entry["parts"] == 0
        if entry["encoding"] == "gb18030":
            with pytest.raises(UnicodeDecodeError):
                path.read_bytes().decode("utf-8")
        if entry["format"] == "txt":
            assert entry["chars"] == len(text)


def test_units_take_the_plan_level_prefix(corpus, manifest):
    for name, entry in manifest["files"].items():
        if entry["layout"] != "changzhou-table" or entry["format"] != "txt":
            continue
        text = _text(corpus / name, entry)
        unit_lines = re.findall(r"^\t(.+牵头，.+按职责分工负责)$", text, re.M)
        assert len(unit_lines) == entry["tasks"]
        prefix = "区" if entry["district"] else "市"
        assert all(line.startswith(prefix) for line in unit_lines), name


def test_source_places_are_renamed(corpus, manifest):
    for name, entry in manifest["files"].items():
        text = _text(corpus / name, entry)
        for source in ("常州", "衢州", "葛店"):
            if source not in (entry["city"] + (entry["district"] or "")):
                assert source not in text, (name, source)


def test_force_replaces_a_synthetic_corpus(tmp_path):
    synth.generate(tmp_path, 6, seed=1)
    synth.generate(tmp_path, 3, seed=2, force=True)
    files = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    assert files == sorted([synth.MANIFEST, *synth.load_manifest(tmp_path)["files"]])


def test_refuses_to_overwrite_other_files(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(SystemExit, match="not empty"):
        synth.generate(tmp_path, 3, seed=1)
    with pytest.raises(SystemExit, match="holds no corpus.json"):
        synth.generate(tmp_path, 3, seed=1, force=True)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def _loaders_landed() -> bool:
    if importlib.util.find_spec("graphkit.loaders.readers") is None:
        return False
    from graphkit.extract import extract_file

    return bool(extract_file(ROOT / "examples/corpus/quzhou-2022-implementation-plan.txt").tasks)


@pytest.mark.skipif(not _loaders_landed(), reason="graphkit loaders (readers + structure) not on this branch yet")
def test_extraction_finds_the_generated_tasks(corpus, manifest):
    from graphkit.extract import extract_file

    wrong = {}
    for name, entry in manifest["files"].items():
        plan = extract_file(corpus / name)
        if len(plan.tasks) != entry["tasks"]:
            wrong[name] = (entry["tasks"], len(plan.tasks))
    assert not wrong, f"expected vs extracted task counts: {wrong}"

"""Python API for extraction: paths → :class:`~graphkit.model.ExtractedPlan` records.

(Skeleton: the loaders fill in reading, normalisation, structure, units and metadata.)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from graphkit.errors import DocumentError
from graphkit.model import ExtractedPlan, PlanMeta, plan_id_for

SUPPORTED_SUFFIXES = {".txt", ".text", ".docx", ".pdf", ".html", ".htm"}


def iter_documents(paths: Iterable[str | Path]) -> Iterator[tuple[Path, str | None]]:
    """Yield ``(path, None)`` for each supported document, ``(path, reason)`` for skipped ones."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if child.suffix.lower() in SUPPORTED_SUFFIXES:
                    yield child, None
                elif not child.name.endswith(".meta.json") and child.name != "corpus.json":
                    yield child, f"unsupported file type {child.suffix or '(none)'}"
        else:
            yield path, None


def extract_text(text: str, source: str) -> ExtractedPlan:
    return ExtractedPlan(plan=PlanMeta(id=plan_id_for(text), source=source), text=text)


def extract_file(path: str | Path) -> ExtractedPlan:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DocumentError(exc.strerror or str(exc), path=str(path)) from exc
    return extract_text(text, str(path))

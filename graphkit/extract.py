"""Python API for extraction: paths → :class:`~graphkit.model.ExtractedPlan` records.

The pipeline for one document::

    read (txt/docx/pdf/html → text) → metadata (title, issuer, date, place, year)
    → sidecar overrides → structure (sections, tasks, units) → entity layer (optional)

Example::

    from graphkit.extract import extract_file
    plan = extract_file("examples/corpus/changzhou-2020-task-division.txt")
    plan.plan.city, len(plan.tasks)
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from graphkit.loaders.entities import enrich
from graphkit.loaders.metadata import apply_overrides, fill_metadata
from graphkit.loaders.readers import SUPPORTED_SUFFIXES, Document, read_document
from graphkit.loaders.readers.common import drop_nul
from graphkit.loaders.sidecar import CORPUS_FILE, META_SUFFIX, sidecar_for, validate
from graphkit.loaders.structure import parse_structure
from graphkit.model import ExtractedPlan, PlanMeta, plan_id_for

__all__ = ["SUPPORTED_SUFFIXES", "extract_document", "extract_file", "extract_text", "iter_documents"]


def extract_file(path: str | Path, *, sidecar: bool = True, entities: bool = True) -> ExtractedPlan:
    """Read and parse one document. Raises :class:`~graphkit.errors.DocumentError` (unreadable)
    or :class:`~graphkit.errors.SidecarError` (malformed ``.meta.json`` / ``corpus.json``)."""
    path = path if isinstance(path, Path) else Path(path)  # (a Path made anew would parse its name again)
    document = read_document(path)
    overrides = sidecar_for(path) if sidecar else {}
    return extract_document(document, str(path), overrides, entities=entities)


def extract_text(text: str, source: str, meta: Mapping[str, Any] | None = None, *,
                 entities: bool = True) -> ExtractedPlan:
    """Parse text already in memory; ``meta`` overrides fields as a sidecar entry would."""
    overrides = validate(dict(meta), f"meta for {source}") if meta else {}
    text = text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")
    text, notes = drop_nul(text)
    return extract_document(Document(text, "txt", None, notes), source, overrides, entities=entities)


def extract_document(document: Document, source: str, overrides: Mapping[str, Any] | None = None, *,
                     entities: bool = True) -> ExtractedPlan:
    """The pipeline after reading: metadata → overrides → structure → entities."""
    plan = ExtractedPlan(plan=PlanMeta(id=plan_id_for(document.text, document.utf8), source=source), text=document.text)
    plan.warnings.extend(document.warnings)
    fill_metadata(plan)
    if overrides:
        apply_overrides(plan, dict(overrides), source="sidecar")
    parse_structure(plan)
    if entities:
        enrich(plan)
    return plan


def iter_documents(paths: Iterable[str | Path]) -> Iterator[tuple[Path, str | None]]:
    """Yield ``(path, None)`` for each document to read, ``(path, reason)`` for skipped ones.

    A directory is searched recursively (sorted, following symbolic links once: a link
    back to a directory already visited is skipped). Hidden files and folders, sidecars
    (``*.meta.json``, ``corpus.json``) and Word lock files (``~$x.docx``) are passed over
    silently; other unsupported files are reported as skipped. A file named on the
    command line is always yielded, so an unsupported or missing one becomes an error.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path)
        else:
            yield path, None


def _walk(root: Path) -> Iterator[tuple[Path, str | None]]:
    visited: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            info = folder.stat()
        except OSError as exc:
            yield folder, f"cannot read folder ({exc.strerror or exc})"
            continue
        if (info.st_dev, info.st_ino) in visited:
            yield folder, "symbolic link loop (folder already visited)"
            continue
        visited.add((info.st_dev, info.st_ino))
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            yield folder, f"cannot list folder ({exc.strerror or exc})"
            continue
        files, folders = [], []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                is_dir = entry.is_dir()  # follows symbolic links
            except OSError:
                is_dir = False
            (folders if is_dir else files).append(Path(entry.path))
        for path in files:
            name = path.name
            if name.endswith(META_SUFFIX) or name == CORPUS_FILE or name.startswith("~$"):
                continue
            if not path.exists():
                yield path, "broken symbolic link"
            elif path.suffix.lower() in SUPPORTED_SUFFIXES:
                yield path, None
            else:
                yield path, f"unsupported file type {path.suffix or '(none)'}"
        stack.extend(reversed(folders))  # depth first, in name order

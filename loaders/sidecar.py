"""Sidecar metadata: what a person knows about a document overrides what the text says.

Two places, both optional; the per-document file wins where both set a field:

- ``corpus.json`` in the document's directory: an object keyed by file name, each value
  an object of fields (keys starting with ``_`` are comments);
- ``<file>.meta.json`` next to the document (``plan.docx.meta.json``; ``plan.meta.json``
  is accepted too): an object of fields.

Fields: ``title issuer city district province level year date doc_no`` (a JSON ``null``
says "unknown" and silences the warning about it) and ``note`` (free text for people,
not read). Anything else, or a value of the wrong type, is a :class:`SidecarError`
naming the file.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import stat as stat_mode
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from graphkit.errors import SidecarError

CORPUS_FILE = "corpus.json"
META_SUFFIX = ".meta.json"
TEXT_FIELDS = ("title", "issuer", "city", "district", "province", "doc_no")
FIELDS = (*TEXT_FIELDS, "level", "year", "date")
LEVELS = ("city", "district", "zone", "province")
NOTE_FIELDS = ("note", "notes", "source")


def sidecar_paths(document: Path) -> list[Path]:
    """Sidecar files that apply to ``document``, lowest precedence first (existing ones only)."""
    return [Path(path) for path, _ in _sidecars(os.fspath(Path(document)))]


# what Path.is_file() takes for "no such file" rather than raising
_NOT_THERE = (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP)


def _sidecars(document: str) -> list[tuple[str, os.stat_result]]:
    """:func:`sidecar_paths` as strings, each with its stat (one stat per candidate file: this
    runs once per document of a batch, where pathlib's objects cost more than the stats)."""
    folder, name = os.path.split(document)
    i = name.rfind(".")
    stem = name[:i] if 0 < i < len(name) - 1 else name  # as Path.stem
    found: list[tuple[str, os.stat_result]] = []
    for candidate in (CORPUS_FILE, stem + META_SUFFIX, name + META_SUFFIX):
        path = os.path.join(folder, candidate)
        if any(path == seen for seen, _ in found):
            continue
        try:
            st = os.stat(path)
        except OSError as exc:
            if exc.errno in _NOT_THERE:
                continue
            raise
        except ValueError:  # a NUL in the name, as Path.is_file()
            continue
        if stat_mode.S_ISREG(st.st_mode):
            found.append((path, st))
    return found


def sidecar_for(document: str | Path) -> dict[str, Any]:
    """The merged, validated sidecar fields for one document (``{}`` if there is none)."""
    # normalised as a Path prints it (the sidecars' names in errors); a Path given prints so already
    document = os.fspath(document if isinstance(document, Path) else Path(document))
    merged: dict[str, Any] = {}
    for path, st in _sidecars(document):
        data = _load(path, st)
        if os.path.basename(path) == CORPUS_FILE:
            if not isinstance(data, dict):
                raise SidecarError("must be a JSON object keyed by file name", path=path)
            key = os.path.basename(document)
            entry = data.get(key)
            if entry is None:
                continue
            merged.update(validate(entry, path, key))
        else:
            merged.update(validate(data, path))
    return merged


def validate(entry: Any, where: str, key: str | None = None) -> dict[str, Any]:
    """Check one sidecar object; returns the metadata fields it sets (notes dropped)."""
    label = f"entry {key!r}: " if key else ""
    if not isinstance(entry, Mapping):
        raise SidecarError(f"{label}must be a JSON object of fields, not {type(entry).__name__}", path=where)
    out: dict[str, Any] = {}
    for name, value in entry.items():
        if name in NOTE_FIELDS or name.startswith("_"):
            if not (value is None or isinstance(value, str) or
                    (isinstance(value, list) and all(isinstance(v, str) for v in value))):
                raise SidecarError(f"{label}{name!r} must be text", path=where)
            continue
        if name not in FIELDS:
            allowed = ", ".join(FIELDS + ("note",))
            raise SidecarError(f"{label}unknown field {name!r} (allowed: {allowed})", path=where)
        if value is None:
            out[name] = None
        elif name in TEXT_FIELDS:
            if not isinstance(value, str) or not value.strip():
                raise SidecarError(f"{label}{name!r} must be non-empty text or null", path=where)
            out[name] = value.strip()
        elif name == "level":
            if value not in LEVELS:
                raise SidecarError(f"{label}'level' must be one of {', '.join(LEVELS)} or null", path=where)
            out[name] = value
        elif name == "year":
            if isinstance(value, bool) or not isinstance(value, int) or not 1949 <= value <= 2100:
                raise SidecarError(f"{label}'year' must be a whole number like 2021 or null", path=where)
            out[name] = value
        elif name == "date":
            try:
                out[name] = dt.date.fromisoformat(value).isoformat() if isinstance(value, str) else None
            except ValueError:
                out[name] = None
            if out[name] is None:
                raise SidecarError(f"{label}'date' must be an ISO date like 2021-08-20 or null", path=where)
    return out


# corpus.json as last parsed, per path: ((mtime_ns, size), data). A batch of N documents in one
# directory reads it once, not N times (10,000 entries parsed 10,000 times took minutes).
_PARSED: dict[str, tuple[tuple[int, int], Any]] = {}


def _load(path: str, st: os.stat_result) -> Any:
    """The parsed JSON of a sidecar file (``st``: its stat); a ``corpus.json`` is parsed again
    only when it changed."""
    version = (st.st_mtime_ns, st.st_size)
    cached = _PARSED.get(path)
    if cached is not None and cached[0] == version:
        return cached[1]
    data = _parse(Path(path))
    if os.path.basename(path) == CORPUS_FILE:
        _PARSED[path] = (version, data)
    return data


def _parse(path: Path) -> Any:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SidecarError(exc.strerror or str(exc), path=str(path)) from exc
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise SidecarError("not UTF-8 text", path=str(path)) from exc
    except json.JSONDecodeError as exc:
        raise SidecarError(f"invalid JSON: {exc.msg} (column {exc.colno})", path=str(path),
                           line=exc.lineno) from exc

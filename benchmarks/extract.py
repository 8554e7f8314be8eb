"""Extraction speed over the example corpus, against a floor measured in the same run.

    .venv/bin/python benchmarks/extract.py                 # full pipeline (with entity layer)
    .venv/bin/python benchmarks/extract.py --no-entities   # loaders only
    .venv/bin/python benchmarks/extract.py --repeat 9 --json

The floor is the least any extractor must do: read each file and run one regex over
it for numbered items ("12．"). Both are timed over the same files, ``--repeat`` times,
and the median is reported as characters per second; the ratio (floor ÷ extraction)
says how many times slower than a bare read-and-scan the real pipeline is. Compare
ratios across machines, not absolute numbers.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NUMBERED = re.compile(r"^\s*\d+[．.、]", re.M)


def floor_pass(files: list[tuple[Path, str]]) -> int:
    """Read + decode + one finditer per file: returns the item count (so it is not optimised away)."""
    found = 0
    for path, encoding in files:
        text = path.read_bytes().decode(encoding)
        found += sum(1 for _ in NUMBERED.finditer(text))
    return found


def encodings(paths: list[Path]) -> tuple[list[tuple[Path, str]], int]:
    """Each file with the encoding graphkit detects for it (UTF-8, GB18030 …), and the characters in all.

    Detection runs once here, outside the timing, so the floor decodes each file like the
    pipeline does without also paying for the detection.
    """
    from graphkit.errors import DocumentError
    from graphkit.loaders.readers.plain import decode_bytes

    out, chars = [], 0
    for path in paths:
        try:
            text, encoding, _ = decode_bytes(path.read_bytes(), str(path))
        except DocumentError as exc:  # its message names the file
            raise SystemExit(f"error: {exc}") from None
        except OSError as exc:
            raise SystemExit(f"error: {path}: {exc.strerror}") from None
        out.append((path, encoding))
        chars += len(text)
    return out, chars


def extract_pass(paths: list[Path], entities: bool) -> int:
    from graphkit.extract import extract_file

    tasks = 0
    for path in paths:
        tasks += len(extract_file(path, entities=entities).tasks)
    return tasks


def timed(fn, *args) -> float:
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[ROOT / "examples" / "corpus"],
                        help="files or folders of .txt plans (default: examples/corpus)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each pass (median reported)")
    parser.add_argument("--no-entities", action="store_true", help="loaders only: skip the entity layer")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    args = parser.parse_args(argv)

    files = []
    for path in args.paths:
        if not path.exists():
            parser.error(f"{path}: no such file or folder")
        files += sorted(path.rglob("*.txt")) if path.is_dir() else [path]
    if not files:
        parser.error("no .txt files to measure")
    decoded, chars = encodings(files)
    entities = not args.no_entities

    extract_pass(files, entities)  # warm-up: imports, tables, spaCy pipeline
    floor_pass(decoded)
    floor_times, extract_times = [], []
    for _ in range(max(1, args.repeat)):  # interleaved so drift affects both alike
        floor_times.append(timed(floor_pass, decoded))
        extract_times.append(timed(extract_pass, files, entities))
    from graphkit.loaders import native  # imported by the passes above: which loaders ran

    floor_s = statistics.median(floor_times)
    extract_s = statistics.median(extract_times)
    result = {
        "files": len(files),
        "chars": chars,
        "repeat": args.repeat,
        "entities": entities,
        "loaders": native.mode(),  # "compiled" (mypyc) or "pure"
        "loaders_detail": native.describe(),
        "extract_seconds": round(extract_s, 6),
        "floor_seconds": round(floor_s, 6),
        "extract_chars_per_second": round(chars / extract_s),
        "floor_chars_per_second": round(chars / floor_s),
        "ratio_floor_over_extract": round(extract_s / floor_s, 1),
    }
    if args.json:
        print(json.dumps(result))
    else:
        mode = "full pipeline" if entities else "loaders only (--no-entities)"
        print(f"extract ({mode}): {len(files)} files, {chars:,} characters, median of {args.repeat}")
        print(f"  loaders         {native.describe()}")
        print(f"  extraction      {result['extract_chars_per_second']:>14,} chars/s  ({extract_s * 1000:.1f} ms)")
        print(f"  floor (read+re) {result['floor_chars_per_second']:>14,} chars/s  ({floor_s * 1000:.2f} ms)")
        print(f"  ratio           {result['ratio_floor_over_extract']:>14}x slower than the floor")
    return 0


if __name__ == "__main__":
    sys.exit(main())

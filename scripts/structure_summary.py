"""Print every section and task the structure parser finds, for eyeballing against the source.

Usage: python scripts/structure_summary.py examples/corpus/*.txt [--full]
"""

from __future__ import annotations

import sys
from pathlib import Path

from graphkit.loaders.structure import parse_structure
from graphkit.model import ExtractedPlan, PlanMeta, plan_id_for


def units(us) -> str:
    return "、".join((u.prefix + "|" if u.prefix else "") + u.mention for u in us)


def main(argv: list[str]) -> None:
    full = "--full" in argv
    for path in [a for a in argv if not a.startswith("--")]:
        text = Path(path).read_text(encoding="utf-8")
        plan = ExtractedPlan(plan=PlanMeta(id=plan_id_for(text), source=path), text=text)
        parse_structure(plan)
        print(f"=== {path}: {len(plan.tasks)} tasks, {len(plan.sections)} sections, "
              f"{len(plan.warnings)} warnings")
        for s in plan.sections:
            lead = f" leads={units(s.leads)}" if s.leads else ""
            print(f"  [S{s.level} {s.kind}] {s.number} {s.heading}{lead}")
        for t in plan.tasks:
            body = t.text if full else t.text[:40]
            print(f"  T{t.number}{'*' if t.number_implied else ''} {'/'.join(x[:8] for x in t.section)} | {body}")
            print(f"      L={units(t.leads)} exp={t.lead_explicit} S={units(t.supports)} G={t.generic}"
                  f" D={t.deadline_text} parts={len(t.parts)}")
            assert text[t.span[0]:t.span[1]], t
            for p in t.parts:
                print(f"      - part: {p.text[:30]} L={units(p.leads)} S={units(p.supports)} G={p.generic}")
        for w in plan.warnings:
            print(f"  ! line {w.line}: {w.message} [{w.code}]")


if __name__ == "__main__":
    main(sys.argv[1:])

#!/usr/bin/env python3
"""Regenerate tests/reports/NAME/expected.nq (all reports, or the ones named).

usage: python scripts/update_golden.py [NAME ...] [--check] [--scores]

Builds each report as tests/test_reports.py does and writes its named graph as sorted
N-Quads, printing what changed (triples added and removed, by predicate, and the first few).
--check writes nothing and exits 1 when a graph differs; --scores also prints the measured
scores next to the least ones of scores.yaml (raise those by hand after an improvement).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from tests.reports.golden import (  # noqa: E402
    Diff,
    build_graph,
    describe,
    diff,
    measure,
    read_nquads,
    report_dirs,
    short,
    summary,
    to_nquads,
)


def by_predicate(d: Diff) -> str:
    plus = Counter(short(p) for _, p, _ in d.only_built)
    minus = Counter(short(p) for _, p, _ in d.only_expected)
    return ", ".join(f"{p} +{plus[p]}/-{minus[p]}" for p in sorted(set(plus) | set(minus)))


def main(argv: list[str]) -> int:
    names = [a for a in argv if not a.startswith("--")]
    folders = report_dirs()
    unknown = sorted(set(names) - {f.name for f in folders})
    if unknown:
        print(f"no report folder {', '.join(unknown)} in tests/reports", file=sys.stderr)
        return 2
    changed = 0
    for folder in folders:
        if names and folder.name not in names:
            continue
        graph = build_graph(folder)
        target = folder / "expected.nq"
        if target.exists():
            d = diff(read_nquads(target), graph)
            state = "unchanged" if d.same else (
                f"+{len(d.only_built)} -{len(d.only_expected)} triples ({by_predicate(d)})")
        else:
            d, state = None, "new"
        print(f"{folder.name}: {len(graph)} triples, {state}")
        if d is not None and not d.same:
            print(describe(d, limit=5))
        if state != "unchanged":
            changed += 1
            if "--check" not in argv:
                target.write_text(to_nquads(graph), encoding="utf-8")
        if "--scores" in argv:
            least = yaml.safe_load((folder / "scores.yaml").read_text(encoding="utf-8")) \
                if (folder / "scores.yaml").exists() else {}
            print("  " + summary(measure(folder)).replace("\n", "\n  "))
            print(f"  least (scores.yaml): {least}")
    if "--check" in argv and changed:
        print(f"{changed} report(s) differ from expected.nq", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

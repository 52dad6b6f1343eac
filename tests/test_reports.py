"""Whole reports as cases (tests/reports/NAME/): the golden graph and the least scores.

Each report is built as `kaiping-kg build` builds it; its named graph must be isomorphic to
expected.nq (regenerate after an intended change: `python scripts/update_golden.py NAME`), and
its gold must score at least what scores.yaml says (strict recall and precision, entities …),
scored as ../shared/eval/corpus.py scores the corpus (tests/reports/scoring.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.reports.golden import (
    build_graph,
    describe,
    diff,
    measure,
    read_nquads,
    report_dirs,
    summary,
)

FOLDERS = [pytest.param(p, id=p.name) for p in report_dirs()]
SCORE_KEYS = {"strict_recall", "strict_precision", "recall", "precision", "entity_recall",
              "entity_precision", "supports", "conforms"}


@pytest.mark.parametrize("folder", FOLDERS)
def test_graph_is_the_golden_one(folder: Path) -> None:
    expected = folder / "expected.nq"
    assert expected.exists(), f"no {expected}; run: python scripts/update_golden.py {folder.name}"
    d = diff(read_nquads(expected), build_graph(folder))
    if not d.same:
        pytest.fail(f"{folder.name}: the graph differs from expected.nq\n{describe(d)}\n"
                    f"after an intended change: python scripts/update_golden.py {folder.name}",
                    pytrace=False)


@pytest.mark.parametrize("folder", FOLDERS)
def test_scores_do_not_drop(folder: Path) -> None:
    least = yaml.safe_load((folder / "scores.yaml").read_text(encoding="utf-8")) or {}
    unknown = set(least) - SCORE_KEYS
    assert not unknown, f"{folder.name}/scores.yaml: unknown keys {sorted(unknown)}"
    m = measure(folder)
    print(f"\n{folder.name}: {summary(m)}")
    got = m.numbers()
    dropped = [f"{k} {got[k]:.3f} < {v}" for k, v in least.items()
               if k != "conforms" and got[k] < v]
    if least.get("conforms") and not m.conforms:
        dropped.append("the build no longer conforms to the shapes")
    if dropped:
        pytest.fail(f"{folder.name}: " + "; ".join(dropped) + "\n" + summary(m), pytrace=False)

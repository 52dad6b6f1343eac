"""Cases: one folder per construction of the genre, input text and the records it must give.

tests/cases/<construction>/<id>/ holds `input.txt` (body lines of a small report, put under a
part heading as a rule example's `text` is) or `report.txt` (a whole report, read as it is),
`expected.yaml` (`about`, and `yields` / `never` / `exact` in the record format of rule
examples, kg_build/examples.py) and an optional `context.yaml` (`part`: review, plan,
multi_year_review or preamble; `region`, `province`, `year`: the reviewed year, default 2024).
tests/cases/regressions/<slug>/ is the same, one folder per fixed bug, with a README.md line
saying what it guards. A construction the extractor does not handle yet is not a case.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
import yaml

from kg_build.examples import example_report_text, run_example
from kg_build.lexicon import Example

CASES = Path(__file__).resolve().parent / "cases"
BASE = "https://w3id.org/kaiping-kg/"
CONTEXT_KEYS = {"part", "region", "province", "year"}
EXPECTED_KEYS = {"about", "yields", "never", "exact"}
def case_dirs() -> list[Path]:
    return sorted(p.parent for p in CASES.rglob("expected.yaml"))


def _yaml(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}
    return data or {}


def load_case(folder: Path) -> Example:
    context, expected = _yaml(folder / "context.yaml"), _yaml(folder / "expected.yaml")
    bad = (set(context) - CONTEXT_KEYS) | (set(expected) - EXPECTED_KEYS)
    assert not bad, f"{folder}: unknown keys {sorted(bad)}"
    assert expected.get("about"), f"{folder}/expected.yaml: say in `about` what it tests"
    whole = folder / "report.txt"
    body = folder / "input.txt"
    assert whole.exists() != body.exists(), f"{folder}: give input.txt or report.txt"
    return Example(
        rule=f"case:{folder.relative_to(CASES)}",
        text=None if whole.exists() else body.read_text(encoding="utf-8").strip(),
        report=whole.read_text(encoding="utf-8") if whole.exists() else None,
        part=context.get("part", "review"),
        region=context.get("region"),
        province=context.get("province"),
        year=int(context.get("year", 2024)),
        yields=tuple(expected.get("yields") or ()),
        never=tuple(expected.get("never") or ()),
        exact=bool(expected.get("exact", False)),
    )


@cache
def _context():
    from kg_build.context import Context

    return Context(BASE)


def run_case(ex: Example) -> list[str]:
    return run_example(ex, _context())


FOLDERS = [pytest.param(p, id=str(p.relative_to(CASES))) for p in case_dirs()]


@pytest.mark.parametrize("folder", FOLDERS)
def test_case(folder: Path) -> None:
    ex = load_case(folder)
    problems = run_case(ex)
    where = f"{folder.relative_to(CASES)}: {example_report_text(ex)!r}"
    assert not problems, where + "\n" + "\n".join(problems)


def test_every_regression_says_what_it_guards() -> None:
    for folder in case_dirs():
        if folder.parent.name == "regressions":
            readme = folder / "README.md"
            assert readme.exists() and readme.read_text(encoding="utf-8").strip(), \
                f"{folder}: a regression needs a README.md line saying what bug it guards"

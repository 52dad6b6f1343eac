"""Every rule in kg_build/data carries examples; each is read as a report and must hold."""

from __future__ import annotations

from functools import cache

import pytest

from kg_build.examples import example_report_text, run_example
from kg_build.lexicon import Example, all_lexicons
from kg_build.paths import bundled_reports

EXAMPLES = [
    pytest.param(ex, id=f"{lex.name}:{entry.name}:{i}")
    for lex in all_lexicons()
    for entry in lex.entries.values()
    for i, ex in enumerate(entry.examples, 1)
]


@cache
def _context():
    from kg_build.context import Context
    from kg_build.rdf.namespaces import DEFAULT_BASE

    return Context(DEFAULT_BASE)


def run(ex: Example) -> list[str]:
    return run_example(ex, _context())


@pytest.mark.parametrize("ex", EXAMPLES)
def test_example(ex: Example) -> None:
    problems = run(ex)
    assert not problems, f"{ex.rule}: {example_report_text(ex)!r}\n" + "\n".join(problems)


def test_every_rule_has_an_example_from_outside_the_bundled_report() -> None:
    bundled = "".join(p.read_text(encoding="utf-8") for p in bundled_reports())
    only_bundled = [
        f"{lex.name}:{entry.name}"
        for lex in all_lexicons()
        for entry in lex.entries.values()
        if all((ex.text or ex.report or "").strip() in bundled for ex in entry.examples)
    ]
    assert not only_bundled, f"rules with examples only from the bundled report: {only_bundled}"


def test_every_rule_is_read() -> None:
    """No dead rules: reading the bundled report and every example reads each rule."""
    from kg_build.pipeline import extract_report
    from kg_build.read import read_report

    for path in bundled_reports():
        extract_report(read_report(path), _context())
    for param in EXAMPLES:
        run(param.values[0])
    unread = [
        f"{lex.name}:{name}" for lex in all_lexicons() for name in lex.entries
        if name not in lex.reads()
    ]
    assert not unread, f"rules no code reads: {unread}"

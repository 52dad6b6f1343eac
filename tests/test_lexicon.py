"""The rules loader: schema checks, accessors, read tracking, and one example run end to end."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg_build.errors import KgError
from kg_build.examples import check, records
from kg_build.lexicon import load

SCHEMA = "demo:\n  verbs: words\n  head: pattern\n  limit: value\n"
GOOD = """
verbs:
  about: verbs that open a phrase
  words: [推进, 推动]
  examples:
    - text: 推动某某园建设
      yields: [{entity: 某某园, type: park}]
head:
  about: a heading
  pattern: '^{num}、'
  examples:
    - report: "一、回顾\\n"
      never: [{section: 回顾, part: plan}]
limit:
  about: a bound
  value: 3
  examples:
    - text: 新建学校3所
      yields: [{observation: 学校, value: 3, unit: 所}]
"""


def write(tmp: Path, rules: str, declared: str = SCHEMA) -> Path:
    (tmp / "schema.yaml").write_text(declared, encoding="utf-8")
    (tmp / "demo.yaml").write_text(rules, encoding="utf-8")
    return tmp  # a new folder per test: the caches of load() and schema() are keyed by it


def test_accessors_record_what_was_read(tmp_path: Path) -> None:
    lex = load("demo", write(tmp_path, GOOD))
    assert lex.words("verbs") == ("推进", "推动")
    assert lex.pattern("head", num="[一二]").match("二、x")
    assert lex.value("limit") == 3
    assert lex.reads() == {"verbs", "head", "limit"}
    assert lex.entries["limit"].examples[0].yields[0]["value"] == 3


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        (GOOD + "extra:\n  about: x\n  words: [a]\n  examples: []\n", "unknown rules ['extra']"),
        (GOOD.split("head:")[0], "missing: ['head', 'limit']"),
        (GOOD.replace("words: [推进, 推动]", "map: {a: 1}"), "must give `words`"),
        (GOOD.replace("  about: a bound\n", ""), "needs an `about` line"),
        (GOOD.replace("'^{num}、'", "'(unclosed'"), "not a valid pattern"),
        (GOOD.replace("      yields: [{entity: 某某园, type: park}]\n", ""), "neither"),
        (GOOD.replace("type: park}", "type: park, part: x}").replace("entity:", "thing:"),
         "names one of"),
    ],
)
def test_bad_rules_are_refused_with_the_rule_named(tmp_path: Path, rules: str, message: str):
    with pytest.raises(KgError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load("demo", write(tmp_path, rules))


def test_an_example_fails_when_the_extraction_does_not_hold_it() -> None:
    """check() compares records field by field; Decimal values compare by value."""
    from decimal import Decimal

    from kg_build.lexicon import Example
    from kg_build.model import Extraction, Observation, Report, ReportMeta

    obs = Observation("L1.1", 1, "出口额", "growth", Decimal("-3.0"), "%", "2024", "actual")
    found = records(Report(ReportMeta("x"), "", b"", "utf-8", "x", (), ()), Extraction([obs]))
    ok = Example("r", "t", None, yields=({"observation": "出口额", "value": -3},))
    assert check(ok, found) == []
    wrong = Example("r", "t", None, yields=({"observation": "出口额", "value": 3},))
    assert check(wrong, found) and "missing" in check(wrong, found)[0]
    never = Example("r", "t", None, never=({"observation": "出口额"},))
    assert "must not yield" in check(never, found)[0]
    exact = Example("r", "t", None, yields=({"observation": "进口额"},), exact=True)
    assert len(check(exact, found)) == 2

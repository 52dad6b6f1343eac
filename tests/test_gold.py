"""The quantity scorer: extracted observations against hand-written gold rows.

A gold row is matched by an extracted observation of the same report line with the same
value, unit, period and status, and an indicator phrase naming the same thing. Phrases are
compared after removing quotes, brackets and spaces: they name the same thing when one
contains the other, or when at least 75% of the characters of the shorter one occur in the
longer one (跨域通办政务服务事项 vs 政务服务事项跨域通办; 村集体经营性收入超50万元的行政村 vs
行政村村集体经营性收入超50万元). When the phrases alone differ, the subject is put in front of
each (a gold row may fold the subject into the phrase). Each observation matches one row.

recall = matched gold rows / gold rows; precision = matched observations / observations
extracted from the lines the gold covers. Both are printed (pytest -s, or -rA in CI).
"""

from __future__ import annotations

import json
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest

from kg_build.extract.quantities import extract_observations
from kg_build.model import Observation
from kg_build.read import read_report

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "reports" / "kaiping-2025-gwr.txt"
GOLD = ROOT.parent / "shared" / "gold" / "kaiping-2025-observations-dev.jsonl"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "quantities"
NOISE = re.compile(r"[“”\"'‘’《》()()\s]")


def norm(phrase: str | None) -> str:
    return NOISE.sub("", phrase or "")


def same_thing(a: str, b: str) -> bool:
    """Do two indicator phrases name the same thing (containment or shared characters)?"""
    a, b = norm(a), norm(b)
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    shared = sum(1 for ch in set(short) if ch in long_)
    return shared / len(set(short)) >= 0.75


def row_matches(gold: dict, obs: Observation, line: int) -> bool:
    if gold["line"] != line:
        return False
    if Decimal(str(gold["value"])) != obs.value or gold["unit"] != obs.unit:
        return False
    if gold["period"] != obs.period or gold["status"] != obs.status:
        return False
    if same_thing(gold["indicator"], obs.indicator):
        return True
    with_subject = (gold.get("subject") or "") + gold["indicator"]
    return same_thing(with_subject, (obs.subject or "") + obs.indicator)


def score(report_path: Path, gold_path: Path, lines: range | None = None) -> dict:
    """Match gold rows one to one; return counts, misses and extras."""
    report = read_report(report_path)
    line_of = {st.id: st.line for st in report.statements}
    gold = [json.loads(x) for x in gold_path.read_text(encoding="utf-8").splitlines() if x.strip()]
    covered = lines or range(1, max(g["line"] for g in gold) + 1)
    extracted = [o for o in extract_observations(report) if line_of[o.statement] in covered]
    used: set[int] = set()
    misses, agree_measure, agree_qualifier = [], 0, 0
    for g in gold:
        hit = next(
            (
                i
                for i, o in enumerate(extracted)
                if i not in used and row_matches(g, o, line_of[o.statement])
            ),
            None,
        )
        if hit is None:
            misses.append(g)
            continue
        used.add(hit)
        o = extracted[hit]
        agree_measure += o.measure == g["measure"]
        agree_qualifier += o.qualifier == g.get("qualifier")
    extras = [o for i, o in enumerate(extracted) if i not in used]
    matched = len(used)
    result = {
        "gold": len(gold),
        "extracted": len(extracted),
        "matched": matched,
        "recall": matched / len(gold) if gold else 1.0,
        "precision": matched / len(extracted) if extracted else 1.0,
        "measure_agreement": agree_measure / matched if matched else 1.0,
        "qualifier_agreement": agree_qualifier / matched if matched else 1.0,
        "misses": misses,
        "extras": [(line_of[o.statement], o.indicator, str(o.value), o.unit) for o in extras],
    }
    print(
        f"\n{report_path.name}: recall {result['recall']:.3f} ({matched}/{len(gold)}), "
        f"precision {result['precision']:.3f} ({matched}/{len(extracted)}), "
        f"measure {result['measure_agreement']:.3f}, qualifier {result['qualifier_agreement']:.3f}"
    )
    for g in misses:
        print("  missed:", json.dumps(g, ensure_ascii=False))
    for e in result["extras"]:
        print("  extra: ", e)
    return result


def test_phrase_matching_rules() -> None:
    assert same_thing("跨域通办政务服务事项", "政务服务事项跨域通办")
    assert same_thing("发明专利", "新增发明专利")
    assert same_thing("“小巨人”企业", "国家级专精特新“小巨人”企业")
    assert not same_thing("旅游收入", "接待游客")


@pytest.mark.skipif(
    not GOLD.exists() and os.environ.get("CI") != "true",  # CI always has ../shared
    reason="the shared gold file is not beside the project",
)
def test_bundled_report_against_gold() -> None:
    result = score(BUNDLED, GOLD, range(1, 51))
    assert result["recall"] >= 0.98
    assert result["precision"] >= 0.95
    assert result["measure_agreement"] >= 0.98


FIXTURE_CASES = sorted(p.stem for p in FIXTURES.glob("*.txt")) if FIXTURES.exists() else []


@pytest.mark.parametrize("name", FIXTURE_CASES)
def test_fixture_reports_against_their_gold(name: str) -> None:
    """Reports written in the genre for these tests (other cities, years, digests and prose).

    All three reach 1.0 after tuning; the last written (xinhui) scored 0.92/0.92 on its
    first, blind run. The bar is 0.95 so that a regression shows.
    """
    result = score(FIXTURES / f"{name}.txt", FIXTURES / f"{name}.gold.jsonl")
    assert result["recall"] >= 0.95
    assert result["precision"] >= 0.95

"""Run a rule's examples: read the example text as a small report, extract, compare records.

An example with `text` becomes a report of three parts: a title line, a part heading
(回顾 for `part: review`, 工作安排 for `part: plan`, 过去五年 for `multi_year_review`) and
the text as its body. One with `report` is read as it is. Each record in `yields` must match
some extracted record on every field it gives; no record in `never` may match one.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from kg_build.context import Context
from kg_build.lexicon import RECORD_KINDS, Example
from kg_build.model import Extraction, Report

HEADINGS = {
    "review": "一、{reviewed}年工作回顾",
    "plan": "一、{planned}年工作安排",
    "multi_year_review": "一、过去五年工作回顾",
    "preamble": "",
}


def example_report_text(ex: Example) -> str:
    """The whole report an example stands for."""
    if ex.report is not None:
        return ex.report
    heading = HEADINGS[ex.part].format(reviewed=ex.year, planned=ex.year + 1)
    title = f"{ex.region or ''}{ex.year + 1}年政府工作报告"
    return "\n".join(line for line in (title, heading, ex.text or "") if line) + "\n"


def example_overrides(ex: Example) -> dict[str, Any]:
    # an example of how a report's years are read must read them from its own text
    reads_years = any(y.get("meta") in ("year_reviewed", "year_planned") for y in ex.yields)
    out: dict[str, Any] = {}
    if not reads_years:
        out = {"year_reviewed": ex.year, "year_planned": ex.year + 1}
    if ex.region:
        out["region"] = ex.region
    if ex.province:
        out["province"] = ex.province
    return out


def records(report: Report, ex: Extraction) -> dict[str, list[dict[str, Any]]]:
    """What a report and its extraction hold, as plain records keyed by kind."""
    label = {key: e.label for key, e in ex.entities.items()}
    return {
        "observation": [
            {
                "observation": o.indicator,
                "measure": o.measure,
                "value": o.value,
                "unit": o.unit,
                "period": o.period,
                "status": o.status,
                "qualifier": o.qualifier,
                "subject": o.subject,
            }
            for o in ex.observations
        ],
        "entity": [{"entity": e.label, "type": e.kind} for e in ex.entities.values()],
        "relation": [
            {
                "relation": r.predicate,
                "from": label.get(r.subject, r.subject),
                "to": label.get(r.object, r.object.removeprefix("lit:")),
            }
            for r in ex.relations
        ],
        "section": [{"section": s.title, "part": s.part} for s in report.sections],
        "statement": [
            {"statement": s.text, "kind": s.kind, "part": s.part, "period": s.period}
            for s in report.statements
        ],
        "meta": [
            {"meta": name, "value": getattr(report.meta, name)}
            for name in (
                "region",
                "province",
                "year_reviewed",
                "year_planned",
                "title",
                "meeting",
                "editor",
                "date",
            )
        ],
    }


def _same(want: Any, got: Any) -> bool:
    if isinstance(got, Decimal) and want is not None:
        try:
            return Decimal(str(want)) == got
        except InvalidOperation:
            return False
    if isinstance(got, int) and not isinstance(want, bool) and want is not None:
        return str(want) == str(got)
    return want == got


def matches(want: dict[str, Any], got: dict[str, Any]) -> bool:
    return all(k in got and _same(v, got[k]) for k, v in want.items())


def kind_of(record: dict[str, Any]) -> str:
    return next(k for k in RECORD_KINDS if k in record)


def check(ex: Example, found: dict[str, list[dict[str, Any]]]) -> list[str]:
    """What is wrong with the extraction of one example (empty: it passes)."""
    problems = []
    for want in ex.yields:
        if not any(matches(want, got) for got in found[kind_of(want)]):
            problems.append(f"missing {want}")
    for bad in ex.never:
        hits = [got for got in found[kind_of(bad)] if matches(bad, got)]
        if hits:
            problems.append(f"must not yield {bad}, got {hits[0]}")
    if ex.exact:
        for kind in sorted({kind_of(w) for w in ex.yields}):
            wanted = [w for w in ex.yields if kind_of(w) == kind]
            extra = [g for g in found[kind] if not any(matches(w, g) for w in wanted)]
            if extra:
                problems.append(f"yields more {kind} records than listed: {extra}")
    return problems


def run_example(ex: Example, ctx: Context) -> list[str]:
    """Read an example as a report, extract and resolve it, and say what does not hold."""
    from kg_build.pipeline import extract_report  # the pipeline is the thing under test
    from kg_build.read import read_bytes

    text = example_report_text(ex)
    report = read_bytes(text.encode("utf-8"), "example.txt", example_overrides(ex))
    return check(ex, records(report, extract_report(report, ctx)))

"""docs/extraction.md stays true: its worked example gives what the page says."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

DOC = Path(__file__).resolve().parents[1] / "docs" / "extraction.md"


def worked_example() -> str:
    text = DOC.read_text(encoding="utf-8").split("## A worked example", 1)[1]
    return re.search(r"```\n(.*?)```", text, re.S).group(1)


def test_the_worked_example_reads_as_the_page_says() -> None:
    from kg_build.context import Context
    from kg_build.pipeline import extract_claims
    from kg_build.rdf.namespaces import DEFAULT_BASE
    from kg_build.read import read_bytes
    from kg_build.resolve import resolve

    report = read_bytes(worked_example().encode("utf-8"), "hanbin.txt", {"province": "陕西省"})
    assert (report.meta.region, report.meta.year_reviewed) == ("汉滨区", 2024)
    st = next(s for s in report.statements if s.id == "L3.1")
    assert (st.part, st.period) == ("review", "2024")
    ctx = Context(DEFAULT_BASE)
    claims = extract_claims(report, ctx)
    got = [(o.indicator, o.value, o.unit, o.period, o.status) for o in claims.observations]
    assert got == [
        ("重点项目", Decimal(158), "个", "2024", "actual"),
        ("完成投资", Decimal("189.4"), "亿元", "2024", "actual"),
        ("新谋划重点项目", Decimal(630), "个", "2024", "actual"),
        ("新谋划重点项目总投资", Decimal(1280), "亿元", "2024", "actual"),
    ]
    ex = resolve(report, claims, ctx)
    assert str(ex.region) == "https://w3id.org/kaiping-kg/id/place/shaanxi/ankang/hanbin"
    assert all(o.subject is None for o in ex.observations)
    assert (claims.observations[1].base_value, claims.observations[1].base_unit) == (
        Decimal(18940000000),
        "元",
    )

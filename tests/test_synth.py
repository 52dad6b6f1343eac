"""The synthetic report generator: deterministic, both forms, readable by the reader."""

from __future__ import annotations

import re
from decimal import Decimal

from kg_build.extract.quantities import extract_observations
from kg_build.read import read_bytes
from kg_build.synth import synth_report, synth_reports, write_reports


def test_same_seed_same_reports_whatever_n() -> None:
    assert synth_reports(4, seed=7) == synth_reports(4, seed=7)
    assert synth_reports(6, seed=7)[:4] == synth_reports(4, seed=7)  # report i is stable
    assert synth_reports(4, seed=7) != synth_reports(4, seed=8)


def test_both_forms_and_varied_regions() -> None:
    reports = synth_reports(20)
    assert {r.form for r in reports} == {"digest", "prose"}
    assert len({r.region for r in reports}) >= 5
    assert len({r.name for r in reports}) == 20


def test_digest_and_prose_parse_into_statements() -> None:
    for index, form in ((0, "digest"), (1, "prose")):
        synth = synth_report(index)
        assert synth.form == form
        report = read_bytes(synth.text.encode("utf-8"), synth.name)
        assert report.meta.region == synth.region
        assert report.meta.year_reviewed == synth.year
        assert report.meta.year_planned == synth.year + 1
        parts = {st.part for st in report.statements}
        assert {"review", "plan"} <= parts


def test_stated_levels_are_extracted() -> None:
    """Every `X完成N亿元` the generator writes comes back as an observation of N 亿元."""
    for synth in synth_reports(4):
        report = read_bytes(synth.text.encode("utf-8"), synth.name)
        written = {Decimal(v) for v in re.findall(r"完成(\d+(?:\.\d+)?)亿元,同比", synth.text)}
        assert written
        found = {o.value for o in extract_observations(report) if o.unit == "亿元"}
        assert written <= found


def test_write_reports(tmp_path) -> None:
    paths = write_reports(3, tmp_path, seed=1)
    assert [p.name for p in paths] == [r.name for r in synth_reports(3, seed=1)]
    assert paths[0].read_text(encoding="utf-8") == synth_report(0, seed=1).text

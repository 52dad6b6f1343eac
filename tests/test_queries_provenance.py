"""Every stored query that returns facts names the report, region and year of each row and
takes `region` and `report` parameters; checked on a store of four reports of three regions
(the bundled 开平市 report, the 水口镇 town report of tests/reports/shuikou-2025, and two
consecutive synthetic 鹤山市 reports from kg_build/synth.py), built by the real pipeline."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg_build.queries import get_query, load_queries, run_query
from kg_build.store import merge_into_default_graph

ROOT = Path(__file__).resolve().parents[1]
B = "https://w3id.org/kaiping-kg/"
HESHAN_2024 = "synth-0014-2024-digest"  # 鹤山市, reviews 2023, plans 2024
HESHAN_2025 = "synth-0028-2025-digest"  # 鹤山市, reviews 2024, plans 2025
# report id → (region, year planned), as each report's own header states them
REPORTS = {
    "kaiping-2025-gwr": ("开平市", "2025"),
    "shuikou-2025": ("水口镇", "2025"),
    HESHAN_2024: ("鹤山市", "2024"),
    HESHAN_2025: ("鹤山市", "2025"),
}
# Queries whose rows are not facts stated by a report, with the reason they keep no report
# column: store metadata, reference data, or reports that were not stored.
EXEMPT = {
    "dataset-stats": "counts per named graph (metadata; its graph column is the report IRI)",
    "industry-tree": "the reference taxonomy, with counts over the whole store",
    "linked-ids": "codes and links from the reference data, not stated by a report",
    "set-aside": "reports that were not stored: their region is not in the store",
}
# The parameter examples are the bundled report's; parameters that name a place or a
# cluster the other reports also have, so that each query has rows from several reports.
PARAMS = {"town-profile": {"town": "月山镇"}, "search": {"text": "投资"}}


@pytest.fixture(scope="module")
def multi(tmp_path_factory: pytest.TempPathFactory) -> ox.Store:
    from kg_build.build import run_build
    from kg_build.paths import bundled_reports
    from kg_build.rdf.namespaces import DEFAULT_BASE
    from kg_build.store import open_store
    from kg_build.synth import synth_report

    root = tmp_path_factory.mktemp("queries-multi")
    paths = [*bundled_reports(), ROOT / "tests" / "reports" / "shuikou-2025" / "report.txt"]
    for index in (14, 28):
        report = synth_report(index)
        path = root / report.name
        path.write_text(report.text, encoding="utf-8")
        paths.append(path)
    result = run_build(paths, store=root / "store", out=None, base=DEFAULT_BASE, validate=False)
    return open_store(result.store)


def fact_queries() -> list[str]:
    return sorted(name for name in load_queries() if name not in EXEMPT)


def table(store: ox.Store, name: str, **params: str) -> list[dict[str, str]]:
    query = get_query(name)
    result = run_query(store, query, {**PARAMS.get(name, {}), **params})
    names = [c.name for c in query.columns]
    assert list(result.variables) == names
    return [
        {n: "" if t is None else t.value for n, t in zip(names, row, strict=True)}
        for row in result.rows
    ]


def report_id(row: dict[str, str]) -> str:
    """The row's report id (target-vs-actual rows: the target's report; some queries give
    the report's IRI, whose last part is the id)."""
    value = row["report"] if "report" in row else row["target_report"]
    return value.rpartition("/report/")[2]


def test_every_fact_query_has_report_and_region_columns_and_parameters():
    for name in fact_queries():
        q = get_query(name)
        columns = {c.name for c in q.columns}
        assert "region" in columns, name
        assert "report" in columns or {"target_report", "actual_report"} <= columns, name
        assert {"region", "report"} <= {p.name for p in q.params}, name
        for p in (q.param("region"), q.param("report")):
            assert p is not None and p.type == "string" and not p.required, (name, p)
    for name in EXEMPT:
        assert name in load_queries()


@pytest.mark.parametrize("name", fact_queries())
def test_rows_name_the_right_report_region_and_year(multi, name):
    rows = table(multi, name)
    assert rows, f"{name}: no rows on the four reports"
    for row in rows:
        rid = report_id(row)
        region, year = REPORTS[rid]
        assert row["region"] == region, (name, row)
        if "year" in row and name != "designations":  # there: the year awarded
            assert row["year"] == year, (name, row)


@pytest.mark.parametrize("name", fact_queries())
def test_region_and_report_parameters_keep_exactly_those_rows(multi, name):
    rows = table(multi, name)

    def canonical(table_rows: list[dict[str, str]]) -> list[tuple]:
        return sorted(tuple(r.items()) for r in table_rows)

    for region in ("鹤山市", "鹤山", "水口镇"):
        want = [r for r in rows if region in r["region"]]
        assert canonical(table(multi, name, region=region)) == canonical(want), (name, region)
    for given in (HESHAN_2025, "shuikou-2025", B + "report/kaiping-2025-gwr"):
        rid = given.rpartition("/report/")[2]
        want = [r for r in rows if report_id(r) == rid]
        assert canonical(table(multi, name, report=given)) == canonical(want), (name, given)
    assert table(multi, name, region="没有这个地方") == []
    assert table(multi, name, report="no-such-report") == []


def test_the_store_spreads_rows_over_the_reports(multi):
    """Not one report's id stamped on every row: the main fact queries have rows from every
    report, each with that report's region and year."""
    for name in (
        "observations",
        "entities",
        "statements-without-facts",
        "provenance",
        "report-outline",
        "indicators-by-year",
        "growth-ranking",
        "investment",
    ):
        seen = {(report_id(r), r["region"], r["year"]) for r in table(multi, name)}
        assert seen == {(rid, *ry) for rid, ry in REPORTS.items()}, name


def test_a_region_alias_selects_its_reports(multi):
    # 水口 is 水口镇's short form; it is part of the Chinese name, so it selects the town
    assert {report_id(r) for r in table(multi, "observations", region="水口")} == {"shuikou-2025"}
    # 开平 names 开平市 only: 水口镇 is in 开平市, but its report is the town's own
    assert {report_id(r) for r in table(multi, "observations", region="开平")} == {
        "kaiping-2025-gwr"
    }


def test_targets_vs_actuals_pairs_one_years_target_with_the_next_years_actual(multi):
    rows = table(multi, "targets-vs-actuals", region="鹤山市")
    paired = [r for r in rows if r["actual_report"]]
    assert paired, "the 2024 鹤山市 targets have actuals in the 2025 report"
    observations = table(multi, "observations", region="鹤山市")

    def stated(rid: str, status: str, period: str, value: str, statement: str) -> bool:
        return any(
            o["report"] == rid
            and o["status"] == status
            and o["period"] == period
            and o["value"] == value
            and o["statement"] == statement
            for o in observations
        )

    for r in paired:
        # the target is stated in the 2024 report, for 2024; the actual in the 2025 report
        # (which reviews 2024), for the same year, indicator, subject and measure
        assert (r["target_report"], r["actual_report"]) == (HESHAN_2024, HESHAN_2025), r
        assert r["target_period"] == r["actual_period"] == "2024", r
        assert stated(HESHAN_2024, "target", "2024", r["target_value"], r["target_statement"])
        assert stated(HESHAN_2025, "actual", "2024", r["actual_value"], r["actual_statement"])
    gdp = [r for r in paired if r["indicator"] == "地区生产总值" and r["measure"] == "growth"]
    assert len(gdp) == 1
    # the 2025 targets have no 2026 report to be checked against; other regions' reports
    # never supply an actual
    assert all(not r["actual_report"] for r in rows if r["target_report"] == HESHAN_2025)
    for r in table(multi, "targets-vs-actuals"):
        if r["actual_report"]:
            assert REPORTS[r["actual_report"]][0] == REPORTS[r["target_report"]][0] == r["region"]


def test_targets_vs_actuals_never_pairs_a_target_with_its_own_report():
    """A report that reviews 2024 and restates the 2024 target beside the 2024 result: the
    actual comes from the next report, not from the same one."""
    r = B + "report/solo-2025"
    kaiping = "<https://w3id.org/kaiping-kg/id/place/guangdong/jiangmen/kaiping>"
    observation = """
    <{r}/L{n}.1> a kp:Statement ; kp:text "{text}" ; kp:order {n} ; kp:line {n} ;
        kp:inReport <{r}> .
    <{r}/L{n}.1/o1> a kp:Observation ; kp:index 1 ; prov:wasDerivedFrom <{r}/L{n}.1> ;
        kp:indicator <https://w3id.org/kaiping-kg/id/indicator/gdp> ;
        kp:indicatorPhrase "地区生产总值"@zh ; kp:subject {kaiping} ; kp:measure kp:growth ;
        kp:value {value} ; kp:unitText "%" ; kp:period "2024" ; kp:status kp:{status} .
    """
    text = f"""
    @prefix kp: <https://w3id.org/kaiping-kg/ontology#> .
    @prefix prov: <http://www.w3.org/ns/prov#> .
    @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
    <{r}> a kp:Report ; kp:region {kaiping} ; kp:yearReviewed "2024"^^xsd:gYear ;
        kp:yearPlanned "2025"^^xsd:gYear .
    """ + "".join(
        observation.format(r=r, n=n, text=t, kaiping=kaiping, value=v, status=s)
        for n, t, v, s in (
            (5, "地区生产总值增长3%", 3.0, "actual"),
            (6, "年初目标5%", 5.0, "target"),
        )
    )
    store = ox.Store()
    store.load(text.encode(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(r))
    merge_into_default_graph(store)
    rows = table(store, "targets-vs-actuals")
    assert [(x["target_value"], x["actual_value"], x["actual_report"]) for x in rows] == [
        ("5", "", "")
    ]
    assert [(x["report"], x["region"], x["year"]) for x in table(store, "observations")] == [
        ("solo-2025", "", "2025")
    ] * 2  # the fixture's region has no label here: the column is empty, not wrong

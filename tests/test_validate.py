"""kg_build.validate and `kaiping-kg validate`: results a person can act on, both engines."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

from kg_build.cli import main
from kg_build.shacl_results import SEVERITIES, ValidationRecord, ValidationResult
from kg_build.validate import (
    as_graph,
    cross_check,
    load_shapes,
    validate_graph,
    validate_with_pyrudof,
)
from tests.test_shapes_gallery import FIXTURES, patched, valid_graph

SH = Namespace("http://www.w3.org/ns/shacl#")
KP = Namespace("https://w3id.org/kaiping-kg/ontology#")
KPSH = Namespace("https://w3id.org/kaiping-kg/shapes#")
REPORT = "https://w3id.org/kaiping-kg/report/test-2025-gwr"
CJK = re.compile(r"[\u4e00-\u9fff]")


def case(name: str) -> Path:
    return FIXTURES / "broken" / f"{name}.ttl"


# --- results and summary ---------------------------------------------------------------


def test_record_names_shape_node_label_and_source_statement():
    result = validate_graph(patched(case("measure-unknown")))
    (r,) = result.results
    assert (r.severity, r.shape, r.path, r.value) == (
        "Violation",
        "kpsh:Observation-measure",
        "kp:measure",
        "kp:size",
    )
    assert r.focus == r.about == f"{REPORT}/L3.1/o1"
    assert r.about_label == "地区生产总值 515.47亿元 (2024)"
    assert (r.source_line, r.source_text) == (3, "地区生产总值完成515.47亿元,增长2.5%")
    assert r.message_zh.startswith("kp:measure 须为")
    assert r.message_en.startswith("kp:measure must be one of")


def test_summary_is_grouped_with_counts_messages_and_source():
    text = validate_graph(patched(case("measure-unknown"))).summary()
    assert "does NOT conform: 1 violation(s), 0 warning(s), 0 info(s)" in text
    assert "Violation ×1  kpsh:Observation-measure" in text
    assert "kp:measure 须为 kp:level、kp:growth、kp:share、kp:rank 之一" in text
    assert "kp:measure must be one of kp:level, kp:growth, kp:share, kp:rank" in text
    assert f"地区生产总值 515.47亿元 (2024)  <{REPORT}/L3.1/o1>" in text
    assert "L3: 地区生产总值完成515.47亿元,增长2.5%" in text


def test_report_wide_check_points_at_the_offender_not_the_report():
    (r,) = validate_graph(patched(case("three-shares-sum"))).results
    assert (r.focus, r.focus_label) == (REPORT, "开平市政府工作报告")  # one query per report …
    assert r.about == f"{REPORT}/L4.1"  # … returns the offending statement as ?value
    assert r.source_line == 4
    assert "add up to 110.0" in r.message_en and "合计 110.0" in r.message_zh


def test_summary_groups_many_results_under_one_heading():
    g = valid_graph()
    for obs in ("L3.1/o1", "L3.1/o2", "L6.1/o1"):
        g.remove((URIRef(f"{REPORT}/{obs}"), KP.unit, None))
    result = validate_graph(g)
    assert result.counts() == {"Violation": 0, "Warning": 0, "Info": 3}
    text = result.summary(max_examples=2)
    assert text.count("Info ×3  kpsh:Observation-unitKnown") == 1
    assert "… and 1 more" in text


def test_warnings_and_infos_do_not_break_conformance():
    result = validate_graph(patched(case("statement-kind-unknown")))
    assert result.conforms
    assert [(r.severity, r.shape) for r in result.results] == [
        ("Warning", "kpsh:Statement-knownKind")
    ]
    assert "conforms: 0 violation(s), 1 warning(s)" in result.summary()


def test_report_graph_is_a_shacl_report_in_turtle():
    result = validate_graph(patched(case("growth-out-of-range")))
    again = Graph().parse(data=result.report_graph.serialize(format="turtle"), format="turtle")
    (report,) = again.subjects(RDF.type, SH.ValidationReport)
    assert again.value(report, SH.conforms) == Literal(False)
    shapes = set(again.objects(None, SH.sourceShape))
    assert KPSH.GrowthRangeShape in shapes


def test_no_inference_keeps_class_violations_visible():
    """kp:indicator has rdfs:range kp:Indicator: RDFS inference would type any linked node
    as an indicator and hide the sh:class violation. Validation must not infer."""
    g = valid_graph()
    obs = URIRef(f"{REPORT}/L3.1/o1")
    g.set((obs, KP.indicator, URIRef("https://w3id.org/kaiping-kg/indicator/untyped")))
    result = validate_graph(g)
    assert {(r.severity, r.shape) for r in result.results} == {
        ("Violation", "kpsh:Observation-indicator")
    }


def test_named_graphs_are_validated_together():
    """Report and reference data in different named graphs still link up."""
    ds = Dataset()
    report = ds.graph(URIRef(REPORT))
    reference = ds.graph(URIRef("https://w3id.org/kaiping-kg/graph/reference"))
    report.parse(FIXTURES / "valid.ttl", format="turtle")
    full = valid_graph()
    for t in full:
        if t not in report:
            reference.add(t)
    merged = as_graph(ds)
    assert len(merged) == len(full)
    assert validate_graph(ds).results == []


# --- the shapes themselves --------------------------------------------------------------


def test_every_shape_speaks_chinese_and_english():
    shapes = load_shapes()
    owners = set(shapes.subjects(SH.message, None))
    assert len(owners) > 80
    for owner in owners:
        langs = {m.language for m in shapes.objects(owner, SH.message)}
        assert {"zh", "en"} <= langs, owner
        zh = next(m for m in shapes.objects(owner, SH.message) if m.language == "zh")
        assert CJK.search(zh), owner


def test_every_constraint_has_a_message():
    """Property shapes, SPARQL constraints and node shapes with their own constraints."""
    shapes = load_shapes()
    own = (SH["or"], SH["not"], SH.sparql)
    for ps in shapes.subjects(SH.path, None):
        if (None, SH.property, ps) in shapes:
            assert (ps, SH.message, None) in shapes, ps
    for ns in set(shapes.subjects(RDF.type, SH.NodeShape)):
        if any((ns, p, None) in shapes for p in own[:2]):
            assert (ns, SH.message, None) in shapes, ns
    for c in shapes.objects(None, SH.sparql):
        assert (c, SH.message, None) in shapes, c


def test_severities_are_the_three_shacl_ones():
    shapes = load_shapes()
    used = {str(s).rsplit("#", 1)[1] for s in shapes.objects(None, SH.severity)}
    assert used <= set(SEVERITIES)
    assert {"Warning", "Info"} <= used


def test_shapes_cover_every_class_of_the_model():
    shapes = load_shapes()
    targets = set(shapes.objects(None, SH.targetClass))
    classes = (
        "Report Section Statement Place AdminRegion Province PrefectureCity CountyCity "
        "District Town Subdistrict Village NewArea PartnerRegion SpecialAdministrativeRegion "
        "Park Industry IndustryGroup IndustrialCluster IndustryChain Project Indicator "
        "Observation Designation Cooperation Unit"
    )
    for cls in classes.split():
        assert KP[cls] in targets, cls


def test_sparql_constraints_run_once_per_report_or_graph():
    """pyshacl runs a SPARQL constraint once per focus node: never target every fact."""
    shapes = load_shapes()
    for shape in set(shapes.subjects(SH.sparql, None)):
        classes = set(shapes.objects(shape, SH.targetClass))
        nodes = set(shapes.objects(shape, SH.targetNode))
        assert classes == {KP.Report} or (nodes and not classes), shape


# --- the bundled report ----------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled_graph() -> Graph:
    """The bundled report with ontology and reference data, built without validation."""
    from kg_build.build import build_graphs
    from kg_build.context import Context, data_graph
    from kg_build.paths import bundled_reports
    from kg_build.rdf.namespaces import DEFAULT_BASE

    ctx = Context(DEFAULT_BASE)
    _builds, graphs = build_graphs(bundled_reports(), ctx)
    return data_graph(graphs, ctx)


def test_bundled_graph_conforms(bundled_graph: Graph):
    result = validate_graph(bundled_graph)
    assert result.conforms, result.summary()


def test_both_engines_agree_on_the_bundled_graph(bundled_graph: Graph):
    check = cross_check(bundled_graph)
    assert check.agree, (check.only_pyshacl, check.only_pyrudof)


# --- known differences of pyrudof (0.3.35), and how the shapes avoid them --------------


def _rudof_select(query: str) -> list[str]:
    import pyrudof

    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    rudof.read_data("<http://example.org/s> <http://example.org/p> 1 .")
    rudof.read_query(query)
    rudof.run_query()
    return re.findall(r'"(-?\d+)"', rudof.serialize_query_results())


def test_rudof_reads_minus_then_plus_right_to_left():
    """SPARQL's a - b + c is (a - b) + c = 8; rudof computes a - (b + c) = 6. The period
    check therefore writes (to + 1) - from. If this starts failing, rudof is fixed."""
    assert _rudof_select("SELECT (10 - 3 + 1 AS ?x) WHERE { ?s ?p ?o }") == ["6"]
    assert _rudof_select("SELECT ((10 + 1) - 3 AS ?x) WHERE { ?s ?p ?o }") == ["8"]
    period_query = next(
        str(q) for q in load_shapes().objects(None, SH.select) if "gregorian-interval" in q
    )
    assert "(xsd:integer(?to) + 1) - xsd:integer(?from)" in period_query


def test_rudof_skips_substr_with_a_negative_length():
    """SUBSTR(s, 18, -7) is "" in SPARQL (XPath fn:substring); rudof raises an error, which
    drops the row. The text check tests ?end <= ?start first, so both engines report it."""
    assert _rudof_select('SELECT (STRLEN(SUBSTR("abc", 2, -1)) AS ?x) WHERE { ?s ?p ?o }') == []
    g = patched(case("statement-offsets-reversed"))
    shapes = {r.shape for r in validate_with_pyrudof(g).results}
    assert "kpsh:StatementTextShape" in shapes


# --- the command ------------------------------------------------------------------------


def test_cli_file_that_conforms_exits_0(capsys):
    assert main(["validate", str(FIXTURES / "valid.ttl")]) == 0
    out = capsys.readouterr().out
    assert "conforms: 0 violation(s)" in out


def test_cli_violations_exit_1_and_write_the_report(tmp_path: Path, capsys):
    data = tmp_path / "broken.nt"
    data.write_text(patched(case("target-before-review")).serialize(format="nt"), "utf-8")
    report = tmp_path / "out" / "report.ttl"
    code = main(["validate", str(data), "--no-reference", "--report-out", str(report)])
    assert code == 1
    out = capsys.readouterr().out
    assert "Violation ×1  kpsh:TargetPeriodShape" in out
    assert "L6: 地区生产总值增长5%左右" in out
    g = Graph().parse(report, format="turtle")
    assert (None, SH.sourceShape, KPSH.TargetPeriodShape) in g


def test_cli_pyrudof_engine(capsys):
    assert main(["validate", "--engine", "pyrudof", str(FIXTURES / "valid.ttl")]) == 0
    assert "(pyrudof," in capsys.readouterr().out


def test_cli_store(tmp_path: Path, capsys):
    from kg_build.rdf.serialize import serialize_graph
    from kg_build.store import replace_store

    g = patched(case("rank-zero"))
    replace_store(tmp_path / "store", [(REPORT, serialize_graph(g, "ntriples"))])
    assert main(["validate", "--store", str(tmp_path / "store")]) == 1
    assert "kpsh:RankRangeShape" in capsys.readouterr().out


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "nowhere.ttl"],
        ["validate", "x.ttl", "--store", "somewhere"],
        ["validate", "--store", "no-store-here"],
        ["validate", "--engine", "pyrudof", "--report-out", "r.ttl", str(FIXTURES / "valid.ttl")],
        ["validate", "README.md"],
    ],
)
def test_cli_usage_and_input_errors_exit_2(args, tmp_path: Path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "README.md").write_text("not RDF", "utf-8")
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("kaiping-kg validate: ") and len(err.strip().splitlines()) == 1


def test_cli_unparsable_file_exits_2(tmp_path: Path, capsys):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .", "utf-8")
    assert main(["validate", str(bad)]) == 2
    assert "cannot parse" in capsys.readouterr().err


# --- build refuses a graph that does not conform -----------------------------------------


def _one_violation(data: Graph, *, shapes: Graph | None = None) -> ValidationResult:
    record = ValidationRecord(
        severity="Violation",
        shape="kpsh:Observation-measure",
        focus=f"{REPORT}/L3.1/o1",
        focus_label="x",
        path="kp:measure",
        value="kp:size",
        message_zh="kp:measure 须为…",
        message_en="kp:measure must be one of …",
        component="sh:InConstraintComponent",
        about=f"{REPORT}/L3.1/o1",
        about_label="x",
    )
    return ValidationResult([record], Graph(), triples=len(data))


def test_build_keeps_the_store_unless_forced(tmp_path: Path, monkeypatch):
    import kg_build.validate
    from kg_build.build import run_build
    from kg_build.errors import KgError
    from kg_build.paths import bundled_reports
    from kg_build.rdf.namespaces import DEFAULT_BASE

    for engine in kg_build.validate.ENGINES:  # whichever engine the build uses
        monkeypatch.setitem(kg_build.validate.ENGINES, engine, _one_violation)
    store = tmp_path / "store"
    with pytest.raises(KgError) as err:
        run_build(bundled_reports(), store=store, out=None, base=DEFAULT_BASE, strict=True)
    assert err.value.exit_code == 1
    assert "kpsh:Observation-measure" in str(err.value)
    assert not (store / "current").exists()  # no generation (the lock and cache may be there)
    assert not list(store.glob("gen-*"))  # the one opened while building was abandoned
    result = run_build(bundled_reports(), store=store, out=None, base=DEFAULT_BASE, force=True)
    assert result.conforms is False and (store / "current").exists()


def test_reference_data_as_a_whole_conforms():
    """A build validates only the slice of reference data its reports name, so the whole of
    it (gazetteer, industries, indicators, units, links) is validated here, once."""
    from kg_build.context import Context
    from kg_build.rdf.namespaces import DEFAULT_BASE

    ctx = Context(DEFAULT_BASE)
    g = Graph().parse(data=ctx.reference_ntriples(), format="nt")
    g += ctx.ontology
    assert len(g) > 50_000
    result = validate_graph(g)
    assert result.conforms, result.summary()


def test_reports_of_successive_years_validate_together(tmp_path):
    """Regression: a project completed in one year's report and planned for more in the next
    (or in one report's review and its plan) has two statuses; that is not a violation."""
    from kg_build.build import build_graphs
    from kg_build.context import Context, data_graph
    from kg_build.rdf.namespaces import DEFAULT_BASE, KP
    from kg_build.synth import write_reports

    ctx = Context(DEFAULT_BASE)
    _, graphs = build_graphs(write_reports(10, tmp_path), ctx)
    data = data_graph(graphs, ctx)
    statuses: dict = {}
    for project, status in data.subject_objects(KP.projectStatus):
        statuses.setdefault(project, set()).add(status)
    assert any(len(s) > 1 for s in statuses.values())  # the case this guards is present
    result = validate_with_pyrudof(data)
    assert not result.by_severity("Violation"), result.summary()

"""The report-to-graph path: what a report's named graph holds."""

from __future__ import annotations

from rdflib import RDF, RDFS, SKOS, URIRef

from kg_build.rdf.namespaces import KP


def test_report_graph_repeats_nothing_the_reference_data_asserts(bundled_build) -> None:
    (graph,) = bundled_build.report_graphs.values()
    ctx = bundled_build.ctx
    repeated = [t for t in graph if isinstance(t[2], URIRef) and ctx.in_reference(*t)]
    assert repeated == []
    # ... but the relation is still traced to the sentence that states it (L37: 赤坎镇红溪村)
    hongxi = URIRef("https://w3id.org/kaiping-kg/id/place/guangdong/jiangmen/kaiping/chikan/hongxi")
    reified = [
        node
        for node in graph.subjects(RDF.subject, hongxi)
        if (node, RDF.predicate, KP.within) in graph
    ]
    assert reified and ctx.in_reference(hongxi, KP.within, graph.value(reified[0], RDF.object))


def test_every_observation_subject_is_typed_and_labelled(bundled_build) -> None:
    data = bundled_build.data_graph()
    subjects = set(data.objects(None, KP.subject))
    assert len(subjects) > 5  # the city, parks, clusters, a town, the three sectors
    untyped = [s for s in subjects if (s, RDF.type, None) not in data]
    unlabelled = [s for s in subjects if not any(data.objects(s, RDFS.label))
                  and not any(data.objects(s, SKOS.prefLabel))]  # fmt: skip
    assert untyped == [] and unlabelled == []


def test_each_stage_reads_only_what_the_one_before_gave() -> None:
    """read → extract → resolve → emit: records are frozen, resolution leaves the claims as
    they were, and the same records give the same graph."""
    import dataclasses

    import pytest
    from rdflib.compare import isomorphic

    from kg_build.context import Context
    from kg_build.paths import bundled_reports
    from kg_build.pipeline import build_report, emit_graph, extract_claims
    from kg_build.rdf.namespaces import DEFAULT_BASE
    from kg_build.read import read_report
    from kg_build.resolve import resolve

    ctx = Context(DEFAULT_BASE)
    (path,) = bundled_reports()
    report = read_report(path)
    claims = extract_claims(report, ctx)
    before = repr(claims)
    ex = resolve(report, claims, ctx)
    assert repr(claims) == before and resolve(report, claims, ctx) == ex
    with pytest.raises(dataclasses.FrozenInstanceError):
        ex.region = ""  # type: ignore[misc]
    assert len(ex.refs) == len(ex.observations) == len(claims.subjects)
    assert isomorphic(emit_graph(report, ex, ctx.in_reference), build_report(path, ctx).graph)


def test_a_count_with_no_indicator_name_is_left_out_not_a_crash(tmp_path) -> None:
    """A digest line that opens with a count (▲3个…) once gave an observation with an empty
    indicator, and minting its IRI stopped the build with an internal error."""
    from kg_build.context import Context
    from kg_build.pipeline import build_report
    from kg_build.rdf.namespaces import DEFAULT_BASE, nameable

    path = tmp_path / "digest.txt"
    path.write_text("政府工作报告\n一、2024年工作回顾\n▲3个1类疫苗获批。\n",
                    encoding="utf-8")  # fmt: skip
    built = build_report(path, Context(DEFAULT_BASE))
    assert all(nameable(o.indicator) for o in built.extraction.observations)
    assert not nameable("") and not nameable(" “”") and nameable("新药")

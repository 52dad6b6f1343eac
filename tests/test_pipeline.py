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

"""Validation batches (kg_build/batches.py): grouping by shared entities, and the same
results as validating everything as one graph."""

from __future__ import annotations

from rdflib import Graph, URIRef

from kg_build.batches import minted_nodes, report_batches, validate_in_batches
from kg_build.build import build_graphs
from kg_build.context import Context, data_graph
from kg_build.rdf.namespaces import DEFAULT_BASE, KP
from kg_build.synth import write_reports
from kg_build.validate import validate_with_pyrudof

B = DEFAULT_BASE


def report(name: str, *nodes: str) -> Graph:
    """A report graph whose statement mentions the given nodes (paths under the base)."""
    g = Graph(identifier=URIRef(f"{B}report/{name}"))
    statement = URIRef(f"{B}report/{name}/L1.1")
    for node in nodes:
        g.add((URIRef(B + node), KP.mentionedIn, statement))
    return g


def test_minted_nodes_leave_out_reference_report_ontology_and_vocabulary():
    g = report("a", "park/guangdong/x/园", "indicator/完成投资", "industry/cn/家具", "id/place/y")
    g.add((URIRef(f"{B}report/a"), URIRef(f"{B}ontology#region"), URIRef(f"{B}id/place/y")))
    assert minted_nodes(g, B) == {URIRef(B + "park/guangdong/x/园")}


def test_reports_sharing_an_entity_go_together_and_batches_are_packed_in_order():
    reports = {
        "r1": report("r1", "park/p"),
        "r2": report("r2", "project/q"),
        "r3": report("r3", "park/p", "indicator/完成投资"),
        "r4": report("r4", "indicator/完成投资"),
    }
    assert report_batches(reports, B, size=2) == [["r1", "r3"], ["r2", "r4"]]
    assert report_batches(reports, B, size=3) == [["r1", "r3", "r2"], ["r4"]]
    assert report_batches(reports, B, size=100) == [["r1", "r3", "r2", "r4"]]
    # a group larger than the batch size stays whole
    assert report_batches(reports, B, size=1) == [["r1", "r3"], ["r2"], ["r4"]]


def test_groups_chain_through_shared_entities():
    reports = {
        "a": report("a", "park/x"),
        "b": report("b", "project/y"),
        "c": report("c", "park/x", "project/y"),
    }
    assert report_batches(reports, B, size=1) == [["a", "b", "c"]]


def test_batches_give_the_same_results_as_one_graph(tmp_path):
    ctx = Context(DEFAULT_BASE)
    _, graphs = build_graphs(write_reports(30, tmp_path), ctx)
    reports = {name: g for name, g in graphs.items() if "/report/" in name}
    assert len(report_batches(reports, ctx.base, size=5)) > 3
    whole = validate_with_pyrudof(data_graph(graphs, ctx))
    batched = validate_in_batches(graphs, ctx, "pyrudof", size=5)
    assert whole.results  # warnings on the synthetic reports: something to compare
    assert set(batched.results) == set(whole.results)
    assert batched.conforms == whole.conforms


def test_a_report_validated_from_ntriples_gives_the_records_of_validate_one(tmp_path):
    """validate_report hands pyrudof N-Triples made without rdflib (compiled ontology,
    report, reference slice): the records, labels and statements must be validate_one's."""
    from rdflib import Literal
    from rdflib.namespace import RDF, RDFS

    from kg_build.batches import rudof_session, validate_one, validate_report
    from kg_build.context import graph_iris
    from kg_build.rdf.serialize import serialize_graph

    ctx = Context(DEFAULT_BASE)
    ontology_iri, _ = graph_iris(ctx.base)
    builds, _ = build_graphs(write_reports(3, tmp_path), ctx)
    broken = builds[0].graph  # one fact that breaks a shape: a place without a Chinese label
    place = URIRef(f"{B}id/place/nowhere")
    broken.add((place, RDF.type, KP.Town))
    broken.add((place, RDFS.label, Literal("Nowhere", lang="en")))
    broken.add((place, KP.mentionedIn, next(iter(broken.subjects(KP.text, None)))))
    found, each = [], []
    for b in builds:
        text = serialize_graph(b.graph, "ntriples").decode("utf-8")
        ours = validate_report(ctx, b.graph, text, "pyrudof")
        each.append(ours.results)
        theirs = validate_one(
            {ontology_iri: ctx.ontology, str(b.graph.identifier): b.graph}, ctx, "pyrudof"
        )
        assert ours.results == theirs.results
        assert ours.triples == theirs.triples
        split = validate_report(ctx, b.graph, text, "pyrudof", rudof_session(ctx, "pyrudof", 2))
        assert split.results == ours.results  # the shapes in two threads: the same records
        found += ours.results
    assert any(r.severity == "Violation" and r.focus == str(place) for r in found)
    assert any(r.source_text for r in found)  # records name the statement, as before
    # one session per process, each report staged over the ontology and rolled back: the
    # broken report came first, and the others did not see its facts; again, the same
    assert rudof_session(ctx, "pyrudof") is rudof_session(ctx, "pyrudof")
    text = serialize_graph(broken, "ntriples").decode("utf-8")
    assert validate_report(ctx, broken, text, "pyrudof").results == each[0]
    assert not any(r.focus == str(place) for r in each[1] + each[2])


def test_shape_parts_hold_every_shape_and_each_target_once():
    """Validating with `shapes_parts` and joining the results is validating once: every
    line of the shapes is in every part except the targets, each in exactly one part."""
    from kg_build.paths import shapes_dir
    from kg_build.validate import shapes_ntriples, shapes_parts

    folder = str(shapes_dir().resolve())
    whole = set(shapes_ntriples(folder).splitlines())
    parts = [set(text.splitlines()) for text in shapes_parts(folder, 2)]
    targets = {line for line in whole if "<http://www.w3.org/ns/shacl#target" in line}
    assert len(targets) > 10
    for part in parts:
        assert whole - targets <= part <= whole
        assert part & targets  # both parts have work
    assert parts[0] & parts[1] & targets == set()
    assert (parts[0] | parts[1]) == whole

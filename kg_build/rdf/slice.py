"""The slice of the reference data a graph needs, cut from an Oxigraph store.

The reference data (gazetteer, industries, indicators, units, links) is large and shared by
every report; validating all of it with every build would cost far more than the reports
themselves. A report graph is validated together with only the reference nodes it names and
what those lie within or under (kp:within, skos:broader, kp:baseUnit …); the reference data
as a whole is validated once, by its own test.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from kg_build.rdf.namespaces import KP
from kg_build.rdf.serialize import new_graph

# Links followed from a named node to the nodes its shapes look at.
FOLLOW = frozenset(
    str(p)
    for p in (
        KP.within, KP.baseUnit, KP.unit, KP.industry,
        SKOS.broader, SKOS.narrower, SKOS.member, SKOS.inScheme,
    )
)  # fmt: skip


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> URIRef | BNode | Literal:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def named_nodes(g: Graph) -> set[str]:
    return {str(t) for triple in g for t in (triple[0], triple[2]) if isinstance(t, URIRef)}


def slice_triples(
    store: ox.Store, seeds: set[str], graph: ox.NamedNode | ox.DefaultGraph | None = None
) -> list[ox.Triple]:
    """Every triple about the seed IRIs and the nodes reached from them through FOLLOW."""
    out: list[ox.Triple] = []
    seen: set[str] = set()
    todo = sorted(seeds)
    while todo:
        iri = todo.pop()
        if iri in seen:
            continue
        seen.add(iri)
        for quad in store.quads_for_pattern(ox.NamedNode(iri), None, None, graph):
            obj = quad.object
            if isinstance(obj, ox.Triple):
                continue
            out.append(quad.triple)
            if quad.predicate.value in FOLLOW and isinstance(obj, ox.NamedNode):
                todo.append(obj.value)
    return out


def reference_slice(
    store: ox.Store, seeds: set[str], graph: ox.NamedNode | ox.DefaultGraph | None = None
) -> Graph:
    """`slice_triples` as an rdflib Graph."""
    out = new_graph()
    for t in slice_triples(store, seeds, graph):
        out.add((URIRef(t.subject.value), URIRef(t.predicate.value), to_rdflib(t.object)))
    return out

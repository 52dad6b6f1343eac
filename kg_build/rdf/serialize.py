"""Deterministic serialisations: the same graph always gives the same bytes.

Everything is written by Oxigraph's serialisers after `kg_build.rdf.canonical` has given the
blank nodes content-derived labels and sorted the quads: rdflib graphs (`serialize_graph`,
`serialize_dataset`) for builds and metadata, a store's graphs straight from Oxigraph
(`serialize_store`) for exports, and pyoxigraph triples (`serialize_triples`) for the
answers and pages of the endpoint.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from kg_build.rdf.canonical import canonical_quads
from kg_build.rdf.namespaces import PREFIXES

FORMATS = {
    "turtle": (ox.RdfFormat.TURTLE, ".ttl"),
    "ntriples": (ox.RdfFormat.N_TRIPLES, ".nt"),
    "nquads": (ox.RdfFormat.N_QUADS, ".nq"),
    "trig": (ox.RdfFormat.TRIG, ".trig"),
    "jsonld": (ox.RdfFormat.JSON_LD, ".jsonld"),
    "rdfxml": (ox.RdfFormat.RDF_XML, ".rdf"),
}
QUAD_FORMATS = ("nquads", "trig")
_PREFIXES = {k: str(v) for k, v in PREFIXES.items()}


def new_graph(identifier: str | None = None) -> Graph:
    g = Graph(identifier=URIRef(identifier) if identifier else None)
    bind_prefixes(g)
    return g


def report_graph(identifier: str) -> Graph:
    """A graph to emit a report into: rdflib's plain triple set (SimpleMemory), with the
    same triples and API as `new_graph` but half the cost per `add` (no per-context
    indexes, which a single named graph never uses)."""
    g = Graph(store="SimpleMemory", identifier=URIRef(identifier))
    bind_prefixes(g)
    return g


def bind_prefixes(g: Graph) -> None:
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True, replace=True)


def sorted_lines(data: bytes) -> bytes:
    lines = sorted({line for line in data.splitlines() if line.strip()})
    return b"\n".join(lines) + (b"\n" if lines else b"")


def ox_term(term: object) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as the pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def _quads(g: Graph, name: str | None) -> Iterable[ox.Quad]:
    """The graph's triples as quads in graph `name` (None: the default graph). An IRI is
    converted once per call (a graph names the same few hundred IRIs thousands of times)."""
    graph = ox.NamedNode(name) if name else ox.DefaultGraph()
    iris: dict[str, ox.NamedNode] = {}

    def iri(t: URIRef) -> ox.NamedNode:
        node = iris.get(t)
        if node is None:
            node = iris[t] = ox.NamedNode(str(t))
        return node

    for s, p, o in g:
        yield ox.Quad(
            iri(s) if type(s) is URIRef else ox_term(s),
            iri(p) if type(p) is URIRef else ox_term(p),
            iri(o) if type(o) is URIRef else ox_term(o),
            graph,
        )


def _graph_name(g: Graph) -> str | None:
    return str(g.identifier) if isinstance(g.identifier, URIRef) else None


def write_quads(quads: Iterable[ox.Quad], fmt: str, merged: bool = False) -> bytes:
    """Quads in one of FORMATS: triple formats merge the graphs (each triple once);
    `merged`: the quads are all in the default graph already."""
    rdf_format = FORMATS[fmt][0]
    if fmt not in QUAD_FORMATS and not merged:
        quads = (ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in quads)
    ordered = canonical_quads(quads)
    if fmt in ("ntriples", "nquads"):
        return ox.serialize(ordered, format=rdf_format) or b""
    items: list = ordered if fmt == "trig" else [q.triple for q in ordered]
    return ox.serialize(items, format=rdf_format, prefixes=_PREFIXES) or b""


def serialize_graph(g: Graph, fmt: str) -> bytes:
    """One graph in one of FORMATS (N-Quads and TriG keep its name)."""
    if fmt not in QUAD_FORMATS:  # straight into the default graph
        return write_quads(_quads(g, None), fmt, merged=True)
    return write_quads(_quads(g, _graph_name(g)), fmt)


def serialize_dataset(graphs: dict[str, Graph], fmt: str) -> bytes:
    """Several named graphs: quad formats keep the graphs, triple formats merge them."""
    return write_quads((q for name in sorted(graphs) for q in _quads(graphs[name], name)), fmt)


def serialize_store(store: ox.Store, names: Iterable[str], fmt: str) -> bytes:
    """The named graphs `names` of an Oxigraph store, without going through rdflib."""
    quads = (
        q for name in names for q in store.quads_for_pattern(None, None, None, ox.NamedNode(name))
    )
    return write_quads(quads, fmt)


def serialize_triples(triples: Iterable[ox.Triple], fmt: str) -> bytes:
    """pyoxigraph triples as Turtle or JSON-LD (with the project's prefixes) or N-Triples."""
    prefixes = {k: str(v) for k, v in PREFIXES.items()}
    if fmt == "turtle":
        return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    if fmt == "jsonld":
        return ox.serialize(triples, format=ox.RdfFormat.JSON_LD, prefixes=prefixes)
    if fmt == "ntriples":
        return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    raise ValueError(f"no triple format {fmt!r}; one of turtle, jsonld, ntriples")

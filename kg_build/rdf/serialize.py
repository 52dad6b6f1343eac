"""Deterministic serialisations: the same graph always gives the same bytes.

rdflib graphs (`serialize_graph`, `serialize_dataset`) for builds, exports and metadata;
pyoxigraph triples (`serialize_triples`) for the answers and pages of the endpoint, which
stay in Oxigraph's terms.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef

from kg_build.rdf.namespaces import PREFIXES

FORMATS = {
    "turtle": ("turtle", ".ttl"),
    "ntriples": ("nt", ".nt"),
    "nquads": ("nquads", ".nq"),
    "trig": ("trig", ".trig"),
    "jsonld": ("json-ld", ".jsonld"),
    "rdfxml": ("xml", ".rdf"),
}


def new_graph(identifier: str | None = None) -> Graph:
    g = Graph(identifier=URIRef(identifier) if identifier else None)
    bind_prefixes(g)
    return g


def bind_prefixes(g: Graph) -> None:
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True, replace=True)


def sorted_lines(data: bytes) -> bytes:
    lines = sorted({line for line in data.splitlines() if line.strip()})
    return b"\n".join(lines) + (b"\n" if lines else b"")


def serialize_graph(g: Graph, fmt: str) -> bytes:
    """One graph in one of FORMATS; line formats are sorted, Turtle is sorted by rdflib."""
    rdflib_format = FORMATS[fmt][0]
    if fmt == "ntriples":
        return sorted_lines(g.serialize(format="nt", encoding="utf-8"))
    if fmt == "nquads":
        ds = Dataset()
        target = ds.graph(g.identifier if isinstance(g.identifier, URIRef) else None)
        for triple in g:
            target.add(triple)
        return sorted_lines(ds.serialize(format="nquads", encoding="utf-8"))
    if fmt == "jsonld":
        return g.serialize(format="json-ld", encoding="utf-8", sort_keys=True, indent=1)
    if fmt == "trig":
        ds = Dataset()
        bind_prefixes(ds)
        target = ds.graph(g.identifier)
        for triple in g:
            target.add(triple)
        return ds.serialize(format="trig", encoding="utf-8")
    return g.serialize(format=rdflib_format, encoding="utf-8")


def serialize_dataset(graphs: dict[str, Graph], fmt: str) -> bytes:
    """Several named graphs: quad formats keep the graphs, triple formats merge them."""
    if fmt == "nquads":
        return sorted_lines(b"".join(serialize_graph(graphs[k], "nquads") for k in sorted(graphs)))
    if fmt == "trig":
        ds = Dataset()
        bind_prefixes(ds)
        for name in sorted(graphs):
            target = ds.graph(URIRef(name))
            for triple in graphs[name]:
                target.add(triple)
        return ds.serialize(format="trig", encoding="utf-8")
    merged = new_graph()
    for name in sorted(graphs):
        for triple in graphs[name]:
            merged.add(triple)
    return serialize_graph(merged, fmt)


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

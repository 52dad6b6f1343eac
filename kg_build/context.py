"""What every report of a build shares: base IRI, ontology and reference data, and the names
of the graphs a build writes. The files are read by kg_build/ontology.py, once per process."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from kg_build.ontology import core_ontology, reference_store
from kg_build.rdf.namespaces import KP
from kg_build.rdf.serialize import new_graph
from kg_build.rdf.slice import named_nodes, reference_slice
from kg_build.reference import LABEL_RANKS, Reference, label_index, load_reference


def graph_iris(base: str) -> tuple[str, str]:
    """The named graphs of the ontology and of the reference data under `base`."""
    return f"{base}graph/ontology", f"{base}graph/reference"


@dataclass
class Context:
    """What every report of a build shares: base IRI, ontology and reference data."""

    base: str

    @cached_property
    def ontology(self) -> Graph:
        return core_ontology()

    @property
    def reference(self) -> ox.Store:
        """Gazetteer, industries, indicators, units and links (every Turtle file but the
        ontology) in the default graph of an in-memory Oxigraph store, shared by the process."""
        return reference_store()

    def reference_ntriples(self) -> bytes:
        return self.reference.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())

    def reference_slice(self, g: Graph) -> Graph:
        """The reference triples about what `g` names (see kg_build/rdf/slice.py)."""
        return reference_slice(self.reference, named_nodes(g), ox.DefaultGraph())

    def in_reference(self, s: URIRef, p: URIRef, o: URIRef | Literal) -> bool:
        """Does the reference data assert this triple (IRIs only)?"""
        if not isinstance(o, URIRef):
            return False
        quad = ox.Quad(ox.NamedNode(s), ox.NamedNode(p), ox.NamedNode(o), ox.DefaultGraph())
        return quad in self.reference

    @cached_property
    def places(self) -> Reference:
        return load_reference()

    @cached_property
    def indicators(self) -> dict[str, URIRef]:
        return self._concepts(KP.Indicator)

    @cached_property
    def units(self) -> dict[str, URIRef]:
        return self._concepts(KP.Unit)

    def _concepts(self, cls: URIRef) -> dict[str, URIRef]:
        """Every label (any language) → concept, for the concepts of one class."""
        store, found = self.reference, []
        for typed in store.quads_for_pattern(
            None, ox.NamedNode(str(RDF.type)), ox.NamedNode(cls), ox.DefaultGraph()
        ):
            for prop, rank in LABEL_RANKS.items():
                for quad in store.quads_for_pattern(
                    typed.subject, ox.NamedNode(str(prop)), None, ox.DefaultGraph()
                ):
                    found.append((rank, typed.subject.value, quad.object.value))
        return {label: URIRef(iri) for label, iri in label_index(found).items()}


def union(graphs: dict[str, Graph]) -> Graph:
    merged = new_graph()
    for name in sorted(graphs):
        merged += graphs[name]
    return merged


def data_graph(graphs: dict[str, Graph], ctx: Context) -> Graph:
    """The graphs merged with the slice of reference data they name (for validation)."""
    merged = union(graphs)
    merged += ctx.reference_slice(merged)
    return merged

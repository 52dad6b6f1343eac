"""What every report of a build shares: base IRI, ontology and reference data, and the names
of the graphs a build writes. The reference data and the ontology come compiled
(kg_build/compiled.py); the lookup tables are cached by content (kg_build/user_cache.py)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from kg_build.compiled import Compiled, compiled_reference, graph_iris, inputs
from kg_build.ontology import core_ontology
from kg_build.rdf.namespaces import KP
from kg_build.rdf.serialize import new_graph
from kg_build.rdf.slice import named_nodes, reference_slice
from kg_build.reference import LABEL_RANKS, Reference, label_index, load_reference
from kg_build.user_cache import memo

__all__ = ["Context", "data_graph", "graph_iris", "union"]
_CODE = Path(__file__).resolve()


@dataclass
class Context:
    """What every report of a build shares: base IRI, ontology and reference data."""

    base: str

    @cached_property
    def compiled(self) -> Compiled:
        return compiled_reference(self.base)

    @cached_property
    def ontology(self) -> Graph:
        return core_ontology()

    @property
    def reference(self) -> ox.Store:
        """The compiled database: the reference data (gazetteer, industries, indicators,
        units and links: every Turtle file but the ontology) in `reference_graph`."""
        return self.compiled.store

    @property
    def reference_graph(self) -> ox.NamedNode:
        return self.compiled.reference

    def reference_ntriples(self) -> bytes:
        return self.compiled.ntriples(self.compiled.reference)

    @cached_property
    def ontology_ntriples(self) -> bytes:
        """The core ontology as N-Triples (what a build stores and validates with)."""
        return self.compiled.ntriples(self.compiled.ontology)

    def reference_slice(self, g: Graph) -> Graph:
        """The reference triples about what `g` names (see kg_build/rdf/slice.py)."""
        return reference_slice(self.reference, named_nodes(g), self.reference_graph)

    def in_reference(self, s: URIRef, p: URIRef, o: URIRef | Literal) -> bool:
        """Does the reference data assert this triple (IRIs only)?"""
        if not isinstance(o, URIRef):
            return False
        quad = ox.Quad(ox.NamedNode(s), ox.NamedNode(p), ox.NamedNode(o), self.reference_graph)
        return quad in self.reference

    @cached_property
    def places(self) -> Reference:
        return load_reference()

    @cached_property
    def _labels(self) -> dict[str, dict[str, str]]:
        return memo("concepts", [_CODE, *inputs(self.base)], self._all_concepts)

    def _all_concepts(self) -> dict[str, dict[str, str]]:
        return {"indicators": self._concepts(KP.Indicator), "units": self._concepts(KP.Unit)}

    @cached_property
    def indicators(self) -> dict[str, URIRef]:
        return {label: URIRef(iri) for label, iri in self._labels["indicators"].items()}

    @cached_property
    def units(self) -> dict[str, URIRef]:
        return {label: URIRef(iri) for label, iri in self._labels["units"].items()}

    def _concepts(self, cls: URIRef) -> dict[str, str]:
        """Every label (any language) → concept, for the concepts of one class."""
        store, graph, found = self.reference, self.reference_graph, []
        for typed in store.quads_for_pattern(
            None, ox.NamedNode(str(RDF.type)), ox.NamedNode(cls), graph
        ):
            for prop, rank in LABEL_RANKS.items():
                for quad in store.quads_for_pattern(
                    typed.subject, ox.NamedNode(str(prop)), None, graph
                ):
                    found.append((rank, typed.subject.value, quad.object.value))
        return label_index(found)


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

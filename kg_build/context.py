"""What every report of a build shares: base IRI, ontology and reference data, loaded once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from kg_build.errors import KgError
from kg_build.paths import ontology_dir
from kg_build.rdf.namespaces import KP
from kg_build.rdf.serialize import new_graph
from kg_build.rdf.slice import named_nodes, reference_slice
from kg_build.reference import Reference, load_reference

ONTOLOGY_FILE = "kaiping-kg.ttl"


@dataclass
class Context:
    """What every report of a build shares: base IRI, ontology and reference data."""

    base: str

    @cached_property
    def ontology(self) -> Graph:
        g = new_graph()
        g.parse(ontology_dir() / ONTOLOGY_FILE, format="turtle")
        return g

    @cached_property
    def reference(self) -> ox.Store:
        """Gazetteer, industries, indicators, units and links (every Turtle file but the
        ontology) in an in-memory Oxigraph store: parsed in Rust, sliced for validation."""
        store = ox.Store()
        for path in sorted(ontology_dir().glob("*.ttl")):
            if path.name == ONTOLOGY_FILE:
                continue
            try:
                store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
            except (SyntaxError, OSError) as exc:
                raise KgError(f"cannot read reference data {path}: {exc}; fix the Turtle") from exc
        return store

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
        return _label_index(self.reference, KP.Indicator)

    @cached_property
    def units(self) -> dict[str, URIRef]:
        return _label_index(self.reference, KP.Unit)


def _label_index(store: ox.Store, cls: URIRef) -> dict[str, URIRef]:
    """prefLabel, altLabel and hiddenLabel → concept, for the concepts of one class; a
    prefLabel wins over another concept's alternative label."""
    rank = {SKOS.prefLabel: 2, SKOS.altLabel: 1, SKOS.hiddenLabel: 0}
    found = []
    for typed in store.quads_for_pattern(None, ox.NamedNode(str(RDF.type)), ox.NamedNode(cls)):
        for prop, r in rank.items():
            for quad in store.quads_for_pattern(typed.subject, ox.NamedNode(str(prop)), None):
                found.append((r, typed.subject.value, quad.object.value))
    found.sort()
    return {label: URIRef(concept) for _, concept, label in found}

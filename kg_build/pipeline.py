"""The path from a report file to its graph, in one place.

read_report → extract_observations + extract_entities → emit RDF (one named graph)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg_build.errors import KgError
from kg_build.extract.entities import extract_entities, resolve_subject
from kg_build.extract.quantities import extract_observations
from kg_build.model import Extraction, Report
from kg_build.paths import ontology_dir
from kg_build.rdf.entities import emit_entities, entity_iri
from kg_build.rdf.namespaces import KP
from kg_build.rdf.observations import emit_indicator, emit_observation, indicator_iri
from kg_build.rdf.provenance import emit_report, report_iri, statement_iri
from kg_build.rdf.serialize import new_graph
from kg_build.rdf.slice import named_nodes, reference_slice
from kg_build.read import read_report
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


@dataclass(frozen=True)
class ReportBuild:
    report: Report
    extraction: Extraction
    graph: Graph  # the report's named graph, identified by the report IRI


def build_report(path: Path, ctx: Context, overrides: dict | None = None) -> ReportBuild:
    """Read one report, extract its facts and emit its named graph."""
    report = read_report(path, overrides)
    extraction = extract_entities(report, ctx.places)
    extraction.observations = extract_observations(report)
    graph = emit_graph(report, extraction, ctx)
    return ReportBuild(report, extraction, graph)


def link_subjects(report: Report, ex: Extraction, ctx: Context) -> list[str | None]:
    """The entity key of each observation's subject (None: the report's region).

    A subject the entity extractor did not see itself (e.g. 第一产业 in a ratio) is added to
    `ex.entities`, so that every subject in the graph is typed and labelled.
    """
    keys: list[str | None] = []
    for obs in ex.observations:
        found = None
        if obs.subject:
            found = resolve_subject(obs.subject, ctx.places, report.meta, ex, obs.subject_kind)
        if found is not None:
            ex.entities.setdefault(found.key, found)
        keys.append(found.key if found else None)
    return keys


def emit_graph(report: Report, ex: Extraction, ctx: Context) -> Graph:
    """The report's named graph: provenance, entities, relations and observations."""
    node = report_iri(ctx.base, report)
    g = new_graph(str(node))
    meta = report.meta
    region_entity = resolve_subject(meta.region, ctx.places, meta, ex) if meta.region else None
    if region_entity is not None:
        region = entity_iri(ctx.base, region_entity.key, region_entity.iri)
    else:  # the report does not say where it is from: a place of its own stands in
        region = URIRef(f"{node}/region")
        g.add((region, RDF.type, KP.Place))
        g.add((region, RDFS.label, Literal(meta.region or "报告所述地区", lang="zh")))
    subject_keys = link_subjects(report, ex, ctx)
    emit_report(g, node, report, region)
    statements = {st.id: statement_iri(node, st.id) for st in report.statements}
    iris = emit_entities(g, ex, base=ctx.base, statement_node=statements, known=ctx.in_reference)

    dataset = URIRef(f"{node}/dataset")
    known_indicators = set(ctx.indicators.values())
    for obs, subject_key in zip(ex.observations, subject_keys, strict=True):
        indicator = indicator_iri(ctx.base, obs.indicator, ctx.indicators.get)
        if indicator not in known_indicators:
            emit_indicator(g, indicator, obs.indicator)
        emit_observation(
            g,
            URIRef(f"{statements[obs.statement]}/o{obs.index}"),
            obs,
            statement=statements[obs.statement],
            dataset=dataset,
            indicator=indicator,
            subject=iris[subject_key] if subject_key else region,
            unit=ctx.units.get(obs.unit),
            base_unit=ctx.units.get(obs.base_unit) if obs.base_unit else None,
        )
    return g

"""The path from a report file to its graph, in one place.

read_report → extract_observations + extract_entities → emit RDF (one named graph)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kg_build.context import Context
from kg_build.extract.entities import extract_entities, resolve_subject
from kg_build.extract.quantities import extract_observations
from kg_build.model import Extraction, Report
from kg_build.rdf.entities import emit_entities, entity_iri
from kg_build.rdf.namespaces import KP
from kg_build.rdf.observations import emit_indicator, emit_observation, indicator_iri
from kg_build.rdf.provenance import emit_report, report_iri, statement_iri
from kg_build.rdf.serialize import new_graph
from kg_build.read import read_report


@dataclass(frozen=True)
class ReportBuild:
    report: Report
    extraction: Extraction
    graph: Graph  # the report's named graph, identified by the report IRI


def build_report(path: Path, ctx: Context, overrides: dict | None = None) -> ReportBuild:
    """Read one report, extract its facts and emit its named graph."""
    report = read_report(path, overrides)
    extraction = extract_report(report, ctx)
    graph = emit_graph(report, extraction, ctx)
    return ReportBuild(report, extraction, graph)


def extract_report(report: Report, ctx: Context) -> Extraction:
    """The observations, entities, mentions and relations of a read report."""
    extraction = extract_entities(report, ctx.places)
    extraction.observations = extract_observations(report)
    return extraction


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

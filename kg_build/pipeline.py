"""The path from a report file to its graph, one pass per stage, each a pure function of
what the stage before it gave:

    read      read_report(path)              → Report      decode, normalise, outline
    extract   extract_claims(report, ctx)    → Claims      observations, names, relations
    resolve   resolve(report, claims, ctx)   → Extraction  keys and IRIs, subjects
    emit      emit_graph(report, extraction) → Graph       records to triples
    validate, store                                        kg_build/build.py (run_build)

No stage calls back into an earlier one or changes what it was given.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kg_build.context import Context
from kg_build.extract.entities import extract_entities
from kg_build.extract.quantities import extract_observations
from kg_build.model import Claims, Extraction, Report
from kg_build.rdf.entities import emit_entities
from kg_build.rdf.namespaces import KP, nameable
from kg_build.rdf.observations import emit_indicator, emit_observation
from kg_build.rdf.provenance import emit_report, statement_iri
from kg_build.rdf.serialize import report_graph
from kg_build.read import read_report
from kg_build.resolve import resolve

Known = Callable[[URIRef, URIRef, URIRef | Literal], bool]


@dataclass(frozen=True)
class ReportBuild:
    report: Report
    extraction: Extraction
    graph: Graph  # the report's named graph, identified by the report IRI


def build_report(path: Path, ctx: Context, overrides: dict | None = None) -> ReportBuild:
    """Read one report, extract and resolve its facts and emit its named graph."""
    report = read_report(path, overrides)
    extraction = resolve(report, extract_claims(report, ctx), ctx)
    return ReportBuild(report, extraction, emit_graph(report, extraction, ctx.in_reference))


def extract_claims(report: Report, ctx: Context) -> Claims:
    """The extract stage: observations and what each statement names, unresolved.

    A number whose indicator reads as no name at all (a digest line that opens with a count)
    names nothing an IRI can be minted for, and is left out."""
    observations = tuple(o for o in extract_observations(report) if nameable(o.indicator))
    return extract_entities(report, ctx.places, observations)


def extract_report(report: Report, ctx: Context) -> Extraction:
    """A read report's facts, extracted and resolved (what kg_build.examples compares)."""
    return resolve(report, extract_claims(report, ctx), ctx)


def emit_graph(report: Report, ex: Extraction, known: Known = lambda s, p, o: False) -> Graph:
    """The report's named graph: provenance, entities, relations and observations.

    `known` says which triples the reference data already asserts (they are not repeated).
    """
    node = URIRef(ex.report)
    g = report_graph(ex.report)
    region = URIRef(ex.region)
    if ex.region_label is not None:  # a stand-in for a region the report does not name
        g.add((region, RDF.type, KP.Place))
        g.add((region, RDFS.label, Literal(ex.region_label, lang="zh")))
    emit_report(g, node, report, region)
    statements = {st.id: statement_iri(node, st.id) for st in report.statements}
    iris = emit_entities(g, ex, statement_node=statements, known=known)
    dataset = URIRef(f"{node}/dataset")
    for obs, refs in zip(ex.observations, ex.refs, strict=True):
        indicator = URIRef(refs.indicator)
        if not refs.indicator_known:
            emit_indicator(g, indicator, obs.indicator)
        emit_observation(
            g,
            URIRef(f"{statements[obs.statement]}/o{obs.index}"),
            obs,
            statement=statements[obs.statement],
            dataset=dataset,
            indicator=indicator,
            subject=iris[refs.subject] if refs.subject else region,
            unit=URIRef(refs.unit) if refs.unit else None,
            base_unit=URIRef(refs.base_unit) if refs.base_unit else None,
        )
    return g

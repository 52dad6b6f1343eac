"""Observations as Data Cube triples."""

from __future__ import annotations

from decimal import Decimal

from rdflib import XSD, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from kg_build.model import Observation
from kg_build.rdf.namespaces import KP, KPID, QB, period_iri

MEASURE = {"level": KP.level, "growth": KP.growth, "share": KP.share, "rank": KP.rank}
STATUS = {"actual": KP.actual, "target": KP.target}
QUALIFIER = {
    "more_than": KP.moreThan,
    "approx": KP.approximately,
    "nearly": KP.nearly,
    "at_least": KP.atLeast,
}
BASIS = {"yoy": KP.yearOnYear, "average_annual": KP.averageAnnual}


def decimal_literal(value: Decimal) -> Literal:
    """An xsd:decimal in its XSD 1.1 canonical form (`5`, `515.47`), as Oxigraph stores it."""
    return Literal(canonical_decimal(value), datatype=XSD.decimal)


def canonical_decimal(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def emit_observation(
    g: Graph,
    node: URIRef,
    obs: Observation,
    *,
    statement: URIRef,
    dataset: URIRef,
    indicator: URIRef,
    subject: URIRef,
    unit: URIRef | None,
    base_unit: URIRef | None,
) -> None:
    """Add one observation; indicator, subject and units are IRIs the resolve stage gave."""
    g.add((node, RDF.type, KP.Observation))
    g.add((node, RDF.type, QB.Observation))
    g.add((node, QB.dataSet, dataset))
    g.add((node, KP.indicator, indicator))
    g.add((node, KP.indicatorPhrase, Literal(obs.indicator, lang="zh")))
    g.add((node, KP.subject, subject))
    g.add((node, KP.measure, MEASURE[obs.measure]))
    g.add((node, KP.value, decimal_literal(obs.value)))
    g.add((node, KP.unitText, Literal(obs.unit)))
    if unit is not None:
        g.add((node, KP.unit, unit))
    if obs.base_value is not None:
        g.add((node, KP.baseValue, decimal_literal(obs.base_value)))
    if base_unit is not None:
        g.add((node, KP.baseUnit, base_unit))
    if obs.alt_value is not None and obs.alt_unit:
        g.add((node, KP.altValue, decimal_literal(obs.alt_value)))
        g.add((node, KP.altUnitText, Literal(obs.alt_unit)))
    g.add((node, KP.period, Literal(obs.period)))
    g.add((node, KP.refPeriod, URIRef(period_iri(obs.period))))
    g.add((node, KP.status, STATUS[obs.status]))
    if obs.qualifier:
        g.add((node, KP.qualifier, QUALIFIER[obs.qualifier]))
    g.add((node, KP.aspirational, Literal(obs.aspirational)))
    if obs.basis:
        g.add((node, KP.basis, BASIS[obs.basis]))
    g.add((node, KP["index"], Literal(obs.index)))
    g.add((node, PROV.wasDerivedFrom, statement))
    label = f"{obs.indicator} {format(obs.value, 'f')}{obs.unit} ({obs.period})"
    g.add((node, RDFS.label, Literal(label, lang="zh")))


def emit_indicator(g: Graph, node: URIRef, phrase: str) -> None:
    """Declare a minted indicator (reference indicators are declared in ontology/)."""
    g.add((node, RDF.type, KP.Indicator))
    g.add((node, RDF.type, SKOS.Concept))
    g.add((node, SKOS.prefLabel, Literal(phrase, lang="zh")))
    g.add((node, RDFS.label, Literal(phrase, lang="zh")))
    g.add((node, SKOS.inScheme, KPID["indicator/scheme"]))

"""The resolve stage: the only place entity keys and IRIs are minted.

    resolve(report, claims, ctx) -> Extraction

Reads the extract stage's `Claims` (what each statement names, each observation's subject)
and gives one key and IRI per real thing: gazetteer and taxonomy things keep their IRI,
everything else is minted under the report's region (kg_build/resolve/keys.py). The subject
of an observation is a thing its statement mentions by that name, else the subject's own
reading; indicators and units are looked up in the reference data.
"""

from __future__ import annotations

from typing import Protocol

from rdflib import URIRef

from kg_build.model import Claims, Extraction, ObservationRefs, Report
from kg_build.rdf.provenance import report_iri
from kg_build.reference import Reference
from kg_build.resolve.entities import resolve_entities, written_brackets
from kg_build.resolve.iris import entity_iri, indicator_iri
from kg_build.resolve.keys import UNNAMED_REGION, Keys
from kg_build.resolve.subjects import resolve_subjects


class Lookups(Protocol):
    """What resolution reads from the build's context (kg_build.context.Context)."""

    base: str

    @property
    def places(self) -> Reference: ...
    @property
    def indicators(self) -> dict[str, URIRef]: ...
    @property
    def units(self) -> dict[str, URIRef]: ...


def resolve(report: Report, claims: Claims, ctx: Lookups) -> Extraction:
    """A report's claims resolved: entities by key, mentions, relations, what each
    observation points at, and the IRIs of the report and its region."""
    ref = ctx.places
    node = str(report_iri(ctx.base, report))
    standin = f"{node}/region"  # the report does not say where it is from: a place of its own
    keys = Keys(claims.region, claims.statements, standin)
    entities, mentions, relations = resolve_entities(report, claims, ref, keys)
    statements = tuple(o.statement for o in claims.observations)
    subjects, entities = resolve_subjects(
        claims.subjects, statements, entities, mentions, relations, ref, keys
    )
    entities = written_brackets(report, entities)
    region_label = None
    if claims.region.name is not None:
        place = claims.region.place
        region = entity_iri(ctx.base, keys.rk.key or "", place.iri if place else None)
    else:
        region, region_label = standin, UNNAMED_REGION
    known = {str(i) for i in ctx.indicators.values()}
    refs = []
    for obs, subject in zip(claims.observations, subjects, strict=True):
        indicator = indicator_iri(ctx.base, obs.indicator, ctx.indicators.get)
        unit = ctx.units.get(obs.unit)
        base_unit = ctx.units.get(obs.base_unit) if obs.base_unit else None
        refs.append(ObservationRefs(subject, indicator, indicator in known,
                                    str(unit) if unit else None,
                                    str(base_unit) if base_unit else None))  # fmt: skip
    return Extraction(
        observations=claims.observations,
        entities=entities,
        mentions=mentions,
        relations=relations,
        refs=tuple(refs),
        iris={key: entity_iri(ctx.base, key, e.iri) for key, e in entities.items()},
        report=node,
        region=region,
        region_label=region_label,
    )

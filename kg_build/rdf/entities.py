"""Entities, their mentions and relations as triples; each relation reified with its source."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from rdflib import XSD, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from kg_build.model import Extraction
from kg_build.rdf.namespaces import KP, KPID

KIND_CLASS = {
    "province": KP.Province,
    "city": KP.PrefectureCity,
    "county": KP.CountyCity,
    "district": KP.District,
    "town": KP.Town,
    "subdistrict": KP.Subdistrict,
    "village": KP.Village,
    "sar": KP.SpecialAdministrativeRegion,
    "newarea": KP.NewArea,
    "partner": KP.PartnerRegion,
    "place": KP.Place,
    "park": KP.Park,
    "project": KP.Project,
    "industry": KP.Industry,
    "cluster": KP.IndustrialCluster,
    "chain": KP.IndustryChain,
    "group": KP.IndustryGroup,
    "designation": KP.Designation,
    "cooperation": KP.Cooperation,
}

# Relations named by a standard vocabulary, or renamed, rather than kp:{name}.
PREDICATES = {
    "member": SKOS.member,
    "level": KP.designationLevel,
    "closeMatch": SKOS.closeMatch,
    "broader": SKOS.broader,
}
# Relations whose literal objects go on a property of their own.
TEXT_PREDICATES = {"covers": KP.coversText}

# Relations whose object is an enumeration concept or a typed literal, not an entity.
CONCEPT_OBJECTS = {"projectStatus", "level"}
TYPED_OBJECTS = {"year": XSD.gYear, "phase": XSD.integer}


def emit_entities(
    g: Graph,
    ex: Extraction,
    *,
    statement_node: dict[str, URIRef],
    known: Callable[[URIRef, URIRef, URIRef | Literal], bool] = lambda s, p, o: False,
) -> dict[str, URIRef]:
    """Add entities, mentions and relations; return the key → IRI map used.

    A relation the reference data already asserts (红溪村 kp:within 赤坎镇) is only reified
    with its source here, not asserted a second time in the report's graph.
    """
    iris = {key: URIRef(iri) for key, iri in ex.iris.items()}
    for key in sorted(ex.entities):
        entity, node = ex.entities[key], iris[key]
        if entity.iri:  # declared in the reference data
            continue
        g.add((node, RDF.type, KIND_CLASS.get(entity.kind, KP.Place)))
        g.add((node, RDFS.label, Literal(entity.label, lang="zh")))
        if entity.kind == "industry":
            g.add((node, RDF.type, SKOS.Concept))
            g.add((node, SKOS.prefLabel, Literal(entity.label, lang="zh")))
            g.add((node, SKOS.inScheme, KPID["industry/scheme"]))
        elif entity.kind == "group":  # a report's own 主导产业, 特色产业
            g.add((node, SKOS.prefLabel, Literal(entity.label, lang="zh")))
        for prop, value in entity.props:
            g.add((node, KP[prop], Literal(value)))

    for m in ex.mentions:
        g.add((iris[m.entity], KP.mentionedIn, statement_node[m.statement]))

    counter: dict[str, int] = defaultdict(int)
    for rel in ex.relations:
        subject = iris[rel.subject]
        predicate = predicate_iri(rel.predicate, rel.object)
        obj = relation_object(rel.predicate, rel.object, iris)
        if not known(subject, predicate, obj):
            g.add((subject, predicate, obj))
        source = statement_node[rel.statement]
        counter[rel.statement] += 1
        node = URIRef(f"{source}/r{counter[rel.statement]}")
        g.add((node, RDF.type, RDF.Statement))
        g.add((node, RDF.subject, subject))
        g.add((node, RDF.predicate, predicate))
        g.add((node, RDF.object, obj))
        g.add((node, PROV.wasDerivedFrom, source))
    return iris


def predicate_iri(name: str, obj: str) -> URIRef:
    if obj.startswith("lit:") and name in TEXT_PREDICATES:
        return TEXT_PREDICATES[name]
    return PREDICATES.get(name) or KP[name]


def relation_object(predicate: str, obj: str, iris: dict[str, URIRef]) -> URIRef | Literal:
    if not obj.startswith("lit:"):
        return iris[obj]
    value = obj[4:]
    if predicate in CONCEPT_OBJECTS:
        return KP[value]
    if predicate in TYPED_OBJECTS:
        return Literal(value, datatype=TYPED_OBJECTS[predicate])
    return Literal(value, lang="zh")

"""The names a page gives to IRIs: the ontology's own zh and en labels (read once, at server
start, from ontology/kaiping-kg.ttl), a few labels for the W3C terms every graph uses, and
prefixed names (kp:Park, skos:exactMatch) for everything else in a known namespace.

The query page's editor completes the same prefixes and ontology terms (`editor_vocab`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg_build.rdf.namespaces import KP, PREFIXES, QB

EXTRA_PREFIXES = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vann": "http://purl.org/vocab/vann/",
    "sh": "http://www.w3.org/ns/shacl#",
}
_W3C = {
    "rdf:type": ("类型", "type"),
    "rdfs:label": ("名称", "label"),
    "rdfs:comment": ("说明", "comment"),
    "skos:prefLabel": ("标准名称", "preferred label"),
    "skos:altLabel": ("别名", "alternative label"),
    "skos:hiddenLabel": ("隐藏名称", "hidden label"),
    "skos:exactMatch": ("等同于", "exact match"),
    "skos:closeMatch": ("近似于", "close match"),
    "skos:broader": ("上位", "broader"),
    "skos:narrower": ("下位", "narrower"),
    "skos:inScheme": ("所属体系", "in scheme"),
    "skos:member": ("成员", "member"),
    "skos:notation": ("代码", "notation"),
    "prov:wasDerivedFrom": ("出自", "derived from"),
    "dcterms:title": ("标题", "title"),
    "qb:dataSet": ("数据集", "data set"),
    "qb:Observation": ("观测值", "observation"),
    "skos:Concept": ("概念", "concept"),
    "rdf:Statement": ("陈述", "statement"),
}
KINDS = {
    OWL.Class: "class",
    RDFS.Class: "class",
    OWL.ObjectProperty: "property",
    OWL.DatatypeProperty: "property",
    OWL.AnnotationProperty: "property",
    RDF.Property: "property",
    OWL.TransitiveProperty: "property",
    QB.DimensionProperty: "property",
    QB.MeasureProperty: "property",
    QB.AttributeProperty: "property",
}


@dataclass(frozen=True)
class Vocab:
    prefixes: dict[str, str]  # prefix → namespace IRI, longest namespaces first
    labels: dict[str, tuple[str, str]]  # IRI → (zh, en); either may be ""
    kinds: dict[str, str]  # IRI → class, property or term

    def short(self, iri: str) -> str | None:
        """`kp:Park` for a term of a known namespace (None otherwise)."""
        for prefix, ns in self.prefixes.items():
            if iri.startswith(ns) and len(iri) > len(ns):
                return f"{prefix}:{iri[len(ns) :]}"
        return None


def _label_pairs(g) -> dict[str, tuple[str, str]]:
    found: dict[str, dict[str, str]] = {}
    for s, label in g.subject_objects(RDFS.label):
        if isinstance(s, URIRef) and isinstance(label, Literal) and label.language in ("zh", "en"):
            found.setdefault(str(s), {}).setdefault(label.language, str(label))
    return {iri: (pair.get("zh", ""), pair.get("en", "")) for iri, pair in sorted(found.items())}


@lru_cache(maxsize=1)
def vocab() -> Vocab:
    """The ontology's labels and kinds with the project's prefixes (parsed once)."""
    from kg_build.ontology import core_ontology

    g = core_ontology()
    spaces = {p: str(ns) for p, ns in PREFIXES.items()} | EXTRA_PREFIXES
    prefixes = dict(sorted(spaces.items(), key=lambda kv: (-len(kv[1]), kv[0])))
    labels = _label_pairs(g)
    for name, pair in _W3C.items():
        prefix, local = name.split(":")
        labels.setdefault(spaces[prefix] + local, pair)
    kinds: dict[str, str] = {}
    for s, t in g.subject_objects(RDF.type):
        if isinstance(s, URIRef) and str(s).startswith(str(KP)):
            kind = KINDS.get(t, "term")
            if kinds.get(str(s), "term") == "term":
                kinds[str(s)] = kind
    return Vocab(prefixes, labels, dict(sorted(kinds.items())))


def editor_vocab() -> dict:
    """What the editor completes: the prefixes and every kp: term with its labels."""
    v = vocab()
    terms = [
        {"name": v.short(iri), "kind": kind, "zh": v.labels.get(iri, ("", ""))[0],
         "en": v.labels.get(iri, ("", ""))[1]}
        for iri, kind in v.kinds.items()
    ]  # fmt: skip
    for name, (zh, en) in _W3C.items():  # rdf:type, skos:prefLabel … complete too
        local = name.split(":")[1]
        kind = "class" if local[:1].isupper() else "property"
        terms.append({"name": name, "kind": kind, "zh": zh, "en": en})
    prefixes = {p: ns for p, ns in sorted(v.prefixes.items())}
    return {"prefixes": prefixes, "terms": terms}

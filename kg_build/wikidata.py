"""Wikidata links of the gazetteer's places: P442 codes first, then label under the parent.

Pure functions over `Place`s and SELECT rows, plus one network call (`sparql_select`, through
SPARQLWrapper). `skos:exactMatch` when the item's P442 code and label both agree (or a seed
in kg_build/data/link-seeds.yaml names it), `skos:closeMatch` when only the label and the
parent (P131) do (see docs/linking.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SKOS

from kg_build.errors import KgError
from kg_build.rdf.serialize import new_graph
from kg_build.reference import Place

WIKIDATA = "http://www.wikidata.org/entity/"
WDT = "http://www.wikidata.org/prop/direct/"
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
class WikidataLink:
    place: str  # place IRI
    qid: str  # "Q15175"
    method: str  # "code+label", "label+parent" or "seed"

    @property
    def predicate(self) -> URIRef:
        return SKOS.closeMatch if self.method == "label+parent" else SKOS.exactMatch


def wikidata_codes(place: Place) -> list[str]:
    """The forms of its codes Wikidata's P442 uses: 6 digits down to counties, 9 for towns, 12."""
    forms = set()
    for code in (place.nbs_code, place.mca_code):
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
        seed = (seeds.get("wikidata") or {}).get(place.nbs_code or "")
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
    return {
        p.iri: WikidataLink(p.iri, table[p.nbs_code], "seed") for p in places if p.nbs_code in table
    }


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

"""Reference data (gazetteer and industry taxonomy) as plain lookup tables.

`load_reference()` takes `ontology/gazetteer.ttl` and `ontology/industries.ttl` from the
shared store of kg_build/ontology.py (each file parsed once per process) and returns a
`Reference`: places by IRI and by every name a report may use (label, short forms, "city +
district" compounds), industries and industry groups by every label. Everything is sorted,
so lookups are deterministic. `Place` is the one gazetteer place type (the extractors and the
linker use it); `label_index` is the one label → concept index (Context uses it too).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node

from kg_build.compiled import CODE
from kg_build.errors import KgError
from kg_build.ontology import GAZETTEER_FILE, INDUSTRIES_FILE, file_graphs, quads
from kg_build.paths import ontology_dir
from kg_build.rdf.namespaces import KP
from kg_build.rdf.slice import to_rdflib
from kg_build.user_cache import memo

# Label property → rank in `label_index`: a prefLabel beats an altLabel beats a hiddenLabel.
LABEL_RANKS = {SKOS.prefLabel: 2, SKOS.altLabel: 1, SKOS.hiddenLabel: 0}

# Gazetteer class → Entity.kind (the most specific class wins: Community before Village).
PLACE_KINDS: tuple[tuple[URIRef, str], ...] = (
    (KP.Country, "country"),
    (KP.Province, "province"),
    (KP.PrefectureCity, "city"),
    (KP.CountyCity, "county"),
    (KP.County, "county"),
    (KP.District, "district"),
    (KP.SpecialAdministrativeRegion, "sar"),
    (KP.NewArea, "newarea"),
    (KP.Town, "town"),
    (KP.Subdistrict, "subdistrict"),
    (KP.Community, "village"),
    (KP.Village, "village"),
)
# Kinds at or above county level: their names are matched across the whole country.
WIDE_KINDS = frozenset({"country", "province", "city", "county", "district", "sar", "newarea"})
LOCAL_KINDS = frozenset({"town", "subdistrict", "village"})
ADMIN_SUFFIXES = ("省", "市", "区", "县", "镇", "乡", "街道", "村", "社区", "新区", "特别行政区")


@dataclass(frozen=True)
class Place:
    """A gazetteer place: names for the extractors, identifiers for the linker."""

    iri: str
    label: str  # full Chinese name, e.g. 赤坎镇
    kind: str  # an Entity.kind: province, city, county, district, town, village, sar, newarea
    parent: str | None = None  # IRI of the direct parent (kp:within)
    alt: tuple[str, ...] = ()  # short forms, e.g. 赤坎
    nbs_code: str | None = None
    mca_code: str | None = None
    geonames: str | None = None  # kp:geonamesId

    @property
    def slug(self) -> str:
        """Last IRI path segment, e.g. `kaiping`."""
        return self.iri.rstrip("/").rsplit("/", 1)[-1]

    @property
    def depth(self) -> int:
        """0 province, 1 prefecture, 2 county, 3 town, 4 village (from the code's zeros)."""
        code = self.nbs_code or self.mca_code or ""
        if len(code) != 12:
            return 5
        for depth, end in enumerate((2, 4, 6, 9)):
            if set(code[end:]) == {"0"}:
                return depth
        return 4


@dataclass(frozen=True)
class Industry:
    iri: str
    label: str  # skos:prefLabel@zh
    labels: tuple[str, ...]  # every zh label: pref, alt, hidden
    broader: tuple[str, ...] = ()
    label_en: str | None = None


@dataclass(frozen=True)
class Group:
    iri: str
    label: str
    labels: tuple[str, ...]
    members: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class Reference:
    """Lookup tables over the reference data. Build with `load_reference`."""

    places: Mapping[str, Place] = field(default_factory=dict)
    place_names: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # name → IRIs
    industries: Mapping[str, Industry] = field(default_factory=dict)
    industry_names: Mapping[str, str] = field(default_factory=dict)  # label → IRI
    groups: Mapping[str, Group] = field(default_factory=dict)
    group_names: Mapping[str, str] = field(default_factory=dict)

    def ancestors(self, iri: str) -> tuple[str, ...]:
        """Parents of a place, nearest first (cycle-safe)."""
        out: list[str] = []
        node = self.places.get(iri)
        while node is not None and node.parent and node.parent not in out:
            out.append(node.parent)
            node = self.places.get(node.parent)
        return tuple(out)

    def is_within(self, iri: str, ancestor: str) -> bool:
        """True when `iri` is `ancestor` or lies inside it."""
        return iri == ancestor or ancestor in self.ancestors(iri)

    def ancestor_of_kind(self, iri: str, kind: str) -> Place | None:
        for node in (iri, *self.ancestors(iri)):
            place = self.places.get(node)
            if place is not None and place.kind == kind:
                return place
        return None

    def lookup_places(self, name: str) -> tuple[Place, ...]:
        return tuple(self.places[i] for i in self.place_names.get(name, ()))

    def is_full_name(self, name: str, iri: str) -> bool:
        """Whether `name` names the place fully (label, compound, 斗门区), not by a short
        form such as 开平 or 澳门 that other words may contain."""
        place = self.places[iri]
        if name == place.label or name not in place.alt:
            return True
        return len(name) >= 4 or name.endswith(ADMIN_SUFFIXES)


def _zh(values: Iterable[object]) -> list[str]:
    out = [
        str(v)
        for v in values
        if isinstance(v, Literal) and (v.language or "zh").lower().startswith("zh")
    ]
    return sorted(set(out))


def _first(values: Iterable[object]) -> str | None:
    found = sorted(str(v) for v in values)
    return found[0] if found else None


def _place_kind(g: Graph | TripleIndex, node: URIRef) -> str | None:
    types = set(g.objects(node, RDF.type))
    for cls, kind in PLACE_KINDS:
        if cls in types:
            return kind
    return None


def places_from_graph(g: Graph | TripleIndex) -> dict[str, Place]:
    places: dict[str, Place] = {}
    for node in sorted({s for s in g.subjects(RDF.type, None) if isinstance(s, URIRef)}):
        kind = _place_kind(g, node)
        if kind is None:
            continue
        labels = _zh(g.objects(node, RDFS.label)) or _zh(g.objects(node, SKOS.prefLabel))
        if not labels:
            continue
        label = labels[0]
        alt = _zh(g.objects(node, SKOS.altLabel)) + _zh(g.objects(node, SKOS.hiddenLabel))
        alt += [x for x in labels[1:] if x != label]
        places[str(node)] = Place(
            iri=str(node),
            label=label,
            kind=kind,
            parent=_first(g.objects(node, KP.within)),
            alt=tuple(sorted(set(alt) - {label})),
            nbs_code=_first(g.objects(node, KP.nbsCode)),
            mca_code=_first(g.objects(node, KP.mcaCode)),
            geonames=_first(g.objects(node, KP.geonamesId)),
        )
    return places


def place_name_index(places: Mapping[str, Place]) -> dict[str, tuple[str, ...]]:
    """Every name → place IRIs: labels, short forms and parent+child compounds.

    Compounds: 深圳龙华 / 深圳市龙华区 for a district of a prefecture city, 开平市水口镇 for a
    town of a county, 中山翠亨新区 for a new area.
    """
    index: dict[str, set[str]] = defaultdict(set)
    for place in places.values():
        own = {place.label, *place.alt}
        for name in own:
            index[name].add(place.iri)
        parent = places.get(place.parent) if place.parent else None
        if parent is None or parent.kind not in {"city", "county", "district", "province"}:
            continue
        parent_names = {parent.label, *parent.alt}
        if place.kind in LOCAL_KINDS:  # only full forms: 开平市水口镇
            parent_names, own = {parent.label}, {place.label}
        for p in parent_names:
            for c in own:
                if len(p) + len(c) >= 4:
                    index[p + c].add(place.iri)
    return {name: tuple(sorted(iris)) for name, iris in sorted(index.items()) if len(name) >= 2}


def _ranked_labels(
    g: Graph | TripleIndex, nodes: Iterable[str], props: Iterable[URIRef]
) -> list[tuple[int, str, str]]:
    """(rank, concept, label) of the Chinese labels of these concepts, for `label_index`."""
    return [
        (LABEL_RANKS[prop], iri, label)
        for iri in nodes
        for prop in props
        for label in _zh(g.objects(URIRef(iri), prop))
    ]


def industries_from_graph(g: Graph | TripleIndex) -> tuple[dict[str, Industry], dict[str, Group]]:
    industries: dict[str, Industry] = {}
    for node in sorted(set(g.subjects(RDF.type, KP.Industry))):
        pref = _zh(g.objects(node, SKOS.prefLabel))
        if not pref:
            continue
        labels = set(pref)
        labels |= set(_zh(g.objects(node, SKOS.altLabel)))
        labels |= set(_zh(g.objects(node, SKOS.hiddenLabel)))
        broader = {str(o) for o in g.objects(node, SKOS.broader)}
        broader |= {str(s) for s in g.subjects(SKOS.narrower, node)}
        industries[str(node)] = Industry(
            iri=str(node),
            label=pref[0],
            labels=tuple(sorted(labels)),
            broader=tuple(sorted(broader)),
            label_en=_english(g, node),
        )
    groups: dict[str, Group] = {}
    for node in sorted(set(g.subjects(RDF.type, KP.IndustryGroup))):
        pref = _zh(g.objects(node, SKOS.prefLabel))
        if not pref:
            continue
        labels = set(pref) | set(_zh(g.objects(node, SKOS.altLabel)))
        groups[str(node)] = Group(
            iri=str(node),
            label=pref[0],
            labels=tuple(sorted(labels)),
            members=tuple(sorted(str(m) for m in g.objects(node, SKOS.member))),
        )
    return industries, groups


def _english(g: Graph | TripleIndex, node: URIRef) -> str | None:
    found = sorted(
        str(v)
        for v in g.objects(node, SKOS.prefLabel)
        if isinstance(v, Literal) and (v.language or "").lower() == "en"
    )
    return found[0] if found else None


def label_index(labelled: Iterable[tuple[int, str, str]]) -> dict[str, str]:
    """(rank, concept IRI, label) → label → concept: the best-ranked label wins (see
    LABEL_RANKS), then the first IRI in order; sorted by label."""
    best: dict[str, tuple[int, str]] = {}
    for rank, iri, label in labelled:
        held = best.get(label)
        if held is None or (-rank, iri) < (-held[0], held[1]):
            best[label] = (rank, iri)
    return {label: best[label][1] for label in sorted(best)}


def reference_from_graph(g: Graph | TripleIndex) -> Reference:
    places = places_from_graph(g)
    industries, groups = industries_from_graph(g)
    pref_alt = (SKOS.prefLabel, SKOS.altLabel)
    return Reference(
        places=places,
        place_names=place_name_index(places),
        industries=industries,
        industry_names=label_index(_ranked_labels(g, industries, LABEL_RANKS)),
        groups=groups,
        group_names=label_index(_ranked_labels(g, groups, pref_alt)),
    )


def reference_files(directory: Path | None = None) -> tuple[Path, ...]:
    """The Turtle files read: the gazetteer (if present) and the industry taxonomy."""
    folder = directory or ontology_dir()
    industries = folder / INDUSTRIES_FILE
    if not industries.is_file():
        raise KgError(
            f"industry taxonomy {industries} not found; reinstall kaiping-kg or restore "
            "ontology/industries.ttl"
        )
    gazetteer = folder / GAZETTEER_FILE
    return (gazetteer, industries) if gazetteer.is_file() else (industries,)


# What the lookup tables read; other triples of the files are skipped while loading.
NEEDED = frozenset(
    str(p)
    for p in (
        RDF.type, RDFS.label, SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel,
        SKOS.broader, SKOS.narrower, SKOS.member, KP.within, KP.nbsCode, KP.mcaCode,
        KP.geonamesId,
    )
)  # fmt: skip


class TripleIndex:
    """The two look-ups the tables need (`objects`, `subjects`), over plain dicts: much
    faster to fill than an rdflib Graph for the tens of thousands of gazetteer triples."""

    def __init__(self) -> None:
        self._out: dict[tuple[Node, Node], list[Node]] = defaultdict(list)
        self._in: dict[tuple[Node, Node | None], list[Node]] = defaultdict(list)

    def add(self, s: Node, p: Node, o: Node) -> None:
        self._out[s, p].append(o)
        self._in[p, o].append(s)
        self._in[p, None].append(s)

    def objects(self, s: Node, p: Node) -> list[Node]:
        return self._out.get((s, p), [])

    def subjects(self, p: Node, o: Node | None) -> list[Node]:
        return self._in.get((p, o), [])


_CODE = (Path(__file__).resolve(), *CODE)


@lru_cache(maxsize=8)
def _load(files: tuple[Path, ...]) -> Reference:
    """The tables of these files: from the user's cache (kg_build/user_cache.py, keyed by
    the files' bytes and this code), else computed."""
    return memo("reference-tables", [*_CODE, *files], lambda: _compute(files))


def _compute(files: tuple[Path, ...]) -> Reference:
    """Index the triples the tables read, from the files' graphs in the shared store."""
    g = TripleIndex()
    graphs = file_graphs(files)
    for prop in sorted(NEEDED):
        for q in quads(graphs, URIRef(prop)):
            g.add(to_rdflib(q.subject), URIRef(prop), to_rdflib(q.object))
    return reference_from_graph(g)


def load_reference(directory: Path | None = None) -> Reference:
    """Reference tables from `directory` (default: the ontology folder), cached per process."""
    return _load(tuple(p.resolve() for p in reference_files(directory)))


def load_reference_files(*files: Path) -> Reference:
    """Reference tables from the given Turtle files only (tests use a fixture gazetteer)."""
    return _load(tuple(Path(p).resolve() for p in files))

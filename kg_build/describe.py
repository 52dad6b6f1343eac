"""VoID and DCAT description of the dataset: counts and coverage computed, never typed.

`describe(...)` takes the linksets and, when a build is at hand, the report graphs; the static
part (licence, publisher, distributions, link targets) comes from kg_build/data/dataset.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml
from rdflib import XSD, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS, VOID

from kg_build.link import linkset_iri
from kg_build.model import Report
from kg_build.paths import data_dir
from kg_build.rdf.namespaces import KP, KPID
from kg_build.rdf.serialize import new_graph
from kg_build.reference import Place

MAPPING_PREDICATES = (SKOS.exactMatch, SKOS.closeMatch)
MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
YEAR_RE = re.compile(r"/id/year/(\d{4})$")
INTERVAL_RE = re.compile(r"/gregorian-interval/(\d{4})-01-01T00:00:00/P(\d+)Y$")


def load_dataset_meta(path: Path | None = None) -> dict:
    with open(path or data_dir() / "dataset.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def target_iri(name: str) -> URIRef:
    return KPID[f"dataset/{name}"]


def linkset_target(objects: list[str], targets: dict) -> str | None:
    """The target dataset whose URI space holds every object of a linkset subset."""
    for name in sorted(targets):
        if objects and all(o.startswith(targets[name]["uri_space"]) for o in objects):
            return name
    return None


def years_of(graphs: Mapping[str, Graph]) -> tuple[int, int] | None:
    """First and last year any report or observation refers to (kp:refPeriod, report years)."""
    years: set[int] = set()
    for g in graphs.values():
        for prop in (KP.yearReviewed, KP.yearPlanned):
            years.update(int(str(y)[:4]) for y in g.objects(None, prop))
        for period in set(g.objects(None, KP.refPeriod)):
            if m := YEAR_RE.search(str(period)):
                years.add(int(m.group(1)))
            elif m := INTERVAL_RE.search(str(period)):
                start = int(m.group(1))
                years.update((start, start + int(m.group(2)) - 1))
    return (min(years), max(years)) if years else None


@dataclass(frozen=True)
class Coverage:
    years: tuple[int, int] | None  # first and last year referred to
    regions: tuple[str, ...]  # IRIs of the reports' regions


def coverage_of_graphs(reports: Mapping[str, Graph]) -> Coverage:
    regions = {str(r) for g in reports.values() for r in g.objects(None, KP.region)}
    return Coverage(years_of(reports), tuple(sorted(regions)))


def coverage_of_reports(reports: Iterable[Report], places: Iterable[Place]) -> Coverage:
    """Years and regions from what the reader finds (no extraction needed); a region is a
    coded place (`link.gazetteer_places`) whose label or other name is the report's region."""
    years: set[int] = set()
    regions: set[str] = set()
    by_label: dict[str, set[str]] = {}
    for place in places:
        for label in (place.label, *place.alt):
            by_label.setdefault(label, set()).add(place.iri)
    for report in reports:
        meta = report.meta
        years.update(y for y in (meta.year_reviewed, meta.year_planned) if y)
        for st in report.statements:
            years.update(int(y) for y in st.period.split("/") if y.isdigit())
        found = by_label.get(meta.region or "", set())
        if len(found) == 1:
            regions.update(found)
    return Coverage((min(years), max(years)) if years else None, tuple(sorted(regions)))


def describe(
    linksets: Mapping[str, Graph],
    reports: Mapping[str, Graph] | None = None,
    meta: dict | None = None,
    coverage: Coverage | None = None,
) -> Graph:
    """The dataset (counts, coverage, distributions) and one void:Linkset per link predicate.

    Counts of triples come with `reports` (the report graphs of a build); coverage from
    `coverage`, or from `reports` when not given.
    """
    meta = meta or load_dataset_meta()
    g = new_graph()
    ds = describe_dataset(g, meta, uri_space=meta["uri_space"])
    _distributions(g, ds, meta)
    if reports:
        _counts(g, ds, reports)
    if coverage is None and reports:
        coverage = coverage_of_graphs(reports)
    if coverage is not None:
        _coverage(g, ds, coverage)
    for name in sorted(linksets):
        _linkset(g, ds, name, linksets[name], meta["targets"])
    return g


def describe_dataset(g: Graph, meta: dict, *, uri_space: str) -> URIRef:
    """The dataset node and what kg_build/data/dataset.yaml says of it (titles, descriptions,
    licence, publisher, homepage, vocabularies), with its URI space. Shared by the static
    description (`describe`) and the served one (kg_build/serve/metadata.py)."""
    g.bind("foaf", FOAF)
    ds = URIRef(meta["iri"])
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, RDF.type, DCAT.Dataset))
    for lang, text in sorted(meta["title"].items()):
        g.add((ds, DCTERMS.title, Literal(text, lang=lang)))
    for lang, text in sorted(meta.get("description", {}).items()):
        g.add((ds, DCTERMS.description, Literal(text, lang=lang)))
    g.add((ds, DCTERMS.license, URIRef(meta["license"])))
    publisher = URIRef(meta["publisher"]["iri"])
    g.add((ds, DCTERMS.publisher, publisher))
    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, FOAF.name, Literal(meta["publisher"]["name"])))
    g.add((ds, FOAF.homepage, URIRef(meta["homepage"])))
    g.add((ds, VOID.uriSpace, Literal(uri_space)))
    for vocab in meta.get("vocabularies", []):
        g.add((ds, VOID.vocabulary, URIRef(vocab)))
    return ds


def add_subsets(g: Graph, ds: URIRef, counts: Mapping[str, int]) -> None:
    """One void:subset per named graph, with its number of triples."""
    for name in sorted(counts):
        node = URIRef(name)
        g.add((ds, VOID.subset, node))
        g.add((node, RDF.type, VOID.Dataset))
        g.add((node, VOID.triples, Literal(counts[name], datatype=XSD.integer)))


def _distributions(g: Graph, ds: URIRef, meta: dict) -> None:
    for dist in meta.get("distributions", []):
        node = URIRef(f"{ds}/distribution/{dist['id']}")
        g.add((ds, DCAT.distribution, node))
        g.add((node, RDF.type, DCAT.Distribution))
        g.add((node, DCTERMS.title, Literal(dist["title"], lang="en")))
        g.add((node, DCAT.mediaType, URIRef(MEDIA_TYPES + dist["media_type"])))
        g.add((node, DCTERMS.license, URIRef(meta["license"])))
        if "endpoint" in dist:
            service = URIRef(f"{ds}/service/{dist['id']}")
            g.add((node, DCAT.accessService, service))
            g.add((node, DCAT.accessURL, URIRef(dist["endpoint"])))
            g.add((service, RDF.type, DCAT.DataService))
            g.add((service, DCAT.endpointURL, URIRef(dist["endpoint"])))
            g.add((service, DCAT.servesDataset, ds))
            g.add((ds, VOID.sparqlEndpoint, URIRef(dist["endpoint"])))
        else:
            g.add((node, DCTERMS.description, Literal(f"written to {dist['file']}", lang="en")))


def _counts(g: Graph, ds: URIRef, reports: Mapping[str, Graph]) -> None:
    """Counts of the report graphs (each one a void:subset)."""
    add_subsets(g, ds, {name: len(rg) for name, rg in reports.items()})
    triples = subjects = 0
    classes: set = set()
    entities: set = set()
    for name in sorted(reports):
        rg = reports[name]
        triples += len(rg)
        subs = set(rg.subjects())
        subjects += len(subs)
        entities.update(s for s in subs if isinstance(s, URIRef))
        classes.update(rg.objects(None, RDF.type))
    g.add((ds, VOID.triples, Literal(triples, datatype=XSD.integer)))
    g.add((ds, VOID.distinctSubjects, Literal(subjects, datatype=XSD.integer)))
    g.add((ds, VOID.entities, Literal(len(entities), datatype=XSD.integer)))
    g.add((ds, VOID.classes, Literal(len(classes), datatype=XSD.integer)))


def _coverage(g: Graph, ds: URIRef, coverage: Coverage) -> None:
    for region in coverage.regions:
        g.add((ds, DCTERMS.spatial, URIRef(region)))
    if coverage.years:
        first, last = coverage.years
        period = URIRef(
            "http://reference.data.gov.uk/id/gregorian-interval/"
            f"{first}-01-01T00:00:00/P{last - first + 1}Y"
        )
        g.add((ds, DCTERMS.temporal, period))
        g.add((period, RDF.type, DCTERMS.PeriodOfTime))
        g.add((period, DCAT.startDate, Literal(f"{first}-01-01", datatype=XSD.date)))
        g.add((period, DCAT.endDate, Literal(f"{last}-12-31", datatype=XSD.date)))


def _linkset(g: Graph, ds: URIRef, name: str, links: Graph, targets: dict) -> None:
    parent = linkset_iri(name)
    g.add((ds, VOID.subset, parent))
    g.add((parent, RDF.type, VOID.Linkset))
    total = 0
    for prop in MAPPING_PREDICATES:
        objects = sorted(str(o) for o in links.objects(None, prop))
        pairs = list(links.subject_objects(prop))
        if not pairs:
            continue
        by_target: dict[str, list[str]] = {}
        for o in objects:
            target = linkset_target([o], targets) or "other"
            by_target.setdefault(target, []).append(o)
        for target in sorted(by_target):
            count = len(by_target[target])
            node = URIRef(f"{parent}/{target}/{prop.split('#')[-1]}")
            g.add((parent, VOID.subset, node))
            g.add((node, RDF.type, VOID.Linkset))
            g.add((node, VOID.subjectsTarget, ds))
            g.add((node, VOID.objectsTarget, target_iri(target)))
            g.add((node, VOID.linkPredicate, prop))
            g.add((node, VOID.triples, Literal(count, datatype=XSD.integer)))
            total += count
            _target(g, target, targets)
    g.add((parent, VOID.triples, Literal(total, datatype=XSD.integer)))


def _target(g: Graph, name: str, targets: dict) -> None:
    node = target_iri(name)
    info = targets.get(name)
    g.add((node, RDF.type, VOID.Dataset))
    if not info:
        return
    g.add((node, DCTERMS.title, Literal(info["title"])))
    g.add((node, VOID.uriSpace, Literal(info["uri_space"])))
    if "homepage" in info:
        g.add((node, FOAF.homepage, URIRef(info["homepage"])))
    if "sparql" in info:
        g.add((node, VOID.sparqlEndpoint, URIRef(info["sparql"])))


def render_description(g: Graph, *, date: str, source: str, meta: dict | None = None) -> bytes:
    """Header comment + sorted Turtle, with the date as the dataset's dcterms:modified."""
    meta = meta or load_dataset_meta()
    full = new_graph()
    full.bind("foaf", FOAF)
    full += g
    full.add((URIRef(meta["iri"]), DCTERMS.modified, Literal(date, datatype=XSD.date)))
    header = (
        "# VoID and DCAT description of the kaiping-kg dataset; counts are computed.\n"
        f"# Written by `kaiping-kg link` (kg_build/describe.py) on {date} from {source}; "
        "do not edit by hand.\n"
    )
    return header.encode("utf-8") + full.serialize(format="turtle", encoding="utf-8")

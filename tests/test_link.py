"""Linking: committed linksets, a Wikidata refresh against a local endpoint, joins by code."""

from __future__ import annotations

import argparse
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS, VOID

from kg_build import link
from kg_build import wikidata as wd
from kg_build.commands import link as link_command
from kg_build.describe import describe
from kg_build.paths import ontology_dir, queries_dir
from kg_build.reference import Place, load_reference

FIXTURES = Path(__file__).parent / "fixtures" / "link"
PLACE = "https://w3id.org/kaiping-kg/id/place/"
WD = "http://www.wikidata.org/entity/"
GUANGDONG = PLACE + "guangdong"
JIANGMEN = PLACE + "guangdong/jiangmen"
KAIPING = PLACE + "guangdong/jiangmen/kaiping"
CHIKAN = KAIPING + "/chikan"
YUESHAN = KAIPING + "/yueshan"
HONGXI = CHIKAN + "/hongxi"


def serve(store: ox.Store) -> ThreadingHTTPServer:
    """A minimal SPARQL protocol endpoint (GET and POST) on 127.0.0.1, any free port."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def answer(self, query: str) -> None:
            try:
                body = store.query(query).serialize(format=ox.QueryResultsFormat.JSON)
            except (SyntaxError, OSError, ValueError) as exc:
                self.send_response(400)
                self.end_headers()
                self.wfile.write(str(exc).encode())
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802
            params = urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query)
            self.answer(params.get("query", [""])[0])

        def do_POST(self) -> None:  # noqa: N802
            data = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
            if self.headers.get("Content-Type", "").startswith("application/sparql-query"):
                self.answer(data)
            else:
                self.answer(urllib.parse.parse_qs(data).get("query", [""])[0])

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def wikidata() -> Iterator[str]:
    """URL of a local endpoint holding tests/fixtures/link/wikidata-fixture.ttl."""
    store = ox.Store()
    store.load(path=str(FIXTURES / "wikidata-fixture.ttl"), format=ox.RdfFormat.TURTLE)
    server = serve(store)
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def places() -> list[Place]:
    return link.gazetteer_places(load_reference())


def committed(name: str) -> Graph:
    return Graph().parse(ontology_dir() / link.LINKSET_FILES[name], format="turtle")


def run_link(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    link_command.register(parser.add_subparsers())
    args = parser.parse_args(["link", *argv])
    return args.func(args)


# --- the committed linksets (offline) -------------------------------------------------------


def test_place_depth_from_code() -> None:
    assert [
        Place("x", "x", "town", nbs_code=c).depth
        for c in ("440000000000", "440700000000", "440783000000", "440783109000", "440783109225")
    ] == [0, 1, 2, 3, 4]


def test_every_coded_place_has_its_code_entries(places: list[Place]) -> None:
    g = committed("official-codes")
    assert len(places) > 300  # the gazetteer expands Kaiping down to its villages
    for place in places:
        for scheme, code in (("nbs", place.nbs_code), ("mca", place.mca_code)):
            if code:
                assert (URIRef(place.iri), SKOS.exactMatch, link.code_iri(scheme, code)) in g
    kaiping = URIRef("https://w3id.org/kaiping-kg/id/code/nbs/440783000000")
    assert (URIRef(KAIPING), SKOS.exactMatch, kaiping) in g
    assert (link.scheme_iri("nbs"), VOID.uriSpace, Literal(link.NBS_CODE)) in g
    # 月山镇: MCA and NBS number it differently; both are kept.
    assert (URIRef(YUESHAN), SKOS.exactMatch, URIRef(link.MCA_CODE + "440783101000")) in g
    assert (URIRef(YUESHAN), SKOS.exactMatch, URIRef(link.NBS_CODE + "440783115000")) in g


def test_geonames_links_exact_for_divisions_close_for_points() -> None:
    g = committed("geonames")
    assert (URIRef(GUANGDONG), SKOS.exactMatch, URIRef("https://sws.geonames.org/1809935/")) in g
    assert (URIRef(JIANGMEN), SKOS.closeMatch, URIRef("https://sws.geonames.org/1806299/")) in g
    assert (URIRef(KAIPING), SKOS.closeMatch, URIRef("https://sws.geonames.org/1796989/")) in g


def test_committed_wikidata_linkset_has_guangdong() -> None:
    links = wd.read_wikidata_links(committed("wikidata"))
    assert links[GUANGDONG].qid == "Q15175"


def test_committed_files_are_up_to_date() -> None:
    """Regenerating offline from the gazetteer changes nothing (run `kaiping-kg link --out
    ontology`)."""
    assert run_link("--check", "--out", str(ontology_dir())) == 0


def test_link_writes_into_the_store_folder_by_default(tmp_path: Path, monkeypatch) -> None:
    before = {p.name: p.stat().st_mtime_ns for p in ontology_dir().iterdir()}
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KAIPING_KG_STORE", raising=False)
    assert run_link("--date", "2001-01-01") == 0
    written = sorted(p.name for p in (tmp_path / "store").iterdir())
    assert written == sorted([*link.LINKSET_FILES.values(), "void-dcat.ttl"])
    assert {p.name: p.stat().st_mtime_ns for p in ontology_dir().iterdir()} == before
    assert run_link("--check") == 0  # what it just wrote is up to date
    assert run_link("--store", str(tmp_path / "other"), "--check") == 1  # nothing there
    monkeypatch.setenv("KAIPING_KG_STORE", str(tmp_path / "env-store"))
    assert run_link("--date", "2001-01-01") == 0
    assert (tmp_path / "env-store" / "void-dcat.ttl").is_file()


def test_offline_run_is_deterministic(tmp_path: Path) -> None:
    assert (
        run_link(
            "--out",
            str(tmp_path),
            "--date",
            "2001-01-01",
        )
        == 0
    )
    first = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert (
        run_link(
            "--out",
            str(tmp_path),
            "--date",
            "2002-02-02",
        )
        == 0
    )
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == first  # date kept too
    assert b"on 2001-01-01 from" in first["links-geonames.ttl"]


# --- refreshing from a SPARQL endpoint in Wikidata's shape ----------------------------------


def test_lookup_matches_codes_then_labels(wikidata: str, places: list[Place]) -> None:
    links = wd.lookup_wikidata(places, wd.sparql_select(wikidata), link.load_seeds())
    found = {iri: (w.qid, w.method) for iri, w in links.items()}
    assert found == {
        GUANGDONG: ("Q15175", "code+label"),
        JIANGMEN: ("Q990000001", "code+label"),
        KAIPING: ("Q990000002", "code+label"),  # the decoy named 台山市 is refused
        CHIKAN: ("Q990000003", "code+label"),  # 9-digit form of 440783109000
        YUESHAN: ("Q990000004", "code+label"),  # its MCA code
        HONGXI: ("Q990000005", "label+parent"),  # not its namesake under another parent
    }
    assert links[HONGXI].predicate == SKOS.closeMatch


def test_link_command_refreshes_from_endpoint(wikidata: str, tmp_path: Path) -> None:
    args = ("--wikidata", wikidata, "--out", str(tmp_path), "--date", "2026-01-02")
    assert run_link(*args) == 0
    data = (tmp_path / "links-wikidata.ttl").read_text(encoding="utf-8")
    assert f"on 2026-01-02 from {wikidata}" in data
    g = Graph().parse(data=data, format="turtle")
    assert (URIRef(KAIPING), SKOS.exactMatch, URIRef(WD + "Q990000002")) in g
    assert (URIRef(HONGXI), SKOS.closeMatch, URIRef(WD + "Q990000005")) in g
    assert (link.linkset_iri("wikidata"), link.DCTERMS.source, URIRef(wikidata)) in g


def test_unreachable_endpoint_is_a_user_error() -> None:
    from kg_build.errors import KgError

    with pytest.raises(KgError, match="cannot query"):
        wd.sparql_select("http://127.0.0.1:9/sparql")("SELECT * WHERE { ?s ?p ?o }")


# --- VoID --------------------------------------------------------------------------------


def test_void_counts_are_computed() -> None:
    links = Graph()
    links.add((URIRef(KAIPING), SKOS.exactMatch, URIRef(WD + "Q1")))
    links.add((URIRef(CHIKAN), SKOS.exactMatch, URIRef(WD + "Q2")))
    links.add((URIRef(HONGXI), SKOS.closeMatch, URIRef(WD + "Q3")))
    g = describe({"wikidata": links})
    exact = link.linkset_iri("wikidata") + "/wikidata/exactMatch"
    assert g.value(URIRef(exact), VOID.triples).toPython() == 2
    assert g.value(link.linkset_iri("wikidata"), VOID.triples).toPython() == 3


def test_committed_void_counts_match_the_linksets() -> None:
    g = Graph().parse(ontology_dir() / "void-dcat.ttl", format="turtle")
    for name in link.LINKSET_FILES:
        links = committed(name)
        expected = sum(
            1 for p in (SKOS.exactMatch, SKOS.closeMatch) for _ in links.triples((None, p, None))
        )
        assert g.value(link.linkset_iri(name), VOID.triples).toPython() == expected


# --- joins -------------------------------------------------------------------------------


def reference_store() -> ox.Store:
    store = ox.Store()
    for path in sorted(ontology_dir().glob("*.ttl")):
        store.load(
            path=str(path),
            format=ox.RdfFormat.TURTLE,
            to_graph=ox.NamedNode("https://w3id.org/kaiping-kg/graph/reference"),
        )
    return store


def test_join_by_code_in_one_query() -> None:
    store = reference_store()
    store.load(
        path=str(FIXTURES / "external-by-code.ttl"),
        format=ox.RdfFormat.TURTLE,
        to_graph=ox.NamedNode("http://example.org/census"),
    )
    query = (queries_dir() / "examples" / "join-by-code.rq").read_text(encoding="utf-8")
    rows = [
        (r["label"].value, r["code"].value, int(r["households"].value))
        for r in store.query(query, use_default_graph_as_union=True)
    ]
    assert rows == [
        ("开平市", "440783000000", 216000),
        ("赤坎镇", "440783109000", 10500),
        ("红溪村", "440783109225", 620),
    ]


def test_federated_join_through_service(wikidata: str) -> None:
    text = (queries_dir() / "examples" / "federated-join.rq").read_text(encoding="utf-8")
    query = text.replace("<https://query.wikidata.org/sparql>", f"<{wikidata}>")
    assert query != text
    rows = [
        (r["label"].value, r["population"].value)
        for r in reference_store().query(query, use_default_graph_as_union=True)
    ]
    assert rows == [("广东省", "126012510")]  # only Guangdong is linked in the committed file
    # rdflib runs the same text (on the linked places only, to keep the test fast).
    g = committed("wikidata")
    store = reference_store()
    for place in set(g.subjects(SKOS.exactMatch, None)):
        for t in store.quads_for_pattern(ox.NamedNode(str(place)), None, None):
            value = t.object
            obj = (
                URIRef(value.value)
                if isinstance(value, ox.NamedNode)
                else Literal(value.value, lang=value.language)
            )
            g.add((URIRef(t.subject.value), URIRef(t.predicate.value), obj))
    assert [(str(r.label), str(r.population)) for r in g.query(query)] == rows


def test_every_division_in_the_bundled_graph_carries_its_codes(bundled_store: Path) -> None:
    """Administrative divisions the report mentions carry 统计用区划代码 (HK/Macao: MCA only);
    only places that are no division (a new area, a mountain, an old town) have none."""
    from kg_build.store import open_store

    query = """
        PREFIX kp: <https://w3id.org/kaiping-kg/ontology#>
        SELECT DISTINCT ?place ?code WHERE {
          ?place kp:mentionedIn ?st ; a ?class .
          VALUES ?class { kp:Province kp:PrefectureCity kp:CountyCity kp:District kp:Town
                          kp:Subdistrict kp:Village kp:SpecialAdministrativeRegion }
          OPTIONAL { ?place kp:nbsCode|kp:mcaCode ?code }
        }"""
    results = open_store(bundled_store).query(query)
    rows = {(r["place"].value, r["code"].value if r["code"] else None) for r in results}
    assert rows
    assert all(code for _, code in rows)
    assert (KAIPING, "440783000000") in rows
    assert (CHIKAN, "440783109000") in rows

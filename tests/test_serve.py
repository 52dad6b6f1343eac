"""`kaiping-kg serve`: SPARQL 1.1 Protocol, formats, safety, metadata, IRI pages, stored queries.

The serving fixture (tests/fixtures/serve/mini.trig) is a hand-made slice of the bundled
report; the values asserted here were read off the report text (line 6: 地区生产总值 +2.5% in
2024; line 16: 生物医药产业专业园; line 73: 2025 targets). The stored-query parity test uses
the stored queries' own fixture (tests/fixtures/queries/mini.trig).
"""

from __future__ import annotations

import csv
import io
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from SPARQLWrapper import JSON, POST, SPARQLWrapper

from kg_build.answers import result_from_json
from kg_build.queries import (
    bind_values_clause,
    get_query,
    load_queries,
    run_query,
)
from kg_build.serve.safety import Refused, check_query
from tests.serving import (
    QUERIES_TRIG,
    SERVE_TRIG,
    Listener,
    live_server,
    quads_of,
    store_from_trig,
)

KP = "https://w3id.org/kaiping-kg/ontology#"
PARK = "https://w3id.org/kaiping-kg/park/guangdong/jiangmen/kaiping/生物医药产业专业园"
GDP_2024 = "https://w3id.org/kaiping-kg/report/kaiping-2025-gwr/L6.1/o2"
SELECT_GROWTH = (
    f"PREFIX kp: <{KP}> SELECT ?o ?v WHERE {{ ?o kp:measure kp:growth ; kp:status kp:actual ; "
    'kp:period "2024" ; kp:value ?v }'
)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return store_from_trig(SERVE_TRIG, tmp_path_factory.mktemp("serve") / "store")


@pytest.fixture(scope="module")
def live(store):
    with live_server(store, timeout=3.0, max_rows=50, max_request_bytes=8192) as server:
        yield server


def fetch(url: str, data: bytes | None = None, headers: dict | None = None, method=None):
    """(status, headers, body) without raising on 4xx/5xx."""
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def get(live, path: str, accept: str | None = None, **params):
    qs = ("?" + urllib.parse.urlencode(params)) if params else ""
    headers = {"Accept": accept} if accept else {}
    return fetch(live.url + urllib.parse.quote(path.lstrip("/"), safe="/.") + qs, headers=headers)


def bindings(body: bytes) -> list[dict[str, str]]:
    data = json.loads(body)
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


# ---------------------------------------------------------------- protocol and formats


def test_get_post_form_and_post_query_agree(live):
    expected = [{"o": GDP_2024, "v": "2.5"}]
    status, headers, body = get(live, "/sparql", query=SELECT_GROWTH)
    assert status == 200
    assert headers["Content-Type"].startswith("application/sparql-results+json")
    assert bindings(body) == expected
    form = urllib.parse.urlencode({"query": SELECT_GROWTH}).encode()
    status, _, body = fetch(
        live.url + "sparql", form, {"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert status == 200 and bindings(body) == expected
    status, _, body = fetch(
        live.url + "sparql", SELECT_GROWTH.encode(), {"Content-Type": "application/sparql-query"}
    )
    assert status == 200 and bindings(body) == expected


def test_result_formats_by_accept(live):
    q = f"SELECT ?l WHERE {{ <{PARK}> <http://www.w3.org/2000/01/rdf-schema#label> ?l }}"
    status, headers, body = get(live, "/sparql", "application/sparql-results+xml", query=q)
    assert status == 200 and "sparql-results+xml" in headers["Content-Type"]
    assert '<literal xml:lang="zh">生物医药产业专业园</literal>' in body.decode()
    status, headers, body = get(live, "/sparql", "text/csv", query=q)
    assert headers["Content-Type"].startswith("text/csv")
    assert list(csv.reader(io.StringIO(body.decode()))) == [["l"], ["生物医药产业专业园"]]
    status, headers, body = get(live, "/sparql", "text/tab-separated-values", query=q)
    assert body.decode() == '?l\n"生物医药产业专业园"@zh\n'
    status, _, body = get(
        live, "/sparql", "application/sparql-results+json", query=f"ASK {{ <{PARK}> ?p ?o }}"
    )
    assert json.loads(body)["boolean"] is True


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [
        ("text/turtle", "turtle"),
        ("application/ld+json", "json-ld"),
        ("application/n-triples", "nt"),
    ],
)
def test_construct_and_describe_formats(live, accept, rdflib_format):
    q = f"CONSTRUCT WHERE {{ <{PARK}> ?p ?o }}"
    status, headers, body = get(live, "/sparql", accept, query=q)
    assert status == 200 and headers["Content-Type"].startswith(accept)
    g = Graph().parse(data=body, format=rdflib_format)
    assert len(g) == 4  # type, label, hosts, mentionedIn (the fixture's four triples)
    labels = {str(o) for o in g.objects(predicate=None) if getattr(o, "language", None) == "zh"}
    assert labels == {"生物医药产业专业园"}
    status, _, body = get(live, "/sparql", accept, query=f"DESCRIBE <{PARK}>")
    assert status == 200 and len(Graph().parse(data=body, format=rdflib_format)) >= 4


def test_format_parameter_and_unknown_format(live):
    status, headers, _ = get(live, "/sparql", query=SELECT_GROWTH, format="csv")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    status, _, body = get(live, "/sparql", query=SELECT_GROWTH, format="pdf")
    assert status == 406 and body.startswith(b"format 'pdf' is not offered")
    status, _, body = get(live, "/sparql", accept="image/png", query=SELECT_GROWTH)
    assert status == 406 and b"Accept: image/png is not offered" in body and b"None" not in body
    assert b"json, xml, csv, tsv" in body


def test_void_and_service_description_follow_accept(live):
    for path in ("/.well-known/void", "/sparql"):
        status, headers, body = get(live, path, accept="application/n-triples")
        assert status == 200 and headers["Content-Type"].startswith("application/n-triples")
        assert body.startswith(b"<") or body.startswith(b"_:")
        status, headers, _ = get(live, path, accept="application/ld+json")
        assert headers["Content-Type"].startswith("application/ld+json")
        assert get(live, path, accept="image/png")[0] == 406


def test_service_description_void_dcat_and_downloads(live):
    status, headers, body = get(live, "/sparql", "text/turtle")
    g = Graph().parse(data=body, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert (None, None, None) in g
    endpoints = {str(o) for o in g.objects(None, URIRef(sd + "endpoint"))}
    assert endpoints == {live.url + "sparql"}
    quads = quads_of(SERVE_TRIG)
    status, _, body = get(live, "/.well-known/void", "text/turtle")
    void = Graph().parse(data=body, format="turtle")
    total = void.value(
        URIRef("https://w3id.org/kaiping-kg/id/dataset/kaiping-kg"),
        URIRef("http://rdfs.org/ns/void#triples"),
    )
    assert int(total) == len(quads)
    status, _, body = get(live, "/catalog", "application/ld+json")
    assert status == 200 and "http://www.w3.org/ns/dcat#Catalog" in body.decode()
    status, headers, body = get(live, "/download/kaiping-kg.nq")
    assert status == 200
    assert set(ox.parse(body, format=ox.RdfFormat.N_QUADS)) == set(quads)
    status, _, body = get(live, "/download/kaiping-kg.ttl")
    assert len(Graph().parse(data=body, format="turtle")) == len(
        {(q.subject, q.predicate, q.object) for q in quads}
    )


# ---------------------------------------------------------------- safety


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <http://example.org/a> <http://example.org/b> 1 }",
        "DELETE WHERE { ?s ?p ?o }",
        "DROP ALL",
        "LOAD <http://127.0.0.1:9/x.ttl>",
    ],
)
def test_updates_are_refused(live, update):
    before = get(live, "/sparql", query="SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[2]
    assert get(live, "/sparql", query=update)[0] == 403
    form = urllib.parse.urlencode({"update": update}).encode()
    assert (
        fetch(live.url + "sparql", form, {"Content-Type": "application/x-www-form-urlencoded"})[0]
        == 403
    )
    status = fetch(
        live.url + "sparql", update.encode(), {"Content-Type": "application/sparql-update"}
    )[0]
    assert status == 403
    assert get(live, "/sparql", query="SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[2] == before


def test_malformed_query_gets_400_with_the_parser_message(live):
    status, _, body = get(live, "/sparql", query="SELECT ?s WHERE { ?s ?p }")
    assert status == 400
    assert body.decode().startswith("malformed query:") and "col" in body.decode()


def attacks(url: str) -> list[str]:
    return [
        f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"PREFIX r: <{url.rsplit('/', 1)[0]}/>\n"
        "SELECT * WHERE { SERVICE r:sparql { ?s ?p ?o } }",
        f"SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE SILENT <{url}> {{ ?a ?b ?c }} }} }}",
        f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
        f"ASK {{ BIND(<{url}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
        "SELECT * WHERE { \\u0053ERVICE <" + url + "> { ?s ?p ?o } }",
        f"# a comment\nSELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}",
        f"SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        f"BASE <{url.rsplit('/', 1)[0]}/> SELECT * WHERE {{ SERVICE <sparql> {{ ?s ?p ?o }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    ]


def test_service_and_remote_from_are_refused_and_nothing_leaves(live):
    listener = Listener()
    try:
        for query in attacks(listener.url):
            status, _, body = get(live, "/sparql", query=query)
            assert status == 403, (query, body)
            assert b"refused" in body
        assert listener.connections == 0
    finally:
        listener.close()


def test_an_allow_listed_service_is_called(store):
    listener = Listener()  # the control: the same kind of query does reach an allowed IRI
    try:
        with live_server(store, timeout=5.0, allow=frozenset({listener.url})) as server:
            status, _, _ = get(server, "/sparql", query=attacks(listener.url)[0])
        assert status >= 400  # the listener answers nothing useful
        assert listener.connections >= 1
    finally:
        listener.close()


def test_strings_and_comments_that_mention_service_are_fine(live):
    q = 'SELECT ?x WHERE { BIND("SERVICE <http://127.0.0.1:9/>" AS ?x) } # SERVICE <http://x/>'
    status, _, body = get(live, "/sparql", query=q)
    assert status == 200 and bindings(body) == [{"x": "SERVICE <http://127.0.0.1:9/>"}]


def test_from_a_graph_of_the_store_is_allowed(live):
    graph = "https://w3id.org/kaiping-kg/graph/reference"
    q = f"SELECT (COUNT(*) AS ?n) FROM <{graph}> WHERE {{ ?s ?p ?o }}"
    status, _, body = get(live, "/sparql", query=q)
    in_graph = sum(1 for q in quads_of(SERVE_TRIG) if q.graph_name.value == graph)
    assert status == 200 and bindings(body) == [{"n": str(in_graph)}]


def test_check_query_reports_what_a_query_reaches():
    found = check_query(
        "PREFIX e: <http://example.org/> SELECT * WHERE { SERVICE e:s { ?a ?b ?c } }",
        allow=frozenset({"http://example.org/s"}),
    )
    assert found.form == "SELECT" and found.services == ("http://example.org/s",)
    with pytest.raises(Refused) as info:
        check_query("SELECT * WHERE { SERVICE <http://example.org/t> { ?a ?b ?c } }")
    assert info.value.status == 403


def test_timeout_kills_the_worker_and_the_server_goes_on(live):
    pool = live.service.pool
    before = set(pool.pids())
    killed = pool.killed
    heavy = (
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
    )
    status, _, body = get(live, "/sparql", query=heavy)
    assert status == 503 and b"stopped" in body
    assert pool.killed == killed + 1
    gone = before - set(pool.pids())
    assert len(gone) == 1
    (pid,) = gone
    stat = Path(f"/proc/{pid}/stat")
    assert not stat.exists() or stat.read_text().split()[2] == "Z"  # gone (or a zombie)
    status, _, body = get(live, "/sparql", query=SELECT_GROWTH)
    assert status == 200 and bindings(body) == [{"o": GDP_2024, "v": "2.5"}]


def test_row_cap_truncates_and_says_so(live):
    q = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    status, headers, body = get(live, "/sparql", query=q)
    data = json.loads(body)
    assert len(data["results"]["bindings"]) == 50 and data["truncated"] is True
    assert headers["X-Kaiping-Truncated"] == "true"
    status, headers, body = get(live, "/sparql", query=SELECT_GROWTH)
    assert "truncated" not in json.loads(body) and "X-Kaiping-Truncated" not in headers


def test_request_size_limits(live):
    big = "SELECT * WHERE { ?s ?p ?o } # " + "x" * 9000
    status = fetch(live.url + "sparql", big.encode(), {"Content-Type": "application/sparql-query"})[
        0
    ]
    assert status == 413
    assert get(live, "/sparql", query=big)[0] == 414


# ---------------------------------------------------------------- pages and IRIs


def test_iri_page_for_browsers(live):
    status, headers, body = get(
        live, "/park/guangdong/jiangmen/kaiping/生物医药产业专业园", "text/html"
    )
    html = body.decode()
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "<h1>生物医药产业专业园</h1>" in html
    assert "●加强与中山翠亨新区产业合作,共建生物医药产业专业园" in html  # its source, line 16
    assert 'href="/id/industry/biomedicine"' in html and ">生物医药</a>" in html


def test_observation_page_shows_its_sentence(live):
    status, _, body = get(live, "/report/kaiping-2025-gwr/L6.1/o2", "text/html")
    assert status == 200 and "同比(下同)增长2.5%" in body.decode()


@pytest.mark.parametrize(
    ("accept", "fmt"), [("text/turtle", "turtle"), ("application/ld+json", "json-ld")]
)
def test_iri_as_rdf_by_content_negotiation(live, accept, fmt):
    status, headers, body = get(live, "/park/guangdong/jiangmen/kaiping/生物医药产业专业园", accept)
    assert status == 200 and headers["Content-Type"].startswith(accept)
    g = Graph().parse(data=body, format=fmt)
    assert {str(o) for o in g.objects(None, None) if str(o) == "生物医药产业专业园"}


def test_unknown_iri_is_404(live):
    assert get(live, "/park/guangdong/jiangmen/kaiping/没有这个园区", "text/html")[0] == 404


def test_query_page_is_self_contained(live):
    status, headers, body = get(live, "/", "text/html")
    html = body.decode()
    assert status == 200 and 'src="/static/app.js"' in html
    assert (
        "http://" not in html.split('id="config"')[0]
        and "https://" not in html.split('id="config"')[0]
    )
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert html.index('src="/static/editor.js"') < html.index('src="/static/app.js"')
    for asset in ("/static/app.js", "/static/app.css", "/static/charts/growth.rq"):
        assert get(live, asset)[0] == 200
    for script in ("/static/app.js", "/static/editor.js"):
        js = get(live, script)[2].decode()
        assert "http://" not in js.replace("http://www.w3.org/2000/svg", "")  # nothing outside
        assert "https://" not in js and "eval(" not in js and "new Function" not in js
    editor = get(live, "/static/editor.js")[2].decode()
    head = editor[: editor.index("*/")]  # the bundle keeps every package's licence
    for package in ("@codemirror/view", "@codemirror/legacy-modes", "style-mod"):
        assert f"{package} " in head
    assert head.count("Permission is hereby granted") >= 10
    config = json.loads(html.split('id="config">')[1].split("</script>")[0])
    terms = {t["name"]: t for t in config["vocab"]["terms"]}
    assert terms["kp:Park"]["zh"] == "园区" and terms["kp:supports"]["kind"] == "property"
    assert config["vocab"]["prefixes"]["kp"] == KP


def test_chart_queries_answer_on_the_fixture(live):
    text = get(live, "/static/charts/targets.rq")[2].decode()
    status, _, body = get(live, "/sparql", query=text)
    rows = {
        (r["regionLabel"], r["year"], r["label"]): (r["target"], r.get("actual"))
        for r in bindings(body)
    }
    assert rows == {
        ("开平市", "2025", "地区生产总值"): ("5.5", "2.5"),
        ("开平市", "2025", "规上工业增加值"): ("6", None),
    }
    text = get(live, "/static/charts/growth.rq")[2].decode()
    assert bindings(get(live, "/sparql", query=text)[2]) == [
        {
            "region": "https://w3id.org/kaiping-kg/id/place/guangdong/jiangmen/kaiping",
            "regionLabel": "开平市",
            "year": "2024",
            "indicator": "https://w3id.org/kaiping-kg/id/indicator/gdp",
            "label": "地区生产总值",
            "growth": "2.5",
        }
    ]


# ---------------------------------------------------------------- stored queries


@pytest.fixture(scope="module")
def queries_store(tmp_path_factory):
    return store_from_trig(QUERIES_TRIG, tmp_path_factory.mktemp("queries") / "store")


@pytest.fixture(scope="module")
def queries_live(queries_store):
    with live_server(queries_store) as server:
        yield server


def examples(name: str) -> dict[str, str]:
    return {p.name: p.example for p in get_query(name).params if p.example}


def cells(result) -> list[tuple]:
    return [
        tuple(None if t is None else (t.kind, t.value, t.datatype, t.lang) for t in row)
        for row in result.rows
    ]


@pytest.mark.parametrize("name", sorted(load_queries()))
def test_every_stored_query_through_sparqlwrapper_matches_the_embedded_store(
    queries_live, queries_store, name
):
    from kg_build.store import open_store

    required = any(p.required for p in get_query(name).params)
    for params in ([] if required else [{}]) + [examples(name)]:
        expected = run_query(open_store(queries_store), get_query(name), params)
        sparql = SPARQLWrapper(queries_live.url + "sparql")
        sparql.setQuery(bind_values_clause(get_query(name), params))
        sparql.setMethod(POST)
        sparql.setReturnFormat(JSON)
        got = result_from_json(sparql.query().convert())
        assert got.variables == expected.variables
        assert cells(got) == cells(expected), (name, params)
        status, _, body = get(queries_live, f"/queries/{name}", **params)
        assert status == 200
        assert cells(result_from_json(json.loads(body))) == cells(expected)


def test_stored_query_list_and_parameter_errors(queries_live):
    status, _, body = get(queries_live, "/queries")
    names = [q["name"] for q in json.loads(body)]
    assert names == sorted(load_queries())
    assert get(queries_live, "/queries/no-such-query")[0] == 404
    assert get(queries_live, "/queries/observations", nope="1")[0] == 400


def test_injection_through_a_parameter_stays_data(queries_live):
    attack = '生物医药" } SERVICE <http://127.0.0.1:9/> { ?a ?b ?c } #'
    status, _, body = get(queries_live, "/queries/projects-by-cluster", cluster=attack)
    assert status == 200 and json.loads(body)["results"]["bindings"] == []


def test_stored_query_in_csv(queries_live):
    status, headers, body = get(
        queries_live, "/queries/projects-by-cluster", "text/csv", cluster="生物医药"
    )
    rows = list(csv.reader(io.StringIO(body.decode())))
    assert rows[0] == [c.name for c in get_query("projects-by-cluster").columns]
    assert [r[1] for r in rows[1:]] == ["生物医药产业专业园"]


def test_concurrent_distinct_queries_all_answer(live):
    # rdflib's parser is not thread-safe; the server must serialise parsing (regression test)
    import threading

    results: list[int] = []

    def one(i: int) -> None:
        q = f"SELECT ?s WHERE {{ ?s ?p ?o FILTER(STRLEN(STR(?s)) > {i}) }} LIMIT 1"
        results.append(get(live, "/sparql", query=q)[0])

    threads = [threading.Thread(target=one, args=(i,)) for i in range(24)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [200] * 24


def test_serve_follows_a_new_store_generation(tmp_path):
    """A rebuild while serving: answers come from the new generation within seconds, and a
    worker killed for its timeout afterwards is replaced on the new generation."""
    root = store_from_trig(SERVE_TRIG, tmp_path / "store")
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    with live_server(root, timeout=2.0, watch_seconds=0.2) as server:
        first = bindings(get(server, "/sparql", query=count)[2])
        assert first == [{"n": str(len(quads_of(SERVE_TRIG)))}]
        store_from_trig(QUERIES_TRIG, root)  # gen-2 becomes current
        want = [{"n": str(len(quads_of(QUERIES_TRIG)))}]
        assert want != first
        for _ in range(100):
            if bindings(get(server, "/sparql", query=count)[2]) == want:
                break
            time.sleep(0.1)
        assert bindings(get(server, "/sparql", query=count)[2]) == want
        pool = server.service.pool
        assert pool.store_path.endswith("gen-2")
        for _ in range(100):
            with pool._lock:
                paths = {w.path for w in pool._all}
            if paths == {pool.store_path} and len(pool.pids()) == pool.size:
                break
            time.sleep(0.1)
        assert paths == {pool.store_path}  # the old generation's workers are gone
        heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
        assert get(server, "/sparql", query=heavy)[0] == 503
        assert get(server, "/sparql", query=count)[0] == 200
        for _ in range(100):
            if len(pool.pids()) == pool.size:
                break
            time.sleep(0.1)
        with pool._lock:
            paths = {w.path for w in pool._all}
        assert paths == {pool.store_path}


def test_cors_only_when_asked(live, store):
    ask = "sparql?query=ASK%7B%7D"
    status, headers, _ = fetch(live.url + ask, headers={"Origin": "https://other.example"})
    assert status == 200 and not any(k.lower().startswith("access-control") for k in headers)
    status, headers, _ = fetch(
        live.url + "sparql",
        headers={"Origin": "https://other.example", "Access-Control-Request-Method": "POST"},
        method="OPTIONS",
    )
    assert status == 405 and not any(k.lower().startswith("access-control") for k in headers)
    with live_server(store, cors=("https://yasgui.example",)) as server:
        _, headers, _ = fetch(server.url + ask, headers={"Origin": "https://yasgui.example"})
        assert headers["Access-Control-Allow-Origin"] == "https://yasgui.example"
        _, headers, _ = fetch(server.url + ask, headers={"Origin": "https://other.example"})
        assert "Access-Control-Allow-Origin" not in headers
    with live_server(store, cors=("*",)) as server:
        status, headers, _ = fetch(
            server.url + "sparql",
            headers={
                "Origin": "https://any.example",
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type",
            },
            method="OPTIONS",
        )
        assert status == 204 and headers["Access-Control-Allow-Origin"] == "*"
        assert "POST" in headers["Access-Control-Allow-Methods"]
        assert headers["Access-Control-Allow-Headers"] == "content-type"
        _, headers, _ = fetch(server.url + ask, headers={"Origin": "https://any.example"})
        assert headers["Access-Control-Allow-Origin"] == "*"


def test_etag_per_generation_and_304(tmp_path):
    root = store_from_trig(SERVE_TRIG, tmp_path / "store")
    with live_server(root, watch_seconds=0.2) as server:
        url = server.url + "sparql?" + urllib.parse.urlencode({"query": SELECT_GROWTH})
        status, headers, body = fetch(url)
        tag = headers["ETag"]
        assert status == 200 and headers["Cache-Control"] == "no-cache" and body
        assert fetch(url, headers={"If-None-Match": tag})[0] == 304
        other = fetch(url, headers={"Accept": "text/csv"})[1]["ETag"]
        assert other != tag  # the format is part of the tag
        store_from_trig(SERVE_TRIG, root)  # the same triples, a new generation
        for _ in range(100):
            if server.service.path.endswith("gen-2"):
                break
            time.sleep(0.1)
        status, headers, _ = fetch(url, headers={"If-None-Match": tag})
        assert status == 200 and headers["ETag"] != tag


@pytest.mark.parametrize(
    "flag",
    ["--max-response-bytes", "--max-worker-memory", "--max-connections", "--request-timeout"],
)
def test_serve_refuses_a_limit_that_is_not_positive(flag, store, capsys):
    from kg_build.cli import main

    assert main(["serve", "--store", str(store), flag, "0"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("kaiping-kg serve:") and flag in err and len(err.splitlines()) == 1


def test_allowed_hosts_by_bound_address():
    from kg_build.commands.serve import allowed_hosts
    from kg_build.serve.guard import LOOPBACK_NAMES, host_name

    assert allowed_hosts("127.0.0.1", ["kg.example:8000"], LOOPBACK_NAMES, host_name) == {
        "localhost", "127.0.0.1", "[::1]", "kg.example"
    }  # fmt: skip
    assert allowed_hosts("0.0.0.0", [], LOOPBACK_NAMES, host_name) is None
    assert allowed_hosts("0.0.0.0", ["kg.example"], LOOPBACK_NAMES, host_name) == {
        "kg.example", "0.0.0.0"
    }  # fmt: skip
    assert host_name("[::1]:8000") == "[::1]" and host_name("Example.ORG:80") == "example.org"


def test_a_cached_answer_skips_the_worker_and_a_new_generation_empties_the_cache(tmp_path):
    """The result cache (cache.py): a repeated query is answered without a worker; the format
    and the bound parameters are part of the key; refusals are not kept; a rebuild empties it."""
    root = store_from_trig(SERVE_TRIG, tmp_path / "store")
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    with live_server(root, watch_seconds=0.2) as server:
        service, pool = server.service, server.service.pool
        jobs = pool.jobs
        status, headers, first = get(server, "/sparql", query=count)
        assert status == 200 and headers["X-Kaiping-Cache"] == "miss" and pool.jobs == jobs + 1
        status, headers, again = get(server, "/sparql", query=count)
        assert status == 200 and headers["X-Kaiping-Cache"] == "hit"
        assert again == first and pool.jobs == jobs + 1  # no worker was asked
        assert bindings(again) == [{"n": str(len(quads_of(SERVE_TRIG)))}]
        status, headers, as_csv = get(server, "/sparql", accept="text/csv", query=count)
        assert headers["X-Kaiping-Cache"] == "miss" and pool.jobs == jobs + 2
        assert as_csv.decode().splitlines()[0] == "n"
        park = get(server, "/queries/entities", type="Park")
        other = get(server, "/queries/entities", type="Town")  # the fixture has no town
        assert park[1]["X-Kaiping-Cache"] == other[1]["X-Kaiping-Cache"] == "miss"
        assert [r["entity"] for r in bindings(park[2])] == [PARK] and bindings(other[2]) == []
        assert get(server, "/queries/entities", type="Park")[1]["X-Kaiping-Cache"] == "hit"
        assert pool.jobs == jobs + 4
        kept = len(service.cache)
        assert kept == 4 and 0 < service.cache.bytes <= service.settings.cache_bytes
        for _ in range(2):  # a refused query goes to a worker each time and is not kept
            assert get(server, "/sparql", query="SELECT ?x WHERE {")[0] == 400
        assert pool.jobs == jobs + 6 and len(service.cache) == kept

        store_from_trig(QUERIES_TRIG, root)  # gen-2 becomes current
        for _ in range(100):
            if service.path.endswith("gen-2"):
                break
            time.sleep(0.1)
        assert service.path.endswith("gen-2") and len(service.cache) == 0
        assert service.cache.bytes == 0
        for _ in range(100):  # until the new generation's workers answer
            status, headers, body = get(server, "/sparql", query=count)
            if bindings(body) == [{"n": str(len(quads_of(QUERIES_TRIG)))}]:
                break
            time.sleep(0.1)
        assert bindings(body) == [{"n": str(len(quads_of(QUERIES_TRIG)))}]
        jobs = pool.jobs
        status, headers, body2 = get(server, "/sparql", query=count)
        assert headers["X-Kaiping-Cache"] == "hit" and body2 == body and pool.jobs == jobs


def test_result_cache_is_bounded_in_bytes_and_per_generation():
    from kg_build.serve.cache import ResultCache, key_of
    from kg_build.serve.pool import Rendered

    answer = Rendered(b"x" * 1000, "json")
    cache = ResultCache(3000)
    cache.follow("gen-1")
    keys = [key_of("gen-1", f"ASK {{ <urn:{i}> ?p ?o }}", None, None) for i in range(4)]
    assert all(cache.put(k, answer) for k in keys[:2])
    assert cache.get(keys[0]) is answer  # keys[0] is now the most recently used
    assert cache.put(keys[2], answer) and cache.bytes <= 3000
    assert cache.get(keys[1]) is None and cache.get(keys[0]) is answer  # LRU went first
    assert not cache.put(key_of("gen-1", "ASK {}", None, None), Rendered(b"x" * 4000, "json"))
    assert not cache.put(key_of("gen-0", "ASK {}", None, None), answer)  # a late, old answer
    cache.follow("gen-2")
    assert len(cache) == 0 and cache.bytes == 0 and cache.get(keys[0]) is None
    off = ResultCache(0)
    off.follow("gen-1")
    assert not off.put(keys[0], answer) and off.get(keys[0]) is None and len(off) == 0


def test_serve_refuses_a_negative_cache_size(store, capsys):
    from kg_build.cli import main

    assert main(["serve", "--store", str(store), "--cache-bytes", "-1"]) == 2
    err = capsys.readouterr().err
    assert "--cache-bytes" in err and len(err.splitlines()) == 1

"""`kaiping-kg push` and `query_endpoint` against real stores on loopback: Virtuoso (Debian's
virtuoso-opensource-7-bin) and Oxigraph's own server, both started by .ci/services.sh.
Every stored query must give the embedded store's rows there, Chinese literals intact."""

from __future__ import annotations

import argparse

import pytest

from kg_build.commands import push as push_command
from kg_build.errors import KgError
from kg_build.external import ascii_ntriples, push_graphs, query_endpoint
from kg_build.queries import bind_values_clause, get_query, load_queries, run_query
from kg_build.store import open_store
from tests.serving import need_service

PARK_LABEL = (
    "SELECT ?l WHERE { "
    "<https://w3id.org/kaiping-kg/park/guangdong/jiangmen/kaiping/生物医药产业专业园> "
    "<http://www.w3.org/2000/01/rdf-schema#label> ?l }"
)


@pytest.fixture(scope="module")
def store(bundled_store):
    """The bundled report as built by `kaiping-kg build`: what users push."""
    return bundled_store


def drop_stale_graphs(query_url: str, update_url: str, store, **auth) -> None:
    """Drop this project's graphs that the store does not hold (left by earlier runs)."""
    import urllib.parse

    from kg_build.external import _opener, _send
    from kg_build.store import graph_names

    keep = set(graph_names(open_store(store)))
    found = query_endpoint(
        query_url,
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
        'FILTER(STRSTARTS(STR(?g), "https://w3id.org/kaiping-kg/")) }',
    )
    opener = _opener(update_url, auth.get("user"), auth.get("password"), auth.get("auth", "basic"))
    for (g,) in found.rows:
        if g.value not in keep:
            body = urllib.parse.urlencode({"update": f"DROP SILENT GRAPH <{g.value}>"}).encode()
            _send(opener, "POST", update_url, body, "application/x-www-form-urlencoded", 60)


def push(store, endpoint, **options) -> None:
    args = argparse.Namespace(
        endpoint=endpoint,
        graph_store=None,
        graph=None,
        user=None,
        password=None,
        auth="basic",
        store=store,
    )
    for key, value in options.items():
        setattr(args, key, value)
    assert push_command.run(args) == 0


def normalised(result) -> list[tuple]:
    """Rows as comparable tuples, sorted: stores may order unordered rows differently,
    Virtuoso types COUNT as xsd:int where Oxigraph says xsd:integer, and gives the booleans
    of EXISTS and BOUND as 1 and 0."""
    ints = {"http://www.w3.org/2001/XMLSchema#int", "http://www.w3.org/2001/XMLSchema#long"}
    integer = "http://www.w3.org/2001/XMLSchema#integer"
    boolean = "http://www.w3.org/2001/XMLSchema#boolean"
    rows = []
    for row in result.rows:
        row = tuple(
            type(t)(t.kind, {"true": "1", "false": "0"}[t.value], integer, None)
            if t is not None and t.datatype == boolean and t.value in ("true", "false")
            else t
            for t in row
        )
        rows.append(
            tuple(
                None
                if t is None
                else (t.kind, t.value, integer if t.datatype in ints else t.datatype, t.lang)
                for t in row
            )
        )
    return sorted(rows, key=repr)


def compare_every_stored_query(store, url: str) -> None:
    embedded = open_store(store)
    wrong = []
    for name in sorted(load_queries()):
        query = get_query(name)
        required = any(p.required for p in query.params)
        examples = {p.name: p.example for p in query.params if p.example}
        for params in ([] if required else [{}]) + [examples]:
            expected = run_query(embedded, query, params)
            got = query_endpoint(url, bind_values_clause(query, params))
            if got.variables != expected.variables or normalised(got) != normalised(expected):
                wrong.append(f"{name} {params}: {len(got.rows)} rows, not {len(expected.rows)}")
    assert not wrong, f"stored queries that differ at {url}:\n" + "\n".join(wrong)


def test_push_to_virtuoso_by_graph_store_and_every_query_agrees(store):
    update = need_service("KAIPING_KG_VIRTUOSO_UPDATE_URL", "Virtuoso")
    gsp = need_service("KAIPING_KG_VIRTUOSO_GSP_URL", "Virtuoso's graph store")
    url = need_service("KAIPING_KG_VIRTUOSO_URL", "Virtuoso")
    drop_stale_graphs(url, update, store, user="dba", password="dba", auth="digest")
    push(store, update, graph_store=gsp, user="dba", password="dba", auth="digest")
    label = query_endpoint(url, PARK_LABEL)
    assert [(r[0].value, r[0].lang) for r in label.rows] == [("生物医药产业专业园", "zh")]
    compare_every_stored_query(store, url)


def test_push_to_virtuoso_by_sparql_update_and_every_query_agrees(store):
    update = need_service("KAIPING_KG_VIRTUOSO_UPDATE_URL", "Virtuoso")
    url = need_service("KAIPING_KG_VIRTUOSO_URL", "Virtuoso")
    gsp = need_service("KAIPING_KG_VIRTUOSO_GSP_URL", "Virtuoso's graph store")
    # Point the graph store at a URL without one, so that the push falls back to updates.
    push(
        store,
        update,
        graph_store=update.replace("sparql-auth", "nowhere"),
        user="dba",
        password="dba",
        auth="digest",
    )
    assert gsp
    compare_every_stored_query(store, url)


def test_wrong_password_is_a_clear_error(store):
    update = need_service("KAIPING_KG_VIRTUOSO_UPDATE_URL", "Virtuoso")
    gsp = need_service("KAIPING_KG_VIRTUOSO_GSP_URL", "Virtuoso's graph store")
    with pytest.raises(KgError, match="refused the credentials"):
        push(store, update, graph_store=gsp, user="dba", password="wrong", auth="digest")


def test_push_to_oxigraph_server_and_every_query_agrees(store):
    root = need_service("KAIPING_KG_OXIGRAPH_URL", "the Oxigraph server")
    drop_stale_graphs(root + "/query", root + "/update", store)
    push(store, root + "/update", graph_store=root + "/store")
    label = query_endpoint(root + "/query", PARK_LABEL)
    assert [(r[0].value, r[0].lang) for r in label.rows] == [("生物医药产业专业园", "zh")]
    compare_every_stored_query(store, root + "/query")
    push(store, root + "/update")  # no graph store given: the update fallback
    compare_every_stored_query(store, root + "/query")


def test_unreachable_endpoint_is_a_clear_error(store):
    from tests.serving import free_port

    with pytest.raises(KgError, match="cannot reach"):
        push(store, f"http://127.0.0.1:{free_port()}/update")


def test_ascii_ntriples_escapes_only_non_ascii():
    line = '<http://x/开平> <http://x/p> "赤坎镇 a"@zh .\n'.encode()
    assert ascii_ntriples(line) == (
        b'<http://x/\\u5F00\\u5E73> <http://x/p> "\\u8D64\\u574E\\u9547 a"@zh .\n'
    )


def test_large_graphs_go_in_parts_with_blank_nodes_in_the_first():
    from kg_build.external import _gsp_parts

    lines = [f"<s{i}> <p> <o> .".encode() for i in range(5)] + [b"<s> <p> _:b1 .", b"_:b1 <p> 1 ."]
    parts = _gsp_parts(lines, 3)
    assert [p.count(b"\n") for p in parts] == [3, 3, 1]
    assert b"_:b1 <p> 1 ." in parts[0] and b"<s> <p> _:b1 ." in parts[0]
    assert b"".join(parts).count(b"\n") == len(lines)


def test_digest_push_never_sends_a_body_unsigned():
    """A store that answers an unsigned request with a 401 and hangs up (as Virtuoso may on a
    large body) still takes the push: the challenge is learnt by a bodiless HEAD first."""
    import http.server
    import threading

    seen: list[tuple[str, bool, int]] = []

    class Store(http.server.BaseHTTPRequestHandler):
        def _any(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            signed = (self.headers.get("Authorization") or "").startswith("Digest ")
            seen.append((self.command, signed, length))
            if not signed:
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Digest realm="r", nonce="n1", qop="auth"')
                self.send_header("Content-Length", "0")
                self.send_header("Connection", "close")
                self.end_headers()
                self.close_connection = True
                return
            self.rfile.read(length)
            self.send_response(201)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_HEAD = do_PUT = do_POST = _any

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Store)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/gsp"
        body = b"<urn:a> <urn:b> <urn:c> .\n" * 2000
        reports = push_graphs(
            url, {"urn:g": body}, graph_store=url, user="u", password="p", auth="digest"
        )
    finally:
        server.shutdown()
    assert [(r.graph, r.triples, r.method) for r in reports] == [("urn:g", 2000, "graph-store")]
    assert seen[0] == ("HEAD", False, 0)
    assert [s for s in seen if s[2] > 0] == [("PUT", True, len(body))]

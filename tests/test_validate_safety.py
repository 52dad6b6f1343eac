"""`validate FILE` fetches nothing and bounds pathological RDF with a clear KgError."""

from __future__ import annotations

import http.server
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kg_build.errors import KgError
from kg_build.rdf.load import MAX_DEPTH, MAX_LITERAL_CHARS, load_rdf

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


@pytest.fixture()
def listener():
    """A local HTTP server that records every request it gets."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "application/ld+json")
            self.end_headers()
            self.wfile.write(b'{"@context": {"x": "http://x.example/"}}')

        def log_message(self, *args) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def test_remote_jsonld_context_is_never_fetched(tmp_path: Path, listener) -> None:
    url, hits = listener
    doc = write(tmp_path, "a.jsonld", f'{{"@context": "{url}/ctx", "@id": "http://a/", "x:p": 1}}')
    with pytest.raises(KgError, match="remote JSON-LD @context"):
        load_rdf(doc)
    done = subprocess.run(
        [sys.executable, "-m", "kg_build.cli", "validate", str(doc), "--no-reference"],
        capture_output=True, text=True, timeout=300, env={**os.environ, "KAIPING_KG_DEBUG": ""},
    )  # fmt: skip
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert hits == []


def test_external_dtd_and_entities_are_refused(tmp_path: Path, listener) -> None:
    url, hits = listener
    body = f'<rdf:RDF xmlns:rdf="{RDF}"><rdf:Description rdf:about="http://a/"/></rdf:RDF>'
    dtd = write(tmp_path, "a.rdf", f'<?xml version="1.0"?><!DOCTYPE r SYSTEM "{url}/d">{body}')
    with pytest.raises(KgError, match="external DTD"):
        load_rdf(dtd)
    ent = write(tmp_path, "b.rdf", f'<!DOCTYPE r [<!ENTITY x SYSTEM "{url}/e">]>{body}')
    with pytest.raises(KgError, match="external entity"):
        load_rdf(ent)
    assert hits == []


def test_entity_expansion_bomb_refused_in_seconds(tmp_path: Path) -> None:
    decl = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {n} "{("&" + p + ";") * 10}">'
        for p, n in zip("abcdefgh", "bcdefghi", strict=True)
    )
    body = (
        f'<rdf:RDF xmlns:rdf="{RDF}" xmlns:ex="http://ex/">'
        '<rdf:Description rdf:about="http://a/"><ex:p>&i;</ex:p></rdf:Description></rdf:RDF>'
    )
    bomb = write(tmp_path, "bomb.rdf", f'<?xml version="1.0"?><!DOCTYPE r [{decl}]>{body}')
    start = time.monotonic()
    with pytest.raises(KgError, match="through other entities"):
        load_rdf(bomb)
    assert time.monotonic() - start < 5


def test_plain_entities_still_read(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "ok.rdf",
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY ex "http://ex/">]>'
        f'<rdf:RDF xmlns:rdf="{RDF}"><rdf:Description rdf:about="&ex;a">'
        f'<rdf:type rdf:resource="&ex;T"/></rdf:Description></rdf:RDF>',
    )
    g = load_rdf(path)
    assert {(str(s), str(o)) for s, _, o in g} == {("http://ex/a", "http://ex/T")}


def test_enormous_literal_refused(tmp_path: Path) -> None:
    text = "line\\n" * (MAX_LITERAL_CHARS // 4)
    path = write(tmp_path, "big.ttl", f'<http://a/> <http://a/p> """{text}""" .\n')
    with pytest.raises(KgError, match="literal of"):
        load_rdf(path)


def test_deep_nesting_refused(tmp_path: Path) -> None:
    n = MAX_DEPTH + 10
    path = write(
        tmp_path,
        "deep.ttl",
        "<http://a/> <http://a/p> " + "[ <http://a/p> " * n + "1" + " ]" * n + " .",
    )
    with pytest.raises(KgError, match="levels deep"):
        load_rdf(path)
    ok = write(tmp_path, "ok.ttl", '<http://a/> <http://a/p> [ <http://a/q> "x [ { (" ] .')
    assert len(load_rdf(ok)) == 2


def test_langstring_and_plain_literals_match_rdflib(tmp_path: Path) -> None:
    from rdflib import Graph
    from rdflib.compare import isomorphic

    text = '<http://a/> <http://a/p> "x", "y"@zh, "1"^^<http://www.w3.org/2001/XMLSchema#integer> .'
    path = write(tmp_path, "t.ttl", text)
    assert isomorphic(load_rdf(path), Graph().parse(data=text, format="turtle"))

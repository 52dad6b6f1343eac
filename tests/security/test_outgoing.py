"""Threat: a query makes the server send a request (SERVICE, FROM, LOAD) by a lexical trick.

rdflib ended a `#` comment only at a line feed, Oxigraph also at a lone carriage return, so a
SERVICE after `# x\\r` slipped past a check that parsed with rdflib. Now the check lexes as
Oxigraph does, and the workers have no network at all: each trick, sent by GET, form POST and
application/sparql-query, reaches no listener, with or without SILENT.
"""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from tests.serving import Listener

TRICKS = {
    "lone CR": "SELECT * WHERE {{ ?s ?p ?o # x\r {service} }}",
    "CRLF": "SELECT * WHERE {{ ?s ?p ?o # x\r\n {service} }}",
    "LF": "SELECT * WHERE {{ ?s ?p ?o # x\n {service} }}",
    "U+2028 in a comment": "SELECT * WHERE {{ ?s ?p ?o # x\u2028 {service} }}",
    "escaped keyword": "SELECT * WHERE {{ \\u0053ERVICE{rest} }}",
    "escaped LF in a comment": "SELECT * WHERE {{ ?s ?p ?o # x\\u000A {service} }}",
    "after a string with #": 'SELECT * WHERE {{ BIND("#" AS ?x) {service} }}',
    "after an IRI with #": "SELECT * WHERE {{ BIND(<http://a/#x> AS ?x) {service} }}",
    "lower case": "select * where {{ {lower} }}",
    "FROM": "SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}",
    "FROM NAMED after CR": "SELECT * # x\r FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    "LOAD": "LOAD <{url}>",
    "LOAD after CR": "# x\rLOAD <{url}>",
}


def queries(url: str, silent: bool) -> dict[str, str]:
    word = "SERVICE SILENT" if silent else "SERVICE"
    service = f"{word} <{url}> {{ ?a ?b ?c }}"
    rest = f"{' SILENT' if silent else ''} <{url}> {{ ?a ?b ?c }}"
    lower = service.lower().replace(url.lower(), url)
    return {
        name: t.format(service=service, rest=rest, lower=lower, url=url)
        for name, t in TRICKS.items()
    }


@pytest.mark.parametrize("silent", [False, True])
def test_no_trick_reaches_a_listener(served, silent):
    listener = Listener()
    try:
        statuses = {}
        for name, text in queries(listener.url, silent).items():
            for how in ("get", "form", "post"):
                status, _, body = served.query(text, how)
                statuses[name, how] = status
                assert status != 200 or b"?a" not in body, (name, how, body[:200])
        time.sleep(0.3)
        assert listener.connections == 0
        # Refused before anything runs, not merely failed: 403 with a reason.
        assert statuses["lone CR", "get"] == 403
        assert statuses["CRLF", "form"] == 403
        assert statuses["LOAD after CR", "post"] == 403
        assert statuses["FROM NAMED after CR", "form"] == 403
    finally:
        listener.close()


def test_a_worker_cannot_open_a_socket_even_if_the_check_misses(served):
    """The backstop alone: pyoxigraph told to run SERVICE in a sandboxed process."""
    listener = Listener()
    script = (
        "import pyoxigraph as ox\n"
        "from kg_build.serve.sandbox import deny_network\n"
        "assert deny_network()\n"
        f"q = 'SELECT * WHERE {{ SERVICE SILENT <{listener.url}> {{ ?a ?b ?c }} }}'\n"
        "print(len(list(ox.Store().query(q))))\n"
        "try:\n"
        f"    list(ox.Store().query(q.replace(' SILENT', '')))\n"
        "except OSError as e:\n"
        "    print('refused', e)\n"
    )
    try:
        out = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, timeout=30, check=True
        ).stdout
        time.sleep(0.3)
        assert listener.connections == 0
        assert out.splitlines()[0] == "1"  # SILENT: one empty solution, nothing fetched
        assert out.splitlines()[1].startswith("refused")
    finally:
        listener.close()


def test_control_the_same_query_reaches_the_listener_without_the_sandbox():
    """Without deny_network the engine does connect: the tests above can fail."""
    listener = Listener()
    script = (
        "import pyoxigraph as ox\n"
        f"q = 'SELECT * WHERE {{ SERVICE SILENT <{listener.url}> {{ ?a ?b ?c }} }}'\n"
        "list(ox.Store().query(q))\n"
    )
    try:
        subprocess.run([sys.executable, "-c", script], timeout=30, check=True)
        time.sleep(0.3)
        assert listener.connections >= 1
    finally:
        listener.close()


def test_service_in_a_string_or_comment_still_runs(served):
    text = 'SELECT ?x WHERE { BIND("SERVICE <http://127.0.0.1:9/>" AS ?x) } # SERVICE <x>'
    status, _, body = served.query(text)
    assert status == 200 and b"SERVICE <http://127.0.0.1:9/>" in body

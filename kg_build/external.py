"""External SPARQL stores: push the graphs (Graph Store Protocol, else SPARQL Update) and query.

`push_graphs` PUTs each named graph to a Graph Store Protocol endpoint (`?graph=IRI`); where
that is not offered it falls back to SPARQL Update (`DROP SILENT GRAPH`, then `INSERT DATA` in
chunks). `query_endpoint` runs a query through SPARQLWrapper and returns the same
`kg_build.answers.Result` the embedded store gives. Basic and Digest auth are supported.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass

from kg_build.answers import Result, Term, result_from_json
from kg_build.errors import KgError

AUTH_TYPES = ("basic", "digest")
CHUNK_TRIPLES = 500  # triples per SPARQL Update request
GSP_PART_TRIPLES = 20_000  # triples per Graph Store Protocol request


@dataclass(frozen=True)
class PushReport:
    graph: str
    triples: int
    method: str  # "graph-store" or "update"


def ascii_ntriples(data: bytes) -> bytes:
    """N-Triples with every non-ASCII character as a \\u escape: some stores (Virtuoso) read
    the request body in another encoding; escapes survive any of them."""

    def esc(ch: str) -> str:
        code = ord(ch)
        return f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"

    text = data.decode("utf-8")
    return re.sub(r"[^\x00-\x7f]", lambda m: esc(m.group(0)), text).encode("ascii")


class _Digest(urllib.request.HTTPDigestAuthHandler):
    """Digest auth that, once challenged, signs every later request up front.

    urllib answers a 401 by sending the request again; a store that answers a large body's
    first, unsigned send with a 401 and a closed connection (Virtuoso) makes that a reset.
    `push_graphs` first sends a bodiless HEAD to learn the challenge.
    """

    def __init__(self, manager: urllib.request.HTTPPasswordMgr) -> None:
        super().__init__(manager)
        self._challenge: dict[str, str] | None = None

    def retry_http_digest_auth(self, req, auth):  # noqa: ANN001 - urllib's signature
        _, challenge = auth.split(" ", 1)
        self._challenge = urllib.request.parse_keqv_list(
            filter(None, urllib.request.parse_http_list(challenge))
        )
        return super().retry_http_digest_auth(req, auth)

    def http_request(self, req):  # noqa: ANN001 - urllib's signature
        if self._challenge and not req.has_header(self.auth_header):
            signed = self.get_authorization(req, self._challenge)
            if signed:
                req.add_unredirected_header(self.auth_header, f"Digest {signed}")
        return req

    https_request = http_request


def _opener(url: str, user: str | None, password: str | None, auth: str):
    handlers: list[urllib.request.BaseHandler] = []
    if user is not None:
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        manager.add_password(None, url, user, password or "")
        if auth == "digest":
            handlers.append(_Digest(manager))
        else:
            handlers.append(urllib.request.HTTPBasicAuthHandler(manager))
    return urllib.request.build_opener(*handlers)


def _learn_challenge(opener, url: str, timeout: float) -> None:
    """A bodiless HEAD, so a digest handler holds the store's challenge before any body goes."""
    req = urllib.request.Request(url, method="HEAD")
    try:
        with opener.open(req, timeout=timeout) as resp:
            resp.read()
    except urllib.error.HTTPError as exc:
        if exc.code in (401, 403):
            raise KgError(
                f"{url} refused the credentials ({exc.code}); check --user, --password and --auth"
            ) from None
    except (urllib.error.URLError, OSError):
        pass  # the request that follows reports an unreachable store


PROBE = -1  # _send's status for a request that timed out while probing


def _send(
    opener, method: str, url: str, body: bytes, ctype: str, timeout: float, probe: bool = False
) -> int:
    try:
        try:
            return _open(opener, method, url, body, ctype, timeout)
        except (urllib.error.URLError, OSError) as exc:
            # Every request here is idempotent (PUT, a merge of the same triples, DROP, INSERT
            # DATA), so one that a store cut off midway is sent once more.
            if not isinstance(getattr(exc, "reason", exc), ConnectionResetError):
                raise
            return _open(opener, method, url, body, ctype, timeout)
    except urllib.error.HTTPError as exc:
        detail = exc.read()[:300].decode("utf-8", errors="replace").strip()
        if exc.code in (401, 403):
            raise KgError(
                f"{url} refused the credentials ({exc.code}); check --user, --password and --auth"
            ) from None
        return_code = exc.code
        if return_code in (400, 404, 405, 406, 415, 501):
            return return_code
        raise KgError(f"{url} answered {exc.code}: {detail}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        if probe and isinstance(reason, TimeoutError | OSError) and "timed out" in str(reason):
            return PROBE
        raise KgError(f"cannot reach {url}: {reason}; is the store running?") from None


def _open(opener, method: str, url: str, body: bytes, ctype: str, timeout: float) -> int:
    req = urllib.request.Request(url, data=body, method=method, headers={"Content-Type": ctype})
    with opener.open(req, timeout=timeout) as resp:
        resp.read()
        return resp.status


def _gsp_parts(lines: list[bytes], size: int) -> list[bytes]:
    """N-Triples bodies of at most `size` lines, every blank-node line in the first."""
    with_bnodes = [line for line in lines if b"_:" in line]
    ordered = with_bnodes + [line for line in lines if b"_:" not in line]
    head = max(size, len(with_bnodes))
    parts = [ordered[:head], *_chunks(ordered[head:], size)]
    return [b"\n".join(part) + b"\n" for part in parts]


def _chunks(lines: list[bytes], size: int) -> Iterable[list[bytes]]:
    for i in range(0, len(lines), size):
        yield lines[i : i + size]


def push_graphs(
    endpoint: str,
    graphs: dict[str, bytes],
    *,
    graph_store: str | None = None,
    user: str | None = None,
    password: str | None = None,
    auth: str = "basic",
    timeout: float = 120.0,
) -> list[PushReport]:
    """Replace each named graph (IRI → N-Triples bytes) at the endpoint."""
    if auth not in AUTH_TYPES:
        raise KgError(f"--auth {auth!r}: use one of {', '.join(AUTH_TYPES)}")
    reports = []
    use_gsp = True
    # Without --graph-store the endpoint itself is probed (briefly: some stores hang on a PUT).
    gsp_timeout = timeout if graph_store else min(timeout, 10.0)
    for graph in sorted(graphs):
        body = ascii_ntriples(graphs[graph])
        lines = [line for line in body.splitlines() if line.strip()]
        store_url = graph_store or endpoint
        sep = "&" if "?" in store_url else "?"
        put_url = f"{store_url}{sep}graph={urllib.parse.quote(graph, safe='')}"
        opener = _opener(store_url, user, password, auth)
        if auth == "digest" and user is not None:
            _learn_challenge(opener, put_url, gsp_timeout)
        if use_gsp:
            # Large graphs go as a PUT of the first part and POSTs (merge) of the others, so no
            # request is too big for the store; blank-node triples stay in the first part.
            first, *rest = _gsp_parts(lines, GSP_PART_TRIPLES)
            ctype = "application/n-triples"
            status = _send(opener, "PUT", put_url, first, ctype, gsp_timeout, probe=not graph_store)
            if status == 415:  # a store that reads Turtle only: N-Triples is Turtle too
                ctype = "text/turtle"
                status = _send(
                    opener, "PUT", put_url, first, ctype, gsp_timeout, probe=not graph_store
                )
            if 200 <= status < 300:
                for part in rest:
                    status = _send(opener, "POST", put_url, part, ctype, timeout)
                    if not 200 <= status < 300:
                        raise KgError(f"{put_url} refused part of {graph} (status {status})")
                reports.append(PushReport(graph, len(lines), "graph-store"))
                continue
            use_gsp = False
        # SPARQL Update text goes as UTF-8 (Virtuoso's SPARQL refuses \u escapes in IRIs).
        lines = [line for line in graphs[graph].splitlines() if line.strip()]
        update = _opener(endpoint, user, password, auth)
        if auth == "digest" and user is not None:
            _learn_challenge(update, endpoint, timeout)
        target = f"<{graph}>"
        _update(update, endpoint, f"DROP SILENT GRAPH {target}", timeout)
        # Blank nodes are not allowed in INSERT DATA by some stores (Virtuoso), and a blank
        # node split across two requests would become two nodes: send every triple that has
        # one in a single INSERT … WHERE {}, where its labels keep one meaning.
        with_bnodes = [
            line for line in lines if b"_:" in line and not line.startswith(b"<") or b" _:" in line
        ]
        plain = [line for line in lines if line not in set(with_bnodes)]
        for chunk in _chunks(plain, CHUNK_TRIPLES):
            text = f"INSERT DATA {{ GRAPH {target} {{\n" + b"\n".join(chunk).decode() + "\n} }"
            _update(update, endpoint, text, timeout)
        if with_bnodes:
            body = b"\n".join(with_bnodes).decode()
            _update(
                update, endpoint, f"INSERT {{ GRAPH {target} {{\n{body}\n}} }} WHERE {{}}", timeout
            )
        reports.append(PushReport(graph, len(lines), "update"))
    return reports


def _update(opener, endpoint: str, text: str, timeout: float) -> None:
    body = urllib.parse.urlencode({"update": text}).encode()
    status = _send(opener, "POST", endpoint, body, "application/x-www-form-urlencoded", timeout)
    if not 200 <= status < 300:
        raise KgError(
            f"{endpoint} accepts neither the Graph Store Protocol nor SPARQL Update "
            f"(status {status}); give its update URL with --endpoint or --graph-store URL"
        )


def _term(node: object) -> Term:
    from rdflib import BNode, Literal, URIRef

    if isinstance(node, URIRef):
        return Term("uri", str(node))
    if isinstance(node, BNode):
        return Term("bnode", str(node))
    if isinstance(node, Literal):
        dt = str(node.datatype) if node.datatype else None
        if dt == "http://www.w3.org/2001/XMLSchema#string":
            dt = None
        return Term("literal", str(node), dt, node.language)
    return Term("literal", str(node))


def query_endpoint(
    url: str,
    text: str,
    user: str | None = None,
    password: str | None = None,
    auth: str = "basic",
    timeout: float = 60.0,
) -> Result:
    """Run a query at a SPARQL endpoint through SPARQLWrapper, as an answers.Result."""
    from SPARQLWrapper import BASIC, DIGEST, JSON, POST, TURTLE, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    sparql = SPARQLWrapper(url)
    sparql.setQuery(text)
    sparql.setMethod(POST)
    sparql.setTimeout(int(timeout))
    if user is not None:
        sparql.setHTTPAuth(DIGEST if auth == "digest" else BASIC)
        sparql.setCredentials(user, password or "")
    graph_query = sparql.queryType in ("CONSTRUCT", "DESCRIBE")
    sparql.setReturnFormat(TURTLE if graph_query else JSON)
    try:
        answer = sparql.query()
        data = answer.convert()
    except SPARQLWrapperException as exc:
        raise KgError(f"{url} rejected the query: {str(exc).splitlines()[0]}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise KgError(f"cannot reach {url}: {reason}; is the endpoint running?") from None
    if not graph_query:
        return result_from_json(data)
    from rdflib import Graph

    g = Graph()
    g.parse(data=data, format="turtle")
    rows = sorted(
        (tuple(_term(x) for x in t) for t in g),
        key=lambda row: tuple((c.kind, c.value) for c in row),
    )
    return Result("graph", ("subject", "predicate", "object"), tuple(rows))

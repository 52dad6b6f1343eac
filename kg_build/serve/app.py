"""The ASGI app: SPARQL 1.1 Protocol, stored queries, metadata, downloads, IRI pages, the page.

Every query, the user's or our own, is inspected (safety.py) and then run by a worker process
(pool.py) that is killed when it overruns; this process never runs SPARQL itself.
"""

from __future__ import annotations

import json
import threading
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from kg_build.errors import KgError
from kg_build.queries import StoredQuery, bind_values_clause, load_queries
from kg_build.rdf.namespaces import DEFAULT_BASE
from kg_build.rdf.serialize import serialize_dataset, serialize_graph, serialize_triples
from kg_build.serve import metadata, pages
from kg_build.serve.pool import Answer, Job, PoolBusy, QueryTimeout, WorkerFailed, WorkerPool
from kg_build.serve.results import (
    GRAPH_TYPES,
    RESULT_TYPES,
    media_type,
    negotiate,
    render,
)
from kg_build.serve.safety import Refused, check_query
from kg_build.store import current_path, dump_nquads, graph_names, store_graphs

STATIC = Path(__file__).resolve().parent / "static"
HTML_OR_RDF = ("html", "turtle", "jsonld", "ntriples")
RESERVED = {"sparql", "queries", "static", "download", "catalog", ".well-known", "favicon.ico"}
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; "
    "style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'",
}


@dataclass(frozen=True)
class Settings:
    store: Path
    base: str = DEFAULT_BASE
    timeout: float = 10.0
    max_rows: int = 10_000
    allow: frozenset[str] = frozenset()
    max_request_bytes: int = 64 * 1024
    workers: int = 2


@dataclass
class Service:
    """What the handlers share: settings, the worker pool, the store's graphs and counts."""

    settings: Settings
    pool: WorkerPool
    counts: dict[str, int]
    queries: dict[str, StoredQuery]
    store: ox.Store
    _downloads: dict[str, bytes] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def open(cls, settings: Settings) -> Service:
        path = current_path(settings.store)
        try:
            store = ox.Store.read_only(str(path))
        except OSError as exc:
            raise KgError(f"cannot open the store at {settings.store}: {exc}") from exc
        counts = {}
        for name in graph_names(store):
            q = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}"
            counts[name] = int(next(iter(store.query(q)))["n"].value)
        pool = WorkerPool(str(path), size=settings.workers, timeout=settings.timeout)
        return cls(settings, pool, counts, load_queries(), store)

    def run(self, text: str, max_rows: int | None = None) -> Answer:
        """Inspect, then answer in a worker (raises Refused for everything a client did)."""
        check_query(text, allow=self.settings.allow, local_graphs=frozenset(self.counts))
        # The default graph is the merge of all graphs, unless FROM / FROM NAMED say otherwise.
        job = Job(text, max_rows=max_rows or self.settings.max_rows)
        try:
            return self.pool.run(job)
        except SyntaxError as exc:
            raise Refused(400, f"malformed query: {exc}") from None
        except QueryTimeout as exc:
            raise Refused(503, f"{exc}; make the query narrower (LIMIT, fewer joins)") from None
        except PoolBusy as exc:
            raise Refused(503, f"{exc}; try again shortly") from None
        except WorkerFailed as exc:
            raise Refused(500, f"the query failed: {exc}") from None

    def download(self, fmt: str) -> bytes:
        with self._lock:
            if fmt not in self._downloads:
                if fmt == "nq":
                    self._downloads[fmt] = dump_nquads(self.store)
                else:
                    graphs = store_graphs(self.store)
                    self._downloads[fmt] = serialize_dataset(graphs, "turtle")
            return self._downloads[fmt]


def root_url(request: Request) -> str:
    return str(request.base_url)


def error(status: int, message: str, html: bool = False) -> Response:
    if html:
        return Response(pages.error_page(status, message), status, media_type="text/html")
    return PlainTextResponse(message + "\n", status)


def _wants_html(request: Request) -> bool:
    return negotiate(request.headers.get("accept"), None, ["ntriples", "html"]) == "html"


async def _body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise Refused(413, f"the request is larger than {limit} bytes")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise Refused(413, f"the request is larger than {limit} bytes")
    return body


async def _query_text(request: Request, service: Service) -> str | None:
    """The `query` of a SPARQL Protocol request (None: no query was given)."""
    limit = service.settings.max_request_bytes
    if len(request.url.query.encode()) > limit:
        raise Refused(414, f"the request URI is longer than {limit} bytes; POST the query")
    if request.method == "GET":
        if "update" in request.query_params:
            raise Refused(403, "this endpoint is read-only: updates are refused")
        return request.query_params.get("query")
    body = await _body(request, limit)
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype == "application/sparql-query":
        return body.decode("utf-8", errors="replace")
    if ctype == "application/sparql-update":
        raise Refused(403, "this endpoint is read-only: updates are refused")
    if ctype in ("application/x-www-form-urlencoded", ""):
        form = urllib.parse.parse_qs(body.decode("utf-8", errors="replace"))
        if "update" in form:
            raise Refused(403, "this endpoint is read-only: updates are refused")
        values = form.get("query")
        return values[0] if values else None
    raise Refused(415, f"unsupported Content-Type {ctype}; use application/sparql-query or a form")


def respond(request: Request, answer: Answer, fmt_param: str | None) -> Response:
    offered = list(GRAPH_TYPES if answer.form == "graph" else RESULT_TYPES)
    name = negotiate(request.headers.get("accept"), fmt_param, offered)
    if not name:
        return error(406, f"format {fmt_param!r} is not offered; use one of {', '.join(offered)}")
    headers = {"Vary": "Accept"}
    if answer.truncated:
        headers["X-Kaiping-Truncated"] = "true"
    return Response(render(answer, name), 200, headers=headers, media_type=media_type(name))


def _service(request: Request) -> Service:
    return request.app.state.service


async def sparql(request: Request) -> Response:
    service = _service(request)
    try:
        text = await _query_text(request, service)
        if text is None:
            if request.method == "GET" and _wants_html(request):
                return RedirectResponse("/", 303)
            g = metadata.service_description(root_url(request), service.counts)
            name = negotiate(request.headers.get("accept"), None, list(GRAPH_TYPES)) or "turtle"
            return Response(serialize_graph(g, name), media_type=media_type(name))
        answer = await run_in_threadpool(service.run, text)
    except Refused as exc:
        return error(exc.status, exc.message)
    return respond(request, answer, request.query_params.get("format"))


async def stored_query(request: Request) -> Response:
    service = _service(request)
    name = request.path_params["name"]
    query = service.queries.get(name)
    if query is None:
        return error(404, f"no stored query named {name!r}; /queries lists them")
    params = {k: v for k, v in request.query_params.items() if k != "format" and v != ""}
    try:
        text = bind_values_clause(query, params)
    except KgError as exc:
        return error(400, str(exc).replace("--param ", ""))
    try:
        answer = await run_in_threadpool(service.run, text)
    except Refused as exc:
        return error(exc.status, exc.message)
    return respond(request, answer, request.query_params.get("format"))


def queries_json(service: Service) -> list[dict]:
    return [
        {
            "name": q.name,
            "title_zh": q.title_zh,
            "title_en": q.title_en,
            "description": q.description,
            "params": [
                {
                    "name": p.name,
                    "type": p.type,
                    "description": p.description,
                    "default": p.default,
                    "example": p.example,
                    "required": p.required,
                }
                for p in q.params
            ],
            "columns": [c.name for c in q.columns],
            "text": q.text,
        }
        for q in service.queries.values()
    ]


async def list_queries(request: Request) -> Response:
    body = json.dumps(queries_json(_service(request)), ensure_ascii=False, indent=1)
    return Response(body, media_type="application/json")


async def index(request: Request) -> Response:
    service = _service(request)
    html = pages.index_page(queries_json(service), service.counts, service.settings)
    return Response(html, media_type="text/html; charset=utf-8")


async def void(request: Request) -> Response:
    service = _service(request)
    g = metadata.dataset_graph(
        root_url(request), service.settings.base, service.counts, list(service.queries)
    )
    name = (
        negotiate(
            request.headers.get("accept"), request.query_params.get("format"), list(GRAPH_TYPES)
        )
        or "turtle"
    )
    return Response(serialize_graph(g, name), media_type=media_type(name))


async def download(request: Request) -> Response:
    fmt = request.path_params["ext"]
    if fmt not in ("ttl", "nq"):
        return error(404, "downloads: /download/kaiping-kg.ttl and /download/kaiping-kg.nq")
    data = await run_in_threadpool(_service(request).download, fmt)
    media = "text/turtle; charset=utf-8" if fmt == "ttl" else "application/n-quads"
    headers = {"Content-Disposition": f'attachment; filename="kaiping-kg.{fmt}"'}
    return Response(data, media_type=media, headers=headers)


async def resource(request: Request) -> Response:
    """A minted or reference IRI under the base, as HTML or RDF by content negotiation."""
    service = _service(request)
    path = request.url.path.lstrip("/")
    iri = service.settings.base + urllib.parse.unquote(path)
    name = negotiate(request.headers.get("accept"), request.query_params.get("format"), HTML_OR_RDF)
    if not name:
        return error(406, "offered: text/html, text/turtle, application/ld+json, n-triples")
    try:
        ox.NamedNode(iri)
    except ValueError:
        return error(404, f"{iri} is not an IRI", html=name == "html")
    try:
        facts = await run_in_threadpool(pages.lookup, service.run, iri)
    except Refused as exc:
        return error(exc.status, exc.message, html=name == "html")
    if facts.empty:
        return error(404, f"nothing is known about <{iri}> here", html=name == "html")
    as_uri = urllib.parse.quote(iri, safe=":/?#[]@!$&'()*+,;=%~")  # headers are ASCII
    headers = {"Vary": "Accept", "Link": f'<{as_uri}>; rel="canonical"'}
    if name == "html":
        return Response(
            pages.resource_page(facts, service.settings.base),
            headers=headers,
            media_type="text/html; charset=utf-8",
        )
    return Response(
        serialize_triples(facts.triples(), name), headers=headers, media_type=media_type(name)
    )


class LimitAndSecure:
    """ASGI middleware: security headers on every answer; refuse oversized bodies early."""

    def __init__(self, app, max_bytes: int, service: Service) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.service = service

    def close(self) -> None:
        """Stop the query workers."""
        self.service.pool.close()

    async def __call__(self, scope, receive, send):
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    self.close()
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                for key, value in SECURITY_HEADERS.items():
                    if key.lower().encode() not in present:
                        headers.append((key.lower().encode(), value.encode()))
                message = {**message, "headers": headers}
            await send(message)

        for key, value in scope.get("headers", []):
            if key == b"content-length" and value.isdigit() and int(value) > self.max_bytes:
                response = PlainTextResponse(
                    f"the request is larger than {self.max_bytes} bytes\n", 413
                )
                return await response(scope, receive, send_with_headers)
        return await self.app(scope, receive, send_with_headers)


def create_app(settings: Settings, service: Service | None = None) -> LimitAndSecure:
    """The app for `settings`; the worker pool starts now and stops with the app."""
    service = service or Service.open(settings)
    routes = [
        Route("/", index),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/queries", list_queries),
        Route("/queries/{name}", stored_query),
        Route("/.well-known/void", void),
        Route("/catalog", void),
        Route("/download/kaiping-kg.{ext}", download),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
        Route("/{path:path}", resource),
    ]

    app = Starlette(routes=routes)
    app.state.service = service
    return LimitAndSecure(app, settings.max_request_bytes, service)

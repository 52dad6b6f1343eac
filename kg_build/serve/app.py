"""The ASGI app: SPARQL 1.1 Protocol, stored queries, metadata, downloads, IRI pages, the page.

Every query, the user's or our own, is checked, run and written out by a worker process
(worker.py, pool.py) that is killed when it overruns its time or memory; this process never
parses or runs a client's SPARQL. A thread follows the store to each new generation.
"""

from __future__ import annotations

import contextlib
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
from kg_build.serve import entity, metadata, pages
from kg_build.serve.cache import ResultCache, key_of
from kg_build.serve.guard import LimitAndSecure
from kg_build.serve.pool import (
    Answer,
    Job,
    OverMemory,
    PoolBusy,
    QueryTimeout,
    Rendered,
    WorkerFailed,
    WorkerPool,
)
from kg_build.serve.results import GRAPH_TYPES, media_type, negotiate
from kg_build.serve.safety import Refused
from kg_build.serve.vocab import vocab
from kg_build.store import current_path, dump_nquads, graph_names, store_graphs

STATIC = Path(__file__).resolve().parent / "static"
HTML_OR_RDF = ("html", "turtle", "jsonld", "ntriples")
RESERVED = {"sparql", "queries", "static", "download", "catalog", ".well-known", "favicon.ico"}


@dataclass(frozen=True)
class Settings:
    store: Path
    base: str = DEFAULT_BASE
    timeout: float = 10.0
    max_rows: int = 10_000
    allow: frozenset[str] = frozenset()
    max_request_bytes: int = 64 * 1024
    workers: int = 2
    max_response_bytes: int = 16 * 1024 * 1024
    max_worker_memory: int = 1024 * 1024 * 1024  # bytes of resident memory per worker
    allowed_hosts: frozenset[str] | None = None  # Host header names accepted (None: any)
    watch_seconds: float = 2.0  # how often to look for a new store generation (0: never)
    cors: tuple[str, ...] = ()  # origins allowed to read answers across sites ("*": any)
    cache_bytes: int = 64 * 1024 * 1024  # answers kept per generation (cache.py; 0: none)


@dataclass
class Service:
    """What the handlers share: settings, the worker pool, the store's graphs and counts."""

    settings: Settings
    pool: WorkerPool
    counts: dict[str, int]
    queries: dict[str, StoredQuery]
    store: ox.Store
    path: str = ""  # the store generation answering now
    generation: int = 0  # counts the generations this server has answered from
    cache: ResultCache = field(default_factory=lambda: ResultCache(0))
    _downloads: dict[str, bytes] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _stop: threading.Event = field(default_factory=threading.Event)

    @classmethod
    def open(cls, settings: Settings) -> Service:
        path = str(current_path(settings.store))
        store, counts = _open_generation(settings.store, path)
        pool = WorkerPool(
            path,
            size=settings.workers,
            timeout=settings.timeout,
            locate=lambda: str(current_path(settings.store)),
            max_memory=settings.max_worker_memory,
            network=bool(settings.allow),
        )
        cache = ResultCache(settings.cache_bytes)
        cache.follow(path)
        service = cls(settings, pool, counts, load_queries(), store, path, cache=cache)
        if settings.watch_seconds > 0:
            threading.Thread(target=service._watch, daemon=True).start()
        return service

    def _watch(self) -> None:
        while not self._stop.wait(self.settings.watch_seconds):
            with contextlib.suppress(KgError, OSError):
                self.refresh()

    def refresh(self) -> bool:
        """Answer from the store's current generation if it changed (True if it did)."""
        path = str(current_path(self.settings.store))
        if path == self.path:
            return False
        store, counts = _open_generation(self.settings.store, path)
        with self._lock:
            self.store, self.counts, self.path = store, counts, path
            self._downloads.clear()
            self.generation += 1
            self.cache.follow(path)
        self.pool.refresh()
        return True

    def close(self) -> None:
        self._stop.set()
        self.pool.close()

    def job(self, text: str, max_rows: int | None = None, accept=None) -> Job:
        # The default graph is the merge of all graphs, unless FROM / FROM NAMED say otherwise.
        return Job(
            text,
            max_rows=max_rows or self.settings.max_rows,
            max_bytes=self.settings.max_response_bytes,
            allow=self.settings.allow,
            local_graphs=frozenset(self.counts),
            accept=accept,
        )

    def run(self, text: str, max_rows: int | None = None) -> Answer:
        """Check and answer in a worker (raises Refused for everything a client did)."""
        answer = self._run(self.job(text, max_rows))
        assert isinstance(answer, Answer)
        return answer

    def cached(self, text: str, accept: str | None, fmt: str | None) -> Rendered | None:
        """The kept answer of this generation to the same query and format, if any."""
        return self.cache.get(key_of(self.path, text, accept, fmt))

    def render(self, text: str, accept: str | None, fmt: str | None) -> Rendered:
        """Check, answer and write out in a worker, in the format Accept / ?format= ask for;
        the answer is kept (cache.py) under the generation of the worker that read it.
        (`answer` looks in the cache first.)"""
        answer, generation = self._run_tagged(self.job(text, accept=(accept, fmt)))
        assert isinstance(answer, Rendered)
        self.cache.put(key_of(generation, text, accept, fmt), answer)
        return answer

    def _run(self, job: Job) -> Answer | Rendered:
        return self._run_tagged(job)[0]

    def _run_tagged(self, job: Job) -> tuple[Answer | Rendered, str]:
        try:
            return self.pool.run_tagged(job)
        except QueryTimeout as exc:
            raise Refused(503, f"{exc}; make the query narrower (LIMIT, fewer joins)") from None
        except OverMemory as exc:
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


def _open_generation(root: Path, path: str) -> tuple[ox.Store, dict[str, int]]:
    try:
        store = ox.Store.read_only(path)
    except OSError as exc:
        raise KgError(f"cannot open the store at {root}: {exc}") from exc
    counts = {}
    for name in graph_names(store):
        q = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}"
        counts[name] = int(next(iter(store.query(q)))["n"].value)
    return store, counts


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


async def answer(request: Request, text: str) -> Response:
    """Run `text` in a worker, written in the format the request asks for."""
    service = _service(request)
    accept, fmt = request.headers.get("accept"), request.query_params.get("format")
    done = service.cached(text, accept, fmt)  # a kept answer needs no thread and no worker
    headers = {"Vary": "Accept", "X-Kaiping-Cache": "hit" if done else "miss"}
    if done is None:
        try:
            done = await run_in_threadpool(service.render, text, accept, fmt)
        except Refused as exc:
            return error(exc.status, exc.message)
    if done.truncated:
        headers["X-Kaiping-Truncated"] = "true"
    return Response(done.body, 200, headers=headers, media_type=media_type(done.name))


def graph_response(request: Request, g, fmt_param: str | None = None) -> Response:
    """A small graph of our own (service description, VoID) in the format asked for."""
    offered = list(GRAPH_TYPES)
    name = negotiate(request.headers.get("accept"), fmt_param, offered)
    if not name:
        asked = f"format {fmt_param!r}" if fmt_param else "Accept: " + request.headers["accept"]
        return error(406, f"{asked} is not offered here; use one of {', '.join(offered)}")
    headers = {"Vary": "Accept"}
    return Response(serialize_graph(g, name), headers=headers, media_type=media_type(name))


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
            return graph_response(request, g, request.query_params.get("format"))
    except Refused as exc:
        return error(exc.status, exc.message)
    return await answer(request, text)


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
    return await answer(request, text)


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
    return graph_response(request, g, request.query_params.get("format"))


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
        facts = await run_in_threadpool(entity.lookup, service.run, iri)
    except Refused as exc:
        return error(exc.status, exc.message, html=name == "html")
    if facts.empty:
        return error(404, f"nothing is known about <{iri}> here", html=name == "html")
    as_uri = urllib.parse.quote(iri, safe=":/?#[]@!$&'()*+,;=%~")  # headers are ASCII
    headers = {"Vary": "Accept", "Link": f'<{as_uri}>; rel="canonical"'}
    if name == "html":
        return Response(
            entity.resource_page(facts, service.settings.base),
            headers=headers,
            media_type="text/html; charset=utf-8",
        )
    return Response(
        serialize_triples(facts.triples(), name), headers=headers, media_type=media_type(name)
    )


def create_app(settings: Settings, service: Service | None = None) -> LimitAndSecure:
    """The app for `settings`; the worker pool starts now and stops with the app."""
    service = service or Service.open(settings)
    vocab()  # the ontology's labels and terms for the pages and the editor, read once now
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

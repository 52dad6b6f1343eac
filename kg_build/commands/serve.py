"""`kaiping-kg serve`: a read-only SPARQL endpoint, a query page and IRI pages on loopback."""

from __future__ import annotations

import argparse
import os
import sys

from kg_build.commands import add_base_option, add_store_option, store_of
from kg_build.errors import KgError
from kg_build.rdf.namespaces import normalise_base


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "serve",
        help="serve the store: SPARQL endpoint, query page, IRI pages, downloads",
        description="Serve the store read-only over HTTP: SPARQL 1.1 Protocol at /sparql, "
        "stored queries at /queries/NAME, a query page at /, a page (or Turtle, JSON-LD) for "
        "every IRI under the base, VoID at /.well-known/void, DCAT at /catalog and "
        "downloads under /download/. Queries that call other endpoints are refused.",
        epilog="example: kaiping-kg serve --port 8000, then open http://127.0.0.1:8000/",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback)")
    p.add_argument("--port", type=int, default=8000, help="default: 8000")
    add_store_option(p)
    add_base_option(p)
    p.add_argument(
        "--timeout",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help="stop any query after this long (default: 10)",
    )
    p.add_argument(
        "--max-rows",
        type=int,
        default=10_000,
        metavar="N",
        help="answer at most N rows, flagging the answer as truncated (default: 10000)",
    )
    p.add_argument(
        "--max-request-bytes",
        type=int,
        default=64 * 1024,
        metavar="N",
        help="refuse requests larger than this (default: 65536)",
    )
    p.add_argument(
        "--workers",
        type=int,
        default=max(2, os.cpu_count() or 2),
        metavar="N",
        help="query worker processes (default: the number of CPUs, at least 2)",
    )
    p.add_argument(
        "--max-response-bytes",
        type=int,
        default=16 * 1024 * 1024,
        metavar="N",
        help="refuse (413) an answer larger than this (default: 16777216, 16 MiB)",
    )
    p.add_argument(
        "--max-worker-memory",
        type=int,
        default=1024,
        metavar="MIB",
        help="stop (503) a query whose worker grows past this resident memory (default: 1024)",
    )
    p.add_argument(
        "--max-connections",
        type=int,
        default=100,
        metavar="N",
        help="answer 503 to connections beyond N open at once (default: 100)",
    )
    p.add_argument(
        "--request-timeout",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help="close a connection that has not sent a whole request within this (default: 10)",
    )
    p.add_argument(
        "--allowed-host",
        action="append",
        default=[],
        metavar="NAME",
        help="also accept this Host header (repeatable); on loopback only localhost, "
        "127.0.0.1 and [::1] are accepted otherwise (DNS rebinding gets 400)",
    )
    p.add_argument(
        "--cors",
        action="append",
        default=[],
        metavar="ORIGIN",
        help="let pages from ORIGIN (e.g. https://yasgui.org, or *) read answers: CORS "
        "headers and preflight OPTIONS (repeatable; default: no CORS header at all)",
    )
    p.add_argument(
        "--cache-bytes",
        type=int,
        default=64 * 1024 * 1024,
        metavar="N",
        help="keep answers of the current store generation in memory, up to N bytes in all "
        "(default: 67108864, 64 MiB; 0: keep none)",
    )
    p.add_argument(
        "--allow-service",
        action="append",
        default=[],
        metavar="IRI",
        help="let SERVICE (or FROM) reach this IRI (repeatable; default: none)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from kg_build.serve.app import Settings, create_app
    from kg_build.serve.guard import LOOPBACK_NAMES, DeadlineH11, host_name

    limits = (
        args.timeout,
        args.max_rows,
        args.max_request_bytes,
        args.max_response_bytes,
        args.max_worker_memory,
        args.max_connections,
        args.request_timeout,
    )
    if min(limits) <= 0:
        raise KgError(
            "--timeout, --max-rows, --max-request-bytes, --max-response-bytes, "
            "--max-worker-memory, --max-connections and --request-timeout must be positive"
        )
    if args.cache_bytes < 0:
        raise KgError(f"--cache-bytes {args.cache_bytes} must be 0 (no cache) or more")
    if not 0 <= args.port <= 65535:
        raise KgError(f"--port {args.port} is not a port number (0-65535)")
    settings = Settings(
        store=store_of(args),
        base=normalise_base(args.base_iri),
        timeout=args.timeout,
        max_rows=args.max_rows,
        allow=frozenset(args.allow_service),
        max_request_bytes=args.max_request_bytes,
        workers=max(1, args.workers),
        max_response_bytes=args.max_response_bytes,
        max_worker_memory=args.max_worker_memory * 1024 * 1024,
        cache_bytes=args.cache_bytes,
        cors=tuple(o.rstrip("/") for o in args.cors),
        allowed_hosts=allowed_hosts(args.host, args.allowed_host, LOOPBACK_NAMES, host_name),
    )
    DeadlineH11.request_seconds = args.request_timeout
    app = create_app(settings)
    print(
        f"serving {settings.store} at http://{args.host}:{args.port}/ "
        f"(SPARQL at /sparql; timeout {settings.timeout:g} s, {settings.max_rows} rows max)",
        file=sys.stderr,
    )
    try:
        uvicorn.run(
            app,
            host=args.host,
            port=args.port,
            log_level="warning",
            timeout_keep_alive=5,
            http=DeadlineH11,
            limit_concurrency=args.max_connections,
            h11_max_incomplete_event_size=settings.max_request_bytes,
        )
    except OSError as exc:
        raise KgError(f"cannot listen on {args.host}:{args.port}: {exc.strerror}") from exc
    finally:
        app.close()
    return 0


def allowed_hosts(bound: str, extra: list[str], loopback: frozenset[str], name) -> frozenset | None:
    """Host header names to accept: on loopback the loopback names plus `extra`; elsewhere
    `extra` plus the bound address if any were given, else any (None)."""
    wanted = {name(h) for h in extra}
    if bound in ("127.0.0.1", "::1", "localhost") or bound.startswith("127."):
        return frozenset(loopback | wanted | {name(bound)})
    return frozenset(wanted | {name(bound)}) if wanted else None

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

    if args.timeout <= 0 or args.max_rows <= 0 or args.max_request_bytes <= 0:
        raise KgError("--timeout, --max-rows and --max-request-bytes must be positive")
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
    )
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
            h11_max_incomplete_event_size=settings.max_request_bytes,
        )
    except OSError as exc:
        raise KgError(f"cannot listen on {args.host}:{args.port}: {exc.strerror}") from exc
    finally:
        app.close()
    return 0

"""`kaiping-kg sparql`: run an ad-hoc SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE)."""

from __future__ import annotations

import argparse
from pathlib import Path

from kg_build.answers import run_sparql
from kg_build.commands import store_of
from kg_build.commands.query import add_output_options, checked_text, emit, query_endpoint
from kg_build.errors import KgError
from kg_build.store import open_store


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "sparql",
        help="run an ad-hoc SPARQL query over all graphs",
        description="Run QUERY (or the query in --file) over the union of the store's graphs. "
        "CONSTRUCT and DESCRIBE give rows of subject, predicate, object.",
        epilog="example: kaiping-kg sparql 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'",
    )
    p.add_argument("query", nargs="?", default=None, metavar="QUERY", help="SPARQL text")
    p.add_argument("--file", type=Path, default=None, metavar="F.rq", help="read the query here")
    add_output_options(p)
    p.set_defaults(func=run)


def query_text(args: argparse.Namespace) -> str:
    if (args.query is None) == (args.file is None):
        raise KgError("give the SPARQL either as QUERY or with --file F.rq (one of them)")
    if args.file is None:
        return checked_text(args.query, "the query")
    try:
        return args.file.read_text(encoding="utf-8")
    except OSError as exc:
        raise KgError(f"cannot read {args.file}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise KgError(f"{args.file} is not UTF-8 text") from exc


def run(args: argparse.Namespace) -> int:
    text = query_text(args)
    if args.endpoint:
        if not text.strip():
            raise KgError("the query is empty; give SPARQL text or --file F.rq")
        result = query_endpoint(args.endpoint, text)
    else:
        result = run_sparql(open_store(store_of(args)), text)
    emit(result, args.format, args.out)
    return 0

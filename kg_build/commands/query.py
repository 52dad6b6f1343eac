"""`kaiping-kg query NAME`: run a stored query with typed parameters."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg_build.answers import Result
from kg_build.commands import add_store_option, store_of
from kg_build.errors import KgError
from kg_build.output import FORMAT_HELP, FORMATS, render, write_atomic
from kg_build.queries import (
    bind_values_clause,
    get_query,
    parse_param_args,
    run_query,
)
from kg_build.store import open_store


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "query",
        help="run a stored query (`kaiping-kg queries` lists them)",
        description="Run the stored query NAME on the store (or on --endpoint) and print its "
        "rows. Parameters are typed and bound safely, never pasted into the SPARQL.",
        epilog="example: kaiping-kg query projects-by-cluster --param cluster=生物医药",
    )
    p.add_argument("name", metavar="NAME", help="a stored query, e.g. observations")
    p.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a parameter of the query (repeatable); `kaiping-kg queries NAME` lists them",
    )
    add_output_options(p)
    p.set_defaults(func=run)


def add_output_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=FORMATS, default="table", help=FORMAT_HELP)
    p.add_argument("--out", type=Path, default=None, metavar="FILE", help="default: stdout")
    add_store_option(p)
    p.add_argument(
        "--endpoint",
        default=None,
        metavar="URL",
        help="query this SPARQL endpoint instead of the embedded store",
    )


def query_endpoint(url: str, text: str) -> Result:
    """Run `text` on an external SPARQL endpoint (through SPARQLWrapper)."""
    from kg_build import external  # imported here: SPARQLWrapper is only needed for this

    return external.query_endpoint(url, text)


def emit(result: Result, fmt: str, out: Path | None) -> None:
    """Print or write the result; the row count goes to stderr for tables and files."""
    text = render(result, fmt)
    if out is not None:
        write_atomic(out, text)
        print(f"wrote {out} ({count(result)})", file=sys.stderr)
        return
    sys.stdout.write(text)
    sys.stdout.flush()
    if fmt == "table":
        print(f"({count(result)})", file=sys.stderr)


def count(result: Result) -> str:
    if result.kind == "ask":
        return "1 answer"
    return f"{len(result.rows)} row{'s' if len(result.rows) != 1 else ''}"


MAX_PARAM_CHARS = 1000  # longer than any name, wording or IRI a parameter takes


def checked_text(text: str, what: str, limit: int | None = None) -> str:
    """`text` from the command line, refused (KgError) if not UTF-8, with NUL, or too long."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise KgError(f"{what} is not valid UTF-8; check the terminal's encoding") from None
    if "\x00" in text:
        raise KgError(f"{what} contains a NUL character")
    if limit is not None and len(text) > limit:
        raise KgError(f"{what} is {len(text)} characters, over the limit of {limit}")
    return text


def run(args: argparse.Namespace) -> int:
    query = get_query(args.name)
    pairs = [checked_text(p, f"--param {p[:40]!r}", MAX_PARAM_CHARS) for p in args.param or []]
    params = parse_param_args(query, pairs)
    if args.endpoint:
        result = query_endpoint(args.endpoint, bind_values_clause(query, params))
    else:
        result = run_query(open_store(store_of(args)), query, params)
    emit(result, args.format, args.out)
    return 0

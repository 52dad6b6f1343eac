"""`kaiping-kg export`: the store's graphs in any common RDF format."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg_build.commands import add_store_option, store_of
from kg_build.errors import KgError
from kg_build.output import write_atomic
from kg_build.rdf.jsonld import with_context
from kg_build.rdf.serialize import FORMATS, serialize_store
from kg_build.store import graph_names, open_store


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "export",
        help="write the store's graphs as Turtle, N-Triples, N-Quads, TriG, JSON-LD or RDF/XML",
        description="Quad formats (nquads, trig) keep the named graphs; the others merge them. "
        "The same store always gives the same bytes (blank nodes get content-derived labels). "
        "JSON-LD (jsonld or json-ld) has a @context of the project's prefixes (kp:, kpid:, "
        "qb: …) and writes IRIs in those namespaces as compact IRIs.",
    )
    p.add_argument(
        "--format",
        choices=[*sorted(FORMATS), "json-ld"],
        default="turtle",
        help="default: turtle",
    )
    p.add_argument("--graph", action="append", metavar="IRI", help="only this graph (repeatable)")
    p.add_argument("--out", type=Path, default=None, metavar="FILE", help="default: stdout")
    add_store_option(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    store = open_store(store_of(args))
    names = graph_names(store)
    if args.graph:
        missing = sorted(set(args.graph) - set(names))
        if missing:
            raise KgError(f"no graph {missing[0]} in the store; graphs: {', '.join(names)}")
        names = sorted(set(args.graph))
    fmt = "jsonld" if args.format == "json-ld" else args.format
    data = serialize_store(store, names, fmt)
    if fmt == "jsonld":
        data = with_context(data)
    if args.out:
        write_atomic(args.out, data)
        print(f"wrote {args.out} ({len(data)} bytes)", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
    return 0

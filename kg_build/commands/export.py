"""`kaiping-kg export`: the store's graphs in any common RDF format."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from kg_build.commands import add_store_option, store_of
from kg_build.errors import KgError
from kg_build.rdf.serialize import FORMATS, new_graph, serialize_dataset
from kg_build.store import graph_names, open_store


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "export",
        help="write the store's graphs as Turtle, N-Triples, N-Quads, TriG, JSON-LD or RDF/XML",
        description="Quad formats (nquads, trig) keep the named graphs; the others merge them.",
    )
    p.add_argument("--format", choices=sorted(FORMATS), default="turtle")
    p.add_argument("--graph", action="append", metavar="IRI", help="only this graph (repeatable)")
    p.add_argument("--out", type=Path, default=None, metavar="FILE", help="default: stdout")
    add_store_option(p)
    p.set_defaults(func=run)


def store_graphs(store: ox.Store, only: list[str] | None = None) -> dict[str, Graph]:
    names = graph_names(store)
    if only:
        missing = sorted(set(only) - set(names))
        if missing:
            raise KgError(f"no graph {missing[0]} in the store; graphs: {', '.join(names)}")
        names = sorted(only)
    graphs: dict[str, Graph] = {}
    for name in names:
        data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name))
        g = new_graph(name)
        g.parse(data=data, format="nt")
        graphs[name] = g
    return graphs


def run(args: argparse.Namespace) -> int:
    store = open_store(store_of(args))
    data = serialize_dataset(store_graphs(store, args.graph), args.format)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_bytes(data)
        print(f"wrote {args.out} ({len(data)} bytes)", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
    return 0

"""`kaiping-kg push`: load the store's graphs into an external SPARQL store."""

from __future__ import annotations

import argparse
import sys

import pyoxigraph as ox

from kg_build.commands import add_store_option, store_of
from kg_build.errors import KgError
from kg_build.external import AUTH_TYPES, push_graphs
from kg_build.store import graph_names, open_store


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "push",
        help="replace the graphs in an external SPARQL store (Virtuoso, Oxigraph, Fuseki …)",
        description="PUT each named graph of the store to the endpoint with the SPARQL Graph "
        "Store Protocol (?graph=IRI); where that is not offered, fall back to SPARQL Update "
        "(DROP SILENT GRAPH, then INSERT DATA in chunks). Existing graphs of the same name "
        "are replaced; other graphs are left alone.",
        epilog="example: kaiping-kg push --endpoint http://127.0.0.1:8890/sparql-auth "
        "--user dba --password dba --auth digest",
    )
    p.add_argument("--endpoint", required=True, metavar="URL", help="SPARQL update endpoint")
    p.add_argument(
        "--graph-store",
        default=None,
        metavar="URL",
        help="Graph Store Protocol URL when it differs from --endpoint "
        "(Virtuoso: /sparql-graph-crud-auth; Oxigraph: /store)",
    )
    p.add_argument("--graph", action="append", metavar="IRI", help="only this graph (repeatable)")
    p.add_argument("--user", default=None, help="user name for the endpoint")
    p.add_argument("--password", default=None, help="password for the endpoint")
    p.add_argument("--auth", choices=AUTH_TYPES, default="basic", help="default: basic")
    add_store_option(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if not args.endpoint.startswith(("http://", "https://")):
        raise KgError(f"--endpoint {args.endpoint!r} is not an http(s) URL")
    if args.password is not None and args.user is None:
        raise KgError("--password needs --user")
    store = open_store(store_of(args))
    names = graph_names(store)
    wanted = sorted(args.graph) if args.graph else names
    missing = sorted(set(wanted) - set(names))
    if missing:
        raise KgError(f"no graph {missing[0]} in the store; graphs: {', '.join(names)}")
    graphs = {
        name: store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name))
        for name in wanted
    }
    reports = push_graphs(
        args.endpoint,
        graphs,
        graph_store=args.graph_store,
        user=args.user,
        password=args.password,
        auth=args.auth,
    )
    for r in reports:
        print(f"pushed {r.graph}: {r.triples} triples ({r.method})", file=sys.stderr)
    return 0

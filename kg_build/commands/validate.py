"""`kaiping-kg validate`: check the store, or an RDF file, against the SHACL shapes."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from kg_build.commands import add_store_option, store_of
from kg_build.errors import KgError
from kg_build.output import write_atomic
from kg_build.rdf.serialize import new_graph

# File suffix → rdflib parser; quad formats keep their named graphs (merged for validation).


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "validate",
        help="validate the store or an RDF file against the SHACL shapes",
        description="Validate the store's graphs (default) or FILE (Turtle, N-Triples, "
        "N-Quads, TriG, JSON-LD, RDF/XML) against the shapes of shapes/, without inference. "
        "A FILE is validated together with the bundled ontology and reference data. Prints "
        "the results grouped by shape and message. Exit status: 0 when there is no violation "
        "(warnings allowed), 1 when there are violations, 2 for a usage or input error. Nothing "
        "is fetched: a remote JSON-LD @context or an XML DTD or external entity is refused.",
    )
    p.add_argument("file", nargs="?", type=Path, metavar="FILE", help="an RDF file to validate")
    add_store_option(p)
    p.add_argument(
        "--report-out",
        type=Path,
        default=None,
        metavar="FILE.ttl",
        help="write the full SHACL validation report as Turtle (validates with pyshacl, "
        "which gives the report graph)",
    )
    p.add_argument(
        "--engine",
        choices=("pyrudof", "pyshacl"),
        default=None,
        help="SHACL engine (default pyrudof, as for build: same results as pyshacl, faster; "
        "pyshacl with --report-out)",
    )
    p.add_argument(
        "--examples", type=int, default=5, metavar="N", help="examples shown per group (default 5)"
    )
    p.add_argument(
        "--no-reference",
        action="store_true",
        help="validate FILE alone, without the bundled ontology and reference data",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kg_build.validate import ENGINES

    if args.file is not None and args.store is not None:
        raise KgError("give either FILE or --store DIR, not both")
    if args.examples < 0:
        raise KgError("--examples must be 0 or more")
    if args.engine is None:
        args.engine = "pyshacl" if args.report_out is not None else "pyrudof"
    if args.report_out is not None and args.engine != "pyshacl":
        raise KgError("--report-out needs --engine pyshacl (pyrudof gives no report graph)")
    data = load_file(args.file, not args.no_reference) if args.file else load_store(store_of(args))
    result = ENGINES[args.engine](data)
    if args.report_out is not None:
        report = result.report_graph.serialize(format="turtle", encoding="utf-8")
        write_atomic(args.report_out, report)
        print(f"wrote {args.report_out}", file=sys.stderr)
    print(result.summary(max_examples=args.examples))
    return 0 if result.conforms else 1


def load_store(root: Path) -> Graph:
    """The store's ontology and report graphs, merged, with the slice of its reference graph
    they name (as `build` validates them)."""
    from kg_build.rdf.slice import named_nodes, reference_slice
    from kg_build.store import graph_names, open_store, store_graphs

    store = open_store(root)
    references = [g for g in graph_names(store) if g.endswith("/graph/reference")]
    merged = new_graph()
    for g in store_graphs(store, [g for g in graph_names(store) if g not in references]).values():
        merged += g
    if len(merged) == 0:
        raise KgError(f"the store at {root} is empty; run `kaiping-kg build` first")
    seeds = named_nodes(merged)
    for name in references:
        merged += reference_slice(store, seeds, ox.NamedNode(name))
    return merged


def load_file(path: Path, with_reference: bool) -> Graph:
    """An RDF file, merged into one graph, plus the bundled ontology and the slice of the
    bundled reference data it names."""
    from kg_build.rdf.load import load_rdf

    if not path.is_file():
        raise KgError(f"no file {path}; give a Turtle, N-Triples, N-Quads or TriG file")
    merged = new_graph()
    merged += load_rdf(path)
    if not with_reference:
        return merged
    from kg_build.context import Context, data_graph
    from kg_build.rdf.namespaces import DEFAULT_BASE

    ctx = Context(DEFAULT_BASE)
    return data_graph({"ontology": ctx.ontology, "file": merged}, ctx)

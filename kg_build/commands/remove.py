"""`kaiping-kg remove`: take reports out of the store."""

from __future__ import annotations

import argparse
import sys

from kg_build.changes import run_remove
from kg_build.commands import add_store_option, store_of
from kg_build.store import current_generation


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "remove",
        help="remove reports from the store by id",
        description="Remove each REPORT-ID (as `kaiping-kg reports` lists it, or the report's "
        "IRI) from the store, with its graph and what only it said; also from the set-aside "
        "list.",
    )
    p.add_argument("ids", nargs="+", metavar="REPORT-ID", help="report ids or IRIs")
    add_store_option(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    store = store_of(args)
    gone = run_remove(args.ids, store=store)
    names = ", ".join(iri.rsplit("/", 1)[1] for iri in gone)
    print(
        f"removed {len(gone)} report(s) ({names}) → store {store} "
        f"({current_generation(store).name})",
        file=sys.stderr,
    )
    return 0

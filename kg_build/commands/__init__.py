"""One module per `kaiping-kg` subcommand; shared option helpers live here."""

from __future__ import annotations

import argparse
from pathlib import Path

from kg_build.rdf.namespaces import DEFAULT_BASE
from kg_build.store import default_store_dir


def add_store_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--store",
        type=Path,
        default=None,
        metavar="DIR",
        help="store folder (default: $KAIPING_KG_STORE or ./store)",
    )


def store_of(args: argparse.Namespace) -> Path:
    return args.store if args.store is not None else default_store_dir()


def add_base_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--base-iri",
        default=DEFAULT_BASE,
        metavar="IRI",
        help=f"base for the IRIs minted from reports (default: {DEFAULT_BASE})",
    )

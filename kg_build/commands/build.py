"""`kaiping-kg build`: build reports into the store, validate, write Turtle."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg_build.build import run_build
from kg_build.commands import add_base_option, add_store_option, store_of
from kg_build.errors import KgError
from kg_build.extract.quantities.unread import unread_warnings
from kg_build.paths import bundled_reports
from kg_build.rdf.namespaces import normalise_base

DEFAULT_OUT = Path("out/kaiping-kg.ttl")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "build",
        help="build reports into the store, validate them and write Turtle",
        description="Read each REPORT (default: the bundled reports), extract its facts, "
        "validate the graph with the SHACL shapes, replace the store atomically and write "
        "the reports' graphs as Turtle.",
    )
    p.add_argument("reports", nargs="*", type=Path, metavar="REPORT", help="report files")
    add_store_option(p)
    p.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        metavar="FILE",
        help=f"Turtle file to write (default: {DEFAULT_OUT})",
    )
    add_base_option(p)
    p.add_argument("--no-validate", action="store_true", help="skip SHACL validation")
    p.add_argument(
        "--engine",
        choices=("pyrudof", "pyshacl"),
        default="pyrudof",
        help="SHACL engine (default pyrudof: same results as pyshacl, faster)",
    )
    p.add_argument(
        "--force", action="store_true", help="store the graph even if it does not conform"
    )
    for field in ("region", "province", "meeting", "title", "editor", "slug"):
        p.add_argument(f"--{field}", default=None, help=f"override the report's {field}")
    for field in ("year-reviewed", "year-planned"):
        p.add_argument(f"--{field}", type=int, default=None, help=f"override the {field}")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    reports = args.reports or bundled_reports()
    if not reports:
        raise KgError("no reports given and none bundled; pass report files")
    overrides = {
        key: getattr(args, key)
        for key in (
            "region",
            "province",
            "meeting",
            "title",
            "editor",
            "slug",
            "year_reviewed",
            "year_planned",
        )
        if getattr(args, key) is not None
    }
    if overrides.get("slug") and len(reports) > 1:
        raise KgError("--slug names one report; give one REPORT with it")
    result = run_build(
        reports,
        store=store_of(args),
        out=args.out,
        base=normalise_base(args.base_iri),
        validate=not args.no_validate,
        force=args.force,
        overrides=overrides or None,
        engine=args.engine,
    )
    triples = sum(len(g) for g in result.report_graphs.values())
    observations = sum(len(b.extraction.observations) for b in result.builds)
    statements = sum(len(b.report.statements) for b in result.builds)
    print(
        f"built {len(result.builds)} report(s): {statements} statements, "
        f"{observations} observations, {triples} triples → store {result.store}, "
        f"Turtle {args.out}",
        file=sys.stderr,
    )
    if result.validation_text is not None and not result.conforms:
        print(result.validation_text, file=sys.stderr)
        print("stored anyway (--force)", file=sys.stderr)
    for b in result.builds:
        for warning in b.report.warnings:
            print(f"warning: {b.report.source_name}: {warning}", file=sys.stderr)
        for line in unread_warnings(b.report, b.extraction.observations):
            print(f"warning: {b.report.source_name}: {line}", file=sys.stderr)
    return 0

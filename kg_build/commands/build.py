"""`kaiping-kg build`: build reports into the store, validate, write Turtle."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from kg_build.build import BuildResult, gather_reports, run_build
from kg_build.commands import add_base_option, add_store_option, store_of
from kg_build.errors import KgError
from kg_build.rdf.namespaces import normalise_base
from kg_build.store import current_generation

DEFAULT_OUT = Path("out/kaiping-kg.ttl")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "build",
        help="build reports into the store, validate them and write Turtle",
        description="Build exactly the REPORTs given (files or folders; default: ./reports/ "
        "if the working folder has one, else the bundled reports): extract each report's "
        "facts, validate its graph with the SHACL shapes, write the Turtle, then replace the "
        "store atomically. A report that does not conform is set aside (listed with its "
        "violations, kept in the store as data: `kaiping-kg query set-aside`) and the others "
        "are stored. Exit 0: all stored; 1: some set aside; 2: bad input.",
    )
    p.add_argument(
        "reports", nargs="*", type=Path, metavar="REPORT", help="report files or folders"
    )
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
    add_batch_options(p)
    for field in ("region", "province", "meeting", "title", "editor", "slug"):
        p.add_argument(f"--{field}", default=None, help=f"override the report's {field}")
    for field in ("year-reviewed", "year-planned"):
        p.add_argument(f"--{field}", type=int, default=None, help=f"override the {field}")
    p.set_defaults(func=run)


def add_batch_options(p: argparse.ArgumentParser) -> None:
    """Options `build` and `add` share: what to do with reports that do not conform, jobs."""
    p.add_argument(
        "--force", action="store_true", help="store every report even if it does not conform"
    )
    p.add_argument(
        "--strict",
        action="store_true",
        help="all or nothing: if one report does not conform, change nothing (exit 1)",
    )
    p.add_argument(
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="use N cores: build and validate reports in N processes, and with N > 1 load "
        "the store while they are built (default: one per core)",
    )
    p.add_argument(
        "--no-cache",
        action="store_true",
        help="build every report again (default: reuse the store's cache of unchanged ones)",
    )


def check_batch_options(args: argparse.Namespace) -> None:
    if args.jobs is None:
        args.jobs = os.cpu_count() or 1
    if args.jobs < 1:
        raise KgError(f"--jobs {args.jobs}: give 1 or more processes")
    if args.force and args.strict:
        raise KgError("--force stores everything and --strict nothing that fails; give one")


def overrides_of(args: argparse.Namespace) -> dict:
    return {
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


def run(args: argparse.Namespace) -> int:
    check_batch_options(args)
    reports, origin = gather_reports(args.reports)
    if not reports:
        raise KgError("no reports given, no ./reports/ folder and none bundled; pass reports")
    overrides = overrides_of(args)
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
        strict=args.strict,
        jobs=args.jobs,
        use_cache=not args.no_cache,
    )
    print(
        f"built {len(result.stored)} of {origin}{cached_note(result)}: {counts(result)} → "
        f"store {result.store} ({current_generation(result.store).name}), Turtle {args.out}",
        file=sys.stderr,
    )
    return report_outcome(result)


def cached_note(result: BuildResult) -> str:
    return f" ({result.cached} unchanged, from the cache)" if result.cached else ""


def counts(result: BuildResult) -> str:
    statements = sum(e.statements for e in result.stored)
    observations = sum(e.observations for e in result.stored)
    triples = sum(e.triples for e in result.stored)
    return f"{statements} statements, {observations} observations, {triples} triples"


def report_outcome(result: BuildResult) -> int:
    """Warnings, violations and what was set aside on stderr; the exit code (0 or 1)."""
    for e in result.entries:
        for warning in e.warnings:
            print(f"warning: {e.source_name}: {warning}", file=sys.stderr)
    if result.validation_text is not None and not result.conforms:
        print(result.validation_text, file=sys.stderr)
        if not result.set_aside:
            print("stored anyway (--force)", file=sys.stderr)
    for e in result.set_aside:
        print(
            f"set aside: {e.source} ({e.graph}): {len(e.violations(result.engine))} "
            f"violation(s); not stored (list them: kaiping-kg query set-aside)",
            file=sys.stderr,
        )
    if result.set_aside:
        aside, stored = len(result.set_aside), len(result.stored)
        print(f"{aside} report(s) set aside, {stored} stored", file=sys.stderr)
        return 1
    return 0

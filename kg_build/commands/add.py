"""`kaiping-kg add`: add or replace reports in an existing store."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg_build.build import gather_reports
from kg_build.changes import run_add
from kg_build.commands import add_store_option, store_of
from kg_build.commands.build import (
    add_batch_options,
    cached_note,
    check_batch_options,
    counts,
    report_outcome,
)
from kg_build.errors import KgError
from kg_build.store import current_generation


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "add",
        help="add or replace reports in an existing store",
        description="Build each REPORT (files or folders) and put it into the store, "
        "replacing a report of the same id; the other reports stay as they are. A report "
        "that does not conform is set aside (the store keeps what it had under its id). "
        "Two adds at once take turns on the store's lock. Exit 0: all added; 1: some set "
        "aside; 2: bad input.",
    )
    p.add_argument(
        "reports", nargs="+", type=Path, metavar="REPORT", help="report files or folders"
    )
    add_store_option(p)
    p.add_argument("--no-validate", action="store_true", help="skip SHACL validation")
    p.add_argument("--engine", choices=("pyrudof", "pyshacl"), default="pyrudof")
    add_batch_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    check_batch_options(args)
    reports, origin = gather_reports(args.reports)
    if not reports:
        raise KgError("no reports to add")
    store = store_of(args)
    result = run_add(
        reports,
        store=store,
        engine=None if args.no_validate else args.engine,
        force=args.force,
        strict=args.strict,
        jobs=args.jobs,
        use_cache=not args.no_cache,
    )
    print(
        f"added {len(result.stored)} of {origin}{cached_note(result)}: {counts(result)} → "
        f"store {store} ({current_generation(store).name}, {len(result.kept)} other "
        "report(s) kept)",
        file=sys.stderr,
    )
    return report_outcome(result)

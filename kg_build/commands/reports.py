"""`kaiping-kg reports`: what the store holds, one row per report."""

from __future__ import annotations

import argparse
import sys

from kg_build.answers import Result, Term
from kg_build.commands import add_store_option, store_of
from kg_build.output import FORMAT_HELP, FORMATS, render
from kg_build.store import current_path, read_manifest

COLUMNS = (
    "id", "status", "region", "years", "title", "statements", "observations", "source",
    "sha256", "added",
)  # fmt: skip
INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "reports",
        help="list the reports the store holds (and those set aside)",
        description="One row per report: id, status (stored or set aside), region, years "
        "(reviewed-planned), title, statements, observations, source file, content hash "
        "(SHA-256) and when it was added.",
    )
    add_store_option(p)
    p.add_argument("--format", choices=FORMATS, default="table", help=FORMAT_HELP)
    p.set_defaults(func=run)


def _text(value) -> Term:
    return Term("literal", "" if value is None else str(value))


def _int(value: int) -> Term:
    return Term("literal", str(value), INTEGER)


def rows(manifest: dict) -> list[tuple[Term, ...]]:
    out = []
    for iri, r in sorted(manifest.get("reports", {}).items()):
        years = f"{r.get('year_reviewed') or ''}-{r.get('year_planned') or ''}".strip("-")
        out.append((
            _text(iri.rsplit("/", 1)[1]), _text("stored"), _text(r["region_label"]),
            _text(years), _text(r["title"]), _int(r["statements"]), _int(r["observations"]),
            _text(r["source"]), _text(r["sha256"]), _text(r["added"]),
        ))  # fmt: skip
    for iri, r in sorted(manifest.get("set_aside", {}).items()):
        n = len(r["violations"])
        out.append((
            _text(iri.rsplit("/", 1)[1]), _text(f"set aside ({n} violation(s))"), _text(""),
            _text(""), _text(r["title"]), None, None, _text(r["source"]), _text(r["sha256"]),
            _text(r["when"]),
        ))  # fmt: skip
    return out


def run(args: argparse.Namespace) -> int:
    store = store_of(args)
    current_path(store)  # a clear error when there is no store
    result = Result("select", COLUMNS, tuple(rows(read_manifest(store))))
    sys.stdout.write(render(result, args.format))
    return 0

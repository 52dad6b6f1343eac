"""`kaiping-kg queries [NAME]`: list the stored queries, or describe one."""

from __future__ import annotations

import argparse
import sys

from kg_build.answers import Result, Term
from kg_build.output import render_table
from kg_build.queries import StoredQuery, get_query, load_queries


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "queries",
        help="list the stored queries (name, 标题, title), or describe one",
        description="Without NAME: every stored query with its Chinese and English title. "
        "With NAME: what it answers, its parameters and columns, and how to run it.",
    )
    p.add_argument("name", nargs="?", default=None, metavar="NAME", help="describe this query")
    p.set_defaults(func=run)


def listing() -> str:
    rows = tuple(
        tuple(Term("literal", text) for text in (q.name, q.title_zh, q.title_en, example(q)))
        for q in load_queries().values()
    )
    table = render_table(Result("select", ("name", "标题", "title", "e.g. --param"), rows))
    return (
        table
        + "\nrun one: kaiping-kg query NAME [--param KEY=VALUE ...] [--format table|csv|tsv|json]"
        + "\nits parameters and columns: kaiping-kg queries NAME\n"
    )


def example(q: StoredQuery) -> str:
    """A short example of the query's parameters: the required ones, else one short example."""
    chosen = [p for p in q.params if p.required] or [
        p for p in q.params if p.example and len(p.example) <= 24
    ][:1]
    return " ".join(f"{p.name}={p.example}" for p in chosen)


def describe(q: StoredQuery) -> str:
    lines = [f"{q.name}: {q.title_zh} / {q.title_en}", "", q.description, ""]
    if q.params:
        lines.append("parameters:")
        for p in q.params:
            extra = [p.type]
            if p.required:
                extra.append("required")
            if p.default is not None:
                extra.append(f"default {p.default}")
            if p.example is not None:
                extra.append(f"e.g. {p.example}")
            lines.append(f"  {p.name} ({', '.join(extra)}): {p.description}")
    else:
        lines.append("parameters: none")
    lines.append("columns:")
    lines.extend(f"  {c.name}: {c.description}" for c in q.columns)
    example = " ".join(f"--param {p.name}={p.example}" for p in q.params if p.example is not None)
    lines += ["", f"run: kaiping-kg query {q.name}" + (f" {example}" if example else "")]
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    sys.stdout.write(describe(get_query(args.name)) if args.name else listing())
    return 0

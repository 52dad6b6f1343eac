"""Query answers as plain rows, whoever answers: the embedded store or an endpoint.

A `Result` holds the rows of a SELECT (cells are `Term`s or None), the answer of an ASK, or
the triples of a graph query as rows of (subject, predicate, object). kg_build/output.py
writes them (table, W3C CSV and TSV, JSON objects and JSON Lines, SPARQL JSON and XML), for
the CLI and the server alike.

- `run_sparql(store, text) -> Result`: an ad-hoc SELECT, ASK, CONSTRUCT or DESCRIBE.
- `execute(store, text) -> Result`: any query text on the embedded store.
- `term_of(node)` and `to_result(answer)`: pyoxigraph terms and answers as Terms and Results.
- `result_from_json(data) -> Result`: SPARQL 1.1 JSON results (e.g. from an endpoint).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from kg_build.errors import KgError

XSD = "http://www.w3.org/2001/XMLSchema#"


@dataclass(frozen=True)
class Term:
    """An RDF term as a result cell: kind is "uri", "literal" or "bnode"."""

    kind: str
    value: str
    datatype: str | None = None  # None for plain strings and language strings
    lang: str | None = None


@dataclass(frozen=True)
class Result:
    """Rows of a SELECT (cells may be None), the answer of an ASK, or the triples of a graph
    query as rows of (subject, predicate, object)."""

    kind: str  # "select", "ask" or "graph"
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Term | None, ...], ...] = ()
    boolean: bool | None = None


def term_of(node: Any) -> Term | None:
    if node is None:
        return None
    if isinstance(node, ox.NamedNode):
        return Term("uri", node.value)
    if isinstance(node, ox.BlankNode):
        return Term("bnode", node.value)
    if isinstance(node, ox.Literal):
        datatype = node.datatype.value if node.datatype else None
        if node.language or datatype == XSD + "string":
            datatype = None
        return Term("literal", node.value, datatype, node.language)
    return Term("literal", str(node))  # a quoted triple: show its N-Triples form


def to_result(answer: Any) -> Result:
    """A pyoxigraph query answer as a Result (rows are read eagerly)."""
    if isinstance(answer, ox.QueryBoolean):
        return Result("ask", boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        variables = tuple(v.value for v in answer.variables)
        rows = tuple(tuple(term_of(row[i]) for i in range(len(variables))) for row in answer)
        return Result("select", variables, rows)
    triples = sorted(
        (tuple(term_of(x) for x in (t.subject, t.predicate, t.object)) for t in answer),
        key=lambda row: tuple((c.kind, c.value) if c else ("", "") for c in row),
    )
    return Result("graph", ("subject", "predicate", "object"), tuple(triples))


def short(exc: Exception, limit: int = 160) -> str:
    """An engine's message on one line, cut to a readable length."""
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def execute(store: ox.Store, text: str) -> Result:
    """Run a query over the union of the store's graphs."""
    try:
        answer = store.query(text)  # the default graph is the merge of all graphs
    except SyntaxError as exc:
        raise KgError(f"the SPARQL does not parse: {short(exc)}; check it near there") from exc
    except (OSError, RuntimeError, ValueError) as exc:
        raise KgError(f"the query failed: {short(exc)}") from exc
    return to_result(answer)


def check_readonly(text: str) -> None:
    """Reject SPARQL Update with a clear message (the store is opened read-only anyway)."""
    body = re.sub(r"#[^\n]*|<[^\s<>]*>|\"[^\"]*\"|'[^']*'", " ", text)
    body = re.sub(r"^\s*(PREFIX\s+\S*\s*|BASE\s*)", "", body, flags=re.IGNORECASE)
    words = re.findall(r"[A-Za-z]+", body)
    first = words[0].upper() if words else ""
    if first in {
        "INSERT",
        "DELETE",
        "LOAD",
        "CLEAR",
        "CREATE",
        "DROP",
        "COPY",
        "MOVE",
        "ADD",
        "WITH",
    }:
        raise KgError(
            "only queries (SELECT, ASK, CONSTRUCT, DESCRIBE) run here, not updates; "
            "rebuild the store with `kaiping-kg build` to change it"
        )


def run_sparql(store: ox.Store, text: str) -> Result:
    """An ad-hoc query on the embedded store."""
    if not text.strip():
        raise KgError("the query is empty; give SPARQL text or --file F.rq")
    check_readonly(text)
    return execute(store, text)


def result_from_json(data: dict[str, Any]) -> Result:
    """SPARQL 1.1 JSON results (https://www.w3.org/TR/sparql11-results-json/) as a Result."""
    if "boolean" in data:
        return Result("ask", boolean=bool(data["boolean"]))
    variables = tuple(data.get("head", {}).get("vars", []))
    rows = []
    for binding in data.get("results", {}).get("bindings", []):
        row = []
        for var in variables:
            cell = binding.get(var)
            if cell is None:
                row.append(None)
                continue
            kind = {"typed-literal": "literal"}.get(cell["type"], cell["type"])
            datatype = cell.get("datatype")
            if datatype == XSD + "string":
                datatype = None
            row.append(Term(kind, cell["value"], datatype, cell.get("xml:lang")))
        rows.append(tuple(row))
    return Result("select", variables, tuple(rows))

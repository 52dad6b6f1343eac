"""Resolve what a query reaches for: the IRIs of its SERVICE and FROM / FROM NAMED clauses.

The worker (worker.py) first lexes every query as Oxigraph does (lexer.py) and refuses an
update or, without --allow-service, any SERVICE; only a query that has SERVICE or FROM comes
here, where rdflib's parser and algebra resolve prefixed and relative IRIs so that a SERVICE
outside the allow-list or a FROM naming no graph of the store is refused. rdflib is imported
only then, so importing `Refused` is cheap.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any


class Refused(Exception):
    """A request the endpoint will not run; `status` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Inspection:
    """What a query is and what it reaches for."""

    form: str  # SELECT, ASK, CONSTRUCT or DESCRIBE
    services: tuple[str, ...]  # SERVICE IRIs ("?var" for a variable)
    default_graphs: tuple[str, ...]  # FROM
    named_graphs: tuple[str, ...]  # FROM NAMED


_FORMS = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}


def _nodes(node: object) -> Iterator[Any]:
    """Every CompValue in a parse tree or algebra, depth first."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    seen: set[int] = set()
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, CompValue):
            yield item
            stack.extend(item.values())
        elif isinstance(item, list | tuple | ParseResults):
            stack.extend(item)


def _parser_message(exc: Exception) -> str:
    return str(exc).replace("\n", " ").strip() or type(exc).__name__


# rdflib's pyparsing grammar is not thread-safe: concurrent parses corrupt each other (the
# server never parses; this guards other callers, e.g. tests, that use threads).
_PARSE_LOCK = threading.Lock()


def inspect_query(text: str) -> Inspection:
    """Parse `text` as a SPARQL query; Refused(400) if malformed, Refused(403) if an update."""
    with _PARSE_LOCK:
        return _inspect(text)


@functools.lru_cache(maxsize=1024)
def _inspect(text: str) -> Inspection:
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
    from rdflib.term import URIRef

    try:
        parsed = parseQuery(text)
    except ParseBaseException as exc:
        try:
            parseUpdate(text)
        except Exception:
            raise Refused(400, f"malformed query: {_parser_message(exc)}") from None
        raise Refused(
            403, "this endpoint is read-only: updates (INSERT, DELETE, LOAD, CLEAR …) are refused"
        ) from None
    except Exception as exc:  # rdflib raises a few other types on odd input
        raise Refused(400, f"malformed query: {_parser_message(exc)}") from None
    form = next((_FORMS[n.name] for n in _nodes(parsed) if n.name in _FORMS), "SELECT")
    reaches = any(n.name in ("ServiceGraphPattern", "DatasetClause") for n in _nodes(parsed))
    if not reaches:
        return Inspection(form, (), (), ())
    # IRIs may be prefixed names or relative to BASE: resolve them through the algebra.
    try:
        algebra = translateQuery(parsed).algebra
    except Exception as exc:
        raise Refused(400, f"malformed query: {_parser_message(exc)}") from None
    services: list[str] = []
    default: list[str] = []
    named: list[str] = []
    for node in _nodes(algebra):
        if node.name == "ServiceGraphPattern":
            term = node["term"]
            services.append(str(term) if isinstance(term, URIRef) else f"?{term}")
        elif node.name == "DatasetClause":
            if "default" in node:
                default.append(str(node["default"]))
            if "named" in node:
                named.append(str(node["named"]))
    return Inspection(form, tuple(sorted(set(services))), tuple(default), tuple(named))


_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _unescape(text: str) -> str:
    """SPARQL's \\u and \\U escapes decoded, as a parser may do before anything else."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


def check_query(
    text: str, *, allow: frozenset[str] = frozenset(), local_graphs: frozenset[str] = frozenset()
) -> Inspection:
    """Inspect and refuse what must not run: SERVICE or FROM outside `allow` (FROM may also
    name one of `local_graphs`)."""
    found = inspect_query(text)
    decoded = _unescape(text)
    if decoded != text:  # both readings must pass: escapes cannot hide a SERVICE
        other = inspect_query(decoded)
        found = Inspection(
            found.form,
            tuple(sorted(set(found.services + other.services))),
            found.default_graphs + other.default_graphs,
            found.named_graphs + other.named_graphs,
        )
    for iri in found.services:
        if iri not in allow:
            raise Refused(
                403,
                f"SERVICE {iri if iri.startswith('?') else '<' + iri + '>'} is refused: this "
                "endpoint does not call other endpoints unless started with "
                "--allow-service IRI",
            )
    for iri in found.default_graphs + found.named_graphs:
        if iri not in allow and iri not in local_graphs:
            raise Refused(
                403,
                f"FROM <{iri}> is refused: it is not a graph of this store; graphs are listed "
                "at /.well-known/void (or start the server with --allow-service IRI)",
            )
    return found

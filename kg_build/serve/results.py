"""Result formats of the endpoint and content negotiation by `Accept` (or `?format=`).

The writers are the CLI's (kg_build/output.py for results, kg_build/rdf/serialize.py for
graphs); this module picks one for a request and labels it with its media type.
"""

from __future__ import annotations

from collections.abc import Sequence

from kg_build.answers import Result, term_of
from kg_build.output import render_csv, sparql_json, sparql_tsv, sparql_xml
from kg_build.rdf.serialize import serialize_triples
from kg_build.serve.pool import Answer

# name → media type, for results (SELECT, ASK) and for graphs (CONSTRUCT, DESCRIBE, pages)
RESULT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_TYPES = {
    "turtle": "text/turtle",
    "jsonld": "application/ld+json",
    "ntriples": "application/n-triples",
}
_ALIASES = {
    "application/json": "json",
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/ld+json": "jsonld",
    "application/n-triples": "ntriples",
    "text/plain": "ntriples",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "ttl": "turtle",
    "nt": "ntriples",
    "json-ld": "jsonld",
    "sparql-json": "json",  # the CLI's names for the W3C formats
    "sparql-xml": "xml",
}


def _accept_items(accept: str) -> list[tuple[float, int, str]]:
    items = []
    for index, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        items.append((q, index, media))
    return sorted(items, key=lambda x: (-x[0], x[1]))


def negotiate(accept: str | None, format_param: str | None, offered: Sequence[str]) -> str:
    """The name (from `offered`, first is the default) that best fits the request."""
    if format_param:
        name = _ALIASES.get(format_param.lower(), format_param.lower())
        return name if name in offered else ""
    if not accept:
        return offered[0]
    for q, _, media in _accept_items(accept):
        if q <= 0:
            continue
        if media in ("*/*", "application/*", "text/*"):
            return offered[0]
        name = _ALIASES.get(media)
        if name in offered:
            return name
    return ""


def media_type(name: str) -> str:
    if name == "html":
        return "text/html; charset=utf-8"
    base = RESULT_TYPES.get(name) or GRAPH_TYPES[name]
    return base + ("; charset=utf-8" if name in ("csv", "tsv", "turtle", "ntriples") else "")


def as_result(answer: Answer) -> Result:
    """A worker's answer to a SELECT or ASK as the rows kg_build/output.py writes."""
    rows = tuple(tuple(term_of(t) for t in row) for row in answer.rows)
    return Result(answer.form, answer.variables, rows, answer.boolean)


def render(answer: Answer, name: str) -> bytes:
    """An answer in the format `name` (negotiated beforehand for the answer's form)."""
    if answer.form == "graph":
        return serialize_triples(answer.triples, name)
    result = as_result(answer)
    if name == "json":
        return sparql_json(result, truncated=answer.truncated).encode()
    if name == "xml":
        return sparql_xml(result).encode()
    if name == "csv":
        return render_csv(result).encode()
    return sparql_tsv(result).encode()

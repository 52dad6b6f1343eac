"""Result formats of the endpoint and content negotiation by `Accept` (or `?format=`)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from kg_build.rdf.namespaces import PREFIXES
from kg_build.serve.pool import Answer

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

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


def term_json(term: object) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {"type": "literal", "value": str(term)}


def select_json(answer: Answer) -> bytes:
    if answer.form == "ask":
        return json.dumps({"head": {}, "boolean": answer.boolean}).encode()
    bindings = [
        {v: term_json(t) for v, t in zip(answer.variables, row, strict=True) if t is not None}
        for row in answer.rows
    ]
    doc: dict[str, object] = {
        "head": {"vars": list(answer.variables)},
        "results": {"bindings": bindings},
    }
    if answer.truncated:
        doc["truncated"] = True  # extra member: clients ignore it, our page shows it
    return json.dumps(doc, ensure_ascii=False).encode()


def _xml_term(term: object) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            dt = quoteattr(term.datatype.value)
            return f"<literal datatype={dt}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    return f"<literal>{escape(str(term))}</literal>"


def select_xml(answer: Answer) -> bytes:
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<sparql xmlns="http://www.w3.org/2005/sparql-results#">',
        "<head>",
    ]
    out += [f"<variable name={quoteattr(v)}/>" for v in answer.variables]
    out.append("</head>")
    if answer.form == "ask":
        out.append(f"<boolean>{'true' if answer.boolean else 'false'}</boolean>")
    else:
        out.append("<results>")
        for row in answer.rows:
            out.append("<result>")
            for v, t in zip(answer.variables, row, strict=True):
                if t is not None:
                    out.append(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>")
            out.append("</result>")
        out.append("</results>")
    out.append("</sparql>")
    return "\n".join(out).encode()


def _csv_value(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return getattr(term, "value", str(term))


def select_csv(answer: Answer) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    if answer.form == "ask":
        writer.writerow(["boolean"])
        writer.writerow(["true" if answer.boolean else "false"])
    else:
        writer.writerow(answer.variables)
        for row in answer.rows:
            writer.writerow([_csv_value(t) for t in row])
    return buf.getvalue().encode()


def _tsv_value(term: object) -> str:
    if term is None:
        return ""
    return str(term).replace("\t", "\\t").replace("\n", "\\n")


def select_tsv(answer: Answer) -> bytes:
    if answer.form == "ask":
        return b"?boolean\n" + (b"true\n" if answer.boolean else b"false\n")
    lines = ["\t".join(f"?{v}" for v in answer.variables)]
    lines += ["\t".join(_tsv_value(t) for t in row) for row in answer.rows]
    return ("\n".join(lines) + "\n").encode()


def graph_bytes(triples: Iterable[ox.Triple], name: str) -> bytes:
    """Triples as Turtle (with the project's prefixes), JSON-LD or N-Triples."""
    prefixes = {k: str(v) for k, v in PREFIXES.items()}
    if name == "turtle":
        return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    if name == "jsonld":
        return ox.serialize(triples, format=ox.RdfFormat.JSON_LD, prefixes=prefixes)
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)


def render(answer: Answer, name: str) -> bytes:
    """An answer in the format `name` (negotiated beforehand for the answer's form)."""
    if answer.form == "graph":
        return graph_bytes(answer.triples, name)
    return {"json": select_json, "xml": select_xml, "csv": select_csv, "tsv": select_tsv}[name](
        answer
    )

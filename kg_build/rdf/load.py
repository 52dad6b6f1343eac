"""RDF files read safely, by Oxigraph's parsers, into rdflib graphs (for `validate`).

Nothing is fetched: a JSON-LD `@context` by IRI and an XML external entity or DTD are
refused, never dereferenced. Pathological input is bounded with a clear KgError: a file over
MAX_FILE_BYTES, an RDF/XML entity defined through other entities (exponential expansion)
or expanding past MAX_EXPANSION, a literal over MAX_LITERAL_CHARS, nesting past MAX_DEPTH.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from kg_build.errors import KgError

FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
}
MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_LITERAL_CHARS = 1024 * 1024
MAX_EXPANSION = 16 * 1024 * 1024  # characters all entity references may add
MAX_DEPTH = 512  # nested brackets, collections, JSON objects
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

_ENTITY = re.compile(rb"<!ENTITY\s+(%\s+)?([^\s>]+)\s+(SYSTEM|PUBLIC|\"[^\"]*\"|'[^']*')", re.I)
_DOCTYPE_EXTERNAL = re.compile(rb"<!DOCTYPE[^>\[]*\b(SYSTEM|PUBLIC)\b", re.I)
_OPENERS = {ox.RdfFormat.JSON_LD: b"{[", ox.RdfFormat.RDF_XML: b""}


def check_xml(data: bytes, label: str) -> None:
    """Refuse external DTDs and entities, nested entities and a large total expansion."""
    if _DOCTYPE_EXTERNAL.search(data):
        raise KgError(f"{label} names an external DTD; it is never fetched, remove the DOCTYPE")
    sizes: dict[bytes, int] = {}
    for m in _ENTITY.finditer(data):
        parameter, name, value = m.group(1), m.group(2), m.group(3)
        if value.upper() in (b"SYSTEM", b"PUBLIC"):
            raise KgError(f"{label} declares an external entity {name.decode(errors='replace')}; "
                          "it is never fetched")  # fmt: skip
        if parameter or b"&" in value or b"%" in value:
            raise KgError(f"{label} defines entity {name.decode(errors='replace')} through "
                          "other entities (an expansion bomb?); give the value itself")  # fmt: skip
        sizes[name] = len(value)
    grown = sum(size * data.count(b"&" + name + b";") for name, size in sizes.items())
    if grown > MAX_EXPANSION:
        raise KgError(f"{label}: its entities would expand to {grown:,} characters, over the "
                      f"limit of {MAX_EXPANSION:,}")  # fmt: skip


def check_depth(data: bytes, label: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH outside strings (a cheap bracket count)."""
    text = re.sub(rb'"(?:[^"\\\n]|\\.)*"', b'""', data)  # strings hold no structure
    depth = deepest = 0
    for ch in re.findall(rb"[\[\](){}]", text):
        depth += 1 if ch in b"[({" else -1
        deepest = max(deepest, depth)
    if deepest > MAX_DEPTH:
        raise KgError(f"{label} nests {deepest} levels deep, over the limit of {MAX_DEPTH}")


def rdflib_term(term: object) -> URIRef | BNode | Literal:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if len(term.value) > MAX_LITERAL_CHARS:
            raise KgError(f"a literal of {len(term.value):,} characters, over the limit of "
                          f"{MAX_LITERAL_CHARS:,}")  # fmt: skip
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        return Literal(term.value) if dt == XSD_STRING else Literal(term.value, datatype=dt)
    raise KgError("RDF-star triple terms are not supported; give plain triples")


def load_rdf(path: Path) -> Graph:
    """A Turtle, N-Triples, N-Quads, TriG, JSON-LD or RDF/XML file, graphs merged."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise KgError(f"cannot tell the RDF format of {path}; use one of {', '.join(FORMATS)}")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise KgError(f"{path} is {size:,} bytes, over the limit of {MAX_FILE_BYTES:,}")
        data = path.read_bytes()
    except OSError as exc:
        raise KgError(f"cannot read {path}: {exc.strerror or exc}") from None
    if fmt == ox.RdfFormat.RDF_XML:
        check_xml(data, str(path))
    else:
        check_depth(data, str(path))
    graph = Graph()
    try:
        for quad in ox.parse(data, format=fmt, base_iri=path.resolve().as_uri()):
            graph.add((rdflib_term(quad.subject), rdflib_term(quad.predicate),
                       rdflib_term(quad.object)))  # fmt: skip
    except SyntaxError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else "syntax error"
        if "LoadDocumentCallback" in first or "remote context" in first:
            first = "it names a remote JSON-LD @context, which is never fetched; inline it"
        raise KgError(f"cannot parse {path} as {fmt.name}: {first}") from None
    except ValueError as exc:
        raise KgError(f"cannot parse {path} as {fmt.name}: {exc}") from None
    return graph

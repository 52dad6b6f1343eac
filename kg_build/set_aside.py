"""Reports set aside by a build: their violations as data in the store.

A report whose graph does not conform is not stored; instead the graph
`<base>graph/set-aside` holds, for each such report, a `sh:ValidationReport`
(`<report>/set-aside`, with `dcterms:source` the report, its title and source file) and one
`sh:ValidationResult` per violation: the fact (`sh:focusNode`), the shape
(`sh:sourceShape`), the property (`sh:resultPath`), the messages (`sh:resultMessage`, zh and
en) and the sentence it came from (`prov:value`, with `kp:line`). The stored query
`set-aside` lists them. IRIs are derived from the report, so the graph is deterministic.
"""

from __future__ import annotations

import pyoxigraph as ox

from kg_build.rdf.namespaces import KP
from kg_build.shacl_results import SH, SHACL_PREFIXES, ValidationRecord

DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"


def set_aside_iri(base: str) -> str:
    return f"{base}graph/set-aside"


def _expand(compact: str | None) -> ox.NamedNode | None:
    if not compact:
        return None
    prefix, sep, local = compact.partition(":")
    if sep and prefix in SHACL_PREFIXES and not local.startswith("//"):
        return ox.NamedNode(SHACL_PREFIXES[prefix] + local)
    try:
        return ox.NamedNode(compact)
    except ValueError:
        return None


def set_aside_triples(reports: dict[str, dict]) -> list[ox.Triple]:
    """Triples for `{report IRI: {"title", "source_name", "violations": [record dicts]}}`."""
    out: list[ox.Triple] = []

    def add(s: ox.NamedNode, p: str, o) -> None:
        if o is not None:
            out.append(ox.Triple(s, ox.NamedNode(p), o))

    for iri in sorted(reports):
        info = reports[iri]
        node = ox.NamedNode(f"{iri}/set-aside")
        add(node, RDF_TYPE, ox.NamedNode(str(SH.ValidationReport)))
        add(node, str(SH.conforms), ox.Literal("false", datatype=ox.NamedNode(XSD_BOOLEAN)))
        add(node, DCTERMS + "source", ox.NamedNode(iri))
        add(node, DCTERMS + "title", ox.Literal(info["title"], language="zh"))
        add(node, str(KP.sourceFile), ox.Literal(info["source_name"]))
        for n, r in enumerate(info["violations"], 1):
            v = ox.NamedNode(f"{iri}/set-aside/v{n}")
            add(node, str(SH.result), v)
            add(v, RDF_TYPE, ox.NamedNode(str(SH.ValidationResult)))
            add(v, str(SH.resultSeverity), ox.NamedNode(str(SH[r["severity"]])))
            add(v, str(SH.focusNode), _expand(r["about"]) or _expand(r["focus"]))
            add(v, str(SH.sourceShape), _expand(r["shape"]))
            add(v, str(SH.resultPath), _expand(r["path"]))
            add(v, str(SH.resultMessage), ox.Literal(r["message_zh"], language="zh"))
            add(v, str(SH.resultMessage), ox.Literal(r["message_en"], language="en"))
            if r.get("source_text") is not None:
                add(v, PROV + "value", ox.Literal(r["source_text"]))
            if r.get("source_line") is not None:
                add(v, str(KP.line), ox.Literal(str(r["source_line"]), datatype=_INT))
    return out


_INT = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")


def set_aside_ntriples(reports: dict[str, dict]) -> bytes:
    data = ox.serialize(set_aside_triples(reports), format=ox.RdfFormat.N_TRIPLES)
    lines = sorted(set(data.splitlines()))
    return b"\n".join(lines) + (b"\n" if lines else b"")


def record_dicts(records: list[ValidationRecord]) -> list[dict]:
    from dataclasses import asdict

    return [asdict(r) for r in records]

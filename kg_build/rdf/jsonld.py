"""JSON-LD with the project's prefixes as its `@context`.

Oxigraph writes JSON-LD in expanded form (full IRIs everywhere, no context). `with_context`
adds a `@context` mapping each prefix of kg_build/rdf/namespaces.py (and `rdf:`) to its
namespace and writes the IRIs in property names, `@id` and `@type` as compact IRIs
(`kp:Town`), which every JSON-LD processor expands back to the same triples. An IRI is left
whole when its local part could be read otherwise (empty, or starting with `//`). Same input,
same bytes.
"""

from __future__ import annotations

import json
from typing import Any

from kg_build.rdf.namespaces import PREFIXES

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
CONTEXT = dict(sorted({"rdf": RDF, **{prefix: str(ns) for prefix, ns in PREFIXES.items()}}.items()))
# the longest namespace first, so kpid: wins over a shorter namespace that also matches
_BY_LENGTH = sorted(CONTEXT.items(), key=lambda item: -len(item[1]))


def compact_iri(iri: str) -> str:
    """`iri` as `prefix:local` when a project namespace starts it, else unchanged."""
    for prefix, ns in _BY_LENGTH:
        if iri.startswith(ns):
            local = iri[len(ns) :]
            if local and not local.startswith("//"):
                return f"{prefix}:{local}"
            return iri
    return iri


def _compact(node: Any) -> Any:
    if isinstance(node, list):
        return [_compact(item) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "@id" and isinstance(value, str) and not value.startswith("_:"):
            out[key] = compact_iri(value)
        elif key == "@type":
            out[key] = (
                [compact_iri(v) for v in value] if isinstance(value, list) else compact_iri(value)
            )
        elif key.startswith("@"):
            out[key] = _compact(value)
        else:
            out[compact_iri(key)] = _compact(value)
    return out


def with_context(expanded: bytes) -> bytes:
    """Expanded JSON-LD (a list of nodes) as `{"@context": …, "@graph": […]}`, compacted."""
    data = json.loads(expanded or b"[]")
    graph = data if isinstance(data, list) else [data]
    doc = {"@context": CONTEXT, "@graph": _compact(graph)}
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")

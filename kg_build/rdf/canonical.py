"""Stable blank-node labels and a fixed quad order, so a graph gives the same bytes every time.

Oxigraph and rdflib label blank nodes afresh on every parse, so the ontology's OWL lists and
restrictions and the Data Cube structure came out under new labels on every build and export.
`canonical_quads` relabels each blank node by a hash of what surrounds it (its triples, in
and out, refined a few rounds as in colour refinement), a content-derived label that is the
same on every run; then it sorts the quads.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
ROUNDS = 8


def _digest(parts: list[str]) -> str:
    return hashlib.sha256("\n".join(sorted(parts)).encode("utf-8")).hexdigest()


def blank_labels(quads: list[ox.Quad]) -> dict[str, str]:
    """Blank node id → a label derived from its neighbourhood (stable across parses)."""
    edges: dict[str, list[tuple[str, ox.Quad]]] = defaultdict(list)
    for q in quads:
        if isinstance(q.subject, ox.BlankNode):
            edges[q.subject.value].append(("out", q))
        if isinstance(q.object, ox.BlankNode):
            edges[q.object.value].append(("in", q))
    if not edges:
        return {}
    colour = dict.fromkeys(edges, "")

    def show(term: object) -> str:
        if isinstance(term, ox.BlankNode):
            return "_:" + colour.get(term.value, "")
        return str(term)

    classes = 1
    for _ in range(ROUNDS):
        colour = {
            b: _digest(
                [
                    f"{way} {show(q.predicate)} "
                    f"{show(q.object if way == 'out' else q.subject)} {show(q.graph_name)}"
                    for way, q in around
                ]
            )
            for b, around in edges.items()
        }
        now = len(set(colour.values()))
        if now == classes and now > 1:
            break
        classes = now
    labels: dict[str, str] = {}
    seen: dict[str, int] = defaultdict(int)
    for b in sorted(edges, key=lambda b: colour[b]):  # ties: interchangeable nodes
        c = colour[b]
        seen[c] += 1
        labels[b] = f"b{c[:24]}" + (f"x{seen[c]}" if seen[c] > 1 else "")
    return labels


def canonical_quads(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """The quads once each, blank nodes relabelled by `blank_labels`, in a fixed order
    (by graph, subject, predicate and object, each compared as its N-Triples text)."""
    unique = list(dict.fromkeys(quads))
    labels = blank_labels(unique)
    if labels:

        def term(t):  # noqa: ANN001, ANN202
            return ox.BlankNode(labels[t.value]) if isinstance(t, ox.BlankNode) else t

        unique = list(
            {ox.Quad(term(q.subject), q.predicate, term(q.object), q.graph_name) for q in unique}
        )
    return sorted(
        unique, key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object))
    )

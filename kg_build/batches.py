"""Validation in batches: reports that share an entity are validated together, others apart.

A build used to validate all its reports as one graph, but rudof's time per node grows with
the size of the graph, and 1,000 synthetic reports validated as one graph ran out of 24 GB
(bench/validation_growth.py, docs/benchmarks.md). So reports are grouped: two reports
that name the same minted entity (a park, project, town, cluster …) are in one group, and
every entity is checked with everything every report says about it. Minted indicators and
industries, named by a phrase alone and described alike by every report, do not join
groups. Groups are packed into batches of about `size` reports; each batch is validated
with the ontology and the slice of reference data it names.

What this gives up: a contradiction between reports that meet only in reference data (two
reports adding different values of a single-valued property to one gazetteer place) is not
seen. Reports add no such properties today; `kaiping-kg validate` still checks the whole
store as one graph.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph, URIRef

from kg_build.context import Context, data_graph, graph_iris
from kg_build.paths import shapes_dir
from kg_build.rdf.slice import slice_triples
from kg_build.shacl_results import ValidationResult
from kg_build.validate import ENGINES, RudofSession, validate_with_pyrudof

BATCH_REPORTS = 20  # reports per batch (a group that shares entities is never split)


def minted_nodes(g: Graph, base: str) -> set[URIRef]:
    """IRIs minted for entities that reports describe in their own words: under the base
    but not the ontology, reference data, a report's own nodes, a graph, or a minted
    indicator or industry (named by a phrase alone, described the same by every report)."""
    skip = tuple(
        f"{base}{part}"
        for part in ("ontology", "id/", "report/", "graph/", "indicator/", "industry/")
    )
    nodes = set()
    for s, _, o in g:
        for node in (s, o):
            if not isinstance(node, URIRef):
                continue
            text = str(node)  # rdflib's URIRef.startswith does not take a tuple
            if text.startswith(base) and not text.startswith(skip):
                nodes.add(node)
    return nodes


def report_batches(
    reports: dict[str, Graph], base: str, size: int = BATCH_REPORTS
) -> list[list[str]]:
    """Report graph names in batches: groups of reports linked by shared minted entities
    (union-find), in the order of their first report, packed up to `size` reports."""
    names = list(reports)
    order = {name: i for i, name in enumerate(names)}
    parent = {name: name for name in names}

    def root(name: str) -> str:
        while parent[name] != name:
            parent[name] = parent[parent[name]]
            name = parent[name]
        return name

    owner: dict[URIRef, str] = {}
    for name in names:
        for node in minted_nodes(reports[name], base):
            if node in owner:
                a, b = root(owner[node]), root(name)
                if a != b:
                    parent[max(a, b, key=order.get)] = min(a, b, key=order.get)
            else:
                owner[node] = name
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(root(name), []).append(name)
    batches: list[list[str]] = []
    for group in groups.values():  # insertion order: by each group's first report
        if batches and len(batches[-1]) + len(group) <= size:
            batches[-1].extend(group)
        else:
            batches.append(list(group))
    return batches


def validate_in_batches(
    graphs: dict[str, Graph], ctx: Context, engine: str, size: int = BATCH_REPORTS
) -> ValidationResult:
    """Validate the ontology and report graphs batch by batch; one merged result."""
    ontology_iri, _ = graph_iris(ctx.base)
    reports = {name: g for name, g in graphs.items() if name != ontology_iri}
    records: set = set()
    seconds = 0.0
    triples = 0
    for batch in report_batches(reports, ctx.base, size) or [[]]:
        part = {name: graphs[name] for name in (ontology_iri, *batch) if name in graphs}
        result = ENGINES[engine](data_graph(part, ctx))
        records.update(result.results)
        seconds += result.seconds
        triples += result.triples
    return ValidationResult(sorted(records), Graph(), engine, seconds, triples)


def validate_one(graphs: dict[str, Graph], ctx: Context, engine: str) -> ValidationResult:
    """Validate graphs as one (a report with the ontology) with the reference slice they name.

    Builds validate each report alone this way, so a report's records are its own and are
    cached with it (kg_build/report_cache.py); `validate_in_batches` checks reports
    together."""
    return ENGINES[engine](data_graph(graphs, ctx))


def rudof_session(
    ctx: Context, engine: str | None, parts: int = 1, background: bool = True
) -> RudofSession | None:
    """The pyrudof session of `ctx` with the ontology read and the shapes of shapes/, one
    per process, made the first time in the background (start it before the report is
    extracted; give it to `validate_report`), or now with `background` False; None for
    another engine. `parts` > 1: the shapes split across that many threads."""
    if engine is None or ENGINES.get(engine) is not validate_with_pyrudof:
        return None
    folder = shapes_dir().resolve()
    key = (id(ctx), parts, str(folder))
    if key not in _SESSIONS:  # each report is validated staged over the base data
        session = RudofSession(lambda: ctx.ontology_ntriples, folder, parts, background)
        _SESSIONS[key] = (ctx, session)  # the context kept: its id is not reused
    return _SESSIONS[key][1]


_SESSIONS: dict[tuple[int, int, str], tuple[Context, RudofSession]] = {}


def validate_report(
    ctx: Context, graph: Graph, ntriples: str, engine: str, session: RudofSession | None = None
) -> ValidationResult:
    """One report's graph validated as `validate_one` does it (with the ontology and the
    reference slice they name); pyrudof is given N-Triples made without rdflib: the
    compiled ontology's, the report's own (`ntriples`) and the slice's, each line once
    (tests/test_batches.py checks that the records are the same)."""
    if ENGINES.get(engine) is not validate_with_pyrudof:  # pyshacl, or an engine put in
        ontology_iri, _ = graph_iris(ctx.base)
        return validate_one({ontology_iri: ctx.ontology, str(graph.identifier): graph}, ctx, engine)
    seeds = _ontology_nodes(ctx) | _named(ntriples.encode("utf-8"))
    part = ox.serialize(slice_triples(ctx.reference, seeds, ctx.reference_graph),
                        format=ox.RdfFormat.N_TRIPLES)  # fmt: skip
    lines = set(ctx.ontology_ntriples.splitlines())
    lines.update(ntriples.encode("utf-8").splitlines())
    lines.update(part.splitlines())
    lines.discard(b"")
    data = b"".join(line + b"\n" for line in sorted(lines))
    return (session or rudof_session(ctx, engine)).validate(data)


_ONTOLOGY_NODES: dict[str, set[str]] = {}


def _ontology_nodes(ctx: Context) -> set[str]:
    """The IRIs the ontology names (seeds of the slice, as `data_graph` takes them)."""
    if ctx.base not in _ONTOLOGY_NODES:
        _ONTOLOGY_NODES[ctx.base] = _named(ctx.ontology_ntriples)
    return _ONTOLOGY_NODES[ctx.base]


def _named(ntriples: bytes) -> set[str]:
    """The IRIs in subject or object position (kg_build.rdf.slice.named_nodes)."""
    found = set()
    for t in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES):
        found.update(x.value for x in (t.subject, t.object) if isinstance(x, ox.NamedNode))
    return found

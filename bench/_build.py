"""The build of kg_build/build.py:run_build, stage by stage, for timing.

Mirrors kg_build.pipeline.build_report (read → extract → resolve → emit) and run_build (validate →
store → Turtle); `check_same_as_run_build` guards against the two drifting apart.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from _common import Stages, ensure_path

ensure_path()

from kg_build.batches import validate_in_batches  # noqa: E402
from kg_build.context import Context, graph_iris  # noqa: E402
from kg_build.pipeline import emit_graph, extract_claims  # noqa: E402
from kg_build.rdf.namespaces import DEFAULT_BASE  # noqa: E402
from kg_build.rdf.serialize import serialize_dataset, serialize_graph  # noqa: E402
from kg_build.read import read_report  # noqa: E402
from kg_build.resolve import resolve  # noqa: E402
from kg_build.store import replace_store  # noqa: E402


def staged_build(
    paths: list[Path],
    store: Path,
    out: Path,
    stages: Stages,
    validate: bool = True,
    engine: str = "pyrudof",
) -> dict:
    """Build `paths` like `kaiping-kg build`, timing each stage; returns counts."""
    with stages("reference"):
        ctx = Context(DEFAULT_BASE)
        _ = (ctx.ontology, ctx.reference, ctx.places, ctx.indicators, ctx.units)
    with stages("read"):
        reports = [read_report(p) for p in paths]
    with stages("extract"):
        claims = [extract_claims(report, ctx) for report in reports]
    with stages("resolve"):
        extractions = [resolve(r, c, ctx) for r, c in zip(reports, claims, strict=True)]
    with stages("rdf"):
        report_graphs = {}
        for report, ex in zip(reports, extractions, strict=True):
            g = emit_graph(report, ex, ctx.in_reference)
            report_graphs[str(g.identifier)] = g
    ontology_iri, reference_iri = graph_iris(ctx.base)
    graphs = {ontology_iri: ctx.ontology, **report_graphs}
    contents = [(reference_iri, ctx.reference_ntriples())]
    conforms = None
    if validate:
        with stages("validate"):
            conforms = validate_in_batches(graphs, ctx, engine).conforms
    with stages("store"):
        contents += [(n, serialize_graph(g, "ntriples")) for n, g in graphs.items()]
        replace_store(store, contents)
    with stages("turtle"):
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(serialize_dataset(report_graphs, "turtle"))
    return {
        "reports": len(reports),
        "statements": sum(len(r.statements) for r in reports),
        "observations": sum(len(e.observations) for e in extractions),
        "report_triples": sum(len(g) for g in report_graphs.values()),
        "all_triples": sum(len(g) for g in graphs.values())
        + sum(1 for _ in ctx.reference.quads_for_pattern(None, None, None, ox.DefaultGraph())),
        "conforms": conforms,
    }


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())

"""The build of kg_build/build.py:run_build, stage by stage, for timing.

Mirrors kg_build.report_cache.process_report (read → extract → resolve → emit → N-Triples →
validate each report alone) and run_build (Turtle, then a store generation that starts as a
backup of the compiled reference data and loads only the reports), without the report cache.
"""

from __future__ import annotations

from pathlib import Path

from _common import Stages, ensure_path

ensure_path()

from kg_build.batches import rudof_session, validate_report  # noqa: E402
from kg_build.build import _spare_core, write_turtle  # noqa: E402
from kg_build.context import Context  # noqa: E402
from kg_build.pipeline import emit_graph, extract_claims  # noqa: E402
from kg_build.rdf.namespaces import DEFAULT_BASE  # noqa: E402
from kg_build.rdf.serialize import serialize_graph  # noqa: E402
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
    with stages("reference"):  # the compiled database and tables (kg_build/compiled.py)
        ctx = Context(DEFAULT_BASE)
        _ = (ctx.compiled, ctx.places, ctx.indicators, ctx.units, ctx.ontology_ntriples)
    with stages("read"):
        # as process_report does: rudof's session opens in the background while the report
        # is read and extracted (for a few reports only: each holds a session in memory); it
        # is validated in two threads when built alone with a core to spare, as `build` does
        parts = 2 if len(paths) == 1 and _spare_core() else 1
        sessions = [rudof_session(ctx, engine if validate else None, parts) for _ in paths[:4]]
        reports = [read_report(p) for p in paths]
    with stages("extract"):
        claims = [extract_claims(report, ctx) for report in reports]
    with stages("resolve"):
        extractions = [resolve(r, c, ctx) for r, c in zip(reports, claims, strict=True)]
    with stages("rdf"):
        graphs, texts = [], []
        for report, ex in zip(reports, extractions, strict=True):
            g = emit_graph(report, ex, ctx.in_reference)
            graphs.append(g)
            texts.append(serialize_graph(g, "ntriples").decode("utf-8"))
    conforms = None
    if validate:
        with stages("validate"):
            sessions += [None] * (len(graphs) - len(sessions))
            results = [
                validate_report(ctx, g, t, engine, session)
                for g, t, session in zip(graphs, texts, sessions, strict=True)
            ]
            conforms = all(r.conforms for r in results)
    with stages("turtle"):
        write_turtle(texts, out)
    with stages("store"):
        start = ctx.compiled.store if ctx.compiled.path is not None else None
        contents = [
            (str(g.identifier), t.encode("utf-8")) for g, t in zip(graphs, texts, strict=True)
        ]
        if start is None:
            contents += [(ctx.compiled.reference.value, ctx.reference_ntriples()),
                         (ctx.compiled.ontology.value, ctx.ontology_ntriples)]  # fmt: skip
        replace_store(store, contents, start=start)
    return {
        "reports": len(reports),
        "statements": sum(len(r.statements) for r in reports),
        "observations": sum(len(e.observations) for e in extractions),
        "report_triples": sum(len(g) for g in graphs),
        "all_triples": sum(len(g) for g in graphs)
        + sum(1 for _ in ctx.reference.quads_for_pattern(None, None, None, ctx.reference_graph))
        + ctx.ontology_ntriples.count(b"\n"),
        "conforms": conforms,
    }


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())

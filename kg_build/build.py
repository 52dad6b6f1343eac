"""`kaiping-kg build`: reports → validated graphs → a new store generation and Turtle."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph
from tqdm import tqdm

from kg_build.batches import validate_in_batches
from kg_build.context import Context, data_graph, graph_iris
from kg_build.errors import KgError
from kg_build.pipeline import ReportBuild, build_report
from kg_build.rdf.serialize import serialize_dataset, serialize_graph
from kg_build.store import replace_store


@dataclass
class BuildResult:
    builds: list[ReportBuild]
    graphs: dict[str, Graph]  # named graph IRI → graph: the ontology and every report
    ctx: Context  # holds the reference data, stored as a graph of its own
    store: Path | None
    conforms: bool | None
    validation_text: str | None

    @property
    def report_graphs(self) -> dict[str, Graph]:
        return {str(b.graph.identifier): b.graph for b in self.builds}

    def data_graph(self) -> Graph:
        """What validation sees: every graph plus the reference data they name."""
        return data_graph(self.graphs, self.ctx)


def build_graphs(
    reports: list[Path], ctx: Context, overrides: dict | None = None
) -> tuple[list[ReportBuild], dict[str, Graph]]:
    """Build every report; fail before anything is written if one is bad.

    Returns the builds and the graphs by name: the ontology and one per report (the
    reference data stays in `ctx.reference`).
    """
    builds: list[ReportBuild] = []
    quiet = len(reports) < 2 or not sys.stderr.isatty()
    bar = tqdm(reports, desc="building", unit="report", disable=quiet, file=sys.stderr)
    for path in bar:
        builds.append(build_report(path, ctx, overrides))
    seen: dict[str, Path] = {}
    for path, b in zip(reports, builds, strict=True):
        name = str(b.graph.identifier)
        if name in seen:
            raise KgError(
                f"{path} and {seen[name]} both become {name}; give one a different slug "
                "(file name or `slug:` in its .meta.yaml sidecar)"
            )
        seen[name] = path
    ontology_iri, _ = graph_iris(ctx.base)
    graphs = {ontology_iri: ctx.ontology}
    graphs.update({str(b.graph.identifier): b.graph for b in builds})
    return builds, graphs


def run_build(
    reports: list[Path],
    *,
    store: Path | None,
    out: Path | None,
    base: str,
    validate: bool = True,
    force: bool = False,
    overrides: dict | None = None,
    engine: str = "pyrudof",
) -> BuildResult:
    """Build, validate (pyrudof by default: the same shapes and results as pyshacl, which
    tests/test_validate.py cross-checks, in a quarter of the time; in batches of reports,
    kg_build/batches.py), store, write Turtle."""
    ctx = Context(base)
    builds, graphs = build_graphs(reports, ctx, overrides)
    conforms = text = None
    if validate:
        result = validate_in_batches(graphs, ctx, engine)
        conforms, text = result.conforms, result.summary()
        if not conforms and not force:
            raise KgError(
                f"{text}\nthe graph does not conform to the shapes; the store was not changed "
                "(fix the report or pass --force to store it anyway)",
                exit_code=1,
            )
    if store is not None:
        _, reference_iri = graph_iris(base)
        contents = [(name, serialize_graph(g, "ntriples")) for name, g in graphs.items()]
        replace_store(store, [(reference_iri, ctx.reference_ntriples()), *contents])
    if out is not None:
        report_graphs = {str(b.graph.identifier): b.graph for b in builds}
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(serialize_dataset(report_graphs, "turtle"))
    return BuildResult(builds, graphs, ctx, store, conforms, text)

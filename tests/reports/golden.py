"""The report folders of tests/reports: their report, golden graph and measured scores.

A folder NAME holds `report.txt` (with an optional `report.txt.meta.yaml`, the project's
sidecar) or `report.path` (one line: a report file relative to the project root, e.g. the
bundled report), `gold.jsonl`, `entities.jsonl`, `relations.jsonl` (CONVENTIONS.md of the
shared corpus), `expected.nq` (the report's named graph as sorted N-Quads) and `scores.yaml`
(the least scores the report must keep). Used by tests/test_reports.py and
scripts/update_golden.py.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.compare import graph_diff, to_isomorphic

from kg_build.read.decoding import decode_bytes
from tests.reports import scoring

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
BASE = "https://w3id.org/kaiping-kg/"  # the CLI's default --base-iri
QUERIES = ("observations", "entities", "projects-by-cluster")
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
PREFIXES = (  # for showing a differing triple; the longest namespace first
    (BASE + "ontology#", "kp:"),
    (BASE, ":"),
    ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdf:"),
    ("http://www.w3.org/2000/01/rdf-schema#", "rdfs:"),
    ("http://www.w3.org/2001/XMLSchema#", "xsd:"),
    ("http://www.w3.org/2004/02/skos/core#", "skos:"),
    ("http://www.w3.org/ns/prov#", "prov:"),
    ("http://purl.org/dc/terms/", "dcterms:"),
)


def report_dirs() -> list[Path]:
    return sorted(p for p in HERE.iterdir() if p.is_dir() and (p / "gold.jsonl").exists())


def report_file(folder: Path) -> Path:
    """The report a folder stands for: its own report.txt, or the file report.path names."""
    own = folder / "report.txt"
    if own.exists():
        return own
    return ROOT / (folder / "report.path").read_text(encoding="utf-8").strip()


@cache
def _context():
    from kg_build.context import Context

    return Context(BASE)


def build_graph(folder: Path) -> Graph:
    """The report's named graph as `kg_build.pipeline.build_report` emits it."""
    from kg_build.pipeline import build_report

    return build_report(report_file(folder), _context()).graph


def to_nquads(g: Graph) -> str:
    """The graph's triples as N-Quads in its own graph, one line each, sorted."""
    name = g.identifier.n3()
    lines = g.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
    quads = {line[: -len(" .")] + f" {name} ." for line in lines if line.strip()}
    return "".join(q + "\n" for q in sorted(quads))


def read_nquads(path: Path) -> Graph:
    """Every triple of an N-Quads file written by `to_nquads` (the graph term dropped)."""
    triples = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            head, _graph, dot = line.rsplit(" ", 2)
            triples.append(f"{head} {dot}")
    g = Graph()
    g.parse(data="\n".join(triples), format="nt")
    return g


@dataclass(frozen=True)
class Diff:
    only_expected: list[tuple]
    only_built: list[tuple]

    @property
    def same(self) -> bool:
        return not self.only_expected and not self.only_built


def diff(expected: Graph, built: Graph) -> Diff:
    _, first, second = graph_diff(to_isomorphic(expected), to_isomorphic(built))
    return Diff(sorted(first), sorted(second))


def short(term: object, width: int = 70) -> str:
    """A term for a reader: IRIs under the base shortened, long literals cut."""
    if isinstance(term, URIRef):
        text = str(term)
        if text == RDF_TYPE:
            return "a"
        for prefix, abbrev in PREFIXES:
            if text.startswith(prefix):
                return abbrev + text[len(prefix):]
        return f"<{text}>"
    if isinstance(term, Literal):
        text = str(term).replace("\n", "\\n")
        return repr(text if len(text) <= width else text[:width] + "…")
    return str(term)


def describe(d: Diff, limit: int = 12) -> str:
    """The first differing triples of each side, readably."""
    out = []
    for title, triples in (("only in expected.nq", d.only_expected),
                           ("only in the built graph", d.only_built)):
        out.append(f"{title}: {len(triples)} triples")
        out += ["  " + " ".join(short(t) for t in triple) for triple in triples[:limit]]
        if len(triples) > limit:
            out.append(f"  … and {len(triples) - limit} more")
    return "\n".join(out)


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg_build.cli", *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=600)


@dataclass(frozen=True)
class Measured:
    conforms: bool  # the build passed validation without --force
    strict: scoring.ObservationScore
    lenient: scoring.ObservationScore
    entities: scoring.EntityScore
    supports: tuple[int, int, list]

    def numbers(self) -> dict[str, float]:
        g, hit, _ = self.supports
        return {
            "strict_recall": self.strict.recall,
            "strict_precision": self.strict.precision,
            "recall": self.lenient.recall,
            "precision": self.lenient.precision,
            "entity_recall": self.entities.recall,
            "entity_precision": self.entities.precision,
            "supports": hit / g if g else 1.0,
        }


@cache
def measure(folder: Path) -> Measured:
    """Build the report with the CLI into a fresh store, run the stored queries and score
    them as ../shared/eval/corpus.py does (a refused build is rebuilt with --force)."""
    report = report_file(folder)
    with tempfile.TemporaryDirectory(prefix="report-case-") as tmp:
        work = Path(tmp)
        build = ["build", str(report), "--store", str(work / "store"), "--out", str(work / "o.ttl")]
        done = _cli(*build)
        conforms = done.returncode == 0
        if not conforms:
            done = _cli(*build, "--force")
            if done.returncode != 0:
                raise RuntimeError(f"{report}: build failed even with --force:\n{done.stderr}")
        rows = {}
        for q in QUERIES:
            out = work / f"{q}.csv"
            ran = _cli("query", q, "--format", "csv", "--store", str(work / "store"),
                       "--out", str(out))
            if ran.returncode != 0:
                raise RuntimeError(f"query {q} failed:\n{ran.stderr}")
            rows[q] = scoring.read_csv(out)
    text = decode_bytes(report.read_bytes(), report.name)[0]  # a case may be GB18030 or Big5
    gold = scoring.read_jsonl(folder / "gold.jsonl")
    return Measured(
        conforms=conforms,
        strict=scoring.score_observations(gold, rows["observations"], text, strict=True),
        lenient=scoring.score_observations(gold, rows["observations"], text, strict=False),
        entities=scoring.score_entities(scoring.read_jsonl(folder / "entities.jsonl"),
                                        rows["entities"]),
        supports=scoring.score_supports(scoring.read_jsonl(folder / "relations.jsonl"),
                                        rows["projects-by-cluster"]),
    )


def summary(m: Measured) -> str:
    """Scores, misses and extras, for a failing test or the update script."""
    n = m.numbers()
    lines = [
        "strict recall {strict_recall:.3f} precision {strict_precision:.3f}; lenient recall "
        "{recall:.3f} precision {precision:.3f}; entities {entity_recall:.3f} precision "
        "{entity_precision:.3f}; supports {supports:.3f}".format(**n)
        + ("" if m.conforms else " (the build did not conform; scored with --force)")
    ]
    lines += [f"  strict miss L{g.get('line')} {g['indicator']} {g['value']} {g['unit']}"
              for g in m.strict.misses]
    lines += [f"  strict extra L{line} {ind} {v} {u}" for line, ind, v, u in m.strict.extras]
    lines += [f"  entity miss {g['label']} ({g['type']})" for g in m.entities.misses]
    lines += [f"  entity extra {label} ({kind})" for label, kind in m.entities.extras]
    lines += [f"  supports miss {g['from']} -> {g['to']}" for g in m.supports[2]]
    return "\n".join(lines)

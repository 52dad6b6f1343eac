"""One report's build, as data that can be cached and sent between processes.

`process_report` reads, extracts, resolves and emits one report and validates its graph
alone (with the ontology and the slice of reference data it names); the result is a
`ReportEntry`: the graph as sorted N-Triples, what `kaiping-kg reports` lists, and the
validation records. Entries are cached in `<store>/cache/` under a key made of the report's
bytes, its file name and sidecar, the overrides, the base IRI and `rules_version()` (a hash
of the code, rules, ontology and shapes), so a report is extracted and validated again only
when one of those changes.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

from kg_build import __version__
from kg_build.context import Context
from kg_build.errors import KgError
from kg_build.extract.quantities.unread import unread_warnings
from kg_build.paths import ontology_dir, shapes_dir
from kg_build.read.metadata import sidecar_path
from kg_build.shacl_results import ValidationRecord
from kg_build.user_cache import file_digest

_PACKAGE = Path(__file__).resolve().parent
CACHE_FORMAT = 1


@dataclass
class ReportEntry:
    """One report built: its graph as N-Triples and what is listed about it."""

    graph: str  # the report's IRI, which names its graph
    source: str  # the path it was read from, as given
    source_name: str
    sha256: str  # of the report's bytes
    title: str
    region: str  # the region's IRI
    region_label: str
    year_reviewed: int | None
    year_planned: int | None
    statements: int
    observations: int
    triples: int
    ntriples: str
    warnings: list[str] = field(default_factory=list)
    records: dict[str, list[ValidationRecord]] = field(default_factory=dict)  # by engine
    key: str = ""  # the cache key it was built under

    def violations(self, engine: str) -> list[ValidationRecord]:
        return [r for r in self.records.get(engine, []) if r.severity == "Violation"]

    def to_json(self) -> str:
        data = asdict(self)
        data["format"] = CACHE_FORMAT
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> ReportEntry:
        data = json.loads(text)
        if data.pop("format", None) != CACHE_FORMAT:
            raise ValueError("old cache format")
        data["records"] = {
            engine: [ValidationRecord(**r) for r in records]
            for engine, records in data["records"].items()
        }
        return cls(**data)


@lru_cache(maxsize=1)
def rules_version() -> str:
    """A hash of everything a report's graph and validation depend on besides the report:
    the package's code and rules, the ontology and reference data, the shapes."""
    h = hashlib.sha256(__version__.encode())
    files = sorted(_PACKAGE.rglob("*.py")) + sorted((_PACKAGE / "data").rglob("*.yaml"))
    files += sorted(ontology_dir().glob("*.ttl")) + sorted(shapes_dir().glob("*.ttl"))
    for path in files:  # each file hashed once per process (the compiled data's key too)
        h.update(path.name.encode())
        h.update(file_digest(path))
    return h.hexdigest()[:32]


def cache_key(path: Path, base: str, overrides: dict | None) -> str:
    """What an entry depends on: bytes, name, sidecar, overrides, base, rules_version()."""
    h = hashlib.sha256(rules_version().encode())
    h.update(json.dumps([path.name, base, overrides or {}], sort_keys=True).encode())
    if not path.is_file():
        raise KgError(
            f"report file not found: {path}; check the path"
            if not path.exists()
            else f"{path} is not a file; give a report text or HTML file"
        )
    try:
        h.update(path.read_bytes())
        sidecar = sidecar_path(path)
        if sidecar.is_file():
            h.update(b"\0sidecar\0" + sidecar.read_bytes())
    except OSError as exc:
        raise KgError(f"cannot read {path}: {exc.strerror or exc}; check its permissions") from None
    return h.hexdigest()


class Cache:
    """Entries by key, one JSON file each in `folder` (None: no caching)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def get(self, key: str) -> ReportEntry | None:
        if self.folder is None:
            return None
        try:
            return ReportEntry.from_json((self.folder / f"{key}.json").read_text("utf-8"))
        except (OSError, ValueError, TypeError, KeyError):
            return None  # absent, unreadable or from another version: build it again

    def put(self, key: str, entry: ReportEntry) -> None:
        if self.folder is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp = self.folder / f".{key}.{os.getpid()}.tmp"
            tmp.write_text(entry.to_json(), encoding="utf-8")
            os.replace(tmp, self.folder / f"{key}.json")
        except OSError:
            pass  # a cache that cannot be written only costs time


_CONTEXTS: dict[str, Context] = {}


def context(base: str) -> Context:
    """The process's Context for `base` (one per worker process)."""
    if base not in _CONTEXTS:
        _CONTEXTS[base] = Context(base)
    return _CONTEXTS[base]


def process_report(
    path: Path,
    base: str,
    overrides: dict | None,
    engine: str | None,
    parts: int = 1,
    background: bool = True,
) -> ReportEntry:
    """Build one report and validate it alone with `engine` (None: no validation);
    `parts` > 1: pyrudof's shapes split across that many threads (a build of one report);
    `background` False: the validator is made after the extraction, not beside it (one
    core)."""
    from kg_build.batches import rudof_session, validate_report
    from kg_build.pipeline import build_report
    from kg_build.rdf.serialize import serialize_graph

    ctx = context(base)
    session = rudof_session(ctx, engine, parts) if background else None  # made meanwhile
    b = build_report(path, ctx, overrides)
    if not background:
        session = rudof_session(ctx, engine, parts, background=False)
    meta = b.report.meta
    region_label = b.extraction.region_label or ""
    if not region_label:
        region_label = meta.region or ""
    entry = ReportEntry(
        graph=str(b.graph.identifier),
        source=str(path),
        source_name=b.report.source_name,
        sha256=hashlib.sha256(b.report.raw).hexdigest(),
        title=meta.title or b.report.source_name,
        region=b.extraction.region,
        region_label=region_label,
        year_reviewed=meta.year_reviewed,
        year_planned=meta.year_planned,
        statements=len(b.report.statements),
        observations=len(b.extraction.observations),
        triples=len(b.graph),
        ntriples=serialize_graph(b.graph, "ntriples").decode("utf-8"),
        warnings=[*b.report.warnings, *unread_warnings(b.report, b.extraction.observations)],
    )
    if engine is not None:
        result = validate_report(ctx, b.graph, entry.ntriples, engine, session)
        entry.records[engine] = sorted(result.results)
    return entry


def validate_entry(entry: ReportEntry, base: str, engine: str) -> None:
    """Validate a cached entry built without validation (adds `entry.records[engine]`)."""
    from kg_build.batches import validate_report
    from kg_build.rdf.serialize import new_graph

    ctx = context(base)
    g = new_graph(entry.graph)
    g.parse(data=entry.ntriples, format="nt")
    result = validate_report(ctx, g, entry.ntriples, engine)
    entry.records[engine] = sorted(result.results)

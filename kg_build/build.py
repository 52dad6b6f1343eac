"""`kaiping-kg build`: reports → validated graphs → a new store generation and Turtle.

Each report is built and validated alone (kg_build/report_cache.py, reused from the cache
while its bytes, the rules and the ontology are unchanged). `jobs` is the number of cores
to use: that many processes, and with more than one the new store generation loads each
report while the others are built; with one, everything runs in turn. A report whose
graph does not conform is *set aside*: the others are stored, and its violations go to
the store as data (kg_build/set_aside.py). `strict` keeps the old all-or-nothing; `force`
stores every report whatever its violations. The Turtle file is written (atomically)
before the store is switched, so once the store has changed the file is current.
kg_build/changes.py adds and removes reports in an existing store.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from multiprocessing import get_context
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from tqdm import tqdm

from kg_build.context import Context, data_graph, graph_iris
from kg_build.errors import KgError
from kg_build.paths import bundled_reports
from kg_build.pipeline import ReportBuild, build_report
from kg_build.rdf.namespaces import PREFIXES
from kg_build.rdf.serialize import new_graph
from kg_build.report_cache import Cache, ReportEntry, cache_key, process_report, rules_version
from kg_build.set_aside import record_dicts, set_aside_iri, set_aside_ntriples
from kg_build.shacl_results import ValidationResult
from kg_build.store import NewGeneration, read_manifest, store_lock, update_store

REPORT_SUFFIXES = (".txt", ".html", ".htm", ".md")


@dataclass
class BuildResult:
    entries: list[ReportEntry]  # every report given, in order
    stored: list[ReportEntry]  # those stored (all of them with force or without validation)
    set_aside: list[ReportEntry]  # those that did not conform and were not stored
    ctx: Context  # holds the reference data, stored as a graph of its own
    store: Path | None
    engine: str | None  # None: not validated
    cached: int = 0  # entries taken from the cache
    kept: list[str] = field(default_factory=list)  # reports the store had and still has

    @property
    def conforms(self) -> bool | None:
        if self.engine is None:
            return None
        return not any(e.violations(self.engine) for e in self.entries)

    @property
    def validation_text(self) -> str | None:
        if self.engine is None:
            return None
        records = sorted({r for e in self.entries for r in e.records.get(self.engine, [])})
        return ValidationResult(records, Graph(), self.engine).summary()

    @cached_property
    def report_graphs(self) -> dict[str, Graph]:
        """The stored reports' graphs as rdflib Graphs (parsed on first use)."""
        graphs = {}
        for e in self.stored:
            g = new_graph(e.graph)
            g.parse(data=e.ntriples, format="nt")
            graphs[e.graph] = g
        return graphs

    @property
    def graphs(self) -> dict[str, Graph]:
        ontology_iri, _ = graph_iris(self.ctx.base)
        return {ontology_iri: self.ctx.ontology, **self.report_graphs}

    def data_graph(self) -> Graph:
        """What validation sees: every graph plus the reference data they name."""
        return data_graph(self.graphs, self.ctx)


def gather_reports(paths: list[Path], cwd: Path | None = None) -> tuple[list[Path], str]:
    """The report files to build and where they came from: the files given, the reports in
    the folders given, else `./reports/` of the working folder if it exists, else the
    bundled reports. Sidecars (`*.meta.yaml`) and other files in a folder are skipped."""
    if not paths:
        local = (cwd or Path()) / "reports"
        if local.is_dir():
            found = _in_folder(local)
            return found, f"the {len(found)} report(s) in ./reports/"
        found = bundled_reports()
        return found, f"the {len(found)} bundled report(s)"
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = _in_folder(path)
            if not inside:
                raise KgError(f"no reports ({', '.join(REPORT_SUFFIXES)}) in the folder {path}")
            files += inside
        else:
            files.append(path)  # read_report says clearly if it is missing
    return files, f"{len(files)} report(s) given"


def _in_folder(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES and not p.name.startswith(".")
    )


def build_graphs(
    reports: list[Path], ctx: Context, overrides: dict | None = None
) -> tuple[list[ReportBuild], dict[str, Graph]]:
    """Build every report in this process (no cache, no validation); fail if one is bad.

    Returns the builds and the graphs by name: the ontology and one per report (the
    reference data stays in `ctx.reference`)."""
    builds: list[ReportBuild] = []
    quiet = len(reports) < 2 or not sys.stderr.isatty()
    bar = tqdm(reports, desc="building", unit="report", disable=quiet, file=sys.stderr)
    for path in bar:
        builds.append(build_report(path, ctx, overrides))
    _check_names(reports, [str(b.graph.identifier) for b in builds])
    ontology_iri, _ = graph_iris(ctx.base)
    graphs = {ontology_iri: ctx.ontology}
    graphs.update({str(b.graph.identifier): b.graph for b in builds})
    return builds, graphs


def _check_names(paths: list[Path], names: list[str]) -> None:
    seen: dict[str, Path] = {}
    for path, name in zip(paths, names, strict=True):
        if name in seen:
            raise KgError(
                f"{path} and {seen[name]} both become {name}; give one a different slug "
                "(file name or `slug:` in its .meta.yaml sidecar)"
            )
        seen[name] = path


def _work(args: tuple) -> ReportEntry | tuple[str, int]:
    """One report in a worker: the entry, or a KgError's message and exit code."""
    try:
        return process_report(*args)
    except KgError as exc:
        return str(exc), exc.exit_code


def build_entries(
    reports: list[Path],
    *,
    base: str,
    overrides: dict | None,
    engine: str | None,
    jobs: int = 1,
    cache: Cache | None = None,
    on_entry: Callable[[ReportEntry], None] | None = None,
) -> tuple[list[ReportEntry], int]:
    """Every report's entry (from the cache when it is there), in order, and how many were
    cached. Misses are built in `jobs` processes (1: in this one, on one core; a report
    built alone with `jobs` > 1 validates in two threads when a core is free). A report
    that cannot be read stops everything with its KgError. `on_entry` is given each entry
    as soon as it is there (cached ones first)."""
    cache = cache or Cache(None)
    keys = [cache_key(p, base, overrides) for p in reports]
    found: dict[int, ReportEntry] = {}
    for i, key in enumerate(keys):
        entry = cache.get(key)
        if entry is not None and (engine is None or engine in entry.records):
            found[i] = entry
    cached = len(found)
    if on_entry is not None:
        for entry in found.values():
            on_entry(entry)
    todo = [i for i in range(len(reports)) if i not in found]
    tasks = [(reports[i], base, overrides, engine) for i in todo]
    quiet = len(todo) < 2 or not sys.stderr.isatty()
    bar = tqdm(total=len(todo), desc="building", unit="report", disable=quiet, file=sys.stderr)
    if jobs > 1 and len(todo) > 1:
        workers = min(jobs, len(todo))
        with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
            results: Iterable = pool.map(_work, tasks)
            _collect(todo, results, found, bar, on_entry)
    else:
        parts = 2 if len(todo) == 1 and jobs > 1 and _spare_core() else 1
        threads = [(*t, parts, jobs > 1) for t in tasks]  # --jobs 1: everything in turn
        _collect(todo, map(_work, threads), found, bar, on_entry)
    bar.close()
    for i in todo:
        cache.put(keys[i], found[i])
    entries = [found[i] for i in range(len(reports))]
    for path, key, entry in zip(reports, keys, entries, strict=True):
        entry.source, entry.key = str(path), key
    _check_names(reports, [e.graph for e in entries])
    return entries, cached


def _spare_core() -> bool:
    """Whether a report built alone may validate in two threads: a core is idle (the load
    average of the last minute is below the number of cores less a quarter; builds run back
    to back, as the benchmarks run them, raise it by about one themselves). On a busy
    machine the second thread only competes with the first (docs/benchmarks.md)."""
    cores = os.cpu_count() or 1
    return cores > 1 and os.getloadavg()[0] < cores - 0.25


def _collect(
    todo: list[int], results: Iterable, found: dict[int, ReportEntry], bar, on_entry=None
) -> None:
    for i, result in zip(todo, results, strict=True):
        if isinstance(result, tuple):
            raise KgError(result[0], exit_code=result[1])
        found[i] = result
        if on_entry is not None:
            on_entry(result)
        bar.update(1)


def partition(
    entries: list[ReportEntry], engine: str | None, *, force: bool, strict: bool
) -> tuple[list[ReportEntry], list[ReportEntry]]:
    """(stored, set aside). Raises (exit 1) under `strict` when one does not conform."""
    if engine is None or force:
        return list(entries), []
    bad = [e for e in entries if e.violations(engine)]
    if bad and strict:
        text = ValidationResult(
            sorted({r for e in bad for r in e.records[engine]}), Graph(), engine
        ).summary()
        names = ", ".join(e.source_name for e in bad)
        raise KgError(
            f"{text}\n{names}: the graph does not conform to the shapes; the store was not "
            "changed (--strict: all or nothing; fix the report or pass --force)",
            exit_code=1,
        )
    return [e for e in entries if not e.violations(engine)], bad


def manifest_row(entry: ReportEntry, when: str) -> dict:
    """What the store's manifest says about a stored report (`kaiping-kg reports`)."""
    row = {k: v for k, v in vars(entry).items() if k not in ("ntriples", "records", "key")}
    row.update(cache_key=entry.key, added=when)
    return row


def set_aside_row(entry: ReportEntry, engine: str, when: str) -> dict:
    return {
        "title": entry.title,
        "source": entry.source,
        "source_name": entry.source_name,
        "sha256": entry.sha256,
        "when": when,
        "violations": record_dicts(entry.violations(engine)),
    }


def now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def write_turtle(graphs: Iterable[str], out: Path) -> None:
    """The reports' graphs (N-Triples texts) merged as Turtle, atomically (a temporary file
    in the same folder, renamed into place): sorted, so the same graphs give the same bytes."""
    lines = sorted({line for text in graphs for line in text.splitlines() if line.strip()})
    triples = ox.parse(("\n".join(lines) + "\n").encode(), format=ox.RdfFormat.N_TRIPLES)
    prefixes = {k: str(v) for k, v in sorted(PREFIXES.items())}
    data = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
        try:
            tmp.write_bytes(data)
            os.replace(tmp, out)
        finally:
            tmp.unlink(missing_ok=True)
    except OSError as exc:
        raise KgError(
            f"cannot write {out}: {exc.strerror or exc}; the store was not changed"
        ) from None


def store_contents(
    ctx: Context, entries: list[ReportEntry], set_aside: dict, *, shared: bool = True
) -> list:
    """Every graph of a full generation as (IRI, N-Triples bytes); without the reference
    data and the ontology unless `shared`."""
    ontology_iri, reference_iri = graph_iris(ctx.base)
    contents = []
    if shared:
        contents += [
            (reference_iri, ctx.reference_ntriples()),
            (ontology_iri, ctx.ontology_ntriples),
        ]
    contents += [(e.graph, e.ntriples.encode("utf-8")) for e in entries]
    if set_aside:
        contents.append((set_aside_iri(ctx.base), set_aside_ntriples(set_aside)))
    return contents


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
    strict: bool = False,
    jobs: int = 1,
    use_cache: bool = True,
) -> BuildResult:
    """Build exactly `reports` into the store: validated one by one (pyrudof by default,
    the same results as pyshacl, which tests/test_validate.py cross-checks), the ones that
    conform stored, the others set aside; Turtle first, then the store."""
    ctx = Context(base)
    chosen = engine if validate else None
    cache = Cache(store / "cache" if store is not None and use_cache else None)
    with store_lock(store) if store is not None else nullcontext():
        pending = _new_generation(store, ctx)  # opens while the reports are built
        try:
            feed = _feeder(pending, chosen, force) if jobs > 1 else None  # one core: after
            entries, cached = build_entries(
                reports, base=base, overrides=overrides, engine=chosen, jobs=jobs, cache=cache,
                on_entry=feed,
            )  # fmt: skip
            stored, bad = partition(entries, chosen, force=force, strict=strict)
            result = BuildResult(entries, stored, bad, ctx, store, chosen, cached)
            if out is not None:
                write_turtle((e.ntriples for e in stored), out)
            if store is not None:
                _store_build(store, ctx, stored, bad, chosen, pending)
                pending = None
        finally:
            if pending is not None:
                pending.abandon()
    return result


def _feeder(
    pending: NewGeneration | None, engine: str | None, force: bool
) -> Callable[[ReportEntry], None] | None:
    """What gives the new generation each entry that `partition` will store, as soon as it
    is built, to be loaded while the other reports are built (under `strict` a report set
    aside means no store change at all: the generation is then abandoned)."""
    if pending is None:
        return None

    def feed(entry: ReportEntry) -> None:
        if engine is None or force or not entry.violations(engine):
            pending.feed(entry.graph, entry.ntriples.encode("utf-8"))

    return feed


def _incremental(old: dict, ctx: Context) -> bool:
    """Whether the store's current generation can be the start of the next one."""
    return old.get("base") == ctx.base and old.get("rules") == rules_version()


def _new_generation(store: Path | None, ctx: Context) -> NewGeneration | None:
    """A fresh generation, started as a backup of the compiled reference data, when the
    build will not be incremental (None otherwise)."""
    if store is None or _incremental(read_manifest(store), ctx):
        return None
    return NewGeneration(store, ctx.compiled.store if ctx.compiled.path is not None else None)


def _store_build(
    store: Path,
    ctx: Context,
    stored: list[ReportEntry],
    bad: list[ReportEntry],
    engine: str | None,
    pending: NewGeneration | None = None,
) -> None:
    """A generation holding exactly `stored`: graphs the current one has with the same
    content are kept (Oxigraph backup), the others loaded; or a fresh one."""
    when = now()
    old = read_manifest(store)
    before = old.get("reports", {})
    rows = {}
    for e in stored:
        prior = before.get(e.graph)
        same = prior is not None and prior.get("cache_key") == e.key
        rows[e.graph] = {**prior, "source": e.source} if same else manifest_row(e, when)
    aside = {e.graph: set_aside_row(e, engine, when) for e in bad} if engine else {}
    manifest = {"base": ctx.base, "rules": rules_version(), "reports": rows, "set_aside": aside}
    if not _incremental(old, ctx):  # a new generation: the compiled reference data, reports
        pending = pending or _new_generation(store, ctx)
        assert pending is not None
        shared = ctx.compiled.path is None  # not compiled into a database: load it too
        rest = [e for e in stored if e.graph not in pending.fed]  # the others are loaded
        pending.fill_and_switch(store_contents(ctx, rest, aside, shared=shared), manifest)
        return
    if pending is not None:
        pending.abandon()
    changed = [e for e in stored if before.get(e.graph, {}).get("cache_key") != e.key]
    gone = sorted(set(before) - set(rows))
    load = [(e.graph, e.ntriples.encode("utf-8")) for e in changed]
    load.append((set_aside_iri(ctx.base), set_aside_ntriples(aside)))
    update_store(store, drop=gone, load=load, manifest=manifest)

"""`kaiping-kg add` and `remove`: change the reports of an existing store.

Both hold the store's lock (kg_build/store.py) from reading the current generation to
switching to the next, so two at once serialise and both land. The new generation is the
current one copied by Oxigraph (no text reloaded) with the changed graphs dropped or loaded.
"""

from __future__ import annotations

from pathlib import Path

from kg_build.build import (
    BuildResult,
    build_entries,
    manifest_row,
    now,
    partition,
    set_aside_row,
    store_contents,
)
from kg_build.context import Context, graph_iris
from kg_build.errors import KgError
from kg_build.rdf.namespaces import DEFAULT_BASE
from kg_build.report_cache import Cache, rules_version
from kg_build.set_aside import set_aside_iri, set_aside_ntriples
from kg_build.store import current_generation, read_manifest, store_lock, update_store


def _existing(store: Path) -> dict:
    if current_generation(store) is None:
        raise KgError(f"no store at {store}; run `kaiping-kg build` first or pass --store DIR")
    return read_manifest(store)


def run_add(
    reports: list[Path],
    *,
    store: Path,
    engine: str | None = "pyrudof",
    force: bool = False,
    strict: bool = False,
    overrides: dict | None = None,
    jobs: int = 1,
    use_cache: bool = True,
) -> BuildResult:
    """Add or replace `reports` in the store; those that do not conform are set aside (the
    store keeps what it had under their id)."""
    with store_lock(store):
        old = _existing(store)
        base = old.get("base", DEFAULT_BASE)
        ctx = Context(base)
        cache = Cache(store / "cache" if use_cache else None)
        entries, cached = build_entries(
            reports, base=base, overrides=overrides, engine=engine, jobs=jobs, cache=cache
        )
        stored, bad = partition(entries, engine, force=force, strict=strict)
        when = now()
        rows = dict(old.get("reports", {}))
        aside = dict(old.get("set_aside", {}))
        for e in stored:
            rows[e.graph] = manifest_row(e, when)
            aside.pop(e.graph, None)
        for e in bad:
            aside[e.graph] = set_aside_row(e, engine, when)
        kept = sorted(set(rows) - {e.graph for e in stored})
        load = [(e.graph, e.ntriples.encode("utf-8")) for e in stored]
        load.append((set_aside_iri(base), set_aside_ntriples(aside)))
        drop: list[str] = []
        if old.get("rules") != rules_version():  # new rules: new ontology and reference data
            ontology_iri, reference_iri = graph_iris(base)
            shared = store_contents(ctx, [], {})
            drop = [ontology_iri, reference_iri]
            load = shared + load
        manifest = {"base": base, "rules": rules_version(), "reports": rows, "set_aside": aside}
        update_store(store, drop=drop, load=load, manifest=manifest)
    return BuildResult(entries, stored, bad, ctx, store, engine, cached, kept)


def report_ids(manifest: dict) -> dict[str, str]:
    """Every id a report or a set-aside report may be named by → its IRI."""
    ids = {}
    for iri in [*manifest.get("reports", {}), *manifest.get("set_aside", {})]:
        ids[iri] = iri
        ids[iri.rsplit("/", 1)[1]] = iri
    return ids


def run_remove(ids: list[str], *, store: Path) -> list[str]:
    """Remove reports (by id or IRI) from the store and its set-aside list; their IRIs."""
    with store_lock(store):
        old = _existing(store)
        known = report_ids(old)
        missing = [i for i in ids if i not in known]
        if missing:
            names = ", ".join(sorted(i for i in known if "/" not in i)) or "none"
            raise KgError(f"no report {missing[0]} in the store {store}; it holds: {names}")
        gone = sorted({known[i] for i in ids})
        rows = {k: v for k, v in old.get("reports", {}).items() if k not in gone}
        aside = {k: v for k, v in old.get("set_aside", {}).items() if k not in gone}
        base = old.get("base", DEFAULT_BASE)
        manifest = {**old, "reports": rows, "set_aside": aside}
        load = [(set_aside_iri(base), set_aside_ntriples(aside))]
        update_store(
            store,
            drop=[g for g in gone if g in old.get("reports", {})],
            load=load,
            manifest=manifest,
        )
    return gone

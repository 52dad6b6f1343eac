"""The embedded store: a persistent Oxigraph database replaced atomically on each build.

Layout of a store folder: `gen-<n>/` holds one Oxigraph database; `current` is a symlink to
the one in use. A build writes a new generation and then swaps the symlink with one atomic
rename, so a crash or a bad report mid-build leaves the previous store as it was.

Each report, the ontology and the reference data are named graphs; the default graph holds
their merge, each triple once. Queries run on that default graph: Oxigraph's
`use_default_graph_as_union` would count a triple once per graph holding it, so an entity
named by k reports would give k-fold rows to every pattern it matches.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from kg_build.errors import KgError
from kg_build.rdf.serialize import new_graph

DEFAULT_STORE = "store"


def default_store_dir() -> Path:
    return Path(os.environ.get("KAIPING_KG_STORE", DEFAULT_STORE))


def _generations(root: Path) -> list[Path]:
    return sorted(
        (p for p in root.glob("gen-*") if p.is_dir()), key=lambda p: int(p.name.split("-")[1])
    )


def current_path(root: Path) -> Path:
    link = root / "current"
    if not link.exists():
        raise KgError(
            f"no store at {root}; run `kaiping-kg build` first or pass --store DIR "
            "pointing at a built store"
        )
    return link.resolve()


def open_store(root: Path) -> ox.Store:
    """Open the current generation read-only (many readers may share it)."""
    path = current_path(root)
    try:
        return ox.Store.read_only(str(path))
    except OSError as exc:
        raise KgError(f"cannot open the store at {root}: {exc}") from exc


def replace_store(root: Path, graphs: Iterable[tuple[str, bytes]]) -> Path:
    """Write `(graph IRI, N-Triples bytes)` pairs into a new generation and make it current."""
    if root.exists() and not root.is_dir():
        raise KgError(f"--store {root} is a file; give a folder")
    root.mkdir(parents=True, exist_ok=True)
    gens = _generations(root)
    number = int(gens[-1].name.split("-")[1]) + 1 if gens else 1
    target = root / f"gen-{number}"
    store = ox.Store(str(target))
    try:
        for graph, data in graphs:
            store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph))
            store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
        store.flush()
        store.optimize()
    except BaseException:
        del store
        shutil.rmtree(target, ignore_errors=True)
        raise
    del store
    tmp_link = root / f".current-{number}"
    if tmp_link.is_symlink():
        tmp_link.unlink()
    tmp_link.symlink_to(target.name)
    os.replace(tmp_link, root / "current")  # the atomic step
    for old in gens:
        shutil.rmtree(old, ignore_errors=True)
    return target


def dump_nquads(store: ox.Store) -> bytes:
    """Every quad of every named graph, as N-Quads sorted line by line (deterministic)."""
    quads = (
        q
        for name in graph_names(store)
        for q in store.quads_for_pattern(None, None, None, ox.NamedNode(name))
    )
    data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    lines = sorted(set(data.splitlines()))
    return b"\n".join(lines) + (b"\n" if lines else b"")


def graph_names(store: ox.Store) -> list[str]:
    return sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))


def store_graphs(store: ox.Store, only: list[str] | None = None) -> dict[str, Graph]:
    """The store's named graphs (or only those named) as rdflib Graphs, by name."""
    names = graph_names(store)
    if only:
        missing = sorted(set(only) - set(names))
        if missing:
            raise KgError(f"no graph {missing[0]} in the store; graphs: {', '.join(names)}")
        names = sorted(only)
    graphs: dict[str, Graph] = {}
    for name in names:
        data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name))
        g = new_graph(name)
        g.parse(data=data, format="nt")
        graphs[name] = g
    return graphs


def merge_into_default_graph(store: ox.Store) -> None:
    """Copy every named graph's triples into the default graph (each once), as builds do."""
    quads = list(store.quads_for_pattern(None, None, None))
    store.extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in quads)

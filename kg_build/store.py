"""The embedded store: a persistent Oxigraph database replaced atomically on each change.

Layout of a store folder: `gen-<n>/` holds one Oxigraph database and `gen-<n>.json` its
manifest (the reports it holds: source file, content hash, when added …); `current` is a
symlink to the generation in use; `cache/` holds built reports (kg_build/report_cache.py);
`.lock` serialises the commands that change the store (`store_lock`). A change writes a new
generation and then swaps the symlink with one atomic rename, so a crash or a bad report
mid-build leaves the previous store as it was. The generation before the current one is kept
until the next change, so a server still reading it is not cut off; a server notices a new
generation by polling `current_generation` (a readlink, no database opened).

Each report, the ontology and the reference data are named graphs; the default graph holds
their merge, each triple once. Queries run on that default graph: Oxigraph's
`use_default_graph_as_union` would count a triple once per graph holding it, so an entity
named by k reports would give k-fold rows to every pattern it matches.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from kg_build.errors import KgError
from kg_build.rdf.serialize import new_graph

DEFAULT_STORE = "store"
LOCK_WAIT = float(os.environ.get("KAIPING_KG_LOCK_WAIT", "600"))  # seconds


def default_store_dir() -> Path:
    return Path(os.environ.get("KAIPING_KG_STORE", DEFAULT_STORE))


def _number(p: Path) -> int:
    return int(p.name.split("-")[1])


def _generations(root: Path) -> list[Path]:
    return sorted(
        (p for p in root.glob("gen-*") if p.is_dir() and p.name[4:].isdigit()), key=_number
    )


def current_generation(root: Path) -> Path | None:
    """The current generation's folder (`<root>/gen-<n>`), or None when there is no store.

    Cheap enough to poll (one readlink, no database opened): a server compares it with the
    generation it has open and reopens when it changes. The generation it had stays on disk
    until the change after next.
    """
    try:
        name = os.readlink(root / "current")
    except OSError:
        return None
    return root / name


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


def _prepare(root: Path) -> None:
    if root.exists() and not root.is_dir():
        raise KgError(f"--store {root} is a file; give a folder")
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KgError(f"cannot create the store folder {root}: {exc.strerror or exc}") from None


@contextmanager
def store_lock(root: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the store's lock (`<root>/.lock`) while changing it: a second `build`, `add` or
    `remove` waits for the first (saying so), then works on the generation it made; after
    `wait` seconds (default $KAIPING_KG_LOCK_WAIT or 600) it gives up: the store is busy."""
    _prepare(root)
    wait = LOCK_WAIT if wait is None else wait
    with open(root / ".lock", "a+") as fh:
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
            if time.monotonic() >= deadline:
                raise KgError(
                    f"the store {root} is busy: another build, add or remove holds "
                    f"{root / '.lock'}; try again when it has finished"
                )
            if not told:
                print(f"waiting for the store lock {root / '.lock'} …", file=sys.stderr)
                told = True
            time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def read_manifest(root: Path) -> dict:
    """The current generation's manifest: {"reports": {graph IRI: {...}}, "set_aside": …}."""
    gen = current_generation(root)
    if gen is None:
        return {"reports": {}}
    try:
        return json.loads(gen.with_name(gen.name + ".json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"reports": {}}
    except (OSError, ValueError) as exc:
        raise KgError(f"cannot read the manifest of {gen}: {exc}") from None


def _load_all(store: ox.Store, graphs: Iterable[tuple[str, bytes]]) -> None:
    """Each `(graph IRI, N-Triples)` into its named graph and the default graph, in one
    bulk load (each call has a fixed cost: 60 reports loaded one by one took seconds)."""
    parts: list[bytes] = []
    for graph, data in graphs:
        name = f" {ox.NamedNode(graph)} .\n".encode()
        for line in data.splitlines():
            line = line.rstrip()
            if line and not line.startswith(b"#"):
                parts += (line[:-1].rstrip(), name, line, b"\n")  # named, then default
    if parts:
        store.bulk_load(b"".join(parts), format=ox.RdfFormat.N_QUADS)


def _drop(store: ox.Store, graph: str) -> None:
    """Remove a named graph and those of its triples no other graph holds from the default."""
    g = str(ox.NamedNode(graph))
    store.update(
        f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {g} {{ ?s ?p ?o }} "
        f"FILTER NOT EXISTS {{ GRAPH ?h {{ ?s ?p ?o }} FILTER(?h != {g}) }} }}"
    )
    store.remove_graph(ox.NamedNode(graph))


def _new_target(root: Path) -> tuple[Path, int, list[Path]]:
    _prepare(root)
    gens = _generations(root)
    number = _number(gens[-1]) + 1 if gens else 1
    return root / f"gen-{number}", number, gens


def _abandon(target: Path) -> None:
    shutil.rmtree(target, ignore_errors=True)
    target.with_name(target.name + ".json").unlink(missing_ok=True)


def _switch(root: Path, target: Path, number: int, gens: list[Path], manifest: dict | None):
    if manifest is not None:
        tmp = target.with_name(f".{target.name}.json.tmp")
        tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True))
        os.replace(tmp, target.with_name(target.name + ".json"))
    previous = current_generation(root)
    tmp_link = root / f".current-{number}"
    if tmp_link.is_symlink():
        tmp_link.unlink()
    tmp_link.symlink_to(target.name)
    os.replace(tmp_link, root / "current")  # the atomic step
    for old in gens:  # keep the one before for readers that still have it open
        if previous is None or old.name != previous.name:
            _abandon(old)


def replace_store(
    root: Path,
    graphs: Iterable[tuple[str, bytes]],
    manifest: dict | None = None,
    start: ox.Store | None = None,
) -> Path:
    """Write `(graph IRI, N-Triples bytes)` pairs into a new generation and make it current.

    `start`: a database the generation begins as (an Oxigraph backup: hard links), such as
    the compiled reference data of kg_build/compiled.py, so its graphs are not loaded again.
    """
    return NewGeneration(root, start).fill_and_switch(graphs, manifest)


FEED_BYTES = 6_000_000  # N-Triples loaded at once in the background (about 20 reports)


class NewGeneration:
    """The next generation of a store, opened in a background thread as soon as it is made
    (a backup of `start`, or empty; about 0.1 s) so that the opening overlaps the build;
    then filled and switched to (`fill_and_switch`), or abandoned. Make it under the lock.

    Graphs known to be stored can be given early (`feed`): the same thread loads them while
    the build goes on (loading 60 reports into the database takes seconds, which the build
    otherwise waits for at its end), in bulk loads of at least `FEED_BYTES` each (each load
    has a fixed cost: 59 reports loaded one by one cost twice the CPU of one load)."""

    def __init__(self, root: Path, start: ox.Store | None = None) -> None:
        self.root = root
        self.target, self.number, self.gens = _new_target(root)
        self._start = start
        self._store: ox.Store | None = None
        self._error: BaseException | None = None
        self._fed: list[tuple[str, bytes]] = []
        self._fed_bytes = 0
        self.fed: set[str] = set()  # IRIs of the graphs given to `feed`
        self._more = threading.Condition()
        self._closed = False
        self._loading = False
        self._thread = threading.Thread(target=self._open, name="new-generation", daemon=True)
        self._thread.start()

    def _open(self) -> None:
        try:
            if self._start is not None:
                self._start.backup(str(self.target))
            self._store = ox.Store(str(self.target))
            self._loading = True
            while True:
                with self._more:
                    while not self._closed and self._fed_bytes < FEED_BYTES:
                        self._more.wait()
                    batch, self._fed, self._fed_bytes = self._fed, [], 0
                if not batch:
                    return
                _load_all(self._store, batch)
        except BaseException as exc:  # noqa: BLE001 - raised again by fill_and_switch
            self._error = exc
            self._store = None

    def feed(self, graph: str, ntriples: bytes) -> None:
        """Load `(graph IRI, N-Triples)` in the background; `fill_and_switch` must not be
        given it again."""
        with self._more:
            self._fed.append((graph, ntriples))
            self._fed_bytes += len(ntriples)
            self.fed.add(graph)
            self._more.notify()

    def _opened(self, drop: bool = False) -> ox.Store:
        """The database once every graph fed is in (`drop`: those not loaded yet are not)."""
        with self._more:
            self._closed = True
            if drop:
                self._fed, self._fed_bytes = [], 0
            self._more.notify()
        self._thread.join()
        store, self._store = self._store, None
        if store is None:
            _abandon(self.target)
            what = "copy the compiled reference data into" if self._start else "open"
            what = "load the reports into" if self._loading else what
            raise KgError(f"cannot {what} the new store generation {self.target}: {self._error}")
        return store

    def fill_and_switch(self, graphs: Iterable[tuple[str, bytes]], manifest: dict | None) -> Path:
        store = self._opened()
        try:
            _load_all(store, graphs)
            store.flush()
            if self._start is None:
                store.optimize()
        except BaseException as exc:
            traceback.clear_frames(exc.__traceback__)  # the frames hold the store open
            del store
            _abandon(self.target)
            raise
        del store
        _switch(self.root, self.target, self.number, self.gens, manifest)
        return self.target

    def abandon(self) -> None:
        try:
            store = self._opened(drop=True)
        except KgError:
            return
        del store
        _abandon(self.target)


def _backup(source: ox.Store, target: Path, what: str) -> None:
    try:
        source.backup(str(target))
    except OSError as exc:
        _abandon(target)
        raise KgError(f"cannot copy {what} into {target}: {exc}") from exc


def _fill(target: Path, fill: Callable[[ox.Store], None]) -> None:
    """Open the new generation at `target` and fill it; on any failure it is abandoned."""
    try:
        store = ox.Store(str(target))
    except OSError as exc:
        _abandon(target)
        raise KgError(f"cannot open the new store generation {target}: {exc}") from exc
    try:
        fill(store)
    except BaseException as exc:
        traceback.clear_frames(exc.__traceback__)  # the frames hold the store open
        del store
        _abandon(target)
        raise
    del store


def update_store(
    root: Path,
    *,
    drop: Iterable[str] = (),
    load: Iterable[tuple[str, bytes]] = (),
    manifest: dict | None = None,
) -> Path:
    """A new generation from the current one without reloading it from text: Oxigraph's
    backup of the current database (hard links), then the graphs in `drop` removed and the
    `(graph IRI, N-Triples)` pairs of `load` put in (a graph both dropped and loaded is
    replaced); the default graph follows. Then the switch, as in `replace_store`."""
    source = current_path(root)
    target, number, gens = _new_target(root)
    try:
        current = ox.Store.read_only(str(source))
    except OSError as exc:
        raise KgError(f"cannot open the store generation {source}: {exc}") from exc
    _backup(current, target, f"the store generation {source}")

    def fill(store: ox.Store) -> None:
        for graph in drop:
            if store.contains_named_graph(ox.NamedNode(graph)):
                _drop(store, graph)
        load_now = list(load)
        for graph, _data in load_now:
            if store.contains_named_graph(ox.NamedNode(graph)):
                _drop(store, graph)
        _load_all(store, load_now)
        store.flush()

    _fill(target, fill)
    _switch(root, target, number, gens, manifest)
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

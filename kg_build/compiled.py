"""The reference data and the core ontology as one Oxigraph database, compiled once.

Every build needs the reference data (gazetteer, industries, indicators, units, links: every
`ontology/*.ttl` but the core ontology) to look names up, to slice for validation and to
store beside the reports, and the core ontology to validate with and to store. Parsing and
bulk-loading those 60k triples took more than a second of every build. They are compiled
once per content instead (kg_build/user_cache.py: keyed by the files' bytes, the base IRI
and this code) into a database holding the graphs a build stores: the reference data as
`<base>graph/reference`, the ontology as `<base>graph/ontology`, their merge as the default
graph. A build opens it read-only for its look-ups and starts a new store generation as an
Oxigraph backup of it (hard links, kg_build/store.py), then loads only the reports.

With the cache off (KAIPING_KG_CACHE=off) or not writable, the same database is made in
memory, as slowly as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from kg_build.ontology import core_ontology, ontology_files, reference_store
from kg_build.paths import ontology_dir
from kg_build.rdf.serialize import serialize_graph
from kg_build.user_cache import cached_folder

_HERE = Path(__file__).resolve().parent
# The code that decides what the database holds: a change to it compiles it again.
CODE = (
    _HERE / "compiled.py",
    _HERE / "ontology.py",
    _HERE / "rdf" / "serialize.py",
    _HERE / "rdf" / "canonical.py",
    _HERE / "rdf" / "slice.py",
    _HERE / "rdf" / "namespaces.py",
)
DATABASE = "db"


def graph_iris(base: str) -> tuple[str, str]:
    """The named graphs of the ontology and of the reference data under `base`."""
    return f"{base}graph/ontology", f"{base}graph/reference"


@dataclass(frozen=True, eq=False)
class Compiled:
    """The compiled database of one base IRI: open (read-only when on disk)."""

    store: ox.Store
    path: Path | None  # the database folder; None when it was made in memory
    ontology: ox.NamedNode  # the graph holding the core ontology
    reference: ox.NamedNode  # the graph holding the reference data

    def ntriples(self, graph: ox.NamedNode) -> bytes:
        return self.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)


def fill(store: ox.Store, base: str) -> None:
    """Put the reference data and the ontology into `store`: named graphs and their merge."""
    ontology_iri, reference_iri = graph_iris(base)
    reference = reference_store().dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    ontology = serialize_graph(core_ontology(), "ntriples")
    for name, data in ((reference_iri, reference), (ontology_iri, ontology)):
        store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(name))
        store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
    store.flush()
    store.optimize()


def _fill_folder(folder: Path, base: str) -> None:
    store = ox.Store(str(folder / DATABASE))
    fill(store, base)
    del store  # closed before the folder is renamed into place


def inputs(base: str) -> list[Path | str]:
    """What the database is computed from: the code, every ontology file, the base."""
    return [*CODE, *ontology_files(), str(ontology_dir()), base]


@lru_cache(maxsize=4)
def compiled_reference(base: str) -> Compiled:
    """The database for `base`: from the user's cache (compiled there the first time), else
    made in memory."""
    ontology_iri, reference_iri = graph_iris(base)
    names = ox.NamedNode(ontology_iri), ox.NamedNode(reference_iri)
    folder = cached_folder("reference", inputs(base), lambda d: _fill_folder(d, base))
    if folder is not None:
        try:
            return Compiled(ox.Store.read_only(str(folder / DATABASE)), folder / DATABASE, *names)
        except OSError:
            pass  # unreadable: work from memory
    store = ox.Store()
    fill(store, base)
    return Compiled(store, None, *names)

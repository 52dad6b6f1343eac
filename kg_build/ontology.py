"""The one reader of `ontology/*.ttl`: every file parsed once per process, by Oxigraph.

Each file goes into a named graph (its `file:` URI) of one in-memory store, the first time
any view asks for it; the default graph of that store is the reference data of the ontology
folder (every file but the core ontology), as the build stores and slices it. The views:

- `core_ontology()`: the core ontology (kaiping-kg.ttl) as a new rdflib Graph;
- `reference_store()`: the store, its default graph holding the reference data;
- `file_graphs(paths)` and `rdflib_graph(paths)`: named files, for the linker and the tables
  of kg_build/reference.py (tests give them fixture files too);
- `unit_table()`: unit label → (conversion factor, base-unit label), from units.ttl.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS, XSD

from kg_build.errors import KgError
from kg_build.paths import ontology_dir
from kg_build.rdf.namespaces import KP
from kg_build.rdf.serialize import new_graph
from kg_build.rdf.slice import to_rdflib
from kg_build.user_cache import memo

CORE_FILE = "kaiping-kg.ttl"
GAZETTEER_FILE = "gazetteer.ttl"
INDUSTRIES_FILE = "industries.ttl"
UNITS_FILE = "units.ttl"
DESCRIPTION_FILE = "void-dcat.ttl"  # written by `kaiping-kg link`, like the links-*.ttl

_STORE = ox.Store()
_LOADED: set[str] = set()
_LOCK = threading.Lock()


def ontology_files(folder: Path | None = None) -> tuple[Path, ...]:
    """Every Turtle file of the ontology folder, sorted by name."""
    return tuple(sorted((folder or ontology_dir()).glob("*.ttl")))


def file_graph(path: Path) -> ox.NamedNode:
    """The name of the graph holding a file's triples in the shared store."""
    return ox.NamedNode(Path(path).resolve().as_uri())


def file_graphs(paths: Iterable[Path]) -> tuple[ox.NamedNode, ...]:
    """The graphs of these files, each parsed into the shared store the first time."""
    names = []
    with _LOCK:
        for path in paths:
            name = file_graph(path)
            if name.value not in _LOADED:
                try:
                    _STORE.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=name)
                except (SyntaxError, OSError) as exc:
                    raise KgError(
                        f"cannot read reference data {path}: {exc}; fix or restore the Turtle"
                    ) from exc
                _LOADED.add(name.value)
            names.append(name)
    return tuple(names)


@lru_cache(maxsize=1)
def reference_store() -> ox.Store:
    """The shared store; its default graph is the merge of every file of the ontology folder
    but the core ontology (gazetteer, industries, indicators, units, links, description)."""
    files = [p for p in ontology_files() if p.name != CORE_FILE]
    for name in file_graphs(files):
        _STORE.update(f"ADD <{name.value}> TO DEFAULT")
    return _STORE


def quads(graphs: Iterable[ox.NamedNode], predicate: URIRef | None = None) -> Iterable[ox.Quad]:
    """The quads of these graphs of the shared store, optionally of one predicate only."""
    p = ox.NamedNode(str(predicate)) if predicate is not None else None
    for graph in graphs:
        yield from _STORE.quads_for_pattern(None, p, None, graph)


def rdflib_graph(paths: Iterable[Path]) -> Graph:
    """A new rdflib Graph of these files' triples, literals as rdflib's own parser gives them
    (a plain string has no datatype)."""
    g = new_graph()
    for q in quads(file_graphs(paths)):
        g.add((to_rdflib(q.subject), to_rdflib(q.predicate), _plain(q.object)))
    return g


def core_ontology(folder: Path | None = None) -> Graph:
    """The core ontology (kaiping-kg.ttl) as a new rdflib Graph of its own."""
    path = (folder or ontology_dir()) / CORE_FILE
    if not path.is_file():
        raise KgError(f"ontology {path} not found; reinstall kaiping-kg or restore it")
    return rdflib_graph([path])


def _plain(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> URIRef | Literal:
    if isinstance(term, ox.Literal) and term.datatype.value == str(XSD.string):
        return Literal(term.value)
    return to_rdflib(term)


@lru_cache(maxsize=4)
def _unit_rows(path: Path) -> tuple[tuple[str, Decimal, str], ...]:
    """The unit table's rows, cached by the file's bytes and this code (user_cache.py)."""
    rdf = Path(__file__).resolve().parent / "rdf"
    code = [Path(__file__).resolve(), rdf / "slice.py", rdf / "namespaces.py"]
    return memo("units", [*code, path], lambda: _read_unit_rows(path))


def _read_unit_rows(path: Path) -> tuple[tuple[str, Decimal, str], ...]:
    g = rdflib_graph([path])

    def zh(node: object) -> str | None:
        for label in g.objects(node, SKOS.prefLabel):
            if isinstance(label, Literal) and label.language == "zh":
                return str(label)
        return None

    rows = []
    for unit in sorted(g.subjects(RDF.type, KP.Unit)):
        label, base = zh(unit), g.value(unit, KP.baseUnit)
        factor = g.value(unit, KP.conversionFactor)
        if label and base is not None and factor is not None:
            rows.append((label, Decimal(str(factor)), zh(base) or label))
    return tuple(rows)


def unit_table(path: Path | None = None) -> dict[str, tuple[Decimal, str]]:
    """Unit label (skos:prefLabel@zh) → (factor to its base unit, the base unit's label),
    from ontology/units.ttl: 亿元 → (100000000, 元). A new dict each call (the parse is
    cached); units without a factor or a base unit are left out."""
    rows = _unit_rows(Path(path or ontology_dir() / UNITS_FILE).resolve())
    return {label: (factor, base) for label, factor, base in rows}

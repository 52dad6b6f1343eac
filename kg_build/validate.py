"""SHACL validation with the shapes of `shapes/`: pyshacl, and pyrudof as a second engine.

`validate_graph` runs pyshacl without inference (RDFS range axioms would type wrongly linked
nodes and hide `sh:class` violations; `sh:class` still follows the `rdfs:subClassOf` triples of
the ontology graph, which is validated with the data). A graph *conforms* when no result has
severity `sh:Violation`: warnings and infos are reported but do not block a build.

Both engines give `ValidationRecord`s (kg_build/shacl_results.py): messages, labels and the
statement the offending fact came from, for a person to act on.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from kg_build.errors import KgError
from kg_build.paths import shapes_dir
from kg_build.rdf.load import XSD_STRING
from kg_build.rdf.serialize import ox_term
from kg_build.rdf.slice import to_rdflib
from kg_build.shacl_results import (
    SH,
    SHACL_PREFIXES,
    ValidationRecord,
    ValidationResult,
    record,
)

# --------------------------------------------------------------------------------------
# Shapes
# --------------------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _load_shapes(folder: str) -> Graph:
    g = Graph()
    files = sorted(Path(folder).glob("*.ttl"))
    for path in files:
        g.parse(path, format="turtle")
    for prefix, ns in SHACL_PREFIXES.items():
        g.bind(prefix, ns, override=True, replace=True)
    return g


def load_shapes(folder: Path | None = None) -> Graph:
    """Every shapes/*.ttl in one graph (cached; do not modify it)."""
    folder = folder or shapes_dir()
    if not any(Path(folder).glob("*.ttl")):
        raise KgError(f"no SHACL shapes in {folder}; reinstall kaiping-kg or restore shapes/")
    return _load_shapes(str(folder))


def as_graph(data: Graph) -> Graph:
    """One graph holding every triple: pyshacl would validate the named graphs of a Dataset
    one by one, and cross-graph links (statement → report → region) would be lost."""
    if isinstance(data, Dataset) or getattr(data, "context_aware", False):
        merged = Graph()
        for s, p, o, _g in data.quads((None, None, None, None)):
            merged.add((s, p, o))
        return merged
    return data


# --------------------------------------------------------------------------------------
# pyshacl
# --------------------------------------------------------------------------------------


def validate_graph(data: Graph, *, shapes: Graph | None = None) -> ValidationResult:
    """Validate `data` (ontology and reference data included) with pyshacl, no inference."""
    import pyshacl

    shapes = shapes if shapes is not None else load_shapes()
    data = as_graph(data)
    start = time.perf_counter()
    _conforms, report, _text = pyshacl.validate(
        data,
        shacl_graph=shapes,
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
        allow_infos=True,
        meta_shacl=False,
        advanced=False,
        js=False,
        inplace=True,
    )
    seconds = time.perf_counter() - start
    for prefix, ns in SHACL_PREFIXES.items():
        report.bind(prefix, ns, override=True, replace=True)
    records = sorted(set(_records(report, data, shapes)))
    return ValidationResult(records, report, "pyshacl", seconds, len(data))


def _records(report: Graph, data: Graph, shapes: Graph) -> Iterable[ValidationRecord]:
    for top in report.subjects(RDF.type, SH.ValidationReport):
        for node in report.objects(top, SH.result):
            yield record(
                severity=report.value(node, SH.resultSeverity),
                shape=report.value(node, SH.sourceShape),
                focus=report.value(node, SH.focusNode),
                path=report.value(node, SH.resultPath),
                value=report.value(node, SH.value),
                messages=list(report.objects(node, SH.resultMessage)),
                component=report.value(node, SH.sourceConstraintComponent),
                data=data,
                shapes=shapes,
            )


# --------------------------------------------------------------------------------------
# pyrudof (second engine)
# --------------------------------------------------------------------------------------

# rudof joins the messages as `"text", "text"@en, "text"@zh` without escaping inner quotes.
_LITERAL = re.compile(r'"(.*?)"(?:@([A-Za-z-]+))?(?=, "|$)', re.S)


def validate_with_pyrudof(data: Graph, *, shapes: Graph | None = None) -> ValidationResult:
    """Validate with rudof (Rust, from PyPI): the same shapes, SHACL-SPARQL included.

    Its records carry no report graph (an empty one is returned); messages come from the
    shapes when rudof returns only its own text.
    """
    try:
        import pyrudof
    except ImportError as exc:
        raise KgError("pyrudof is not installed; `pip install pyrudof` or use pyshacl") from exc

    shapes = shapes if shapes is not None else load_shapes()
    data = as_graph(data)
    start = time.perf_counter()
    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    rudof.read_data(data.serialize(format="nt"), format=pyrudof.RDFFormat.NTriples)
    rudof.read_shacl(shapes.serialize(format="turtle"))
    report = rudof.validate_shacl(mode=pyrudof.ShaclValidationMode.Native)
    seconds = time.perf_counter() - start
    records = _rudof_records(report, data, shapes)
    return ValidationResult(sorted(records), Graph(), "pyrudof", seconds, len(data))


class RudofSession:
    """A pyrudof session holding the shapes and some base data (the ontology), made in a
    background thread: rudof's fixed cost of a session (about 0.1 s: its first read of
    data) then overlaps the extraction of the report it will validate (rudof runs without
    Python's lock). A session validates any number of graphs, one at a time: each is read
    into a staging frame over the base data that is rolled back afterwards, so a process
    building many reports pays the fixed cost once.

    `parts` > 1: as many rudof sessions, each with the shapes of `shapes_parts`, validated
    at once in threads of their own (a build of one report then uses two cores); their
    results together are those of one session with every shape. `background` False: the
    session is made here and now (a build kept to one core)."""

    def __init__(
        self,
        base: Callable[[], bytes],
        folder: Path | None = None,
        parts: int = 1,
        background: bool = True,
    ) -> None:
        self.folder = Path(folder or shapes_dir()).resolve()
        self._parts = max(1, parts)
        if not any(self.folder.glob("*.ttl")):
            raise KgError(
                f"no SHACL shapes in {self.folder}; reinstall kaiping-kg or restore shapes/"
            )
        self._base = base
        self._result: tuple | None = None
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        if not background:
            self._open()
            return
        self._thread = threading.Thread(target=self._open, name="rudof-session", daemon=True)
        self._thread.start()

    def _open(self) -> None:
        try:
            import pyrudof

            base = self._base()
            sessions = []
            for shapes in shapes_parts(str(self.folder), self._parts):
                rudof = pyrudof.Rudof(pyrudof.RudofConfig())
                if base:
                    rudof.read_data(base.decode("utf-8"), format=pyrudof.RDFFormat.NTriples)
                rudof.read_shacl(shapes, format=pyrudof.ShaclFormat.NTriples)
                sessions.append(rudof)
            self._result = (sessions, set(base.splitlines()), None)
        except BaseException as exc:  # noqa: BLE001 - raised again in the caller's thread
            self._result = ([], set(), exc)

    def validate(self, data: bytes) -> ValidationResult:
        """Validate N-Triples, each triple on a line of its own (the base lines included):
        what the session lacks is added, validated, and taken out again."""
        with self._lock:
            return self._validate(data)

    def _validate(self, data: bytes) -> ValidationResult:
        import pyrudof

        start = time.perf_counter()
        if self._thread is not None:
            self._thread.join()
        sessions, base, error = self._result or ([], set(), RuntimeError("no session"))
        if isinstance(error, ImportError):
            raise KgError("pyrudof is not installed; `pip install pyrudof` or use pyshacl")
        if error is not None:
            raise error
        rest = b"".join(line + b"\n" for line in data.splitlines() if line not in base)
        text = rest.decode("utf-8")

        def run(rudof: pyrudof.Rudof) -> list:
            if not base:  # no base data to stage over: the data replaces the last
                rudof.reset_data()
                if text:
                    rudof.read_data(text, format=pyrudof.RDFFormat.NTriples)
                return list(rudof.validate_shacl(mode=pyrudof.ShaclValidationMode.Native))
            rudof.begin_staging()
            try:
                if text:
                    rudof.read_data(text, format=pyrudof.RDFFormat.NTriples, merge=True)
                return list(rudof.validate_shacl(mode=pyrudof.ShaclValidationMode.Native))
            finally:
                rudof.rollback_staging()  # the base data alone again, results cleared

        if len(sessions) == 1:
            report = run(sessions[0])
        else:
            with ThreadPoolExecutor(len(sessions), thread_name_prefix="rudof") as pool:
                report = [entry for part in pool.map(run, sessions) for entry in part]
        seconds = time.perf_counter() - start
        triples = data.count(b"\n")
        if not report:
            return ValidationResult([], Graph(), "pyrudof", seconds, triples)
        records = _rudof_records(report, TripleView(data), _shapes_view(str(self.folder)))
        return ValidationResult(sorted(records), Graph(), "pyrudof", seconds, triples)


def validate_ntriples(data: bytes, *, folder: Path | None = None) -> ValidationResult:
    """Validate N-Triples (ontology and reference slice included, one triple a line) with
    pyrudof and the shapes of `folder`, without rdflib: rudof reads the text as given, the
    shapes as N-Triples parsed once per process, and the labels and statements the records
    name are looked up in an Oxigraph store of the data made only when there are results."""
    return RudofSession(lambda: b"", folder).validate(data)


@lru_cache(maxsize=4)
def _shape_files(folder: str) -> tuple[tuple[Path, tuple[ox.Triple, ...]], ...]:
    """Every shapes/*.ttl of `folder` with its triples (Oxigraph's parser), parsed once:
    the texts below share their blank nodes."""
    files = []
    for path in sorted(Path(folder).glob("*.ttl")):
        try:
            files.append((path, tuple(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))))
        except (OSError, SyntaxError) as exc:
            raise KgError(f"cannot read the shapes {path}: {exc}; restore shapes/") from exc
    return tuple(files)


@lru_cache(maxsize=4)
def shapes_ntriples(folder: str) -> str:
    """Every shapes/*.ttl of `folder` as one N-Triples text."""
    triples = [t for _, part in _shape_files(folder) for t in part]
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")


_TARGETS = frozenset(
    f"{SH}{name}"
    for name in ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf", "target")
)


@lru_cache(maxsize=8)
def shapes_parts(folder: str, parts: int) -> tuple[str, ...]:
    """The shapes as `parts` N-Triples texts whose results together are those of
    `shapes_ntriples`: every text holds every shape (shapes refer to one another), but the
    targets (`sh:targetClass` …) of each file are in one text only. Files are dealt largest
    first to the text with the fewest bytes so far."""
    if parts <= 1:
        return (shapes_ntriples(folder),)
    files = _shape_files(folder)
    sizes, owner = [0] * parts, {}
    for path, _ in sorted(files, key=lambda f: (-f[0].stat().st_size, f[0].name)):
        owner[path] = sizes.index(min(sizes))
        sizes[owner[path]] += path.stat().st_size
    texts = []
    for i in range(parts):
        kept = [
            t
            for path, triples in files
            for t in triples
            if owner[path] == i or t.predicate.value not in _TARGETS
        ]
        texts.append(ox.serialize(kept, format=ox.RdfFormat.N_TRIPLES).decode("utf-8"))
    return tuple(texts)


@lru_cache(maxsize=4)
def _shapes_view(folder: str) -> TripleView:
    return TripleView(shapes_ntriples(folder).encode("utf-8"))


class TripleView:
    """The rdflib look-ups `record()` makes (`objects`, `value`), over N-Triples loaded into
    an in-memory Oxigraph store: far cheaper to make than an rdflib Graph."""

    def __init__(self, ntriples: bytes) -> None:
        self._store = ox.Store()
        self._store.bulk_load(ntriples, format=ox.RdfFormat.N_TRIPLES)

    def objects(self, subject: Node | None = None, predicate: Node | None = None) -> list:
        pattern = self._store.quads_for_pattern(_ox(subject), _ox(predicate), None)
        return [_rdflib(q.object) for q in pattern]

    def value(
        self, subject: Node | None = None, predicate: Node | None = None, object: Node | None = None
    ) -> Node | None:
        pattern = self._store.quads_for_pattern(_ox(subject), _ox(predicate), _ox(object))
        for q in pattern:
            return _rdflib(q.subject if subject is None else q.object)
        return None


def _ox(term: Node | None) -> ox.NamedNode | ox.BlankNode | ox.Literal | None:
    return None if term is None else ox_term(term)


def _rdflib(term: object) -> Node:
    """As rdflib's own parser gives it: a plain string literal has no datatype."""
    if isinstance(term, ox.Literal) and term.datatype.value == XSD_STRING:
        return Literal(term.value)
    return to_rdflib(term)


def _rudof_records(report: Iterable, data: Graph | TripleView, shapes: Graph | TripleView) -> set:
    records = set()
    for entry in report:
        shape = _rudof_node(entry.source_shape)
        records.add(
            record(
                severity=SH[entry.severity],
                shape=shape,
                focus=_rudof_node(entry.focus_node),
                path=_rudof_node(entry.path) if entry.path else None,
                value=_rudof_value(entry.value),
                messages=[
                    Literal(_unescape(t), lang=lang) if lang else Literal(_unescape(t))
                    for t, lang in _LITERAL.findall(entry.message or "")
                ],
                component=URIRef(entry.constraint_component),
                data=data,
                shapes=shapes,
            )
        )
    return records


def _unescape(text: str) -> str:
    return text.replace('\\"', '"').replace("\\\\", "\\")


def _rudof_node(text: str | None) -> Node | None:
    if text is None:
        return None
    if text.startswith("_:"):
        return BNode(text[2:])
    return URIRef(text.strip("<>"))


def _rudof_value(text: str | None) -> Node | None:
    """rudof prints values as IRIs, `_:b` or Turtle-like literals (`"20"^^xsd:decimal`)."""
    if text is None:
        return None
    if text.startswith('"'):
        m = re.fullmatch(r'"((?:[^"\\]|\\.)*)"(?:@([A-Za-z-]+)|\^\^(\S+))?', text, re.S)
        if not m:
            return Literal(text)
        body, lang, dtype = _unescape(m.group(1)), m.group(2), m.group(3)
        if lang:
            return Literal(body, lang=lang)
        if dtype:
            dtype = dtype.strip("<>")
            prefix, _, local = dtype.partition(":")
            if prefix in SHACL_PREFIXES and not dtype.startswith("http"):
                dtype = SHACL_PREFIXES[prefix] + local
            return Literal(body, datatype=URIRef(dtype))
        return Literal(body)
    return _rudof_node(text)


@dataclass
class CrossCheck:
    """What the two engines found, keyed by (severity, shape, about node)."""

    only_pyshacl: set[tuple[str, str, str]] = field(default_factory=set)
    only_pyrudof: set[tuple[str, str, str]] = field(default_factory=set)
    both: set[tuple[str, str, str]] = field(default_factory=set)

    @property
    def agree(self) -> bool:
        return not self.only_pyshacl and not self.only_pyrudof


def result_keys(result: ValidationResult) -> set[tuple[str, str, str]]:
    """Comparable keys: inline (blank) property shapes are named by their parent and path."""
    return {(r.severity, r.shape, r.about) for r in result.results}


def cross_check(data: Graph, *, shapes: Graph | None = None) -> CrossCheck:
    """Validate with both engines and compare what they report."""
    a = result_keys(validate_graph(data, shapes=shapes))
    b = result_keys(validate_with_pyrudof(data, shapes=shapes))
    return CrossCheck(a - b, b - a, a & b)


# Engines by name, for `build --engine` and `validate --engine`.
ENGINES = {"pyshacl": validate_graph, "pyrudof": validate_with_pyrudof}

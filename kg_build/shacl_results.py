"""SHACL results in terms a person can act on, whichever engine found them.

Every result becomes a `ValidationRecord` with Chinese and English messages, a label for the
focus node and the text of the statement the offending fact came from; a `ValidationResult`
holds them, and `summary()` groups them by shape and message. `record()` builds one from
what an engine reports (kg_build/validate.py runs the engines).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from kg_build.rdf.namespaces import KP, PREFIXES

SH = Namespace("http://www.w3.org/ns/shacl#")
KPSH = Namespace("https://w3id.org/kaiping-kg/shapes#")
SEVERITIES = ("Violation", "Warning", "Info")
SPARQL_COMPONENT = str(SH.SPARQLConstraintComponent)
# Prefixes of compact names in records and of the shapes and report graphs.
SHACL_PREFIXES = {**{k: str(v) for k, v in PREFIXES.items()}, "kpsh": str(KPSH), "sh": str(SH)}
SHACL_PREFIXES["rdf"] = str(RDF)


@dataclass(frozen=True, order=True)
class ValidationRecord:
    """One validation result, in terms a person can act on."""

    severity: str  # "Violation", "Warning" or "Info"
    shape: str  # sh:sourceShape, compact ("kpsh:Observation-measure")
    focus: str  # the focus node (IRI or "_:id")
    focus_label: str
    path: str | None  # sh:resultPath, compact
    value: str | None  # sh:value as N3 ("kp:size", "\"12\"^^xsd:decimal")
    message_zh: str
    message_en: str
    component: str  # sh:sourceConstraintComponent, compact
    about: str  # the node the result is about: the offender (?value) of a report-wide check
    about_label: str
    source_text: str | None = None  # the statement the fact came from (kp:text)
    source_line: int | None = None
    template_zh: str = ""  # the shape's sh:message before {?var} is filled in
    template_en: str = ""


@dataclass
class ValidationResult:
    results: list[ValidationRecord]
    report_graph: Graph
    engine: str = "pyshacl"
    seconds: float = 0.0
    triples: int = 0

    @property
    def conforms(self) -> bool:
        """True when no result is a violation (warnings and infos are allowed)."""
        return not any(r.severity == "Violation" for r in self.results)

    def counts(self) -> dict[str, int]:
        found = {s: 0 for s in SEVERITIES}
        for r in self.results:
            found[r.severity] = found.get(r.severity, 0) + 1
        return found

    def by_severity(self, severity: str) -> list[ValidationRecord]:
        return [r for r in self.results if r.severity == severity]

    def summary(self, max_examples: int = 5) -> str:
        """Results grouped by severity, shape and message, with counts and a few examples."""
        counts = self.counts()
        verdict = "conforms" if self.conforms else "does NOT conform"
        head = (
            f"SHACL validation ({self.engine}, {self.triples} triples, {self.seconds:.2f} s): "
            f"{verdict}: {counts['Violation']} violation(s), {counts['Warning']} warning(s), "
            f"{counts['Info']} info(s)"
        )
        groups: dict[tuple[str, str, str, str], list[ValidationRecord]] = defaultdict(list)
        for r in self.results:
            zh, en = _hole(r.template_zh or r.message_zh), _hole(r.template_en or r.message_en)
            groups[(r.severity, r.shape, zh, en)].append(r)
        order = {s: i for i, s in enumerate(SEVERITIES)}
        keys = sorted(groups, key=lambda k: (order.get(k[0], 9), -len(groups[k]), k[1], k[3]))
        lines = [head]
        for key in keys:
            severity, shape, zh, en = key
            records = _dedupe(groups[key])
            lines.append("")
            lines.append(f"{severity} ×{len(records)}  {shape}")
            lines.append(f"  {zh}")
            if en != zh:
                lines.append(f"  {en}")
            for r in records[:max_examples]:
                lines.append(f"  - {r.about_label}  <{r.about}>" + _value_note(r))
                if r.template_en and r.message_en != r.template_en:
                    lines.append(f"      {r.message_zh}")
                    lines.append(f"      {r.message_en}")
                if r.source_text is not None:
                    where = f"L{r.source_line}" if r.source_line is not None else "source"
                    lines.append(f"      {where}: {_clip(r.source_text, 80)}")
            if len(records) > max_examples:
                lines.append(f"  … and {len(records) - max_examples} more")
        return "\n".join(lines)


def _hole(template: str) -> str:
    return re.sub(r"\{[?$]\w+\}", "…", template)


def _dedupe(records: list[ValidationRecord]) -> list[ValidationRecord]:
    seen: dict[tuple[str, str | None, str | None], ValidationRecord] = {}
    for r in sorted(records, key=lambda r: (r.about, r.path or "", r.value or "")):
        seen.setdefault((r.about, r.path, r.value), r)
    return list(seen.values())


def _value_note(r: ValidationRecord) -> str:
    parts = []
    if r.path:
        parts.append(f"path {r.path}")
    if r.value is not None and r.value != f"<{r.about}>" and r.value != _compact(r.about):
        parts.append(f"value {_clip(r.value, 60)}")
    if r.about != r.focus:
        parts.append(f"found by {_compact(r.focus)}")
    return f"  ({'; '.join(parts)})" if parts else ""


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _compact(iri: str) -> str:
    best = ""
    for prefix, ns in SHACL_PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(best):
            best, name = ns, prefix
    if best:
        local = iri[len(best) :]
        if re.fullmatch(r"[A-Za-z_][\w.-]*", local) and not local.endswith("."):
            return f"{name}:{local}"
    return iri


def _n3(node: Node | None) -> str | None:
    if node is None:
        return None
    if isinstance(node, URIRef):
        short = _compact(str(node))
        return short if short != str(node) else f"<{node}>"
    if isinstance(node, BNode):
        return f"_:{node}"
    if isinstance(node, Literal):
        if node.datatype is not None:
            return f'"{node}"^^{_compact(str(node.datatype))}'
        return f'"{node}"@{node.language}' if node.language else f'"{node}"'
    return str(node)


def record(
    *,
    severity: Node | None,
    shape: Node | None,
    focus: Node | None,
    path: Node | None,
    value: Node | None,
    messages: list[Node],
    component: Node | None,
    data: Graph,
    shapes: Graph,
) -> ValidationRecord:
    severity_name = str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation"
    zh, en, template_zh, template_en = _pick_messages(messages, shape, shapes)
    component_name = _compact(str(component)) if component is not None else ""
    about = focus
    if str(component) == SPARQL_COMPONENT and isinstance(value, URIRef):
        about = value  # report-wide checks return the offender as ?value
    text, line = _source(data, about) if about is not None else (None, None)
    return ValidationRecord(
        severity=severity_name,
        shape=_shape_name(shape, shapes),
        focus=str(focus) if focus is not None else "",
        focus_label=label_of(data, focus) if focus is not None else "",
        path=_n3(path) if not isinstance(path, BNode) else "(complex path)",
        value=_n3(value),
        message_zh=zh,
        message_en=en,
        component=component_name,
        about=str(about) if about is not None else "",
        about_label=label_of(data, about) if about is not None else "",
        source_text=text,
        source_line=line,
        template_zh=template_zh,
        template_en=template_en,
    )


def _pick_messages(
    messages: list[Node], shape: Node | None, shapes: Graph
) -> tuple[str, str, str, str]:
    """The Chinese and English messages of a result (pyshacl drops the language tag of a
    message once it fills in {?var}, so each is matched back to its template)."""
    templates = _templates(shape, shapes)
    by_lang: dict[str, str] = {}
    template: dict[str, str] = {}
    for m in sorted(messages, key=str):
        lang = m.language if isinstance(m, Literal) and m.language else ""
        match = next((t for t in templates if t[0].fullmatch(str(m))), None)
        if match is not None:
            lang = lang or match[1]
            template.setdefault(lang, match[2])
        by_lang.setdefault(lang, str(m))
    for _, lang, text in templates:  # engine text only: fall back on the shape's own messages
        if lang not in by_lang and "{" not in text:
            by_lang[lang] = text
    en = by_lang.get("en") or by_lang.get("") or by_lang.get("zh") or ""
    zh = by_lang.get("zh") or en
    return zh, en, template.get("zh", zh), template.get("en", en)


def _templates(shape: Node | None, shapes: Graph) -> list[tuple[re.Pattern[str], str, str]]:
    """The shape's sh:message templates (its own and its SPARQL constraints') as regexes."""
    if shape is None:
        return []
    found = []
    owners = [shape, *shapes.objects(shape, SH.sparql)]
    for owner in owners:
        for m in shapes.objects(owner, SH.message):
            if isinstance(m, Literal) and m.language:
                parts = re.split(r"\{[?$]\w+\}", str(m))
                rx = re.compile(".*?".join(re.escape(p) for p in parts), re.S)
                found.append((rx, m.language, str(m)))
    return sorted(found, key=lambda t: (t[1], t[2]))


def _shape_name(shape: Node | None, shapes: Graph) -> str:
    """Named shapes by their IRI; an inline property shape as `parent/path`."""
    if shape is None:
        return ""
    if isinstance(shape, URIRef):
        return _compact(str(shape))
    parent = shapes.value(predicate=SH.property, object=shape)
    path = shapes.value(shape, SH.path)
    inner = _n3(path) if isinstance(path, URIRef) else "…"
    if parent is not None:
        return f"{_shape_name(parent, shapes)}/{inner}"
    return f"[{inner}]"


def label_of(g: Graph, node: Node) -> str:
    """A short human label: Chinese label, title or statement text, else the compact IRI."""
    for prop in (RDFS.label, SKOS.prefLabel, DCTERMS.title):
        labels = sorted(
            g.objects(node, prop), key=lambda x: (getattr(x, "language", "") != "zh", str(x))
        )
        if labels:
            return _clip(str(labels[0]), 60)
    text = g.value(node, KP.text)
    if text is not None:
        return _clip(str(text), 60)
    return _n3(node) or str(node)


def _source(g: Graph, node: Node) -> tuple[str | None, int | None]:
    """The statement a node comes from: itself, its prov:wasDerivedFrom or a kp:mentionedIn."""
    candidates = [node]
    candidates += sorted(g.objects(node, PROV.wasDerivedFrom), key=str)
    candidates += sorted(g.objects(node, KP.mentionedIn), key=str)
    for c in candidates:
        text = g.value(c, KP.text)
        if text is not None:
            line = g.value(c, KP.line)
            return str(text), int(line) if isinstance(line, Literal) and _is_int(line) else None
    return None, None


def _is_int(lit: Literal) -> bool:
    try:
        int(lit)
    except (TypeError, ValueError):
        return False
    return True

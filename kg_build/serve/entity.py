"""One HTML page per IRI: its labels, its facts, the sentences they came from, links both ways.

Predicates and classes carry the ontology's zh and en labels (vocab.py), other IRIs their
label in the store, or a prefixed name (kp:…, kpid:…); nothing of a known namespace shows as
a raw IRI. A relation the build reified (`…/L8.1/r1`: rdf:subject, rdf:predicate, rdf:object,
prov:wasDerivedFrom) is not a row of its own: the fact's row says where it was stated
("支持 supports 水暖卫浴 — 开平市政府工作报告 第8行"). Every line number is named with its
report. Only http(s) IRIs become links; any other scheme (`javascript:`, `data:` …) is text.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape

import pyoxigraph as ox

from kg_build.serve.pages import layout
from kg_build.serve.pool import Answer
from kg_build.serve.vocab import Vocab, vocab

LABELS = (
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://purl.org/dc/terms/title",
)
KP = "https://w3id.org/kaiping-kg/ontology#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
PREFIXES = f"PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX kp: <{KP}> PREFIX rdf: <{RDF}>\n"
REIFYING = {RDF + "subject", RDF + "predicate", RDF + "object"}


@dataclass(frozen=True)
class Stated:
    """Where a statement of a report is: its report, line and text."""

    iri: str
    report: str  # the report's IRI ("" if unknown)
    line: str
    text: str = ""


@dataclass(frozen=True)
class Relation:
    """A reified fact: subject, predicate, object, and the statement it was stated in."""

    node: str
    subject: object
    predicate: ox.NamedNode
    object: object
    statement: str


@dataclass(frozen=True)
class Facts:
    """What the store says about one IRI."""

    iri: str
    outgoing: tuple[tuple[ox.NamedNode, object], ...]  # (predicate, object)
    incoming: tuple[tuple[object, ox.NamedNode], ...]  # (subject, predicate)
    labels: dict[str, str]  # IRI → best label in the store
    sources: tuple[Stated, ...]  # the statements this IRI came from
    relations: tuple[Relation, ...] = ()
    stated: dict[str, Stated] = field(default_factory=dict)  # statement IRI → where

    @property
    def empty(self) -> bool:
        return not self.outgoing and not self.incoming

    def triples(self) -> list[ox.Triple]:
        me = ox.NamedNode(self.iri)
        out = [ox.Triple(me, p, o) for p, o in self.outgoing]
        out += [ox.Triple(s, p, me) for s, p in self.incoming]
        return out


def _iri_lit(iri: str) -> str:
    return str(ox.NamedNode(iri))  # serialised (and escaped) by pyoxigraph


def _value(term: object | None) -> str:
    return "" if term is None else getattr(term, "value", str(term))


def lookup(run: Callable[..., Answer], iri: str, cap: int = 1000) -> Facts:
    """Ask the store (through `run`, which inspects and times out) about `iri`."""
    me = _iri_lit(iri)
    out = run(f"SELECT DISTINCT ?p ?o WHERE {{ {me} ?p ?o }} ORDER BY ?p ?o", cap)
    inc = run(f"SELECT DISTINCT ?s ?p WHERE {{ ?s ?p {me} }} ORDER BY ?p ?s", cap)
    src = run(
        PREFIXES + "SELECT DISTINCT ?st ?report ?line ?text WHERE {\n"
        f"  {{ {me} prov:wasDerivedFrom|kp:mentionedIn ?st }}\n"
        f"  UNION {{ ?r rdf:subject|rdf:object {me} ; prov:wasDerivedFrom ?st }}\n"
        f"  UNION {{ ?o kp:subject {me} ; prov:wasDerivedFrom ?st }}\n"
        "  ?st kp:text ?text .\n"
        "  OPTIONAL { ?st kp:line ?line } OPTIONAL { ?st kp:inReport ?report }\n"
        "} ORDER BY ?report ?line ?st",
        200,
    )
    rel = run(
        PREFIXES + "SELECT DISTINCT ?r ?s ?p ?o ?st ?report ?line WHERE {\n"
        f"  {{ ?r rdf:subject {me} }} UNION {{ ?r rdf:object {me} }}\n"
        f"  UNION {{ ?r a rdf:Statement ; prov:wasDerivedFrom {me} }}\n"
        "  ?r rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .\n"
        "  OPTIONAL { ?r prov:wasDerivedFrom ?st\n"
        "    OPTIONAL { ?st kp:line ?line } OPTIONAL { ?st kp:inReport ?report } }\n"
        "} ORDER BY ?report ?line ?r",
        cap,
    )
    sources = tuple(
        Stated(st.value, _value(report), _value(line), text.value)
        for st, report, line, text in src.rows
    )
    stated = {s.iri: s for s in sources}
    relations = []
    for r, s, p, o, st, report, line in rel.rows:
        if not isinstance(p, ox.NamedNode):
            continue
        relations.append(Relation(r.value, s, p, o, _value(st)))
        if st is not None and st.value not in stated:
            stated[st.value] = Stated(st.value, _value(report), _value(line))
    own = {p.value: o.value for p, o in out.rows if p.value in (KP + "inReport", KP + "line")}
    if own:  # a statement of a report: named by its report and line
        stated[iri] = Stated(iri, own.get(KP + "inReport", ""), own.get(KP + "line", ""))
    for p, o in out.rows:  # an observation's or relation's own statement
        if p.value == "http://www.w3.org/ns/prov#wasDerivedFrom" and o.value not in stated:
            stated[o.value] = Stated(o.value, "", "")
    if stated and any(not s.report for s in stated.values()):
        values = " ".join(_iri_lit(s) for s in sorted(stated)[:cap])
        where = run(
            PREFIXES + f"SELECT ?st ?report ?line WHERE {{ VALUES ?st {{ {values} }} "
            "OPTIONAL { ?st kp:inReport ?report } OPTIONAL { ?st kp:line ?line } }",
            cap,
        )
        for st, report, line in where.rows:
            old = stated[st.value]
            stated[st.value] = Stated(
                old.iri, old.report or _value(report), old.line or _value(line), old.text
            )
    nodes = {iri}
    nodes.update(o.value for _, o in out.rows if isinstance(o, ox.NamedNode))
    nodes.update(p.value for p, _ in out.rows)
    nodes.update(s.value for s, _ in inc.rows if isinstance(s, ox.NamedNode))
    nodes.update(s.report for s in stated.values() if s.report)
    for r in relations:
        nodes.update(t.value for t in (r.subject, r.object) if isinstance(t, ox.NamedNode))
    labels = _labels(run, nodes, cap)
    return Facts(iri, tuple(out.rows), tuple(inc.rows), labels, sources, tuple(relations), stated)


def _labels(run: Callable[..., Answer], nodes: set[str], cap: int) -> dict[str, str]:
    if not nodes:
        return {}
    values = " ".join(_iri_lit(n) for n in sorted(nodes)[:cap])
    lab = run(
        f"SELECT ?x ?p ?l WHERE {{ VALUES ?x {{ {values} }} "
        f"VALUES ?p {{ {' '.join('<' + p + '>' for p in LABELS)} }} ?x ?p ?l }}",
        cap * 3,
    )
    ranked: dict[str, tuple[int, str]] = {}
    for x, p, label in lab.rows:
        rank = LABELS.index(p.value) * 2 + (0 if getattr(label, "language", None) == "zh" else 1)
        key = (rank, label.value)
        if x.value not in ranked or key < ranked[x.value]:
            ranked[x.value] = key
    return {k: v[1] for k, v in ranked.items()}


# ---------------------------------------------------------------- HTML


def link(iri: str, base: str) -> str | None:
    """Where an IRI links to: a local path under the base, the IRI itself if it is http(s),
    nothing for any other scheme (a `javascript:` IRI must never become a link)."""
    if iri.startswith(base):
        rest = iri[len(base) :]
        path, _, frag = rest.partition("#")
        local = "/" + urllib.parse.quote(path, safe="/:@-._~!$&'()*+,;=")
        return local + ("#" + urllib.parse.quote(frag) if frag else "")
    scheme = urllib.parse.urlsplit(iri).scheme.lower() if ":" in iri else ""
    return iri if scheme in ("http", "https") else None


@dataclass
class Names:
    """How this page names IRIs and statements."""

    facts: Facts
    base: str
    vocab: Vocab

    def plain(self, iri: str) -> str:
        """A name in plain text: label, statement place, prefixed name, path or the IRI."""
        zh, en = self.vocab.labels.get(iri, ("", ""))
        if zh or en:
            return zh or en
        if iri in self.facts.labels:
            return self.facts.labels[iri]
        if iri in self.facts.stated:
            return self.where(self.facts.stated[iri])
        short = self.vocab.short(iri)
        if short:
            return short
        return iri[len(self.base) :] if iri.startswith(self.base) else iri

    def report(self, iri: str) -> str:
        """A report's label with its id (`kaiping-kg reports` lists the ids): two counties'
        reports may both be labelled 政府工作报告."""
        rid = iri.rsplit("/", 1)[-1]
        label = self.facts.labels.get(iri)
        return f"{label} ({rid})" if label and label != rid else rid or "report"

    def where(self, st: Stated) -> str:
        report = self.report(st.report) if st.report else "report"
        return f"{report} 第{st.line}行" if st.line else report

    def term(self, term: object) -> str:
        if isinstance(term, ox.NamedNode):
            iri = term.value
            zh, en = self.vocab.labels.get(iri, ("", ""))
            if zh or en:  # an ontology term: both its labels
                text = escape(zh or en) + (f' <span class="en">{escape(en)}</span>' if zh else "")
            else:
                text = escape(self.plain(iri))
            title = escape(self.vocab.short(iri) or iri, quote=True)
            target = link(iri, self.base)
            if target is None:
                return f'<span class="iri-text" title="{title}">{text}</span>'
            return f'<a href="{escape(target, quote=True)}" title="{title}">{text}</a>'
        if isinstance(term, ox.Literal):
            value = escape(term.value[:600]) + ("…" if len(term.value) > 600 else "")
            lang = f' <span class="tag">@{escape(term.language)}</span>' if term.language else ""
            return f'<span class="lit">{value}</span>{lang}'
        if isinstance(term, ox.BlankNode):
            return f"_:{escape(term.value)}"
        return escape(str(term))

    def stated_in(self, statements: list[str], dash: str = "— ") -> str:
        """' — 开平市政府工作报告 第8行' with links to the report and the statement."""
        parts = []
        for iri in dict.fromkeys(statements):
            st = self.facts.stated.get(iri, Stated(iri, "", ""))
            bits = []
            if st.report:
                bits.append(self.anchor(st.report, self.report(st.report)))
            line = f"第{st.line}行" if st.line else "statement"
            bits.append(self.anchor(iri, line))
            parts.append(" ".join(bits))
        return f' <span class="stated">{dash}{"; ".join(parts)}</span>' if parts else ""

    def anchor(self, iri: str, text: str) -> str:
        target = link(iri, self.base)
        if target is None:
            return escape(text)
        return f'<a href="{escape(target, quote=True)}">{escape(text)}</a>'


def _key(s: object, p: object, o: object) -> tuple[str, str, str]:
    return (str(s), str(p), str(o))


def resource_page(facts: Facts, base: str) -> bytes:
    names = Names(facts, base, vocab())
    me, me_node = facts.iri, ox.NamedNode(facts.iri)
    title = names.plain(me)
    rdf_type = RDF + "type"
    types = [o for p, o in facts.outgoing if p.value == rdf_type]
    parts = [f"<h1>{escape(title)}</h1>", f'<p class="iri"><code>{escape(me)}</code></p>']
    if types:
        parts.append('<p class="types">' + " · ".join(names.term(t) for t in types) + "</p>")
    path = escape(link(me, base) or "", quote=True)
    if path:
        parts.append(
            f'<p class="alt">RDF: <a href="{path}?format=turtle">Turtle</a> · '
            f'<a href="{path}?format=jsonld">JSON-LD</a> · '
            f'<a href="{path}?format=ntriples">N-Triples</a></p>'
        )
    said: dict[tuple[str, str, str], list[str]] = {}
    for r in facts.relations:
        if r.statement:
            said.setdefault(_key(r.subject, r.predicate, r.object), []).append(r.statement)
    if facts.sources:
        parts.append('<h2>来源 Sources</h2><ol class="sources">')
        for st in facts.sources:
            parts.append(
                f"<li><blockquote>{escape(st.text)}</blockquote>"
                f"{names.stated_in([st.iri], dash='')}</li>"
            )
        parts.append("</ol>")
    shown: set[tuple[str, str, str]] = set()
    parts.append('<h2>事实 Facts</h2><table class="facts"><tbody>')
    for p, o in facts.outgoing:
        if p.value == rdf_type:
            continue
        key = _key(me_node, p, o)
        shown.add(key)
        parts.append(
            f"<tr><th>{names.term(p)}</th>"
            f"<td>{names.term(o)}{names.stated_in(said.get(key, []))}</td></tr>"
        )
    for r in facts.relations:  # stated, but not asserted as a triple here
        key = _key(r.subject, r.predicate, r.object)
        if r.subject == me_node and key not in shown:
            shown.add(key)
            parts.append(
                f"<tr><th>{names.term(r.predicate)}</th>"
                f"<td>{names.term(r.object)}{names.stated_in(said[key])}</td></tr>"
            )
    parts.append("</tbody></table>")
    here = [r for r in facts.relations if r.statement == me]
    if here:
        parts.append('<h2>本句陈述的关系 Relations stated here</h2><ul class="relations">')
        for r in here:
            parts.append(
                f"<li>{names.term(r.subject)} {names.term(r.predicate)} {names.term(r.object)}</li>"
            )
        parts.append("</ul>")
    nodes = {r.node for r in facts.relations}
    linked = []
    for s, p in facts.incoming:
        if p.value in REIFYING or s.value in nodes:  # reified: said on the fact's row instead
            continue
        key = _key(s, p, me_node)
        shown.add(key)
        linked.append(
            f"<tr><td>{names.term(s)}</td><th>{names.term(p)}</th>"
            f"<td>{names.stated_in(said.get(key, []))}</td></tr>"
        )
    for r in facts.relations:
        key = _key(r.subject, r.predicate, r.object)
        if r.object == me_node and key not in shown:
            shown.add(key)
            linked.append(
                f"<tr><td>{names.term(r.subject)}</td><th>{names.term(r.predicate)}</th>"
                f"<td>{names.stated_in(said[key])}</td></tr>"
            )
    if linked:
        parts.append('<h2>相关 Linked from</h2><table class="facts"><tbody>')
        parts.extend(linked)
        parts.append("</tbody></table>")
    return layout(title, "".join(parts))

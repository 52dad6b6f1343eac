"""HTML for people: the query page, one page per IRI (labels, facts, sources, links), errors.

Pages carry no inline script or style (the Content-Security-Policy forbids them); the query
page's behaviour is static/app.js and its data travels as a JSON <script> block.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

import pyoxigraph as ox

from kg_build.serve.pool import Answer

LABELS = (
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://purl.org/dc/terms/title",
)
KP = "https://w3id.org/kaiping-kg/ontology#"
SHORT = {
    "https://w3id.org/kaiping-kg/ontology#": "kp:",
    "https://w3id.org/kaiping-kg/id/": "kpid:",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf:",
    "http://www.w3.org/2000/01/rdf-schema#": "rdfs:",
    "http://www.w3.org/2004/02/skos/core#": "skos:",
    "http://www.w3.org/ns/prov#": "prov:",
    "http://purl.org/dc/terms/": "dcterms:",
    "http://purl.org/linked-data/cube#": "qb:",
    "http://www.w3.org/2001/XMLSchema#": "xsd:",
    "https://schema.org/": "schema:",
    "http://www.w3.org/2002/07/owl#": "owl:",
}


@dataclass(frozen=True)
class Facts:
    """What the store says about one IRI."""

    iri: str
    outgoing: tuple[tuple[ox.NamedNode, object], ...]  # (predicate, object)
    incoming: tuple[tuple[object, ox.NamedNode], ...]  # (subject, predicate)
    labels: dict[str, str]  # IRI → best label
    sources: tuple[tuple[str, str, str], ...]  # (statement IRI, line, text)

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


def lookup(run: Callable[..., Answer], iri: str, cap: int = 1000) -> Facts:
    """Ask the store (through `run`, which inspects and times out) about `iri`."""
    me = _iri_lit(iri)
    out = run(f"SELECT DISTINCT ?p ?o WHERE {{ {me} ?p ?o }} ORDER BY ?p ?o", cap)
    inc = run(f"SELECT DISTINCT ?s ?p WHERE {{ ?s ?p {me} }} ORDER BY ?p ?s", cap)
    src = run(
        "PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX kp: <" + KP + ">\n"
        "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
        "SELECT DISTINCT ?st ?line ?text WHERE {\n"
        f"  {{ {me} prov:wasDerivedFrom|kp:mentionedIn ?st }}\n"
        f"  UNION {{ ?r rdf:subject {me} ; prov:wasDerivedFrom ?st }}\n"
        f"  UNION {{ ?o kp:subject {me} ; prov:wasDerivedFrom ?st }}\n"
        "  ?st kp:text ?text . OPTIONAL { ?st kp:line ?line }\n"
        "} ORDER BY ?line ?st",
        200,
    )
    nodes = {iri}
    nodes.update(o.value for _, o in out.rows if isinstance(o, ox.NamedNode))
    nodes.update(p.value for p, _ in out.rows)
    nodes.update(s.value for s, _ in inc.rows if isinstance(s, ox.NamedNode))
    labels: dict[str, str] = {}
    if nodes:
        values = " ".join(_iri_lit(n) for n in sorted(nodes)[:cap])
        lab = run(
            f"SELECT ?x ?p ?l WHERE {{ VALUES ?x {{ {values} }} "
            f"VALUES ?p {{ {' '.join('<' + p + '>' for p in LABELS)} }} ?x ?p ?l }}",
            cap * 3,
        )
        ranked: dict[str, tuple[int, str]] = {}
        for x, p, label in lab.rows:
            rank = (LABELS.index(p.value), 0 if getattr(label, "language", None) == "zh" else 1)
            key = (rank[0] * 2 + rank[1], label.value)
            if x.value not in ranked or key < ranked[x.value]:
                ranked[x.value] = key
        labels = {k: v[1] for k, v in ranked.items()}
    sources = tuple(
        (st.value, line.value if line is not None else "", text.value)
        for st, line, text in src.rows
    )
    return Facts(iri, tuple(out.rows), tuple(inc.rows), labels, sources)


def short(iri: str) -> str:
    for ns, prefix in SHORT.items():
        if iri.startswith(ns):
            return prefix + iri[len(ns) :]
    return iri


def href(iri: str, base: str) -> str:
    """A local link for IRIs under the base, the IRI itself otherwise."""
    if iri.startswith(base):
        rest = iri[len(base) :]
        path, _, frag = rest.partition("#")
        local = "/" + urllib.parse.quote(path, safe="/:@-._~!$&'()*+,;=")
        return local + ("#" + urllib.parse.quote(frag) if frag else "")
    return iri


def term_html(term: object, labels: dict[str, str], base: str) -> str:
    if isinstance(term, ox.NamedNode):
        label = labels.get(term.value)
        plain = term.value[len(base) :] if term.value.startswith(base) else short(term.value)
        text = escape(label) if label else escape(plain)
        title = escape(term.value, quote=True)
        return f'<a href="{escape(href(term.value, base), quote=True)}" title="{title}">{text}</a>'
    if isinstance(term, ox.Literal):
        value = escape(term.value)
        if len(term.value) > 600:
            value = escape(term.value[:600]) + "…"
        lang = f' <span class="tag">@{escape(term.language)}</span>' if term.language else ""
        return f'<span class="lit">{value}</span>{lang}'
    if isinstance(term, ox.BlankNode):
        return f"_:{escape(term.value)}"
    return escape(str(term))


def _layout(title: str, body: str) -> bytes:
    return (
        '<!doctype html>\n<html lang="zh"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title>"
        '<link rel="icon" href="data:,">'
        '<link rel="stylesheet" href="/static/app.css"></head><body>'
        '<header><a href="/" class="home">kaiping-kg</a>'
        '<nav><a href="/">查询 Query</a> <a href="/sparql">SPARQL</a> '
        '<a href="/.well-known/void">VoID</a> <a href="/catalog">DCAT</a> '
        '<a href="/download/kaiping-kg.ttl">Turtle</a> '
        '<a href="/download/kaiping-kg.nq">N-Quads</a></nav></header>'
        f"<main>{body}</main></body></html>\n"
    ).encode()


def resource_page(facts: Facts, base: str) -> bytes:
    me = facts.iri
    title = facts.labels.get(me) or short(me)
    types = [o for p, o in facts.outgoing if p.value.endswith("22-rdf-syntax-ns#type")]
    parts = [f"<h1>{escape(title)}</h1>", f'<p class="iri"><code>{escape(me)}</code></p>']
    if types:
        parts.append("<p>" + " ".join(term_html(t, facts.labels, base) for t in types) + "</p>")
    path = escape(href(me, base), quote=True)
    parts.append(
        f'<p class="alt">RDF: <a href="{path}?format=turtle">Turtle</a> · '
        f'<a href="{path}?format=jsonld">JSON-LD</a> · '
        f'<a href="{path}?format=ntriples">N-Triples</a></p>'
    )
    if facts.sources:
        parts.append('<h2>来源 Sources</h2><ol class="sources">')
        for st, line, text in facts.sources:
            where = f"第{escape(line)}行" if line else "statement"
            parts.append(
                f'<li><blockquote>{escape(text)}</blockquote><a href="'
                f'{escape(href(st, base), quote=True)}">{where}</a></li>'
            )
        parts.append("</ol>")
    parts.append('<h2>事实 Facts</h2><table class="facts"><tbody>')
    for p, o in facts.outgoing:
        parts.append(
            f"<tr><th>{term_html(p, facts.labels, base)}</th>"
            f"<td>{term_html(o, facts.labels, base)}</td></tr>"
        )
    parts.append("</tbody></table>")
    if facts.incoming:
        parts.append('<h2>相关 Linked from</h2><table class="facts"><tbody>')
        for s, p in facts.incoming:
            parts.append(
                f"<tr><td>{term_html(s, facts.labels, base)}</td>"
                f"<th>{term_html(p, facts.labels, base)}</th></tr>"
            )
        parts.append("</tbody></table>")
    return _layout(title, "".join(parts))


def error_page(status: int, message: str) -> bytes:
    return _layout(f"{status}", f"<h1>{status}</h1><p>{escape(message)}</p>")


def index_page(queries: list[dict], counts: dict[str, int], settings: object) -> bytes:
    """The query page: stored queries as examples, an editor, a results table, charts."""
    data = json.dumps(
        {
            "queries": queries,
            "timeout": getattr(settings, "timeout", None),
            "maxRows": getattr(settings, "max_rows", None),
            "base": getattr(settings, "base", ""),
        },
        ensure_ascii=False,
    ).replace("</", "<\\/")
    total = sum(counts.values())
    body = f"""
<section class="intro">
<h1>政府工作报告知识图谱 · Government work reports knowledge graph</h1>
<p>{total} triples in {len(counts)} graphs. Pick a stored query, or write SPARQL and run it.
Queries are read-only, stop after {escape(str(getattr(settings, "timeout", "")))} s and
return at most {escape(str(getattr(settings, "max_rows", "")))} rows.</p>
</section>
<div class="layout">
<aside><h2>示例查询 Stored queries</h2><ul id="stored"></ul></aside>
<section class="work">
<form id="form">
<div id="params"></div>
<textarea id="editor" name="query" spellcheck="false" rows="14" aria-label="SPARQL"></textarea>
<div class="bar"><button type="submit" id="run">运行 Run</button>
<select id="format" aria-label="download format"><option value="json">JSON</option>
<option value="csv">CSV</option><option value="tsv">TSV</option><option value="xml">XML</option>
</select> <a id="download" href="#">下载 Download</a>
<button type="button" id="copy-link" title="a link to this query and its parameters">
复制链接 Copy link</button>
<span id="status"></span></div>
</form>
<div id="results"></div>
</section>
</div>
<section class="charts">
<h2>图表 Charts</h2>
<figure><figcaption>2024年各指标增长率 · 2024 growth rates by indicator (%)</figcaption>
<div id="chart-growth" class="chart"></div></figure>
<figure><figcaption>2025年目标与2024年实绩 · 2025 targets beside 2024 results (%)</figcaption>
<div id="chart-targets" class="chart"></div></figure>
</section>
<script type="application/json" id="config">{data}</script>
<script src="/static/app.js"></script>
"""
    return _layout("kaiping-kg · SPARQL", body)

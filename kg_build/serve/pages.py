"""HTML for people: the layout every page shares, the query page and error pages (one page per
IRI is entity.py).

Pages carry no inline script or style (the Content-Security-Policy forbids them); the query
page's behaviour is static/app.js and its data travels as a JSON <script> block.
"""

from __future__ import annotations

import json
from html import escape

from kg_build.serve.vocab import editor_vocab


def layout(title: str, body: str) -> bytes:
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


def error_page(status: int, message: str) -> bytes:
    return layout(f"{status}", f"<h1>{status}</h1><p>{escape(message)}</p>")


def index_page(queries: list[dict], counts: dict[str, int], settings: object) -> bytes:
    """The query page: stored queries as examples, an editor, a results table, charts."""
    data = json.dumps(
        {
            "queries": queries,
            "timeout": getattr(settings, "timeout", None),
            "maxRows": getattr(settings, "max_rows", None),
            "base": getattr(settings, "base", ""),
            "vocab": editor_vocab(),
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
<figure><figcaption>各地区各年实绩增长率 · Growth rates by region and year (%)</figcaption>
<div id="chart-growth" class="chart"></div></figure>
<figure><figcaption>各地区目标与上年实绩 · Targets beside the year before's results,
by region (%)</figcaption>
<div id="chart-targets" class="chart"></div></figure>
</section>
<script type="application/json" id="config">{data}</script>
<script src="/static/editor.js"></script>
<script src="/static/app.js"></script>
"""
    return layout("kaiping-kg · SPARQL", body)

// The query page: stored queries as examples, an editor, a results table and two SVG charts.
// The editor is CodeMirror 6 (static/editor.js, vendored by scripts/vendor_editor.sh); without
// it the page falls back to the plain textarea. Everything is served by `kaiping-kg serve`.
"use strict";
(function () {
  const config = JSON.parse(document.getElementById("config").textContent);
  const $ = (id) => document.getElementById(id);
  const SVG = "http://www.w3.org/2000/svg";
  const JSON_TYPE = "application/sparql-results+json";
  let selected = null; // the stored query shown in the editor
  const textarea = $("editor");
  const editor = window.KaipingEditor
    ? window.KaipingEditor.create(textarea, config.vocab)
    : { get text() { return textarea.value; }, set(text) { textarea.value = text; } };
  const editorText = () => editor.text;
  window.kaipingQueryText = editorText; // for tests and the console

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // A local path for IRIs under the base, the IRI for other http(s) IRIs, null otherwise
  // (a `javascript:` or `data:` IRI in a result must never become a link).
  function localHref(iri) {
    if (config.base && iri.startsWith(config.base)) {
      const rest = iri.slice(config.base.length);
      const [path, frag] = rest.split("#");
      return "/" + path.split("/").map(encodeURIComponent).join("/") + (frag ? "#" + frag : "");
    }
    return /^https?:\/\//i.test(iri) ? iri : null;
  }

  // kp:Park for an IRI of a known namespace (longest namespace first), else the IRI.
  const namespaces = Object.entries((config.vocab || {}).prefixes || {})
    .sort((a, b) => b[1].length - a[1].length);
  function shortName(iri) {
    for (const [prefix, ns] of namespaces) {
      if (iri.startsWith(ns) && iri.length > ns.length) return prefix + ":" + iri.slice(ns.length);
    }
    return iri;
  }

  function setStatus(text, isError) {
    $("status").textContent = text;
    $("status").className = isError ? "error" : "";
  }

  // ---- stored queries
  function showStored() {
    const list = $("stored");
    for (const q of config.queries) {
      const li = el("li", { "data-name": q.name, tabindex: "0" }, q.title_zh);
      li.appendChild(el("small", {}, q.title_en));
      li.title = q.description;
      li.addEventListener("click", () => choose(q.name));
      li.addEventListener("keydown", (e) => { if (e.key === "Enter") choose(q.name); });
      list.appendChild(li);
    }
  }

  function choose(name) {
    selected = config.queries.find((q) => q.name === name) || null;
    for (const li of document.querySelectorAll("#stored li")) {
      li.classList.toggle("active", li.dataset.name === name);
    }
    const params = $("params");
    params.replaceChildren();
    if (!selected) return;
    editor.set(selected.text, true); // the YAML header folded, the SPARQL in view
    for (const p of selected.params) {
      const label = el("label", {}, p.name + " ");
      const input = el("input", {
        name: p.name, "data-param": p.name,
        placeholder: p.example || p.default || p.type, title: p.description,
      });
      if (p.default) input.value = p.default;
      label.appendChild(input);
      params.appendChild(label);
    }
    updateDownload();
  }

  function requestFor(format) {
    const text = editorText();
    if (selected && text === selected.text) {
      const qs = new URLSearchParams();
      for (const input of document.querySelectorAll("[data-param]")) {
        if (input.value.trim() !== "") qs.set(input.dataset.param, input.value);
      }
      if (format) qs.set("format", format);
      return { url: "/queries/" + encodeURIComponent(selected.name) + "?" + qs, init: {} };
    }
    const qs = new URLSearchParams({ query: text });
    if (format) qs.set("format", format);
    return {
      url: "/sparql" + (format ? "?" + qs : ""),
      init: {
        method: "POST",
        headers: { "Content-Type": "application/sparql-query" },
        body: text,
      },
    };
  }

  // ---- shareable state: /?query=TEXT or /?stored=NAME&param=value…
  function pageAddress() {
    const text = editorText();
    const qs = new URLSearchParams();
    if (selected && text === selected.text) {
      qs.set("stored", selected.name);
      for (const input of document.querySelectorAll("[data-param]")) {
        if (input.value.trim() !== "") qs.set(input.dataset.param, input.value);
      }
    } else {
      qs.set("query", text);
    }
    return "/?" + qs;
  }

  // Open the state the address names; true if it named a query (then it is run).
  function openAddress() {
    const qs = new URLSearchParams(window.location.search);
    const stored = qs.get("stored");
    if (stored && config.queries.some((q) => q.name === stored)) {
      choose(stored);
      for (const input of document.querySelectorAll("[data-param]")) {
        if (qs.has(input.dataset.param)) input.value = qs.get(input.dataset.param);
      }
      updateDownload();
      return true;
    }
    if (qs.has("query")) {
      choose(null);
      editor.set(qs.get("query"), false);
      updateDownload();
      return true;
    }
    return false;
  }

  async function copyLink() {
    const link = window.location.origin + pageAddress();
    history.replaceState(null, "", pageAddress());
    try {
      await navigator.clipboard.writeText(link);
      setStatus("link copied");
    } catch (err) {
      setStatus(link); // no clipboard here (e.g. not a secure context): show it to copy
    }
  }

  function updateDownload() {
    const r = requestFor($("format").value);
    $("download").href = r.init.method === "POST" ? r.url : r.url;
  }

  // ---- results
  function cell(term) {
    const td = el("td");
    if (!term) return td;
    if (term.type === "uri") {
      const href = localHref(term.value);
      const name = shortName(term.value);
      td.appendChild(href === null
        ? el("span", { class: "iri-text", title: term.value }, name)
        : el("a", { href, title: term.value }, name));
    } else if (term.type === "bnode") {
      td.textContent = "_:" + term.value;
    } else {
      td.textContent = term.value;
      if (term["xml:lang"]) td.appendChild(el("span", { class: "tag" }, " @" + term["xml:lang"]));
    }
    return td;
  }

  function showResults(data) {
    const box = $("results");
    box.replaceChildren();
    if ("boolean" in data) {
      box.appendChild(el("p", { class: "answer" }, data.boolean ? "true" : "false"));
      return 1;
    }
    const vars = data.head.vars;
    const rows = data.results.bindings;
    const table = el("table", { class: "results", id: "results-table" });
    const head = el("tr");
    for (const v of vars) head.appendChild(el("th", {}, v));
    table.appendChild(el("thead")).appendChild(head);
    const body = el("tbody");
    for (const row of rows) {
      const tr = el("tr");
      for (const v of vars) tr.appendChild(cell(row[v]));
      body.appendChild(tr);
    }
    table.appendChild(body);
    if (data.truncated) {
      box.appendChild(el("p", { class: "notice" }, `truncated at ${config.maxRows} rows`));
    }
    box.appendChild(table);
    return rows.length;
  }

  function showTurtle(text) {
    const box = $("results");
    box.replaceChildren(el("pre", {}, text));
  }

  async function run(event) {
    if (event) event.preventDefault();
    history.replaceState(null, "", pageAddress());
    const r = requestFor(null);
    r.init.headers = Object.assign({}, r.init.headers, {
      Accept: JSON_TYPE + ", text/turtle;q=0.9",
    });
    setStatus("running…");
    const started = performance.now();
    try {
      const response = await fetch(r.url, r.init);
      const text = await response.text();
      if (!response.ok) {
        setStatus(`${response.status}: ${text}`, true);
        $("results").replaceChildren();
        return;
      }
      const ms = Math.round(performance.now() - started);
      if ((response.headers.get("Content-Type") || "").includes("json")) {
        const n = showResults(JSON.parse(text));
        setStatus(`${n} row${n === 1 ? "" : "s"} · ${ms} ms`);
      } else {
        showTurtle(text);
        setStatus(`${ms} ms`);
      }
    } catch (err) {
      setStatus(String(err), true);
    }
  }

  // ---- charts (inline SVG, drawn here)
  async function select(path) {
    const text = await (await fetch(path)).text();
    const response = await fetch("/sparql", {
      method: "POST",
      headers: { "Content-Type": "application/sparql-query", Accept: JSON_TYPE },
      body: text,
    });
    if (!response.ok) throw new Error(await response.text());
    return (await response.json()).results.bindings;
  }

  function svgNode(tag, attrs, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // rows: [{group, label, values: [number|null, ...]}], sorted by group; series: [{name, cls}].
  // Each group (a region and year) gets a heading and its own bars: nothing is shared.
  function barChart(box, rows, series) {
    box.replaceChildren();
    if (!rows.length) {
      box.appendChild(el("p", {}, "no data in this store"));
      return;
    }
    const labelW = 170, barH = 14, gap = 8, headH = 22, width = 520;
    const groupH = series.length * barH + gap;
    const groups = [...new Set(rows.map((r) => r.group))];
    const height = rows.length * groupH + groups.length * headH + 40;
    const all = rows.flatMap((r) => r.values).filter((v) => v !== null);
    const max = Math.max(1, ...all.map((v) => Math.abs(v)));
    const min = Math.min(0, ...all);
    const scale = (width - labelW - 50) / (max - min);
    const x0 = labelW + (0 - min) * scale;
    const svg = svgNode("svg", {
      viewBox: `0 0 ${width} ${height}`, width: "100%", role: "img", class: "bars",
    });
    let y = 6, current = null;
    rows.forEach((row) => {
      if (row.group !== current) {
        current = row.group;
        svg.appendChild(svgNode("text", { x: 4, y: y + 14, class: "group" }, row.group));
        y += headH;
      }
      svg.appendChild(svgNode("text", {
        x: labelW - 6, y: y + (series.length * barH) / 2 + 4, "text-anchor": "end",
      }, row.label.length > 14 ? row.label.slice(0, 13) + "…" : row.label));
      series.forEach((s, j) => {
        const v = row.values[j];
        if (v === null || v === undefined) return;
        const w = Math.abs(v) * scale;
        const bar = svgNode("rect", {
          x: v >= 0 ? x0 : x0 - w, y: y + j * barH, width: Math.max(w, 1), height: barH - 2,
          class: s.cls, "data-group": row.group, "data-label": row.label,
        });
        bar.appendChild(svgNode("title", {}, `${row.group} ${row.label} ${s.name}: ${v}%`));
        svg.appendChild(bar);
        svg.appendChild(svgNode("text", {
          x: (v >= 0 ? x0 + w : x0) + 4, y: y + j * barH + barH - 4,
        }, `${v}%`));
      });
      y += groupH;
    });
    svg.appendChild(svgNode("line", { x1: x0, x2: x0, y1: 4, y2: height - 30, class: "axis" }));
    let lx = labelW;
    series.forEach((s) => {
      svg.appendChild(svgNode("rect", { x: lx, y: height - 20, width: 12, height: 12, class: s.cls }));
      svg.appendChild(svgNode("text", { x: lx + 16, y: height - 10 }, s.name));
      lx += 150;
    });
    box.appendChild(svg);
  }

  const num = (t) => (t ? Number(t.value) : null);
  const groupOf = (b) => `${b.regionLabel ? b.regionLabel.value : shortName(b.region.value)} ${b.year.value}`;

  async function charts() {
    try {
      const growth = await select("/static/charts/growth.rq");
      barChart($("chart-growth"), growth.map((b) => ({
        group: groupOf(b), label: b.label.value, values: [num(b.growth)],
      })), [{ name: "增长 growth", cls: "bar-growth" }]);
    } catch (err) {
      $("chart-growth").textContent = String(err);
    }
    try {
      const targets = await select("/static/charts/targets.rq");
      barChart($("chart-targets"), targets.map((b) => ({
        group: groupOf(b), label: b.label.value, values: [num(b.target), num(b.actual)],
      })), [
        { name: "目标 target", cls: "bar-target" },
        { name: "上年实绩 actual, year before", cls: "bar-actual" },
      ]);
    } catch (err) {
      $("chart-targets").textContent = String(err);
    }
  }

  showStored();
  $("form").addEventListener("submit", run);
  $("format").addEventListener("change", updateDownload);
  $("editor").addEventListener("input", updateDownload);
  $("params").addEventListener("input", updateDownload);
  $("copy-link").addEventListener("click", copyLink);
  const first = config.queries.find((q) => q.name === "projects-by-cluster") || config.queries[0];
  if (openAddress()) run();
  else if (first) choose(first.name);
  else editor.set("SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 20", false);
  charts();
})();

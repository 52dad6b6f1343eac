"""Generate the HTML documentation of the ontology with pyLODE (run by hand; output committed).

    pip install pylode==3.3.4   # 3.4.1's wheel fails to import; 3.3.4 works with rdflib 7.6
    python scripts/gen_docs.py [--out-dir docs/ontology]

Writes index.html (English) and index.zh.html (Chinese) from ontology/kaiping-kg.ttl, with a
closing section on the enumerations and the reference data (gazetteer, indicators, industries,
units). pyLODE is given a copy of the ontology prepared for it: one language per page (the other
language's label becomes a note), external terms undeclared so that only kp: terms are listed,
the enumeration schemes untyped (pyLODE would take them for the ontology) and each enumeration
class given its members as instances. Output is deterministic (hash seed fixed, JSON-LD sorted).
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import DCTERMS, SKOS

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY_DIR = ROOT / "ontology"
OUT_DIR = ROOT / "docs" / "ontology"
KP = Namespace("https://w3id.org/kaiping-kg/ontology#")
ONTDOC = Namespace("https://w3id.org/profile/ontdoc/")
TEXT_PROPS = (RDFS.label, RDFS.comment, DCTERMS.title, DCTERMS.description, SKOS.prefLabel)
DECLARATIONS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
OTHER = {"en": "zh", "zh": "en"}
NOTE_PREFIX = {"en": "中文：", "zh": "English: "}

_JSONLD = re.compile(
    r'(<script id="schema.org" type="application/ld\+json">)(.*?)(</script>)', re.S
)


# ---------------------------------------------------------------- the graph pyLODE sees


def is_kp(term: object) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(str(KP))


def enumerations(g: Graph) -> dict[URIRef, list[URIRef]]:
    """kp enumeration classes (subclasses of skos:Concept with typed members) -> members."""
    out: dict[URIRef, list[URIRef]] = {}
    for cls in sorted(g.subjects(RDFS.subClassOf, SKOS.Concept)):
        members = sorted(m for m in g.subjects(RDF.type, cls) if is_kp(m))
        if is_kp(cls) and members:
            out[cls] = members
    return out


def text(g: Graph, s: URIRef, prop: URIRef, lang: str) -> str:
    values = sorted(str(o) for o in g.objects(s, prop) if getattr(o, "language", None) == lang)
    return values[0] if values else ""


def doc_graph(core: Graph, lang: str) -> Graph:
    """The ontology as pyLODE should see it for a page in `lang`."""
    g = Graph()
    for prefix, ns in core.namespaces():
        g.bind(prefix, ns)
    enums = enumerations(core)
    members = {m for ms in enums.values() for m in ms}
    for s, p, o in core:
        if p == RDF.type and o in DECLARATIONS and not is_kp(s):
            continue  # external term: pyLODE shows it as a link, not as a section
        if p == RDF.type and o == SKOS.ConceptScheme:
            continue  # pyLODE takes every concept scheme for the ontology itself
        if s in members and p != RDF.type and (s, RDF.type, OWL.ObjectProperty) not in core:
            continue  # documented in the closing section (kp:level is also a property)
        if p == RDFS.label and (s, RDF.type, OWL.Ontology) in core:
            continue  # pyLODE would append it to the title
        if p in TEXT_PROPS and isinstance(o, Literal) and o.language == OTHER[lang]:
            if p == RDFS.label:
                g.add((s, SKOS.note, Literal(NOTE_PREFIX[lang] + str(o))))
            continue
        g.add((s, p, o))
    for cls, ms in enums.items():
        for m in ms:
            g.add((cls, ONTDOC.hasInstance, m))
    canonical = Graph()  # stable blank-node ids, so that pyLODE's sorting is stable
    for prefix, ns in core.namespaces():
        canonical.bind(prefix, ns)
    for triple in to_canonical_graph(g):
        canonical.add(triple)
    return canonical


# ---------------------------------------------------------------- the closing section

HEADINGS = {
    "en": ("Enumerations", "Reference data", "member", "label", "meaning"),
    "zh": ("枚举值", "参考数据", "成员", "名称", "含义"),
}


def closing_section(core: Graph, ref: dict[str, Graph], lang: str) -> str:
    enum_h, ref_h, member_h, label_h, meaning_h = HEADINGS[lang]
    parts = [f'<div class="section" id="enumerations"><h2>{enum_h}</h2>']
    for cls, ms in enumerations(core).items():
        name = text(core, cls, RDFS.label, lang)
        code = f"<code>kp:{cls.fragment}</code>"
        parts.append(f'<h3 id="enum-{cls.fragment}">{html.escape(name)} ({code})</h3>')
        parts.append(f"<table><tr><th>{member_h}</th><th>{label_h}</th><th>{meaning_h}</th></tr>")
        for m in ms:
            label = text(core, m, SKOS.prefLabel, lang) or text(core, m, RDFS.label, lang)
            other = text(core, m, SKOS.prefLabel, OTHER[lang])
            parts.append(
                f'<tr id="{m.fragment}"><td><code>kp:{m.fragment}</code></td>'
                f"<td>{html.escape(label)} / {html.escape(other)}</td>"
                f"<td>{html.escape(text(core, m, RDFS.comment, lang))}</td></tr>"
            )
        parts.append("</table>")
    parts.append("</div>")
    parts.append(f'<div class="section" id="reference-data"><h2>{ref_h}</h2><ul>')
    for name, g in sorted(ref.items()):
        parts.append(f"<li><code>ontology/{name}</code>: {reference_summary(g, lang)}</li>")
    parts.append("</ul></div>")
    return "\n".join(parts)


def reference_summary(g: Graph, lang: str) -> str:
    counts: dict[str, int] = {}
    for cls in sorted(set(g.objects(None, RDF.type))):
        if is_kp(cls):
            counts[f"kp:{cls.fragment}"] = len(set(g.subjects(RDF.type, cls)))
    shown = ", ".join(f"{n} × <code>{c}</code>" for c, n in sorted(counts.items()))
    titles = sorted(
        str(o)
        for p in (DCTERMS.title, SKOS.prefLabel)
        for s in g.subjects(RDF.type, SKOS.ConceptScheme)
        for o in g.objects(s, p)
        if getattr(o, "language", None) == lang
    )
    if not titles:
        titles = sorted(
            str(o) for o in g.objects(None, DCTERMS.title) if getattr(o, "language", None) == lang
        )
    title = html.escape(titles[0]) + ". " if titles else ""
    return title + (shown or f"{len(g)} triples")


# ---------------------------------------------------------------- pyLODE


def _canonical(value: object) -> object:
    """JSON with every list sorted, so that the serialisation is stable."""
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_canonical(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def stable_jsonld(page: str) -> str:
    """Sort the embedded JSON-LD block of pyLODE's output."""

    def fix(m: re.Match[str]) -> str:
        data = _canonical(json.loads(m.group(2)))
        body = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)
        return f"{m.group(1)}\n{body}\n{m.group(3)}"

    return _JSONLD.sub(fix, page)


def _sorted_intersperse(items, sep):  # noqa: ANN001, ANN202 - pyLODE's own signature
    """pyLODE joins union members taken from a set of HTML objects: sort them by their text."""
    items = sorted(items, key=str)
    result = [sep] * (len(items) * 2 - 1)
    result[0::2] = items
    return result


def render(core: Graph, ref: dict[str, Graph], lang: str) -> str:
    import pylode.utils
    from pylode import OntPub

    pylode.utils.intersperse = _sorted_intersperse

    page = OntPub(ontology=doc_graph(core, lang), sort_subjects=True).make_html()
    page = stable_jsonld(page)
    if lang == "zh":
        page = page.replace('<html lang="en">', '<html lang="zh">', 1)
    extra = closing_section(core, ref, lang)
    marker = '<div id="namespaces">'
    if marker in page:
        return page.replace(marker, extra + "\n" + marker, 1)
    return page.replace("</body>", extra + "\n</body>", 1)


def main(argv: list[str] | None = None) -> int:
    if os.environ.get("PYTHONHASHSEED") != "0":  # pyLODE iterates over sets of terms
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        return subprocess.call([sys.executable, __file__, *(argv or sys.argv[1:])], env=env)
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--ontology-dir", type=Path, default=ONTOLOGY_DIR)
    ap.add_argument("--out-dir", type=Path, default=OUT_DIR)
    args = ap.parse_args(argv)
    try:
        import pylode  # noqa: F401
    except ImportError as e:
        print(f"gen_docs: pyLODE is missing ({e}); pip install pylode==3.3.4", file=sys.stderr)
        return 2
    core = Graph().parse(args.ontology_dir / "kaiping-kg.ttl")
    ref = {
        p.name: Graph().parse(p)
        for p in sorted(args.ontology_dir.glob("*.ttl"))
        if p.name != "kaiping-kg.ttl"
    }
    args.out_dir.mkdir(parents=True, exist_ok=True)
    for lang, name in (("en", "index.html"), ("zh", "index.zh.html")):
        target = args.out_dir / name  # written whole, then renamed into place
        tmp = target.with_name(f".{name}.tmp")
        tmp.write_text(render(core, ref, lang), encoding="utf-8")
        os.replace(tmp, target)
        print(f"wrote {args.out_dir / name}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

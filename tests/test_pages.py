"""The pages of `kaiping-kg serve` on a store of two counties' reports: the home-page charts
group by region and year; entity pages name predicates and classes with the ontology's
labels, put a reified relation on its fact's row with its report and line, and link only
http(s) IRIs.

Values read off the report texts: reports/kaiping-2025-gwr.txt line 6 (开平市 地区生产总值
+2.5% in 2024) and line 73 (2025 target +5.5%); tests/reports/shuikou-2025/report.txt line 8
(水口镇 地区生产总值 +2.8%, 固定资产投资 +13% in 2024), line 11 (开平市国际卫浴创新基地主平台,
水暖卫浴 its leading industry) and line 27 (2025 target 固定资产投资 +6%).
"""

from __future__ import annotations

import json
import re
import urllib.parse
import urllib.request
from collections import Counter

import pytest

from kg_build.serve.entity import link
from tests.serving import live_server, store_from_trig, two_report_store

PARK = "park/guangdong/jiangmen/kaiping/shuikou/开平市国际卫浴创新基地主平台"


@pytest.fixture(scope="module")
def two(tmp_path_factory):
    store = two_report_store(tmp_path_factory.mktemp("two"))
    with live_server(store) as server:
        yield server


def page(server, path: str, **params) -> str:
    qs = ("?" + urllib.parse.urlencode(params)) if params else ""
    url = server.url + urllib.parse.quote(path.lstrip("/"), safe="/") + qs
    req = urllib.request.Request(url, headers={"Accept": "text/html"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return resp.read().decode()


def select(server, text: str) -> list[dict[str, str]]:
    url = server.url + "sparql?" + urllib.parse.urlencode({"query": text})
    req = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        data = json.loads(resp.read())
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


def chart(server, name: str) -> list[dict[str, str]]:
    return select(server, page(server, f"/static/charts/{name}.rq"))


def test_charts_group_by_region_and_year(two):
    growth = chart(two, "growth")
    keys = [(r["region"], r["year"], r["indicator"]) for r in growth]
    assert len(keys) == len(set(keys))  # one bar per region, year and indicator
    bars = {(r["regionLabel"], r["year"], r["label"]): r["growth"] for r in growth}
    assert bars[("开平市", "2024", "地区生产总值")] == "2.5"
    assert bars[("水口镇", "2024", "地区生产总值")] == "2.8"  # not merged with 开平市's
    assert bars[("水口镇", "2024", "固定资产投资")] == "13"
    assert {r["regionLabel"] for r in growth} == {"开平市", "水口镇"}

    targets = chart(two, "targets")
    keys = [(r["region"], r["year"], r["indicator"]) for r in targets]
    assert len(keys) == len(set(keys))
    pairs = {
        (r["regionLabel"], r["year"], r["label"]): (r["target"], r.get("actual")) for r in targets
    }
    assert pairs[("开平市", "2025", "地区生产总值")] == ("5.5", "2.5")
    assert pairs[("水口镇", "2025", "固定资产投资")] == ("6", "13")  # its own 2024 result
    # 开平市 states no 2024 固定资产投资 growth: 水口镇's 13% must not stand beside its target
    assert pairs[("开平市", "2025", "固定资产投资")] == ("3", None)


def _row(html: str, predicate_label: str) -> str:
    rows = [r for r in html.split("<tr>") if f">{predicate_label} <span" in r]
    assert len(rows) == 1, rows
    return rows[0]


def test_entity_page_labels_predicates_and_classes_and_names_reports(two):
    html = page(two, PARK)
    assert "<h1>开平市国际卫浴创新基地主平台</h1>" in html
    assert 'title="kp:Park">园区 <span class="en">Park</span></a>' in html  # its class
    supports = _row(html, "支撑")  # kp:supports, labelled 支撑 / supports in the ontology
    assert '<span class="en">supports</span>' in supports and ">水暖卫浴</a>" in supports
    # the reified relation …/L11.2/r2 is said on the fact's row: report and line
    assert "政府工作报告 (shuikou-2025)</a>" in supports and ">第11行</a>" in supports
    assert 'href="/report/shuikou-2025/L11.2"' in supports
    assert "/L11.2/r" not in html  # no row of its own
    names = re.findall(r"<a [^>]*>([^<]*)", html)
    assert names and not [n for n in names if n.startswith(("http:", "https:"))]
    assert ">名称 <span" in html and 'title="rdfs:label"' in html  # a W3C predicate too
    sources = html.split("<h2>来源 Sources</h2>")[1].split("</ol>")[0]
    assert "基地以水暖卫浴为主导产业" in sources and "(shuikou-2025)</a>" in sources


def test_statement_page_lists_its_relations_once(two):
    html = page(two, "report/shuikou-2025/L11.2")
    assert "<h1>政府工作报告 (shuikou-2025) 第11行</h1>" in html
    stated = html.split("Relations stated here</h2>")[1].split("</ul>")[0]
    assert stated.count("<li>") == 2 and ">水暖卫浴</a>" in stated and ">水口镇</a>" in stated
    assert "/L11.2/r1" not in html and "/L11.2/r2" not in html


def test_industry_page_names_the_report_of_every_line(two):
    html = page(two, "id/industry/sanitary-ware")
    lines = re.findall(r'<span class="stated">(.*?)</span>', html)
    assert lines
    for stated in lines:  # every line number comes with its report
        for part in stated.split(";"):
            assert "第" not in part or re.search(r"\((kaiping-2025-gwr|shuikou-2025)\)</a>", part)
    reports = Counter(re.findall(r"\((kaiping-2025-gwr|shuikou-2025)\)</a> <a", html))
    assert reports["kaiping-2025-gwr"] and reports["shuikou-2025"]  # both counties say so


TRIG = """
@prefix kp: <https://w3id.org/kaiping-kg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/kaiping-kg/graph/test> {
  <https://w3id.org/kaiping-kg/park/x/园> a kp:Park ; rdfs:label "园"@zh ;
    rdfs:seeAlso <javascript:alert(1)> , <data:text/html,boom> , <https://example.org/ok> ,
      <urn:isbn:9787> .
}
"""


def test_only_http_iris_become_links(tmp_path):
    trig = tmp_path / "links.trig"
    trig.write_text(TRIG, encoding="utf-8")
    store = store_from_trig(trig, tmp_path / "store")
    with live_server(store) as server:
        html = page(server, "park/x/园")
    hrefs = re.findall(r'href="([^"]*)"', html.split("<main>")[1])  # the favicon is data:
    assert "https://example.org/ok" in hrefs
    assert not [h for h in hrefs if h.lower().startswith(("javascript:", "data:", "urn:"))]
    assert 'title="javascript:alert(1)">javascript:alert(1)</span>' in html  # shown as text
    assert ">urn:isbn:9787</span>" in html


@pytest.mark.parametrize(
    ("iri", "expected"),
    [
        ("https://w3id.org/kaiping-kg/id/place/a", "/id/place/a"),
        ("https://w3id.org/kaiping-kg/ontology#Park", "/ontology#Park"),
        (
            "http://www.w3.org/2000/01/rdf-schema#label",
            "http://www.w3.org/2000/01/rdf-schema#label",
        ),
        ("HTTPS://example.org/", "HTTPS://example.org/"),
        ("javascript:alert(1)", None),
        ("JavaScript:alert(1)", None),
        ("data:text/html,x", None),
        ("mailto:a@b.c", None),
    ],
)
def test_link_targets(iri, expected):
    assert link(iri, "https://w3id.org/kaiping-kg/") == expected


def test_the_vendored_editor_is_built_from_the_pinned_versions():
    """static/editor.js names every package it bundles with its version (scripts/editor/
    build.mjs reads them from node_modules): the pins of package.json must be those."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    pins = json.loads((root / "scripts" / "editor" / "package.json").read_text())["dependencies"]
    lock = json.loads((root / "scripts" / "editor" / "package-lock.json").read_text())
    bundle = (root / "kg_build" / "serve" / "static" / "editor.js").read_text(encoding="utf-8")
    head = bundle[: bundle.index("*/")]
    bundled = dict(re.findall(r"^ \* (@?[\w./-]+) (\d+\.\d+\.\d+) \(MIT\)$", head, re.M))
    for name, version in pins.items():
        assert bundled[name] == version == lock["packages"][f"node_modules/{name}"]["version"]
    for name, version in bundled.items():  # transitive ones as the lock file has them
        assert lock["packages"][f"node_modules/{name}"]["version"] == version

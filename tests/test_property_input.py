"""Property test: the reader and the extractor take any bytes, any text and report-shaped
noise without an exception; what they build is a graph of valid IRIs that conforms to the
shapes. Under CI=true it runs ≥ 5,000 examples (derandomised, so CI is repeatable)."""

from __future__ import annotations

import os
from itertools import count

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Literal, URIRef

from kg_build.batches import validate_in_batches
from kg_build.context import Context, graph_iris
from kg_build.errors import KgError
from kg_build.pipeline import emit_graph, extract_claims
from kg_build.rdf.namespaces import DEFAULT_BASE
from kg_build.read import read_bytes
from kg_build.resolve import resolve

CI = os.environ.get("CI") == "true"
EXAMPLES = 1700 if CI else 120  # per strategy: three strategies, ≥ 5,000 in CI
KEEP = 12  # graphs kept for the SHACL runs at the end

FRAGMENTS = [
    "一、", "二、", "（一）", "（二十七）", "1.", "12.", "第一部分", "2024年工作回顾",
    "2025年工作安排", "回顾", "今年", "全市", "地区生产总值", "增长", "下降", "达到",
    "515.47亿元", "515.47.3亿元", "2..5%", "5.2%", "%", "亿元", "万人", "公里", "个",
    "1" * 30, "9" * 400, "一百二十三", "约", "以上", "左右", "同比", "下同", "，", "。",
    "、", "；", "：", "（", "）", "“", "”", "|", "---", "#", "<div>", "</p>", "&amp;",
    "\t", "   ", "\u3000", "\ufffd", "\u200b", "GDP", "Review of 2024", "某某镇", "某某园区",
    "项目", "产业集群", "开工", "建成", "2024", "2025", "年", "月", "日", "十四五",
]  # fmt: skip
report_lines = st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=12).map("".join)
report_noise = st.lists(report_lines, min_size=1, max_size=12).map("\n".join)

_names = count()
_ctx = Context(DEFAULT_BASE)
_kept: dict[str, object] = {}


def build(data: bytes) -> None:
    """Read, extract, resolve and emit; only a KgError may stop it."""
    try:
        report = read_bytes(data, f"p{next(_names)}.txt")
    except KgError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    extraction = resolve(report, extract_claims(report, _ctx), _ctx)
    for obs in extraction.observations:
        assert obs.period and any(ch.isalnum() for ch in obs.indicator)
    g = emit_graph(report, extraction, _ctx.in_reference)
    for triple in g:
        for term in triple:
            if isinstance(term, URIRef):
                ox.NamedNode(str(term))  # raises on an invalid IRI
            else:
                assert isinstance(term, Literal | BNode)
    if len(_kept) < KEEP and extraction.observations:
        _kept[str(g.identifier)] = g


common = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=CI,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@common
@given(st.binary(max_size=600))
def test_any_bytes(data: bytes) -> None:
    build(data)


@common
@given(st.text(max_size=400))
def test_any_text(text: str) -> None:
    build(text.encode("utf-8", "surrogatepass"))


@common
@given(report_noise)
def test_report_shaped_noise(text: str) -> None:
    build(text.encode("utf-8"))


def test_kept_graphs_conform() -> None:
    """Run last (file order): the graphs with observations, each validated as a build of
    that one report would (reports without a region share their places' IRIs)."""
    if not _kept:
        pytest.skip("run with the property tests above")
    ontology_iri, _ = graph_iris(DEFAULT_BASE)
    for name, g in _kept.items():
        result = validate_in_batches({ontology_iri: _ctx.ontology, name: g}, _ctx, "pyrudof")
        assert result.conforms, result.summary(5)

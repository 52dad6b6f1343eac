"""A gallery of broken graphs: each fails for its own reason, with the right shape and message.

Each case in tests/fixtures/shapes/broken/ is a Turtle patch on the valid report of
tests/fixtures/shapes/valid.ttl (validated with ontology/*.ttl): for every (subject, predicate)
the patch mentions, the base values are replaced by the patch's; the object kpsh:absent
removes them. Its header says what must be found:

    # expect: <severity> <shape>     (one line per (severity, sh:sourceShape) expected; exactly
                                      these are reported, so a case breaks one thing)
    # message: <part of the English message>

Both engines (pyshacl and pyrudof) must report the same (severity, shape, node) results.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace

from kg_build.context import Context, data_graph
from kg_build.rdf.namespaces import DEFAULT_BASE
from kg_build.validate import result_keys, validate_graph, validate_with_pyrudof

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "shapes"
BROKEN = sorted((FIXTURES / "broken").glob("*.ttl"))
KPSH = Namespace("https://w3id.org/kaiping-kg/shapes#")
KP = Namespace("https://w3id.org/kaiping-kg/ontology#")
CJK = re.compile(r"[\u4e00-\u9fff]")


@cache
def _context() -> Context:
    return Context(DEFAULT_BASE)


def with_reference(g: Graph) -> Graph:
    """`g` with the ontology and the slice of reference data it names, as a build validates
    a report (kg_build.context.data_graph)."""
    ctx = _context()
    return data_graph({"ontology": ctx.ontology, "data": g}, ctx)


@cache
def _valid_ntriples() -> str:
    return Graph().parse(FIXTURES / "valid.ttl", format="turtle").serialize(format="nt")


def valid_graph() -> Graph:
    """The valid hand-written report with the ontology and reference data (a fresh copy)."""
    return with_reference(Graph().parse(data=_valid_ntriples(), format="nt"))


def patched(case: Path) -> Graph:
    """valid.ttl with the case's triples in place of those with the same subject and
    predicate (object kpsh:absent: removed); reference data sliced for what it names."""
    patch = Graph().parse(case, format="turtle")
    data = Graph().parse(data=_valid_ntriples(), format="nt")
    data += patch
    g = with_reference(data)
    for s, p in {(s, p) for s, p, _ in patch}:
        g.remove((s, p, None))
    for triple in patch:
        if triple[2] != KPSH.absent:
            g.add(triple)
    return g


@cache
def pyshacl_result(case: Path):
    return validate_graph(patched(case))


def expectations(case: Path) -> tuple[set[tuple[str, str]], str]:
    text = case.read_text(encoding="utf-8")
    expected = {tuple(line.split()) for line in re.findall(r"^# expect: (.+)$", text, re.M)}
    message = re.search(r"^# message: (.+)$", text, re.M)
    assert expected and message, f"{case.name}: header needs `# expect:` and `# message:` lines"
    return expected, message.group(1).strip()


def test_gallery_has_at_least_twenty_cases():
    assert len(BROKEN) >= 20


def test_the_base_graph_conforms_with_no_result_at_all():
    result = validate_graph(valid_graph())
    assert result.results == [], result.summary()
    assert result.conforms


@pytest.mark.parametrize("case", BROKEN, ids=[p.stem for p in BROKEN])
def test_broken_graph_fails_for_its_reason(case: Path):
    expected, message = expectations(case)
    result = pyshacl_result(case)
    found = {(r.severity, r.shape) for r in result.results}
    assert found == expected, result.summary()
    assert any(message in r.message_en for r in result.results), result.summary()
    for r in result.results:
        assert CJK.search(r.message_zh), f"{r.shape}: no Chinese message"
        assert r.message_en and r.message_en != r.message_zh, f"{r.shape}: no English message"
        assert r.about_label, f"{r.shape}: no label for {r.about}"
    assert result.conforms == all(sev != "Violation" for sev, _ in expected)


@pytest.mark.parametrize("case", BROKEN, ids=[p.stem for p in BROKEN])
def test_pyrudof_agrees_on_broken_graph(case: Path):
    assert result_keys(validate_with_pyrudof(patched(case))) == result_keys(pyshacl_result(case))


def test_pyrudof_agrees_on_the_base_graph():
    assert validate_with_pyrudof(valid_graph()).results == []


def _with_share(phrase: str, value: float) -> Graph:
    """The valid graph with one more share observation: `phrase` at `value` %."""
    g = valid_graph()
    r = Namespace("https://w3id.org/kaiping-kg/report/test-2025-gwr/")
    share = next(g.subjects(KP.measure, KP.share))
    node = r["L3.1/o99"]
    for p, o in g.predicate_objects(share):
        if p not in (KP.value, KP.indicatorPhrase, KP["index"]):
            g.add((node, p, o))
    g.add((node, KP["index"], Literal(99)))
    g.add((node, KP.indicatorPhrase, Literal(phrase, lang="zh")))
    g.add((node, KP.value, Literal(Decimal(str(value)))))
    return g


@pytest.mark.parametrize(
    ("phrase", "value", "conforms"),
    [
        ("完成年度计划", 118.0, True),
        ("加强免疫接种率", 104.5, True),
        ("第三产业比重", 118.0, False),
    ],
)
def test_a_ratio_to_a_plan_may_pass_a_hundred_percent_a_share_may_not(phrase, value, conforms):
    g = _with_share(phrase, value)
    result = validate_graph(g)
    shapes = {r.shape for r in result.results}
    assert ("kpsh:ShareRangeShape" in shapes) != conforms, result.summary()
    assert result_keys(validate_with_pyrudof(g)) == result_keys(result)


def test_the_plan_ratio_words_of_the_shape_and_of_the_extractor_are_one_list():
    """The extractor leaves out a share above 100 % unless its indicator names a plan; the
    shape lets exactly those through. Two lists that drift apart refuse a whole report."""
    import re

    from kg_build import lexicon
    from kg_build.paths import shapes_dir

    text = (shapes_dir() / "observations.ttl").read_text(encoding="utf-8")
    shape = text[text.index("kpsh:ShareRangeShape") :]
    pattern = re.search(r'sh:pattern "([^"]+)"', shape).group(1)
    words = lexicon.load("quantities").words("plan_ratio_words")
    assert pattern.split("|") == list(words)


def test_the_growth_bounds_of_the_extractor_are_those_the_shapes_accept_without_a_word():
    """An amount's change is read as a growth only within the range the growth shapes pass
    without a warning (quantities.yaml increment_bounds: from GrowthRangeShape's least to
    GrowthUnusualShape's most); if the two drift apart, reports are refused or flagged."""
    import re

    from kg_build import lexicon
    from kg_build.paths import shapes_dir

    text = (shapes_dir() / "observations.ttl").read_text(encoding="utf-8")
    grow = text[text.index("kpsh:GrowthRangeShape a") : text.index("kpsh:GrowthUnusualShape a")]
    rare = text[text.index("kpsh:GrowthUnusualShape a") : text.index("kpsh:ShareRangeShape a")]
    least = float(re.search(r"sh:minInclusive (-?[0-9.]+)", grow).group(1))
    most = float(re.search(r"sh:maxInclusive (-?[0-9.]+)", rare).group(1))
    assert most < float(re.search(r"sh:maxInclusive (-?[0-9.]+)", grow).group(1))
    bounds = lexicon.load("quantities").map("increment_bounds")
    assert (float(bounds["least"]), float(bounds["most"])) == (least, most)

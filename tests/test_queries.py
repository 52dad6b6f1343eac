"""Stored queries: headers, safe parameter binding, and each query's rows.

Two graphs are used: `tests/fixtures/queries/mini.trig`, a small graph written by hand to
the model in docs/model.md (exact rows for every query, independent of the extractors),
and the bundled report built by the real pipeline (rows checked by hand against
reports/kaiping-2025-gwr.txt).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg_build.answers import run_sparql
from kg_build.errors import KgError
from kg_build.queries import (
    bind_params,
    bind_values_clause,
    get_query,
    load_queries,
    outer_group_start,
    parse_param_args,
    parse_query_file,
    run_query,
)
from kg_build.store import merge_into_default_graph

MINI = Path(__file__).parent / "fixtures" / "queries" / "mini.trig"
B = "https://w3id.org/kaiping-kg/"
KAIPING = B + "id/place/guangdong/jiangmen/kaiping"
CHIKAN = KAIPING + "/chikan"
R = B + "report/mini-2025"
PARK = B + "park/guangdong/jiangmen/kaiping/生物医药产业专业园"
PROJECT = B + "project/guangdong/jiangmen/kaiping/国际卫浴创新基地产业综合配套工程"
CLUSTER = B + "cluster/guangdong/jiangmen/kaiping/水暖卫浴产业集群"
BIOMED = B + "id/industry/biomedicine"
L6 = "●地区生产总值完成515.47亿元,同比(下同)增长2.5%"
L8 = "●引进超亿元制造业项目个数、计划投资额分别增长46.2%、12.7%"
L16 = "●加强与中山翠亨新区产业合作,共建生物医药产业专业园,进驻项目6个,投资总额约40亿元"
L35 = "●赤坎镇获批创建省乡村振兴示范镇"
L37 = "●百合镇茅冈村、赤坎镇红溪村等5个村入选省乡村振兴示范村创建名单"
L116 = "●推动国际卫浴创新基地产业综合配套工程(一期)完工,并启动二期建设"

REQUIRED = {
    "observations",
    "entities",
    "projects-by-cluster",
    "indicators-by-year",
    "targets-vs-actuals",
    "growth-ranking",
    "multi-year",
    "industry-tree",
    "parks",
    "town-profile",
    "partners",
    "designations",
    "livelihood",
    "investment",
    "provenance",
    "search",
    "statements-without-facts",
    "report-outline",
    "linked-ids",
    "dataset-stats",
}


@pytest.fixture(scope="module")
def mini() -> ox.Store:
    store = ox.Store()
    store.load(path=str(MINI), format=ox.RdfFormat.TRIG)
    merge_into_default_graph(store)  # as a build does
    return store


def rows(store: ox.Store, name: str, **params: str) -> list[tuple[str, ...]]:
    result = run_query(store, get_query(name), params)
    assert result.variables == tuple(c.name for c in get_query(name).columns)
    return [tuple("" if t is None else t.value for t in row) for row in result.rows]


def column(table: list[tuple[str, ...]], name: str, query: str) -> list[str]:
    i = [c.name for c in get_query(query).columns].index(name)
    return [row[i] for row in table]


# ---------------------------------------------------------------- headers


def test_the_required_queries_exist_with_headers():
    queries = load_queries()
    assert set(queries) >= REQUIRED
    for q in queries.values():
        assert q.title_zh and q.title_en and q.description, q.name
        assert re.search(r"[\u4e00-\u9fff]", q.title_zh), q.name
        assert "ORDER BY" in q.text, f"{q.name} must fix its row order"
        for p in q.params:
            assert p.description and (p.example or p.default), (q.name, p.name)


def test_contracted_columns():
    names = {n: [c.name for c in get_query(n).columns] for n in REQUIRED}
    assert names["observations"] == [
        "indicator",
        "subject",
        "measure",
        "value",
        "unit",
        "base_value",
        "base_unit",
        "period",
        "status",
        "qualifier",
        "statement",
        "report",
        "region",
        "year",
    ]
    assert names["entities"] == ["entity", "label", "type", "report", "region", "year"]
    assert names["projects-by-cluster"] == [
        "project",
        "project_label",
        "project_type",
        "cluster",
        "cluster_label",
        "statement",
        "report",
        "region",
        "year",
    ]


def test_every_query_returns_its_header_columns_with_and_without_examples(mini):
    for q in load_queries().values():
        required = {p.name: p.example for p in q.params if p.required}
        examples = {p.name: p.example for p in q.params if p.example}
        for params in (required, examples):
            result = run_query(mini, q, params)
            assert result.variables == tuple(c.name for c in q.columns), q.name


def test_every_example_gives_rows_on_the_fixture_or_is_documented(mini):
    # the examples are chosen for the bundled report; on the small fixture most still answer
    empty = []
    for q in load_queries().values():
        params = {p.name: p.example for p in q.params if p.required}
        if not run_query(mini, q, params).rows:
            empty.append(q.name)
    assert empty == ["search", "set-aside"]  # 氢能 is not in the fixture; nothing set aside


# ---------------------------------------------------------------- parameters


def test_parse_param_args_errors():
    q = get_query("observations")
    assert parse_param_args(q, ["indicator=地区生产总值", "period=2024"]) == {
        "indicator": "地区生产总值",
        "period": "2024",
    }
    assert parse_param_args(q, ["indicator=a=b"]) == {"indicator": "a=b"}
    with pytest.raises(KgError, match="not KEY=VALUE"):
        parse_param_args(q, ["indicator"])
    with pytest.raises(KgError, match="not KEY=VALUE"):
        parse_param_args(q, ["=2024"])
    with pytest.raises(KgError, match="no parameter 'colour'.*indicator, period, status"):
        parse_param_args(q, ["colour=red"])


def test_typed_conversion():
    year = bind_params(get_query("indicators-by-year"), {"year": " 2024 "})["year"]
    assert str(year) == '"2024"^^<http://www.w3.org/2001/XMLSchema#integer>'
    with pytest.raises(KgError, match="four-digit year"):
        bind_params(get_query("indicators-by-year"), {"year": "24"})
    with pytest.raises(KgError, match="not an integer"):
        bind_params(get_query("indicators-by-year"), {"year": "二〇二四"})
    thing = bind_params(get_query("provenance"), {"thing": R + "/L6.1/o1"})["thing"]
    assert str(thing) == f"<{R}/L6.1/o1>"
    for bad in ("L6.1/o1", "not an iri", f"{R}> ?s ?p ?o", f"{R}/{{x}}", ""):
        with pytest.raises(KgError, match="IRI"):
            bind_params(get_query("provenance"), {"thing": bad})
    with pytest.raises(KgError, match="empty"):
        bind_params(get_query("search"), {"text": ""})


def test_decimal_and_integer_types(tmp_path):
    rq = tmp_path / "numbers.rq"
    rq.write_text(
        "# title: {zh: 数, en: numbers}\n# description: d\n"
        "# params:\n#   - {name: d, type: decimal, description: x, example: '2.5'}\n"
        "#   - {name: n, type: integer, description: x, example: '3'}\n"
        "# columns: [d, n]\nSELECT ?d ?n WHERE { BIND(?p_d AS ?d) BIND(?p_n AS ?n) } ORDER BY ?d\n",
        encoding="utf-8",
    )
    q = load_queries(tmp_path)["numbers"]
    result = run_query(ox.Store(), q, {"d": "-2.50", "n": "+7"})
    d, n = result.rows[0]
    assert (d.value, d.datatype.rsplit("#", 1)[1]) == ("-2.5", "decimal")
    assert (n.value, n.datatype.rsplit("#", 1)[1]) == ("7", "integer")
    for bad in ("2,5", "1e3", "NaN", "abc"):
        with pytest.raises(KgError, match="decimal"):
            bind_params(q, {"d": bad})
    with pytest.raises(KgError, match="integer"):
        bind_params(q, {"n": "1.5"})


def test_missing_required_and_defaults():
    with pytest.raises(KgError, match="needs --param town="):
        bind_params(get_query("town-profile"), {})
    assert str(bind_params(get_query("growth-ranking"), {})["status"]) == '"actual"'


def test_unknown_query_suggests_close_names():
    with pytest.raises(KgError, match="did you mean observations"):
        get_query("observation")
    with pytest.raises(KgError, match="kaiping-kg queries"):
        get_query("zzzz")


INJECTIONS = [
    '" } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o . FILTER("" = "',
    '赤坎镇") } UNION { ?s ?p ?o } #',
    "> ?s ?p ?o",
    '\\" ) } # \n DELETE WHERE { ?s ?p ?o }',
    "'''\"\"\" }}}",
]


@pytest.mark.parametrize("attack", INJECTIONS)
def test_injection_through_a_string_parameter_is_only_data(mini, attack):
    before = len(mini)
    assert rows(mini, "town-profile", town=attack) == []
    assert rows(mini, "search", text=attack) == []
    assert rows(mini, "projects-by-cluster", cluster=attack) == []
    query = get_query("search")
    text = bind_values_clause(query, {"text": attack})
    block = f"VALUES (?p_text) {{ ({ox.Literal(attack)}) }}"  # one escaped literal
    # at the marker naming it, and nothing at the one for the reports in scope
    expected = query.text.replace("#%params text\n", block + "\n")
    assert text == expected.replace("#%params region report\n", "\n")
    assert len(mini) == before


def test_injection_through_an_iri_parameter_is_refused():
    for attack in (f"{R}> ?s ?p ?o . <x", f"{R}> }} ; DROP ALL ; #"):
        with pytest.raises(KgError, match="IRI"):
            bind_values_clause(get_query("provenance"), {"thing": attack})


def test_values_block_goes_first_in_the_outer_group_or_at_the_marker():
    q = get_query("search")
    text = bind_values_clause(q, {"text": "氢能"})
    where = text.index("WHERE {")
    assert text[where:].startswith('WHERE {\n  VALUES (?p_text) { ("氢能") }')
    town = bind_values_clause(get_query("town-profile"), {"town": "赤坎"})
    assert "#%params" not in town
    assert '      VALUES (?p_town) { ("赤坎") }\n' in town
    assert bind_values_clause(get_query("entities"), {}) == get_query("entities").text


def test_values_block_goes_at_every_marker():
    q = get_query("projects-by-cluster")
    assert q.text.count("#%params") == 3  # the reports in scope, the flag and the clusters
    text = bind_values_clause(q, {"cluster": "生物医药"})
    assert "#%params" not in text and text.count("VALUES (?p_") == 2
    assert text.count('VALUES (?p_cluster) { ("生物医药") }') == 2
    # a marker that names parameters gets only those
    text = bind_values_clause(q, {"cluster": "生物医药", "region": "开平市"})
    assert text.count('VALUES (?p_cluster) { ("生物医药") }') == 2
    assert text.count('VALUES (?p_region) { ("开平市") }') == 1
    assert text.count("VALUES (?p_") == 3


def test_a_marker_may_name_only_the_querys_parameters(tmp_path):
    path = tmp_path / "bad-marker.rq"
    path.write_text(
        "# title: {zh: 坏, en: Bad}\n# description: x\n# params:\n"
        "#   - {name: a, type: string, example: x, description: a}\n# columns: [x]\n"
        "SELECT ?x WHERE {\n  #%params a b\n  BIND(?p_a AS ?x)\n} ORDER BY ?x\n",
        encoding="utf-8",
    )
    with pytest.raises(KgError, match="names no parameter b"):
        parse_query_file(path)
    path.write_text(path.read_text(encoding="utf-8").replace(" a b", " a"), encoding="utf-8")
    q = parse_query_file(path)
    assert '  VALUES (?p_a) { ("v") }\n' in bind_values_clause(q, {"a": "v"})


def test_outer_group_start_skips_comments_strings_and_iris():
    text = '# { not here\nPREFIX a: <http://x/ns#>\nSELECT ("{" AS ?b) WHERE { ?s ?p ?o }'
    assert text[outer_group_start(text) - 7 :].startswith("WHERE {")
    with pytest.raises(KgError):
        outer_group_start("SELECT * # {")


# ---------------------------------------------------------------- ad-hoc SPARQL


def test_run_sparql_select_ask_construct(mini):
    n = run_sparql(
        mini,
        "SELECT (COUNT(*) AS ?n) WHERE { ?o a <https://w3id.org/kaiping-kg/ontology#Observation> }",
    )
    assert n.rows[0][0].value == "10"
    assert run_sparql(mini, f"ASK {{ <{PARK}> ?p ?o }}").boolean is True
    g = run_sparql(mini, f"CONSTRUCT {{ <{PARK}> ?p ?o }} WHERE {{ <{PARK}> ?p ?o }}")
    assert g.kind == "graph" and g.variables == ("subject", "predicate", "object")
    assert len(g.rows) == 6  # a, label, mentionedIn, locatedIn, supports, partner
    assert g.rows == tuple(sorted(g.rows, key=lambda r: tuple((c.kind, c.value) for c in r)))


def test_run_sparql_errors(mini):
    with pytest.raises(KgError, match="does not parse"):
        run_sparql(mini, "SELECT ?x WHERE { ?x ")
    with pytest.raises(KgError, match="not updates"):
        run_sparql(mini, "PREFIX a: <http://a/> DELETE WHERE { ?s ?p ?o }")
    with pytest.raises(KgError, match="not updates"):
        run_sparql(mini, "# comment\nDROP ALL")
    with pytest.raises(KgError, match="empty"):
        run_sparql(mini, "  ")


# ---------------------------------------------------------------- rows on the fixture


FIXTURE_REPORT = "mini-2025"
PROV = (FIXTURE_REPORT, "开平市", "")  # report, region, year (the fixture plans no year)


def test_observations_on_fixture(mini):
    full = rows(mini, "observations")
    got = [r[:11] for r in full]  # the facts; the report, region and year are checked below
    assert {r[11:] for r in full} == {(FIXTURE_REPORT, "开平市", "")}  # it gives no year
    assert rows(mini, "observations", region="开平") == full
    assert rows(mini, "observations", report=FIXTURE_REPORT) == full
    assert rows(mini, "observations", region="台山市") == []
    kp = "开平市"
    assert got == [
        (
            "地区生产总值",
            kp,
            "level",
            "515.47",
            "亿元",
            "51547000000",
            "元",
            "2024",
            "actual",
            "",
            L6,
        ),
        ("地区生产总值", kp, "growth", "2.5", "%", "", "", "2024", "actual", "", L6),
        # o2 before o10: the index is sorted as a number
        ("引进超亿元制造业项目个数", kp, "growth", "46.2", "%", "", "", "2024", "actual", "", L8),
        (
            "引进超亿元制造业项目计划投资额",
            kp,
            "growth",
            "12.7",
            "%",
            "",
            "",
            "2024",
            "actual",
            "",
            L8,
        ),
        ("进驻项目", "生物医药产业专业园", "level", "6", "个", "", "", "2024", "actual", "", L16),
        (
            "投资总额",
            "生物医药产业专业园",
            "level",
            "40",
            "亿元",
            "4000000000",
            "元",
            "2024",
            "actual",
            "approximately",
            L16,
        ),
        (
            "城镇新增就业",
            kp,
            "level",
            "7307",
            "人",
            "7307",
            "人",
            "2024",
            "actual",
            "",
            "●城镇新增就业7307人",
        ),
        (
            "规上工业增加值",
            kp,
            "growth",
            "6.7",
            "%",
            "",
            "",
            "2021/2024",
            "actual",
            "",
            "·规上工业增加值年均增长6.7%",
        ),
        (
            "地区生产总值",
            kp,
            "growth",
            "5.5",
            "%",
            "",
            "",
            "2025",
            "target",
            "",
            "地区生产总值增长5.5%",
        ),
        (
            "城镇新增就业",
            kp,
            "level",
            "6000",
            "人",
            "",
            "",
            "2025",
            "target",
            "atLeast",
            "城镇新增就业6000人以上",
        ),
    ]
    assert len(rows(mini, "observations", status="target")) == 2
    assert len(rows(mini, "observations", indicator="GDP")) == 3  # the indicator's altLabel
    assert len(rows(mini, "observations", indicator="就业", period="2025")) == 1


def test_entities_on_fixture(mini):
    assert rows(mini, "entities") == [
        (
            B + "designation/guangdong/jiangmen/kaiping/省乡村振兴示范镇",
            "省乡村振兴示范镇",
            "Designation",
            *PROV,
        ),
        (BIOMED, "生物医药", "Industry", *PROV),
        (B + "place/zhongshan/中山翠亨新区", "中山翠亨新区", "NewArea", *PROV),
        (PARK, "生物医药产业专业园", "Park", *PROV),
        (PROJECT, "国际卫浴创新基地产业综合配套工程", "Project", *PROV),
        (CHIKAN, "赤坎镇", "Town", *PROV),
        (B + "village/guangdong/jiangmen/kaiping/红溪村", "红溪村", "Village", *PROV),
    ]
    assert rows(mini, "entities", type="Park") == [(PARK, "生物医药产业专业园", "Park", *PROV)]


def test_projects_by_cluster_on_fixture(mini):
    project = (
        PROJECT,
        "国际卫浴创新基地产业综合配套工程",
        "Project",
        CLUSTER,
        "水暖卫浴产业集群",
        L116,
        *PROV,
    )
    park = (PARK, "生物医药产业专业园", "Park", BIOMED, "生物医药", L16, *PROV)
    assert rows(mini, "projects-by-cluster") == [project, park]
    assert rows(mini, "projects-by-cluster", cluster="生物医药") == [park]
    # a cluster is found by its own name, its industry's names, and broader industries
    for name in ("水暖卫浴产业集群", "水暖卫浴", "卫浴"):
        assert rows(mini, "projects-by-cluster", cluster=name) == [project], name
    assert rows(mini, "projects-by-cluster", cluster="制造业") == [project, park]
    assert rows(mini, "projects-by-cluster", cluster="生物") == []  # names match whole


def test_indicators_by_year_on_fixture(mini):
    got = rows(mini, "indicators-by-year", indicator="地区生产总值")
    assert [(r[2], r[3], r[4], r[5]) for r in got] == [
        ("growth", "2024", "actual", "2.5"),
        ("growth", "2025", "target", "5.5"),
        ("level", "2024", "actual", "515.47"),
    ]
    by_2024 = rows(mini, "indicators-by-year", year="2024")
    assert len(by_2024) == 8  # seven 2024 observations and the 2021/2024 span
    assert {r[3] for r in by_2024} == {"2024", "2021/2024"}


def test_targets_vs_actuals_on_fixture(mini):
    # one report: its targets have no next report to be checked against
    got = rows(mini, "targets-vs-actuals")
    assert [r[:7] for r in got] == [
        ("地区生产总值", "开平市", "growth", "2025", "5.5", "%", ""),
        ("城镇新增就业", "开平市", "level", "2025", "6000", "人", ""),
    ]
    assert {r[11:] for r in got} == {("开平市", FIXTURE_REPORT, "")}
    assert rows(mini, "targets-vs-actuals", year="2024") == []
    assert rows(mini, "targets-vs-actuals", region="台山") == []


def test_targets_vs_actuals_pairs_a_target_with_the_next_reports_actual(mini):
    """A 2024 report of the same region sets a 2024 target; the fixture's report reviews
    2024 and gives its actual: the two stand side by side, both reports named. A report of
    another region with the same target is not paired."""
    store = ox.Store()
    store.load(path=str(MINI), format=ox.RdfFormat.TRIG)
    kaiping = "<https://w3id.org/kaiping-kg/id/place/guangdong/jiangmen/kaiping>"
    taishan = "<https://w3id.org/kaiping-kg/id/place/guangdong/jiangmen/taishan>"

    def earlier(slug: str, region: str) -> str:
        r = f"https://w3id.org/kaiping-kg/report/{slug}"
        return f"""
        @prefix kp: <https://w3id.org/kaiping-kg/ontology#> .
        @prefix prov: <http://www.w3.org/ns/prov#> .
        <{r}> a kp:Report ; kp:region {region} .
        <{r}/L70.1> a kp:Statement ; kp:text "地区生产总值增长5%" ; kp:order 69 ;
            kp:line 70 ; kp:inReport <{r}> .
        <{r}/L70.1/o1> a kp:Observation ; kp:index 1 ; prov:wasDerivedFrom <{r}/L70.1> ;
            kp:indicator <https://w3id.org/kaiping-kg/id/indicator/gdp> ;
            kp:indicatorPhrase "地区生产总值"@zh ; kp:subject {kaiping} ;
            kp:measure kp:growth ; kp:value 5.0 ; kp:unitText "%" ; kp:period "2024" ;
            kp:status kp:target .
        """

    for slug, region in (("mini-2024", kaiping), ("other-2024", taishan)):
        store.load(
            earlier(slug, region).encode(),
            format=ox.RdfFormat.TURTLE,
            to_graph=ox.NamedNode(B + "report/" + slug),
        )
    reviews = (
        "<https://w3id.org/kaiping-kg/report/mini-2025> "
        '<https://w3id.org/kaiping-kg/ontology#yearReviewed> "2024"^^'
        "<http://www.w3.org/2001/XMLSchema#gYear> .\n"
    )
    store.load(
        reviews.encode(),
        format=ox.RdfFormat.N_TRIPLES,
        to_graph=ox.NamedNode(B + "report/mini-2025"),
    )
    merge_into_default_graph(store)
    got = rows(store, "targets-vs-actuals", indicator="地区生产总值")
    assert [(r[3], r[4], r[6], r[7], r[12], r[13]) for r in got] == [
        ("2024", "5", "2024", "2.5", "mini-2024", "mini-2025"),
        ("2025", "5.5", "", "", "mini-2025", ""),
        ("2024", "5", "", "", "other-2024", ""),
    ]


def test_growth_ranking_on_fixture(mini):
    got = rows(mini, "growth-ranking")
    assert [(r[0], r[2], r[5]) for r in got] == [
        ("引进超亿元制造业项目个数", "46.2", ""),
        ("引进超亿元制造业项目计划投资额", "12.7", ""),
        ("规上工业增加值", "6.7", "averageAnnual"),
        ("地区生产总值", "2.5", "yearOnYear"),
    ]
    assert [r[2] for r in rows(mini, "growth-ranking", status="target")] == ["5.5"]
    assert len(rows(mini, "growth-ranking", period="2021/2024")) == 1


def test_multi_year_on_fixture(mini):
    assert rows(mini, "multi-year") == [
        (
            "规上工业增加值",
            "开平市",
            "growth",
            "6.7",
            "%",
            "2021/2024",
            "averageAnnual",
            "",
            "·规上工业增加值年均增长6.7%",
            *PROV,
        ),
    ]


def test_industry_tree_on_fixture(mini):
    assert rows(mini, "industry-tree") == [
        ("制造业", B + "id/industry/manufacturing", "制造业", "", "0", "0", "0"),
        ("制造业 > 水暖卫浴", B + "id/industry/sanitary-ware", "水暖卫浴", "", "1", "1", "0"),
        ("制造业 > 生物医药", BIOMED, "生物医药", "战略性新兴产业", "0", "1", "1"),
    ]


def test_parks_on_fixture(mini):
    expected = [(PARK, "生物医药产业专业园", "开平市", "生物医药", "1", *PROV)]
    assert rows(mini, "parks") == expected
    assert rows(mini, "parks", place="开平") == expected
    assert rows(mini, "parks", place="赤坎镇") == []


def test_town_profile_on_fixture(mini):
    expected = [
        ("赤坎镇", "赤坎镇", "35", "", L35, *PROV),
        ("赤坎镇", "红溪村", "37", "", L37, *PROV),
        ("赤坎镇", "赤坎镇", "37", "", L37, *PROV),
    ]
    assert rows(mini, "town-profile", town="赤坎镇") == expected
    assert rows(mini, "town-profile", town="赤坎") == expected  # short form, not 赤坎区
    park = rows(mini, "town-profile", town="生物医药产业专业园")
    assert [r[3] for r in park] == ["进驻项目 6个", "投资总额 40亿元"]


def test_partners_designations_on_fixture(mini):
    partner = (
        B + "place/zhongshan/中山翠亨新区",
        "中山翠亨新区",
        "生物医药产业专业园",
        "Park",
        "",
        L16,
        *PROV,
    )
    assert rows(mini, "partners") == [partner]
    assert rows(mini, "partners", partner="澳门") == []
    designation = (
        B + "designation/guangdong/jiangmen/kaiping/省乡村振兴示范镇",
        "省乡村振兴示范镇",
        "ProvincialLevel",
        "2024",
        "赤坎镇",
        L35,
        *PROV[:2],  # report and region; its year column is the year awarded
    )
    assert rows(mini, "designations") == [designation]
    assert rows(mini, "designations", level="provincial") == [designation]
    assert rows(mini, "designations", level="National") == []


def test_livelihood_investment_on_fixture(mini):
    assert [(r[0], r[1], r[4], r[5]) for r in rows(mini, "livelihood")] == [
        ("城镇新增就业", "7307", "actual", ""),
        ("城镇新增就业", "6000", "target", "atLeast"),
    ]
    assert rows(mini, "investment") == [
        (
            PARK,
            "生物医药产业专业园",
            "Park",
            "投资总额",
            "40",
            "亿元",
            "approximately",
            "2024",
            "actual",
            L16,
            *PROV,
        ),
    ]


def test_provenance_search_outline_on_fixture(mini):
    got = rows(mini, "provenance", thing=R + "/L6.1/o1")
    assert got == [(R + "/L6.1/o1", "", "wasDerivedFrom", R + "/L6.1", "6", L6, *PROV)]
    chikan = rows(mini, "provenance", label="赤坎")
    assert [(r[2], r[4]) for r in chikan] == [
        ("mentionedIn", "35"),
        ("← awardedTo", "35"),
        ("mentionedIn", "37"),
    ]
    assert rows(mini, "search", text="赤坎镇") == [
        (R, "35", "稳经济、促增长 发展态势持续向好", R + "/L35.1", L35, *PROV[1:]),
        (R, "37", "稳经济、促增长 发展态势持续向好", R + "/L37.1", L37, *PROV[1:]),
    ]
    assert len(rows(mini, "search", text="gdp")) == 0
    outline = rows(mini, "report-outline", report=R)
    assert [(r[1], r[2], r[3], r[5], r[6]) for r in outline] == [
        ("3", "Review", "", "0", "0"),
        ("5", "Review", "1", "5", "6"),
        ("43", "Review", "6", "1", "1"),
        ("51", "MultiYearReview", "", "1", "1"),
        ("72", "Plan", "", "4", "2"),
    ]


def test_without_facts_linked_ids_stats_on_fixture(mini):
    assert [(r[1], r[3]) for r in rows(mini, "statements-without-facts")] == [
        ("37", "true"),
        ("170", "false"),
    ]
    assert rows(mini, "statements-without-facts", kind="target") == []
    assert rows(mini, "linked-ids") == [
        (KAIPING, "开平市", "CountyCity", "nbsCode", "440783000000"),
        (KAIPING, "开平市", "CountyCity", "sameAs", "http://www.wikidata.org/entity/Q1018820"),
        (BIOMED, "生物医药", "Industry", "exactMatch", B + "id/gbt4754/C27"),
        (CHIKAN, "赤坎镇", "Town", "nbsCode", "440783104000"),
    ]
    stats = rows(mini, "dataset-stats")
    assert [r[0] for r in stats] == [B + "graph/reference", R]
    assert stats[1][3:] == ("11", "10", "7", "7", "4")


# ---------------------------------------------------------------- rows on the bundled report
# Expected values read off reports/kaiping-2025-gwr.txt by hand (line numbers given).

KP_ID = "https://w3id.org/kaiping-kg/id/"
GWR = ("kaiping-2025-gwr", "开平市", "2025")  # the bundled report: id, region, year


@pytest.fixture(scope="module")
def gwr(tmp_path_factory: pytest.TempPathFactory) -> ox.Store:
    """The bundled report built without SHACL validation (the queries are tested here, the
    shapes elsewhere)."""
    from kg_build.build import run_build
    from kg_build.paths import bundled_reports
    from kg_build.rdf.namespaces import DEFAULT_BASE
    from kg_build.store import open_store

    root = tmp_path_factory.mktemp("queries-bundled")
    result = run_build(
        bundled_reports(), store=root / "store", out=None, base=DEFAULT_BASE, validate=False
    )
    return open_store(result.store)


def test_bundled_observations(gwr):
    full = rows(gwr, "observations")
    assert {r[11:] for r in full} == {("kaiping-2025-gwr", "开平市", "2025")}
    got = [r[:11] for r in full]
    line6 = "地区生产总值完成515.47亿元,同比(下同)增长2.5%"
    assert got[0] == (
        "地区生产总值",
        "开平市",
        "level",
        "515.47",
        "亿元",
        "51547000000",
        "元",
        "2024",
        "actual",
        "",
        line6,
    )
    assert got[1][2:5] == ("growth", "2.5", "%") and got[1][10] == line6
    values = [(r[3], r[4], r[7], r[8], r[9]) for r in got]
    # line 10: 接待游客超1000万人次,实现旅游收入超60亿元,分别增长20.1%、25.4%
    for row in [
        ("1000", "万人次", "2024", "actual", "moreThan"),
        ("60", "亿元", "2024", "actual", "moreThan"),
        ("20.1", "%", "2024", "actual", ""),
        ("25.4", "%", "2024", "actual", ""),
    ]:
        assert row in values
    # line 12: 存、贷款余额分别增长10.7%、7.2%
    assert ("金融机构本外币存款余额", "growth", "10.7") in [(r[0], r[2], r[3]) for r in got]
    assert ("金融机构本外币贷款余额", "growth", "7.2") in [(r[0], r[2], r[3]) for r in got]
    # line 34: 水口镇 ranks 第404位 and 第213位, about the town
    assert {(r[1], r[2], r[3]) for r in got if r[2] == "rank"} == {
        ("水口镇", "rank", "404"),
        ("水口镇", "rank", "213"),
    }
    # line 39: 1613.33公顷(2.42万亩) is one observation; 1 公顷 = 15 亩
    forest = [r for r in got if r[3] == "1613.33"]
    assert [(r[4], r[5], r[6]) for r in forest] == [("公顷", "24199.95", "亩")]
    # line 42: 近亿元
    assert ("1", "亿元", "2024", "actual", "nearly") in values
    # line 57: six shares, three of them for 2024
    shares = [(r[3], r[7]) for r in got if r[0].startswith("三次产业比(")]
    assert sorted(v for v, p in shares if p == "2024") == ["11.5", "38.8", "49.7"]
    assert sorted(v for v, p in shares if p != "2024") == ["12.2", "42.9", "44.9"]
    # lines 73-76: the headline targets
    targets = {(r[0], r[2], r[3], r[4], r[9]) for r in got if r[8] == "target"}
    assert {
        ("地区生产总值", "growth", "5.5", "%", ""),
        ("固定资产投资", "growth", "3", "%", ""),
        ("外贸进出口总额", "growth", "5", "%", ""),
        ("城镇新增就业", "level", "6000", "人", "atLeast"),
    } <= targets
    # not quantities: the 500 of 制造业500强 as a count, the 1+5 of line 97, AA+ (line 66)
    assert not [r for r in got if "1+5" in r[10]]
    assert "500" not in [r[3] for r in got if "500强" in r[10] and "广东制造业500强" in r[10]]
    # report order
    lines = [r[10] for r in got]
    assert (
        lines.index(line6)
        < lines.index("新设立外商投资企业81家")
        < lines.index("城镇新增就业7307人")
        < lines.index("城镇新增就业6000人以上")
    )


def test_bundled_observations_cover_the_gold_rows(gwr):
    import json

    gold_path = Path(__file__).resolve().parents[2] / "shared" / "gold"
    gold_file = gold_path / "kaiping-2025-observations-dev.jsonl"
    if not gold_file.exists() and os.environ.get("CI") != "true":  # CI always has ../shared
        pytest.skip("no ../shared gold file here")
    got = {(r[3], r[4], r[7], r[8]) for r in rows(gwr, "observations")}
    gold = [json.loads(line) for line in gold_file.read_text(encoding="utf-8").splitlines()]
    missing = []
    for g in gold:
        value = format(__import__("decimal").Decimal(str(g["value"])).normalize(), "f")
        if (value, g["unit"], g["period"], g["status"]) not in got:
            missing.append(g)
    assert len(missing) <= len(gold) * 0.02, missing


def test_bundled_entities(gwr):
    got = set(rows(gwr, "entities"))
    assert {r[3:] for r in got} == {GWR}  # one report: every row names it
    got = {r[:3] for r in got}
    place = KP_ID + "place/guangdong/"
    for row in [
        (place + "jiangmen/kaiping/chikan", "赤坎镇", "Town"),  # lines 35, 96
        (place + "jiangmen/kaiping/tangkou", "塘口镇", "Town"),  # line 96: 塘口 = 塘口镇
        (place + "jiangmen/kaiping/xiangang", "蚬冈镇", "Town"),
        (place + "jiangmen/kaiping/baihe/maogang", "茅冈村", "Village"),  # line 37
        (place + "shenzhen/longhua", "深圳市龙华区", "PartnerRegion"),  # line 14: 深圳龙华
        (place + "zhongshan/cuiheng", "中山翠亨新区", "PartnerRegion"),  # line 16
        (B + "park/guangdong/jiangmen/kaiping/翠山湖园区", "翠山湖园区", "Park"),  # line 27
        (B + "park/guangdong/jiangmen/kaiping/氢能产业园", "氢能产业园", "Park"),  # line 107
        (KP_ID + "industry/biomedicine", "生物医药", "Industry"),
        (
            B + "project/guangdong/jiangmen/kaiping/港口小学扩建",
            "港口小学扩建",
            "Project",
        ),  # line 149
    ]:
        assert row in got
    assert not [r for r in got if "唐山" in r[1]]  # 开平 is not the Hebei district


def test_bundled_projects_by_cluster(gwr):
    park = B + "park/guangdong/jiangmen/kaiping/生物医药产业专业园"
    biomed = KP_ID + "industry/biomedicine"
    # the 生物医药 supporters in the text: the park built with 中山翠亨新区 (line 16), also
    # named among the 专业园区 of line 55
    assert rows(gwr, "projects-by-cluster", cluster="生物医药") == [
        (
            park,
            "生物医药产业专业园",
            "Park",
            biomed,
            "生物医药",
            "加强与中山翠亨新区产业合作,共建生物医药产业专业园,进驻项目6个,投资总额约40亿元",
            *GWR,
        ),
        (
            park,
            "生物医药产业专业园",
            "Park",
            biomed,
            "生物医药",
            "翠山湖园区以及卫浴、食品、生物医药、氢能等专业园区建设均已拉开架构",
            *GWR,
        ),
    ]
    pairs = {(r[1], r[4]) for r in rows(gwr, "projects-by-cluster")}
    assert {
        ("国际卫浴创新基地产业综合配套工程(一期)", "水暖卫浴"),  # line 116
        ("氢能产业园", "氢能"),  # line 107
        ("一园五区特色食品产业园", "食品"),  # line 118
    } <= pairs
    sanitary = rows(gwr, "projects-by-cluster", cluster="卫浴")
    assert "国际卫浴创新基地产业综合配套工程(一期)" in [r[1] for r in sanitary]


def test_bundled_targets_vs_actuals(gwr):
    got = rows(gwr, "targets-vs-actuals", year="2025")
    assert {r[6] for r in got} == {""}  # the 2026 report is not in the store
    assert {r[11:] for r in got} == {("开平市", "kaiping-2025-gwr", "")}
    headline = {(r[0], r[4]) for r in got}
    assert {
        ("规上工业增加值", "6"),
        ("固定资产投资", "3"),
        ("社会消费品零售总额", "5"),
        ("外贸进出口总额", "5"),
    } <= headline


def test_bundled_growth_ranking(gwr):
    got = rows(gwr, "growth-ranking")
    # every growth rate of the review and the look back: lines 6, 8, 9, 10, 12, 19, 25, 28,
    # 54, 60, 61
    assert sorted(float(r[2]) for r in got) == sorted(
        [
            2.5,
            46.2,
            12.7,
            51.68,
            20.1,
            25.4,
            10.7,
            7.2,
            8.5,
            28.1,
            11.5,
            7.0,
            12.4,
            6.7,
            10.2,
            7.8,
            26.8,
            16.4,
        ]
    )
    assert (got[0][0], got[0][2]) == ("汽车消费贷款", "51.68")
    assert (got[-1][0], got[-1][2]) == ("地区生产总值", "2.5")
    assert [float(r[2]) for r in got] == sorted((float(r[2]) for r in got), reverse=True)
    assert [r[2] for r in rows(gwr, "growth-ranking", status="target")][:2] == ["8", "6"]


def test_bundled_multi_year_and_livelihood(gwr):
    multi = rows(gwr, "multi-year")
    assert ("规上工业增加值", "growth", "6.7", "2021/2024", "averageAnnual") in [
        (r[0], r[2], r[3], r[5], r[6]) for r in multi
    ]
    assert ("123.25", "亿元", "2021/2024") in [(r[3], r[4], r[5]) for r in multi]  # line 53
    assert all(r[5] != "2025" for r in multi)
    assert [(r[1], r[2], r[3], r[4]) for r in rows(gwr, "livelihood")] == [
        ("25", "件", "2024", "actual"),  # line 44
        ("7307", "人", "2024", "actual"),  # 45
        ("5", "家", "2024", "actual"),  # 46
        ("2740", "个", "2024", "actual"),  # 47
        ("320", "幢", "2024", "actual"),  # 48
        ("1.45", "万户", "2024", "actual"),
        ("500", "个", "2024", "actual"),  # 50
        ("85.6", "%", "2024", "actual"),
        ("2", "亿元", "2021/2024", "actual"),  # 69
        ("6000", "个", "2021/2024", "actual"),  # 70
        ("6000", "人", "2025", "target"),  # 76
        ("940", "个", "2025", "target"),  # 152
    ]


def test_bundled_places_parks_partners_designations(gwr):
    lines = {int(r[2]) for r in rows(gwr, "town-profile", town="赤坎")}
    assert {35, 37, 96, 113} <= lines  # 赤坎 on lines 35, 37, 96, 113 (and 120)
    assert all("赤坎" in r[4] for r in rows(gwr, "town-profile", town="赤坎镇"))
    parks = {r[1]: r for r in rows(gwr, "parks")}
    for name in (
        "翠山湖园区",
        "氢能产业园",
        "生物医药产业专业园",
        "明苑工业园",
        "翠山湖工业孵化基地",
        "江门承接产业有序转移主平台开平片区",
    ):
        assert name in parks
    assert parks["赤坎华侨古镇现代服务业集聚区"][2] == "赤坎镇"  # line 113
    partners = {(r[1], r[3]) for r in rows(gwr, "partners")}
    assert {("中山翠亨新区", "Cooperation"), ("深圳市龙华区", "Cooperation")} <= partners
    assert "澳门特别行政区" in {r[1] for r in rows(gwr, "partners", partner="澳门")}  # line 84
    national = {(r[1], r[4]) for r in rows(gwr, "designations", level="National")}
    assert {("全国四好农村路示范县", "开平市"), ("全国村庄清洁行动先进县", "开平市")} <= national
    awarded = {(r[1], r[2], r[4]) for r in rows(gwr, "designations")}
    assert {
        ("广东省五星级服务园区", "ProvincialLevel", "翠山湖园区"),  # line 27
        ("省乡村振兴示范镇", "ProvincialLevel", "赤坎镇"),  # line 35
        ("省级森林公园", "ProvincialLevel", "天露山"),
    } <= awarded  # line 41


def test_bundled_investment_provenance_search(gwr):
    invest = {(r[1], r[4], r[5], r[6]) for r in rows(gwr, "investment")}
    assert ("生物医药产业专业园", "40", "亿元", "approximately") in invest  # line 16
    assert ("国储林项目", "1", "亿元", "nearly") in invest  # line 42
    assert sorted({int(r[4]) for r in rows(gwr, "provenance", label="翠山湖园区")}) == [27, 55]
    assert [int(r[1]) for r in rows(gwr, "search", text="氢能")] == [55, 107]
    assert [int(r[1]) for r in rows(gwr, "search", text="中微子")] == [21, 85]


def test_bundled_outline_without_facts_ids_stats(gwr):
    outline = rows(gwr, "report-outline")
    numbered = [(int(r[1]), r[2], int(r[3]), int(r[6])) for r in outline if r[3]]
    # section heading lines, and the numbers each section states (counted in the text)
    assert numbered[:6] == [
        (5, "Review", 1, 13),
        (13, "Review", 2, 11),
        (20, "Review", 3, 12),
        (32, "Review", 4, 5),
        (38, "Review", 5, 3),
        (43, "Review", 6, 8),
    ]
    assert [(n[0], n[2]) for n in numbered[6:]] == [
        (78, 1),
        (92, 2),
        (103, 3),
        (119, 4),
        (131, 5),
        (141, 6),
        (161, 7),
        (169, 8),
    ]
    without = {int(r[1]): r for r in rows(gwr, "statements-without-facts")}
    assert without[170][3] == "false"  # 当好执行者、行动派、实干家
    assert without[97][3] == "true"  # "1+5" is a name, not a number
    assert 6 not in without and 45 not in without
    ids = {(r[1], r[3], r[4]) for r in rows(gwr, "linked-ids")}
    assert ("开平市", "nbsCode", "440783000000") in ids
    stats = rows(gwr, "dataset-stats")
    report = [r for r in stats if r[0] == B + "report/kaiping-2025-gwr"]
    assert len(report) == 1
    assert int(report[0][4]) == len(rows(gwr, "observations"))

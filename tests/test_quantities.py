"""Quantities: each hard pattern of the genre, on statements built by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kg_build.extract.quantities import (
    extract_observations,
    load_units,
    observations_in_statement,
    to_base,
)
from kg_build.extract.quantities.vocab import vocab
from kg_build.model import Observation, Report, ReportMeta, Statement


def stmt(text: str, part: str = "review", period: str = "2024", **kw) -> Statement:
    return Statement(
        id=kw.get("id", "L1.1"),
        line=kw.get("line", 1),
        start=0,
        end=len(text),
        text=text,
        kind=kw.get("kind", "bullet"),
        part=part,  # type: ignore[arg-type]
        section=kw.get("section", "review-1"),
        period=period,
        order=kw.get("order", 0),
    )


def obs(text: str, **kw) -> list[Observation]:
    year = kw.pop("year_reviewed", 2024)
    return observations_in_statement(stmt(text, **kw), year_reviewed=year)


def rows(text: str, **kw) -> list[tuple]:
    return [(o.indicator, o.measure, o.value, o.unit) for o in obs(text, **kw)]


D = Decimal


def test_level_then_growth_and_yoy() -> None:
    got = obs("地区生产总值完成515.47亿元,同比(下同)增长2.5%")
    assert [(o.indicator, o.measure, o.value, o.unit) for o in got] == [
        ("地区生产总值", "level", D("515.47"), "亿元"),
        ("地区生产总值", "growth", D("2.5"), "%"),
    ]
    assert got[0].base_value == D("51547000000") and got[0].base_unit == "元"
    assert got[1].basis == "yoy" and got[0].basis is None
    assert [o.index for o in got] == [1, 2]
    assert got[0].span == (8, 14)  # 地区生产总值完成 is 8 characters
    assert all(o.period == "2024" and o.status == "actual" for o in got)


def test_growth_after_amount_belongs_to_it() -> None:
    assert rows("新发放汽车消费贷款4.31亿元,增长51.68%")[1][:3] == (
        "汽车消费贷款",
        "growth",
        D("51.68"),
    )


def test_negative_growth() -> None:
    assert rows("规上工业增加值增长6.3%,固定资产投资下降18.2%") == [
        ("规上工业增加值", "growth", D("6.3"), "%"),
        ("固定资产投资", "growth", D("-18.2"), "%"),
    ]


def test_fenbie_pairs_a_list_sharing_a_prefix() -> None:
    assert rows("引进超亿元制造业项目个数、计划投资额分别增长46.2%、12.7%") == [
        ("超亿元制造业项目个数", "growth", D("46.2"), "%"),
        ("超亿元制造业项目计划投资额", "growth", D("12.7"), "%"),
    ]


def test_fenbie_pairs_split_words() -> None:
    assert [r[0] for r in rows("金融机构本外币存、贷款余额分别增长10.7%、7.2%")] == [
        "金融机构本外币存款余额",
        "金融机构本外币贷款余额",
    ]
    assert [r[0] for r in rows("工业、服务业增加值分别增长5%、6%")] == [
        "工业增加值",
        "服务业增加值",
    ]


def test_fenbie_pairs_with_the_amounts_before() -> None:
    got = rows("接待游客超1000万人次,实现旅游收入超60亿元,分别增长20.1%、25.4%")
    assert got == [
        ("接待游客", "level", D("1000"), "万人次"),
        ("旅游收入", "level", D("60"), "亿元"),
        ("接待游客", "growth", D("20.1"), "%"),
        ("旅游收入", "growth", D("25.4"), "%"),
    ]
    assert [o.qualifier for o in obs("接待游客超1000万人次,实现旅游收入超60亿元")] == [
        "more_than",
        "more_than",
    ]


def test_per_subject_list() -> None:
    got = obs(
        "高端装备制造、现代轻工纺织、先进材料等产业集群规上工业增加值增速分别达11.5%、7.0%和12.4%"
    )
    assert [(o.subject, o.subject_kind, o.indicator, o.measure, o.value) for o in got] == [
        ("高端装备制造", "cluster", "规上工业增加值", "growth", D("11.5")),
        ("现代轻工纺织", "cluster", "规上工业增加值", "growth", D("7.0")),
        ("先进材料", "cluster", "规上工业增加值", "growth", D("12.4")),
    ]


def test_per_place_list() -> None:
    got = obs("新洲村、石岗村村集体经营性收入分别达到86万元、72万元")
    assert [(o.subject, o.indicator, o.value, o.unit) for o in got] == [
        ("新洲村", "村集体经营性收入", D("86"), "万元"),
        ("石岗村", "村集体经营性收入", D("72"), "万元"),
    ]


@pytest.mark.parametrize(
    ("text", "value", "unit", "qualifier", "base"),
    [
        ("江门首个国储林项目完成投资近亿元", "1", "亿元", "nearly", "100000000"),
        ("城镇新增就业三万人", "3", "万人", None, "30000"),
        ("新增学位三千余个", "3000", "个", "more_than", "3000"),
        ("新增两家上市公司", "2", "家", None, "2"),
        ("总投资超三百亿元", "300", "亿元", "more_than", "30000000000"),
        ("全社会用电量12.5亿千瓦时", "12.5", "亿千瓦时", None, "1250000000"),
        ("接待游客超百万人次", "100", "万人次", "more_than", "1000000"),
        ("县镇村添绿约12万株", "12", "万株", "approx", "120000"),
        ("粮食播种面积3.2万亩左右", "3.2", "万亩", "approx", "32000"),
        ("城镇新增就业6000人以上", "6000", "人", "at_least", "6000"),
        ("新增不少于10家专精特新中小企业", "10", "家", "at_least", "10"),
        ("全区规上工业企业总数达1,126家", "1126", "家", None, "1126"),
    ],
)
def test_numerals_magnitudes_and_qualifiers(text, value, unit, qualifier, base) -> None:
    (o,) = obs(text)
    assert (o.value, o.unit, o.qualifier, o.base_value) == (D(value), unit, qualifier, D(base))


def test_ratio_change_gives_shares_at_both_ends() -> None:
    got = obs(
        "三次产业比由12.2:44.9:42.9优化至11.5:49.7:38.8",
        part="multi_year_review",
        period="2021/2024",
    )
    assert [(o.indicator, o.subject, o.measure, o.value, o.unit, o.period) for o in got] == [
        ("三次产业比(第一产业)", None, "share", D("12.2"), "%", "2020"),
        ("三次产业比(第二产业)", None, "share", D("44.9"), "%", "2020"),
        ("三次产业比(第三产业)", None, "share", D("42.9"), "%", "2020"),
        ("三次产业比(第一产业)", None, "share", D("11.5"), "%", "2024"),
        ("三次产业比(第二产业)", None, "share", D("49.7"), "%", "2024"),
        ("三次产业比(第三产业)", None, "share", D("38.8"), "%", "2024"),
    ]


def test_level_change_gives_two_values() -> None:
    got = obs(
        "工业投资占固定资产投资比重由31.6%提升至54.9%", part="multi_year_review", period="2021/2024"
    )
    assert [(o.indicator, o.measure, o.value, o.period) for o in got] == [
        ("工业投资占固定资产投资比重", "share", D("31.6"), "2020"),  # the base year
        ("工业投资占固定资产投资比重", "share", D("54.9"), "2024"),
    ]


def test_rank_with_subject() -> None:
    got = obs("水口镇位列“全国千强镇”第404位、“镇域经济500强”第213位")
    assert [(o.subject, o.indicator, o.measure, o.value, o.unit) for o in got] == [
        ("水口镇", "全国千强镇", "rank", D("404"), "位"),
        ("水口镇", "镇域经济500强", "rank", D("213"), "位"),
    ]


def test_bare_rank_takes_the_ranking_named_before() -> None:
    (o,) = obs("我区被评为全国“百强区”,排名第68位")
    assert (o.indicator, o.measure, o.value) == ("全国“百强区”", "rank", D("68"))


def test_alternative_unit_in_brackets_is_one_fact() -> None:
    (o,) = obs("完成森林质量精准提升任务1613.33公顷(2.42万亩)")
    assert (o.indicator, o.value, o.unit, o.alt_value, o.alt_unit) == (
        "森林质量精准提升",
        D("1613.33"),
        "公顷",
        D("2.42"),
        "万亩",
    )
    assert (o.base_value, o.base_unit) == (D("24199.95"), "亩")  # 1 公顷 = 15 亩


def test_counts_before_their_noun() -> None:
    assert rows("大力推进普惠托育服务,新增2740个托位") == [("托位", "level", D("2740"), "个")]
    assert rows("12家企业入选广东制造业500强") == [("广东制造业500强", "level", D("12"), "家")]
    assert rows("累计完成320幢问题楼确权工作,惠及1.45万户业主") == [
        ("问题楼确权", "level", D("320"), "幢"),
        ("惠及业主", "level", D("1.45"), "万户"),
    ]


def test_thresholds_and_conditions_are_not_facts() -> None:
    assert rows("翠山湖园区全年引入亿元以上项目19个") == [("亿元以上项目", "level", D("19"), "个")]
    assert rows("新增年产值超10亿元企业4家") == [("年产值超10亿元企业", "level", D("4"), "家")]
    got = rows("新增23个行政村村集体经营性收入超50万元")
    assert got == [("行政村村集体经营性收入超50万元", "level", D("23"), "个")]


def test_scope_count_of_a_list_is_not_a_fact() -> None:
    assert rows("科技、产业等14支人才队伍新增1.2万人,新引进博士博士后人才15名") == [
        ("人才队伍", "level", D("1.2"), "万人"),
        ("博士博士后人才", "level", D("15"), "名"),
    ]
    # without a later amount the count is the fact
    assert rows("百合镇茅冈村、赤坎镇红溪村等5个村入选省乡村振兴示范村创建名单") == [
        ("省乡村振兴示范村", "level", D("5"), "个")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "开平市政府工作报告对2024年开平市政府工作及“十四五”规划实施以来的工作进行了回顾",
        "推动“1+5”县城城市设计成果落地建设",
        "深入开展“一城一节一IP”,办好镇(街)品牌活动",
        "建成国道G325线改建工程开平段",
        "支持房地产开发商推出第四代住房",
        "创新实施“让开平教育强起来”五项工程",
        "推动国际卫浴创新基地产业综合配套工程(一期)完工,并启动二期建设",
        "连续三年举办龙舟邀请赛、烟花汇演",
        "稳步推进绿美生态休闲区等四大片区建设",
        "培育一批核心技术能力突出的创新型企业",
        "做好保税物流中心(B型)申建工作",
        "新建5G基站",
    ],
)
def test_non_quantities(text: str) -> None:
    assert obs(text, part="plan", period="2025") == []


def test_names_with_numbers_keep_the_real_count() -> None:
    assert rows("成功搭建AA+信用等级平台国企2家、AA信用等级平台国企1家") == [
        ("AA+信用等级平台国企", "level", D("2"), "家"),
        ("AA信用等级平台国企", "level", D("1"), "家"),
    ]
    assert rows("全面完成开平市十项25件民生实事") == [("民生实事", "level", D("25"), "件")]


def test_durations_are_not_quantities_and_explicit_years_set_the_period() -> None:
    got = obs(
        "GDP在2021年突破400亿元,到2023年挺进500亿元大关,4年总量增加123.25亿元",
        part="multi_year_review",
        period="2021/2024",
    )
    assert [(o.indicator, o.measure, o.value, o.period, o.qualifier) for o in got] == [
        ("GDP", "level", D("400"), "2021", "more_than"),
        ("GDP", "level", D("500"), "2023", "at_least"),
        ("GDP总量增加", "level", D("123.25"), "2021/2024", None),  # no basis: a level
    ]
    assert {o.status for o in got} == {"actual"}


def test_average_annual_keeps_the_span() -> None:
    got = obs(
        "规上工业增加值年均增长6.7%,工业投资年均增长10.2%",
        part="multi_year_review",
        period="2021/2024",
    )
    assert [(o.indicator, o.value, o.basis, o.period) for o in got] == [
        ("规上工业增加值", D("6.7"), "average_annual", "2021/2024"),
        ("工业投资", D("10.2"), "average_annual", "2021/2024"),
    ]


def test_plan_targets_and_aspiration() -> None:
    (o,) = obs("规上工业增加值力争增长6%", part="plan", period="2025", kind="target")
    assert (o.indicator, o.measure, o.value, o.status, o.aspirational) == (
        "规上工业增加值",
        "growth",
        D("6"),
        "target",
        True,
    )
    (o,) = obs("地区生产总值增长5.5%", part="plan", period="2025", kind="target")
    assert (o.status, o.aspirational, o.period) == ("target", False, "2025")
    (o,) = obs("到2027年规上工业总产值突破800亿元", part="plan", period="2025")
    assert (o.period, o.status, o.qualifier) == ("2027", "target", "more_than")


def test_share_and_percentage_points() -> None:
    assert rows("新增超500个医院床位,县域内住院率85.6%")[1] == (
        "县域内住院率",
        "share",
        D("85.6"),
        "%",
    )
    (o,) = obs("占固定资产投资的比重提高3.2个百分点")
    assert (o.measure, o.value, o.unit) == ("growth", D("3.2"), "个百分点")
    (o,) = obs("研发投入强度提升至2.9%")
    assert (o.indicator, o.measure) == ("研发投入强度", "share")


def test_subject_from_an_earlier_clause() -> None:
    got = obs("加强与中山翠亨新区产业合作,共建生物医药产业专业园,进驻项目6个,投资总额约40亿元")
    assert [(o.subject, o.subject_kind, o.indicator, o.value) for o in got] == [
        ("生物医药产业专业园", "park", "进驻项目", D("6")),
        ("生物医药产业专业园", "park", "投资总额", D("40")),
    ]


def test_headings_hold_no_observations() -> None:
    assert obs("1.稳经济、促增长 发展态势持续向好", kind="heading") == []


def _report(statements: list[Statement]) -> Report:
    meta = ReportMeta(slug="t", year_reviewed=2024, year_planned=2025)
    return Report(meta, "", b"", "utf-8", "t.txt", (), tuple(statements))


def test_xiatong_carries_yoy_within_its_section_only() -> None:
    sts = [
        stmt("地区生产总值完成515.47亿元,同比(下同)增长2.5%", id="L6.1", order=0),
        stmt("新增发明专利155件,增长28.1%", id="L7.1", order=1),
        stmt("开平市属国资企业资产总额超250亿元,增长8.5%", id="L9.1", order=2, section="review-2"),
    ]
    growth = [o for o in extract_observations(_report(sts)) if o.measure == "growth"]
    assert [(o.statement, o.basis) for o in growth] == [
        ("L6.1", "yoy"),
        ("L7.1", "yoy"),
        ("L9.1", None),
    ]


def test_units_in_the_rules_have_reference_data() -> None:
    units = load_units()
    for unit in vocab().units:
        assert unit in units, unit
    assert units["亿元"] == (D("100000000"), "元")
    assert to_base(D("3"), "万辆") == (D("30000"), "辆")  # magnitude composed with a listed unit


def test_deterministic() -> None:
    text = "接待游客超1000万人次,实现旅游收入超60亿元,分别增长20.1%、25.4%"
    assert obs(text) == obs(text)


def test_a_cut_by_a_share_is_a_negative_growth() -> None:
    """压减 is one word of the decline_verbs rule (quantities.yaml), no code of its own."""
    (o,) = obs("公用经费压减10%", part="plan", period="2025")
    assert (o.indicator, o.measure, o.value, o.status) == ("公用经费", "growth", D("-10"), "target")
    (o,) = obs("审批事项压减至120项")
    assert (o.indicator, o.measure, o.value) == ("审批事项", "level", D("120"))


# -- numbers that were not read (the warnings of `kaiping-kg build`) -----------------------


def _unread(text: str) -> list[tuple[str, str]]:
    from kg_build.extract.quantities.unread import unread_in_statement

    st = stmt(text)
    spans = [o.span for o in observations_in_statement(st) if o.span]
    return [(u.number, u.reason) for u in unread_in_statement(st, spans)]


def test_number_before_an_unknown_unit_is_reported() -> None:
    from kg_build.extract.quantities.unread import UNKNOWN_UNIT

    assert _unread("新增茶园1200垄，建成村级服务站12个。") == [("1200垄", UNKNOWN_UNIT)]


def test_read_masked_and_threshold_numbers_are_not_reported() -> None:
    assert _unread("2024年引进超10亿元项目6个，用3年时间建成5G基站320个。") == []


def test_unread_warnings_count_statements_and_give_lines(tmp_path) -> None:
    import subprocess
    import sys
    from pathlib import Path

    from kg_build.extract.quantities.unread import unread_warnings
    from kg_build.read import read_report

    report = tmp_path / "mock.txt"
    report.write_text(
        "某某县2025年政府工作报告\n一、2024年工作回顾\n全县粮食产量增长2%，新增茶园1200垄。\n"
        "建成村级服务站12个。\n新栽果树800排，修缮古亭3处。\n",
        encoding="utf-8",
    )
    r = read_report(report)
    lines = unread_warnings(r, extract_observations(r))
    assert lines == [
        "2 statement(s) hold numbers that were not read",
        "line 3 (L3.1): a number before an unknown unit: 1200垄",
        "line 5 (L5.1): a number before an unknown unit: 800排",
    ]
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run(
        [sys.executable, "-m", "kg_build.cli", "build", str(report), "--no-validate",
         "--store", str(tmp_path / "store"), "--out", str(tmp_path / "o.ttl")],
        capture_output=True, text=True, cwd=root, timeout=300,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "warning: mock.txt: line 5 (L5.1): a number before an unknown unit: 800排" in out.stderr
    assert "warning: mock.txt: 2 statement(s) hold numbers that were not read" in out.stderr

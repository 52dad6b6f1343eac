"""Segmentation: the bundled digest (golden), fixtures in other forms and encodings, rules.

Expected values were read off the report text by hand (line numbers as `cat -n` shows them).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from kg_build.model import Report, ReportMeta, Statement
from kg_build.read import read_bytes, read_report
from kg_build.read.headings import part_heading, part_of
from kg_build.read.rules import outline
from kg_build.read.segment import segment
from kg_build.read.sentences import split_sentences, split_targets
from kg_build.read.years import five_year_plan_span, small_number

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "reports" / "kaiping-2025-gwr.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "read"


@pytest.fixture(scope="module")
def bundled() -> Report:
    return read_report(BUNDLED)


def rows(report: Report) -> list[tuple[str, str, str, str | None, str, str]]:
    return [(s.id, s.kind, s.part, s.section, s.period, s.text) for s in report.statements]


def by_id(report: Report) -> dict[str, Statement]:
    return {s.id: s for s in report.statements}


def assert_exact(report: Report) -> None:
    """Offsets are exact, ids unique, order follows the text, every line is covered."""
    ids = [s.id for s in report.statements]
    assert len(ids) == len(set(ids))
    for i, st in enumerate(report.statements):
        assert report.text[st.start : st.end] == st.text
        assert st.text and st.text == st.text.strip()
        assert st.order == i
        assert st.id.startswith(f"L{st.line}.")
    starts = [s.start for s in report.statements]
    assert starts == sorted(starts)
    lines = report.text.split("\n")
    covered = {s.line for s in report.statements}
    assert covered == {n for n, line in enumerate(lines, start=1) if line.strip()}
    # nothing dropped: what lies between statements is only markers and spaces
    gaps = []
    pos = 0
    for st in report.statements:
        gaps.append(report.text[pos : st.start])
        pos = st.end
    gaps.append(report.text[pos:])
    leftover = set("".join(gaps)) - set(" \n")
    assert leftover <= set(outline().chars("bullets"))


# --- the bundled digest -------------------------------------------------------------------


def test_bundled_every_line_is_a_statement(bundled: Report) -> None:
    assert_exact(bundled)
    assert bundled.warnings == ()
    # 176 non-blank lines; line 1 has 5 sentences, line 4 has 2, lines 73-75 hold 2 targets
    assert len(bundled.statements) == 176 + 4 + 1 + 3


def test_bundled_bullets(bundled: Report) -> None:
    bullets = [s for s in bundled.statements if s.kind == "bullet"]
    lines = BUNDLED.read_text(encoding="utf-8").split("\n")
    dots = [s for s in bullets if lines[s.line - 1].startswith("●")]
    middots = [s for s in bullets if lines[s.line - 1].startswith("·")]
    assert len(dots) == 131 and len(middots) == 15 and len(bullets) == 146
    # the marker is not part of the statement text
    assert all(lines[s.line - 1][1:] == s.text for s in bullets)
    per_section = Counter(s.section for s in dots)
    # counted from the line numbers of the section headings
    assert per_section == {
        "review-1": 7,  # lines 6-12
        "review-2": 6,  # 14-19
        "review-3": 11,  # 21-31
        "review-4": 5,  # 33-37
        "review-5": 4,  # 39-42
        "review-6": 7,  # 44-50
        "plan-1": 13,  # 79-91
        "plan-2": 10,  # 93-102
        "plan-3": 15,  # 104-118
        "plan-4": 11,  # 120-130
        "plan-5": 9,  # 132-140
        "plan-6": 19,  # 142-160
        "plan-7": 7,  # 162-168
        "plan-8": 7,  # 170-176
    }
    assert Counter(s.section for s in middots) == {
        "multi-year-1": 3,  # lines 53-55
        "multi-year-2": 5,  # 57-61
        "multi-year-3": 4,  # 63-66
        "multi-year-4": 3,  # 68-70
    }
    assert {(s.part, s.period) for s in dots if s.section.startswith("review")} == {
        ("review", "2024")
    }
    assert {(s.part, s.period) for s in dots if s.section.startswith("plan")} == {("plan", "2025")}
    assert {(s.part, s.period) for s in middots} == {("multi_year_review", "2021/2024")}


def test_bundled_sections(bundled: Report) -> None:
    got = [(s.id, s.part, s.line, s.parent, s.number, s.title) for s in bundled.sections]
    assert got == [
        ("review", "review", 3, None, None, "回顾2024年"),
        ("review-1", "review", 5, "review", 1, "稳经济、促增长 发展态势持续向好"),
        ("review-2", "review", 13, "review", 2, "谋改革、扩开放 内生动力有效激发"),
        ("review-3", "review", 20, "review", 3, "抓创新、强产业 发展支撑更加坚实"),
        ("review-4", "review", 32, "review", 4, "强县镇、兴乡村 协调发展成效凸显"),
        ("review-5", "review", 38, "review", 5, "护生态、提品质 生态底色愈加靓丽"),
        ("review-6", "review", 43, "review", 6, "惠民生、增福祉 人民生活更有质感"),
        ("multi-year", "multi_year_review", 51, None, None, "从“新台阶”看过去四年"),
        ("multi-year-1", "multi_year_review", 52, "multi-year", None, "经济发展再上新台阶"),
        ("multi-year-2", "multi_year_review", 56, "multi-year", None, "产业发展再上新台阶"),
        ("multi-year-3", "multi_year_review", 62, "multi-year", None, "改革创新再上新台阶"),
        ("multi-year-4", "multi_year_review", 67, "multi-year", None, "民生事业再上新台阶"),
        ("plan", "plan", 71, None, None, "展望2025年"),
        ("targets", "plan", 72, "plan", None, "今年开平市经济社会主要发展目标"),
        (
            "plan-1",
            "plan",
            78,
            "plan",
            1,
            "进一步夯实全面深化改革基础 推动粤港澳大湾区建设取得新成效",
        ),
        ("plan-2", "plan", 92, "plan", 2, "进一步夯实城乡融合发展基础 推动“百千万工程”取得新成效"),
        (
            "plan-3",
            "plan",
            103,
            "plan",
            3,
            "进一步夯实产业发展基础 推动现代化产业体系建设取得新成效",
        ),
        ("plan-4", "plan", 119, "plan", 4, "进一步夯实扩内需稳外需基础 推动经济稳定增长取得新成效"),
        ("plan-5", "plan", 131, "plan", 5, "进一步夯实绿色低碳发展基础 推动绿美开平建设取得新成效"),
        ("plan-6", "plan", 141, "plan", 6, "进一步夯实民生保障基础 推动人民生活品质提升取得新成效"),
        (
            "plan-7",
            "plan",
            161,
            "plan",
            7,
            "进一步夯实安全发展基础 推动社会治理现代化水平提升取得新成效",
        ),
        ("plan-8", "plan", 169, "plan", 8, "进一步夯实政府系统党建基础 推动政府建设取得新成效"),
    ]
    headings = [s for s in bundled.statements if s.kind == "heading"]
    assert [s.line for s in headings] == [s.line for s in bundled.sections]
    assert by_id(bundled)["L5.1"].text == "1.稳经济、促增长 发展态势持续向好"


def test_bundled_headline_targets(bundled: Report) -> None:
    targets = [
        (s.id, s.text, s.part, s.section, s.period)
        for s in bundled.statements
        if s.kind == "target"
    ]
    assert targets == [
        ("L73.1", "地区生产总值增长5.5%", "plan", "targets", "2025"),
        ("L73.2", "规上工业增加值力争增长6%", "plan", "targets", "2025"),
        ("L74.1", "固定资产投资增长3%", "plan", "targets", "2025"),
        ("L74.2", "社会消费品零售总额力争增长5%", "plan", "targets", "2025"),
        ("L75.1", "外贸进出口总额增长5%", "plan", "targets", "2025"),
        ("L75.2", "居民人均可支配收入增长与经济增长同步", "plan", "targets", "2025"),
        ("L76.1", "城镇新增就业6000人以上", "plan", "targets", "2025"),
    ]
    st = by_id(bundled)["L73.2"]
    line_start = bundled.text.index("地区生产总值增长5.5% ")
    # "地区生产总值增长5.5%" is 12 characters, then one space; the second target has 13
    assert (st.start, st.end) == (line_start + 13, line_start + 26)


def test_bundled_specific_statements(bundled: Report) -> None:
    s = by_id(bundled)
    expect = {
        "L1.1": (
            "sentence",
            "preamble",
            None,
            "2025",
            "一年一度的政府工作报告,既是成绩单,也是任务书。",
        ),
        "L1.3": ("sentence", "preamble", None, "2025", "开平市政府工作取得了哪些新成效、新进步?"),
        "L1.5": ("sentence", "preamble", None, "2025", "让我们一起来看看。"),
        "L2.1": ("byline", "preamble", None, "2025", "整理 严建广"),
        "L3.1": ("heading", "review", "review", "2024", "回顾2024年"),
        "L6.1": (
            "bullet",
            "review",
            "review-1",
            "2024",
            "地区生产总值完成515.47亿元,同比(下同)增长2.5%",
        ),
        "L31.1": ("bullet", "review", "review-3", "2024", "12家企业入选广东制造业500强"),
        "L50.1": ("bullet", "review", "review-6", "2024", "新增超500个医院床位,县域内住院率85.6%"),
        "L51.1": (
            "heading",
            "multi_year_review",
            "multi-year",
            "2021/2024",
            "从“新台阶”看过去四年",
        ),
        "L53.1": (
            "bullet",
            "multi_year_review",
            "multi-year-1",
            "2021/2024",
            "GDP在2021年突破400亿元,到2023年挺进500亿元大关,4年总量增加123.25亿元",
        ),
        "L70.1": (
            "bullet",
            "multi_year_review",
            "multi-year-4",
            "2021/2024",
            "新增义务教育公办学位超6000个",
        ),
        "L71.1": ("heading", "plan", "plan", "2025", "展望2025年"),
        "L79.1": (
            "bullet",
            "plan",
            "plan-1",
            "2025",
            "推动三埠港搬迁项目完工,广台高速开平至台山段项目力争年底动工",
        ),
        "L176.1": ("bullet", "plan", "plan-8", "2025", "坚决做到说了就干、定了就办、办就办好"),
    }
    for sid, (kind, part, section, period, text) in expect.items():
        assert (s[sid].kind, s[sid].part, s[sid].section, s[sid].period, s[sid].text) == (
            kind,
            part,
            section,
            period,
            text,
        ), sid
    assert s["L4.1"].text.startswith("2024年,开平市政府落实") and s["L4.1"].text.endswith("步伐。")
    assert s["L4.2"].text.startswith("开平市获评") and s["L4.2"].section == "review"
    assert s["L77.1"].kind == "sentence" and s["L77.1"].section == "plan"
    assert s["L77.1"].period == "2025"


def test_bundled_is_deterministic() -> None:
    assert read_report(BUNDLED) == read_report(BUNDLED)


# --- fixtures in other encodings and forms --------------------------------------------------


def test_gbk_digest_with_targets() -> None:
    report = read_report(FIXTURES / "taishan-2024-digest.gbk.txt")
    assert_exact(report)
    assert rows(report) == [
        (
            "L1.1",
            "sentence",
            "preamble",
            None,
            "2024",
            "日前召开的台山市十六届人大四次会议上,台山市政府工作报告对2023年工作进行了回顾,"
            "对2024年工作作了部署。",
        ),
        ("L2.1", "byline", "preamble", None, "2024", "整理 李明"),
        ("L3.1", "heading", "review", "review", "2023", "回顾2023年"),
        ("L4.1", "heading", "review", "review-1", "2023", "1.经济运行稳中向好"),
        ("L5.1", "bullet", "review", "review-1", "2023", "地区生产总值完成520.3亿元,增长4.1%"),
        ("L6.1", "bullet", "review", "review-1", "2023", "规上工业增加值增长6.2%"),
        ("L7.1", "heading", "review", "review-2", "2023", "2.城乡面貌持续改善"),
        ("L8.1", "bullet", "review", "review-2", "2023", "新建改造农村公路85公里"),
        ("L9.1", "bullet", "review", "review-2", "2023", "海宴镇获评省级特色小镇"),
        ("L10.1", "heading", "plan", "plan", "2024", "展望2024年"),
        ("L11.1", "heading", "plan", "targets", "2024", "今年台山市经济社会主要发展目标"),
        ("L12.1", "target", "plan", "targets", "2024", "地区生产总值增长5%左右"),
        ("L12.2", "target", "plan", "targets", "2024", "规上工业增加值增长6%"),
        ("L13.1", "target", "plan", "targets", "2024", "固定资产投资增长4%"),
        ("L14.1", "heading", "plan", "plan-1", "2024", "1.做强实体经济"),
        ("L15.1", "bullet", "plan", "plan-1", "2024", "推动核电配套产业园建设"),
        ("L16.1", "bullet", "plan", "plan-1", "2024", "力争规上工业总产值增长8%"),
    ]


def test_big5_traditional_digest_with_pinyin() -> None:
    report = read_report(FIXTURES / "enping-2023-digest.big5.txt")
    assert_exact(report)
    assert report.encoding == "big5"
    assert rows(report) == [
        ("L1.1", "title", "preamble", None, "2023", "恩平市2023年政府工作报告摘要"),
        ("L2.1", "heading", "review", "review", "2022", "回顾2022年"),
        ("L3.1", "heading", "review", "review-1", "2022", "1.经济发展稳中有进"),
        ("L4.1", "bullet", "review", "review-1", "2022", "全市地区生产总值完成310.5亿元,增长3.2%"),
        ("L5.1", "bullet", "review", "review-1", "2022", "大槐镇获评省级文明镇"),
        ("L6.1", "heading", "review", "review-2", "2022", "2.民生福祉持续增进"),
        ("L7.1", "bullet", "review", "review-2", "2022", "城镇新增就业5200人"),
        ("L8.1", "heading", "plan", "plan", "2023", "展望2023年"),
        ("L9.1", "heading", "plan", "plan-1", "2023", "1.推动制造业高质量发展"),
        ("L10.1", "bullet", "plan", "plan-1", "2023", "力争规上工业增加值增长7%"),
        ("L11.1", "bullet", "plan", "plan-1", "2023", "加快建设恩平工业园区"),
    ]


def test_utf16_traditional_digest_without_numbered_sections() -> None:
    report = read_report(FIXTURES / "raoping-2024-digest.utf16.txt")
    assert_exact(report)
    assert rows(report) == [
        ("L1.1", "title", "preamble", None, "2024", "饶平县2024年政府工作报告摘要"),
        (
            "L2.1",
            "sentence",
            "preamble",
            None,
            "2024",
            "日前召开的饶平县十五届人大四次会议上,县政府工作报告回顾了2023年工作。",
        ),
        ("L3.1", "heading", "review", "review", "2023", "回顾2023年"),
        ("L4.1", "bullet", "review", "review", "2023", "全县地区生产总值完成315.2亿元"),
        ("L5.1", "bullet", "review", "review", "2023", "黄冈镇获评省级经济强镇"),
        ("L6.1", "heading", "plan", "plan", "2024", "展望2024年"),
        ("L7.1", "bullet", "plan", "plan", "2024", "推动海上风电项目建设"),
    ]


def test_crlf_full_width_digest_keeps_source_line_numbers() -> None:
    report = read_report(FIXTURES / "yangchun-2024-crlf.txt")
    assert_exact(report)
    assert rows(report) == [
        ("L1.1", "title", "preamble", None, "2024", "阳春市政府工作报告要点"),
        ("L2.1", "heading", "review", "review", "2023", "回顾2023年"),
        ("L3.1", "heading", "review", "review-1", "2023", "1.稳增长 成效明显"),
        ("L4.1", "bullet", "review", "review-1", "2023", "地区生产总值完成380.6亿元,同比增长3.8%"),
        ("L5.1", "bullet", "review", "review-1", "2023", "接待游客1200万人次(同比增长20%)"),
        ("L7.1", "heading", "plan", "plan", "2024", "展望2024年"),  # line 6 is blank
        ("L8.1", "heading", "plan", "plan-1", "2024", "1.抓项目 扩投资"),
        ("L9.1", "bullet", "plan", "plan-1", "2024", "全年完成固定资产投资150亿元"),
        ("L10.1", "bullet", "plan", "plan-1", "2024", "推进GDP核算改革;优化营商环境!"),
    ]


def test_prose_report() -> None:
    report = read_report(FIXTURES / "xinhui-2021-report.txt")
    assert_exact(report)
    M, P = "multi_year_review", "plan"
    assert rows(report) == [
        ("L1.1", "title", "preamble", None, "2021", "江门市新会区2021年政府工作报告"),
        (
            "L2.1",
            "byline",
            "preamble",
            None,
            "2021",
            "——2021年1月12日在江门市新会区第十七届人民代表大会第六次会议上",
        ),
        ("L3.1", "byline", "preamble", None, "2021", "新会区区长 陈一鸣"),
        ("L4.1", "text", "preamble", None, "2021", "各位代表:"),
        (
            "L5.1",
            "sentence",
            "preamble",
            None,
            "2021",
            "现在,我代表区人民政府,向大会报告工作,请予审议,并请区政协委员和其他列席人员提出意见。",
        ),
        ("L7.1", "heading", M, "multi-year", "2016/2020", "一、“十三五”时期工作回顾"),
        (
            "L8.1",
            "sentence",
            M,
            "multi-year",
            "2016/2020",
            "“十三五”时期是新会发展极不平凡的五年。",
        ),
        (
            "L8.2",
            "sentence",
            M,
            "multi-year",
            "2016/2020",
            "五年来,全区地区生产总值年均增长6.1%,2020年达到650.2亿元。",
        ),
        ("L9.1", "heading", M, "multi-year-1", "2016/2020", "(一)产业转型升级步伐加快。"),
        (
            "L10.1",
            "sentence",
            M,
            "multi-year-1",
            "2016/2020",
            "先进制造业增加值占规上工业比重提高到45.3%;",
        ),
        ("L10.2", "sentence", M, "multi-year-1", "2016/2020", "新增国家高新技术企业210家。"),
        ("L11.1", "heading", M, "multi-year-2", "2016/2020", "(二)城乡融合发展成效明显。"),
        ("L12.1", "sentence", M, "multi-year-2", "2016/2020", "累计建成“四好农村路”320公里。"),
        ("L12.2", "sentence", M, "multi-year-2", "2016/2020", "司前镇入选全国千强镇!"),
        ("L13.1", "heading", P, "plan", "2021/2025", "二、“十四五”时期主要目标任务"),
        ("L14.1", "sentence", P, "plan", "2021/2025", "今后五年,全区地区生产总值年均增长6%左右。"),
        ("L15.1", "heading", P, "plan-b", "2021", "三、2021年工作安排"),
        ("L16.1", "sentence", P, "plan-b", "2021", "今年经济社会发展的主要预期目标是:"),
        ("L16.2", "target", P, "plan-b", "2021", "地区生产总值增长7%左右;"),
        ("L16.3", "target", P, "plan-b", "2021", "规上工业增加值增长8%;"),
        ("L16.4", "target", P, "plan-b", "2021", "居民人均可支配收入增长与经济增长基本同步。"),
        ("L17.1", "heading", P, "plan-b-1", "2021", "(一)坚定不移推进制造业高质量发展"),
        ("L18.1", "heading", P, "plan-b-1-1", "2021", "1.做大做强主导产业。"),
        (
            "L18.2",
            "sentence",
            P,
            "plan-b-1-1",
            "2021",
            "推动新材料产业集群规上工业产值突破300亿元。",
        ),
        ("L19.1", "heading", P, "plan-b-1-2", "2021", "2.加快园区提质增效。"),
        ("L19.2", "sentence", P, "plan-b-1-2", "2021", "银湖湾滨海新区完成固定资产投资40亿元。"),
        ("L20.1", "heading", P, "plan-b-2", "2021", "(二)持续保障和改善民生"),
        ("L21.1", "sentence", P, "plan-b-2", "2021", "新增城镇就业7000人。"),
        ("L22.1", "heading", P, "plan-c", "2021", "四、全面加强政府自身建设"),
        ("L23.1", "sentence", P, "plan-c", "2021", "我们将坚持依法行政,自觉接受人大监督。"),
        ("L24.1", "sentence", P, "plan-c", "2021", "各位代表!"),
        (
            "L24.2",
            "sentence",
            P,
            "plan-c",
            "2021",
            "新征程已经开启,让我们团结一致,奋力谱写新会高质量发展新篇章!",
        ),
    ]
    sections = {s.id: (s.parent, s.number, s.title) for s in report.sections}
    assert sections["plan-b-1-2"] == ("plan-b-1", 2, "加快园区提质增效")
    assert sections["plan-c"] == (None, 4, "全面加强政府自身建设")
    assert sections["multi-year-1"] == ("multi-year", 1, "产业转型升级步伐加快")


def test_html_prose_report() -> None:
    report = read_report(FIXTURES / "heshan-2025-report.html")
    assert_exact(report)
    R, P = "review", "plan"
    assert rows(report) == [
        ("L1.1", "title", "preamble", None, "2025", "政府工作报告"),
        (
            "L2.1",
            "byline",
            "preamble",
            None,
            "2025",
            "——2025年1月10日在鹤山市第十七届人民代表大会第五次会议上",
        ),
        ("L3.1", "text", "preamble", None, "2025", "各位代表:"),
        (
            "L4.1",
            "sentence",
            "preamble",
            None,
            "2025",
            "现在,我代表市人民政府,向大会报告工作,请予审议。",
        ),
        ("L5.1", "heading", R, "review", "2024", "一、2024年工作回顾"),
        (
            "L6.1",
            "sentence",
            R,
            "review",
            "2024",
            "过去一年,我们坚持稳中求进工作总基调,全市经济运行稳中向好。",
        ),
        ("L7.1", "heading", R, "review-1", "2024", "(一)坚持稳增长,经济实力稳步提升。"),
        ("L7.2", "sentence", R, "review-1", "2024", "地区生产总值完成486.2亿元,增长3.5%;"),
        ("L7.3", "sentence", R, "review-1", "2024", "一般公共预算收入完成25.1亿元。"),
        ("L8.1", "heading", R, "review-2", "2024", "(二)坚持抓改革,发展活力持续增强。"),
        ("L8.2", "sentence", R, "review-2", "2024", "新设立市场主体8120户。"),
        ("L8.3", "sentence", R, "review-2", "2024", "址山镇获评省级生态镇。"),
        ("L9.1", "heading", P, "plan", "2025", "二、2025年工作安排"),
        ("L10.1", "sentence", P, "plan", "2025", "今年经济社会发展的主要预期目标是:"),
        ("L10.2", "target", P, "plan", "2025", "地区生产总值增长5%左右;"),
        ("L10.3", "target", P, "plan", "2025", "固定资产投资增长3%;"),
        ("L10.4", "target", P, "plan", "2025", "城镇新增就业5000人以上。"),
        ("L11.1", "heading", P, "plan-1", "2025", "(一)着力扩大有效投资。"),
        ("L11.2", "sentence", P, "plan-1", "2025", "全年安排重点项目120个,完成投资150亿元。"),
        ("L11.3", "sentence", P, "plan-1", "2025", "鹤城镇新建污水管网12公里。"),
    ]


def test_text_without_structure_is_kept_with_a_warning() -> None:
    data = "这是一段没有结构的文字。第二句话?\n\n另一行文字".encode()
    report = read_bytes(data, "notes.txt")
    assert_exact(report)
    assert rows(report) == [
        ("L1.1", "sentence", "other", None, "", "这是一段没有结构的文字。"),
        ("L1.2", "sentence", "other", None, "", "第二句话?"),
        ("L3.1", "text", "other", None, "", "另一行文字"),
    ]
    assert len(report.warnings) == 1 and "no recognisable structure" in report.warnings[0]


def test_sections_without_parts() -> None:
    text = "2025年工作要点\n1.稳增长\n●地区生产总值增长5%"
    outline = segment(text, ReportMeta(slug="x", year_reviewed=2024, year_planned=2025))
    got = [(s.id, s.part, s.section) for s in outline.statements]
    assert got == [
        ("L1.1", "preamble", None),
        ("L2.1", "other", "other-1"),
        ("L3.1", "other", "other-1"),
    ]
    assert outline.warnings and "no part headings" in outline.warnings[0]


def test_bullet_targets_and_other_markers() -> None:
    text = "\n".join(
        ["展望2025年", "主要预期目标", "◆地区生产总值增长5%左右", "◆城镇新增就业5000人"]
        + ["1.抓产业", "▲推进园区建设"]
    )
    outline = segment(text, ReportMeta(slug="x", year_reviewed=2024, year_planned=2025))
    got = [(s.id, s.kind, s.section, s.text) for s in outline.statements]
    assert got == [
        ("L1.1", "heading", "plan", "展望2025年"),
        ("L2.1", "heading", "targets", "主要预期目标"),
        ("L3.1", "target", "targets", "地区生产总值增长5%左右"),
        ("L4.1", "target", "targets", "城镇新增就业5000人"),
        ("L5.1", "heading", "plan-1", "1.抓产业"),
        ("L6.1", "bullet", "plan-1", "推进园区建设"),
    ]


# --- rules ----------------------------------------------------------------------------------


def test_split_sentences_keeps_terminators_and_closing_quotes() -> None:
    line = "他说:“要干。”我们做了; 还要做!对吗?最后"
    spans = split_sentences(line)
    assert [line[s:e] for s, e in spans] == [
        "他说:“要干。”",
        "我们做了;",
        "还要做!",
        "对吗?",
        "最后",
    ]


def test_split_targets_on_spaces() -> None:
    line = "地区生产总值增长5.5% 规上工业增加值力争增长6%  居民收入增长与经济增长同步"
    assert [line[s:e] for s, e in split_targets(line)] == [
        "地区生产总值增长5.5%",
        "规上工业增加值力争增长6%",
        "居民收入增长与经济增长同步",
    ]
    line = "固定资产投资增长 3% 左右"  # pieces without Han characters stay with the one before
    assert [line[s:e] for s, e in split_targets(line)] == ["固定资产投资增长 3%", "左右"]


@pytest.mark.parametrize(
    ("heading", "kind", "period"),
    [
        ("从“新台阶”看过去四年", "multi_year_review", "2021/2024"),
        ("过去五年工作回顾", "multi_year_review", "2020/2024"),
        ("“十四五”时期工作回顾", "multi_year_review", "2021/2024"),
        ("“十三五”时期工作回顾", "multi_year_review", "2016/2020"),
        ("2018—2022年工作回顾", "multi_year_review", "2018/2022"),
        ("今后五年主要目标任务", "plan", "2025/2029"),
        ("“十五五”时期主要目标", "plan", "2026/2030"),
    ],
)
def test_part_heading_span(heading: str, kind: str, period: str) -> None:
    assert part_heading(heading, "review", 2024, 2025)[:2] == (kind, period)


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("回顾2024年", "review"),
        ("2024年工作回顾", "review"),
        ("过去一年工作回顾", "review"),
        ("过去五年工作回顾", "multi_year_review"),
        ("从“新台阶”看过去四年", "multi_year_review"),
        ("“十四五”以来发展成就", "multi_year_review"),
        ("展望2025年", "plan"),
        ("2025年工作安排", "plan"),
        ("今年工作总体要求和主要目标", "plan"),
        ("全面加强政府自身建设", "plan"),
        ("稳经济、促增长", None),
    ],
)
def test_part_of(heading: str, kind: str | None) -> None:
    assert part_of(heading) == kind


def test_numbers_and_plans() -> None:
    assert [small_number(t) for t in ("三", "十", "十二", "二十", "二十三", "两", "12", "x")] == [
        3,
        10,
        12,
        20,
        23,
        2,
        12,
        None,
    ]
    assert five_year_plan_span(13) == (2016, 2020)
    assert five_year_plan_span(14) == (2021, 2025)


def test_prose_variants() -> None:
    """Two-line title, date in brackets, a long (一) line, targets split at ';'."""
    text = "\n".join(
        [
            "恩平市人民政府",
            "政府工作报告",
            "(2024年1月9日在恩平市第十六届人民代表大会第四次会议上)",
            "一、2023年工作回顾",
            "(一)经济实力持续增强,全市地区生产总值完成310.5亿元,增长3.2%,规上工业增加值"
            "增长6.1%,固定资产投资增长4%,社会消费品零售总额增长3%。工业投资增长10%。",
            "二、2024年工作安排",
            "主要目标",
            "地区生产总值增长5%;固定资产投资增长3% 城镇新增就业5000人",
            "1.稳经济,促增长",
            "●推进重点项目",
        ]
    )
    outline = segment(text, ReportMeta(slug="x", year_reviewed=2023, year_planned=2024))
    got = [(s.id, s.kind, s.part, s.section, s.period, s.text) for s in outline.statements]
    assert got == [
        ("L1.1", "text", "preamble", None, "2024", "恩平市人民政府"),
        ("L2.1", "title", "preamble", None, "2024", "政府工作报告"),
        (
            "L3.1",
            "byline",
            "preamble",
            None,
            "2024",
            "(2024年1月9日在恩平市第十六届人民代表大会第四次会议上)",
        ),
        ("L4.1", "heading", "review", "review", "2023", "一、2023年工作回顾"),
        (
            "L5.1",
            "sentence",
            "review",
            "review-1",
            "2023",
            "(一)经济实力持续增强,全市地区生产总值完成310.5亿元,增长3.2%,规上工业增加值"
            "增长6.1%,固定资产投资增长4%,社会消费品零售总额增长3%。",
        ),
        ("L5.2", "sentence", "review", "review-1", "2023", "工业投资增长10%。"),
        ("L6.1", "heading", "plan", "plan", "2024", "二、2024年工作安排"),
        ("L7.1", "heading", "plan", "targets", "2024", "主要目标"),
        ("L8.1", "target", "plan", "targets", "2024", "地区生产总值增长5%;"),
        ("L8.2", "target", "plan", "targets", "2024", "固定资产投资增长3%"),
        ("L8.3", "target", "plan", "targets", "2024", "城镇新增就业5000人"),
        ("L9.1", "heading", "plan", "plan-1", "2024", "1.稳经济,促增长"),
        ("L10.1", "bullet", "plan", "plan-1", "2024", "推进重点项目"),
    ]
    assert [(s.id, s.title) for s in outline.sections] == [
        ("review", "2023年工作回顾"),
        ("review-1", "经济实力持续增强"),
        ("plan", "2024年工作安排"),
        ("targets", "主要目标"),
        ("plan-1", "稳经济,促增长"),
    ]

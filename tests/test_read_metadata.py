"""Report metadata: from the text, from a sidecar file, from overrides."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg_build.errors import KgError
from kg_build.model import ReportMeta
from kg_build.read import read_bytes, read_report
from kg_build.read.metadata import (
    apply_overrides,
    extract_meta,
    find_editor,
    find_region,
    sidecar_path,
    slug_from_name,
)

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "reports" / "kaiping-2025-gwr.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "read"


def test_bundled_meta() -> None:
    meta = read_report(BUNDLED).meta
    assert meta == ReportMeta(
        slug="kaiping-2025-gwr",
        title="开平市政府工作报告",  # as line 1 words it
        region="开平市",  # 日前召开的开平市十七届人大五次会议
        province=None,  # the digest never says 广东省开平市
        meeting="十七届人大五次会议",
        year_reviewed=2024,  # 回顾2024年
        year_planned=2025,  # 展望2025年
        editor="严建广",  # 整理 严建广
    )


def test_prose_meta_with_date_line() -> None:
    meta = read_report(FIXTURES / "xinhui-2021-report.txt").meta
    assert (meta.slug, meta.title, meta.region, meta.province) == (
        "xinhui-2021-report",
        "江门市新会区2021年政府工作报告",
        "新会区",
        None,
    )
    assert meta.meeting == "第十七届人民代表大会第六次会议"
    assert (meta.year_reviewed, meta.year_planned, meta.date) == (2020, 2021, "2021-01-12")
    assert meta.editor is None


@pytest.mark.parametrize(
    ("name", "region", "meeting", "reviewed", "planned", "editor"),
    [
        ("taishan-2024-digest.gbk.txt", "台山市", "十六届人大四次会议", 2023, 2024, "李明"),
        ("enping-2023-digest.big5.txt", "恩平市", None, 2022, 2023, None),
        ("raoping-2024-digest.utf16.txt", "饶平县", "十五届人大四次会议", 2023, 2024, None),
        ("heshan-2025-report.html", "鹤山市", "第十七届人民代表大会第五次会议", 2024, 2025, None),
        ("yangchun-2024-crlf.txt", "阳春市", None, 2023, 2024, None),
    ],
)
def test_fixture_meta(name: str, region: str, meeting, reviewed, planned, editor) -> None:
    meta = read_report(FIXTURES / name).meta
    assert (meta.region, meta.meeting, meta.year_reviewed, meta.year_planned, meta.editor) == (
        region,
        meeting,
        reviewed,
        planned,
        editor,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("日前召开的开平市十七届人大五次会议", ("开平市", None)),
        ("——2025年1月8日在开平市第十七届人民代表大会第五次会议上", ("开平市", None)),
        ("广东省开平市人民政府", ("开平市", "广东省")),
        ("2025年恩平市政府工作报告", ("恩平市", None)),
        ("恩平市2023年政府工作报告摘要", ("恩平市", None)),
        ("在江门市新会区第十七届人民代表大会", ("新会区", None)),
        ("市政府工作报告提出", (None, None)),
        ("没有地名的文字", (None, None)),
    ],
)
def test_find_region(text: str, expected: tuple[str | None, str | None]) -> None:
    assert find_region(text) == expected


def test_years_inferred_from_one_side() -> None:
    meta = extract_meta("2025年工作安排\n(一)稳增长", "x")
    assert (meta.year_reviewed, meta.year_planned) == (2024, 2025)
    meta = extract_meta("2023年工作回顾", "x")
    assert (meta.year_reviewed, meta.year_planned) == (2023, 2024)
    assert extract_meta("没有年份", "x").year_planned is None


def test_the_date_line_gives_the_planned_year() -> None:
    """A vision year (展望2035年) named before the year's work plan does not win over it."""
    text = (
        "某某区政府工作报告\n——2021年2月2日在某某区第八届人民代表大会第五次会议上\n"
        "一、2020年工作回顾\n二、“十四五”发展目标\n展望2035年,全区基本实现现代化。\n"
        "三、2021年工作安排"
    )
    meta = extract_meta(text, "x")
    assert (meta.year_reviewed, meta.year_planned, meta.date) == (2020, 2021, "2021-02-02")
    no_date = extract_meta(text.replace("——2021年2月2日在", "在"), "x")
    assert no_date.year_planned == 2035  # without a date line the earliest phrase wins


@pytest.mark.parametrize(
    ("date", "review", "years"),
    [
        ("2025年1月9日", "", (2024, 2025)),  # early in the planned year: the usual session
        ("2025年3月2日", "一、2024年工作回顾", (2024, 2025)),
        ("2024年12月29日", "", (2024, 2025)),  # a late-December session plans for the next year
        ("2024年10月30日", "一、2024年工作回顾", (2024, 2025)),
        ("2024年6月28日", "一、2024年工作回顾", (2024, 2025)),  # never planned <= reviewed
    ],
)
def test_the_date_line_and_the_session_month(date: str, review: str, years: tuple) -> None:
    text = f"某某县政府工作报告\n——{date}在某某县第十八届人民代表大会第四次会议上\n{review}\n"
    meta = extract_meta(text, "x")
    assert (meta.year_reviewed, meta.year_planned) == years


def test_editor() -> None:
    assert find_editor(["整理 严建广"]) == "严建广"
    assert find_editor(["整理:李明"]) == "李明"
    assert find_editor(["王小红 整理"]) == "王小红"
    assert find_editor(["整理好材料后再说"]) is None


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("kaiping-2025-gwr.txt", "kaiping-2025-gwr"),
        ("reports/Kaiping 2025 GWR.TXT", "kaiping-2025-gwr"),
        ("heshan_2025.report.html", "heshan-2025-report"),
        ("开平市2025年政府工作报告.txt", "kai-ping-shi-2025-nian-zheng-fu-gong-zuo-bao-gao"),
        ("!!!.txt", "report"),
    ],
)
def test_slug_from_name(name: str, slug: str) -> None:
    assert slug_from_name(name) == slug


def test_sidecar_then_overrides(tmp_path: Path) -> None:
    report = tmp_path / "kaiping-2025-gwr.txt"
    shutil.copy(BUNDLED, report)
    sidecar = sidecar_path(report)
    assert sidecar.name == "kaiping-2025-gwr.txt.meta.yaml"
    sidecar.write_text(
        "province: 广东省\nregion_code: '440783000000'\nslug: kaiping-2025\neditor: 编辑部\n",
        encoding="utf-8",
    )
    meta = read_report(report).meta
    assert (meta.province, meta.region_code, meta.slug, meta.editor) == (
        "广东省",
        "440783000000",
        "kaiping-2025",
        "编辑部",
    )
    assert meta.region == "开平市"  # not in the sidecar: from the text
    meta = read_report(report, {"slug": "kp", "year_planned": "2025", "editor": None}).meta
    assert (meta.slug, meta.year_planned, meta.editor) == ("kp", 2025, "编辑部")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("speaker: 张三\n", "unknown metadata field 'speaker'"),
        ("year_reviewed: last year\n", "must be a year"),
        ("slug: 开平\n", "slug"),
        ("- a list\n", "must be a mapping"),
        ("region: [unclosed\n", "cannot read metadata file"),
    ],
)
def test_bad_sidecar(tmp_path: Path, content: str, message: str) -> None:
    report = tmp_path / "r.txt"
    report.write_text("回顾2024年\n●增长5%\n", encoding="utf-8")
    sidecar_path(report).write_text(content, encoding="utf-8")
    with pytest.raises(KgError, match=message):
        read_report(report)


def test_bad_override() -> None:
    with pytest.raises(KgError, match="unknown metadata field"):
        read_bytes("回顾2024年".encode(), "r.txt", {"colour": "red"})


def test_apply_overrides_layers() -> None:
    base = ReportMeta(slug="a", region="开平市")
    assert apply_overrides(base) is base
    assert apply_overrides(base, {"region": "台山市"}, {"region": "恩平市"}).region == "恩平市"


def test_date_line_in_brackets() -> None:
    meta = extract_meta("政府工作报告\n(2024年1月9日在恩平市第十六届人民代表大会第四次会议上)", "x")
    assert (meta.date, meta.region, meta.year_planned, meta.year_reviewed) == (
        "2024-01-09",
        "恩平市",
        2024,
        2023,
    )
    assert meta.meeting == "第十六届人民代表大会第四次会议"
    assert extract_meta("2024年1月1日起,全面实施新政策。", "x").date is None

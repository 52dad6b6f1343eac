"""Normalisation: encodings, HTML, Traditional Chinese, full width, pinyin, lines; bad input."""

from __future__ import annotations

import codecs
import importlib.util
from pathlib import Path

import pytest

from kg_build.errors import KgError
from kg_build.read import MAX_BYTES, read_bytes, read_report
from kg_build.read.decoding import decode_bytes, text_score
from kg_build.read.html_text import html_to_text, looks_like_html
from kg_build.read.normalize import fold_width, normalize, normalize_text
from kg_build.read.pinyin import strip_pinyin
from kg_build.read.traditional import is_traditional, to_simplified

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "reports" / "kaiping-2025-gwr.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "read"


def test_bundled_digest_is_unchanged_so_line_numbers_hold() -> None:
    raw = BUNDLED.read_bytes()
    text, encoding = normalize(raw, BUNDLED.name)
    assert encoding == "utf-8"
    assert text == raw.decode("utf-8")
    lines = text.split("\n")
    assert len(lines) == 176
    assert lines[5] == "●地区生产总值完成515.47亿元,同比(下同)增长2.5%"  # line 6
    assert lines[72] == "地区生产总值增长5.5% 规上工业增加值力争增长6%"  # line 73


def test_encoded_fixtures_match_their_sources() -> None:
    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name, data in module.build().items():
        assert (FIXTURES / name).read_bytes() == data, f"re-run make_fixtures.py for {name}"


@pytest.mark.parametrize(
    ("name", "encoding", "line_3"),
    [
        ("taishan-2024-digest.gbk.txt", "gbk", "回顾2023年"),
        ("enping-2023-digest.big5.txt", "big5", "1.经济发展稳中有进"),
        ("raoping-2024-digest.utf16.txt", "utf-16", "回顾2023年"),
        ("yangchun-2024-crlf.txt", "utf-8-sig", "1.稳增长 成效明显"),
        ("xinhui-2021-report.txt", "utf-8", "新会区区长 陈一鸣"),
    ],
)
def test_fixture_encodings_detected(name: str, encoding: str, line_3: str) -> None:
    text, found = normalize((FIXTURES / name).read_bytes(), name)
    assert found == encoding
    assert text.split("\n")[2] == line_3


def test_utf16_without_bom_both_byte_orders() -> None:
    source = "回顾2024年\n●地区生产总值(dì qū)增长2.5%\n"
    for codec in ("utf-16-le", "utf-16-be"):
        text, encoding = normalize(source.encode(codec), "x.txt")
        assert encoding == codec
        assert text == "回顾2024年\n●地区生产总值增长2.5%\n"


def test_gbk_and_big5_are_told_apart() -> None:
    simplified = "开平市经济社会发展主要目标:地区生产总值增长5.5%。"
    traditional = "開平市經濟社會發展主要目標:地區生產總值增長5.5%。"
    assert decode_bytes(simplified.encode("gbk")) == (simplified, "gbk")
    assert decode_bytes(traditional.encode("big5")) == (traditional, "big5")
    # GB18030-only characters (outside GBK) still decode
    rare = "开平市㐀镇" + "增长" * 10
    assert decode_bytes(rare.encode("gb18030")) == (rare, "gb18030")


@pytest.mark.parametrize(
    "text",
    ["中小學、", "政府工作", "80億元", "持續釋放", "七）辦好", "領全縣人", "能源培育", "華人民共"],
)
def test_short_big5_is_not_taken_for_gb18030(text: str) -> None:
    """Both codecs decode these bytes; GB18030 gives kana, private-use characters or a mix of
    Simplified-only and Traditional-only characters, which real text does not have."""
    data = text.encode("big5")
    assert data.decode("gb18030")  # the tie the scorer breaks
    assert decode_bytes(data) == (text, "big5")
    assert text_score(text) > text_score(data.decode("gb18030"))


@pytest.mark.parametrize("text", ["政府工作报告", "增长5.5%", "学校、医院", "开平市"])
def test_short_gbk_stays_gbk(text: str) -> None:
    assert decode_bytes(text.encode("gbk")) == (text, "gbk")


def test_text_score_counts_punctuation_and_penalises_mixed_scripts() -> None:
    assert text_score("开平市，经济。") == 1.0
    assert text_score("開平市，經濟。") == 1.0
    assert text_score("开平市經濟") < 1.0  # Simplified-only 开 beside Traditional-only 經濟
    assert text_score("\ue000\u3042") == 0.0  # private use, hiragana
    assert text_score("GDP 5.5%") == 1.0


def test_big5_traditional_with_tone_number_pinyin() -> None:
    text, _ = normalize((FIXTURES / "enping-2023-digest.big5.txt").read_bytes(), "e.txt")
    lines = text.split("\n")
    assert lines[0] == "恩平市2023年政府工作报告摘要"
    assert lines[3] == "●全市地区生产总值完成310.5亿元,增长3.2%"  # full width folded
    assert lines[4] == "●大槐镇获评省级文明镇"  # 鎮(zhen4) -> 镇
    assert lines[10] == "●加快建设恩平工业园区"  # 園（yuan2）區（qu1）
    assert "(" not in text


def test_traditional_with_tone_marks_in_utf16() -> None:
    text, _ = normalize((FIXTURES / "raoping-2024-digest.utf16.txt").read_bytes(), "r.txt")
    lines = text.split("\n")
    assert lines[4] == "●黄冈镇获评省级经济强镇"  # 黃岡鎮(zhèn)獲評省級經(jīng)濟(jì)強鎮
    assert lines[6] == "●推动海上风电项目建设"  # 風電(fēng diàn)


def test_crlf_bom_and_full_width_folded() -> None:
    text, encoding = normalize((FIXTURES / "yangchun-2024-crlf.txt").read_bytes(), "y.txt")
    assert encoding == "utf-8-sig"
    assert "\r" not in text and not text.startswith("\ufeff")
    assert text.split("\n") == [
        "阳春市政府工作报告要点",
        "回顾2023年",
        "1.稳增长 成效明显",
        "●地区生产总值完成380.6亿元,同比增长3.8%",  # trailing ideographic spaces stripped
        "●接待游客1200万人次(同比增长20%)",
        "",  # blank lines are kept: line numbers follow the source
        "展望2024年",
        "1.抓项目 扩投资",
        "●全年完成固定资产投资150亿元",
        "●推进GDP核算改革;优化营商环境!",
        "",
    ]


def test_lone_cr_and_u2028_become_line_breaks() -> None:
    assert normalize("a\rb\u2028c\r\n".encode(), "x")[0] == "a\nb\nc\n"


def test_fold_width_keeps_chinese_punctuation() -> None:
    assert fold_width("１２．５％，（一）：；！？ＧＤＰ　Ａ") == "12.5%,(一):;!?GDP A"
    kept = "、。“”‘’《》【】●·—…"
    assert fold_width(kept) == kept


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("鎮(zhèn)", "鎮"),
        ("經(jīng)濟(jì)", "經濟"),
        ("经济(jīng jì)发展", "经济发展"),
        ("经济(jīngjì)", "经济"),
        ("经济(jing1 ji4)", "经济"),
        ("绿(lü4)化", "绿化"),
        ("开平(kaiping)", "开平"),  # toneless, but it is the reading of 开平
        ("园[yuán]区", "园区"),
    ],
)
def test_pinyin_annotations_removed(raw: str, clean: str) -> None:
    assert strip_pinyin(raw)[0] == clean


@pytest.mark.parametrize(
    "kept",
    [
        "江门国家骨干冷链物流基地(开平片区)",
        "保税物流中心(B型)",
        "产业综合配套工程(一期)",
        "1613.33公顷(2.42万亩)",
        "积极推进国储林(EOD)",
        "项目(a)",  # toneless and not a reading of 目
        "通过(GDP)核算",
    ],
)
def test_brackets_that_are_not_pinyin_are_kept(kept: str) -> None:
    assert strip_pinyin(kept) == (kept, 0)


def test_traditional_detected_and_converted_only_when_traditional() -> None:
    bundled = BUNDLED.read_text(encoding="utf-8")
    assert not is_traditional(bundled)
    assert normalize_text(bundled).text == bundled
    assert is_traditional("開平市政府工作報告")
    assert to_simplified("開平市經濟發展\n製造業") == "开平市经济发展\n制造业"
    result = normalize_text("開平市經濟發展穩中有進")
    assert result.traditional and result.text == "开平市经济发展稳中有进"


def test_simplified_text_is_told_without_opencc(monkeypatch) -> None:
    """Han text GB 2312 encodes whole is Simplified without asking OpenCC (its import and
    two conversions of the text are a tenth of a cold build); a text with one character
    outside GB 2312 is still judged by OpenCC, either way."""
    import kg_build.read.traditional as traditional

    asked: list[str] = []
    real = traditional._opencc

    def counting(config: str):
        asked.append(config)
        return real(config)

    monkeypatch.setattr(traditional, "_opencc", counting)
    assert not is_traditional(BUNDLED.read_text(encoding="utf-8")) and asked == []
    assert not is_traditional("开平市推进堃元项目") and asked == ["t2s"]  # 堃: GBK only
    assert is_traditional("開平市政府工作報告")


def test_opencc_converts_phrases_one_to_many_characters_need() -> None:
    """乾/幹 → 干, 髮/發 → 发, 製/制, 裡 → 里, 臺 → 台: OpenCC's phrase tables decide, as the
    reimplementation it replaced did (the same output on these and on the corpus)."""
    text = "乾燥的天氣裡，幹部們頭髮都白了；製造業制度化，著力推進臺山與開平的聯繫。"
    assert to_simplified(text) == (
        "干燥的天气里，干部们头发都白了；制造业制度化，著力推进台山与开平的联系。"
    )
    assert to_simplified("第一行\n\n發展") == "第一行\n\n发展"  # lines kept as they were


def test_html_page_reduced_to_visible_text() -> None:
    raw = (FIXTURES / "heshan-2025-report.html").read_bytes()
    assert looks_like_html(raw, "page.bin")
    text, encoding = normalize(raw, "heshan-2025-report.html")
    assert encoding == "utf-8"
    lines = text.split("\n")
    assert lines[:6] == [
        "政府工作报告",
        "——2025年1月10日在鹤山市第十七届人民代表大会第五次会议上",
        "各位代表:",
        "现在,我代表市人民政府,向大会报告工作,请予审议。",
        "一、2024年工作回顾",
        "过去一年,我们坚持稳中求进工作总基调,全市经济运行稳中向好。",  # source line break
    ]
    assert lines[-1] == (
        "(一)着力扩大有效投资。全年安排重点项目120个,完成投资150亿元。鹤城镇新建污水管网12公里。"
    )
    assert len(lines) == 11
    for dropped in ("门户网站", "首页", "回顾2099", "隐藏", "相关链接", "版权所有", "hè", "draft"):
        assert dropped not in text


def test_html_with_declared_gb2312_charset() -> None:
    page = (
        '<html><head><meta charset="gb2312"><style>p{}</style></head><body>'
        "<nav>导航</nav><p>回顾2024年</p><ul><li>●新增就业7307人</li><li>●镕铖项目</li></ul>"
        "</body></html>"
    )
    text, encoding = normalize(page.encode("gb18030"), "page.htm")
    assert encoding == "gb18030"
    assert text == "回顾2024年\n●新增就业7307人\n●镕铖项目"


def test_html_cells_and_breaks() -> None:
    text = html_to_text("<table><tr><td>指标</td><td>目标</td></tr></table>甲<br>乙")
    assert normalize_text(text, html=True).text == "指标 目标\n甲\n乙"


# --- bad input ---------------------------------------------------------------------------


def test_empty_file_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(KgError, match="empty"):
        read_report(empty)
    with pytest.raises(KgError, match="no text"):
        read_bytes(b" \n\r\n\t\n", "blank.txt")


def test_binary_file_refused() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256))
    with pytest.raises(KgError, match="binary"):
        read_bytes(png, "picture.txt")
    with pytest.raises(KgError, match="binary"):
        read_bytes(b"text\x01\x02\x03\x04\x05\x06 more", "ctl.txt")


def test_undecodable_bytes_refused() -> None:
    with pytest.raises(KgError, match="could not be decoded"):
        read_bytes(bytes(range(0x80, 0x100)) * 8, "odd.txt")
    with pytest.raises(KgError, match="byte-order mark"):
        read_bytes(codecs.BOM_UTF8 + b"\xff\xfe\xfd", "bom.txt")


def test_too_large_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: nothing is written or read
    with pytest.raises(KgError, match="20 MiB"):
        read_report(big)
    with pytest.raises(KgError, match="limit"):
        read_bytes(b"a" * (MAX_BYTES + 1), "big.txt")


def test_missing_and_unreadable_paths(tmp_path: Path) -> None:
    with pytest.raises(KgError, match="not found"):
        read_report(tmp_path / "nope.txt")
    with pytest.raises(KgError, match="not a file"):
        read_report(tmp_path)


def test_html_chrome_by_class_or_id_dropped() -> None:
    page = (
        '<body><div class="top-menu">首页 | 政务公开</div><div id="breadcrumb">当前位置</div>'
        '<div class="article-header"><h1>政府工作报告</h1></div><div class="share_box">分享到</div>'
        '<div class="TRS_Editor"><p>回顾2024年</p></div><div class="footer-copyright">版权</div>'
        "</body>"
    )
    assert normalize(page.encode(), "p.html")[0] == "政府工作报告\n回顾2024年"

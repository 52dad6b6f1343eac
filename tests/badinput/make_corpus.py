"""Write the bad-input corpus (tests/badinput/files/): inputs a user, or a hostile one, meets.

Run `python tests/badinput/make_corpus.py` to regenerate; the files are committed so the test
reads exactly these bytes. Every text is our own wording, no corpus report is quoted.
"""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent / "files"

INTRO = "2025年某县人民政府工作报告\n——2025年1月10日在某县第一届人民代表大会第三次会议上\n"
BODY = (
    "一、2024年工作回顾\n全县地区生产总值增长5.2%，达到215.3亿元。"
    "新建道路12公里，完成固定资产投资88亿元。\n二、2025年工作安排\n"
    "预期地区生产总值增长5%左右，新增就业3000人以上。\n"
)
REPORT = INTRO + BODY


def cases() -> dict[str, bytes]:
    u = lambda s: s.encode("utf-8")  # noqa: E731
    c: dict[str, bytes] = {}
    c["binary-png.txt"] = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    c["binary-zeros.txt"] = b"\x00" * 4096
    c["binary-gzip.txt"] = gzip.compress(u(REPORT))
    c["binary-zlib.html"] = zlib.compress(u(REPORT) * 3)
    c["random-bytes.txt"] = bytes((i * 7919 + 13) % 256 for i in range(8000))
    c["truncated-utf8.txt"] = u(REPORT)[:-1]  # cut inside the last character
    c["truncated-middle.txt"] = u(REPORT)[: len(u(REPORT)) // 2 + 1]
    c["truncated-html.html"] = u("<html><body><h1>2025年政府工作报告</h1><p>全县地区生产")
    c["garbled-number.txt"] = u(INTRO + "一、工作回顾\n财政收入515.47.3亿元，增长2..5%。\n")
    c["garbled-percent.txt"] = u(INTRO + "一、回顾\n增长..%，下降5.%，提高%3，达到.5亿元。\n")
    c["number-400-digits.txt"] = u(INTRO + "一、回顾\n总产值" + "9" * 400 + "亿元，增长5%。\n")
    c["number-4301-digits.txt"] = u(INTRO + "一、回顾\n投资" + "7" * 4301 + "万元。\n")
    c["number-exponent.txt"] = u(INTRO + "一、回顾\n增长1e400%，达到1E-9999亿元，Infinity万元。\n")
    c["english-only.txt"] = u(
        "Government Work Report 2025\nI. Review of 2024\nGDP grew by 5.2 percent to "
        "21.5 billion yuan.\nII. Tasks for 2025\nWe will add 3,000 jobs.\n"
    )
    c["markdown-table.md"] = u(
        INTRO + "| 指标 | 2024年 | 增长 |\n|---|---|---|\n| 地区生产总值 | 215.3亿元 | 5.2% |\n"
        "| 财政收入 | 18.1亿元 | -3.0% |\n" * 20
    )
    c["long-line.txt"] = u(INTRO + "一、回顾\n" + "全县新建道路12公里，增长5%，" * 1000 + "\n")
    c["no-newlines.txt"] = u(REPORT.replace("\n", "") * 200)
    c["headings-repeated-40.txt"] = u(
        INTRO + "".join(f"一、工作回顾\n产值增长{i % 9 + 1}%。\n" for i in range(40))
    )
    c["headings-numbered-60.txt"] = u(
        INTRO + "".join(f"（{i}）第{i}项工作\n新建道路{i}公里。\n" for i in range(1, 61))
    )
    c["headings-only.txt"] = u(
        "一、回顾\n二、安排\n三、措施\n（一）产业\n（二）民生\n1.道路\n" * 30
    )
    c["html-nested-1000.html"] = u(
        "<html><body>" + "<div>" * 1000 + "增长5%" + "</div>" * 1000 + "</body></html>"
    )
    c["html-nested-unclosed.html"] = u("<html><body>" + "<span><b>" * 3000 + REPORT)
    c["html-script-only.html"] = u("<html><script>var x='增长5%';</script></html>")
    c["html-entities.html"] = u(
        "<html><body><p>" + "&#x10FFFF;&#0;&#xD800;&amp;&lt;&unknown;" * 50 + "</p></body></html>"
    )
    c["html-bad-charset.html"] = u('<meta charset="no-such-codec">') + u(REPORT)
    c["html-charset-lies.html"] = b'<meta charset="ascii"><p>' + u(REPORT) + b"</p>"
    c["utf16-le-bom.txt"] = REPORT.encode("utf-16")
    c["utf16-be-nobom.txt"] = REPORT.encode("utf-16-be")
    c["utf16-odd-length.txt"] = REPORT.encode("utf-16-le")[:-1]
    c["utf32-bom.txt"] = REPORT.encode("utf-32")
    c["bom-then-garbage.txt"] = b"\xef\xbb\xbf" + b"\xff\xfe\xfd" * 50
    c["gbk.txt"] = REPORT.encode("gbk")
    c["big5.txt"] = REPORT.encode("big5", errors="replace")
    c["gbk-utf8-mixed.txt"] = INTRO.encode("gbk") + BODY.encode("utf-8")
    c["latin1-mojibake.txt"] = REPORT.encode("utf-8").decode("latin-1").encode("utf-8")
    c["replacement-chars.txt"] = u("\n".join(line[::-1] + "\ufffd" * 3 for line in REPORT.split()))
    c["control-chars.txt"] = u("".join(ch + "\x07\x1b" for ch in REPORT))
    c["bidi-zero-width.txt"] = u(
        REPORT.replace("增长", "增\u200b长\u202e").replace("亿", "\ufeff亿")
    )
    c["surrogate-escapes.txt"] = b"\xed\xa0\x80\xed\xb0\x80" + u(REPORT)  # CESU-8 surrogates
    c["only-whitespace.txt"] = u(" \n\t\u3000\n" * 100)
    c["empty.txt"] = b""
    c["one-char.txt"] = u("一")
    c["punctuation-only.txt"] = u("，。、；：！？（）【】" * 500)
    c["digits-only.txt"] = u("1234567890." * 3000)
    c["percent-storm.txt"] = u(INTRO + "一、回顾\n" + "%" * 5000 + "增长" * 2000 + "\n")
    c["years-everywhere.txt"] = u("".join(f"{y}年{y}年工作回顾\n" for y in range(1, 3000, 7)))
    c["date-line-bogus.txt"] = u("2025年99月99日在第0届人民代表大会第-1次会议上\n" + BODY)
    c["meta-yaml-shape.txt"] = u("---\nregion: [1, 2]\nyear: {a: b}\n---\n" + REPORT)
    c["crlf-cr-mixed.txt"] = u(REPORT.replace("\n", "\r")) + u(REPORT.replace("\n", "\r\n"))
    c["traditional.txt"] = u(REPORT.replace("县", "縣").replace("长", "長").replace("设", "設"))
    c["fullwidth-digits.txt"] = u(
        REPORT.translate(str.maketrans("0123456789.%", "０１２３４５６７８９．％"))
    )
    return c


def main() -> None:
    HERE.mkdir(parents=True, exist_ok=True)
    for old in HERE.iterdir():
        old.unlink()
    for name, data in cases().items():
        (HERE / name).write_bytes(data)
    print(f"wrote {len(cases())} files to {HERE}")


if __name__ == "__main__":
    main()

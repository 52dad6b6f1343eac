"""Bytes in, clean text out: encoding, HTML, Traditional Chinese, full width, pinyin, lines.

What the normalised text is (offsets of statements refer to it):

- decoded from UTF-8 (BOM or not), UTF-16/32 (BOM or NUL-pattern heuristics), GBK/GB18030,
  Big5/CP950; HTML honours its ``<meta charset>`` first;
- HTML reduced to its visible text (script, style, nav, header, footer, aside, ruby pinyin,
  hidden elements and elements whose class or id names page chrome such as "breadcrumb",
  "menu", "share", "footer" dropped); block elements become lines, blank lines are dropped;
- Unicode NFC; CRLF, CR, U+2028/U+2029 become LF; other control and zero-width characters
  are removed; tabs become spaces;
- full-width ASCII (U+FF01-U+FF5E) folded to ASCII and the ideographic space U+3000 to a
  space (so ``，：；（）％１２`` become ``,:;()%12``); CJK punctuation outside that block
  (、。“”‘’《》【】—…●· etc.) is kept as is;
- pinyin annotations after Chinese characters removed: ``鎮(zhèn)`` -> ``镇``,
  ``經(jīng)濟(jì)``, ``经济(jing1 ji4)``, ``开平(kaiping)``, also in ``[]``;
- Traditional Chinese converted to Simplified (OpenCC t2s) only when the text is
  Traditional, i.e. t2s would change more characters than s2t;
- per line: leading and trailing spaces stripped, inner runs of spaces collapsed to one.

For plain text, line ``n`` of the normalised text is line ``n`` of the source file (blank
lines are kept as empty lines), so line numbers quoted from the source file stay valid.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from kg_build.errors import KgError
from kg_build.read.decoding import decode_bytes
from kg_build.read.html_text import html_to_text, looks_like_html
from kg_build.read.pinyin import strip_pinyin
from kg_build.read.traditional import is_traditional, to_simplified

MAX_BYTES = 20 * 1024 * 1024  # larger inputs are refused (see kg_build.read.read_bytes)


@dataclass(frozen=True)
class Normalized:
    """The result of normalisation, with notes on what was done."""

    text: str
    encoding: str
    html: bool = False
    traditional: bool = False  # converted from Traditional Chinese
    pinyin_removed: int = 0  # number of pinyin annotations removed


def normalize(data: bytes, name: str = "") -> tuple[str, str]:
    """Bytes of a report -> (normalised text, detected source encoding name)."""
    result = normalize_report(data, name)
    return result.text, result.encoding


def normalize_report(data: bytes, name: str = "") -> Normalized:
    """Bytes of a report -> `Normalized` (text, encoding and what was changed)."""
    if not data:
        raise KgError(f"{name or 'input'} is empty; give a report text file")
    is_html = looks_like_html(data, name)
    text, encoding = decode_bytes(data, name, html=is_html)
    if is_html:
        text = html_to_text(text)
    return normalize_text(text, encoding=encoding, html=is_html)


def normalize_text(text: str, encoding: str = "utf-8", html: bool = False) -> Normalized:
    """Normalise already decoded text (see the module doc for what is done)."""
    text = text.lstrip("\ufeff")
    text = unicodedata.normalize("NFC", text)
    text = normalize_newlines(text)
    text = remove_controls(text)
    text = fold_width(text)
    traditional = is_traditional(text)
    if traditional:
        text = to_simplified(text)
    text, removed = strip_pinyin(text)
    text = clean_lines(text, drop_blank=html)
    return Normalized(text, encoding, html, traditional, removed)


# --- text clean-up ----------------------------------------------------------------------


def normalize_newlines(text: str) -> str:
    """CRLF, CR, U+2028 and U+2029 become LF."""
    return re.sub(r"\r\n?|[\u2028\u2029\u0085]", "\n", text)


_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200d\u2060\ufeff]")


def remove_controls(text: str) -> str:
    """Drop control and zero-width characters; tabs become spaces."""
    return _CONTROLS.sub("", text.replace("\t", " "))


_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20, 0xA0: 0x20}


def fold_width(text: str) -> str:
    """Full-width ASCII (U+FF01-U+FF5E) to ASCII; ideographic and no-break spaces to spaces."""
    return text.translate(_FOLD)


def clean_lines(text: str, drop_blank: bool = False) -> str:
    """Strip each line, collapse inner runs of spaces; keep blank lines unless asked."""
    lines = [re.sub(r" {2,}", " ", line.strip(" ")) for line in text.split("\n")]
    if drop_blank:
        lines = [line for line in lines if line]
    return "\n".join(lines)

"""Pure parsing of the numbers written in Chinese reports.

Arabic numerals with decimals and thousands separators (``1,234.5``), full-width digits,
Chinese numerals (``一百``, ``两``, ``三万``, ``一千二百``, ``十五``, ``万``/``亿`` magnitudes),
mixed forms (``1.2万``, ``6.63万``) and ratios (``12.2:44.9:42.9``), all to ``Decimal``;
small counts and ordinals (``三``, ``十二``, ``二十三``) to ``int``; the magnitudes that
prefix a unit (``万`` of ``万亩``).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6}
DIGITS |= {"七": 7, "八": 8, "九": 9}
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
MAGNITUDES = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}

CHINESE_NUMERAL_CHARS = "".join(DIGITS) + "".join(SMALL_UNITS) + "".join(BIG_UNITS)
#: The numerals of a small count or ordinal, 一 to 十 and 两 (五项, 第三, 十二年).
SMALL_NUMERAL_CHARS = "一二两三四五六七八九十"
#: Magnitudes that may stand before a unit (万亩, 亿元, 3万辆) and their factors.
UNIT_MAGNITUDES = {"千": 1000, "万": 10_000, "亿": 100_000_000, "万亿": 1_000_000_000_000}

#: An Arabic number, with optional thousands separators and decimals.
ARABIC_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
#: A run of Chinese numeral characters.
CHINESE_RE = re.compile(f"[{CHINESE_NUMERAL_CHARS}]+")
#: A ratio such as 12.2:44.9:42.9 (ASCII or full-width colons).
RATIO_RE = re.compile(r"\d+(?:\.\d+)?(?:[:：∶]\d+(?:\.\d+)?)+")  # ∶: the ratio sign U+2236
#: A small number: Arabic digits, or Chinese 零 to 九十九 (十二, 二十, 二十三).
_SMALL_RE = re.compile(r"(?:(?P<tens>[一二两三四五六七八九])?十(?P<ones>[一二两三四五六七八九])?)")

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，：％", "0123456789.,:%")


class NumberError(ValueError):
    """Raised when a string is not a number this module can read."""


MAX_DIGITS = 24  # more digits than any amount in yuan a report can state


def to_halfwidth(text: str) -> str:
    """Full-width digits, point, comma, colon and percent to ASCII."""
    return text.translate(_FULLWIDTH)


def parse_arabic(text: str) -> Decimal:
    """``"1,234.50"`` → ``Decimal("1234.50")``."""
    cleaned = to_halfwidth(text).replace(",", "").strip()
    if not cleaned or not ARABIC_RE.fullmatch(cleaned):
        raise NumberError(f"not an Arabic number: {text!r}")
    if sum(ch.isdigit() for ch in cleaned) > MAX_DIGITS:
        raise NumberError(f"{len(cleaned)} characters is no quantity a report states")
    try:
        return Decimal(cleaned)
    except InvalidOperation as exc:  # pragma: no cover - guarded by the regex
        raise NumberError(f"not an Arabic number: {text!r}") from exc


def _parse_below_wan(text: str) -> int:
    """Chinese numerals below 万: 一千二百, 十五, 三百零五, 两千."""
    total, digit = 0, None
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS[ch]
        elif ch in SMALL_UNITS:
            total += (1 if digit is None else digit) * SMALL_UNITS[ch]
            digit = None
        else:
            raise NumberError(f"not a Chinese numeral: {text!r}")
    return total + (digit or 0)


def parse_chinese(text: str) -> Decimal:
    """``"一千二百"`` → 1200, ``"三万"`` → 30000, ``"亿"`` → 100000000, ``"十五"`` → 15."""
    if not text or any(ch not in CHINESE_NUMERAL_CHARS for ch in text):
        raise NumberError(f"not a Chinese numeral: {text!r}")
    total = 0
    section = ""
    for ch in text:
        if ch in BIG_UNITS:
            value = _parse_below_wan(section) if section else 1
            # 一万亿: the 亿 multiplies everything before it
            if ch == "亿":
                total = (total + value) * BIG_UNITS[ch]
            else:
                total += value * BIG_UNITS[ch]
            section = ""
        else:
            section += ch
    if section:
        total += _parse_below_wan(section)
    return Decimal(total)


def split_magnitude(text: str) -> tuple[Decimal, str]:
    """Split a trailing 万/亿 magnitude off: ``"1.2万"`` → (1.2, "万"), ``"三万"`` → (3, "万").

    A bare magnitude reads as one of it: ``"亿"`` → (1, "亿"). Numbers without a trailing
    magnitude come back with an empty string.
    """
    text = to_halfwidth(text.strip())
    mag = next((m for m in ("万亿", "亿", "万") if text.endswith(m)), "")
    text = text[: len(text) - len(mag)]
    if not text:
        return Decimal(1), mag
    return parse_number(text), mag


def parse_number(text: str) -> Decimal:
    """Any single number: Arabic, Chinese or mixed (``"6.63万"`` → 66300)."""
    text = to_halfwidth(text.strip())
    if not text:
        raise NumberError("empty number")
    if ARABIC_RE.fullmatch(text):
        return parse_arabic(text)
    m = re.fullmatch(r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)([十百千万亿]+)", text)
    if m:
        factor = Decimal(1)
        for ch in m.group(2):
            factor *= MAGNITUDES[ch]
        return _normalize(parse_arabic(m.group(1)) * factor)
    return parse_chinese(text)


def parse_small(text: str) -> int | None:
    """A count or ordinal below 100: ``"三"`` → 3, ``"十二"`` → 12, ``"二十三"`` → 23,
    ``"12"`` → 12; None for anything else (``"一二"``, ``"百"``, ``""``)."""
    text = to_halfwidth(text.strip())
    if text.isdigit() and text.isascii():
        return int(text)
    if len(text) == 1 and text in DIGITS:
        return DIGITS[text]
    m = _SMALL_RE.fullmatch(text)
    if not m:
        return None
    tens, ones = m.group("tens"), m.group("ones")
    return (DIGITS[tens] if tens else 1) * 10 + (DIGITS[ones] if ones else 0)


def unit_magnitude(unit: str) -> tuple[str, str]:
    """Split the longest magnitude prefix off a unit: ``"万辆"`` → ("万", "辆"),
    ``"亿元"`` → ("亿", "元"), ``"辆"`` → ("", "辆"); a bare magnitude stays a unit."""
    for mag in sorted(UNIT_MAGNITUDES, key=len, reverse=True):
        if unit.startswith(mag) and len(unit) > len(mag):
            return mag, unit[len(mag) :]
    return "", unit


def parse_ratio(text: str) -> tuple[Decimal, ...]:
    """``"12.2:44.9:42.9"`` → (12.2, 44.9, 42.9)."""
    text = to_halfwidth(text.strip()).replace("∶", ":")
    if not RATIO_RE.fullmatch(text):
        raise NumberError(f"not a ratio: {text!r}")
    return tuple(Decimal(part) for part in text.split(":"))


def _normalize(value: Decimal) -> Decimal:
    """Drop a meaningless exponent (1.2E+4 → 12000) while keeping written decimals."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()

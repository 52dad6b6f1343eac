"""Number parsing: Arabic, Chinese, mixed and ratios."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kg_build.extract.numbers import (
    NumberError,
    parse_arabic,
    parse_chinese,
    parse_number,
    parse_ratio,
    parse_small,
    split_magnitude,
    unit_magnitude,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("515.47", "515.47"),
        ("1,126", "1126"),
        ("1,234,567.5", "1234567.5"),
        ("７３０７", "7307"),
        ("7.0", "7.0"),
    ],
)
def test_arabic(text: str, value: str) -> None:
    assert parse_arabic(text) == Decimal(value)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一百", 100),
        ("两", 2),
        ("十", 10),
        ("十五", 15),
        ("二十", 20),
        ("一千二百", 1200),
        ("三百零五", 305),
        ("两千", 2000),
        ("三万", 30000),
        ("一万二千", 12000),
        ("一千二百万", 12000000),
        ("亿", 100000000),
        ("三百亿", 30000000000),
    ],
)
def test_chinese(text: str, value: int) -> None:
    assert parse_chinese(text) == Decimal(value)


@pytest.mark.parametrize(
    ("text", "value"),
    [("1.2万", "12000"), ("6.63万", "66300"), ("1.45万", "14500"), ("5亿", "500000000")],
)
def test_mixed(text: str, value: str) -> None:
    assert parse_number(text) == Decimal(value)


@pytest.mark.parametrize(
    ("text", "value", "magnitude"),
    [
        ("1.2万", "1.2", "万"),
        ("三万", "3", "万"),
        ("亿", "1", "亿"),
        ("十亿", "10", "亿"),
        ("515.47", "515.47", ""),
        ("5万亿", "5", "万亿"),
    ],
)
def test_split_magnitude(text: str, value: str, magnitude: str) -> None:
    assert split_magnitude(text) == (Decimal(value), magnitude)


def test_ratio() -> None:
    assert parse_ratio("12.2:44.9:42.9") == (Decimal("12.2"), Decimal("44.9"), Decimal("42.9"))
    assert parse_ratio("11.5：49.7：38.8")[1] == Decimal("49.7")
    assert parse_ratio("28.6∶22.4∶49.0") == (Decimal("28.6"), Decimal("22.4"), Decimal("49.0"))


@pytest.mark.parametrize("bad", ["", "abc", "1.2.3", "十四五x", "12:"])
def test_not_numbers(bad: str) -> None:
    with pytest.raises(NumberError):
        if ":" in bad:
            parse_ratio(bad)
        else:
            parse_number(bad)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("三", 3),
        ("两", 2),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("二十三", 23),
        ("九十九", 99),
        ("零", 0),
        ("12", 12),
        ("１２", 12),
    ],
)
def test_small(text: str, value: int) -> None:
    assert parse_small(text) == value


@pytest.mark.parametrize("bad", ["", "一二", "百", "一百", "十十", "三千", "x", "2.5"])
def test_not_small(bad: str) -> None:
    assert parse_small(bad) is None


@pytest.mark.parametrize(
    ("unit", "split"),
    [
        ("万辆", ("万", "辆")),
        ("亿元", ("亿", "元")),
        ("万亿元", ("万亿", "元")),
        ("千瓦", ("千", "瓦")),
        ("辆", ("", "辆")),
        ("万", ("", "万")),
    ],
)
def test_unit_magnitude(unit: str, split: tuple[str, str]) -> None:
    assert unit_magnitude(unit) == split

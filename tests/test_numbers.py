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
    split_magnitude,
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


@pytest.mark.parametrize("bad", ["", "abc", "1.2.3", "十四五x", "12:"])
def test_not_numbers(bad: str) -> None:
    with pytest.raises(NumberError):
        if ":" in bad:
            parse_ratio(bad)
        else:
            parse_number(bad)

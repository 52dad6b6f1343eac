"""Counts written in a name or a list's tail (二期, 四大, 5个) as integers."""

from __future__ import annotations

from kg_build.extract.numbers import NumberError, parse_number


def count_value(text: str) -> int | None:
    """`"3"` → 3, `"十二"` → 12, `"两"` → 2; None when `text` is not a whole number."""
    try:
        value = parse_number(text)
    except NumberError:
        return None
    return int(value) if value == value.to_integral_value() else None

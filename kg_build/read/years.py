"""The years a heading or phrase names: one year, a span of years, a five-year plan.

The shapes are rules of data/outline.yaml: `year_phrase` (2024年), `heading_year` (the year a
heading is about), and the multi-year phrases, tried in this order: `five_year_plan`,
`year_range`, `years_since`, `years_ahead`, `years_back`, `term_of_office`. Counts of years
are read by the one numeral parser (kg_build/extract/numbers.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from kg_build.extract.numbers import NumberError, parse_number
from kg_build.read.rules import earliest, outline, pattern, patterns

TERM_YEARS = 5  # a government's term of office, in years
FIRST_PLAN = (6, 1981)  # the sixth five-year plan began in 1981; each lasts five years


@dataclass(frozen=True)
class Named:
    """The years a heading or phrase names."""

    span: tuple[int, int] | None = None  # from a multi-year phrase (first, last)
    five_year_plan: bool = False  # the span is that of a five-year plan (十四五)
    heading: int | None = None  # the year a heading is about (2024年工作回顾, 回顾2024年)
    written: tuple[int, ...] = ()  # every year written out, in order

    @property
    def only(self) -> int | None:
        """The one year written, if the phrase writes exactly one (maybe more than once)."""
        return self.written[0] if len(set(self.written)) == 1 else None


def small_number(text: str) -> int | None:
    """A count or ordinal in Arabic or Chinese numerals ('12', '三', '十二'), else None."""
    try:
        value = parse_number(text)
    except NumberError:
        return None
    return int(value) if value == int(value) else None


def five_year_plan_span(ordinal: int) -> tuple[int, int]:
    """The years of the n-th five-year plan from the sixth on: 14 -> (2021, 2025)."""
    start = FIRST_PLAN[1] + 5 * (ordinal - FIRST_PLAN[0])
    return start, start + 4


def first_year(text: str, found: tuple[re.Pattern[str], ...]) -> int | None:
    """The `year` group of the earliest match of `found` in `text`, or None."""
    m = earliest(text, found)
    return int(m.group("year")) if m else None


def heading_year(heading: str) -> int | None:
    """The year a heading is about: 2024年工作回顾, 回顾2024年, 2025年:乘势而上."""
    return first_year(heading, patterns(outline(), "heading_year"))


def years_named(phrase: str, reviewed: int | None = None, planned: int | None = None) -> Named:
    """What years `phrase` names; spans relative to now need the reviewed/planned years."""
    rules = outline()
    written = tuple(int(m.group("year")) for m in pattern(rules, "year_phrase").finditer(phrase))
    heading = heading_year(phrase)
    if m := pattern(rules, "five_year_plan").search(phrase):
        ordinal = 10 + (small_number(m.group("ordinal")) or 0)
        return Named(five_year_plan_span(ordinal), True, heading, written)
    for key, span_of in _SPANS:
        shapes = patterns(rules, key) if key == "years_back" else (pattern(rules, key),)
        m = earliest(phrase, shapes)
        if m and (span := span_of(m, reviewed, planned)):
            return Named(span, False, heading, written)
    return Named(None, False, heading, written)


def _range(m: re.Match[str], reviewed: int | None, planned: int | None) -> tuple[int, int]:
    return int(m.group("first")), int(m.group("last"))


def _since(m: re.Match[str], reviewed: int | None, planned: int | None) -> tuple[int, int] | None:
    return (int(m.group("first")), reviewed) if reviewed else None


def _ahead(m: re.Match[str], reviewed: int | None, planned: int | None) -> tuple[int, int] | None:
    n = small_number(m.group("count"))
    return (planned, planned + n - 1) if n and planned else None


def _back(m: re.Match[str], reviewed: int | None, planned: int | None) -> tuple[int, int] | None:
    n = small_number(m.group("count"))
    return (reviewed - n + 1, reviewed) if n and reviewed else None


def _term(m: re.Match[str], reviewed: int | None, planned: int | None) -> tuple[int, int] | None:
    return (reviewed - TERM_YEARS + 1, reviewed) if reviewed else None


_Span = Callable[[re.Match[str], int | None, int | None], tuple[int, int] | None]
_SPANS: tuple[tuple[str, _Span], ...] = (
    ("year_range", _range),
    ("years_since", _since),
    ("years_ahead", _ahead),
    ("years_back", _back),
    ("term_of_office", _term),
)

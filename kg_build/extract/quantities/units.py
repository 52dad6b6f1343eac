"""Unit factors (ontology/units.ttl) and values in their base unit."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from kg_build.extract.numbers import UNIT_MAGNITUDES, unit_magnitude
from kg_build.ontology import unit_table


@lru_cache(maxsize=4)
def load_units(path: Path | None = None) -> dict[str, tuple[Decimal, str]]:
    """Unit label → (factor to its base unit, base unit label), from ontology/units.ttl as
    the one ontology reader (kg_build/ontology.py) gives it; cached, do not modify."""
    return unit_table(path)


def to_base(value: Decimal, unit: str) -> tuple[Decimal | None, str | None]:
    """515.47 亿元 → (51547000000, 元); a magnitude before a listed unit composes (3 万辆)."""
    units = load_units()
    if unit in units:
        factor, base = units[unit]
        return plain(value * factor), base
    mag, rest = unit_magnitude(unit)
    if mag and rest in units:
        factor, base = units[rest]
        return plain(value * factor * UNIT_MAGNITUDES[mag]), base
    return None, None


def plain(value: Decimal) -> Decimal:
    """Without a meaningless exponent: 1.2E+4 → 12000, 2.50 stays 2.50 → 2.5."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()

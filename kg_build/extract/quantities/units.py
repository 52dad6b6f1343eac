"""Unit factors (ontology/units.ttl) and values in their base unit."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from kg_build.errors import KgError
from kg_build.extract.numbers import UNIT_MAGNITUDES, unit_magnitude
from kg_build.paths import ontology_dir


@lru_cache(maxsize=4)
def load_units(path: Path | None = None) -> dict[str, tuple[Decimal, str]]:
    """Unit label → (factor to its base unit, base unit label), from ontology/units.ttl."""
    from rdflib import Graph, Literal
    from rdflib.namespace import RDF, SKOS

    from kg_build.rdf.namespaces import KP as kp

    path = path or ontology_dir() / "units.ttl"
    g = Graph()
    try:
        g.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises many kinds
        raise KgError(f"cannot read unit reference data {path}: {exc}; restore the file") from exc

    def zh(node: Any) -> str | None:
        for label in g.objects(node, SKOS.prefLabel):
            if isinstance(label, Literal) and label.language == "zh":
                return str(label)
        return None

    table: dict[str, tuple[Decimal, str]] = {}
    for unit in sorted(g.subjects(RDF.type, kp.Unit)):
        label, base = zh(unit), g.value(unit, kp.baseUnit)
        factor = g.value(unit, kp.conversionFactor)
        if label and base is not None and factor is not None:
            table[label] = (Decimal(str(factor)), zh(base) or label)
    return table


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

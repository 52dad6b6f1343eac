"""What reading one statement of a report needs besides the statement: rules, reference
data and the report's region (with the level words its province and prefecture add)."""

from __future__ import annotations

from dataclasses import dataclass

from kg_build.extract.entity_rules import Rules, load_rules
from kg_build.extract.levels import LevelWords, level_words
from kg_build.model import Region
from kg_build.reference import Reference


@dataclass(frozen=True)
class Reading:
    ref: Reference
    rules: Rules
    region: Region
    levels: LevelWords


def reading(ref: Reference, region: Region) -> Reading:
    rules = load_rules()
    province, prefecture = region.province, region.prefecture
    levels = level_words(
        rules,
        tuple(sorted({province.label, *province.alt})) if province else (),
        tuple(sorted({prefecture.label, *prefecture.alt})) if prefecture else (),
    )
    return Reading(ref, rules, region, levels)

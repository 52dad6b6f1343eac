"""The read stage's rules, `data/outline.yaml` and `data/meta.yaml`, with their slots filled.

A pattern may hold `{year}`, the shape of a year (the `year` rule of outline.yaml), and
`{name}` for any other `pattern` rule of its own file, so each shape is written once.
"""

from __future__ import annotations

import re
from functools import cache

from kg_build.lexicon import Lexicon, load

_SLOT = re.compile(r"\{([a-z_]+)\}")


@cache
def outline() -> Lexicon:
    return load("outline")


@cache
def meta() -> Lexicon:
    return load("meta")


def pattern(rules: Lexicon, key: str, **given: str) -> re.Pattern[str]:
    """A rule's pattern with its slots filled: `{year}`, other rules, the `given` ones."""
    return _pattern(rules.name, key, tuple(sorted(given.items())))


def patterns(rules: Lexicon, key: str) -> tuple[re.Pattern[str], ...]:
    """A rule's patterns with their slots filled (see `pattern`)."""
    return _patterns(rules.name, key)


def earliest(text: str, found: tuple[re.Pattern[str], ...]) -> re.Match[str] | None:
    """The match that starts first among those of `found` (the first pattern on a tie)."""
    best: re.Match[str] | None = None
    for p in found:
        m = p.search(text)
        if m and (best is None or m.start() < best.start()):
            best = m
    return best


@cache
def _pattern(name: str, key: str, given: tuple[tuple[str, str], ...]) -> re.Pattern[str]:
    rules = load(name)
    return rules.pattern(key, **_slots(rules, rules.entries[key].value, dict(given)))


@cache
def _patterns(name: str, key: str) -> tuple[re.Pattern[str], ...]:
    rules = load(name)
    return rules.patterns(key, **_slots(rules, " ".join(rules.entries[key].value), {}))


def _slots(rules: Lexicon, source: str, given: dict[str, str]) -> dict[str, str]:
    slots: dict[str, str] = {}
    for slot in set(_SLOT.findall(source)) - set(given):
        if slot == "year":
            slots[slot] = pattern(outline(), "year").pattern
        elif slot in rules.entries and rules.entries[slot].kind == "pattern":
            slots[slot] = pattern(rules, slot).pattern
    return slots | given

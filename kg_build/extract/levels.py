"""Levels of titles (national, provincial, prefectural, county) from their level words."""

from __future__ import annotations

from dataclasses import dataclass

from kg_build.extract.entity_rules import Rules, load_rules


@dataclass(frozen=True)
class LevelWords:
    """Level words for one report: the generic ones plus its province's and prefecture's names."""

    words: tuple[tuple[str, tuple[str, ...]], ...]


def level_words(rules: Rules, province: tuple[str, ...], prefecture: tuple[str, ...]) -> LevelWords:
    words = dict(rules.levels)
    words["ProvincialLevel"] = (*words.get("ProvincialLevel", ()), *province)
    words["PrefecturalLevel"] = (*words.get("PrefecturalLevel", ()), *prefecture)
    ordered = tuple(
        (k, tuple(sorted(set(v), key=lambda w: (-len(w), w)))) for k, v in words.items()
    )
    return LevelWords(ordered)


def level_of(title: str, levels: LevelWords) -> str | None:
    """国家级 / 省级 anywhere, else the level whose word opens the title."""
    mark = load_rules().level_mark
    for level, words in levels.words:
        if any(w.endswith(mark) and w in title for w in words):
            return level
    best: tuple[int, str] | None = None
    for level, words in levels.words:
        for w in words:
            if title.startswith(w) and (best is None or len(w) > best[0]):
                best = (len(w), level)
    return best[1] if best else None

"""Designations (示范县, 试点, 名单 …): titles after an award verb, or with a level word."""

from __future__ import annotations

from dataclasses import dataclass

from kg_build.extract.entity_rules import Rules
from kg_build.extract.named import Hit
from kg_build.extract.textspan import clause_bounds, clean_name, pick_left, strip_quotes


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
    for level, words in levels.words:
        if any(w.endswith("级") and w in title for w in words):
            return level
    best: tuple[int, str] | None = None
    for level, words in levels.words:
        for w in words:
            if title.startswith(w) and (best is None or len(w) > best[0]):
                best = (len(w), level)
    return best[1] if best else None


def _valid_title(title: str, rules: Rules, quoted: bool, levels: LevelWords | None = None) -> bool:
    """A title: a designation suffix (示范县, 试点), quotes, or, after an award verb, a level
    word opening it and a kind of awardee closing it (省级卫生镇, 国家5A级旅游景区)."""
    if len(title) < 4 or any(w in title for w in rules.designation_not):
        return False
    if rules.designation_not_pattern.search(title):
        return False  # 500强, 第404位: a ranking, not a title
    if quoted or any(title.endswith(s) for s in rules.designation_suffixes):
        return True
    return (
        levels is not None
        and any(title.endswith(h) for h in rules.designation_heads)
        and level_of(title, levels) is not None
    )


def _strip_prefixes(title: str, rules: Rules) -> tuple[str, int]:
    cut = 0
    changed = True
    while changed:
        changed = False
        for p in rules.designation_strip_prefixes:
            if title[cut:].startswith(p):
                cut += len(p)
                changed = True
    return title[cut:], cut


def find_designations(text: str, rules: Rules, levels: LevelWords) -> list[Hit]:
    """Titles after an award verb (awarded=1 in extra) and level-led titles (e.g. targets)."""
    hits: list[Hit] = []
    verbs: list[tuple[int, str]] = []
    i = 0
    while i < len(text):
        verb = next((v for v in rules.award_verbs if text.startswith(v, i)), None)
        if verb:
            verbs.append((i, verb))
            i += len(verb)
        else:
            i += 1
    for n, (pos, verb) in enumerate(verbs):
        start = pos + len(verb)
        _, clause_end = clause_bounds(text, start)
        stop = min([clause_end] + [p for p, _ in verbs[n + 1 :] if p > start])
        segment = text[start:stop]
        for cut in ("的", "第"):
            k = segment.find(cut)
            if k >= 0:
                segment = segment[:k]
        offset = start
        for part in segment.split("、"):
            raw, lead = _strip_prefixes(part, rules)
            title = clean_name(raw, rules)
            quoted = strip_quotes(raw, rules) != raw
            if _valid_title(title, rules, quoted, levels):
                s = offset + lead
                hits.append(
                    Hit("designation", title, s, s + len(raw),
                        extra={"verb": verb, "verb_at": str(pos), "awarded": "1"})
                )  # fmt: skip
            offset += len(part) + 1
    taken = [(h.start, h.end) for h in hits]
    for suffix in rules.designation_suffixes:
        i = text.find(suffix)
        while i >= 0:
            end = i + len(suffix)
            if not any(s <= i < e for s, e in taken) and not rules.count_pattern.match(text, end):

                def valid(name: str) -> bool:
                    title, _ = _strip_prefixes(name, rules)
                    return _valid_title(title, rules, False) and level_of(title, levels) is not None

                left = pick_left(text, i, end, rules, valid)
                if left is not None:
                    raw, lead = _strip_prefixes(text[left:end], rules)
                    hits.append(Hit("designation", clean_name(raw, rules), left + lead, end))
                    taken.append((left, end))
            i = text.find(suffix, i + 1)
    return sorted(hits, key=lambda h: h.start)

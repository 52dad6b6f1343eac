"""The quantities rules (kg_build/data/quantities.yaml) in the shapes the reader uses.

A thin view over `kg_build.lexicon.load("quantities")`, the one loader: each property reads
its rules on first use (so the lexicon still knows which rules are read) and keeps what it
derives (word sets, longest-first lists, compiled patterns with their slots filled).
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import Any

from kg_build.extract.numbers import (
    ARABIC_RE,
    CHINESE_NUMERAL_CHARS,
    RATIO_RE,
    SMALL_NUMERAL_CHARS,
    UNIT_MAGNITUDES,
)
from kg_build.lexicon import Lexicon, load

RULES = "quantities"


def _alt(words: Any) -> str:
    """A regex alternation of words, longest first."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


class Vocab:
    """What quantities.yaml says, read once per process (see `vocab()`)."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        self._sets: dict[str, frozenset[str]] = {}

    # -- units
    @cached_property
    def classifiers(self) -> frozenset[str]:
        return frozenset(self.lex.words("classifiers"))

    @cached_property
    def percent(self) -> frozenset[str]:
        return frozenset(self.lex.words("percent_units"))

    @cached_property
    def points(self) -> frozenset[str]:
        return frozenset(self.lex.words("point_units"))

    @cached_property
    def rank_units(self) -> frozenset[str]:
        return frozenset(self.lex.words("rank_units"))

    @cached_property
    def rank_marker(self) -> str:
        return str(self.lex.value("rank_marker"))

    @cached_property
    def units(self) -> tuple[str, ...]:
        """Every unit a number may carry, longest first."""
        lex = self.lex
        names = dict.fromkeys(
            [
                *lex.words("classifiers"),
                *lex.words("measures"),
                *lex.words("percent_units"),
                *lex.words("point_units"),
                *lex.words("rank_units"),
            ]
        )
        return tuple(sorted(names, key=len, reverse=True))

    @cached_property
    def quantity_re(self) -> re.Pattern[str]:
        """A number (Arabic or Chinese), a magnitude, a 余 and a known unit."""
        return re.compile(
            rf"(?P<num>{ARABIC_RE.pattern}|[{CHINESE_NUMERAL_CHARS}]+)"
            rf"(?P<mag>{_alt(UNIT_MAGNITUDES)})?(?P<yu>{_alt(self.within)})?"
            rf"(?P<unit>{_alt(self.units)})"
        )

    # -- qualifiers
    @cached_property
    def before(self) -> dict[str, str | None]:
        return self.lex.map("qualifiers_before")

    @cached_property
    def before_longest(self) -> tuple[str, ...]:
        return self.lex.longest_first("qualifiers_before")

    @cached_property
    def share_verb(self) -> str:
        return str(self.lex.value("share_verb"))

    @cached_property
    def within(self) -> dict[str, str]:
        return self.lex.map("qualifiers_within")

    @cached_property
    def after_longest(self) -> tuple[str, ...]:
        return self.lex.longest_first("qualifiers_after")

    @cached_property
    def after(self) -> dict[str, str]:
        return self.lex.map("qualifiers_after")

    # -- word lists (as written, or longest first where the first match wins)
    def words(self, key: str) -> tuple[str, ...]:
        return self._words(key, False)

    def longest(self, key: str) -> tuple[str, ...]:
        return self._words(key, True)

    def wordset(self, key: str) -> frozenset[str]:
        if key not in self._sets:
            self._sets[key] = frozenset(self._words(key, False))
        return self._sets[key]

    def _words(self, key: str, longest: bool) -> tuple[str, ...]:
        return self.lex.longest_first(key) if longest else self.lex.words(key)

    def map(self, key: str) -> dict[str, Any]:
        return self.lex.map(key)

    @cached_property
    def place_kinds(self) -> dict[str, str]:
        """Name endings → kind (park, project, town …): `place_suffixes`, and every park
        ending of the entity rules (entities.yaml `park_suffixes`: 物流园, 试验区, 新城 …), so
        that a park the entity reader finds can be the subject of its figures."""
        kinds = {str(k): str(v) for k, v in self.map("place_suffixes").items()}
        for word in load("entities").words("park_suffixes"):
            kinds.setdefault(word, "park")
        return kinds

    @cached_property
    def place_endings(self) -> tuple[str, ...]:
        """The keys of `place_kinds`, longest first."""
        return tuple(sorted(self.place_kinds, key=lambda w: (-len(w), w)))

    @cached_property
    def works(self) -> tuple[tuple[str, ...], frozenset[str]]:
        """(the last words of named works, longest first; names that are only a category):
        the entity rules' project suffixes (entities.yaml) but those `place_suffixes` gives
        a kind, and their generic names, so that a subject is a project exactly when the
        entity reader finds one."""
        entities = load("entities")
        own = set(self.place_kinds)
        words = [w for w in entities.longest_first("project_suffixes") if w not in own]
        return tuple(words), frozenset(entities.words("generic_names"))

    @cached_property
    def name_head(self) -> re.Pattern[str]:
        """A name as it opens a clause: Han characters, with short bracketed places and quoted
        parts (某某(某地)产业园, 某地“某某”产业园) and a partner joined by a dash
        (中国—东盟某某基地: entities.yaml `dash_joined_words`)."""
        joined = "|".join(map(re.escape, load("entities").words("dash_joined_words")))
        body = (
            r"[\u4e00-\u9fff]+(?:(?:\([\u4e00-\u9fff]{1,6}\)|“[\u4e00-\u9fff]{1,8}”)"
            r"[\u4e00-\u9fff]+)*"
        )
        return re.compile(rf"(?:(?:{joined})\u2014)?" + body)

    @cached_property
    def category_openers(self) -> tuple[str, ...]:
        """Words of scope (全国, 省级) opening the name of a class of zones (entities.yaml)."""
        return load("entities").words("category_openers")

    def value(self, key: str) -> Any:
        return self.lex.value(key)

    @cached_property
    def trailing(self) -> tuple[str, ...]:
        """Words stripped off the end of the phrase before a number, in the order tried."""
        return (
            self.before_longest
            + self.longest("growth_verbs")
            + self.longest("decline_verbs")
            + self.longest("trailing_words")
            + self.longest("yoy_markers")
            + self.longest("reach_words")
            + (self.rank_marker,)
        )

    # -- characters
    @cached_property
    def edge(self) -> str:
        """Punctuation and bullets stripped off both ends of a phrase."""
        return self.lex.chars("edge_chars")

    @cached_property
    def brackets(self) -> dict[str, str]:
        return self.lex.map("brackets")

    @cached_property
    def quotes(self) -> dict[str, str]:
        return self.lex.map("quotes")

    @cached_property
    def list_mark(self) -> str:
        return str(self.lex.value("list_mark"))

    @cached_property
    def list_closer(self) -> str:
        return str(self.lex.value("list_closer"))

    @cached_property
    def word_char(self) -> re.Pattern[str]:
        return self.lex.pattern("word_char")

    # -- patterns
    @cached_property
    def non_quantities(self) -> tuple[re.Pattern[str], ...]:
        return self.lex.patterns(
            "non_quantities", small=SMALL_NUMERAL_CHARS, rank=_alt(self.rank_units)
        )

    @cached_property
    def measure_followers(self) -> re.Pattern[str]:
        return self.lex.pattern(
            "measure_followers",
            after=_alt(self.after),
            connectors=_alt(self.words("connectors")),
            verbs=_alt(self.words("growth_verbs") + self.words("decline_verbs")),
            reach=_alt(self.words("reach_words")),
            yoy=_alt(self.words("yoy_markers")),
        )

    @cached_property
    def time_phrase(self) -> re.Pattern[str]:
        return self.lex.pattern("time_phrase")

    @cached_property
    def duration_phrase(self) -> re.Pattern[str]:
        return self.lex.pattern("duration_phrase", small=SMALL_NUMERAL_CHARS)

    @cached_property
    def cut_markers(self) -> tuple[re.Pattern[str], ...]:
        return self.lex.patterns("cut_markers", small=SMALL_NUMERAL_CHARS)

    @cached_property
    def key_figure_rank_scope(self) -> re.Pattern[str]:
        return self.lex.pattern("key_figure_rank_scope")

    @cached_property
    def subject_summary(self) -> re.Pattern[str]:
        return self.lex.pattern("subject_summary", small=SMALL_NUMERAL_CHARS)

    @cached_property
    def ratio_change(self) -> re.Pattern[str]:
        return self.lex.pattern(
            "ratio_change",
            ratio=RATIO_RE.pattern,
            start=_alt(self.words("change_from")),
            to=_alt(self.words("reach_words")),
        )

    @cached_property
    def carry(self) -> re.Pattern[str]:
        """The bracketed 下同 that carries a basis to later statements."""
        opening, closing = "".join(self.brackets), "".join(self.brackets.values())
        marker = re.escape(str(self.lex.value("carry_marker")))
        return re.compile(rf"[{re.escape(opening)}]\s*{marker}\s*[{re.escape(closing)}]")

    @cached_property
    def carry_marker(self) -> str:
        return str(self.lex.value("carry_marker"))


_current: tuple[Lexicon, Vocab] | None = None


def vocab() -> Vocab:
    """The view of the rules `load("quantities")` gives now (built once per lexicon)."""
    global _current
    lex = load(RULES)
    if _current is None or _current[0] is not lex:
        _current = (lex, Vocab(lex))
    return _current[1]

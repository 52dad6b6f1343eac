"""A typed view of the entity rules (kg_build/data/entities.yaml, read by kg_build.lexicon).

Each rule is read when the code first asks for it (so the lexicon knows which are read) and
kept in the shape the code uses: word lists longest first, maps as tuples, sets as sets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any

from kg_build.lexicon import Lexicon, load


def _longest_first(words: Any) -> tuple[str, ...]:
    """Distinct words, longest first, then in code-point order (deterministic)."""
    return tuple(sorted(set(words), key=lambda w: (-len(w), w)))


@dataclass(frozen=True)
class StatusFrame:
    """Verbs before a project (or at the end of its clause) that give its status."""

    status: str
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    review_status: str | None = None  # the status in a review part, if another


@dataclass(frozen=True)
class ListHead:
    head: str
    kind: str
    name: str | None = None  # template for item names, e.g. "{item}专业园区"


def _words(key: str) -> cached_property[tuple[str, ...]]:
    return cached_property(lambda self: _longest_first(self._lex.words(key)))


def _as_written(key: str) -> cached_property[tuple[str, ...]]:
    return cached_property(lambda self: self._lex.words(key))


def _set(key: str) -> cached_property[frozenset[str]]:
    return cached_property(lambda self: frozenset(self._lex.words(key)))


def _chars(key: str) -> cached_property[str]:
    return cached_property(lambda self: self._lex.chars(key))


def _pattern(key: str) -> cached_property[re.Pattern[str]]:
    return cached_property(lambda self: self._lex.pattern(key))


def _map_of_words(key: str) -> cached_property[dict[str, tuple[str, ...]]]:
    return cached_property(lambda self: {str(k): tuple(v) for k, v in self._lex.map(key).items()})


class Rules:
    """The entity rules; each attribute reads one rule of entities.yaml when first used."""

    def __init__(self, lex: Lexicon) -> None:
        self._lex = lex

    # -- text and names ------------------------------------------------------------------
    quotes = _chars("quotes")
    inner_quotes = _chars("inner_quotes")
    clause_stops = _chars("clause_stops")
    name_extra_stops = _chars("name_stops")
    item_comma = _chars("item_comma")

    @cached_property
    def name_stops(self) -> str:
        """What ends a name: a clause stop, or one of the rule's brackets and spaces."""
        return self.clause_stops + self.name_extra_stops

    @cached_property
    def name_folding(self) -> dict[int, str]:
        return str.maketrans(self._lex.map("name_folding"))

    left_boundaries = _words("left_boundaries")
    name_verbs = _words("name_verbs")
    unbroken = _words("unbroken_words")
    dash_joined = _words("dash_joined_words")
    list_etc = _words("list_etc")
    opening_brackets = _chars("opening_brackets")
    closing_brackets = _chars("closing_brackets")
    not_in_names = _chars("not_in_names")
    count_pattern = _pattern("count_pattern")
    slogan_pattern = _pattern("slogan_pattern")

    # -- parks, projects, clusters, chains -----------------------------------------------
    park_strong = _words("park_suffixes")
    park_weak = _words("park_weak_suffixes")
    park_hosting = _words("park_hosting_suffixes")
    project_suffixes = _words("project_suffixes")
    cluster_suffixes = _words("cluster_suffixes")
    chain_suffixes = _words("chain_suffixes")

    @cached_property
    def minted_suffixes(self) -> dict[str, str]:
        return {str(k): str(v) for k, v in self._lex.map("minted_suffixes").items()}

    @cached_property
    def industry_word(self) -> str:
        return str(self._lex.value("industry_word"))

    suffix_continuations = _map_of_words("suffix_continuations")
    bracket_qualifier = _pattern("bracket_qualifier")
    park_sub_tail = _pattern("park_sub_tail")
    phase_pattern = _pattern("phase")
    section_tail = _pattern("section_tail")
    generic_names = _set("generic_names")
    generic_contains = _as_written("generic_contains")
    category_openers = _words("category_openers")
    aim_openers = _words("aim_openers")
    category_zones = _words("category_zones")
    policy_zones = _words("policy_zones")
    policy_themes = _as_written("policy_themes")
    name_strip_prefixes = _words("name_strip_prefixes")
    name_strip_leading = _words("name_strip_leading")
    size_opener = _pattern("size_opener")

    @cached_property
    def park_suffixes(self) -> tuple[str, ...]:
        return _longest_first([*self.park_strong, *self.park_weak])

    # -- works named by their verb -------------------------------------------------------
    works_verbs = _words("works_verbs")
    works_building = _pattern("works_building")
    facility_nouns = _words("facility_nouns")
    facility_status_after = _words("facility_status_after")
    facility_build_verbs = _words("facility_build_verbs")

    # -- industries ----------------------------------------------------------------------
    industry_stop_after = _map_of_words("industry_stop_after")
    industry_stop_after_any = _words("industry_stop_after_any")
    industry_numbered_works = _pattern("industry_numbered_works")
    industry_item_stops = _as_written("industry_item_stops")
    sector_industries = _set("sector_industries")
    industry_count_opener = _pattern("industry_count_opener")

    @cached_property
    def industry_count_inside(self) -> re.Pattern[str]:
        """The count of `industry_count_opener` anywhere (新材料两大主导产业)."""
        return re.compile(self.industry_count_opener.pattern.removesuffix("$"))

    kind_counted_after = _words("kind_counted_after")
    measured_industry_after = _words("measured_industry_after")
    industry_class_words = _words("industry_class_words")
    joined_tails = _set("joined_tails")
    ethnic_infixes = _words("ethnic_infixes")
    ethnic_place_suffixes = _words("ethnic_place_suffixes")
    place_parks = _set("place_parks")
    place_works = _set("place_works")
    place_park_owners = _words("place_park_owners")
    host_item_openers = _words("host_item_openers")
    purpose_verbs = _words("purpose_verbs")
    purpose_after = _as_written("purpose_after")
    host_frames = _map_of_words("host_frames")
    host_frames_alone = _set("host_frames_alone")
    host_clause_opener = _pattern("host_clause_opener")
    host_item_trailers = _words("host_item_trailers")
    industry_park_heads = _words("industry_park_heads")
    industry_park_bare_heads = _words("industry_park_bare_heads")
    industry_park_scopes = _words("industry_park_scopes")

    @cached_property
    def host_item_not_ends(self) -> tuple[str, ...]:
        return _longest_first(self._lex.words("host_item_not_ends"))

    # -- lists ---------------------------------------------------------------------------
    list_separators = _words("list_separators")
    list_head_continuations = _map_of_words("list_head_continuations")
    park_item_ends = _as_written("park_item_ends")
    list_item_verbs = _words("list_item_verbs")
    project_list_qualifiers = _words("project_list_qualifiers")
    list_count = _pattern("list_count")
    bare_list = _pattern("bare_list")

    @cached_property
    def list_heads(self) -> tuple[ListHead, ...]:
        heads = (ListHead(h, str(v["kind"]), v.get("name"))
                 for h, v in self._lex.map("list_heads").items())  # fmt: skip
        return tuple(sorted(heads, key=lambda h: (-len(h.head), h.head)))

    @cache  # noqa: B019 - one Rules per process
    def list_tail(self, qualified: bool) -> re.Pattern[str]:
        """Items, then 等 and/or a count, then (industry heads only) a qualifier."""
        qualifier = self._lex.pattern("list_qualifier").pattern if qualified else ""
        return self._lex.pattern("list_tail", count=self.list_count.pattern, qualifier=qualifier)

    # -- places --------------------------------------------------------------------------
    @cached_property
    def region_suffixes(self) -> tuple[tuple[str, str], ...]:
        return tuple((str(k), str(v)) for k, v in self._lex.map("region_suffixes").items())

    place_stop_stems = _set("place_stop_stems")
    place_suffix_continuations = _map_of_words("place_suffix_continuations")
    place_stop_stem_starts = _words("place_stop_stem_starts")
    place_left_context = _words("place_left_context")
    short_form_after = _chars("short_form_after")
    place_joiners = _chars("place_joiners")
    count_chars = _chars("count_chars")
    place_stem_chars_not = _chars("place_stem_chars_not")
    site_markers = _chars("site_markers")
    landmark_suffixes = _words("landmark_suffixes")
    landmark_names = _words("landmark_names")
    place_stop_names = _words("place_stop_names")
    area_names = _words("area_names")
    partner_aliases = _map_of_words("partner_aliases")

    @cached_property
    def place_suffixes(self) -> tuple[tuple[str, str], ...]:
        found = ((str(k), str(v)) for k, v in self._lex.map("place_suffixes").items())
        return tuple(sorted(found, key=lambda p: -len(p[0])))

    # -- cooperation ---------------------------------------------------------------------
    cooperation_verbs = _words("cooperation_verbs")
    cooperation_openers = _words("cooperation_openers")
    co_build_verbs = _as_written("co_build_verbs")
    partner_stem_stops = _as_written("partner_stem_stops")
    covers_generic = _set("covers_generic")
    covers_openers = _as_written("covers_openers")

    @cached_property
    def partner_item(self) -> re.Pattern[str]:
        stops = "|".join(re.escape(w) for w in (*self.list_separators, *self.cooperation_verbs))
        return self._lex.pattern("partner_item", stops=stops)

    # -- project status ------------------------------------------------------------------
    @cached_property
    def status_frames(self) -> tuple[StatusFrame, ...]:
        return tuple(_frame(f) for f in self._lex.map("status_frames").values())

    @cached_property
    def works_status(self) -> StatusFrame:
        return _frame(self._lex.map("works_status"))

    # -- designations --------------------------------------------------------------------
    award_verbs = _words("award_verbs")
    award_fillers = _pattern("award_fillers")
    designation_suffixes = _words("designation_suffixes")
    designation_heads = _words("designation_heads")
    designation_not = _as_written("designation_not")
    designation_not_pattern = _pattern("designation_not_pattern")
    designation_strip_prefixes = _words("designation_strip_prefixes")
    title_cuts = _as_written("title_cuts")
    level_mark = _chars("level_mark")

    @cached_property
    def levels(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        return tuple((str(k), _longest_first(v)) for k, v in self._lex.map("levels").items())


def _frame(raw: dict[str, Any]) -> StatusFrame:
    return StatusFrame(
        status=str(raw["status"]),
        before=_longest_first(raw.get("before", ())),
        after=_longest_first(raw.get("after", ())),
        review_status=raw.get("review_status"),
    )


@cache
def load_rules() -> Rules:
    """The entity rules, read once per process."""
    return Rules(load("entities"))

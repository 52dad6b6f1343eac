"""The word lists of kg_build/data/entities.yaml as a typed, cached record."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from kg_build.errors import KgError
from kg_build.paths import data_dir

RULES_FILE = "entities.yaml"


def _longest_first(words: list[str]) -> tuple[str, ...]:
    return tuple(sorted(set(words), key=lambda w: (-len(w), w)))


@dataclass(frozen=True)
class StatusFrame:
    status: str
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    review_status: str | None = None


@dataclass(frozen=True)
class ListHead:
    head: str
    kind: str
    name: str | None = None  # template for item names, e.g. "{item}专业园区"


@dataclass(frozen=True)
class Rules:
    quotes: str
    left_boundaries: tuple[str, ...]
    park_strong: tuple[str, ...]
    park_weak: tuple[str, ...]
    project_suffixes: tuple[str, ...]
    suffix_continuations: dict[str, tuple[str, ...]]
    bracket_qualifier: re.Pattern[str]
    section_tail: re.Pattern[str]
    park_sub_tail: re.Pattern[str]
    bare_phase: re.Pattern[str]
    works_status: StatusFrame
    facility_build_verbs: tuple[str, ...]
    covers_generic: frozenset[str]
    works_verbs: tuple[str, ...]
    facility_nouns: tuple[str, ...]
    facility_status_after: tuple[str, ...]
    generic_names: frozenset[str]
    name_strip_prefixes: tuple[str, ...]
    name_strip_leading: tuple[str, ...]
    generic_contains: tuple[str, ...]
    count_pattern: re.Pattern[str]
    cluster_suffixes: tuple[str, ...]
    chain_suffixes: tuple[str, ...]
    industry_stop_after: dict[str, tuple[str, ...]]
    industry_stop_before: dict[str, tuple[str, ...]]
    list_separators: tuple[str, ...]
    list_heads: tuple[ListHead, ...]
    list_count: str
    park_item_ends: tuple[str, ...]
    list_qualifier_max: int
    list_item_verbs: tuple[str, ...]
    place_suffixes: tuple[tuple[str, str], ...]
    place_stop_stems: frozenset[str]
    place_suffix_continuations: dict[str, tuple[str, ...]]
    place_stop_stem_starts: tuple[str, ...]
    place_left_context: tuple[str, ...]
    landmark_suffixes: tuple[str, ...]
    landmark_names: tuple[str, ...]
    partner_aliases: dict[str, tuple[str, ...]]
    place_stop_names: tuple[str, ...]
    cooperation_verbs: tuple[str, ...]
    cooperation_openers: tuple[str, ...]
    partner_stem_stops: tuple[str, ...]
    status_frames: tuple[StatusFrame, ...]
    phase_pattern: re.Pattern[str]
    award_verbs: tuple[str, ...]
    designation_suffixes: tuple[str, ...]
    designation_not: tuple[str, ...]
    designation_heads: tuple[str, ...]
    designation_not_pattern: re.Pattern[str]
    designation_strip_prefixes: tuple[str, ...]
    award_fillers: re.Pattern[str]
    levels: tuple[tuple[str, tuple[str, ...]], ...]
    purpose_verbs: tuple[str, ...]

    @property
    def park_suffixes(self) -> tuple[str, ...]:
        return _longest_first([*self.park_strong, *self.park_weak])


def rules_from_dict(d: dict[str, Any]) -> Rules:
    lf = _longest_first
    return Rules(
        quotes=d["quotes"],
        left_boundaries=lf(d["left_boundaries"]),
        park_strong=lf(d["park_suffixes"]["strong"]),
        park_weak=lf(d["park_suffixes"]["weak"]),
        project_suffixes=lf(d["project_suffixes"]),
        suffix_continuations={k: tuple(v) for k, v in d["suffix_continuations"].items()},
        bracket_qualifier=re.compile(d["bracket_qualifier"]),
        section_tail=re.compile(d["section_tail"]),
        park_sub_tail=re.compile(d["park_sub_tail"]),
        bare_phase=re.compile(d["bare_phase"]),
        works_status=StatusFrame(
            status=d["works_status"]["status"], before=lf(d["works_status"]["before"])
        ),
        facility_build_verbs=lf(d["facility_build_verbs"]),
        covers_generic=frozenset(d["covers_generic"]),
        works_verbs=lf(d["works_verbs"]),
        facility_nouns=lf(d["facility_nouns"]),
        facility_status_after=lf(d["facility_status_after"]),
        generic_names=frozenset(d["generic_names"]),
        name_strip_prefixes=lf(d["name_strip_prefixes"]),
        name_strip_leading=lf(d["name_strip_leading"]),
        generic_contains=tuple(d["generic_contains"]),
        count_pattern=re.compile(d["count_pattern"]),
        cluster_suffixes=lf(d["cluster_suffixes"]),
        chain_suffixes=lf(d["chain_suffixes"]),
        industry_stop_after={k: tuple(v) for k, v in d["industry_stop_after"].items()},
        industry_stop_before={k: tuple(v) for k, v in d["industry_stop_before"].items()},
        list_separators=lf(d["list_separators"]),
        list_heads=tuple(
            sorted(
                (ListHead(h["head"], h["kind"], h.get("name")) for h in d["list_heads"]),
                key=lambda h: (-len(h.head), h.head),
            )
        ),
        list_count=d["list_count"],
        park_item_ends=tuple(d["park_item_ends"]),
        list_qualifier_max=int(d["list_qualifier_max"]),
        list_item_verbs=lf(d["list_item_verbs"]),
        place_suffixes=tuple(
            sorted(
                ((p["suffix"], p["kind"]) for p in d["place_suffixes"]), key=lambda p: -len(p[0])
            )
        ),
        place_stop_stems=frozenset(d["place_stop_stems"]),
        place_suffix_continuations={
            k: tuple(v) for k, v in d["place_suffix_continuations"].items()
        },
        place_stop_stem_starts=lf(d["place_stop_stem_starts"]),
        place_left_context=lf(d["place_left_context"]),
        landmark_suffixes=lf(d["landmark_suffixes"]),
        landmark_names=lf(d["landmark_names"]),
        partner_aliases={k: tuple(v) for k, v in d["partner_aliases"].items()},
        place_stop_names=lf(d["place_stop_names"]),
        cooperation_verbs=lf(d["cooperation_verbs"]),
        cooperation_openers=lf(d["cooperation_openers"]),
        partner_stem_stops=tuple(d["partner_stem_stops"]),
        status_frames=tuple(
            StatusFrame(
                status=f["status"],
                before=lf(f.get("before", [])),
                after=lf(f.get("after", [])),
                review_status=f.get("review_status"),
            )
            for f in d["status_frames"]
        ),
        phase_pattern=re.compile(d["phase_pattern"]),
        award_verbs=lf(d["award_verbs"]),
        designation_suffixes=lf(d["designation_suffixes"]),
        designation_not=tuple(d["designation_not"]),
        designation_heads=lf(d["designation_heads"]),
        designation_not_pattern=re.compile(d["designation_not_pattern"]),
        designation_strip_prefixes=lf(d["designation_strip_prefixes"]),
        award_fillers=re.compile("(?:" + "|".join(d["award_fillers"]) + ")+$"),
        levels=tuple((k, lf(v)) for k, v in d["levels"].items()),
        purpose_verbs=lf(d["purpose_verbs"]),
    )


@lru_cache(maxsize=4)
def load_rules(path: Path | None = None) -> Rules:
    """The entity rules, read once per process."""
    path = path or data_dir() / RULES_FILE
    try:
        return rules_from_dict(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise KgError(f"cannot read entity rules {path}: {exc}; restore the file") from exc

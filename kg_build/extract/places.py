"""Places in a statement: gazetteer names, towns and villages the gazetteer lacks, landmarks."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from kg_build.extract.entity_rules import Rules
from kg_build.extract.region import choose_place
from kg_build.extract.textspan import is_cjk, left_edges, overlaps
from kg_build.model import Region
from kg_build.reference import LOCAL_KINDS, Place, Reference


@dataclass(frozen=True)
class PlaceHit:
    start: int
    end: int
    surface: str
    place: Place | None  # None: a place the gazetteer lacks, minted under the region
    kind: str
    name: str  # canonical name (gazetteer label, or the surface)
    full: bool  # named fully (label or compound), not by a short form
    within: Place | None = None  # a landmark's town, when its name opens with one


def _stop_spans(text: str, rules: Rules) -> list[tuple[int, int]]:
    spans = []
    for word in rules.place_stop_names:
        i = text.find(word)
        while i >= 0:
            spans.append((i, i + len(word)))
            i = text.find(word, i + 1)
    return spans


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def short_form_ok(text: str, start: int, end: int, rules: Rules) -> bool:
    """A short place name counts where a place is expected: a separator or 的 after it,
    or a list or partner word before it."""
    after = text[end : end + 1]
    if not after or not is_cjk(after) or after in rules.short_form_after:
        return True
    before = text[max(0, start - 2) : start]
    return any(before.endswith(w) for w in rules.place_left_context)


@lru_cache(maxsize=8)
def longest_name(ref: Reference) -> int:
    """The length of the longest gazetteer name (computed once per reference)."""
    return max((len(n) for n in ref.place_names), default=0)


def find_places(text: str, ref: Reference, region: Region, rules: Rules) -> list[PlaceHit]:
    """Gazetteer names in `text`, longest first, left to right; short forms only in context."""
    hits: list[PlaceHit] = []
    stops = _stop_spans(text, rules)
    own = set(region.short) if region.place is None else set()
    max_len = min(16, max([longest_name(ref), *(len(n) for n in own)]))
    i = 0
    while i < len(text):
        found = None
        for n in range(min(max_len, len(text) - i), 1, -1):
            name = text[i : i + n]
            if (name in ref.place_names or name in own) and not _inside(stops, i, i + n):
                found = name
                break
        if found is None:
            i += 1
            continue
        end = i + len(found)
        if found in own:  # the report's own region, unknown to the gazetteer
            full = found == region.name
            if full or short_form_ok(text, i, end, rules):
                hits.append(PlaceHit(i, end, found, None, region.kind, region.name or found, full))
                i = end
            else:
                i += 1
            continue
        hit = _place_hit(text, i, end, found, ref, region, rules, hits)
        if hit is not None:
            hits.append(hit)
            i = end
        else:
            i += 1
    return hits


def _place_hit(
    text: str,
    start: int,
    end: int,
    name: str,
    ref: Reference,
    region: Region,
    rules: Rules,
    previous: list[PlaceHit],
) -> PlaceHit | None:
    place = choose_place(ref, region, name)
    if place is None:
        return None
    full = ref.is_full_name(name, place.iri)
    after_place = bool(previous) and previous[-1].end == start
    if not full and not after_place and not short_form_ok(text, start, end, rules):
        return None
    # A village, or a place outside the report's province, glued to the word before it is
    # part of a longer name (天津市's 滨海新区 inside 银湖湾滨海新区), not a mention.
    outside = region.province is not None and not ref.is_within(place.iri, region.province.iri)
    if (place.kind == "village" or outside) and not after_place:
        before = text[start - 1 : start]
        left = any(
            text[:start].endswith(w) for w in (*rules.left_boundaries, *rules.place_left_context)
        )
        if before and is_cjk(before) and before not in rules.place_joiners and not left:
            return None
    return PlaceHit(start, end, name, place, place.kind, place.label, full)


def find_unknown_places(
    text: str, ref: Reference, region: Region, rules: Rules, known: list[PlaceHit]
) -> list[PlaceHit]:
    """XX镇 / XX街道 / XX村 the gazetteer lacks, in a region whose towns it does not list."""
    listed = _listed_kinds(ref, region)  # the gazetteer lists these: an unknown one is none
    taken = [(h.start, h.end) for h in known]
    stops = _stop_spans(text, rules)
    hits: list[PlaceHit] = []
    for suffix, kind in rules.place_suffixes:
        if kind in listed:
            continue
        i = text.find(suffix)
        while i >= 0:
            end = i + len(suffix)
            if _continued(text, end, suffix, rules):
                i = text.find(suffix, i + 1)
                continue
            infix = next((w for w in rules.ethnic_infixes if text.endswith(w, 0, i)), "")
            at = i - len(infix) if suffix in rules.ethnic_place_suffixes else i  # 拉林|满族|镇
            for size in (2, 3, 1):
                start = at - size
                if start < 0:
                    break
                if size == 1 and not _listed_after(text, start, suffix, hits, rules):
                    continue  # 侯镇 only as an item after another such place (甲镇、侯镇)
                stem = text[start:at]
                if not all(is_cjk(c) for c in stem) or not stem_ok(stem, rules):
                    continue
                if stem[-1] in rules.count_chars:
                    continue  # 三镇, 各镇: a count, not a name
                if any(stem.endswith(s) or stem.startswith(s) for s in rules.place_stop_stems):
                    continue
                if _phrase(text[i - 1 : end], stem, kind, rules):
                    continue
                if overlaps(taken + [(h.start, h.end) for h in hits], start, end):
                    continue
                if _inside(stops, start, end):
                    continue
                if not _left_ok(text, start, rules, known + hits):
                    continue
                name = text[start:end]
                hits.append(PlaceHit(start, end, name, None, kind, name, True))
                break
            i = text.find(suffix, i + 1)
    return sorted(hits, key=lambda h: h.start)


def _listed_after(text: str, start: int, suffix: str, hits: list[PlaceHit], rules: Rules) -> bool:
    """A one-character stem names a place only as a list item right after a place of the
    same suffix (羊角镇、侯镇): the list says what it is."""
    if start < 1 or text[start - 1] not in rules.item_comma:
        return False
    return any(h.end == start - 1 and h.name.endswith(suffix) for h in hits)


def _listed_kinds(ref: Reference, region: Region) -> frozenset[str]:
    """The kinds of local place the gazetteer lists for the report's region: its towns (and
    subdistricts) when any town lies in it, its villages when any village does (a county
    whose towns are listed but not its villages still names villages the gazetteer lacks)."""
    return frozenset() if region.place is None else _listed_under(ref, region.place.iri)


@lru_cache(maxsize=64)
def _listed_under(ref: Reference, home: str) -> frozenset[str]:
    kinds = {p.kind for p in ref.places.values() if p.kind in LOCAL_KINDS
             and p.parent is not None and ref.is_within(p.parent, home)}  # fmt: skip
    if kinds & {"town", "subdistrict"}:
        kinds |= {"town", "subdistrict"}
    return frozenset(kinds)


def _phrase(tail: str, stem: str, kind: str, rules: Rules) -> bool:
    """农业农村, 振兴乡村, 提高城乡, 收入过万的村: the suffix closes a word (农村, 乡村, 城乡,
    城镇) or follows a function character, so the span is a phrase, not a place (杨村镇
    stays a town)."""
    village = tuple(s for s, k in rules.place_suffixes if k == "village")
    if tail in rules.place_stop_stems and (kind == "village" or not tail.startswith(village)):
        return True  # 城乡, 城镇, 家乡: a word (a town's stem may end in 村: 杨村镇)
    return any(c in rules.place_stem_chars_not for c in stem)


def stem_ok(stem: str, rules: Rules) -> bool:
    """A place name's stem holds no verb or function word (推进城乡, 加快湖镇) and opens
    with no scope word (全国乡村)."""
    if stem in rules.place_stop_stems or stem.startswith(rules.place_stop_stem_starts):
        return False
    return not any(w in stem for w in rules.left_boundaries if len(w) > 1)


def _continued(text: str, end: int, suffix: str, rules: Rules) -> bool:
    """乡村, 镇域, 村民: the suffix is part of a longer word. 湖镇镇: the first 镇 is the name's."""
    after = text[end:]
    if after.startswith(suffix):
        return True
    return any(after.startswith(w) for w in rules.place_suffix_continuations.get(suffix, ()))


def _left_ok(text: str, start: int, rules: Rules, hits: list[PlaceHit]) -> bool:
    if start == 0 or not is_cjk(text[start - 1]) or text[start - 1] in rules.item_comma:
        return True
    if any(h.end == start for h in hits):
        return True
    head = text[:start]
    return any(head.endswith(w) for w in (*rules.left_boundaries, *rules.place_left_context))


def find_landmarks(text: str, ref: Reference, region: Region, rules: Rules) -> list[PlaceHit]:
    """Named landmarks: 赤坎华侨古镇, 罗浮山风景名胜区. A landmark opens with a gazetteer place
    when one stands in its window (its `place` is then that town), else at the nearest word
    boundary; its stem is 2-8 characters of plain name."""
    hits: list[PlaceHit] = []
    for suffix in rules.landmark_names:
        i = text.find(suffix)
        while i >= 0:
            end = i + len(suffix)
            if not any(h.start < end and i < h.end for h in hits):
                hit = _landmark(text, i, end, ref, region, rules)
                if hit is not None:
                    hits.append(hit)
            i = text.find(suffix, i + 1)
    return sorted(hits, key=lambda h: h.start)


def _landmark(
    text: str, i: int, end: int, ref: Reference, region: Region, rules: Rules
) -> PlaceHit | None:
    edges = left_edges(text, i, rules, max_len=10)
    lo = min(edges) if edges else i
    for start in range(lo, i - 1):  # a gazetteer place opening the name anchors it
        for n in range(min(8, i - start), 1, -1):
            place = choose_place(ref, region, text[start : start + n])
            if place is not None and place.kind in LOCAL_KINDS | {"county", "district"}:
                name = text[start:end]
                return PlaceHit(start, end, name, None, "place", name, True, within=place)
    for start in edges:
        stem = text[start:i]
        if 2 <= len(stem) <= 8 and all(is_cjk(c) for c in stem) and stem_ok(stem, rules):
            name = text[start:end]
            return PlaceHit(start, end, name, None, "place", name, True)
    return None


def find_areas(text: str, rules: Rules, taken: list[PlaceHit]) -> list[PlaceHit]:
    """Areas of several regions named as one (粤港澳大湾区, 长三角), read as partner regions
    under the name written; longest first, none inside a landmark already read."""
    hits: list[PlaceHit] = []
    for word in rules.area_names:  # longest first: 长江三角洲 before 长三角
        i = text.find(word)
        while i >= 0:
            end = i + len(word)
            if not any(h.start < end and i < h.end for h in (*taken, *hits)):
                hits.append(PlaceHit(i, end, word, None, "partner", word, True))
            i = text.find(word, i + 1)
    return sorted(hits, key=lambda h: h.start)

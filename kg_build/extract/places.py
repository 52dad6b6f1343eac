"""Places: the report's region, gazetteer names in the text and places no list holds."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from kg_build.extract.entity_rules import Rules
from kg_build.extract.textspan import is_cjk, left_edges
from kg_build.model import ReportMeta
from kg_build.reference import LOCAL_KINDS, WIDE_KINDS, Place, Reference

REGION_SUFFIX_KIND = (("自治县", "county"), ("县", "county"), ("市", "county"), ("区", "district"),
                      ("镇", "town"), ("街道", "subdistrict"), ("省", "province"))  # fmt: skip
NATIONAL = "cn"  # region segment of minted things that belong to no region (industries)


@dataclass(frozen=True)
class Region:
    """The report's region: from its metadata, resolved against the gazetteer when possible."""

    name: str | None
    place: Place | None  # the gazetteer entry, None when unknown
    slug: str  # region segment of minted keys, e.g. "kaiping"
    key: str | None  # Entity.key of the region itself
    kind: str
    short: tuple[str, ...]  # the region's own names: 开平市, 开平
    province: Place | None = None
    province_name: str | None = None
    prefecture: Place | None = None


def _strip_suffix(name: str) -> str:
    for suffix, _ in REGION_SUFFIX_KIND:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def _pinyin(name: str) -> str:
    from pypinyin import lazy_pinyin  # imported when needed: 0.1 s of every build otherwise

    return "".join(lazy_pinyin(name)).lower() or "x"


def _province_of(ref: Reference, iri: str) -> Place | None:
    return ref.ancestor_of_kind(iri, "province")


def region_slug(ref: Reference, place: Place) -> str:
    """The region part of minted keys: the place's gazetteer path, e.g.
    `guangdong/jiangmen/kaiping`. Unique and stable: adding places never changes it."""
    path = place.iri.split("/place/", 1)[-1].strip("/")
    return path or place.slug


def resolve_region(ref: Reference, meta: ReportMeta) -> Region:
    """The report's region. A province in the metadata must match (唐山市开平区 ≠ 开平市)."""
    name = meta.region
    province_name = meta.province
    if not name:
        return Region(None, None, "region", None, "place", ())
    place: Place | None = None
    if meta.region_code:
        found = [p for p in ref.places.values() if meta.region_code in (p.nbs_code, p.mca_code)]
        place = found[0] if len(found) == 1 else None
    if place is None:
        candidates = [p for p in ref.lookup_places(name) if p.kind in WIDE_KINDS | LOCAL_KINDS]
        full = [p for p in candidates if ref.is_full_name(name, p.iri)] or candidates
        if province_name:
            full = [p for p in full if _in_province(ref, p, province_name)]
        place = full[0] if len(full) == 1 else None
    if place is not None:
        province = _province_of(ref, place.iri)
        prefecture = ref.ancestor_of_kind(place.iri, "city")
        return Region(
            name=place.label,
            place=place,
            slug=region_slug(ref, place),
            key=place.iri,
            kind=place.kind,
            short=tuple(sorted({place.label, *place.alt, name})),
            province=province,
            province_name=province.label if province else province_name,
            prefecture=prefecture if prefecture is not place else None,
        )
    kind = next((k for s, k in REGION_SUFFIX_KIND if name.endswith(s)), "place")
    stem = _strip_suffix(name)
    prov = _strip_suffix(province_name) if province_name else None
    # the full name's pinyin (kaipingqu) never equals a gazetteer slug (kaiping)
    slug = f"{_pinyin(prov)}-{_pinyin(name)}" if prov else _pinyin(name)
    known_province = next(
        (p for p in ref.lookup_places(province_name or "") if p.kind == "province"), None
    )
    return Region(
        name=name,
        place=None,
        slug=slug,
        key=f"{kind}:{slug}:{name}",
        kind=kind,
        short=tuple(sorted({name, stem})),
        province=known_province,
        province_name=province_name,
    )


def _in_province(ref: Reference, place: Place, province_name: str) -> bool:
    province = _province_of(ref, place.iri)
    if province is None:
        return place.kind == "sar" and province_name == place.label
    names = {province.label, *province.alt}
    return province_name in names or _strip_suffix(province_name) in names


def choose_place(ref: Reference, region: Region, name: str) -> Place | None:
    """The place `name` means in a report of `region`, or None when unknown or ambiguous.

    Towns and villages must lie in the region's prefecture; wider places are preferred in
    the region, then its prefecture, then its province; a tie is ambiguous.
    """
    candidates = ref.lookup_places(name)
    if not candidates:
        return None
    if region.place is None and name in region.short:
        return None  # the report's own region, unknown to the gazetteer: never another place
    home = region.place
    scope = region.prefecture or home
    ranked: list[tuple[int, Place]] = []
    for p in candidates:
        if home is not None and ref.is_within(p.iri, home.iri):
            rank = 0
        elif scope is not None and ref.is_within(p.iri, scope.iri):
            rank = 1
        elif region.province is not None and ref.is_within(p.iri, region.province.iri):
            rank = 2
        else:
            rank = 3
        if p.kind in LOCAL_KINDS and rank > 1:
            continue
        # a county-level short form outside the report's province is too risky
        outside = rank == 3 and region.province_name and p.kind in {"county", "district"}
        if outside and not ref.is_full_name(name, p.iri):
            continue
        ranked.append((rank, p))
    if not ranked:
        return None
    best = min(r for r, _ in ranked)
    top = [p for r, p in ranked if r == best]
    return top[0] if len(top) == 1 else None


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
    if not after or not is_cjk(after) or after in "的等和与及":
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
        left = any(text[:start].endswith(w) for w in rules.left_boundaries)
        if before and is_cjk(before) and before not in "、与和及同" and not left:
            return None
    return PlaceHit(start, end, name, place, place.kind, place.label, full)


def find_unknown_places(
    text: str, ref: Reference, region: Region, rules: Rules, known: list[PlaceHit]
) -> list[PlaceHit]:
    """XX镇 / XX街道 / XX村 the gazetteer lacks, in a region whose towns it does not list."""
    if region.place is not None and any(
        p.parent == region.place.iri and p.kind in LOCAL_KINDS for p in ref.places.values()
    ):
        return []  # the gazetteer lists this region's towns: an unknown 镇 is not a town here
    taken = [(h.start, h.end) for h in known]
    stops = _stop_spans(text, rules)
    hits: list[PlaceHit] = []
    for suffix, kind in rules.place_suffixes:
        i = text.find(suffix)
        while i >= 0:
            end = i + len(suffix)
            if _continued(text, end, suffix, rules):
                i = text.find(suffix, i + 1)
                continue
            for size in (2, 3):
                start = i - size
                if start < 0:
                    break
                stem = text[start:i]
                if not all(is_cjk(c) for c in stem) or not stem_ok(stem, rules):
                    continue
                if stem[-1] in "一二三四五六七八九十两百几多各每全":
                    continue  # 三镇, 各镇: a count, not a name
                if any(stem.endswith(s) or stem.startswith(s) for s in rules.place_stop_stems):
                    continue
                if _overlaps(taken + [(h.start, h.end) for h in hits], start, end):
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


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def _left_ok(text: str, start: int, rules: Rules, hits: list[PlaceHit]) -> bool:
    if start == 0 or not is_cjk(text[start - 1]) or text[start - 1] == "、":
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

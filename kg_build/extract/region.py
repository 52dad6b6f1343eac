"""The report's region, and which gazetteer place a name means in a report of that region."""

from __future__ import annotations

from kg_build.extract.entity_rules import Rules, load_rules
from kg_build.model import Region, ReportMeta
from kg_build.reference import LOCAL_KINDS, WIDE_KINDS, Place, Reference


def strip_region_suffix(name: str, rules: Rules) -> str:
    """开平市 → 开平: a region's name without the word that gives its kind."""
    for suffix, _ in rules.region_suffixes:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def report_region(ref: Reference, meta: ReportMeta, head: str = "") -> Region:
    """The report's region. A province in the metadata must match (唐山市开平区 ≠ 开平市).
    A region the gazetteer lacks lies in the place `head` (the report's opening lines) names
    right before it (某市某区某镇 → 某区)."""
    rules = load_rules()
    name = meta.region
    province_name = meta.province
    if not name:
        return Region(None, None, "place", ())
    place: Place | None = None
    if meta.region_code:
        found = [p for p in ref.places.values() if meta.region_code in (p.nbs_code, p.mca_code)]
        place = found[0] if len(found) == 1 else None
    if place is None:
        candidates = [p for p in ref.lookup_places(name) if p.kind in WIDE_KINDS | LOCAL_KINDS]
        full = [p for p in candidates if ref.is_full_name(name, p.iri)] or candidates
        if province_name:
            full = [p for p in full if _in_province(ref, p, province_name, rules)]
        place = full[0] if len(full) == 1 else None
    province_short = strip_region_suffix(province_name, rules) if province_name else None
    if place is not None:
        province = ref.ancestor_of_kind(place.iri, "province")
        prefecture = ref.ancestor_of_kind(place.iri, "city")
        return Region(
            name=place.label,
            place=place,
            kind=place.kind,
            short=tuple(sorted({place.label, *place.alt, name})),
            province=province,
            province_name=province.label if province else province_name,
            province_short=province_short,
            prefecture=prefecture if prefecture is not place else None,
        )
    kind = next((k for s, k in rules.region_suffixes if name.endswith(s)), "place")
    known_province = next(
        (p for p in ref.lookup_places(province_name or "") if p.kind == "province"), None
    )
    parent = _stated_parent(ref, name, head)
    if parent is not None:
        known_province = known_province or ref.ancestor_of_kind(parent.iri, "province")
        province_name = province_name or (known_province.label if known_province else None)
        province_short = province_short or (
            strip_region_suffix(province_name, rules) if province_name else None
        )
    return Region(
        parent=parent,
        prefecture=ref.ancestor_of_kind(parent.iri, "city") if parent else None,
        name=name,
        place=None,
        kind=kind,
        short=tuple(sorted({name, strip_region_suffix(name, rules)})),
        province=known_province,
        province_name=province_name,
        province_short=province_short,
    )


def _stated_parent(ref: Reference, name: str, head: str) -> Place | None:
    """The one county-level or wider place whose full name comes right before `name` in
    `head` (吴江区 in 苏州市吴江区盛泽镇), its own parent's name before it if any."""
    found: set[str] = set()
    start = head.find(name)
    while start > 0:
        before = head[max(0, start - 12) : start]
        for n in range(2, len(before) + 1):
            for p in ref.lookup_places(before[-n:]):
                if p.kind in WIDE_KINDS and ref.is_full_name(before[-n:], p.iri):
                    outer = before[:-n]
                    up = [a for a in ref.ancestors(p.iri) if a in ref.places]
                    if not outer or any(ref.places[a].label in outer for a in up):
                        found.add(p.iri)
        start = head.find(name, start + 1)
    narrowest = [i for i in found if not any(j != i and ref.is_within(j, i) for j in found)]
    return ref.places[narrowest[0]] if len(narrowest) == 1 else None


def _in_province(ref: Reference, place: Place, province_name: str, rules: Rules) -> bool:
    province = ref.ancestor_of_kind(place.iri, "province")
    if province is None:
        return place.kind == "sar" and province_name == place.label
    names = {province.label, *province.alt}
    return province_name in names or strip_region_suffix(province_name, rules) in names


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

"""One statement read into names and relations: places, industries, titles, lists, parks,
projects and works, then what the statement says about them."""

from __future__ import annotations

from kg_build.extract.cooperation import cooperation_relations
from kg_build.extract.designations import award_relations, find_designations
from kg_build.extract.entity_rules import Rules
from kg_build.extract.hits import Hit, Rel, dedupe, freeze, industry_ref
from kg_build.extract.hosted import hosted_relations
from kg_build.extract.industries import (
    industries_in,
    industry_by_name,
    measured_industries,
    mentioned_industries,
    name_industries,
)
from kg_build.extract.lists import ListMatch, find_lists, list_hits
from kg_build.extract.named import find_suffix_names, find_works
from kg_build.extract.places import (
    PlaceHit,
    find_areas,
    find_landmarks,
    find_places,
    find_unknown_places,
    short_form_ok,
)
from kg_build.extract.projects import located_relations, project_relations
from kg_build.extract.reading import Reading
from kg_build.extract.region import choose_place
from kg_build.extract.textspan import is_cjk, overlaps
from kg_build.model import Statement, StatementNames

MEMBER = "member"  # "this industry is in that group" (…等传统优势产业): skos:member in RDF


def read_statement(rd: Reading, st: Statement) -> StatementNames:
    """The names a statement holds and the relations it states between them."""
    text = st.text
    ref, rules = rd.ref, rd.rules
    places = statement_places(rd, text)
    industries = mentioned_industries(text, ref, rules)
    designations, zones = _hosting_zones(text, find_designations(text, rules, rd.levels), rules)
    lists = find_lists(text, rules)
    from_lists: list[Hit] = []
    list_spans = []
    for n, lm in enumerate(lists):
        found = list_hits(rd, text, lm, n, places)
        if found:  # a list whose items are not of its kind blocks nothing
            from_lists += found
            list_spans.append((lm.start, lm.end))
    dspans = [(d.start, d.end) for d in designations]

    def free(h: Hit, spans: list[tuple[int, int]]) -> bool:
        return not overlaps(spans, h.start, h.end)

    industries = [h for h in industries if free(h, dspans)]  # 全域旅游示范区: a title's word

    named = [h for h in find_suffix_names(text, ref, rules)
             if free(h, dspans) and free(h, list_spans)]  # fmt: skip
    named += [z for z in zones if free(z, [(h.start, h.end) for h in named])]
    named += [h for h in find_works(text, ref, rules, named + from_lists) if free(h, dspans)]
    named = [h for h in named
             if not h.weak or free(h, [(x.start, x.end) for x in named if x is not h])]  # fmt: skip

    # places inside named things are kept only for locatedIn, not as mentions
    inner = [(h.start, h.end) for h in named if h.kind in ("park", "project")]
    list_place_ids = {id(h) for h in from_lists}
    all_places = places
    places = [p for p in places if free(p, inner) or id(p) in list_place_ids]
    listed = [h for h in from_lists if "place" in h.flags]  # 龙岗、田心等村寨: not 龙岗区
    places = [p for p in places if p in listed or free(p, [(h.start, h.end) for h in listed])]
    places += [h for h in listed if h not in places]
    own = [h for h in from_lists if h.kind == "industry" and h.iri is None]
    own += [h for h in measured_industries(text, ref, rules)
            if free(h, [(x.start, x.end) for x in own + named])]  # fmt: skip
    minted = [(h.start, h.end) for h in own]
    industries = [h for h in industries  # 储能 inside 新能源和储能: part of its name
                  if not any(s <= h.start and h.end <= e and e - s > h.end - h.start
                             for s, e in minted)]  # fmt: skip
    industries += own
    hits = dedupe(places + industries + designations + named + from_lists)
    rels: list[Rel] = []

    new, found_rels = _cluster_relations(rd, named, hits)
    hits += new
    rels += found_rels
    rels += _list_relations(rd, lists, from_lists)
    new, found_rels = award_relations(rd, st, designations, hits)
    hits += new
    rels += found_rels
    new, found_rels = project_relations(rd, st, named, hits)
    hits += new
    rels += found_rels
    rels += located_relations(rd, text, named, hits, all_places)
    hits, found_rels = cooperation_relations(rd, text, places, industries, named, hits)
    rels += found_rels
    new, found_rels, objects = hosted_relations(rd, text, named)
    if objects:  # 某园区打造A产业基地: the base is no park of its own
        gone = {id(h) for h in objects}
        hits = [h for h in hits if id(h) not in gone]
        named = [h for h in named if id(h) not in gone]
        rels = [r for r in rels if id(r[0]) not in gone and id(r[2]) not in gone]
        found_rels = [r for r in found_rels if id(r[0]) not in gone]
    hosts = {id(h) for h, _, _ in found_rels}
    for h, pred, _ in found_rels:
        if pred == "supports" and h.weak:
            h.weak = False  # 某片区以A为主导产业: a zone with industries of its own is a park
    spans = {(h.start, h.end) for h in new}  # 新材料 as listed, not the taxonomy's 先进材料
    hits = dedupe([h for h in hits if h.kind != "industry" or (h.start, h.end) not in spans] + new)
    industries = [h for h in industries if (h.start, h.end) not in spans]
    rels += found_rels
    rels += _purpose_relations(rd, text, named, industries, hits, hosts)
    rels += [(h, "within", h.parent) for h in hits
             if h.parent is not None and h.kind in ("village", "place")]  # fmt: skip
    for h in hits:
        if h.kind in ("park", "project"):
            h.industries = industries_in(h.name, ref, rules)
    return freeze(st, hits, rels, rules)


def _hosting_zones(text: str, designations: list[Hit], rules: Rules) -> tuple[list[Hit], list[Hit]]:
    """Titles no award verb gave that end in a zone word (片区, 示范区) and open a host frame
    (成都临空经济示范区重点发展航空物流): zones with industries of their own, so parks, wherever
    the statement names them."""

    def zone(d: Hit) -> bool:
        return "awarded" not in d.flags and d.name.endswith(rules.park_weak)

    def opens_frame(d: Hit) -> bool:
        return any(text.startswith(f, d.end) for f in rules.host_frames)

    hosting = {d.name for d in designations if zone(d) and opens_frame(d)}
    zones = [Hit("park", d.name, d.start, d.end, weak=True)
             for d in designations if zone(d) and d.name in hosting]  # fmt: skip
    return [d for d in designations if not (zone(d) and d.name in hosting)], zones


def statement_places(rd: Reading, text: str) -> list[Hit]:
    """Gazetteer places, places the gazetteer lacks, landmarks and partner short forms."""
    ref, rules, region = rd.ref, rd.rules, rd.region
    found = find_places(text, ref, region, rules)
    found += find_unknown_places(text, ref, region, rules, found)
    marks = find_landmarks(text, ref, region, rules)
    marks += find_areas(text, rules, marks)
    found = [p for p in found if not any(m.start <= p.start and p.end <= m.end for m in marks)]
    hits = [_place_hit(p) for p in sorted(found + marks, key=lambda p: p.start)]
    for alias, labels in rules.partner_aliases.items():
        i = text.find(alias)
        while i >= 0:
            end = i + len(alias)
            clash = any(h.start < end and i < h.end for h in hits)
            stopped = any(
                text.find(s, max(0, i - len(s)), end + len(s)) >= 0
                for s in rules.place_stop_names
                if alias in s
            )
            if not clash and not stopped and short_form_ok(text, i, end, rules):
                for label in labels:
                    place = choose_place(ref, region, label)
                    if place is not None:
                        hits.append(Hit(place.kind, place.label, i, end, iri=place.iri,
                                        flags={"place"}))  # fmt: skip
            i = text.find(alias, i + 1)
    for a, b in zip(hits, hits[1:], strict=False):  # 百合镇茅冈村: the village lies in the town
        if a.end == b.start and b.kind == "village" and a.kind in ("town", "subdistrict"):
            b.parent = a
    return sorted(hits, key=lambda h: (h.start, h.end))


def _place_hit(p: PlaceHit) -> Hit:
    hit = Hit(p.kind, p.name, p.start, p.end, iri=p.place.iri if p.place else None,
              flags={"place"})  # fmt: skip
    if p.within is not None:  # 赤坎华侨古镇 lies in 赤坎镇
        hit.parent = Hit(p.within.kind, p.within.label, p.start, p.start, iri=p.within.iri,
                         flags={"place", "silent"})  # fmt: skip
    return hit


def _cluster_relations(
    rd: Reading, named: list[Hit], hits: list[Hit]
) -> tuple[list[Hit], list[Rel]]:
    """产业集群 / 产业链 names: the industry named before the suffix (one key per cluster:
    卫浴产业集群 is the cluster of the taxonomy's 水暖卫浴)."""
    ref, suffixes = rd.ref, rd.rules.minted_suffixes
    new: list[Hit] = []
    for h in named:
        if h.kind not in ("cluster", "chain") or not h.industry:
            continue
        if not any(map(is_cjk, h.industry)):
            h.industry = None  # “20+8”产业集群: a slogan's clusters, no industry of its own
            continue
        iri = industry_by_name(h.industry, ref)
        label = ref.industries[iri].label if iri else h.industry
        h.name = label + suffixes[h.kind]
        h.industry_iri = iri
        h.industry = label
        if iri is None:
            new.append(Hit("industry", label, h.start, h.start + len(h.industry)))
    rels: list[Rel] = [
        (h, "industry", industry_ref(h.industry_iri, h.industry, h.start))
        for h in hits + new if h.kind in ("cluster", "chain") and h.industry
    ]  # fmt: skip
    return new, rels


def _list_relations(rd: Reading, lists: list[ListMatch], hits: list[Hit]) -> list[Rel]:
    """A group's member industries; a list template's park supports its item's industry."""
    rels: list[Rel] = []
    for n, _ in enumerate(lists):
        members = [h for h in hits if h.list_id == n and h.kind == "industry"]
        for g in (h for h in hits if h.list_id == n and h.kind == "group"):
            rels += [(g, MEMBER, m) for m in members]
        for p in (h for h in hits if h.list_id == n and h.kind == "park" and h.industry):
            ind = next((m for m in members if m.iri == p.industry), None)
            target = ind or Hit("industry", rd.ref.industries[p.industry].label, p.start, p.end,
                                iri=p.industry)  # fmt: skip
            rels.append((p, "supports", target))
    return rels


def _purpose_relations(
    rd: Reading,
    text: str,
    named: list[Hit],
    inds: list[Hit],
    hits: list[Hit],
    hosts: set[int] = frozenset(),  # type: ignore[assignment]
) -> list[Rel]:
    """Supports: the industries a park or project names (also when a frame of its own lists
    more), else those the statement says it develops (建设物流园,助力冷链物流提速 → 冷链物流)."""
    rules = rd.rules
    purpose = [
        h for h in inds
        if any(text[max(0, h.start - 4) : h.start].find(v) >= 0 for v in rules.purpose_verbs)
        or text[h.end : h.end + 4].startswith(rules.purpose_after)
    ]  # fmt: skip
    rels: list[Rel] = []
    for h in dedupe(named + hits):
        if h.kind not in ("park", "project") or "template" in h.flags:
            continue
        own = name_industries(h, text, rd.ref, rules)  # 某智能制造产业园, whatever it builds
        rels += [(h, "supports", x) for x in own]
        if not own and id(h) not in hosts:
            rels += [(h, "supports", x) for x in purpose if not (h.start <= x.start < h.end)]
    return rels

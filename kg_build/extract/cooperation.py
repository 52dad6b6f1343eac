"""Cooperations: 与 X、Y … 合作 / 共建, their partner places and what they cover."""

from __future__ import annotations

from kg_build.extract.hits import Hit, Rel, silent
from kg_build.extract.industries import find_industries
from kg_build.extract.reading import Reading
from kg_build.extract.textspan import clause_bounds, clean_name


def cooperation_relations(
    rd: Reading, text: str, places: list[Hit], inds: list[Hit], named: list[Hit], hits: list[Hit]
) -> tuple[list[Hit], list[Rel]]:
    """The statement's hits with its cooperations and partners, and their relations."""
    rules = rd.rules
    hits = list(hits)
    rels: list[Rel] = []
    for opener in rules.cooperation_openers:
        i = text.find(opener)
        while i >= 0:
            i_next = text.find(opener, i + 1)
            pos = i + len(opener)
            partners: list[Hit] = []
            while True:
                found, hits = _partner_at(rd, text, pos, places, hits, rels)
                if not found:
                    break
                partners += found
                pos = max(p.end for p in found)
                sep = next((s for s in rules.list_separators if text.startswith(s, pos)), None)
                if sep is None:
                    break
                pos += len(sep)
            if not partners:
                i = i_next
                continue
            pend = max(p.end for p in partners)
            _, ce = clause_bounds(text, pend)
            verb_at, verb = _first_verb(rd, text, pend, ce)
            if verb is None:
                i = i_next
                continue
            vend = verb_at + len(verb)
            coop = Hit("cooperation", clean_name(text[i:vend], rules), i, vend)
            hits.append(coop)
            rels += [(coop, "partner", p) for p in partners]
            covered = [h for h in inds if pend <= h.start and h.end <= verb_at]
            rels += [(coop, "covers", h) for h in covered]
            built = [h for h in named if h.kind in ("park", "project") and h.start >= verb_at]
            for b in built:
                cs, _ = clause_bounds(text, b.start)
                if any(v in text[cs : b.start] or verb == v for v in rules.co_build_verbs):
                    rels += [(b, "partner", p) for p in partners]
                    for h in find_industries(b.name, rd.ref, rules):
                        rels.append((coop, "covers", h))
                        covered.append(h)
            if not covered:
                literal = _covers_literal(rd, text[pend:verb_at]) + verb
                if len(literal) > len(verb) + 1:
                    rels.append((coop, "covers", f"lit:{literal}"))
            i = i_next
    return hits, rels


def _partner_at(
    rd: Reading, text: str, pos: int, places: list[Hit], hits: list[Hit], rels: list[Rel]
) -> tuple[list[Hit], list[Hit]]:
    """The partner place(s) named at `pos` in a 与 A、B … 合作 list: gazetteer places, a
    city with a district the gazetteer lacks (深圳光明 → 深圳市光明区), or a short name the
    gazetteer lacks (东莞), minted as a partner region. Returns them and the hits."""
    known = [p for p in places if p.start == pos]
    m = rd.rules.partner_item.match(text, max([p.end for p in known], default=pos))
    if known:
        city = known[-1]
        stem = m.group(1) if m else ""
        if city.kind == "city" and len(stem) == 2 and not _stopped_partner(rd, stem):
            label = f"{city.name}{stem}{rd.rules.minted_suffixes['district']}"
            hit = Hit("district", label, city.start, city.end + 2, flags={"place"})
            hit.parent = city
            rels.append((hit, "within", silent(city)))
            return [hit], [h for h in hits if h is not city] + [hit]
        return known, hits
    if m is None or _stopped_partner(rd, m.group(1)):
        return [], hits
    if any(p.start < m.end(1) and pos < p.end for p in places):
        return [], hits
    hit = Hit("partner", m.group(1), pos, m.end(1), flags={"place"})
    return [hit], [*hits, hit]


def _stopped_partner(rd: Reading, name: str) -> bool:
    rules = rd.rules
    return any(w in name for w in rules.partner_stem_stops) or any(
        w in name for w in rules.left_boundaries if len(w) > 1
    )


def _first_verb(rd: Reading, text: str, start: int, end: int) -> tuple[int, str | None]:
    for k in range(start, end):
        verb = next((v for v in rd.rules.cooperation_verbs if text.startswith(v, k)), None)
        if verb:
            return k, verb
    return end, None


def _covers_literal(rd: Reading, text: str) -> str:
    rules = rd.rules
    out = clean_name(text, rules)
    for _ in range(3):
        for w in rules.covers_openers:
            out = out.removeprefix(w)
        m = rules.count_pattern.match(out)
        if m:
            out = out[m.end() :]
    return "" if not out or out in rules.covers_generic else out

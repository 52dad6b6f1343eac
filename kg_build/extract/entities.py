"""Entities and relations of a report: places, parks, projects, industries, partners and
designations, one key per real thing, and who supports, hosts, lies in or partners what.

    extract_entities(report, ref) -> Extraction        # entities, mentions, relations
    resolve_subject(name, ref, meta, extraction=None, kind=None) -> Entity | None

Keys: reference things (gazetteer places, taxonomy industries and groups) use their IRI;
everything else is minted as "{kind}:{region-slug}:{name}" ("industry:cn:{name}" for an
industry the taxonomy lacks). Pass 1 reads each statement into hits; pass 2 merges the
names that mean one thing (主平台开平片区 = 江门承接产业有序转移主平台开平片区) and emits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg_build.extract.designations import find_designations, level_of, level_words
from kg_build.extract.entity_rules import Rules, load_rules
from kg_build.extract.industries import find_industries, industry_by_name
from kg_build.extract.named import (
    Hit,
    ListMatch,
    find_lists,
    find_suffix_names,
    find_works,
)
from kg_build.extract.places import (
    NATIONAL,
    PlaceHit,
    Region,
    choose_place,
    find_landmarks,
    find_places,
    find_unknown_places,
    resolve_region,
    short_form_ok,
)
from kg_build.extract.textspan import clause_bounds, clean_name, is_cjk
from kg_build.model import Entity, Extraction, Mention, Relation, Report, ReportMeta, Statement
from kg_build.reference import Place, Reference

# Predicate for "this industry is in that group", stated by a list (…等传统优势产业).
# Not yet in docs/model.md: the RDF side should map it to skos:member.
MEMBER = "member"
NAMED_KINDS = ("park", "project", "cluster", "chain", "designation", "cooperation")
PLACE_KINDS = ("province", "city", "county", "district", "town", "subdistrict", "village",
               "sar", "newarea", "partner", "place")  # fmt: skip
REVIEW_PARTS = ("review", "multi_year_review", "preamble")


@dataclass
class _Statement:
    st: Statement
    hits: list[Hit] = field(default_factory=list)
    rels: list[tuple[Hit, str, Hit | str]] = field(default_factory=list)


def _place_to_hit(p: PlaceHit) -> Hit:
    hit = Hit(p.kind, p.name, p.start, p.end, iri=p.place.iri if p.place else None)
    if p.within is not None:  # 赤坎华侨古镇 lies in 赤坎镇
        hit.parent = Hit(p.within.kind, p.within.label, p.start, p.start, iri=p.within.iri)
        hit.parent.extra.update(place="1", nomention="1")
    hit.extra["place"] = "1"
    if not p.full:
        hit.extra["short"] = "1"
    return hit


class _Reader:
    """Pass 1: one statement's hits and the relations between them."""

    def __init__(self, ref: Reference, rules: Rules, region: Region) -> None:
        self.ref, self.rules, self.region = ref, rules, region
        stops = "|".join(re.escape(w) for w in (*rules.list_separators, "在", "的",
                                                 *rules.cooperation_verbs))  # fmt: skip
        self._partner_item = re.compile(f"([\\u4e00-\\u9fff]{{2,4}}?)(?={stops})")
        province = region.province
        prefecture = region.prefecture
        self.levels = level_words(
            rules,
            tuple(sorted({province.label, *province.alt})) if province else (),
            tuple(sorted({prefecture.label, *prefecture.alt})) if prefecture else (),
        )

    # -- places -------------------------------------------------------------------------
    def places(self, text: str) -> list[Hit]:
        found = find_places(text, self.ref, self.region, self.rules)
        found += find_unknown_places(text, self.ref, self.region, self.rules, found)
        marks = find_landmarks(text, self.ref, self.region, self.rules)
        found = [p for p in found if not any(m.start <= p.start and p.end <= m.end for m in marks)]
        hits = [_place_to_hit(p) for p in sorted(found + marks, key=lambda p: p.start)]
        for alias, labels in self.rules.partner_aliases.items():
            i = text.find(alias)
            while i >= 0:
                end = i + len(alias)
                clash = any(h.start < end and i < h.end for h in hits)
                stopped = any(
                    text.find(s, max(0, i - len(s)), end + len(s)) >= 0
                    for s in self.rules.place_stop_names
                    if alias in s
                )
                if not clash and not stopped and short_form_ok(text, i, end, self.rules):
                    for label in labels:
                        place = choose_place(self.ref, self.region, label)
                        if place is not None:
                            hit = Hit(place.kind, place.label, i, end, iri=place.iri)
                            hit.extra.update(place="1", short="1")
                            hits.append(hit)
                i = text.find(alias, i + 1)
        for a, b in zip(hits, hits[1:], strict=False):  # 百合镇茅冈村: the village lies in the town
            if a.end == b.start and b.kind == "village" and a.kind in ("town", "subdistrict"):
                b.parent = a
        return sorted(hits, key=lambda h: (h.start, h.end))

    # -- lists --------------------------------------------------------------------------
    def list_hits(self, text: str, lm: ListMatch, n: int, places: list[Hit]) -> list[Hit]:
        kind = lm.head.kind
        out: list[Hit] = []
        frame = (lm.start, lm.end)
        if kind in ("town", "subdistrict", "village"):
            for item, off in lm.items:
                inner = [h for h in places if off <= h.start and h.end <= off + len(item)]
                if inner and inner[-1].end == off + len(item) and inner[-1].kind == kind:
                    out.append(inner[-1])
                    continue
                parent = inner[0] if inner and inner[0].start == off else None
                if parent is not None:  # 斗山镇浮石村: a village the gazetteer lacks
                    off, item = parent.end, item[parent.end - off :]
                place = choose_place(self.ref, self.region, item)
                if (place is None or place.kind != kind) and not item.endswith(lm.head.head):
                    place = choose_place(self.ref, self.region, item + lm.head.head)
                if place is not None and place.kind == kind:
                    hit = Hit(kind, place.label, off, off + len(item), iri=place.iri)
                elif place is None and self._mintable_place(item):
                    name = item if item.endswith(lm.head.head) else item + lm.head.head
                    hit = Hit(kind, clean_name(name, self.rules), off, off + len(item))
                    hit.parent = parent
                else:
                    return []  # one item is not a place of that kind: not a place list
                hit.extra["place"] = "1"
                out.append(hit)
            return out
        if kind in ("industry", "cluster", "chain"):
            known = [t for t, _ in lm.items if industry_by_name(t, self.ref)]
            if not known and not lm.loose and lm.count is None:
                return []  # "A、B…产业" with no industry known and no 等/count: not a list
        for item, off in lm.items:
            span = (off, off + len(item))
            iri = industry_by_name(item, self.ref)
            if kind in ("industry", "cluster", "chain"):
                if iri is None and not self._mintable_industry(item):
                    continue
                label = self.ref.industries[iri].label if iri else clean_name(item, self.rules)
                ind = Hit("industry", label, *span, iri=iri, list_id=n)
                out.append(ind)
                if kind in ("cluster", "chain"):
                    suffix = "产业集群" if kind == "cluster" else "产业链"
                    group = Hit(kind, label + suffix, *span, industry=label, list_id=n)
                    group.extra["industry_iri"] = iri or ""
                    out.append(group)
            elif kind == "park":
                if item.endswith((*self.rules.park_suffixes, *self.rules.park_item_ends)):
                    out.append(Hit("park", clean_name(item, self.rules), *span, list_id=n))
                    continue
                template = lm.head.name or "{item}"
                name = clean_name(template.format(item=item), self.rules)
                park = Hit("park", name, *span, list_id=n)
                if iri is not None and lm.head.name:
                    park.industry = iri
                    park.extra["template"] = "1"
                out.append(park)
                if iri is not None:
                    out.append(Hit("industry", self.ref.industries[iri].label, *span, iri=iri))
            elif kind == "project":
                works = any(v in item for v in self.rules.works_verbs)
                name = item if works or item.endswith(lm.head.head) else item + lm.head.head
                out.append(Hit("project", clean_name(name, self.rules), *span, frame=frame))
        if kind == "industry" and lm.qualifier:
            label = lm.qualifier + lm.head.head
            giri = self.ref.group_names.get(label)
            start = lm.end - len(label)
            if giri or industry_by_name(label, self.ref) is None:
                name = self.ref.groups[giri].label if giri else label
                group = Hit("group", name, start, lm.end, iri=giri, list_id=n)
                out.append(group)
        return out

    def _mintable_place(self, item: str) -> bool:
        return 2 <= len(item) <= 6 and all(is_cjk(c) for c in item)

    def _mintable_industry(self, item: str) -> bool:
        """An item no taxonomy label names may be a new industry: a short noun phrase that
        is not a place (麻陂镇, 东莞) and holds no verb or particle (深圳光明共建的)."""
        if not (2 <= len(item) <= 8) or not all(is_cjk(c) or c == "+" for c in item):
            return False
        if item in self.ref.place_names or item in self.region.short:
            return False
        if any(item.endswith(s) for s, _ in self.rules.place_suffixes):
            return False
        return not any(w in item for w in self.rules.left_boundaries if len(w) > 1 or w == "的")

    # -- one statement ------------------------------------------------------------------
    def read(self, st: Statement) -> _Statement:
        out = _Statement(st)
        text = st.text
        places = self.places(text)
        industries = find_industries(text, self.ref, self.rules)
        designations = find_designations(text, self.rules, self.levels)
        lists = find_lists(text, self.rules)
        from_lists: list[Hit] = []
        list_spans = []
        for n, lm in enumerate(lists):
            found = self.list_hits(text, lm, n, places)
            if found:  # a list whose items are not of its kind blocks nothing
                from_lists += found
                list_spans.append((lm.start, lm.end))
        dspans = [(d.start, d.end) for d in designations]

        def free(h: Hit, spans: list[tuple[int, int]]) -> bool:
            return not any(s < h.end and h.start < e for s, e in spans)

        named = [
            h
            for h in find_suffix_names(text, self.ref, self.rules)
            if free(h, dspans) and free(h, list_spans)
        ]
        works = find_works(text, self.ref, self.rules, named + from_lists)
        named += [h for h in works if free(h, dspans)]
        named = [
            h
            for h in named
            if not h.weak or free(h, [(x.start, x.end) for x in named if x is not h])
        ]

        # places inside named things are kept only for locatedIn, not as mentions
        inner = [(h.start, h.end) for h in named if h.kind in ("park", "project")]
        list_place_ids = {id(h) for h in from_lists}
        all_places = places
        places = [p for p in places if free(p, inner) or id(p) in list_place_ids]
        places += [h for h in from_lists if h.extra.get("place") and h not in places]
        industries += [h for h in from_lists if h.kind == "industry" and h.iri is None]
        out.hits = _dedupe(places + industries + designations + named + from_lists)

        self._clusters(text, named, industries, out)
        self._list_relations(lists, from_lists, out)
        self._designations(st, designations, out.hits, out)
        self._projects(st, named, out)
        self._located(text, named, out, all_places)
        self._cooperation(text, places, industries, named, out)
        self._purpose(text, named, industries, out)
        for h in out.hits:
            if h.parent is not None and h.kind in ("village", "place"):
                out.rels.append((h, "within", h.parent))
        return out

    def _clusters(self, text: str, named: list[Hit], inds: list[Hit], out: _Statement) -> None:
        """产业集群 / 产业链 names: the industry named before the suffix."""
        for h in named:
            if h.kind not in ("cluster", "chain") or not h.industry:
                continue
            iri = industry_by_name(h.industry, self.ref)
            label = self.ref.industries[iri].label if iri else h.industry
            suffix = "产业集群" if h.kind == "cluster" else "产业链"
            h.name = label + suffix  # 卫浴产业集群 → 水暖卫浴产业集群: one key
            h.extra["industry_iri"] = iri or ""
            h.industry = label
            if iri is None:
                out.hits.append(Hit("industry", label, h.start, h.start + len(h.industry)))
        for h in out.hits:
            if h.kind in ("cluster", "chain") and h.industry:
                target = _industry_ref(h.extra.get("industry_iri"), h.industry, h.start)
                out.rels.append((h, "industry", target))

    def _list_relations(self, lists: list[ListMatch], hits: list[Hit], out: _Statement) -> None:
        for n, _ in enumerate(lists):
            members = [h for h in hits if h.list_id == n and h.kind == "industry"]
            for g in (h for h in hits if h.list_id == n and h.kind == "group"):
                for m in members:
                    out.rels.append((g, MEMBER, m))
            for p in (h for h in hits if h.list_id == n and h.kind == "park" and h.industry):
                ind = next((m for m in members if m.iri == p.industry), None)
                target = ind or Hit("industry", self.ref.industries[p.industry].label, p.start,
                                    p.end, iri=p.industry)  # fmt: skip
                out.rels.append((p, "supports", target))

    def _designations(self, st: Statement, ds: list[Hit], hits: list[Hit], out: _Statement) -> None:
        subject: list[Hit] | None = None
        for d in ds:
            level = level_of(d.name, self.levels)
            if level:
                out.rels.append((d, "level", f"lit:{level}"))
            if not d.extra.get("awarded") or st.part not in REVIEW_PARTS:
                continue
            if "/" not in st.period:
                out.rels.append((d, "year", f"lit:{st.period}"))
            verb_at = int(d.extra["verb_at"])
            cs, _ = clause_bounds(st.text, verb_at)
            cands = [
                h for h in hits
                if cs <= h.start and h.end <= verb_at
                and (h.extra.get("place") or h.kind in ("park", "cluster", "project"))
            ]  # fmt: skip
            cands = [h for h in cands if not any(c.parent is h for c in cands)]
            if cands:
                subject = cands
            else:
                before = self.rules.award_fillers.sub("", st.text[cs:verb_at]).strip()
                if before and self.rules.count_pattern.search(before):
                    continue  # 12家企业入选…: the awardees are not named
                if before and any(before.endswith(s) for s in self.rules.landmark_suffixes):
                    if 2 <= len(before) <= 8 and all(is_cjk(c) for c in before):
                        mark = Hit("place", before, cs, cs + len(before))
                        mark.extra["place"] = "1"
                        out.hits.append(mark)
                        subject = [mark]
                elif before:
                    subject = subject  # unknown wording: keep the statement's subject, if any
                if subject is None:
                    subject = [_region_hit(self.region)]
            for s in subject:
                out.rels.append((d, "awardedTo", s))

    def _projects(self, st: Statement, named: list[Hit], out: _Statement) -> None:
        text = st.text
        projects = [h for h in named if h.kind == "project"]
        projects += [h for h in out.hits if h.kind == "project" and h not in projects]
        for p in projects:
            status = self._status(text, p, st.part)
            if status:
                out.rels.append((p, "projectStatus", f"lit:{status}"))
            if p.phase:
                out.rels.append((p, "phase", f"lit:{p.phase}"))
            if p.parent is not None:
                out.rels.append((p, "locatedIn", p.parent))
        # "…(一期)完工,并启动二期建设": a later phase of the statement's phased project
        for m in self.rules.phase_pattern.finditer(text):
            if any(h.start <= m.start() < h.end for h in out.hits):
                continue
            base = [p for p in projects if p.phase and p.end <= m.start()]
            if not base:
                continue
            from kg_build.extract.named import cn_number

            phase = cn_number(m.group(1))
            if phase is None:
                continue
            src = base[-1]
            stem = src.name.rsplit("(", 1)[0]
            label = f"{stem}({m.group(1)}期)"
            hit = Hit("project", label, m.start(), m.end(), phase=phase)
            hit.extra["phase_of"] = src.name
            hit.parent = src.parent
            if src.parent is not None:
                out.rels.append((hit, "locatedIn", src.parent))
            out.hits.append(hit)
            status = self._status(text, hit, st.part)
            if status:
                out.rels.append((hit, "projectStatus", f"lit:{status}"))
            out.rels.append((hit, "phase", f"lit:{phase}"))

    def _status(self, text: str, hit: Hit, part: str) -> str | None:
        start, end = hit.frame or (hit.start, hit.end)
        cs, _ = clause_bounds(text, start)
        _, ce = clause_bounds(text, max(start, end - 1))
        before, after = text[cs:start], text[end:ce].strip()
        for f in self.rules.status_frames:
            b = any(v in before for v in f.before)
            a = any(after.endswith(v) for v in f.after)
            ok = (b and a) if (f.before and f.after) else (b if f.before else a)
            if ok:
                return f.review_status if part in REVIEW_PARTS and f.review_status else f.status
        if hit.extra.get("works") and any(v in before for v in self.rules.works_status.before):
            return self.rules.works_status.status  # 推动XX中学扩建
        return None

    def _located(self, text: str, named: list[Hit], out: _Statement, places: list[Hit]) -> None:
        """A park or project whose name holds a place name lies in the most specific one
        (a town the gazetteer lacks, read in the name, counts); 以/在 X 为… puts the clause's
        projects in X."""
        for h in named:
            if h.kind not in ("park", "project"):
                continue
            place = self._place_in_name(h.name)
            home = self.region.place
            if place is not None and home is not None and place.iri in self.ref.ancestors(home.iri):
                place = home  # 江门中微子实验室 in a report of 开平市: the report's own
            minted = [p for p in places if not p.iri and p.kind in ("town", "subdistrict",
                      "village", "place") and h.start <= p.start and p.end <= h.end]  # fmt: skip
            if minted and (place is None or place == home):
                out.rels.append((h, "locatedIn", _silent(minted[-1])))
                h.extra["located"] = "1"
                continue
            if place is not None:
                target = Hit(place.kind, place.label, h.start, h.end, iri=place.iri)
                target.extra.update(place="1", nomention="1")
                out.rels.append((h, "locatedIn", target))
                h.extra["located"] = "1"
        for p in (x for x in out.hits if x.extra.get("place")):
            if text[max(0, p.start - 1) : p.start] not in ("以", "在"):
                continue
            cs, ce = clause_bounds(text, p.start)
            for h in named:
                if h.kind == "project" and cs <= h.start < ce and not h.extra.get("located"):
                    out.rels.append((h, "locatedIn", p))
                    h.extra["located"] = "1"
            for h in out.hits:
                framed = h.kind == "project" and h.frame and cs <= h.start < ce
                if framed and not h.extra.get("located"):
                    out.rels.append((h, "locatedIn", p))
                    h.extra["located"] = "1"

    def _place_in_name(self, name: str) -> Place | None:
        found: list[Place] = []
        home = self.region.place
        i = 0
        while i < len(name):
            for n in range(min(12, len(name) - i), 1, -1):
                cand = name[i : i + n]
                if cand not in self.ref.place_names:
                    continue
                place = choose_place(self.ref, self.region, cand)
                if place is None:
                    continue
                scope = self.region.prefecture or home
                local = scope is not None and (
                    self.ref.is_within(place.iri, scope.iri)
                    or place.iri in self.ref.ancestors(scope.iri)
                )
                if local or self.ref.is_full_name(cand, place.iri):
                    found.append(place)
                    i += n - 1
                    break
            i += 1
        if not found:
            return None
        depth = {p.iri: len(self.ref.ancestors(p.iri)) for p in found}
        deepest = max(depth.values())
        top = {p.iri for p in found if depth[p.iri] == deepest}
        if len(top) != 1:
            return None  # 开平至台山段: between two places
        return self.ref.places[top.pop()]

    def _cooperation(
        self, text: str, places: list[Hit], inds: list[Hit], named: list[Hit], out: _Statement
    ) -> None:
        """与 X、Y … 合作 / 共建: a cooperation with its partners and what it covers."""
        for opener in self.rules.cooperation_openers:
            i = text.find(opener)
            while i >= 0:
                pos = i + len(opener)
                partners: list[Hit] = []
                while True:
                    nxt = self._partner_at(text, pos, places, out)
                    if not nxt:
                        break
                    group_end = max(p.end for p in nxt)
                    partners += nxt
                    pos = group_end
                    sep = next((s for s in ("、", "和", "及") if text.startswith(s, pos)), None)
                    if sep is None:
                        break
                    pos += len(sep)
                i_next = text.find(opener, i + 1)
                if not partners:
                    i = i_next
                    continue
                pend = max(p.end for p in partners)
                _, ce = clause_bounds(text, pend)
                verb_at, verb = self._first_verb(text, pend, ce)
                if verb is None:
                    i = i_next
                    continue
                vend = verb_at + len(verb)
                coop = Hit("cooperation", clean_name(text[i:vend], self.rules), i, vend)
                out.hits.append(coop)
                for p in partners:
                    out.rels.append((coop, "partner", p))
                covered = [h for h in inds if pend <= h.start and h.end <= verb_at]
                for h in covered:
                    out.rels.append((coop, "covers", h))
                built = [h for h in named if h.kind in ("park", "project") and h.start >= verb_at]
                for b in built:
                    cs, _ = clause_bounds(text, b.start)
                    if "共建" in text[cs : b.start] or verb == "共建":
                        for p in partners:
                            out.rels.append((b, "partner", p))
                        for h in find_industries(b.name, self.ref, self.rules):
                            out.rels.append((coop, "covers", h))
                            covered.append(h)
                if not covered:
                    literal = self._covers_literal(text[pend:verb_at]) + verb
                    if len(literal) > len(verb) + 1:
                        out.rels.append((coop, "covers", f"lit:{literal}"))
                i = i_next

    def _partner_at(self, text: str, pos: int, places: list[Hit], out: _Statement) -> list[Hit]:
        """The partner place(s) named at `pos` in a 与 A、B … 合作 list: gazetteer places, a
        city with a district the gazetteer lacks (深圳光明 → 深圳市光明区), or a short name the
        gazetteer lacks (东莞), minted as a partner region."""
        known = [p for p in places if p.start == pos]
        m = self._partner_item.match(text, max([p.end for p in known], default=pos))
        if known:
            city = known[-1]
            stem = m.group(1) if m else ""
            if city.kind == "city" and len(stem) == 2 and not self._stopped_partner(stem):
                label = f"{city.name}{stem}区"
                hit = Hit("district", label, city.start, city.end + 2)
                hit.extra["place"] = "1"
                hit.parent = city
                out.hits = [h for h in out.hits if h is not city]
                out.hits.append(hit)
                out.rels.append((hit, "within", _silent(city)))
                return [hit]
            return known
        if m is None or self._stopped_partner(m.group(1)):
            return []
        if any(p.start < m.end(1) and pos < p.end for p in places):
            return []
        hit = Hit("partner", m.group(1), pos, m.end(1))
        hit.extra["place"] = "1"
        out.hits.append(hit)
        return [hit]

    def _stopped_partner(self, name: str) -> bool:
        return any(w in name for w in self.rules.partner_stem_stops) or any(
            w in name for w in self.rules.left_boundaries if len(w) > 1
        )

    def _first_verb(self, text: str, start: int, end: int) -> tuple[int, str | None]:
        for k in range(start, end):
            verb = next((v for v in self.rules.cooperation_verbs if text.startswith(v, k)), None)
            if verb:
                return k, verb
        return end, None

    def _covers_literal(self, text: str) -> str:
        out = clean_name(text, self.rules)
        for _ in range(3):
            for w in ("实现", "开展", "推进", "加强", "深化", "在", "的"):
                out = out.removeprefix(w)
            m = self.rules.count_pattern.match(out)
            if m:
                out = out[m.end() :]
        return "" if not out or out in self.rules.covers_generic else out

    def _purpose(self, text: str, named: list[Hit], inds: list[Hit], out: _Statement) -> None:
        """Supports: the industries a park or project names, else those the statement says it
        develops (在景区谋划建设起降点,发展"文旅+低空"新业态 → 低空经济)."""
        purpose = [
            h for h in inds
            if any(text[max(0, h.start - 4) : h.start].find(v) >= 0
                   for v in self.rules.purpose_verbs)
            or text[h.end : h.end + 4].startswith(("产业发展", "发展"))
        ]  # fmt: skip
        for h in _dedupe(named + out.hits):
            if h.kind not in ("park", "project") or h.extra.get("template"):
                continue
            own = find_industries(h.name, self.ref, self.rules)
            for x in own:
                out.rels.append((h, "supports", x))
            if not own:
                for x in purpose:
                    if not (h.start <= x.start < h.end):
                        out.rels.append((h, "supports", x))


def _industry_ref(iri: str | None, label: str, at: int) -> Hit:
    hit = Hit("industry", label, at, at, iri=iri or None)
    hit.extra["nomention"] = "1"
    return hit


def _silent(h: Hit) -> Hit:
    """A copy of a hit that only stands as a relation's object (no mention of its own)."""
    hit = Hit(h.kind, h.name, h.start, h.end, iri=h.iri, extra={**h.extra, "nomention": "1"})
    return hit


def _region_hit(region: Region) -> Hit:
    hit = Hit(region.kind, region.name or "", 0, 0, iri=region.place.iri if region.place else None)
    hit.extra.update(place="1", nomention="1", region="1")
    return hit


def _dedupe(hits: list[Hit]) -> list[Hit]:
    seen: set[int] = set()
    out = []
    for h in hits:
        if id(h) not in seen:
            seen.add(id(h))
            out.append(h)
    return out


# -- pass 2: keys, aliases, entities ----------------------------------------------------


class _Keys:
    def __init__(self, ref: Reference, rules: Rules, region: Region) -> None:
        self.ref, self.rules, self.region = ref, rules, region
        self.alias: dict[tuple[str, str], str] = {}  # (kind, name) → canonical name

    def prepare(self, statements: list[_Statement]) -> None:
        """Merge names that mean one park or project in this report."""
        for kind in ("park", "project"):
            order: list[str] = []
            weak: set[str] = set()
            template: dict[str, str] = {}
            for s in statements:
                for h in s.hits:
                    if h.kind != kind:
                        continue
                    if h.weak:
                        weak.add(h.name)
                    elif h.extra.get("template") and h.industry:
                        template[h.name] = h.industry
                    elif h.name not in order:
                        order.append(h.name)
            supports = self._supports_by_name(order)
            for name in [*order, *sorted(weak)]:
                target = self._alias_target(name, order, longest=kind == "park")
                if target:
                    self.alias[(kind, name)] = target
            for name, iri in sorted(template.items()):
                owners = [n for n in order if iri in supports.get(n, ())]
                owners = sorted({self.alias.get((kind, n), n) for n in owners})
                if len(owners) == 1:
                    self.alias[(kind, name)] = owners[0]
            for name in weak:
                self.alias.setdefault((kind, name), "")  # unresolved weak name: dropped

    def _supports_by_name(self, names: list[str]) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for n in names:
            iris = {h.iri for h in find_industries(n, self.ref, self.rules) if h.iri}
            out[n] = iris
        return out

    def _alias_target(self, name: str, order: list[str], longest: bool) -> str | None:
        """The first-seen name of the one other name this one shortens or lengthens
        (主平台开平片区 ~ 江门承接产业有序转移主平台开平片区; X基地 ~ X基地(开平片区))."""
        if "期)" in name:
            return None  # phases are their own projects
        bare = name.split("(")[0]
        cands = []
        for other in order:
            if other == name or "期)" in other:
                continue
            short, long_ = sorted((name, other), key=len)
            if long_.endswith(short) and len(short) >= 4 or other.split("(")[0] == bare:
                cands.append(other)
        if len(cands) != 1:
            return None
        # a park's full name is canonical (主平台开平片区 is short for it); for a project the
        # first-seen name is (a later one may add a descriptor: 国家大科学装置…实验室)
        if longest:
            best = max([name, *cands], key=len)
        else:
            best = min([name, *cands], key=lambda n: order.index(n) if n in order else len(order))
        return best if best != name else None

    def key(self, h: Hit) -> str | None:
        if h.iri:
            return h.iri
        if h.extra.get("region"):
            return self.region.key
        if h.extra.get("place") and h.name in self.region.short and self.region.place is None:
            return self.region.key
        name = h.name
        if h.kind in ("park", "project"):
            name = self.alias.get((h.kind, name), name)
            if not name:
                return None
        if not name:
            return None
        if h.kind == "industry":
            return f"industry:{NATIONAL}:{name}"
        return f"{h.kind}:{self.region.slug}:{name}"

    def canonical(self, h: Hit) -> str:
        if h.kind in ("park", "project"):
            return self.alias.get((h.kind, h.name), h.name) or h.name
        return h.name


def _entity(h: Hit, key: str, label: str, ref: Reference, region: Region) -> Entity:
    if h.iri and h.iri in ref.places:
        p = ref.places[h.iri]
        props = [("mcaCode", p.mca_code), ("nbsCode", p.nbs_code)]
        return Entity(p.kind, key, p.label, p.iri, tuple(sorted((k, v) for k, v in props if v)))
    if h.iri and h.iri in ref.industries:
        return Entity("industry", key, ref.industries[h.iri].label, h.iri)
    if h.iri and h.iri in ref.groups:
        return Entity("group", key, ref.groups[h.iri].label, h.iri)
    if key == region.key and region.place is None:
        return Entity(region.kind, key, region.name or label)
    props: tuple[tuple[str, str], ...] = ()
    if h.kind == "designation":
        props = (("designationTitle", label),)
    return Entity(h.kind, key, label, None, props)


def extract_entities(report: Report, ref: Reference) -> Extraction:
    """Entities, mentions and relations of a report (observations are left empty)."""
    rules = load_rules()
    region = resolve_region(ref, report.meta)
    reader = _Reader(ref, rules, region)
    statements = [reader.read(st) for st in report.statements]
    keys = _Keys(ref, rules, region)
    keys.prepare(statements)

    ex = Extraction()
    mentions: set[Mention] = set()
    relations: dict[Relation, int] = {}
    order = {st.id: st.order for st in report.statements}

    def add(h: Hit, st: Statement) -> str | None:
        key = keys.key(h)
        if key is None:
            return None
        if key not in ex.entities:
            ex.entities[key] = _entity(h, key, keys.canonical(h), ref, region)
        if not h.extra.get("nomention") and h.end > h.start:
            mentions.add(Mention(key, st.id, h.start, h.end, st.text[h.start : h.end]))
        return key

    def in_region(h: Hit, key: str | None, st: Statement) -> None:
        """A place minted for this report (no parent known) lies in the report's region."""
        minted = key and h.kind in PLACE_KINDS and not h.iri and h.parent is None
        if minted and h.kind != "partner" and region.key and key != region.key:
            rkey = add(_region_hit(region), st)
            if rkey:
                relations.setdefault(Relation(key, "within", rkey, st.id), 0)

    for s in statements:
        for h in s.hits:
            in_region(h, add(h, s.st), s.st)
        for subj, pred, obj in s.rels:
            skey = add(subj, s.st)
            okey = obj if isinstance(obj, str) else add(obj, s.st)
            if not isinstance(obj, str) and pred != "within":
                in_region(obj, okey, s.st)
            if skey and okey and skey != okey:
                relations.setdefault(Relation(skey, pred, okey, s.st.id), 0)
    # parks and projects without a stated place lie in a town of the report the gazetteer
    # lacks when their name opens with it (石湾科技园 → 石湾镇), else in the report's region
    located = {r.subject for r in relations if r.predicate == "locatedIn"}
    local = _minted_local_places(ex)
    for key, e in sorted(ex.entities.items()):
        if e.kind in ("park", "project") and key not in located and region.key:
            first = min((m for m in mentions if m.entity == key), key=lambda m: order[m.statement],
                        default=None)  # fmt: skip
            if first is not None:
                own = any(e.label.startswith(n) for n in region.short if len(n) >= 2)
                target = (
                    None
                    if own
                    else next((k for stem, k in local if e.label.startswith(stem)), None)
                )  # the region's own name wins (开平现代装备制造产业园 in 开平区, not 开平镇)
                if target is None:
                    _add_region_entity(ex, region, ref)
                    target = region.key
                relations.setdefault(Relation(key, "locatedIn", target, first.statement), 0)
    ex.entities = dict(sorted(ex.entities.items()))
    ex.mentions = sorted(mentions, key=lambda m: (order[m.statement], m.start, m.end, m.entity))
    ex.relations = sorted(
        relations, key=lambda r: (order[r.statement], r.subject, r.predicate, r.object)
    )
    return ex


def _minted_local_places(ex: Extraction) -> list[tuple[str, str]]:
    """(name or stem, key) of the towns minted for this report, longest first."""
    rules = load_rules()
    out: list[tuple[str, str]] = []
    for key, e in ex.entities.items():
        if e.iri or e.kind not in ("town", "subdistrict"):  # a village's stem is too short a cue
            continue
        out.append((e.label, key))
        for suffix, _ in rules.place_suffixes:
            if e.label.endswith(suffix) and len(e.label) - len(suffix) >= 2:
                out.append((e.label[: -len(suffix)], key))
                break
    return sorted(out, key=lambda x: (-len(x[0]), x))


def _add_region_entity(ex: Extraction, region: Region, ref: Reference) -> None:
    if region.key and region.key not in ex.entities:
        h = _region_hit(region)
        ex.entities[region.key] = _entity(h, region.key, region.name or "", ref, region)


def resolve_subject(
    name: str | None,
    ref: Reference,
    meta: ReportMeta,
    extraction: Extraction | None = None,
    kind: str | None = None,
) -> Entity | None:
    """The entity an observation's subject names, with the same key `extract_entities` gives.

    Looks in `extraction` first (so in-report aliases resolve), then the gazetteer and the
    taxonomy, then mints a key from the name's last word. None when nothing fits.
    """
    if not name:
        return None
    rules = load_rules()
    region = resolve_region(ref, meta)
    cleaned = clean_name(name, rules)
    if extraction is not None:
        found = _from_extraction(cleaned, extraction, kind)
        if found is not None:
            return found
    if cleaned in region.short or cleaned == region.name:
        if region.key is None:
            return None
        return _entity(_region_hit(region), region.key, region.name or cleaned, ref, region)
    place = choose_place(ref, region, cleaned)
    if place is not None:
        h = Hit(place.kind, place.label, 0, 0, iri=place.iri)
        return _entity(h, place.iri, place.label, ref, region)
    iri = ref.industry_names.get(cleaned) or ref.industry_names.get(cleaned.removesuffix("产业"))
    if iri and kind == "cluster":
        label = ref.industries[iri].label + "产业集群"
        return Entity("cluster", f"cluster:{region.slug}:{label}", label)
    if iri:
        return Entity("industry", iri, ref.industries[iri].label, iri)
    for kind_, suffixes in (
        ("cluster", rules.cluster_suffixes),
        ("chain", rules.chain_suffixes),
        ("park", rules.park_suffixes),
        ("project", rules.project_suffixes),
    ):
        if any(cleaned.endswith(s) for s in suffixes):
            if kind_ in ("cluster", "chain"):
                stem = cleaned.removesuffix("产业集群").removesuffix("产业链")
                ind = industry_by_name(stem, ref)
                if ind:
                    suffix = "产业集群" if kind_ == "cluster" else "产业链"
                    cleaned = ref.industries[ind].label + suffix
            return Entity(kind_, f"{kind_}:{region.slug}:{cleaned}", cleaned)
    for suffix, kind_ in rules.place_suffixes:
        if cleaned.endswith(suffix) and len(cleaned) > len(suffix):
            return Entity(kind_, f"{kind_}:{region.slug}:{cleaned}", cleaned)
    return None


def _from_extraction(name: str, ex: Extraction, kind: str | None) -> Entity | None:
    by_label = [e for e in ex.entities.values() if e.label == name]
    surfaces = {m.entity for m in ex.mentions if m.surface == name}
    by_surface = [ex.entities[k] for k in sorted(surfaces) if k in ex.entities]
    for pool in (by_label, by_surface):
        if kind:
            typed = [e for e in pool if e.kind == kind]
            if kind == "cluster":  # 高端装备制造 as a cluster: the cluster of that industry
                clusters = [
                    ex.entities[r.subject]
                    for r in ex.relations
                    if r.predicate == "industry" and r.object in {e.key for e in pool}
                    and ex.entities[r.subject].kind == "cluster"
                ]  # fmt: skip
                typed = typed or sorted(clusters, key=lambda e: e.key)
            if typed:
                return typed[0]
        named = sorted(pool, key=lambda e: (e.kind not in NAMED_KINDS, e.key))
        if named:
            return named[0]
    return None

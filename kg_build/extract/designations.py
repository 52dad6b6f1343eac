"""Designations (示范县, 试点, 名单 …): titles after an award verb, or with a level word."""

from __future__ import annotations

from kg_build.extract.entity_rules import Rules
from kg_build.extract.hits import Hit, Rel, region_hit
from kg_build.extract.levels import LevelWords, level_of
from kg_build.extract.reading import Reading
from kg_build.extract.textspan import clause_bounds, clean_name, is_cjk, pick_left, strip_quotes
from kg_build.model import Statement


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
    """Titles after an award verb (flagged `awarded`) and level-led titles (e.g. targets)."""
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
        for cut in rules.title_cuts:
            k = segment.find(cut)
            if k >= 0:
                segment = segment[:k]
        offset = start
        for part in segment.split(rules.item_comma):
            raw, lead = _strip_prefixes(part, rules)
            title = clean_name(raw, rules)
            quoted = strip_quotes(raw, rules) != raw
            if _valid_title(title, rules, quoted, levels):
                s = offset + lead
                hits.append(
                    Hit("designation", title, s, s + len(raw),
                        flags={"awarded"}, verb_at=pos)
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


REVIEW_PARTS = ("review", "multi_year_review", "preamble")


def award_relations(
    rd: Reading, st: Statement, designations: list[Hit], hits: list[Hit]
) -> tuple[list[Hit], list[Rel]]:
    """Each title's level and, when the report reviews it, its year and awardees: the places,
    parks, clusters or projects before the award verb, a landmark named there, else the
    previous title's awardees, else the report's region. Returns new hits and relations."""
    rules = rd.rules
    new: list[Hit] = []
    rels: list[Rel] = []
    subject: list[Hit] | None = None
    for d in designations:
        level = level_of(d.name, rd.levels)
        if level:
            rels.append((d, "level", f"lit:{level}"))
        if "awarded" not in d.flags or st.part not in REVIEW_PARTS:
            continue
        if "/" not in st.period:
            rels.append((d, "year", f"lit:{st.period}"))
        verb_at = d.verb_at or 0
        cs, _ = clause_bounds(st.text, verb_at)
        cands = [
            h for h in hits
            if cs <= h.start and h.end <= verb_at
            and ("place" in h.flags or h.kind in ("park", "cluster", "project"))
        ]  # fmt: skip
        cands = [h for h in cands if not any(c.parent is h for c in cands)]
        if cands:
            subject = cands
        else:
            before = rules.award_fillers.sub("", st.text[cs:verb_at]).strip()
            if before and rules.count_pattern.search(before):
                continue  # 12家企业入选…: the awardees are not named
            landmark = any(before.endswith(s) for s in rules.landmark_suffixes)
            if landmark and 2 <= len(before) <= 8 and all(is_cjk(c) for c in before):
                mark = Hit("place", before, cs, cs + len(before), flags={"place"})
                new.append(mark)
                subject = [mark]
            if subject is None:  # unknown wording: the previous title's awardees, or the region
                subject = [region_hit(rd.region)]
        for s in subject:
            rels.append((d, "awardedTo", s))
    return new, rels

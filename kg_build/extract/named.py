"""Things named by their last word (parks, projects, clusters, chains) or by their verb
(港口小学扩建, 升级改造XX医院)."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection

from kg_build.extract.counts import count_value
from kg_build.extract.entity_rules import Rules
from kg_build.extract.hits import Hit
from kg_build.extract.textspan import (
    clause_bounds,
    clean_name,
    is_cjk,
    leading_place,
    occurrences,
    pick_left,
    written_name,
)
from kg_build.reference import ADMIN_SUFFIXES, Reference


def strip_name_prefix(name: str, rules: Rules) -> str:
    size = rules.size_opener.match(name)
    if size and len(name) - size.end() >= 3:  # 两万亩优质小麦示范基地: the size is no name
        name = name[size.end() :]
    for word in rules.name_strip_leading:
        if name.startswith(word) and len(name) - len(word) >= 3:
            name = name[len(word) :]
    for word in rules.name_strip_prefixes:
        i = name.find(word)
        if i >= 0 and len(name) - i - len(word) >= 3:
            return name[i + len(word) :]
    return name


RANK_VERB = "居"  # 居全国高新区第3位: a rank among a class of zones


def is_generic(name: str, rules: Rules, ref: Reference) -> bool:
    """A category (重点项目, 超亿元制造业项目) or a slogan (一区两园一通道), not one named thing."""
    if rules.slogan_pattern.fullmatch(name):
        return True
    at = leading_place(name, ref.place_names)  # a leading place name does not make it specific
    core, place = name[at:], name[:at]
    if core in rules.place_parks and place.endswith(rules.place_park_owners):
        return False  # 新兴县产业园: the county's own park, by its full name
    if core in rules.place_works and place:
        return False  # 平海电厂, 西樵大桥: that place's own work
    if core in rules.generic_names or name in rules.generic_names:
        return True
    if _kind_words_only(name, rules):
        return True  # 铁路专用线, 高速公路连接线: a kind of works, no name before it
    own = strip_name_prefix(name, rules)  # 省重大项目某产业园: the park's own name is what counts
    if _aim(own, rules):
        return True  # 世界一流高端能源化工基地: what the report means to become
    if _sector_cluster(own[leading_place(own, ref.place_names) :], rules):
        return True  # (广西)先进制造业集群: a class of clusters, not one industry's
    own = own.removeprefix(RANK_VERB) if own[1:].startswith(rules.category_openers) else own
    if own.startswith(rules.category_openers) and own.endswith(rules.category_zones):
        return True  # 省级现代农业产业园: a title or class of zones
    if is_policy_theme(name, rules, ref):
        return True
    return any(w in name for w in rules.generic_contains)


def _aim(name: str, rules: Rules) -> bool:
    """世界一流某基地, 世界级产业集群: what a report means to become, no park or cluster; a
    cluster of a named industry stays one (世界级轨道交通装备产业集群 is that industry's)."""
    opener = next((w for w in rules.aim_openers if name.startswith(w)), None)
    if opener is None:
        return False
    stem = _industry_stem(name[len(opener) :], (*rules.cluster_suffixes, *rules.chain_suffixes),
                          rules)  # fmt: skip
    return stem is None or not stem or stem in rules.sector_industries


def _sector_cluster(name: str, rules: Rules) -> bool:
    """A cluster of a whole sector (先进制造业集群, 现代服务业产业集群)."""
    return _industry_stem(name, rules.cluster_suffixes, rules) in rules.sector_industries


def _industry_stem(name: str, suffixes: tuple[str, ...], rules: Rules) -> str | None:
    """The industry a cluster's or chain's name is of (before its suffix and 产业), or None
    when `name` ends with none of `suffixes`."""
    suffix = next((s for s in suffixes if name.endswith(s)), None)
    if suffix is None:
        return None
    return name[: -len(suffix)].removesuffix(rules.industry_word)


def is_policy_theme(name: str, rules: Rules, ref: Reference, own: Collection[str] = ()) -> bool:
    """共同富裕先行区, 城乡融合发展试验区: the theme of a policy trial, no park (a place's
    name opening it, of the gazetteer or `own`, makes it that place's zone: 乌镇…综合试验区)."""
    if leading_place(name, ref.place_names, own):
        return False
    return (
        name.endswith(rules.policy_zones)
        and any(w in name for w in rules.policy_themes)
        and not _holds_place(name, ref)
    )


def _kind_words_only(name: str, rules: Rules) -> bool:
    """Whether `name` is a project suffix after another (城际铁路, 铁路专用线)."""
    return any(
        name.endswith(s) and name[: -len(s)] in rules.project_suffixes
        for s in rules.project_suffixes
    )


def _holds_place(name: str, ref: Reference) -> bool:
    """Whether `name` opens with a gazetteer place name or holds one in full (…县, …镇);
    a short form inside a phrase (富裕 in 共同富裕) is no place."""
    spans = ((i, n) for i in range(len(name)) for n in range(2, min(8, len(name) - i) + 1))
    return any(
        name[i : i + n] in ref.place_names and (i == 0 or name[i : i + n].endswith(ADMIN_SUFFIXES))
        for i, n in spans
    )


def _right_extension(
    text: str, end: int, kind: str, rules: Rules
) -> tuple[int, int | None, int, bool]:
    """What belongs to a name after its suffix: a sub-park (佛山高新区狮山园), bracketed
    qualifiers (一期), (开平片区), road sections (开平段), a bare phase (项目一期). Returns the
    name's end, its phase, where the name stands without its phase, and whether the phase
    was bare."""
    phase = None
    if kind == "park":
        m = rules.park_sub_tail.match(text, end)
        if m and not any(w in m.group(0) for w in rules.left_boundaries if len(w) > 1):
            end = m.end()
    m = rules.phase_pattern.match(text, end)
    if m:
        number = count_value(m.group(1))
        if number is not None:
            return m.end(), number, end, True
    base = end
    m = rules.bracket_qualifier.match(text, end)
    if m:
        inner = m.group(1)
        pm = rules.phase_pattern.fullmatch(inner)
        if pm:
            phase = count_value(pm.group(1))
            end = m.end()
        elif any(inner.endswith(s) for s in rules.park_suffixes) or len(inner) <= 3:
            end = m.end()
    if kind == "project":
        m = rules.section_tail.match(text, end)
        if m and (m.end() == len(text) or not is_cjk(text[m.end()])
                  or text.startswith(rules.left_boundaries, m.end())):  # fmt: skip
            end = m.end()  # 某高速某段、…; 某高速某段加快建设
    return end, phase, base, False


def find_suffix_names(text: str, ref: Reference, rules: Rules) -> list[Hit]:
    """Parks, projects, clusters and chains named by their last word."""
    groups = (
        ("park", rules.park_suffixes),
        ("park", rules.park_hosting),
        ("project", rules.project_suffixes),
        ("cluster", rules.cluster_suffixes),
        ("chain", rules.chain_suffixes),
    )
    found: dict[int, tuple[str, str, int]] = {}  # end → (kind, suffix, start); longest wins
    for kind, suffixes in groups:
        for i, suffix in occurrences(text, suffixes):
            end = i + len(suffix)
            if end not in found or len(suffix) > len(found[end][1]):
                found[end] = (kind, suffix, i)
    for end in list(found):  # 物流园 inside 物流园区: the suffix that ends later wins
        _, _, i = found[end]
        if any(i < e_other and s_other < end and e_other > end
               for e_other, (_, _, s_other) in found.items()):  # fmt: skip
            del found[end]
    hits: list[Hit] = []
    for end in sorted(found):
        kind, suffix, i = found[end]
        tail = text[end:]
        if any(tail.startswith(c) for c in rules.suffix_continuations.get(suffix, ())):
            continue
        right, phase, base, bare = _right_extension(text, end, kind, rules)
        weak = suffix in rules.park_weak or suffix in rules.park_hosting
        if suffix in rules.park_hosting and not text.startswith(tuple(rules.host_frames), right):
            continue  # 某新区建设加快: a district or an area, no park

        if rules.count_pattern.match(text, right):
            continue  # 生产基地2家, 项目66个: a category counted, not one thing

        def valid(name: str, suffix: str = suffix, stop: int = end) -> bool | None:
            prefix = name[: -len(suffix)] if name.endswith(suffix) else name
            if len(prefix) < 2 or any(c in name for c in rules.not_in_names):
                return False
            if name.startswith(rules.left_boundaries) and not name.startswith(rules.unbroken):
                return False  # the name would start with the verb that governs it
            at = stop - len(name)
            if text[at:stop] == name and text.endswith(rules.list_etc, 0, at):
                return None  # A、B等X项目: the head of a list is a category, no name
            joined = text[at:stop] == name and name.startswith(tuple(rules.joined_tails))
            if joined and text.endswith(rules.list_separators, 0, at):
                return None  # 新材料及|应用产业基地: the tail of an industry, no name
            if re.search(f"{rules.count_pattern.pattern}$", prefix):
                return None  # 五项工程
            if _aim(strip_name_prefix(name, rules), rules):
                return None  # 建设|世界一流某基地: an aim, and the verb is no part of a name
            if not is_generic(name, rules, ref):
                return True
            edge = stop - len(name)
            works = (*rules.works_verbs, *rules.name_verbs)
            if text[edge:stop] == name and text.endswith(works, 0, edge):
                return False  # 小区改造|试点项目: the works verb is the name's own, read on
            return None

        if _governed(text, i, rules):
            continue  # 推进项目, 加快园区, 为中心: the verb governs the bare word, no name
        left = pick_left(text, i, end, rules, valid)
        if left is None or text[left - 1 : left] in rules.closing_brackets:
            wider = _across_bracket(text, i, end, rules, valid)
            left = left if wider is None else wider
        if left is None:
            continue
        if kind in ("cluster", "chain"):
            left = _taxonomy_head(text, left, i, ref)  # 生物医药与|健康产业集群: one concept
        name = strip_name_prefix(written_name(text[left:right], rules), rules)
        if rules.count_pattern.match(name):
            continue  # 首批|10个零碳产业园区: a category counted, not one thing
        if suffix in rules.park_hosting and name in ref.place_names:
            continue  # 浦东新区以…: the district itself
        if name != clean_name(text[left:right], rules) and is_generic(name, rules, ref):
            continue  # 首批签约项目 → 签约项目: what the prefix qualified is a category
        if bare:  # 项目一期 → 项目(一期)
            stem = strip_name_prefix(clean_name(text[left:base], rules), rules)
            name = f"{stem}({text[base:right]})"
        if weak and not any(s in name[: -len(suffix)] for s in rules.park_strong):
            hit = Hit("park", name, left, right, weak=True)
        elif kind == "park" and phase:  # 电子信息产业基地(二期): a phase of the park is a project
            park = Hit("park", strip_name_prefix(clean_name(text[left:base], rules), rules),
                       left, base)  # fmt: skip
            hit = Hit("project", name, left, right, phase=phase, parent=park)
            hits.append(park)
        else:
            hit = Hit(kind, name, left, right, phase=phase)
        if kind in ("cluster", "chain"):
            hit.industry = clean_name(text[left:i], rules).removesuffix(rules.industry_word) or None
        hits.append(hit)
    return _nest(hits)


def _taxonomy_head(text: str, left: int, at: int, ref: Reference) -> int:
    """The left edge of a cluster's or chain's industry moved to the start of a longer
    taxonomy label that ends where the industry does (生物医药与健康: the connector 与 is
    part of that concept's name, not a list's)."""
    for n in range(min(at, 12), at - left, -1):
        if text[at - n : at] in ref.industry_names:
            return at - n
    return left


def _across_bracket(
    text: str, i: int, end: int, rules: Rules, valid: Callable[[str], bool | None]
) -> int | None:
    """The left edge of a name that holds a short bracketed place (玉林(福绵)节能环保产业园,
    某合作区某地(某市)产业园): the edges stop at the bracket, so read on from its opening."""
    j = i  # the suffix's start
    while j > 0 and text[j - 1] not in rules.name_stops:
        j -= 1
    if j == 0 or text[j - 1] not in rules.closing_brackets:
        return None
    o = max(text.rfind(b, 0, j - 1) for b in rules.opening_brackets)
    inner = text[o + 1 : j - 1]
    if o <= 0 or not 2 <= len(inner) <= 6 or not all(is_cjk(c) for c in inner):
        return None
    if rules.phase_pattern.fullmatch(inner) or i - j == 1:
        return None  # 某基地(二期): a phase; (合作社)联基地: a word cut by the bracket
    outer = pick_left(text, o, end, rules, valid)
    return outer if outer is not None and o - outer >= 2 else None


def _governed(text: str, i: int, rules: Rules) -> bool:
    """Whether a clause word (a verb that is not the works a name may end with, 改造项目)
    stands right before a suffix, so the suffix is a bare common noun."""
    for w in rules.left_boundaries:
        if text.endswith(w, 0, i):
            return not any(v.endswith(w) for v in (*rules.works_verbs, *rules.name_verbs))
    return False


def _nest(hits: list[Hit]) -> list[Hit]:
    """Inner names: a park inside a project's name stays (the project lies in it); a park
    inside a longer park name, or anything else nested, is dropped."""
    keep: list[Hit] = []
    for h in hits:
        outer = [
            o for o in hits if o is not h and o.start <= h.start and h.end <= o.end
            and (o.end - o.start) > (h.end - h.start)
        ]  # fmt: skip
        if not outer:
            keep.append(h)
            continue
        o = max(outer, key=lambda x: x.end - x.start)
        if h.kind == "park" and not h.weak and o.kind == "project":
            o.parent = h
            keep.append(h)
    return keep


def find_works(text: str, ref: Reference, rules: Rules, taken: list[Hit]) -> list[Hit]:
    """Works named by their verb or status: 港口小学扩建, 升级改造XX医院 (→ XX医院升级改造),
    XX污水处理厂建设, XX医院新院区投入使用."""
    hits: list[Hit] = []
    spans = [(h.start, h.end) for h in taken]
    for i, noun in sorted(occurrences(text, rules.facility_nouns)):
        end = i + len(noun)
        if any(s < end and i < e for s, e in spans + [(h.start, h.end) for h in hits]):
            continue
        after = text[end:]

        def named(n: str, noun: str = noun) -> bool:
            return len(n) - len(noun) >= 2 and not is_generic(n, rules, ref)

        verb = next((v for v in rules.works_verbs if after.startswith(v)), None)
        if verb:  # XX小学扩建, XX小学新建综合楼
            stop = end + len(verb)
            m = rules.works_building.match(text, stop)
            if m:
                stop = m.end()
            left = pick_left(text, i, end, rules, named)
            if left is not None:
                hit = Hit("project", clean_name(text[left:stop], rules), left, stop)
                hit.flags.add("works")
                hits.append(hit)
            continue
        if any(after.startswith(v) for v in rules.facility_status_after):
            left = pick_left(text, i, end, rules, named)  # XX污水处理厂建设, XX院区投入使用
            if left is not None:
                hits.append(Hit("project", clean_name(text[left:end], rules), left, end))
            continue
        boundary = not after or after[0] in rules.clause_stops + rules.item_comma
        cs, _ = clause_bounds(text, i)
        head = text[cs:i]
        verbs = (*rules.works_verbs, *rules.facility_build_verbs)
        found = max(((cs + head.rfind(v) + len(v), v) for v in verbs if v in head), default=None)
        facility = text[found[0] : end] if found else ""
        clean = not any(w in facility for w in rules.left_boundaries if len(w) > 1)
        if found is not None and boundary and named(facility) and clean:
            name_start, verb = found  # 升级改造开平市中心医院 → 开平市中心医院升级改造
            works = verb in rules.works_verbs  # 建设博爱湖公园 → 博爱湖公园
            hit = Hit("project", clean_name(facility + verb if works else facility, rules),
                      name_start, end)  # fmt: skip
            if works:
                hit.flags.add("works")
            hits.append(hit)
    return hits

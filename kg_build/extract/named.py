"""Things named by their last word (parks, projects, clusters, chains), by their verb
(港口小学扩建) or as items of a typed list (赤坎、塘口、百合、蚬冈四镇)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg_build.extract.entity_rules import ListHead, Rules
from kg_build.extract.textspan import (
    CLAUSE_STOPS,
    clause_bounds,
    clean_name,
    is_cjk,
    pick_left,
    strip_leading_verbs,
    strip_quotes,
)
from kg_build.reference import Reference

CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
             "九": 9, "十": 10}  # fmt: skip


@dataclass
class Hit:
    """One recognised name in a statement, before resolution to an entity key."""

    kind: str  # park, project, cluster, chain, industry, group, town, village, designation …
    name: str  # cleaned canonical candidate name
    start: int  # span in the statement text
    end: int
    iri: str | None = None  # reference data
    industry: str | None = None  # cluster/chain/list park: the industry name or IRI
    phase: int | None = None
    frame: tuple[int, int] | None = None  # where to read status verbs (a whole list)
    weak: bool = False  # only an alias of a park seen elsewhere
    list_id: int | None = None
    parent: Hit | None = None  # a village's town, a project's park (by nesting in its name)
    extra: dict[str, str] = field(default_factory=dict)


def cn_number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if text in CN_DIGITS:
        return CN_DIGITS[text]
    if len(text) == 2 and text[0] == "十" and text[1] in CN_DIGITS:
        return 10 + CN_DIGITS[text[1]]
    if len(text) == 2 and text[1] == "十" and text[0] in CN_DIGITS:
        return CN_DIGITS[text[0]] * 10
    return None


def strip_name_prefix(name: str, rules: Rules) -> str:
    for word in rules.name_strip_leading:
        if name.startswith(word) and len(name) - len(word) >= 3:
            name = name[len(word) :]
    for word in rules.name_strip_prefixes:
        i = name.find(word)
        if i >= 0 and len(name) - i - len(word) >= 3:
            return name[i + len(word) :]
    return name


def is_generic(name: str, rules: Rules, ref: Reference) -> bool:
    """A category (重点项目, 超亿元制造业项目), not one named thing."""
    core = name
    for n in range(min(len(core), 8), 1, -1):  # a leading place name does not make it specific
        if core[:n] in ref.place_names:
            core = core[n:]
            break
    if core in rules.generic_names or name in rules.generic_names:
        return True
    return any(w in name for w in rules.generic_contains)


def _ends(text: str, suffixes: tuple[str, ...]) -> list[tuple[int, str]]:
    out = []
    for suffix in suffixes:
        i = text.find(suffix)
        while i >= 0:
            out.append((i, suffix))
            i = text.find(suffix, i + 1)
    return out


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
    m = rules.bare_phase.match(text, end)
    if m and (m.end() == len(text) or text[m.end()] not in "间内末"):
        number = cn_number(m.group(1))
        if number is not None:
            return m.end(), number, end, True
    base = end
    m = rules.bracket_qualifier.match(text, end)
    if m:
        inner = m.group(1)
        pm = rules.phase_pattern.fullmatch(inner)
        if pm:
            phase = cn_number(pm.group(1))
            end = m.end()
        elif any(inner.endswith(s) for s in rules.park_suffixes) or len(inner) <= 3:
            end = m.end()
    if kind == "project":
        m = rules.section_tail.match(text, end)
        if m and (m.end() == len(text) or not is_cjk(text[m.end()])):
            end = m.end()
    return end, phase, base, False


def find_suffix_names(text: str, ref: Reference, rules: Rules) -> list[Hit]:
    """Parks, projects, clusters and chains named by their last word."""
    groups = (
        ("park", rules.park_suffixes),
        ("project", rules.project_suffixes),
        ("cluster", rules.cluster_suffixes),
        ("chain", rules.chain_suffixes),
    )
    found: dict[int, tuple[str, str, int]] = {}  # end → (kind, suffix, start); longest wins
    for kind, suffixes in groups:
        for i, suffix in _ends(text, suffixes):
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
        weak = suffix in rules.park_weak

        if rules.count_pattern.match(text, right):
            continue  # 生产基地2家, 项目66个: a category counted, not one thing

        def valid(name: str, suffix: str = suffix) -> bool | None:
            prefix = name[: -len(suffix)] if name.endswith(suffix) else name
            if len(prefix) < 2 or "、" in name or "等" in name:
                return False
            if any(name.startswith(w) for w in rules.left_boundaries):
                return False  # the name would start with the verb that governs it
            if re.search(f"{rules.count_pattern.pattern}$", prefix):
                return None  # 五项工程
            return None if is_generic(name, rules, ref) else True

        left = pick_left(text, i, end, rules, valid)
        if left is None:
            continue
        name = strip_name_prefix(clean_name(text[left:right], rules), rules)
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
            hit.industry = clean_name(text[left:i], rules).removesuffix("产业") or None
        hits.append(hit)
    return _nest(hits)


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
    XX污水处理厂建设, XX医院新院区投入使用, 在景区谋划建设起降点 (→ 景区起降点)."""
    hits: list[Hit] = []
    spans = [(h.start, h.end) for h in taken]
    for i, noun in sorted(_ends(text, rules.facility_nouns)):
        end = i + len(noun)
        if any(s < end and i < e for s, e in spans + [(h.start, h.end) for h in hits]):
            continue
        after = text[end:]

        def named(n: str, noun: str = noun) -> bool:
            return len(n) - len(noun) >= 2 and not is_generic(n, rules, ref)

        verb = next((v for v in rules.works_verbs if after.startswith(v)), None)
        if verb:  # XX小学扩建, XX小学新建综合楼
            stop = end + len(verb)
            m = re.match(r"[\u4e00-\u9fff]{0,4}?(楼|馆|室|区|场)", text[stop:])
            if verb == "新建" and m:
                stop += m.end()
            left = pick_left(text, i, end, rules, named)
            if left is not None:
                hit = Hit("project", clean_name(text[left:stop], rules), left, stop)
                hit.extra["works"] = "1"
                hits.append(hit)
            continue
        if any(after.startswith(v) for v in rules.facility_status_after):
            left = pick_left(text, i, end, rules, named)  # XX污水处理厂建设, XX院区投入使用
            if left is not None:
                hits.append(Hit("project", clean_name(text[left:end], rules), left, end))
            continue
        boundary = not after or after[0] in CLAUSE_STOPS + "、"
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
                hit.extra["works"] = "1"
            hits.append(hit)
            continue
        m = re.search(
            r"在([\u4e00-\u9fff]{2,6}?)(?:谋划|规划|推动|加快)?(?:建设|布局|新建)$", text[:i]
        )
        if m and boundary:  # 在景区谋划建设起降点 → 景区起降点
            name = clean_name(m.group(1) + noun, rules)
            hits.append(Hit("project", name, m.start(1), end, frame=(i, end)))
    return hits


_NUM = "(?:\\d+|[一二三四五六七八九十两]+)"
_CLASSIFIER = "(?:大|条|个|家|项|类|座)"


def _list_regex(rules: Rules, qualified: bool) -> re.Pattern[str]:
    """Items, then 等 and/or a count, then (industry heads only) a qualifier like 传统优势."""
    marker = f"(?:等{_NUM}?{_CLASSIFIER}?|{_NUM}{_CLASSIFIER}?)"
    size = rules.list_qualifier_max if qualified else 0
    qual = f"(?:(?!等)[\\u4e00-\\u9fff]){{0,{size}}}"
    return re.compile(f"^(?P<items>.+?)(?P<marker>{marker})(?P<qual>{qual})$")


def _split_items(text: str, offset: int, rules: Rules) -> list[tuple[str, int]]:
    seps = "|".join(re.escape(s) for s in rules.list_separators)
    out, pos = [], 0
    for m in re.finditer(seps, text):
        out.append((text[pos : m.start()], offset + pos))
        pos = m.end()
    out.append((text[pos:], offset + pos))
    return [(t, o) for t, o in out if t]


@dataclass
class ListMatch:
    head: ListHead
    qualifier: str
    items: list[tuple[str, int]]  # (item text, offset) with leading verbs and quotes removed
    start: int
    end: int  # end of the head
    count: int | None
    loose: bool  # 等: the list may be longer than the items given


def find_lists(text: str, rules: Rules) -> list[ListMatch]:
    """Typed lists: A、B、C等N<qualifier><head>."""
    regexes = {True: _list_regex(rules, True), False: _list_regex(rules, False)}
    out: list[ListMatch] = []
    taken: list[tuple[int, int]] = []
    for head in rules.list_heads:
        for i, _ in _ends(text, (head.head,)):
            end = i + len(head.head)
            if head.head == "产业" and text[end : end + 1] in ("园", "集", "链", "基", "专"):
                continue
            if any(s < end and i < e for s, e in taken):
                continue
            cs, _ = clause_bounds(text, i)
            pre = text[cs:i]
            m = regexes[head.kind in ("industry", "cluster", "chain")].match(pre)
            marker = m.group("marker") if m else ""
            if m is None or (head.kind not in ("industry", "cluster", "chain") and m.group("qual")):
                if head.kind in ("industry", "cluster", "chain") and "、" in pre:
                    m2 = re.match(r"^(?P<items>.+、[^、]+)$", pre)
                    if m2 is None:
                        continue
                    items_text, qual, marker = m2.group("items"), "", ""
                else:
                    continue
            else:
                items_text, qual = m.group("items"), m.group("qual")
            items = _split_items(items_text, cs, rules)
            if not items:
                continue
            first, off = items[0]
            rest, cut = strip_leading_verbs(first, (*rules.list_item_verbs, *rules.left_boundaries))
            items[0] = (rest, off + cut)
            items = [_unquote(t, o, rules) for t, o in items]
            items = [(t, o) for t, o in items if t]
            num = re.search(_NUM, marker)
            count = cn_number(num.group(0)) if num else None
            loose = marker.startswith("等")
            if count is not None and not loose and count != len(items):
                continue
            if not loose and len(items) < 2:
                continue
            if count is not None and len(items) > count:
                continue
            out.append(ListMatch(head, qual, items, items[0][1], end, count, loose))
            taken.append((items[0][1], end))
    return sorted(out, key=lambda lm: lm.start)


def _unquote(item: str, offset: int, rules: Rules) -> tuple[str, int]:
    lead = len(item) - len(item.lstrip(rules.quotes + " "))
    return strip_quotes(item, rules).strip(), offset + lead

"""Industry names from the taxonomy's labels (pref, alt and hidden), longest first."""

from __future__ import annotations

from kg_build.extract.entity_rules import Rules, load_rules
from kg_build.extract.hits import Hit
from kg_build.extract.textspan import YEAR, is_cjk
from kg_build.reference import Reference

PLACE_MAX = 6  # the longest place name looked for right before an industry label
MODIFIER_MAX = 3  # the longest modifier read into an industry's name (康养旅游)
MEASURED_MAX = 8  # the longest industry name read before 产业 and a measure (纺织印染)


def mentioned_industries(text: str, ref: Reference, rules: Rules) -> list[Hit]:
    """The taxonomy labels `text` mentions as the industry itself: not one read right after
    a modifier (智慧农业, 康养旅游, 园区名 such as 某县先进制造业开发区), which names a
    kind of it or something else, so it does not mention the concept."""
    out: list[Hit] = []
    for h in find_industries(text, ref, rules):
        if _zone_class(text, h, rules):
            continue
        if not _modified(text, h.start, ref, rules):
            out.append(h)
        elif (kind := _kind_as_written(text, h, rules)) is not None:
            out.append(kind)
    return out


def _kind_as_written(text: str, h: Hit, rules: Rules) -> Hit | None:
    """A modifier and the label after it as one industry of its own, as written (康养旅游),
    when the phrase is plainly an industry: a short modifier right after a purpose verb
    (发展) or a mark, and the phrase developed (发展X) or counted as one (X产值, X产业、)."""
    i = h.start
    n = next((n for n in range(2, MODIFIER_MAX + 1) if i - n >= 0 and _opens(text, i - n, rules)),
             None)  # fmt: skip
    if n is None or not all(is_cjk(c) for c in text[i - n : i]):
        return None
    start = i - n
    modifier = text[start:i]
    if any(w in modifier for w in rules.left_boundaries if len(w) > 1):
        return None
    after = text[h.end :]
    developed = text[:start].endswith(rules.purpose_verbs)
    counted = after.startswith(rules.kind_counted_after)
    if not (developed or counted) or modifier in rules.place_stop_stems:
        return None
    if modifier.endswith(rules.host_item_openers):
        return None  # 打造世界级|新能源汽车产业基地: a rank, not a kind of the industry
    end = h.end
    surface = text[start:end]
    return Hit("industry", surface.removesuffix(rules.industry_word), start, end)


def _opens(text: str, at: int, rules: Rules) -> bool:
    """Whether a name may start at `at`: the text's start, after a mark, a clause opener or
    a purpose verb."""
    if at == 0 or not is_cjk(text[at - 1]):
        return True
    return text[:at].endswith((*rules.left_boundaries, *rules.purpose_verbs))


def _zone_class(text: str, h: Hit, rules: Rules) -> bool:
    """A sector word that with the zone word after it names a class of zones (先进制造业
    开发区, 现代农业产业园), not the sector."""
    stem = text[h.start : h.end].removesuffix(rules.industry_word)
    rest = text[h.start + len(stem) :]
    return h.name in rules.sector_industries and rest.startswith(rules.category_zones)


def name_industries(owner: Hit, text: str, ref: Reference, rules: Rules) -> list[Hit]:
    """The taxonomy industries a park's or project's name holds, spanned where the name
    stands in `text` (silent when it is not written there as such), less a sector word that
    with the zone word after it names the class of zone (某县先进制造业开发区, 国家现代农业
    产业园: a kind of zone, not what the zone hosts)."""
    name = owner.name
    out: list[Hit] = []
    for h in find_industries(name, ref, rules):
        if _zone_class(name, h, rules):
            continue
        at = text.find(name[h.start : h.end], owner.start, owner.end)
        if at < 0:
            out.append(Hit(h.kind, h.name, owner.start, owner.start, iri=h.iri, flags={"silent"}))
        else:
            out.append(Hit(h.kind, h.name, at, at + h.end - h.start, iri=h.iri))
    return out


def _modified(text: str, i: int, ref: Reference, rules: Rules) -> bool:
    """The label at `i` follows a CJK character that does not end a clause opener (推动,
    和 …), a purpose verb (助力), an industry list's stop (的) or a town's or village's name
    (某乡林下经济), a place name (澳门中医药: that place's industry itself) or a count of
    a list (四大特色农业产业)."""
    if i == 0 or not is_cjk(text[i - 1]):
        return False
    before = text[max(0, i - PLACE_MAX) : i]
    if rules.industry_count_opener.search(before):
        return False  # 四大特色农业产业: the items of a counted list
    if any(before[-n:] in ref.place_names for n in range(2, len(before) + 1)):
        return False  # 澳门中医药: that place's industry
    if _after_town(before, rules):
        return False
    ends = (*rules.left_boundaries, *rules.purpose_verbs, *rules.industry_item_stops)
    return not before.endswith(ends)


def _after_town(before: str, rules: Rules) -> bool:
    """`before` ends with a town's or village's name (某乡), not a word such as 古镇, 乡村."""
    for suffix, _ in rules.place_suffixes:
        if before.endswith(suffix):
            stem = before[: -len(suffix)]
            stops = rules.place_stop_stems
            return len(stem) >= 2 and not any(before.endswith(w) or stem.endswith(w) for w in stops)
    return False


def find_industries(text: str, ref: Reference, rules: Rules) -> list[Hit]:
    """Every taxonomy label in `text`, longest match left to right, minus stop contexts."""
    names = ref.industry_names
    max_len = max((len(n) for n in names), default=0)
    hits: list[Hit] = []
    i = 0
    while i < len(text):
        found = None
        for n in range(min(max_len, len(text) - i), 1, -1):
            if text[i : i + n] in names:
                found = text[i : i + n]
                break
        if found is None:
            i += 1
            continue
        if _stopped(text, i, found, rules):
            i += len(found)  # 第一产业增加值: not a mention, nor is the 一产 inside it
            continue
        iri = names[found]
        hits.append(Hit("industry", ref.industries[iri].label, i, i + len(found), iri=iri))
        i += len(found)
    return hits


def _stopped(text: str, i: int, label: str, rules: Rules) -> bool:
    """An industry word that opens a statistic, a facility or a title (农业总产值, 旅游景区,
    养老服务站) does not mention the industry."""
    after = text[i + len(label) :]
    if any(after.startswith(w) for w in rules.industry_stop_after_any):
        return True
    if rules.industry_numbered_works.match(after):
        return True  # 轨道交通13号线: a line named after the industry
    return any(after.startswith(w) for w in rules.industry_stop_after.get(label, ()))


def industry_by_name(name: str, ref: Reference) -> str | None:
    """The taxonomy IRI a name means: a label (with or without 产业), or a label it ends
    with after the verb that governs it (做精做深马冈鹅). A label after a modifier names a
    kind of that industry, not the industry (先进装备制造, 稀土新材料): None, so the name is
    minted as written (nearest_industry links it)."""
    if name in ref.industry_names:
        return ref.industry_names[name]
    stem = name.removesuffix(load_rules().industry_word)
    if stem in ref.industry_names:
        return ref.industry_names[stem]
    found = _label_suffix(name, ref)
    if found is None:
        return None
    boundaries = load_rules().left_boundaries
    head = name[: -len(found)]
    return ref.industry_names[found] if head.endswith(boundaries) else None


def nearest_industry(name: str, ref: Reference) -> str | None:
    """The taxonomy concept nearest a name: the one it means, else the one whose label it
    ends with (稀土新材料 → 新材料)."""
    iri = industry_by_name(name, ref)
    if iri is not None:
        return iri
    found = _label_suffix(name.removesuffix(load_rules().industry_word), ref)
    return ref.industry_names[found] if found else None


def _label_suffix(name: str, ref: Reference) -> str | None:
    """The longest taxonomy label (2 characters or more) that `name` ends with."""
    for n in range(len(name) - 1, 1, -1):
        if name[-n:] in ref.industry_names:
            return name[-n:]
    return None


def industries_in(name: str, ref: Reference, rules: Rules) -> tuple[str, ...]:
    """The taxonomy IRIs a park's or project's name holds, in order, once each."""
    return tuple(dict.fromkeys(h.iri for h in find_industries(name, ref, rules) if h.iri))


def measured_industries(text: str, ref: Reference, rules: Rules) -> list[Hit]:
    """Industries named before 产业 and a measure of their own output (纺织印染产业实现产值,
    肉羊产业、小杂粮产业产值): minted as written where the taxonomy lacks them."""
    word = rules.industry_word
    out: list[Hit] = []
    at = text.find(word)
    while at >= 0:
        if text.startswith(rules.measured_industry_after, at + len(word)):
            end = at
            while (start := _measured_start(text, end, ref, rules)) is not None:
                name = text[start:end]
                if industry_by_name(name, ref) is None and name + word not in ref.industry_names:
                    out.append(Hit("industry", name, start, end))  # not 第一|产业 either
                before = start - 1 - len(word)  # 肉羊产业、|小杂粮产业产值: the item before
                listed = before >= 0 and text[start - 1] in rules.item_comma
                if not listed or not text.startswith(word, before):
                    break
                end = before
        at = text.find(word, at + 1)
    return sorted(out, key=lambda h: h.start)


def _measured_start(text: str, end: int, ref: Reference, rules: Rules) -> int | None:
    """Where the industry name ending at `end` (before 产业) starts: after the last clause
    word or year, a scope or rank word (全市, 世界级) and a place written with its level
    (横州市); None unless 2 to MEASURED_MAX characters of no class of industries remain."""
    lo = end
    while lo > 0 and is_cjk(text[lo - 1]) and end - lo < MEASURED_MAX + 8:
        lo -= 1
    window = text[lo:end]
    cut = 0
    for w in (*rules.left_boundaries, *rules.purpose_verbs):
        i = window.rfind(w)
        if len(w) > 1 and i >= 0:
            cut = max(cut, i + len(w))
    cut = max([cut, *(m.end() for m in YEAR.finditer(window))])
    name = window[cut:]
    if rules.industry_count_inside.search(name):
        return None  # 新材料两大主导, 新能源五大适港: the count of a list, not a name
    for w in rules.host_item_openers:
        name = name.removeprefix(w)
    name = name[_leading_level_place(name, ref, rules) :]
    if not 2 <= len(name) <= MEASURED_MAX or any(w in name for w in rules.industry_class_words):
        return None  # 战略性新兴, 工业高技术, 人工智能核心: a class of industries
    return end - len(name)


def _leading_level_place(name: str, ref: Reference, rules: Rules) -> int:
    """The length of a place written with its level that opens `name` (横州市茉莉花, 六靖镇荔枝):
    a gazetteer place ending with a level, or a county's or town's name the gazetteer may
    lack (two characters or more and its level)."""
    levels = tuple(s for s, _ in rules.region_suffixes)
    towns = (*levels, *(s for s, kind in rules.place_suffixes if kind in ("town", "subdistrict")))
    for n in range(min(len(name) - 2, 8), 1, -1):
        head = name[:n]
        if head in ref.place_names and head.endswith(levels):
            return n
        if n >= 3 and head.endswith(towns) and not any(w in head for w in rules.place_stop_stems):
            return n
    return 0

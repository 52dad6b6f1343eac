"""Typed lists: A、B、C等N<qualifier><head> (赤坎、塘口、百合、蚬冈四镇; …等传统优势产业),
and the towns, industries, parks and projects their items name."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg_build.extract.counts import count_value
from kg_build.extract.entity_rules import ListHead, Rules
from kg_build.extract.hits import Hit
from kg_build.extract.industries import industry_by_name
from kg_build.extract.reading import Reading
from kg_build.extract.region import choose_place
from kg_build.extract.textspan import (
    clause_bounds,
    clean_name,
    is_cjk,
    occurrences,
    strip_leading_verbs,
    strip_quotes,
)

INDUSTRY_KINDS = ("industry", "cluster", "chain")
PLACE_KINDS = ("town", "subdistrict", "village")
PROJECT_HEAD = "项目"  # the one head a qualified list of projects ends with
PROJECT_ITEM_MIN = 4  # characters of a project's name in a qualified list (not 教育, 医疗)


@dataclass
class ListMatch:
    head: ListHead
    qualifier: str
    items: list[tuple[str, int]]  # (item text, offset) with leading verbs and quotes removed
    start: int
    end: int  # end of the head
    count: int | None
    loose: bool  # 等: the list may be longer than the items given


def _split_items(
    text: str, offset: int, rules: Rules, joined: bool = False
) -> list[tuple[str, int]]:
    """The items between the separators. In an industry list (`joined`) with the item comma,
    和/及 before its last comma join one item (金属、新能源和储能、电子和食品 gives four)."""
    seps = re.compile("|".join(re.escape(s) for s in rules.list_separators))
    last = text.rfind(rules.item_comma) if joined else -1
    out, pos = [], 0
    for m in seps.finditer(text):
        if m.start() < last and m.group(0) != rules.item_comma:
            continue  # 新能源和储能、…: the 和 joins one item
        out.append((text[pos : m.start()], offset + pos))
        pos = m.end()
    out.append((text[pos:], offset + pos))
    return [(t, o) for t, o in out if t]


def find_lists(text: str, rules: Rules) -> list[ListMatch]:
    """Typed lists: A、B、C等N<qualifier><head>."""
    out: list[ListMatch] = []
    taken: list[tuple[int, int]] = []
    for head in rules.list_heads:
        for i, _ in occurrences(text, (head.head,)):
            end = i + len(head.head)
            tail = text[end:]
            if any(tail.startswith(w) for w in rules.list_head_continuations.get(head.head, ())):
                continue
            if any(s < end and i < e for s, e in taken):
                continue
            cs, _ = clause_bounds(text, i)
            pre = text[cs:i]
            typed = head.kind in INDUSTRY_KINDS
            m = rules.list_tail(typed or head.kind == "project").match(pre)
            if m and not typed and m.group("qual") and not _project_qualifier(head, m, rules):
                m = rules.list_tail(False).match(pre)
            loose = bool(m and m.group("loose"))
            marker = m.group("marker") if m else ""
            if m is None or (not typed and m.group("qual") and head.kind != "project"):
                if not typed or rules.item_comma not in pre:
                    continue
                m2 = rules.bare_list.match(pre)
                if m2 is None:
                    continue
                items_text, qual, marker, loose = m2.group("items"), "", "", False
            else:
                items_text, qual = m.group("items"), m.group("qual")
            items = _split_items(items_text, cs, rules, joined=typed)
            if not items:
                continue
            first, off = items[0]
            rest, cut = strip_leading_verbs(first, (*rules.list_item_verbs, *rules.left_boundaries))
            items[0] = (rest, off + cut)
            items = [_unquote(t, o, rules) for t, o in items]
            items = [(t, o) for t, o in items if t]
            num = rules.list_count.search(marker)
            count = count_value(num.group(0)) if num else None
            if count is not None and not loose and count != len(items):
                continue
            if not loose and len(items) < 2:
                continue
            if count is not None and len(items) > count:
                continue
            out.append(ListMatch(head, qual, items, items[0][1], end, count, loose))
            taken.append((items[0][1], end))
    return sorted(out, key=lambda lm: lm.start)


def _project_qualifier(head: ListHead, m: re.Match[str], rules: Rules) -> bool:
    """A qualified list of projects (A、B等11个续建项目) whose items are names (4 characters
    or more), with a qualifier of `project_list_qualifiers`; the qualifier then stays out of
    the items' names. Works (…等重点工程) are named by what is done, so stay unread."""
    if head.head != PROJECT_HEAD or m.group("qual") not in rules.project_list_qualifiers:
        return False
    items = re.split("|".join(map(re.escape, rules.list_separators)), m.group("items"))
    return all(len(t.strip()) >= PROJECT_ITEM_MIN for t in items)


def _unquote(item: str, offset: int, rules: Rules) -> tuple[str, int]:
    lead = len(item) - len(item.lstrip(rules.quotes + " "))
    return strip_quotes(item, rules).strip(), offset + lead


def list_hits(rd: Reading, text: str, lm: ListMatch, n: int, places: list[Hit]) -> list[Hit]:
    """The things a list's items name; empty when an item is not of the head's kind."""
    kind = lm.head.kind
    if kind in PLACE_KINDS:
        return _place_items(rd, lm, places)
    ref, rules = rd.ref, rd.rules
    out: list[Hit] = []
    frame = (lm.start, lm.end)
    if kind in INDUSTRY_KINDS:
        known = [t for t, _ in lm.items if industry_by_name(t, ref)]
        if not known and not lm.loose and lm.count is None:
            return []  # "A、B…产业" with no industry known and no 等/count: not a list
    for item, off in lm.items:
        span = (off, off + len(item))
        iri = industry_by_name(item, ref)
        if kind in INDUSTRY_KINDS and any(w in item for w in rules.list_separators):
            iri = None  # 新能源和储能: a joined sector, named as written
        if kind in INDUSTRY_KINDS:
            if iri is None and not mintable_industry(rd, item):
                continue
            label = ref.industries[iri].label if iri else clean_name(item, rules)
            out.append(Hit("industry", label, *span, iri=iri, list_id=n))
            if kind in ("cluster", "chain"):
                group = Hit(kind, label + rules.minted_suffixes[kind], *span, industry=label,
                            list_id=n)  # fmt: skip
                group.industry_iri = iri
                out.append(group)
        elif kind == "park":
            if item.endswith((*rules.park_suffixes, *rules.park_item_ends)):
                out.append(Hit("park", clean_name(item, rules), *span, list_id=n))
                continue
            template = lm.head.name or "{item}"
            park = Hit("park", clean_name(template.format(item=item), rules), *span, list_id=n)
            if iri is not None and lm.head.name:
                park.industry = iri
                park.flags.add("template")
            out.append(park)
            if iri is not None:
                out.append(Hit("industry", ref.industries[iri].label, *span, iri=iri))
        elif kind == "project":
            works = any(v in item for v in rules.works_verbs)
            name = item if works or item.endswith(lm.head.head) else item + lm.head.head
            out.append(Hit("project", clean_name(name, rules), *span, frame=frame))
    if kind == "industry" and lm.qualifier:
        label = lm.qualifier + lm.head.head
        giri = ref.group_names.get(label)
        start = lm.end - len(label)
        if giri or industry_by_name(label, ref) is None:
            name = ref.groups[giri].label if giri else label
            out.append(Hit("group", name, start, lm.end, iri=giri, list_id=n))
    return out


def _place_items(rd: Reading, lm: ListMatch, places: list[Hit]) -> list[Hit]:
    kind = lm.head.kind
    out: list[Hit] = []
    for item, off in lm.items:
        inner = [h for h in places if off <= h.start and h.end <= off + len(item)]
        if inner and inner[-1].end == off + len(item) and inner[-1].kind == kind:
            out.append(inner[-1])
            continue
        end = off + len(item)
        parent = inner[0] if inner and inner[0].start == off and inner[0].end < end else None
        if parent is not None:  # 斗山镇浮石村: a village the gazetteer lacks
            off, item = parent.end, item[parent.end - off :]
        place = choose_place(rd.ref, rd.region, item)
        if (place is None or place.kind != kind) and not item.endswith(lm.head.head):
            place = choose_place(rd.ref, rd.region, item + lm.head.head)
        if place is not None and place.kind == kind:
            hit = Hit(kind, place.label, off, off + len(item), iri=place.iri)
        elif place is None and _mintable_place(item):
            if lm.head.name:  # 大坪、六拉等瑶寨: a hamlet keeps the name written
                name = lm.head.name.format(item=item)
            else:
                name = item if item.endswith(lm.head.head) else item + lm.head.head
            hit = Hit(kind, clean_name(name, rd.rules), off, off + len(item))
            hit.parent = parent
        else:
            return []  # one item is not a place of that kind: not a place list
        hit.flags.add("place")
        out.append(hit)
    return out


def _mintable_place(item: str) -> bool:
    return 2 <= len(item) <= 6 and all(is_cjk(c) for c in item)


def mintable_industry(rd: Reading, item: str) -> bool:
    """An item no taxonomy label names may be a new industry: a short noun phrase that
    is not a place (麻陂镇, 东莞) and holds no verb or particle (深圳光明共建的)."""
    rules = rd.rules
    if not (2 <= len(item) <= 8) or not all(is_cjk(c) or c == "+" for c in item):
        return False
    if item in rd.ref.place_names or item in rd.region.short:
        return False
    if any(item.endswith(s) for s, _ in rules.place_suffixes):
        return False
    stops = (*(w for w in rules.left_boundaries if len(w) > 1), *rules.industry_item_stops)
    return not any(w in item for w in stops)

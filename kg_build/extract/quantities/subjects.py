"""What a number is about when not the report's region, and how listed items share words."""

from __future__ import annotations

import re

from kg_build.extract.quantities.phrases import cut_left, finish
from kg_build.extract.quantities.vocab import Vocab

_HAN = re.compile(r"[\u4e00-\u9fff]+")


def _place_kind(name: str, v: Vocab) -> str | None:
    """The kind of place a name ending in a place suffix names (None: not a name)."""
    generic = v.wordset("generic_places")
    for suf in v.longest("place_suffixes"):
        if name.endswith(suf) and name not in generic and len(name) > len(suf):
            return v.map("place_suffixes")[suf]
    return None


def split_subjects(phrase: str, n: int, v: Vocab) -> tuple[list[str], str, str] | None:
    """高端装备制造、现代轻工纺织、先进材料等产业集群规上工业增加值 → subjects, kind, indicator."""
    items = phrase.split(v.list_mark)
    if len(items) != n:
        return None
    last = items[-1]
    kinds = v.map("subject_kinds")
    for m in v.subject_summary.finditer(last):
        head, rest = last[: m.start()], last[m.end() :]
        for word in v.longest("subject_kinds"):
            if head and rest.startswith(word) and len(rest) > len(word):
                subjects = [cut_left(x, v) for x in items[:-1]] + [head]
                return [finish(x, v) for x in subjects], kinds[word], rest[len(word) :]
    if v.list_closer in last:
        return None
    firsts = [cut_left(x, v) for x in items[:-1]]
    if all(_place_kind(x, v) for x in firsts):
        found = {_place_kind(x, v) for x in firsts}
        for i in range(1, len(last)):
            if _place_kind(last[:i], v) in found and len(last) - i >= 2:
                return [*firsts, last[:i]], str(found.pop()), last[i:]
    return None


def distribute(items: list[str], v: Vocab) -> list[str]:
    """Share modifiers across a list: 存、贷款余额 → 存款余额, 贷款余额; 个数、计划投资额 …"""
    items = list(items)
    pairs = {(p[0], p[1]) for p in v.words("paired_chars")}
    heads = v.longest("measure_heads")
    for i in range(len(items) - 1):
        a, b = items[i], items[i + 1]
        if a and b and (a[-1], b[0]) in pairs and len(b) > 1:
            prefix = a[:-1]
            items[i] = a + b[1:]
            if prefix and not b.startswith(prefix):
                items[i + 1] = prefix + b
    first_head = next((h for h in heads if items[0].endswith(h)), None)
    if first_head and len(items[0]) > len(first_head):
        prefix = items[0][: -len(first_head)]
        for i in range(1, len(items)):
            if items[i] in heads:
                items[i] = prefix + items[i]
    last_head = next((h for h in heads if items[-1].endswith(h)), None)
    if last_head:
        for i in range(len(items) - 1):
            if len(items[i]) <= 3 and not any(items[i].endswith(h) for h in heads):
                items[i] = items[i] + last_head
    return items


def statement_subject(text: str, v: Vocab) -> tuple[str, str] | None:
    """A statement opening with a named place or park followed by a verb: (name, kind)."""
    body = text.lstrip(v.edge)
    for w in [*v.words("aspirational"), *v.words("time_words")]:
        if body.startswith(w):
            body = body[len(w) :]
    suffixes = v.map("place_suffixes")
    generic = v.words("generic_places")
    for end in range(2, min(len(body), 14) + 1):
        name = body[:end]
        if not _HAN.fullmatch(name):
            return None
        for suf in v.longest("place_suffixes"):
            if not name.endswith(suf) or len(name) <= len(suf) or name in generic:
                continue
            if any(name.endswith(g) for g in generic if g not in suffixes):
                continue
            if any(w in name for w in v.words("cut_verbs")):
                return None
            if any(body.startswith(w, end) for w in v.words("subject_verbs")):
                return name, suffixes[suf]
    return None


def clause_park(text: str, v: Vocab) -> tuple[str, str] | None:
    """A clause without numbers ending in a park-like name (共建生物医药产业专业园)."""
    body = text.strip(v.edge)
    parks = [s for s, kind in v.map("place_suffixes").items() if kind == "park"]
    if not any(body.endswith(s) for s in parks):
        return None
    name = cut_left(body, v)
    if name == body or name in v.wordset("generic_places") or len(name) < 4:
        return None
    return name, "park"

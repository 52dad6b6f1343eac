"""Industry names from the taxonomy's labels (pref, alt and hidden), longest first."""

from __future__ import annotations

from kg_build.extract.entity_rules import Rules, load_rules
from kg_build.extract.hits import Hit
from kg_build.reference import Reference


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

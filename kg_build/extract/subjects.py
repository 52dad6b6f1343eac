"""An observation's subject read as a name of its own, for when its statement holds no
mention of it: a place, a taxonomy industry, a kind by last word, or the park or industry
the quantity rules found (a place suffix, an item of a list of industries)."""

from __future__ import annotations

from kg_build.extract.industries import industry_by_name
from kg_build.extract.named import is_policy_theme
from kg_build.extract.reading import Reading
from kg_build.extract.region import choose_place
from kg_build.extract.textspan import written_name
from kg_build.model import Name, Subject


def read_subject(rd: Reading, name: str | None, kind: str | None) -> Subject | None:
    """The subject as the resolve stage needs it: its cleaned name, the kind the quantity
    extractor gave, and the name read on its own (None when nothing fits)."""
    if not name:
        return None
    cleaned = written_name(name, rd.rules)  # 某地“某某”产业园 keeps its inner quotes
    return Subject(cleaned, kind, _read(rd, cleaned, kind))


def _read(rd: Reading, name: str, kind: str | None) -> Name | None:
    ref, rules, region = rd.ref, rd.rules, rd.region
    if name in region.short or name == region.name:
        if region.name is None:
            return None
        iri = region.place.iri if region.place else None
        return Name(region.kind, region.name, 0, 0, iri=iri, flags=frozenset({"region"}))
    place = choose_place(ref, region, name)
    if place is not None:
        return Name(place.kind, place.label, 0, 0, iri=place.iri)
    iri = ref.industry_names.get(name) or ref.industry_names.get(
        name.removesuffix(rules.industry_word)
    )
    if iri and kind == "cluster":
        return Name("cluster", ref.industries[iri].label + rules.minted_suffixes["cluster"], 0, 0)
    if iri:
        return Name("industry", ref.industries[iri].label, 0, 0, iri=iri)
    for kind_, suffixes in (
        ("cluster", rules.cluster_suffixes),
        ("chain", rules.chain_suffixes),
        ("park", rules.park_suffixes),
        ("project", rules.project_suffixes),
    ):
        if any(name.endswith(s) for s in suffixes):
            if name in rules.generic_names or is_policy_theme(name, rules, ref, region.short):
                return None  # 城乡融合发展试验区: the entity reader finds no name there
            if kind_ in ("cluster", "chain"):
                stem = name
                for suffix in rules.minted_suffixes["cluster"], rules.minted_suffixes["chain"]:
                    stem = stem.removesuffix(suffix)
                ind = industry_by_name(stem, ref)
                if ind:
                    name = ref.industries[ind].label + rules.minted_suffixes[kind_]
            return Name(kind_, name, 0, 0, flags=frozenset({"subject"}))
    for suffix, kind_ in rules.place_suffixes:
        if name.endswith(suffix) and len(name) > len(suffix):
            return Name(kind_, name, 0, 0)
    if kind in ("park", "industry"):  # 某某科学城:…; 甲、乙产业集群营收分别…; 某示范区实现…
        return Name(kind, name, 0, 0, flags=frozenset({"subject"}))
    return None

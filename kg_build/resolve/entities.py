"""Entities, mentions and relations of a report from the names its statements hold: one key
per real thing, and where parks and projects lie when no statement says it."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from kg_build.extract.entity_rules import load_rules
from kg_build.extract.industries import nearest_industry
from kg_build.extract.textspan import leading_place
from kg_build.model import Claims, Entity, Mention, Name, Relation, Report
from kg_build.reference import Reference
from kg_build.resolve.keys import Keys, entity_of

LINKS = ("broader", "closeMatch")  # an industry's link to the taxonomy concept nearest it
WRITTEN = ("park", "project", "cluster", "chain", "designation")  # names minted from the text
PLACE_KINDS = ("province", "city", "county", "district", "town", "subdistrict", "village",
               "sar", "newarea", "partner", "place")  # fmt: skip


@dataclass
class Found:
    """What resolution gathers while it walks the statements (local to `resolve_entities`)."""

    entities: dict[str, Entity] = field(default_factory=dict)
    mentions: set[Mention] = field(default_factory=set)
    relations: dict[Relation, int] = field(default_factory=dict)  # an ordered set
    stems: dict[str, str] = field(default_factory=dict)  # minted town key → its stem


def resolve_entities(
    report: Report, claims: Claims, ref: Reference, keys: Keys
) -> tuple[dict[str, Entity], tuple[Mention, ...], tuple[Relation, ...]]:
    """Entities by key (sorted), mentions and relations in text order."""
    found = Found()
    region = keys.region
    rkey = keys.rk.key
    region_name = Name(region.kind, region.name or "", 0, 0,
                       iri=region.place.iri if region.place else None,
                       flags=frozenset({"place", "silent", "region"}))  # fmt: skip

    def add(n: Name, statement: str) -> str | None:
        key = keys.key(n)
        if key is None:
            return None
        if key not in found.entities:
            found.entities[key] = entity_of(n, key, keys.canonical(n), ref, keys)
            if n.stem and found.entities[key].kind in ("town", "subdistrict"):
                found.stems[key] = n.stem
        if "silent" not in n.flags and n.end > n.start:
            found.mentions.add(Mention(key, statement, n.start, n.end, n.surface))
        return key

    def in_region(n: Name, key: str | None, statement: str) -> None:
        """A place minted for this report (no parent known) lies in the report's region."""
        minted = key and n.kind in PLACE_KINDS and not n.iri and "nested" not in n.flags
        if minted and n.kind != "partner" and rkey and key != rkey and add(region_name, statement):
            found.relations.setdefault(Relation(key, "within", rkey, statement), 0)

    for s in claims.statements:
        for n in s.names[: s.mentioned]:
            in_region(n, add(n, s.statement), s.statement)
        for link in s.links:
            skey = add(s.names[link.subject], s.statement)
            if isinstance(link.object, str):
                okey: str | None = link.object
            else:
                obj = s.names[link.object]
                okey = add(obj, s.statement)
                if link.predicate != "within":
                    in_region(obj, okey, s.statement)
            if skey and okey and skey != okey:
                found.relations.setdefault(Relation(skey, link.predicate, okey, s.statement), 0)
    order = {st.id: st.order for st in report.statements}
    _named_for_industry(found, keys, order, ref)
    _link_industries(found, keys, order, ref)
    _place_region(found, keys, region_name, order, ref)
    _locate(found, keys, region_name, order, ref)
    mentions = sorted(found.mentions, key=lambda m: (order[m.statement], m.start, m.end, m.entity))
    relations = sorted(
        found.relations, key=lambda r: (order[r.statement], r.subject, r.predicate, r.object)
    )
    return dict(sorted(found.entities.items())), tuple(mentions), tuple(relations)


def _named_for_industry(found: Found, keys: Keys, order: dict[str, int], ref: Reference) -> None:
    """A park with no stated industry whose name is a place, an industry the report names
    elsewhere and a bare head (青石荔枝产业园, 荔枝 an industry of the report) supports that
    industry, sourced from the park's first mention (entities.yaml industry_park_bare_heads:
    with no such industry, what stands before 产业园 is as often a brand or a place)."""
    heads = load_rules().industry_park_bare_heads
    industries = {e.label: key for key, e in found.entities.items() if e.kind == "industry"}
    supported = {r.subject for r in found.relations if r.predicate == "supports"}
    places = {*keys.region.short, *found.stems.values()}
    for key, e in sorted(found.entities.items()):
        head = next((w for w in heads if e.label.endswith(w)), None)
        if e.kind != "park" or key in supported or head is None:
            continue
        core = e.label[: -len(head)]
        bare = core[leading_place(core, ref.place_names, places, keep=2) :]
        target = industries.get(core) or industries.get(bare)
        first = min((m.statement for m in found.mentions if m.entity == key),
                    key=order.__getitem__, default=None)  # fmt: skip
        if target is not None and first is not None:
            found.relations.setdefault(Relation(key, "supports", target, first), 0)


def _link_industries(found: Found, keys: Keys, order: dict[str, int], ref: Reference) -> None:
    """An industry minted for a name the taxonomy lacks is linked to the nearest taxonomy
    concept, never replaced by it: skos:broader when it is a kind of it (先进装备制造 →
    装备制造), skos:closeMatch when it only resembles it; sourced from its first mention."""
    linked = {r.subject for r in found.relations if r.predicate in LINKS}
    for key, e in sorted(found.entities.items()):
        if e.kind != "industry" or e.iri or key in linked:
            continue
        iri = nearest_industry(e.label, ref)
        first = min((m.statement for m in found.mentions if m.entity == key),
                    key=order.__getitem__, default=None)  # fmt: skip
        if iri is None or first is None or iri not in ref.industries:
            continue
        concept = ref.industries[iri]
        kind = any(len(e.label) > len(w) and e.label.endswith(w) for w in concept.labels)
        name = Name("industry", concept.label, 0, 0, iri=iri, flags=frozenset({"silent"}))
        found.entities.setdefault(iri, entity_of(name, iri, concept.label, ref, keys))
        link = "broader" if kind else "closeMatch"
        found.relations.setdefault(Relation(key, link, iri, first), 0)


def _place_region(
    found: Found, keys: Keys, region_name: Name, order: dict[str, int], ref: Reference
) -> None:
    """A region the gazetteer lacks lies in the place its heading names (盛泽镇 in 吴江区),
    sourced from the first statement that names the region."""
    parent, rkey = keys.region.parent, keys.rk.key
    if parent is None or not rkey or keys.region.place is not None:
        return
    first = min((m.statement for m in found.mentions if m.entity == rkey),
                key=order.__getitem__, default=None)  # fmt: skip
    if first is None:
        return
    pname = Name(parent.kind, parent.label, 0, 0, iri=parent.iri, flags=frozenset({"place"}))
    found.entities.setdefault(parent.iri, entity_of(pname, parent.iri, parent.label, ref, keys))
    found.relations.setdefault(Relation(rkey, "within", parent.iri, first), 0)


def _locate(
    found: Found, keys: Keys, region_name: Name, order: dict[str, int], ref: Reference
) -> None:
    """Parks and projects without a stated place lie in a town of the report the gazetteer
    lacks when their name opens with it (石湾科技园 → 石湾镇), else in the report's region
    (the region's own name wins: 开平现代装备制造产业园 lies in 开平区, not 开平镇)."""
    rkey = keys.rk.key
    if not rkey:
        return
    located = {r.subject for r in found.relations if r.predicate == "locatedIn"}
    local = _local_stems(found)
    short = [n for n in keys.region.short if len(n) >= 2]
    for key, e in sorted(found.entities.items()):
        if e.kind not in ("park", "project") or key in located:
            continue
        first = min((m for m in found.mentions if m.entity == key),
                    key=lambda m: order[m.statement], default=None)  # fmt: skip
        if first is None:
            continue
        own = any(e.label.startswith(n) for n in short)
        target = None if own else next((k for stem, k in local if e.label.startswith(stem)), None)
        if target is None:
            if rkey not in found.entities:
                found.entities[rkey] = entity_of(region_name, rkey, region_name.name, ref, keys)
            target = rkey
        found.relations.setdefault(Relation(key, "locatedIn", target, first.statement), 0)


def _local_stems(found: Found) -> list[tuple[str, str]]:
    """(name or stem, key) of the towns minted for this report, longest first."""
    out: list[tuple[str, str]] = []
    for key, e in found.entities.items():
        if e.iri or e.kind not in ("town", "subdistrict"):  # a village's stem is too short a cue
            continue
        out.append((e.label, key))
        if key in found.stems:
            out.append((found.stems[key], key))
    return sorted(out, key=lambda x: (-len(x[0]), x))


def written_brackets(report: Report, entities: dict[str, Entity]) -> dict[str, Entity]:
    """Labels of names minted from the text with the report's own brackets: the text is read
    with ASCII brackets, but a report written with full-width ones keeps them in its labels
    (中国（河南）自由贸易试验区); keys, and so IRIs, stay as they are."""
    text = report.raw.decode(report.encoding, errors="replace")
    if text.count("（") <= text.count("("):
        return entities
    table = str.maketrans("()", "（）")
    return {
        key: replace(e, label=e.label.translate(table))
        if e.kind in WRITTEN and e.iri is None and "(" in e.label
        else e
        for key, e in entities.items()
    }

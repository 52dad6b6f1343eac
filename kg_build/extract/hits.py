"""The working record of a name while one statement is read, and its frozen form.

A statement's reader builds `Hit`s and relations between them; `freeze` turns them into
the `StatementNames` the resolve stage reads (names with kinds and spans, links by index).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg_build.extract.entity_rules import Rules
from kg_build.model import Link, Name, Region, Statement, StatementNames

Rel = tuple["Hit", str, "Hit | str"]  # subject, predicate, object (a hit or "lit:...")


@dataclass
class Hit:
    """One recognised name in a statement, before resolution to an entity key."""

    kind: str  # park, project, cluster, chain, industry, group, town, village, designation …
    name: str  # cleaned canonical candidate name
    start: int  # span in the statement text
    end: int
    iri: str | None = None  # reference data
    industry: str | None = None  # cluster/chain: the industry's name; list park: its IRI
    phase: int | None = None
    frame: tuple[int, int] | None = None  # where to read status verbs (a whole list)
    weak: bool = False  # only an alias of a park seen elsewhere
    list_id: int | None = None
    parent: Hit | None = None  # a village's town, a project's park (by nesting in its name)
    flags: set[str] = field(default_factory=set)  # place, silent, region, template, works …
    industries: tuple[str, ...] = ()  # taxonomy IRIs its name holds (parks and projects)
    industry_iri: str | None = None  # a cluster's or chain's industry in the taxonomy
    verb_at: int | None = None  # a title after an award verb: where the verb stands


def place_ref(kind: str, name: str, start: int, end: int, iri: str | None) -> Hit:
    """A place that stands only as a relation's object (no mention of its own)."""
    return Hit(kind, name, start, end, iri=iri, flags={"place", "silent"})


def industry_ref(iri: str | None, label: str, at: int) -> Hit:
    return Hit("industry", label, at, at, iri=iri or None, flags={"silent"})


def silent(h: Hit) -> Hit:
    """A copy of a hit that only stands as a relation's object (no mention of its own)."""
    return Hit(h.kind, h.name, h.start, h.end, iri=h.iri, flags={*h.flags, "silent"})


def region_hit(region: Region) -> Hit:
    iri = region.place.iri if region.place else None
    return Hit(region.kind, region.name or "", 0, 0, iri=iri, flags={"place", "silent", "region"})


def dedupe(hits: list[Hit]) -> list[Hit]:
    seen: set[int] = set()
    out = []
    for h in hits:
        if id(h) not in seen:
            seen.add(id(h))
            out.append(h)
    return out


FROZEN_FLAGS = ("place", "region", "silent", "template")


def freeze(st: Statement, hits: list[Hit], rels: list[Rel], rules: Rules) -> StatementNames:
    """The statement's names (its hits first, then the other ends of its relations) and its
    relations as links between them; a minted town keeps its stem (石湾镇 → 石湾)."""
    order: dict[int, int] = {}
    names: list[Name] = []

    def index(h: Hit) -> int:
        if id(h) not in order:
            order[id(h)] = len(names)
            names.append(_name(st, h, rules))
        return order[id(h)]

    for h in hits:
        index(h)
    mentioned = len(names)
    links = []
    for subj, pred, obj in rels:
        links.append(Link(index(subj), pred, obj if isinstance(obj, str) else index(obj)))
    return StatementNames(st.id, tuple(names), mentioned, tuple(links))


def _name(st: Statement, h: Hit, rules: Rules) -> Name:
    flags = {f for f in FROZEN_FLAGS if f in h.flags}
    if any(h.name[m.end() : m.end() + 1] == ")" for m in rules.phase_pattern.finditer(h.name)):
        flags.add("phased")  # X(二期): a phase is a project of its own, never an alias
    if h.weak:
        flags.add("weak")
    if h.parent is not None:
        flags.add("nested")
    stem = None
    if h.kind in ("town", "subdistrict") and not h.iri:
        stem = next((h.name[: -len(s)] for s, _ in rules.place_suffixes if h.name.endswith(s)
                     and len(h.name) - len(s) >= 2), None)  # fmt: skip
    return Name(
        kind=h.kind,
        name=h.name,
        start=h.start,
        end=h.end,
        surface=st.text[h.start : h.end],
        iri=h.iri,
        flags=frozenset(flags),
        industry=h.industry if "template" in h.flags else None,
        industries=h.industries,
        stem=stem,
    )

"""The entity each observation is about: a thing its statement mentions by that name, else
the subject's own reading (a place, a taxonomy industry, a park by its last word)."""

from __future__ import annotations

from collections import defaultdict

from kg_build.extract.entity_rules import load_rules
from kg_build.extract.textspan import strip_quotes
from kg_build.model import Entity, Mention, Relation, Subject
from kg_build.reference import Reference
from kg_build.resolve.keys import Keys, entity_of

NAMED_KINDS = ("park", "project", "cluster", "chain", "designation", "cooperation")
UNMINTED_KINDS = ("project", "industry")  # subjects only as a thing the statement names
NOT_SUBJECTS = ("designation", "cooperation")  # titles and agreements are about something else


def resolve_subjects(
    subjects: tuple[Subject | None, ...],
    statements: tuple[str, ...],
    entities: dict[str, Entity],
    mentions: tuple[Mention, ...],
    relations: tuple[Relation, ...],
    ref: Reference,
    keys: Keys,
) -> tuple[tuple[str | None, ...], dict[str, Entity]]:
    """The subject key of each observation (None: the report's region) and the entities with
    the subjects no statement named added."""
    entities = dict(entities)
    by_statement: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_statement[m.statement].append(m)
    out: list[str | None] = []
    for subject, statement in zip(subjects, statements, strict=True):
        if subject is None:
            out.append(None)
            continue
        found = _mentioned(subject, by_statement[statement], entities, relations)
        if (
            found is None
            and subject.kind in UNMINTED_KINDS
            and not _phase_named(subject, by_statement[statement], entities)
        ):
            out.append(None)  # 重点项目完成投资…: a project no statement names is no subject
            continue
        if found is None and subject.read is not None:
            key = keys.key(subject.read)
            if key is not None:
                label = keys.canonical(subject.read)
                entities.setdefault(key, entity_of(subject.read, key, label, ref, keys))
                found = key
        out.append(found)
    return tuple(out), entities


def _phase_named(subject: Subject, mentions: list[Mention], entities: dict[str, Entity]) -> bool:
    """Whether the statement names a phase of the subject (某项目一期 → 某项目(一期)), so the
    subject is that project as a whole."""
    head = _unquoted(subject.name) + "("  # the key keeps the phase's brackets, not the label
    return any(
        m.entity in entities
        and _unquoted(entities[m.entity].key.rsplit(":", 1)[-1]).startswith(head)
        for m in mentions
    )


def _mentioned(
    subject: Subject,
    mentions: list[Mention],
    entities: dict[str, Entity],
    relations: tuple[Relation, ...],
) -> str | None:
    """A thing the statement mentions as the subject's name (its label, else its surface),
    of the subject's kind when one is; a cluster subject may be named by its industry."""
    name, kind = _unquoted(subject.name), subject.kind
    mentions = [
        m for m in mentions if m.entity in entities and entities[m.entity].kind not in NOT_SUBJECTS
    ]
    keys = {m.entity for m in mentions}
    by_label = [e for k, e in entities.items() if k in keys and _unquoted(e.label) == name]
    surfaces = {m.entity for m in mentions if _unquoted(m.surface) == name}
    by_surface = [entities[k] for k in sorted(surfaces) if k in entities]
    for pool in (by_label, by_surface):
        if kind:
            typed = [e for e in pool if e.kind == kind]
            if kind == "cluster":  # 高端装备制造 as a cluster: the cluster of that industry
                members = {e.key for e in pool}
                clusters = [entities[r.subject] for r in relations
                            if r.predicate == "industry" and r.object in members
                            and entities[r.subject].kind == "cluster"]  # fmt: skip
                typed = typed or sorted(clusters, key=lambda e: e.key)
            if typed:
                return typed[0].key
        named = sorted(pool, key=lambda e: (e.kind not in NAMED_KINDS, e.key))
        if named:
            return named[0].key
    return None


def _unquoted(name: str) -> str:
    """A name without its quotes, as the subject's cleaned name is (晋开“6080”项目)."""
    return strip_quotes(name, load_rules())

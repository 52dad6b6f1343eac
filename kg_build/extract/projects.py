"""What a statement says about its parks and projects: status, phase and where they lie."""

from __future__ import annotations

from kg_build.extract.counts import count_value
from kg_build.extract.designations import REVIEW_PARTS
from kg_build.extract.hits import Hit, Rel, place_ref, silent
from kg_build.extract.reading import Reading
from kg_build.extract.region import choose_place
from kg_build.extract.textspan import clause_bounds
from kg_build.model import Statement
from kg_build.reference import Place

MINTED_PLACE_KINDS = ("town", "subdistrict", "village", "place")


def project_relations(
    rd: Reading, st: Statement, named: list[Hit], hits: list[Hit]
) -> tuple[list[Hit], list[Rel]]:
    """Status, phase and parent park of each project; a later phase the statement names
    ("…(一期)完工,并启动二期建设") is a project of its own. Returns new hits and relations."""
    text = st.text
    new: list[Hit] = []
    rels: list[Rel] = []
    projects = [h for h in named if h.kind == "project"]
    projects += [h for h in hits if h.kind == "project" and h not in projects]
    for p in projects:
        status = project_status(rd, text, p, st.part)
        if status:
            rels.append((p, "projectStatus", f"lit:{status}"))
        if p.phase:
            rels.append((p, "phase", f"lit:{p.phase}"))
        if p.parent is not None:
            rels.append((p, "locatedIn", p.parent))
    for m in rd.rules.phase_pattern.finditer(text):
        if any(h.start <= m.start() < h.end for h in hits + new):
            continue
        base = [p for p in projects if p.phase and p.end <= m.start()]
        phase = count_value(m.group(1))
        if not base or phase is None:
            continue
        src = base[-1]
        label = f"{src.name.rsplit('(', 1)[0]}({m.group(0)})"
        hit = Hit("project", label, m.start(), m.end(), phase=phase)
        hit.parent = src.parent
        if src.parent is not None:
            rels.append((hit, "locatedIn", src.parent))
        new.append(hit)
        status = project_status(rd, text, hit, st.part)
        if status:
            rels.append((hit, "projectStatus", f"lit:{status}"))
        rels.append((hit, "phase", f"lit:{phase}"))
    return new, rels


def project_status(rd: Reading, text: str, hit: Hit, part: str) -> str | None:
    """The first status frame whose verbs stand before the project or end its clause."""
    start, end = hit.frame or (hit.start, hit.end)
    cs, _ = clause_bounds(text, start)
    _, ce = clause_bounds(text, max(start, end - 1))
    before, after = text[cs:start], text[end:ce].strip()
    for f in rd.rules.status_frames:
        b = any(v in before for v in f.before)
        a = any(after.endswith(v) for v in f.after)
        ok = (b and a) if (f.before and f.after) else (b if f.before else a)
        if ok:
            return f.review_status if part in REVIEW_PARTS and f.review_status else f.status
    works = rd.rules.works_status
    if "works" in hit.flags and any(v in before for v in works.before):
        return works.status  # 推动XX中学扩建
    return None


def located_relations(
    rd: Reading, text: str, named: list[Hit], hits: list[Hit], places: list[Hit]
) -> list[Rel]:
    """A park or project whose name holds a place name lies in the most specific one
    (a town the gazetteer lacks, read in the name, counts); 以/在 X 为… puts the clause's
    projects in X."""
    rels: list[Rel] = []
    located: set[int] = set()
    home = rd.region.place
    for h in named:
        if h.kind not in ("park", "project"):
            continue
        place = place_in_name(rd, h.name)
        if place is not None and home is not None and place.iri in rd.ref.ancestors(home.iri):
            place = home  # 江门中微子实验室 in a report of 开平市: the report's own
        minted = [p for p in places if not p.iri and p.kind in MINTED_PLACE_KINDS
                  and h.start <= p.start and p.end <= h.end]  # fmt: skip
        if minted and (place is None or place == home):
            rels.append((h, "locatedIn", silent(minted[-1])))
            located.add(id(h))
            continue
        if place is not None:
            rels.append((h, "locatedIn", place_ref(place.kind, place.label, h.start, h.end,
                                                   place.iri)))  # fmt: skip
            located.add(id(h))
    for p in (x for x in hits if "place" in x.flags):
        if text[max(0, p.start - 1) : p.start] not in rd.rules.site_markers or p.start == 0:
            continue
        cs, ce = clause_bounds(text, p.start)
        for h in named:
            if h.kind == "project" and cs <= h.start < ce and id(h) not in located:
                rels.append((h, "locatedIn", p))
                located.add(id(h))
        for h in hits:
            framed = h.kind == "project" and h.frame and cs <= h.start < ce
            if framed and id(h) not in located:
                rels.append((h, "locatedIn", p))
                located.add(id(h))
    return rels


def place_in_name(rd: Reading, name: str) -> Place | None:
    """The most specific place a name holds (None when two are equally specific)."""
    ref, region = rd.ref, rd.region
    found: list[Place] = []
    home = region.place
    i = 0
    while i < len(name):
        for n in range(min(12, len(name) - i), 1, -1):
            cand = name[i : i + n]
            if cand not in ref.place_names:
                continue
            place = choose_place(ref, region, cand)
            if place is None:
                continue
            scope = region.prefecture or home
            local = scope is not None and (
                ref.is_within(place.iri, scope.iri) or place.iri in ref.ancestors(scope.iri)
            )
            opens = i == 0 or name[i - 1] in rd.rules.opening_brackets  # 深圳(汕尾)产业园
            if local or (ref.is_full_name(cand, place.iri) and opens):
                found.append(place)
                i += n - 1
                break
        i += 1
    if not found:
        return None
    depth = {p.iri: len(ref.ancestors(p.iri)) for p in found}
    deepest = max(depth.values())
    top = {p.iri for p in found if depth[p.iri] == deepest}
    if len(top) != 1:
        return None  # 开平至台山段: between two places
    return ref.places[top.pop()]

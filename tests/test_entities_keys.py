"""Keys of minted things: the region segment of a region the gazetteer lacks."""

from __future__ import annotations

from kg_build.model import Region
from kg_build.resolve.keys import region_key


def test_a_minted_region_reads_chang_in_its_name() -> None:
    """长 in a place name is cháng, as in the gazetteer's slugs (长垣 → changyuan)."""
    rk = region_key(Region("长岭镇", None, "town", ("长岭镇", "长岭")))
    assert rk.slug == "changlingzhen"
    assert rk.key == "town:changlingzhen:长岭镇"


def test_a_report_without_a_region_keys_its_stand_in() -> None:
    unnamed = Region(None, None, "place", ())
    assert region_key(unnamed).key is None
    standin = "https://w3id.org/kaiping-kg/report/r/region"
    assert region_key(unnamed, standin).key == standin


def _iris(text: str, year: int) -> dict[str, str]:
    from kg_build.context import Context
    from kg_build.examples import example_overrides, example_report_text
    from kg_build.lexicon import Example
    from kg_build.pipeline import extract_report
    from kg_build.read import read_bytes

    ex = Example(rule="identity", text=text, report=None, part="review", region="饶平县",
                 province="广东省", year=year, yields=(), never=(), exact=False)  # fmt: skip
    report = read_bytes(example_report_text(ex).encode("utf-8"), "r.txt", example_overrides(ex))
    got = extract_report(report, Context("https://w3id.org/kaiping-kg/"))
    return {e.label: got.iris[k] for k, e in got.entities.items()}


def test_the_same_park_and_new_industry_have_one_iri_across_years() -> None:
    """A park a region's 2024 and 2025 reports both name, and an industry the taxonomy
    lacks, each get one IRI (minted from the region and the name, not from the report)."""
    first = _iris("东岭产业园重点承载船舶修造企业。", 2023)
    second = _iris("推动东岭产业园扩园，重点承载船舶修造企业。", 2024)
    assert first["东岭产业园"] == second["东岭产业园"]
    assert first["船舶修造"] == second["船舶修造"]
    assert first["船舶修造"].endswith("/industry/cn/船舶修造")

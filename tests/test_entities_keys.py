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

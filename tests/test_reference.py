"""Reference tables: gazetteer names and compounds, industry labels, groups."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg_build.paths import ontology_dir
from kg_build.reference import load_reference, load_reference_files

FIXTURES = Path(__file__).parent / "fixtures" / "entities"
P = "https://w3id.org/kaiping-kg/id/place/"
IND = "https://w3id.org/kaiping-kg/id/industry/"


@pytest.fixture(scope="module")
def ref():
    return load_reference_files(FIXTURES / "gazetteer.ttl", ontology_dir() / "industries.ttl")


def test_place_names_include_labels_short_forms_and_compounds(ref):
    assert ref.place_names["赤坎镇"] == (P + "guangdong/jiangmen/kaiping/chikan",)
    assert ref.place_names["赤坎"] == (P + "guangdong/jiangmen/kaiping/chikan",)
    assert ref.place_names["深圳龙华"] == (P + "guangdong/shenzhen/longhua",)
    assert ref.place_names["珠海斗门"] == (P + "guangdong/zhuhai/doumen",)
    assert ref.place_names["中山翠亨新区"] == (P + "guangdong/zhongshan/cuiheng",)
    assert ref.place_names["开平市水口镇"] == (P + "guangdong/jiangmen/kaiping/shuikou",)


def test_short_form_shared_by_two_places_keeps_both(ref):
    assert ref.place_names["开平"] == (
        P + "guangdong/jiangmen/kaiping",
        P + "hebei/tangshan/kaiping",
    )


def test_place_kinds_codes_and_ancestors(ref):
    chikan = ref.places[P + "guangdong/jiangmen/kaiping/chikan"]
    assert (chikan.kind, chikan.nbs_code) == ("town", "440783109000")
    assert ref.ancestors(chikan.iri) == (
        P + "guangdong/jiangmen/kaiping",
        P + "guangdong/jiangmen",
        P + "guangdong",
    )
    assert ref.places[P + "macao"].kind == "sar"
    assert ref.places[P + "guangdong/zhongshan/cuiheng"].kind == "newarea"
    assert ref.places[P + "guangdong/jiangmen/kaiping/baihe/maogang"].kind == "village"


def test_full_and_short_names(ref):
    doumen = P + "guangdong/zhuhai/doumen"
    assert ref.is_full_name("珠海斗门", doumen)
    assert not ref.is_full_name("开平", P + "guangdong/jiangmen/kaiping")


def test_industry_labels_resolve_to_one_concept(ref):
    assert ref.industry_names["卫浴"] == IND + "sanitary-ware"
    assert ref.industry_names["水暖"] == IND + "sanitary-ware"
    assert ref.industry_names["特色食品"] == IND + "food"
    assert ref.industry_names["文旅+低空"] == IND + "low-altitude-economy"
    assert ref.industries[IND + "tcm"].broader == (IND + "biomedicine",)
    assert IND + "characteristic-agriculture" in ref.industries[IND + "magang-goose"].broader


def test_groups_have_members(ref):
    group = ref.groups[ref.group_names["传统优势产业"]]
    assert {IND + "sanitary-ware", IND + "food", IND + "textiles-apparel"} <= set(group.members)


def test_taxonomy_broader_and_narrower_agree():
    from rdflib import Graph
    from rdflib.namespace import SKOS

    g = Graph().parse(ontology_dir() / "industries.ttl")
    for s, o in g.subject_objects(SKOS.narrower):
        assert (o, SKOS.broader, s) in g, (s, o)
    for s, o in g.subject_objects(SKOS.broader):
        if "/industry/" in str(s):
            assert (o, SKOS.narrower, s) in g, (s, o)


def test_bundled_reference_loads_and_is_cached():
    assert load_reference() is load_reference()
    assert load_reference().industry_names["氢能"] == IND + "hydrogen"

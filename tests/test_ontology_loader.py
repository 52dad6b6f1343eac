"""The one reader of ontology/*.ttl (kg_build/ontology.py): parsed once, shared views."""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF

from kg_build import ontology
from kg_build.context import Context
from kg_build.paths import ontology_dir
from kg_build.rdf.namespaces import DEFAULT_BASE, KP

KAIPING = URIRef("https://w3id.org/kaiping-kg/id/place/guangdong/jiangmen/kaiping")


def test_unit_table_gives_factor_and_base_unit():
    units = ontology.unit_table()
    assert units["亿元"] == (Decimal(100_000_000), "元")
    assert units["万元"] == (Decimal(10_000), "元")
    assert units["元"] == (Decimal(1), "元")
    assert units["公顷"] == (Decimal(15), "亩")  # land area is based on 亩
    assert all(isinstance(f, Decimal) and base in units for f, base in units.values())


def test_unit_table_is_a_new_dict_each_time():
    first = ontology.unit_table()
    first["亿元"] = (Decimal(0), "x")
    assert ontology.unit_table()["亿元"] == (Decimal(100_000_000), "元")


def test_core_ontology_is_what_rdflib_parses():
    parsed = Graph().parse(ontology_dir() / ontology.CORE_FILE, format="turtle")
    ours = ontology.core_ontology()
    assert isomorphic(ours, parsed)
    assert (KP.Observation, RDF.type, OWL.Class) in ours
    assert ours is not ontology.core_ontology()  # a graph of its own for every caller


def test_plain_strings_have_no_datatype():
    g = ontology.rdflib_graph([ontology_dir() / ontology.GAZETTEER_FILE])
    codes = list(g.objects(KAIPING, KP.nbsCode))
    assert codes == [Literal("440783000000")] and codes[0].datatype is None


def test_each_file_is_read_once_into_its_own_graph():
    path = ontology_dir() / ontology.UNITS_FILE
    first = ontology.file_graphs([path])
    assert ontology.file_graphs([path]) == first == (ontology.file_graph(path),)
    assert first[0].value.startswith("file:")


def test_reference_store_default_graph_is_every_file_but_the_core():
    store = ontology.reference_store()
    default = ox.DefaultGraph()
    typed = ox.NamedNode(str(RDF.type))
    assert any(store.quads_for_pattern(ox.NamedNode(str(KAIPING)), typed, None, default))
    core = ox.NamedNode(str(KP.Observation))
    assert not any(store.quads_for_pattern(core, None, None, default))


def test_context_reference_is_the_compiled_reference_graph():
    """A Context looks up the compiled database (kg_build/compiled.py), whose reference
    graph holds exactly the reference store's default graph, one database per base."""
    ctx = Context(DEFAULT_BASE)
    assert ctx.reference is Context(DEFAULT_BASE).reference
    assert ctx.reference is not Context("https://example.org/").reference
    default = ox.DefaultGraph()
    expected = {
        q.triple for q in ontology.reference_store().quads_for_pattern(None, None, None, default)
    }
    got = {q.triple for q in ctx.reference.quads_for_pattern(None, None, None, ctx.reference_graph)}
    assert got == expected and len(got) > 50_000
    core = ox.NamedNode(str(KP.Observation))
    assert not any(ctx.reference.quads_for_pattern(core, None, None, ctx.reference_graph))
    assert any(ctx.reference.quads_for_pattern(core, None, None, ctx.compiled.ontology))

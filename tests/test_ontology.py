"""The core ontology: OWL 2 consistency under HermiT, labels, alignments, contract coverage."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import owlready2
import pytest
from rdflib import OWL, RDF, RDFS, Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, SKOS

from kg_build.paths import ontology_dir

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "ontology"
CORE = ontology_dir() / "kaiping-kg.ttl"
KP = Namespace("https://w3id.org/kaiping-kg/ontology#")
ONTOLOGY = URIRef("https://w3id.org/kaiping-kg/ontology")
QB = Namespace("http://purl.org/linked-data/cube#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SCHEMA = Namespace("https://schema.org/")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
VOID = Namespace("http://rdfs.org/ns/void#")
CV = Namespace("http://data.europa.eu/m8g/")
LOCN = Namespace("http://www.w3.org/ns/locn#")
TIME = Namespace("http://www.w3.org/2006/time#")

needs_java = pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs java")


@pytest.fixture(scope="module")
def core() -> Graph:
    return Graph().parse(CORE)


def load_world(paths: list[Path], tmp_path: Path) -> tuple[owlready2.World, object]:
    """Merge Turtle files with rdflib, write N-Triples, load them into a fresh owlready2 world."""
    g = Graph()
    for p in paths:
        g.parse(p)
    nt = tmp_path / "merged.nt"
    g.serialize(nt, format="nt", encoding="utf-8")
    world = owlready2.World()
    onto = world.get_ontology(nt.as_uri()).load(format="ntriples")
    return world, onto


def hermit(world: owlready2.World, onto: object, infer_property_values: bool = False) -> None:
    with onto:
        owlready2.sync_reasoner_hermit(world, infer_property_values=infer_property_values, debug=0)


# ---------------------------------------------------------------- reasoning


@needs_java
def test_core_ontology_is_consistent_and_every_class_satisfiable(tmp_path: Path) -> None:
    world, onto = load_world([CORE], tmp_path)
    hermit(world, onto)
    assert list(world.inconsistent_classes()) == []


@needs_java
def test_ontology_with_all_reference_data_is_consistent(tmp_path: Path) -> None:
    files = sorted(ontology_dir().glob("*.ttl"))
    assert CORE in files and ontology_dir() / "gazetteer.ttl" in files
    world, onto = load_world(files, tmp_path)
    hermit(world, onto)
    assert list(world.inconsistent_classes()) == []


@needs_java
@pytest.mark.parametrize("fixture", ["inconsistent-disjoint.ttl", "inconsistent-enumeration.ttl"])
def test_inconsistent_fixture_is_caught(fixture: str, tmp_path: Path) -> None:
    world, onto = load_world([CORE, FIXTURES / fixture], tmp_path)
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        hermit(world, onto)


@needs_java
def test_unsatisfiable_class_is_listed(tmp_path: Path) -> None:
    world, onto = load_world([CORE, FIXTURES / "unsatisfiable-class.ttl"], tmp_path)
    hermit(world, onto)  # consistent: the class has no individual
    names = {c.iri for c in world.inconsistent_classes()} - {str(OWL.Nothing)}
    assert names == {"https://example.org/fixture/ClusterChain"}


@needs_java
def test_within_is_transitive_under_the_reasoner(tmp_path: Path) -> None:
    world, onto = load_world([CORE, ontology_dir() / "gazetteer.ttl"], tmp_path)
    hermit(world, onto, infer_property_values=True)
    place = "https://w3id.org/kaiping-kg/id/place/guangdong/jiangmen/kaiping"
    hongxi = world[place + "/chikan/hongxi"]  # 红溪村, 赤坎镇: only its town is asserted
    within = {p.iri for p in hongxi.within}
    assert {place + "/chikan", place, "https://w3id.org/kaiping-kg/id/place/guangdong"} <= within


# ---------------------------------------------------------------- parsing and header


def test_rdflib_parses_every_turtle_file_in_ontology() -> None:
    files = sorted(ontology_dir().glob("*.ttl"))
    assert len(files) >= 3
    for f in files:
        assert len(Graph().parse(f, format="turtle")) > 0, f


def test_ontology_header(core: Graph) -> None:
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in core
    assert core.value(ONTOLOGY, OWL.versionIRI) is not None
    assert (ONTOLOGY, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")) in (
        core
    )
    langs = {d.language for d in core.objects(ONTOLOGY, DCTERMS.description)}
    assert langs == {"zh", "en"}


# ---------------------------------------------------------------- labels


def kp_terms(g: Graph) -> set[URIRef]:
    kinds = (
        OWL.Class,
        OWL.ObjectProperty,
        OWL.DatatypeProperty,
        OWL.AnnotationProperty,
        OWL.NamedIndividual,
    )
    return {s for k in kinds for s in g.subjects(RDF.type, k) if str(s).startswith(str(KP))}


def test_every_kp_term_has_zh_and_en_label_and_comment(core: Graph) -> None:
    terms = kp_terms(core)
    assert len(terms) > 80
    missing = []
    for t in sorted(terms):
        for prop in (RDFS.label, RDFS.comment):
            langs = {o.language for o in core.objects(t, prop)}
            if not {"zh", "en"} <= langs:
                missing.append(f"{t} {prop}")
    assert missing == []


def test_every_kp_term_of_the_contract_is_declared(core: Graph) -> None:
    """Each kp: name in docs/model.md is a class, property or enumeration concept here."""
    model = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    names = set(re.findall(r"`kp:(\w+)`", model)) | set(re.findall(r"\bkp:(\w+)", model))
    declared = {str(t).removeprefix(str(KP)) for t in kp_terms(core)}
    assert names - declared == set()


# ---------------------------------------------------------------- alignments and axioms


@pytest.mark.parametrize(
    ("cls", "parent"),
    [
        (KP.Report, PROV.Entity),
        (KP.Report, SCHEMA.Report),
        (KP.Report, DCAT.Dataset),
        (KP.Report, VOID.Dataset),
        (KP.Section, PROV.Entity),
        (KP.Statement, PROV.Entity),
        (KP.Place, SCHEMA.Place),
        (KP.Place, DCTERMS.Location),
        (KP.AdminRegion, KP.Place),
        (KP.AdminRegion, CV.AdminUnit),
        (KP.Town, KP.AdminRegion),
        (KP.NewArea, KP.Place),
        (KP.PartnerRegion, KP.Place),
        (KP.Park, KP.Place),
        (KP.Industry, SKOS.Concept),
        (KP.IndustryGroup, SKOS.Collection),
        (KP.IndustrialCluster, SCHEMA.Thing),
        (KP.Project, SCHEMA.Project),
        (KP.Project, PROV.Entity),
        (KP.Indicator, SKOS.Concept),
        (KP.Observation, QB.Observation),
        (KP.Designation, PROV.Entity),
        (KP.Cooperation, PROV.Entity),
        (KP.Unit, SKOS.Concept),
    ],
)
def test_alignment_axiom(core: Graph, cls: URIRef, parent: URIRef) -> None:
    assert (cls, RDFS.subClassOf, parent) in core


def test_property_alignments(core: Graph) -> None:
    assert (KP.within, RDF.type, OWL.TransitiveProperty) in core
    assert (KP.within, RDFS.subPropertyOf, SCHEMA.containedInPlace) in core
    assert (KP.locatedIn, RDFS.subPropertyOf, LOCN.location) in core
    assert (KP.refPeriod, RDFS.range, TIME.Interval) in core
    assert (KP.indicator, RDF.type, QB.DimensionProperty) in core
    assert (KP.value, RDF.type, QB.MeasureProperty) in core
    assert (KP.unit, RDF.type, QB.AttributeProperty) in core


def disjoint_sets(g: Graph) -> list[set[URIRef]]:
    sets = [
        set(Collection(g, g.value(n, OWL.members)))
        for n in g.subjects(RDF.type, OWL.AllDisjointClasses)
    ]
    sets += [{a, b} for a, b in g.subject_objects(OWL.disjointWith)]
    return sets


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (KP.IndustrialCluster, KP.IndustryChain),
        (KP.Town, KP.Village),
        (KP.Town, KP.Subdistrict),
        (KP.Province, KP.CountyCity),
        (KP.Report, KP.Statement),
        (KP.AdminRegion, KP.Park),
    ],
)
def test_disjoint(core: Graph, a: URIRef, b: URIRef) -> None:
    assert any({a, b} <= s for s in disjoint_sets(core))


@pytest.mark.parametrize(
    ("cls", "members"),
    [
        (KP.MeasureType, {KP.level, KP.growth, KP.share, KP.rank}),
        (KP.ObservationStatus, {KP.actual, KP.target}),
        (KP.Qualifier, {KP.moreThan, KP.approximately, KP.nearly, KP.atLeast}),
        (KP.Basis, {KP.yearOnYear, KP.averageAnnual}),
        (KP.ReportPart, {KP.Preamble, KP.Review, KP.MultiYearReview, KP.Plan, KP.OtherPart}),
        (
            KP.ProjectStatus,
            {KP.Planned, KP.ToStart, KP.UnderConstruction, KP.Completed, KP.InOperation},
        ),
        (
            KP.DesignationLevel,
            {KP.NationalLevel, KP.ProvincialLevel, KP.PrefecturalLevel, KP.CountyLevel},
        ),
    ],
)
def test_enumerations_are_skos_concepts(core: Graph, cls: URIRef, members: set[URIRef]) -> None:
    assert {m for m in core.subjects(RDF.type, cls)} == members
    for m in members:
        assert (m, RDF.type, cls) in core
        assert (m, RDF.type, SKOS.Concept) in core
        assert core.value(m, SKOS.inScheme) is not None


def test_units_properties_for_the_units_file(core: Graph) -> None:
    assert (KP.conversionFactor, RDF.type, OWL.DatatypeProperty) in core
    assert (KP.baseUnit, RDF.type, OWL.ObjectProperty) in core
    assert (KP.baseUnit, RDFS.range, KP.Unit) in core


# ---------------------------------------------------------------- generated documentation


@pytest.mark.parametrize("page", ["index.html", "index.zh.html"])
def test_generated_html_documents_every_kp_term(core: Graph, page: str) -> None:
    """docs/ontology/ is regenerated (scripts/gen_docs.py) whenever the ontology changes."""
    doc = (ROOT / "docs" / "ontology" / page).read_text(encoding="utf-8")
    stale = []
    for t in sorted(kp_terms(core)):
        shown = str(t) in doc or f"kp:{t.fragment}<" in doc
        if not shown:
            stale.append(str(t))
    assert stale == [], "run: python scripts/gen_docs.py"


# ---------------------------------------------------------------- headline indicators

INDICATOR = "https://w3id.org/kaiping-kg/id/indicator/"


@pytest.fixture(scope="module")
def indicators() -> Graph:
    return Graph().parse(ontology_dir() / "indicators.ttl")


def test_headline_indicators_are_skos_concepts_with_both_labels(indicators: Graph) -> None:
    concepts = sorted(indicators.subjects(RDF.type, KP.Indicator))
    assert len(concepts) >= 15
    for c in concepts:
        assert re.fullmatch(r"[a-z0-9-]+", str(c).removeprefix(INDICATOR)), c
        assert (c, SKOS.inScheme, URIRef(INDICATOR + "scheme")) in indicators
        assert {o.language for o in indicators.objects(c, SKOS.prefLabel)} == {"zh", "en"}
        assert indicators.value(c, KP.matchConfidence) is not None
        assert indicators.value(c, SKOS.editorialNote) is not None


@pytest.mark.parametrize(
    ("slug", "pref", "alt"),
    [
        ("gdp", "地区生产总值", "GDP"),
        ("industrial-value-added-above-size", "规上工业增加值", "规模以上工业增加值"),
        ("industrial-output-above-size", "规上工业总产值", "规模以上工业总产值"),
        ("fixed-asset-investment", "固定资产投资", "全社会固定资产投资"),
        ("industrial-investment", "工业投资", None),
        ("retail-sales", "社会消费品零售总额", None),
        ("foreign-trade", "外贸进出口总额", None),
        ("general-budget-revenue", "一般公共预算收入", None),
        ("disposable-income-per-capita", "居民人均可支配收入", None),
        ("new-urban-jobs", "城镇新增就业", None),
        ("deposits", "金融机构本外币存款余额", None),
        ("loans", "金融机构本外币贷款余额", None),
        ("agricultural-output", "农林牧渔业总产值", None),
        ("tourism-revenue", "旅游收入", None),
        ("tourist-visits", "接待游客", None),
    ],
)
def test_headline_indicator(indicators: Graph, slug: str, pref: str, alt: str | None) -> None:
    c = URIRef(INDICATOR + slug)
    zh = [str(o) for o in indicators.objects(c, SKOS.prefLabel) if o.language == "zh"]
    assert zh == [pref]
    if alt:
        assert alt in {str(o) for o in indicators.objects(c, SKOS.altLabel)}


def test_indicator_labels_are_unambiguous(indicators: Graph) -> None:
    """A phrase the extractor matches names one indicator only."""
    owner: dict[str, URIRef] = {}
    for c in indicators.subjects(RDF.type, KP.Indicator):
        for p in (SKOS.prefLabel, SKOS.altLabel):
            for o in indicators.objects(c, p):
                if o.language == "zh":
                    assert owner.setdefault(str(o), c) == c, str(o)


def test_indicator_mappings_carry_a_confidence(indicators: Graph) -> None:
    for c in indicators.subjects(RDF.type, KP.Indicator):
        mapped = any(
            indicators.value(c, p) is not None
            for p in (SKOS.exactMatch, SKOS.closeMatch, SKOS.relatedMatch)
        )
        confidence = str(indicators.value(c, KP.matchConfidence))
        assert (confidence != "none") == mapped, c
    gdp = URIRef(INDICATOR + "gdp")
    assert URIRef("https://data.worldbank.org/indicator/NY.GDP.MKTP.CN") in set(
        indicators.objects(gdp, SKOS.closeMatch)
    )

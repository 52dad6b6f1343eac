"""Service description, VoID and DCAT of a served store, built from the store's own counts."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, VOID, XSD, Namespace

from kg_build.describe import add_subsets, describe_dataset, load_dataset_meta
from kg_build.rdf.serialize import new_graph

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
MEDIA = "https://www.iana.org/assignments/media-types/"


def dataset_graph(root: str, base: str, counts: dict[str, int], stored_queries: list[str]) -> Graph:
    """VoID and DCAT for the dataset served at `root` (e.g. http://127.0.0.1:8000/): what
    kg_build/describe.py says of every description of it, then this server's counts,
    endpoint, downloads and stored queries."""
    g = new_graph()
    ds = describe_dataset(g, load_dataset_meta(), uri_space=base)
    g.add((ds, VOID.triples, Literal(sum(counts.values()), datatype=XSD.integer)))
    endpoint = URIRef(root + "sparql")
    g.add((ds, VOID.sparqlEndpoint, endpoint))
    g.add((ds, VOID.rootResource, URIRef(base)))
    add_subsets(g, ds, counts)
    for ext, media, title in (
        ("ttl", "text/turtle", "the whole dataset as Turtle (graphs merged)"),
        ("nq", "application/n-quads", "the whole dataset as N-Quads (named graphs kept)"),
    ):
        url = URIRef(f"{root}download/kaiping-kg.{ext}")
        g.add((ds, VOID.dataDump, url))
        dist = URIRef(f"{root}download#{ext}")
        g.add((ds, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCTERMS.title, Literal(title, lang="en")))
        g.add((dist, DCAT.downloadURL, url))
        g.add((dist, DCAT.mediaType, URIRef(MEDIA + media)))
    service = URIRef(f"{root}sparql#service")
    g.add((service, RDF.type, DCAT.DataService))
    g.add((service, DCAT.endpointURL, endpoint))
    g.add((service, DCAT.endpointDescription, endpoint))
    g.add((service, DCAT.servesDataset, ds))
    for name in stored_queries:
        q = URIRef(f"{root}queries/{name}")
        g.add((service, DCTERMS.hasPart, q))
    catalog = URIRef(f"{root}catalog")
    g.add((catalog, RDF.type, DCAT.Catalog))
    g.add((catalog, DCAT.dataset, ds))
    g.add((catalog, DCAT.service, service))
    return g


def service_description(root: str, counts: dict[str, int]) -> Graph:
    """SPARQL 1.1 Service Description of the endpoint."""
    g = new_graph()
    g.bind("sd", SD)
    svc = URIRef(root + "sparql")
    g.add((svc, RDF.type, SD.Service))
    g.add((svc, SD.endpoint, svc))
    g.add((svc, SD.supportedLanguage, SD.SPARQL11Query))
    g.add((svc, SD.feature, SD.UnionDefaultGraph))
    for fmt in (
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
        "JSON-LD",
        "N-Triples",
    ):
        g.add((svc, SD.resultFormat, FORMATS[fmt]))
    dataset = BNode("dataset")
    default = BNode("default")
    g.add((svc, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    g.add((default, VOID.triples, Literal(sum(counts.values()), datatype=XSD.integer)))
    for name in sorted(counts):
        named = BNode(f"g{sorted(counts).index(name)}")
        graph = BNode(f"d{sorted(counts).index(name)}")
        g.add((dataset, SD.namedGraph, named))
        g.add((named, RDF.type, SD.NamedGraph))
        g.add((named, SD.name, URIRef(name)))
        g.add((named, SD.graph, graph))
        g.add((graph, RDF.type, SD.Graph))
        g.add((graph, VOID.triples, Literal(counts[name], datatype=XSD.integer)))
    return g

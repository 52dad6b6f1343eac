"""Namespaces and IRI minting (see docs/model.md)."""

from __future__ import annotations

import re
import unicodedata

from rdflib import Namespace

DEFAULT_BASE = "https://w3id.org/kaiping-kg/"

KP = Namespace("https://w3id.org/kaiping-kg/ontology#")
KPID = Namespace("https://w3id.org/kaiping-kg/id/")
QB = Namespace("http://purl.org/linked-data/cube#")
SCHEMA = Namespace("https://schema.org/")
CV = Namespace("http://data.europa.eu/m8g/")
LOCN = Namespace("http://www.w3.org/ns/locn#")
YEAR = Namespace("http://reference.data.gov.uk/id/year/")
INTERVAL = Namespace("http://reference.data.gov.uk/id/gregorian-interval/")

PREFIXES = {
    "kp": KP,
    "kpid": KPID,
    "qb": QB,
    "schema": SCHEMA,
    "cv": CV,
    "locn": LOCN,
    "year": YEAR,
    "interval": INTERVAL,
    "skos": Namespace("http://www.w3.org/2004/02/skos/core#"),
    "prov": Namespace("http://www.w3.org/ns/prov#"),
    "time": Namespace("http://www.w3.org/2006/time#"),
    "dcterms": Namespace("http://purl.org/dc/terms/"),
    "dcat": Namespace("http://www.w3.org/ns/dcat#"),
    "void": Namespace("http://rdfs.org/ns/void#"),
    "owl": Namespace("http://www.w3.org/2002/07/owl#"),
    "rdfs": Namespace("http://www.w3.org/2000/01/rdf-schema#"),
    "xsd": Namespace("http://www.w3.org/2001/XMLSchema#"),
}

# Characters Turtle IRIs cannot hold, plus quotes and brackets that only decorate names.
_DROP = re.compile(r"[\s<>\"{}|^`\\“”‘’'「」『』《》]")
# Code points an IRI path cannot hold (RFC 3987 ucschar): controls, private use, the
# non-characters and specials such as U+FFFD.
_NON_IRI = re.compile(
    "[\x00-\x20\x7f-\x9f\ud800-\uf8ff\ufdd0-\ufdef\ufff0-\uffff"
    "\U0001fffe\U0001ffff\U000e0000-\U0010ffff]"
)


def nameable(name: str) -> bool:
    """Whether `name_segment` can mint a segment from the name (it keeps some character)."""
    return bool(_DROP.sub("", unicodedata.normalize("NFC", name)))


def name_segment(name: str) -> str:
    """A readable IRI path segment from a (Chinese) name: NFC, no spaces, quotes or slashes."""
    text = unicodedata.normalize("NFC", name)
    text = (
        _NON_IRI.sub("", _DROP.sub("", text)).replace("/", "-").replace("#", "-").replace("?", "-")
    )
    text = text.replace("%", "pct")
    if not text:
        raise ValueError(f"cannot mint an IRI segment from {name!r}")
    return text


def normalise_base(base: str) -> str:
    if not re.match(r"^https?://[^\s]+$", base):
        from kg_build.errors import KgError

        raise KgError(f"--base-iri {base!r} is not an http(s) IRI; give e.g. {DEFAULT_BASE}")
    return base if base.endswith(("/", "#")) else base + "/"


def period_iri(period: str) -> str:
    """`2024` → year IRI; `2021/2024` → gregorian interval IRI covering both years."""
    if "/" in period:
        start, end = (int(p) for p in period.split("/"))
        return f"{INTERVAL}{start}-01-01T00:00:00/P{end - start + 1}Y"
    return f"{YEAR}{int(period)}"

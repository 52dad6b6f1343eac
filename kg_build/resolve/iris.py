"""IRIs of entities: reference things keep theirs; a minted key `kind:region:name` becomes
`{base}kind/region/name`, the region being a gazetteer path such as guangdong/jiangmen/kaiping."""

from __future__ import annotations

from collections.abc import Callable

from rdflib import URIRef

from kg_build.rdf.namespaces import name_segment


def entity_iri(base: str, key: str, iri: str | None) -> str:
    if iri:
        return iri
    if key.startswith(("http://", "https://")):
        return key
    kind, _, rest = key.partition(":")
    region, _, name = rest.partition(":")
    if not name:  # `kind:name`
        region, name = "", region
    parts = [kind, *(name_segment(p) for p in region.split("/") if p), name_segment(name)]
    return base + "/".join(parts)


def indicator_iri(base: str, phrase: str, known: Callable[[str], URIRef | None]) -> str:
    """The reference indicator a phrase names, else one minted from the phrase."""
    found = known(phrase)
    return str(found) if found is not None else f"{base}indicator/{name_segment(phrase)}"

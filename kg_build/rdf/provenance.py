"""Report, sections and statements as triples: the provenance every fact points back to."""

from __future__ import annotations

import base64
import hashlib

from rdflib import XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

from kg_build.model import Report
from kg_build.rdf.namespaces import KP, QB, name_segment, period_iri

PART_CONCEPT = {
    "preamble": KP.Preamble,
    "review": KP.Review,
    "multi_year_review": KP.MultiYearReview,
    "plan": KP.Plan,
    "other": KP.OtherPart,
}


def report_iri(base: str, report: Report) -> URIRef:
    return URIRef(f"{base}report/{name_segment(report.meta.slug)}")


def statement_iri(report_node: URIRef, statement_id: str) -> URIRef:
    return URIRef(f"{report_node}/{statement_id}")


def section_iri(report_node: URIRef, section_id: str) -> URIRef:
    return URIRef(f"{report_node}/section/{name_segment(section_id)}")


def emit_report(g: Graph, report_node: URIRef, report: Report, region: URIRef | None) -> None:
    """Add the report, its Data Cube dataset, sections and every statement to `g`."""
    meta = report.meta
    g.add((report_node, RDF.type, KP.Report))
    title = meta.title or report.source_name
    g.add((report_node, DCTERMS.title, Literal(title, lang="zh")))
    g.add((report_node, RDFS.label, Literal(title, lang="zh")))
    if region is not None:
        g.add((report_node, KP.region, region))
    for prop, value in ((KP.meeting, meta.meeting), (KP.editor, meta.editor)):
        if value:
            g.add((report_node, prop, Literal(value, lang="zh")))
    if meta.year_reviewed:
        g.add((report_node, KP.yearReviewed, Literal(str(meta.year_reviewed), datatype=XSD.gYear)))
    if meta.year_planned:
        g.add((report_node, KP.yearPlanned, Literal(str(meta.year_planned), datatype=XSD.gYear)))
    if meta.date:
        g.add((report_node, DCTERMS.issued, Literal(meta.date, datatype=XSD.date)))
    g.add((report_node, KP.fullText, Literal(report.text)))
    g.add((report_node, KP.sourceFile, Literal(report.source_name)))
    g.add((report_node, KP.sourceEncoding, Literal(report.encoding)))
    g.add((report_node, KP.sha256, Literal(hashlib.sha256(report.raw).hexdigest())))
    raw = base64.b64encode(report.raw).decode("ascii")
    g.add((report_node, KP.originalBytes, Literal(raw, datatype=XSD.base64Binary)))

    dataset = URIRef(f"{report_node}/dataset")
    g.add((dataset, RDF.type, QB.DataSet))
    g.add((dataset, QB.structure, KP.dsd))
    g.add((dataset, RDFS.label, Literal(f"{title}: 数据", lang="zh")))
    g.add((dataset, PROV.wasDerivedFrom, report_node))

    for section in report.sections:
        node = section_iri(report_node, section.id)
        g.add((node, RDF.type, KP.Section))
        g.add((node, DCTERMS.title, Literal(section.title, lang="zh")))
        g.add((node, RDFS.label, Literal(section.title, lang="zh")))
        g.add((node, KP.inReport, report_node))
        g.add((node, KP.part, PART_CONCEPT[section.part]))
        g.add((node, KP.line, Literal(section.line)))
        if section.number is not None:
            g.add((node, KP.number, Literal(section.number)))
        if section.parent:
            g.add((node, KP.parentSection, section_iri(report_node, section.parent)))

    for st in report.statements:
        node = statement_iri(report_node, st.id)
        g.add((node, RDF.type, KP.Statement))
        g.add((node, KP.inReport, report_node))
        g.add((node, KP.text, Literal(st.text)))
        g.add((node, KP.line, Literal(st.line)))
        g.add((node, KP.startOffset, Literal(st.start)))
        g.add((node, KP.endOffset, Literal(st.end)))
        g.add((node, KP.order, Literal(st.order)))
        g.add((node, KP.statementKind, Literal(st.kind)))
        g.add((node, KP.part, PART_CONCEPT[st.part]))
        if st.period:  # empty when the report names no year at all
            g.add((node, KP.period, Literal(st.period)))
            g.add((node, KP.refPeriod, URIRef(period_iri(st.period))))
        if st.section:
            g.add((node, KP.inSection, section_iri(report_node, st.section)))

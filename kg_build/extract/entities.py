"""The extract stage for entities: what each statement of a report names, with kinds and
spans but no keys (the resolve stage, kg_build/resolve/, gives those).

    extract_entities(report, ref, observations) -> Claims
"""

from __future__ import annotations

from kg_build.extract.reading import reading
from kg_build.extract.region import report_region
from kg_build.extract.statement import read_statement
from kg_build.extract.subjects import read_subject
from kg_build.model import Claims, Observation, Report
from kg_build.reference import Reference

HEAD = 200  # characters of a report's opening that may name where its region lies


def extract_entities(
    report: Report, ref: Reference, observations: tuple[Observation, ...] = ()
) -> Claims:
    """The report's region, the names and relations of each statement, and each
    observation's subject read as a name."""
    region = report_region(ref, report.meta, report.text[:HEAD])
    rd = reading(ref, region)
    return Claims(
        region=region,
        observations=tuple(observations),
        statements=tuple(read_statement(rd, st) for st in report.statements),
        subjects=tuple(read_subject(rd, o.subject, o.subject_kind) for o in observations),
    )

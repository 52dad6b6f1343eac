"""Plain data passed between the stages: reading, extraction and RDF emission.

Every stage is a pure function over these records; only `rdf/` turns them into triples.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

Part = Literal["preamble", "review", "multi_year_review", "plan", "other"]
Measure = Literal["level", "growth", "share", "rank"]
Status = Literal["actual", "target"]
Qualifier = Literal["more_than", "approx", "nearly", "at_least"]
Basis = Literal["yoy", "average_annual"]


@dataclass(frozen=True)
class ReportMeta:
    """What a report says about itself (overridable by a sidecar file or CLI options)."""

    slug: str  # readable IRI segment, e.g. "kaiping-2025-gwr"
    title: str | None = None
    region: str | None = None  # region name as in the gazetteer, e.g. "开平市"
    region_code: str | None = None  # 12-digit code when the gazetteer knows it
    province: str | None = None  # e.g. "广东省", used to disambiguate 开平
    meeting: str | None = None  # e.g. "十七届人大五次会议"
    year_reviewed: int | None = None  # e.g. 2024
    year_planned: int | None = None  # e.g. 2025
    editor: str | None = None  # e.g. "严建广"
    date: str | None = None  # ISO date when known


@dataclass(frozen=True)
class Section:
    """A part or numbered section of the outline."""

    id: str  # e.g. "review", "review-1", "plan-3", "multi-year-2", "targets"
    title: str
    part: Part
    line: int  # 1-based line of its heading
    parent: str | None = None  # id of the enclosing section (part) if any
    number: int | None = None  # 1 for "1.稳经济、促增长", 1 for "(一)"


@dataclass(frozen=True)
class Statement:
    """One line, sentence or headline target of the normalised text; nothing is dropped."""

    id: str  # "L{line}.{k}", k = 1.. within the line
    line: int  # 1-based line in the normalised text
    start: int  # character offset in the normalised text (inclusive)
    end: int  # character offset (exclusive); text == report.text[start:end]
    text: str
    kind: str  # "title", "heading", "bullet", "sentence", "target", "byline", "text"
    part: Part
    section: str | None  # Section.id
    period: str  # "2024", "2025" or a span "2021/2024"
    order: int  # 0-based position in the report


@dataclass(frozen=True)
class Report:
    meta: ReportMeta
    text: str  # the normalised text; offsets refer to it
    raw: bytes  # the original bytes, kept with the report
    encoding: str  # detected source encoding, e.g. "utf-8", "gb18030"
    source_name: str  # file name as given
    sections: tuple[Section, ...]
    statements: tuple[Statement, ...]
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Observation:
    """One stated quantity."""

    statement: str  # Statement.id
    index: int  # 1-based within the statement, in text order
    indicator: str  # the phrase as the report words it, e.g. "地区生产总值"
    measure: Measure
    value: Decimal
    unit: str  # as written: "亿元", "%", "万人次", "位", "个"
    period: str  # "2024" or "2021/2024"
    status: Status
    subject: str | None = None  # park, town, industry or cluster it is about; None = region
    subject_kind: str | None = None  # "park", "town", "industry", "cluster", "village", ...
    base_value: Decimal | None = None  # value in the base unit (515.47亿元 -> 51547000000)
    base_unit: str | None = None  # "元", "人次", "亩", "%", ...
    alt_value: Decimal | None = None  # 1613.33公顷(2.42万亩): alt_value 2.42, alt_unit 万亩
    alt_unit: str | None = None
    qualifier: Qualifier | None = None
    aspirational: bool = False  # 力争
    basis: Basis | None = None  # 同比 / 年均
    span: tuple[int, int] | None = None  # offsets of the number within the statement text


@dataclass(frozen=True)
class Entity:
    """A thing named in a report, resolved to one key per real thing."""

    kind: str  # province, city, county, district, town, subdistrict, village, partner,
    #            park, project, industry, cluster, chain, group, designation, cooperation
    key: str  # stable identity: gazetteer/taxonomy IRI, or "{kind}:{region}:{name}"
    label: str  # canonical Chinese name
    iri: str | None = None  # set when reference data defines it
    props: tuple[tuple[str, str], ...] = ()  # extra (property, value) pairs, sorted


@dataclass(frozen=True)
class Mention:
    entity: str  # Entity.key
    statement: str  # Statement.id
    start: int  # offsets within the statement text
    end: int
    surface: str  # the text as written, e.g. "塘口" for 塘口镇


@dataclass(frozen=True)
class Relation:
    subject: str  # Entity.key
    predicate: str  # local name in the kp: ontology, e.g. "supports", "within", "partner"
    object: str  # Entity.key, or a literal value prefixed "lit:"
    statement: str  # Statement.id it came from


@dataclass
class Extraction:
    """Everything extracted from one report."""

    observations: list[Observation] = field(default_factory=list)
    entities: dict[str, Entity] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)

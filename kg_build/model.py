"""Plain data passed between the stages: read → extract → resolve → emit.

Every stage is a pure function over these records (see kg_build/pipeline.py): reading gives
a `Report`, extraction `Claims` (observations and the names each statement holds, with
their kinds but no keys), resolution an `Extraction` (one key and IRI per real thing), and
only `rdf/` turns that into triples.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from kg_build.reference import Place

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


# -- extraction: what each statement names, before resolution ------------------------------


@dataclass(frozen=True)
class Region:
    """The place a report is about, as its metadata and the gazetteer give it."""

    name: str | None  # e.g. "开平市"; None when the report does not say
    place: Place | None  # the gazetteer entry, None when unknown
    kind: str  # an Entity.kind: county, district, town, ... ("place" when unknown)
    short: tuple[str, ...]  # the region's own names: 开平市, 开平
    province: Place | None = None
    province_name: str | None = None
    province_short: str | None = None  # the province's name without its suffix
    prefecture: Place | None = None
    parent: Place | None = None  # a region the gazetteer lacks: the place its heading puts it in


@dataclass(frozen=True)
class Name:
    """A thing a statement names, as read: its kind and name, not yet its key."""

    kind: str  # an Entity.kind
    name: str  # the candidate canonical name, cleaned
    start: int  # span in the statement text; start == end: implied, not written there
    end: int
    surface: str = ""  # the statement text of the span
    iri: str | None = None  # the reference thing (gazetteer, taxonomy) it was read as
    flags: frozenset[str] = frozenset()  # NAME_FLAGS
    industry: str | None = None  # a park named by a list's template: the industry IRI
    industries: tuple[str, ...] = ()  # a park's or project's name: taxonomy IRIs it holds
    stem: str | None = None  # a town the gazetteer lacks: its name without the suffix


# place: a place; region: the report's region itself; silent: stands only in a relation
# (no mention); weak: only an alias of a park named elsewhere; template: a park named by a
# list template; nested: lies in a named parent (not placed in the region by default);
# phased: names a phase (X(二期)), a project of its own; subject: read as the subject of
# figures (某示范区实现…), a park even when its last word alone makes no park name.
NAME_FLAGS = frozenset(
    {"place", "region", "silent", "weak", "template", "nested", "phased", "subject"}
)


@dataclass(frozen=True)
class Link:
    """A relation between two names of one statement (or a name and a literal "lit:...")."""

    subject: int  # index into StatementNames.names
    predicate: str  # local name in the kp: ontology, e.g. "supports", "within"
    object: int | str


@dataclass(frozen=True)
class StatementNames:
    """The names one statement holds and the relations it states between them."""

    statement: str  # Statement.id
    names: tuple[Name, ...]  # the first `mentioned` are the statement's own hits, in order
    mentioned: int
    links: tuple[Link, ...]


@dataclass(frozen=True)
class Subject:
    """An observation's subject as the extract stage reads it."""

    name: str  # cleaned, as the quantity extractor gave it
    kind: str | None  # the kind the quantity extractor gave ("cluster", "industry", ...)
    read: Name | None  # the name read on its own (a place, a taxonomy industry, a park ...)


@dataclass(frozen=True)
class Claims:
    """What the extract stage reads from a report: pure functions of each statement."""

    region: Region
    observations: tuple[Observation, ...]
    statements: tuple[StatementNames, ...]
    subjects: tuple[Subject | None, ...]  # one per observation


# -- resolution: one key per real thing ---------------------------------------------------


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


@dataclass(frozen=True)
class ObservationRefs:
    """What an observation points at, resolved to IRIs."""

    subject: str | None  # Entity.key; None: the report's region
    indicator: str  # IRI of the indicator
    indicator_known: bool  # declared in the reference data (else the report declares it)
    unit: str | None = None
    base_unit: str | None = None


@dataclass(frozen=True)
class Extraction:
    """Everything read from one report, resolved: the record the RDF stage emits."""

    observations: tuple[Observation, ...] = ()
    entities: Mapping[str, Entity] = field(default_factory=dict)  # by key
    mentions: tuple[Mention, ...] = ()
    relations: tuple[Relation, ...] = ()
    refs: tuple[ObservationRefs, ...] = ()  # one per observation
    iris: Mapping[str, str] = field(default_factory=dict)  # Entity.key → IRI
    report: str = ""  # IRI of the report (and of its named graph)
    region: str = ""  # IRI of the report's region
    region_label: str | None = None  # set when the region is a stand-in the report declares

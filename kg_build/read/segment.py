"""Normalised text -> outline: parts, sections and statements with exact offsets.

Two forms of the genre are read with the same rules (data/outline.yaml):

- digests: part headings on their own line (回顾2024年, 从"新台阶"看过去四年, 展望2025年),
  numbered sections (1.稳经济、促增长 …), unnumbered group headings followed by bullets,
  bullets (● · and similar), a headline-targets heading (…主要发展目标) followed by lines
  that hold several targets separated by spaces;
- full speeches: title, preamble (——2025年1月…在…会议上, 各位代表:), parts 一、二、三、,
  sections (一)(二), sub-sections 1. 2., paragraphs split into sentences after 。;!?.

Every non-blank line yields at least one statement; a statement's text is always
``text[start:end]``. Bullet markers and the spaces that separate headline targets are the
only characters left between statements (besides line breaks and spaces at sentence edges).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import cast

from kg_build.model import Part, ReportMeta, Section, Statement
from kg_build.read.headings import (
    MAX_GROUP_HEADING,
    MAX_HEADING,
    MAX_PART_HEADING,
    PART_IDS,
    first_sentence_heading,
    heading_pieces,
    is_byline,
    is_heading_like,
    is_title,
    labelled_heading,
    marked_heading,
    numbered,
    part_heading,
    part_of,
    section_period,
    states_a_figure,
    turn,
    year_part,
)
from kg_build.read.rules import outline
from kg_build.read.sentences import (
    Piece,
    bullet,
    bullet_mark,
    paragraph,
    target_line,
)

TITLE_LINES = 3  # a title is one of the first non-blank lines


@dataclass(frozen=True)
class Outline:
    """Sections and statements of one report, and what could not be recognised."""

    sections: tuple[Section, ...]
    statements: tuple[Statement, ...]
    warnings: tuple[str, ...] = ()


@dataclass
class _State:
    part: Part = "preamble"
    part_id: str | None = None
    part_period: str = ""
    part_enumerated: bool = False
    level2: Section | None = None
    level2_style: str = ""  # "paren" for (一), "number" for 1., "group", "targets"
    level2_period: str | None = None
    level3: Section | None = None
    level3_period: str | None = None
    in_targets: bool = False
    sections: list[Section] = field(default_factory=list)
    used_ids: set[str] = field(default_factory=set)
    level2_count: int = 0
    parts_seen: int = 0
    reviewed: int | None = None
    planned: int | None = None
    combined: tuple[str, int] | None = None  # a combined review's span and single year
    restore: str | None = None  # the year a combined part returns to after a 五年来… line

    def section_id(self) -> str | None:
        for sec in (self.level3, self.level2):
            if sec is not None:
                return sec.id
        return self.part_id

    def period(self) -> str:
        for p in (self.level3_period, self.level2_period):
            if p:
                return p
        return self.part_period

    def unique(self, wanted: str) -> str:
        candidate, k = wanted, 1
        while candidate in self.used_ids:
            k += 1
            suffix = chr(ord("a") + k - 1) if k <= 26 else f"z{k}"  # past z: still IRI-safe
            candidate = f"{wanted}-{suffix}"
        self.used_ids.add(candidate)
        return candidate


def segment(text: str, meta: ReportMeta) -> Outline:
    """Split normalised text into sections and statements (see module doc)."""
    reviewed, planned = meta.year_reviewed, meta.year_planned
    lines = text.split("\n")
    offsets = _line_offsets(lines)
    state = _State(part_period=str(planned or reviewed or ""), reviewed=reviewed, planned=planned)
    statements: list[Statement] = []
    bullets = 0
    lines_seen = 0

    for index, raw in enumerate(lines):
        if not raw.strip():
            continue
        line_no = index + 1
        nxt = _next_nonblank(lines, index)
        pieces = _classify_line(raw, nxt, state, lines_seen, line_no)
        lines_seen += 1
        base = offsets[index]
        for k, piece in enumerate(pieces, start=1):
            bullets += piece.kind == "bullet"
            statements.append(
                Statement(
                    id=f"L{line_no}.{k}",
                    line=line_no,
                    start=base + piece.start,
                    end=base + piece.end,
                    text=raw[piece.start : piece.end],
                    kind=piece.kind,
                    part=state.part,
                    section=state.section_id(),
                    period=state.period(),
                    order=len(statements),
                )
            )

    warnings: list[str] = []
    if not state.parts_seen:
        statements = _without_parts(statements, state.sections)
        if not state.sections and not bullets:
            warnings.append(
                f"no recognisable structure (no parts, sections or bullets): kept "
                f"{len({s.line for s in statements})} lines as {len(statements)} statements "
                "with part 'other'"
            )
        else:
            warnings.append("no part headings (review, plan, enumerated parts) found: "
                            "parts set to 'other'")  # fmt: skip
    return Outline(tuple(state.sections), tuple(statements), tuple(warnings))


def _without_parts(statements: list[Statement], sections: list[Section]) -> list[Statement]:
    """Without any part heading: lines before the first section are preamble, others other."""
    first = min((s.line for s in sections), default=None)
    out = []
    for st in statements:
        part: Part = "preamble" if first is not None and st.line < first else "other"
        out.append(replace(st, part=part))
    return out


def _line_offsets(lines: list[str]) -> list[int]:
    offsets, pos = [], 0
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1
    return offsets


def _next_nonblank(lines: list[str], index: int) -> str:
    for i in range(index + 1, len(lines)):
        if lines[i].strip():
            return lines[i]
    return ""


def _classify_line(
    line: str, nxt: str, state: _State, lines_seen: int, line_no: int
) -> list[Piece]:
    """Update the outline state for one line and return its statements' pieces."""
    if state.restore is not None:
        state.part_period, state.restore = state.restore, None
    if state.combined and (period := turn(line, *state.combined)):
        if (
            period == state.combined[0]
            and state.part_period == str(state.combined[1])
            and not line.rstrip().endswith(":")  # the text is normalised: ASCII colon
        ):  # 五年来，经济总量…。 after the year: that line only (not a lead-in with a colon)
            state.restore = state.part_period
        state.part_period = period

    if (start := marked_heading(line, nxt, state.reviewed, state.planned)) is not None:
        return _open_marked(line, start, state, line_no)

    if (label := labelled_heading(line, state.reviewed, state.planned)) is not None:
        if label.names_part or state.part_id is None:
            return _open_marked(line, label.start, state, line_no)
        return _open_level2(line, label.start, label.number, "label", state, line_no)

    if bullet_mark(line):
        return [bullet(line, state.in_targets)]

    # enumerated part headings: 一、 (a sub-section once the parts are not enumerated)
    if found := numbered(line, "part_number"):
        end, number = found
        if state.part_id is None or state.part_enumerated or state.parts_seen == 0:
            return _open_part(line, end, number, state, line_no, enumerated=True)
        return _open_level2(line, end, number, "paren", state, line_no)

    if found := numbered(line, "section_number"):
        return _open_level2(line, *found, "paren", state, line_no)

    # 1. sections (sub-sections under a (一) section)
    if found := numbered(line, "item_number"):
        end, number = found
        body = line[end:]
        before_bullets = not nxt or bullet_mark(nxt)  # a heading over bullets (or last)
        if is_heading_like(body, MAX_HEADING) and states_a_figure(body):
            kind = "target" if state.in_targets else "bullet"  # 1.地区生产总值增长7%左右:
            return [Piece(end, len(line), kind)]  # a numbered item of facts, read as a bullet
        if (
            is_heading_like(body, MAX_HEADING)
            or (before_bullets and is_heading_like(body.replace(",", " "), MAX_HEADING))
            or first_sentence_heading(body)
        ):
            if state.level2 is not None and state.level2_style == "paren":
                return _open_level3(line, end, number, state, line_no)
            return _open_level2(line, end, number, "number", state, line_no)

    if is_byline(line):
        state.in_targets = False
        return [Piece(0, len(line), "byline")]
    if lines_seen < TITLE_LINES and state.part_id is None and is_title(line):
        return [Piece(0, len(line), "title")]

    # un-enumerated part headings (digest form)
    if is_heading_like(line, MAX_PART_HEADING):
        kind = part_of(line)
        if kind is None and state.part_id is not None:  # from one part to the next by year
            kind = year_part(line, state.reviewed, state.planned)
        if kind is not None and (state.part_id is None or kind != state.part):
            return _open_part(line, 0, None, state, line_no, enumerated=False)
        if state.part == "plan" and not state.in_targets and _targets_heading(line):
            return _open_targets(line, state, line_no)

    if state.in_targets:
        if (targets := target_line(line)) is not None:
            return targets
        state.in_targets = False
        if state.level2_style == "targets":
            state.level2, state.level2_style, state.level2_period = None, "", None

    # unnumbered group headings followed by bullets (not a key figure: 3.1%|社会消费品零售总额增长)
    heading = is_heading_like(line, MAX_GROUP_HEADING) and not states_a_figure(line)
    if heading and bullet_mark(nxt) and state.part_id is not None:
        return _open_group(line, state, line_no)

    return paragraph(line)


def _open_part(
    line: str, body_start: int, number: int | None, state: _State, line_no: int, enumerated: bool
) -> list[Piece]:
    pieces, title = heading_pieces(line, body_start)
    kind, period, single = part_heading(title, state.part, state.reviewed, state.planned)
    state.combined = (period, single) if single else None
    state.restore = None
    state.part = cast(Part, kind)
    state.part_id = state.unique(PART_IDS[kind])
    state.part_enumerated = enumerated
    state.part_period = period
    state.level2 = state.level3 = None
    state.level2_period = state.level3_period = None
    state.level2_style = ""
    state.level2_count = 0
    state.in_targets = False
    state.parts_seen += 1
    state.sections.append(
        Section(id=state.part_id, title=title, part=state.part, line=line_no, number=number)
    )
    return pieces


def _open_level2(
    line: str, body_start: int, number: int | None, style: str, state: _State, line_no: int
) -> list[Piece]:
    pieces, title = heading_pieces(line, body_start)
    base = state.part_id or "other"
    state.level2_count += 1
    wanted = f"{base}-{number if number is not None else state.level2_count}"
    sec = Section(
        id=state.unique(wanted),
        title=title,
        part=state.part if state.part_id else "other",
        line=line_no,
        parent=state.part_id,
        number=number,
    )
    state.sections.append(sec)
    state.level2, state.level2_style = sec, style
    state.level2_period = section_period(title)
    state.level3 = None
    state.level3_period = None
    state.in_targets = False
    if state.part_id is None:
        state.part = "other"
    return pieces


def _open_level3(
    line: str, body_start: int, number: int | None, state: _State, line_no: int
) -> list[Piece]:
    assert state.level2 is not None
    pieces, title = heading_pieces(line, body_start)
    sec = Section(
        id=state.unique(f"{state.level2.id}-{number}"),
        title=title,
        part=state.part,
        line=line_no,
        parent=state.level2.id,
        number=number,
    )
    state.sections.append(sec)
    state.level3 = sec
    state.level3_period = section_period(title)
    return pieces


def _open_marked(line: str, start: int, state: _State, line_no: int) -> list[Piece]:
    """A marked part heading; in a plan, one of the headline targets opens them."""
    pieces = _open_part(line, start, None, state, line_no, enumerated=False)
    state.in_targets = state.part == "plan" and _targets_heading(line[start:])
    return pieces


def _targets_heading(title: str) -> bool:
    return bool(outline().pattern("targets_heading").search(title))


def _open_group(line: str, state: _State, line_no: int) -> list[Piece]:
    state.level2_count += 1
    title = line.strip()
    sec = Section(
        id=state.unique(f"{state.part_id}-{state.level2_count}"),
        title=title,
        part=state.part,
        line=line_no,
        parent=state.part_id,
    )
    state.sections.append(sec)
    state.level2, state.level2_style = sec, "group"
    state.level2_period = section_period(title)
    state.level3 = None
    state.level3_period = None
    return [Piece(0, len(line), "heading")]


def _open_targets(line: str, state: _State, line_no: int) -> list[Piece]:
    sec = Section(
        id=state.unique("targets"),
        title=line.strip(),
        part=state.part,
        line=line_no,
        parent=state.part_id,
    )
    state.sections.append(sec)
    state.level2, state.level2_style = sec, "targets"
    state.level2_period = None
    state.level3 = None
    state.level3_period = None
    state.in_targets = True
    return [Piece(0, len(line), "heading")]

"""Normalised text -> outline: parts, sections and statements with exact offsets.

Two forms of the genre are read with the same rules:

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

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import yaml

from kg_build.model import Part, ReportMeta, Section, Statement

RULES_FILE = Path(__file__).with_name("rules.yaml")

_PART_IDS: dict[str, str] = {
    "review": "review",
    "multi_year_review": "multi-year",
    "plan": "plan",
    "other": "other",
}
_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7}
_CN_DIGITS |= {"八": 8, "九": 9}
_CN_NUM = "零一二三四五六七八九十两百"

_PART_ENUM = re.compile(rf"^([{_CN_NUM}]{{1,3}})[、.]\s*(?=\S)")
_SECTION_ENUM = re.compile(rf"^\(([{_CN_NUM}]{{1,3}})\)\s*(?=\S)")
_NUMBER_ENUM = re.compile(r"^(\d{1,2})[.、](?!\d)\s*(?=\S)")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_HEADING_YEAR = re.compile(
    r"^(?:[^0-9]{0,4})((?:19|20)\d{2})\s*年(?!\d)(?:[^0-9]{0,12})$|"
    r"((?:19|20)\d{2})\s*年(?:政府)?(?:工作|主要|重点|目标)"
)
_SENTENCE_PUNCT = re.compile(r"[。;!?,:]")
_MAX_HEADING = 60  # characters; longer lines are paragraphs
_MAX_PART_HEADING = 30  # an un-enumerated line that opens a part is at most this long
_MAX_GROUP_HEADING = 24  # an unnumbered group heading (followed by bullets)
_TITLE_LINES = 3  # a title is one of the first non-blank lines


@dataclass(frozen=True)
class Rules:
    bullets: str
    terminators: str
    closers: str
    parts: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]
    targets_heading: re.Pattern[str]
    targets_leadin: re.Pattern[str]
    bylines: tuple[re.Pattern[str], ...]


@lru_cache(maxsize=4)
def load_rules(path: Path = RULES_FILE) -> Rules:
    """The outline rules (rules.yaml)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    parts = tuple(
        (kind, tuple(re.compile(p) for p in patterns)) for kind, patterns in data["parts"].items()
    )
    return Rules(
        bullets=data["bullets"],
        terminators=data["terminators"],
        closers=data["closers"],
        parts=parts,
        targets_heading=re.compile(data["targets_heading"]),
        targets_leadin=re.compile(data["targets_leadin"]),
        bylines=tuple(re.compile(p) for p in data["bylines"]),
    )


@dataclass(frozen=True)
class Outline:
    """Sections and statements of one report, and what could not be recognised."""

    sections: tuple[Section, ...]
    statements: tuple[Statement, ...]
    warnings: tuple[str, ...] = ()


# --- small pure helpers -----------------------------------------------------------------


def cn_number(text: str) -> int | None:
    """'三' -> 3, '十二' -> 12, '二十' -> 20, '12' -> 12; None if not a number."""
    if text.isdigit():
        return int(text)
    if not text or any(ch not in _CN_NUM for ch in text):
        return None
    if "百" in text:
        return None
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0))
    return _CN_DIGITS.get(text) if len(text) == 1 else None


def five_year_plan_span(ordinal: int) -> tuple[int, int]:
    """The years of the n-th five-year plan from the sixth on: 14 -> (2021, 2025)."""
    start = 1981 + 5 * (ordinal - 6)
    return start, start + 4


def heading_span(heading: str, kind: str, reviewed: int | None, planned: int | None) -> str | None:
    """The period a multi-year heading speaks of, e.g. 过去四年 + 2024 -> "2021/2024"."""
    span: tuple[int, int] | None = None
    if m := re.search(r"十([一二三四五六])五", heading):
        ordinal = 10 + (cn_number(m.group(1)) or 0)
        start, end = five_year_plan_span(ordinal)
        if kind == "multi_year_review" and reviewed and start <= reviewed < end:
            end = reviewed
        span = (start, end)
    elif m := re.search(r"((?:19|20)\d{2})\s*[-—~至到]\s*((?:19|20)\d{2})", heading):
        span = (int(m.group(1)), int(m.group(2)))
    elif (m := re.search(r"((?:19|20)\d{2})\s*年以来", heading)) and reviewed:
        span = (int(m.group(1)), reviewed)
    elif m := re.search(r"(?:今后|未来)([一二三四五六七八九十两\d]{1,2})年", heading):
        n = cn_number(m.group(1))
        if n and planned:
            span = (planned, planned + n - 1)
    elif m := re.search(
        r"(?:过去|近|这)([一二三四五六七八九十两\d]{1,2})年|([二三四五六七八九十两\d]{1,2})年来",
        heading,
    ):
        n = cn_number(m.group(1) or m.group(2))
        if n and reviewed:
            span = (reviewed - n + 1, reviewed)
    elif "本届政府" in heading and reviewed:
        span = (reviewed - 4, reviewed)
    if span is None:
        return None
    return str(span[0]) if span[0] == span[1] else f"{span[0]}/{span[1]}"


def classify_part(heading: str, rules: Rules) -> str | None:
    """The part a heading opens, from its words, or None."""
    for kind, patterns in rules.parts:
        if any(p.search(heading) for p in patterns):
            return kind
    return None


def split_sentences(line: str, rules: Rules) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a line; terminators and closing quotes stay inside."""
    pieces: list[tuple[int, int]] = []
    start = 0
    i = 0
    n = len(line)
    while i < n:
        if line[i] in rules.terminators:
            j = i + 1
            while j < n and (line[j] in rules.terminators or line[j] in rules.closers):
                j += 1
            pieces.append((start, j))
            start = j
            i = j
        else:
            i += 1
    if start < n:
        pieces.append((start, n))
    return [p for p in (_trim(line, s, e) for s, e in pieces) if p[0] < p[1]]


def _trim(line: str, start: int, end: int) -> tuple[int, int]:
    while start < end and line[start] == " ":
        start += 1
    while end > start and line[end - 1] == " ":
        end -= 1
    return start, end


def split_targets(line: str) -> list[tuple[int, int]]:
    """Split a headline-target line at runs of spaces; pieces without Han characters are
    joined to the piece before them."""
    pieces: list[list[int]] = []
    for m in re.finditer(r"\S+", line):
        has_han = any("\u4e00" <= ch <= "\u9fff" for ch in m.group(0))
        if pieces and not has_han:
            pieces[-1][1] = m.end()
        else:
            pieces.append([m.start(), m.end()])
    return [(s, e) for s, e in pieces]


def _is_heading_like(text: str, limit: int) -> bool:
    return 0 < len(text) <= limit and not _SENTENCE_PUNCT.search(text)


def _first_sentence_heading(body: str) -> int | None:
    """End (in body) of a heading that is the first sentence of a longer line, if any."""
    cut = body.find("。")
    if 0 < cut < _MAX_HEADING:
        return cut + 1
    return None


# --- the segmenter ----------------------------------------------------------------------


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
            candidate = f"{wanted}-{chr(ord('a') + k - 1)}"
        self.used_ids.add(candidate)
        return candidate


@dataclass(frozen=True)
class _Piece:
    start: int  # offset within the line
    end: int
    kind: str


def segment(text: str, meta: ReportMeta, rules: Rules | None = None) -> Outline:
    """Split normalised text into sections and statements (see module doc)."""
    rules = rules or load_rules()
    reviewed, planned = meta.year_reviewed, meta.year_planned
    default_period = str(planned or reviewed or "")
    lines = text.split("\n")
    offsets = _line_offsets(lines)
    state = _State(part_period=default_period)
    statements: list[Statement] = []
    bullets = 0
    lines_seen = 0

    for index, raw in enumerate(lines):
        if not raw.strip():
            continue
        line_no = index + 1
        nxt = _next_nonblank(lines, index)
        pieces = _classify_line(raw, nxt, state, rules, reviewed, planned, lines_seen, line_no)
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
            warnings.append("no part headings (回顾/展望/一、…) found: parts set to 'other'")
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
    line: str,
    nxt: str,
    state: _State,
    rules: Rules,
    reviewed: int | None,
    planned: int | None,
    lines_seen: int,
    line_no: int,
) -> list[_Piece]:
    """Update the outline state for one line and return its statements' pieces."""
    # bullets
    if line[0] in rules.bullets:
        start = 1
        while start < len(line) and line[start] == " ":
            start += 1
        if start >= len(line):
            return [_Piece(0, len(line), "text")]
        kind = "target" if state.in_targets else "bullet"
        return [_Piece(start, len(line), kind)]

    # enumerated part headings: 一、
    if m := _PART_ENUM.match(line):
        if state.part_id is None or state.part_enumerated or state.parts_seen == 0:
            return _open_part(line, m.end(), cn_number(m.group(1)), state, rules, reviewed,
                              planned, line_no, enumerated=True)  # fmt: skip
        return _open_level2(line, m.end(), cn_number(m.group(1)), "paren", state, reviewed,
                            line_no)  # fmt: skip

    # (一) sections
    if m := _SECTION_ENUM.match(line):
        return _open_level2(line, m.end(), cn_number(m.group(1)), "paren", state, reviewed,
                            line_no)  # fmt: skip

    # 1. sections (sub-sections under a (一) section)
    if m := _NUMBER_ENUM.match(line):
        number = int(m.group(1))
        body = line[m.end() :]
        before_bullets = nxt[:1] in rules.bullets  # "1.稳经济,促增长" over bullets
        if (
            _is_heading_like(body, _MAX_HEADING)
            or (before_bullets and _is_heading_like(body.replace(",", " "), _MAX_HEADING))
            or _first_sentence_heading(body)
        ):
            if state.level2 is not None and state.level2_style == "paren":
                return _open_level3(line, m.end(), number, state, reviewed, line_no)
            return _open_level2(line, m.end(), number, "number", state, reviewed, line_no)

    # bylines and the title
    if any(p.search(line) for p in rules.bylines) and len(line) <= _MAX_HEADING:
        state.in_targets = False
        return [_Piece(0, len(line), "byline")]
    if (
        lines_seen < _TITLE_LINES
        and "报告" in line
        and _is_heading_like(line, _MAX_HEADING)
        and state.part_id is None
    ):
        return [_Piece(0, len(line), "title")]

    # un-enumerated part headings (digest form)
    if _is_heading_like(line, _MAX_PART_HEADING):
        kind = classify_part(line, rules)
        if kind is not None and (state.part_id is None or kind != state.part):
            return _open_part(line, 0, None, state, rules, reviewed, planned, line_no,
                              enumerated=False)  # fmt: skip
        if state.part == "plan" and rules.targets_heading.search(line) and not state.in_targets:
            return _open_targets(line, state, line_no)

    # headline-target lines
    if state.in_targets:
        if "。" not in line and len(line) <= 120:
            return [
                _Piece(s + ts, s + te, "target")
                for s, e in split_sentences(line, rules)
                for ts, te in split_targets(line[s:e])
            ]
        state.in_targets = False
        if state.level2_style == "targets":
            state.level2, state.level2_style, state.level2_period = None, "", None

    # unnumbered group headings followed by bullets
    if (
        _is_heading_like(line, _MAX_GROUP_HEADING)
        and nxt
        and nxt[0] in rules.bullets
        and state.part_id is not None
    ):
        return _open_group(line, state, line_no)

    return _paragraph(line, state, rules)


def _paragraph(line: str, state: _State, rules: Rules) -> list[_Piece]:
    spans = split_sentences(line, rules)
    if not any(ch in rules.terminators for ch in line):
        return [_Piece(s, e, "text") for s, e in spans]
    pieces: list[_Piece] = []
    in_list = False
    for s, e in spans:
        sentence = line[s:e]
        lead = rules.targets_leadin.search(sentence) if not in_list else None
        if lead:
            cut = s + lead.end()
            pieces.append(_Piece(s, cut, "sentence"))
            s = cut
            while s < e and line[s] == " ":
                s += 1
            in_list = True
            if s >= e:
                continue
        if in_list:
            pieces.append(_Piece(s, e, "target"))
            if sentence.rstrip(rules.closers).endswith("。"):
                in_list = False
        else:
            pieces.append(_Piece(s, e, "sentence"))
    return pieces


def _heading_pieces(line: str, body_start: int) -> tuple[list[_Piece], str] | None:
    """Pieces and title of a heading line: the whole line, or its first sentence."""
    body = line[body_start:]
    if _is_heading_like(re.sub("[,:]", " ", body), _MAX_HEADING):
        return [_Piece(0, len(line), "heading")], body.strip()
    cut = _first_sentence_heading(body)
    if cut is None:
        return None
    head_end = body_start + cut
    pieces = [_Piece(0, head_end, "heading")]
    rest = line[head_end:]
    for s, e in split_sentences(rest, load_rules()):
        pieces.append(_Piece(head_end + s, head_end + e, "sentence"))
    return pieces, body[: cut - 1].strip()


def _loose_heading(line: str, body_start: int, rules: Rules) -> tuple[list[_Piece], str]:
    """An enumerated line with no short heading: its sentences, titled by the first clause."""
    body = line[body_start:]
    title = re.split(r"[,;。:!?]", body, maxsplit=1)[0].strip()[:_MAX_HEADING]
    pieces = [_Piece(s, e, "sentence") for s, e in split_sentences(line, rules)]
    return pieces, title


def _open_part(
    line: str,
    body_start: int,
    number: int | None,
    state: _State,
    rules: Rules,
    reviewed: int | None,
    planned: int | None,
    line_no: int,
    enumerated: bool,
) -> list[_Piece]:
    heading = _heading_pieces(line, body_start) or _loose_heading(line, body_start, rules)
    pieces, title = heading
    kind = classify_part(title, rules)
    if kind == "multi_year_review" and re.search(r"十[一二三四五六]五", title):
        span = heading_span(title, kind, reviewed, planned)
        if span and reviewed and int(span[:4]) > reviewed:
            kind = "plan"
    if kind is None:
        year = _heading_year(title)
        if year is not None and year == planned:
            kind = "plan"
        elif year is not None and year == reviewed:
            kind = "review"
        elif state.part in ("review", "multi_year_review", "plan"):
            kind = "plan"
        else:
            kind = "other"
    state.part = kind  # type: ignore[assignment]
    state.part_id = state.unique(_PART_IDS[kind])
    state.part_enumerated = enumerated
    state.part_period = _part_period(title, kind, reviewed, planned)
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


def _part_period(title: str, kind: str, reviewed: int | None, planned: int | None) -> str:
    span = heading_span(title, kind, reviewed, planned)
    if span and (kind == "multi_year_review" or "/" in span):
        return span
    year = _heading_year(title) or _any_year(title)
    if year:
        return str(year)
    if kind == "review" and reviewed:
        return str(reviewed)
    if kind == "multi_year_review" and reviewed:
        return str(reviewed)
    return str(planned or reviewed or "")


def _heading_year(title: str) -> int | None:
    m = _HEADING_YEAR.search(title)
    if not m:
        return None
    return int(m.group(1) or m.group(2))


def _any_year(title: str) -> int | None:
    years = {int(y) for y in _YEAR.findall(title)}
    return years.pop() if len(years) == 1 else None


def _open_level2(
    line: str,
    body_start: int,
    number: int | None,
    style: str,
    state: _State,
    reviewed: int | None,
    line_no: int,
) -> list[_Piece]:
    heading = _heading_pieces(line, body_start) or _loose_heading(line, body_start, load_rules())
    pieces, title = heading
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
    year = _heading_year(title)
    state.level2_period = str(year) if year else None
    state.level3 = None
    state.level3_period = None
    state.in_targets = False
    if state.part_id is None:
        state.part = "other"
    return pieces


def _open_level3(
    line: str, body_start: int, number: int, state: _State, reviewed: int | None, line_no: int
) -> list[_Piece]:
    assert state.level2 is not None
    pieces, title = _heading_pieces(line, body_start) or _loose_heading(
        line, body_start, load_rules()
    )
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
    year = _heading_year(title)
    state.level3_period = str(year) if year else None
    return pieces


def _open_group(line: str, state: _State, line_no: int) -> list[_Piece]:
    state.level2_count += 1
    sec = Section(
        id=state.unique(f"{state.part_id}-{state.level2_count}"),
        title=line.strip(),
        part=state.part,
        line=line_no,
        parent=state.part_id,
    )
    state.sections.append(sec)
    state.level2, state.level2_style = sec, "group"
    year = _heading_year(line)
    state.level2_period = str(year) if year else None
    state.level3 = None
    state.level3_period = None
    return [_Piece(0, len(line), "heading")]


def _open_targets(line: str, state: _State, line_no: int) -> list[_Piece]:
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
    return [_Piece(0, len(line), "heading")]

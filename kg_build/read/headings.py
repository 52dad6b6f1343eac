"""Headings: their shapes, the part of the report a heading opens and the period it names.

Shapes are rules of data/outline.yaml: enumerations (`part_number` 一、, `section_number`
(一), `item_number` 1.), `heading_punct` (a heading has none), the part words
(`multi_year_review_heading`, `review_heading`, `plan_heading`), `bylines` and `title_line`.
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from kg_build.read.rules import meta, outline, pattern, patterns
from kg_build.read.sentences import Piece, split_sentences
from kg_build.read.years import heading_year, small_number, years_named

MAX_HEADING = 60  # characters; longer lines are paragraphs
MAX_PART_HEADING = 30  # an un-enumerated line that opens a part is at most this long
MAX_GROUP_HEADING = 24  # an unnumbered group heading (followed by bullets)
CAPITAL_NUMERALS = "壹贰叁肆伍陆柒捌玖拾"  # the banker's numerals 1 to 10 (壹｜… labels a part)

PART_IDS: dict[str, str] = {
    "review": "review",
    "multi_year_review": "multi-year",
    "plan": "plan",
    "other": "other",
}
_PART_RULES = (
    ("multi_year_review", "multi_year_review_heading"),
    ("review", "review_heading"),
    ("plan", "plan_heading"),
)
LOOKING_BACK = ("review", "multi_year_review")


def numbered(line: str, key: str) -> tuple[int, int | None] | None:
    """(end of the enumeration, its number) if `line` opens with the enumeration `key`."""
    m = outline().pattern(key).match(line)
    return (m.end(), small_number(m.group("number"))) if m else None


def is_heading_like(text: str, limit: int) -> bool:
    """Short, and without the punctuation of a sentence or clause."""
    punct = outline().chars("heading_punct")
    return 0 < len(text) <= limit and not any(ch in punct for ch in text)


def first_sentence_heading(body: str) -> int | None:
    """End (in body) of a heading that is the first sentence of a longer line, if any: a
    short sentence, not one of several clauses holding numbers (then it states facts)."""
    full_stop = outline().value("full_stop")
    cut = body.find(full_stop)
    if 0 < cut < MAX_HEADING and not _states_numbers(body[:cut]):
        return cut + len(full_stop)
    return None


def states_a_figure(text: str) -> bool:
    """Whether `text` holds an Arabic number that is not a year (地区生产总值增长7%左右):
    a numbered line that does is an item of facts, not a heading."""
    return any(ch.isdigit() for ch in pattern(outline(), "year_phrase").sub("", text))


def _states_numbers(sentence: str) -> bool:
    """Several clauses and a number that is not a year: a sentence of facts."""
    clause_marks = outline().chars("heading_punct")
    if not any(ch in clause_marks for ch in sentence):
        return False
    return states_a_figure(sentence)


def is_byline(line: str) -> bool:
    """A line naming who edited, delivered or dated the report."""
    return len(line) <= MAX_HEADING and any(p.search(line) for p in patterns(outline(), "bylines"))


def is_title(line: str) -> bool:
    """A line that names the report (the caller checks it is one of the first lines)."""
    return bool(meta().pattern("title_line").search(line)) and is_heading_like(line, MAX_HEADING)


def heading_pieces(line: str, body_start: int) -> tuple[list[Piece], str]:
    """Pieces and title of an enumerated line: the whole line, its first sentence, or (no
    short heading) its sentences, titled by its first clause."""
    body = line[body_start:]
    if is_heading_like(re.sub("[,:]", " ", body), MAX_HEADING):
        return [Piece(0, len(line), "heading")], body.strip()
    cut = first_sentence_heading(body)
    if cut is None:
        punct = outline().chars("heading_punct")
        title = re.split(f"[{re.escape(punct)}]", body, maxsplit=1)[0].strip()[:MAX_HEADING]
        return [Piece(s, e, "sentence") for s, e in split_sentences(line)], title
    head_end = body_start + cut
    pieces = [Piece(0, head_end, "heading")]
    rest = line[head_end:]
    for s, e in split_sentences(rest):
        pieces.append(Piece(head_end + s, head_end + e, "sentence"))
    return pieces, body[: cut - 1].strip()


def part_of(heading: str) -> str | None:
    """The part a heading opens, from its words, or None."""
    rules = outline()
    for kind, key in _PART_RULES:
        if any(p.search(heading) for p in patterns(rules, key)):
            return kind
    return None


def year_part(heading: str, reviewed: int | None, planned: int | None) -> str | None:
    """The part of the year a heading is about, if that is the reviewed or planned year."""
    year = heading_year(heading)
    if year is not None and year == planned:
        return "plan"
    if year is not None and year == reviewed:
        return "review"
    return None


class PartHeading(NamedTuple):
    """What a part heading says: the part, its period, and the single year it turns to."""

    kind: str
    period: str
    single_year: int | None = None  # several years and one of them (十四五及2025年)


def part_heading(
    title: str, previous: str, reviewed: int | None, planned: int | None
) -> PartHeading:
    """The part a part heading opens and the period it speaks of.

    Without part words a heading is the part of the year it names (the reviewed or the
    planned year); otherwise a plan when it follows a review (reports look back first, then
    ahead), else "other". A five-year plan that starts after the reviewed year is a plan.
    A review of several years that also names the reviewed year, or a plan of several years
    from the planned year that also names it (“十五五”目标和2026年工作安排), is combined: see
    `turn`.
    """
    named = years_named(title, reviewed, planned)
    kind = part_of(title)
    span = named.span if named.five_year_plan else None
    if kind == "multi_year_review" and span and reviewed and span[0] > reviewed:
        kind = "plan"
    if kind is None:
        previous_kind = "plan" if previous in (*LOOKING_BACK, "plan") else "other"
        kind = year_part(title, reviewed, planned) or previous_kind
    span = named.span
    running = named.five_year_plan and reviewed and span and span[0] <= reviewed < span[1]
    if kind == "multi_year_review" and running:
        span = (span[0], reviewed)  # a plan still running, looked back on
    if span and (kind == "multi_year_review" or span[0] != span[1]):
        period = str(span[0]) if span[0] == span[1] else f"{span[0]}/{span[1]}"
        single = None
        if span[0] != span[1] and kind == "multi_year_review":
            single = reviewed if reviewed in (named.heading, named.only) else None
        elif span[0] != span[1] and kind == "plan" and planned == span[0]:
            single = planned if planned in (named.heading, named.only) else None
        return PartHeading(kind, period, single)
    year = named.heading or named.only
    if year:
        return PartHeading(kind, str(year))
    if kind in LOOKING_BACK and reviewed:
        return PartHeading(kind, str(reviewed))
    return PartHeading(kind, str(planned or reviewed or ""))


def turn(line: str, span: str, year: int) -> str | None:
    """The period a line turns a combined part to: its single year at a line that opens
    with it (2025年是…, 一年来…), its span at one that opens with several years (五年来…)."""
    rules = outline()
    m = pattern(rules, "single_year_opener").match(line)
    if m and (m.group("year") is None or int(m.group("year")) == year):
        return str(year)
    if pattern(rules, "several_years_opener").match(line):
        return span
    return None


def marked_heading(line: str, nxt: str, reviewed: int | None, planned: int | None) -> int | None:
    """Start of the text of a part heading opened by a mark (■2024年成绩单), or None.

    A marked line is a part heading when it names a part (by its words or its year), the
    next line does not open with the same mark, and it is short, with no sentence
    punctuation (a colon may part title and subtitle) and no number but years.
    """
    if not line or line[0] not in outline().chars("heading_marks") or nxt[:1] == line[0]:
        return None
    start = len(line) - len(line[1:].lstrip(" "))
    body = line[start:]
    if not is_heading_like(body.replace(":", " "), MAX_PART_HEADING):
        return None
    years_out = _bare_year().sub("", pattern(outline(), "year_phrase").sub("", body))
    if any(ch.isdigit() for ch in years_out):  # ■回眸2024: a year written alone is one too
        return None
    if part_of(body) is None and year_part(body, reviewed, planned) is None:
        return None
    return start


class LabelledHeading(NamedTuple):
    """A heading after a digest's part label (PART 01｜…): where its text starts, the
    label's number, and whether the text names a part."""

    start: int
    number: int | None
    names_part: bool


@cache
def _bare_year() -> re.Pattern[str]:
    """A year written without 年 (the `year` rule), not part of a longer number."""
    return re.compile(rf"(?<!\d)(?:{pattern(outline(), 'year').pattern})(?![\d.%])")


def labelled_heading(
    line: str, reviewed: int | None, planned: int | None
) -> LabelledHeading | None:
    """The heading of a line opened by a part label (`part_label`), or None: the text after
    the label is short, with no sentence punctuation and no number but years."""
    m = outline().pattern("part_label").match(line)
    if not m:
        return None
    body = line[m.end() :]
    bare = _bare_year().sub("", body)  # 回眸2024·数说成绩单: a digest writes the year alone
    if not is_heading_like(body.replace(":", " "), MAX_PART_HEADING) or states_a_figure(bare):
        return None
    names = part_of(body) is not None or year_part(body, reviewed, planned) is not None
    label = m.group("number") or m.group("zh") or m.group("padded")
    capital = m.group("capital")
    number = CAPITAL_NUMERALS.index(capital) + 1 if capital else small_number(label)
    return LabelledHeading(m.end(), number, names)


def section_period(title: str) -> str | None:
    """The period a section heading names: its year, if it is about one."""
    year = years_named(title).heading
    return str(year) if year else None

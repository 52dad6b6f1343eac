"""Reading a statement clause by clause, and a report statement by statement."""

from __future__ import annotations

import re
from dataclasses import replace

from kg_build.extract.clauses import clauses
from kg_build.extract.quantities.changes import read_level_change, read_ratio_change
from kg_build.extract.quantities.drafts import Draft, Reading
from kg_build.extract.quantities.finding import (
    attach_alternatives,
    find_quantities,
    mask_non_quantities,
)
from kg_build.extract.quantities.groups import read_groups
from kg_build.extract.quantities.judging import judge
from kg_build.extract.quantities.subjects import (
    clause_park,
    is_named_work,
    listed_subjects,
    opening_name,
    statement_subject,
)
from kg_build.extract.quantities.vocab import Vocab, vocab
from kg_build.model import Observation, Report, Statement

_PERIOD = re.compile(r"\d{4}(?:/\d{4})?")

SKIP_KINDS = frozenset({"title", "heading", "byline"})


def observations_in_statement(
    st: Statement,
    *,
    yoy: bool = False,
    year_reviewed: int | None = None,
    park: tuple[str, str] | None = None,
    label: str | None = None,
    lead: str | None = None,
) -> list[Observation]:
    """Every quantity one statement states, in text order.

    `yoy` is the 同比 basis carried by an earlier 下同; `year_reviewed` (e.g. 2024) tells
    whether an explicit year is past (actual) or future (target); `park` is the park the
    sentence before on the same line was about, which a statement opening 园区… is about;
    `label` names what a statement that is one figure alone measures (the next line's first
    clause: `next_line_label`), and `lead` is that label again for the next line's figures
    that name nothing.
    """
    if st.kind in SKIP_KINDS or not st.text.strip():
        return []
    r = Reading(st, vocab(), yoy=yoy, year_reviewed=year_reviewed, lead_indicator=lead)
    if (
        park
        and r.subject is None
        and r.text.lstrip(r.v.edge).startswith(tuple(r.v.words("park_anaphors")))
    ):
        r.subject, r.subject_kind = park
    listed: tuple[list[str], str] | None = None
    named_park: str | None = None  # the park an earlier clause opened with
    named_project: str | None = None  # the project an earlier clause opened with
    spans = clauses(r.text)
    for i, (lo, hi) in enumerate(spans):
        clause = r.text[lo:hi]
        opening = clause.lstrip(r.v.edge)
        anaphor = None
        if i:
            _switch_subject(r, clause, r.text[lo - 1] in r.v.map("bare_place_names")["after"])
            if named_park and opening.startswith(r.v.words("park_anaphors")):
                r.subject, r.subject_kind = named_park, "park"  # 某工业园扩园…；园区实现…
            words = r.v.longest("project_anaphors")
            anaphor = next((w for w in words if opening.startswith(w)), None)
            if named_project and anaphor:
                r.subject, r.subject_kind = named_project, "project"  # …工程投入使用，工程新铺设…
        named_park = opening_name(clause, r.v) or named_park
        named_project = opening_name(clause, r.v, "project") or named_project
        listed = listed_subjects(clause, r.v) or listed
        before = len(r.drafts)
        figure = _figure_label(r, spans, i) if i == 0 else None
        if i == 0 and label:
            figure = hi, label, lo  # a key figure alone on its line, its label the next line's
        if figure:  # the label is read as the figure's words (全省|第3位　经济总量: no scope)
            _read_clause(r, figure[2], figure[0], figure[1])
        else:
            _read_clause(r, lo, hi)
        if named_project and anaphor:
            for d in r.drafts[before:]:  # the anaphor is no part of what is measured
                if d.indicator.startswith(anaphor) and len(d.indicator) > len(anaphor) + 1:
                    d.indicator = d.indicator[len(anaphor) :]
        if listed and _pair_listed(r, r.drafts[before:], listed, clause):
            listed = None
        r.last_clause = clause
    plan_words = r.v.words("plan_ratio_words")
    return [o for o in r.observations() if _well_formed(o, plan_words)]


def _well_formed(o: Observation, plan_words: tuple[str, ...] | list[str]) -> bool:
    """No fact without a year, with an indicator of no letter or digit (a table's "|"), or
    a share outside 0–100 % (a ratio to a plan: 0–1000 %) or a rank below 1 or fractional
    (a year misread, 2024%)."""
    top = 1000 if any(w in o.indicator for w in plan_words) else 100
    if o.measure == "share" and not 0 <= o.value <= top:
        return False
    if o.measure == "rank" and (o.value < 1 or o.value != o.value.to_integral_value()):
        return False
    return bool(_PERIOD.fullmatch(o.period)) and any(ch.isalnum() for ch in o.indicator)


def _figure_label(r: Reading, spans: list[tuple[int, int]], i: int) -> tuple[int, str, int] | None:
    """A key figure opening a digest line and its label after a label mark (2860.5亿元：全市
    地区生产总值, 突破3000家——高新技术企业总数): where the figure ends, its label, and where
    its words start (after the scope of a rank: 全省第3位　经济总量), when the label holds no
    number."""
    lo, hi = spans[i]
    for mark in r.v.words("figure_label_marks"):
        at = r.text.find(mark, lo, hi)
        if at > lo:
            label = (at + len(mark), hi)
        elif r.text.startswith(mark, hi) and i + 1 < len(spans):
            at, label = hi, spans[i + 1]
        else:
            continue
        qs = find_quantities(r.text, lo, at, r.masked, r.v)
        text = r.text[label[0] : label[1]]
        if len(qs) != 1:
            continue
        head = r.text[lo : qs[0].start].strip(r.v.edge)
        scope = head.removesuffix(r.v.rank_marker)  # 全省|第3位: a rank's scope may precede it
        alone = not head or (qs[0].rank and bool(r.v.key_figure_rank_scope.fullmatch(scope)))
        if alone and not r.text[qs[0].end : at].strip(r.v.edge) and not any(map(str.isdigit, text)):
            return at, text, qs[0].start - len(r.v.rank_marker) if head else lo
    return None


def _lone_figure(text: str, v: Vocab) -> bool:
    """Whether a statement is one figure and nothing else (2.67万亿元 on a line of its own)."""
    qs = find_quantities(text, 0, len(text), mask_non_quantities(text, v), v)
    rest = text[: qs[0].start] + text[qs[0].end :] if len(qs) == 1 else "x"
    return not rest.strip(v.edge)


def next_line_label(st: Statement, v: Vocab) -> str | None:
    """The label a key figure alone on the line before may take: this statement's first
    clause (全市地区生产总值（预计数），比上年增长6%), when it holds no number."""
    spans = clauses(st.text)
    if not spans:
        return None
    lo, hi = spans[0]
    text = st.text[lo:hi].strip(v.edge)
    return text if text and not any(map(str.isdigit, text)) else None


def _read_clause(r: Reading, lo: int, hi: int, label: str | None = None) -> None:
    """The quantities of one clause; `label` is a key figure's label."""
    v = r.v
    lo = read_ratio_change(r, lo, hi)
    if lo >= hi:
        return
    qs = find_quantities(r.text, lo, hi, r.masked, v)
    if not qs:
        park = clause_park(r.text[lo:hi], v)
        opener = opening_name(r.text[lo:hi], v) if park else None
        if opener:
            park = opener, "park"  # 某高新区打造某产业基地: the park, not the base it builds
        opened_by = r.subject and r.text[lo:hi].lstrip(v.edge).startswith(r.subject)
        if park and not opened_by:  # 某乡打造某某基地，全乡…: still the town's figures
            r.subject, r.subject_kind = park
        if _carries_yoy(r.text[lo:hi], v):
            r.yoy = True
        return
    qs = attach_alternatives(r.text, qs, v)
    judge(r.text, qs, lo, hi, v)
    kept = [q for q in qs if not q.dropped]
    if kept and not read_level_change(r, kept, lo):
        read_groups(r, kept, lo, label)


def _pair_listed(r: Reading, new: list[Draft], listed: tuple[list[str], str], clause: str) -> bool:
    """某镇、某乡…，…分别增长A%、B%: each value of the clause is about one listed subject, in
    order, when the clause says 分别 and states as many values as were listed; one value
    with 均 holds for each."""
    names, kind = listed
    if any(d.subject != r.subject for d in new):
        return False  # the clause named its own subjects
    opening = r.v.list_mark.join(names)
    if len(new) == 1 < len(names) and str(r.v.value("each")) in clause:
        (d,) = new  # 甲镇、乙镇…，产值均增长10%: the one value for each
        if d.indicator.startswith(opening) and len(d.indicator) - len(opening) >= 2:
            d.indicator = d.indicator[len(opening) :]  # 甲县、乙县产值均…: not the indicator
        d.subject, d.subject_kind = names[0], kind
        for k, name in enumerate(names[1:], 1):
            r.drafts.append(replace(d, subject=name, pos=(d.pos[0], d.pos[1] + k)))
        return True
    if str(r.v.value("respectively")) not in clause or len(new) != len(names):
        return False
    for d, name in zip(new, names, strict=True):
        d.subject, d.subject_kind = name, kind
    return True


def _switch_subject(r: Reading, clause: str, bare: bool) -> None:
    """A later clause opening with a named place or park and a verb is about that place
    (…；某某工业园区新入园企业7家), and so is one after a semicolon opening with a town's
    bare name (`bare`); one opening with the region's own 全县 is about the region."""
    found = statement_subject(clause, r.v, bare)
    opening = clause.lstrip(r.v.edge)
    if found:
        r.subject, r.subject_kind = found
    elif opening.startswith(r.v.words("subject_resets")):
        r.subject = r.subject_kind = None
    elif r.subject_kind == "project" and opening.startswith(r.v.words("project_subject_resets")):
        r.subject = r.subject_kind = None  # …工程完成主体建设，全年新建道路…: the region's
    elif (
        r.subject_kind == "project"
        and is_named_work(r.subject or "", r.v)
        and not opening.startswith(r.v.words("works_measures"))
    ):
        r.subject = r.subject_kind = None  # 某数据中心建成投用，数字经济…增长: the region's


def _carries_yoy(text: str, v: Vocab) -> bool:
    """(同比, 下同): the 同比 basis holds for what follows."""
    return v.carry_marker in text and any(y in text for y in v.words("yoy_markers"))


def extract_observations(report: Report) -> list[Observation]:
    """Every observation of a report, statement by statement, in report order.

    A 同比 marked 下同 holds for the following statements of the same section.
    """
    v = vocab()
    year = report.meta.year_reviewed
    out: list[Observation] = []
    carry_section: str | None = None
    carrying = False
    park: tuple[int, str] | None = None  # (line, name) of the park last stated of
    ordered = sorted(report.statements, key=lambda s: s.order)
    lead: str | None = None  # the label a lone figure took from this line
    for k, st in enumerate(ordered):
        if st.section != carry_section:
            carrying = False
        before = (park[1], "park") if park and park[0] == st.line else None
        after = ordered[k + 1] if k + 1 < len(ordered) else None
        label = next_line_label(after, v) if after and after.line == st.line + 1 else None
        if label and not _lone_figure(st.text, v):
            label = None  # only a figure alone on its line takes the next line's label
        found = observations_in_statement(
            st, yoy=carrying, year_reviewed=year, park=before, label=label, lead=lead
        )
        lead = label if label and len(found) == 1 and found[0].indicator else None
        out.extend(found)
        parks = [o.subject for o in found if o.subject and o.subject_kind == "park"]
        if parks:
            park = (st.line, parks[-1])
        elif opened := opening_name(st.text, v):  # 某工业园扩园后…；园区实现…: the next one's
            park = (st.line, opened)
        if _carries_yoy(st.text, v):
            carrying, carry_section = True, st.section
    return out

"""Numbers of a clause in groups: one value, a count before its noun, or values listed together.

Values listed together (…分别增长46.2%、12.7%) are paired with the list of indicators or
subjects before them, or with the amounts stated just before (接待游客…,旅游收入…,分别增长…).
The indicator is the noun phrase before the number, cut after the last opening verb; a
growth rate with no noun of its own (…4.31亿元,增长51.68%) belongs to the amount before it.
"""

from __future__ import annotations

from kg_build.extract.numbers import CHINESE_NUMERAL_CHARS
from kg_build.extract.quantities.drafts import Reading
from kg_build.extract.quantities.finding import Qty
from kg_build.extract.quantities.phrases import (
    Phrase,
    clean_phrase,
    core,
    cut_left,
    ending_verb,
    finish,
    strip_rate_head,
)
from kg_build.extract.quantities.subjects import distribute, places_listed, split_subjects


def read_groups(r: Reading, kept: list[Qty], lo: int, label: str | None = None) -> None:
    """Group values joined by a connector (same unit), then read each group; a key figure's
    `label` stands for the words before it."""
    text, v = r.text, r.v
    connectors = v.wordset("connectors")
    groups: list[list[Qty]] = []
    for q in kept:
        if groups and not q.prenoun and not groups[-1][-1].prenoun:
            gap = text[groups[-1][-1].end : q.start]
            if q.rank and gap.endswith(v.rank_marker):
                gap = gap[: -len(v.rank_marker)]  # 第9位、第10位
            prev_q = groups[-1][-1]
            if gap in connectors and q.unit != prev_q.unit and _elided_unit(prev_q, q, r):
                prev_q.unit = q.unit  # 1.5个、1.0个百分点: the last names the unit of both
            if gap in connectors and q.unit == prev_q.unit:
                groups[-1].append(q)
                continue
        groups.append([q])
    cursor = lo
    for group in groups:
        first = group[0]
        raw = text[cursor : first.start]
        if cursor > lo:
            raw = raw.lstrip(v.edge)
            for w in v.longest("connectors"):
                if raw.startswith(w):
                    raw = raw[len(w) :]
                    break
        if first.rank and raw.endswith(v.rank_marker):
            raw = raw[: -len(v.rank_marker)]
        if label and len(groups) == 1 and not raw.strip(v.edge):
            raw = label
        ph = clean_phrase(raw, v)
        each = _strip_rank_scope(ph, r) if first.rank else None
        if ph.carry and ph.yoy:
            r.yoy = True
        if ph.aspirational:
            r.aspirational = True
        if each and len(group) == 1 and read_each_rank(r, first, ph):
            pass
        elif len(group) > 1:
            if first.qualifier and first.start < first.num_start:  # 分别突破A、B: both
                for q in group[1:]:
                    q.qualifier = q.qualifier or first.qualifier
            read_list(r, group, ph)
        elif first.prenoun:
            read_prenoun(r, first, ph)
        else:
            read_single(r, first, ph)
        last = group[-1]
        cursor = max(last.end, last.noun_end)


def _elided_unit(a: Qty, b: Qty, r: Reading) -> bool:
    """Is `a`'s unit the counter of `b`'s unit cut short (个 of 个百分点)?"""
    return (
        not a.rank
        and not b.rank
        and b.unit in r.v.words("point_units")
        and (a.unit != b.unit and b.unit.startswith(a.unit))
    )


def read_gap_list(r: Reading, group: list[Qty], ph: Phrase) -> bool:
    """增速分别高于全国、全省1.5个、1个百分点: one gap to each reference listed, in order."""
    v = r.v
    m = v.lex.pattern("gap_references").search(ph.text)
    if not m:
        return False
    refs = [finish(x, v) for x in v.lex.pattern("gap_reference_joints").split(m.group("refs"))]
    if len(refs) != len(group) or not all(refs):
        return False
    head = m.group("head").strip(v.edge)
    prev = r.previous()
    if prev is not None and head.startswith(v.words("generic_heads")):
        head = core(prev.indicator, v) + head
    elif head:
        head = cut_left(head, v)
    for k, (q, ref) in enumerate(zip(group, refs, strict=True)):
        label = head + m.group("verb") + ref
        r.draft(q, label, r.measure_of(q, ph, label), ph, order=k)
    return True


def _strip_rank_scope(ph: Phrase, r: Reading) -> str:
    """排全市, 居全省, 分别居全国 off the end of a rank's phrase; 均 or 分别 if it said so."""
    m = r.v.lex.pattern("rank_scope").search(ph.text)
    if not m:
        return ""
    ph.text = ph.text[: m.start()].rstrip(r.v.edge)
    return m.group("each") or ""


def read_each_rank(r: Reading, q: Qty, ph: Phrase) -> bool:
    """甲增速和乙增速均排全市第1位: the one rank of each indicator listed."""
    v = r.v
    text = ph.text
    for w in v.longest("connectors"):
        text = text.replace(w, v.list_mark)
    items = [finish(x, v) for x in text.split(v.list_mark)]
    if len(items) < 2 or not all(items):
        return False
    items[0] = cut_left(items[0], v)
    for k, item in enumerate(items):
        r.draft(q, item, "rank", ph, order=k)
    return True


def ranking_name(clause: str, r: Reading) -> str:
    """被评为全国“百强区” → 全国“百强区”: what a bare 排名第68位 ranks in."""
    for w in r.v.longest("selection_verbs"):
        if w in clause:
            return finish(clause.rsplit(w, 1)[1], r.v)
    return ""


def read_single(r: Reading, q: Qty, ph: Phrase) -> None:
    v = r.v
    prev = r.previous()
    generic = v.words("generic_heads")
    if q.rank and not ph.text and r.last_clause:
        ph.text = ranking_name(r.last_clause, r)
    leans = prev is not None and ph.text.startswith(generic)
    indicator = ph.text if leans else cut_left(ph.text, v) if ph.text else ""
    subject, kind = r.subject, r.subject_kind
    named = [d for d in r.drafts if d.subject and d.subject != r.subject]
    same = next((d for d in reversed(named) if d.subject == indicator), None)
    if same is not None and not q.rank:  # …分别达到A、B、C,其中乙增长9.8%: 乙's figure
        indicator, subject, kind = same.indicator, same.subject, same.subject_kind
    elif not indicator and prev is None and r.lead_indicator:
        indicator = cut_left(r.lead_indicator, v)  # 2.67万亿元 / 全市地区生产总值，增长6%
    elif not indicator and prev is not None:
        indicator, subject, kind = prev.indicator, prev.subject, prev.subject_kind
        if not ph.year and "/" not in r.st.period and prev.period != r.st.period:
            ph.year = prev.period
    elif prev is not None and indicator.startswith(generic):
        indicator = core(prev.indicator, v) + finish(indicator, v)
        if prev.subject and not subject:  # 其中乙增长9.8%,增速居…: 乙's rate ranks
            subject, kind = prev.subject, prev.subject_kind
    period = None
    if q.rank and prev is not None and prev.basis == "average_annual" and "/" in prev.period:
        period = prev.period  # 五年年均增长4.7%，增速居全省第4位: the rank of the span's rate
    measure = r.measure_of(q, ph, indicator)
    verbs = sorted(v.map("growth_after")["verbs"], key=len, reverse=True)
    held = next((w for w in verbs if indicator.endswith(w)), "")
    if held and r.held_growth(q, ph):
        indicator = indicator[: -len(held)]
    if measure == "growth":
        indicator = strip_rate_head(indicator, v)
    elif measure == "level" and ph.direction:
        verb = ending_verb(ph.raw, v)
        indicator = indicator + verb if verb and not indicator.endswith(verb) else indicator
    label = indicator or ph.raw.strip(v.edge)
    r.draft(q, label, measure, ph, subject=subject, subject_kind=kind, period=period)


def _has_numeral(s: str) -> bool:
    return any(ch.isdigit() or ch in CHINESE_NUMERAL_CHARS for ch in s)


def read_prenoun(r: Reading, q: Qty, ph: Phrase) -> None:
    """2740个托位: the counted noun is the indicator; a short word before it may lead it."""
    v = r.v
    indicator = q.noun
    lead = cut_left(ph.text, v) if ph.text else ""
    if (
        lead
        and len(lead) <= 2
        and lead not in v.wordset("cut_verbs")
        and lead not in v.wordset("time_words")
        and not _has_numeral(lead)
    ):
        indicator = lead + indicator
    r.draft(q, indicator or lead, "level", ph)


def read_list(r: Reading, group: list[Qty], ph: Phrase) -> None:
    """Values listed together, paired with subjects, with indicators, or with amounts before."""
    n, v = len(group), r.v
    if ph.text and group[0].unit in v.words("point_units") and read_gap_list(r, group, ph):
        return
    subjects = split_subjects(ph.text, n, v) if ph.text else None
    if subjects:
        names, kind, indicator = subjects
        indicator = cut_left(indicator, v) if indicator else indicator
        for q, name in zip(group, names, strict=True):
            measure = r.measure_of(q, ph, indicator)
            label = strip_rate_head(indicator, v) if measure == "growth" else indicator
            r.draft(q, label, measure, ph, subject=name, subject_kind=kind)
        return
    prev = r.previous()
    listed = places_listed(ph.text, n, v) if ph.text and prev and prev.subject else None
    if listed and prev is not None and prev.subject_kind == listed[1]:
        names, kind = listed  # 甲市增长5%，乙市、丙市分别增长6%、7%: the same measure
        for q, name in zip(group, names, strict=True):
            measure = r.measure_of(q, ph, prev.indicator)
            r.draft(q, prev.indicator, measure, ph, subject=name, subject_kind=kind)
        return
    items = ph.text.split(v.list_mark) if ph.text else []
    if len(items) == n:
        items[0] = cut_left(items[0], v)
        labels = [finish(x, v) for x in distribute(items, v)]
        for q, label in zip(group, labels, strict=True):
            measure = r.measure_of(q, ph, label)
            if measure == "growth":
                label = strip_rate_head(label, v)
            r.draft(q, label, measure, ph)
        return
    if group[0].rank and (not ph.text or ph.text in v.wordset("generic_heads")):
        ranked = [d for d in r.drafts if d.measure != "rank"][-n:]  # …分别居全国第9位、第10位
        if len(ranked) == n:
            for q, d in zip(group, ranked, strict=True):
                label = core(d.indicator, v) + ph.text if ph.text else d.indicator
                r.draft(q, label, "rank", ph, subject=d.subject, subject_kind=d.subject_kind)
            return
    if not ph.text:
        levels = [d for d in r.drafts if d.measure == "level"][-n:]
        if len(levels) == n:
            for q, d in zip(group, levels, strict=True):
                measure = r.measure_of(q, ph, d.indicator)
                r.draft(
                    q,
                    d.indicator,
                    measure,
                    ph,
                    subject=d.subject,
                    subject_kind=d.subject_kind,
                    period=ph.year or d.period,
                )
            return
    for q in group:
        read_single(r, q, ph)

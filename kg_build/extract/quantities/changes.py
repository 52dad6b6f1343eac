"""Changes stated with both ends: 由A至B for ratios and for levels, a value at each end."""

from __future__ import annotations

from kg_build.extract.numbers import RATIO_RE, parse_ratio
from kg_build.extract.quantities.drafts import Reading, span_period
from kg_build.extract.quantities.finding import Qty, find_quantities
from kg_build.extract.quantities.phrases import clean_phrase, cut_left
from kg_build.extract.quantities.vocab import Vocab


def read_ratio_change(r: Reading, lo: int, hi: int) -> int:
    """三次产业比由12.2:44.9:42.9优化至11.5:49.7:38.8 → shares at both ends.

    A single ratio (结构为8:40:52) gives shares at the statement's period. Returns where
    reading the clause goes on (`hi` when nothing else in it is a quantity).
    """
    text, v = r.text, r.v
    m = v.ratio_change.search(text, lo, hi)
    found = m or RATIO_RE.search(text, lo, hi)
    if found is None or (not m and any(r.masked[found.start() : found.end()])):
        return lo
    ph = clean_phrase(text[lo : found.start()], v)
    for w in v.longest("change_from"):
        if ph.text.endswith(w):
            ph.text = ph.text[: -len(w)]
            break
    indicator = cut_left(ph.text, v) or ph.text
    for w in v.longest("ratio_verbs"):
        if indicator.endswith(w) and len(indicator) > len(w):
            indicator = indicator[: -len(w)]  # 结构调整为A:B:C
            break
    ends = (
        [(m.group("a"), m.start("a")), (m.group("b"), m.start("b"))]
        if m
        else [(found.group(0), found.start())]
    )
    periods = span_period(r.st.period) if m else (r.st.period, r.st.period)
    if m:
        periods = (m.group("ya") or periods[0], m.group("yb") or periods[1])
    parts = None
    for key, names in v.map("ratio_parts").items():
        if key in indicator:
            parts = names
    label_of = str(v.value("ratio_part_label"))
    named_of = str(v.value("ratio_named_part_label"))
    for k, (ratio, pos) in enumerate(ends):
        values = parse_ratio(ratio)
        unit = "%" if abs(sum(values) - 100) <= 1 else ""
        offset = pos
        for j, value in enumerate(values):
            s = text.find(str(ratio.split(":")[j]) if ":" in ratio else "", offset)
            q = Qty(s, s, s + len(str(value)), s + len(str(value)), value, unit)
            offset = s + len(str(value))
            name = parts[j] if parts and j < len(parts) else None
            label = (
                named_of.format(indicator=indicator, part=name)
                if name
                else label_of.format(indicator=indicator, n=j + 1)
            )
            r.draft(q, label, "share", ph, period=periods[k if m else 1], order=j)
    for i in range(found.start(), found.end()):
        r.masked[i] = True
    more = found.end() < hi and find_quantities(text, found.end(), hi, r.masked, v)
    return lo if more else hi


def read_level_change(r: Reading, kept: list[Qty], lo: int) -> bool:
    """工业投资占固定资产投资比重由31.6%提升至54.9% → two values at two periods."""
    if len(kept) != 2:
        return False
    v = r.v
    a, b = kept
    far_year, between = _year_at_end(r.text[a.end : b.start], v)
    near_year, before = _year_at_end(r.text[lo : a.start], v)
    filler = next((w for w in v.longest("change_from_fillers") if before.endswith(w)), "")
    before = before[: len(before) - len(filler)]
    start_word = next((w for w in v.longest("change_from") if before.endswith(w)), None)
    if start_word is None or not between.endswith(v.words("reach_words")):
        return False
    if a.unit != b.unit:
        return False
    ph = clean_phrase(before[: -len(start_word)], v)
    indicator = cut_left(ph.text, v) or ph.text
    measure = "share" if a.unit in v.percent else "level"
    start, end = span_period(r.st.period)
    ph.direction = 0
    r.draft(a, indicator, measure, ph, period=near_year or start)
    r.draft(b, indicator, measure, ph, period=far_year or end)
    return True


def _year_at_end(text: str, v: Vocab) -> tuple[str | None, str]:
    """The year written at the end of `text` (由2020年的), and the text before it."""
    m = v.lex.pattern("change_year").search(text)
    return (m.group("year"), text[: m.start()]) if m else (None, text)

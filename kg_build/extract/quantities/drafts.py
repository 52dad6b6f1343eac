"""The state of reading one statement, and its observations before they are numbered."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from kg_build.extract.clauses import clause_bounds
from kg_build.extract.quantities.finding import Qty, mask_non_quantities
from kg_build.extract.quantities.phrases import Phrase, ending_verb
from kg_build.extract.quantities.subjects import named_after, statement_subject
from kg_build.extract.quantities.units import to_base
from kg_build.extract.quantities.vocab import Vocab
from kg_build.model import Observation, Statement


@dataclass
class Draft:
    """An observation before its index is known."""

    pos: tuple[int, int]
    indicator: str
    measure: str
    value: Decimal
    unit: str
    period: str
    status: str
    subject: str | None = None
    subject_kind: str | None = None
    qualifier: str | None = None
    aspirational: bool = False
    basis: str | None = None
    alt: tuple[Decimal, str] | None = None
    span: tuple[int, int] | None = None


def span_period(period: str) -> tuple[str, str]:
    """The years of the near and far end of a change over a period: the year before it
    began (the base) and its last year (2021/2024 → 2020, 2024; 2024 → 2023, 2024)."""
    first, _, last = period.partition("/")
    try:
        return str(int(first) - 1), last or period
    except ValueError:
        return period, period


def status_of(part: str, period: str, default: str, year_reviewed: int | None) -> str:
    """An explicit past year in the plan is actual; a future one in a review is a target."""
    if year_reviewed is None or "/" in period:
        return default
    try:
        year = int(period)
    except ValueError:
        return default
    if part == "plan" and year <= year_reviewed:
        return "actual"
    if part != "plan" and year > year_reviewed:
        return "target"
    return default


@dataclass
class Reading:
    """Reading one statement: what earlier clauses left for the later ones."""

    st: Statement
    v: Vocab
    yoy: bool = False  # the 同比 basis carried by an earlier 下同
    year_reviewed: int | None = None
    text: str = ""
    status: str = "actual"
    masked: list[bool] = field(default_factory=list)
    drafts: list[Draft] = field(default_factory=list)
    subject: str | None = None
    subject_kind: str | None = None
    aspirational: bool = False
    last_clause: str = ""
    lead_year: str | None = None  # 2019年，… opening the statement: the year of its figures
    lead_span: str | None = None  # 2013年区划调整以来，…: the span of its figures
    lead_indicator: str | None = None  # the label a lone figure on the line before took

    def __post_init__(self) -> None:
        self.text = self.st.text
        opening = self.text.lstrip(self.v.edge)
        m = self.v.lex.pattern("statement_since").match(opening)
        if m and self.year_reviewed and int(m.group("year")) < self.year_reviewed:
            self.lead_span = f"{m.group('year')}/{self.year_reviewed}"
        m = None if m else self.v.lex.pattern("statement_year").match(opening)
        self.lead_year = m.group("year") if m else None
        self.status = "target" if self.st.part == "plan" else "actual"
        self.masked = mask_non_quantities(self.text, self.v)
        found = statement_subject(self.text, self.v)
        self.subject, self.subject_kind = found if found else (None, None)

    def previous(self) -> Draft | None:
        return self.drafts[-1] if self.drafts else None

    def measure_of(self, q: Qty, ph: Phrase, indicator: str) -> str:
        """rank (第3位), growth (a verb or a rate head before a % or 个百分点, or a change verb
        after a basis before an amount: 较上年提高1.3万元), share or level."""
        v = self.v
        if q.rank:
            return "rank"
        if q.unit in v.percent or q.unit in v.points:
            if ph.direction or any(indicator.endswith(h) for h in v.words("rate_heads")):
                return "growth"
            if self.held_growth(q, ph):
                return "growth"
            if q.unit in v.points:
                return "growth"
            return "share"
        increment = ph.direction and ending_verb(ph.raw, v).endswith(v.words("increment_verbs"))
        bound = v.map("increment_bounds")
        signed = q.value if ph.direction > 0 else -q.value
        if increment and ph.yoy and bound["least"] <= signed <= bound["most"]:
            return "growth"
        return "level"

    def held_growth(self, q: Qty, ph: Phrase) -> bool:
        """保持20%以上增长: a rate after a holding verb and before a growth noun."""
        after = self.v.map("growth_after")
        return ph.raw.rstrip(self.v.edge).endswith(tuple(after["verbs"])) and self.text.startswith(
            tuple(after["nouns"]), q.end
        )

    def _stock_period(self, q: Qty, measure: str, ph: Phrase) -> str:
        """Over a span, a stock (总量达到35万户, a rate, a level reached: 提高到85%) is its end
        year; a flow (新增, 累计, 建成, 始终保持 … over the span) and an average annual rate
        keep the span."""
        period = self.lead_span or self.st.period
        if "/" not in period or measure == "growth" or ph.average_annual:
            return period
        lo, _ = clause_bounds(self.text, q.num_start)
        before = self.text[lo : q.num_start]
        if not ph.reached and any(w in before for w in self.v.words("span_flow_words")):
            return period
        return span_period(period)[1]

    def draft(self, q: Qty, indicator: str, measure: str, ph: Phrase, **kw: Any) -> Draft:
        period = kw.pop("period", None) or ph.year or self.lead_year
        period = period or self._stock_period(q, measure, ph)
        owner = None if "order" in kw else named_after(self.text, q.end, self.v)  # not a list's
        subject = kw.pop("subject", self.subject)
        subject_kind = kw.pop("subject_kind", self.subject_kind)
        if owner:  # 总投资32亿元的某某项目: the figure is the named project's
            subject, subject_kind = owner
            after = q.end + len(str(self.v.value("figure_owner_mark"))) + len(owner[0])
            if self.text.startswith(self.v.words("subject_verbs"), after):
                self.subject, self.subject_kind = owner  # …的某电站完成投资…: and what follows
        if subject and indicator.startswith(subject) and len(indicator) - len(subject) >= 2:
            indicator = indicator[len(subject) :]
        value = -q.value if measure == "growth" and ph.direction < 0 else q.value
        basis = None
        if ph.average_annual:
            basis = "average_annual"
        elif measure == "growth" and (ph.yoy or self.yoy):
            basis = "yoy"
        d = Draft(
            pos=(q.num_start, kw.pop("order", 0)),
            indicator=indicator,
            measure=measure,
            value=value,
            unit=q.unit,
            period=period,
            status=status_of(self.st.part, period, self.status, self.year_reviewed),
            subject=subject,
            subject_kind=subject_kind,
            qualifier=q.qualifier,
            aspirational=ph.aspirational or self.aspirational,
            basis=basis,
            alt=(q.alt.value, q.alt.unit) if q.alt else None,
            span=(q.num_start, q.num_end),
        )
        self.drafts.append(d)
        return d

    def observations(self) -> list[Observation]:
        """The drafts in text order, numbered, with values in their base unit."""
        self.drafts.sort(key=lambda d: d.pos)
        return [self._finalize(i, d) for i, d in enumerate(self.drafts, 1)]

    def _finalize(self, index: int, d: Draft) -> Observation:
        base_value, base_unit = to_base(abs(d.value), d.unit)
        if base_value is not None and d.value < 0:
            base_value = -base_value
        return Observation(
            statement=self.st.id,
            index=index,
            indicator=d.indicator,
            measure=d.measure,  # type: ignore[arg-type]
            value=d.value,
            unit=d.unit,
            period=d.period,
            status=d.status,  # type: ignore[arg-type]
            subject=d.subject,
            subject_kind=d.subject_kind if d.subject else None,
            base_value=base_value,
            base_unit=base_unit,
            alt_value=d.alt[0] if d.alt else None,
            alt_unit=d.alt[1] if d.alt else None,
            qualifier=d.qualifier,  # type: ignore[arg-type]
            aspirational=d.aspirational,
            basis=d.basis,  # type: ignore[arg-type]
            span=d.span,
        )

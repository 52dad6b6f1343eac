"""Quantities: every number a statement states, as an `Observation`.

`observations_in_statement` is a pure function of one statement (plus the basis carried by
下同 and the reviewed year); `extract_observations` walks a report in order. The genre's
vocabulary lives in kg_build/data/quantities.yaml, unit factors in ontology/units.ttl.

How a statement is read:
1. Spans that hold no quantity are masked: quotes, years, 十四五, 1+5, G325, 500强, AA+, 第四代 …
2. The text is split into clauses at , ; 。 and spaces. In each clause, ratio changes
   (由12.2:44.9:42.9优化至…) and level changes (由31.6%提升至54.9%) are read first, then every
   number followed by a known unit (Arabic, Chinese or mixed; 近亿元 is 1 亿元).
3. Amounts that describe a noun (超亿元制造业项目, 亿元以上项目) are thresholds, not facts;
   a count before a noun (2740个托位) takes that noun as its indicator; a count summing up a
   list (科技、产业等14支人才队伍新增…) is scope, not a fact.
4. Values listed together (…分别增长46.2%、12.7%) are paired with the 、-list of indicators or
   subjects before them, or with the amounts stated just before (接待游客…,旅游收入…,分别增长…).
5. The indicator is the noun phrase before the number, as the report words it, cut after the
   last opening verb (新增, 实现 …) and without trailing verbs and qualifiers; a growth rate with
   no noun of its own (…4.31亿元,增长51.68%) belongs to the amount before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from kg_build.errors import KgError
from kg_build.extract.clauses import clauses
from kg_build.extract.numbers import (
    RATIO_RE,
    NumberError,
    parse_arabic,
    parse_ratio,
    split_magnitude,
)
from kg_build.model import Observation, Report, Statement
from kg_build.paths import data_dir, ontology_dir

SKIP_KINDS = frozenset({"title", "heading", "byline"})
CJK = re.compile(r"[\u4e00-\u9fff“”\"《》]")
LEADING_JUNK = "●·•▪■◆-—、,，;；:： \t"
CONNECTORS = ("以及", "和", "及", "与", "、")
SMALL_NUMERAL = re.compile(r"[一二两三四五六七八九十]+")
CN_NUMERAL = "零〇一二两三四五六七八九十百千万亿"


# ---------------------------------------------------------------- rules and units


@dataclass(frozen=True)
class Rules:
    raw: dict[str, Any]
    classifiers: frozenset[str]
    measures: frozenset[str]
    units_desc: tuple[str, ...]  # every unit, longest first
    quantity_re: re.Pattern[str]
    non_quantities: tuple[re.Pattern[str], ...]
    measure_followers: re.Pattern[str]
    time_phrase: re.Pattern[str]
    duration_phrase: re.Pattern[str]
    year_range: re.Pattern[str]
    cut_markers: tuple[re.Pattern[str], ...]
    ratio_change: re.Pattern[str]
    level_change: re.Pattern[str]

    def words(self, key: str) -> list[str]:
        """A word list from the YAML, longest first."""
        return sorted(map(str, self.raw[key]), key=len, reverse=True)

    def __getitem__(self, key: str) -> Any:
        return self.raw[key]


def _longest_first(words: Any) -> list[str]:
    return sorted((str(w) for w in words), key=len, reverse=True)


@lru_cache(maxsize=4)
def load_rules(path: Path | None = None) -> Rules:
    """Read quantities.yaml (cached)."""
    path = path or data_dir() / "quantities.yaml"
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise KgError(f"cannot read quantity rules {path}: {exc}; restore the file") from exc
    u = raw["units"]
    classifiers = frozenset(map(str, u["classifiers"]))
    measures = frozenset(map(str, u["measures"]))
    units = _longest_first(classifiers | measures | set(map(str, u["rank"])))
    unit_alt = "|".join(re.escape(x) for x in units)
    mags = "|".join(re.escape(m) for m in _longest_first(u["magnitudes"]))
    quantity_re = re.compile(
        rf"(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|[{CN_NUMERAL}]+)"
        rf"(?P<mag>{mags})?(?P<yu>余|多)?(?P<unit>{unit_alt})"
    )
    ratio = RATIO_RE.pattern
    q = r"\d+(?:\.\d+)?(?:%|％|[\u4e00-\u9fff]{1,4})"
    return Rules(
        raw=raw,
        classifiers=classifiers,
        measures=measures,
        units_desc=tuple(units),
        quantity_re=quantity_re,
        non_quantities=tuple(re.compile(p) for p in raw["non_quantities"]),
        measure_followers=re.compile(raw["measure_followers"]),
        time_phrase=re.compile(raw["time_phrase"]),
        duration_phrase=re.compile(raw["duration_phrase"]),
        year_range=re.compile(raw["year_range"]),
        cut_markers=tuple(re.compile(p) for p in raw["cut_markers"]),
        ratio_change=re.compile(raw["ratio_change"].replace("{ratio}", ratio)),
        level_change=re.compile(raw["level_change"].replace("{q}", q)),
    )


@lru_cache(maxsize=4)
def load_units(path: Path | None = None) -> dict[str, tuple[Decimal, str]]:
    """Unit label → (factor to its base unit, base unit label), from ontology/units.ttl."""
    from rdflib import Graph, Literal
    from rdflib.namespace import RDF, SKOS

    from kg_build.rdf.namespaces import KP as kp

    path = path or ontology_dir() / "units.ttl"
    g = Graph()
    try:
        g.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises many kinds
        raise KgError(f"cannot read unit reference data {path}: {exc}; restore the file") from exc

    def zh(node: Any) -> str | None:
        for label in g.objects(node, SKOS.prefLabel):
            if isinstance(label, Literal) and label.language == "zh":
                return str(label)
        return None

    table: dict[str, tuple[Decimal, str]] = {}
    for unit in sorted(g.subjects(RDF.type, kp.Unit)):
        label, base = zh(unit), g.value(unit, kp.baseUnit)
        factor = g.value(unit, kp.conversionFactor)
        if label and base is not None and factor is not None:
            table[label] = (Decimal(str(factor)), zh(base) or label)
    table.setdefault("％", table.get("%", (Decimal(1), "%")))
    return table


def to_base(value: Decimal, unit: str) -> tuple[Decimal | None, str | None]:
    """515.47 亿元 → (51547000000, 元); a magnitude before a listed unit composes (3 万辆)."""
    units = load_units()
    rules = load_rules()
    if unit in units:
        factor, base = units[unit]
        return _plain(value * factor), base
    for mag, mag_factor in sorted(rules["units"]["magnitudes"].items(), key=lambda kv: -len(kv[0])):
        if unit.startswith(mag) and unit[len(mag) :] in units:
            factor, base = units[unit[len(mag) :]]
            return _plain(value * factor * Decimal(mag_factor)), base
    return None, None


def _plain(value: Decimal) -> Decimal:
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


# ---------------------------------------------------------------- records


@dataclass
class Qty:
    """A number and its unit found in the text (offsets within the statement)."""

    start: int  # where the qualifier (or the number) starts
    num_start: int
    num_end: int
    end: int  # after the unit and any 以上/左右
    value: Decimal
    unit: str
    qualifier: str | None = None
    rank: bool = False
    prenoun: bool = False  # a count before the noun it counts
    dropped: bool = False
    alt: Qty | None = None
    noun: str = ""  # the counted noun of a pre-noun count
    noun_end: int = -1

    @property
    def is_classifier(self) -> bool:
        return self.unit in load_rules().classifiers or _strip_mag(self.unit) in (
            load_rules().classifiers
        )


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


@dataclass
class Phrase:
    """The words before a number, cleaned into an indicator, and what they told us."""

    text: str
    raw: str = ""
    direction: int = 0  # +1 growth verb, -1 decline verb, 0 none
    yoy: bool = False
    average_annual: bool = False
    aspirational: bool = False
    year: str | None = None
    carry: bool = False
    flags: set[str] = field(default_factory=set)


def _strip_mag(unit: str) -> str:
    for mag in ("万亿", "亿", "万", "千"):
        if unit.startswith(mag) and len(unit) > len(mag):
            return unit[len(mag) :]
    return unit


# ---------------------------------------------------------------- masking and finding


def mask_non_quantities(text: str, rules: Rules) -> list[bool]:
    """True where a character belongs to a span that holds no quantity."""
    masked = [False] * len(text)
    for pattern in rules.non_quantities:
        for m in pattern.finditer(text):
            for i in range(m.start(), m.end()):
                masked[i] = True
    return masked


def find_quantities(text: str, lo: int, hi: int, masked: list[bool], rules: Rules) -> list[Qty]:
    """Numbers with a unit in text[lo:hi], with qualifiers, before thresholds are judged."""
    found: list[Qty] = []
    q_before = rules["qualifiers"]["before"]
    q_after = rules["qualifiers"]["after"]
    before_words = _longest_first(q_before)
    for m in rules.quantity_re.finditer(text, lo, hi):
        ns, ne = m.span("num")
        num = m.group("num")
        if any(masked[ns:ne]):
            continue
        if ns > 0 and (text[ns - 1].isdigit() or text[ns - 1] == "."):
            continue
        if num[0] not in "0123456789":
            # Chinese numerals: bare magnitudes need a qualifier (近亿元, 超百亿元 but not
            # 千家万户); small numerals need a counting verb (新增两家 but not 五项工程)
            head = text[max(lo, ns - 4) : ns]
            bare = num in ("亿", "万", "千", "百", "十")
            if bare and not any(head.endswith(w) for w in q_before):
                continue
            closes = m.end() >= hi or not CJK.match(text[m.end()])
            if (
                SMALL_NUMERAL.fullmatch(num)
                and not closes
                and not any(head.endswith(w) for w in rules["small_numeral_verbs"])
            ):
                continue
            if ns > 0 and text[ns - 1] in CN_NUMERAL:
                continue
        try:
            value, unit = _value_and_unit(num, m.group("mag") or "", m.group("unit"), rules)
        except NumberError:
            continue
        if value is None:
            continue
        start, end = ns, m.end()
        qualifier = None
        for w in before_words:
            if text[max(lo, ns - len(w)) : ns] == w:
                start, qualifier = ns - len(w), q_before[w]
                break
        if m.group("yu"):
            qualifier = q_after[m.group("yu")]
        for w in _longest_first(q_after):
            if w in ("余", "多"):
                continue
            if text.startswith(w, end) and end + len(w) <= hi:
                qualifier = qualifier or q_after[w]
                end += len(w)
                break
        rank = m.group("unit") in rules["units"]["rank"] and text[max(lo, ns - 1) : ns] == "第"
        if m.group("unit") in rules["units"]["rank"] and not rank and m.group("unit") == "位":
            continue  # 位 is a rank only after 第
        found.append(Qty(start, ns, ne, end, value, unit, qualifier, rank=rank))
    return found


def _value_and_unit(num: str, mag: str, unit: str, rules: Rules) -> tuple[Decimal | None, str]:
    if num[0].isdigit():
        return parse_arabic(num), mag + unit
    value, cn_mag = split_magnitude(num)
    if cn_mag and mag:
        return None, ""
    return value, (cn_mag or mag) + unit


# ---------------------------------------------------------------- phrases


def clean_phrase(raw: str, rules: Rules) -> Phrase:
    """The words before a number → an indicator phrase and the flags they carry."""
    ph = Phrase(text="", raw=raw)
    s = raw
    if rules["carry_marker"] in s:
        ph.carry = True
    s = re.sub(r"[(（]\s*" + rules["carry_marker"] + r"\s*[)）]", "", s)
    for w in rules.words("aspirational"):
        if w in s:
            ph.aspirational = True
            s = s.replace(w, "")
    for w in rules.words("average_annual_markers"):
        if w in s:
            ph.average_annual = True
            s = s.replace(w, "")
    for m in rules.time_phrase.finditer(s):
        ph.year = m.group(1)
    s = rules.time_phrase.sub("", s)
    trailing = (
        _longest_first(rules["qualifiers"]["before"])
        + rules.words("growth_verbs")
        + rules.words("decline_verbs")
        + rules.words("trailing_words")
        + rules.words("yoy_markers")
    )
    growth, decline = set(rules["growth_verbs"]), set(rules["decline_verbs"])
    yoy = set(rules["yoy_markers"])
    changed, reached = True, False
    while changed and s:
        changed = False
        s = s.rstrip(LEADING_JUNK + "(（")
        for w in trailing:
            if s.endswith(w):
                if w in ("至", "到") and not ph.direction:
                    reached = True  # 提升至60%: a level reached, not a growth rate
                elif w in growth and not ph.direction and not reached:
                    ph.direction = 1
                elif w in decline and not ph.direction and not reached:
                    ph.direction = -1
                if w in yoy or any(w.startswith(y) for y in yoy):
                    ph.yoy = True
                s = s[: -len(w)]
                changed = True
                break
    for w in rules["yoy_markers"]:
        if s.startswith(w):
            ph.yoy = True
            s = s[len(w) :]
    s = s.lstrip(LEADING_JUNK)
    s = rules.duration_phrase.sub("", s)
    ph.text = s
    return ph


def cut_left(s: str, rules: Rules) -> str:
    """Cut an indicator after its last opening verb or marker, keeping enough of it."""
    minimum = int(rules["min_indicator_chars"])
    ends: dict[int, int] = {}
    for w in rules["cut_verbs"]:
        for m in re.finditer(re.escape(w), s):
            ends[m.end()] = minimum
    for pattern in rules.cut_markers:
        for m in pattern.finditer(s):
            ends[m.end()] = int(rules["min_after_marker_chars"])
    for end in sorted(ends, reverse=True):
        rest = s[end:].strip(LEADING_JUNK)
        if len(rest) >= ends[end] and _balanced(rest):
            s = rest
            break
    for w in rules["time_words"]:
        if s.startswith(w) and len(s) - len(w) >= minimum:
            s = s[len(w) :]
    return finish(s, rules)


def _balanced(s: str) -> bool:
    return s.count("“") == s.count("”") and s.count("(") == s.count(")")


def finish(s: str, rules: Rules) -> str:
    """Trim punctuation, fillers and a pair of quotes wrapping the whole phrase."""
    s = s.strip(LEADING_JUNK + "的")
    changed = True
    while changed:
        changed = False
        for w in rules.words("trailing_fillers"):
            if s.endswith(w) and len(s) > len(w):
                s, changed = s[: -len(w)], True
    if len(s) > 2 and s[0] == "“" and s[-1] == "”" and s.count("“") == 1:
        s = s[1:-1]
    return s.strip(LEADING_JUNK)


# ---------------------------------------------------------------- lists and subjects


def split_subjects(phrase: str, n: int, rules: Rules) -> tuple[list[str], str, str] | None:
    """高端装备制造、现代轻工纺织、先进材料等产业集群规上工业增加值 → subjects, kind, indicator."""
    items = phrase.split("、")
    if len(items) != n:
        return None
    last = items[-1]
    for m in re.finditer(rules["subject_summary"], last):
        head, rest = last[: m.start()], last[m.end() :]
        for word, kind in sorted(rules["subject_kinds"].items(), key=lambda kv: -len(kv[0])):
            if head and rest.startswith(word) and len(rest) > len(word):
                subjects = [cut_left(x, rules) for x in items[:-1]] + [head]
                return [finish(x, rules) for x in subjects], kind, rest[len(word) :]
    if "等" in last:
        return None
    suffixes = sorted(rules["place_suffixes"].items(), key=lambda kv: -len(kv[0]))
    generic = set(rules["generic_places"])

    def place_kind(name: str) -> str | None:
        for suf, kind in suffixes:
            if name.endswith(suf) and name not in generic and len(name) > len(suf):
                return kind
        return None

    firsts = [cut_left(x, rules) for x in items[:-1]]
    if all(place_kind(x) for x in firsts):
        kinds = {place_kind(x) for x in firsts}
        for i in range(1, len(last)):
            if place_kind(last[:i]) in kinds and len(last) - i >= 2:
                return [*firsts, last[:i]], kinds.pop(), last[i:]
    return None


def distribute(items: list[str], rules: Rules) -> list[str]:
    """Share modifiers across a 、-list: 存、贷款余额 → 存款余额, 贷款余额; 个数、计划投资额 …"""
    items = list(items)
    pairs = {tuple(p) for p in rules["paired_chars"]}
    heads = rules.words("measure_heads")
    for i in range(len(items) - 1):
        a, b = items[i], items[i + 1]
        if a and b and (a[-1], b[0]) in pairs and len(b) > 1:
            prefix = a[:-1]
            items[i] = a + b[1:]
            if prefix and not b.startswith(prefix):
                items[i + 1] = prefix + b
    first_head = next((h for h in heads if items[0].endswith(h)), None)
    if first_head and len(items[0]) > len(first_head):
        prefix = items[0][: -len(first_head)]
        for i in range(1, len(items)):
            if items[i] in heads:
                items[i] = prefix + items[i]
    last_head = next((h for h in heads if items[-1].endswith(h)), None)
    if last_head:
        for i in range(len(items) - 1):
            if len(items[i]) <= 3 and not any(items[i].endswith(h) for h in heads):
                items[i] = items[i] + last_head
    return items


def statement_subject(text: str, rules: Rules) -> tuple[str, str] | None:
    """A statement opening with a named place or park followed by a verb: (name, kind)."""
    body = text.lstrip(LEADING_JUNK)
    for w in [*rules["aspirational"], *rules["time_words"]]:
        if body.startswith(w):
            body = body[len(w) :]
    suffixes = sorted(rules["place_suffixes"].items(), key=lambda kv: -len(kv[0]))
    generic = set(rules["generic_places"])
    for end in range(2, min(len(body), 14) + 1):
        name = body[:end]
        if not re.fullmatch(r"[\u4e00-\u9fff]+", name):
            return None
        for suf, kind in suffixes:
            if not name.endswith(suf) or len(name) <= len(suf) or name in generic:
                continue
            if any(name.endswith(g) for g in generic if g not in rules["place_suffixes"]):
                continue
            if any(v in name for v in rules["cut_verbs"]):
                return None
            if any(body.startswith(v, end) for v in rules["subject_verbs"]):
                return name, kind
    return None


def clause_park(text: str, rules: Rules) -> tuple[str, str] | None:
    """A clause without numbers ending in a park-like name (共建生物医药产业专业园)."""
    body = text.strip(LEADING_JUNK)
    if not any(body.endswith(s) for s in rules["park_suffixes"]):
        return None
    name = cut_left(body, rules)
    if name == body or name in rules["generic_places"] or len(name) < 4:
        return None
    return name, "park"


# ---------------------------------------------------------------- the statement


def _span_period(period: str) -> tuple[str, str]:
    if "/" in period:
        a, b = period.split("/", 1)
        return a, b
    try:
        return str(int(period) - 1), period
    except ValueError:
        return period, period


def _status(part: str, period: str, default: str, year_reviewed: int | None) -> str:
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


def observations_in_statement(
    st: Statement, *, yoy: bool = False, year_reviewed: int | None = None
) -> list[Observation]:
    """Every quantity one statement states, in text order.

    `yoy` is the 同比 basis carried by an earlier 下同; `year_reviewed` (e.g. 2024) tells
    whether an explicit year is past (actual) or future (target).
    """
    if st.kind in SKIP_KINDS or not st.text.strip():
        return []
    return _Reader(st, yoy, year_reviewed, load_rules()).read()


class _Reader:
    """The state of reading one statement (internal)."""

    def __init__(self, st: Statement, yoy: bool, year_reviewed: int | None, rules: Rules):
        self.st, self.rules, self.text = st, rules, st.text
        self.yoy = yoy
        self.year_reviewed = year_reviewed
        self.status = "target" if st.part == "plan" else "actual"
        self.masked = mask_non_quantities(self.text, rules)
        self.drafts: list[Draft] = []
        found = statement_subject(self.text, rules)
        self.subject, self.subject_kind = found if found else (None, None)
        self.aspirational = False
        self.last_clause = ""

    # -- helpers
    def draft(self, q: Qty, indicator: str, measure: str, ph: Phrase, **kw: Any) -> Draft:
        period = kw.pop("period", None) or ph.year or self.st.period
        subject = kw.pop("subject", self.subject)
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
            status=_status(self.st.part, period, self.status, self.year_reviewed),
            subject=subject,
            subject_kind=kw.pop("subject_kind", self.subject_kind),
            qualifier=q.qualifier,
            aspirational=ph.aspirational or self.aspirational,
            basis=basis,
            alt=(q.alt.value, q.alt.unit) if q.alt else None,
            span=(q.num_start, q.num_end),
        )
        self.drafts.append(d)
        return d

    def measure_of(self, q: Qty, ph: Phrase, indicator: str) -> str:
        units = self.rules["units"]
        if q.rank:
            return "rank"
        if q.unit in units["percent"] or q.unit in units["points"]:
            if ph.direction or any(indicator.endswith(h) for h in self.rules["rate_heads"]):
                return "growth"
            if q.unit in units["points"]:
                return "growth"
            return "share"
        return "level"

    # -- reading
    def read(self) -> list[Observation]:
        for lo, hi in clauses(self.text):
            self.read_clause(lo, hi)
        self.drafts.sort(key=lambda d: d.pos)
        return [self.finalize(i, d) for i, d in enumerate(self.drafts, 1)]

    def finalize(self, index: int, d: Draft) -> Observation:
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

    def ranking_name(self, clause: str) -> str:
        """被评为全国“百强区” → 全国“百强区”: what a bare 排名第68位 ranks in."""
        for v in self.rules.words("selection_verbs"):
            if v in clause:
                return finish(clause.rsplit(v, 1)[1], self.rules)
        return ""

    def read_clause(self, lo: int, hi: int) -> None:
        self._read_clause(lo, hi)
        self.last_clause = self.text[lo:hi]

    def _read_clause(self, lo: int, hi: int) -> None:
        text, rules = self.text, self.rules
        lo = self.read_ratio_change(lo, hi)
        if lo >= hi:
            return
        qs = find_quantities(text, lo, hi, self.masked, rules)
        if not qs:
            park = clause_park(text[lo:hi], rules)
            if park:
                self.subject, self.subject_kind = park
            self._carry_check(text[lo:hi])
            return
        qs = self.attach_alternatives(qs)
        self.judge(qs, lo, hi)
        kept = [q for q in qs if not q.dropped]
        if not kept:
            return
        if self.read_level_change(kept, lo, hi):
            return
        self.read_groups(kept, lo, hi)

    def _carry_check(self, s: str) -> None:
        if self.rules["carry_marker"] in s and any(y in s for y in self.rules["yoy_markers"]):
            self.yoy = True

    def attach_alternatives(self, qs: list[Qty]) -> list[Qty]:
        """1613.33公顷(2.42万亩): the bracketed amount is the same fact in another unit."""
        out: list[Qty] = []
        i = 0
        while i < len(qs):
            q = qs[i]
            if (
                i + 1 < len(qs)
                and self.text[q.end : q.end + 1] in ("(", "（")
                and qs[i + 1].start == q.end + 1
                and self.text[qs[i + 1].end : qs[i + 1].end + 1] in (")", "）")
            ):
                q.alt = qs[i + 1]
                q.end = qs[i + 1].end + 1
                i += 2
            else:
                i += 1
            out.append(q)
        return out

    def judge(self, qs: list[Qty], lo: int, hi: int) -> None:
        """Thresholds, pre-noun counts and scope counts (see the module docstring)."""
        text, rules = self.text, self.rules
        for q in qs:
            follow = text[q.end : hi]
            if q.rank:
                continue
            if not q.is_classifier:
                if not rules.measure_followers.match(follow):
                    q.dropped = True  # 超亿元制造业项目: an attribute of the noun
            elif (
                follow
                and CJK.match(follow[0])
                and not any(
                    follow.startswith(w)
                    for w in rules["growth_verbs"] + rules["decline_verbs"] + rules["yoy_markers"]
                )
            ):
                q.prenoun = True
        for i, q in enumerate(qs):
            if not q.prenoun or q.dropped:
                continue
            # the counted noun runs to a verb, to the next count or to the clause end
            end, stop_verb = hi, False
            for v in rules["cut_verbs"]:
                k = text.find(v, q.end, hi)
                if k != -1 and k < end and k > q.end:
                    end, stop_verb = k, True
            sel = None
            for v in rules["selection_verbs"]:
                k = text.find(v, q.end, hi)
                if k != -1 and k <= end:
                    sel, end, stop_verb = (k + len(v), v), k, False
            for later in qs[i + 1 :]:
                if later.dropped or later.start >= end:
                    if later.start < end:
                        continue
                    break
                if later.is_classifier or later.rank:
                    end = later.start
                    break
                later.dropped = True  # 23个行政村村集体经营性收入超50万元: a condition
            noun = text[q.end : end]
            if sel:
                tail_end = hi
                for later in qs[i + 1 :]:
                    if later.start >= sel[0] and not later.dropped:
                        tail_end = min(tail_end, later.start)
                noun = text[sel[0] : tail_end]
                q.noun_end = tail_end
            else:
                q.noun_end = end
            noun = noun.rstrip(LEADING_JUNK)
            for w in CONNECTORS:
                if noun.endswith(w):
                    noun = noun[: -len(w)]
                    break
            q.noun = finish(noun, rules)
            before = text[lo : q.start]
            has_later = any(not x.dropped and x.start >= q.noun_end for x in qs[i + 1 :])
            if before.rstrip().endswith("等") and stop_verb and has_later:
                q.dropped = True  # 科技、产业等14支人才队伍新增…: scope, not a fact
                q.noun_end = q.end

    def read_ratio_change(self, lo: int, hi: int) -> int:
        """三次产业比由12.2:44.9:42.9优化至11.5:49.7:38.8 → shares at both ends."""
        text, rules = self.text, self.rules
        m = rules.ratio_change.search(text, lo, hi)
        single = None
        if not m:
            single = RATIO_RE.search(text, lo, hi)
            if not single or any(self.masked[single.start() : single.end()]):
                return lo
        ph = clean_phrase(text[lo : (m or single).start()], rules)  # type: ignore[union-attr]
        ph.text = re.sub(r"[由从]$", "", ph.text)
        indicator = cut_left(ph.text, rules) or ph.text
        ends = (
            [(m.group("a"), m.start("a")), (m.group("b"), m.start("b"))]
            if m
            else [
                (single.group(0), single.start())  # type: ignore[union-attr]
            ]
        )
        periods = _span_period(self.st.period) if m else (self.st.period, self.st.period)
        parts = None
        for key, names in rules["ratio_parts"].items():
            if key in indicator:
                parts = names
        for k, (ratio, pos) in enumerate(ends):
            values = parse_ratio(ratio)
            unit = "%" if abs(sum(values) - 100) <= 1 else ""
            offset = pos
            for j, v in enumerate(values):
                s = text.find(str(ratio.split(":")[j]) if ":" in ratio else "", offset)
                q = Qty(s, s, s + len(str(v)), s + len(str(v)), v, unit)
                offset = s + len(str(v))
                name = parts[j] if parts and j < len(parts) else None
                label = indicator if parts else f"{indicator}(第{j + 1}项)"
                self.draft(
                    q,
                    label,
                    "share",
                    ph,
                    period=periods[k if m else 1],
                    subject=name or self.subject,
                    subject_kind="industry" if name else self.subject_kind,
                    order=j,
                )
        end = (m or single).end()  # type: ignore[union-attr]
        for i in range((m or single).start(), end):  # type: ignore[union-attr]
            self.masked[i] = True
        return lo if end < hi and find_quantities(text, end, hi, self.masked, rules) else hi

    def read_level_change(self, kept: list[Qty], lo: int, hi: int) -> bool:
        """工业投资占固定资产投资比重由31.6%提升至54.9% → two values at two periods."""
        if len(kept) != 2:
            return False
        a, b = kept
        between = self.text[a.end : b.start]
        before = self.text[lo : a.start]
        if not (before.endswith(("由", "从")) and re.search(r"(至|到)$", between)):
            return False
        if a.unit != b.unit:
            return False
        ph = clean_phrase(before[:-1], self.rules)
        indicator = cut_left(ph.text, self.rules) or ph.text
        measure = "share" if a.unit in self.rules["units"]["percent"] else "level"
        start, end = _span_period(self.st.period)
        ph.direction = 0
        self.draft(a, indicator, measure, ph, period=start)
        self.draft(b, indicator, measure, ph, period=end)
        return True

    def read_groups(self, kept: list[Qty], lo: int, hi: int) -> None:
        text, rules = self.text, self.rules
        groups: list[list[Qty]] = []
        for q in kept:
            if groups and not q.prenoun and not groups[-1][-1].prenoun:
                gap = text[groups[-1][-1].end : q.start]
                if gap in rules["list_separators"] and q.unit == groups[-1][-1].unit:
                    groups[-1].append(q)
                    continue
            groups.append([q])
        cursor = lo
        for group in groups:
            first = group[0]
            raw = text[cursor : first.start]
            if cursor > lo:
                raw = raw.lstrip(LEADING_JUNK)
                for w in CONNECTORS:
                    if raw.startswith(w):
                        raw = raw[len(w) :]
                        break
            if first.rank:
                raw = raw[:-1] if raw.endswith("第") else raw
            ph = clean_phrase(raw, rules)
            if ph.carry and ph.yoy:
                self.yoy = True
            if ph.aspirational:
                self.aspirational = True
            if len(group) > 1:
                self.read_list(group, ph)
            elif first.prenoun:
                self.read_prenoun(first, ph)
            else:
                self.read_single(first, ph)
            last = group[-1]
            cursor = max(last.end, last.noun_end)

    def previous(self) -> Draft | None:
        return self.drafts[-1] if self.drafts else None

    def read_single(self, q: Qty, ph: Phrase) -> None:
        prev = self.previous()
        if q.rank and not ph.text and self.last_clause:
            ph.text = self.ranking_name(self.last_clause)
        leans = prev is not None and ph.text.startswith(tuple(self.rules["generic_heads"]))
        indicator = ph.text if leans else cut_left(ph.text, self.rules) if ph.text else ""
        subject, kind = self.subject, self.subject_kind
        if not indicator and prev is not None:
            indicator, subject, kind = prev.indicator, prev.subject, prev.subject_kind
            if not ph.year and "/" not in self.st.period and prev.period != self.st.period:
                ph.year = prev.period
        elif prev is not None and indicator.startswith(tuple(self.rules["generic_heads"])):
            indicator = _core(prev.indicator, self.rules) + finish(indicator, self.rules)
        measure = self.measure_of(q, ph, indicator)
        if measure == "growth":
            indicator = _strip_rate_head(indicator, self.rules)
        elif measure == "level" and ph.direction:
            verb = _ending_verb(ph.raw, self.rules)
            indicator = indicator + verb if verb and not indicator.endswith(verb) else indicator
        self.draft(
            q,
            indicator or ph.raw.strip(LEADING_JUNK),
            measure,
            ph,
            subject=subject,
            subject_kind=kind,
        )

    def read_prenoun(self, q: Qty, ph: Phrase) -> None:
        indicator = q.noun
        lead = cut_left(ph.text, self.rules) if ph.text else ""
        if (
            lead
            and len(lead) <= 2
            and lead not in self.rules["cut_verbs"]
            and lead not in self.rules["time_words"]
            and not CN_NUMERAL_RE(lead)
        ):
            indicator = lead + indicator
        self.draft(q, indicator or lead, "level", ph)

    def read_list(self, group: list[Qty], ph: Phrase) -> None:
        n, rules = len(group), self.rules
        measure_ph = ph
        subjects = split_subjects(ph.text, n, rules) if ph.text else None
        if subjects:
            names, kind, indicator = subjects
            indicator = cut_left(indicator, rules) if indicator else indicator
            for q, name in zip(group, names, strict=True):
                measure = self.measure_of(q, measure_ph, indicator)
                label = _strip_rate_head(indicator, rules) if measure == "growth" else indicator
                self.draft(q, label, measure, measure_ph, subject=name, subject_kind=kind)
            return
        items = ph.text.split("、") if ph.text else []
        if len(items) == n:
            items[0] = cut_left(items[0], rules)
            labels = [finish(x, rules) for x in distribute(items, rules)]
            for q, label in zip(group, labels, strict=True):
                measure = self.measure_of(q, measure_ph, label)
                if measure == "growth":
                    label = _strip_rate_head(label, rules)
                self.draft(q, label, measure, measure_ph)
            return
        if not ph.text:
            levels = [d for d in self.drafts if d.measure == "level"][-n:]
            if len(levels) == n:
                for q, d in zip(group, levels, strict=True):
                    measure = self.measure_of(q, measure_ph, d.indicator)
                    self.draft(
                        q,
                        d.indicator,
                        measure,
                        measure_ph,
                        subject=d.subject,
                        subject_kind=d.subject_kind,
                        period=ph.year or d.period,
                    )
                return
        for q in group:
            self.read_single(q, ph)


def CN_NUMERAL_RE(s: str) -> bool:  # noqa: N802 - reads as a predicate
    return bool(re.search(f"[{CN_NUMERAL}\\d]", s))


def _strip_rate_head(indicator: str, rules: Rules) -> str:
    for h in rules.words("rate_heads"):
        if indicator.endswith(h) and len(indicator) > len(h):
            return indicator[: -len(h)]
    return indicator


def _core(indicator: str, rules: Rules) -> str:
    for h in rules.words("generic_heads"):
        if indicator.endswith(h):
            return indicator[: -len(h)]
    return indicator


def _ending_verb(raw: str, rules: Rules) -> str:
    s = raw.rstrip(LEADING_JUNK)
    for w in _longest_first(rules["qualifiers"]["before"]):
        if s.endswith(w):
            s = s[: -len(w)]
            break
    for w in rules.words("growth_verbs") + rules.words("decline_verbs"):
        if s.endswith(w):
            return w
    return ""


# ---------------------------------------------------------------- the report


def extract_observations(report: Report) -> list[Observation]:
    """Every observation of a report, statement by statement, in report order.

    A 同比 marked 下同 holds for the following statements of the same section.
    """
    rules = load_rules()
    year = report.meta.year_reviewed
    out: list[Observation] = []
    carry_section: str | None = None
    carrying = False
    for st in sorted(report.statements, key=lambda s: s.order):
        if st.section != carry_section:
            carrying = False
        out.extend(observations_in_statement(st, yoy=carrying, year_reviewed=year))
        if rules["carry_marker"] in st.text and any(y in st.text for y in rules["yoy_markers"]):
            carrying, carry_section = True, st.section
    return out


__all__ = [
    "Rules",
    "clean_phrase",
    "clauses",
    "extract_observations",
    "load_rules",
    "load_units",
    "mask_non_quantities",
    "observations_in_statement",
    "to_base",
]

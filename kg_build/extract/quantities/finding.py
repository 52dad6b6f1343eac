"""Finding numbers with a unit in a clause: masks, numerals, magnitudes, qualifiers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from kg_build.extract.numbers import (
    CHINESE_NUMERAL_CHARS,
    MAGNITUDES,
    MAX_DIGITS,
    SMALL_NUMERAL_CHARS,
    NumberError,
    parse_arabic,
    parse_number,
    split_magnitude,
    unit_magnitude,
)
from kg_build.extract.quantities.vocab import Vocab

_LONG_RUN = re.compile(rf"[\d{CHINESE_NUMERAL_CHARS}]{{{MAX_DIGITS + 1},}}")
_WHOLE = re.compile(r"[\u4e00-\u9fff]{0,12}")  # the whole a share is of (全省的, 全国耐材市场的)


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

    def is_classifier(self, v: Vocab) -> bool:
        return self.unit in v.classifiers or unit_magnitude(self.unit)[1] in v.classifiers


def without_long_runs(text: str) -> str:
    """`text` with each run of over MAX_DIGITS numerals as NULs (offsets kept)."""
    if not _LONG_RUN.search(text):
        return text
    return _LONG_RUN.sub(lambda m: "\0" * len(m.group(0)), text)


def mask_non_quantities(text: str, v: Vocab) -> list[bool]:
    """True where a character belongs to a span that holds no quantity.

    A run of more numerals than any quantity has (MAX_DIGITS) is masked whole and hidden
    from the patterns: `\\d+…` patterns retried at each digit of a long run are quadratic.
    """
    masked = [False] * len(text)
    for m in _LONG_RUN.finditer(text):
        masked[m.start() : m.end()] = [True] * (m.end() - m.start())
    text = without_long_runs(text)
    for pattern in v.non_quantities:
        for m in pattern.finditer(text):
            for i in range(m.start(), m.end()):
                masked[i] = True
    return masked


def _counts(text: str, lo: int, hi: int, ns: int, end: int, num: str, v: Vocab) -> bool:
    """May a number in Chinese numerals be read as a quantity here?

    A bare magnitude needs a qualifier (近亿元, 超百亿元, not 千家万户); a small numeral
    needs a counting verb unless nothing follows (新增两家, not 五项工程).
    """
    head = text[max(lo, ns - 4) : ns]
    if num in MAGNITUDES and not any(head.endswith(w) for w in v.before):
        return False
    closes = end >= hi or not v.word_char.match(text[end])
    small = all(ch in SMALL_NUMERAL_CHARS for ch in num)
    if small and not closes and not any(head.endswith(w) for w in v.words("small_numeral_verbs")):
        return False
    return not (ns > 0 and text[ns - 1] in CHINESE_NUMERAL_CHARS)


def find_quantities(text: str, lo: int, hi: int, masked: list[bool], v: Vocab) -> list[Qty]:
    """Numbers with a unit in text[lo:hi], with qualifiers, before thresholds are judged."""
    found: list[Qty] = []
    scan = without_long_runs(text)  # same offsets; a long run is never a quantity
    for m in v.quantity_re.finditer(scan, lo, hi):
        ns, ne = m.span("num")
        num = m.group("num")
        if any(masked[ns:ne]):
            continue
        if ns > 0 and (text[ns - 1].isdigit() or text[ns - 1] == "."):
            continue
        if not num[0].isdigit() and not _counts(text, lo, hi, ns, m.end(), num, v):
            continue
        try:
            value, unit = _value_and_unit(num, m.group("mag") or "", m.group("unit"))
        except NumberError:
            continue
        if value is None:
            continue
        start, end = ns, m.end()
        qualifier = None
        for w in v.before_longest:
            if text[max(lo, ns - len(w)) : ns] == w:
                start, qualifier = ns - len(w), v.before[w]
                break
        if qualifier is None:
            qualifier = share_qualifier(text, lo, ns, v)
        if m.group("yu"):
            qualifier = v.within[m.group("yu")]
        for w in v.after_longest:
            if text.startswith(w, end) and end + len(w) <= hi:
                qualifier = qualifier or v.after[w]
                end += len(w)
                break
        bare = m.group("unit")
        marker = v.rank_marker
        rank = bare in v.rank_units and text[max(lo, ns - len(marker)) : ns] == marker
        if bare in v.rank_units and not rank and bare not in v.classifiers:
            continue  # a rank unit that counts nothing (位) is a rank only after 第
        found.append(Qty(start, ns, ne, end, value, unit, qualifier, rank=rank))
    return sorted([*found, *find_word_ranks(scan, lo, hi, v)], key=lambda q: q.start)


def share_qualifier(text: str, lo: int, ns: int, v: Vocab) -> str | None:
    """约占全省的58%: the qualifier right before the share verb whose whole (全省的) leads to
    the number at `ns`."""
    at = text.rfind(v.share_verb, lo, ns)
    if at < 0 or not _WHOLE.fullmatch(text[at + len(v.share_verb) : ns]):
        return None
    for w in v.before_longest:
        if v.before[w] and text.endswith(w, lo, at):
            return v.before[w]
    return None


def find_word_ranks(text: str, lo: int, hi: int, v: Vocab) -> list[Qty]:
    """增速居珠三角第四, 排名全省第一: a rank in Chinese numerals without 位 at a clause end;
    the Qty starts at the verb, so that the scope words stay out of the indicator."""
    unit = v.words("rank_units")[0]
    found: list[Qty] = []
    if v.lex.pattern("word_rank_other_place").match(text[lo:hi].lstrip(v.edge)):
        return found  # 某某市在…中位居第一: about a place the clause names, not read here
    for m in v.lex.pattern("word_rank").finditer(text, lo, hi):
        try:
            value = parse_number(m.group("num"))
        except NumberError:
            continue
        found.append(Qty(m.start(), m.start("num"), m.end("num"), m.end(), value, unit, rank=True))
    return found


def _value_and_unit(num: str, mag: str, unit: str) -> tuple[Decimal | None, str]:
    if num[0].isdigit():
        return parse_arabic(num), mag + unit
    value, cn_mag = split_magnitude(num)
    if cn_mag and mag:
        return None, ""
    return value, (cn_mag or mag) + unit


def attach_alternatives(text: str, qs: list[Qty], v: Vocab) -> list[Qty]:
    """1613.33公顷(2.42万亩): the bracketed amount is the same fact in another unit."""
    out: list[Qty] = []
    i = 0
    while i < len(qs):
        q = qs[i]
        if (
            i + 1 < len(qs)
            and text[q.end : q.end + 1] in v.brackets
            and qs[i + 1].start == q.end + 1
            and text[qs[i + 1].end : qs[i + 1].end + 1] == v.brackets[text[q.end]]
        ):
            q.alt = qs[i + 1]
            q.end = qs[i + 1].end + 1
            i += 2
        else:
            i += 1
        out.append(q)
    return out

"""Numbers a report states that no observation reads: what `kaiping-kg build` warns about.

Two kinds, found again from the text and the observations already extracted (a pure
function; nothing is printed here):
- a number before a unit the rules do not know (2.5亿斤 when 斤 is no unit);
- a number with a known unit that no observation came from (a clause that was not parsed).
Numbers in masked spans (years, durations, quoted names, codes …) and amounts judged to be a
threshold or the scope of a list (超亿元项目) are read on purpose and give no warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from kg_build.extract.clauses import clauses
from kg_build.extract.quantities.finding import (
    attach_alternatives,
    find_quantities,
    mask_non_quantities,
)
from kg_build.extract.quantities.judging import judge
from kg_build.extract.quantities.statement import SKIP_KINDS
from kg_build.extract.quantities.vocab import vocab
from kg_build.model import Observation, Report, Statement

_ARABIC = re.compile(r"\d+(?:\.\d+)?")
_UNIT_AFTER = re.compile(r"[余多]?([\u4e00-\u9fff]{1,3}(?:/[\u4e00-\u9fff]{1,4})?)")

UNKNOWN_UNIT = "unknown unit"
NOT_PARSED = "not parsed"


@dataclass(frozen=True)
class Unread:
    """One number of a statement that gave no observation."""

    statement: str  # Statement.id
    line: int
    start: int  # offsets of the number within the statement text
    end: int
    number: str  # the number and what follows it, as written (2.5亿斤)
    reason: str  # UNKNOWN_UNIT or NOT_PARSED


def unread_in_statement(st: Statement, spans: Iterable[tuple[int, int]]) -> list[Unread]:
    """The numbers of one statement outside the observations' `spans`, in text order."""
    if st.kind in SKIP_KINDS or not st.text.strip():
        return []
    v, text = vocab(), st.text
    masked = mask_non_quantities(text, v)
    read = [False] * len(text)
    for a, b in spans:
        read[a:b] = [True] * (b - a)
    known = [False] * len(text)
    out: list[Unread] = []
    for lo, hi in clauses(text):
        qs = attach_alternatives(text, find_quantities(text, lo, hi, masked, v), v)
        judge(text, qs, lo, hi, v)
        for q in qs:
            known[q.start : q.end] = [True] * (q.end - q.start)
            parts = [q, q.alt] if q.alt else [q]
            if q.dropped or any(any(read[p.num_start : p.num_end]) for p in parts):
                continue
            if q.num_start < len(text) and text[q.num_start].isdigit():
                out.append(_unread(st, q.num_start, q.end, NOT_PARSED))
    for m in _ARABIC.finditer(text):
        ns, ne = m.span()
        if any(masked[ns:ne]) or any(known[ns:ne]) or any(read[ns:ne]):
            continue
        if ns > 0 and (text[ns - 1].isdigit() or text[ns - 1] == "."):
            continue
        unit = _UNIT_AFTER.match(text, ne)
        if unit:
            out.append(_unread(st, ns, unit.end(), UNKNOWN_UNIT))
    return sorted(out, key=lambda u: u.start)


def _unread(st: Statement, start: int, end: int, reason: str) -> Unread:
    return Unread(st.id, st.line, start, end, st.text[start:end], reason)


def unread_numbers(report: Report, observations: Iterable[Observation]) -> tuple[Unread, ...]:
    """Every number of a report that no observation reads, in report order."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for o in observations:
        if o.span is not None:
            spans.setdefault(o.statement, []).append(o.span)
    out: list[Unread] = []
    for st in sorted(report.statements, key=lambda s: s.order):
        out.extend(unread_in_statement(st, spans.get(st.id, ())))
    return tuple(out)


def unread_warnings(report: Report, observations: Iterable[Observation]) -> list[str]:
    """The warning lines for a report's unread numbers: a count of statements, then one
    line per number (empty when every number was read)."""
    found = unread_numbers(report, observations)
    if not found:
        return []
    n = len({u.statement for u in found})
    out = [f"{n} statement(s) hold numbers that were not read"]
    for u in found:
        why = "a number before an unknown unit" if u.reason == UNKNOWN_UNIT else "not parsed"
        out.append(f"line {u.line} ({u.statement}): {why}: {u.number}")
    return out

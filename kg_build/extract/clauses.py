"""The one clause splitter: a statement into clauses, at the breaks `text.yaml` defines."""

from __future__ import annotations

from bisect import bisect_right
from functools import cache

from kg_build.lexicon import load


@cache
def _spans(text: str) -> tuple[tuple[int, int], ...]:
    spans, start = [], 0
    for m in load("text").pattern("clause_break").finditer(text):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return tuple(spans)


def clauses(text: str) -> list[tuple[int, int]]:
    """Clause spans (start, end) of `text`, in order; the breaks themselves are left out."""
    return list(_spans(text))


def clause_bounds(text: str, pos: int) -> tuple[int, int]:
    """The clause that holds offset `pos` (an empty span at `pos` if it is on a break)."""
    spans = _spans(text)
    i = bisect_right([s for s, _ in spans], pos) - 1
    if i >= 0 and spans[i][0] <= pos < spans[i][1]:
        return spans[i]
    return pos, pos

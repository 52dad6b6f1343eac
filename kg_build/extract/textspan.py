"""Small text helpers shared by the entity rules: clauses, names and their left edge."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection

from kg_build.extract.clauses import clause_bounds
from kg_build.extract.entity_rules import Rules

__all__ = [
    "clause_bounds",
    "clean_name",
    "is_cjk",
    "leading_place",
    "left_edges",
    "pick_left",
    "strip_quotes",
    "written_name",
]

CJK = re.compile(r"[\u3400-\u9fff]")
YEAR = re.compile(r"[12][0-9]{3}年")  # a year before a name is no part of it


def is_cjk(ch: str) -> bool:
    return bool(CJK.match(ch))


def clean_name(name: str, rules: Rules) -> str:
    """A name as minted: no quotes or spaces, ASCII brackets, no ASCII colon."""
    out = name.translate(rules.name_folding)
    out = "".join(ch for ch in out if ch not in rules.quotes and not ch.isspace())
    return out.replace(":", "-")


def written_name(span: str, rules: Rules) -> str:
    """A name as minted, keeping a pair of quotes that stands inside it (某地“6080”项目):
    only quotes that open or close the whole name, or stand alone, are decoration."""
    o = next((i for i, c in enumerate(span) if c in rules.inner_quotes[::2]), -1)
    c = next((i for i, ch in enumerate(span) if ch in rules.inner_quotes[1::2]), -1)
    if 0 < o < c < len(span) - 1 and not any(q in span[c + 1 :] for q in rules.quotes):
        head, quoted, tail = span[:o], span[o : c + 1], span[c + 1 :]
        return clean_name(head, rules) + quoted + clean_name(tail, rules)
    return clean_name(span, rules)


def leading_place(name: str, *places: Collection[str], keep: int = 0) -> int:
    """The length of the longest place name (2 to 8 characters, from any of `places`) that
    opens `name` and leaves at least `keep` characters after it; 0 when none does
    (寿光蔬菜 → 2)."""
    for n in range(min(len(name) - keep, 8), 1, -1):
        if any(name[:n] in names for names in places):
            return n
    return 0


def strip_quotes(text: str, rules: Rules) -> str:
    return "".join(ch for ch in text if ch not in rules.quotes)


def joining_dash(text: str, i: int, rules: Rules) -> bool:
    """Whether text[i] is a single dash that joins two partners in a name (中国—东盟信息港)."""
    return (
        text[i] == "—"
        and text[i - 1 : i] != "—"
        and text[i + 1 : i + 2] not in ("—", "")
        and any(text.endswith(w, 0, i) for w in rules.dash_joined)
    )


def left_edges(text: str, end: int, rules: Rules, max_len: int = 30) -> list[int]:
    """Possible starts of a name ending at `end`, nearest first.

    A name cannot cross a clause or list separator; inside that window every left boundary
    word (a verb, adverb or function word) or year (2030年) offers a start just after it,
    unless it is part of an unbroken word (对外开放, 自由贸易), and the window start is the
    last resort.
    """
    stops = rules.name_stops
    lo = end
    while (
        lo > 0
        and end - lo < max_len
        and (text[lo - 1] not in stops or joining_dash(text, lo - 1, rules))
    ):
        lo -= 1
    window = text[lo:end]
    held = [(i, i + len(w)) for i, w in occurrences(window, rules.unbroken)]
    starts: set[int] = set()
    for i, word in occurrences(window, rules.left_boundaries):
        if not any(a <= i and i + len(word) <= b and b - a > len(word) for a, b in held):
            starts.add(lo + i + len(word))
    starts.update(lo + m.end() for m in YEAR.finditer(window))  # 力争到2030年|某科技城…
    edges = sorted((s for s in starts if s < end), reverse=True)
    return [*edges, lo] if lo not in edges else edges


def pick_left(
    text: str, suffix_start: int, end: int, rules: Rules, valid: Callable[[str], bool | None]
) -> int | None:
    """The nearest left edge whose name (text[edge:end]) passes `valid`; `valid` returning
    None (a generic name) stops the search: the words further left govern a category."""
    for edge in left_edges(text, suffix_start, rules):
        name = text[edge:end]
        stripped = strip_quotes(name, rules)
        m = rules.count_pattern.match(stripped)
        if m:  # "2家…" belongs to a count, not to the name
            continue
        verdict = valid(stripped)
        if verdict is None:
            return None
        if verdict:
            return edge
    return None


def strip_leading_verbs(item: str, verbs: tuple[str, ...]) -> tuple[str, int]:
    """Cut an item after the last verb it contains; return the rest and its offset."""
    cut = 0
    for verb in verbs:
        i = item.rfind(verb)
        if i >= 0 and i + len(verb) > cut and len(item) - (i + len(verb)) >= 2:
            cut = i + len(verb)
    return item[cut:], cut


def occurrences(text: str, words: tuple[str, ...]) -> list[tuple[int, str]]:
    """Every (offset, word) of `words` in `text`, word by word."""
    out = []
    for word in words:
        i = text.find(word)
        while i >= 0:
            out.append((i, word))
            i = text.find(word, i + 1)
    return out


def overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)

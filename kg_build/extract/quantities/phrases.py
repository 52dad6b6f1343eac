"""The words before a number, cleaned into an indicator, and what they tell of it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg_build.extract.quantities.vocab import Vocab


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
    reached: bool = False  # a reach word (提高到60%): a level reached


def clean_phrase(raw: str, v: Vocab) -> Phrase:
    """The words before a number → an indicator phrase and the flags they carry.

    Markers anywhere (力争, 年均, a year) are noted and removed; verbs, qualifiers and
    fillers at the end are stripped one by one, the last verb giving the direction (增长 +,
    下降 −) unless a reach word (至, 到) says that a level is reached.
    """
    ph = Phrase(text="", raw=raw)
    s = raw
    for w in v.before_longest:  # 约占全省的58%: the qualifier is the share's, not a word of it
        if v.before[w] and w + v.share_verb in s:
            s = s.replace(w + v.share_verb, v.share_verb)
    if v.carry_marker in s:
        ph.carry = True
    s = v.carry.sub("", s)
    for w in v.longest("aspirational"):
        if w in s:
            ph.aspirational = True
            s = s.replace(w, "")
    for w in v.longest("average_annual_markers"):
        if w in s:
            ph.average_annual = True
            s = s.replace(w, "")
    for m in v.time_phrase.finditer(s):
        ph.year = m.group(1)
    s = v.time_phrase.sub("", s)
    growth, decline = v.wordset("growth_verbs"), v.wordset("decline_verbs")
    yoy, reach = v.words("yoy_markers"), v.wordset("reach_words")
    reach_verbs = v.words("reach_verbs")
    strip = v.edge + "".join(v.brackets)
    changed, reached = True, False
    while changed and s:
        changed = False
        s = s.rstrip(strip)
        for w in v.trailing:
            if s.endswith(w):
                if w in reach and not ph.direction:
                    reached = True  # 提升至60%: a level reached, not a growth rate
                elif w in growth and not ph.direction and not reached:
                    ph.direction = 1
                elif w in decline and not ph.direction and not reached:
                    ph.direction = -1
                if any(w.startswith(y) for y in yoy):
                    ph.yoy = True
                s = s[: -len(w)]
                if (
                    w in reach
                    and s.endswith(reach_verbs)
                    and not any(s.endswith(x) for x in v.trailing)
                ):
                    s = s[:-1]  # 增至, 降至: a one-character verb only before a reach word
                changed = True
                break
    for w in yoy:
        if s.startswith(w):
            ph.yoy = True
            s = s[len(w) :]
    s = s.lstrip(v.edge)
    s = v.duration_phrase.sub("", s)
    ph.text = s
    ph.reached = reached
    return ph


def cut_left(s: str, v: Vocab) -> str:
    """Cut an indicator after its last opening verb or marker, keeping enough of it."""
    minimum = int(v.value("min_indicator_chars"))
    ends: dict[int, int] = {}
    markers: dict[int, int] = {}  # end → start of a time marker (全年 …)
    nouns = tuple(v.words("verb_noun_suffixes"))
    for w in v.words("cut_verbs"):
        for m in re.finditer(re.escape(w), s):
            if not s.startswith(nouns, m.end()):  # 项目完成率, 签约额: a noun, not a verb
                ends[m.end()] = minimum
    for pattern in v.cut_markers:
        for m in pattern.finditer(s):
            ends[m.end()] = int(v.value("min_after_marker_chars"))
            markers[m.end()] = m.start()
    bare = set(v.words("bare_run_verbs"))
    for end in sorted(ends, reverse=True):
        rest = s[end:].strip(v.edge)
        if rest in bare and end in markers and s[markers[end] : end] in v.words("time_words"):
            s = s[: markers[end]] + s[end:]  # 班列全年开行: the run verb keeps what runs
            break
        if len(rest) >= ends[end] and balanced(rest, v):
            s = rest
            break
    for w in v.words("time_words"):
        if s.startswith(w) and len(s) - len(w) >= minimum:
            s = s[len(w) :]
    return finish(s, v)


def balanced(s: str, v: Vocab) -> bool:
    """Does every opening quote and bracket of `s` close in it?"""
    pairs = [*v.quotes.items(), *v.brackets.items()]
    return all(s.count(a) == s.count(b) for a, b in pairs)


def finish(s: str, v: Vocab) -> str:
    """Trim punctuation, fillers and a pair of quotes wrapping the whole phrase."""
    s = s.strip(v.edge)
    fillers = v.longest("trailing_fillers")
    changed = True
    while changed:
        changed = False
        for w in fillers:
            if s.endswith(w) and len(s) > len(w):
                s, changed = s[: -len(w)], True
    if len(s) > 2:
        for opening, closing in v.quotes.items():
            if s[0] == opening and s[-1] == closing and s.count(opening) == 1:
                s = s[1:-1]
                break
    return s.strip(v.edge)


def strip_rate_head(indicator: str, v: Vocab) -> str:
    """地区生产总值增速 → 地区生产总值: the rate is the measure, not the indicator."""
    for h in v.longest("rate_heads"):
        if indicator.endswith(h) and len(indicator) > len(h):
            return indicator[: -len(h)]
    return indicator


def core(indicator: str, v: Vocab) -> str:
    """The indicator without a generic head (GDP总量 → GDP)."""
    for h in v.longest("generic_heads"):
        if indicator.endswith(h):
            return indicator[: -len(h)]
    return indicator


def ending_verb(raw: str, v: Vocab) -> str:
    """The growth or decline verb the phrase ends in, after any qualifier (新增, 减少 …)."""
    s = raw.rstrip(v.edge)
    for w in v.before_longest:
        if s.endswith(w):
            s = s[: -len(w)]
            break
    for w in v.longest("growth_verbs") + v.longest("decline_verbs"):
        if s.endswith(w):
            return w
    return ""

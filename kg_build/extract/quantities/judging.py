"""Which numbers of a clause are facts: thresholds, counts before their noun, scope counts.

- An amount that describes a noun (超亿元制造业项目, 亿元以上项目) is a threshold, not a fact,
  unless the noun is one project's or park's name (总投资32亿元的某某项目: that project's).
- A count before a noun (2740个托位) takes that noun as its indicator; amounts inside the
  counted noun (23个行政村村集体经营性收入超50万元) are its condition.
- A count summing up an open list (科技、产业等14支人才队伍新增…) is scope, not a fact,
  when a later amount follows.
"""

from __future__ import annotations

from kg_build.extract.quantities.finding import Qty
from kg_build.extract.quantities.phrases import finish
from kg_build.extract.quantities.subjects import named_after
from kg_build.extract.quantities.vocab import Vocab


def judge(text: str, qs: list[Qty], lo: int, hi: int, v: Vocab) -> None:
    """Mark thresholds and scope counts dropped, counts before a noun `prenoun`."""
    verbs = v.words("growth_verbs") + v.words("decline_verbs") + v.words("yoy_markers")
    for k, q in enumerate(qs):
        follow = text[q.end : hi]
        if q.rank or _elided_before(text, qs, k, v):
            continue
        if not q.is_classifier(v):
            if not v.measure_followers.match(follow) and not named_after(text, q.end, v):
                q.dropped = True  # 超亿元制造业项目: an attribute of the noun
        elif follow and v.word_char.match(follow[0]) and not follow.startswith(verbs):
            q.prenoun = True
    for i, q in enumerate(qs):
        if q.prenoun and not q.dropped:
            _counted_noun(text, qs, i, lo, hi, v)


def _elided_before(text: str, qs: list[Qty], k: int, v: Vocab) -> bool:
    """0.5个和0.4个百分点: a counter before a joint and a unit it begins, not a count."""
    if k + 1 >= len(qs):
        return False
    q, nxt = qs[k], qs[k + 1]
    return (
        text[q.end : nxt.start] in v.wordset("connectors")
        and nxt.unit in v.words("point_units")
        and nxt.unit != q.unit
        and nxt.unit.startswith(q.unit)
    )


def _counted_noun(text: str, qs: list[Qty], i: int, lo: int, hi: int, v: Vocab) -> None:
    """The noun a pre-noun count counts: up to a verb, the next count or the clause end."""
    q = qs[i]
    end, stop_verb = hi, False
    for w in v.words("cut_verbs"):
        k = text.find(w, q.end, hi)
        if k != -1 and k < end and k > q.end:
            end, stop_verb = k, True
    sel = None
    for w in v.words("selection_verbs"):
        k = text.find(w, q.end, hi)
        if k != -1 and k <= end:
            sel, end, stop_verb = k + len(w), k, False
    for later in qs[i + 1 :]:
        if later.dropped or later.start >= end:
            if later.start < end:
                continue
            break
        if later.is_classifier(v) or later.rank:
            end = later.start
            break
        later.dropped = True  # 23个行政村村集体经营性收入超50万元: a condition
    noun = text[q.end : end]
    if sel is not None:  # 12家企业入选广东制造业500强: what they were selected into
        tail_end = hi
        for later in qs[i + 1 :]:
            if later.start >= sel and not later.dropped:
                tail_end = min(tail_end, later.start)
        noun = text[sel:tail_end]
        q.noun_end = tail_end
    else:
        q.noun_end = end
    noun = noun.rstrip(v.edge)
    for w in v.longest("connectors"):
        if noun.endswith(w):
            noun = noun[: -len(w)]
            break
    q.noun = finish(noun, v)
    before = text[lo : q.start]
    has_later = any(not x.dropped and x.start >= q.noun_end for x in qs[i + 1 :])
    if before.rstrip().endswith(v.list_closer) and stop_verb and has_later:
        q.dropped = True  # 科技、产业等14支人才队伍新增…: scope, not a fact
        q.noun_end = q.end

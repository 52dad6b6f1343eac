"""What a park or project hosts, read right after its name: 某园区以A、B和C为主导产业,
某园区重点承载A、B产业 → the park supports A, B and C (industries the taxonomy lacks become
industries of their own, never the nearest taxonomy label)."""

from __future__ import annotations

from kg_build.extract.hits import Hit, Rel, industry_ref
from kg_build.extract.industries import industry_by_name
from kg_build.extract.reading import Reading
from kg_build.extract.textspan import is_cjk

MAX_ITEM = 10  # characters of one industry in such a list
CLOSE_MATCH = "closeMatch"  # a new industry beside the taxonomy concept it resembles
BROADER = "broader"  # a new industry that is a kind of a taxonomy concept (稀土新材料 → 新材料)


def hosted_relations(rd: Reading, text: str, named: list[Hit]) -> tuple[list[Hit], list[Rel]]:
    """(industry hits, supports relations) for every park or project followed by a frame."""
    rules = rd.rules
    new: list[Hit] = []
    rels: list[Rel] = []
    for h in named:
        if h.kind not in ("park", "project"):
            continue
        for opener, closers in rules.host_frames.items():
            if not text.startswith(opener, h.end):
                continue
            start = h.end + len(opener)
            end = _list_end(text, start, closers, rules.clause_stops)
            if end is None:
                continue
            for item, at in _items(text[start:end], rules.list_separators, rules.industry_word):
                at += start
                iri = industry_by_name(item, rd.ref)
                label = rd.ref.industries[iri].label if iri else None
                own = iri if label in (item, item + rules.industry_word) else None
                ind = Hit("industry", item, at, at + len(item), iri=own)
                new.append(ind)
                rels.append((h, "supports", ind))
                if iri and not own:  # 食品加工 beside the taxonomy's 食品: a concept of its own
                    link = BROADER if _kind_of(item, rd.ref.industries[iri].labels) else CLOSE_MATCH
                    rels.append((ind, link, industry_ref(iri, str(label), at)))
            break
    return new, rels


def _kind_of(item: str, labels: tuple[str, ...]) -> bool:
    """Whether an item ends with one of a concept's labels, so is a kind of it."""
    return any(len(item) > len(w) and item.endswith(w) for w in labels)


def _list_end(text: str, start: int, closers: tuple[str, ...], stops: str) -> int | None:
    """Where the list after an opener ends: at its first closer, never past a clause stop."""
    stop = next((i for i in range(start, len(text)) if text[i] in stops), len(text))
    found = [i for c in closers if (i := text.find(c, start, stop)) > start]
    return min(found) if found else None


def _items(span: str, separators: tuple[str, ...], word: str) -> list[tuple[str, int]]:
    """The items of `span` and their offsets; none when one is not a short CJK name."""
    cuts = [0]
    i = 0
    while i < len(span):
        sep = next((s for s in separators if span.startswith(s, i)), None)
        if sep:
            cuts += [i, i + len(sep)]
            i += len(sep)
        else:
            i += 1
    cuts.append(len(span))
    out: list[tuple[str, int]] = []
    for a, b in zip(cuts[::2], cuts[1::2], strict=True):
        item = span[a:b].removesuffix(word)
        if not 2 <= len(item) <= MAX_ITEM or not all(is_cjk(c) for c in item):
            return []
        out.append((item, a))
    return out

"""What a park or project hosts: 某园区以A、B和C为主导产业, 某园区重点承载A、B产业 → the park
supports A, B and C (industries the taxonomy lacks become industries of their own, never the
nearest taxonomy label). A frame that opens its own clause (…加快建设，重点承载A和B; 以A、B为
主导产业，推动某园区…) is about the parks of the clause before it, else of the clause after."""

from __future__ import annotations

from kg_build.extract.hits import Hit, Rel, industry_ref
from kg_build.extract.industries import find_industries, industry_by_name, nearest_industry
from kg_build.extract.lists import mintable_industry
from kg_build.extract.reading import Reading
from kg_build.extract.textspan import clause_bounds, is_cjk, leading_place

MAX_ITEM = 10  # characters of one industry in such a list
CLOSE_MATCH = "closeMatch"  # a new industry beside the taxonomy concept it resembles
BROADER = "broader"  # a new industry that is a kind of a taxonomy concept (稀土新材料 → 新材料)
CLAUSE_END = "$"  # a closer: the list runs to the end of its clause


def hosted_relations(
    rd: Reading, text: str, named: list[Hit]
) -> tuple[list[Hit], list[Rel], list[Hit]]:
    """(industry hits, supports relations, parks that are only what a frame builds) for every
    frame a park or project owns: 某园区打造A产业基地 names no park 「A产业基地」, the
    base is what 某园区 becomes."""
    rules = rd.rules
    new: list[Hit] = []
    rels: list[Rel] = []
    owners = [h for h in named if h.kind in ("park", "project")]
    objects: list[Hit] = []
    done: set[int] = set()  # frame offsets read
    for opener, closers in rules.host_frames.items():
        at = text.find(opener)
        while at >= 0:
            hosts = _hosts(rd, text, at, opener, owners)
            if not hosts and _town_before(rd, text, at):  # 某镇以A、B为主导: industries only
                shut = tuple(c for c in closers if c != CLAUSE_END)
                for item, pos in _frame_items(rd, text, at + len(opener), shut):
                    inds, links = _industry(rd, item, pos)
                    new += inds
                    rels += links
            if hosts and not any(at <= d < at + len(opener) for d in done):
                found = _frame_items(rd, text, at + len(opener), closers)
                if found:
                    done.add(at)
                    _, stop = clause_bounds(text, at)
                    objects += [h for h in owners if h.kind == "park" and h not in hosts
                                and at < h.start and h.end <= stop
                                and h.start <= found[-1][1] < h.end]  # fmt: skip
                for item, pos in found:
                    inds, links = _industry(rd, item, pos)
                    new += inds
                    rels += links
                    rels += [(h, "supports", inds[0]) for h in hosts]
            at = text.find(opener, at + 1)
    framed = {id(h) for h, p, _ in rels if p == "supports"}
    for h in owners:
        if h in objects:
            continue
        core = None if id(h) in framed else named_industry(rd, h.name)
        if core is not None:
            at = h.start + max(0, h.name.find(core))
            inds, links = _industry(rd, core, at)
            new += inds
            rels += [*links, (h, "supports", inds[0])]
    return new, rels, objects


def _town_before(rd: Reading, text: str, at: int) -> bool:
    """Whether the clause opens with a town's or village's name that ends right at `at`."""
    cs, _ = clause_bounds(text, at)
    name = text[cs:at]
    rules = rd.rules
    suffix = next((s for s, _ in rules.place_suffixes if name.endswith(s)), None)
    if suffix is None or not 2 <= len(name) - len(suffix) <= 4 or not all(map(is_cjk, name)):
        return False
    return not any(name.endswith(w) or name[: -len(suffix)].endswith(w)
                   for w in rules.place_stop_stems)  # fmt: skip


def named_industry(rd: Reading, name: str) -> str | None:
    """The industry a park is named for when its name ends in a head that follows one
    (六堡茶产业化加工区 → 六堡茶, 中国川菜产业功能区 → 川菜); scope words and places before it
    are not part of the industry."""
    rules = rd.rules
    head = next((w for w in rules.industry_park_heads if name.endswith(w)), None)
    if head is None:
        return None
    core = name[: -len(head)]
    for w in rules.industry_park_scopes:
        core = core.removeprefix(w)
    core = _without_place(rd, core)  # a leading place name (寿光蔬菜 → 蔬菜)
    if not mintable_industry(rd, core) or len(core) > 6:
        return None
    if find_industries(core, rd.ref, rules):
        return None  # 科技影视文创: named for the taxonomy's industry it holds (read as such)
    return core


def _without_place(rd: Reading, words: str) -> str:
    """`words` without the place name opening them (寿光蔬菜 → 蔬菜)."""
    return words[leading_place(words, rd.ref.place_names, rd.region.short, keep=2) :]


def _hosts(rd: Reading, text: str, at: int, opener: str, owners: list[Hit]) -> list[Hit]:
    """The parks or projects a frame at `at` is about: the one named right before it, else
    (a frame that opens its clause) those of the clause before, else of the clause after."""
    right = [h for h in owners if h.end == at]
    if right:
        return right[-1:]
    if opener not in rd.rules.host_frames_alone:
        return []
    cs, ce = clause_bounds(text, at)
    if not rd.rules.host_clause_opener.fullmatch(text[cs:at]):
        return []
    before = [h for h in owners if h.end <= cs and h.start >= clause_bounds(text, cs - 2)[0]]
    if cs >= 2 and before:
        return before
    heads = [h for h in owners if h.kind == "park" and h.end <= cs and _opens_clause(text, h)]
    if heads:  # 某工业园扩园后…，范围延伸至…，以A、B为主导产业: the park the statement is about
        return heads[-1:]
    after = clause_bounds(text, ce + 1) if ce + 1 < len(text) else (ce, ce)
    return [h for h in owners if after[0] <= h.start and h.end <= after[1]]


def _opens_clause(text: str, h: Hit) -> bool:
    """Whether a name opens its clause (a statement's text holds no bullet mark)."""
    cs, _ = clause_bounds(text, h.start)
    return not text[cs : h.start].strip()


def _frame_items(rd: Reading, text: str, start: int, closers: tuple[str, ...]) -> list:
    rules = rd.rules
    _, stop = clause_bounds(text, start)
    found = [i for c in closers if c != CLAUSE_END and (i := text.find(c, start, stop)) > start]
    if found:
        span = text[start : min(found)]
        for w in rules.list_etc:  # A、B等产业: 等 closes the list, it is no part of B
            span = span.removesuffix(w)
        rest = _without_place(rd, span)  # 打造某市|南部|A产业高地, not 以英德红茶为…
        if rest.startswith(tuple(rules.host_item_openers)):
            start, span = start + len(span) - len(rest), rest
        for w in (*rules.industry_item_stops, *rules.host_item_openers):
            cut = span.rfind(w) + len(w) if w in span else 0  # 打造全国一流的|A产业基地
            start, span = start + cut, span[cut:]
        return _items(span, rules.list_separators, rules.industry_word, start,
                      joined_tails=rules.joined_tails)  # fmt: skip
    if CLAUSE_END not in closers:
        return []
    # an open list: its items lose a trailing activity word (A研发 → A) and must read as
    # industries one by one (品牌总部 is none)
    out = []
    for item, pos in _items(text[start:stop], rules.list_separators, rules.industry_word, start,
                            strict=False, joined_tails=rules.joined_tails):  # fmt: skip
        for w in rules.host_item_trailers:
            rest = item[: -len(w)]
            if item.endswith(w) and len(rest) >= 2 and rest not in rules.sector_industries:
                item = rest  # A研发 → A, but 工业设计 is no 工业
                break
        if mintable_industry(rd, item) and not item.endswith(rules.host_item_not_ends):
            out.append((item, pos))
    return out


def _industry(rd: Reading, item: str, at: int) -> tuple[list[Hit], list[Rel]]:
    """The industry an item names, and its link to the taxonomy when it is not a concept
    of it: skos:broader when it is a kind of one (稀土新材料), else closeMatch (食品加工)."""
    rules = rd.rules
    iri = industry_by_name(item, rd.ref) or nearest_industry(item, rd.ref)
    label = rd.ref.industries[iri].label if iri else None
    own = iri if label in (item, item + rules.industry_word) else None
    ind = Hit("industry", item, at, at + len(item), iri=own)
    if not iri or own:
        return [ind], []
    link = BROADER if _kind_of(item, rd.ref.industries[iri].labels) else CLOSE_MATCH
    return [ind], [(ind, link, industry_ref(iri, str(label), at))]


def _kind_of(item: str, labels: tuple[str, ...]) -> bool:
    """Whether an item ends with one of a concept's labels, so is a kind of it."""
    return any(len(item) > len(w) and item.endswith(w) for w in labels)


def _items(
    span: str,
    separators: tuple[str, ...],
    word: str,
    offset: int,
    strict: bool = True,
    joined_tails: frozenset[str] = frozenset(),
) -> list[tuple[str, int]]:
    """The items of `span` and their offsets; none when one is not a short CJK name (with
    `strict` off, such an item is left out and the others kept)."""
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
    spans = list(zip(cuts[::2], cuts[1::2], strict=True))
    for n in range(len(spans) - 1, 0, -1):  # 新材料及应用: a tail that is no industry alone
        a, b = spans[n]
        if span[a:b].removesuffix(word) in joined_tails:
            spans[n - 1 : n + 1] = [(spans[n - 1][0], b)]
    out: list[tuple[str, int]] = []
    for a, b in spans:
        item = span[a:b].removesuffix(word)
        if not 2 <= len(item) <= MAX_ITEM or not all(is_cjk(c) for c in item):
            if strict:
                return []
            continue
        out.append((item, a + offset))
    return out

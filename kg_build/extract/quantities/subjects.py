"""What a number is about when not the report's region, and how listed items share words."""

from __future__ import annotations

import re
from functools import lru_cache

from kg_build.extract.numbers import CHINESE_NUMERAL_CHARS
from kg_build.extract.quantities.phrases import cut_left, finish
from kg_build.extract.quantities.vocab import Vocab

_HAN = re.compile(r"[\u4e00-\u9fff]+")
_NO_LENGTH = re.compile(r"\([^)]*\)|[“”—]")  # (一期), quotes and a dash count in no length limit
_LABEL = re.compile(r"[\u4e00-\u9fff]{2,6}")  # an industry labelling a digest line (稀土:…)
MAX_NAME = 14  # characters of a place or park name opening a statement, besides brackets
SUB_PARK = "园"  # the last word of a park's sub-park (佛山高新区南海园)
ENTERING = ("入", "进")  # 入园, 进园: entering a park (某产业园新入园企业), no sub-park
MAX_PROJECT_NAME = 18  # of a project's name (its owner, product and works: 某某电子信息产业园项目)


def _place_kind(name: str, v: Vocab, listed: bool = False) -> str | None:
    """The kind of place a name ending in a place suffix names (None: not a name); in a
    list of subjects (`listed`) a county or district of the region (某某县、某某市) too."""
    generic = v.wordset("generic_places")
    if name in generic:
        return None
    tables = [(v.place_endings, v.place_kinds, 1)]
    if listed:  # a county's name keeps two characters before 县
        tables.append((v.longest("listed_place_suffixes"), v.map("listed_place_suffixes"), 2))
    for endings, kinds, stem in tables:
        for suf in endings:
            if name.endswith(suf) and len(name) - len(suf) >= stem:
                return str(kinds[suf])
    return None


def _same_kinds(kind: str | None, found: set[str | None]) -> bool:
    """Is `kind` one of the kinds listed? Counties and districts list together (甲区、乙市)."""
    counties = {"county", "district"}
    return kind is not None and (kind in found or (kind in counties and found <= counties))


def split_subjects(phrase: str, n: int, v: Vocab) -> tuple[list[str], str, str] | None:
    """高端装备制造、现代轻工纺织、先进材料等产业集群规上工业增加值 → subjects, kind, indicator."""
    items = phrase.split(v.list_mark)
    if len(items) != n:
        return None
    last = items[-1]
    kinds = v.map("subject_kinds")
    for m in v.subject_summary.finditer(last):
        head, rest = last[: m.start()], last[m.end() :]
        for word in v.longest("subject_kinds"):
            if head and rest.startswith(word) and len(rest) > len(word):
                subjects = [cut_left(x, v) for x in items[:-1]] + [head]
                return [finish(x, v) for x in subjects], kinds[word], rest[len(word) :]
    if v.list_closer in last:
        return None
    found = _kind_before_measure(items, v)
    if found:
        return found
    firsts = [cut_left(x, v) for x in items[:-1]]
    if all(_place_kind(x, v, listed=True) for x in firsts):
        found = {_place_kind(x, v, listed=True) for x in firsts}
        for i in range(1, len(last)):
            if _same_kinds(_place_kind(last[:i], v, listed=True), found) and len(last) - i >= 2:
                return [*firsts, last[:i]], str(found.pop()), last[i:]
    return None


def places_listed(phrase: str, n: int, v: Vocab) -> tuple[list[str], str] | None:
    """甲市、乙市、丙市 (分别增长A、B、C) with no measure of their own: the places, of one kind,
    whose figures measure what the clause before did."""
    items = [cut_left(x, v) for x in phrase.split(v.list_mark)]
    kinds = {_place_kind(x, v, listed=True) for x in items}
    if len(items) != n or len(kinds) != 1 or None in kinds:
        return None
    return [finish(x, v) for x in items], str(kinds.pop())


def _kind_before_measure(items: list[str], v: Vocab) -> tuple[list[str], str, str] | None:
    """甲、乙、丙产业集群营收 (no 等): the last item is a subject, a kind word and a measure
    word (营收, 增加值, 产值 …); the items before are subjects of that kind."""
    kinds, last = v.map("subject_kinds"), items[-1]
    for word in v.longest("subject_kinds"):
        at = last.find(word)
        head, rest = last[:at], last[at + len(word) :]
        if at < 2 or not rest.endswith(v.words("measure_heads")):
            continue
        name_end = (last[: at + len(word) + k] for k in range(3))
        if any(_place_kind(x, v) for x in name_end) and all(_place_kind(x, v) for x in items[:-1]):
            continue  # 甲新区、南湖产业园产值: the kind word ends the last park's name
        firsts = list(items[:-1])
        named = kinds[word] in ("cluster", "chain")  # not 产业: 第一产业 is a name of its own
        if named and all(x.endswith(word) and len(x) - len(word) >= 2 for x in firsts):
            firsts = [x[: -len(word)] for x in firsts]  # 甲产业集群、乙产业集群产值: each named
        if any(word in x or not _HAN.fullmatch(x) for x in firsts):
            return None
        for w in v.words("subject_resets"):
            if firsts[0].startswith(w) and len(firsts[0]) - len(w) >= 2:
                firsts[0] = firsts[0][len(w) :]  # 全市甲、乙产业…
        subjects = [finish(x, v) for x in [*firsts, head]]
        return subjects, kinds[word], rest
    return None


def distribute(items: list[str], v: Vocab) -> list[str]:
    """Share modifiers across a list: 存、贷款余额 → 存款余额, 贷款余额; 个数、计划投资额 …"""
    items = list(items)
    pairs = {(p[0], p[1]) for p in v.words("paired_chars")}
    heads = v.longest("measure_heads")
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


def statement_subject(text: str, v: Vocab, bare: bool = True) -> tuple[str, str] | None:
    """A statement opening with a named place or park followed by a subject verb, or with a
    town or village followed by what it states of it (not by the next item of a list)."""
    body = text.lstrip(v.edge)
    for w in [*v.words("aspirational"), *v.words("time_words")]:
        if body.startswith(w):
            body = body[len(w) :]
    for w in v.longest("bare_park_labels"):  # 经开区:新引进项目…, a digest line's head
        if body.startswith(w) and body.startswith(v.words("subject_label_marks"), len(w)):
            return w, "park"
    label = _LABEL.match(body)
    if label and body.startswith(v.words("subject_label_marks"), label.end()):
        name = label.group(0)
        if _name_kind(name, v) is None:  # 新能源汽车:整车产量…; kept only if an industry
            return name, "industry"  # of that name is mentioned (kg_build/resolve)
    m = v.name_head.match(body)
    if not m:
        return None
    extra = sum(len(x) for x in _NO_LENGTH.findall(m.group(0)))
    names = [
        (end, kind)
        for end in range(2, min(m.end(), MAX_PROJECT_NAME + extra) + 1)
        if (kind := _name_kind(body[:end], v))
        and end <= (MAX_PROJECT_NAME if kind == "project" else MAX_NAME) + extra
    ]
    verbs = v.words("cut_verbs")
    cut = next((i for i, (end, kind) in enumerate(names) if _verb_in(body[:end], kind, verbs)),
               None)  # fmt: skip
    names = names[:cut]
    for end, kind in names:
        after = end
        for w in v.words("time_words"):
            if body.startswith(w, end):
                after = end + len(w)
                break
        else:
            if span := v.duration_phrase.match(body[end:]):
                after = end + span.end()  # 某某基地五年累计孵化…
        if any(body.startswith(w, after) for w in v.words("subject_verbs")):
            return body[:end], kind
        if (
            kind == "project"
            and body.startswith(v.words("works_measures"), after)
            and not any(w in body[:end] for w in verbs)
        ):
            return body[:end], kind  # 某跨海通道全年车流量…: a work's own measure
        if end == m.end() and body.startswith(v.words("subject_label_marks"), end):
            return body[:end], kind  # 某某科学城:营业收入增长…
    if not bare or not names or body.startswith(v.words("connectors"), names[-1][0]):
        return None  # (某镇某村、某镇某村等5个村: a list, no subject)
    for end, kind in reversed(names):  # 某镇茶叶产值…; 某乡打造…，全乡接待游客…
        if _bare_name(body, end, kind, v):
            return body[:end], kind
    return None


def opening_name(clause: str, v: Vocab, kind: str = "park") -> str | None:
    """The park (or project) a clause opens with, whatever follows it (某工业园扩园后…): the
    longest name of that kind at its head, without a verb in it."""
    body = clause.lstrip(v.edge)
    m = v.name_head.match(body)
    if not m:
        return None
    verbs = v.words("cut_verbs")
    extra = sum(len(x) for x in _NO_LENGTH.findall(m.group(0)))
    longest = (MAX_PROJECT_NAME if kind == "project" else MAX_NAME) + extra
    found = None
    for end in range(4, min(m.end(), longest) + 1):
        name = body[:end]
        if _name_kind(name, v) == kind and not _verb_in(name, kind, verbs):
            found = name
    return found


def named_after(text: str, at: int, v: Vocab) -> tuple[str, str] | None:
    """The project or park named right after a figure that ends at `at` and the owner mark
    (总投资32亿元的某某项目): the longest such name, of a kind `place_suffixes` gives."""
    mark = str(v.value("figure_owner_mark"))
    if not text.startswith(mark, at):
        return None
    body = text[at + len(mark) :]
    verbs = v.words("cut_verbs")
    best = None
    for end in range(2, min(len(body), MAX_PROJECT_NAME) + 1):
        kind = _name_kind(body[:end], v)
        if kind in ("project", "park") and not _verb_in(body[:end], kind, verbs):
            best = (body[:end], kind)
    return best


def _verb_in(name: str, kind: str, verbs: tuple[str, ...]) -> bool:
    """Whether a verb makes `name` a phrase, not a name: anywhere in it, but a project's
    name may hold its works (某大道快速化改造工程) and only opens with no verb."""
    if kind == "project":
        return name.startswith(verbs)
    return any(w in name for w in verbs)


def _bare_name(body: str, end: int, kind: str, v: Vocab) -> bool:
    """May body[:end] name a town or village with no verb after it? A short name (some
    characters and the suffix), not opened by a preposition (以某镇为核心), and not followed
    by the next item of a list; a park's short name (某某片区) needs its verb."""
    if kind in ("park", "project") or end >= len(body):
        return False
    if body.startswith(v.words("connectors"), end):
        return False
    suffix = next(s for s in v.place_endings if body[:end].endswith(s))
    bare = v.map("bare_place_names")
    if not bare["min"] <= end - len(suffix) <= bare["max"]:
        return False
    if body[end] in bare["not_before"]:
        return False  # 镇内, 村级, 乡村: the suffix opens a word
    if body[end - len(suffix) - 1] in CHINESE_NUMERAL_CHARS:
        return False  # 纳入八镇…: a count of towns
    return not body.startswith(tuple(bare["not_after"]))


def _name_kind(name: str, v: Vocab) -> str | None:
    """The kind of a place named `name` (its suffix, not a generic word), else None."""
    suffixes, generic, generic_ends, ends = _place_words(v)
    if name.startswith(_scopes(v)) and name not in suffixes:
        return None  # 全镇社区…, 各村…: the places of a scope, not one named place
    if name.count("(") != name.count(")"):
        return None  # 村(社区|…: a bracket left open cuts a word, not a name
    if str(v.value("figure_owner_mark")) in name:
        return None  # 沙湖镇的某工业城: a phrase (the place, 的, the park), not one name
    if name.endswith(SUB_PARK) and any(
        _name_kind(name[:-n], v) == "park" and not name.endswith(ENTERING, 0, len(name) - 1)
        for n in (3, 4)
        if len(name) > n + 2
    ):
        return "park"  # 某高新区某某园: a sub-park of a park
    if not name.endswith(ends) or name in generic or name.endswith(generic_ends):
        return _works_kind(name, v)
    for suf in v.place_endings:
        if name.endswith(suf) and len(name) > len(suf):
            kind = str(suffixes[suf])
            if kind == "project" and len(name) < int(v.value("project_name_min")):
                return None  # 重点项目, 新入园项目: a category, no project's name
            return kind
    return None


def is_named_work(name: str, v: Vocab) -> bool:
    """Whether `name` is a named work (某某铁路, 某某电站), not a 项目 or 工程 or a place."""
    return _works_kind(name, v) is not None


def _works_kind(name: str, v: Vocab) -> str | None:
    """ "project" for a named work (某某铁路, 某某抽水蓄能电站): a last word of works with a
    name of two characters or more before it that is neither a category (高速公路) nor a
    kind of works (城际铁路)."""
    words, generic = v.works
    suffix = next((w for w in words if name.endswith(w)), None)
    if suffix is None or name in generic or not v.name_head.fullmatch(name):
        return None
    stem = name[: -len(suffix)]
    if len(stem) < 2 or stem in words or stem.endswith(words):
        return None
    return "project"


DETERMINERS = "全各该本"  # 全镇, 各村, 该县, 本市: a scope or a reference, never a name


@lru_cache(maxsize=4)
def _scopes(v: Vocab) -> tuple[str, ...]:
    """The generic places that open with a determiner (全镇, 各村, 本市)."""
    return tuple(w for w in v.words("generic_places") if w[0] in DETERMINERS)


@lru_cache(maxsize=4)
def _place_words(v: Vocab) -> tuple[dict, frozenset[str], tuple[str, ...], tuple[str, ...]]:
    """(suffix → kind, generic words, generic words that are no suffix, every suffix): asked
    for each prefix of each clause, so derived once."""
    suffixes = v.place_kinds
    generic = v.words("generic_places")
    ends = tuple(g for g in generic if g not in suffixes)
    return suffixes, frozenset(generic), ends, tuple(suffixes)


def clause_park(text: str, v: Vocab) -> tuple[str, str] | None:
    """A clause without numbers ending in a park-like name (共建生物医药产业专业园), or in
    one and a short verb of what is done to it (加快某某产业园建设, 推动某某先行区提质扩容)."""
    body = text.strip(v.edge)
    parks = [s for s, kind in v.place_kinds.items() if kind == "park"]
    tails = v.map("park_tails")
    for k in range(int(tails["chars"]) + 1):
        head, tail = body[: len(body) - k], body[len(body) - k :]
        if (tail and not _HAN.fullmatch(tail)) or not any(head.endswith(s) for s in parks):
            continue
        if tail and head.endswith(tuple(tails["not_after"])):
            return None  # 加快某某东片区建设: a part of a park, not the subject
        name = cut_left(head, v)
        if name == head or name in v.wordset("generic_places") or len(name) < 4:
            return None
        if name.startswith(v.category_openers):
            return None  # 建设全省某某集聚区: a class of zones, not the park of what follows
        if head[: len(head) - len(name)].endswith(v.words("selection_verbs")):
            return None  # 入选全国百强园区: a title won, not the park of what follows
        return name, "park"
    return None


def listed_subjects(clause: str, v: Vocab) -> tuple[list[str], str] | None:
    """A list of places or industries opening a clause (某镇、某乡…; 甲、乙等产业…): the
    subjects of values stated 分别 later in the statement, one each, in order."""
    m = re.match(rf"[\u4e00-\u9fff{re.escape(v.list_mark)}]+", clause.lstrip(v.edge))
    if not m:
        return None
    items = m.group(0).split(v.list_mark)
    if len(items) < 2 or not all(items):
        return None
    kinds = v.map("subject_kinds")
    last = items[-1]
    for sm in v.subject_summary.finditer(last):
        head, rest = last[: sm.start()], last[sm.end() :]
        word = next((w for w in v.longest("subject_kinds") if rest.startswith(w)), None)
        if head and word and all(not _place_kind(x, v) for x in [*items[:-1], head]):
            return [*items[:-1], head], kinds[word]
    items[0] = cut_left(items[0], v)  # 推动甲镇、乙镇…
    if not all(_place_kind(x, v, listed=True) for x in items[:-1]):
        return None
    found = {_place_kind(x, v, listed=True) for x in items[:-1]}
    for i in range(2, len(last) + 1):
        if _same_kinds(_place_kind(last[:i], v, listed=True), found):
            return [*items[:-1], last[:i]], str(found.pop())
    return None

"""Precision and recall of entities and relations against hand-written gold files.

Gold (tests/fixtures/entities/*gold.yaml): entities as [kind, label, lines], relations as
[subject, predicate, object or any-of list, lines]. Entities match by kind and label; a
cooperation, which has no name of its own, by the line it is first mentioned on. Relations
match by subject label, predicate and object label. Run with `pytest -s` to see the scores
and every miss.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from kg_build.extract.entities import extract_entities
from kg_build.model import Extraction
from kg_build.rdf.namespaces import DEFAULT_BASE
from kg_build.read import read_report
from kg_build.reference import load_reference
from kg_build.resolve import resolve

FIXTURES = Path(__file__).parent / "fixtures" / "entities"
SCORED = ("awardedTo", "covers", "locatedIn", "partner", "projectStatus", "supports", "within")


@dataclass(frozen=True)
class Score:
    tp: int
    fp: list
    fn: list

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + len(self.fp)) if self.tp + len(self.fp) else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + len(self.fn)) if self.tp + len(self.fn) else 1.0

    def line(self, what: str) -> str:
        return f"{what}: P={self.precision:.3f} R={self.recall:.3f} (tp {self.tp}, " \
            f"fp {len(self.fp)}, fn {len(self.fn)})"  # fmt: skip


def _names(ex: Extraction, lines: dict[str, int]) -> dict[str, str]:
    """Entity key → the name the gold uses (label; cooperation@L{first line})."""
    first: dict[str, int] = {}
    for m in ex.mentions:
        line = lines[m.statement]
        first[m.entity] = min(first.get(m.entity, line), line)
    out = {}
    for key, e in ex.entities.items():
        out[key] = f"cooperation@L{first.get(key, 0)}" if e.kind == "cooperation" else e.label
    return out


def score_gold(gold_file: Path) -> dict[str, Score]:
    gold = yaml.safe_load(gold_file.read_text(encoding="utf-8"))
    report = read_report(gold_file.parent / gold["report"], gold.get("meta") or None)
    ref = load_reference()
    lookups = SimpleNamespace(base=DEFAULT_BASE, places=ref, indicators={}, units={})
    ex = resolve(report, extract_entities(report, ref), lookups)
    lines = {st.id: st.line for st in report.statements}
    names = _names(ex, lines)

    got_e = {(e.kind, names[k]) for k, e in ex.entities.items()}
    want_e = {(k, label) for k, label, _ in gold["entities"]}
    entities = Score(len(got_e & want_e), sorted(got_e - want_e), sorted(want_e - got_e))

    got_m = {(ex.entities[m.entity].kind, names[m.entity], lines[m.statement])
             for m in ex.mentions}  # fmt: skip
    want_m = {(k, label, n) for k, label, ns in gold["entities"] for n in ns}
    mentions = Score(len(got_m & want_m), sorted(got_m - want_m), sorted(want_m - got_m))

    def obj(o: str) -> str:
        return names.get(o, o)

    got_r = {(names[r.subject], r.predicate, obj(r.object))
             for r in ex.relations if r.predicate in SCORED}  # fmt: skip
    # A gazetteer place's kp:within is in the graph's reference data, not re-extracted: it
    # counts towards recall (the graph holds it), never against precision.
    implied = {
        (names[k], "within", ref.places[ref.places[e.iri].parent].label)
        for k, e in ex.entities.items()
        if e.iri in ref.places and ref.places[e.iri].parent in ref.places
    }
    want_r = [(s, p, tuple(o) if isinstance(o, list) else (o,)) for s, p, o, _ in gold["relations"]]
    found = [w for w in want_r if any((w[0], w[1], o) in got_r | implied for o in w[2])]
    allowed = {(s, p, o) for s, p, os in want_r for o in os}
    relations = Score(
        len(found),
        sorted(got_r - allowed),
        sorted((s, p, "|".join(os)) for s, p, os in want_r if (s, p, os) not in found),
    )
    return {"entities": entities, "mentions": mentions, "relations": relations}


def _report(name: str, scores: dict[str, Score]) -> None:
    print(f"\n== {name}")
    for what, s in scores.items():
        print(s.line(what))
        for x in s.fp:
            print("   FP", x)
        for x in s.fn:
            print("   FN", x)


# Thresholds: what the extractor honestly reaches on each gold (see the printed scores).
# Boluo and Shishan were unseen when their gold was written; first runs were Boluo E .80/.72,
# R .78/.55 and Shishan E .69/.67, R .57/.44 (precision/recall). Their remaining misses are
# partners the bundled gazetteer lacks (东莞, 广州增城, 肇庆四会) and rural 片区 read as parks.
CASES = {
    "kaiping-2025-entities-gold.yaml": {"entities": (0.95, 0.95), "relations": (0.95, 0.95)},
    "boluo-2024-county-prose.gold.yaml": {"entities": (0.9, 0.9), "relations": (0.9, 0.9)},
    "shishan-2024-town-prose.gold.yaml": {"entities": (0.8, 0.8), "relations": (0.7, 0.75)},
}


@pytest.mark.parametrize("gold_name", sorted(CASES))
def test_gold_precision_and_recall(gold_name):
    scores = score_gold(FIXTURES / gold_name)
    _report(gold_name, scores)
    for what, (p, r) in CASES[gold_name].items():
        assert scores[what].precision >= p, scores[what].line(what)
        assert scores[what].recall >= r, scores[what].line(what)

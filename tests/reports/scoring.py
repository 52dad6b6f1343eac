"""Score a report's CLI output against its gold files (CONVENTIONS.md of the shared corpus).

The matching follows ../shared/eval/score.py, which the corpus is judged by, so that a report
here scores as it would in `corpus.py`; it is rewritten as pure functions (no globals, no
printing) so that the tests need nothing outside the project. Differences from score.py:

- one call scores both ways (lenient and strict) and returns numbers, misses and extras;
- a report line is found once per row (score.py does the same, per run);
- relations are scored strictly only (score.py's lenient mode is not used by corpus.py);
- entity precision is returned as a number with the list of extra labels.

Rows come from the stored queries `observations`, `entities` and `projects-by-cluster` run
with `--format csv` (see `measure` in tests/reports/golden.py).
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

QUAL = {"morethan": "more_than", "more_than": "more_than", "approximately": "approx",
        "approx": "approx", "atleast": "at_least", "at_least": "at_least", "nearly": "nearly",
        "": None}
JUDGED_KINDS = {"Park", "Project", "Town", "Village", "Subdistrict", "Industry",
                "IndustrialCluster", "IndustryChain"}
Row = dict[str, str]


def norm(s: str | None) -> str:
    """Full-width forms folded, so a statement the project normalised still finds its line."""
    return unicodedata.normalize("NFKC", s or "").replace("\u3000", " ").strip()


def qual(s: str | None) -> str | None:
    key = (s or "").replace("-", "").lower()
    return QUAL.get(key, key)


def cjk(s: str | None) -> set[str]:
    return set(re.findall(r"[\u4e00-\u9fff]", s or ""))


def num(s: str | None) -> float | None:
    try:
        return float(str(s).replace(",", ""))
    except ValueError:
        return None


def years(s: str | None) -> list[str]:
    return re.findall(r"\d{4}", s or "")


def measure_ok(g: str | None, p: str | None, unit: str) -> bool:
    """Strict measure; a percentage level and a share are one convention apart."""
    return g == p or (unit == "%" and {g, p} <= {"level", "share"})


def period_exact(g: str, p: str | None) -> bool:
    return any("/".join(years(alt)) == "/".join(years(p)) for alt in g.split("|"))


def period_ok(g: str, p: str | None) -> bool:
    """Every year of one gold alternative appears in the row's period."""
    got = years(p)
    return any(all(y in got for y in years(alt)) for alt in g.split("|"))


def label_ok(g: str | None, p: str | None) -> bool:
    g, p = g or "", p or ""
    return g in p or p in g or len(cjk(g) & cjk(p)) >= 2


def unit_ok(g: str, p: str | None) -> bool:
    p = (p or "").strip()
    if g == "%":
        return p in ("%", "percent", "pct", "％") or "percent" in p.lower()
    return g == p or g in p


def status_ok(g: str, p: str | None) -> bool:
    p = (p or "").lower()
    return (g in p or (g == "target" and ("plan" in p or "目标" in p))
            or (g == "actual" and "实" in p))


def close(g: str, p: str) -> bool:
    """The same name, or one inside the other within four characters."""
    g, p = norm(g), norm(p)
    return bool(p) and (g == p or ((g in p or p in g) and abs(len(g) - len(p)) <= 4))


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def read_csv(path: Path) -> list[Row]:
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [{(k or "").strip().lower(): (v or "").strip() for k, v in r.items()} for r in rows]


@dataclass
class ObservationScore:
    gold: int
    matched: int
    tp: int  # matched rows on lines the gold covers
    fp: int  # unmatched rows on lines the gold covers
    misses: list[dict[str, Any]] = field(default_factory=list)
    extras: list[tuple[int | None, str, str, str]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.matched / max(self.gold, 1)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0


def row_lines(rows: list[Row], report_text: str) -> list[int | None]:
    """The 1-based report line each row's statement comes from (as score.py finds it)."""
    lines = [norm(line) for line in report_text.splitlines()]

    def line_of(r: Row) -> int | None:
        st = norm(r.get("statement", "")).lstrip("●·■").strip()
        if not st:
            return None
        return next((k + 1 for k, line in enumerate(lines)
                     if st in line or (len(line.strip()) > 3 and line.strip().lstrip("●·■") in st)),
                    None)

    return [line_of(r) for r in rows]


def score_observations(gold: list[dict[str, Any]], rows: list[Row], report_text: str,
                       strict: bool) -> ObservationScore:
    """score.py `observations --report R [--strict]`: one row per gold row, best label first."""
    row_line = row_lines(rows, report_text)
    subjects = Counter(r.get("subject", "") for r in rows)
    region = subjects.most_common(1)[0][0] if subjects else ""

    def strict_ok(g: dict[str, Any], r: Row, i: int) -> bool:
        if not measure_ok(g.get("measure"), r.get("measure"), g["unit"]):
            return False
        if qual(g.get("qualifier")) != qual(r.get("qualifier")):
            return False
        if not period_exact(g["period"], r.get("period")):
            return False
        gs, ps = g.get("subject"), r.get("subject", "")
        if gs and not (gs in ps or (ps and ps in gs and len(ps) >= 2)
                       or gs in r.get("indicator", "")):
            return False
        if (not gs and ps != region and not g.get("region")
                and not (ps and (ps in g["indicator"] or g["indicator"] in ps))):
            return False
        return not (g.get("line") and row_line[i] != g["line"])

    used: set[int] = set()
    misses = []
    for g in gold:
        best, best_score = None, -1
        for i, r in enumerate(rows):
            v = num(r.get("value"))
            if i in used or v is None or abs(v - g["value"]) > 1e-9:
                continue
            if not unit_ok(g["unit"], r.get("unit")) or not period_ok(g["period"], r.get("period")):
                continue
            if "status" in r and not status_ok(g["status"], r.get("status")):
                continue
            lab = r.get("indicator", "") + " " + r.get("subject", "")
            if not label_ok(g["indicator"], lab) or (strict and not strict_ok(g, r, i)):
                continue
            hit_line = bool(g.get("line")) and row_line[i] == g["line"]
            sc = len(cjk(g["indicator"]) & cjk(lab)) + (100 if hit_line else 0)
            if sc > best_score:
                best, best_score = i, sc
        if best is None:
            misses.append(g)
        else:
            used.add(best)
    covered = {g["line"] for g in gold if "line" in g}
    judged = [i for i, line in enumerate(row_line) if line in covered]
    extras = [(row_line[i], rows[i].get("indicator", ""), rows[i].get("value", ""),
               rows[i].get("unit", "")) for i in judged if i not in used]
    return ObservationScore(len(gold), len(used), sum(i in used for i in judged), len(extras),
                            misses, extras)


@dataclass
class EntityScore:
    gold: int
    matched: int
    judged: int
    misses: list[dict[str, Any]] = field(default_factory=list)
    extras: list[tuple[str, str]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.matched / max(self.gold, 1)

    @property
    def precision(self) -> float:
        return 1 - len(self.extras) / self.judged if self.judged else 1.0


def score_entities(gold: list[dict[str, Any]], rows: list[Row]) -> EntityScore:
    """score.py `entities`: recall over the gold, precision over the kinds the gold lists."""
    labels = [(r.get("label", ""), r.get("type", "")) for r in rows]
    misses = [
        g for g in gold
        if not any(g["label"] == lab or (g.get("mention") and g["mention"] == lab)
                   or (g["label"] in lab and len(lab) <= len(g["label"]) + 4)
                   for lab, _ in labels)
    ]
    judged = [(lab, t) for lab, t in labels if t in JUDGED_KINDS]
    extras = [(lab, t) for lab, t in judged
              if not any(close(g["label"], lab) or (g.get("mention") and close(g["mention"], lab))
                         for g in gold)]
    return EntityScore(len(gold), len(gold) - len(misses), len(judged), misses, extras)


def score_supports(gold: list[dict[str, Any]], rows: list[Row]) -> tuple[int, int, list]:
    """score.py `relations --strict`: (gold, matched, misses) by project and cluster labels."""
    misses = [g for g in gold
              if not any(close(g["from"], r.get("project_label", ""))
                         and close(g["to"], r.get("cluster_label", "")) for r in rows)]
    return len(gold), len(gold) - len(misses), misses

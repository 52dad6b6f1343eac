"""Synthetic government work reports for benchmarks and tests: seeded and deterministic.

Report `i` of seed `s` is the same text whatever the number of reports asked for, so a scale
series N = 1, 10, 100 … grows by adding reports, never by changing them. Two forms, as in the
genre: the newspaper *digest* (headings, ● bullets, a targets block) and the *prose* report
(一、… (一)… paragraphs). Vocabulary: kg_build/data/synth.yaml. Numbers are random, not real.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from kg_build.paths import data_dir

FORMS = ("digest", "prose")
SCOPE = {"county": "市", "district": "区", "town": "镇"}


@dataclass(frozen=True)
class SynthReport:
    name: str  # file name, e.g. "synth-0003-taishan-2024-digest.txt"
    text: str
    form: str  # "digest" or "prose"
    region: str
    year: int  # the year reviewed; the plan is for year + 1


@lru_cache(maxsize=1)
def vocabulary() -> dict:
    with open(data_dir() / "synth.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _num(rng: random.Random, low: float, high: float, digits: int = 2) -> str:
    value = round(rng.uniform(low, high), digits)
    return f"{value:.{digits}f}".rstrip("0").rstrip(".") if digits else str(int(value))


def _level(rng: random.Random, ind: dict, town: bool) -> str:
    low, high = ind["level"]
    if ind["unit"] == "元":
        return str(rng.randint(int(low), int(high)))
    scale = 0.1 if town else 1.0
    return _num(rng, low * scale, high * scale)


def _growth(rng: random.Random, ind: dict) -> tuple[str, str]:
    """A growth rate as (verb, number): negative rates are written 下降 and a positive number."""
    value = round(rng.uniform(*ind["growth"]), 1)
    return ("下降" if value < 0 else "增长"), f"{abs(value):.1f}"


def _count(rng: random.Random, item: dict) -> str:
    return str(rng.randint(*item["range"]))


def _park(rng: random.Random, region: dict, v: dict) -> str:
    return region["short"] + rng.choice(v["park_suffixes"])


def _project(rng: random.Random, v: dict) -> str:
    capacity = rng.choice(["年产", "年产", "新建"])
    amount = rng.randint(2, 60)
    product = rng.choice(v["project_products"])
    unit = rng.choice(["万吨", "万套", "万件"]) if capacity == "年产" else ""
    return f"{capacity}{amount}{unit}{product}项目" if unit else f"{product}项目"


def _pools(rng: random.Random, v: dict) -> tuple[list[dict], list[dict]]:
    """Indicators and counts in a random order: each is reported once per report."""
    indicators, counts = list(v["indicators"]), list(v["counts"])
    rng.shuffle(indicators)
    rng.shuffle(counts)
    return indicators, counts


def _take(rng: random.Random, pool: list[dict], low: int, high: int) -> list[dict]:
    k = min(len(pool), rng.randint(low, high))
    taken, pool[:] = pool[:k], pool[k:]
    return taken


def _review_bullets(
    rng: random.Random, region: dict, v: dict, pools: tuple[list[dict], list[dict]]
) -> list[str]:
    town = region["kind"] == "town"
    lines = []
    for ind in _take(rng, pools[0], 2, 3):
        verb, growth = _growth(rng, ind)
        lines.append(
            f"{ind['phrase']}完成{_level(rng, ind, town)}{ind['unit']},同比{verb}{growth}%"
        )
    for item in _take(rng, pools[1], 1, 2):
        qualifier = rng.choice(["", "", "超", "约"])
        lines.append(f"{item['phrase']}{qualifier}{_count(rng, item)}{item['unit']}")
    park = _park(rng, region, v)
    industry = rng.choice(v["industries"])
    lines.append(
        f"{park}全年引入亿元以上项目{rng.randint(2, 30)}个,{industry}产业集群规上工业增加值"
        f"增长{_num(rng, 1, 15, 1)}%"
    )
    lines.append(
        f"{_project(rng, v)}{rng.choice(v['project_status']['done'])},"
        f"完成投资{_num(rng, 0.5, 30)}亿元"
    )
    return lines


def _plan_bullets(rng: random.Random, region: dict, v: dict) -> list[str]:
    lines = []
    for _ in range(rng.randint(2, 4)):
        lines.append(f"推动{_project(rng, v)}{rng.choice(v['project_status']['plan'])}")
    industry, other = rng.sample(v["industries"], k=2)
    lines.append(f"做大做强{industry}、{other}等产业集群")
    lines.append(f"力争{_park(rng, region, v)}规上工业总产值超{rng.randint(50, 400)}亿元")
    item = rng.choice(v["counts"])
    lines.append(f"{item['phrase']}不少于{_count(rng, item)}{item['unit']}")
    return lines


def _targets(rng: random.Random, v: dict) -> list[str]:
    chosen = rng.sample(v["indicators"][:8], k=rng.randint(4, 6))
    parts = []
    for ind in chosen:
        if ind["phrase"] == "居民人均可支配收入":
            parts.append(f"{ind['phrase']}增长与经济增长同步")
            continue
        aspire = rng.choice(["", "", "力争"])
        around = rng.choice(["", "左右"])
        parts.append(f"{ind['phrase']}{aspire}增长{_num(rng, 3, 10, 1)}%{around}")
    return [" ".join(parts[i : i + 2]) for i in range(0, len(parts), 2)]


def digest(rng: random.Random, region: dict, year: int, v: dict) -> str:
    name = region["name"]
    lines = [
        f"一年一度的政府工作报告,既是成绩单,也是任务书。日前召开的{name}人大会议,{name}政府工作"
        f"报告对{year}年{name}政府工作进行了回顾,对{year + 1}年工作计划作了具体部署。",
        f"整理 {rng.choice(v['editors'])}",
        f"回顾{year}年",
        f"{year}年,{name}政府奋力推动高质量发展,经济社会发展取得新成效。",
    ]
    titles = rng.sample(v["digest_review_titles"], k=rng.randint(3, 5))
    pools = _pools(rng, v)
    for n, title in enumerate(titles, 1):
        lines.append(f"{n}.{title}")
        lines += [f"●{b}" for b in _review_bullets(rng, region, v, pools)]
    lines += [f"展望{year + 1}年", f"今年{name}经济社会主要发展目标", *_targets(rng, v)]
    for n, title in enumerate(rng.sample(v["digest_plan_titles"], k=rng.randint(2, 4)), 1):
        lines.append(f"{n}.{title}")
        lines += [f"●{b}" for b in _plan_bullets(rng, region, v)]
    return "\n".join(lines) + "\n"


def prose(rng: random.Random, region: dict, year: int, v: dict) -> str:
    name, scope = region["name"], SCOPE[region["kind"]]
    lines = [f"{name}{year + 1}年政府工作报告", f"一、{year}年工作回顾"]
    pools = _pools(rng, v)
    for k in range(rng.randint(2, 4)):
        sentences = _review_bullets(rng, region, v, pools)
        opener = f"过去一年,全{scope}" if k == 0 else rng.choice(["同时,", "此外,", "全年"])
        lines.append(opener + ";".join(sentences) + "。")
    lines.append(f"二、{year + 1}年工作安排")
    lines.append(
        f"{year + 1}年全{scope}经济社会发展的主要预期目标是:"
        + ";".join(" ".join(_targets(rng, v)).split(" "))
        + "。"
    )
    titles = rng.sample(v["prose_plan_titles"], k=rng.randint(2, 4))
    numerals = "一二三四五六七八九十"
    for n, title in enumerate(titles):
        lines.append(f"({numerals[n]}){title}。" + ",".join(_plan_bullets(rng, region, v)) + "。")
    return "\n".join(lines) + "\n"


def synth_report(index: int, seed: int = 0) -> SynthReport:
    """Report `index` of the series `seed`, independent of how many others are made."""
    v = vocabulary()
    rng = random.Random(seed * 1_000_003 + index)
    region = rng.choice(v["regions"])
    year = rng.randint(2019, 2025)
    form = FORMS[index % 2]
    text = (digest if form == "digest" else prose)(rng, region, year, v)
    slug = f"synth-{index:04d}-{year + 1}-{form}"
    return SynthReport(f"{slug}.txt", text, form, region["name"], year)


def synth_reports(n: int, seed: int = 0) -> list[SynthReport]:
    return [synth_report(i, seed) for i in range(n)]


def write_reports(n: int, folder: Path, seed: int = 0) -> list[Path]:
    """Write N reports as UTF-8 files into `folder`; return their paths in order."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for report in synth_reports(n, seed):
        path = folder / report.name
        path.write_text(report.text, encoding="utf-8")
        paths.append(path)
    return paths

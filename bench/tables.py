"""The Markdown tables of docs/benchmarks.md, printed from bench/results/*.json.

    python bench/tables.py

Runs nothing: it only formats what the benchmark scripts wrote, so the doc can be checked
against the raw results.
"""

from __future__ import annotations

import json
import math

from _common import RESULTS


def load(name: str) -> dict | None:
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def ms(value: float | None) -> str:
    if value is None or math.isinf(value):
        return "timeout"
    return f"{value:.2f}" if value < 100 else f"{value:.0f}"


def queries(name: str) -> None:
    data = load(name)
    if data is None:
        return
    print(f"\n### {name} ({data['graph']}, commit {data['machine'].get('commit')})\n")
    print("| query | rows | Oxigraph p50 ms | p95 ms | rdflib p50 ms | p95 ms | rdflib/Oxigraph |")
    print("|---|---|---|---|---|---|---|")
    for q in data["queries"]:
        ratio = q["ratio_p50"]
        if ratio is None or math.isnan(ratio):
            shown = "–"
        elif math.isinf(ratio):
            shown = "rdflib timed out"
        else:
            shown = f"{ratio:.0f}×"
        print(
            f"| {q['query']} | {q['rows_oxigraph']} | {ms(q['oxigraph_p50_ms'])} | "
            f"{ms(q['oxigraph_p95_ms'])} | {ms(q['rdflib_p50_ms'])} | {ms(q['rdflib_p95_ms'])} "
            f"| {shown} |"
        )


def build() -> None:
    data = load("build_stages")
    if data is None:
        return
    walls = ", ".join(f"{w:.2f}" for w in data["cli_wall_s"])
    print(f"\n### build_stages (commit {data['machine'].get('commit')})\n")
    print(f"`kaiping-kg build`, cold process: median {data['cli_wall_median_s']:.2f} s ({walls})")
    print("\n| stage | median s | min s | max s | peak RSS after (MiB) |\n|---|---|---|---|---|")
    for s in data["stages"]:
        print(
            f"| {s['stage']} | {s['median_s']:.3f} | {s['min_s']:.3f} | {s['max_s']:.3f} | "
            f"{s['peak_rss_mib']:.0f} |"
        )


def scale() -> None:
    rows = []
    for name in ("scale-small", "scale-1000"):
        data = load(name)
        if data is not None:
            rows += data["results"]
    if not rows:
        return
    stages = ("read", "extract", "rdf", "store", "turtle", "validate")
    print("\n### scale\n")
    print(
        "| N | triples | store MiB | "
        + " | ".join(f"{s} s" for s in stages)
        + " | per report ms | validate ms/report | conforms | query p50 median ms | "
        "slowest query p50 ms | queries over timeout | peak RSS MiB |"
    )
    print("|" + "---|" * (len(stages) + 10))
    for r in sorted(rows, key=lambda r: r["n"]):
        sec = r["seconds"]
        slowest, worst = r["query_p50_max"]
        print(
            f"| {r['n']} | {r['counts']['all_triples']} | {r['store_bytes'] / 2**20:.0f} | "
            + " | ".join(f"{sec.get(s, 0):.2f}" for s in stages)
            + f" | {r['per_report_s'] * 1000:.0f} | {r['validate_per_report_s'] * 1000:.0f} | "
            f"{r['counts']['conforms']} | {ms(r['query_p50_median_ms'])} | "
            f"{ms(worst)} ({slowest}) | {len(r['queries_timed_out'])} | "
            f"{r['peak_rss_mib']:.0f} |"
        )


def validation() -> None:
    data = load("validation-growth")
    if data is None:
        return
    print("\n### validation-growth\n")
    print(
        "| N | triples | serialise s | rudof read s | rudof validate s | one graph ms/report | "
        "batched s | batched ms/report |\n|---|---|---|---|---|---|---|---|"
    )
    for r in data["project"]:
        s = r["seconds"]
        print(
            f"| {r['n']} | {r['triples']} | {s['serialize']:.2f} | {s['read_data']:.2f} | "
            f"{s['validate']:.2f} | {r['total_s'] / r['n'] * 1000:.0f} | {r['batched_s']:.2f} | "
            f"{r['batched_s'] / r['n'] * 1000:.0f} |"
        )
    print(
        "\n| shape | nodes | pyrudof s | µs/node | pyshacl s | µs/node |\n|---|---|---|---|---|---|"
    )
    for r in data["plain"]:
        n = r["nodes"]
        print(
            f"| {r['shape']} | {n} | {r['pyrudof_s']:.3f} | {r['pyrudof_s'] / n * 1e6:.1f} | "
            f"{r['pyshacl_s']:.3f} | {r['pyshacl_s'] / n * 1e6:.1f} |"
        )


if __name__ == "__main__":
    build()
    queries("queries")
    queries("queries-synthetic-100")
    scale()
    validation()

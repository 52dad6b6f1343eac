"""Scale: N synthetic reports (kg_build/synth.py, seed 0) built like `kaiping-kg build`.

    python bench/scale.py                     # N = 1, 10, 100, 1000
    python bench/scale.py --sizes 1 10 100    # a subset

Each N is built in a fresh process (bench/_build.py, stage by stage): build time, validation
time, triple count, store size on disk, peak RSS, and the p50 of every stored query on the
built store (median over queries, and the slowest). Per-report cost is
(read + extract + RDF + store + Turtle) / N; the marginal slope is the growth of the total
between two consecutive N divided by the growth of N. Writes bench/results/scale.json.
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing as mp
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, Stages, ensure_path, machine, peak_rss_mib, percentile, save

PER_REPORT_STAGES = ("read", "extract", "rdf", "store", "turtle")


def _time_query(store_dir: Path, text: str, runs: int, budget: float, out: mp.Queue) -> None:
    from kg_build.store import open_store

    store = open_store(store_dir)
    times: list[float] = []
    spent = 0.0
    for _ in range(runs + 1):  # the first run is a warm-up
        start = time.perf_counter()
        list(store.query(text))
        times.append(time.perf_counter() - start)
        spent += times[-1]
        if len(times) >= 4 and spent > budget:
            break
    out.put(times[1:] or times)


def query_p50(store_dir: Path, text: str, runs: int, budget: float, timeout: float) -> float | None:
    """p50 in ms of one query on the built store, in a worker killed after `timeout` s."""
    out: mp.Queue = mp.Queue()
    worker = mp.Process(target=_time_query, args=(store_dir, text, runs, budget, out))
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        worker.terminate()
        worker.join()
        return None
    return percentile(out.get(), 50) * 1000


def child(n: int, folder: Path, runs: int, budget: float, validate: bool, timeout: float) -> dict:
    ensure_path()
    from _build import dir_size, staged_build

    from kg_build.queries import bind_values_clause, load_queries
    from kg_build.synth import write_reports

    paths = write_reports(n, folder / "reports")
    stages = Stages()
    counts = staged_build(paths, folder / "store", folder / "out.ttl", stages, validate=validate)
    print(f"  N={n} built: {stages.rows}", file=sys.stderr, flush=True)
    p50s: dict[str, float | None] = {}
    for name, query in sorted(load_queries().items()):
        params = {p.name: p.example for p in query.params if p.required and p.example}
        text = bind_values_clause(query, params)
        p50s[name] = query_p50(folder / "store", text, runs, budget, timeout)
        shown = f"{p50s[name]:.1f} ms" if p50s[name] is not None else f"> {timeout:.0f} s"
        print(f"  N={n} {name}: p50 {shown}", file=sys.stderr, flush=True)
    return {
        "n": n,
        "stages": stages.rows,
        "counts": counts,
        "store_bytes": dir_size(folder / "store"),
        "turtle_bytes": (folder / "out.ttl").stat().st_size,
        "peak_rss_mib": peak_rss_mib(),
        "query_p50_ms": p50s,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 100, 1000])
    parser.add_argument("--runs", type=int, default=20, help="timed runs per stored query")
    parser.add_argument(
        "--budget", type=float, default=5.0, help="seconds of timed runs per query (min 3 runs)"
    )
    parser.add_argument(
        "--validate-max",
        type=int,
        default=1000,
        metavar="N",
        help="skip validation for larger N (default: validate every N)",
    )
    parser.add_argument(
        "--timeout", type=float, default=60.0, help="give up a query after this many seconds"
    )
    parser.add_argument("--out", default="scale", help="results name (bench/results/NAME.json)")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        validate = args.child <= args.validate_max
        result = child(args.child, args.dir, args.runs, args.budget, validate, args.timeout)
        print(json.dumps(result))
        return
    results = []
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            cmd = [
                sys.executable,
                str(Path(__file__).resolve()),
                "--child",
                str(n),
                "--dir",
                tmp,
                "--runs",
                str(args.runs),
                "--budget",
                str(args.budget),
                "--validate-max",
                str(args.validate_max),
                "--timeout",
                str(args.timeout),
            ]
            start = time.perf_counter()
            done = subprocess.run(
                cmd,
                cwd=ROOT,
                stdout=subprocess.PIPE,
                text=True,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
            )
            if done.returncode:
                raise SystemExit(f"N={n} failed (see the messages above)")
            row = json.loads(done.stdout.strip().splitlines()[-1])
            row["process_wall_s"] = time.perf_counter() - start
        sec = {
            s: sum(r["seconds"] for r in row["stages"] if r["stage"] == s)
            for s in {r["stage"] for r in row["stages"]}
        }
        row["seconds"] = sec
        row["build_s"] = sum(v for k, v in sec.items() if k != "validate")
        row["per_report_s"] = sum(sec.get(s, 0) for s in PER_REPORT_STAGES) / n
        row["validate_per_report_s"] = sec.get("validate", 0) / n
        p50 = {k: (v if v is not None else math.inf) for k, v in row["query_p50_ms"].items()}
        row["query_p50_median_ms"] = statistics.median(p50.values())
        row["query_p50_max"] = max(p50.items(), key=lambda kv: kv[1])
        row["queries_timed_out"] = sorted(k for k, v in p50.items() if v == math.inf)
        results.append(row)
        print(
            f"N={n}: build {row['build_s']:.1f} s, validate {sec.get('validate', 0):.1f} s, "
            f"{row['counts']['all_triples']} triples, store {row['store_bytes'] / 2**20:.1f} MiB,"
            f" per report {row['per_report_s'] * 1000:.0f} ms, query p50 median "
            f"{row['query_p50_median_ms']:.2f} ms (slowest {row['query_p50_max'][0]} "
            f"{row['query_p50_max'][1]:.1f} ms), peak {row['peak_rss_mib']:.0f} MiB",
            flush=True,
        )
        save(args.out, {"machine": machine(), "results": results})
    print(
        "\n| N | triples | store MiB | build s | per report ms | marginal ms/report | "
        "validate s | validate ms/report | query p50 median ms | slowest query p50 ms | "
        "peak RSS MiB |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    previous = None
    for row in results:
        total = sum(row["seconds"].get(s, 0) for s in PER_REPORT_STAGES)
        marginal = ""
        if previous is not None:
            prev_total = sum(previous["seconds"].get(s, 0) for s in PER_REPORT_STAGES)
            marginal = f"{(total - prev_total) / (row['n'] - previous['n']) * 1000:.0f}"
        print(
            f"| {row['n']} | {row['counts']['all_triples']} | "
            f"{row['store_bytes'] / 2**20:.1f} | {row['build_s']:.2f} | "
            f"{row['per_report_s'] * 1000:.0f} | {marginal} | "
            f"{row['seconds'].get('validate', 0):.2f} | "
            f"{row['validate_per_report_s'] * 1000:.0f} | {row['query_p50_median_ms']:.2f} | "
            f"{row['query_p50_max'][1]:.1f} ({row['query_p50_max'][0]}) | "
            f"{row['peak_rss_mib']:.0f} |"
        )
        previous = row


if __name__ == "__main__":
    main()

"""Cold-process build of the bundled report: wall time and peak memory, stage by stage.

    python bench/build_stages.py [--runs 5]

Every process runs with a user cache of its own (KAIPING_KG_CACHE, a temporary folder): the
first `kaiping-kg build` compiles the reference data into it (kg_build/compiled.py) and is
reported apart; every later run is a fresh process and a fresh store folder with that cache
warm, as a user's second build is. Each run measures, one after the other:
- the import floor: a fresh interpreter importing rdflib, pyoxigraph, pyrudof and yaml,
  just before and just after each build (the ratio of a build to the mean of its two
  floors is kept too: on a shared machine the load changes between runs);
- `kaiping-kg build` itself (python -m kg_build.cli build --force): wall and peak RSS of the
  whole process, interpreter start and imports included; its ratio to the floor is issue
  19's target (≤ 5×);
- the same build stage by stage (bench/_build.py) in another fresh process: import, reference
  data, read, extract, RDF, validate, Turtle, store, with the peak RSS after each stage.
Writes bench/results/build_stages.json and prints a Markdown table.
"""

from __future__ import annotations

import time

T0 = time.perf_counter()

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

from _common import ROOT, Stages, bytecode_env, compile_package, machine, peak_rss_mib, save  # noqa: E402


def child(store: Path, out: Path) -> None:
    stages = Stages()
    stages.rows.append({"stage": "import", "seconds": 0.0, "peak_rss_mib": 0.0})
    start = time.perf_counter()
    from _build import staged_build

    from kg_build.paths import bundled_reports

    stages.rows[0]["seconds"] = time.perf_counter() - start + (start - T0)
    stages.rows[0]["peak_rss_mib"] = peak_rss_mib()
    counts = staged_build(bundled_reports(), store, out, stages)
    print(json.dumps({"stages": stages.rows, "counts": counts, "total": time.perf_counter() - T0}))


FLOOR = "import rdflib, pyoxigraph, pyrudof, yaml"


def run_floor() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", FLOOR], check=True, env=bytecode_env(dict(os.environ)))
    return time.perf_counter() - start


def run_cli(tmp: Path, env: dict) -> tuple[float, float]:
    """`kaiping-kg build` in a fresh process; os.wait4 gives that child's own peak RSS."""
    cmd = [
        sys.executable,
        "-m",
        "kg_build.cli",
        "build",
        "--force",
        "--store",
        str(tmp / "store"),
        "--out",
        str(tmp / "out.ttl"),
    ]
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"kaiping-kg build failed:\n{err[-2000:]}")
    return wall, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.store, args.out)
        return
    cli, staged, floor = [], [], []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        env = {**os.environ, "PYTHONPATH": str(ROOT), "KAIPING_KG_CACHE": str(tmp / "cache")}
        env = bytecode_env(env)  # as installed: bytecode present (compiled just below)
        compile_package()
        first = run_cli(tmp / "first", env)  # compiles the reference data into the cache
        pairs = []
        for i in range(args.runs):  # the floor just before and just after each build
            before = run_floor()
            cli.append(run_cli(tmp / f"cli-{i}", env))
            after = run_floor()
            floor += [before, after]
            pairs.append(cli[-1][0] / ((before + after) / 2))
            cmd = [
                sys.executable,
                str(ROOT / "bench" / "build_stages.py"),
                "--child",
                "--store",
                str(tmp / f"st-{i}"),
                "--out",
                str(tmp / f"st-{i}.ttl"),
            ]
            done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
            if done.returncode:
                raise SystemExit(done.stderr[-3000:])
            staged.append(json.loads(done.stdout.strip().splitlines()[-1]))
    names = [r["stage"] for r in staged[0]["stages"]]
    table = []
    for k, name in enumerate(names):
        secs = [run["stages"][k]["seconds"] for run in staged]
        rss = [run["stages"][k]["peak_rss_mib"] for run in staged]
        table.append(
            {
                "stage": name,
                "median_s": statistics.median(secs),
                "min_s": min(secs),
                "max_s": max(secs),
                "peak_rss_mib": statistics.median(rss),
            }
        )
    result = {
        "machine": machine(),
        "runs": args.runs,
        "cli_wall_s": [w for w, _ in cli],
        "cli_peak_rss_mib": [m for _, m in cli],
        "cli_wall_median_s": statistics.median(w for w, _ in cli),
        "first_build_compiling_s": first[0],
        "floor_s": floor,
        "floor_median_s": statistics.median(floor),
        "cli_over_floor": statistics.median(w for w, _ in cli) / statistics.median(floor),
        "paired_ratios": pairs,
        "paired_ratio_median": statistics.median(pairs),
        "load_average": os.getloadavg(),
        "staged_total_median_s": statistics.median(r["total"] for r in staged),
        "stages": table,
        "counts": staged[0]["counts"],
    }
    path = save("build_stages", result)
    print(
        f"kaiping-kg build (cold process, {args.runs} runs): median "
        f"{result['cli_wall_median_s']:.2f} s wall, peak RSS "
        f"{statistics.median(result['cli_peak_rss_mib']):.0f} MiB; import floor median "
        f"{result['floor_median_s']:.3f} s; ratio {result['cli_over_floor']:.1f}× (target ≤ 5×), "
        f"paired (floor around each build) {result['paired_ratio_median']:.1f}×; "
        f"first build (compiling the cache) {first[0]:.2f} s; load {result['load_average']}"
    )
    print("\n| stage | median s | min s | max s | peak RSS after (MiB) |\n|---|---|---|---|---|")
    for row in table:
        print(
            f"| {row['stage']} | {row['median_s']:.3f} | {row['min_s']:.3f} | "
            f"{row['max_s']:.3f} | {row['peak_rss_mib']:.0f} |"
        )
    print(f"| total (in process) | {result['staged_total_median_s']:.3f} | | | |")
    print(f"\ncounts: {result['counts']}\nwritten: {path}")


if __name__ == "__main__":
    main()

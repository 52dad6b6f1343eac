"""Many reports: build 59 (+1) synthetic reports with --jobs 1 and 2, then add one more.

    python bench/multi_report.py            # 60 reports, seed 0

Each step is the `kaiping-kg` command in a new process, with a fresh store and an empty
cache (so every report is extracted and validated), timed by wall clock:

- build-60: `kaiping-kg build DIR60 --jobs 1`, the denominator of the add ratio;
- build-59 with `--jobs 1` and with `--jobs 2`, `--rounds` times each in the order 1 2 2 1 …
  (the jobs ratio: the sum of the --jobs 2 times over the sum of the --jobs 1 times);
- add-one: `kaiping-kg add REPORT60` on the first --jobs 1 store of 59 (the 59 are not rebuilt:
  the new generation is an Oxigraph backup of the current one plus the one graph); then the
  stored query `observations` on that store must name all 60 reports in its `report` column.

Issue 18's targets: add-one / build-60 ≤ 0.15; jobs2 / jobs1 ≤ 0.75 on a 2-core machine.
Every step uses one user cache (KAIPING_KG_CACHE, a temporary folder) in which the reference
data was compiled first (one small build, not timed), as a user's builds after the first do.
Each step also records the CPU seconds it used (its workers included) over its wall time:
the cores it got. On a machine shared with other work `--jobs 2` may get no more than one,
so the jobs ratio on two free cores is also computed from CPU seconds, which the load
changes far less: the serial part (the build of 59 again with every report in the cache:
start-up, Turtle, store) plus half of the rest of the `--jobs 2` CPU time, over the
`--jobs 1` CPU time.
Writes bench/results/multi-report.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ensure_path, machine, save

ensure_path()

from kg_build.synth import write_reports  # noqa: E402

ENV = dict(os.environ)


CORES: list[dict] = []  # per step: wall, CPU seconds of the command and its workers, load


def timed(*argv: str) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "kg_build.cli", *argv], capture_output=True, text=True, env=ENV
    )
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        sys.exit(f"{' '.join(argv)} failed ({done.returncode}):\n{done.stderr}")
    jobs = argv[argv.index("--jobs") + 1] if "--jobs" in argv else "1"
    CORES.append({"step": f"{argv[0]} --jobs {jobs}", "wall_s": seconds, "cpu_s": cpu,
                  "cores_used": cpu / seconds, "load_after": os.getloadavg()[0]})  # fmt: skip
    print(f"{seconds:7.2f} s  {cpu / seconds:4.2f} cores  kaiping-kg {' '.join(argv[:2])} …")
    return seconds


def reports_with_observations(store: Path) -> set[str]:
    """The reports the stored query `observations` names in its `report` column."""
    done = subprocess.run(
        [sys.executable, "-m", "kg_build.cli", "query", "observations", "--store", str(store),
         "--format", "jsonl"],
        capture_output=True, text=True, env=ENV, check=True,
    )  # fmt: skip
    return {json.loads(line)["report"] for line in done.stdout.splitlines() if line}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reports", type=int, default=60)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--rounds", type=int, default=2, help="builds of 59 per --jobs value")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        ENV["KAIPING_KG_CACHE"] = str(root / "user-cache")
        paths = write_reports(args.reports, root / "all", args.seed)
        load_before = os.getloadavg()
        timed("build", str(paths[0]), "--store", str(root / "warm"), "--out", str(root / "w.ttl"))
        many = root / "many"
        many.mkdir()
        for p in paths[:-1]:
            shutil.copy(p, many / p.name)
        last = paths[-1]

        def build(folder: Path, name: str, jobs: int) -> float:
            store = root / name
            out = root / f"{name}.ttl"
            return timed("build", str(folder), "--store", str(store), "--out", str(out),
                         "--jobs", str(jobs))  # fmt: skip

        build_all = build(root / "all", "s60", 1)
        runs: dict[int, list[float]] = {1: [], 2: []}
        for r in range(args.rounds):  # 1, 2, then 2, 1 …: a load that drifts falls on both
            for jobs in (1, 2) if r % 2 == 0 else (2, 1):
                runs[jobs].append(build(many, f"s{jobs}-{r}", jobs))
        # the serial part: the same build with every report in the cache (a fresh store
        # given a copy of the first store's cache), i.e. start-up, Turtle and the store
        shutil.copytree(root / "s1-0" / "cache", root / "serial" / "cache")
        serial = build(many, "serial", 1)
        add_one = timed("add", str(last), "--store", str(root / "s1-0"))
        named = reports_with_observations(root / "s1-0")
        if len(named) != args.reports:
            sys.exit(f"observations name {len(named)} reports, not {args.reports}")
    jobs1, jobs2 = sum(runs[1]), sum(runs[2])
    cpu = {
        k: sum(c["cpu_s"] for c in CORES if c["step"] == k)
        for k in ("build --jobs 1", "build --jobs 2")
    }
    cpu1 = cpu["build --jobs 1"] - CORES[0]["cpu_s"] - CORES[1]["cpu_s"] - CORES[-2]["cpu_s"]
    cpu1 /= args.rounds  # CPU seconds of one build of 59 with --jobs 1, and with --jobs 2:
    cpu2 = cpu["build --jobs 2"] / args.rounds
    serial_cpu = CORES[-2]["cpu_s"]
    # on two free cores the parallel CPU time of --jobs 2 would split over both
    projected = (serial_cpu + (cpu2 - serial_cpu) / 2) / cpu1
    result = {
        "machine": machine(),
        "reports": args.reports,
        "rounds": args.rounds,
        "seconds": {
            f"build-{args.reports}-jobs1": build_all,
            f"build-{args.reports - 1}-jobs1": runs[1],
            f"build-{args.reports - 1}-jobs2": runs[2],
            "add-one": add_one,
        },
        "add_one_over_build_all": add_one / build_all,
        "reports_named_by_observations": len(named),
        "jobs2_over_jobs1": jobs2 / jobs1,
        "serial_part_s": serial,
        "cpu_s_build_jobs1": cpu1,
        "cpu_s_build_jobs2": cpu2,
        "cpu_s_serial_part": serial_cpu,
        "jobs2_over_jobs1_on_two_free_cores": projected,
        "steps": CORES,
        "load_average_before": load_before,
        "load_average": os.getloadavg(),
    }
    print(f"add-one / build-{args.reports}: {result['add_one_over_build_all']:.3f} (target ≤ 0.15)")
    print(f"observations name all {len(named)} reports of the store (their report column)")
    print(f"jobs2 / jobs1: {result['jobs2_over_jobs1']:.3f} (target ≤ 0.75)")
    print(
        f"CPU s per build of {args.reports - 1}: --jobs 1 {cpu1:.1f}, --jobs 2 {cpu2:.1f}, of "
        f"which serial (all cached) {serial_cpu:.1f}: on two free cores jobs2 / jobs1 would "
        f"be {projected:.3f}"
    )
    print("wrote", save("multi-report", result))


if __name__ == "__main__":
    main()

"""Many reports: build 59 (+1) synthetic reports with --jobs 1 and 2, then add one more.

    python bench/multi_report.py            # 60 reports, seed 0

Each step is the `kaiping-kg` command in a new process, with a fresh store and an empty
cache (so every report is extracted and validated), timed by wall clock:

- build-60: `kaiping-kg build DIR60 --jobs 1`, the denominator of the add ratio;
- build-59 with `--jobs 1` and with `--jobs 2` (the jobs ratio);
- add-one: `kaiping-kg add REPORT60` on the --jobs 1 store of 59 (the 59 are not rebuilt:
  the new generation is an Oxigraph backup of the current one plus the one graph).

Issue 18's targets: add-one / build-60 ≤ 0.15; jobs2 / jobs1 ≤ 0.75 on a 2-core machine.
Writes bench/results/multi-report.json.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ensure_path, machine, save

ensure_path()

from kg_build.synth import write_reports  # noqa: E402


def timed(*argv: str) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "kg_build.cli", *argv], capture_output=True, text=True
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(argv)} failed ({done.returncode}):\n{done.stderr}")
    print(f"{seconds:7.2f} s  kaiping-kg {' '.join(argv[:2])} … {done.stderr.strip()[-120:]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reports", type=int, default=60)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        paths = write_reports(args.reports, root / "all", args.seed)
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
        jobs1 = build(many, "s1", 1)
        jobs2 = build(many, "s2", 2)
        add_one = timed("add", str(last), "--store", str(root / "s1"))
    result = {
        "machine": machine(),
        "reports": args.reports,
        "seconds": {
            f"build-{args.reports}-jobs1": build_all,
            f"build-{args.reports - 1}-jobs1": jobs1,
            f"build-{args.reports - 1}-jobs2": jobs2,
            "add-one": add_one,
        },
        "add_one_over_build_all": add_one / build_all,
        "jobs2_over_jobs1": jobs2 / jobs1,
        "load_average": os.getloadavg(),
    }
    print(f"add-one / build-{args.reports}: {result['add_one_over_build_all']:.3f} (target ≤ 0.15)")
    print(f"jobs2 / jobs1: {result['jobs2_over_jobs1']:.3f} (target ≤ 0.75)")
    print("wrote", save("multi-report", result))


if __name__ == "__main__":
    main()

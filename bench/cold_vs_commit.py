"""A cold build now and at an earlier commit, against the import floor, in one run.

    python bench/cold_vs_commit.py --before c643a26 [--runs 5]

The earlier commit is unpacked (`git archive`) into a temporary folder and run from there
(`python -m kg_build.cli`, that folder first on PYTHONPATH), with the same interpreter and
packages. Each round runs, one after the other: the import floor (`import rdflib, pyoxigraph,
pyrudof, yaml`), a bare interpreter, `kaiping-kg --help`, a cold `kaiping-kg build` of the
bundled report at the earlier commit and now (each a fresh process and a fresh store folder;
both with a user cache of this run's own, compiled by one untimed build first). The medians
and their ratios are printed and written to bench/results/cold-vs-commit.json. Both trees
are compiled to bytecode first and every child runs without PYTHONDONTWRITEBYTECODE, as an
installed package does.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, bytecode_env, compile_package, machine, save

FLOOR = "import rdflib, pyoxigraph, pyrudof, yaml"


def timed(cmd: list[str], env: dict, cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env=env, cwd=cwd)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--before", required=True, help="the earlier commit")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        old = tmp / "before"
        old.mkdir()
        archive = subprocess.run(
            ["git", "archive", args.before], cwd=ROOT, check=True, capture_output=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
        env = bytecode_env({**os.environ, "KAIPING_KG_CACHE": str(tmp / "user-cache")})
        for tree in (old, ROOT):  # bytecode present in both trees, as an install has it
            compile_package(tree)
        trees = {"before": old, "now": ROOT}
        envs = {k: {**env, "PYTHONPATH": str(v)} for k, v in trees.items()}
        report = ROOT / "reports" / "kaiping-2025-gwr.txt"

        def build(which: str, name: str) -> float:
            cmd = [sys.executable, "-m", "kg_build.cli", "build", str(report),
                   "--store", str(tmp / name), "--out", str(tmp / f"{name}.ttl")]  # fmt: skip
            return timed(cmd, envs[which], tmp)

        for which in trees:
            build(which, f"warm-{which}")  # compiles the user cache (only `now` has one)
        rows: dict[str, list[float]] = {k: [] for k in ("floor", "bare", "help", *trees)}
        for i in range(args.runs):
            rows["floor"].append(timed([sys.executable, "-c", FLOOR], env, tmp))
            rows["bare"].append(timed([sys.executable, "-c", "pass"], env, tmp))
            rows["help"].append(
                timed([sys.executable, "-m", "kg_build.cli", "--help"], envs["now"], tmp)
            )
            for which in trees if i % 2 == 0 else reversed(list(trees)):
                rows[which].append(build(which, f"{which}-{i}"))
    med = {k: statistics.median(v) for k, v in rows.items()}
    result = {
        "machine": machine(),
        "before": args.before,
        "runs": args.runs,
        "seconds": rows,
        "medians": med,
        "build_over_floor": {k: med[k] / med["floor"] for k in trees},
        "help_over_bare": med["help"] / med["bare"],
        "load_average": os.getloadavg(),
    }
    save("cold-vs-commit", result)
    print(f"floor {med['floor']:.3f} s, bare {med['bare']:.3f} s, --help {med['help']:.3f} s "
          f"({result['help_over_bare']:.1f}× bare)")  # fmt: skip
    for k in trees:
        print(f"build {k}: {med[k]:.2f} s = {result['build_over_floor'][k]:.1f}× the floor")
    print(f"load average {result['load_average']}")


if __name__ == "__main__":
    main()

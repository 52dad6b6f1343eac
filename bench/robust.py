"""Issue 19's ratios, measured in one run on this machine.

    python bench/robust.py [--runs 3] [--big-kb 1024]

- `kaiping-kg --help` against a bare interpreter (`python -c pass`);
- a cold `kaiping-kg build` of the bundled report (a fresh process and store, with the
  reference data compiled into this run's own user cache by an untimed first build) against
  the import floor (a fresh interpreter importing rdflib, pyoxigraph, pyrudof and yaml);
- `kaiping-kg export` (N-Quads, Turtle) against Oxigraph's own dump of the same store, and
  whether two exports and two builds give the same bytes;
- the per-KB cost of read → extract → resolve → emit on a report of --big-kb KB (the
  bundled report repeated) against the bundled report's own.
Writes bench/results/robust.json and prints Markdown.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, ensure_path, machine, save

REPORT = ROOT / "reports" / "kaiping-2025-gwr.txt"
FLOOR = "import rdflib, pyoxigraph, pyrudof, yaml"


def wall(cmd: list[str], runs: int) -> float:
    """Median wall seconds of `cmd` over `runs` fresh processes."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run(cmd: list[str]) -> None:
    subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT)


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "kg_build.cli", *args]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def per_kb(text: str, name: str) -> float:
    """Seconds per KB of read → extract → resolve → emit, in this (warm) process."""
    from kg_build.context import Context
    from kg_build.pipeline import emit_graph, extract_claims
    from kg_build.rdf.namespaces import DEFAULT_BASE
    from kg_build.read import read_bytes
    from kg_build.resolve import resolve

    ctx = Context(DEFAULT_BASE)
    ctx.places, ctx.ontology, ctx.indicators  # noqa: B018  (loaded before timing)
    data = text.encode("utf-8")
    start = time.perf_counter()
    report = read_bytes(data, name)
    ex = resolve(report, extract_claims(report, ctx), ctx)
    emit_graph(report, ex, ctx.in_reference)
    return (time.perf_counter() - start) / (len(data) / 1024)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--big-kb", type=int, default=1024)
    args = ap.parse_args()
    ensure_path()
    out: dict = {"machine": machine(), "runs": args.runs}
    bare = wall([sys.executable, "-c", "pass"], args.runs)
    floor = wall([sys.executable, "-c", FLOOR], args.runs)
    helps = wall(cli("--help"), args.runs)
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        # a user cache of this run's own, compiled by one untimed build (kg_build/compiled.py):
        # the timed builds are a user's builds after the first
        os.environ["KAIPING_KG_CACHE"] = str(t / "user-cache")
        run(cli("build", str(REPORT), "--store", str(t / "warm"), "--out", str(t / "warm.ttl")))
        builds = []
        for i in range(args.runs):
            start = time.perf_counter()
            run(
                cli("build", str(REPORT), "--store", str(t / f"s{i}"), "--out", str(t / f"{i}.ttl"))
            )
            builds.append(time.perf_counter() - start)
        build = statistics.median(builds)
        same_build = len({sha(t / f"{i}.ttl") for i in range(args.runs)}) == 1
        exports = {}
        for fmt in ("nquads", "turtle"):
            files = [t / f"e{k}.{fmt}" for k in range(2)]
            start = time.perf_counter()
            for f in files:
                run(cli("export", "--store", str(t / "s0"), "--format", fmt, "--out", str(f)))
            ours = (time.perf_counter() - start) / 2
            across = t / f"e-other.{fmt}"
            run(cli("export", "--store", str(t / "s1"), "--format", fmt, "--out", str(across)))
            fmt_name = "N_QUADS" if fmt == "nquads" else "TRIG"
            dump = (
                "import sys, pyoxigraph as ox; s = ox.Store.read_only(sys.argv[1]); "
                f"s.dump(open(sys.argv[2], 'wb'), format=ox.RdfFormat.{fmt_name})"
            )
            raw = wall([sys.executable, "-c", dump, str((t / "s0" / "current").resolve()),
                        str(t / "raw")], 1)  # fmt: skip
            exports[fmt] = {
                "export_s": ours,
                "oxigraph_dump_s": raw,
                "ratio": ours / raw,
                "two_exports_same": sha(files[0]) == sha(files[1]),
                "two_builds_same": sha(files[0]) == sha(across),
            }
        text = REPORT.read_text(encoding="utf-8")
        small = per_kb(text, "bundled.txt")
        big_text = text * max(1, round(args.big_kb * 1024 / len(text.encode("utf-8"))))
        big = per_kb(big_text, "big.txt")
    out.update(
        bare_s=bare, import_floor_s=floor, help_s=helps, help_ratio=helps / bare,
        build_s=build, build_ratio=build / floor, builds_same_turtle=same_build,
        exports=exports, per_kb_bundled_s=small, per_kb_big_s=big,
        big_kb=len(big_text.encode("utf-8")) / 1024, per_kb_ratio=big / small,
    )  # fmt: skip
    save("robust", out)
    print("| measure | value | ratio | target |\n|---|---|---|---|")
    print(f"| `kaiping-kg --help` vs `python -c pass` | {helps:.3f} s vs {bare:.3f} s | "
          f"{helps / bare:.1f}× | ≤ 8× |")  # fmt: skip
    print(f"| cold `kaiping-kg build` vs import floor | {build:.2f} s vs {floor:.2f} s | "
          f"{build / floor:.1f}× | ≤ 5× |")  # fmt: skip
    for fmt, e in exports.items():
        print(f"| export {fmt} vs Oxigraph dump | {e['export_s']:.2f} s vs "
              f"{e['oxigraph_dump_s']:.2f} s | {e['ratio']:.1f}× | ≤ 3× |")  # fmt: skip
        print(f"| {fmt}: two exports / two builds identical | {e['two_exports_same']} / "
              f"{e['two_builds_same']} | | both True |")  # fmt: skip
    print(f"| per-KB cost, {out['big_kb']:.0f} KB report vs bundled | {big * 1000:.1f} ms vs "
          f"{small * 1000:.1f} ms | {big / small:.2f}× | ≤ 2× |")  # fmt: skip


if __name__ == "__main__":
    main()

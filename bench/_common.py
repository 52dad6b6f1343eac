"""Shared helpers of the benchmark scripts (not collected by pytest: bench/ is not tests/)."""

from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
PACKAGES = ("rdflib", "pyoxigraph", "pyshacl", "oxrdflib", "SPARQLWrapper", "PyYAML")


def machine() -> dict:
    """What the numbers were measured on."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "unknown"
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory": mem,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": versions,
        "commit": commit,
    }


def bytecode_env(env: dict) -> dict:
    """`env` for a measured child as a user's install runs: bytecode written and read.

    PYTHONDONTWRITEBYTECODE (set in some shells) would make every kg_build module compile
    from source on every run (about 0.1 s); it is dropped, and kg_build is compiled once
    before the first measurement (`compile_package`)."""
    return {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}


def compile_package(root: Path = ROOT) -> None:
    """Write kg_build's bytecode (as pip does at install) before anything is timed."""
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(root / "kg_build")],
        check=True,
        env=bytecode_env(dict(os.environ)),
        stdout=subprocess.DEVNULL,
    )


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Stages:
    """Wall time and peak memory after each named stage."""

    def __init__(self) -> None:
        self.rows: list[dict] = []

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        yield
        self.rows.append(
            {"stage": name, "seconds": time.perf_counter() - start, "peak_rss_mib": peak_rss_mib()}
        )

    def seconds(self, name: str) -> float:
        return sum(r["seconds"] for r in self.rows if r["stage"] == name)


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def save(name: str, data: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def ensure_path() -> None:
    """Import kg_build from this checkout even when it is not installed."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))

"""Bounded load test of `kaiping-kg serve` on loopback: N concurrent clients run the stored
queries (with their example parameters) for a fixed time and count errors and latencies.

    python bench/endpoint_load.py [--store DIR | --trig FILE] [--clients 50] [--seconds 30]

Starts its own server on a free 127.0.0.1 port, sends traffic only there, stops by itself.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kg_build.queries import load_queries  # noqa: E402
from tests.serving import QUERIES_TRIG, live_server, store_from_trig  # noqa: E402


def urls(root: str) -> list[str]:
    out = []
    for name, q in sorted(load_queries().items()):
        params = {p.name: p.example for p in q.params if p.example}
        if any(p.required for p in q.params) and not params:
            continue
        out.append(f"{root}queries/{name}?{urllib.parse.urlencode(params)}")
    return out


def client(targets: list[str], stop: float, latencies: list[float], errors: list[str]) -> None:
    i = 0
    while time.monotonic() < stop:
        url = targets[i % len(targets)]
        i += 1
        started = time.monotonic()
        try:
            with urllib.request.urlopen(url, timeout=30) as resp:
                resp.read()
                if resp.status != 200:
                    errors.append(f"{resp.status} {url}")
        except urllib.error.HTTPError as exc:
            errors.append(f"{exc.code} {exc.read()[:200]!r} {url}")
            continue
        except (urllib.error.URLError, OSError) as exc:
            errors.append(f"{exc} {url}")
            continue
        latencies.append(time.monotonic() - started)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, default=None)
    parser.add_argument("--trig", type=Path, default=QUERIES_TRIG)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if not 1 <= args.clients <= 200 or not 1 <= args.seconds <= 120:
        parser.error("keep it bounded: 1-200 clients, 1-120 seconds")
    with tempfile.TemporaryDirectory() as tmp:
        store = args.store or store_from_trig(args.trig, Path(tmp) / "store")
        with live_server(store, workers=args.workers) as server:
            targets = urls(server.url)
            latencies: list[float] = []
            errors: list[str] = []
            stop = time.monotonic() + args.seconds
            threads = [
                threading.Thread(target=client, args=(targets, stop, latencies, errors))
                for _ in range(args.clients)
            ]
            started = time.monotonic()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            elapsed = time.monotonic() - started
    lat = sorted(latencies)
    pct = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))] * 1000 if lat else 0.0  # noqa: E731
    print(
        f"clients {args.clients}, {elapsed:.1f} s, {len(targets)} stored queries, "
        f"{args.workers} query workers"
    )
    print(
        f"requests {len(lat) + len(errors)}, errors {len(errors)}, "
        f"throughput {len(lat) / elapsed:.1f} req/s"
    )
    if lat:
        print(
            f"latency ms: median {statistics.median(lat) * 1000:.1f}, p95 {pct(0.95):.1f}, "
            f"p99 {pct(0.99):.1f}, max {lat[-1] * 1000:.1f}"
        )
    for e in errors[:5]:
        print("error:", e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())

"""`kaiping-kg serve` beside `oxigraph serve-read-only` on the same triples, the same stored
queries and the same bounded client: N client threads, a fixed time per round, rounds
alternating between the two servers (the machine is shared, so alternation spreads its load).

    python bench/vs_oxigraph.py [--store DIR] [--clients 20] [--seconds 10] [--rounds 3]
                                [--cache-bytes N]

Without --store it builds the bundled report into a temporary store. Every quad of the store
is exported to N-Quads, the default graph included (a build fills it with the merge of the
named graphs, each triple once: kg_build/store.py), and loaded with `oxigraph load`, so both
servers query the same default graph (`--union-default-graph` would repeat a triple once per
graph holding it, and is not what `kaiping-kg serve` answers from). Both servers run as their
own processes on free 127.0.0.1 ports and receive the same SPARQL text (each stored query with
its example parameters bound, as `kaiping-kg query` binds them) by GET with
`Accept: application/sparql-results+json`. Before timing, every query is sent once to each
server and the row counts are compared. Stops both servers by itself.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pyoxigraph as ox  # noqa: E402

from kg_build.queries import bind_values_clause, load_queries  # noqa: E402
from kg_build.store import current_path  # noqa: E402
from tests.serving import free_port  # noqa: E402

ACCEPT = "application/sparql-results+json"


def stored_texts() -> list[tuple[str, str]]:
    """(name, SPARQL) of every stored query, its example parameters bound."""
    out = []
    for name, q in sorted(load_queries().items()):
        params = {p.name: p.example for p in q.params if p.example}
        if any(p.required for p in q.params) and not params:
            continue
        out.append((name, bind_values_clause(q, params)))
    return out


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited with {process.returncode}: {url}")
        try:
            with urllib.request.urlopen(url, timeout=5) as resp:
                resp.read()
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    raise SystemExit(f"no answer from {url} within {seconds:g} s")


def request(endpoint: str, text: str) -> urllib.request.Request:
    url = endpoint + "?" + urllib.parse.urlencode({"query": text})
    return urllib.request.Request(url, headers={"Accept": ACCEPT})


def rows(req: urllib.request.Request) -> int:
    with urllib.request.urlopen(req, timeout=60) as resp:
        return len(json.loads(resp.read())["results"]["bindings"])


def client(targets: list, stop: float, latencies: list[float], errors: list[str]) -> None:
    i = 0
    while time.monotonic() < stop:
        req = targets[i % len(targets)]
        i += 1
        started = time.monotonic()
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                resp.read()
        except urllib.error.HTTPError as exc:
            errors.append(f"{exc.code} {exc.read()[:200]!r}")
            continue
        except (urllib.error.URLError, OSError) as exc:
            errors.append(str(exc))
            continue
        latencies.append(time.monotonic() - started)


def load_round(targets: list, clients: int, seconds: float) -> dict:
    latencies: list[float] = []
    errors: list[str] = []
    stop = time.monotonic() + seconds
    threads = [
        threading.Thread(target=client, args=(targets, stop, latencies, errors))
        for _ in range(clients)
    ]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    lat = sorted(latencies)
    return {
        "ok": len(lat),
        "errors": errors,
        "rps": len(lat) / elapsed,
        "median_ms": statistics.median(lat) * 1000 if lat else 0.0,
        "p95_ms": lat[min(len(lat) - 1, int(0.95 * len(lat)))] * 1000 if lat else 0.0,
    }


def all_quads(store: Path) -> bytes:
    """Every quad of the store's current generation, default graph included, as N-Quads."""
    db = ox.Store.read_only(str(current_path(store)))
    return ox.serialize(db.quads_for_pattern(None, None, None), format=ox.RdfFormat.N_QUADS)


def build_bundled(tmp: Path) -> Path:
    store = tmp / "store"
    subprocess.run(
        [sys.executable, "-m", "kg_build.cli", "build", "--store", str(store), "--out",
         str(tmp / "out.ttl")],
        check=True, cwd=tmp, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    return store


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, default=None, help="a built store (default: build)")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=10.0, help="per round and server")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2, help="kaiping-kg serve --workers")
    parser.add_argument(
        "--cache-bytes", type=int, default=None, help="kaiping-kg serve --cache-bytes (0: off)"
    )
    parser.add_argument("--oxigraph", default=shutil.which("oxigraph") or "oxigraph")
    args = parser.parse_args()
    if not 1 <= args.clients <= 200 or not 1 <= args.seconds <= 120 or not 1 <= args.rounds <= 10:
        parser.error("keep it bounded: 1-200 clients, 1-120 seconds, 1-10 rounds")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        store = args.store or build_bundled(tmp)
        nquads = tmp / "store.nq"
        nquads.write_bytes(all_quads(store))
        oxi_dir = tmp / "oxigraph"
        subprocess.run(
            [args.oxigraph, "load", "--location", str(oxi_dir), "--file", str(nquads)],
            check=True, capture_output=True,
        )  # fmt: skip
        ours_port, oxi_port = free_port(), free_port()
        ours = subprocess.Popen(
            [sys.executable, "-m", "kg_build.cli", "serve", "--store", str(store), "--port",
             str(ours_port), "--workers", str(args.workers)]
            + ([] if args.cache_bytes is None else ["--cache-bytes", str(args.cache_bytes)]),
            env={**os.environ, "PYTHONPATH": str(ROOT)}, stdin=subprocess.DEVNULL,
        )  # fmt: skip
        oxi = subprocess.Popen(
            [args.oxigraph, "serve-read-only", "--location", str(oxi_dir), "--bind",
             f"127.0.0.1:{oxi_port}"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            ends = {
                "kaiping-kg serve": f"http://127.0.0.1:{ours_port}/sparql",
                "oxigraph serve-read-only": f"http://127.0.0.1:{oxi_port}/query",
            }
            for url in ends.values():
                wait_until_up(url + "?query=ASK%7B%7D", ours if "sparql" in url else oxi)
            texts = stored_texts()
            targets = {k: [request(url, t) for _, t in texts] for k, url in ends.items()}
            counts = {k: [rows(r) for r in reqs] for k, reqs in targets.items()}
            ours_rows, oxi_rows = counts.values()
            differ = [n for (n, _), a, b in zip(texts, ours_rows, oxi_rows, strict=True) if a != b]
            print(f"{len(texts)} stored queries, {sum(oxi_rows)} rows in all; row counts differ: "
                  f"{', '.join(differ) or 'none'}")  # fmt: skip
            results: dict[str, list[dict]] = {k: [] for k in ends}
            for r in range(args.rounds):
                for name in ends:
                    got = load_round(targets[name], args.clients, args.seconds)
                    results[name].append(got)
                    print(
                        f"round {r + 1} {name}: {got['rps']:.1f} req/s, {got['ok']} answered, "
                        f"{len(got['errors'])} errors, median {got['median_ms']:.1f} ms, "
                        f"p95 {got['p95_ms']:.1f} ms"
                    )
        finally:
            stop(ours)
            stop(oxi)
    total = {k: sum(g["rps"] for g in v) / len(v) for k, v in results.items()}
    errors = {k: sum(len(g["errors"]) for g in v) for k, v in results.items()}
    a, b = total["kaiping-kg serve"], total["oxigraph serve-read-only"]
    print(
        f"mean throughput: kaiping-kg serve {a:.1f} req/s ({errors['kaiping-kg serve']} errors), "
        f"oxigraph serve-read-only {b:.1f} req/s ({errors['oxigraph serve-read-only']} errors); "
        f"ratio {a / b:.2f}"
    )
    for v in results.values():
        for g in v:
            for e in g["errors"][:3]:
                print("error:", e)
    return 1 if any(errors.values()) or differ else 0


if __name__ == "__main__":
    sys.exit(main())

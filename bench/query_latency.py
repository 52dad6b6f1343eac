"""Every stored query: p50 and p95 on the embedded Oxigraph store and on rdflib, side by side.

    python bench/query_latency.py                 # the bundled report
    python bench/query_latency.py --synthetic 100 # N synthetic reports (kg_build/synth.py, seed 0)

The graphs are built once (as `kaiping-kg build` does, validation skipped); the same named
graphs go into an in-memory pyoxigraph Store and into an rdflib Dataset whose default graph is
the union (as the stored queries expect). Each query text is the one `kaiping-kg query` sends
(queries.bind_values_clause, required parameters set to their documented example). Results
are fully materialised. Writes bench/results/queries[-synthetic-N].json.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing as mp
import queue
import tempfile
import time
from pathlib import Path

from _common import ensure_path, machine, percentile, save

ensure_path()

import pyoxigraph as ox  # noqa: E402
from rdflib import Dataset, URIRef  # noqa: E402

from kg_build.build import build_graphs  # noqa: E402
from kg_build.context import Context, graph_iris  # noqa: E402
from kg_build.paths import bundled_reports  # noqa: E402
from kg_build.queries import bind_values_clause, load_queries  # noqa: E402
from kg_build.rdf.namespaces import DEFAULT_BASE  # noqa: E402
from kg_build.rdf.serialize import serialize_graph  # noqa: E402
from kg_build.synth import write_reports  # noqa: E402


def load_both(graphs: dict, ctx: Context) -> tuple[ox.Store, Dataset]:
    """The graphs and the reference data in Oxigraph (named graphs plus their merge as the
    default graph, as kg_build/store.py stores them) and in an rdflib Dataset."""
    _, reference_iri = graph_iris(ctx.base)
    data = {name: serialize_graph(g, "ntriples") for name, g in graphs.items()}
    data[reference_iri] = ctx.reference_ntriples()
    store = ox.Store()
    ds = Dataset(default_union=True)
    for name in sorted(data):
        for target in (ox.NamedNode(name), ox.DefaultGraph()):
            store.bulk_load(data[name], format=ox.RdfFormat.N_TRIPLES, to_graph=target)
        ds.graph(URIRef(name)).parse(data=data[name], format="nt")
    return store, ds


def timings(run, budget_s: float, max_runs: int, min_runs: int = 5) -> list[float]:
    """Timed runs after one warm-up: at least min_runs (3 if one run eats the budget)."""
    start = time.perf_counter()
    run()  # warm-up (parsing caches, lazy indexes)
    if time.perf_counter() - start > budget_s / 3:
        min_runs = 3
    times: list[float] = []
    spent = 0.0
    while len(times) < max_runs and (len(times) < min_runs or spent < budget_s):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
        spent += times[-1]
    return times


def _worker(run, budget_s: float, max_runs: int, out) -> None:
    rows: list[int] = []

    def counted() -> None:
        rows.append(run())

    times = timings(counted, budget_s, max_runs)
    out.put((rows[-1], times))


def in_worker(run, budget_s: float, max_runs: int, timeout: float) -> tuple[int | None, list]:
    """timings() in a forked process (it shares the loaded graphs), killed after `timeout` s:
    (rows, times), or (None, []) when it timed out."""
    ctx = mp.get_context("fork")
    out = ctx.Queue()
    proc = ctx.Process(target=_worker, args=(run, budget_s, max_runs, out))
    proc.start()
    try:
        return out.get(timeout=timeout)
    except queue.Empty:
        return None, []
    finally:
        if proc.is_alive():
            proc.terminate()
        proc.join()


def p_ms(times: list[float], q: float) -> float:
    """Percentile in ms, infinity when the query timed out."""
    return percentile(times, q) * 1000 if times else math.inf


def variants(queries: dict) -> list[tuple[str, dict[str, str]]]:
    """Each query with its required parameters; and, when it has optional parameters, once
    more with the first one set to its documented example (the typical lookup)."""
    out = []
    for name, query in sorted(queries.items()):
        required = {p.name: p.example for p in query.params if p.required and p.example}
        out.append((name, required))
        optional = [p for p in query.params if not p.required and p.example]
        if optional:
            first = optional[0]
            out.append(
                (f"{name} ({first.name}={first.example})", {**required, first.name: first.example})
            )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, default=0, metavar="N")
    parser.add_argument("--runs", type=int, default=50, help="at most this many timed runs")
    parser.add_argument("--budget", type=float, default=5.0, help="seconds per query and engine")
    parser.add_argument(
        "--timeout", type=float, default=120.0, help="give up a query on one engine after this"
    )
    args = parser.parse_args()
    ctx = Context(DEFAULT_BASE)
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_reports(args.synthetic, Path(tmp)) if args.synthetic else bundled_reports()
        _, graphs = build_graphs(paths, ctx)
    store, ds = load_both(graphs, ctx)
    triples = sum(len(g) for g in graphs.values())
    rows = []
    queries = load_queries()
    for name, params in variants(queries):
        text = bind_values_clause(queries[name.split(" ")[0]], params)

        def run_ox(text: str = text) -> int:
            return len(list(store.query(text)))

        def run_rdflib(text: str = text) -> int:
            return len(list(ds.query(text)))

        n_ox, ox_times = in_worker(run_ox, args.budget, args.runs, args.timeout)
        n_rdf, rdf_times = in_worker(run_rdflib, args.budget, args.runs, args.timeout)
        row = {
            "query": name,
            "rows_oxigraph": n_ox,
            "rows_rdflib": n_rdf,
            "oxigraph_p50_ms": p_ms(ox_times, 50),
            "oxigraph_p95_ms": p_ms(ox_times, 95),
            "rdflib_p50_ms": p_ms(rdf_times, 50),
            "rdflib_p95_ms": p_ms(rdf_times, 95),
            "runs_oxigraph": len(ox_times),
            "runs_rdflib": len(rdf_times),
        }
        row["ratio_p50"] = row["rdflib_p50_ms"] / max(row["oxigraph_p50_ms"], 1e-9)
        rows.append(row)
        print(
            f"{name}: oxigraph {row['oxigraph_p50_ms']:.2f} ms, rdflib "
            f"{row['rdflib_p50_ms']:.1f} ms, ×{row['ratio_p50']:.0f}",
            flush=True,
        )
    label = f"synthetic-{args.synthetic}" if args.synthetic else "bundled"
    result = {"machine": machine(), "graph": label, "triples": triples, "queries": rows}
    path = save("queries" + (f"-synthetic-{args.synthetic}" if args.synthetic else ""), result)
    print(f"\n{label}: {triples} triples in {len(graphs)} graphs\n")
    print("| query | rows | Oxigraph p50 ms | p95 ms | rdflib p50 ms | p95 ms | rdflib/Oxigraph |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        rows_cell = str(r["rows_oxigraph"]) + (
            "" if r["rows_oxigraph"] == r["rows_rdflib"] else f" (rdflib {r['rows_rdflib']})"
        )
        print(
            f"| {r['query']} | {rows_cell} | {r['oxigraph_p50_ms']:.2f} | "
            f"{r['oxigraph_p95_ms']:.2f} | {r['rdflib_p50_ms']:.1f} | {r['rdflib_p95_ms']:.1f} "
            f"| {r['ratio_p50']:.0f}× |"
        )
    print(f"\nwritten: {path}")


if __name__ == "__main__":
    main()

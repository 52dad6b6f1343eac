"""Why some stored queries grow faster than the data, and what would fix it.

    python bench/union_dedup.py [--synthetic 100] [--timeout 60]

Oxigraph's union default graph (use_default_graph_as_union) is a multiset: a triple held by
k named graphs matches k times, so a pattern of j triples about an entity shared by k report
graphs (a minted park, industry or project described again in every report that names it)
yields k^j rows before DISTINCT. rdflib's union is a set. This script loads the same graphs
twice: as named graphs queried through the union (what `kaiping-kg query` does), and with one
deduplicated copy of every triple in the default graph queried without the union flag. It
prints every stored query's p50 both ways. Writes bench/results/union-dedup-N.json.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from _common import ensure_path, machine, save
from query_latency import in_worker, p_ms

ensure_path()

import pyoxigraph as ox  # noqa: E402

from kg_build.build import build_graphs  # noqa: E402
from kg_build.context import Context  # noqa: E402
from kg_build.queries import bind_values_clause, load_queries  # noqa: E402
from kg_build.rdf.namespaces import DEFAULT_BASE  # noqa: E402
from kg_build.rdf.serialize import serialize_graph  # noqa: E402
from kg_build.synth import write_reports  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, default=100, metavar="N")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--budget", type=float, default=3.0)
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        _, graphs = build_graphs(write_reports(args.synthetic, Path(tmp)), Context(DEFAULT_BASE))
    store = ox.Store()
    for name in sorted(graphs):
        data = serialize_graph(graphs[name], "ntriples")
        store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(name))
        store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
    rows = []
    for name, query in sorted(load_queries().items()):
        params = {p.name: p.example for p in query.params if p.required and p.example}
        text = bind_values_clause(query, params)

        def union(text: str = text) -> int:
            return len(list(store.query(text, use_default_graph_as_union=True)))

        def default(text: str = text) -> int:
            return len(list(store.query(text)))

        n_union, t_union = in_worker(union, args.budget, args.runs, args.timeout)
        n_default, t_default = in_worker(default, args.budget, args.runs, args.timeout)
        row = {
            "query": name,
            "rows_union": n_union,
            "rows_default": n_default,
            "union_p50_ms": p_ms(t_union, 50),
            "dedup_default_p50_ms": p_ms(t_default, 50),
        }
        rows.append(row)
        print(
            f"| {name} | {n_union} / {n_default} | {row['union_p50_ms']:.1f} | "
            f"{row['dedup_default_p50_ms']:.1f} |",
            flush=True,
        )
    save(f"union-dedup-{args.synthetic}", {"machine": machine(), "queries": rows})


if __name__ == "__main__":
    main()

"""How validation time grows with the data: the project's shapes on N synthetic reports, and
one-line shapes on a plain graph (to tell the engine's growth from the shapes').

    python bench/validation_growth.py                    # N = 10, 30, 100, 300
    python bench/validation_growth.py --sizes 10 100 --plain 5000 50000

Part 1 builds N synthetic reports (kg_build/synth.py, seed 0) and validates them with
pyrudof two ways: as one graph (reports + ontology + reference slice), timing its phases
(best of --runs: N-Triples serialisation, rudof reading the data, rudof's validation
proper); and in batches as `kaiping-kg build` does (kg_build/batches.py), timed whole.
Part 2 validates a graph of n nodes (`ex:n{i} a ex:C ; ex:p "v"@zh ; ex:q ex:n{i+1}`)
against one shape at a time, with pyrudof and pyshacl. Writes
bench/results/validation-growth.json.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from _common import ensure_path, machine, save

ensure_path()

import pyrudof  # noqa: E402
from pyshacl import validate  # noqa: E402
from rdflib import Graph  # noqa: E402

from kg_build.batches import validate_in_batches  # noqa: E402
from kg_build.build import build_graphs  # noqa: E402
from kg_build.context import Context, data_graph  # noqa: E402
from kg_build.rdf.namespaces import DEFAULT_BASE  # noqa: E402
from kg_build.synth import write_reports  # noqa: E402
from kg_build.validate import load_shapes  # noqa: E402

PREFIXES = (
    "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://ex/> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
)
PLAIN_SHAPES = {
    "targets only": "ex:S a sh:NodeShape ; sh:targetClass ex:C .",
    "sh:minCount": "ex:S a sh:NodeShape ; sh:targetClass ex:C ; "
    "sh:property [ sh:path ex:p ; sh:minCount 1 ] .",
    "sh:class": "ex:S a sh:NodeShape ; sh:targetClass ex:C ; "
    "sh:property [ sh:path ex:q ; sh:class ex:C ] .",
}


def rudof_phases(ntriples: str, shapes_ttl: str) -> dict[str, float]:
    r = pyrudof.Rudof(pyrudof.RudofConfig())
    t0 = time.perf_counter()
    r.read_data(ntriples, format=pyrudof.RDFFormat.NTriples)
    t1 = time.perf_counter()
    r.read_shacl(shapes_ttl)
    t2 = time.perf_counter()
    r.validate_shacl(mode=pyrudof.ShaclValidationMode.Native)
    t3 = time.perf_counter()
    return {"read_data": t1 - t0, "read_shapes": t2 - t1, "validate": t3 - t2}


def project_shapes(sizes: list[int], runs: int) -> list[dict]:
    ctx = Context(DEFAULT_BASE)
    shapes_ttl = load_shapes().serialize(format="turtle")
    rows = []
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            _, graphs = build_graphs(write_reports(n, Path(tmp)), ctx)
        data = data_graph(graphs, ctx)
        best: dict[str, float] = {}
        for _ in range(runs):
            start = time.perf_counter()
            nt = data.serialize(format="nt")
            phases = {"serialize": time.perf_counter() - start, **rudof_phases(nt, shapes_ttl)}
            best = {k: min(best.get(k, v), v) for k, v in phases.items()}
        total = sum(best.values())
        batched = []
        for _ in range(runs):
            start = time.perf_counter()
            validate_in_batches(graphs, ctx, "pyrudof")
            batched.append(time.perf_counter() - start)
        row = {
            "n": n,
            "triples": len(data),
            "seconds": best,
            "total_s": total,
            "batched_s": min(batched),
        }
        rows.append(row)
        print(
            f"N={n}: {len(data)} triples, one graph: "
            + ", ".join(f"{k} {v:.2f} s" for k, v in best.items())
            + f", {total / n * 1000:.0f} ms/report (validate {best['validate'] / n * 1000:.1f});"
            f" batched: {min(batched):.2f} s, {min(batched) / n * 1000:.0f} ms/report",
            flush=True,
        )
    return rows


def plain_graph(n: int) -> str:
    rdf_type = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    return "".join(
        f'<http://ex/n{i}> {rdf_type} <http://ex/C> .\n<http://ex/n{i}> <http://ex/p> "v{i}"@zh .\n'
        f"<http://ex/n{i}> <http://ex/q> <http://ex/n{(i + 1) % n}> .\n"
        for i in range(n)
    )


def plain_shapes(sizes: list[int], runs: int) -> list[dict]:
    rows = []
    for name, shape in PLAIN_SHAPES.items():
        for n in sizes:
            nt = plain_graph(n)
            rudof = min(rudof_phases(nt, PREFIXES + shape)["validate"] for _ in range(runs))
            data = Graph().parse(data=nt, format="nt")
            shapes = Graph().parse(data=PREFIXES + shape, format="turtle")
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                validate(data, shacl_graph=shapes, inplace=True)
                times.append(time.perf_counter() - start)
            rows.append({"shape": name, "nodes": n, "pyrudof_s": rudof, "pyshacl_s": min(times)})
            print(
                f"{name}, {n} nodes: pyrudof {rudof:.3f} s ({rudof / n * 1e6:.1f} µs/node), "
                f"pyshacl {min(times):.3f} s ({min(times) / n * 1e6:.1f} µs/node)",
                flush=True,
            )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 30, 100, 300])
    parser.add_argument("--plain", type=int, nargs="+", default=[5000, 15000, 50000])
    parser.add_argument("--runs", type=int, default=2, help="best of this many runs")
    args = parser.parse_args()
    result = {
        "machine": machine(),
        "project": project_shapes(args.sizes, args.runs),
        "plain": plain_shapes(args.plain, args.runs),
    }
    print(f"wrote {save('validation-growth', result)}")


if __name__ == "__main__":
    main()

"""`kaiping-kg queries`, `query` and `sparql` end to end on a small store."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg_build.answers import Result, Term
from kg_build.cli import main
from kg_build.queries import load_queries
from kg_build.store import replace_store

XSD = "http://www.w3.org/2001/XMLSchema#"

ROOT = Path(__file__).resolve().parents[1]
MINI = Path(__file__).parent / "fixtures" / "queries" / "mini.trig"


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real store folder holding the hand-written fixture graph."""
    mem = ox.Store()
    mem.load(path=str(MINI), format=ox.RdfFormat.TRIG)
    graphs = [
        (g.value, mem.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=g))
        for g in sorted(mem.named_graphs(), key=lambda g: g.value)
    ]
    root = tmp_path_factory.mktemp("cli") / "store"
    replace_store(root, graphs)
    return root


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_queries_lists_every_query_with_both_titles(capsys):
    code, out, _ = run(capsys, "queries")
    assert code == 0
    for q in load_queries().values():
        line = next(x for x in out.splitlines() if x.startswith(q.name + " "))
        assert q.title_zh in line and q.title_en in line
    assert "产业集群的支撑项目与园区" in out and "cluster=生物医药" in out
    assert "目标与实绩对照" in out and "town=赤坎镇" in out


def test_queries_describes_one(capsys):
    code, out, _ = run(capsys, "queries", "projects-by-cluster")
    assert code == 0
    assert "cluster (string, e.g. 生物医药)" in out
    assert "run: kaiping-kg query projects-by-cluster --param cluster=生物医药" in out
    code, _, err = run(capsys, "queries", "project-by-cluster")
    assert code == 2 and "did you mean projects-by-cluster" in err and err.count("\n") == 1


def test_query_formats(capsys, store_dir, tmp_path):
    s = str(store_dir)
    code, out, err = run(capsys, "query", "observations", "--store", s)
    assert code == 0 and out.splitlines()[0].split()[:3] == ["indicator", "subject", "measure"]
    assert err.strip() == "(10 rows)"
    code, out, _ = run(
        capsys, "query", "observations", "--format", "csv", "--store", s, "--param", "status=target"
    )
    table = list(csv.reader(io.StringIO(out)))
    assert table[0][0] == "indicator" and len(table) == 3
    assert table[1][:5] == ["地区生产总值", "开平市", "growth", "5.5", "%"]
    code, out, _ = run(
        capsys, "query", "entities", "--format", "sparql-json", "--store", s, "--param", "type=Town"
    )
    data = json.loads(out)
    assert data["head"]["vars"] == ["entity", "label", "type", "report", "region", "year"]
    assert data["results"]["bindings"][0]["label"]["value"] == "赤坎镇"
    code, out, _ = run(
        capsys, "query", "entities", "--format", "json", "--store", s, "--param", "type=Town"
    )
    assert [r["label"] for r in json.loads(out)][0] == "赤坎镇"
    assert list(json.loads(out)[0]) == ["entity", "label", "type", "report", "region", "year"]
    code, out, _ = run(capsys, "query", "observations", "--format", "jsonl", "--store", s)
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 10 and all(isinstance(r, dict) for r in rows)
    assert {r["indicator"] for r in rows} >= {"地区生产总值"}
    assert any(r["value"] == 5.5 for r in rows)  # a number, not a string
    code, out, _ = run(capsys, "query", "observations", "--format", "tsv", "--store", s)
    assert out.startswith("?indicator\t?subject\t")
    assert '\t"地区生产总值"\t' in "\t" + out.splitlines()[1]
    code, out, _ = run(
        capsys, "query", "search", "--format", "tsv", "--store", s, "--param", "text=赤坎镇"
    )
    lines = out.splitlines()
    assert [line.split("\t")[1] for line in lines] == [
        "?line",
        *[f'"{n}"^^<{XSD}integer>' for n in (35, 37)],
    ]
    target = tmp_path / "sub" / "pbc.csv"
    code, out, err = run(
        capsys,
        "query",
        "projects-by-cluster",
        "--param",
        "cluster=生物医药",
        "--format",
        "csv",
        "--out",
        str(target),
        "--store",
        s,
    )
    assert code == 0 and out == "" and "1 row" in err
    assert "生物医药产业专业园" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["query", "observation"], "did you mean observations"),
        (["query", "observations", "--param", "status"], "not KEY=VALUE"),
        (["query", "observations", "--param", "colour=red"], "no parameter 'colour'"),
        (["query", "indicators-by-year", "--param", "year=last"], "not an integer"),
        (["query", "provenance", "--param", "thing=L6.1"], "not an absolute IRI"),
        (["query", "town-profile"], "needs --param town="),
        (["sparql"], "either as QUERY or with --file"),
        (["sparql", "SELECT * WHERE {"], "does not parse"),
        (["sparql", "DROP ALL"], "not updates"),
    ],
)
def test_query_errors_are_one_line(capsys, store_dir, argv, message):
    code, out, err = run(capsys, *argv, "--store", str(store_dir))
    assert code == 2 and out == ""
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_missing_store_is_an_error(capsys, tmp_path):
    code, _, err = run(capsys, "query", "entities", "--store", str(tmp_path / "none"))
    assert code == 2 and "kaiping-kg build" in err


def test_injection_through_the_cli_is_only_data(capsys, store_dir):
    code, out, _ = run(
        capsys,
        "query",
        "search",
        "--format",
        "csv",
        "--store",
        str(store_dir),
        "--param",
        'text=") } UNION { ?statement ?p ?text } #',
    )
    assert code == 0 and out.splitlines() == ["report,line,section,statement,text,region,year"]


def test_sparql_select_ask_construct_and_file(capsys, store_dir, tmp_path):
    s = str(store_dir)
    q = "SELECT ?l WHERE { ?x <http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?l"
    code, out, _ = run(capsys, "sparql", q, "--format", "csv", "--store", s)
    assert code == 0 and out.splitlines()[1] == "中山翠亨新区"
    code, out, _ = run(
        capsys, "sparql", "ASK { ?s ?p ?o }", "--format", "sparql-json", "--store", s
    )
    assert json.loads(out) == {"head": {}, "boolean": True}
    rq = tmp_path / "c.rq"
    rq.write_text(
        "CONSTRUCT { ?s a ?t } WHERE { ?s a ?t . FILTER(?t = "
        "<https://w3id.org/kaiping-kg/ontology#Park>) }",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "sparql", "--file", str(rq), "--format", "tsv", "--store", s)
    assert out.splitlines() == [
        "?subject\t?predicate\t?object",
        "<https://w3id.org/kaiping-kg/park/guangdong/jiangmen/kaiping/生物医药产业专业园>\t"
        "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>\t"
        "<https://w3id.org/kaiping-kg/ontology#Park>",
    ]


def test_endpoint_option_sends_the_bound_text(capsys, monkeypatch):
    import kg_build.external as external

    sent: list[tuple[str, str]] = []

    def fake(url: str, text: str) -> Result:
        sent.append((url, text))
        return Result("select", ("x",), ((Term("literal", "好"),),))

    monkeypatch.setattr(external, "query_endpoint", fake)
    code, out, _ = run(
        capsys,
        "query",
        "search",
        "--param",
        "text=氢能",
        "--endpoint",
        "http://localhost:1/sparql",
        "--format",
        "csv",
    )
    assert code == 0 and out.splitlines() == ["x", "好"]
    assert sent[0][0] == "http://localhost:1/sparql"
    assert 'VALUES (?p_text) { ("氢能") }' in sent[0][1]
    code, out, _ = run(capsys, "sparql", "ASK {}", "--endpoint", "http://localhost:1/sparql")
    assert code == 0 and sent[1][1] == "ASK {}"


def test_docs_queries_md_is_up_to_date():
    spec = importlib.util.spec_from_file_location(
        "gen_query_docs", ROOT / "scripts" / "gen_query_docs.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    expected = module.render(load_queries(ROOT / "queries"))
    assert (ROOT / "docs" / "queries.md").read_text(encoding="utf-8") == expected, (
        "docs/queries.md is out of date; run python scripts/gen_query_docs.py"
    )

"""The command line as a user meets it: help, errors with exit codes, determinism, export."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import XSD, Dataset, Graph, Literal
from rdflib.compare import isomorphic

from kg_build.cli import COMMANDS, make_parser
from kg_build.rdf.jsonld import compact_iri
from kg_build.rdf.observations import canonical_decimal
from tests.conftest import BUNDLED

ROOT = Path(__file__).resolve().parents[1]


def kg(*args: str, cwd: Path | None = None, seed: str = "0") -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    env.pop("KAIPING_KG_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "kg_build.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        env={**env, "PYTHONPATH": str(ROOT)},
        timeout=300,
    )


def assert_clean_error(result: subprocess.CompletedProcess, code: int, words: str) -> None:
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert words in lines[0]


def test_every_subcommand_has_help() -> None:
    parser = make_parser()
    registered = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert {"build", "validate", "queries", "query", "sparql", "export"} <= set(registered)
    for name in registered:
        assert name in COMMANDS
        result = kg(name, "--help")
        assert result.returncode == 0, result.stderr
        assert "usage: kaiping-kg " + name in result.stdout


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cli")
    result = kg("build", "--store", str(root / "store"), "--out", str(root / "a.ttl"))
    assert result.returncode == 0, result.stderr
    return root / "store"


def generation(store: Path) -> str:
    return os.readlink(store / "current")


def test_missing_report_leaves_store_untouched(store: Path, tmp_path: Path) -> None:
    before = generation(store)
    result = kg("build", str(tmp_path / "missing.txt"), "--store", str(store))
    assert_clean_error(result, 2, "missing.txt")
    assert generation(store) == before


def test_binary_report_is_refused(store: Path, tmp_path: Path) -> None:
    binary = tmp_path / "image.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    before = generation(store)
    result = kg("build", str(BUNDLED), str(binary), "--store", str(store))
    assert_clean_error(result, 2, "image.txt")
    assert generation(store) == before


def test_store_that_does_not_exist(tmp_path: Path) -> None:
    result = kg("export", "--store", str(tmp_path / "none"))
    assert_clean_error(result, 2, "kaiping-kg build")


def test_bad_base_iri(tmp_path: Path) -> None:
    result = kg("build", "--base-iri", "not an iri", "--store", str(tmp_path / "s"))
    assert_clean_error(result, 2, "--base-iri")
    assert not (tmp_path / "s").exists()


def test_two_builds_give_identical_turtle(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "b.ttl"
    result = kg("build", "--store", str(tmp_path / "s2"), "--out", str(out), seed="12345")
    assert result.returncode == 0, result.stderr
    first = store.parent / "a.ttl"
    assert out.read_bytes() == first.read_bytes()
    assert b"@prefix kp: <https://w3id.org/kaiping-kg/ontology#>" in out.read_bytes()


def test_export_formats_agree(store: Path) -> None:
    graphs = {}
    for fmt, rdflib_fmt in [
        ("turtle", "turtle"),
        ("ntriples", "nt"),
        ("jsonld", "json-ld"),
        ("rdfxml", "xml"),
    ]:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "kg_build.cli",
                "export",
                "--store",
                str(store),
                "--format",
                fmt,
            ],
            capture_output=True,
            cwd=ROOT,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
        g = Graph()
        g.parse(data=result.stdout, format=rdflib_fmt)
        graphs[fmt] = g
    assert len(graphs["turtle"]) > 1000
    canonical = {fmt: canonical_decimals(g) for fmt, g in graphs.items()}
    for fmt in ("ntriples", "jsonld", "rdfxml"):
        assert isomorphic(canonical["turtle"], canonical[fmt]), fmt


def canonical_decimals(g: Graph) -> Graph:
    """Turtle writes the decimal 5 as `5.0`: compare decimals by value, not lexical form."""
    out = Graph()
    for s, p, o in g:
        if isinstance(o, Literal) and o.datatype == XSD.decimal:
            o = Literal(canonical_decimal(Decimal(str(o))), datatype=XSD.decimal)
        out.add((s, p, o))
    return out


def test_export_keeps_named_graphs_in_quad_formats(store: Path, tmp_path: Path) -> None:
    for fmt in ("nquads", "trig"):
        out = tmp_path / f"all.{fmt}"
        result = kg("export", "--store", str(store), "--format", fmt, "--out", str(out))
        assert result.returncode == 0, result.stderr
        ds = Dataset()
        ds.parse(out, format=fmt)
        names = {str(g.identifier) for g in ds.graphs() if len(g)}
        assert {
            "https://w3id.org/kaiping-kg/graph/ontology",
            "https://w3id.org/kaiping-kg/graph/reference",
            "https://w3id.org/kaiping-kg/report/kaiping-2025-gwr",
        } <= names


def test_jsonld_export_has_the_project_context(store: Path) -> None:
    report = "https://w3id.org/kaiping-kg/report/kaiping-2025-gwr"
    result = kg("export", "--store", str(store), "--graph", report, "--format", "json-ld")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["@context"]["kp"] == "https://w3id.org/kaiping-kg/ontology#"
    assert doc["@context"]["qb"] == "http://purl.org/linked-data/cube#"
    keys = {k for node in doc["@graph"] for k in node}
    assert {"rdf:type", "rdfs:label", "@id"} <= keys
    assert not any(k.startswith("https://w3id.org/kaiping-kg/ontology#") for k in keys)
    assert compact_iri("https://w3id.org/kaiping-kg/id/industry/x") == "kpid:industry/x"
    assert compact_iri("https://schema.org/") == "https://schema.org/"  # no local part
    assert compact_iri("https://schema.org///x") == "https://schema.org///x"


def test_export_one_graph(store: Path) -> None:
    report = "https://w3id.org/kaiping-kg/report/kaiping-2025-gwr"
    result = kg("export", "--store", str(store), "--graph", report, "--format", "ntriples")
    assert result.returncode == 0, result.stderr
    assert "<https://w3id.org/kaiping-kg/ontology#Report>" in result.stdout
    assert "graph/ontology" not in result.stdout
    missing = kg("export", "--store", str(store), "--graph", "https://nowhere.example/g")
    assert_clean_error(missing, 2, "no graph https://nowhere.example/g")


def test_validate_defaults_to_the_engine_build_uses(monkeypatch, capsys) -> None:
    import kg_build.validate
    from kg_build.cli import main

    build_engine = make_parser().parse_args(["build"]).engine
    used: list[str] = []
    for name, engine in list(kg_build.validate.ENGINES.items()):

        def spy(data, *, shapes=None, _name=name, _engine=engine):
            used.append(_name)
            return _engine(data, shapes=shapes) if shapes is not None else _engine(data)

        monkeypatch.setitem(kg_build.validate.ENGINES, name, spy)
    valid = ROOT / "tests" / "fixtures" / "shapes" / "valid.ttl"
    assert main(["validate", str(valid)]) == 0
    assert used == [build_engine] == ["pyrudof"]
    assert main(["validate", str(valid), "--engine", "pyshacl"]) == 0
    assert used[-1] == "pyshacl"

"""The bad-input corpus (tests/badinput/files/, written by tests/badinput/make_corpus.py):
every file builds (warnings allowed) into a conforming graph, or is refused with exit 2 and
one clear line, never an internal error; a refusal leaves the store as it was. OS errors and
hostile --param values are KgErrors naming the path or the parameter."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg_build.batches import validate_in_batches
from kg_build.build import build_graphs
from kg_build.context import Context
from kg_build.errors import KgError
from kg_build.rdf.namespaces import DEFAULT_BASE

CORPUS = Path(__file__).parent / "badinput" / "files"
FILES = sorted(CORPUS.iterdir())
ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "reports" / "kaiping-2025-gwr.txt"


def cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kg_build.cli", *args],
        capture_output=True,
        text=True,
        errors="replace",
        timeout=600,
        env={**os.environ, "KAIPING_KG_DEBUG": "", **(env or {})},
    )


def test_corpus_is_large_enough() -> None:
    assert len(FILES) >= 38


@pytest.fixture(scope="module")
def outcomes() -> tuple[dict[str, str | KgError], tuple[bool, str]]:
    """Each file through the pipeline with one shared context: its graph name or its KgError."""
    ctx = Context(DEFAULT_BASE)
    out: dict[str, str | KgError] = {}
    graphs = {}
    for path in FILES:
        try:
            _, built = build_graphs([path], ctx)
        except KgError as exc:
            out[path.name] = exc
            continue
        graphs.update(built)
        out[path.name] = next(name for name in built if name.endswith(path.stem))
    result = validate_in_batches(graphs, ctx, "pyrudof")
    return out, (result.conforms, result.summary(5))


def test_every_file_builds_or_is_refused_in_one_line(outcomes) -> None:
    for name, outcome in outcomes[0].items():
        if isinstance(outcome, KgError):
            assert outcome.exit_code == 2, name
            assert "\n" not in str(outcome) and str(outcome), name


def test_built_graphs_conform(outcomes) -> None:
    conforms, summary = outcomes[1]
    assert conforms, summary


def test_refusals_and_builds_are_both_present(outcomes) -> None:
    refused = {n for n, o in outcomes[0].items() if isinstance(o, KgError)}
    assert len(refused) < len(FILES) - 20  # most files build
    assert {"binary-png.txt", "empty.txt", "only-whitespace.txt"} <= refused
    assert {"english-only.txt", "html-nested-1000.html", "headings-repeated-40.txt"}.isdisjoint(
        refused
    )


CLI_FILES = [
    "binary-gzip.txt",
    "empty.txt",
    "utf16-odd-length.txt",
    "html-nested-1000.html",
    "headings-repeated-40.txt",
    "number-400-digits.txt",
    "markdown-table.md",
]


@pytest.fixture(scope="module")
def built_store(tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("store")
    done = cli("build", str(REPORT), "--store", str(store), "--out", str(store / "k.ttl"))
    assert done.returncode == 0, done.stderr
    return store


def _snapshot(store: Path) -> tuple[str, list[str]]:
    return os.readlink(store / "current"), sorted(p.name for p in store.iterdir())


@pytest.mark.parametrize("name", CLI_FILES)
def test_cli_exit_codes(name: str, built_store: Path, tmp_path: Path) -> None:
    before = _snapshot(built_store)
    out = tmp_path / "o.ttl"
    done = cli("build", str(CORPUS / name), "--store", str(built_store), "--out", str(out))
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    assert done.returncode in (0, 2), done.stderr
    if done.returncode == 2:
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr
        assert _snapshot(built_store) == before
        assert not out.exists()


def test_store_under_a_file(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    done = cli("build", str(REPORT), "--store", str(tmp_path / "f" / "store"), "--no-validate")
    assert done.returncode == 2 and str(tmp_path / "f") in done.stderr, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_export_onto_a_folder_and_full_disk(built_store: Path, tmp_path: Path) -> None:
    done = cli("export", "--store", str(built_store), "--out", str(tmp_path))
    assert done.returncode == 2 and "is a folder" in done.stderr, done.stderr
    done = cli("export", "--store", str(built_store), "--out", "/proc/no-such/k.ttl")
    assert done.returncode == 2 and "/proc/no-such" in done.stderr, done.stderr
    if Path("/dev/full").exists():
        done = cli("export", "--store", str(built_store), "--out", "/dev/full")
        assert done.returncode == 2 and "No space left" in done.stderr, done.stderr


@pytest.mark.parametrize(
    "value",
    ["9" * 5000, "x" * 100_000, "\udcff\udcfe"],
    ids=["4301-digits", "huge", "non-utf8"],
)
def test_hostile_param_values(value: str, built_store: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kg_build.cli", "query", "indicators-by-year", "--store",
         str(built_store), "--param", f"indicator={value}"],
        capture_output=True, timeout=300,
        env={**os.environ, "KAIPING_KG_DEBUG": ""},
    )  # fmt: skip
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode in (0, 2), err
    assert "Traceback" not in err and "internal error" not in err

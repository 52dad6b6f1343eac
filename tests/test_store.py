"""The store is replaced atomically: a failure leaves the previous one as it was."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg_build.errors import KgError
from kg_build.store import open_store, replace_store

G = "https://example.org/graph"


def nt(value: str) -> bytes:
    return f'<https://example.org/s> <https://example.org/p> "{value}" .\n'.encode()


def values(root: Path) -> list[str]:
    store = open_store(root)
    return sorted(s["o"].value for s in store.query("SELECT ?o { GRAPH ?g { ?s ?p ?o } }"))


def test_replace_then_replace_again(tmp_path: Path) -> None:
    replace_store(tmp_path, [(G, nt("one"))])
    assert values(tmp_path) == ["one"]
    replace_store(tmp_path, [(G, nt("two"))])
    assert values(tmp_path) == ["two"]
    assert [p.name for p in tmp_path.glob("gen-*")] == ["gen-2"]


def test_failure_mid_load_keeps_previous_store(tmp_path: Path) -> None:
    replace_store(tmp_path, [(G, nt("good"))])

    def graphs():
        yield G, nt("half")
        raise RuntimeError("crash while building")

    with pytest.raises(RuntimeError):
        replace_store(tmp_path, graphs())
    assert values(tmp_path) == ["good"]
    assert [p.name for p in tmp_path.glob("gen-*")] == ["gen-1"]


def test_bad_data_keeps_previous_store(tmp_path: Path) -> None:
    replace_store(tmp_path, [(G, nt("good"))])
    with pytest.raises(SyntaxError):
        replace_store(tmp_path, [(G, b"this is not n-triples\n")])
    assert values(tmp_path) == ["good"]


def test_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(KgError, match="run `kaiping-kg build` first"):
        open_store(tmp_path / "nowhere")


def test_store_is_read_only_when_opened_for_queries(tmp_path: Path) -> None:
    replace_store(tmp_path, [(G, nt("x"))])
    store = open_store(tmp_path)
    quad = ox.Quad(
        ox.NamedNode("https://e.org/a"), ox.NamedNode("https://e.org/b"), ox.Literal("c")
    )
    with pytest.raises(RuntimeError, match="read-write"):
        store.add(quad)

"""The store is replaced atomically: a failure leaves the previous one as it was."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg_build.errors import KgError
from kg_build.store import (
    current_generation,
    open_store,
    read_manifest,
    replace_store,
    store_lock,
    update_store,
)

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
    replace_store(tmp_path, [(G, nt("three"))])
    assert values(tmp_path) == ["three"]
    # the generation before the current one stays for readers that still have it open
    assert sorted(p.name for p in tmp_path.glob("gen-*") if p.is_dir()) == ["gen-2", "gen-3"]
    assert current_generation(tmp_path) == tmp_path / "gen-3"


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


H = "https://example.org/other"


def default_values(root: Path) -> list[str]:
    store = open_store(root)
    return sorted(s["o"].value for s in store.query("SELECT ?o { ?s ?p ?o }"))


def test_update_keeps_the_default_graph_the_union_of_the_named_graphs(tmp_path: Path) -> None:
    both = nt("shared")
    replace_store(tmp_path, [(G, both + nt("g-only")), (H, both)], {"reports": {}})
    update_store(tmp_path, drop=[G], manifest={"reports": {"x": {}}})
    assert values(tmp_path) == ["shared"]  # the named graph G is gone
    assert default_values(tmp_path) == ["shared"]  # H still holds the shared triple
    update_store(tmp_path, load=[(H, nt("new"))])  # loading a graph replaces it
    assert default_values(tmp_path) == ["new"]
    assert values(tmp_path) == ["new"]
    assert current_generation(tmp_path) == tmp_path / "gen-3"
    assert read_manifest(tmp_path) == {"reports": {}}  # gen-3 was written without one


def test_a_failed_update_keeps_the_current_generation(tmp_path: Path) -> None:
    replace_store(tmp_path, [(G, nt("good"))])
    with pytest.raises(SyntaxError):
        update_store(tmp_path, load=[(H, b"not n-triples\n")])
    assert values(tmp_path) == ["good"] and current_generation(tmp_path) == tmp_path / "gen-1"
    assert not (tmp_path / "gen-2").exists()


def test_no_store_has_no_generation(tmp_path: Path) -> None:
    assert current_generation(tmp_path) is None


def test_a_held_lock_makes_the_second_wait_then_say_busy(tmp_path: Path) -> None:
    busy = pytest.raises(KgError, match="is busy")
    with store_lock(tmp_path), busy, store_lock(tmp_path, wait=0.2):
        pass
    with store_lock(tmp_path, wait=0.2):  # released: taken at once
        pass

"""The user's cache of compiled reference data and rules (kg_build/user_cache.py,
kg_build/compiled.py): keyed by content, never stale, safe when two processes write at once."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg_build import user_cache
from kg_build.compiled import compiled_reference, fill, inputs
from kg_build.ontology import ontology_files
from kg_build.rdf.canonical import canonical_quads
from kg_build.rdf.namespaces import DEFAULT_BASE

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(user_cache.CACHE_ENV, str(folder))
    return folder


def test_cache_folder_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv(user_cache.CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert user_cache.cache_root() == tmp_path / "xdg" / "kaiping-kg"
    monkeypatch.setenv(user_cache.CACHE_ENV, str(tmp_path / "mine"))
    assert user_cache.cache_root() == tmp_path / "mine"
    monkeypatch.setenv(user_cache.CACHE_ENV, "off")
    assert user_cache.cache_root() is None


def test_memo_computes_once_per_content(cache, tmp_path):
    source = tmp_path / "rules.txt"
    source.write_text("one", "utf-8")
    calls = []

    def compute() -> str:
        calls.append(1)
        return source.read_text("utf-8").upper()

    assert user_cache.memo("t", [source], compute) == "ONE"
    assert user_cache.memo("t", [source], compute) == "ONE"
    assert len(calls) == 1
    source.write_text("two", "utf-8")  # same name, new bytes: a new key, never the old value
    assert user_cache.memo("t", [source], compute) == "TWO"
    assert len(calls) == 2
    assert not [p for p in cache.iterdir() if p.name.endswith(".tmp")]


def test_memo_of_a_missing_file_lets_the_computation_say_so(cache, tmp_path):
    from kg_build.errors import KgError

    def compute() -> str:
        raise KgError("rules file missing")

    with pytest.raises(KgError, match="missing"):
        user_cache.memo("t", [tmp_path / "absent.yaml"], compute)


def test_writing_an_entry_removes_old_unused_ones_of_its_kind(cache, tmp_path):
    source = tmp_path / "f"
    source.write_text("old", "utf-8")
    user_cache.memo("t", [source], lambda: 1)
    user_cache.memo("t-other", [source], lambda: 2)  # another kind, same prefix
    (old,) = [p for p in cache.iterdir() if "other" not in p.name]
    past = old.stat().st_mtime - (user_cache.KEEP_DAYS + 1) * 86400
    for p in cache.iterdir():
        os.utime(p, (past, past))
    source.write_text("new", "utf-8")
    user_cache.memo("t", [source], lambda: 3)  # a new entry of kind t
    names = sorted(p.name for p in cache.iterdir())
    assert old.name not in names  # unused for longer than KEEP_DAYS: removed
    assert any("other" in n for n in names)  # another kind: kept
    assert len(names) == 2


def test_memo_recomputes_a_broken_entry(cache, tmp_path):
    source = tmp_path / "f"
    source.write_text("x", "utf-8")
    assert user_cache.memo("t", [source], lambda: [1, 2]) == [1, 2]
    (entry,) = cache.glob("t-*.pickle")
    entry.write_bytes(b"\x80\x05truncated")
    assert user_cache.memo("t", [source], lambda: [3]) == [3]


def test_memo_without_a_writable_cache_still_computes(monkeypatch, tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("", "utf-8")
    monkeypatch.setenv(user_cache.CACHE_ENV, str(blocked / "cache"))  # under a file
    assert user_cache.memo("t", ["x"], lambda: 42) == 42
    monkeypatch.setenv(user_cache.CACHE_ENV, "off")
    calls = []
    assert user_cache.memo("t", ["x"], lambda: calls.append(1) or 7) == 7
    assert user_cache.memo("t", ["x"], lambda: calls.append(1) or 7) == 7
    assert len(calls) == 2


def test_two_processes_filling_one_folder_both_get_a_whole_entry(cache, tmp_path):
    """Each writes under a temporary name and renames: one wins, the other uses its entry."""
    script = textwrap.dedent(
        """
        import sys, time
        from pathlib import Path
        from kg_build.user_cache import cached_folder

        def fill(folder: Path) -> None:
            time.sleep(0.5)  # both are inside fill at once
            (folder / "data").write_text(sys.argv[1])

        found = cached_folder("race", ["same inputs"], fill)
        print(found, (found / "data").read_text())
        """
    )
    env = {**os.environ, user_cache.CACHE_ENV: str(cache), "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen([sys.executable, "-c", script, name], stdout=subprocess.PIPE, env=env)
        for name in ("first", "second")
    ]
    outputs = [p.communicate(timeout=120)[0].decode().split() for p in procs]
    assert all(p.returncode == 0 for p in procs)
    folders = {out[0] for out in outputs}
    assert len(folders) == 1  # the same entry for both
    assert {out[1] for out in outputs} <= {"first", "second"}
    assert len({out[1] for out in outputs}) == 1  # whole, and the same for both
    assert [p.name for p in cache.iterdir()] == [Path(folders.pop()).name]  # no leftovers


def test_compiled_reference_depends_on_every_ontology_file():
    keyed = inputs(DEFAULT_BASE)
    assert set(ontology_files()) <= set(keyed)
    assert DEFAULT_BASE in keyed
    assert user_cache.content_key("reference", keyed) != user_cache.content_key(
        "reference", inputs("https://example.org/")
    )


def test_compiled_database_is_what_an_in_memory_compile_gives():
    """The cached database (tests use a cache of their own, tests/conftest.py) holds the
    same quads as the database compiled in memory with the cache off."""
    compiled = compiled_reference(DEFAULT_BASE)
    assert compiled.path is not None and compiled.path.is_dir()
    fresh = ox.Store()
    fill(fresh, DEFAULT_BASE)
    for graph in (compiled.reference, compiled.ontology, ox.DefaultGraph()):
        ours = canonical_quads(compiled.store.quads_for_pattern(None, None, None, graph))
        theirs = canonical_quads(fresh.quads_for_pattern(None, None, None, graph))
        assert ours == theirs and ours  # the same up to blank-node labels

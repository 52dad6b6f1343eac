"""Building several reports: one named graph each, a progress bar on a terminal."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from kg_build.build import build_graphs
from kg_build.context import Context
from kg_build.errors import KgError
from kg_build.rdf.namespaces import DEFAULT_BASE
from tests.conftest import BUNDLED


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def two_reports(tmp_path: Path) -> list[Path]:
    second = tmp_path / "kaiping-2025-copy.txt"
    shutil.copy(BUNDLED, second)
    return [BUNDLED, second]


def test_progress_bar_on_a_terminal_and_one_graph_per_report(tmp_path, monkeypatch) -> None:
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    builds, graphs = build_graphs(two_reports(tmp_path), Context(DEFAULT_BASE))
    assert "building" in terminal.getvalue() and "2/2" in terminal.getvalue()
    assert sorted(graphs) == [
        DEFAULT_BASE + "graph/ontology",
        DEFAULT_BASE + "report/kaiping-2025-copy",
        DEFAULT_BASE + "report/kaiping-2025-gwr",
    ]
    assert len(builds) == 2


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path, monkeypatch) -> None:
    pipe = io.StringIO()
    monkeypatch.setattr("sys.stderr", pipe)
    build_graphs(two_reports(tmp_path), Context(DEFAULT_BASE))
    assert pipe.getvalue() == ""


def test_two_reports_with_one_slug_are_refused(tmp_path) -> None:
    with pytest.raises(KgError, match="both become"):
        build_graphs([BUNDLED, BUNDLED], Context(DEFAULT_BASE))


# ------------------------------------------------------------ what `build` builds and keeps


def run_cli(*argv: str) -> tuple[int, str]:
    import contextlib

    from kg_build.cli import main

    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, err.getvalue()


def stored_reports(store: Path) -> list[str]:
    from kg_build.store import open_store

    rows = open_store(store).query(
        "PREFIX kp: <https://w3id.org/kaiping-kg/ontology#> "
        "SELECT ?r { GRAPH ?r { ?r a kp:Report } } ORDER BY ?r"
    )
    return [row["r"].value.rsplit("/", 1)[1] for row in rows]


def test_default_is_the_working_folders_reports_then_the_bundled_ones(tmp_path, monkeypatch):
    from kg_build.build import gather_reports
    from kg_build.paths import bundled_reports

    files, origin = gather_reports([], cwd=tmp_path)
    assert files == bundled_reports() and origin == "the 1 bundled report(s)"
    (tmp_path / "reports").mkdir()
    mine = tmp_path / "reports" / "mine.txt"
    shutil.copy(BUNDLED, mine)
    (tmp_path / "reports" / "mine.txt.meta.yaml").write_text("region: 开平市\n")
    (tmp_path / "reports" / "notes.csv").write_text("a,b\n")
    files, origin = gather_reports([], cwd=tmp_path)
    assert files == [mine] and origin == "the 1 report(s) in ./reports/"
    files, _ = gather_reports([tmp_path / "reports", BUNDLED])
    assert files == [mine, BUNDLED]
    (tmp_path / "empty").mkdir()
    with pytest.raises(KgError, match="no reports"):
        gather_reports([tmp_path / "empty"])


def bad_and_good(tmp_path: Path) -> Path:
    """A folder of two reports: `good` conforms; `bad`'s sidecar gives a reviewed year after
    the planned year, which violates kpsh:Report-yearReviewed."""
    folder = tmp_path / "batch"
    folder.mkdir()
    shutil.copy(BUNDLED, folder / "good.txt")
    shutil.copy(BUNDLED, folder / "bad.txt")
    (folder / "bad.txt.meta.yaml").write_text("year_reviewed: 2030\nyear_planned: 2020\n")
    return folder


def test_a_report_that_does_not_conform_is_set_aside_and_listed(tmp_path) -> None:
    from kg_build.queries import load_queries, run_query
    from kg_build.store import open_store

    folder, store, out = bad_and_good(tmp_path), tmp_path / "store", tmp_path / "out.ttl"
    code, err = run_cli("build", str(folder), "--store", str(store), "--out", str(out))
    assert code == 1, err
    assert "set aside: " + str(folder / "bad.txt") in err
    assert "kpsh:Report-yearReviewed" in err and "1 report(s) set aside, 1 stored" in err
    assert stored_reports(store) == ["good"]
    assert b"/report/good>" in out.read_bytes() and b"/report/bad>" not in out.read_bytes()
    query = load_queries()["set-aside"]
    rows = run_query(open_store(store), query).rows
    assert {
        (r[0].value.rsplit("/", 1)[1], r[1].value, r[3].value.rsplit("#", 1)[1]) for r in rows
    } == {("bad", "bad.txt", "Report-yearReviewed")}
    # --strict: all or nothing, and nothing changed
    before = (store / "current").resolve()
    code, err = run_cli("build", str(folder), "--store", str(store), "--strict")
    assert code == 1 and "the store was not changed" in err
    assert (store / "current").resolve() == before
    # the bad report fixed: both stored, the set-aside list empty, and `good` from the cache
    (folder / "bad.txt.meta.yaml").unlink()
    code, err = run_cli("build", str(folder), "--store", str(store), "--out", str(out))
    assert code == 0, err
    assert "(1 unchanged, from the cache)" in err
    assert stored_reports(store) == ["bad", "good"]
    assert run_query(open_store(store), query).rows == ()


def test_reports_loaded_while_others_are_built_give_the_store_of_one_load(
    tmp_path, monkeypatch
) -> None:
    """With --jobs 2 a fresh generation loads each report to be stored as soon as it is
    built (kg_build.build._feeder); the store must be what --jobs 1 (one core: one load
    at the end) gives, the report set aside kept out, and under --strict a fresh store is
    still not made."""
    import kg_build.build as build

    fed: list[str] = []
    feeder = build._feeder

    def counting(*args):
        feed = feeder(*args)
        return None if feed is None else lambda entry: (fed.append(entry.graph), feed(entry))

    monkeypatch.setattr(build, "_feeder", counting)
    folder = bad_and_good(tmp_path)
    code, err = run_cli(
        "build", str(folder), "--store", str(tmp_path / "strict"), "--strict", "--jobs", "2"
    )
    assert code == 1 and "the store was not changed" in err
    assert not (tmp_path / "strict" / "current").exists()
    exports = []
    for name, jobs in (("streamed", "2"), ("at-end", "1")):
        fed.clear()
        store = tmp_path / name
        code, err = run_cli(
            "build", str(folder), "--store", str(store), "--no-cache", "--jobs", jobs
        )
        assert len(fed) == (2 if jobs == "2" else 0)  # --jobs 1 feeds nothing
        assert code == 1 and "1 report(s) set aside, 1 stored" in err
        assert stored_reports(store) == ["good"]
        out = tmp_path / f"{name}.nq"
        code, err = run_cli(
            "export", "--store", str(store), "--format", "nquads", "--out", str(out)
        )
        assert code == 0, err
        exports.append(out.read_bytes())
    assert exports[0] == exports[1] and b"/report/good> ." in exports[0]
    assert b"/report/bad> ." not in exports[0]  # no graph of its own: only the set-aside list

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

"""`kaiping-kg add`, `remove` and `reports`: changing the reports of an existing store."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import BUNDLED
from tests.test_build import run_cli, stored_reports


def kg(*argv: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    return subprocess.Popen(
        [sys.executable, "-m", "kg_build.cli", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


@pytest.fixture(scope="module")
def base_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("changes")
    code, err = run_cli(
        "build", str(BUNDLED), "--store", str(root / "store"), "--out", str(root / "o.ttl")
    )
    assert code == 0, err
    return root / "store"


def copy_of(folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    shutil.copy(BUNDLED, path)
    return path


def test_two_concurrent_adds_both_land(base_store: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(base_store, store, symlinks=True)
    first = copy_of(tmp_path / "a", "county-a.txt")
    second = copy_of(tmp_path / "b", "county-b.txt")
    runs = [
        kg("add", str(first), "--store", str(store)),
        kg("add", str(second), "--store", str(store)),
    ]
    for run in runs:
        _, err = run.communicate(timeout=600)
        assert run.returncode == 0, err
    assert stored_reports(store) == ["county-a", "county-b", "kaiping-2025-gwr"]


def test_add_list_remove(base_store: Path, tmp_path: Path, capsys) -> None:
    store = tmp_path / "store"
    shutil.copytree(base_store, store, symlinks=True)
    extra = copy_of(tmp_path / "new", "kaiping-copy.txt")
    code, err = run_cli("add", str(extra), "--store", str(store))
    assert code == 0, err
    assert "added 1 of 1 report(s) given" in err and "1 other report(s) kept" in err
    capsys.readouterr()
    code, _ = run_cli("reports", "--store", str(store), "--format", "sparql-json")
    listed = json.loads(capsys.readouterr().out)["results"]["bindings"]
    assert [(r["id"]["value"], r["status"]["value"]) for r in listed] == [
        ("kaiping-2025-gwr", "stored"),
        ("kaiping-copy", "stored"),
    ]
    row = listed[1]
    assert row["region"]["value"] == "开平市" and row["years"]["value"] == "2024-2025"
    assert row["statements"]["value"] == "184" and row["observations"]["value"] == "92"
    assert row["source"]["value"] == str(extra) and len(row["sha256"]["value"]) == 64
    code, err = run_cli("remove", "kaiping-copy", "--store", str(store))
    assert code == 0 and "removed 1 report(s) (kaiping-copy)" in err
    assert stored_reports(store) == ["kaiping-2025-gwr"]
    code, err = run_cli("remove", "nothing-here", "--store", str(store))
    assert code == 2 and "it holds: kaiping-2025-gwr" in err


def test_add_to_no_store_is_a_clear_error(tmp_path: Path) -> None:
    code, err = run_cli("add", str(BUNDLED), "--store", str(tmp_path / "none"))
    assert code == 2 and "run `kaiping-kg build` first" in err

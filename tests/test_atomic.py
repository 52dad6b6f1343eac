"""write_atomic: whole files or none, and OS errors as one-line KgErrors naming the path."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kg_build.errors import KgError
from kg_build.output import write_atomic


def test_writes_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "a.ttl"
    write_atomic(target, "one")
    write_atomic(target, b"two")
    assert target.read_text() == "two"
    assert sorted(p.name for p in target.parent.iterdir()) == ["a.ttl"]  # no tmp left


def test_failed_write_leaves_previous_file(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "a.ttl"
    target.write_text("previous")

    def boom(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(KgError, match="No space left"):
        write_atomic(target, "new")
    assert target.read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["a.ttl"]


def test_folder_target(tmp_path: Path) -> None:
    with pytest.raises(KgError, match=f"{tmp_path}.*folder"):
        write_atomic(tmp_path, "x")


def test_under_a_file(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    with pytest.raises(KgError, match="is a file, not a folder"):
        write_atomic(tmp_path / "f" / "out.ttl", "x")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")
def test_full_device() -> None:
    with pytest.raises(KgError, match="/dev/full: No space left"):
        write_atomic("/dev/full", "x")
    assert Path("/dev/full").is_char_device()  # written in place, never renamed over


def test_mode_kept(tmp_path: Path) -> None:
    target = tmp_path / "a"
    target.write_text("x")
    target.chmod(0o640)
    write_atomic(target, "y")
    assert target.stat().st_mode & 0o777 == 0o640

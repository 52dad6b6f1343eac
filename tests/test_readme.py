"""The README stays true: its two commands come first and CI runs the second one."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def code_blocks(text: str) -> list[str]:
    return [b.strip() for b in re.findall(r"```(?:bash)?\n(.*?)```", text, flags=re.S)]


def test_readme_starts_with_exactly_two_commands() -> None:
    head = README.split("\n## ", 1)[0]
    blocks = code_blocks(head)
    assert len(blocks) == 2
    main, tests = blocks
    assert main.count("\n") == 0 and tests.count("\n") == 0  # one line each
    assert "python3.11 -m venv" in main and "kaiping-kg build" in main
    assert "python3.11 -m venv" in tests and "pytest" in tests


def test_ci_runs_the_readme_test_command() -> None:
    tests_command = code_blocks(README)[1]
    assert tests_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")

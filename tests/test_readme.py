"""The README stays true: its two commands come first and CI runs the second one."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
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


def tour_examples() -> list[tuple[list[str], str]]:
    """`$ kaiping-kg query …` lines in the README's console blocks, with the output shown."""
    examples = []
    for block in re.findall(r"```console\n(.*?)```", README, flags=re.S):
        lines = block.splitlines()
        for i, line in enumerate(lines):
            if line.startswith("$ kaiping-kg query "):
                shown = []
                for out in lines[i + 1 :]:
                    if out.startswith("$ "):
                        break
                    shown.append(out)
                examples.append((shlex.split(line[2:])[1:], "\n".join(shown) + "\n"))
    return examples


def test_tour_outputs_are_what_the_commands_print(bundled_store: Path) -> None:
    examples = tour_examples()
    assert len(examples) >= 2
    for args, shown in examples:
        result = subprocess.run(
            [sys.executable, "-m", "kg_build.cli", *args, "--store", str(bundled_store)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout == shown, " ".join(args)

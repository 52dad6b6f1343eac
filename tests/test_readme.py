"""The README stays true: its two commands come first, CI runs the second one, and every
```console block runs as written and prints what it shows.

How the console blocks are run (`run_section`): the blocks of one `## ` section run in order
in one fresh copy of the repository's tracked files (a temporary folder), as a user would
after the README's first command. Each `$ ` line runs in bash in the current folder (a
`$ cd DIR` line changes it), with `kaiping-kg` and `.venv/bin/kaiping-kg` running this
checkout's code; its stdout and stderr together must be the lines shown under it, and its exit
status 0. The only normalisations, applied to what is shown and what is printed alike:

- timestamps (`2026-01-02T03:04:05Z`) become `<time>`;
- CSV output (`--format csv`) must end every line in CRLF, as the W3C SPARQL CSV format says;
  the README shows those lines as a terminal does, so CRLF is compared as LF;
- `kaiping-kg serve` gets a free `--port`, its first line is compared with 8000 in its place,
  and it is stopped;
- `kaiping-kg push` goes to the Virtuoso of .ci/services.sh: the README's
  `http://localhost:8890` stands for that server's address (under CI=true a missing Virtuoso
  fails the test; elsewhere the push line is skipped).

After a change of the outputs (e.g. new query columns), `python tests/test_readme.py --write`
puts what the commands print now under them in README.md (then review `git diff README.md`).
"""

from __future__ import annotations

import difflib
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
README_PATH = ROOT / "README.md"
README = README_PATH.read_text(encoding="utf-8")
SHOWN_VIRTUOSO = "http://localhost:8890"
SHOWN_PORT = 8000
TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z")


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


# --- the console blocks ----------------------------------------------------------------------


@dataclass
class Step:
    command: str
    shown: list[str]
    start: int  # index in README.splitlines() of the first line shown (for --write)


@dataclass
class Section:
    title: str
    steps: list[Step] = field(default_factory=list)


def console_sections(text: str) -> list[Section]:
    """The `$ ` lines of the console blocks, with the lines shown under each, by section."""
    sections: list[Section] = []
    title = ""
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("## "):
            title = line[3:].strip()
        if line.strip() != "```console":
            i += 1
            continue
        if not sections or sections[-1].title != title:
            sections.append(Section(title))
        i += 1
        while i < len(lines) and lines[i].strip() != "```":
            if not lines[i].startswith("$ "):
                raise AssertionError(f"README line {i + 1}: output before any `$ ` command")
            step = Step(lines[i][2:], [], i + 1)
            i += 1
            while i < len(lines) and lines[i].strip() != "```" and not lines[i].startswith("$ "):
                step.shown.append(lines[i])
                i += 1
            sections[-1].steps.append(step)
        i += 1
    return sections


SECTIONS = console_sections(README)


def fresh_copy(dest: Path) -> Path:
    """The repository's tracked files (as a fresh clone has them) copied into `dest`."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, timeout=60, check=False
    )
    files = [f for f in listed.stdout.decode().split("\0") if f] if listed.returncode == 0 else []
    if not files:  # not a git checkout (an sdist): copy the tree without built things
        ignore = shutil.ignore_patterns(".venv", "store", "out", "__pycache__", ".git")
        shutil.copytree(ROOT, dest, ignore=ignore, dirs_exist_ok=True)
        return dest
    for name in files:
        source = ROOT / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    return dest


def shim(path: Path) -> None:
    """`path` runs this checkout's `kaiping-kg` with this interpreter."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m kg_build.cli "$@"\n', encoding="utf-8"
    )
    path.chmod(0o755)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def normalise(text: str) -> str:
    return TIMESTAMP.sub("<time>", text)


def is_csv(command: str) -> bool:
    words = shlex.split(command, comments=True)
    return any(a == "--format" and b == "csv" for a, b in zip(words, words[1:], strict=False))


@dataclass
class Ran:
    printed: list[str] | None  # as printed (CSV's CRLF as LF); None: skipped, no service
    problem: str = ""


class Runner:
    """Runs the steps of one section in a fresh copy, keeping the current folder."""

    def __init__(self, root: Path) -> None:
        self.root = fresh_copy(root / "clone")
        self.cwd = self.root
        bin_dir = root / "bin"
        shim(bin_dir / "kaiping-kg")
        shim(self.root / ".venv" / "bin" / "kaiping-kg")
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("KAIPING_KG_STORE")}
        self.env.pop("KAIPING_KG_DEBUG", None)
        self.env["PATH"] = f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"

    def run(self, command: str) -> Ran:
        words = shlex.split(command, comments=True)
        if words[:1] == ["cd"]:
            self.cwd = (self.cwd / words[1]).resolve()
            return Ran([])
        if words[:2] == ["kaiping-kg", "serve"]:
            return self.serve(command)
        if words[:2] == ["kaiping-kg", "push"]:
            command = self.virtuoso(command)
            if command == "":
                return Ran(None)
        done = subprocess.run(
            ["bash", "-c", command],
            cwd=self.cwd,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            timeout=600,
        )
        text = done.stdout.decode("utf-8", "replace")
        problem = f"exit status {done.returncode}" if done.returncode else ""
        if is_csv(command):
            if any(not line.endswith("\r\n") for line in text.splitlines(keepends=True)):
                problem = "a CSV line does not end in CRLF"
            text = text.replace("\r\n", "\n")
        return Ran(text.splitlines(), problem)

    def serve(self, command: str) -> Ran:
        port = free_port()
        proc = subprocess.Popen(
            ["bash", "-c", f"exec {command.split('#')[0].strip()} --port {port}"],
            cwd=self.cwd,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        try:
            assert proc.stdout is not None
            first = proc.stdout.readline().decode("utf-8", "replace")
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        first = first.replace(f":{port}/", f":{SHOWN_PORT}/")
        return Ran([first.rstrip("\n")] if first else [], "" if first else "no line")

    def virtuoso(self, command: str) -> str:
        url = os.environ.get("KAIPING_KG_VIRTUOSO_URL")
        if not url:
            if os.environ.get("CI", "").lower() == "true":
                pytest.fail("Virtuoso is not available (KAIPING_KG_VIRTUOSO_URL is unset)")
            return ""
        parts = urlsplit(url)
        return command.replace(SHOWN_VIRTUOSO, f"{parts.scheme}://{parts.netloc}")


def run_section(section: Section, root: Path) -> list[Ran]:
    runner = Runner(root)
    return [runner.run(step.command) for step in section.steps]


def mismatch(step: Step, ran: Ran) -> str:
    if ran.printed is None:
        return ""
    shown = [normalise(line) for line in step.shown]
    printed = [normalise(line) for line in ran.printed]
    if printed == shown and not ran.problem:
        return ""
    diff = "\n".join(
        difflib.unified_diff(shown, printed, "README shows", "the command prints", lineterm="")
    )
    why = f" ({ran.problem})" if ran.problem else ""
    return f"README line {step.start}: $ {step.command}{why}\n{diff}"


def test_the_readme_has_console_blocks_to_run() -> None:
    commands = [s.command for section in SECTIONS for s in section.steps]
    assert any(c.startswith("kaiping-kg query ") for c in commands)
    assert any(c.startswith("kaiping-kg push ") for c in commands)
    assert len(SECTIONS) >= 2


@pytest.mark.parametrize("section", SECTIONS, ids=[s.title for s in SECTIONS])
def test_console_blocks_print_what_they_show(section: Section, tmp_path: Path) -> None:
    problems = [
        m for step, ran in zip(section.steps, run_section(section, tmp_path), strict=True)
        if (m := mismatch(step, ran))
    ]  # fmt: skip
    assert not problems, (
        "\n\n".join(problems) + "\n\n(python tests/test_readme.py --write puts the new output "
        "in README.md)"
    )


def write_outputs() -> int:
    """Put what each console command prints now under it in README.md."""
    lines = README.splitlines()
    replacements: list[tuple[Step, list[str]]] = []
    for section in SECTIONS:
        with tempfile.TemporaryDirectory() as tmp:
            for step, ran in zip(section.steps, run_section(section, Path(tmp)), strict=True):
                if ran.printed is None:
                    print(f"skipped (no service): $ {step.command}", file=sys.stderr)
                    continue
                if ran.problem:
                    print(f"{ran.problem}: $ {step.command}", file=sys.stderr)
                replacements.append((step, ran.printed))
    for step, printed in sorted(replacements, key=lambda r: -r[0].start):
        lines[step.start : step.start + len(step.shown)] = printed
    README_PATH.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {README_PATH}; review it with git diff", file=sys.stderr)
    return 0


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: python tests/test_readme.py --write")
    sys.exit(write_outputs())

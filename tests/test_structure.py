"""The layering of kg_build, measured from the source (issue 15): module sizes, no import
cycles, and no library module importing the command line."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "kg_build"
MAX_LINES = 450
# Genre words belong in kg_build/data; the reading and extraction code keeps at most this
# many Chinese string literals (punctuation included; docstrings and the numeral parser
# kg_build/extract/numbers.py, which is language knowledge, are not counted).
MAX_CHINESE_LITERALS = 15
CHINESE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’]")
CLI = ("kg_build.commands", "kg_build.cli")


def module_files() -> dict[str, Path]:
    """Dotted module name → file, for every module of the package."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def imported(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The package's modules that `name` imports, at the top or inside functions."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    targets: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            targets.add(module)
            targets.update(f"{module}.{alias.name}" for alias in node.names)
    found = set()
    for target in targets:
        while target and target not in modules:  # `from m import f`: f is not a module
            target = target.rpartition(".")[0]
        if target and target != name:
            found.add(target)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = module_files()
    return {name: imported(name, path, modules) for name, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(found)


def test_no_module_is_too_long() -> None:
    long = {}
    for path in module_files().values():
        rel = path.relative_to(PACKAGE.parent).as_posix()
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            long[rel] = lines
    assert long == {}, f"modules over {MAX_LINES} lines: {long}; split them by what they do"


def test_no_import_cycles() -> None:
    assert cycles(import_graph()) == []


def test_the_cycle_finder_finds_cycles() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert cycles(graph) == [["a", "b", "c"]]


def test_library_modules_never_import_the_command_line() -> None:
    bad = {
        name: sorted(t for t in targets if t.startswith(CLI))
        for name, targets in import_graph().items()
        if not name.startswith(CLI)
    }
    assert {k: v for k, v in bad.items() if v} == {}


def test_the_import_graph_sees_function_level_imports() -> None:
    graph = import_graph()
    assert "kg_build.serve.app" in graph["kg_build.commands.serve"]  # imported inside run()
    assert "kg_build.context" in graph["kg_build.pipeline"]


def chinese_literals(path: Path) -> list[str]:
    """The string constants of a module that hold Chinese text, docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and CHINESE.search(node.value)
    ]


def test_genre_words_live_in_data_not_in_code() -> None:
    found = {}
    for folder in ("extract", "read"):
        for path in sorted((PACKAGE / folder).rglob("*.py")):
            if path.name == "numbers.py" and folder == "extract":
                continue
            literals = chinese_literals(path)
            if literals:
                found[path.relative_to(PACKAGE.parent).as_posix()] = literals
    total = sum(len(v) for v in found.values())
    assert total <= MAX_CHINESE_LITERALS, f"{total} Chinese literals in code: {found}"


def test_the_literal_counter_sees_literals_but_not_docstrings(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text('"""模块。"""\n\ndef f():\n    """函数。"""\n    return "增长", "x", "、"\n',
                      encoding="utf-8")
    assert chinese_literals(module) == ["增长", "、"]

"""`kaiping-kg --help` loads no command module; the stub help lines match the real ones."""

from __future__ import annotations

import argparse
import subprocess
import sys

from kg_build.cli import COMMANDS, SUMMARIES, chosen, make_parser


def helps(parser: argparse.ArgumentParser) -> dict[str, str]:
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {a.dest: a.help for a in sub._choices_actions}


def test_summaries_match_the_modules() -> None:
    real = helps(make_parser())
    assert set(SUMMARIES) <= set(COMMANDS)
    for name, text in SUMMARIES.items():
        if name in real:
            assert real[name] == text, name


def test_stub_parser_offers_every_command() -> None:
    assert helps(make_parser(only="export")) == helps(make_parser())


def test_chosen() -> None:
    assert chosen(["--version"]) == ""
    assert chosen(["export", "--format", "turtle"]) == "export"
    assert chosen(["nosuch"]) == ""


def test_help_imports_no_rdf_library() -> None:
    code = (
        "import sys\nfrom kg_build.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('rdflib', 'pyoxigraph', 'pyrudof', 'yaml', 'kg_build.commands')"
        " if m in sys.modules]\nprint(','.join(heavy), file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stderr.strip() == "", done.stderr


def test_a_mistyped_command_gets_a_suggestion(capsys) -> None:
    from kg_build.cli import main

    assert main(["biuld", "--store", "x"]) == 2
    err = capsys.readouterr().err
    assert err == "kaiping-kg: no command 'biuld'; did you mean build?\n"
    assert main(["qurey", "observations"]) == 2
    assert "did you mean query" in capsys.readouterr().err
    assert main(["xyzzy"]) == 2
    assert "`kaiping-kg --help` lists them" in capsys.readouterr().err


def test_a_mistyped_command_loads_no_command_module() -> None:
    code = (
        "import sys\nfrom kg_build.cli import main\nrc = main(['expotr'])\n"
        "heavy = [m for m in ('rdflib', 'pyoxigraph', 'kg_build.commands') if m in sys.modules]\n"
        "print(rc, ','.join(heavy))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "2", done.stdout
    assert "did you mean export" in done.stderr

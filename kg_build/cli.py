"""The `kaiping-kg` command line: one module per subcommand under kg_build/commands/."""

from __future__ import annotations

import argparse
import difflib
import importlib
import os
import sys
from collections.abc import Sequence

from kg_build import __version__
from kg_build.errors import KgError

# Each module has `register(subparsers)`, which adds its parser with `func` set.
COMMANDS = (
    "build", "add", "remove", "reports", "validate", "queries", "query", "sparql", "export",
    "serve", "push", "link",
)  # fmt: skip


# One-line helps, so `kaiping-kg --help` (and every other command) need not import each
# command's module; tests/test_cli_fast.py keeps them equal to the modules' own. A command
# missing here is imported for its help.
SUMMARIES = {
    "build": "build reports into the store, validate them and write Turtle",
    "validate": "validate the store or an RDF file against the SHACL shapes",
    "queries": "list the stored queries (name, 标题, title), or describe one",
    "query": "run a stored query (`kaiping-kg queries` lists them)",
    "sparql": "run an ad-hoc SPARQL query over all graphs",
    "export": "write the store's graphs as Turtle, N-Triples, N-Quads, TriG, JSON-LD or RDF/XML",
    "serve": "serve the store: SPARQL endpoint, query page, IRI pages, downloads",
    "push": "replace the graphs in an external SPARQL store (Virtuoso, Oxigraph, Fuseki …)",
    "link": "write the linksets (codes, GeoNames, Wikidata) and the VoID/DCAT description",
    "add": "add or replace reports in an existing store",
    "remove": "remove reports from the store by id",
    "reports": "list the reports the store holds (and those set aside)",
}


def make_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The full parser; with `only`, the other commands are stubs holding their help line
    (their modules, and what they import, are not loaded)."""
    parser = argparse.ArgumentParser(
        prog="kaiping-kg",
        description="Government work reports in; a validated, queryable RDF graph out.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        if only is not None and name != only and name in SUMMARIES:
            sub.add_parser(name, help=SUMMARIES[name])
            continue
        try:
            module = importlib.import_module(f"kg_build.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"kg_build.commands.{name}":
                raise
            continue  # a command that is not built yet
        module.register(sub)
    return parser


def chosen(argv: Sequence[str]) -> str:
    """The command named in `argv` ("" when none: top-level help, --version, a typo)."""
    for arg in argv:
        if not arg.startswith("-"):
            return arg if arg in COMMANDS else ""
    return ""


def unknown_command(argv: Sequence[str]) -> str | None:
    """A one-line message for a first word that is no command (with the closest ones), or
    None when the command line names a command or none at all."""
    word = next((a for a in argv if not a.startswith("-")), None)
    if word is None or word in COMMANDS:
        return None
    close = difflib.get_close_matches(word, COMMANDS, n=3, cutoff=0.6)
    hint = f"did you mean {' or '.join(close)}?" if close else "`kaiping-kg --help` lists them"
    return f"kaiping-kg: no command {word!r}; {hint}"


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    message = unknown_command(argv)
    if message is not None:
        print(message, file=sys.stderr)
        return 2
    parser = make_parser(only=chosen(argv))
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KgError as exc:
        print(f"kaiping-kg {args.command}: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("kaiping-kg: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:  # the system said no: a full disk, a file in the way, permissions
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"kaiping-kg {args.command}: {where}{exc.strerror or exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # a bug: say so in one line unless debugging
        if os.environ.get("KAIPING_KG_DEBUG"):
            raise
        print(
            f"kaiping-kg {args.command}: internal error: {type(exc).__name__}: {exc} "
            "(set KAIPING_KG_DEBUG=1 for the traceback and please report it)",
            file=sys.stderr,
        )
        return 3


if __name__ == "__main__":
    sys.exit(main())

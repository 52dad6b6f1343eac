"""The `kaiping-kg` command line: one module per subcommand under kg_build/commands/."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from kg_build import __version__
from kg_build.errors import KgError

# Each module has `register(subparsers)`, which adds its parser with `func` set.
COMMANDS = ("build", "validate", "queries", "query", "sparql", "export", "serve", "push", "link")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kaiping-kg",
        description="Government work reports in; a validated, queryable RDF graph out.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"kg_build.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"kg_build.commands.{name}":
                raise
            continue  # a command that is not built yet
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
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

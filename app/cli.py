"""Command-line interface shared by `python main.py COMMAND ...`.

Each command lives in its own module exposing ``add_parser(subparsers)`` (which sets ``func`` on its
parser) so that commands are owned by the part of the code they belong to. Commands that need
QtWidgets (screenshot) are added by main.py, because app/ must not import widgets.
Exit codes: 0 done, 2 bad input, 3 model missing or corrupt, 4 cancelled or failed.
"""
from __future__ import annotations

import argparse
import importlib
import sys
from typing import Callable, Sequence

EXIT_OK = 0
EXIT_BAD_INPUT = 2
EXIT_MODEL = 3
EXIT_FAILED = 4

# Modules that contribute subcommands; each has add_parser(subparsers).
COMMAND_MODULES = ("app.cli_files", "app.cli_models", "app.cli_run", "app.selftest")


class CliError(Exception):
    """An error to print on stderr (without a traceback) with the given exit code."""

    def __init__(self, message: str, code: int = EXIT_BAD_INPUT) -> None:
        super().__init__(message)
        self.code = code


def build_parser(extra: Sequence[Callable[[argparse._SubParsersAction], None]] = ()) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kintsugi",
        description="Kintsugi photo-restoration editor. With no command (or just an IMAGE) it opens the editor.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).add_parser(sub)
    for add in extra:
        add(sub)
    return parser


def run_cli(argv: Sequence[str], extra: Sequence[Callable[[argparse._SubParsersAction], None]] = ()) -> int:
    parser = build_parser(extra)
    args = parser.parse_args(list(argv))
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_BAD_INPUT
    try:
        return int(args.func(args) or 0)
    except CliError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print("cancelled", file=sys.stderr)
        return EXIT_FAILED

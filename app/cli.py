"""Command-line interface shared by `python main.py COMMAND ...`.

Each command lives in its own module exposing ``add_parser(subparsers)`` (which sets ``func`` on its
parser) so that commands are owned by the part of the code they belong to. Commands that need
QtWidgets (screenshot) are added by main.py, because app/ must not import widgets.
Exit codes: 0 done, 2 bad input, 3 model missing or corrupt, 4 cancelled or failed.
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys
import tempfile
from pathlib import Path
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


def _first_file_on_the_way(folder: Path) -> Path | None:
    """The nearest existing part of ``folder``'s path when it is a file (which blocks creating it)."""
    existing = next((p for p in (folder, *folder.parents) if p.exists()), None)
    return existing if existing is not None and not existing.is_dir() else None


def prepare_output(path: Path) -> None:
    """Create the missing folders above ``path`` and check that a file can be written there.

    Commands call this before any real work, so a bad output is reported at once (not after a long run)
    and in the same words by every command."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        blocker = _first_file_on_the_way(folder)
        why = (f"“{blocker}” is a file, not a folder" if blocker is not None
               else f"the folder “{folder}” cannot be created ({exc.strerror or exc})")
        raise CliError(f"Cannot save “{path.name}”: {why}.", EXIT_BAD_INPUT) from None
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        # The words of a failed save (app.files.atomic), which is what this would become later.
        raise CliError(f"Cannot save “{path.name}”: {exc.strerror or exc}.", EXIT_FAILED) from None


def _quiet_broken_pipe() -> int:
    """The reader of our output went away (`... | head -1`): stop without a traceback. stdout is pointed
    at devnull so that the interpreter's last flush at exit does not fail again (the Python docs' recipe)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return EXIT_FAILED


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
    from app.settings import app_settings

    app_settings().apply_model_dir()  # the model folder chosen in Preferences, as the editor uses it
    try:
        code = int(args.func(args) or 0)
        sys.stdout.flush()  # a closed pipe shows up here, not in the interpreter's flush at exit
        return code
    except BrokenPipeError:
        return _quiet_broken_pipe()
    except CliError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print("cancelled", file=sys.stderr)
        return EXIT_FAILED

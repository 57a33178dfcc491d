"""Kintsugi entry point.

    python main.py                 open the editor
    python main.py IMAGE           open the editor with IMAGE
    python main.py COMMAND ...     run a command headless (see --help)
"""
from __future__ import annotations

import sys


def _is_cli(argv: list[str]) -> bool:
    if not argv:
        return False
    if argv[0].startswith("-"):
        return True
    from app.cli import build_parser
    from widgets.screenshot import add_parser as add_screenshot

    commands = build_parser([add_screenshot])._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    return argv[0] in commands


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--self-test"]:  # the frozen app's spelling, as the installer build calls it
        argv = ["self-test", *argv[1:]]
    if _is_cli(argv):
        from app.cli import run_cli
        from widgets.screenshot import add_parser as add_screenshot

        return run_cli(argv, [add_screenshot])
    from widgets.application import run_gui

    return run_gui(argv[0] if argv else None)


if __name__ == "__main__":
    sys.exit(main())

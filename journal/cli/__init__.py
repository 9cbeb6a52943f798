"""The front door: the GUI with no command, subcommands for scripted use.

Every command prints one line per outcome on stdout, errors as one line on stderr.
Exit codes: 0 success, 1 failure or something refused, 2 bad usage, 3 something is due
(`due` only), 141 the output was closed before everything was written (`| head`).

Each group of commands lives in its own module with a `register(commands, journal_opt)` that
adds its parsers and sets `handler`; a new command is a new module listed in `_GROUPS`.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path

from journal import __version__
from journal.cli.base import EXIT_DUE, EXIT_FAILED, EXIT_OK, EXIT_PIPE, EXIT_USAGE, PROG, error
from journal.core.errors import JournalError
from journal.milestones import enable as enable_milestones
from journal.milestones import milestone

__all__ = [
    "EXIT_DUE",
    "EXIT_FAILED",
    "EXIT_OK",
    "EXIT_PIPE",
    "EXIT_USAGE",
    "build_parser",
    "gui_main",
    "main",
]

_GROUPS = (
    "journal.cli.library_cmds",
    "journal.cli.eyes_cmd",
    "journal.cli.sheet_cmd",
    "journal.cli.schedule_cmds",
    "journal.cli.chart_cmd",
    "journal.cli.redness_cmd",
    "journal.cli.demo_cmd",
    "journal.cli.timelapse_cmd",
    "journal.cli.capture_cmd",
)


_APP_FLAGS = frozenset({"--demo", "--background", "--debug"})


def names_a_command(argv: Sequence[str]) -> bool:
    """Whether `argv` may hold a command (or asks for help): only then are the command modules
    imported and their parsers built, which the app's start would otherwise pay for (~15 ms)."""
    tokens = iter(argv)
    for token in tokens:
        if token == "--journal":
            next(tokens, None)
        elif not (token in _APP_FLAGS or token.startswith("--journal=")):
            return True
    return False


def build_parser(commands_too: bool = True) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Progress Journal: a private, offline photo journal for a course of skin treatments. "
        "With no command, starts the app.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    journal_opt = argparse.ArgumentParser(add_help=False)
    journal_opt.add_argument(
        "--journal",
        metavar="DIR",
        type=Path,
        default=argparse.SUPPRESS,
        help="the journal folder (default: the one in your user data folder)",
    )
    parser.add_argument(
        "--journal",
        metavar="DIR",
        type=Path,
        default=None,
        help="the journal folder (default: the one in your user data folder)",
    )
    parser.add_argument(
        "--demo", action="store_true", help="open the app on a fresh copy of the demo journal"
    )
    parser.add_argument(
        "--background", action="store_true", help="start in the tray only (for reminders at login)"
    )
    debug_help = "write timestamped milestones to standard error (for bug reports about speed)"
    parser.add_argument("--debug", action="store_true", help=debug_help)
    journal_opt.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=debug_help)
    if not commands_too:
        parser.set_defaults(command=None)
        return parser
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in _GROUPS:
        importlib.import_module(name).register(commands, journal_opt)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _run(argv)
    except BrokenPipeError:
        # The reader went away (`progress-journal eyes --json | head`): stop quietly, as a
        # program killed by SIGPIPE would. What was done until then (imports, eye points) is kept.
        _drop_stdout()
        return EXIT_PIPE


def _run(argv: Sequence[str] | None) -> int:
    parser = build_parser(names_a_command(sys.argv[1:] if argv is None else argv))
    try:
        args = parser.parse_args(argv)
    except SystemExit:
        # --help, --version and usage errors: argparse ignores a failed write, but the text may
        # still wait in stdout's buffer for the flush at exit. Flush it here, where a closed
        # pipe is handled.
        sys.stdout.flush()
        raise
    _debug_if_asked(args)
    if args.command is None:
        from journal.ui.app import run_app

        return run_app(journal_folder=args.journal, demo=args.demo, background=args.background)
    try:
        code: int = args.handler(args)
        milestone(f"{args.command} finished")
        return code
    except JournalError as exc:
        error(str(exc))
        return EXIT_FAILED
    except KeyboardInterrupt:
        error("interrupted")
        return 130


def gui_main(argv: Sequence[str] | None = None) -> int:
    """`progress-journal-gui`: the app's own launcher, installed as a gui-script (no console
    window on Windows; the desktop entry and start-at-login use it). It takes the app's
    options (--journal, --demo, --background); commands belong to `progress-journal`."""
    import os
    import sys

    # pythonw (Windows) gives a gui-script no stdout or stderr: what is written goes nowhere
    # rather than failing.
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 - lives as long as the process
    args = build_parser(names_a_command(sys.argv[1:] if argv is None else argv)).parse_args(argv)
    _debug_if_asked(args)
    if args.command is not None:
        error(f"{args.command}: commands are run with `{PROG}`; `{PROG}-gui` starts the app")
        return EXIT_USAGE
    from journal.ui.app import run_app

    return run_app(journal_folder=args.journal, demo=args.demo, background=args.background)


def _debug_if_asked(args: argparse.Namespace) -> None:
    if getattr(args, "debug", False):
        enable_milestones()
        milestone("arguments read")


def _drop_stdout() -> None:
    """Point stdout at /dev/null, so the flush at exit finds no closed pipe to complain about."""
    import os

    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return  # not a real file (a test's stand-in): nothing is flushed at exit
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)

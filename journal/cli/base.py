"""What every command shares: exit codes, output lines, opening the journal."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from journal.core.text import plural

__all__ = ["EXIT_DUE", "EXIT_FAILED", "EXIT_OK", "EXIT_USAGE", "PROG", "plural"]

if TYPE_CHECKING:
    from journal.core.journal import Journal

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_DUE = 3

PROG = "progress-journal"


def parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def error(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr, flush=True)


def say(line: str) -> None:
    print(line, flush=True)


def folder_of(args: argparse.Namespace) -> Path:
    from journal.paths import default_journal_folder

    return Path(args.journal) if args.journal else default_journal_folder()


def open_journal(args: argparse.Namespace, read_only: bool = False) -> Journal:
    from journal.core.journal import Journal
    from journal.paths import cache_root

    journal = Journal.open(folder_of(args), cache_root(), read_only=read_only)
    for action in journal.recovery_actions:
        say(f"recovered: {action}")
    return journal

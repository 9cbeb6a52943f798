"""`demo DIR`: a lasting demo journal to try the commands on (the app's --demo is temporary).

Built by the same code as the app's --demo (journal/core/demo.py), with the eye points found,
so sheets come out aligned as they do in the app.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
from pathlib import Path

from journal.cli.base import EXIT_OK, EXIT_USAGE, error, parse_date, plural, say


def register(commands: argparse._SubParsersAction, journal_opt: argparse.ArgumentParser) -> None:
    p = commands.add_parser(
        "demo",
        help="create a demo journal (simulated photos) in a new or empty folder, to try the commands on",
    )
    p.add_argument("folder", type=Path, metavar="DIR")
    p.add_argument("--today", type=parse_date, help=argparse.SUPPRESS)  # the course ends two weeks before
    p.set_defaults(handler=run_demo)


def run_demo(args: argparse.Namespace) -> int:
    from journal.core.dates import date_range
    from journal.core.demo import build_demo
    from journal.core.eyes import locate
    from journal.core.fsutil import remove_tree
    from journal.paths import cache_root

    folder: Path = args.folder
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        error(f"the demo needs a new or empty folder; {folder} already holds files")
        return EXIT_USAGE
    existed = folder.exists()
    try:
        with build_demo(folder, cache_root(), today=args.today or dt.date.today()) as journal:
            for photo in journal.photos():
                locate(journal, photo)
            sessions = journal.sessions()
            photos = len(journal.photos())
    except BaseException:
        # Interrupted or failed half-way: leave no half-built journal behind (only what we made).
        with contextlib.suppress(OSError):
            if folder.exists():
                remove_tree(folder)
            if existed:
                folder.mkdir()
        raise
    span = date_range(sessions[0].date, sessions[-1].date)
    say(
        f"created: a demo journal in {folder} ({plural(len(sessions), 'session')}, "
        f"{plural(photos, 'photo')}, {span}; the photos are simulated)"
    )
    return EXIT_OK

"""`sheet`: a comparison sheet as PDF, from the same renderer as the app."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from journal.cli.base import EXIT_FAILED, EXIT_OK, EXIT_USAGE, error, open_journal, parse_date, plural, say


def register(commands: argparse._SubParsersAction, journal_opt: argparse.ArgumentParser) -> None:
    p = commands.add_parser("sheet", parents=[journal_opt], help="write a comparison sheet as PDF")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument(
        "--before", type=parse_date, metavar="DATE", help="the before session's date (with --after)"
    )
    what.add_argument("--timeline", action="store_true", help="one angle across the sessions")
    p.add_argument("--after", type=parse_date, metavar="DATE", help="the after session's date")
    p.add_argument(
        "--sessions",
        type=_dates,
        metavar="DATE,DATE,...",
        help="with --timeline: the sessions to show (default: all that fit on a page)",
    )
    p.add_argument("--angle", choices=["front", "left", "right", "all"], default="front")
    p.add_argument("--page", choices=["a4", "letter"], default=None, help="default: from your locale")
    p.add_argument("--landscape", action="store_true")
    p.add_argument("--no-ratings", action="store_true")
    p.add_argument("--no-notes", action="store_true")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.pdf")
    p.set_defaults(handler=run_sheet)


def _dates(text: str) -> list[dt.date]:
    return [parse_date(part.strip()) for part in text.split(",") if part.strip()]


def run_sheet(args: argparse.Namespace) -> int:
    import os

    from journal.core.models import Angle

    if args.before is not None and args.after is None:
        error("--before needs --after (the two sessions to compare)")
        return EXIT_USAGE
    if args.timeline and args.angle == "all":
        error("a timeline shows one angle: --angle front, left or right")
        return EXIT_USAGE
    if args.sessions is not None and not args.timeline:
        error("--sessions goes with --timeline (a pair takes --before and --after)")
        return EXIT_USAGE
    if args.output.is_dir():
        error(f"the output is a folder, not a file: {args.output}")
        return EXIT_USAGE
    if not args.output.parent.is_dir():
        error(f"no such folder: {args.output.parent}")
        return EXIT_FAILED
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # scripts and servers have no screen
    from PySide6.QtGui import QGuiApplication

    from journal.render.sheet_data import SheetError, pair_sheet, timeline_sheet
    from journal.render.sheet_painter import locale_page_size, write_pdf

    app = QGuiApplication.instance() or QGuiApplication(["progress-journal"])
    with open_journal(args, read_only=True) as journal:
        ratings, notes = not args.no_ratings, not args.no_notes
        if args.timeline:
            chosen = None
            if args.sessions is not None:
                by_date = {s.date: s for s in reversed(journal.sessions())}
                unknown = [day.isoformat() for day in args.sessions if day not in by_date]
                if unknown:
                    raise SheetError(f"no session on {', '.join(unknown)}")
                chosen = [by_date[day] for day in args.sessions]
            data = timeline_sheet(journal, Angle(args.angle), chosen, ratings=ratings, notes=notes)
        else:
            angle = None if args.angle == "all" else Angle(args.angle)
            data = pair_sheet(journal, args.before, args.after, angle, ratings, notes)
        pages = write_pdf(data, args.output, journal, args.page or locale_page_size(), args.landscape)
    del app
    for line in data.notices:
        say(line)
    say(f"written: {args.output} ({plural(pages, 'page')}, {data.pdf_title})")
    return EXIT_OK

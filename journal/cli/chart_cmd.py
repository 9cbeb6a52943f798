"""`chart`: the progress charts (self-ratings, measured redness) as PDF, PNG or SVG, drawn by
the same code as the app's view and sheets."""

from __future__ import annotations

import argparse
from pathlib import Path

from journal.cli.base import EXIT_FAILED, EXIT_OK, EXIT_USAGE, error, open_journal, plural, say


def register(commands: argparse._SubParsersAction, journal_opt: argparse.ArgumentParser) -> None:
    p = commands.add_parser(
        "chart",
        parents=[journal_opt],
        help="write the progress charts (ratings, measured redness) as PDF, PNG or SVG",
    )
    p.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.pdf|.png|.svg")
    p.add_argument(
        "--angle",
        choices=["front", "left", "right"],
        action="append",
        help="the redness chart of this angle (repeatable); default: every angle with regions set",
    )
    p.add_argument("--no-redness", action="store_true", help="the ratings chart only")
    p.add_argument(
        "--page", choices=["a4", "letter"], default=None, help="PDF page; default: from your locale"
    )
    p.add_argument("--landscape", action="store_true", help="PDF page orientation")
    p.add_argument(
        "--theme",
        choices=["light", "dark", "print"],
        default="light",
        help="colours: light, dark (PNG/SVG), or print (black and white)",
    )
    p.set_defaults(handler=run_chart)


def run_chart(args: argparse.Namespace) -> int:
    import os

    out: Path = args.output
    if out.suffix.lower() not in (".pdf", ".png", ".svg"):
        error(f"the output must end in .pdf, .png or .svg: {out}")
        return EXIT_USAGE
    if out.is_dir():
        error(f"the output is a folder, not a file: {out}")
        return EXIT_USAGE
    if not out.parent.is_dir():
        error(f"no such folder: {out.parent}")
        return EXIT_FAILED
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # scripts and servers have no screen
    from dataclasses import replace

    from PySide6.QtGui import QGuiApplication

    from journal.core.models import Angle
    from journal.render.chart_painter import DARK, LIGHT, PRINT
    from journal.render.chart_sheet import chart_sheet, write_sheet
    from journal.render.sheet_painter import locale_page_size

    app = QGuiApplication.instance() or QGuiApplication(["progress-journal"])
    palette = {"light": LIGHT, "dark": DARK, "print": PRINT}[args.theme]
    if out.suffix.lower() == ".pdf" and args.theme == "light":
        palette = replace(LIGHT, background=None)  # paper is the background
    angles = [] if args.no_redness else ([Angle(a) for a in args.angle] if args.angle else None)
    with open_journal(args, read_only=True) as journal:
        sheet = chart_sheet(journal, angles)
    pages = write_sheet(sheet, out, args.page or locale_page_size(), args.landscape, palette)
    del app
    say(f"written: {out} ({plural(pages, 'page')}, {plural(len(sheet.charts), 'chart')}, {sheet.pdf_title})")
    return EXIT_OK

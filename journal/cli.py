"""The front door: the GUI with no command, subcommands for scripted use.

Every command prints one line per outcome on stdout, errors as one line on stderr.
Exit codes: 0 success, 1 failure or something refused, 2 bad usage, 3 something is due
(`due` only).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from journal import __version__
from journal.core.errors import JournalError

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_DUE = 3

PROG = "progress-journal"


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def build_parser() -> argparse.ArgumentParser:
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
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = commands.add_parser("init", parents=[journal_opt], help="create a new journal")
    p.add_argument("--name", default="My journal")
    p.add_argument("--treatment", default="Microneedling")
    p.add_argument("--interval", type=int, default=28, metavar="DAYS", help="days between sessions (7–90)")

    p = commands.add_parser("import", parents=[journal_opt], help="import photos into a session")
    p.add_argument("--date", type=_date, required=True, help="the session date, YYYY-MM-DD")
    p.add_argument("--kind", choices=["treatment", "check-in"], default="treatment")
    p.add_argument(
        "--angle",
        choices=["front", "left", "right", "other"],
        help="the angle of every file (default: from the file name, else other)",
    )
    p.add_argument("--workers", type=int, default=2, help=argparse.SUPPRESS)
    p.add_argument("files", nargs="+", metavar="FILE")

    p = commands.add_parser("sessions", parents=[journal_opt], help="list sessions with photo counts")
    p.add_argument("--json", action="store_true")

    p = commands.add_parser("verify", parents=[journal_opt], help="check every photo and the database")
    p.add_argument(
        "--repair", action="store_true", help="adopt or quarantine unknown files, rebuild thumbnails"
    )

    p = commands.add_parser("eyes", parents=[journal_opt], help="detect eye points for alignment")
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--redetect",
        action="store_true",
        help="detect again where it was done before (points set by hand are kept)",
    )

    p = commands.add_parser("sheet", parents=[journal_opt], help="write a comparison sheet as PDF")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--before", type=_date, metavar="DATE", help="the before session's date (with --after)")
    what.add_argument("--timeline", action="store_true", help="one angle across the sessions")
    p.add_argument("--after", type=_date, metavar="DATE", help="the after session's date")
    p.add_argument("--angle", choices=["front", "left", "right", "all"], default="front")
    p.add_argument("--page", choices=["a4", "letter"], default=None, help="default: from your locale")
    p.add_argument("--landscape", action="store_true")
    p.add_argument("--no-ratings", action="store_true")
    p.add_argument("--no-notes", action="store_true")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.pdf")

    p = commands.add_parser("due", parents=[journal_opt], help="when the next session and check-in are due")
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--notify", action="store_true", help="also show a desktop notification when something is due"
    )
    p.add_argument("--today", type=_date, help=argparse.SUPPRESS)  # for tests and what-ifs

    p = commands.add_parser(
        "calendar", parents=[journal_opt], help="export the schedule as an .ics file with alarms"
    )
    p.add_argument("out", type=Path, metavar="OUT.ics")

    p = commands.add_parser("backup", parents=[journal_opt], help="write the whole journal to one .zip")
    p.add_argument("out", type=Path, metavar="OUT.zip")

    p = commands.add_parser(
        "restore", parents=[journal_opt], help="restore a backup into an empty journal folder"
    )
    p.add_argument("archive", type=Path, metavar="IN.zip")

    p = commands.add_parser(
        "export-folder",
        parents=[journal_opt],
        help="write a plain folder: photos without metadata, sessions.csv, journal.md",
    )
    p.add_argument("out", type=Path, metavar="DIR")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from journal.ui.app import run_app

        return run_app(journal_folder=args.journal, demo=args.demo, background=args.background)
    handler = _COMMANDS[args.command]
    try:
        return handler(args)
    except JournalError as exc:
        _error(str(exc))
        return EXIT_FAILED
    except KeyboardInterrupt:
        _error("interrupted")
        return 130


def _error(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr, flush=True)


def _say(line: str) -> None:
    print(line, flush=True)


def _folder(args: argparse.Namespace) -> Path:
    from journal.paths import default_journal_folder

    return Path(args.journal) if args.journal else default_journal_folder()


def _open(args: argparse.Namespace, read_only: bool = False):  # type: ignore[no-untyped-def]
    from journal.core.journal import Journal
    from journal.paths import cache_root

    journal = Journal.open(_folder(args), cache_root(), read_only=read_only)
    for action in journal.recovery_actions:
        _say(f"recovered: {action}")
    return journal


def _cmd_init(args: argparse.Namespace) -> int:
    from journal.core.journal import Journal
    from journal.core.models import JournalSettings
    from journal.paths import cache_root

    settings = JournalSettings(name=args.name, treatment=args.treatment, interval_days=args.interval)
    try:
        settings.validated()
    except ValueError as exc:
        _error(str(exc))
        return EXIT_USAGE
    folder = _folder(args)
    Journal.create(folder, settings, cache_root()).close()
    _say(f"created: a new journal in {folder}")
    return EXIT_OK


def _cmd_import(args: argparse.Namespace) -> int:
    from journal.core.models import Angle, Kind, guess_angle

    with _open(args) as journal:
        session = journal.find_or_add_session(args.date, Kind(args.kind))

        def run(path: str):  # type: ignore[no-untyped-def]
            angle = Angle(args.angle) if args.angle else guess_angle(path)
            return journal.import_file(path, session.id, angle)

        refused = 0
        with ThreadPoolExecutor(max_workers=max(1, args.workers)) as pool:
            for result in pool.map(run, args.files):
                _say(result.line())
                refused += result.status == "refused"
    return EXIT_FAILED if refused else EXIT_OK


def _cmd_sessions(args: argparse.Namespace) -> int:
    from journal.core.course import course_positions

    with _open(args, read_only=True) as journal:
        summaries = journal.session_summaries()
        positions = course_positions(s.session for s in summaries)
        if args.json:
            rows = []
            for summary in summaries:
                s, pos = summary.session, positions[summary.session.id]
                rows.append(
                    {
                        "id": s.id,
                        "date": s.date.isoformat(),
                        "kind": s.kind.value,
                        "number": pos.number,
                        "week": pos.week,
                        "photos": summary.photo_count,
                        "notes": s.notes,
                        "device": s.device,
                        "needle_depth_mm": s.needle_depth_mm,
                        "product": s.product,
                        "provider": s.provider,
                        "areas": s.areas,
                        "pain": s.pain,
                        "ratings": s.ratings(),
                    }
                )
            _say(json.dumps(rows, indent=2, ensure_ascii=False))
            return EXIT_OK
        if not summaries:
            _say("no sessions yet")
        for summary in summaries:
            s = summary.session
            label = positions[s.id].label(s.kind)
            count = summary.photo_count
            photos = f"{count} photo{'s' if count != 1 else ''}"
            _say(f"{s.date.isoformat()}  {s.kind.value:<9}  {label:<24}  {photos}")
    return EXIT_OK


def _cmd_verify(args: argparse.Namespace) -> int:
    from journal.core.verify import verify

    with _open(args) as journal:
        report = verify(journal, repair=args.repair)
    for line in report.repaired:
        _say(f"repaired: {line}")
    for line in report.notes:
        _say(f"note: {line}")
    for line in report.problems:
        _say(f"problem: {line}")
    if report.clean:
        _say(f"ok: {report.checked} photo{'s' if report.checked != 1 else ''} checked, journal is clean")
        return EXIT_OK
    _say(f"{len(report.problems)} problem{'s' if len(report.problems) != 1 else ''} found")
    return EXIT_FAILED


def _cmd_eyes(args: argparse.Namespace) -> int:
    from journal.core.eyes import locate

    rows = []
    with _open(args) as journal:
        for photo in journal.photos():
            if photo.eyes is not None and photo.eyes.source == "manual":
                status = "set by hand"
            elif not photo.eyes_checked or args.redetect:
                try:
                    photo = locate(journal, photo)
                except JournalError as exc:
                    rows.append({"photo": photo.original_name, "angle": photo.angle.value, "error": str(exc)})
                    continue
                status = "detected"
            else:
                status = "stored"
            row: dict[str, object] = {
                "photo": photo.original_name,
                "angle": photo.angle.value,
                "path": photo.rel_path,
            }
            if photo.eyes is None:
                row["eyes"] = None
                row["reason"] = "no face with two eyes found"
            else:
                left, right = photo.eyes.in_pixels(photo.width, photo.height)
                row["eyes"] = {
                    "left": [round(left[0], 1), round(left[1], 1)],
                    "right": [round(right[0], 1), round(right[1], 1)],
                }
                row["source"] = status
            rows.append(row)
    if args.json:
        _say(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        for row in rows:
            head = f"{row['photo']}  {row['angle']:<5}"
            if "error" in row:
                _say(f"{head}  cannot read: {row['error']}")
            elif row["eyes"] is None:
                _say(f"{head}  no eyes: {row['reason']}")
            else:
                eyes = row["eyes"]
                assert isinstance(eyes, dict)
                (lx, ly), (rx, ry) = eyes["left"], eyes["right"]
                _say(f"{head}  left ({lx:.1f}, {ly:.1f})  right ({rx:.1f}, {ry:.1f})  [{row['source']}]")
    return EXIT_FAILED if any("error" in r for r in rows) else EXIT_OK


def _cmd_sheet(args: argparse.Namespace) -> int:
    import os

    from journal.core.models import Angle

    if args.before is not None and args.after is None:
        _error("--before needs --after (the two sessions to compare)")
        return EXIT_USAGE
    if args.timeline and args.angle == "all":
        _error("a timeline shows one angle: --angle front, left or right")
        return EXIT_USAGE
    if args.output.is_dir():
        _error(f"the output is a folder, not a file: {args.output}")
        return EXIT_USAGE
    if not args.output.parent.is_dir():
        _error(f"no such folder: {args.output.parent}")
        return EXIT_FAILED
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # scripts and servers have no screen
    from PySide6.QtGui import QGuiApplication

    from journal.render.sheet_data import pair_sheet, timeline_sheet
    from journal.render.sheet_painter import locale_page_size, write_pdf

    app = QGuiApplication.instance() or QGuiApplication(["progress-journal"])
    with _open(args, read_only=True) as journal:
        ratings, notes = not args.no_ratings, not args.no_notes
        if args.timeline:
            data = timeline_sheet(journal, Angle(args.angle), ratings=ratings, notes=notes)
        else:
            angle = None if args.angle == "all" else Angle(args.angle)
            data = pair_sheet(journal, args.before, args.after, angle, ratings, notes)
        pages = write_pdf(data, args.output, journal, args.page or locale_page_size(), args.landscape)
    del app
    _say(f"written: {args.output} ({pages} page{'s' if pages != 1 else ''}, {data.pdf_title})")
    return EXIT_OK


def _cmd_due(args: argparse.Namespace) -> int:
    from journal.core.schedule import State, complete_text, describe, schedule

    today = args.today or dt.date.today()
    with _open(args, read_only=True) as journal:
        plan = schedule(journal.sessions(), journal.settings, today)
        name = journal.settings.name
    lines = [describe(r) for r in plan.reminders]
    if plan.state is State.NO_SESSIONS:
        lines.insert(0, "No sessions yet: log your first session to start the schedule")
    elif plan.state is State.COMPLETE:
        lines.insert(0, complete_text(plan))
    if args.json:
        payload = {
            "journal": name,
            "today": today.isoformat(),
            "state": plan.state.value,
            "treatments_done": plan.treatments_done,
            "planned": plan.planned,
            "reminders": [
                {
                    "kind": r.kind,
                    "due": r.due.isoformat(),
                    "days": r.days,
                    "state": r.state.value,
                    "number": r.number,
                }
                for r in plan.reminders
            ],
            "pressing": plan.pressing,
        }
        _say(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        for line in lines:
            _say(line)
    if args.notify and plan.pressing:
        from journal.notify import desktop_notification

        shown = desktop_notification(
            "Progress Journal", "\n".join(describe(r) for r in plan.reminders if r.pressing)
        )
        if not shown:
            _say("no desktop notifier available (notify-send, osascript); the lines above say it")
    return EXIT_DUE if plan.pressing else EXIT_OK


def _cmd_calendar(args: argparse.Namespace) -> int:
    from journal.core.calendar_export import write_calendar

    with _open(args, read_only=True) as journal:
        out = write_calendar(journal, args.out, dt.date.today())
    _say(f"written: {out}")
    return EXIT_OK


def _cmd_backup(args: argparse.Namespace) -> int:
    from journal.core.archive import write_backup

    with _open(args, read_only=True) as journal:
        out = write_backup(journal, args.out)
        count = len(journal.store.photos(deleted=None))
    _say(f"backed up: {count} photos and the database to {out}")
    return EXIT_OK


def _cmd_restore(args: argparse.Namespace) -> int:
    from journal.core.archive import restore_backup

    target = restore_backup(args.archive, _folder(args))
    _say(f"restored: {args.archive} into {target}")
    return EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    from journal.core.export import export_folder

    with _open(args, read_only=True) as journal:
        out = export_folder(journal, args.out)
        count = len(journal.photos())
    _say(f"exported: {count} photos, sessions.csv and journal.md to {out}")
    return EXIT_OK


_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "init": _cmd_init,
    "import": _cmd_import,
    "sessions": _cmd_sessions,
    "verify": _cmd_verify,
    "eyes": _cmd_eyes,
    "sheet": _cmd_sheet,
    "due": _cmd_due,
    "calendar": _cmd_calendar,
    "backup": _cmd_backup,
    "restore": _cmd_restore,
    "export-folder": _cmd_export,
}

"""Commands on the journal itself: init, import, sessions, verify, backup, restore, export-folder."""

from __future__ import annotations

import argparse
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from journal.cli.base import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    error,
    folder_of,
    open_journal,
    parse_date,
    plural,
    say,
)


def register(commands: argparse._SubParsersAction, journal_opt: argparse.ArgumentParser) -> None:
    p = commands.add_parser("init", parents=[journal_opt], help="create a new journal")
    p.add_argument("--name", default="My journal")
    p.add_argument("--treatment", default="Microneedling")
    p.add_argument("--interval", type=int, default=28, metavar="DAYS", help="days between sessions (7–90)")
    p.set_defaults(handler=run_init)

    p = commands.add_parser("import", parents=[journal_opt], help="import photos into a session")
    p.add_argument("--date", type=parse_date, required=True, help="the session date, YYYY-MM-DD")
    p.add_argument("--kind", choices=["treatment", "check-in"], default="treatment")
    p.add_argument(
        "--angle",
        choices=["front", "left", "right", "other"],
        help="the angle of every file (default: from the file name, else other)",
    )
    p.add_argument("--workers", type=int, default=2, help=argparse.SUPPRESS)
    p.add_argument("files", nargs="+", metavar="FILE")
    p.set_defaults(handler=run_import)

    p = commands.add_parser("sessions", parents=[journal_opt], help="list sessions with photo counts")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=run_sessions)

    p = commands.add_parser("verify", parents=[journal_opt], help="check every photo and the database")
    p.add_argument(
        "--repair", action="store_true", help="adopt or quarantine unknown files, rebuild thumbnails"
    )
    p.set_defaults(handler=run_verify)

    p = commands.add_parser("backup", parents=[journal_opt], help="write the whole journal to one .zip")
    p.add_argument("out", type=Path, metavar="OUT.zip")
    p.set_defaults(handler=run_backup)

    p = commands.add_parser(
        "restore", parents=[journal_opt], help="restore a backup into an empty journal folder"
    )
    p.add_argument("archive", type=Path, metavar="IN.zip")
    p.set_defaults(handler=run_restore)

    p = commands.add_parser(
        "export-folder",
        parents=[journal_opt],
        help="write a plain folder: photos without metadata, sessions.csv, journal.md",
    )
    p.add_argument("out", type=Path, metavar="DIR")
    p.set_defaults(handler=run_export)


def run_init(args: argparse.Namespace) -> int:
    from journal.core.journal import Journal
    from journal.core.models import JournalSettings
    from journal.paths import cache_root

    settings = JournalSettings(name=args.name, treatment=args.treatment, interval_days=args.interval)
    try:
        settings.validated()
    except ValueError as exc:
        error(str(exc))
        return EXIT_USAGE
    folder = folder_of(args)
    Journal.create(folder, settings, cache_root()).close()
    say(f"created: a new journal in {folder}")
    return EXIT_OK


def run_import(args: argparse.Namespace) -> int:
    from journal.core.models import Angle, Kind, NewSession, guess_angle

    with open_journal(args) as journal:
        # The session is only made when a photo lands: a batch of duplicates leaves no empty one.
        target = journal.import_target(args.date, Kind(args.kind))

        def run(path: str):  # type: ignore[no-untyped-def]
            angle = Angle(args.angle) if args.angle else guess_angle(path)
            return journal.import_file(path, target, angle)

        refused = 0
        with ThreadPoolExecutor(max_workers=max(1, args.workers)) as pool:
            for result in pool.map(run, args.files):
                say(result.line())
                refused += result.status == "refused"
        if isinstance(target, NewSession) and target.session is None:
            say(f"no session made for {args.date.isoformat()}: no photo was imported")
    return EXIT_FAILED if refused else EXIT_OK


def run_sessions(args: argparse.Namespace) -> int:
    from journal.core.course import course_positions

    with open_journal(args, read_only=True) as journal:
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
            say(json.dumps(rows, indent=2, ensure_ascii=False))
            return EXIT_OK
        if not summaries:
            say("no sessions yet")
        for summary in summaries:
            s = summary.session
            label = positions[s.id].label(s.kind)
            say(
                f"{s.date.isoformat()}  {s.kind.value:<9}  {label:<24}  {plural(summary.photo_count, 'photo')}"
            )
    return EXIT_OK


def run_verify(args: argparse.Namespace) -> int:
    from journal.core.verify import verify

    with open_journal(args) as journal:
        report = verify(journal, repair=args.repair)
    for line in report.repaired:
        say(f"repaired: {line}")
    for line in report.notes:
        say(f"note: {line}")
    for line in report.problems:
        say(f"problem: {line}")
    if report.clean:
        say(f"ok: {plural(report.checked, 'photo')} checked, journal is clean")
        return EXIT_OK
    say(f"{plural(len(report.problems), 'problem')} found")
    return EXIT_FAILED


def run_backup(args: argparse.Namespace) -> int:
    from journal.core.archive import write_backup

    with open_journal(args, read_only=True) as journal:
        out = write_backup(journal, args.out)
        count = len(journal.store.photos(deleted=None))
    say(f"backed up: {plural(count, 'photo')} and the database to {out}")
    return EXIT_OK


def run_restore(args: argparse.Namespace) -> int:
    from journal.core.archive import restore_backup

    target = restore_backup(args.archive, folder_of(args))
    say(f"restored: {args.archive} into {target}")
    return EXIT_OK


def run_export(args: argparse.Namespace) -> int:
    from journal.core.export import export_folder

    with open_journal(args, read_only=True) as journal:
        out = export_folder(journal, args.out)
        count = len(journal.photos())
    say(f"exported: {plural(count, 'photo')}, sessions.csv and journal.md to {out}")
    return EXIT_OK

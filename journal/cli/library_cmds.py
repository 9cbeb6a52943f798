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
from journal.milestones import milestone


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
    p.add_argument(
        "--accept-changed",
        metavar="PHOTO",
        action="append",
        default=[],
        help="keep the current content of this photo (photos/…, as verify names it), which changed "
        "on disk, as its original; repeat for more",
    )
    p.set_defaults(handler=run_verify)

    p = commands.add_parser("backup", parents=[journal_opt], help="write the whole journal to one .zip")
    p.add_argument("out", type=Path, metavar="OUT.zip")
    p.add_argument(
        "--mark-damaged",
        action="store_true",
        help="back up even when photos changed on disk (stored as they are now) or are missing "
        "(left out); each is named in the backup and on a line here",
    )
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
    from concurrent.futures import Future

    from journal.core.errors import DiskFull, JournalError, JournalReadOnly, shown
    from journal.core.models import Angle, ImportResult, Kind, NewSession, guess_angle

    with open_journal(args) as journal:
        # The session is only made when a photo lands: a batch of duplicates leaves no empty one.
        target = journal.import_target(args.date, Kind(args.kind))
        stop: list[JournalError] = []  # a failure of the journal (not of one file) stops the rest

        def run(path: str) -> ImportResult | None:
            if stop:
                return None  # not tried: its line says why
            angle = Angle(args.angle) if args.angle else guess_angle(path)
            try:
                return journal.import_file(path, target, angle)
            except (DiskFull, JournalReadOnly) as exc:
                stop.append(exc)
                raise

        failed = 0
        with ThreadPoolExecutor(max_workers=max(1, args.workers)) as pool:
            futures: list[Future[ImportResult | None]] = [pool.submit(run, path) for path in args.files]
            for path, future in zip(args.files, futures, strict=True):
                # Every file gets its line, those after a full disk too.
                try:
                    result = future.result()
                except JournalError as exc:
                    say(f"failed: {shown(path)}: {exc}")
                    failed += 1
                    continue
                if result is None:
                    say(f"failed: {shown(path)}: not imported ({stop[0]})")
                    failed += 1
                    continue
                say(result.line())
                failed += result.status == "refused"
        milestone(f"import finished {plural(len(args.files), 'photo')}")
        if isinstance(target, NewSession) and target.session is None:
            say(f"no session made for {args.date.isoformat()}: no photo was imported")
        if stop:
            error(str(stop[0]))
    return EXIT_FAILED if failed else EXIT_OK


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
    from journal.core.errors import JournalError
    from journal.core.verify import accept_changed, verify

    with open_journal(args) as journal:
        refused = 0
        for rel_path in args.accept_changed:
            try:
                photo = accept_changed(journal, rel_path)
            except JournalError as exc:
                say(f"not accepted: {exc}")
                refused += 1
                continue
            say(
                f"accepted: {photo.rel_path} (its current content is now its original, SHA-256 {photo.sha256[:12]}…)"
            )
        report = verify(journal, repair=args.repair)
    for line in report.repaired:
        say(f"repaired: {line}")
    for line in report.notes:
        say(f"note: {line}")
    for line in report.problems:
        say(f"problem: {line}")
    if report.clean:
        say(f"ok: {plural(report.checked, 'photo')} checked, journal is clean")
        return EXIT_FAILED if refused else EXIT_OK
    say(f"{plural(len(report.problems), 'problem')} found")
    return EXIT_FAILED


def run_backup(args: argparse.Namespace) -> int:
    from journal.core.archive import back_up

    with open_journal(args, read_only=True) as journal:
        contents = back_up(journal, args.out, mark_damaged=args.mark_damaged)
    for rel_path, state in sorted(contents.damaged.items()):
        what = "changed on disk, stored as it is now" if state == "changed" else "missing, left out"
        say(f"marked: {rel_path}: {what}")
    say(f"backed up: {contents.summary()} and the database to {contents.path} (read back and checked)")
    return EXIT_OK


def run_restore(args: argparse.Namespace) -> int:
    from journal.core.archive import restore
    from journal.core.errors import shown

    contents = restore(args.archive, folder_of(args))
    say(f"restored: {shown(str(args.archive))} into {shown(str(contents.path))} ({contents.summary()})")
    return EXIT_OK


def run_export(args: argparse.Namespace) -> int:
    from journal.core.errors import shown
    from journal.core.export import export_folder

    with open_journal(args, read_only=True) as journal:
        out = export_folder(journal, args.out)
        count = len(journal.photos())
    say(f"exported: {plural(count, 'photo')}, sessions.csv and journal.md to {shown(str(out))}")
    return EXIT_OK

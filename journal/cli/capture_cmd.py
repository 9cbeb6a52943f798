"""`capture`: the capture view in a window of its own: take a session's photos with the camera,
or try it on a video or a folder of pictures (`--source FILE`) without a camera.

Prints which session the photos go into, then one line per photo as it is saved (the import's
own line), and ends when the window is closed (Done, Esc) or, with `--close-when-done`, once
every angle has its photo. Exit 0 when every photo taken was saved (none taken is fine), 1 when
one could not be saved or the picture failed (the camera's problem on stderr), 2 for bad usage.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from journal.cli.base import EXIT_FAILED, EXIT_OK, EXIT_USAGE, error, open_journal, parse_date, say

ANGLE_NAMES = ("front", "left", "right")
COUNTDOWNS = (1, 3, 5, 10)  # as the view offers them (journal.ui.shared.settings.COUNTDOWNS)


def register(commands: argparse._SubParsersAction, journal_opt: argparse.ArgumentParser) -> None:
    p = commands.add_parser(
        "capture",
        parents=[journal_opt],
        help="take a session's photos with the camera, lined up on an earlier session's (a window)",
        description="Opens the capture view on a session: the session of --date and --kind (default: "
        "today's treatment), made when the first photo is saved if there is none. --source plays a "
        "video or a folder of pictures instead of the camera, to try it without one.",
    )
    p.add_argument(
        "--source",
        type=Path,
        metavar="FILE",
        help="a video, or a folder of pictures, played in a loop instead of the camera",
    )
    p.add_argument("--date", type=parse_date, help="the session date, YYYY-MM-DD (default: today)")
    p.add_argument("--kind", choices=["treatment", "check-in"], default="treatment")
    p.add_argument(
        "--angles",
        default="front,left,right",
        metavar="LIST",
        help="the photos to take, in order (default: front,left,right)",
    )
    p.add_argument(
        "--auto",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="take each photo by itself once lined up (default: as last set in the app)",
    )
    p.add_argument(
        "--countdown",
        type=int,
        choices=COUNTDOWNS,
        help="seconds counted down before an automatic photo (default: as last set in the app)",
    )
    p.add_argument(
        "--close-when-done", action="store_true", help="close the window once every angle has its photo"
    )
    p.set_defaults(handler=run_capture)


def _angles(text: str) -> tuple[str, ...] | None:
    names = tuple(part.strip().lower() for part in text.split(",") if part.strip())
    if not names or len(set(names)) != len(names) or any(n not in ANGLE_NAMES for n in names):
        return None
    return names


def _cannot_play(path: Path) -> str:
    """Why the file cannot be played ("": it can), found before any window opens."""
    from journal.core.capture.files import FileSource
    from journal.core.capture.frames import CameraError

    source = FileSource(path, paced=False)
    try:
        source.open()
        source.read()
    except CameraError as exc:
        return str(exc)
    finally:
        source.close()
    return ""


def run_capture(args: argparse.Namespace) -> int:
    names = _angles(args.angles)
    if names is None:
        error(f"--angles takes front, left and right, each once, comma-separated; not {args.angles!r}")
        return EXIT_USAGE
    source_path: Path | None = args.source
    if source_path is not None:
        if not source_path.exists():
            error(f"no such file or folder: {source_path}")
            return EXIT_FAILED
        problem = _cannot_play(source_path)
        if problem:
            error(problem)
            return EXIT_FAILED

    from PySide6.QtCore import QSettings

    from journal import APP_ID, APP_NAME
    from journal.core.capture.session import ShotOutcome, ShotStatus, source_for
    from journal.core.errors import JournalReadOnly
    from journal.core.models import Angle, Kind, NewSession
    from journal.paths import log_folder
    from journal.ui.app import make_application, quit_on_termination
    from journal.ui.capture.standalone import run_capture_window
    from journal.ui.capture.texts import session_title
    from journal.ui.shared.crash import install_crash_handler
    from journal.ui.shared.settings import Settings

    app = make_application()
    install_crash_handler(log_folder)
    # Ctrl+C and SIGTERM end the capture as Done does: a photo being saved lands, and is said.
    quit_on_termination(app, lambda: None)
    settings = Settings(QSettings(APP_ID, APP_NAME))  # the camera the app remembers, and its options
    day: dt.date = args.date or dt.date.today()
    problems: list[str] = []
    with open_journal(args) as journal:
        if journal.read_only:
            raise JournalReadOnly("this journal is open read-only: photos cannot be added")
        target = journal.import_target(day, Kind(args.kind))
        if isinstance(target, NewSession):
            say(
                f"capturing into: a new {args.kind} session dated {day.isoformat()}, made when the first photo is saved"
            )
        else:
            say(f"capturing into: {session_title(journal, target)}")

        def shot(outcome: ShotOutcome) -> None:
            say(outcome.line())

        outcomes = run_capture_window(
            journal,
            target,
            settings,
            source=source_for(source_path) if source_path is not None else None,
            angles=tuple(Angle(n) for n in names),
            auto=args.auto,
            countdown=args.countdown,
            close_when_done=args.close_when_done,
            on_shot=shot,
            on_problem=problems.append,
        )
        if isinstance(target, NewSession) and target.session is None:
            say(f"no session made for {day.isoformat()}: no photo was saved")
    saved = {ShotStatus.SAVED, ShotStatus.DUPLICATE}
    last: dict[Angle, ShotStatus] = {}
    for outcome in outcomes:
        last[outcome.angle] = outcome.status
    unsaved = [status for status in last.values() if status not in saved]
    for problem in problems[-1:]:
        error(problem)
    return EXIT_FAILED if unsaved or problems else EXIT_OK

"""`timelapse`: the course as a short film of aligned photos, one angle at a time."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from journal.cli.base import EXIT_FAILED, EXIT_OK, EXIT_USAGE, error, open_journal, parse_date, say


def _size(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d{1,5})\s*[xX×]\s*(\d{1,5})\s*", text)
    if match is None:
        raise argparse.ArgumentTypeError(f"not a size (WIDTHxHEIGHT, e.g. 720x900): {text!r}")
    return int(match.group(1)), int(match.group(2))


def _seconds(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None


def register(commands: argparse._SubParsersAction, journal_opt: argparse.ArgumentParser) -> None:
    p = commands.add_parser(
        "timelapse",
        parents=[journal_opt],
        help="write the course as a short film of aligned photos (MP4, WebM, GIF or WebP)",
        description="One frame per session of the angle (the photo marked as the session's, else its "
        "first), aligned on the eyes to the first frame and cropped to the face. Sessions without "
        "that angle, or whose photo has no eye points, are left out with a line saying which.",
    )
    p.add_argument("--angle", choices=["front", "left", "right"], default="front")
    p.add_argument("--from", dest="first", type=parse_date, metavar="DATE", help="first session day")
    p.add_argument("--to", dest="last", type=parse_date, metavar="DATE", help="last session day")
    p.add_argument(
        "--seconds-per-session",
        type=_seconds,
        default=0.5,
        metavar="S",
        help="how long each session shows (default 0.5)",
    )
    p.add_argument("--crossfade", action="store_true", help="fade from each session into the next")
    p.add_argument(
        "--size", type=_size, default=(720, 900), metavar="WxH", help="frame size (default 720x900)"
    )
    p.add_argument("--no-dates", action="store_true", help="leave out the date and week on each frame")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.mp4|.webm|.gif|.webp")
    p.set_defaults(handler=run_timelapse)


def run_timelapse(args: argparse.Namespace) -> int:
    from journal.core import timelapse
    from journal.core.models import Angle
    from journal.core.timelapse_encode import check_available

    options = timelapse.TimelapseOptions(
        angle=Angle(args.angle),
        first=args.first,
        last=args.last,
        size=args.size,
        seconds_per_session=args.seconds_per_session,
        crossfade=args.crossfade,
        dates=not args.no_dates,
    )
    try:
        options.validated()
        fmt = timelapse.Format.for_path(args.output)
    except timelapse.TimelapseError as exc:
        error(str(exc))
        return EXIT_USAGE
    if args.output.is_dir():
        error(f"the output is a folder, not a file: {args.output}")
        return EXIT_USAGE
    if not args.output.parent.is_dir():
        error(f"no such folder: {args.output.parent}")
        return EXIT_FAILED
    check_available(fmt)  # before any work: a missing codec is known at once
    with open_journal(args, read_only=True) as journal:
        plan = timelapse.plan(journal, options)
        for skip in plan.skipped:
            say(skip.line())
        written = timelapse.write(journal, plan, args.output)
    say(written.line())
    return EXIT_OK

"""`redness`: Δa* measured from the photos of one angle, per photo, with its uncertainty."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from journal.cli.base import EXIT_FAILED, EXIT_OK, open_journal, say

if TYPE_CHECKING:
    from journal.core.regions import Circle


def _circle(text: str) -> Circle:
    from journal.core.regions import parse_circle_spec

    try:
        return parse_circle_spec(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def register(commands: argparse._SubParsersAction, journal_opt: argparse.ArgumentParser) -> None:
    p = commands.add_parser(
        "redness",
        parents=[journal_opt],
        help="measure redness (Δa*, treated minus reference skin) from the photos; not a medical assessment",
        description="Δa* = mean a* (CIELAB, D65) of the treated regions minus that of the reference "
        "regions, in the same photo, for every photo of one angle. Regions are circles X,Y,R in the "
        "face frame: origin between the eyes, unit the distance between them, x towards the eye on "
        "the photo's right, y down the face. Colour measured from photos; not a medical assessment.",
    )
    p.add_argument("--angle", choices=["front", "left", "right", "other"], default="front")
    p.add_argument(
        "--treated",
        type=_circle,
        action="append",
        metavar="X,Y,R",
        help="a treated region (repeatable); default: the regions stored in the journal",
    )
    p.add_argument(
        "--reference",
        type=_circle,
        action="append",
        metavar="X,Y,R",
        help="an untreated reference region (repeatable); default: the regions stored in the journal",
    )
    p.add_argument(
        "--save",
        action="store_true",
        help="store the regions given with --treated/--reference in the journal",
    )
    p.add_argument("--json", action="store_true", help="one object per photo")
    p.set_defaults(handler=run_redness)


def run_redness(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from journal.cli.base import EXIT_USAGE, error
    from journal.core.models import Angle
    from journal.core.redness import LABEL
    from journal.core.redness_trend import measure_trend

    angle = Angle(args.angle)
    if args.save and not (args.treated or args.reference):
        error("--save stores the regions given with --treated and --reference; give at least one")
        return EXIT_USAGE
    with open_journal(args, read_only=not args.save) as journal:
        regions = journal.redness_regions().of(angle)
        if args.treated:
            regions = replace(regions, treated=tuple(args.treated))
        if args.reference:
            regions = replace(regions, reference=tuple(args.reference))
        if args.save:
            journal.set_redness_regions(angle, regions)
            say(
                f"saved: {len(regions.treated)} treated and {len(regions.reference)} reference regions for {angle.value}"
            )
        trend = measure_trend(journal, angle, regions)
    if args.json:
        say(json.dumps([p.to_json() for p in trend.photos], indent=2, ensure_ascii=False))
    elif not trend.photos:
        say(f"no {angle.value} photos in this journal")
    else:
        for photo in trend.photos:
            say(_line(photo))
        say(LABEL)
    return EXIT_OK if any(p.passed for p in trend.photos) else EXIT_FAILED


def _line(photo: object) -> str:
    from journal.core.redness_trend import Outcome, PhotoRedness

    assert isinstance(photo, PhotoRedness)
    head = f"{photo.session.date.isoformat()}  {photo.photo.original_name}"
    m = photo.measurement
    if m is None:
        return f"{head}  skipped: {photo.reason}"
    value = f"Δa* {m.delta_a:+.2f} ± {photo.uncertainty or 0.0:.2f}"
    detail = (
        f"(a* treated {m.treated.mean_a:.2f}, reference {m.reference.mean_a:.2f}; "
        f"{m.treated.used} + {m.reference.used} pixels)"
    )
    if photo.outcome is Outcome.GATED:
        return f"{head}  left out: {photo.reason}  [{value} {detail}]"
    return f"{head}  {value}  {detail}{'  baseline' if photo.baseline else ''}"

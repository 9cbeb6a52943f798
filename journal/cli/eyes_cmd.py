"""`eyes`: detect the eye points that align a pair, and say where each photo's come from."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from journal.cli.base import EXIT_FAILED, EXIT_OK, open_journal, say
from journal.core.errors import JournalError

if TYPE_CHECKING:
    from journal.core.models import Photo

# What `source` says in the output.
DETECTED = "detected"
BY_HAND = "set by hand"
NONE = "none"


def register(commands: argparse._SubParsersAction, journal_opt: argparse.ArgumentParser) -> None:
    p = commands.add_parser(
        "eyes",
        parents=[journal_opt],
        help="detect eye points for alignment and list every photo's",
        description="Find the eye points of every photo that has none yet (points set by hand are "
        "kept) and print one line per photo: its points and their source (detected, set by hand), "
        "or why there are none.",
    )
    p.add_argument(
        "--json",
        action="store_true",
        help="one JSON list: photo, angle, path, source (detected / set by hand / none), eyes "
        "(pixels of the upright photo), reason and reason_code when none, detected_now",
    )
    p.add_argument(
        "--redetect",
        action="store_true",
        help="detect again where it was done before (points set by hand are kept)",
    )
    p.set_defaults(handler=run_eyes)


def run_eyes(args: argparse.Namespace) -> int:
    from journal.core.eyes import locate

    rows: list[dict[str, object]] = []
    failed = False
    with open_journal(args) as journal:
        for photo in journal.photos():
            by_hand = photo.eyes is not None and photo.eyes.source == "manual"
            detected_now = False
            error = None
            if not by_hand and (not photo.eyes_checked or args.redetect):
                try:
                    photo = locate(journal, photo)
                    detected_now = True
                except JournalError as exc:
                    error = str(exc)
                    failed = True
            row = _row(photo, detected_now, error)
            if args.json:
                rows.append(row)
            else:
                say(_line(row))  # as it goes: a large journal takes a while
    if args.json:
        say(json.dumps(rows, indent=2, ensure_ascii=False))
    return EXIT_FAILED if failed else EXIT_OK


def _row(photo: Photo, detected_now: bool, error: str | None) -> dict[str, Any]:
    from journal.core.eyes import Reason

    row: dict[str, Any] = {"photo": photo.original_name, "angle": photo.angle.value, "path": photo.rel_path}
    if error is not None:
        return row | {
            "source": NONE,
            "eyes": None,
            "reason": f"cannot read: {error}",
            "reason_code": "unreadable",
            "detected_now": False,
            "error": error,
        }
    if photo.eyes is None:
        reason = Reason.parse(photo.eyes_reason)
        if not photo.eyes_checked:
            text, code = "not looked for yet", "not-checked"
        elif reason is None:
            text, code = "no face with two eyes found", "no-face"
        else:
            text, code = reason.text, reason.value
        return row | {
            "source": NONE,
            "eyes": None,
            "reason": text,
            "reason_code": code,
            "detected_now": detected_now,
        }
    left, right = photo.eyes.in_pixels(photo.width, photo.height)
    return row | {
        "source": BY_HAND if photo.eyes.source == "manual" else DETECTED,
        "eyes": {
            "left": [round(left[0], 1), round(left[1], 1)],
            "right": [round(right[0], 1), round(right[1], 1)],
        },
        "detected_now": detected_now,
    }


def _line(row: dict[str, Any]) -> str:
    head = f"{row['photo']}  {row['angle']:<5}"
    if row["eyes"] is None:
        if "error" in row:
            return f"{head}  {row['reason']}"
        return f"{head}  no eyes: {row['reason']}"
    (lx, ly), (rx, ry) = row["eyes"]["left"], row["eyes"]["right"]
    return f"{head}  left ({lx:.1f}, {ly:.1f})  right ({rx:.1f}, {ry:.1f})  [{row['source']}]"

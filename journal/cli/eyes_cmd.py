"""`eyes`: detect the eye points that align a pair."""

from __future__ import annotations

import argparse
import json

from journal.cli.base import EXIT_FAILED, EXIT_OK, open_journal, say
from journal.core.errors import JournalError


def register(commands: argparse._SubParsersAction, journal_opt: argparse.ArgumentParser) -> None:
    p = commands.add_parser("eyes", parents=[journal_opt], help="detect eye points for alignment")
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--redetect",
        action="store_true",
        help="detect again where it was done before (points set by hand are kept)",
    )
    p.set_defaults(handler=run_eyes)


def run_eyes(args: argparse.Namespace) -> int:
    from journal.core.eyes import locate

    rows: list[dict[str, object]] = []
    with open_journal(args) as journal:
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
        say(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        for row in rows:
            head = f"{row['photo']}  {row['angle']:<5}"
            if "error" in row:
                say(f"{head}  cannot read: {row['error']}")
            elif row["eyes"] is None:
                say(f"{head}  no eyes: {row['reason']}")
            else:
                eyes = row["eyes"]
                assert isinstance(eyes, dict)
                (lx, ly), (rx, ry) = eyes["left"], eyes["right"]
                say(f"{head}  left ({lx:.1f}, {ly:.1f})  right ({rx:.1f}, {ry:.1f})  [{row['source']}]")
    return EXIT_FAILED if any("error" in r for r in rows) else EXIT_OK

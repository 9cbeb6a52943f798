"""`due` and `calendar`: the schedule for scripts and calendars."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

from journal.cli.base import EXIT_DUE, EXIT_OK, open_journal, parse_date, say


def register(commands: argparse._SubParsersAction, journal_opt: argparse.ArgumentParser) -> None:
    p = commands.add_parser("due", parents=[journal_opt], help="when the next session and check-in are due")
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--notify", action="store_true", help="also show a desktop notification when something is due"
    )
    p.add_argument("--today", type=parse_date, help=argparse.SUPPRESS)  # for tests and what-ifs
    p.set_defaults(handler=run_due)

    p = commands.add_parser(
        "calendar", parents=[journal_opt], help="export the schedule as an .ics file with alarms"
    )
    p.add_argument("out", type=Path, metavar="OUT.ics")
    p.set_defaults(handler=run_calendar)


def run_due(args: argparse.Namespace) -> int:
    from journal.core.schedule import State, complete_text, describe, schedule

    today = args.today or dt.date.today()
    with open_journal(args, read_only=True) as journal:
        plan = schedule(journal.session_summaries(), journal.settings, today)
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
        say(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        for line in lines:
            say(line)
    if args.notify and plan.pressing:
        from journal.notify import desktop_notification

        shown = desktop_notification(
            "Progress Journal", "\n".join(describe(r) for r in plan.reminders if r.pressing)
        )
        if not shown:
            say("no desktop notifier available (notify-send, osascript); the lines above say it")
    return EXIT_DUE if plan.pressing else EXIT_OK


def run_calendar(args: argparse.Namespace) -> int:
    from journal.core.calendar_export import write_calendar

    with open_journal(args, read_only=True) as journal:
        out = write_calendar(journal, args.out, dt.date.today())
    say(f"written: {out}")
    return EXIT_OK

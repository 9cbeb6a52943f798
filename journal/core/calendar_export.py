"""The schedule as an iCalendar file, with alarms, for any calendar app.

Events are all-day, with a VALARM at the reminder lead time. UIDs are stable (the journal's
id and the treatment number), so importing a newer export updates the events instead of
adding copies. Built with the `icalendar` library; written atomically.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from icalendar import Alarm, Calendar, Event

from journal.core.fsutil import write_atomic
from journal.core.journal import Journal
from journal.core.schedule import planned_dates, schedule
from journal.core.text import plural

PRODID = "-//Progress Journal//progress-journal//EN"


def build_calendar(journal: Journal, today: dt.date, now: dt.datetime | None = None) -> Calendar:
    settings = journal.settings
    plan = schedule(journal.session_summaries(), settings, today)
    stamp = now or dt.datetime.now(dt.UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{settings.name} (Progress Journal)")
    lead = settings.reminder_lead_days
    for number, day in planned_dates(plan, settings):
        calendar.add_component(
            _event(
                uid=f"treatment-{number}@{journal.id}.progress-journal",
                summary=f"{settings.treatment} session {number}",
                description="Planned session, from your Progress Journal schedule.",
                day=day,
                stamp=stamp,
                lead_days=lead,
            )
        )
    if plan.check_in is not None:
        after = plan.check_in.after_session
        calendar.add_component(
            _event(
                uid=f"check-in-after-{after}@{journal.id}.progress-journal",
                summary=f"Check-in photos ({settings.treatment} session {after} + {plural(settings.checkin_offset_days, 'day')})",
                description="Photos only: front, left and right, in the same light as before.",
                day=plan.check_in.due,
                stamp=stamp,
                lead_days=lead,
            )
        )
    return calendar


def _event(
    uid: str, summary: str, description: str, day: dt.date, stamp: dt.datetime, lead_days: int
) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    event.add("description", description)
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    # All-day events start at midnight: remind at 9:00 the lead days before.
    alarm.add("trigger", dt.timedelta(days=-lead_days, hours=9))
    event.add_component(alarm)
    return event


def write_calendar(journal: Journal, out: Path, today: dt.date) -> Path:
    write_atomic(Path(out), build_calendar(journal, today).to_ical(), mode=0o600)
    return Path(out)

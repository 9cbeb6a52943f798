"""When the next session is due, and when check-in photos are suggested. Pure functions of the
sessions, the settings and an injected "today" (a calendar date in the user's time zone), so
there is nothing to go wrong at DST changes, month ends or leap days: dates are added as days.

Rules:
  - The next treatment is due `interval_days` after the last treatment session, unless that
    session carries its own "next session on" date. A treatment dated in the future is the
    next session (booked ahead): it is due on its date.
  - A check-in (photos only) is suggested `checkin_offset_days` after the last treatment. It
    is dropped once check-in photos are taken from a few days before that date on, or once a
    later treatment happens or is due (earlier photos, like the redness on day 2, do not count).
  - When a planned number of treatments is set and reached, the course is complete.
  - A session dated up to today counts once it has a photo or any details (notes, treatment
    details, ratings): "Log the session now" makes an empty one that is not done yet. Only
    summaries carry photo counts; a plain Session counts as it is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from journal.core.models import RATINGS, JournalSettings, Kind, Session, SessionSummary
from journal.core.text import plural

CHECKIN_EARLY_DAYS = 3  # check-in photos this many days before the suggestion still count


class State(StrEnum):
    NO_SESSIONS = "no-sessions"
    ON_TRACK = "on-track"
    DUE_TODAY = "due-today"
    OVERDUE = "overdue"
    COMPLETE = "complete"


@dataclass(frozen=True)
class Reminder:
    """One dated reminder: the next treatment, or the suggested check-in."""

    kind: str  # "treatment" or "check-in"
    due: dt.date
    today: dt.date
    number: int | None = None  # the treatment number it will be (treatments only)
    after_session: int | None = None  # the treatment a check-in follows (its number)
    source_session_id: int | None = None  # the treatment the date comes from

    @property
    def days(self) -> int:
        """Days from today: positive in the future, negative when overdue."""
        return (self.due - self.today).days

    @property
    def state(self) -> State:
        if self.days > 0:
            return State.ON_TRACK
        if self.days == 0:
            return State.DUE_TODAY
        return State.OVERDUE

    @property
    def pressing(self) -> bool:
        """Due today or overdue (what `progress-journal due` exits 3 for)."""
        return self.days <= 0

    def key(self) -> str:
        """Stable identity for snoozing and "already notified"."""
        return f"{self.kind}:{self.due.isoformat()}"


@dataclass(frozen=True)
class Schedule:
    state: State
    treatment: Reminder | None
    check_in: Reminder | None
    treatments_done: int
    planned: int | None

    @property
    def reminders(self) -> list[Reminder]:
        return [r for r in (self.treatment, self.check_in) if r is not None]

    @property
    def pressing(self) -> bool:
        return any(r.pressing for r in self.reminders)


_DETAILS = ("device", "needle_depth_mm", "product", "provider", "areas", "pain", *RATINGS)


def has_details(session: Session) -> bool:
    """Anything written down for the session beyond its date and kind."""
    return bool(session.notes.strip()) or any(getattr(session, name) is not None for name in _DETAILS)


def _counts(entry: Session | SessionSummary, today: dt.date) -> bool:
    if isinstance(entry, Session):
        return True
    session = entry.session
    return session.date > today or entry.photo_count > 0 or has_details(session)


def schedule(
    sessions: Iterable[Session | SessionSummary], settings: JournalSettings, today: dt.date
) -> Schedule:
    """Pass `journal.session_summaries()` so that an empty session is not counted as done."""
    kept = [
        entry.session if isinstance(entry, SessionSummary) else entry
        for entry in sessions
        if _counts(entry, today)
    ]
    ordered = sorted((s for s in kept if s.deleted_at is None), key=lambda s: (s.date, s.id))
    treatments = [s for s in ordered if s.kind is Kind.TREATMENT]
    planned = settings.planned_sessions
    if not treatments:
        return Schedule(State.NO_SESSIONS, None, None, 0, planned)
    done = [s for s in treatments if s.date <= today]
    ahead = [s for s in treatments if s.date > today]
    last = treatments[-1]
    check_in = _check_in(ordered, treatments, settings, today)
    if planned is not None and len(done) >= planned and not ahead:
        return Schedule(State.COMPLETE, None, check_in, len(done), planned)
    if ahead:
        booked = ahead[0]
        reminder = Reminder("treatment", booked.date, today, len(done) + 1, None, booked.id)
    else:
        due = last.next_due or last.date + dt.timedelta(days=settings.interval_days)
        reminder = Reminder("treatment", due, today, len(treatments) + 1, None, last.id)
    if reminder.pressing:
        check_in = None  # the next session's own photos take over from the check-in
    return Schedule(reminder.state, reminder, check_in, len(done), planned)


def _check_in(
    ordered: list[Session], treatments: list[Session], settings: JournalSettings, today: dt.date
) -> Reminder | None:
    past = [t for t in treatments if t.date <= today]
    if not past:
        return None
    last = past[-1]
    due = last.date + dt.timedelta(days=settings.checkin_offset_days)
    earliest = due - dt.timedelta(days=CHECKIN_EARLY_DAYS)
    # `last` is the latest treatment up to today, so a later treatment (which also ends the
    # suggestion) is simply the new `last`; only check-in photos remain to be looked for.
    for session in ordered:
        if session.kind is Kind.CHECK_IN and session.date >= earliest and session.date > last.date:
            return None
    number = len(past)
    return Reminder("check-in", due, today, None, number, last.id)


def planned_dates(plan: Schedule, settings: JournalSettings) -> list[tuple[int, dt.date]]:
    """The next treatment and, when a planned number is set, the ones after it at the interval:
    (treatment number, date) pairs."""
    if plan.treatment is None or plan.treatment.number is None:
        return []
    first = plan.treatment.due
    count = 1
    if plan.planned is not None:
        count = max(1, plan.planned - plan.treatment.number + 1)
    step = dt.timedelta(days=settings.interval_days)
    return [(plan.treatment.number + i, first + i * step) for i in range(count)]


def describe(reminder: Reminder) -> str:
    """ "Next session due Tue 15 Dec — in 3 days", "Overdue by 2 days", "Check-in photos suggested today"."""
    when = f"{reminder.due:%a} {reminder.due.day} {reminder.due:%b}"
    days = reminder.days
    if reminder.kind == "treatment":
        if days > 1:
            return f"Next session due {when} — in {days} days"
        if days == 1:
            return f"Next session due tomorrow, {when}"
        if days == 0:
            return f"Next session due today, {when}"
        return f"Next session overdue by {plural(-days, 'day')} (was due {when})"
    if days > 1:
        return f"Check-in photos suggested {when} — in {days} days"
    if days == 1:
        return f"Check-in photos suggested tomorrow, {when}"
    if days == 0:
        return "Check-in photos suggested today"
    return f"Check-in photos suggested since {when} ({plural(-days, 'day')} ago)"


def complete_text(plan: Schedule) -> str:
    return f"Course complete: {plan.treatments_done} of {plan.planned} planned sessions done"

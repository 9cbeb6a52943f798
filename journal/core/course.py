"""Where a session sits in the course: "Session 3 · week 8"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from journal.core.models import Kind, Session
from journal.core.text import plural


@dataclass(frozen=True)
class CoursePosition:
    number: int | None  # treatment number (1-based); None for check-ins
    week: int | None  # whole weeks since the first treatment; None before it or without one
    days: int | None

    def label(self, kind: Kind) -> str:
        head = f"Session {self.number}" if self.number is not None else "Check-in"
        if kind is Kind.CHECK_IN and self.week is None:
            return f"{head} · before treatment" if self.days is not None else head
        if self.week is None:
            return head
        return f"{head} · week {self.week}"


def course_positions(sessions: Iterable[Session]) -> dict[int, CoursePosition]:
    ordered = sorted(sessions, key=lambda s: (s.date, s.id))
    first = next((s.date for s in ordered if s.kind is Kind.TREATMENT), None)
    positions: dict[int, CoursePosition] = {}
    number = 0
    for session in ordered:
        if session.kind is Kind.TREATMENT:
            number += 1
        days = (session.date - first).days if first is not None else None
        week = days // 7 if days is not None and days >= 0 else None
        positions[session.id] = CoursePosition(number if session.kind is Kind.TREATMENT else None, week, days)
    return positions


def describe_gap(before: dt.date, after: dt.date) -> str:
    """ "8 weeks apart", "12 days apart", "same day"."""
    days = abs((after - before).days)
    if days == 0:
        return "same day"
    if days < 14:
        return f"{plural(days, 'day')} apart"
    weeks, rest = divmod(days, 7)
    if rest == 0 or weeks >= 10:
        return f"{weeks} weeks apart"
    return f"{weeks} weeks {plural(rest, 'day')} apart"

"""Where a session sits in the course, and how the app says it: "Session 3 · week 8",
"session 3", "8 weeks apart · session 1 → session 3". Compare, sheets, the timeline and the
exports all word it through here (dates: journal.core.dates)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from journal.core.models import Angle, Kind, Photo, Session
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

    def short_label(self) -> str:
        """ "session 3", or "check-in": a session's name inside a sentence or a table header."""
        return f"session {self.number}" if self.number is not None else "check-in"


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


def gap_text(first: Session, second: Session, positions: Mapping[int, CoursePosition]) -> str:
    """ "8 weeks apart · session 1 → session 4": the time between two sessions, and which they are."""
    return (
        f"{describe_gap(first.date, second.date)} · "
        f"{positions[first.id].short_label()} → {positions[second.id].short_label()}"
    )


def first_photos(photos: Iterable[Photo], angle: Angle) -> dict[int, Photo]:
    """The photo that stands for each session at `angle`: its first of that angle, in the
    journal's order (session, then import). Keyed by session id."""
    first: dict[int, Photo] = {}
    for photo in photos:
        if photo.angle is angle:
            first.setdefault(photo.session_id, photo)
    return first

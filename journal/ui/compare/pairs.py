"""Which photos can be compared: the sessions with a photo of an angle, and the default pair."""

from __future__ import annotations

from dataclasses import dataclass

from journal.core.course import CoursePosition, course_positions, describe_gap
from journal.core.journal import Journal
from journal.core.models import Angle, Kind, Photo, Session
from journal.ui.timeline.model import format_date


@dataclass(frozen=True)
class Candidate:
    session: Session
    photo: Photo
    position: CoursePosition

    def label(self) -> str:
        return f"{format_date(self.session.date)} · {self.position.label(self.session.kind)}"

    def short_name(self) -> str:
        return f"session {self.position.number}" if self.position.number else "check-in"


def candidates(journal: Journal, angle: Angle) -> list[Candidate]:
    """Sessions with a photo of `angle`, oldest first, each with its first such photo."""
    sessions = journal.sessions()
    positions = course_positions(sessions)
    first_photo: dict[int, Photo] = {}
    for photo in journal.photos():
        if photo.angle is angle:
            first_photo.setdefault(photo.session_id, photo)
    return [Candidate(s, first_photo[s.id], positions[s.id]) for s in sessions if s.id in first_photo]


def default_pair(choices: list[Candidate]) -> tuple[Candidate | None, Candidate | None]:
    """The first treatment (else the first session) against the latest session."""
    if not choices:
        return None, None
    treatments = [c for c in choices if c.session.kind is Kind.TREATMENT]
    return (treatments[0] if treatments else choices[0]), choices[-1]


def gap_text(before: Candidate, after: Candidate) -> str:
    """ "8 weeks apart · session 1 → session 4"."""
    return f"{describe_gap(before.session.date, after.session.date)} · {before.short_name()} → {after.short_name()}"

"""Which photos can be compared: the sessions with a photo of an angle, and the default pair."""

from __future__ import annotations

from dataclasses import dataclass

from journal.core import course
from journal.core.course import CoursePosition, course_positions
from journal.core.dates import long_date
from journal.core.journal import Journal
from journal.core.models import Angle, Kind, Photo, Session


@dataclass(frozen=True)
class Candidate:
    session: Session
    photo: Photo
    position: CoursePosition

    def label(self) -> str:
        return f"{long_date(self.session.date)} · {self.position.label(self.session.kind)}"


def candidates(journal: Journal, angle: Angle) -> list[Candidate]:
    """Sessions with a photo of `angle`, oldest first, each with its first such photo."""
    sessions = journal.sessions()
    positions = course_positions(sessions)
    first_photo = journal.first_photos(angle)
    return [Candidate(s, first_photo[s.id], positions[s.id]) for s in sessions if s.id in first_photo]


def default_pair(choices: list[Candidate]) -> tuple[Candidate | None, Candidate | None]:
    """The first treatment (else the first session) against the latest session."""
    if not choices:
        return None, None
    treatments = [c for c in choices if c.session.kind is Kind.TREATMENT]
    return (treatments[0] if treatments else choices[0]), choices[-1]


def gap_text(before: Candidate, after: Candidate) -> str:
    """ "8 weeks apart · session 1 → session 4"."""
    positions = {before.session.id: before.position, after.session.id: after.position}
    return course.gap_text(before.session, after.session, positions)

"""What goes on a sheet: the sessions, their captions, ratings and notes, and which photos.

Built from the journal without any Qt, so the command line, the print dialog and the tests
describe a sheet the same way; `sheet_images` then turns the photos into aligned, cropped
pictures and `sheet_painter` draws the lot.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from journal.core.course import CoursePosition, course_positions, first_photos, gap_text, long_date
from journal.core.errors import JournalError
from journal.core.journal import Journal
from journal.core.models import RATINGS, Angle, Kind, Photo, Session
from journal.render.sheet_layout import SheetSpec

ALL_ANGLES = (Angle.FRONT, Angle.LEFT, Angle.RIGHT)


class SheetError(JournalError):
    """A sheet that cannot be made as asked (unknown date, missing photo), and why."""


@dataclass(frozen=True)
class SessionInfo:
    session: Session
    date_line: str  # "Thu 9 Jul 2026"
    course_line: str  # "Session 1 · week 0"
    short: str  # "9 Jul" (table header, first line)
    number: str  # "session 1" or "check-in" (table header, second line)
    ratings: dict[str, int | None]
    notes: str


@dataclass
class SheetData:
    spec: SheetSpec
    title: str  # the journal's name
    subtitle: str  # "Microneedling · 9 Jul – 14 Nov 2026"
    pdf_title: str  # "Progress Journal — front, 9 Jul → 14 Nov 2026"
    gap: str  # pair only: "18 weeks apart · session 1 → check-in"
    angles: list[Angle]
    sessions: list[SessionInfo]
    photos: dict[tuple[int, int], Photo] = field(default_factory=dict)  # (session index, row) -> photo
    printed: dt.date = field(default_factory=dt.date.today)


def date_range(first: dt.date, last: dt.date) -> str:
    if first == last:
        return f"{first.day} {first:%b %Y}"
    if first.year == last.year:
        return f"{first.day} {first:%b} – {last.day} {last:%b %Y}"
    return f"{first.day} {first:%b %Y} – {last.day} {last:%b %Y}"


def arrow_range(first: dt.date, last: dt.date) -> str:
    if first.year == last.year:
        return f"{first.day} {first:%b} → {last.day} {last:%b %Y}"
    return f"{first.day} {first:%b %Y} → {last.day} {last:%b %Y}"


def _info(sessions: list[Session], positions: Mapping[int, CoursePosition]) -> list[SessionInfo]:
    out = []
    for session in sessions:
        position = positions[session.id]
        number = position.short_label()
        ratings: dict[str, int | None] = {name: getattr(session, name) for name in RATINGS}
        ratings["pain"] = session.pain if session.kind is Kind.TREATMENT else None
        out.append(
            SessionInfo(
                session,
                long_date(session.date),
                position.label(session.kind),
                f"{session.date.day} {session.date:%b}",
                number,
                ratings,
                session.notes.strip(),
            )
        )
    return out


def _session_on(journal: Journal, day: dt.date) -> Session:
    found = [s for s in journal.sessions() if s.date == day]
    if not found:
        dates = ", ".join(s.date.isoformat() for s in journal.sessions()[-6:])
        hint = f"; recent sessions: {dates}" if dates else "; the journal has no sessions yet"
        raise SheetError(f"no session on {day.isoformat()}{hint}")
    treatments = [s for s in found if s.kind is Kind.TREATMENT]
    return (treatments or found)[0]


def pair_sheet(
    journal: Journal,
    before: dt.date,
    after: dt.date,
    angle: Angle | None,
    ratings: bool = True,
    notes: bool = True,
) -> SheetData:
    """Before/after for one angle, or for all three (angle None), by session dates."""
    return pair_sheet_of(
        journal, _session_on(journal, before), _session_on(journal, after), angle, ratings, notes
    )


def pair_sheet_of(
    journal: Journal,
    first: Session,
    second: Session,
    angle: Angle | None,
    ratings: bool = True,
    notes: bool = True,
    photos: Mapping[Angle, tuple[Photo, Photo]] | None = None,
    positions: Mapping[int, CoursePosition] | None = None,
) -> SheetData:
    """Before/after for two given sessions. `photos` (the pair for each angle) and `positions`
    are used when given, as the compare view has them already; else they come from the journal."""
    angles = list(ALL_ANGLES) if angle is None else [angle]
    if positions is None:
        positions = course_positions(journal.sessions())
    chosen = dict(photos or {})
    missing = [each for each in angles if each not in chosen]
    all_photos = journal.photos(first.id) + journal.photos(second.id) if missing else []
    for each in missing:
        found = first_photos(all_photos, each)
        for session in (first, second):
            if session.id not in found:
                raise SheetError(f"the session of {session.date.isoformat()} has no {each.value} photo")
        chosen[each] = (found[first.id], found[second.id])
    spec = SheetSpec("pair", 2, len(angles), ratings, notes)
    data = _base(journal, [first, second], angles, spec, positions)
    for row, each in enumerate(angles):
        for index in (0, 1):
            data.photos[(index, row)] = chosen[each][index]
    data.gap = gap_text(first, second, positions)
    return data


def default_timeline(journal: Journal, angle: Angle) -> list[Session]:
    """All treatments plus the latest check-in, that have a photo of `angle`, in date order."""
    with_photo = first_photos(journal.photos(), angle)
    sessions = [s for s in journal.sessions() if s.id in with_photo]
    treatments = [s for s in sessions if s.kind is Kind.TREATMENT]
    check_ins = [s for s in sessions if s.kind is Kind.CHECK_IN]
    chosen = treatments + check_ins[-1:]
    return sorted(chosen, key=lambda s: (s.date, s.id))


def timeline_sheet(
    journal: Journal,
    angle: Angle,
    sessions: list[Session] | None = None,
    ratings: bool = True,
    notes: bool = True,
) -> SheetData:
    chosen = (
        sorted(sessions, key=lambda s: (s.date, s.id))
        if sessions is not None
        else default_timeline(journal, angle)
    )
    if not chosen:
        raise SheetError(f"no session has a {angle.value} photo yet")
    spec = SheetSpec("timeline", len(chosen), 1, ratings, notes)
    data = _base(journal, chosen, [angle], spec, course_positions(journal.sessions()))
    with_photo = first_photos(journal.photos(), angle)
    for index, session in enumerate(chosen):
        photo = with_photo.get(session.id)
        if photo is None:
            raise SheetError(f"the session of {session.date.isoformat()} has no {angle.value} photo")
        data.photos[(index, 0)] = photo
    return data


def _base(
    journal: Journal,
    sessions: list[Session],
    angles: list[Angle],
    spec: SheetSpec,
    positions: Mapping[int, CoursePosition],
) -> SheetData:
    settings = journal.settings
    first, last = sessions[0].date, sessions[-1].date
    which = "all angles" if len(angles) > 1 else angles[0].value
    return SheetData(
        spec=spec,
        title=settings.name,
        subtitle=f"{settings.treatment} · {date_range(first, last)}",
        pdf_title=f"Progress Journal — {which}, {arrow_range(first, last)}",
        gap="",
        angles=angles,
        sessions=_info(sessions, positions),
    )

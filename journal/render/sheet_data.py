"""What goes on a sheet: the sessions, their captions, ratings and notes, and which photos.

Built from the journal without any Qt, so the command line, the print dialog and the tests
describe a sheet the same way; `sheet_images` then turns the photos into aligned, cropped
pictures and `sheet_painter` draws the lot.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from journal.core.course import course_positions, describe_gap
from journal.core.errors import JournalError
from journal.core.journal import Journal
from journal.core.models import RATINGS, Angle, Kind, Photo, Session
from journal.render.chart_layout import ChartData
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
    charts: list[ChartData] = field(default_factory=list)  # progress charts (spec.charts blocks)
    redness_angle: Angle | None = None  # a redness chart still to measure (`complete_charts`)


def long_date(day: dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


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


def _info(journal: Journal, sessions: list[Session]) -> list[SessionInfo]:
    positions = course_positions(journal.sessions())
    out = []
    for session in sessions:
        position = positions[session.id]
        number = f"session {position.number}" if position.number else "check-in"
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


def _photo_for(journal: Journal, session: Session, angle: Angle) -> Photo | None:
    for photo in journal.photos(session.id):
        if photo.angle is angle:
            return photo
    return None


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
) -> SheetData:
    """Before/after for two given sessions."""
    angles = list(ALL_ANGLES) if angle is None else [angle]
    data = _base(journal, [first, second], angles, SheetSpec("pair", 2, len(angles), ratings, notes))
    for row, each in enumerate(angles):
        for index, session in enumerate((first, second)):
            photo = _photo_for(journal, session, each)
            if photo is None:
                raise SheetError(f"the session of {session.date.isoformat()} has no {each.value} photo")
            data.photos[(index, row)] = photo
    positions = course_positions(journal.sessions())

    def name(session: Session) -> str:
        number = positions[session.id].number
        return f"session {number}" if number else "check-in"

    data.gap = f"{describe_gap(first.date, second.date)} · {name(first)} → {name(second)}"
    return data


def default_timeline(journal: Journal, angle: Angle) -> list[Session]:
    """All treatments plus the latest check-in, that have a photo of `angle`, in date order."""
    sessions = [s for s in journal.sessions() if _photo_for(journal, s, angle) is not None]
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
    charts: bool = True,
) -> SheetData:
    chosen = (
        sorted(sessions, key=lambda s: (s.date, s.id))
        if sessions is not None
        else default_timeline(journal, angle)
    )
    if not chosen:
        raise SheetError(f"no session has a {angle.value} photo yet")
    data = _base(journal, chosen, [angle], SheetSpec("timeline", len(chosen), 1, ratings, notes))
    for index, session in enumerate(chosen):
        photo = _photo_for(journal, session, angle)
        if photo is None:
            raise SheetError(f"the session of {session.date.isoformat()} has no {angle.value} photo")
        data.photos[(index, 0)] = photo
    if charts:
        _plan_charts(journal, data, angle, ratings)
    return data


def _plan_charts(journal: Journal, data: SheetData, angle: Angle, ratings: bool) -> None:
    """The ratings chart (cheap: built now) when there are ratings, and, when the angle has
    redness regions, a redness chart measured later by `complete_charts`, off the GUI thread."""
    from journal.render.chart_data import ratings_chart

    chart = ratings_chart(journal.sessions())
    if ratings and any(series.values for series in chart.series):
        data.charts.append(chart)
    try:
        measured = journal.redness_regions().of(angle).complete
    except JournalError:
        measured = False  # damaged regions: the sheet goes on without the redness chart
    data.redness_angle = angle if measured else None
    data.spec = replace(data.spec, charts=len(data.charts) + (1 if measured else 0))


def complete_charts(
    journal: Journal, data: SheetData, progress: Callable[[int, int], bool | None] | None = None
) -> SheetData:
    """Measure the redness chart a sheet still needs (reads each photo of its angle)."""
    from journal.core.redness_trend import measure_trend
    from journal.render.chart_data import redness_chart

    if data.redness_angle is not None and len(data.charts) < data.spec.charts:
        trend = measure_trend(journal, data.redness_angle, progress=progress)
        data.charts.append(redness_chart(trend, journal.sessions()))
    return data


def _base(journal: Journal, sessions: list[Session], angles: list[Angle], spec: SheetSpec) -> SheetData:
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
        sessions=_info(journal, sessions),
    )

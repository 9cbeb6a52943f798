"""What goes on a sheet: the sessions, their captions, ratings and notes, and which photos.

Built from the journal without any Qt, so the command line, the print dialog and the tests
describe a sheet the same way; `sheet_images` then turns the photos into aligned, cropped
pictures and `sheet_painter` draws the lot.

What a sheet had to change from what was asked is told, never hidden: `notices` are lines for
whoever asked (the command prints them, the dialog shows them), and what the reader of the
printed sheet needs to know is printed on it (`remarks` under the photos, `lead` above them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from journal.core.course import CoursePosition, course_positions, first_photos, gap_text
from journal.core.dates import arrow_range, date_range, day_month, long_date
from journal.core.errors import JournalError
from journal.core.journal import Journal
from journal.core.models import RATINGS, Angle, Kind, Photo, Session
from journal.render.chart_layout import ChartData
from journal.render.sheet_layout import MAX_TIMELINE_PER_PAGE, SheetSpec

ALL_ANGLES = (Angle.FRONT, Angle.LEFT, Angle.RIGHT)

__all__ = [
    "ALL_ANGLES",
    "SessionInfo",
    "SheetData",
    "SheetError",
    "TimelineChoice",
    "arrow_range",
    "date_range",
    "long_date",
    "pair_angles",
    "pair_sheet",
    "pair_sheet_of",
    "timeline_candidates",
    "timeline_choice",
    "timeline_sheet",
]


class SheetError(JournalError):
    """A sheet that cannot be made as asked (unknown date, no photo to show), and why."""


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
    remarks: list[str] = field(default_factory=list)  # printed under the photos
    lead: str = ""  # printed above the photos
    notices: list[str] = field(default_factory=list)  # said to whoever asked: swapped, left out


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
                day_month(session.date),
                number,
                ratings,
                session.notes.strip(),
            )
        )
    return out


def _photo_for(journal: Journal, session: Session, angle: Angle) -> Photo | None:
    """The session's first photo of `angle`, the one Compare shows too."""
    return first_photos(journal.photos(session.id), angle).get(session.id)


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


def pair_angles(journal: Journal, first: Session, second: Session) -> tuple[list[Angle], list[str]]:
    """The angles (front, left, right) both sessions have a photo of, and for each one left out
    a line saying why: "right: no right photo on Tue 3 Feb 2026"."""
    shown, left_out = [], []
    for angle in ALL_ANGLES:
        lacking = [s for s in (first, second) if _photo_for(journal, s, angle) is None]
        if not lacking:
            shown.append(angle)
        else:
            days = " or ".join(long_date(s.date) for s in lacking)
            left_out.append(f"{angle.value}: no {angle.value} photo on {days}")
    return shown, left_out


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
    """Before/after for two given sessions: one angle, or (angle None) every angle both have.
    The earlier session is always the before one. `photos` (the pair shown for an angle) and
    `positions` are taken as given when the caller has them (Compare does); else they come
    from the journal."""
    notices: list[str] = []
    chosen = dict(photos or {})
    if (second.date, second.id) < (first.date, first.id):
        notices.append(
            f"swapped: the before session ({long_date(first.date)}) is later than the after one "
            f"({long_date(second.date)}); the sheet shows {arrow_range(second.date, first.date)}"
        )
        first, second = second, first
        chosen = {each: (after, before) for each, (before, after) in chosen.items()}
    remarks: list[str] = []
    if angle is None:
        angles, left_out = pair_angles(journal, first, second)
        if not angles:
            raise SheetError(
                f"the sessions of {first.date.isoformat()} and {second.date.isoformat()} have no angle "
                f"in common ({'; '.join(left_out)})"
            )
        notices += [f"left out: {line}" for line in left_out]
        if left_out:
            remarks.append("Left out: " + "; ".join(left_out) + ".")
    else:
        angles = [angle]
    if positions is None:
        positions = course_positions(journal.sessions())
    spec = SheetSpec("pair", 2, len(angles), ratings, notes)
    data = _base(journal, [first, second], angles, spec, positions)
    for row, each in enumerate(angles):
        for index, session in enumerate((first, second)):
            photo = chosen[each][index] if each in chosen else _photo_for(journal, session, each)
            if photo is None:
                raise SheetError(f"the session of {session.date.isoformat()} has no {each.value} photo")
            data.photos[(index, row)] = photo
    data.remarks = _lighting_remarks(journal, data) + remarks
    data.notices = notices
    data.gap = gap_text(first, second, positions)
    return data


def _lighting_remarks(journal: Journal, data: SheetData) -> list[str]:
    """The note Compare shows when the two photos differ in light or pose, for each angle."""
    from journal.core import lighting
    from journal.core.imaging import ImageRefused

    out = []
    for row, angle in enumerate(data.angles):
        try:
            before, after = (lighting.measure_photo(journal, data.photos[(i, row)]) for i in (0, 1))
        except ImageRefused:
            continue  # the picture itself will say it cannot be read
        check = lighting.compare(before, after)
        prefix = f"{angle.value.capitalize()}: " if len(data.angles) > 1 else ""
        out += [prefix + note for note in check.notes]
    return out


@dataclass(frozen=True)
class TimelineChoice:
    sessions: list[Session]
    rule: str  # "" when every candidate is shown; else which ones and why


def timeline_candidates(journal: Journal, angle: Angle) -> list[Session]:
    """Every session with a photo of `angle` (treatments and check-ins), in date order: what a
    timeline can show, and what the app offers to pick from."""
    with_photo = journal.first_photos(angle)
    return sorted((s for s in journal.sessions() if s.id in with_photo), key=lambda s: (s.date, s.id))


def timeline_choice(journal: Journal, angle: Angle, limit: int = MAX_TIMELINE_PER_PAGE) -> TimelineChoice:
    """The sessions a timeline shows by default: all of them while they fit on a page of
    photos; beyond that the first, the latest and evenly spread ones between, and a rule
    saying so."""
    candidates = timeline_candidates(journal, angle)
    if len(candidates) <= limit:
        return TimelineChoice(candidates, "")
    last = len(candidates) - 1
    picked = sorted({round(i * last / (limit - 1)) for i in range(limit)})
    rule = (
        f"{limit} of {len(candidates)} sessions with a {angle.value} photo: the first, the latest "
        f"and {limit - 2} spread evenly between them."
    )
    return TimelineChoice([candidates[i] for i in picked], rule)


def timeline_sheet(
    journal: Journal,
    angle: Angle,
    sessions: list[Session] | None = None,
    ratings: bool = True,
    notes: bool = True,
    charts: bool = True,
) -> SheetData:
    """One angle across sessions: the ones given (any number; those without a photo of the
    angle are left out, and said), or by default `timeline_choice`."""
    notices: list[str] = []
    lead = ""
    with_photo = journal.first_photos(angle)
    if sessions is None:
        choice = timeline_choice(journal, angle)
        chosen, lead = choice.sessions, choice.rule
        if lead:
            notices.append(f"shown: {lead}")
    else:
        ordered = sorted({s.id: s for s in sessions}.values(), key=lambda s: (s.date, s.id))
        chosen = [s for s in ordered if s.id in with_photo]
        missing = [long_date(s.date) for s in ordered if s not in chosen]
        if missing:
            lead = f"Left out: {', '.join(missing)} (no {angle.value} photo)."
            notices += [f"left out: {day} (no {angle.value} photo)" for day in missing]
    if not chosen:
        raise SheetError(f"no session has a {angle.value} photo yet")
    data = _base(journal, chosen, [angle], SheetSpec("timeline", len(chosen), 1, ratings, notes))
    for index, session in enumerate(chosen):
        data.photos[(index, 0)] = with_photo[session.id]
    data.lead, data.notices = lead, notices
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


def _base(
    journal: Journal,
    sessions: list[Session],
    angles: list[Angle],
    spec: SheetSpec,
    positions: Mapping[int, CoursePosition] | None = None,
) -> SheetData:
    settings = journal.settings
    first, last = sessions[0].date, sessions[-1].date
    which = "all angles" if len(angles) == len(ALL_ANGLES) else ", ".join(a.value for a in angles)
    return SheetData(
        spec=spec,
        title=settings.name,
        subtitle=f"{settings.treatment} · {date_range(first, last)}",
        pdf_title=f"Progress Journal — {which}, {arrow_range(first, last)}",
        gap="",
        angles=angles,
        sessions=_info(sessions, positions or course_positions(journal.sessions())),
    )

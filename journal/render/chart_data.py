"""What the progress charts show, built from the journal without Qt: the self-ratings over
time, and the measured redness (Δa*) of one angle with its uncertainty."""

from __future__ import annotations

from collections.abc import Sequence

from journal.core.course import course_positions
from journal.core.models import RATING_LABELS, RATINGS, Kind, Session
from journal.core.redness import LABEL
from journal.core.redness_trend import RednessTrend
from journal.render.chart_layout import (
    ChartData,
    LineStyle,
    MarkerShape,
    Series,
    SeriesStyle,
    SessionMark,
    Value,
)

RATING_STYLES: dict[str, SeriesStyle] = {
    "redness": SeriesStyle(LineStyle.SOLID, MarkerShape.CIRCLE, 0),
    "bumps": SeriesStyle(LineStyle.DASH, MarkerShape.SQUARE, 1),
    "active_acne": SeriesStyle(LineStyle.DOT, MarkerShape.TRIANGLE, 2),
    "scar_visibility": SeriesStyle(LineStyle.DASH_DOT, MarkerShape.DIAMOND, 3),
    "pain": SeriesStyle(LineStyle.LONG_DASH, MarkerShape.CROSS, 4),
}
RATING_SERIES_LABELS = {**RATING_LABELS, "pain": "Pain (treatments)"}
REDNESS_STYLE = SeriesStyle(LineStyle.SOLID, MarkerShape.CIRCLE, 5)
RATINGS_KEY = "ratings"


def session_marks(sessions: Sequence[Session]) -> tuple[SessionMark, ...]:
    positions = course_positions(sessions)
    return tuple(
        SessionMark(s.id, s.date, s.kind, positions[s.id].label(s.kind))
        for s in sorted(sessions, key=lambda s: (s.date, s.id))
    )


def first_treatment(sessions: Sequence[Session]) -> Session | None:
    return min((s for s in sessions if s.kind is Kind.TREATMENT), key=lambda s: (s.date, s.id), default=None)


def ratings_chart(sessions: Sequence[Session]) -> ChartData:
    """Redness, bumps, active acne, scar visibility (every session) and pain (treatments), 0–10."""
    series = []
    for key in (*RATINGS, "pain"):
        values = tuple(
            Value(s.id, s.date, float(getattr(s, key)))
            for s in sessions
            if getattr(s, key) is not None and (key != "pain" or s.kind is Kind.TREATMENT)
        )
        series.append(Series(key, RATING_SERIES_LABELS[key], RATING_STYLES[key], values))
    first = first_treatment(sessions)
    return ChartData(
        key=RATINGS_KEY,
        title="Self-ratings over time",
        axis_label="Your rating (0–10)",
        series=tuple(series),
        sessions=session_marks(sessions),
        first_treatment=first.date if first else None,
        y_range=(0.0, 10.0),
        y_step=2.0,
        dodge=True,
        empty_text="No ratings yet: rate redness, bumps, active acne and scar visibility in a session.",
    )


def redness_key(trend: RednessTrend) -> str:
    return f"redness-{trend.angle.value}"


def redness_chart(trend: RednessTrend, sessions: Sequence[Session], include_gated: bool = False) -> ChartData:
    """Δa* per session with its ±95 % error bar; sessions whose photos failed a quality gate
    are greyed and, unless `include_gated`, left out of the line."""
    values = tuple(
        Value(p.session.id, p.session.date, p.delta_a, p.uncertainty, greyed=not p.passed, note=p.reason)
        for p in trend.points(include_gated=True)
    )
    first = first_treatment(sessions)
    reasons = [p.reason for p in trend.photos if p.reason]
    empty = "No photo could be measured yet" + (f": {reasons[0]}" if reasons else ".")
    return ChartData(
        key=redness_key(trend),
        title=f"Redness measured from the {trend.angle.value} photos (Δa*)",
        axis_label="Δa* = a* treated − a* reference, ± about 95 %",
        series=(Series("delta_a", "Δa* per session", REDNESS_STYLE, values, join_greyed=include_gated),),
        sessions=session_marks(sessions),
        first_treatment=first.date if first else None,
        zero_line=True,
        signed=True,
        note=LABEL,
        greyed_label="Greyed: light or exposure differs from the baseline (not in the line)",
        empty_text=empty,
    )

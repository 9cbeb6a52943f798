"""The progress chart's layout, without painting: dates and weeks on the axes, where each
session's points and marks go, what a click hits, and that it all stays inside the chart at
any size and for any length of course."""

from __future__ import annotations

import datetime as dt
import itertools
import subprocess
import sys

import pytest

from journal.core.models import Kind, Session
from journal.render.chart_data import RATING_STYLES, ratings_chart
from journal.render.chart_layout import (
    ChartData,
    ChartLayout,
    ChartText,
    LineStyle,
    MarkerShape,
    Series,
    SeriesStyle,
    Value,
    layout_chart,
)
from journal.render.sheet_layout import Rect
from tests.helpers import REPO

LINE = 12.0
TEXT = ChartText(LINE, LINE * 1.3, lambda s: 0.6 * LINE * len(s))  # a plain monospace stand-in
WIDE, NARROW = Rect(0, 0, 1200, 500), Rect(0, 0, 360, 300)


def _course(
    days: list[int], start: dt.date = dt.date(2026, 7, 9), check_ins: tuple[int, ...] = ()
) -> list[Session]:
    sessions = []
    for i, day in enumerate(days):
        kind = Kind.CHECK_IN if i in check_ins else Kind.TREATMENT
        sessions.append(
            Session(
                i + 1,
                start + dt.timedelta(days=day),
                kind,
                redness=max(0, 7 - i),
                bumps=min(10, 2 + i % 4),
                active_acne=None if i % 3 == 2 else 4,
                scar_visibility=8 - i // 2 if i < 16 else 0,
                pain=3 if kind is Kind.TREATMENT else None,
            )
        )
    return sessions


def _inside(chart: ChartLayout, text: ChartText = TEXT) -> None:
    b = chart.bounds
    eps = 1e-6
    for tick in chart.x_ticks:
        width = max(text.width(tick.label), text.width(tick.second))
        assert b.x - eps <= tick.pos <= b.right + eps and width <= b.w
    for series in chart.series:
        for point in series.points:
            assert chart.plot.x - LINE <= point.x <= chart.plot.right + LINE
            assert chart.plot.y - eps <= point.y <= chart.plot.bottom + eps
    for item in chart.legend:
        assert item.rect.inside(b), item
    for rect in (chart.title, chart.plot, chart.axis_label):
        assert rect.inside(b)


COURSES = {
    "3-weeks": list(range(0, 22, 7)),
    "5-months": [0, 14, 28, 56, 84, 112, 126, 140],
    "2-years-over-new-year": list(range(0, 730, 28)),
}


@pytest.mark.parametrize("bounds", [WIDE, NARROW], ids=["wide", "narrow"])
@pytest.mark.parametrize("days", COURSES.values(), ids=COURSES.keys())
def test_dates_are_written_as_the_app_writes_them_and_never_collide(days: list[int], bounds: Rect) -> None:
    sessions = _course(days)
    chart = layout_chart(ratings_chart(sessions), bounds, TEXT)
    _inside(chart)
    ticks = chart.x_ticks
    assert len(ticks) >= 2
    # "9 Jul" for day and week ticks, "Aug" for months, "2027" for years; the year under the
    # first tick and wherever it changes.
    previous = None
    for tick in ticks:
        day = tick.day
        assert day is not None and tick.pos == pytest.approx(chart.x_of(day))
        assert tick.label in (f"{day.day} {day:%b}", f"{day:%b}", str(day.year))
        if tick.label != str(day.year):
            assert tick.second == (str(day.year) if day.year != previous else "")
        previous = day.year
    for a, b in itertools.pairwise(ticks):
        room = b.pos - a.pos
        assert room >= (TEXT.width(a.label) + TEXT.width(b.label)) / 2, (a, b)
    if days[-1] > 400:
        january = [t for t in ticks if t.second == "2027" or t.label == "2027"]
        assert january, "the new year is named on the axis"


def test_short_course_has_day_and_month_labels_like_the_sheets() -> None:
    chart = layout_chart(ratings_chart(_course([0, 7, 14, 21])), WIDE, TEXT)
    labels = [t.label for t in chart.x_ticks]
    assert "13 Jul" in labels and chart.x_ticks[0].second == "2026"
    assert all(t.second == "" for t in chart.x_ticks[1:])


def test_weeks_since_the_first_treatment_are_a_second_scale() -> None:
    start = dt.date(2026, 7, 9)
    sessions = _course([0, 14, 28, 56, 84], start=start - dt.timedelta(days=14), check_ins=(0,))
    first_treatment = start  # the first session is a check-in two weeks before
    chart = layout_chart(ratings_chart(sessions), WIDE, TEXT)
    by_label = {t.label: t.pos for t in chart.week_ticks}
    zero = by_label.get("week 0") or by_label["0"]
    assert zero == pytest.approx(chart.x_of(first_treatment))
    assert by_label["4"] == pytest.approx(chart.x_of(first_treatment + dt.timedelta(weeks=4)))
    assert chart.week_ticks[0].label.startswith("week −")  # before the first treatment
    no_treatment = [Session(1, start, Kind.CHECK_IN, redness=3)]
    assert layout_chart(ratings_chart(no_treatment), WIDE, TEXT).week_ticks == []


def test_points_sit_at_their_dates_and_values_and_marks_tell_treatments_from_check_ins() -> None:
    sessions = _course([0, 14, 28, 42], check_ins=(1,))
    chart = layout_chart(ratings_chart(sessions), WIDE, TEXT)
    assert chart.y_range == (0.0, 10.0)
    redness = next(s for s in chart.series if s.key == "redness")
    for point, session in zip(redness.points, sessions, strict=True):
        assert point.value.session_id == session.id
        assert point.y == pytest.approx(chart.y_of(float(session.redness or 0)))
        assert abs(point.x - chart.x_of(session.date)) <= LINE * 0.6  # dodged a little, not moved away
    assert chart.y_of(10) == pytest.approx(chart.plot.y) and chart.y_of(0) == pytest.approx(chart.plot.bottom)
    assert [m.mark.kind for m in chart.marks] == [
        Kind.TREATMENT,
        Kind.CHECK_IN,
        Kind.TREATMENT,
        Kind.TREATMENT,
    ]
    assert {i.key for i in chart.legend} >= {"treatment", "check-in"}
    pain = next(s for s in chart.series if s.key == "pain")
    assert [p.value.session_id for p in pain.points] == [1, 3, 4]  # treatments only
    acne = next(s for s in chart.series if s.key == "active_acne")
    assert len(acne.points) == 3 and len(acne.lines[0]) == 3  # the missing rating is skipped, not zero


def test_series_differ_by_line_and_marker_so_black_and_white_print_reads() -> None:
    styles = list(RATING_STYLES.values())
    assert len({s.line for s in styles}) == len(styles)
    assert len({s.marker for s in styles}) == len(styles)


def test_a_click_finds_the_point_the_session_or_the_legend() -> None:
    sessions = _course([0, 14, 28, 42], check_ins=(1,))
    chart = layout_chart(ratings_chart(sessions), WIDE, TEXT)
    scar = next(s for s in chart.series if s.key == "scar_visibility")
    target = scar.points[2]
    hit = chart.hit(target.x + 2, target.y - 2, radius=6)
    assert hit is not None and hit.kind == "value" and hit.series == "scar_visibility"
    assert hit.session_id == sessions[2].id and hit.value == target.value
    mark = chart.marks[1]
    hit = chart.hit(mark.x + 1, mark.y, radius=6)
    assert hit is not None and hit.kind == "session" and hit.session_id == sessions[1].id
    item = next(i for i in chart.legend if i.key == "bumps")
    hit = chart.hit(item.rect.x + item.rect.w / 2, item.rect.y + item.rect.h / 2, radius=6)
    assert hit is not None and hit.kind == "legend" and hit.series == "bumps"
    assert chart.hit(chart.bounds.right + 100, chart.bounds.bottom + 100, radius=6) is None
    # A hidden series keeps its legend item (to be shown again) but cannot be hit.
    hidden = layout_chart(ratings_chart(sessions), WIDE, TEXT, hidden=frozenset({"scar_visibility"}))
    assert "scar_visibility" not in {s.key for s in hidden.series}
    assert next(i for i in hidden.legend if i.key == "scar_visibility").hidden
    hit = hidden.hit(target.x, target.y, radius=3)
    assert hit is None or hit.series != "scar_visibility"


def _redness(values: list[Value], join: bool = False) -> ChartData:
    return ChartData(
        key="redness-front",
        title="Redness",
        axis_label="Δa*",
        series=(
            Series(
                "delta_a", "Δa*", SeriesStyle(LineStyle.SOLID, MarkerShape.CIRCLE, 5), tuple(values), join
            ),
        ),
        sessions=(),
        first_treatment=None,
        zero_line=True,
        signed=True,
        greyed_label="Greyed: light differs",
    )


def test_greyed_sessions_are_shown_but_left_out_of_the_line_and_error_bars_fit() -> None:
    day = dt.date(2026, 7, 9)
    values = [
        Value(1, day, 6.0, 0.8),
        Value(2, day + dt.timedelta(days=28), 9.5, 1.1, greyed=True, note="light differs"),
        Value(3, day + dt.timedelta(days=56), 4.0, 0.7),
    ]
    chart = layout_chart(_redness(values), WIDE, TEXT)
    placed = chart.series[0]
    assert len(placed.points) == 3 and len(placed.lines) == 1 and len(placed.lines[0]) == 2
    lo, hi = chart.y_range
    assert lo <= 0 <= hi and hi >= 9.5 + 1.1  # zero and the whole error bar are on the axis
    assert chart.zero is not None and chart.zero == pytest.approx(chart.y_of(0.0))
    assert all(p.top is not None and p.top < p.y < p.bottom for p in placed.points)
    assert any(t.label == "+2" for t in chart.y_ticks) or any(t.label.startswith("+") for t in chart.y_ticks)
    assert any(i.key == "greyed" for i in chart.legend)
    joined = layout_chart(_redness(values, join=True), WIDE, TEXT)
    assert len(joined.series[0].lines[0]) == 3


def test_small_noise_does_not_fill_the_axis() -> None:
    """A fitted axis spans at least 4 units of Δa*: 0.3 of noise must not look like a trend."""
    day = dt.date(2026, 7, 9)
    values = [Value(i, day + dt.timedelta(days=28 * i), 5.0 + 0.1 * (i % 3), 0.05) for i in range(5)]
    data = _redness(values)
    chart = layout_chart(ChartData(**{**data.__dict__, "zero_line": False}), WIDE, TEXT)
    lo, hi = chart.y_range
    assert hi - lo >= 4.0


@pytest.mark.parametrize("count", [1, 1000], ids=["1-session", "1000-sessions"])
def test_any_length_of_course_lays_out(count: int) -> None:
    sessions = _course([i * 14 for i in range(count)])
    chart = layout_chart(ratings_chart(sessions), NARROW, TEXT)
    _inside(chart)
    assert not chart.empty and len(chart.marks) == count
    assert 1 <= len(chart.x_ticks) <= NARROW.w / LINE


def test_nothing_to_plot_says_so() -> None:
    chart = layout_chart(ratings_chart([]), WIDE, TEXT)
    assert chart.empty and chart.series == [] and chart.x_ticks == []
    no_ratings = [Session(1, dt.date(2026, 7, 9), Kind.CHECK_IN)]
    assert layout_chart(ratings_chart(no_ratings), WIDE, TEXT).empty


def test_the_layout_and_chart_data_need_no_qt() -> None:
    code = (
        "import sys\n"
        "import journal.render.chart_layout, journal.render.chart_data\n"
        "print(any(m.startswith('PySide6') for m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert done.stdout.strip() == "False"

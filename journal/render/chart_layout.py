"""Where everything goes on a progress chart: a pure function from a rectangle, the chart's
data and the text metrics to positions. No painting and no Qt, so the screen, the print
preview, the printer, PDF, SVG and PNG all place the same things, the tests check them
without drawing, and the on-screen view hit-tests the same positions it shows.

The time axis writes dates as the rest of the app does ("9 Jul", the year under the first
tick and where it changes; "Aug" for month ticks), and a second scale above the plot counts
weeks since the first treatment. Series differ by line style and marker, not only by
colour, so a chart reads in black-and-white print.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from journal.core.models import Kind
from journal.render.sheet_layout import Rect

Point = tuple[float, float]


class LineStyle(StrEnum):
    SOLID = "solid"
    DASH = "dash"
    DOT = "dot"
    DASH_DOT = "dash-dot"
    LONG_DASH = "long-dash"
    NONE = "none"


class MarkerShape(StrEnum):
    CIRCLE = "circle"
    SQUARE = "square"
    TRIANGLE = "triangle"
    DIAMOND = "diamond"
    CROSS = "cross"


@dataclass(frozen=True)
class SeriesStyle:
    line: LineStyle
    marker: MarkerShape
    colour: int  # index into the painter's palette


@dataclass(frozen=True)
class Value:
    session_id: int
    day: dt.date
    value: float
    error: float | None = None  # ± drawn as an error bar
    greyed: bool = False  # shown, but out of the line (a photo that failed a quality gate)
    note: str = ""  # why it is greyed, for the view's tooltip


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    style: SeriesStyle
    values: tuple[Value, ...]
    join_greyed: bool = False  # draw the line through greyed values too


@dataclass(frozen=True)
class SessionMark:
    session_id: int
    day: dt.date
    kind: Kind
    label: str  # "Session 3 · week 8" / "Check-in · week 10"


@dataclass(frozen=True)
class ChartData:
    key: str  # "ratings", "redness-front"
    title: str
    axis_label: str  # the unit of the y axis, written above it
    series: tuple[Series, ...]
    sessions: tuple[SessionMark, ...]
    first_treatment: dt.date | None
    y_range: tuple[float, float] | None = None  # fixed (ratings: 0–10); None: fitted to the values
    y_step: float | None = None
    min_span: float = 4.0  # a fitted axis spans at least this much (small noise must not look big)
    zero_line: bool = False
    dodge: bool = False  # shift the series sideways a little so equal values do not hide each other
    signed: bool = False  # tick labels with + for positive values
    note: str = ""  # one line under the chart
    greyed_label: str = ""  # legend entry for greyed values, when there are any
    empty_text: str = "Nothing to show yet."


@dataclass(frozen=True)
class ChartText:
    """Text metrics, measured by the painter in the units of the rectangle."""

    line: float  # line height of the chart's font
    title_line: float
    width: Callable[[str], float]


@dataclass(frozen=True)
class Tick:
    pos: float
    label: str
    second: str = ""  # a second line: the year under a date
    day: dt.date | None = None  # the date of a time-axis tick


@dataclass(frozen=True)
class PlacedValue:
    x: float
    y: float
    value: Value
    series: str
    top: float | None = None  # error bar ends (y), None without an error
    bottom: float | None = None


@dataclass(frozen=True)
class PlacedSeries:
    key: str
    label: str
    style: SeriesStyle
    points: tuple[PlacedValue, ...]
    lines: tuple[tuple[Point, ...], ...]  # polylines to draw


@dataclass(frozen=True)
class PlacedMark:
    x: float
    y: float
    mark: SessionMark


@dataclass(frozen=True)
class LegendItem:
    key: str  # a series key, or "treatment", "check-in", "greyed"
    label: str
    rect: Rect  # the whole item: sample and text
    sample: Rect  # where the line and marker sample goes
    style: SeriesStyle | None  # None for the session marks
    hidden: bool = False


@dataclass(frozen=True)
class Hit:
    kind: str  # "value", "session" or "legend"
    session_id: int | None = None
    series: str | None = None
    value: Value | None = None


@dataclass
class ChartLayout:
    bounds: Rect
    title: Rect
    axis_label: Rect
    plot: Rect
    day_range: tuple[dt.date, dt.date] = (dt.date.min, dt.date.min)
    y_range: tuple[float, float] = (0.0, 1.0)
    x_ticks: list[Tick] = field(default_factory=list)
    x_labels_top: float = 0.0  # y of the date labels' first line
    week_ticks: list[Tick] = field(default_factory=list)
    week_labels: Rect | None = None  # the row of week numbers above the plot
    y_ticks: list[Tick] = field(default_factory=list)
    y_labels: Rect | None = None  # the column of y tick labels, left of the plot
    marks: list[PlacedMark] = field(default_factory=list)
    series: list[PlacedSeries] = field(default_factory=list)
    legend: list[LegendItem] = field(default_factory=list)
    note: Rect | None = None
    zero: float | None = None  # y of the zero line
    empty: bool = False  # nothing to plot: the painter writes data.empty_text in the plot
    mark_size: float = 0.0

    def x_of(self, day: dt.date) -> float:
        first, last = self.day_range
        span = max(1, (last - first).days)
        return self.plot.x + (day - first).days / span * self.plot.w

    def y_of(self, value: float) -> float:
        lo, hi = self.y_range
        return self.plot.bottom - (value - lo) / (hi - lo) * self.plot.h

    def hit(self, x: float, y: float, radius: float) -> Hit | None:
        """What is under (x, y): the nearest plotted value within `radius`, else a legend
        item, else a session mark (or a session's column in the plot) within `radius`."""
        best: tuple[float, PlacedValue] | None = None
        for series in self.series:
            for point in series.points:
                distance = math.hypot(point.x - x, point.y - y)
                if distance <= radius and (best is None or distance < best[0]):
                    best = (distance, point)
        if best is not None:
            point = best[1]
            return Hit("value", point.value.session_id, point.series, point.value)
        for item in self.legend:
            if item.rect.x <= x <= item.rect.right and item.rect.y <= y <= item.rect.bottom:
                return Hit("legend", series=item.key)
        marks = [m for m in self.marks if abs(m.x - x) <= radius]
        inside = self.plot.x - radius <= x <= self.plot.right + radius
        near_axis = abs(y - (marks[0].y if marks else self.plot.bottom)) <= max(radius, self.mark_size)
        if marks and inside and (near_axis or self.plot.y <= y <= self.plot.bottom):
            mark = min(marks, key=lambda m: abs(m.x - x))
            return Hit("session", mark.mark.session_id)
        return None


# ----------------------------------------------------------------- the layout


def layout_chart(
    data: ChartData, bounds: Rect, text: ChartText, hidden: frozenset[str] = frozenset()
) -> ChartLayout:
    """Place `data` in `bounds`. Series whose key is in `hidden` keep their legend item
    (marked hidden, so a click can bring them back) but are not plotted."""
    line = text.line
    pad = line * 0.4
    top = bounds.y
    title = Rect(bounds.x, top, bounds.w, text.title_line if data.title else 0.0)
    top = title.bottom + (pad if data.title else 0.0)
    bottom = bounds.bottom
    note = None
    if data.note:
        note = Rect(bounds.x, bottom - line, bounds.w, line)
        bottom = note.y - pad * 0.5
    legend, legend_h = _legend(data, bounds.x, bounds.w, text, hidden)
    legend_top = bottom - legend_h
    legend = [
        LegendItem(
            i.key, i.label, _moved(i.rect, legend_top), _moved(i.sample, legend_top), i.style, i.hidden
        )
        for i in legend
    ]
    bottom = legend_top - pad
    axis_label = Rect(bounds.x, top, bounds.w, line)
    top = axis_label.bottom + pad * 0.5
    week_row = None
    if data.first_treatment is not None and data.sessions:
        week_row = Rect(bounds.x, top, bounds.w, line)
        top = week_row.bottom + pad * 0.5
    # Below the plot: the session marks, then two lines of date labels.
    mark_size = line * 0.7
    below = mark_size + pad + 2 * line
    values = [v for s in data.series if s.key not in hidden for v in s.values]
    y_lo, y_hi, step = _y_scale(data, values, max(line, bottom - below - top), line)
    y_ticks_values = _ticks(y_lo, y_hi, step)
    labels = [_number(v, step, data.signed) for v in y_ticks_values]
    label_w = max((text.width(t) for t in labels), default=0.0) + pad
    plot = Rect(bounds.x + label_w, top, max(1.0, bounds.w - label_w - pad), max(1.0, bottom - below - top))
    days = sorted({m.day for m in data.sessions} | {v.day for s in data.series for v in s.values})
    chart = ChartLayout(
        bounds=bounds,
        title=title,
        axis_label=Rect(bounds.x, axis_label.y, bounds.w, axis_label.h),
        plot=plot,
        legend=legend,
        note=note,
        mark_size=mark_size,
    )
    chart.y_range = (y_lo, y_hi)
    chart.y_labels = Rect(bounds.x, plot.y, label_w - pad * 0.5, plot.h)
    chart.y_ticks = [Tick(chart.y_of(v), t) for v, t in zip(y_ticks_values, labels, strict=True)]
    if data.zero_line and y_lo <= 0 <= y_hi:
        chart.zero = chart.y_of(0.0)
    if not days:
        chart.empty = True
        return chart
    chart.day_range = _day_range(days[0], days[-1])
    chart.x_ticks = _date_ticks(chart, text)
    chart.x_labels_top = plot.bottom + mark_size + pad
    if week_row is not None and data.first_treatment is not None:
        chart.week_labels = Rect(plot.x, week_row.y, plot.w, week_row.h)
        chart.week_ticks = _week_ticks(chart, data.first_treatment, text)
    mark_y = plot.bottom + mark_size / 2 + pad * 0.5
    chart.marks = [PlacedMark(chart.x_of(m.day), mark_y, m) for m in data.sessions]
    shown = [s for s in data.series if s.key not in hidden]
    chart.series = [_place(chart, s, i, len(shown), line if data.dodge else 0.0) for i, s in enumerate(shown)]
    chart.empty = not any(s.points for s in chart.series)
    return chart


def _moved(rect: Rect, dy: float) -> Rect:
    return Rect(rect.x, rect.y + dy, rect.w, rect.h)


def _legend(
    data: ChartData, x0: float, width: float, text: ChartText, hidden: frozenset[str]
) -> tuple[list[LegendItem], float]:
    """Legend items in rows (relative to y = 0), and the height they take."""
    line = text.line
    sample_w = line * 2.4
    gap = line * 1.1
    entries: list[tuple[str, str, SeriesStyle | None]] = [(s.key, s.label, s.style) for s in data.series]
    kinds = {m.kind for m in data.sessions}
    if Kind.TREATMENT in kinds:
        entries.append(("treatment", "Treatment", None))
    if Kind.CHECK_IN in kinds:
        entries.append(("check-in", "Check-in", None))
    if data.greyed_label and any(v.greyed for s in data.series for v in s.values):
        entries.append(("greyed", data.greyed_label, None))
    items: list[LegendItem] = []
    x, y = x0, 0.0
    for key, label, style in entries:
        sample = sample_w if style is not None else line * 0.9
        item_w = sample + line * 0.35 + text.width(label)
        if x > x0 and x + item_w > x0 + width:
            x, y = x0, y + line * 1.25
        rect = Rect(x, y, min(item_w, width), line)
        items.append(LegendItem(key, label, rect, Rect(x, y, sample, line), style, key in hidden))
        x += item_w + gap
    height = (y + line) if items else 0.0
    return items, height


def _place(chart: ChartLayout, series: Series, index: int, count: int, dodge: float) -> PlacedSeries:
    offset = (index - (count - 1) / 2) * dodge * 0.28 if count > 1 else 0.0
    points = []
    for value in sorted(series.values, key=lambda v: (v.day, v.session_id)):
        x = chart.x_of(value.day) + offset
        y = chart.y_of(value.value)
        top = bottom = None
        if value.error is not None:
            top = max(chart.plot.y, chart.y_of(value.value + value.error))
            bottom = min(chart.plot.bottom, chart.y_of(value.value - value.error))
        points.append(PlacedValue(x, y, value, series.key, top, bottom))
    lines: list[tuple[Point, ...]] = []
    if series.style.line is not LineStyle.NONE:
        joined = [(p.x, p.y) for p in points if series.join_greyed or not p.value.greyed]
        if len(joined) >= 2:
            lines.append(tuple(joined))
    return PlacedSeries(series.key, series.label, series.style, tuple(points), tuple(lines))


# ----------------------------------------------------------------- scales


def _day_range(first: dt.date, last: dt.date) -> tuple[dt.date, dt.date]:
    span = (last - first).days
    pad = max(3, round(span * 0.04)) if span else 10
    return first - dt.timedelta(days=pad), last + dt.timedelta(days=pad)


_DAY_STEPS = (1, 2, 7, 14)
_MONTH_STEPS = (1, 2, 3, 6, 12, 24, 60)


def _date_ticks(chart: ChartLayout, text: ChartText) -> list[Tick]:
    """The densest ticks whose labels do not touch: every day, 2 days, week (Mondays),
    fortnight, then months (1st of the month), quarters, years."""
    first, last = chart.day_range
    gap = text.line * 0.8
    span = max(1, (last - first).days)
    for step in _DAY_STEPS:
        if step / span * chart.plot.w < text.line * 2:
            continue  # no date label is narrower than two line heights: skip without measuring
        days = _day_ticks(first, last, step)
        labels = [f"{d.day} {d:%b}" for d in days]
        if _fits(chart, days, labels, text, gap):
            return _with_years(chart, days, labels)
    ticks: list[Tick] = []
    for step in _MONTH_STEPS:
        days = _month_ticks(first, last, step)
        if step >= 12:
            ticks = [Tick(chart.x_of(d), str(d.year), day=d) for d in days]
            if _fits(chart, days, [str(d.year) for d in days], text, gap):
                return ticks
            continue
        labels = [f"{d:%b}" for d in days]
        if _fits(chart, days, labels, text, gap):
            return _with_years(chart, days, labels)
    return ticks


def _fits(chart: ChartLayout, days: list[dt.date], labels: list[str], text: ChartText, gap: float) -> bool:
    if len(days) < 2:
        return True
    widest = max(text.width(t) for t in labels)
    spacing = min(chart.x_of(b) - chart.x_of(a) for a, b in itertools.pairwise(days))
    return spacing >= widest + gap


def _with_years(chart: ChartLayout, days: list[dt.date], labels: list[str]) -> list[Tick]:
    """The year under the first tick and under each tick where it changes."""
    ticks = []
    previous: int | None = None
    for day, label in zip(days, labels, strict=True):
        ticks.append(Tick(chart.x_of(day), label, str(day.year) if day.year != previous else "", day))
        previous = day.year
    return ticks


def _day_ticks(first: dt.date, last: dt.date, step: int) -> list[dt.date]:
    day = first
    if step >= 7:
        day = first + dt.timedelta(days=(7 - first.weekday()) % 7)  # the first Monday
        weeks_from_epoch = (day - dt.date(2001, 1, 1)).days // 7  # 1 Jan 2001 was a Monday
        if step == 14 and weeks_from_epoch % 2:
            day += dt.timedelta(days=7)
    elif step == 2 and day.toordinal() % 2:
        day += dt.timedelta(days=1)
    out = []
    while day <= last:
        out.append(day)
        day += dt.timedelta(days=step)
    return out


def _month_ticks(first: dt.date, last: dt.date, step: int) -> list[dt.date]:
    """1sts of months from `first` to `last` whose month number (counted from year 0) is a
    multiple of `step`: quarters start in January, April..., year steps in January."""
    index = first.year * 12 + first.month - 1 + (1 if first.day > 1 else 0)
    index += (-index) % step
    out = []
    while (day := dt.date(index // 12, index % 12 + 1, 1)) <= last:
        out.append(day)
        index += step
    return out


_WEEK_STEPS = (1, 2, 4, 8, 13, 26, 52, 104)


def _week_ticks(chart: ChartLayout, first_treatment: dt.date, text: ChartText) -> list[Tick]:
    first, last = chart.day_range
    lo = math.ceil((first - first_treatment).days / 7)
    hi = math.floor((last - first_treatment).days / 7)
    gap = text.line * 0.8
    for step in _WEEK_STEPS:
        spacing = 7 * step / max(1, (last - first).days) * chart.plot.w
        if spacing < text.line and step != _WEEK_STEPS[-1]:
            continue  # too dense for any label
        weeks = [w for w in range(lo, hi + 1) if w % step == 0]
        labels = [_week_label(w, w == weeks[0]) for w in weeks] if weeks else []
        if not weeks:
            return []
        if len(weeks) < 2 or spacing >= max(text.width(t) for t in labels) + gap:
            return [
                Tick(chart.x_of(first_treatment + dt.timedelta(weeks=w)), t)
                for w, t in zip(weeks, labels, strict=True)
            ]
    return []


def _week_label(week: int, first: bool) -> str:
    number = f"−{-week}" if week < 0 else str(week)
    return f"week {number}" if first else number


def _y_scale(data: ChartData, values: list[Value], height: float, line: float) -> tuple[float, float, float]:
    if data.y_range is not None:
        lo, hi = data.y_range
        step = data.y_step or _nice_step((hi - lo) / 5)
        while (hi - lo) / step * line * 1.6 > height and step < hi - lo:
            step = _nice_step(step * 1.5)
        return lo, hi, step
    ends = [v.value + (v.error or 0.0) for v in values] + [v.value - (v.error or 0.0) for v in values]
    if data.zero_line:
        ends.append(0.0)
    if not ends:
        ends = [-data.min_span / 2, data.min_span / 2]
    lo, hi = min(ends), max(ends)
    if hi - lo < data.min_span:
        middle = (lo + hi) / 2
        lo, hi = middle - data.min_span / 2, middle + data.min_span / 2
    wanted = max(2, min(6, int(height / (line * 1.8))))
    step = _nice_step((hi - lo) / wanted)
    return math.floor(lo / step) * step, math.ceil(hi / step) * step, step


def _nice_step(raw: float) -> float:
    if raw <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * power >= raw - 1e-12:
            return float(factor * power)
    return float(10 * power)


def _ticks(lo: float, hi: float, step: float) -> list[float]:
    count = round((hi - lo) / step)
    return [lo + i * step for i in range(count + 1)]


def _number(value: float, step: float, signed: bool) -> str:
    """A tick label with as many decimals as the step needs; a true minus sign; + if `signed`."""
    decimals = next((d for d in range(4) if abs(round(step, d) - step) < 1e-9), 3)
    if abs(value) < step / 1e6:
        value = 0.0
    text = f"{abs(value):.{decimals}f}"
    if value < 0:
        return "−" + text
    return "+" + text if signed and value > 0 else text

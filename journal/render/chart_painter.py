"""Drawing a progress chart into any QPainter: a widget, the print preview, a printer, a PDF
(QPdfWriter), an SVG (QSvgGenerator) or a PNG (QImage). One code path for all of them, as
vectors wherever the device keeps vectors.

Sizes are in points and device-independent units: fonts through QFont point sizes, pens
through the device's logical resolution, so a chart has the same proportions on a 96 dpi
screen and a 300 dpi PDF page.

Palettes: `LIGHT` and `DARK` for screens (or `palette_for` a QPalette), `PRINT` for paper:
black on white, where the series are told apart by their line styles and markers alone.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPaintDevice,
    QPainter,
    QPalette,
    QPen,
    QPolygonF,
)

from journal.render.chart_layout import (
    ChartData,
    ChartLayout,
    ChartText,
    LegendItem,
    LineStyle,
    MarkerShape,
    PlacedValue,
    SeriesStyle,
    layout_chart,
)
from journal.render.sheet_layout import Rect

FONT_POINTS = 8.5
TITLE_POINTS = 10.5


@dataclass(frozen=True)
class ChartPalette:
    background: QColor | None  # None: leave the device's background
    text: QColor
    muted: QColor
    grid: QColor
    axis: QColor
    series: tuple[QColor, ...]  # by SeriesStyle.colour
    greyed: QColor
    treatment: QColor
    check_in: QColor
    highlight: QColor

    def colour(self, index: int) -> QColor:
        return self.series[index % len(self.series)]


# Okabe–Ito colours (distinct for the common colour-vision deficiencies), darkened a little
# for white paper and lightened for dark backgrounds.
LIGHT = ChartPalette(
    background=QColor(255, 255, 255),
    text=QColor(25, 25, 25),
    muted=QColor(90, 90, 90),
    grid=QColor(226, 226, 226),
    axis=QColor(110, 110, 110),
    series=(
        QColor("#c0392b"),
        QColor("#0068a8"),
        QColor("#00805c"),
        QColor("#a8518a"),
        QColor("#b36b00"),
        QColor("#8e1b3a"),
    ),
    greyed=QColor(160, 160, 160),
    treatment=QColor(60, 60, 60),
    check_in=QColor(60, 60, 60),
    highlight=QColor(0, 104, 168, 40),
)
DARK = ChartPalette(
    background=QColor(32, 33, 36),
    text=QColor(232, 232, 232),
    muted=QColor(175, 175, 175),
    grid=QColor(68, 70, 74),
    axis=QColor(150, 150, 150),
    series=(
        QColor("#ff8a70"),
        QColor("#6cc0f0"),
        QColor("#3fd0a0"),
        QColor("#eaa0d0"),
        QColor("#f2c14e"),
        QColor("#ff9db5"),
    ),
    greyed=QColor(120, 120, 120),
    treatment=QColor(205, 205, 205),
    check_in=QColor(205, 205, 205),
    highlight=QColor(108, 192, 240, 50),
)
PRINT = ChartPalette(
    background=None,
    text=QColor(0, 0, 0),
    muted=QColor(60, 60, 60),
    grid=QColor(205, 205, 205),
    axis=QColor(0, 0, 0),
    series=(QColor(0, 0, 0),),
    greyed=QColor(150, 150, 150),
    treatment=QColor(0, 0, 0),
    check_in=QColor(0, 0, 0),
    highlight=QColor(0, 0, 0, 30),
)


def palette_for(qt: QPalette) -> ChartPalette:
    """The screen palette matching a widget's QPalette (light or dark), in its own colours."""
    window = qt.color(QPalette.ColorRole.Window)
    base = DARK if window.lightnessF() < 0.5 else LIGHT
    text = qt.color(QPalette.ColorRole.WindowText)
    return replace(base, background=window, text=text, muted=_mix(text, window, 0.3))


def _mix(a: QColor, b: QColor, share_of_b: float) -> QColor:
    keep = 1 - share_of_b
    return QColor.fromRgbF(
        a.redF() * keep + b.redF() * share_of_b,
        a.greenF() * keep + b.greenF() * share_of_b,
        a.blueF() * keep + b.blueF() * share_of_b,
    )


@dataclass(frozen=True)
class ChartFonts:
    text: QFont
    bold: QFont
    title: QFont

    @classmethod
    def at(cls, points: float = FONT_POINTS) -> ChartFonts:
        def font(size: float, bold: bool = False) -> QFont:
            f = QFont("DejaVu Sans")
            f.setStyleHint(QFont.StyleHint.SansSerif)
            f.setPointSizeF(size)
            f.setBold(bold)
            return f

        return cls(font(points), font(points, True), font(points * TITLE_POINTS / FONT_POINTS, True))

    def measure(self, device: QPaintDevice | None) -> ChartText:
        text = QFontMetricsF(self.text, device) if device is not None else QFontMetricsF(self.text)
        title = QFontMetricsF(self.title, device) if device is not None else QFontMetricsF(self.title)
        return ChartText(text.lineSpacing(), title.lineSpacing(), text.horizontalAdvance)


def paint_chart(
    painter: QPainter,
    bounds: Rect,
    data: ChartData,
    palette: ChartPalette = LIGHT,
    hidden: frozenset[str] = frozenset(),
    highlight: int | None = None,
    fonts: ChartFonts | None = None,
) -> ChartLayout:
    """Lay out and draw `data` in `bounds` (painter coordinates); returns the layout, for
    hit-testing what was drawn. `highlight` is a session id to mark (hover, selection)."""
    fonts = fonts or ChartFonts.at()
    chart = layout_chart(data, bounds, fonts.measure(painter.device()), hidden)
    painter.save()
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        _Drawing(painter, chart, data, palette, fonts).draw(highlight)
    finally:
        painter.restore()
    return chart


def paint_stack(
    painter: QPainter,
    bounds: Rect,
    charts: Sequence[ChartData],
    palette: ChartPalette = LIGHT,
    fonts: ChartFonts | None = None,
) -> list[ChartLayout]:
    """Several charts one above the other in `bounds`, with a little space between."""
    if not charts:
        return []
    fonts = fonts or ChartFonts.at()
    gap = fonts.measure(painter.device()).line * 1.5
    height = (bounds.h - gap * (len(charts) - 1)) / len(charts)
    out = []
    for index, data in enumerate(charts):
        rect = Rect(bounds.x, bounds.y + index * (height + gap), bounds.w, height)
        out.append(paint_chart(painter, rect, data, palette, fonts=fonts))
    return out


class _Drawing:
    def __init__(
        self, painter: QPainter, chart: ChartLayout, data: ChartData, palette: ChartPalette, fonts: ChartFonts
    ) -> None:
        self.p, self.chart, self.data, self.palette, self.fonts = painter, chart, data, palette, fonts
        device = painter.device()
        self.unit = max(0.5, (device.logicalDpiY() if device is not None else 96) / 96.0)
        self.mark = chart.mark_size
        self._pens: dict[tuple[int, float, LineStyle], QPen] = {}

    def pen(self, colour: QColor, width: float = 1.0, style: LineStyle = LineStyle.SOLID) -> QPen:
        key = (colour.rgba(), width, style)
        if key not in self._pens:
            self._pens[key] = self._make_pen(colour, width, style)
        return self._pens[key]

    def _make_pen(self, colour: QColor, width: float, style: LineStyle) -> QPen:
        pen = QPen(colour, width * self.unit)
        # Square ends join the segments of a solid line; dashes and dots end flat. Round caps
        # would look a little finer but cost the raster engine 5–40 times as much per segment.
        pen.setCapStyle(Qt.PenCapStyle.SquareCap if style is LineStyle.SOLID else Qt.PenCapStyle.FlatCap)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        patterns = {
            LineStyle.DASH: [4.0, 2.5],
            LineStyle.DOT: [1.0, 1.8],
            LineStyle.DASH_DOT: [5.0, 2.0, 1.0, 2.0],
            LineStyle.LONG_DASH: [9.0, 3.0],
        }
        if style in patterns:
            pen.setDashPattern(patterns[style])  # in pen widths
        elif style is LineStyle.NONE:
            pen.setStyle(Qt.PenStyle.NoPen)
        return pen

    def text(self, rect: Rect, text: str, font: QFont, colour: QColor, flags: Qt.AlignmentFlag) -> None:
        self.p.setFont(font)
        self.p.setPen(colour)
        metrics = QFontMetricsF(font, self.p.device())
        shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(1.0, rect.w))
        self.p.drawText(QRectF(rect.x, rect.y, rect.w, rect.h), int(flags), shown)

    # ------------------------------------------------------------- parts

    def draw(self, highlight: int | None) -> None:
        c, pal = self.chart, self.palette
        if pal.background is not None:
            self.p.fillRect(_qrect(c.bounds), pal.background)
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        if self.data.title:
            self.text(c.title, self.data.title, self.fonts.title, pal.text, left)
        self.text(c.axis_label, self.data.axis_label, self.fonts.text, pal.muted, left)
        self.grid()
        if highlight is not None:
            self.highlight(highlight)
        self.axes()
        self.marks()
        if c.empty:
            self.text(
                c.plot,
                self.data.empty_text,
                self.fonts.text,
                pal.muted,
                Qt.AlignmentFlag.AlignCenter,
            )
        for series in c.series:
            self.series(series.key, series.style, series.points, series.lines)
        for item in c.legend:
            self.legend(item)
        if c.note is not None and self.data.note:
            self.text(c.note, self.data.note, self.fonts.text, pal.muted, left)

    def grid(self) -> None:
        c, pal = self.chart, self.palette
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        line = self.fonts.measure(self.p.device()).line
        for tick in c.y_ticks:
            self.p.setPen(self.pen(pal.grid, 0.6))
            self.p.drawLine(QLineF(c.plot.x, tick.pos, c.plot.right, tick.pos))
            if c.y_labels is not None:
                label = Rect(c.y_labels.x, tick.pos - line / 2, c.y_labels.w, line)
                self.text(label, tick.label, self.fonts.text, pal.muted, right)
        treatments = [m for m in c.marks if m.mark.kind.value == "treatment"]
        if len(treatments) * self.mark <= c.plot.w:  # denser guides would only grey the plot
            self.p.setPen(self.pen(pal.grid, 0.8))
            for mark in treatments:
                self.p.drawLine(QLineF(mark.x, c.plot.y, mark.x, c.plot.bottom))
        if c.zero is not None:
            self.p.setPen(self.pen(pal.axis, 0.9))
            self.p.drawLine(QLineF(c.plot.x, c.zero, c.plot.right, c.zero))

    def highlight(self, session_id: int) -> None:
        c = self.chart
        for mark in c.marks:
            if mark.mark.session_id == session_id:
                width = self.mark * 1.2
                self.p.fillRect(QRectF(mark.x - width / 2, c.plot.y, width, c.plot.h), self.palette.highlight)

    def axes(self) -> None:
        c, pal = self.chart, self.palette
        self.p.setPen(self.pen(pal.axis, 0.9))
        self.p.drawLine(QLineF(c.plot.x, c.plot.y, c.plot.x, c.plot.bottom))
        self.p.drawLine(QLineF(c.plot.x, c.plot.bottom, c.plot.right, c.plot.bottom))
        line = self.fonts.measure(self.p.device()).line
        centre = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter
        tick_len = line * 0.25
        for tick in c.x_ticks:
            self.p.setPen(self.pen(pal.axis, 0.8))
            self.p.drawLine(QLineF(tick.pos, c.plot.bottom, tick.pos, c.plot.bottom + tick_len))
            for row, label in enumerate((tick.label, tick.second)):
                if label:
                    rect = self._centred(tick.pos, c.x_labels_top + row * line, label, line)
                    self.text(
                        rect, label, self.fonts.text if row == 0 else self.fonts.bold, pal.muted, centre
                    )
        if c.week_labels is not None:
            self.p.setPen(self.pen(pal.axis, 0.8))
            self.p.drawLine(QLineF(c.plot.x, c.plot.y, c.plot.right, c.plot.y))
            for tick in c.week_ticks:
                self.p.setPen(self.pen(pal.axis, 0.8))
                self.p.drawLine(QLineF(tick.pos, c.plot.y, tick.pos, c.plot.y - tick_len))
                rect = self._centred(tick.pos, c.week_labels.y - tick_len * 0.5, tick.label, line)
                self.text(rect, tick.label, self.fonts.text, pal.muted, centre)

    def _centred(self, x: float, y: float, label: str, line: float) -> Rect:
        """A label's box centred on x, kept inside the chart's bounds."""
        width = QFontMetricsF(self.fonts.bold, self.p.device()).horizontalAdvance(label) + line * 0.3
        bounds = self.chart.bounds
        left = min(max(bounds.x, x - width / 2), bounds.right - width)
        return Rect(left, y, width, line)

    def marks(self) -> None:
        for mark in self.chart.marks:
            self.session_glyph(mark.x, mark.y, mark.mark.kind.value, self.mark)

    def session_glyph(self, x: float, y: float, kind: str, size: float) -> None:
        pal = self.palette
        half = size / 2
        if kind == "treatment":
            triangle = QPolygonF(
                [QPointF(x, y - half), QPointF(x + half, y + half), QPointF(x - half, y + half)]
            )
            self.p.setPen(self.pen(pal.treatment, 0.6))
            self.p.setBrush(QBrush(pal.treatment))
            self.p.drawPolygon(triangle)
        elif kind == "check-in":
            self.p.setPen(self.pen(pal.check_in, 1.1))
            self.p.setBrush(Qt.BrushStyle.NoBrush)
            self.p.drawEllipse(QPointF(x, y), half * 0.8, half * 0.8)
        else:  # greyed sample
            self.p.setPen(self.pen(pal.greyed, 1.1))
            self.p.setBrush(Qt.BrushStyle.NoBrush)
            self.p.drawEllipse(QPointF(x, y), half * 0.7, half * 0.7)

    def series(
        self,
        key: str,
        style: SeriesStyle,
        points: Sequence[PlacedValue],
        lines: Sequence[Sequence[tuple[float, float]]],
    ) -> None:
        colour = self.palette.colour(style.colour)
        self.p.setBrush(Qt.BrushStyle.NoBrush)
        for polyline in lines:
            self.polyline(polyline, self.pen(colour, 1.6, style.line))
        cap = self.mark * 0.35
        for point in points:
            if point.top is not None and point.bottom is not None:
                self.p.setPen(self.pen(self.palette.greyed if point.value.greyed else colour, 1.0))
                self.p.drawLine(QLineF(point.x, point.top, point.x, point.bottom))
                self.p.drawLine(QLineF(point.x - cap, point.top, point.x + cap, point.top))
                self.p.drawLine(QLineF(point.x - cap, point.bottom, point.x + cap, point.bottom))
        inked: bool | None = None
        for point in points:
            if point.value.greyed is not inked:
                inked = point.value.greyed
                self.marker_ink(self.palette.greyed if inked else colour, hollow=inked)
            self.marker(point.x, point.y, style.marker, self.palette.greyed if inked else colour)

    def polyline(self, points: Sequence[tuple[float, float]], pen: QPen) -> None:
        """A line through `points`, drawn segment by segment: Qt's raster engine strokes a long
        zig-zag path in seconds (1,000 points: 3.5 s against 13 ms for the segments). The dash
        pattern runs on across segments through the pen's dash offset."""
        pen = QPen(pen)  # the dash offset changes along the line: not the cached pen's
        width = max(pen.widthF(), 1e-6)
        travelled = 0.0
        for (x1, y1), (x2, y2) in itertools.pairwise(points):
            if pen.style() is not Qt.PenStyle.SolidLine:
                pen.setDashOffset(travelled / width)
            self.p.setPen(pen)
            self.p.drawLine(QLineF(x1, y1, x2, y2))
            travelled += math.hypot(x2 - x1, y2 - y1)

    def marker_ink(self, colour: QColor, hollow: bool = False) -> None:
        """Pen and brush for the markers that follow (set once for many markers)."""
        self.p.setPen(self.pen(colour, 1.1))
        self.p.setBrush(QBrush((self.palette.background or QColor(255, 255, 255)) if hollow else colour))

    def marker(self, x: float, y: float, shape: MarkerShape, colour: QColor) -> None:
        """One marker, in the ink `marker_ink` set (`colour` is for the cross, which is drawn
        with a heavier pen)."""
        r = self.mark * 0.42
        if shape is MarkerShape.CIRCLE:
            self.p.drawEllipse(QPointF(x, y), r, r)
        elif shape is MarkerShape.SQUARE:
            s = r * 0.9
            self.p.drawRect(QRectF(x - s, y - s, 2 * s, 2 * s))
        elif shape is MarkerShape.TRIANGLE:
            t = r * 1.15
            self.p.drawPolygon(
                QPolygonF([QPointF(x, y - t), QPointF(x + t, y + t * 0.8), QPointF(x - t, y + t * 0.8)])
            )
        elif shape is MarkerShape.DIAMOND:
            d = r * 1.2
            self.p.drawPolygon(
                QPolygonF([QPointF(x, y - d), QPointF(x + d, y), QPointF(x, y + d), QPointF(x - d, y)])
            )
        else:  # a cross: two strokes, no fill
            c = r * 1.0
            ink = self.p.pen()
            self.p.setPen(self.pen(colour, 1.6))
            self.p.drawLine(QLineF(x - c, y - c, x + c, y + c))
            self.p.drawLine(QLineF(x - c, y + c, x + c, y - c))
            self.p.setPen(ink)

    def legend(self, item: LegendItem) -> None:
        pal = self.palette
        s = item.sample
        mid_y = s.y + s.h / 2
        if item.style is not None:
            colour = pal.greyed if item.hidden else pal.colour(item.style.colour)
            if item.style.line is not LineStyle.NONE:
                self.p.setPen(self.pen(colour, 1.6, item.style.line))
                self.p.drawLine(QLineF(s.x, mid_y, s.right, mid_y))
            self.marker_ink(colour, hollow=item.hidden)
            self.marker(s.x + s.w / 2, mid_y, item.style.marker, colour)
        else:
            self.session_glyph(s.x + s.w / 2, mid_y, item.key, self.mark)
        left = s.right + s.h * 0.35
        label = Rect(left, item.rect.y, max(1.0, item.rect.right - left) + s.h * 0.3, item.rect.h)
        font = QFont(self.fonts.text)
        font.setStrikeOut(item.hidden)
        self.text(
            label,
            item.label,
            font,
            pal.muted if item.hidden else pal.text,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
        )


def _qrect(rect: Rect) -> QRectF:
    return QRectF(rect.x, rect.y, rect.w, rect.h)

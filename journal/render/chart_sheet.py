"""The progress chart sheet: the self-ratings chart and each angle's redness chart on paper
(a PDF page or a printer), or on one canvas as SVG or PNG for `progress-journal chart`.

Everything is drawn by `chart_painter.paint_chart`, the same code as on screen: vectors in
PDF and SVG, never a screenshot.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPagedPaintDevice,
    QPainter,
    QPdfWriter,
    QPen,
)

from journal.core.journal import Journal
from journal.core.models import Angle
from journal.core.redness_trend import measure_trend
from journal.render.chart_data import ratings_chart, redness_chart
from journal.render.chart_layout import ChartData
from journal.render.chart_painter import LIGHT, ChartFonts, ChartPalette, paint_chart
from journal.render.output import NotPainted, begin, encoded, memory, write_file
from journal.render.sheet_layout import Rect

FOOTER_NOTE = "A personal record kept with Progress Journal, not a medical assessment."
FORMATS = ("pdf", "png", "svg")
CANVAS_MM = (260.0, 95.0)  # SVG and PNG: width, and height per chart
PNG_DPI = 200
SVG_DPI = 96


@dataclass
class ChartSheet:
    title: str  # the journal's name
    subtitle: str  # "Microneedling · 9 Jul – 14 Nov 2026"
    pdf_title: str
    charts: list[ChartData]
    printed: dt.date = field(default_factory=dt.date.today)


def chart_sheet(
    journal: Journal,
    angles: Sequence[Angle] | None = None,
    progress: Callable[[int, int], bool | None] | None = None,
) -> ChartSheet:
    """The ratings chart, then the redness chart of each of `angles` (default: every angle
    with regions set). Measuring reads each photo of those angles: run it off the GUI thread."""
    from journal.render.sheet_data import date_range

    sessions = journal.sessions()
    charts = [ratings_chart(sessions)]
    regions = journal.redness_regions()
    chosen = (
        [a for a in (Angle.FRONT, Angle.LEFT, Angle.RIGHT) if regions.of(a).complete]
        if angles is None
        else list(angles)
    )
    for angle in chosen:
        trend = measure_trend(journal, angle, progress=progress)
        charts.append(redness_chart(trend, sessions))
    settings = journal.settings
    span = date_range(sessions[0].date, sessions[-1].date) if sessions else "no sessions yet"
    return ChartSheet(
        title=settings.name,
        subtitle=f"{settings.treatment} · {span}",
        pdf_title=f"Progress Journal — progress charts, {span}",
        charts=charts,
    )


# ----------------------------------------------------------------- layout of a page


@dataclass(frozen=True)
class ChartPage:
    header: Rect
    footer: Rect
    charts: list[tuple[int, Rect]]


def sheet_pages(page: Rect, count: int, line: float, title_line: float) -> list[ChartPage]:
    """Pages for `count` charts: a header, the charts one under another (as many per page as
    keep each at least half as tall as it is wide, at most three), a footer."""
    spacing = line
    header = Rect(page.x, page.y, page.w, title_line + line * 1.2)
    footer = Rect(page.x, page.bottom - line * 2, page.w, line * 2)
    body = Rect(page.x, header.bottom + spacing, page.w, footer.y - spacing - header.bottom - spacing)
    if body.h <= line * 8 or body.w <= line * 10:
        raise ValueError("the page is too small for a chart")
    per_page = max(1, min(3, count, math.floor((body.h + spacing) / (body.w * 0.45 + spacing))))
    height = min((body.h - spacing * (per_page - 1)) / per_page, body.w * 0.75)
    pages = []
    for start in range(0, max(1, count), per_page):
        rects = [
            (i, Rect(body.x, body.y + (i - start) * (height + spacing), body.w, height))
            for i in range(start, min(count, start + per_page))
        ]
        pages.append(ChartPage(header, footer, rects))
    return pages


# ----------------------------------------------------------------- painting


def paint_sheet(
    device: QPagedPaintDevice,
    sheet: ChartSheet,
    palette: ChartPalette | None = None,
    painter: QPainter | None = None,
) -> int:
    """Draw the sheet on a paged device (QPrinter, the print preview's printer, QPdfWriter);
    returns the page count."""
    palette = palette or replace(LIGHT, background=None)
    fonts = ChartFonts.at()
    rect = device.pageLayout().paintRectPixels(device.logicalDpiX())
    page = Rect(0, 0, rect.width(), rect.height())
    metrics = fonts.measure(device)
    pages = sheet_pages(page, len(sheet.charts), metrics.line, metrics.title_line * 1.4)
    own = painter is None
    painter = painter or begin(device, "the printer would not start")
    try:
        for number, each in enumerate(pages, 1):
            if number > 1 and not device.newPage():
                raise NotPainted(f"the printer stopped after page {number - 1}")
            _furniture(painter, sheet, each.header, each.footer, number, len(pages), palette)
            for index, chart_rect in each.charts:
                paint_chart(painter, chart_rect, sheet.charts[index], palette, fonts=fonts)
    except BaseException:
        if own:
            painter.end()
        raise
    if own and not painter.end():
        raise NotPainted("the printer did not finish the job")
    return len(pages)


def paint_canvas(painter: QPainter, bounds: Rect, sheet: ChartSheet, palette: ChartPalette) -> None:
    """The whole sheet on one canvas (SVG, PNG): header, every chart, the note line."""
    fonts = ChartFonts.at()
    metrics = fonts.measure(painter.device())
    if palette.background is not None:
        painter.fillRect(QRectF(bounds.x, bounds.y, bounds.w, bounds.h), palette.background)
    pad = metrics.line
    inner = Rect(bounds.x + pad, bounds.y + pad, bounds.w - 2 * pad, bounds.h - 2 * pad)
    header = Rect(inner.x, inner.y, inner.w, metrics.title_line * 1.4 + metrics.line * 1.2)
    footer = Rect(inner.x, inner.bottom - metrics.line, inner.w, metrics.line)
    _header(painter, sheet, header, palette)
    _text(painter, fonts.text, footer, FOOTER_NOTE, Qt.AlignmentFlag.AlignLeft, palette.muted)
    top, bottom = header.bottom + pad, footer.y - pad
    count = len(sheet.charts)
    height = (bottom - top - pad * (count - 1)) / max(1, count)
    for index, data in enumerate(sheet.charts):
        paint_chart(
            painter, Rect(inner.x, top + index * (height + pad), inner.w, height), data, palette, fonts=fonts
        )


def _title_font(points: float = 15.0, bold: bool = True) -> QFont:
    font = QFont("DejaVu Sans")
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


def _text(
    painter: QPainter, font: QFont, rect: Rect, text: str, flags: Qt.AlignmentFlag, colour: QColor
) -> None:
    painter.setFont(font)
    painter.setPen(colour)
    shown = QFontMetricsF(font, painter.device()).elidedText(text, Qt.TextElideMode.ElideRight, rect.w)
    painter.drawText(
        QRectF(rect.x, rect.y, rect.w, rect.h), int(flags | Qt.AlignmentFlag.AlignVCenter), shown
    )


def _header(painter: QPainter, sheet: ChartSheet, rect: Rect, palette: ChartPalette) -> None:
    title = _title_font()
    sub = _title_font(10, bold=False)
    title_h = QFontMetricsF(title, painter.device()).lineSpacing()
    _text(
        painter,
        title,
        Rect(rect.x, rect.y, rect.w, title_h),
        sheet.title,
        Qt.AlignmentFlag.AlignLeft,
        palette.text,
    )
    _text(
        painter,
        sub,
        Rect(rect.x, rect.y + title_h, rect.w, rect.h - title_h),
        sheet.subtitle,
        Qt.AlignmentFlag.AlignLeft,
        palette.muted,
    )
    painter.setPen(QPen(palette.grid, max(1.0, painter.device().logicalDpiY() / 150)))
    painter.drawLine(
        QRectF(rect.x, rect.bottom, rect.w, 0).topLeft(), QRectF(rect.x, rect.bottom, rect.w, 0).topRight()
    )


def _furniture(
    painter: QPainter,
    sheet: ChartSheet,
    header: Rect,
    footer: Rect,
    number: int,
    total: int,
    palette: ChartPalette,
) -> None:
    _header(painter, sheet, header, palette)
    small = _title_font(7.5, bold=False)
    half = footer.h / 2
    _text(
        painter,
        small,
        Rect(footer.x, footer.y, footer.w / 2, half),
        f"Page {number} of {total}",
        Qt.AlignmentFlag.AlignLeft,
        palette.muted,
    )
    printed = f"Printed {sheet.printed.day} {sheet.printed:%b %Y}"
    _text(
        painter,
        small,
        Rect(footer.x + footer.w / 2, footer.y, footer.w / 2, half),
        printed,
        Qt.AlignmentFlag.AlignRight,
        palette.muted,
    )
    _text(
        painter,
        small,
        Rect(footer.x, footer.y + half, footer.w, half),
        FOOTER_NOTE,
        Qt.AlignmentFlag.AlignHCenter,
        palette.muted,
    )


# ----------------------------------------------------------------- files


def format_of(out: Path) -> str:
    suffix = out.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise ValueError(f"the output must end in .pdf, .png or .svg: {out.name}")
    return suffix


def write_sheet(
    sheet: ChartSheet,
    out: Path,
    size: str = "a4",
    landscape: bool = False,
    palette: ChartPalette | None = None,
) -> int:
    """Write the sheet to `out` as PDF (pages of `size`), SVG or PNG (one canvas), by the
    file's suffix: drawn in memory, then written to a temporary file in the same folder and
    renamed (a full disk is DiskFull and leaves nothing). Returns the page count (1 for SVG
    and PNG). Raises JournalError for a place inside a journal folder."""
    from journal.core.fsutil import refuse_inside_journal
    from journal.render.sheet_painter import page_layout

    out = Path(out)
    kind = format_of(out)
    refuse_inside_journal(out, "a chart")
    pages = 1
    if kind == "pdf":
        buffer = memory()
        writer = QPdfWriter(buffer)
        writer.setResolution(300)
        writer.setPageLayout(page_layout(size, landscape))
        writer.setTitle(sheet.pdf_title)
        writer.setCreator("Progress Journal")
        pages = paint_sheet(writer, sheet, palette)
        del writer  # the document is complete in the buffer
        data = bytes(buffer.data().data())
    else:
        chosen = palette or LIGHT
        width_mm, per_chart_mm = CANVAS_MM
        height_mm = 30.0 + per_chart_mm * len(sheet.charts)
        if kind == "svg":
            data = _svg(sheet, chosen, width_mm, height_mm)
        else:
            data = _png(sheet, chosen, width_mm, height_mm)
    write_file(out, data, "the chart")
    return pages


def _svg(sheet: ChartSheet, palette: ChartPalette, width_mm: float, height_mm: float) -> bytes:
    from PySide6.QtSvg import QSvgGenerator

    width, height = round(width_mm / 25.4 * SVG_DPI), round(height_mm / 25.4 * SVG_DPI)
    buffer = memory()
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setResolution(SVG_DPI)
    generator.setSize(QSize(width, height))
    generator.setViewBox(QRectF(0, 0, width, height))
    generator.setTitle(sheet.pdf_title)
    generator.setDescription(FOOTER_NOTE)
    painter = begin(generator, "the SVG could not be drawn")
    try:
        paint_canvas(painter, Rect(0, 0, width, height), sheet, palette)
    finally:
        painter.end()
    return bytes(buffer.data().data())


def _png(sheet: ChartSheet, palette: ChartPalette, width_mm: float, height_mm: float) -> bytes:
    width, height = round(width_mm / 25.4 * PNG_DPI), round(height_mm / 25.4 * PNG_DPI)
    image = QImage(QSizeF(width, height).toSize(), QImage.Format.Format_RGB32)
    dots_per_metre = round(PNG_DPI / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    image.fill(palette.background or QColor(255, 255, 255))
    painter = begin(image, "the PNG could not be drawn")
    try:
        paint_canvas(painter, Rect(0, 0, width, height), sheet, palette)
    finally:
        painter.end()
    return encoded(image, b"png")

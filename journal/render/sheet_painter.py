"""Drawing a comparison sheet on any paged device: QPrinter (print, preview) or QPdfWriter.

The layout is computed in device pixels from the page's paint rectangle, the fonts' measured
line heights and how many lines each text wraps to at a width, so text is sized in points and
never depends on the device's resolution. Notes are cut with "…" to the lines their place
holds, captions elided: nothing overflows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPaintDevice,
    QPainter,
    QPdfWriter,
    QPen,
    QTextLayout,
    QTextOption,
)

from journal.core.models import RATING_LABELS
from journal.render.output import NotPainted, begin, memory, write_file
from journal.render.sheet_data import SessionInfo, SheetData, complete_charts
from journal.render.sheet_images import Picture, pixel_size, preparing
from journal.render.sheet_layout import HEAD_LINES, MAX_NOTE_LINES, Lines, Page, Rect, layout, table_rows

FOOTER_NOTE = "A personal record kept with Progress Journal, not a medical assessment."
ROW_NAMES = {
    "redness": RATING_LABELS["redness"],
    "bumps": RATING_LABELS["bumps"],
    "active_acne": RATING_LABELS["active_acne"],
    "scar_visibility": RATING_LABELS["scar_visibility"],
    "pain": "Pain (treatments)",
}
DEFAULT_MARGIN_MM = 12.0
TABLE_TITLE = "Self-ratings (0–10)"
NO_NOTES = "No notes."


class Fonts:
    def __init__(self, device: QPagedPaintDevice | None = None) -> None:
        def font(points: float, bold: bool = False) -> QFont:
            f = QFont("DejaVu Sans")
            f.setStyleHint(QFont.StyleHint.SansSerif)
            f.setPointSizeF(points)
            f.setBold(bold)
            return f

        self.title = font(15, True)
        self.subtitle = font(10)
        self.gap = font(11, True)
        self.caption_bold = font(9, True)
        self.caption = font(9)
        self.table = font(8.5)
        self.table_bold = font(8.5, True)
        self.note = font(8.5)
        self.remark = font(8.5)
        self.remark.setItalic(True)
        self.footer = font(7.5)
        self._device = device

    def metrics(self, font: QFont) -> QFontMetricsF:
        return QFontMetricsF(font, self._device) if self._device is not None else QFontMetricsF(font)

    def lines(self) -> Lines:
        def height(font: QFont) -> float:
            return self.metrics(font).lineSpacing()

        bold, plain = self.metrics(self.table_bold), self.metrics(self.table)
        label = max(
            bold.horizontalAdvance(TABLE_TITLE),
            *(plain.horizontalAdvance(name) for name in ROW_NAMES.values()),
        )
        column = max(
            bold.horizontalAdvance("30 Sep"),
            plain.horizontalAdvance("session 12"),
            plain.horizontalAdvance("check-in"),
        )
        return Lines(
            title=height(self.title),
            subtitle=height(self.subtitle),
            gap=height(self.gap) * 1.3,
            caption=height(self.caption_bold),
            table=height(self.table),
            note=height(self.note),
            footer=height(self.footer),
            table_label=label + plain.horizontalAdvance("  "),
            table_column=column + plain.horizontalAdvance("  "),
        )


def page_rect(device: QPagedPaintDevice) -> Rect:
    rect = device.pageLayout().paintRectPixels(device.logicalDpiX())
    return Rect(0, 0, rect.width(), rect.height())


def plan(device: QPagedPaintDevice, data: SheetData) -> list[Page]:
    """The pages this sheet needs on `device` (its page size, orientation and margins)."""
    fonts = Fonts(device)
    styles = {"note": fonts.note, "head": fonts.caption_bold, "remark": fonts.remark, "lead": fonts.note}

    def measure(text: str, width: float, style: str) -> int:
        if style == "head":
            return len(head_lines(text, fonts.caption_bold, width, device))
        return len(wrap(text, styles[style], width, 10_000, device))

    spec = replace(
        data.spec,
        note_texts=tuple(info.notes or NO_NOTES for info in data.sessions),
        note_heads=tuple(_note_head(info) for info in data.sessions),
        remarks=tuple(data.remarks),
        lead=data.lead,
    )
    return layout(page_rect(device), spec, fonts.lines(), margin=0.0, measure=measure)


def picture_size(device: QPagedPaintDevice, pages: list[Page]) -> tuple[int, int]:
    cell = next(c.photo for p in pages for c in p.cells)
    dpi = device.logicalDpiX()
    return pixel_size(cell.w / dpi, cell.h / dpi, dpi)


def paint(
    device: QPagedPaintDevice,
    data: SheetData,
    pictures: Mapping[tuple[int, int], Picture],
    pages: list[Page] | None = None,
    painter: QPainter | None = None,
) -> int:
    """Draw every page on `device`; returns the page count. NotPainted when the device would
    not start or stopped (a printer that is not there, or refused the job)."""
    pages = pages or plan(device, data)
    fonts = Fonts(device)
    own = painter is None
    if painter is None:
        painter = begin(device, "the printer would not start")
    try:
        for number, page in enumerate(pages, 1):
            if number > 1 and not device.newPage():
                raise NotPainted(f"the printer stopped after page {number - 1}")
            _page(painter, fonts, data, pictures, page, number, len(pages))
    except BaseException:
        if own:
            painter.end()
        raise
    if own and not painter.end():
        raise NotPainted("the printer did not finish the job")
    return len(pages)


def _text(
    painter: QPainter,
    font: QFont,
    rect: Rect,
    text: str,
    flags: Qt.AlignmentFlag,
    color: QColor | None = None,
) -> None:
    painter.setFont(font)
    painter.setPen(color or QColor(25, 25, 25))
    metrics = QFontMetricsF(font, painter.device())
    shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.w)
    painter.drawText(QRectF(rect.x, rect.y, rect.w, rect.h), int(flags), shown)


def _page(
    painter: QPainter,
    fonts: Fonts,
    data: SheetData,
    pictures: Mapping[tuple[int, int], Picture],
    page: Page,
    number: int,
    total: int,
) -> None:
    left_top = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
    header = page.header
    title_h = fonts.metrics(fonts.title).lineSpacing()
    _text(painter, fonts.title, Rect(header.x, header.y, header.w, title_h), data.title, left_top)
    _text(
        painter,
        fonts.subtitle,
        Rect(header.x, header.y + title_h, header.w, header.h - title_h),
        data.subtitle,
        left_top,
        QColor(80, 80, 80),
    )
    rule_y = header.bottom
    painter.setPen(QPen(QColor(180, 180, 180), max(1.0, painter.device().logicalDpiX() / 150)))
    painter.drawLine(
        QRectF(header.x, rule_y, header.w, 0).topLeft(), QRectF(header.x, rule_y, header.w, 0).topRight()
    )
    if page.gap is not None and data.gap:
        _text(
            painter,
            fonts.gap,
            page.gap,
            data.gap,
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter,
        )
    if page.lead is not None and data.lead:
        _lines(painter, fonts.note, page.lead, data.lead, QColor(60, 60, 60))
    for index, rect in page.remarks:
        _lines(painter, fonts.remark, rect, data.remarks[index], QColor(60, 60, 60))
    for row, rect in page.row_labels:
        _text(painter, fonts.caption_bold, rect, data.angles[row].value.capitalize(), left_top)
    for cell in page.cells:
        picture = pictures.get((cell.session, cell.row))
        target = QRectF(cell.photo.x, cell.photo.y, cell.photo.w, cell.photo.h)
        if picture is not None:
            painter.drawImage(target, picture.image)
        painter.setPen(QPen(QColor(200, 200, 200), max(1.0, painter.device().logicalDpiX() / 300)))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(target)
        info = data.sessions[cell.session]
        line = cell.caption.h / 2
        _text(
            painter,
            fonts.caption_bold,
            Rect(cell.caption.x, cell.caption.y, cell.caption.w, line),
            info.date_line,
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter,
        )
        course = (
            info.course_line if picture is None or picture.aligned else f"{info.course_line} · not aligned"
        )
        _text(
            painter,
            fonts.caption,
            Rect(cell.caption.x, cell.caption.y + line, cell.caption.w, line),
            course,
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter,
            QColor(70, 70, 70),
        )
    for sessions, rect in page.tables:
        _table(painter, fonts, data, sessions, rect)
    for session, rect in page.notes:
        _note(painter, fonts, data, session, rect)
    for index, rect in page.charts:
        _chart(painter, fonts, data, index, rect)
    _footer(painter, fonts, data, page.footer, number, total)


def _chart(painter: QPainter, fonts: Fonts, data: SheetData, index: int, rect: Rect) -> None:
    """A progress chart block, drawn by the same painter as the app's Progress view."""
    from journal.render.chart_painter import LIGHT, paint_chart

    if index < len(data.charts):
        paint_chart(painter, rect, data.charts[index], replace(LIGHT, background=None))
    else:  # a redness chart nobody measured (`complete_charts` was not called)
        _text(painter, fonts.note, rect, "Redness: not measured for this sheet.", Qt.AlignmentFlag.AlignLeft)


def _table(painter: QPainter, fonts: Fonts, data: SheetData, columns: list[int], rect: Rect) -> None:
    rows = table_rows()
    row_h = rect.h / (len(rows) + 2)
    label_w = min(rect.w * 0.5, fonts.lines().label_width)
    column_w = (rect.w - label_w) / max(1, len(columns))
    center = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter
    left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    _text(
        painter,
        fonts.table_bold,
        Rect(rect.x, rect.y + row_h / 2, label_w, row_h),
        TABLE_TITLE,
        left,
    )
    for i, session in enumerate(columns):
        x = rect.x + label_w + i * column_w
        info = data.sessions[session]
        _text(painter, fonts.table_bold, Rect(x, rect.y, column_w, row_h), info.short, center)
        _text(
            painter,
            fonts.table,
            Rect(x, rect.y + row_h, column_w, row_h),
            info.number,
            center,
            QColor(70, 70, 70),
        )
    for r, name in enumerate(rows, 2):
        y = rect.y + r * row_h
        if r % 2 == 0:
            painter.fillRect(QRectF(rect.x, y, rect.w, row_h), QColor(244, 244, 244))
        _text(painter, fonts.table, Rect(rect.x, y, label_w, row_h), ROW_NAMES[name], left)
        for i, session in enumerate(columns):
            value = data.sessions[session].ratings.get(name)
            _text(
                painter,
                fonts.table,
                Rect(rect.x + label_w + i * column_w, y, column_w, row_h),
                "–" if value is None else str(value),
                center,
            )


def _note_head(info: SessionInfo) -> str:
    return f"{info.date_line} · {info.course_line}"


def head_lines(text: str, font: QFont, width: float, device: QPaintDevice | None) -> list[str]:
    """A note's head on one line, or where it is too wide, the date on one and the course
    position on the next ("Sat 31 Oct 2026" / "Session 5 · week 16"), never a word cut off."""
    metrics = QFontMetricsF(font, device) if device is not None else QFontMetricsF(font)
    if metrics.horizontalAdvance(text) <= width or " · " not in text:
        return [text]
    parts = text.split(" · ", 1)[:HEAD_LINES]
    return [metrics.elidedText(part, Qt.TextElideMode.ElideRight, width) for part in parts]


def _note(painter: QPainter, fonts: Fonts, data: SheetData, session: int, rect: Rect) -> None:
    info = data.sessions[session]
    line_head = fonts.metrics(fonts.caption_bold).lineSpacing()
    head = head_lines(_note_head(info), fonts.caption_bold, rect.w, painter.device())
    for i, line in enumerate(head):
        _text(
            painter,
            fonts.caption_bold,
            Rect(rect.x, rect.y + i * line_head, rect.w, line_head),
            line,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
        )
    head_h = len(head) * line_head
    line_h = fonts.metrics(fonts.note).lineSpacing()
    room = max(1, min(MAX_NOTE_LINES, int((rect.h - head_h) / line_h + 1e-6)))
    lines = wrap(info.notes or NO_NOTES, fonts.note, rect.w, room, painter.device())
    for i, line in enumerate(lines):
        _text(
            painter,
            fonts.note,
            Rect(rect.x, rect.y + head_h + i * line_h, rect.w, line_h),
            line,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            QColor(50, 50, 50),
        )


def _lines(painter: QPainter, font: QFont, rect: Rect, text: str, color: QColor) -> None:
    """A short text wrapped into `rect`, one line after another."""
    line_h = QFontMetricsF(font, painter.device()).lineSpacing()
    count = max(1, int(rect.h / line_h + 1e-6))
    for i, line in enumerate(wrap(text, font, rect.w, count, painter.device())):
        _text(
            painter,
            font,
            Rect(rect.x, rect.y + i * line_h, rect.w, line_h),
            line,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            color,
        )


def wrap(
    text: str, font: QFont, width: float, max_lines: int, device: QPaintDevice | None = None
) -> list[str]:
    """Word-wrap `text` into at most `max_lines` lines of `width`; the last one ends in "…"
    when text was left out."""
    metrics = QFontMetricsF(font, device) if device is not None else QFontMetricsF(font)
    flat = " ".join(text.split())
    layout_ = QTextLayout(flat, font, device)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout_.setTextOption(option)
    layout_.beginLayout()
    lines: list[str] = []
    while True:
        line = layout_.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        lines.append(flat[line.textStart() : line.textStart() + line.textLength()].strip())
    layout_.endLayout()
    if len(lines) > max_lines:
        kept = lines[: max_lines - 1]
        rest = " ".join(lines[max_lines - 1 :])
        kept.append(metrics.elidedText(rest + " …", Qt.TextElideMode.ElideRight, width))
        if not kept[-1].endswith("…"):
            kept[-1] = (
                metrics.elidedText(
                    kept[-1], Qt.TextElideMode.ElideRight, width - metrics.horizontalAdvance("…")
                )
                + "…"
            )
        return kept
    return lines


def _footer(painter: QPainter, fonts: Fonts, data: SheetData, rect: Rect, number: int, total: int) -> None:
    half = rect.h / 2
    grey = QColor(90, 90, 90)
    printed = f"Printed {data.printed.day} {data.printed:%b %Y}"
    _text(
        painter,
        fonts.footer,
        Rect(rect.x, rect.y, rect.w / 2, half),
        f"Page {number} of {total}",
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
        grey,
    )
    _text(
        painter,
        fonts.footer,
        Rect(rect.x + rect.w / 2, rect.y, rect.w / 2, half),
        printed,
        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
        grey,
    )
    _text(
        painter,
        fonts.footer,
        Rect(rect.x, rect.y + half, rect.w, half),
        FOOTER_NOTE,
        Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter,
        grey,
    )


# ----------------------------------------------------------------- pages and PDF


def page_layout(
    size: str = "a4", landscape: bool = False, margin_mm: float = DEFAULT_MARGIN_MM
) -> QPageLayout:
    page = QPageSize(QPageSize.PageSizeId.Letter if size.lower() == "letter" else QPageSize.PageSizeId.A4)
    orientation = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    return QPageLayout(
        page, orientation, QMarginsF(margin_mm, margin_mm, margin_mm, margin_mm), QPageLayout.Unit.Millimeter
    )


def locale_page_size() -> str:
    """Letter where the locale measures in inches (US and a few others), A4 elsewhere."""
    from PySide6.QtCore import QLocale

    return "letter" if QLocale().measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem else "a4"


def write_pdf(
    data: SheetData,
    out: Path,
    journal: object,
    size: str = "a4",
    landscape: bool = False,
    margin_mm: float = DEFAULT_MARGIN_MM,
    progress: Callable[[int, int], bool] | None = None,
) -> int:
    """Render the sheet to a PDF at `out` (drawn in memory, then written to a temporary file
    and renamed: a full disk is DiskFull and leaves nothing). Returns the page count."""
    from journal.core.errors import as_journal_error
    from journal.core.fsutil import refuse_inside_journal

    out = Path(out)
    refuse_inside_journal(out, "a sheet")
    buffer = memory()
    writer = QPdfWriter(buffer)
    writer.setResolution(300)
    writer.setPageLayout(page_layout(size, landscape, margin_mm))
    writer.setTitle(data.pdf_title)
    writer.setCreator("Progress Journal")
    pages = plan(writer, data)
    try:
        # The pictures are made two at a time while the charts are measured and the pages
        # drawn, each drawn once it is ready (a 12-session timeline of 12 MP faces: a fifth
        # sooner than drawing after the last one was made; tests/bench/sheet_bench.py).
        with preparing(journal, data.photos, picture_size(writer, pages), progress) as pictures:  # type: ignore[arg-type]
            complete_charts(journal, data)  # type: ignore[arg-type]
            count = paint(writer, data, pictures, pages)
    except OSError as exc:  # the cache, or a photo, could not be read or written
        error = as_journal_error(exc, exc.filename or out)
        raise type(error)(f"cannot make the sheet: {error}") from exc
    del writer  # the document is complete in the buffer
    write_file(out, bytes(buffer.data().data()), "the sheet")
    return count

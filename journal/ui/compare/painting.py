"""What the compare canvas paints, piece by piece: one side's photo (preview, detail over it,
overlay), its caption, the time between the photos, the wipe divider.

Each function paints with what it is given (the side, where it goes, the widget's font), so
the canvas decides what is shown and these decide how it looks.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen, QTransform

from journal.ui.compare.geometry import SideView, detail_to_original, loaded_to_original

# Drawn over each photo: painter, the photo's eye points (original pixels), original pixels -> widget.
Overlay = Callable[[QPainter, tuple[QPointF, QPointF] | None, QTransform], None]


def label_font(base: QFont, scale: float = 1.0) -> QFont:
    font = QFont(base)
    font.setPointSizeF(max(8.0, font.pointSizeF() * scale))
    return font


def bold_label_font(base: QFont) -> QFont:
    font = label_font(base, 1.0)
    font.setBold(True)
    return font


def label_box(painter: QPainter, box: QRectF) -> None:
    """A dark rounded box for white label text, readable over any photo."""
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(0, 0, 0, 165))
    painter.drawRoundedRect(box, 6, 6)
    painter.setPen(QColor(255, 255, 255))


def paint_side(
    painter: QPainter,
    side: SideView,
    viewport: QRectF,
    frame_to_widget: QTransform,
    loading: str,
    ink: QColor,
    overlay: Overlay | None,
) -> None:
    """One photo in `viewport`, clipped to it (within any clip already set, as a wipe's);
    `loading` is the text shown in `ink` while the photo has no pixels yet."""
    painter.save()
    painter.setClipRect(viewport, Qt.ClipOperation.IntersectClip)  # within a wipe's clip
    if side.pixmap is None:
        painter.setPen(ink)
        painter.drawText(viewport, Qt.AlignmentFlag.AlignCenter, loading)
    else:
        base = painter.transform()
        painter.setTransform(loaded_to_original(side) * side.to_frame * frame_to_widget, combine=True)
        painter.drawPixmap(QPointF(0, 0), side.pixmap)
        if side.detail is not None and not side.detail.isNull() and side.detail_rect.isValid():
            to_original = detail_to_original(side.detail, side.detail_rect)
            painter.setTransform(to_original * side.to_frame * frame_to_widget * base)
            painter.drawPixmap(QPointF(0, 0), side.detail)
        if overlay is not None:
            painter.setTransform(base)
            overlay(painter, side.eyes, side.to_frame * frame_to_widget)
    painter.restore()


def paint_caption(
    painter: QPainter, side: SideView, viewport: QRectF, align: Qt.AlignmentFlag, base: QFont
) -> None:
    """The side's title and caption in a box at the viewport's bottom left or right."""
    title_font = label_font(base, 1.05)
    title_font.setBold(True)
    body_font = label_font(base, 0.95)
    title_metrics, body_metrics = QFontMetrics(title_font), QFontMetrics(body_font)
    pad = 8
    width = min(
        viewport.width() - 2 * pad,
        max(title_metrics.horizontalAdvance(side.title), body_metrics.horizontalAdvance(side.caption))
        + 2 * pad,
    )
    caption = body_metrics.elidedText(side.caption, Qt.TextElideMode.ElideRight, int(width - 2 * pad) + 2)
    width += 2
    height = title_metrics.height() + body_metrics.height() + 2 * pad - 2
    left = viewport.left() + pad if align == Qt.AlignmentFlag.AlignLeft else viewport.right() - pad - width
    box = QRectF(left, viewport.bottom() - pad - height, width, height)
    painter.save()
    label_box(painter, box)
    painter.setFont(title_font)
    painter.drawText(
        box.adjusted(pad, pad - 1, -pad, 0),
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
        side.title,
    )
    painter.setFont(body_font)
    painter.drawText(
        box.adjusted(pad, pad - 1 + title_metrics.height(), -pad, 0),
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
        caption,
    )
    painter.restore()


def paint_gap(painter: QPainter, text: str, area_width: float, base: QFont) -> None:
    """The time between the photos, centred at the top; nothing when `text` is empty."""
    if not text:
        return
    font = label_font(base, 1.0)
    font.setBold(True)
    metrics = QFontMetrics(font)
    width = metrics.horizontalAdvance(text) + 20
    box = QRectF((area_width - width) / 2, 8, width, metrics.height() + 10)
    painter.save()
    label_box(painter, box)
    painter.setFont(font)
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
    painter.restore()


def paint_divider(painter: QPainter, split: float, viewport: QRectF, handle: bool) -> None:
    """The wipe's dividing line at x = `split`, with the handle to drag it when `handle`."""
    painter.setPen(QPen(QColor(255, 255, 255, 230), 2))
    painter.drawLine(QPointF(split, viewport.top()), QPointF(split, viewport.bottom()))
    if handle:
        grip = QRectF(split - 7, viewport.center().y() - 22, 14, 44)
        painter.setBrush(QColor(255, 255, 255, 220))
        painter.setPen(QPen(QColor(0, 0, 0, 160), 1))
        painter.drawRoundedRect(grip, 5, 5)

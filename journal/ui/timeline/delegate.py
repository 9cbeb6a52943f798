"""The delegate that draws the timeline's rows."""

from __future__ import annotations

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QPalette, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from journal.core.models import RATINGS, Kind
from journal.ui.timeline.model import KindRole, LabelRole, RatingsRole, ThumbnailRole

RATING_SHORT = {"redness": "Red", "bumps": "Bumps", "active_acne": "Acne", "scar_visibility": "Scars"}


class TimelineDelegate(QStyledItemDelegate):
    """Draws a row: thumbnail, date, "Session 3 · week 8", kind, and the ratings as small bars."""

    THUMB = 64
    PAD = 8

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        line = QFontMetrics(option.font).height()
        return QSize(
            self.row_width(option.font), max(self.THUMB + 2 * self.PAD, 3 * line + 4 + 2 * self.PAD + 8)
        )

    def row_width(self, font: QFont) -> int:
        """The width a row needs to show its date, its kind and its ratings uncut (the list
        never scrolls sideways, so this is what it must be given)."""
        bold = QFont(font)
        bold.setBold(True)
        small = QFont(font)
        small.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        date = QFontMetrics(bold).horizontalAdvance("Wed 30 Sep 2026")
        chip = QFontMetrics(small).horizontalAdvance("Treatment") + 12
        ratings = QFontMetrics(small).horizontalAdvance("Red 5   Bumps 5   Acne 5   Scars 5") + 8
        text = max(date + 6 + chip, ratings)
        return self.PAD + self.THUMB + self.PAD + 2 + text + self.PAD

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        painter.save()
        widget: QWidget | None = option.widget
        style = widget.style() if widget else None
        if style is not None:
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette: QPalette = option.palette
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        text = palette.color(text_role)
        muted = QColor(text)
        muted.setAlphaF(0.7)
        rect: QRect = option.rect
        pad, thumb = self.PAD, self.THUMB

        # Thumbnail (or a placeholder until it arrives).
        thumb_rect = QRect(rect.left() + pad, rect.top() + pad, thumb, thumb)
        image = index.data(ThumbnailRole)
        if isinstance(image, QImage) and not image.isNull():
            scaled = image.scaled(
                thumb * 2,
                thumb * 2,
                Qt.AspectRatioMode.KeepAspectRatioByExpanding,
                Qt.TransformationMode.SmoothTransformation,
            )
            source = QRect(0, 0, scaled.width(), scaled.height())
            side = min(scaled.width(), scaled.height())
            source = QRect((scaled.width() - side) // 2, (scaled.height() - side) // 3, side, side)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(thumb_rect, scaled, source)
        else:
            painter.fillRect(thumb_rect, palette.color(QPalette.ColorRole.AlternateBase))
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid)))
            painter.drawRect(thumb_rect.adjusted(0, 0, -1, -1))

        left = thumb_rect.right() + pad + 2
        width = rect.right() - pad - left
        font = QFont(option.font)
        metrics = QFontMetrics(font)
        line = metrics.height()
        top = rect.top() + pad

        # Kind chip on the right of the first line.
        kind = index.data(KindRole)
        chip_text = "Treatment" if kind == Kind.TREATMENT.value else "Check-in"
        small = QFont(font)
        small.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        small_metrics = QFontMetrics(small)
        chip_w = small_metrics.horizontalAdvance(chip_text) + 12
        chip = QRect(rect.right() - pad - chip_w, top + 1, chip_w, small_metrics.height() + 2)
        chip_color = (
            palette.color(QPalette.ColorRole.Highlight)
            if kind == Kind.TREATMENT.value
            else QColor(120, 140, 120)
        )
        if selected:
            chip_color = palette.color(QPalette.ColorRole.HighlightedText)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(chip_color, 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(chip, 6, 6)
        painter.setFont(small)
        painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, chip_text)

        bold = QFont(font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(text)
        date_width = width - chip_w - 6
        painter.drawText(
            QRect(left, top, date_width, line),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            QFontMetrics(bold).elidedText(
                index.data(Qt.ItemDataRole.DisplayRole), Qt.TextElideMode.ElideRight, date_width
            ),
        )
        painter.setFont(font)
        painter.setPen(muted)
        painter.drawText(
            QRect(left, top + line + 2, width, line),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            metrics.elidedText(index.data(LabelRole), Qt.TextElideMode.ElideRight, width),
        )
        self._paint_ratings(
            painter, QRect(left, top + 2 * line + 6, width, line), index.data(RatingsRole), text, small
        )
        painter.restore()

    def _paint_ratings(
        self, painter: QPainter, rect: QRect, ratings: dict[str, int | None], color: QColor, font: QFont
    ) -> None:
        """ "Red 3  Bumps 2  Acne 1  Scars 5": short labels, bold values, a dash when not rated."""
        label_font = QFont(font)
        value_font = QFont(font)
        value_font.setBold(True)
        label_metrics, value_metrics = QFontMetrics(label_font), QFontMetrics(value_font)
        faded = QColor(color)
        faded.setAlphaF(0.7)
        x = rect.left()
        for name in RATINGS:
            label = RATING_SHORT[name]
            value = ratings.get(name)
            shown = "–" if value is None else str(value)
            needed = label_metrics.horizontalAdvance(label + " ") + value_metrics.horizontalAdvance(shown)
            if x + needed > rect.right():
                break
            painter.setFont(label_font)
            painter.setPen(faded)
            painter.drawText(
                QRect(x, rect.top(), needed, rect.height()), Qt.AlignmentFlag.AlignVCenter, label
            )
            x += label_metrics.horizontalAdvance(label + " ")
            painter.setFont(value_font)
            painter.setPen(color)
            width = value_metrics.horizontalAdvance(shown)
            painter.drawText(
                QRect(x, rect.top(), width + 2, rect.height()), Qt.AlignmentFlag.AlignVCenter, shown
            )
            x += width + label_metrics.horizontalAdvance("   ")

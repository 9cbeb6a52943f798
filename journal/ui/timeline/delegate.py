"""The delegate that draws the timeline's rows."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from journal.core.models import RATINGS, Kind
from journal.ui.timeline.model import KindRole, LabelRole, LooksRole, RatingsRole, ThumbnailRole

RATING_SHORT = {"redness": "Red", "bumps": "Bumps", "active_acne": "Acne", "scar_visibility": "Scars"}


@dataclass(frozen=True)
class _Fonts:
    """Everything a row needs from its font, made once per font (not once per row painted)."""

    base: QFont
    bold: QFont
    small: QFont
    value: QFont  # the ratings' numbers
    line: int
    metrics: QFontMetrics
    bold_metrics: QFontMetrics
    small_metrics: QFontMetrics
    chips: dict[str, int]  # chip text -> its width
    labels: dict[str, int]  # rating name -> the width of "Red "
    values: dict[str, int]  # "3", "–" -> width
    gap: int
    row_width: int  # what a row needs to show its date, kind and ratings uncut

    @classmethod
    def of(cls, font: QFont) -> _Fonts:
        base = QFont(font)
        bold = QFont(font)
        bold.setBold(True)
        small = QFont(font)
        small.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        value = QFont(small)
        value.setBold(True)
        metrics, bold_metrics, small_metrics = QFontMetrics(base), QFontMetrics(bold), QFontMetrics(small)
        value_metrics = QFontMetrics(value)
        date = bold_metrics.horizontalAdvance("Wed 30 Sep 2026")
        chip = small_metrics.horizontalAdvance("Treatment") + 12
        ratings = small_metrics.horizontalAdvance("Red 5   Bumps 5   Acne 5   Scars 5") + 8
        pad, thumb = TimelineDelegate.PAD, TimelineDelegate.THUMB
        return cls(
            base,
            bold,
            small,
            value,
            metrics.height(),
            metrics,
            bold_metrics,
            small_metrics,
            {text: small_metrics.horizontalAdvance(text) + 12 for text in CHIP_TEXTS.values()},
            {name: small_metrics.horizontalAdvance(label + " ") for name, label in RATING_SHORT.items()},
            {text: value_metrics.horizontalAdvance(text) for text in ["–", *map(str, range(11))]},
            small_metrics.horizontalAdvance("   "),
            pad + thumb + pad + 2 + max(date + 6 + chip, ratings) + pad,
        )


CHIP_TEXTS = {Kind.TREATMENT.value: "Treatment", Kind.CHECK_IN.value: "Check-in"}
THUMBS_KEPT = 300  # scaled thumbnails kept as pixmaps: a few screens' worth
ROWS_KEPT = 80  # rows drawn ahead or seen lately, as pixmaps: about three screens' worth


class TimelineDelegate(QStyledItemDelegate):
    """Draws a row: thumbnail, date, "Session 3 · week 8", kind, and the ratings as small bars.

    A row is painted every time it scrolls into view, so what does not change between paints
    is made once: the fonts and their measures (per font), each thumbnail scaled and cropped to
    its square, and the row's content (thumbnail, texts, chip: everything but the background,
    which shows the selection and the pointer) as a pixmap, keyed by what it shows. The view
    draws the rows just off screen into that cache while it is idle (`prefetch`), so a wheel
    step paints three pixmaps instead of laying out eleven texts.
    """

    THUMB = 64
    PAD = 8

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fonts: dict[str, _Fonts] = {}
        self._thumbs: OrderedDict[tuple[int, float], QPixmap] = OrderedDict()
        self._rows: OrderedDict[tuple[object, ...], QPixmap] = OrderedDict()
        self.rows_drawn = 0  # rows drawn into the cache so far (tests: a step finds them drawn)

    def _fonts_for(self, font: QFont) -> _Fonts:
        key = font.key()
        found = self._fonts.get(key)
        if found is None:
            found = self._fonts[key] = _Fonts.of(font)
        return found

    def _thumb(self, image: QImage, ratio: float) -> QPixmap:
        """`image` scaled to cover the square (by expanding), cropped to it, for this screen."""
        key = (image.cacheKey(), ratio)
        found = self._thumbs.get(key)
        if found is not None:
            self._thumbs.move_to_end(key)
            return found
        side = max(1, round(self.THUMB * ratio))
        scaled = image.scaled(
            side,
            side,
            Qt.AspectRatioMode.KeepAspectRatioByExpanding,
            Qt.TransformationMode.SmoothTransformation,
        )
        crop = scaled.copy((scaled.width() - side) // 2, (scaled.height() - side) // 3, side, side)
        pixmap = QPixmap.fromImage(crop)
        pixmap.setDevicePixelRatio(ratio)
        self._thumbs[key] = pixmap
        while len(self._thumbs) > THUMBS_KEPT:
            self._thumbs.popitem(last=False)
        return pixmap

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        fonts = self._fonts_for(option.font)
        return QSize(fonts.row_width, max(self.THUMB + 2 * self.PAD, 3 * fonts.line + 4 + 2 * self.PAD + 8))

    def row_width(self, font: QFont) -> int:
        """The width a row needs to show its date, its kind and its ratings uncut (the list
        never scrolls sideways, so this is what it must be given)."""
        return self._fonts_for(font).row_width

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        widget: QWidget | None = option.widget
        style = widget.style() if widget else None
        if style is not None:
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, widget)
        painter.drawPixmap(option.rect.topLeft(), self._row(option, index))

    def prefetch(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        """Draw a row into the cache now (the view calls this for rows about to scroll in)."""
        self._row(option, index)

    def _row(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QPixmap:
        widget: QWidget | None = option.widget
        ratio = widget.devicePixelRatioF() if widget is not None else 1.0
        rect: QRect = option.rect
        key = (
            index.data(LooksRole),
            rect.width(),
            rect.height(),
            ratio,
            bool(option.state & QStyle.StateFlag.State_Selected),
            option.palette.currentColorGroup(),
            option.palette.cacheKey(),
            option.font.key(),
        )
        found = self._rows.get(key)
        if found is not None:
            self._rows.move_to_end(key)
            return found
        self.rows_drawn += 1
        image = index.data(ThumbnailRole)
        pixmap = QPixmap(max(1, round(rect.width() * ratio)), max(1, round(rect.height() * ratio)))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        local = QStyleOptionViewItem(option)
        local.rect = QRect(0, 0, rect.width(), rect.height())
        self._draw_content(painter, local, index, image, ratio)
        painter.end()
        self._rows[key] = pixmap
        while len(self._rows) > ROWS_KEPT:
            self._rows.popitem(last=False)
        return pixmap

    def _draw_content(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
        image: object,
        ratio: float,
    ) -> None:
        """The row's thumbnail, chip and texts (not its background), into `option.rect`."""
        painter.save()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette: QPalette = option.palette
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        text = palette.color(text_role)
        muted = QColor(text)
        muted.setAlphaF(0.7)
        rect: QRect = option.rect
        pad, thumb = self.PAD, self.THUMB
        fonts = self._fonts_for(option.font)

        # Thumbnail (or a placeholder until it arrives).
        thumb_rect = QRect(rect.left() + pad, rect.top() + pad, thumb, thumb)
        if isinstance(image, QImage) and not image.isNull():
            painter.drawPixmap(thumb_rect.topLeft(), self._thumb(image, ratio))
        else:
            painter.fillRect(thumb_rect, palette.color(QPalette.ColorRole.AlternateBase))
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid)))
            painter.drawRect(thumb_rect.adjusted(0, 0, -1, -1))

        left = thumb_rect.right() + pad + 2
        width = rect.right() - pad - left
        line = fonts.line
        top = rect.top() + pad

        # Kind chip on the right of the first line.
        kind = index.data(KindRole)
        chip_text = CHIP_TEXTS.get(kind, CHIP_TEXTS[Kind.CHECK_IN.value])
        chip_w = fonts.chips[chip_text]
        chip = QRect(rect.right() - pad - chip_w, top + 1, chip_w, fonts.small_metrics.height() + 2)
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
        painter.setFont(fonts.small)
        painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, chip_text)

        painter.setFont(fonts.bold)
        painter.setPen(text)
        date_width = width - chip_w - 6
        painter.drawText(
            QRect(left, top, date_width, line),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            fonts.bold_metrics.elidedText(
                index.data(Qt.ItemDataRole.DisplayRole), Qt.TextElideMode.ElideRight, date_width
            ),
        )
        painter.setFont(fonts.base)
        painter.setPen(muted)
        painter.drawText(
            QRect(left, top + line + 2, width, line),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            fonts.metrics.elidedText(index.data(LabelRole), Qt.TextElideMode.ElideRight, width),
        )
        self._paint_ratings(
            painter, QRect(left, top + 2 * line + 6, width, line), index.data(RatingsRole), text, muted, fonts
        )
        painter.restore()

    def _paint_ratings(
        self,
        painter: QPainter,
        rect: QRect,
        ratings: dict[str, int | None],
        color: QColor,
        faded: QColor,
        fonts: _Fonts,
    ) -> None:
        """ "Red 3  Bumps 2  Acne 1  Scars 5": short labels, bold values, a dash when not rated."""
        x = rect.left()
        shown_all = []
        for name in RATINGS:
            value = ratings.get(name)
            shown = "–" if value is None else str(value)
            label_w = fonts.labels[name]
            value_w = fonts.values.get(shown) or QFontMetrics(fonts.value).horizontalAdvance(shown)
            if x + label_w + value_w > rect.right():
                break
            shown_all.append((x, RATING_SHORT[name], x + label_w, shown, value_w))
            x += label_w + value_w + fonts.gap
        # All the labels in one pen and font, then all the values: two state changes, not eight.
        painter.setFont(fonts.small)
        painter.setPen(faded)
        for x, label, vx, _shown, vw in shown_all:
            painter.drawText(
                QRect(x, rect.top(), vx - x + vw, rect.height()), Qt.AlignmentFlag.AlignVCenter, label
            )
        painter.setFont(fonts.value)
        painter.setPen(color)
        for _x, _label, vx, shown, vw in shown_all:
            painter.drawText(
                QRect(vx, rect.top(), vw + 2, rect.height()), Qt.AlignmentFlag.AlignVCenter, shown
            )

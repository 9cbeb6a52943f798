"""Zoom and pan over a photo, in a state that several canvases can share (the compare view).

The state is resolution-independent: `scale` is screen pixels per pixel of the *original*
photo, and the centre is in normalised photo coordinates. A canvas may hold a preview or the
original; both map to the same view, so swapping in the original when you zoom in moves
nothing on screen.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QImage, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPixmap, QWheelEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

MIN_SCALE = 0.02
MAX_SCALE = 8.0
STEP = 1.25


class ViewState(QObject):
    """Signals:
    changed(): zoom or centre moved.
    """

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.fit = True
        self.scale = 1.0  # used when not fitting
        self.center = QPointF(0.5, 0.5)

    def set_fit(self) -> None:
        self.fit = True
        self.center = QPointF(0.5, 0.5)
        self.changed.emit()

    def set_scale(self, scale: float, center: QPointF | None = None) -> None:
        self.fit = False
        self.scale = max(MIN_SCALE, min(MAX_SCALE, scale))
        if center is not None:
            self.center = QPointF(min(1.0, max(0.0, center.x())), min(1.0, max(0.0, center.y())))
        self.changed.emit()

    def pan_to(self, center: QPointF) -> None:
        self.center = QPointF(min(1.0, max(0.0, center.x())), min(1.0, max(0.0, center.y())))
        self.changed.emit()


def fit_scale(viewport: QSize, photo_size: QSize) -> float:
    if photo_size.isEmpty() or viewport.isEmpty():
        return 1.0
    return min(viewport.width() / photo_size.width(), viewport.height() / photo_size.height())


# The keys of every zoomable canvas, with what they do: the handler below works from this table,
# and Help → Keyboard shortcuts lists it (translated in the "ZoomInput" context).
ZOOM_KEYS: tuple[tuple[str, tuple[Qt.Key, ...]], ...] = (
    ("Zoom in", (Qt.Key.Key_Plus, Qt.Key.Key_Equal)),
    ("Zoom out", (Qt.Key.Key_Minus,)),
    ("Fit", (Qt.Key.Key_0, Qt.Key.Key_F)),
    ("Actual pixels (100 %)", (Qt.Key.Key_1,)),
)


class ZoomInput:
    """Wheel and keys shared by every zoomable canvas (mixed in before QWidget): the wheel zooms
    about the pointer, + and - step, 0 or F fits, 1 shows the original's pixels one to one
    (`ZOOM_KEYS`). The canvas provides `state`, `zoom_by(factor, anchor=None)` and `zoom_actual()`."""

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom_by(STEP**steps, event.position())  # type: ignore[attr-defined]
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        zoom_in, zoom_out, fit, actual = (keys for _name, keys in ZOOM_KEYS)
        if key in zoom_in:
            self.zoom_by(STEP)  # type: ignore[attr-defined]
        elif key in zoom_out:
            self.zoom_by(1 / STEP)  # type: ignore[attr-defined]
        elif key in fit:
            self.state.set_fit()  # type: ignore[attr-defined]
        elif key in actual:
            self.zoom_actual()  # type: ignore[attr-defined]
        else:
            super().keyPressEvent(event)  # type: ignore[misc]


class ImageCanvas(ZoomInput, QWidget):
    """Paints one photo according to a (possibly shared) ViewState; wheel, keys and drag edit it.

    Signals:
        needsDetail(float): the view shows more than the loaded image holds (scale in original px).
    """

    needsDetail = Signal(float)

    def __init__(self, state: ViewState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.state.changed.connect(self._on_state_changed)
        self._pixmap: QPixmap | None = None
        self._photo_size = QSize()  # the original's upright size
        self._drag_from: QPointF | None = None
        self._drag_center = QPointF()
        self.placeholder = ""
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(200, 200)
        self.setMouseTracking(False)
        self.setAutoFillBackground(False)
        self.paints = 0

    def set_image(self, image: QImage | None, photo_size: QSize) -> None:
        """Show `image` (a preview or the original) for a photo of `photo_size` pixels."""
        self._pixmap = QPixmap.fromImage(image) if image is not None and not image.isNull() else None
        self._photo_size = QSize(photo_size)
        self.update()

    def loaded_width(self) -> int:
        return self._pixmap.width() if self._pixmap is not None else 0

    def effective_scale(self) -> float:
        """Screen pixels per original pixel right now (fit resolved)."""
        if self.state.fit:
            return fit_scale(self.size(), self._photo_size)
        return self.state.scale

    def image_rect(self) -> QRectF:
        """Where the whole photo lands in widget coordinates."""
        scale = self.effective_scale()
        width = self._photo_size.width() * scale
        height = self._photo_size.height() * scale
        if self.state.fit:
            return QRectF((self.width() - width) / 2, (self.height() - height) / 2, width, height)
        cx, cy = self.state.center.x() * width, self.state.center.y() * height
        return QRectF(self.width() / 2 - cx, self.height() / 2 - cy, width, height)

    def widget_to_photo(self, point: QPointF) -> QPointF:
        """Normalised photo coordinates of a widget point."""
        rect = self.image_rect()
        if rect.width() <= 0 or rect.height() <= 0:
            return QPointF(0.5, 0.5)
        return QPointF((point.x() - rect.x()) / rect.width(), (point.y() - rect.y()) / rect.height())

    # ----------------------------------------------------------------- zoom actions

    def zoom_by(self, factor: float, anchor: QPointF | None = None) -> None:
        """Zoom keeping `anchor` (a widget point; default: the centre) where it is."""
        anchor = anchor or QPointF(self.width() / 2, self.height() / 2)
        before = self.widget_to_photo(anchor)
        scale = self.effective_scale() * factor
        scale = max(MIN_SCALE, min(MAX_SCALE, scale))
        width = self._photo_size.width() * scale
        height = self._photo_size.height() * scale
        if width <= 0 or height <= 0:
            return
        # Choose the centre so that `before` stays under the anchor.
        cx = before.x() - (anchor.x() - self.width() / 2) / width
        cy = before.y() - (anchor.y() - self.height() / 2) / height
        self.state.set_scale(scale, QPointF(cx, cy))

    def zoom_actual(self) -> None:
        self.state.set_scale(1.0, self.state.center if not self.state.fit else QPointF(0.5, 0.5))

    # ----------------------------------------------------------------- events

    def _on_state_changed(self) -> None:
        self.update()
        if self._pixmap is not None and not self._photo_size.isEmpty():
            shown = self.effective_scale() * self._photo_size.width()
            if shown > self._pixmap.width() * 1.05 and self._pixmap.width() < self._photo_size.width():
                self.needsDetail.emit(self.effective_scale())

    def paintEvent(self, event: QPaintEvent) -> None:
        self.paints += 1
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().color(self.backgroundRole()).darker(115))
        if self._pixmap is None:
            painter.setPen(self.palette().color(self.foregroundRole()))
            painter.drawText(
                self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.placeholder
            )
            return
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, self.effective_scale() < 2.0)
        painter.drawPixmap(self.image_rect(), self._pixmap, QRectF(self._pixmap.rect()))
        self.paint_overlay(painter)

    def paint_overlay(self, painter: QPainter) -> None:
        """For subclasses: labels, eye markers."""

    def resizeEvent(self, event: object) -> None:
        self._on_state_changed()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._drag_from = event.position()
            self._drag_center = QPointF(self.state.center)
            if self.state.fit:
                self.state.fit = False
                self.state.scale = self.effective_scale_for_fit()
            self.setCursor(Qt.CursorShape.ClosedHandCursor)

    def effective_scale_for_fit(self) -> float:
        return fit_scale(self.size(), self._photo_size)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag_from is None:
            return
        rect = self.image_rect()
        if rect.width() <= 0:
            return
        delta = event.position() - self._drag_from
        self.state.pan_to(
            QPointF(
                self._drag_center.x() - delta.x() / rect.width(),
                self._drag_center.y() - delta.y() / rect.height(),
            )
        )

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._drag_from = None
        self.unsetCursor()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if self.state.fit:
            self.zoom_by(1.0 / max(1e-6, self.effective_scale()), event.position())
        else:
            self.state.set_fit()

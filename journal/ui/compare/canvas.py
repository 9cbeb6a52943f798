"""Two photos drawn for comparison: side by side, wipe, blink or fade; one zoom and pan for both.

Coordinates: the *frame* is the before photo's upright pixel grid. The before photo is drawn
into it as it is; the after photo is mapped into it either by the eye alignment (a
similarity that puts its eyes on the before photo's eyes) or, unaligned, fitted and centred.
The shared ViewState says how the frame sits in each viewport (fit, or a scale in screen
pixels per frame pixel and a centre), so zooming or panning either photo moves both, in
every mode, and loaded images of any resolution (preview or original) map to the same place.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QTransform,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from journal.ui.compare.modes import CompareMode
from journal.ui.shared.zoom import MAX_SCALE, MIN_SCALE, ViewState, ZoomInput

GAP = 8
MARKER_RADIUS = 9


@dataclass(frozen=True)
class _Pan:
    """Dragging the photos: where the drag started, the view's centre then, in which viewport."""

    start: QPointF
    centre: QPointF
    viewport: QRectF


@dataclass(frozen=True)
class _Wipe:
    """Dragging the wipe divider."""


@dataclass(frozen=True)
class _EyeMarker:
    """Dragging an eye marker: of side 0 (before) or 1 (after), the left (0) or right (1) eye."""

    side: int
    which: int


@dataclass
class SideView:
    """One photo as the canvas needs it."""

    size: QSizeF  # the original's upright size in pixels
    title: str  # "Before" / "After"
    caption: str  # "Thu 9 Jul 2026 · Session 1 · week 0"
    pixmap: QPixmap | None = None
    eyes: tuple[QPointF, QPointF] | None = None  # in original pixels
    to_frame: QTransform = field(default_factory=QTransform)  # original pixels -> frame pixels
    # Zoomed past the preview: the part of the original on screen, drawn over the preview.
    detail: QPixmap | None = None
    detail_rect: QRectF = field(default_factory=QRectF)  # what `detail` shows, in original pixels


def fitted_into(size: QSizeF, frame: QSizeF) -> QTransform:
    """Scale and centre `size` inside `frame`, keeping its aspect (the unaligned view)."""
    if size.isEmpty() or frame.isEmpty():
        return QTransform()
    scale = min(frame.width() / size.width(), frame.height() / size.height())
    dx = (frame.width() - size.width() * scale) / 2
    dy = (frame.height() - size.height() * scale) / 2
    return QTransform(scale, 0, 0, scale, dx, dy)


def _label_box(painter: QPainter, box: QRectF) -> None:
    """A dark rounded box for white label text, readable over any photo."""
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(0, 0, 0, 165))
    painter.drawRoundedRect(box, 6, 6)
    painter.setPen(QColor(255, 255, 255))


class CompareCanvas(ZoomInput, QWidget):
    """Signals:
    needsDetail(): the view shows more pixels than a loaded preview holds.
    eyesEdited(int, QPointF, QPointF): side (0 before, 1 after) and its new eye points, in
        original pixels, after the user dragged a marker.
    """

    needsDetail = Signal()
    eyesEdited = Signal(int, QPointF, QPointF)

    def __init__(self, state: ViewState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        state.changed.connect(self._on_state_changed)
        self.sides: list[SideView] = []
        self.mode = CompareMode.SIDE
        self.wipe = 0.5  # the divider, as a share of the width
        self.fade = 0.5  # the after photo's opacity
        self.blink_after = False
        self.gap_text = ""
        self.placeholder = ""
        self.editing_eyes = False
        self._drag: _Pan | _Wipe | _EyeMarker | None = None
        self._edit_eyes: dict[int, list[QPointF]] = {}
        self.paints = 0
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 240)
        self.setMouseTracking(True)

    # ----------------------------------------------------------------- content

    def set_sides(self, before: SideView, after: SideView) -> None:
        self.sides = [before, after]
        self._edit_eyes.clear()
        self.update()

    def clear(self, message: str) -> None:
        self.sides = []
        self.placeholder = message
        self.update()

    def set_mode(self, mode: CompareMode) -> None:
        self.mode = mode
        self.update()

    @property
    def frame(self) -> QSizeF:
        return self.sides[0].size if self.sides else QSizeF(1, 1)

    # ----------------------------------------------------------------- geometry

    def viewports(self) -> list[QRectF]:
        """One rectangle per visible photo area (two side by side, else the whole widget)."""
        full = QRectF(self.rect())
        if self.mode is not CompareMode.SIDE:
            return [full]
        half = (full.width() - GAP) / 2
        return [QRectF(0, 0, half, full.height()), QRectF(half + GAP, 0, half, full.height())]

    def scale_in(self, viewport: QRectF) -> float:
        """Screen pixels per frame pixel in `viewport` (fit resolved)."""
        frame = self.frame
        if self.state.fit:
            return min(viewport.width() / frame.width(), viewport.height() / frame.height())
        return self.state.scale

    def frame_to_widget(self, viewport: QRectF) -> QTransform:
        scale = self.scale_in(viewport)
        frame = self.frame
        if self.state.fit:
            cx, cy = frame.width() / 2, frame.height() / 2
        else:
            cx, cy = self.state.center.x() * frame.width(), self.state.center.y() * frame.height()
        centre = viewport.center()
        return QTransform(scale, 0, 0, scale, centre.x() - cx * scale, centre.y() - cy * scale)

    def viewport_at(self, point: QPointF) -> QRectF:
        for viewport in self.viewports():
            if viewport.contains(point):
                return viewport
        return self.viewports()[0]

    def side_transform(self, index: int, viewport: QRectF) -> QTransform:
        """Loaded-image pixels -> widget, for side `index` in `viewport`."""
        side = self.sides[index]
        pixmap = side.pixmap
        to_original = QTransform()
        if pixmap is not None and pixmap.width() > 0:
            ratio = side.size.width() / pixmap.width()
            to_original = QTransform(ratio, 0, 0, side.size.height() / pixmap.height(), 0, 0)
        return to_original * side.to_frame * self.frame_to_widget(viewport)

    def eye_points_in_widget(self, index: int, viewport: QRectF) -> list[QPointF]:
        side = self.sides[index]
        points = self._edit_eyes.get(index) or (list(side.eyes) if side.eyes else [])
        mapping = side.to_frame * self.frame_to_widget(viewport)
        return [mapping.map(p) for p in points]

    # ----------------------------------------------------------------- zoom and pan

    def zoom_by(self, factor: float, anchor: QPointF | None = None) -> None:
        if not self.sides:
            return
        anchor = anchor or QPointF(self.width() / 2, self.height() / 2)
        viewport = self.viewport_at(anchor)
        before_point = self.frame_to_widget(viewport).inverted()[0].map(anchor)
        scale = max(MIN_SCALE, min(MAX_SCALE, self.scale_in(viewport) * factor))
        frame = self.frame
        centre = viewport.center()
        cx = before_point.x() - (anchor.x() - centre.x()) / scale
        cy = before_point.y() - (anchor.y() - centre.y()) / scale
        self.state.set_scale(scale, QPointF(cx / frame.width(), cy / frame.height()))

    def zoom_actual(self) -> None:
        """100 %: one screen pixel per pixel of the before photo."""
        centre = self.state.center if not self.state.fit else QPointF(0.5, 0.5)
        self.state.set_scale(1.0, centre)

    def detail_needed(self) -> bool:
        """True when a loaded image has fewer pixels than the view shows of it."""
        return any(self.side_needs_detail(index) for index in range(len(self.sides)))

    def side_needs_detail(self, index: int) -> bool:
        """The view shows more of side `index`'s pixels than its preview holds."""
        side = self.sides[index]
        if side.pixmap is None or side.pixmap.width() >= side.size.width():
            return False
        shown = self.side_transform(index, self.viewports()[0]).mapRect(QRectF(side.pixmap.rect()))
        return shown.width() > side.pixmap.width() * 1.05

    def _side_viewport(self, index: int) -> QRectF:
        viewports = self.viewports()
        return viewports[index] if len(viewports) > index else viewports[0]

    def visible_rect(self, index: int) -> QRectF:
        """The part of side `index` on screen, in its original's pixels."""
        side = self.sides[index]
        viewport = self._side_viewport(index)
        to_widget = side.to_frame * self.frame_to_widget(viewport)
        shown = to_widget.inverted()[0].mapRect(viewport)
        return shown.intersected(QRectF(0, 0, side.size.width(), side.size.height()))

    def screen_scale(self, index: int) -> float:
        """Screen pixels per pixel of side `index`'s original, as it is drawn now."""
        side = self.sides[index]
        mapping = side.to_frame * self.frame_to_widget(self._side_viewport(index))
        return float((mapping.m11() ** 2 + mapping.m12() ** 2) ** 0.5)

    def sharp_on_screen(self) -> bool:
        """Every photo on screen is drawn from as many of its pixels as the screen shows."""
        for index, side in enumerate(self.sides):
            if not self.side_needs_detail(index):
                continue
            if side.detail is None or not side.detail_rect.contains(self.visible_rect(index)):
                return False
            held = side.detail.width() / max(1.0, side.detail_rect.width())
            if held < min(1.0, self.screen_scale(index)) * 0.95:
                return False
        return True

    def _on_state_changed(self) -> None:
        self.update()
        if self.detail_needed():
            self.needsDetail.emit()

    # ----------------------------------------------------------------- painting

    def paintEvent(self, event: QPaintEvent) -> None:
        self.paints += 1
        painter = QPainter(self)
        self.paint_into(painter)

    def paint_into(self, painter: QPainter) -> None:
        background = self.palette().color(self.backgroundRole()).darker(125)
        painter.fillRect(self.rect(), background)
        if len(self.sides) != 2:
            painter.setPen(self.palette().color(self.foregroundRole()))
            painter.drawText(
                self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.placeholder
            )
            return
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        viewports = self.viewports()
        if self.mode is CompareMode.SIDE:
            for index, viewport in enumerate(viewports):
                self._draw_side(painter, index, viewport)
                self._draw_caption(painter, index, viewport, Qt.AlignmentFlag.AlignLeft)
                if self.editing_eyes:
                    self._draw_markers(painter, index, viewport)
        else:
            viewport = viewports[0]
            if self.mode is CompareMode.BLINK:
                shown = 1 if self.blink_after else 0
                self._draw_side(painter, shown, viewport)
                self._draw_caption(painter, shown, viewport, Qt.AlignmentFlag.AlignLeft)
            else:
                self._draw_side(painter, 0, viewport)
                if self.mode is CompareMode.WIPE:
                    split = viewport.left() + viewport.width() * self.wipe
                    painter.save()
                    painter.setClipRect(
                        QRectF(split, viewport.top(), viewport.right() - split, viewport.height())
                    )
                    self._draw_side(painter, 1, viewport)
                    painter.restore()
                    painter.setPen(QPen(QColor(255, 255, 255, 230), 2))
                    painter.drawLine(QPointF(split, viewport.top()), QPointF(split, viewport.bottom()))
                    handle = QRectF(split - 7, viewport.center().y() - 22, 14, 44)
                    painter.setBrush(QColor(255, 255, 255, 220))
                    painter.setPen(QPen(QColor(0, 0, 0, 160), 1))
                    painter.drawRoundedRect(handle, 5, 5)
                else:  # fade
                    painter.save()
                    painter.setOpacity(self.fade)
                    self._draw_side(painter, 1, viewport)
                    painter.restore()
                self._draw_caption(painter, 0, viewport, Qt.AlignmentFlag.AlignLeft)
                self._draw_caption(painter, 1, viewport, Qt.AlignmentFlag.AlignRight)
        self._draw_gap(painter)

    def _draw_side(self, painter: QPainter, index: int, viewport: QRectF) -> None:
        side = self.sides[index]
        painter.save()
        painter.setClipRect(viewport)
        if side.pixmap is None:
            painter.setPen(self.palette().color(self.foregroundRole()))
            painter.drawText(viewport, Qt.AlignmentFlag.AlignCenter, self.tr("Loading…"))
        else:
            base = painter.transform()
            painter.setTransform(self.side_transform(index, viewport), combine=True)
            painter.drawPixmap(QPointF(0, 0), side.pixmap)
            if side.detail is not None and not side.detail.isNull() and side.detail_rect.isValid():
                rect = side.detail_rect
                to_original = QTransform(
                    rect.width() / side.detail.width(),
                    0,
                    0,
                    rect.height() / side.detail.height(),
                    rect.x(),
                    rect.y(),
                )
                painter.setTransform(to_original * side.to_frame * self.frame_to_widget(viewport) * base)
                painter.drawPixmap(QPointF(0, 0), side.detail)
        painter.restore()

    def _label_font(self, scale: float = 1.0) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(max(8.0, font.pointSizeF() * scale))
        return font

    def _draw_caption(self, painter: QPainter, index: int, viewport: QRectF, align: Qt.AlignmentFlag) -> None:
        side = self.sides[index]
        title_font = self._label_font(1.05)
        title_font.setBold(True)
        body_font = self._label_font(0.95)
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
        left = (
            viewport.left() + pad if align == Qt.AlignmentFlag.AlignLeft else viewport.right() - pad - width
        )
        box = QRectF(left, viewport.bottom() - pad - height, width, height)
        painter.save()
        _label_box(painter, box)
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

    def _draw_gap(self, painter: QPainter) -> None:
        if not self.gap_text:
            return
        font = self._label_font(1.0)
        font.setBold(True)
        metrics = QFontMetrics(font)
        width = metrics.horizontalAdvance(self.gap_text) + 20
        box = QRectF((self.width() - width) / 2, 8, width, metrics.height() + 10)
        painter.save()
        _label_box(painter, box)
        painter.setFont(font)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, self.gap_text)
        painter.restore()

    def _draw_markers(self, painter: QPainter, index: int, viewport: QRectF) -> None:
        points = self.eye_points_in_widget(index, viewport)
        painter.save()
        painter.setClipRect(viewport)
        for which, point in enumerate(points):
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(QColor(0, 0, 0, 200), 4))
            painter.drawEllipse(point, MARKER_RADIUS, MARKER_RADIUS)
            painter.setPen(QPen(QColor(80, 220, 255) if which == 0 else QColor(255, 200, 60), 2))
            painter.drawEllipse(point, MARKER_RADIUS, MARKER_RADIUS)
            painter.drawLine(point + QPointF(-4, 0), point + QPointF(4, 0))
            painter.drawLine(point + QPointF(0, -4), point + QPointF(0, 4))
        painter.restore()

    def render_image(self, width: int, height: int) -> QImage:
        """The current view, with its labels, as an image (for "Save comparison image…")."""
        image = QImage(width, height, QImage.Format.Format_RGB32)
        old = self.size()
        self.resize(width, height)
        painter = QPainter(image)
        try:
            editing, self.editing_eyes = self.editing_eyes, False
            self.paint_into(painter)
            self.editing_eyes = editing
        finally:
            painter.end()
            self.resize(old)
        return image

    # ----------------------------------------------------------------- input

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or len(self.sides) != 2:
            return
        pos = event.position()
        if self.editing_eyes and self.mode is CompareMode.SIDE:
            for index, viewport in enumerate(self.viewports()):
                for which, point in enumerate(self.eye_points_in_widget(index, viewport)):
                    if (point - pos).manhattanLength() <= MARKER_RADIUS * 1.6:
                        side = self.sides[index]
                        self._edit_eyes[index] = list(side.eyes) if side.eyes else []
                        self._drag = _EyeMarker(index, which)
                        return
        if self.mode is CompareMode.WIPE:
            split = self.width() * self.wipe
            if abs(pos.x() - split) <= 10:
                self._drag = _Wipe()
                self.setCursor(Qt.CursorShape.SplitHCursor)
                return
        viewport = self.viewport_at(pos)
        if self.state.fit:  # start panning from exactly what "fit" shows
            self.state.fit = False
            self.state.scale = min(
                viewport.width() / self.frame.width(), viewport.height() / self.frame.height()
            )
            self.state.center = QPointF(0.5, 0.5)
        self._drag = _Pan(pos, QPointF(self.state.center), viewport)
        self.setCursor(Qt.CursorShape.ClosedHandCursor)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        drag = self._drag
        pos = event.position()
        if isinstance(drag, _Wipe):
            self.wipe = min(1.0, max(0.0, pos.x() / max(1, self.width())))
            self.update()
        elif isinstance(drag, _Pan):
            scale = self.scale_in(drag.viewport)
            delta = pos - drag.start
            frame = self.frame
            self.state.pan_to(
                QPointF(
                    drag.centre.x() - delta.x() / scale / frame.width(),
                    drag.centre.y() - delta.y() / scale / frame.height(),
                )
            )
        elif isinstance(drag, _EyeMarker):
            viewport = self.viewports()[drag.side]
            mapping = (self.sides[drag.side].to_frame * self.frame_to_widget(viewport)).inverted()[0]
            points = self._edit_eyes[drag.side]
            while len(points) < 2:
                points.append(QPointF())
            points[drag.which] = mapping.map(pos)
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if isinstance(self._drag, _EyeMarker):
            points = self._edit_eyes.pop(self._drag.side, [])
            if len(points) == 2:
                left, right = sorted(points, key=lambda p: p.x())
                self.eyesEdited.emit(self._drag.side, left, right)
        self._drag = None
        self.unsetCursor()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if self.state.fit:
            viewport = self.viewport_at(event.position())
            self.zoom_by(1.0 / max(1e-6, self.scale_in(viewport)), event.position())
        else:
            self.state.set_fit()

"""Two photos drawn for comparison: side by side, wipe, blink or fade; one zoom and pan for both.

Coordinates: the *frame* is the before photo's upright pixel grid. The before photo is drawn
into it as it is; the after photo is mapped into it either by the eye alignment (a
similarity that puts its eyes on the before photo's eyes) or, unaligned, fitted and centred.
The shared ViewState says how the frame sits in each viewport (fit, or a scale in screen
pixels per frame pixel and a centre), so zooming or panning either photo moves both, in
every mode, and loaded images of any resolution (preview or original) map to the same place.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt, Signal
from PySide6.QtGui import QFontMetrics, QImage, QMouseEvent, QPainter, QPaintEvent, QPixmap, QTransform
from PySide6.QtWidgets import QSizePolicy, QWidget

from journal.ui.compare.drags import Click, Drag, EyeMarker, Pan, Wipe
from journal.ui.compare.geometry import (
    GAP,
    Framing,
    SideView,
    centred_on,
    fit_scale,
    loaded_to_original,
    mapped_scale,
    shared_region,
    split_viewports,
)
from journal.ui.compare.markers import CLICK_SLOP, MARKER_RADIUS, EyeEdits, paint_hint, paint_markers
from journal.ui.compare.modes import CompareMode
from journal.ui.compare.painting import (
    Overlay,
    bold_label_font,
    label_font,
    paint_caption,
    paint_divider,
    paint_gap,
    paint_side,
)
from journal.ui.shared.zoom import MAX_SCALE, MIN_SCALE, ViewState, ZoomInput


class CompareCanvas(ZoomInput, QWidget):
    """Signals:
    needsDetail(): the view shows more pixels than a loaded preview holds.
    eyesEdited(int, QPointF, QPointF): side (0 before, 1 after) and its new eye points, in
        original pixels, after the user dragged a marker or clicked both eyes.
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
        self.overlay: Overlay | None = None  # the redness regions, when shown
        self._drag: Drag | None = None
        self.markers = EyeEdits()
        self._framing: Framing | None = None
        self.paints = 0
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 240)
        self.setMouseTracking(True)

    # ----------------------------------------------------------------- content

    def set_sides(self, before: SideView, after: SideView) -> None:
        self.sides = [before, after]
        self.markers.reset()
        self._drag = None
        self.update()

    def set_suggestion(self, index: int, points: tuple[QPointF, QPointF]) -> None:
        """Starting markers for a side without eye points (original pixels)."""
        if 0 <= index < len(self.sides) and self.sides[index].eyes is None:
            self.sides[index].marks.suggested = points
            self.update()

    def suggested(self) -> list[tuple[int, QPointF, QPointF]]:
        """The sides showing suggested markers, untouched, with those points."""
        out = []
        for index, side in enumerate(self.sides):
            if self.markers.suggested_shown(index, side.eyes, side.marks) and side.marks.suggested:
                out.append((index, *side.marks.suggested))
        return out

    def cancel_placing(self) -> bool:
        """Forget a first click on a photo without eye points; True when there was one."""
        cancelled = self.markers.cancel()
        if cancelled:
            self.update()
        return cancelled

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

    def area(self) -> QRectF:
        """What is painted: the widget, or the image being saved."""
        if self._framing is not None:
            return QRectF(QPointF(0, 0), self._framing.area)
        return QRectF(self.rect())

    def viewports(self) -> list[QRectF]:
        """One rectangle per visible photo area (two side by side, else the whole widget)."""
        return split_viewports(self.area(), self.mode is CompareMode.SIDE)

    def scale_in(self, viewport: QRectF) -> float:
        """Screen pixels per frame pixel in `viewport` (fit resolved)."""
        frame = self.frame
        if self._framing is not None:
            return self._framing.scale
        if self.state.fit:
            return fit_scale(viewport, frame)
        return self.state.scale

    def frame_to_widget(self, viewport: QRectF) -> QTransform:
        scale = self.scale_in(viewport)
        frame = self.frame
        if self._framing is not None:
            cx, cy = self._framing.centre.x(), self._framing.centre.y()
        elif self.state.fit:
            cx, cy = frame.width() / 2, frame.height() / 2
        else:
            cx, cy = self.state.center.x() * frame.width(), self.state.center.y() * frame.height()
        return centred_on(scale, cx, cy, viewport)

    def viewport_at(self, point: QPointF) -> QRectF:
        for viewport in self.viewports():
            if viewport.contains(point):
                return viewport
        return self.viewports()[0]

    def side_transform(self, index: int, viewport: QRectF) -> QTransform:
        """Loaded-image pixels -> widget, for side `index` in `viewport`."""
        side = self.sides[index]
        return loaded_to_original(side) * side.to_frame * self.frame_to_widget(viewport)

    def eye_points_in_widget(self, index: int, viewport: QRectF) -> list[QPointF]:
        side = self.sides[index]
        points = self.markers.points(index, side.eyes, side.marks)
        mapping = side.to_frame * self.frame_to_widget(viewport)
        return [mapping.map(p) for p in points]

    def to_original(self, index: int, pos: QPointF) -> QPointF:
        """A widget position on side `index` (side by side) in that photo's original pixels."""
        viewport = self.viewports()[index]
        return (self.sides[index].to_frame * self.frame_to_widget(viewport)).inverted()[0].map(pos)

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
        if side.pixmap is None:
            return False
        held = max(side.pixmap.width(), side.preview_width)
        if held >= side.size.width():
            return False
        shown = self.side_transform(index, self.viewports()[0]).mapRect(QRectF(side.pixmap.rect()))
        return shown.width() > held * 1.05

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
        return mapped_scale(mapping)

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
        painter.fillRect(self.area(), background)
        if len(self.sides) != 2:
            painter.setPen(self.palette().color(self.foregroundRole()))
            painter.drawText(
                self.area(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.placeholder
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
                    split = viewport.left() + viewport.width() * self._wipe_share()
                    painter.save()
                    painter.setClipRect(
                        QRectF(split, viewport.top(), viewport.right() - split, viewport.height())
                    )
                    self._draw_side(painter, 1, viewport)
                    painter.restore()
                    # The handle is for dragging, not for a saved image.
                    paint_divider(painter, split, viewport, handle=self._framing is None)
                else:  # fade
                    painter.save()
                    painter.setOpacity(self.fade)
                    self._draw_side(painter, 1, viewport)
                    painter.restore()
                self._draw_caption(painter, 0, viewport, Qt.AlignmentFlag.AlignLeft)
                self._draw_caption(painter, 1, viewport, Qt.AlignmentFlag.AlignRight)
        paint_gap(painter, self.gap_text, self.area().width(), self.font())

    def _draw_side(self, painter: QPainter, index: int, viewport: QRectF) -> None:
        ink = self.palette().color(self.foregroundRole())
        to_widget = self.frame_to_widget(viewport)
        paint_side(painter, self.sides[index], viewport, to_widget, self.tr("Loading…"), ink, self.overlay)

    def _draw_caption(self, painter: QPainter, index: int, viewport: QRectF, align: Qt.AlignmentFlag) -> None:
        paint_caption(painter, self.sides[index], viewport, align, self.font())

    def _draw_markers(self, painter: QPainter, index: int, viewport: QRectF) -> None:
        side = self.sides[index]
        points = self.markers.points(index, side.eyes, side.marks)
        painter.save()
        painter.setClipRect(viewport)
        suggested = self.markers.suggested_shown(index, side.eyes, side.marks)
        paint_markers(painter, points, side.to_frame * self.frame_to_widget(viewport), suggested)
        hint = self.markers.hint(index, side.eyes, side.marks)
        if hint:
            top = 8 + (QFontMetrics(bold_label_font(self.font())).height() + 16 if self.gap_text else 0)
            paint_hint(painter, hint, viewport, top, label_font(self.font(), 0.95))
        painter.restore()

    def _wipe_share(self) -> float:
        return self._framing.wipe if self._framing is not None else self.wipe

    def shown_region(self) -> QRectF:
        """The part of the frame that the view shows covered by the photos: what a saved
        image holds, no more than is on screen. Where the two photos cover nearly the same
        part (aligned photos of one framing), only what both cover, so no sliver of empty
        margin shows beside either; photos of different shapes are kept whole."""
        viewport = self.viewports()[0]  # side by side, both show the same part of the frame
        visible = self.frame_to_widget(viewport).inverted()[0].mapRect(viewport)
        return shared_region(self.sides, visible, self.frame)

    def render_image(self, width: int) -> QImage:
        """The photos as they are shown, with their labels and the gap between them, cropped
        to the photos, `width` pixels wide (for "Save comparison image…").

        The view is laid out at the size it has on screen and scaled up, so labels keep their
        proportions; the photos are drawn from the loaded images at that scale. The widget
        itself is not touched: nothing on screen moves while an image is made."""
        region = self.shown_region()
        count = 2 if self.mode is CompareMode.SIDE else 1
        gaps = GAP * (count - 1)
        logical_width = max(float(self.width()), 320.0)
        scale = (logical_width - gaps) / count / region.width()
        area = QSizeF(logical_width, region.height() * scale)
        zoom = width / logical_width
        on_screen = self.viewports()[0]
        divider = on_screen.left() + on_screen.width() * self.wipe
        divider_x = self.frame_to_widget(on_screen).inverted()[0].map(QPointF(divider, 0)).x()
        wipe = min(1.0, max(0.0, (divider_x - region.left()) / region.width()))
        image = QImage(width, max(1, round(area.height() * zoom)), QImage.Format.Format_RGB32)
        image.fill(self.palette().color(self.backgroundRole()).darker(125))
        painter = QPainter(image)
        editing, self.editing_eyes = self.editing_eyes, False
        on_screen_pixmaps = [side.pixmap for side in self.sides]
        for side in self.sides:  # drawn from the whole previews, not those sized for the screen
            if (
                side.whole is not None
                and side.pixmap is not None
                and side.whole.width() > side.pixmap.width()
            ):
                side.pixmap = QPixmap.fromImage(side.whole)
        self._framing = Framing(area, scale, region.center(), wipe)
        try:
            painter.scale(zoom, zoom)
            self.paint_into(painter)
        finally:
            self._framing = None
            self.editing_eyes = editing
            for side, pixmap in zip(self.sides, on_screen_pixmaps, strict=True):
                side.pixmap = pixmap
            painter.end()
        return image

    # ----------------------------------------------------------------- input

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or len(self.sides) != 2:
            return
        pos = event.position()
        if self.editing_eyes and self.mode is CompareMode.SIDE:
            marker = self._marker_at(pos)
            if marker is not None:
                side = self.sides[marker[0]]
                self.markers.start_move(marker[0], self.markers.points(marker[0], side.eyes, side.marks))
                self._drag = EyeMarker(*marker, pos)
                return
            placing = self._placing_at(pos)
            if placing is not None:
                self._drag = Click(placing, pos)
                return
        self._start_pan(pos)

    def _marker_at(self, pos: QPointF) -> tuple[int, int] | None:
        """The side and eye of a pair of markers under `pos` (side by side, Adjust eyes)."""
        for index, viewport in enumerate(self.viewports()):
            points = self.eye_points_in_widget(index, viewport)
            for which, point in enumerate(points):
                if len(points) == 2 and (point - pos).manhattanLength() <= MARKER_RADIUS * 1.6:
                    return index, which
        return None

    def _placing_at(self, pos: QPointF) -> int | None:
        """The side under `pos` when it has no eye points, so a click there places one."""
        viewport = self.viewport_at(pos)
        index = self.viewports().index(viewport)
        side = self.sides[index]
        return index if viewport.contains(pos) and self.markers.can_place(side.eyes, side.marks) else None

    def _start_pan(self, pos: QPointF) -> None:
        if self.mode is CompareMode.WIPE:
            split = self.width() * self.wipe
            if abs(pos.x() - split) <= 10:
                self._drag = Wipe()
                self.setCursor(Qt.CursorShape.SplitHCursor)
                return
        viewport = self.viewport_at(pos)
        if self.state.fit:  # start panning from exactly what "fit" shows
            self.state.fit = False
            self.state.scale = fit_scale(viewport, self.frame)
            self.state.center = QPointF(0.5, 0.5)
        self._drag = Pan(pos, QPointF(self.state.center), viewport)
        self.setCursor(Qt.CursorShape.ClosedHandCursor)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        drag = self._drag
        pos = event.position()
        if drag is None and self.editing_eyes and self.mode is CompareMode.SIDE and len(self.sides) == 2:
            # What a press would do here: drag a marker, place an eye, or pan.
            if self._marker_at(pos) is not None:
                self.setCursor(Qt.CursorShape.SizeAllCursor)
            elif self._placing_at(pos) is not None:
                self.setCursor(Qt.CursorShape.CrossCursor)
            else:
                self.unsetCursor()
        if isinstance(drag, Wipe):
            self.wipe = min(1.0, max(0.0, pos.x() / max(1, self.width())))
            self.update()
        elif isinstance(drag, Pan):
            scale = self.scale_in(drag.viewport)
            delta = pos - drag.start
            frame = self.frame
            self.state.pan_to(
                QPointF(
                    drag.centre.x() - delta.x() / scale / frame.width(),
                    drag.centre.y() - delta.y() / scale / frame.height(),
                )
            )
        elif isinstance(drag, EyeMarker):
            self.markers.move(drag.side, drag.which, self.to_original(drag.side, pos))
            self.update()
        elif isinstance(drag, Click) and (pos - drag.start).manhattanLength() > CLICK_SLOP:
            self._start_pan(drag.start)  # not a click: the user drags the photos
            self.mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        drag, self._drag = self._drag, None
        self.unsetCursor()
        pos = event.position()
        if isinstance(drag, EyeMarker):
            side = self.sides[drag.side]
            if (pos - drag.start).manhattanLength() <= CLICK_SLOP and self.markers.can_place(
                side.eyes, side.marks
            ):
                # A click on a suggested marker, not a drag: an eye placed there, as anywhere.
                self.markers.finish_move(drag.side)
                self._place(drag.side, pos)
            else:
                points = self.markers.finish_move(drag.side)
                if points is not None and (pos - drag.start).manhattanLength() > 0:
                    self._set_eyes(drag.side, points)
            self.update()
        elif isinstance(drag, Click):
            self._place(drag.side, pos)
            self.update()

    def _place(self, index: int, pos: QPointF) -> None:
        placed = self.eye_points_in_widget(index, self.viewports()[index])
        again = self.markers.placing(index) and any(
            (point - pos).manhattanLength() <= MARKER_RADIUS * 1.6 for point in placed
        )
        points = self.markers.place(index, self.to_original(index, pos), again)
        if points is not None:
            self._set_eyes(index, points)

    def _set_eyes(self, index: int, points: tuple[QPointF, QPointF]) -> None:
        if not self.markers.far_enough(*points, self.sides[index].size.width()):
            self.markers.refuse(index)
            return
        self.eyesEdited.emit(index, *points)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if self.state.fit:
            viewport = self.viewport_at(event.position())
            self.zoom_by(1.0 / max(1e-6, self.scale_in(viewport)), event.position())
        else:
            self.state.set_fit()

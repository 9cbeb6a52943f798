"""The region editor's drawing surface: one photo, fitted, with its regions drawn by the same
overlay as Compare (journal/render/region_overlay.py) and edited with the pointer or the keys.

Everything is kept in face-frame units (journal/core/faceframe.py), so what is drawn on this
photo lands on the same skin in every other photo of the angle. An edit is reported once, when
it is complete (a drag released, a circle drawn, a polygon closed, a shape deleted), as the new
set of regions; the dialog stores it as one undoable step.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QImage, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPixmap, QTransform
from PySide6.QtWidgets import QSizePolicy, QWidget

from journal.core.alignment import Point
from journal.core.faceframe import FaceFrame
from journal.core.regions import MAX_POINTS, MAX_SHAPES, Circle, Polygon, RegionSet, Shape
from journal.render.region_overlay import REFERENCE_COLOUR, TREATED_COLOUR, draw_regions, region_path
from journal.ui.progress.region_edit import (
    DEFAULT_RADIUS,
    Picked,
    Role,
    added,
    centre,
    circle_at,
    clamp_point,
    moved,
    picked_at,
    polygon_of,
    removed,
    replaced,
    resized,
    shape,
    with_shapes,
    with_vertex,
)
from journal.ui.progress.region_painting import draw_eye_crosses, draw_new_polygon, draw_selection

MARGIN = 8
GRAB = 9  # how near (widget pixels) a handle or an outline must be to be taken
CLOSE_POLYGON = 10  # a click this near the first corner closes the polygon
FACE_VIEW = (-1.9, -2.1, 1.9, 2.9)  # the face, in face units: what the editor shows at first
NUDGE = 0.02  # arrow keys move the selected region this far (face units); Shift: five times
# The canvas's own keys, with what they do: keyPressEvent works from this table, and Help →
# Keyboard shortcuts lists it (translated in the "RegionCanvas" context).
REGION_CANVAS_KEYS: tuple[tuple[str, tuple[Qt.Key, ...]], ...] = (
    ("Close the polygon being drawn", (Qt.Key.Key_Return, Qt.Key.Key_Enter)),
    ("Remove the polygon's last corner", (Qt.Key.Key_Backspace,)),
    (
        "Move the selected region (Shift: five times as far)",
        (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down),
    ),
    ("Make the selected region larger", (Qt.Key.Key_Plus, Qt.Key.Key_Equal)),
    ("Make the selected region smaller", (Qt.Key.Key_Minus,)),
    ("Delete the selected region", (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)),
    ("Cancel the polygon, or back to Select, or select nothing", (Qt.Key.Key_Escape,)),
)


class Tool(Enum):
    SELECT = "select"
    CIRCLE = "circle"
    POLYGON = "polygon"


@dataclass(frozen=True)
class _Move:
    start: Point  # face units
    original: Shape


@dataclass(frozen=True)
class _Radius:
    original: Circle


@dataclass(frozen=True)
class _Vertex:
    index: int


@dataclass(frozen=True)
class _NewCircle:
    centre: Point


class RegionCanvas(QWidget):
    """Signals:
    edited(object, str): the whole new RegionSet and what was done, in words ("Move treated
        region"), once an edit is complete.
    refused(str): an edit that cannot be made, and why ("at most 8 treated regions").
    toolChanged(object): the tool in use now (a drawn shape hands back to Select).
    """

    edited = Signal(object, str)
    refused = Signal(str)
    toolChanged = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pixmap: QPixmap | None = None
        self.frame: FaceFrame | None = None  # in the pixmap's pixels
        self.regions = RegionSet()
        self.working: RegionSet | None = None  # the regions while a drag is under way
        self.selected: Picked | None = None
        self.tool = Tool.SELECT
        self.role = Role.TREATED
        self.corners: list[Point] = []  # a polygon being drawn
        self.placeholder = ""
        self._drag: _Move | _Radius | _Vertex | _NewCircle | None = None
        self._pointer: Point | None = None  # face units, for the polygon's rubber band
        self.whole_photo = False
        # The view holds still while a drag or a polygon is under way (a region dragged past
        # the face must not make the photo slide under the pointer).
        self._view: QRectF | None = None
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(360, 300)

    # ----------------------------------------------------------------- content

    def set_picture(self, image: QImage | None, frame: FaceFrame | None, placeholder: str = "") -> None:
        self.pixmap = QPixmap.fromImage(image) if image is not None else None
        self.frame = frame
        self.placeholder = placeholder
        self._cancel()
        self.update()

    def set_regions(self, regions: RegionSet) -> None:
        """The journal's regions now (after an edit was stored, an undo, another window)."""
        self.regions = regions
        self.working = None
        self._drag = None
        if self.selected is not None and shape(regions, self.selected) is None:
            self.selected = None
        self.update()

    def set_tool(self, tool: Tool) -> None:
        if tool is self.tool:
            return
        self._cancel()
        self.tool = tool
        self.setCursor(Qt.CursorShape.ArrowCursor if tool is Tool.SELECT else Qt.CursorShape.CrossCursor)
        self.toolChanged.emit(tool)
        self.update()

    def set_role(self, role: Role) -> None:
        self.role = role
        self.update()

    @property
    def ready(self) -> bool:
        return self.pixmap is not None and self.frame is not None

    @property
    def shown(self) -> RegionSet:
        return self.working if self.working is not None else self.regions

    # ----------------------------------------------------------------- geometry

    def view_rect(self) -> QRectF:
        """The part of the photo the view fits: the face and every region on it (or the whole
        photo), in the photo's pixels."""
        assert self.pixmap is not None
        whole = QRectF(0, 0, self.pixmap.width(), self.pixmap.height())
        if self.whole_photo or self.frame is None:
            return whole
        x0, y0, x1, y1 = FACE_VIEW
        for found in (*self.shown.treated, *self.shown.reference):
            bx0, by0, bx1, by1 = found.bounds()
            x0, y0, x1, y1 = min(x0, bx0), min(y0, by0), max(x1, bx1), max(y1, by1)
        corners = [self.frame.pixel(p) for p in ((x0, y0), (x1, y0), (x0, y1), (x1, y1))]
        xs, ys = [c[0] for c in corners], [c[1] for c in corners]
        face = QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)).intersected(whole)
        return face if face.width() > 8 and face.height() > 8 else whole

    def image_to_widget(self) -> QTransform:
        if self.pixmap is None or self.pixmap.isNull():
            return QTransform()
        shown = self._view if self._view is not None else self.view_rect()
        scale = min(
            (self.width() - 2 * MARGIN) / shown.width(), (self.height() - 2 * MARGIN) / shown.height()
        )
        scale = max(scale, 1e-6)
        dx = (self.width() - shown.width() * scale) / 2 - shown.x() * scale
        dy = (self.height() - shown.height() * scale) / 2 - shown.y() * scale
        return QTransform(scale, 0, 0, scale, dx, dy)

    def set_whole_photo(self, whole: bool) -> None:
        self.whole_photo = whole
        self._view = None
        self.update()

    def to_widget(self, point: Point) -> QPointF:
        """Face units -> widget pixels."""
        assert self.frame is not None
        return self.image_to_widget().map(QPointF(*self.frame.pixel(point)))

    def to_face(self, pos: QPointF) -> Point:
        """Widget pixels -> face units."""
        assert self.frame is not None
        inverse, _ok = self.image_to_widget().inverted()
        pixel = inverse.map(pos)
        return self.frame.face((pixel.x(), pixel.y()))

    def unit(self) -> float:
        """Widget pixels per face unit (one eye distance)."""
        assert self.frame is not None
        return max(1e-6, self.frame.iod * self.image_to_widget().m11())

    def handles(self, found: Shape) -> list[QPointF]:
        """Where the selected shape's handles are: a circle's on its rim (on the eye line, to the
        right), a polygon's on its corners."""
        if isinstance(found, Circle):
            return [self.to_widget((found.x + found.r, found.y))]
        return [self.to_widget(p) for p in found.points]

    # ----------------------------------------------------------------- painting

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().color(self.backgroundRole()).darker(125))
        if not self.ready:
            painter.setPen(self.palette().color(self.foregroundRole()))
            painter.drawText(
                self.rect().adjusted(20, 20, -20, -20),
                int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
                self.placeholder,
            )
            return
        assert self.pixmap is not None and self.frame is not None
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.save()
        painter.setTransform(self.image_to_widget())
        painter.drawPixmap(QPointF(0, 0), self.pixmap)
        draw_regions(painter, self.frame, self.shown, width=2.0)
        painter.restore()
        draw_eye_crosses(painter, [self.to_widget(eye) for eye in ((-0.5, 0.0), (0.5, 0.0))])
        self._draw_selection(painter)
        self._draw_new(painter)

    def _draw_selection(self, painter: QPainter) -> None:
        if self.selected is None or self.frame is None:
            return
        found = shape(self.shown, self.selected)
        if found is None:
            return
        draw_selection(
            painter, self.image_to_widget().map(region_path(self.frame, found)), self.handles(found)
        )

    def _draw_new(self, painter: QPainter) -> None:
        if not self.corners:
            return
        colour = TREATED_COLOUR if self.role is Role.TREATED else REFERENCE_COLOUR
        pointer = self.to_widget(self._pointer) if self._pointer is not None else None
        draw_new_polygon(painter, [self.to_widget(p) for p in self.corners], pointer, colour, CLOSE_POLYGON)

    # ----------------------------------------------------------------- pointer

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or not self.ready:
            return
        self.setFocus()
        self._view = self.view_rect() if self._view is None else self._view
        pos = event.position()
        face = self.to_face(pos)
        if self.tool is Tool.CIRCLE:
            if len(self.regions.role(self.role.value)) >= MAX_SHAPES:
                self._refuse_full()
                return
            self._drag = _NewCircle(clamp_point(face))
            self.working = self._with_new_circle(self._drag.centre, 0.0)
            return
        if self.tool is Tool.POLYGON:
            self._polygon_click(pos, face)
            return
        if self.selected is not None:
            found = shape(self.regions, self.selected)
            if found is not None:
                for index, handle in enumerate(self.handles(found)):
                    if math.dist((handle.x(), handle.y()), (pos.x(), pos.y())) <= GRAB:
                        self._drag = _Radius(found) if isinstance(found, Circle) else _Vertex(index)
                        return
        picked = picked_at(self.regions, face, GRAB / self.unit())
        self.selected = picked
        if picked is not None:
            found = shape(self.regions, picked)
            assert found is not None
            self._drag = _Move(face, found)
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
        self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if not self.ready:
            return
        face = self.to_face(event.position())
        drag = self._drag
        if isinstance(drag, _NewCircle):
            self.working = self._with_new_circle(drag.centre, math.dist(face, drag.centre))
        elif isinstance(drag, _Move) and self.selected is not None:
            dx, dy = face[0] - drag.start[0], face[1] - drag.start[1]
            self.working = replaced(self.regions, self.selected, moved(drag.original, dx, dy))
        elif isinstance(drag, _Radius) and self.selected is not None:
            circle = drag.original
            self.working = replaced(
                self.regions,
                self.selected,
                circle_at((circle.x, circle.y), math.dist(face, (circle.x, circle.y))),
            )
        elif isinstance(drag, _Vertex) and self.selected is not None:
            polygon = shape(self.regions, self.selected)
            if isinstance(polygon, Polygon):
                changed = with_vertex(polygon, drag.index, face)
                if changed is not None:
                    self.working = replaced(self.regions, self.selected, changed)
        elif self.tool is Tool.POLYGON and self.corners:
            self._pointer = clamp_point(face)
        else:
            return
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        drag, self._drag = self._drag, None
        if not self.corners:
            self._view = None
        if self.tool is Tool.SELECT:
            self.unsetCursor()
        working, self.working = self.working, None
        if drag is None or working is None:
            self.update()
            return
        if isinstance(drag, _NewCircle):
            face = self.to_face(event.position())
            radius = math.dist(face, drag.centre)
            if radius * self.unit() < GRAB:  # a click: a circle of the usual size
                radius = DEFAULT_RADIUS
            result = added(self.regions, self.role, circle_at(drag.centre, radius))
            if result is None:
                self._refuse_full()
                return
            self._commit(result[0], f"Add {self.role.label} circle", result[1])
            self.set_tool(Tool.SELECT)
            return
        if working == self.regions:
            self.update()
            return
        what = "Move" if isinstance(drag, _Move) else "Reshape"
        role = self.selected.role.label if self.selected is not None else "a"
        self._commit(working, f"{what} {role} region", self.selected)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if self.tool is Tool.POLYGON and len(self.corners) >= 3:
            self.finish_polygon()

    def _with_new_circle(self, middle: Point, radius: float) -> RegionSet:
        shapes = self.regions.role(self.role.value)
        return with_shapes(self.regions, self.role, (*shapes, circle_at(middle, radius)))

    def _polygon_click(self, pos: QPointF, face: Point) -> None:
        if not self.corners and len(self.regions.role(self.role.value)) >= MAX_SHAPES:
            self._refuse_full()
            return
        if len(self.corners) >= 3:
            first = self.to_widget(self.corners[0])
            if math.dist((first.x(), first.y()), (pos.x(), pos.y())) <= CLOSE_POLYGON:
                self.finish_polygon()
                return
        if len(self.corners) >= MAX_POINTS:
            self.refused.emit(f"A polygon has at most {MAX_POINTS} corners: close it (Enter).")
            return
        self.corners.append(clamp_point(face))
        self.update()

    def finish_polygon(self) -> None:
        corners, self.corners, self._pointer = self.corners, [], None
        self._view = None
        polygon = polygon_of(corners)
        if polygon is None:
            self.refused.emit("A region needs at least three corners around some skin.")
            self.update()
            return
        result = added(self.regions, self.role, polygon)
        if result is None:
            self._refuse_full()
            return
        self._commit(result[0], f"Add {self.role.label} polygon", result[1])
        self.set_tool(Tool.SELECT)

    def _commit(self, regions: RegionSet, text: str, select: Picked | None) -> None:
        self.regions = regions  # shown at once; the journal's event confirms it
        self.selected = select
        self.update()
        self.edited.emit(regions, text)

    def _refuse_full(self) -> None:
        self.working = None
        self._drag = None
        self.refused.emit(f"At most {MAX_SHAPES} {self.role.label} regions: delete one or make one larger.")
        self.update()

    def _cancel(self) -> None:
        self._view = None
        self.corners = []
        self._pointer = None
        self._drag = None
        self.working = None

    # ----------------------------------------------------------------- keys

    def delete_selected(self) -> None:
        if self.selected is None or shape(self.regions, self.selected) is None:
            return
        role = self.selected.role.label
        self._commit(removed(self.regions, self.selected), f"Delete {role} region", None)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        close, back, move, larger, smaller, delete, cancel = (keys for _name, keys in REGION_CANVAS_KEYS)
        if self.tool is Tool.POLYGON and self.corners:
            if key in close:
                self.finish_polygon()
            elif key in cancel:
                self._cancel()
                self.update()
            elif key in back:
                self.corners.pop()
                self.update()
            else:
                super().keyPressEvent(event)
            return
        if key in cancel and self.tool is not Tool.SELECT:
            self.set_tool(Tool.SELECT)
            return
        found = shape(self.regions, self.selected) if self.selected is not None else None
        if found is None or self.selected is None:
            super().keyPressEvent(event)
            return
        step = NUDGE * (5 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1)
        left, right, up, down = move
        moves = {left: (-step, 0.0), right: (step, 0.0), up: (0.0, -step), down: (0.0, step)}
        role = self.selected.role.label
        if key in delete:
            self.delete_selected()
        elif key in moves:
            self._commit(
                replaced(self.regions, self.selected, moved(found, *moves[key])),
                f"Move {role} region",
                self.selected,
            )
        elif key in larger or key in smaller:
            factor = 1 / 1.1 if key in smaller else 1.1
            self._commit(
                replaced(self.regions, self.selected, resized(found, factor)),
                f"Resize {role} region",
                self.selected,
            )
        elif key in cancel:
            self.selected = None
            self.update()
        else:
            super().keyPressEvent(event)

    def selected_centre(self) -> QPointF | None:
        """Where the selected region's centre is on screen (tests, tooltips)."""
        found = shape(self.regions, self.selected) if self.selected is not None else None
        return self.to_widget(centre(found)) if found is not None else None

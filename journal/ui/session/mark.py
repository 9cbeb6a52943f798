"""The session's photo: the one photo of an angle that stands for its session in a timelapse
(without a mark, the angle's first photo does). Marking is an undoable edit, and the marked
photo wears a star on its tile."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPalette, QPen, QPolygonF, QUndoCommand

from journal.core.journal import Journal
from journal.core.models import Angle

MARKABLE = (Angle.FRONT, Angle.LEFT, Angle.RIGHT)  # the angles a timelapse shows


class MarkSessionPhoto(QUndoCommand):
    """Mark a photo as its session's photo for an angle (None: take the mark away); undo
    puts back the mark there was."""

    def __init__(self, journal: Journal, session_id: int, angle: Angle, photo_id: int | None) -> None:
        verb = "Mark" if photo_id is not None else "Unmark"
        super().__init__(f"{verb} the session's {angle.value} photo")
        self.journal, self.session_id, self.angle, self.photo_id = journal, session_id, angle, photo_id
        self.previous: int | None = journal.marked_photos().get((session_id, angle))

    def redo(self) -> None:
        self.previous = self.journal.mark_session_photo(self.session_id, self.angle, self.photo_id)

    def undo(self) -> None:
        self.journal.mark_session_photo(self.session_id, self.angle, self.previous)


def _star(center_x: float, center_y: float, outer: float) -> QPolygonF:
    points = []
    for k in range(10):
        radius = outer if k % 2 == 0 else outer * 0.45
        angle = -math.pi / 2 + k * math.pi / 5
        points.append(QPointF(center_x + radius * math.cos(angle), center_y + radius * math.sin(angle)))
    return QPolygonF(points)


def paint_mark(painter: QPainter, picture: QRect, palette: QPalette) -> None:
    """A star on a disc in the picture's top-right corner, in the palette's highlight colour
    (readable on any photo: the disc has a light rim)."""
    side = max(18.0, min(picture.width(), picture.height()) * 0.2)
    rect = QRectF(picture.right() - side - 3, picture.top() + 3, side, side)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    disc = QPainterPath()
    disc.addEllipse(rect)
    painter.fillPath(disc, palette.color(QPalette.ColorRole.Highlight))
    painter.setPen(QPen(QColor(255, 255, 255, 230), 1.5))
    painter.drawPath(disc)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(palette.color(QPalette.ColorRole.HighlightedText))
    painter.drawPolygon(_star(rect.center().x(), rect.center().y() + side * 0.03, side * 0.36))
    painter.restore()

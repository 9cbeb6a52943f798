"""What the region canvas draws over the photo and its regions: the eye crosses, the selected
region with its handles, the polygon being drawn. Every point is in widget pixels already: the
canvas maps face units to the screen, these only paint."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen

HANDLE = 5  # half the size of a handle, in widget pixels


def draw_eye_crosses(painter: QPainter, eyes: Sequence[QPointF]) -> None:
    """Small crosses on the eye points the face frame hangs on."""
    for point in eyes:
        for colour, width in ((QColor(0, 0, 0, 170), 3.0), (QColor(255, 255, 255, 220), 1.2)):
            painter.setPen(QPen(colour, width))
            painter.drawLine(point + QPointF(-5, 0), point + QPointF(5, 0))
            painter.drawLine(point + QPointF(0, -5), point + QPointF(0, 5))


def draw_selection(painter: QPainter, outline: QPainterPath, handles: Sequence[QPointF]) -> None:
    """The selected region lit up, dotted, with a square on each handle."""
    painter.setBrush(QColor(255, 255, 255, 38))
    painter.setPen(QPen(QColor(255, 255, 255, 230), 1.0, Qt.PenStyle.DotLine))
    painter.drawPath(outline)
    for point in handles:
        box = QRectF(point.x() - HANDLE, point.y() - HANDLE, 2 * HANDLE, 2 * HANDLE)
        painter.setPen(QPen(QColor(0, 0, 0, 200), 1.0))
        painter.setBrush(QColor(255, 255, 255))
        painter.drawRect(box)


def draw_new_polygon(
    painter: QPainter,
    corners: Sequence[QPointF],
    pointer: QPointF | None,
    colour: QColor,
    close_radius: float,
) -> None:
    """The polygon being drawn, with a rubber band to the pointer; once it can be closed, the
    first corner is drawn as large as the click that closes it (`close_radius`)."""
    if not corners:
        return
    path = QPainterPath(corners[0])
    for point in corners[1:]:
        path.lineTo(point)
    if pointer is not None:
        path.lineTo(pointer)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(QColor(0, 0, 0, 160), 4.0))
    painter.drawPath(path)
    painter.setPen(QPen(colour, 2.0, Qt.PenStyle.DashLine))
    painter.drawPath(path)
    for index, point in enumerate(corners):
        radius = close_radius if index == 0 and len(corners) >= 3 else HANDLE - 1
        painter.setPen(QPen(QColor(0, 0, 0, 200), 1.0))
        painter.setBrush(colour)
        painter.drawEllipse(point, radius * 0.6, radius * 0.6)

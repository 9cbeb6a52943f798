"""Drawing the redness regions over a photo, so the user sees what was measured (Compare with
regions on, the region editor, sheets).

The painter's coordinates are the photo's pixels (set the painter's transform to how the photo
is shown); `frame` is the photo's face frame in those pixels. Pens are cosmetic, so outlines
keep their width on screen at any zoom. Treated regions are solid, reference regions dashed:
they differ without colour too.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen

from journal.core.faceframe import FaceFrame
from journal.core.regions import Circle, RegionSet, Shape

TREATED_COLOUR = QColor(255, 140, 60)
REFERENCE_COLOUR = QColor(80, 190, 255)
LABEL_PX = (11.0, 16.0)  # the labels' size in screen pixels (1/96 inch), smallest and largest


def region_path(frame: FaceFrame, shape: Shape) -> QPainterPath:
    """One region as a path in the photo's pixels."""
    path = QPainterPath()
    if isinstance(shape, Circle):
        cx, cy = frame.pixel((shape.x, shape.y))
        r = shape.r * frame.iod
        path.addEllipse(QPointF(cx, cy), r, r)
        return path
    points = [QPointF(*frame.pixel(p)) for p in shape.points]
    path.moveTo(points[0])
    for point in points[1:]:
        path.lineTo(point)
    path.closeSubpath()
    return path


def draw_regions(
    painter: QPainter, frame: FaceFrame, regions: RegionSet, width: float = 2.0, labels: bool = True
) -> None:
    """Outline the treated (solid) and reference (dashed) regions, each labelled, with a thin
    dark edge under the colour so they read on light and dark skin alike."""
    painter.save()
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for role, colour, style in (
            ("treated", TREATED_COLOUR, Qt.PenStyle.SolidLine),
            ("reference", REFERENCE_COLOUR, Qt.PenStyle.DashLine),
        ):
            for shape in regions.role(role):
                path = region_path(frame, shape)
                under = QPen(QColor(0, 0, 0, 150), width + 2)
                under.setCosmetic(True)
                painter.setPen(under)
                painter.drawPath(path)
                pen = QPen(colour, width, style)
                pen.setCosmetic(True)
                painter.setPen(pen)
                painter.drawPath(path)
                if labels:
                    _label(painter, path.boundingRect(), role, colour)
    finally:
        painter.restore()


def _label(painter: QPainter, box: QRectF, text: str, colour: QColor) -> None:
    """The role's name over the region's top-left corner, in device pixels: readable at any
    zoom (a size in photo pixels would be a speck on a fitted 12 MP photo)."""
    world = painter.worldTransform()
    scale = math.sqrt(abs(world.determinant())) or 1.0
    device = painter.device()
    dots = (device.logicalDpiY() / 96.0) if device is not None else 1.0  # a printer's dots are finer
    size = min(LABEL_PX[1] * dots, max(LABEL_PX[0] * dots, box.height() * scale * 0.16))
    corner = world.map(box.topLeft())
    painter.save()
    try:
        painter.resetTransform()
        font = QFont("DejaVu Sans")
        font.setPixelSize(round(size))
        font.setBold(True)
        painter.setFont(font)
        at = QPointF(corner.x(), corner.y() - size * 0.3)
        painter.setPen(QColor(0, 0, 0, 170))
        painter.drawText(at + QPointF(1, 1), text)
        painter.setPen(colour)
        painter.drawText(at, text)
    finally:
        painter.restore()

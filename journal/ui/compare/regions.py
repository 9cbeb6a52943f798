"""The redness regions drawn on both photos of a pair (Compare's "Regions" toggle), so the user
sees which skin the redness trend measures: the same overlay as the region editor and the
sheets (journal/render/region_overlay.py), placed on each photo through its own eye points."""

from __future__ import annotations

from PySide6.QtCore import QPointF
from PySide6.QtGui import QPainter, QTransform

from journal.core.faceframe import FaceFrame
from journal.core.regions import RegionSet
from journal.render.region_overlay import draw_regions


class RegionsOverlay:
    """What the canvas calls after drawing each photo (`CompareCanvas.overlay`)."""

    def __init__(self) -> None:
        self.on = False
        self.regions = RegionSet()
        self.drawn = 0  # photos the regions were drawn on (tests)

    @property
    def has_regions(self) -> bool:
        return bool(self.regions.treated or self.regions.reference)

    def draw(self, painter: QPainter, eyes: tuple[QPointF, QPointF] | None, to_widget: QTransform) -> None:
        """Draw the regions on one photo whose eye points (in its original upright pixels) are
        `eyes`; `to_widget` maps those pixels to the canvas."""
        if not self.on or not self.has_regions or eyes is None:
            return
        left, right = eyes
        frame = FaceFrame((left.x(), left.y()), (right.x(), right.y()))
        if frame.iod <= 0:
            return
        painter.save()
        try:
            painter.setTransform(to_widget, combine=True)
            draw_regions(painter, frame, self.regions, width=2.0)
        finally:
            painter.restore()
        self.drawn += 1

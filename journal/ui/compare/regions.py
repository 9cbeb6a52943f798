"""The redness regions drawn on both photos of a pair (Compare's "Regions" toggle), so the user
sees which skin the redness trend measures: the same overlay as the region editor and the
sheets (journal/render/region_overlay.py), placed on each photo through its own eye points."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPointF
from PySide6.QtGui import QPainter, QTransform

from journal.core.errors import JournalError
from journal.core.faceframe import FaceFrame
from journal.core.journal import Journal
from journal.core.models import Angle
from journal.core.regions import RegionSet
from journal.render.region_overlay import draw_regions
from journal.ui.compare.pairs import Candidate


def _tr(text: str) -> str:
    return QCoreApplication.translate("CompareView", text)  # said on the compare page


class RegionsOverlay:
    """What the canvas calls after drawing each photo (`CompareCanvas.overlay`)."""

    def __init__(self) -> None:
        self.on = False
        self.regions = RegionSet()
        self.drawn = 0  # photos the regions were drawn on (tests)

    @property
    def has_regions(self) -> bool:
        return bool(self.regions.treated or self.regions.reference)

    def load(self, journal: Journal | None, angle: Angle) -> None:
        """The regions of `angle` as the journal holds them now (none when it cannot be read)."""
        try:
            self.regions = journal.redness_regions().of(angle) if journal else RegionSet()
        except JournalError:
            self.regions = RegionSet()

    def notes(self, angle: Angle, pair: tuple[Candidate | None, Candidate | None]) -> list[str]:
        """Why the regions shown are not on the photos of `pair`, if they are not."""
        if not self.on:
            return []
        if not self.has_regions:
            return [
                _tr(
                    "No redness regions are set for the {angle} photos: mark them in the Progress tab "
                    "(Edit regions…)."
                ).format(angle=angle.value)
            ]
        before, after = pair
        missing = [
            name
            for name, c in ((_tr("before"), before), (_tr("after"), after))
            if c is not None and c.photo.eyes is None
        ]
        if missing:
            return [
                _tr("The regions cannot be placed on the {which} photo: it has no eye points.").format(
                    which=" and ".join(missing)
                )
            ]
        return []

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

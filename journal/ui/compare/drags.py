"""What a press on the compare canvas started, held until the button is released: panning the
photos, moving the wipe divider, dragging an eye marker, or a click that may place an eye."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF


@dataclass(frozen=True)
class Pan:
    """Dragging the photos: where the drag started, the view's centre then, in which viewport."""

    start: QPointF
    centre: QPointF
    viewport: QRectF


@dataclass(frozen=True)
class Wipe:
    """Dragging the wipe divider."""


@dataclass(frozen=True)
class EyeMarker:
    """Dragging an eye marker: of side 0 (before) or 1 (after), the left (0) or right (1) eye."""

    side: int
    which: int
    start: QPointF


@dataclass(frozen=True)
class Click:
    """A press on a photo without eye points: a click places an eye there, a drag pans."""

    side: int
    start: QPointF


Drag = Pan | Wipe | EyeMarker | Click

"""Where the compare canvas puts things: the photo of each side as the canvas holds it, and
the pure mappings between a side's loaded image, its original, the frame and the widget.

The *frame* is the before photo's upright pixel grid (see journal/ui/compare/canvas.py).
Nothing here paints or reads a widget, so each piece can be reasoned about on its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, QSizeF
from PySide6.QtGui import QImage, QPixmap, QTransform

from journal.ui.compare.markers import EyeMarks

GAP = 8
SHARED_SHARE = 0.7  # a saved image keeps only what both photos cover when that is this much


@dataclass
class SideView:
    """One photo as the canvas needs it."""

    size: QSizeF  # the original's upright size in pixels
    title: str  # "Before" / "After"
    caption: str  # "Thu 9 Jul 2026 · Session 1 · week 0"
    pixmap: QPixmap | None = None
    # The width of the whole preview when `pixmap` is one decoded at the screen's size: zoomed
    # in up to it, the whole preview is loaded, not the original (0: the pixmap's own).
    preview_width: int = 0
    whole: QImage | None = None  # the whole preview once loaded, for a saved image
    eyes: tuple[QPointF, QPointF] | None = None  # in original pixels
    to_frame: QTransform = field(default_factory=QTransform)  # original pixels -> frame pixels
    marks: EyeMarks = field(default_factory=EyeMarks)  # where the eye points come from
    # Zoomed past the preview: the part of the original on screen, drawn over the preview.
    detail: QPixmap | None = None
    detail_rect: QRectF = field(default_factory=QRectF)  # what `detail` shows, in original pixels


@dataclass(frozen=True)
class Framing:
    """A view drawn off screen ("Save comparison image…"): the area painted, and the part of
    the frame it shows, in place of the widget's own size and the shared ViewState."""

    area: QSizeF
    scale: float  # area pixels per frame pixel
    centre: QPointF  # frame pixels
    wipe: float  # the wipe divider, as a share of the area's width (where it is on the photos)


def fitted_into(size: QSizeF, frame: QSizeF) -> QTransform:
    """Scale and centre `size` inside `frame`, keeping its aspect (the unaligned view)."""
    if size.isEmpty() or frame.isEmpty():
        return QTransform()
    scale = min(frame.width() / size.width(), frame.height() / size.height())
    dx = (frame.width() - size.width() * scale) / 2
    dy = (frame.height() - size.height() * scale) / 2
    return QTransform(scale, 0, 0, scale, dx, dy)


def split_viewports(full: QRectF, side_by_side: bool) -> list[QRectF]:
    """One rectangle per visible photo area: two halves with a gap, else the whole area."""
    if not side_by_side:
        return [full]
    half = (full.width() - GAP) / 2
    return [QRectF(0, 0, half, full.height()), QRectF(half + GAP, 0, half, full.height())]


def fit_scale(viewport: QRectF, frame: QSizeF) -> float:
    """Screen pixels per frame pixel when the whole frame fits in `viewport`."""
    return min(viewport.width() / frame.width(), viewport.height() / frame.height())


def centred_on(scale: float, cx: float, cy: float, viewport: QRectF) -> QTransform:
    """Frame pixels -> widget: frame point (cx, cy) at the viewport's centre, at `scale`."""
    centre = viewport.center()
    return QTransform(scale, 0, 0, scale, centre.x() - cx * scale, centre.y() - cy * scale)


def loaded_to_original(side: SideView) -> QTransform:
    """The side's loaded image (preview or original) pixels -> its original's pixels."""
    pixmap = side.pixmap
    to_original = QTransform()
    if pixmap is not None and pixmap.width() > 0:
        ratio = side.size.width() / pixmap.width()
        to_original = QTransform(ratio, 0, 0, side.size.height() / pixmap.height(), 0, 0)
    return to_original


def detail_to_original(detail: QPixmap, rect: QRectF) -> QTransform:
    """A detail pixmap's pixels -> the original's pixels, for a detail showing `rect`."""
    return QTransform(
        rect.width() / detail.width(),
        0,
        0,
        rect.height() / detail.height(),
        rect.x(),
        rect.y(),
    )


def mapped_scale(mapping: QTransform) -> float:
    """How much `mapping` (a similarity) enlarges a length."""
    return float((mapping.m11() ** 2 + mapping.m12() ** 2) ** 0.5)


def shared_region(sides: Sequence[SideView], visible: QRectF, frame: QSizeF) -> QRectF:
    """The part of `visible` (frame pixels) the photos cover: only what both cover when that
    is nearly all either covers (SHARED_SHARE), else what either covers; the whole frame when
    neither covers any of it."""
    covered = [side.to_frame.mapRect(QRectF(QPointF(0, 0), side.size)).intersected(visible) for side in sides]
    either = covered[0].united(covered[1])
    if either.isEmpty():
        return QRectF(QPointF(0, 0), frame)
    both = covered[0].intersected(covered[1])
    area = max(r.width() * r.height() for r in covered)
    return both if both.width() * both.height() >= SHARED_SHARE * area else either

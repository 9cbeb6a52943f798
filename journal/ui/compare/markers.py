"""Adjust eyes: where each photo's eye points come from, the markers drawn over it, and what
the note and the markers' hint say about them.

A photo has points found by the detector, points set by hand, or none (nothing found, or an
unsure pair that was not stored). A photo without points is offered two *suggested* markers
(the unsure pair, else the face detector's rough eyes, else the upper middle of the photo:
`journal.core.eyes.suggested_points`) to drag, or two clicks place them: one eye, then the
other. Whatever the user sets is stored as set by hand.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen, QTransform

from journal.core.dates import day_month, day_month_year
from journal.core.models import EyesReason, Photo
from journal.ui.compare.modes import CompareMode

MARKER_RADIUS = 9
CLICK_SLOP = 4  # screen pixels a press may move and still be a click (placing a point), not a pan
MARKER_COLOURS = (QColor(80, 220, 255), QColor(255, 200, 60))  # the eye on the left, on the right
MIN_EYE_GAP = 0.01  # of the photo's width: two eye points closer than this cannot align anything


def _tr(text: str) -> str:
    return QCoreApplication.translate("EyeMarkers", text)


class EyeSource(enum.Enum):
    FOUND = "found"  # the detector found them
    HAND = "hand"  # set by hand
    UNSURE = "unsure"  # the detector was unsure: nothing stored, its pair is the suggestion
    NONE = "none"  # nothing found (no face), or the photo could not be read
    LOOKING = "looking"  # not looked for yet

    @property
    def has_points(self) -> bool:
        return self in (EyeSource.FOUND, EyeSource.HAND)


def eye_source(photo: Photo) -> EyeSource:
    if photo.eyes is not None:
        return EyeSource.HAND if photo.eyes.source == "manual" else EyeSource.FOUND
    if not photo.eyes_checked:
        return EyeSource.LOOKING
    reason = EyesReason.parse(photo.eyes_reason)
    return EyeSource.NONE if reason in (None, EyesReason.NO_FACE) else EyeSource.UNSURE


def reason_text(photo: Photo) -> str:
    """Why a photo has no points, in words ("" when the journal does not say)."""
    reason = EyesReason.parse(photo.eyes_reason)
    return _tr(reason.text) if reason is not None else ""


def side_note(place: str, photo: Photo, editable: bool) -> str:
    """The compare note's line about one photo's eye points ("" when there is nothing to say).

    `place` names the photo as the user sees it: "Left photo (12 Mar)"."""
    source = eye_source(photo)
    reason = reason_text(photo)
    if source is EyeSource.HAND:
        return _tr("{place}: eye points set by hand.").format(place=place)
    if source is EyeSource.LOOKING:
        if editable:
            return ""  # being looked for now: the view says so
        return _tr("{place}: its eyes were never looked for, and this journal is open read-only.").format(
            place=place
        )
    if source is EyeSource.UNSURE:
        text = _tr("{place}: eye points unsure — {reason}.").format(place=place, reason=reason)
        then = _tr("Use Adjust eyes (E) to check them.")
    elif source is EyeSource.NONE:
        text = (
            _tr("{place}: no eye points found — {reason}.").format(place=place, reason=reason)
            if reason
            else _tr("{place}: no eye points found.").format(place=place)
        )
        then = _tr("Use Adjust eyes (E) to place them.")
    else:
        return ""
    return f"{text} {then}" if editable else text


def photo_names(days: tuple[dt.date, dt.date], mode: CompareMode) -> tuple[str, str]:
    """ "Left photo (12 Mar)", "Right photo (9 Jun)": the pair's photos as the user sees them,
    left and right side by side (and either side of the wipe), before and after on top of
    each other. The year only when they differ."""
    same_year = days[0].year == days[1].year
    when = [day_month(day) if same_year else day_month_year(day) for day in days]
    if mode in (CompareMode.SIDE, CompareMode.WIPE):
        return _tr("Left photo ({day})").format(day=when[0]), _tr("Right photo ({day})").format(day=when[1])
    return _tr("Before photo ({day})").format(day=when[0]), _tr("After photo ({day})").format(day=when[1])


def eye_notes(
    photos: tuple[Photo, Photo], names: tuple[str, str], aligned: bool, editable: bool
) -> list[str]:
    """The compare note's lines about the pair's eye points: being looked for, or not aligned;
    then each photo that has none, unsure ones or ones set by hand, named, and why.
    `aligned`: the pair on screen is aligned (or was not asked to be)."""
    lines = []
    if editable and any(eye_source(photo) is EyeSource.LOOKING for photo in photos):
        lines.append(_tr("Looking for the eyes to align the photos…"))
    elif not aligned:
        lines.append(_tr("Not aligned: the photos are only fitted and centred."))
    for name, photo in zip(names, photos, strict=True):
        line = side_note(name, photo, editable)
        if line:
            lines.append(line)
    return lines


@dataclass
class EyeMarks:
    """What a side's eye points are, for its markers and their hint."""

    source: EyeSource = EyeSource.FOUND
    reason: str = ""  # why there are no points, in words
    suggested: tuple[QPointF, QPointF] | None = None  # where to start, in original pixels


@dataclass
class _Working:
    """Adjust eyes' working copy of one side, in original pixels."""

    moving: list[QPointF] | None = None  # both points while one is dragged
    placed: list[QPointF] = field(default_factory=list)  # clicks so far on a side without points
    refused: bool = False  # the last points set were too close together to use


class EyeEdits:
    """The markers' working state for the sides on screen: a marker being dragged, the first of
    two clicks. Dropped whenever the sides change (the journal then holds what was set)."""

    def __init__(self) -> None:
        self._sides: dict[int, _Working] = {}

    def reset(self) -> None:
        self._sides.clear()

    def _working(self, index: int) -> _Working:
        return self._sides.setdefault(index, _Working())

    @staticmethod
    def can_place(eyes: tuple[QPointF, QPointF] | None, marks: EyeMarks) -> bool:
        """A side without stored points takes clicks (not while its eyes are being looked for)."""
        return eyes is None and marks.source is not EyeSource.LOOKING

    def points(self, index: int, eyes: tuple[QPointF, QPointF] | None, marks: EyeMarks) -> list[QPointF]:
        """The markers of a side, in original pixels: dragged, stored, clicked so far, suggested."""
        working = self._sides.get(index)
        if working is not None and working.moving is not None:
            return list(working.moving)
        if eyes is not None:
            return list(eyes)
        if working is not None and working.placed:
            return list(working.placed)
        return list(marks.suggested) if marks.suggested is not None else []

    def suggested_shown(self, index: int, eyes: tuple[QPointF, QPointF] | None, marks: EyeMarks) -> bool:
        working = self._sides.get(index)
        return (
            eyes is None
            and marks.suggested is not None
            and (working is None or (working.moving is None and not working.placed))
        )

    @staticmethod
    def far_enough(left: QPointF, right: QPointF, width: float) -> bool:
        """Two points far enough apart to align by."""
        return (right - left).manhattanLength() >= MIN_EYE_GAP * max(1.0, width)

    def placing(self, index: int) -> bool:
        working = self._sides.get(index)
        return working is not None and bool(working.placed)

    def start_move(self, index: int, points: list[QPointF]) -> None:
        self._working(index).moving = list(points)

    def move(self, index: int, which: int, point: QPointF) -> None:
        moving = self._working(index).moving
        if moving is not None and 0 <= which < len(moving):
            moving[which] = point

    def finish_move(self, index: int) -> tuple[QPointF, QPointF] | None:
        """The two points after a drag (left of the picture first), or None."""
        working = self._working(index)
        moving, working.moving = working.moving, None
        if moving is None or len(moving) != 2:
            return None
        working.placed, working.refused = [], False
        left, right = sorted(moving, key=lambda p: p.x())
        return left, right

    def place(self, index: int, point: QPointF, again: bool = False) -> tuple[QPointF, QPointF] | None:
        """A click on a side without points: the first eye, then the second (both returned).
        `again`: the click was on the first one, which moves there instead."""
        working = self._working(index)
        working.refused = False
        if again:
            working.placed = [point]
            return None
        working.placed.append(point)
        if len(working.placed) < 2:
            return None
        left, right = sorted(working.placed, key=lambda p: p.x())
        working.placed = []
        return left, right

    def refuse(self, index: int) -> None:
        """The points just set were too close together: say so, keep what was stored."""
        working = self._working(index)
        working.moving, working.placed, working.refused = None, [], True

    def cancel(self) -> bool:
        """Forget a first click (Esc); True when there was one."""
        cancelled = False
        for working in self._sides.values():
            if working.placed:
                working.placed = []
                cancelled = True
        return cancelled

    def hint(self, index: int, eyes: tuple[QPointF, QPointF] | None, marks: EyeMarks) -> str:
        """What the markers of a side are, and what can be done with them."""
        working = self._sides.get(index)
        if working is not None and working.refused:
            return _tr("The two eye points were too close together: place them on the two pupils.")
        if marks.source is EyeSource.LOOKING and eyes is None:
            return _tr("Looking for the eyes…")
        if eyes is not None:
            if marks.source is EyeSource.HAND:
                return _tr("Eye points set by hand: drag a marker to move it.")
            return _tr("Eyes found: drag a marker to move it.")
        if self.placing(index):
            return _tr("Now click the other eye. (Esc: start again)")
        if marks.source is EyeSource.UNSURE:
            what = _tr("Unsure: {reason}.").format(reason=marks.reason)
        elif marks.reason:
            what = _tr("No eye points: {reason}.").format(reason=marks.reason)
        else:
            what = _tr("No eye points.")
        if marks.suggested is None:
            return what + " " + _tr("Click one eye, then the other.")
        return (
            what
            + " "
            + _tr(
                "Drag the markers onto the pupils, or click one eye, then the other. Enter keeps them as they are."
            )
        )


def paint_markers(painter: QPainter, points: list[QPointF], to_widget: QTransform, suggested: bool) -> None:
    """Rings with a cross at each eye point; dashed when only suggested."""
    for which, point in enumerate(points):
        centre = to_widget.map(point)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(QColor(0, 0, 0, 200), 4))
        painter.drawEllipse(centre, MARKER_RADIUS, MARKER_RADIUS)
        pen = QPen(MARKER_COLOURS[which % 2], 2)
        if suggested:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawEllipse(centre, MARKER_RADIUS, MARKER_RADIUS)
        pen.setStyle(Qt.PenStyle.SolidLine)
        painter.setPen(pen)
        painter.drawLine(centre + QPointF(-4, 0), centre + QPointF(4, 0))
        painter.drawLine(centre + QPointF(0, -4), centre + QPointF(0, 4))


def paint_hint(painter: QPainter, text: str, viewport: QRectF, top: float, font: QFont) -> QRectF:
    """The hint in a dark box at the top of a photo's viewport, wrapped to fit; returns the box."""
    pad = 8
    metrics = QFontMetrics(font)
    flags = Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap
    room = max(40, int(min(viewport.width() - 4 * pad, 46 * metrics.averageCharWidth())))
    bounds = metrics.boundingRect(0, 0, room, 10_000, int(flags), text)
    box = QRectF(viewport.left() + pad, top, bounds.width() + 2 * pad, bounds.height() + 2 * pad - 2)
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(0, 0, 0, 165))
    painter.drawRoundedRect(box, 6, 6)
    painter.setPen(QColor(255, 255, 255))
    painter.setFont(font)
    painter.drawText(box.adjusted(pad, pad - 1, -pad, 0), int(flags), text)
    painter.restore()
    return box

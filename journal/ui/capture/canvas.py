"""The live picture: the camera's frame (mirrored as a mirror shows you), the ghost over it, the
eye points against the ghost's, the countdown and the hint that matters most, in large type.

Everything is drawn in the frame's own coordinates (camera space, as the core gives them)
through one transform: fitted to the widget, and flipped left-right when the preview is
mirrored. The ghost is placed where the core's target is taken from (`ghost_rect`), flipped
in camera space when photos are saved mirrored, so what the person sees lined up is what the
match measures. The ghost is scaled once per size, not on every frame.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPaintEvent, QPen, QTransform
from PySide6.QtWidgets import QSizePolicy, QWidget

from journal.core.capture.frames import Frame, Pixels
from journal.core.capture.ghost import EyePair, Ghost, ghost_rect

ALIGNED = QColor(70, 200, 110)
OFF = QColor(255, 186, 60)
TARGET = QColor(255, 255, 255)
BACKDROP = QColor(24, 24, 26)
NOTICE_MS = 1800


def image_of(pixels: Pixels) -> QImage:
    """A QImage over the frame's own pixels (no copy: keep `pixels` alive while it is used)."""
    height, width = int(pixels.shape[0]), int(pixels.shape[1])
    return QImage(pixels.data, width, height, int(pixels.strides[0]), QImage.Format.Format_RGB888)


@dataclass(frozen=True)
class Marks:
    """What the last analysis saw, in camera-space pixels of the frame."""

    face: EyePair | None = None
    target: EyePair | None = None
    aligned: bool = False


class LiveCanvas(QWidget):
    """Paints the newest frame given to `show_frame`; the view feeds it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 200)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.mirror_preview = True
        self.mirror_saved = False
        self.opacity = 0.4
        self.marks = Marks()
        self.countdown: int | None = None
        self.hint = ""  # the one line worth reading from a distance
        self.hint_good = False
        self.placeholder = ""  # said where there is no picture: "Starting the camera…"
        self._frame: Frame | None = None
        self._image: QImage | None = None
        self._ghost: Ghost | None = None
        self._ghost_image: QImage | None = None
        self._scaled_ghost: tuple[tuple[int, int, bool, float], QImage] | None = None
        self.notice = ""  # a moment's word after a shot: "Front photo saved"
        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.timeout.connect(self._on_notice_timer_timeout)
        self.frames_shown = 0  # distinct frames painted (the benchmark's frame rate)
        self._last_painted = -1

    # ----------------------------------------------------------------- what is shown

    @property
    def frame(self) -> Frame | None:
        return self._frame

    def show_frame(self, frame: Frame | None) -> None:
        if frame is self._frame:
            return
        self._frame = frame
        self._image = image_of(frame.pixels) if frame is not None else None
        self.update()

    def set_ghost(self, ghost: Ghost | None) -> None:
        if ghost is self._ghost:
            return
        self._ghost = ghost
        self._ghost_image = image_of(ghost.pixels) if ghost is not None else None
        self._scaled_ghost = None
        self.update()

    @property
    def ghost(self) -> Ghost | None:
        return self._ghost

    def set_mirrors(self, preview: bool, saved: bool) -> None:
        self.mirror_preview, self.mirror_saved = preview, saved
        self._scaled_ghost = None
        self.update()

    def set_opacity(self, share: float) -> None:
        self.opacity = min(1.0, max(0.0, share))
        self.update()

    def set_marks(self, marks: Marks) -> None:
        self.marks = marks
        self.update()

    def set_overlay(self, hint: str, good: bool, countdown: int | None) -> None:
        if (hint, good, countdown) != (self.hint, self.hint_good, self.countdown):
            self.hint, self.hint_good, self.countdown = hint, good, countdown
            self.update()

    def flash(self, text: str, msecs: int = NOTICE_MS) -> None:
        """Say `text` over the picture for a moment."""
        self.notice = text
        self._notice_timer.start(msecs)
        self.update()

    def _on_notice_timer_timeout(self) -> None:
        self.notice = ""
        self.update()

    def set_placeholder(self, text: str) -> None:
        self.placeholder = text
        self.update()

    def clear(self, ghost: bool = False, placeholder: str | None = None) -> None:
        """No picture, and none of what is drawn over it (the marks, the hint, a countdown);
        the ghost too when `ghost`. `placeholder`: what to say instead (None: as it was)."""
        self.show_frame(None)
        if ghost:
            self.set_ghost(None)
        self.set_marks(Marks())
        self.set_overlay("", False, None)
        if placeholder is not None:
            self.set_placeholder(placeholder)

    def sizeHint(self) -> QSize:
        return QSize(960, 540)

    # ----------------------------------------------------------------- geometry

    def frame_transform(self) -> QTransform | None:
        """Frame pixels (camera space) to widget pixels: fitted, centred, mirrored if set."""
        if self._frame is None:
            return None
        fw, fh = self._frame.width, self._frame.height
        scale = min(self.width() / fw, self.height() / fh)
        dx = (self.width() - fw * scale) / 2
        dy = (self.height() - fh * scale) / 2
        if self.mirror_preview:
            return QTransform(-scale, 0, 0, scale, dx + fw * scale, dy)
        return QTransform(scale, 0, 0, scale, dx, dy)

    def to_widget(self, point: tuple[float, float]) -> QPointF | None:
        transform = self.frame_transform()
        return transform.map(QPointF(*point)) if transform is not None else None

    # ----------------------------------------------------------------- painting

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), BACKDROP)
        transform = self.frame_transform()
        frame, image = self._frame, self._image
        if transform is None or frame is None or image is None:
            self._paint_placeholder(painter)
            painter.end()
            return
        if frame.index != self._last_painted:
            self._last_painted = frame.index
            self.frames_shown += 1
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        painter.setTransform(transform)
        painter.drawImage(QRectF(0, 0, frame.width, frame.height), image)
        self._paint_ghost(painter, transform, frame)
        self._paint_marks(painter, transform)
        painter.resetTransform()
        self._paint_overlay(painter)
        painter.end()

    def _paint_ghost(self, painter: QPainter, transform: QTransform, frame: Frame) -> None:
        ghost, source = self._ghost, self._ghost_image
        if ghost is None or source is None or self.opacity <= 0:
            return
        rect = ghost_rect(ghost.size, (frame.width, frame.height))
        scale = abs(transform.m11()) * self.devicePixelRatioF()
        key = (round(rect.width * scale), round(rect.height * scale), self.mirror_saved, scale)
        if self._scaled_ghost is None or self._scaled_ghost[0] != key:
            scaled = source.scaled(
                max(1, key[0]),
                max(1, key[1]),
                Qt.AspectRatioMode.IgnoreAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            if self.mirror_saved:  # saved space is the mirror of camera space
                scaled = scaled.flipped(Qt.Orientation.Horizontal)
            self._scaled_ghost = (key, scaled)
        painter.save()
        painter.setOpacity(self.opacity)
        painter.drawImage(QRectF(rect.x, rect.y, rect.width, rect.height), self._scaled_ghost[1])
        painter.restore()

    def _paint_marks(self, painter: QPainter, transform: QTransform) -> None:
        marks = self.marks
        unit = 1 / max(abs(transform.m11()), 1e-6)  # one widget pixel, in frame pixels
        colour = ALIGNED if marks.aligned else OFF
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if marks.target is not None:
            pen = QPen(TARGET, 2 * unit)
            pen.setCosmetic(False)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            radius = max(9 * unit, math.dist(*marks.target) * 0.09)
            for x, y in marks.target:
                painter.drawEllipse(QPointF(x, y), radius, radius)
        if marks.face is not None:
            painter.setPen(QPen(colour, 2 * unit))
            (lx, ly), (rx, ry) = marks.face
            painter.drawLine(QPointF(lx, ly), QPointF(rx, ry))
            painter.setBrush(colour)
            for x, y in marks.face:
                painter.drawEllipse(QPointF(x, y), 4.5 * unit, 4.5 * unit)
        painter.restore()

    def _paint_overlay(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if self.hint:
            font = QFont(self.font())
            font.setPixelSize(max(16, min(30, self.height() // 18)))
            font.setBold(True)
            painter.setFont(font)
            band = QRectF(0, self.height() - font.pixelSize() * 2.6, self.width(), font.pixelSize() * 2.6)
            painter.fillRect(band, QColor(0, 0, 0, 150))
            painter.setPen(ALIGNED if self.hint_good else QColor(255, 255, 255))
            painter.drawText(
                band.adjusted(12, 0, -12, 0),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                self.hint,
            )
        if self.notice:
            font = QFont(self.font())
            font.setPixelSize(max(14, min(22, self.height() // 26)))
            font.setBold(True)
            painter.setFont(font)
            width = painter.fontMetrics().horizontalAdvance(self.notice) + 32
            badge = QRectF((self.width() - width) / 2, 14, width, font.pixelSize() * 2)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(0, 0, 0, 170))
            painter.drawRoundedRect(badge, 8, 8)
            painter.setPen(ALIGNED)
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, self.notice)
        if self.countdown is not None:
            # In the picture's top corner, never over the face the person is holding still.
            side = max(56.0, min(self.width(), self.height()) * 0.2)
            area = self._picture_rect()
            circle = QRectF(area.right() - side - 16, area.top() + 16, side, side)
            painter.setPen(QPen(QColor(255, 255, 255, 230), 3))
            painter.setBrush(QColor(0, 0, 0, 140))
            painter.drawEllipse(circle)
            font = QFont(self.font())
            font.setPixelSize(max(24, int(side * 0.55)))
            font.setBold(True)
            painter.setFont(font)
            painter.setPen(QColor(255, 255, 255))
            painter.drawText(circle, Qt.AlignmentFlag.AlignCenter, str(self.countdown))

    def _picture_rect(self) -> QRectF:
        """Where the frame is on the widget."""
        transform = self.frame_transform()
        if transform is None or self._frame is None:
            return QRectF(self.rect())
        return transform.mapRect(QRectF(0, 0, self._frame.width, self._frame.height))

    def _paint_placeholder(self, painter: QPainter) -> None:
        if not self.placeholder:
            return
        painter.setPen(QColor(220, 220, 220))
        font = QFont(self.font())
        font.setPixelSize(max(14, min(22, self.height() // 24)))
        painter.setFont(font)
        painter.drawText(
            self.rect().adjusted(24, 24, -24, -24),
            Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
            self.placeholder,
        )

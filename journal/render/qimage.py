"""Pillow images to QImage, safely across threads (QImage, unlike QPixmap, may live anywhere)."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from PySide6.QtGui import QImage, QTransform

from journal.core import imaging
from journal.core.turn import NO_TURN, Turn


def pil_to_qimage(image: Image.Image) -> QImage:
    """An RGB888 QImage owning a copy of the pixels (the Pillow buffer may be freed after)."""
    rgb = imaging.to_rgb(image)
    data = rgb.tobytes("raw", "RGB")
    qimage = QImage(data, rgb.width, rgb.height, rgb.width * 3, QImage.Format.Format_RGB888)
    return qimage.copy()


def load_qimage(path: Path) -> QImage:
    """A cached thumbnail or preview (upright JPEG without EXIF) as a QImage; null if unreadable."""
    return QImage(str(path))


def load_upright_qimage(path: Path, max_size: int | None = None, turn: Turn = NO_TURN) -> QImage:
    """Any supported original, upright (EXIF, then the user's `turn`), via the core's single
    orientation rule."""
    return pil_to_qimage(imaging.load_upright(path, max_size, turn=turn))


def turned_qimage(image: QImage, turn: Turn) -> QImage:
    """`image` (already upright by its EXIF orientation) with the user's `turn` applied, the
    same transform as `imaging.make_upright` (mirror first, then quarter turns clockwise)."""
    if turn.identity:
        return image
    transform = QTransform(-1, 0, 0, 1, 0, 0) if turn.mirrored else QTransform()
    if turn.quarters:
        transform = transform * QTransform().rotate(90 * turn.quarters)
    return image.transformed(transform)

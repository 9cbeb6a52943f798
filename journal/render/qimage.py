"""Pillow images to QImage, safely across threads (QImage, unlike QPixmap, may live anywhere)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image
from PySide6.QtCore import QRect, QRectF, QSize
from PySide6.QtGui import QImage, QImageReader, QTransform

from journal.core import imaging
from journal.core.turn import NO_TURN, Turn

if TYPE_CHECKING:
    from journal.core.journal import Journal
    from journal.core.models import Photo


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


# ----------------------------------------------------------------------------- regions

# Formats whose Qt reader decodes a clip of the file without the rest of it (JPEG: libjpeg
# skips the rows above and crops the columns, at reduced DCT scale when asked). Others decode
# whole, once, in Pillow, and only the clip is kept.
_CLIPPING_READERS = frozenset({"JPEG", "MPO"})


def file_rect(shown: QRectF, shown_size: tuple[int, int], orientation: int, turn: Turn) -> QRect:
    """The pixels of the file (as stored, before its EXIF orientation and the user's turn) that
    hold `shown`, a rectangle of the photo as it is shown (`shown_size` pixels)."""
    width, height = shown_size
    to_shown = Turn.from_exif(orientation).then(turn)
    to_file = to_shown.inverse()
    file_w, file_h = (height, width) if to_shown.swaps_sides else (width, height)
    corners = [
        to_file.map_normalised((x / width, y / height))
        for x, y in ((shown.left(), shown.top()), (shown.right(), shown.bottom()))
    ]
    left, right = sorted(c[0] * file_w for c in corners)
    top, bottom = sorted(c[1] * file_h for c in corners)
    # (outwards to whole pixels; a coordinate a rounding error off a whole one is that one)
    left, top = max(0, math.floor(left + 1e-6)), max(0, math.floor(top + 1e-6))
    right, bottom = min(file_w, math.ceil(right - 1e-6)), min(file_h, math.ceil(bottom - 1e-6))
    return QRect(left, top, max(0, right - left), max(0, bottom - top))


def load_photo_region(journal: Journal, photo: Photo, shown: QRectF, scale: float) -> QImage:
    """`load_region` for one of the journal's photos, as it is shown."""
    return load_region(
        journal.photo_path(photo),
        photo.format,
        photo.orientation,
        photo.turn,
        (photo.width, photo.height),
        shown,
        scale,
    )


def load_region(
    path: Path,
    file_format: str,
    orientation: int,
    turn: Turn,
    shown_size: tuple[int, int],
    shown: QRectF,
    scale: float,
) -> QImage:
    """The part `shown` of a photo (in its shown pixels), upright and turned, at `scale` of its
    pixels (at most 1): what a zoomed view puts on screen, without decoding the rest of the
    photo where the format allows it (a 1,000 px square of a 48 MP JPEG: 4 MB, not 190 MB).
    Null when the file cannot be read."""
    clip = file_rect(shown, shown_size, orientation, turn)
    if clip.isEmpty():
        return QImage()
    scale = min(1.0, max(scale, 1e-3))
    out = QSize(max(1, round(clip.width() * scale)), max(1, round(clip.height() * scale)))
    image = QImage()
    if file_format in _CLIPPING_READERS:
        reader = QImageReader(str(path))
        reader.setAutoTransform(False)  # the clip is in the file's own pixels
        reader.setClipRect(clip)
        if out != clip.size():
            reader.setScaledSize(out)
        image = reader.read()
    if image.isNull():
        image = _region_with_pillow(path, clip, out)
    return turned_qimage(image, Turn.from_exif(orientation).then(turn)) if not image.isNull() else image


def _region_with_pillow(path: Path, clip: QRect, out: QSize) -> QImage:
    box = (clip.left(), clip.top(), clip.left() + clip.width(), clip.top() + clip.height())
    try:
        with imaging.opened(path) as im:
            part = im.crop(box)
        part = imaging.to_rgb(part)
    except (imaging.ImageRefused, OSError):
        return QImage()
    if part.size != (out.width(), out.height()):
        part = part.resize((out.width(), out.height()), Image.Resampling.BICUBIC)
    return pil_to_qimage(part)

"""The pictures on a sheet: aligned on the eyes, cropped to the same face framing, and made at
no more than 300 dpi for the size they are printed at.

Runs anywhere (QImage and QPainter on a QImage are fine off the GUI thread), so the print
dialog prepares them in a worker and only the final drawing happens on the GUI thread.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QPointF, QRect, QRectF
from PySide6.QtGui import QColor, QImage, QImageReader, QPainter, QTransform

from journal.core import imaging
from journal.core.errors import Cancelled
from journal.core.journal import Journal
from journal.core.models import Photo
from journal.render.sheet_layout import PHOTO_ASPECT
from journal.render.transforms import alignment

MAX_DPI = 300
FACE_WIDTH_IN_IODS = 3.2  # the crop is this many eye distances wide
EYES_FROM_TOP = 0.40  # and puts the eyes this far down (at the widest cell, 0.8; taller
# cells keep the same room above the eyes and show more below them)


@dataclass
class Picture:
    image: QImage
    aligned: bool  # False: no eye points on this photo or the reference; fitted whole instead


def pixel_size(width_inches: float, height_inches: float, dpi: float) -> tuple[int, int]:
    """Pixels for a photo cell printed at this size, at most MAX_DPI."""
    scale = min(MAX_DPI, dpi)
    return max(16, round(width_inches * scale)), max(16, round(height_inches * scale))


def face_crop(photo: Photo, aspect: float) -> QRectF | None:
    """The face framing in `photo`'s pixels for a cell of `aspect` (width / height), from its
    eye points (None without them). A taller cell shows more below the eyes."""
    eyes = photo.eye_pixels()
    if eyes is None:
        return None
    (lx, ly), (rx, ry) = eyes
    iod = ((rx - lx) ** 2 + (ry - ly) ** 2) ** 0.5
    width = FACE_WIDTH_IN_IODS * iod
    height = width / aspect
    mx, my = (lx + rx) / 2, (ly + ry) / 2
    above = EYES_FROM_TOP * width / PHOTO_ASPECT
    return QRectF(mx - width / 2, my - above, width, height)


def prepare(
    journal: Journal,
    photos: dict[tuple[int, int], Photo],
    size: tuple[int, int],
    progress: Callable[[int, int], bool] | None = None,
) -> dict[tuple[int, int], Picture]:
    """One picture per cell. In each row (an angle), the first session's photo is the reference:
    every other photo is mapped onto its eyes, and all share its face crop. Two at a time."""
    with preparing(journal, photos, size, progress) as pictures:
        return {key: pictures[key] for key in pictures}


class Pictures(Mapping[tuple[int, int], Picture]):
    """The pictures being made (`preparing`): a picture asked for is waited for, so that a
    sheet is drawn as they come, not after the last one."""

    def __init__(
        self,
        futures: dict[tuple[int, int], Future[Picture]],
        progress: Callable[[int, int], bool] | None,
    ) -> None:
        self._futures = futures
        self._progress = progress
        self._taken: set[tuple[int, int]] = set()

    def __getitem__(self, key: tuple[int, int]) -> Picture:
        picture = self._futures[key].result()
        if key not in self._taken:
            self._taken.add(key)
            if self._progress is not None and self._progress(len(self._taken), len(self._futures)) is False:
                raise Cancelled()
        return picture

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return iter(self._futures)

    def __len__(self) -> int:
        return len(self._futures)


@contextmanager
def preparing(
    journal: Journal,
    photos: dict[tuple[int, int], Photo],
    size: tuple[int, int],
    progress: Callable[[int, int], bool] | None = None,
) -> Iterator[Pictures]:
    """`prepare`, started: the pictures are made two at a time while the caller draws those
    ready (a picture taken waits for its own; `progress` counts those taken, and returning
    False raises Cancelled there). What is still to do is dropped when the block ends."""
    from concurrent.futures import ThreadPoolExecutor

    from journal.core.eyes import with_eye_points

    # Photos whose eyes were never looked for are looked at now, so the sheet is aligned
    # wherever it can be (the CLI does it first and says so; the print dialog runs this in a worker).
    missing = [photo for photo in photos.values() if not photo.eyes_checked]
    if missing:
        looked = {photo.id: photo for photo in with_eye_points(journal, missing)}
        photos = {key: looked.get(photo.id, photo) for key, photo in photos.items()}
    jobs = []
    for row in sorted({row for _session, row in photos}):
        cells = sorted((key for key in photos if key[1] == row), key=lambda k: k[0])
        reference = photos[cells[0]]
        crop = face_crop(reference, size[0] / size[1])
        jobs += [(key, photos[key], reference, crop) for key in cells]
    pool = ThreadPoolExecutor(max_workers=2)
    try:
        yield Pictures(
            {key: pool.submit(_picture, journal, photo, ref, crop, size) for key, photo, ref, crop in jobs},
            progress,
        )
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _picture(
    journal: Journal, photo: Photo, reference: Photo, crop: QRectF | None, size: tuple[int, int]
) -> Picture:
    width, height = size
    canvas = QImage(width, height, QImage.Format.Format_RGB32)
    canvas.fill(QColor(255, 255, 255))
    # Original pixels -> the reference photo's pixels (the eye alignment) -> the cell.
    eyes_to_reference = alignment(photo, reference) if crop is not None else None
    aligned = eyes_to_reference is not None and crop is not None
    to_reference = eyes_to_reference if eyes_to_reference is not None else QTransform()
    # Aligned: the reference's face crop. Unaligned: the whole photo, letterboxed.
    frame = crop if aligned and crop is not None else QRectF(0, 0, photo.width, photo.height)
    scale = min(width / frame.width(), height / frame.height())
    offset = QPointF((width - frame.width() * scale) / 2, (height - frame.height() * scale) / 2)
    to_cell = QTransform(scale, 0, 0, scale, offset.x() - frame.x() * scale, offset.y() - frame.y() * scale)
    original_to_cell = to_reference * to_cell
    # Only the part of the photo that lands in the cell is decoded into memory and drawn.
    visible = original_to_cell.inverted()[0].mapRect(QRectF(0, 0, width, height))
    visible = visible.intersected(QRectF(0, 0, photo.width, photo.height))
    if visible.isEmpty():
        return Picture(canvas, aligned)
    needed = (original_to_cell.m11() ** 2 + original_to_cell.m12() ** 2) ** 0.5  # cell px per original px
    part, to_original = _part(journal, photo, visible, needed)
    painter = QPainter(canvas)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    painter.setTransform(to_original * original_to_cell)
    painter.drawImage(QPointF(0, 0), part)
    painter.end()
    return Picture(canvas, aligned)


def _preview_holding(journal: Journal, photo: Photo, enough: float) -> QImage:
    """The cached preview when it is at least `enough` pixels wide, else a null image."""
    cached = journal.cache.preview_path(photo.sha256, photo.turn)
    # A preview that is not in the cache is made only when it will do (at most PREVIEW_SIZE
    # on its long edge): making one to find it too small costs a decode for nothing.
    longest = max(photo.width, photo.height)
    could_do = photo.width * min(1.0, imaging.PREVIEW_SIZE / longest) >= enough
    source = cached if cached.exists() else journal.preview_file(photo) if could_do else None
    big_enough = source is not None and QImageReader(str(source)).size().width() >= enough  # header only
    return QImage(str(source)) if big_enough else QImage()


def _part(journal: Journal, photo: Photo, visible: QRectF, needed: float) -> tuple[QImage, QTransform]:
    """The part `visible` of the photo (its pixels) with as many pixels as the cell needs, and
    the transform from that image's pixels to the photo's. From the cached preview when it
    holds enough; else only that part of the original is decoded, at the scale needed (a face
    crop of a 12 MP photo on a 12-session timeline: not twelve full decodes)."""
    enough = min(photo.width, photo.width * needed * 1.1)
    preview = _preview_holding(journal, photo, enough)
    if not preview.isNull() and preview.width() >= enough:
        ratio = preview.width() / photo.width
        region = QRect(
            int(visible.x() * ratio),
            int(visible.y() * ratio),
            int(visible.width() * ratio) + 2,
            int(visible.height() * ratio) + 2,
        ).intersected(preview.rect())
        to_original = QTransform(1 / ratio, 0, 0, 1 / ratio, region.x() / ratio, region.y() / ratio)
        return preview.copy(region), to_original
    from journal.render.qimage import load_photo_region

    left, top = max(0, math.floor(visible.left())), max(0, math.floor(visible.top()))
    right = min(photo.width, math.ceil(visible.right()))
    bottom = min(photo.height, math.ceil(visible.bottom()))
    rect = QRectF(left, top, right - left, bottom - top)
    part = load_photo_region(journal, photo, rect, min(1.0, needed * 1.1))
    if part.isNull():
        image, ratio = _source(journal, photo, needed)  # a reader that cannot clip: the whole photo
        return image, QTransform(1 / ratio, 0, 0, 1 / ratio, 0, 0)
    to_original = QTransform(rect.width() / part.width(), 0, 0, rect.height() / part.height(), left, top)
    return part, to_original


def _source(journal: Journal, photo: Photo, needed: float) -> tuple[QImage, float]:
    """The cached preview, or the original when the print needs more pixels than the preview
    holds. Returns the image and its pixels per original pixel. `needed` is cell pixels per
    original pixel."""
    enough = min(photo.width, photo.width * needed * 1.1)
    preview = _preview_holding(journal, photo, enough)
    if not preview.isNull() and preview.width() >= enough:
        return preview, preview.width() / photo.width
    image = _read_original(journal.photo_path(photo), photo)
    return image, image.width() / photo.width


def _read_original(path: Path, photo: Photo) -> QImage:
    """Full resolution, upright and turned as the user chose. Qt's own reader where it can (no
    copy through Python bytes, EXIF orientation applied by `setAutoTransform`); Pillow for
    HEIC and anything Qt refuses."""
    from PySide6.QtGui import QImageReader

    from journal.render.qimage import load_upright_qimage, turned_qimage

    if photo.format in ("JPEG", "MPO", "PNG", "TIFF", "WEBP") and photo.width * photo.height <= 100_000_000:
        reader = QImageReader(str(path))
        reader.setAutoTransform(True)
        image = turned_qimage(reader.read(), photo.turn)
        if not image.isNull() and image.width() == photo.width:
            return image
    return load_upright_qimage(path, max(photo.width, photo.height), photo.turn)

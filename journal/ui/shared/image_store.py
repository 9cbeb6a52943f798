"""Screen-sized previews, and for deep zoom the part of the original on screen, as QImages
loaded in worker threads and kept in a small memory cache keyed by photo id, so switching
between pairs you have already seen is instant and zooming never decodes on the GUI thread.

Zoomed past what a preview holds, a view asks for a *region*: the rectangle of the photo it
shows (with a margin, so that a small pan needs nothing new), at the resolution the screen
shows it (at most the original's). Only that is decoded (journal.render.qimage.load_region):
a 100 % view of a 48 MP pair holds two screen-sized images, not two 190 MB originals. A few
regions per photo are kept while the view stays zoomed; `drop_regions` frees them.

A view that says how many pixels across it shows a photo gets the preview decoded at that
size (`image(photo, width)`): libjpeg scales by 1/2, 1/4 or 1/8 while it decodes, so a pair
at fit on a laptop screen is decoded in half the time of the full 2048 px previews, and the
screen shows as many pixels as before. `sharpen` then loads the full previews, once the pair
stays on screen (for zoom and for saving), not for every pair a person steps past.

Images are of the photo as it is shown: one kept from before a Rotate or Flip (or its undo) is
not used again.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass
from enum import Enum
from functools import partial

from PySide6.QtCore import QObject, QRectF, QSize, QThreadPool, Signal
from PySide6.QtGui import QImage, QImageReader

from journal.core.errors import JournalError
from journal.core.journal import Journal
from journal.core.models import Photo
from journal.core.turn import Turn
from journal.ui.shared.workers import Progress, TaskRunner

KEEP_PREVIEWS = 12
REGIONS_PER_PHOTO = 3
REGION_MARGIN = 0.25  # of the shown rectangle's size, on each side
SHARP_ENOUGH = 0.95  # a region at 95 % of the resolution asked for is sharp
WHOLE = 1 << 30  # the width asked for when the whole preview is wanted


class ImageKind(Enum):
    PREVIEW = "preview"  # the cached screen-sized preview
    REGION = "region"  # a part of the original, for deep zoom


@dataclass(frozen=True)
class Region:
    """A part of a photo: `image` shows `rect` (in the photo's shown pixels) at `scale` of them."""

    image: QImage
    rect: QRectF
    scale: float
    turn: Turn

    def covers(self, rect: QRectF, scale: float) -> bool:
        return self.rect.contains(rect) and self.scale >= scale * SHARP_ENOUGH


def _load_preview(
    journal: Journal, photo: Photo, width: int | None, _progress: Progress
) -> tuple[QImage, int]:
    """In a worker: the preview (made when missing), as the photo is shown, and the width of
    the whole of it. With `width`: decoded at the smallest of 1/8, 1/4, 1/2 that is at least
    that wide (the scales libjpeg decodes at directly, with no rescale after)."""
    reader = QImageReader(str(journal.preview_file(photo)))
    size = reader.size()
    if width is not None and size.isValid():
        for denominator in (8, 4, 2):
            scaled = QSize(-(-size.width() // denominator), -(-size.height() // denominator))
            if scaled.width() >= width:
                reader.setScaledSize(scaled)
                break
    image = reader.read()
    if image.isNull():
        raise JournalError("the image could not be read")
    return image, size.width() if size.isValid() else image.width()


def _load_region(journal: Journal, photo: Photo, rect: QRectF, scale: float, _progress: Progress) -> Region:
    """In a worker: that part of the original, and only that, at that scale."""
    from journal.render.qimage import load_photo_region

    image = load_photo_region(journal, photo, rect, scale)
    if image.isNull():
        raise JournalError("the photo could not be read")
    return Region(image, rect, scale, photo.turn)


class ImageStore(QObject):
    """Signals:
    loaded(int, object): photo id and ImageKind now in memory.
    failed(int, str): photo id and the reason it cannot be shown.
    """

    loaded = Signal(int, object)
    failed = Signal(int, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(2)
        self._runner = TaskRunner(self._pool, self)
        self._journal: Journal | None = None
        # photo id -> (its turn, the preview, the width of the whole preview)
        self._previews: OrderedDict[int, tuple[Turn, QImage, int]] = OrderedDict()
        self._regions: dict[int, list[Region]] = {}  # newest last
        # Previews on their way: photo id, turn, the width asked for (WHOLE: the whole preview).
        self._pending: set[tuple[int, Turn, int]] = set()
        self._region_loading: dict[int, tuple[QRectF, float]] = {}  # one at a time per photo
        self._region_next: dict[int, tuple[Photo, QRectF, float]] = {}  # asked for meanwhile
        self.decodes = 0

    def set_journal(self, journal: Journal | None) -> None:
        self._runner.invalidate()
        self._journal = journal
        self._previews.clear()
        self._pending.clear()
        self.drop_regions()

    def image(self, photo: Photo, width: int | None = None) -> QImage | None:
        """The preview in memory, or None (and it is loaded). `width`: the pixels across that
        the screen shows of the photo; a preview in memory narrower than that is kept meanwhile
        and a sharper one loaded. None: the whole preview."""
        found = self.cached(photo)
        if found is None or (not self.whole(photo) and (width is None or found.width() < width)):
            self._request_preview(photo, width)
        return found

    def cached(self, photo: Photo) -> QImage | None:
        """The preview in memory as the photo is shown, or None (nothing is loaded)."""
        found = self._previews.get(photo.id)
        if found is not None and found[0] == photo.turn:
            self._previews.move_to_end(photo.id)
            return found[1]
        return None

    def whole(self, photo: Photo) -> bool:
        """The preview in memory is the whole of it (not decoded at a screen's size)."""
        found = self._previews.get(photo.id)
        return found is not None and found[0] == photo.turn and found[1].width() >= found[2]

    def preview_width(self, photo: Photo) -> int:
        """The width of the whole preview (0 while none is in memory): what zooming can show
        from previews before it needs the original."""
        found = self._previews.get(photo.id)
        return found[2] if found is not None and found[0] == photo.turn else 0

    def sharpen(self, photos: list[Photo]) -> None:
        """Load the whole previews of these photos where only screen-sized ones are in memory."""
        for photo in photos:
            if not self.whole(photo):
                self._request_preview(photo, None)

    def has(self, photo_id: int) -> bool:
        return photo_id in self._previews

    def preload(self, photos: list[Photo], width: int | None = None) -> None:
        """Load these previews now if they are not in memory (the pairs a person may go to next)."""
        for photo in photos:
            if self.cached(photo) is None:
                self._request_preview(photo, width)

    def region(self, photo: Photo, rect: QRectF, scale: float) -> Region | None:
        """The sharpest region in memory that shows `rect` (shown pixels) at `scale` (screen
        pixels per photo pixel, at most 1); when none is sharp enough, one is loaded (with a
        margin) and the best one so far returned meanwhile (None if there is none)."""
        scale = min(1.0, scale)
        kept = [r for r in self._regions.get(photo.id, []) if r.turn == photo.turn]
        self._regions[photo.id] = kept  # those of another turn show other pixels there
        for region in reversed(kept):
            if region.covers(rect, scale):
                return region
        loading = self._region_loading.get(photo.id)
        wanted = _with_margin(rect, photo)
        if loading is not None:
            if not (loading[0].contains(rect) and loading[1] >= scale * SHARP_ENOUGH):
                self._region_next[photo.id] = (photo, wanted, scale)
        else:
            self._start_region(photo, wanted, scale)
        shown = [r for r in kept if r.rect.intersects(rect)]
        return max(shown, key=lambda r: r.scale) if shown else None

    def drop_regions(self) -> None:
        """Free every region (the view left deep zoom); those on their way are dropped too."""
        self._regions.clear()
        self._region_loading.clear()
        self._region_next.clear()

    def region_bytes(self) -> int:
        return sum(r.image.sizeInBytes() for regions in self._regions.values() for r in regions)

    def _request_preview(self, photo: Photo, width: int | None) -> None:
        key = (photo.id, photo.turn, WHOLE if width is None else width)
        if self._journal is None or any(
            p[0] == photo.id and p[1] == photo.turn and p[2] >= key[2] for p in self._pending
        ):
            return  # on its way, at least as wide
        self._pending.add(key)
        self._runner.start(
            partial(_load_preview, self._journal, photo, width),
            done=lambda loaded: self._on_preview_loaded(key, *loaded),
            failed=lambda error: self._on_failed(key, str(error)),
            known=(JournalError, OSError),  # an unreadable photo: a message, not a crash
        )

    def _start_region(self, photo: Photo, rect: QRectF, scale: float) -> None:
        if self._journal is None:
            return
        self._region_loading[photo.id] = (rect, scale)
        photo_id = photo.id
        self._runner.start(
            partial(_load_region, self._journal, photo, rect, scale),
            done=lambda region: self._on_region_loaded(photo_id, region),
            failed=lambda error: self._on_region_failed(photo_id, str(error)),
            known=(JournalError, OSError),
        )

    def wait(self, msecs: int = 30_000) -> bool:
        return self._runner.wait(msecs / 1000)

    def _on_preview_loaded(self, key: tuple[int, Turn, int], image: QImage, whole_width: int) -> None:
        self.decodes += 1
        self._pending.discard(key)
        photo_id, turn = key[0], key[1]
        kept = self._previews.get(photo_id)
        if kept is not None and kept[0] == turn and kept[1].width() >= image.width():
            return  # a sharper one came first
        self._previews[photo_id] = (turn, image, whole_width)
        self._previews.move_to_end(photo_id)
        while len(self._previews) > KEEP_PREVIEWS:
            self._previews.popitem(last=False)
        self.loaded.emit(photo_id, ImageKind.PREVIEW)

    def _on_region_loaded(self, photo_id: int, region: Region) -> None:
        if self._region_loading.get(photo_id) != (region.rect, region.scale):
            return  # dropped meanwhile (the view left deep zoom)
        del self._region_loading[photo_id]
        self.decodes += 1
        kept = self._regions.setdefault(photo_id, [])
        kept.append(region)
        del kept[:-REGIONS_PER_PHOTO]
        self._start_next_region(photo_id)
        self.loaded.emit(photo_id, ImageKind.REGION)

    def _on_region_failed(self, photo_id: int, reason: str) -> None:
        self._region_loading.pop(photo_id, None)
        self._region_next.pop(photo_id, None)
        self.failed.emit(photo_id, reason)

    def _start_next_region(self, photo_id: int) -> None:
        following = self._region_next.pop(photo_id, None)
        if following is not None:
            photo, rect, scale = following
            if not any(r.covers(rect, scale) for r in self._regions.get(photo_id, [])):
                self._start_region(photo, rect, scale)

    def _on_failed(self, key: tuple[int, Turn, int], reason: str) -> None:
        self._pending.discard(key)
        self.failed.emit(key[0], reason)


def _with_margin(rect: QRectF, photo: Photo) -> QRectF:
    """`rect` grown by REGION_MARGIN on each side, to whole pixels (the file's pixels then map
    onto it exactly, whichever way the photo is turned), within the photo."""
    dx, dy = rect.width() * REGION_MARGIN, rect.height() * REGION_MARGIN
    left, top = max(0, math.floor(rect.left() - dx)), max(0, math.floor(rect.top() - dy))
    right = min(photo.width, math.ceil(rect.right() + dx))
    bottom = min(photo.height, math.ceil(rect.bottom() + dy))
    return QRectF(left, top, max(0, right - left), max(0, bottom - top))

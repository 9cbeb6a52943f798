"""Thumbnails for lists and the timeline, loaded lazily in worker threads.

A view asks `image(photo)`: it gets the QImage at once when it is in memory, else None and a
load is queued; `ready(photo_id)` follows on the GUI thread. Results are keyed by photo id (and
the turn it is shown with) and stamped with a generation, so a journal switch drops whatever
was still in flight. Only cached thumbnails (~512 px JPEGs) are ever decoded here; a missing
one is rebuilt from the original by the core, in the worker. A thumbnail is the photo as it
is shown: when its turn changes (Rotate, Flip, or their undo), the new one is loaded.

The loads asked for while one frame is painted go to the worker together, once that frame is
done, and by default one worker decodes them: a timeline scrolling by three rows a wheel
step would otherwise start three tasks inside each paint and keep both cores decoding while
the GUI thread paints the next step.
"""

from __future__ import annotations

from collections import OrderedDict
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QImage, QImageReader

from journal.core.cache import PhotoCache
from journal.core.errors import JournalError
from journal.core.models import Photo
from journal.core.turn import Turn
from journal.ui.shared.workers import Progress, TaskRunner

ICON_EDGE = 256  # kept in memory scaled to this; lists draw at 64–200 px
MEMORY_ITEMS = 400  # ~400 x 256 KB at most
BATCH = 8  # thumbnails decoded by one task

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

_Wanted = tuple[int, str, Path, Turn]  # photo id, its hash, its original, its turn


def icon_image(image: QImage) -> QImage:
    """A thumbnail at the size kept in memory (in any thread)."""
    if max(image.width(), image.height()) > ICON_EDGE:
        image = image.scaled(
            ICON_EDGE,
            ICON_EDGE,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    return image


def icon_from_pil(image: PILImage) -> QImage:
    """The thumbnail an import just made (a Pillow image, ~512 px) at the size kept in memory,
    in the import's worker. Shrunk in Pillow before it becomes a QImage: Pillow lets the other
    threads run while it works, and only a quarter of the pixels are then copied."""
    from PIL import Image

    from journal.render.qimage import pil_to_qimage

    width, height = image.size
    if max(width, height) > ICON_EDGE:
        # The size QImage.scaled(ICON_EDGE, ICON_EDGE, KeepAspectRatio) gives (see icon_image).
        if width >= height:
            size = (ICON_EDGE, max(1, height * ICON_EDGE // width))
        else:
            size = (max(1, width * ICON_EDGE // height), ICON_EDGE)
        factor = width // size[0]
        if size == (width // factor, height // factor) and width % factor == height % factor == 0:
            image = image.reduce(factor)  # 512 px to 256: each pixel the mean of a 2 x 2 block
        else:
            image = image.resize(size, Image.Resampling.BOX)
    return pil_to_qimage(image)


def _load(cache: PhotoCache, sha256: str, original: Path, turn: Turn) -> QImage:
    """In a worker: the cached thumbnail (made from the original when missing), in memory size.

    Decoded straight at that size: for the cached 512 px JPEG, libjpeg scales by 1/2 while it
    decodes, a third of the time of a full decode and a smooth rescale, and with Python's lock
    released throughout (QImage.scaled holds it), so a timeline scrolling meanwhile keeps it."""
    reader = QImageReader(str(cache.ensure_thumbnail(sha256, original, turn)))
    size = reader.size()
    if size.isValid() and max(size.width(), size.height()) > ICON_EDGE:
        reader.setScaledSize(size.scaled(ICON_EDGE, ICON_EDGE, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if image.isNull():
        raise JournalError("unreadable thumbnail")
    return icon_image(image)


def _load_batch(
    cache: PhotoCache, wanted: list[_Wanted], _progress: Progress
) -> list[tuple[int, QImage | None]]:
    """In a worker: each thumbnail, or None for a photo that cannot be read (no crash)."""
    out: list[tuple[int, QImage | None]] = []
    for photo_id, sha256, original, turn in wanted:
        try:
            out.append((photo_id, _load(cache, sha256, original, turn)))
        except (JournalError, OSError):
            out.append((photo_id, None))
    return out


class ThumbnailLoader(QObject):
    """Signals:
    ready(int): the thumbnail of that photo id is now in memory.
    """

    ready = Signal(int)

    def __init__(self, pool: QThreadPool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = pool or QThreadPool(self)
        if pool is None:
            self._pool.setMaxThreadCount(1)  # the other core stays with the GUI thread
        self._runner = TaskRunner(self._pool, self)
        self._images: OrderedDict[int, QImage] = OrderedDict()
        self._turns: dict[int, int] = {}  # photo id -> the turn its image in memory shows
        self._pending: set[int] = set()
        self._failed: set[int] = set()
        self._wanted: list[_Wanted] = []  # asked for during this frame, not started yet
        self._frame_done = QTimer(self)  # fires once the frame being painted is done
        self._frame_done.setSingleShot(True)
        self._frame_done.setInterval(0)
        self._frame_done.timeout.connect(self._on_frame_done)
        self._cache: PhotoCache | None = None
        self._folder: Path | None = None
        self.decodes = 0  # thumbnails loaded so far (benchmarks check nothing bigger is decoded)

    def set_source(self, cache: PhotoCache | None, folder: Path | None) -> None:
        """Switch journals: forget everything, ignore loads still in flight."""
        self._runner.invalidate()
        self._images.clear()
        self._turns.clear()
        self._pending.clear()
        self._failed.clear()
        self._wanted.clear()
        self._cache, self._folder = cache, folder

    def image(self, photo: Photo | None) -> QImage | None:
        if photo is None or self._cache is None or self._folder is None:
            return None
        image = self._images.get(photo.id)
        if image is not None and self._turns.get(photo.id) == photo.turn.exif:
            self._images.move_to_end(photo.id)
            return image
        if photo.id not in self._pending and photo.id not in self._failed:
            self._pending.add(photo.id)
            original = self._folder.joinpath(*photo.rel_path.split("/"))
            if not self._wanted:
                self._frame_done.start()
            self._wanted.append((photo.id, photo.sha256, original, photo.turn))
        return image  # the one shown before its turn changed, until the new one is in

    def _on_frame_done(self) -> None:
        """Start what this frame asked for, BATCH thumbnails a task."""
        wanted, self._wanted = self._wanted, []
        cache = self._cache
        if cache is None:
            return
        for start in range(0, len(wanted), BATCH):
            batch = wanted[start : start + BATCH]
            turns = {photo_id: turn.exif for photo_id, _sha, _path, turn in batch}
            self._runner.start(
                partial(_load_batch, cache, batch),
                done=partial(self._on_loaded, turns),
                failed=partial(self._on_batch_failed, list(turns)),
            )

    def put(self, photo_id: int, turn: int, image: QImage) -> None:
        """A thumbnail made elsewhere (an import that just made it): in memory, no decode."""
        self._pending.discard(photo_id)
        self._failed.discard(photo_id)
        self._wanted = [w for w in self._wanted if w[0] != photo_id]
        self._images[photo_id] = image
        self._images.move_to_end(photo_id)
        self._turns[photo_id] = turn
        while len(self._images) > MEMORY_ITEMS:
            gone, _image = self._images.popitem(last=False)
            self._turns.pop(gone, None)
        self.ready.emit(photo_id)

    def failed(self, photo_id: int) -> bool:
        return photo_id in self._failed

    def settled(self, photo_id: int) -> bool:
        """The thumbnail is in memory, or known to be unreadable (nothing more will come)."""
        return photo_id in self._images or photo_id in self._failed

    def forget(self, photo_id: int) -> None:
        self._images.pop(photo_id, None)
        self._turns.pop(photo_id, None)
        self._failed.discard(photo_id)

    def wait_idle(self, msecs: int = 10_000) -> bool:
        """For tests and shutdown: wait for started loads (their results still arrive as events)."""
        return self._runner.wait(msecs / 1000)

    def idle(self) -> bool:
        """No load is asked for, queued or on its way back (for tests: wait until this is True)."""
        return self._runner.pending() == 0 and not self._wanted

    def _on_loaded(self, turns: dict[int, int], loaded: list[tuple[int, QImage | None]]) -> None:
        for photo_id, picture in loaded:
            self._pending.discard(photo_id)
            if picture is None:
                self._failed.add(photo_id)
            else:
                self.decodes += 1
                self._images[photo_id] = picture
                self._images.move_to_end(photo_id)
                self._turns[photo_id] = turns[photo_id]
        while len(self._images) > MEMORY_ITEMS:
            gone, _image = self._images.popitem(last=False)
            self._turns.pop(gone, None)
        for photo_id, _loaded in loaded:
            self.ready.emit(photo_id)

    def _on_batch_failed(self, photo_ids: list[int], _error: JournalError) -> None:
        """A bug in the worker (the crash dialog tells): these have no thumbnail for now."""
        for photo_id in photo_ids:
            self._pending.discard(photo_id)
            self._failed.add(photo_id)
            self.ready.emit(photo_id)

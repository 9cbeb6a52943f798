"""Thumbnails for lists and the timeline, loaded lazily in worker threads.

A view asks `image(photo)`: it gets the QImage at once when it is in memory, else None and a
load is queued; `ready(photo_id)` follows on the GUI thread. Results are keyed by photo id and
stamped with a generation, so a journal switch drops whatever was still in flight.
Only cached thumbnails (~512 px JPEGs) are ever decoded here; a missing one is rebuilt from
the original by the core, in the worker.
"""

from __future__ import annotations

from collections import OrderedDict
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal
from PySide6.QtGui import QImage

from journal.core.cache import PhotoCache
from journal.core.errors import JournalError
from journal.core.models import Photo
from journal.ui.shared.workers import Progress, TaskRunner

ICON_EDGE = 256  # kept in memory scaled to this; lists draw at 64–200 px
MEMORY_ITEMS = 400  # ~400 x 256 KB at most


def _load(cache: PhotoCache, sha256: str, original: Path, _progress: Progress) -> QImage:
    """In a worker: the cached thumbnail (made from the original when missing), in memory size."""
    image = QImage(str(cache.ensure_thumbnail(sha256, original)))
    if image.isNull():
        raise JournalError("unreadable thumbnail")
    if max(image.width(), image.height()) > ICON_EDGE:
        image = image.scaled(
            ICON_EDGE,
            ICON_EDGE,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    return image


class ThumbnailLoader(QObject):
    """Signals:
    ready(int): the thumbnail of that photo id is now in memory.
    """

    ready = Signal(int)

    def __init__(self, pool: QThreadPool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = pool or QThreadPool(self)
        if pool is None:
            self._pool.setMaxThreadCount(2)
        self._runner = TaskRunner(self._pool, self)
        self._images: OrderedDict[int, QImage] = OrderedDict()
        self._pending: set[int] = set()
        self._failed: set[int] = set()
        self._cache: PhotoCache | None = None
        self._folder: Path | None = None
        self.decodes = 0  # thumbnails loaded so far (benchmarks check nothing bigger is decoded)

    def set_source(self, cache: PhotoCache | None, folder: Path | None) -> None:
        """Switch journals: forget everything, ignore loads still in flight."""
        self._runner.invalidate()
        self._images.clear()
        self._pending.clear()
        self._failed.clear()
        self._cache, self._folder = cache, folder

    def image(self, photo: Photo | None) -> QImage | None:
        if photo is None or self._cache is None or self._folder is None:
            return None
        image = self._images.get(photo.id)
        if image is not None:
            self._images.move_to_end(photo.id)
            return image
        if photo.id not in self._pending and photo.id not in self._failed:
            self._pending.add(photo.id)
            original = self._folder.joinpath(*photo.rel_path.split("/"))
            photo_id = photo.id
            self._runner.start(
                partial(_load, self._cache, photo.sha256, original),
                done=lambda image: self._on_loaded(photo_id, image),
                failed=lambda _error: self._on_failed(photo_id),
                known=(JournalError, OSError),  # an unreadable photo: no thumbnail, no crash
            )
        return None

    def failed(self, photo_id: int) -> bool:
        return photo_id in self._failed

    def settled(self, photo_id: int) -> bool:
        """The thumbnail is in memory, or known to be unreadable (nothing more will come)."""
        return photo_id in self._images or photo_id in self._failed

    def forget(self, photo_id: int) -> None:
        self._images.pop(photo_id, None)
        self._failed.discard(photo_id)

    def wait_idle(self, msecs: int = 10_000) -> bool:
        """For tests and shutdown: wait for queued loads (their results still arrive as events)."""
        return self._runner.wait(msecs / 1000)

    def idle(self) -> bool:
        """No load is queued or on its way back (for tests: wait until this is True)."""
        return self._runner.pending() == 0

    def _on_loaded(self, photo_id: int, image: QImage) -> None:
        self.decodes += 1
        self._pending.discard(photo_id)
        self._images[photo_id] = image
        while len(self._images) > MEMORY_ITEMS:
            self._images.popitem(last=False)
        self.ready.emit(photo_id)

    def _on_failed(self, photo_id: int) -> None:
        self._pending.discard(photo_id)
        self._failed.add(photo_id)
        self.ready.emit(photo_id)

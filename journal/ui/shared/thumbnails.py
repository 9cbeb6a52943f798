"""Thumbnails for lists and the timeline, loaded lazily in worker threads.

A view asks `image(photo)`: it gets the QImage at once when it is in memory, else None and a
load is queued; `ready(photo_id)` follows on the GUI thread. Results are keyed by photo id and
stamped with a generation, so a journal switch drops whatever was still in flight.
Only cached thumbnails (~512 px JPEGs) are ever decoded here; a missing one is rebuilt from
the original by the core, in the worker.
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtGui import QImage

from journal.core.cache import PhotoCache
from journal.core.errors import JournalError
from journal.core.models import Photo

ICON_EDGE = 256  # kept in memory scaled to this; lists draw at 64–200 px
MEMORY_ITEMS = 400  # ~400 x 256 KB at most


class _Relay(QObject):
    loaded = Signal(int, int, QImage)  # photo id, generation, image
    failed = Signal(int, int, str)


class _Load(QRunnable):
    def __init__(
        self, relay: _Relay, photo: Photo, original: Path, cache: PhotoCache, generation: int
    ) -> None:
        super().__init__()
        self._relay, self._photo, self._original = relay, photo, original
        self._cache, self._generation = cache, generation

    def run(self) -> None:
        try:
            path = self._cache.ensure_thumbnail(self._photo.sha256, self._original)
        except (JournalError, OSError) as exc:  # an unreadable photo: no thumbnail, no crash
            self._relay.failed.emit(self._photo.id, self._generation, str(exc))
            return
        image = QImage(str(path))
        if image.isNull():
            self._relay.failed.emit(self._photo.id, self._generation, "unreadable thumbnail")
            return
        if max(image.width(), image.height()) > ICON_EDGE:
            image = image.scaled(
                ICON_EDGE,
                ICON_EDGE,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        self._relay.loaded.emit(self._photo.id, self._generation, image)


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
        self._relay = _Relay(self)
        self._relay.loaded.connect(self._on_relay_loaded)
        self._relay.failed.connect(self._on_relay_failed)
        self._images: OrderedDict[int, QImage] = OrderedDict()
        self._pending: set[int] = set()
        self._failed: set[int] = set()
        self._generation = 0
        self._cache: PhotoCache | None = None
        self._folder: Path | None = None
        self.decodes = 0  # thumbnails loaded so far (benchmarks check nothing bigger is decoded)

    def set_source(self, cache: PhotoCache | None, folder: Path | None) -> None:
        """Switch journals: forget everything, ignore loads still in flight."""
        self._generation += 1
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
            self._pool.start(_Load(self._relay, photo, original, self._cache, self._generation))
        return None

    def failed(self, photo_id: int) -> bool:
        return photo_id in self._failed

    def forget(self, photo_id: int) -> None:
        self._images.pop(photo_id, None)
        self._failed.discard(photo_id)

    def wait_idle(self, msecs: int = 10_000) -> bool:
        """For tests and shutdown: wait for queued loads (their results still arrive as events)."""
        return bool(self._pool.waitForDone(msecs))

    def _on_relay_loaded(self, photo_id: int, generation: int, image: QImage) -> None:
        if generation != self._generation:
            return
        self.decodes += 1
        self._pending.discard(photo_id)
        self._images[photo_id] = image
        while len(self._images) > MEMORY_ITEMS:
            self._images.popitem(last=False)
        self.ready.emit(photo_id)

    def _on_relay_failed(self, photo_id: int, generation: int, _reason: str) -> None:
        if generation != self._generation:
            return
        self._pending.discard(photo_id)
        self._failed.add(photo_id)
        self.ready.emit(photo_id)

"""Screen-sized previews (and, for deep zoom, originals) as QImages, loaded in worker threads
and kept in a small memory cache keyed by photo id, so switching between pairs you have
already seen is instant and zooming never decodes on the GUI thread."""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtGui import QImage

from journal.core.errors import JournalError
from journal.core.journal import Journal
from journal.core.models import Photo

DETAIL_MAX_EDGE = 8192
KEEP_PREVIEWS = 12
KEEP_DETAILS = 2


class _Relay(QObject):
    loaded = Signal(int, str, int, QImage)  # photo id, kind, generation, image
    failed = Signal(int, str, int, str)


class _Load(QRunnable):
    def __init__(self, relay: _Relay, journal: Journal, photo: Photo, kind: str, generation: int) -> None:
        super().__init__()
        self._relay, self._journal, self._photo, self._kind, self._generation = (
            relay,
            journal,
            photo,
            kind,
            generation,
        )

    def run(self) -> None:
        photo = self._photo
        original = self._journal.photo_path(photo)
        try:
            if self._kind == "preview":
                image = QImage(str(self._journal.cache.ensure_preview(photo.sha256, original)))
            else:
                from journal.render.qimage import load_upright_qimage

                image = load_upright_qimage(original, min(DETAIL_MAX_EDGE, max(photo.width, photo.height)))
        except (JournalError, OSError) as exc:
            self._relay.failed.emit(photo.id, self._kind, self._generation, str(exc))
            return
        if image.isNull():
            self._relay.failed.emit(photo.id, self._kind, self._generation, "the image could not be read")
            return
        self._relay.loaded.emit(photo.id, self._kind, self._generation, image)


class ImageStore(QObject):
    """Signals:
    loaded(int, str): photo id and kind ("preview" or "detail") now in memory.
    failed(int, str): photo id and the reason it cannot be shown.
    """

    loaded = Signal(int, str)
    failed = Signal(int, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(2)
        self._relay = _Relay(self)
        self._relay.loaded.connect(self._on_relay_loaded)
        self._relay.failed.connect(self._on_relay_failed)
        self._journal: Journal | None = None
        self._generation = 0
        self._previews: OrderedDict[int, QImage] = OrderedDict()
        self._details: OrderedDict[int, QImage] = OrderedDict()
        self._pending: set[tuple[int, str]] = set()
        self.decodes = 0

    def set_journal(self, journal: Journal | None) -> None:
        self._generation += 1
        self._journal = journal
        self._previews.clear()
        self._details.clear()
        self._pending.clear()

    def image(self, photo: Photo, detail: bool = False) -> QImage | None:
        """The best image in memory (the original when asked and loaded); loads what is missing."""
        if detail:
            found = self._details.get(photo.id)
            if found is not None:
                self._details.move_to_end(photo.id)
                return found
            self._request(photo, "detail")
        found = self._previews.get(photo.id)
        if found is not None:
            self._previews.move_to_end(photo.id)
            return found
        self._request(photo, "preview")
        return None

    def has(self, photo_id: int, detail: bool = False) -> bool:
        return photo_id in (self._details if detail else self._previews)

    def _request(self, photo: Photo, kind: str) -> None:
        if self._journal is None or (photo.id, kind) in self._pending:
            return
        self._pending.add((photo.id, kind))
        self._pool.start(_Load(self._relay, self._journal, photo, kind, self._generation))

    def wait(self, msecs: int = 30_000) -> bool:
        return bool(self._pool.waitForDone(msecs))

    def _on_relay_loaded(self, photo_id: int, kind: str, generation: int, image: QImage) -> None:
        if generation != self._generation:
            return
        self.decodes += 1
        self._pending.discard((photo_id, kind))
        store, keep = (self._previews, KEEP_PREVIEWS) if kind == "preview" else (self._details, KEEP_DETAILS)
        store[photo_id] = image
        while len(store) > keep:
            store.popitem(last=False)
        self.loaded.emit(photo_id, kind)

    def _on_relay_failed(self, photo_id: int, kind: str, generation: int, reason: str) -> None:
        if generation != self._generation:
            return
        self._pending.discard((photo_id, kind))
        self.failed.emit(photo_id, reason)

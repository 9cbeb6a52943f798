"""Screen-sized previews (and, for deep zoom, originals) as QImages, loaded in worker threads
and kept in a small memory cache keyed by photo id, so switching between pairs you have
already seen is instant and zooming never decodes on the GUI thread. Images are of the photo as
it is shown: an image kept from before a Rotate or Flip (or its undo) is not used again."""

from __future__ import annotations

from collections import OrderedDict
from enum import Enum
from functools import partial

from PySide6.QtCore import QObject, QThreadPool, Signal
from PySide6.QtGui import QImage

from journal.core.errors import JournalError
from journal.core.journal import Journal
from journal.core.models import Photo
from journal.core.turn import Turn
from journal.ui.shared.workers import Progress, TaskRunner

DETAIL_MAX_EDGE = 8192
KEEP_PREVIEWS = 12
KEEP_DETAILS = 2


class ImageKind(Enum):
    PREVIEW = "preview"  # the cached screen-sized preview
    DETAIL = "detail"  # the original, for deep zoom (at most DETAIL_MAX_EDGE)


def _load(journal: Journal, photo: Photo, kind: ImageKind, _progress: Progress) -> QImage:
    """In a worker: the preview (made when missing) or the upright original."""
    if kind is ImageKind.PREVIEW:
        image = QImage(str(journal.preview_file(photo)))
    else:
        from journal.render.qimage import load_upright_qimage

        edge = min(DETAIL_MAX_EDGE, max(photo.width, photo.height))
        image = load_upright_qimage(journal.photo_path(photo), edge, photo.turn)
    if image.isNull():
        raise JournalError("the image could not be read")
    return image


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
        self._previews: OrderedDict[int, tuple[Turn, QImage]] = OrderedDict()
        self._details: OrderedDict[int, tuple[Turn, QImage]] = OrderedDict()
        self._pending: set[tuple[int, ImageKind, Turn]] = set()
        self.decodes = 0

    def set_journal(self, journal: Journal | None) -> None:
        self._runner.invalidate()
        self._journal = journal
        self._previews.clear()
        self._details.clear()
        self._pending.clear()

    def image(self, photo: Photo, detail: bool = False) -> QImage | None:
        """The best image in memory (the original when asked and loaded); loads what is missing."""
        if detail:
            found = self._details.get(photo.id)
            if found is not None and found[0] == photo.turn:
                self._details.move_to_end(photo.id)
                return found[1]
            self._request(photo, ImageKind.DETAIL)
        found = self._previews.get(photo.id)
        if found is not None and found[0] == photo.turn:
            self._previews.move_to_end(photo.id)
            return found[1]
        self._request(photo, ImageKind.PREVIEW)
        return None

    def has(self, photo_id: int, detail: bool = False) -> bool:
        return photo_id in (self._details if detail else self._previews)

    def _request(self, photo: Photo, kind: ImageKind) -> None:
        key = (photo.id, kind, photo.turn)
        if self._journal is None or key in self._pending:
            return
        self._pending.add(key)
        photo_id, turn = photo.id, photo.turn
        self._runner.start(
            partial(_load, self._journal, photo, kind),
            done=lambda image: self._on_loaded(photo_id, kind, turn, image),
            failed=lambda error: self._on_failed(photo_id, kind, turn, str(error)),
            known=(JournalError, OSError),  # an unreadable photo: a message, not a crash
        )

    def wait(self, msecs: int = 30_000) -> bool:
        return self._runner.wait(msecs / 1000)

    def _on_loaded(self, photo_id: int, kind: ImageKind, turn: Turn, image: QImage) -> None:
        self.decodes += 1
        self._pending.discard((photo_id, kind, turn))
        store, keep = (
            (self._previews, KEEP_PREVIEWS) if kind is ImageKind.PREVIEW else (self._details, KEEP_DETAILS)
        )
        store[photo_id] = (turn, image)
        store.move_to_end(photo_id)
        while len(store) > keep:
            store.popitem(last=False)
        self.loaded.emit(photo_id, kind)

    def _on_failed(self, photo_id: int, kind: ImageKind, turn: Turn, reason: str) -> None:
        self._pending.discard((photo_id, kind, turn))
        self.failed.emit(photo_id, reason)

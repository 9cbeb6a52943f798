"""The lighting and pose check of a pair, measured off the GUI thread and remembered per photo
(and per set of eye points and turn, since the face region follows them)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal

from journal.core.errors import JournalError
from journal.core.journal import Journal
from journal.core.models import Photo
from journal.ui.shared.workers import Progress, TaskRunner


class LightingCheck(QObject):
    """Signals:
    checked(object): a lighting.Check for the pair last asked about.
    failed(str): the photos could not be read.
    """

    checked = Signal(object)
    failed = Signal(str)

    def __init__(self, pool: QThreadPool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = TaskRunner(pool, self)
        self._measures: dict[tuple[int, Any, Any], Any] = {}
        self._wanted: tuple[Photo, Photo] | None = None

    def clear(self) -> None:
        self._measures.clear()

    def measured(self, before: Photo, after: Photo) -> bool:
        """Both are measured already: `check` reports at once, with nothing to decode."""
        return all(_key(p) in self._measures for p in (before, after))

    def check(self, journal: Journal, before: Photo, after: Photo) -> None:
        self._wanted = (before, after)
        missing = [p for p in (before, after) if _key(p) not in self._measures]
        if not missing:
            self._report()
            return

        def work(_progress: Progress) -> list[tuple[tuple[int, Any, Any], Any]]:
            from journal.core import lighting

            # The preview as it is shown (turned as the user chose), eye points in its pixels.
            return [(_key(photo), lighting.measure_photo(journal, photo)) for photo in missing]

        # OSError: a preview that cannot be read is a note on screen, not a crash.
        self._runner.start(
            work, done=self._on_measured, failed=self._on_failed, known=(JournalError, OSError)
        )

    def _on_measured(self, results: list[tuple[tuple[int, Any, Any], Any]]) -> None:
        self._measures.update(results)
        self._report()

    def _on_failed(self, error: JournalError) -> None:
        self.failed.emit(str(error))

    def _report(self) -> None:
        from journal.core import lighting

        if self._wanted is None:
            return
        before, after = self._wanted
        measured = [self._measures.get(_key(p)) for p in (before, after)]
        if measured[0] is not None and measured[1] is not None:
            self.checked.emit(lighting.compare(measured[0], measured[1]))


def _key(photo: Photo) -> tuple[int, Any, Any]:
    return (photo.id, photo.eyes, photo.turn)

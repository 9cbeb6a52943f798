"""Eye detection off the GUI thread: new photos after an import, older ones when compared.

One worker at a time (detection uses OpenCV's own threads); requests for the photos on screen
go to the front of the queue.
"""

from __future__ import annotations

import contextlib
from collections import deque
from functools import partial

from PySide6.QtCore import QObject, QThreadPool, Signal

from journal.core.errors import JournalError
from journal.core.journal import Journal
from journal.ui.shared.workers import Progress, TaskRunner


def _detect(journal: Journal, photo_id: int, _progress: Progress) -> None:
    """In a worker: look for the eyes of a photo that was not looked at yet."""
    from journal.core.eyes import locate

    try:
        photo = journal.photo(photo_id)
        if photo.deleted_at is None and not photo.eyes_checked:
            locate(journal, photo)
    except JournalError:
        # An unreadable photo gets no eye points (the compare view says it is not aligned);
        # recording that stops it being tried again on every comparison.
        # If the journal itself cannot be written now, the next comparison tries again.
        with contextlib.suppress(JournalError):
            journal.set_eye_points(photo_id, None, None, "auto")


class EyeWorker(QObject):
    """Signals:
    detected(int): a photo's eye points were looked for (found or not).
    """

    detected = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._runner = TaskRunner(self._pool, self)
        self._queue: deque[int] = deque()
        self._busy = False
        self._journal: Journal | None = None

    def set_journal(self, journal: Journal | None) -> None:
        self._runner.invalidate()
        self._busy = False  # the pool's one thread still runs one detection at a time
        self._journal = journal
        self._queue.clear()

    def request(self, photo_ids: list[int], urgent: bool = False) -> None:
        if self._journal is None or self._journal.read_only:
            return
        for photo_id in reversed(photo_ids) if urgent else photo_ids:
            if photo_id in self._queue:
                self._queue.remove(photo_id)
            if urgent:
                self._queue.appendleft(photo_id)
            else:
                self._queue.append(photo_id)
        self._next()

    def pending(self) -> int:
        return len(self._queue) + int(self._busy)

    def wait(self, msecs: int = 60_000) -> bool:
        return bool(self._pool.waitForDone(msecs))

    def _next(self) -> None:
        if self._busy or not self._queue or self._journal is None:
            return
        self._busy = True
        photo_id = self._queue.popleft()
        self._runner.start(
            partial(_detect, self._journal, photo_id),
            done=lambda _none: self._on_detected(photo_id),
            failed=lambda _error: self._on_detected(photo_id),  # a bug: the crash dialog tells
        )

    def _on_detected(self, photo_id: int) -> None:
        self._busy = False
        self.detected.emit(photo_id)
        self._next()

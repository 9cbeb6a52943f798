"""Eye detection off the GUI thread: new photos after an import, older ones when compared.

One worker at a time (detection uses OpenCV's own threads); requests for the photos on screen
go to the front of the queue.
"""

from __future__ import annotations

import contextlib
import sys
from collections import deque

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from journal.core.errors import JournalError
from journal.core.journal import Journal


class _Relay(QObject):
    done = Signal(int, int)  # photo id, generation
    crashed = Signal(object)


class _Detect(QRunnable):
    def __init__(self, relay: _Relay, journal: Journal, photo_id: int, generation: int) -> None:
        super().__init__()
        self._relay, self._journal, self._photo_id, self._generation = relay, journal, photo_id, generation

    def run(self) -> None:
        from journal.core.eyes import locate

        try:
            photo = self._journal.photo(self._photo_id)
            if photo.deleted_at is None and not photo.eyes_checked:
                locate(self._journal, photo)
        except JournalError:
            # An unreadable photo gets no eye points (the compare view says it is not aligned);
            # recording that stops it being tried again on every comparison.
            # If the journal itself cannot be written now, the next comparison tries again.
            with contextlib.suppress(JournalError):
                self._journal.set_eye_points(self._photo_id, None, None, "auto")
        except BaseException:
            self._relay.crashed.emit(sys.exc_info())
        self._relay.done.emit(self._photo_id, self._generation)


class EyeWorker(QObject):
    """Signals:
    detected(int): a photo's eye points were looked for (found or not).
    """

    detected = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.done.connect(self._on_relay_done)
        self._relay.crashed.connect(lambda info: sys.excepthook(*info))
        self._queue: deque[int] = deque()
        self._busy = False
        self._journal: Journal | None = None
        self._generation = 0

    def set_journal(self, journal: Journal | None) -> None:
        self._generation += 1
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
        self._pool.start(_Detect(self._relay, self._journal, self._queue.popleft(), self._generation))

    def _on_relay_done(self, photo_id: int, generation: int) -> None:
        self._busy = False
        if generation == self._generation:
            self.detected.emit(photo_id)
        self._next()

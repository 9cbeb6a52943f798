"""Eye detection off the GUI thread: new photos after an import, older ones when compared, and
where to start the markers on a photo without eye points when the user adjusts them.

One worker at a time (detection uses OpenCV's own threads); requests for the photos on screen
go to the front of the queue, and suggestions (someone is waiting, in Adjust eyes) before them.
Background requests (every older photo of a journal: thousands) wait while the window is held
busy (an import running: detection would take the GIL and the second core from it; one already
running then stops within a detector window and waits at the front of the queue), and for a
moment after each sign that a person is browsing (`make_way`: the timeline scrolled) or an
import ended (another often follows), for the same reason: a wheel step would wait for the GIL,
and on two cores for the CPU, while a detection runs. They are queued in O(1) each.
"""

from __future__ import annotations

import contextlib
import importlib
import sys
from collections import deque
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

from journal.core.errors import Cancelled, JournalError
from journal.core.journal import Journal
from journal.core.models import Photo
from journal.core.turn import Turn
from journal.ui.shared.workers import Progress, Task, TaskRunner

Point = tuple[float, float]
MAKE_WAY_MS = 600  # background detection waits this long after the last sign of browsing or import
# What detection needs, loaded one by one so that the first detection can stop between them
# (measured here, once per process: numpy 115 ms, cv2 35 ms, the eyes modules 25 ms).
_DETECTOR_MODULES = ("numpy", "cv2", "journal.core.eyes")


@dataclass(frozen=True)
class Suggestion:
    """Where to put the markers on a photo without eye points, normalised to the photo as shown
    with `turn` (a turn moves them)."""

    photo_id: int
    turn: Turn
    left: Point
    right: Point


def _suggest(journal: Journal, photo: Photo, _progress: Progress) -> Suggestion:
    """In a worker: the unsure pair, the face's rough eyes, else the upper middle of the photo."""
    from journal.core.eyes import default_points, suggested_points

    try:
        left, right = suggested_points(journal, photo)
    except (JournalError, OSError):
        # An unreadable preview: the user still places the eyes, from the upper middle.
        (lx, ly), (rx, ry) = default_points(None, photo.width, photo.height)
        left, right = (lx / photo.width, ly / photo.height), (rx / photo.width, ry / photo.height)
    return Suggestion(photo.id, photo.turn, left, right)


def _detect(journal: Journal, photo_id: int, progress: Progress) -> None:
    """In a worker: look for the eyes of a photo that was not looked at yet. Stops (Cancelled,
    nothing stored) within a few milliseconds of its task being cancelled."""
    for module in _DETECTOR_MODULES:  # the first detection loads them: ~200 ms, holding the GIL
        if module not in sys.modules:
            if progress(0, 0) is False:
                raise Cancelled()
            importlib.import_module(module)
    from journal.core.eyes import locate

    try:
        photo = journal.photo(photo_id)
        if photo.deleted_at is None and not photo.eyes_checked:
            locate(journal, photo, progress)
    except Cancelled:
        raise
    except JournalError:
        # An unreadable photo gets no eye points (the compare view says it is not aligned);
        # recording that stops it being tried again on every comparison.
        # If the journal itself cannot be written now, the next comparison tries again.
        with contextlib.suppress(JournalError):
            journal.set_eye_points(photo_id, None, None, "auto")


class EyeWorker(QObject):
    """Signals:
    detected(int): a photo's eye points were looked for (found or not).
    suggested(Suggestion): starting markers for a photo without eye points are ready.
    """

    detected = Signal(int)
    suggested = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._runner = TaskRunner(self._pool, self)
        self._urgent: deque[int] = deque()  # the photos on screen, first
        self._background: deque[int] = deque()  # may hold ids done meanwhile: skipped
        self._queued: set[int] = set()  # what is still to do, in either queue
        self._to_suggest: deque[Photo] = deque()
        self._suggestions: dict[tuple[int, Turn], Suggestion] = {}
        self._busy = False
        self._running: Task[None] | None = None  # a background detection running now
        self._held = False
        self._making_way = QTimer(self)  # running: a person browses, or an import just ended
        self._making_way.setSingleShot(True)
        self._making_way.setInterval(MAKE_WAY_MS)
        self._making_way.timeout.connect(self._next)
        self._journal: Journal | None = None

    def set_journal(self, journal: Journal | None) -> None:
        self._runner.invalidate()  # and a detection running stops within a detector window
        self._busy = False
        self._running = None  # the pool's one thread still runs one detection at a time
        self._journal = journal
        self._urgent.clear()
        self._background.clear()
        self._queued.clear()
        self._to_suggest.clear()
        self._suggestions.clear()

    def suggestion(self, photo: Photo) -> Suggestion | None:
        """Starting markers already worked out for `photo` as it is turned now, or None."""
        return self._suggestions.get((photo.id, photo.turn))

    def suggest(self, photo: Photo) -> None:
        """Work out starting markers for a photo without eye points; `suggested` says when."""
        if self._journal is None or self.suggestion(photo) is not None:
            return
        if any(p.id == photo.id and p.turn == photo.turn for p in self._to_suggest):
            return
        self._to_suggest.appendleft(photo)
        self._next()

    def request(self, photo_ids: list[int], urgent: bool = False, first: bool = False) -> None:
        """`urgent`: the photos on screen, looked at even while held or browsing. `first`: in
        the background, but ahead of those already waiting (the photos just imported)."""
        if self._journal is None or self._journal.read_only:
            return
        if urgent:
            for photo_id in reversed(photo_ids):
                if photo_id in self._queued and photo_id in self._urgent:
                    self._urgent.remove(photo_id)  # a handful at most
                self._urgent.appendleft(photo_id)
                self._queued.add(photo_id)
        elif first:
            # An id already waiting further back stays there too; it is skipped once done.
            self._background.extendleft(reversed(photo_ids))
            self._queued.update(photo_ids)
        else:
            for photo_id in photo_ids:
                if photo_id not in self._queued:
                    self._background.append(photo_id)
                    self._queued.add(photo_id)
        self._next()

    def hold(self, held: bool) -> None:
        """While held, only urgent requests (the photos on screen) are looked at; a background
        detection running when the hold starts stops and is looked at again after it, from
        MAKE_WAY_MS after the hold ends."""
        self._held = held
        if held and self._running is not None:
            self._running.cancel()
        if not held:
            # An import often follows another (a person adding folder after folder): the
            # background waits a moment, as after a sign of browsing.
            self._making_way.start()

    def make_way(self) -> None:
        """A person is browsing (the timeline scrolled): no background detection starts until
        MAKE_WAY_MS after the last such call (the photos on screen are still looked at)."""
        self._making_way.start()

    @property
    def making_way(self) -> bool:
        return self._making_way.isActive()

    def pending(self) -> int:
        return len(self._queued) + len(self._to_suggest) + int(self._busy)

    def wait(self, msecs: int = 60_000) -> bool:
        return bool(self._pool.waitForDone(msecs))

    def _next(self) -> None:
        if self._busy or self._journal is None:
            return
        if self._to_suggest:
            self._busy = True
            photo = self._to_suggest.popleft()
            self._runner.start(
                partial(_suggest, self._journal, photo),
                done=self._on_suggested,
                failed=lambda _error: self._on_suggest_failed(),  # a bug: the crash dialog tells
            )
            return
        photo_id = None
        waiting = self._held or self._making_way.isActive()
        urgent = False
        while photo_id is None and (self._urgent or (self._background and not waiting)):
            urgent = bool(self._urgent)
            candidate = self._urgent.popleft() if urgent else self._background.popleft()
            if candidate in self._queued:
                photo_id = candidate
        if photo_id is None:
            return
        chosen: int = photo_id
        self._queued.discard(chosen)
        self._busy = True
        task = self._runner.start(
            partial(_detect, self._journal, chosen),
            done=lambda _none: self._on_detected(chosen),
            failed=lambda _error: self._on_detected(chosen),  # a bug: the crash dialog tells
            cancelled=lambda: self._on_detect_stopped(chosen),
        )
        self._running = None if urgent else task  # the photos on screen are not stopped

    def _on_detected(self, photo_id: int) -> None:
        self._busy = False
        self._running = None
        self.detected.emit(photo_id)
        self._next()

    def _on_detect_stopped(self, photo_id: int) -> None:
        """A background detection stopped for an import: first in line again, not lost."""
        self._busy = False
        self._running = None
        if photo_id not in self._queued:
            self._background.appendleft(photo_id)
            self._queued.add(photo_id)
        self._next()

    def _on_suggested(self, suggestion: Suggestion) -> None:
        self._busy = False
        self._suggestions[(suggestion.photo_id, suggestion.turn)] = suggestion
        self.suggested.emit(suggestion)
        self._next()

    def _on_suggest_failed(self) -> None:
        self._busy = False
        self._next()

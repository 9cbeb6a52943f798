"""Photo import from the GUI: the core's import in worker threads, with progress and cancel.

Two workers import; two more files wait in the pool's queue, so a worker that finishes starts
the next file at once instead of waiting for the GUI thread to hand it one. Cancel stops
feeding and drops the files still waiting; the files being imported finish (each one is
atomic in the core) and what was imported stays.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal
from PySide6.QtGui import QImage

from journal.core.errors import JournalError
from journal.core.journal import Journal
from journal.core.models import Angle, ImportResult, NewSession, Photo, guess_angle
from journal.ui.shared.thumbnails import ThumbnailLoader, icon_from_pil
from journal.ui.shared.workers import Progress, Task, TaskRunner

WORKERS = 2
AHEAD = 2  # files queued beyond those being imported


@dataclass
class ImportSummary:
    results: list[ImportResult] = field(default_factory=list)
    total: int = 0
    cancelled: bool = False
    error: str = ""

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def not_attempted(self) -> int:
        return self.total - len(self.results)

    def headline(self) -> str:
        parts = [f"{self.count('imported')} imported"]
        if self.count("duplicate"):
            parts.append(f"{self.count('duplicate')} already in the journal")
        if self.count("refused"):
            parts.append(f"{self.count('refused')} refused")
        if self.cancelled and self.not_attempted:
            parts.append(f"{self.not_attempted} not imported (cancelled)")
        elif self.error and self.not_attempted:
            parts.append(f"{self.not_attempted} not imported")
        return ", ".join(parts)

    @property
    def needs_report(self) -> bool:
        return bool(self.count("refused") or self.count("duplicate") or self.error)


def expand_paths(paths: list[str]) -> list[str]:
    """Dropped folders become the files inside them (sorted); files stay as they are."""
    out: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            for folder, dirs, files in os.walk(path):
                dirs.sort()
                out += [os.path.join(folder, name) for name in sorted(files) if not name.startswith(".")]
        else:
            out.append(path)
    return out


@dataclass
class _Batch:
    """One import under way: where to, what is left, how it went so far."""

    journal: Journal
    session_id: int | NewSession  # NewSession: made when the first photo lands
    queue: deque[tuple[str, Angle]]
    summary: ImportSummary
    running: int = 0
    tasks: set[Task[ImportResult]] = field(default_factory=set)


class ImportController(QObject):
    """Signals:
    started(int): how many files.
    progress(int, int, str): done, total, the name of the file that just finished.
    imported(object): each ImportResult as it lands.
    finished(ImportSummary)
    thumbnailMade(int, int, object): photo id, its turn (EXIF code) and its thumbnail (a
        QImage), sent from the worker as each photo lands, before the journal says it did.
    """

    started = Signal(int)
    progress = Signal(int, int, str)
    imported = Signal(object)
    finished = Signal(object)
    thumbnailMade = Signal(int, int, object)

    def __init__(self, parent: QObject | None = None, thumbnails: ThumbnailLoader | None = None) -> None:
        super().__init__(parent)
        if thumbnails is not None:  # the lists show a new photo from the import's own thumbnail
            self.thumbnailMade.connect(thumbnails.put)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(WORKERS)
        self._runner = TaskRunner(self._pool, self)
        self._batch: _Batch | None = None

    @property
    def busy(self) -> bool:
        return self._batch is not None

    def start(
        self,
        journal: Journal,
        paths: list[str],
        session_id: int | NewSession,
        angle: Angle | None,
        unnamed: Angle = Angle.OTHER,
    ) -> bool:
        """Import `paths` (folders: the files in them) as `angle`; with None, each file as its
        name says (…_left.jpg), and as `unnamed` when it says nothing."""
        if self.busy or not paths:
            return False
        files = expand_paths(paths)
        queue = deque((p, angle or _named_or(p, unnamed)) for p in files)
        batch = self._batch = _Batch(journal, session_id, queue, ImportSummary(total=len(files)))
        self.started.emit(len(files))
        self._next(batch)
        return True

    def cancel(self) -> None:
        batch = self._batch
        if batch is not None:
            batch.summary.cancelled = True
            batch.queue.clear()
            for task in batch.tasks:
                task.cancel()  # those still waiting never start; those running finish
            self._next(batch)

    def wait(self, msecs: int = 30_000) -> bool:
        return self._runner.wait(msecs / 1000)

    def _next(self, batch: _Batch) -> None:
        """Keep WORKERS files importing and AHEAD waiting; end the batch when nothing is left
        or running."""
        while batch.running < WORKERS + AHEAD and batch.queue:
            path, angle = batch.queue.popleft()
            batch.running += 1
            task = self._runner.start(
                partial(_import_one, batch.journal, path, batch.session_id, angle, self.thumbnailMade.emit),
                done=lambda result: self._on_file_done(batch, result),
                failed=lambda error: self._on_file_failed(batch, error),
                cancelled=lambda: self._on_file_cancelled(batch),
            )
            batch.tasks.add(task)
        if batch.running == 0 and self._batch is batch:
            self._batch = None
            self.finished.emit(batch.summary)

    def _ended(self, batch: _Batch) -> None:
        batch.running -= 1
        batch.tasks = {task for task in batch.tasks if task.running}  # the one that ended is not

    def _on_file_cancelled(self, batch: _Batch) -> None:
        """A file still waiting when the import was cancelled: not tried."""
        self._ended(batch)
        self._next(batch)

    def _on_file_done(self, batch: _Batch, result: ImportResult) -> None:
        self._ended(batch)
        summary = batch.summary
        summary.results.append(result)
        self.imported.emit(result)
        self.progress.emit(len(summary.results), summary.total, Path(result.source).name)
        self._next(batch)

    def _on_file_failed(self, batch: _Batch, error: JournalError) -> None:
        """A known failure (disk full, read-only) or a bug: either way the batch stops here."""
        self._ended(batch)
        batch.summary.error = str(error)
        batch.queue.clear()  # a disk that is full or read-only will not take the next file either
        for task in batch.tasks:
            task.cancel()
        self._next(batch)


def _named_or(path: str, unnamed: Angle) -> Angle:
    named = guess_angle(Path(path).name)
    return unnamed if named is Angle.OTHER else named


def _import_one(
    journal: Journal,
    path: str,
    session_id: int | NewSession,
    angle: Angle,
    thumbnail_made: Callable[[int, int, QImage], None],
    _progress: Progress,
) -> ImportResult:
    def on_thumbnail(photo: Photo, image: Any) -> None:
        thumbnail_made(photo.id, photo.turn.exif, icon_from_pil(image))

    return journal.import_file(path, session_id, angle, on_thumbnail=on_thumbnail)

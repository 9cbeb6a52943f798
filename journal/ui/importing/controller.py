"""Photo import from the GUI: the core's import in worker threads, with progress and cancel.

Files are fed to the pool two at a time; Cancel stops feeding, so the files being imported
finish (each one is atomic in the core) and what was imported stays.
"""

from __future__ import annotations

import os
import sys
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from journal.core.errors import JournalError
from journal.core.journal import Journal
from journal.core.models import Angle, ImportResult, guess_angle

WORKERS = 2


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


class _Relay(QObject):
    finished = Signal(object)  # ImportResult
    failed = Signal(str)
    crashed = Signal(object)


class _ImportOne(QRunnable):
    def __init__(self, relay: _Relay, journal: Journal, path: str, session_id: int, angle: Angle) -> None:
        super().__init__()
        self._relay, self._journal, self._path = relay, journal, path
        self._session_id, self._angle = session_id, angle

    def run(self) -> None:
        try:
            result = self._journal.import_file(self._path, self._session_id, self._angle)
        except JournalError as exc:
            self._relay.failed.emit(str(exc))
        except BaseException:
            self._relay.crashed.emit(sys.exc_info())
        else:
            self._relay.finished.emit(result)


class ImportController(QObject):
    """Signals:
    started(int): how many files.
    progress(int, int, str): done, total, the name of the file that just finished.
    imported(object): each ImportResult as it lands.
    finished(ImportSummary)
    """

    started = Signal(int)
    progress = Signal(int, int, str)
    imported = Signal(object)
    finished = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(WORKERS)
        self._relay = _Relay(self)
        self._relay.finished.connect(self._on_relay_finished)
        self._relay.failed.connect(self._on_relay_failed)
        self._relay.crashed.connect(lambda info: sys.excepthook(*info))
        self._queue: deque[tuple[str, Angle]] = deque()
        self._running = 0
        self._summary: ImportSummary | None = None
        self._journal: Journal | None = None
        self._session_id = 0

    @property
    def busy(self) -> bool:
        return self._summary is not None

    def start(self, journal: Journal, paths: list[str], session_id: int, angle: Angle | None) -> bool:
        if self.busy or not paths:
            return False
        files = expand_paths(paths)
        self._journal, self._session_id = journal, session_id
        self._queue = deque((p, angle or guess_angle(p)) for p in files)
        self._summary = ImportSummary(total=len(files))
        self.started.emit(len(files))
        if not files:
            self._finish()
            return True
        self._pump()
        return True

    def cancel(self) -> None:
        if self._summary is not None:
            self._summary.cancelled = True
            self._queue.clear()
            if self._running == 0:
                self._finish()

    def wait(self, msecs: int = 30_000) -> bool:
        return bool(self._pool.waitForDone(msecs))

    def _pump(self) -> None:
        assert self._journal is not None
        while self._running < WORKERS and self._queue:
            path, angle = self._queue.popleft()
            self._running += 1
            self._pool.start(_ImportOne(self._relay, self._journal, path, self._session_id, angle))

    def _on_relay_finished(self, result: ImportResult) -> None:
        summary = self._summary
        if summary is None:
            return
        self._running -= 1
        summary.results.append(result)
        self.imported.emit(result)
        self.progress.emit(len(summary.results), summary.total, Path(result.source).name)
        self._next()

    def _on_relay_failed(self, message: str) -> None:
        if self._summary is None:
            return
        self._running -= 1
        self._summary.error = message
        self._queue.clear()  # a disk that is full or read-only will not take the next file either
        self._next()

    def _next(self) -> None:
        if self._queue:
            self._pump()
        elif self._running == 0:
            self._finish()

    def _finish(self) -> None:
        summary, self._summary = self._summary, None
        self.finished.emit(summary)

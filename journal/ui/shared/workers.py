"""Running core work off the GUI thread: one callable per task, results as queued signals.

Known failures (JournalError: disk full, locked, damaged backup) arrive as `failed(message)`.
Anything else is a bug: it is re-raised on the GUI thread, where the crash handler shows it.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from journal.core.errors import Cancelled, JournalError

Progress = Callable[[int, int], bool]


class _Relay(QObject):
    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(str)
    crashed = Signal(object)


class _Runnable(QRunnable):
    def __init__(self, work: Callable[[Progress], Any], relay: _Relay, cancel: threading.Event) -> None:
        super().__init__()
        self._work = work
        self._relay = relay
        self._cancel = cancel
        self.finished = threading.Event()

    def run(self) -> None:
        try:
            self._run()
        finally:
            self.finished.set()

    def _run(self) -> None:
        def progress(done: int, total: int) -> bool:
            self._relay.progress.emit(done, total)
            return not self._cancel.is_set()

        try:
            result = self._work(progress)
        except Cancelled:
            self._relay.failed.emit("cancelled")
        except JournalError as exc:
            self._relay.failed.emit(str(exc))
        except BaseException:  # a bug: hand it to the GUI thread's crash handler
            self._relay.crashed.emit(sys.exc_info())
        else:
            self._relay.done.emit(result)


class BackgroundTask(QObject):
    """One piece of core work in a worker thread.

    Signals:
        progress(int, int): done, total.
        done(object): the callable's result.
        failed(str): a known failure, or "cancelled".
    """

    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(str)

    def __init__(
        self, work: Callable[[Progress], Any], pool: QThreadPool, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._pool = pool
        self._cancel = threading.Event()
        self._relay = _Relay(self)
        self._relay.progress.connect(self.progress)
        self._relay.done.connect(self._on_relay_done)
        self._relay.failed.connect(self._on_relay_failed)
        self._relay.crashed.connect(_reraise)
        self._runnable = _Runnable(work, self._relay, self._cancel)
        self.running = False

    def start(self) -> None:
        self.running = True
        self._pool.start(self._runnable)

    def cancel(self) -> None:
        self._cancel.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the work has returned (True), or `timeout` seconds passed (False).
        For shutting down only: the GUI thread must not wait otherwise."""
        return not self.running or self._runnable.finished.wait(timeout)

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def _on_relay_done(self, result: object) -> None:
        self.running = False
        self.done.emit(result)

    def _on_relay_failed(self, message: str) -> None:
        self.running = False
        self.failed.emit(message)


def _reraise(exc_info: tuple[type[BaseException], BaseException, Any]) -> None:
    sys.excepthook(*exc_info)

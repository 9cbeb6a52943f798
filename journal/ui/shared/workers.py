"""Running work off the GUI thread: the one way every feature does it.

A `TaskRunner` belongs to the object that wants the results (a view, a dialog, a loader) and
runs plain callables on a QThreadPool. Each callable gets a `progress(done, total)` function
that returns False once the task is cancelled. What it returns, or how it failed, comes back
to the GUI thread through one queued signal, and only there are the callbacks called:

- `done(result)`: the callable's result;
- `failed(error)`: a known failure (a `JournalError`: disk full, locked, damaged backup...),
  to be shown as a message; also called, with a `WorkerCrashed`, after a bug, so that a
  progress bar closes and a busy state ends;
- `cancelled()`: the task was cancelled (`Task.cancel`, or the callable raised `Cancelled`).

Anything else raised in the worker is a bug: it goes to `sys.excepthook` on the GUI thread,
where the crash handler shows its dialog. `invalidate()` starts a new generation: the
results of tasks started before it are dropped (a journal switch, a new pair on screen), but
their bugs are still reported. A finished task is released as soon as its callbacks ran.

The runner is a child of its owner: when the owner goes, so do the callbacks, and a worker
that finishes later delivers to nobody.
"""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from types import TracebackType
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from journal.core.errors import Cancelled, JournalError, describe_os_error, os_error_reason

T = TypeVar("T")
Progress = Callable[[int, int], bool]
"""Given to every task: report `done` of `total`; returns False when the task should stop."""


class WorkerCrashed(JournalError):
    """What `failed` receives after a bug in a worker (the crash dialog shows the details)."""

    def __init__(self) -> None:
        super().__init__("an unexpected error stopped this; the details are in the error report")


class _Ending(Enum):
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"
    CRASHED = "crashed"


ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


@dataclass(eq=False)
class Task(Generic[T]):
    """A handle on one piece of work: cancel it, ask whether it is still running."""

    generation: int
    done: Callable[[T], None] | None = None
    failed: Callable[[JournalError], None] | None = None
    cancelled: Callable[[], None] | None = None
    progress: Callable[[int, int], None] | None = None
    _stop: threading.Event = field(default_factory=threading.Event)
    _returned: threading.Event = field(default_factory=threading.Event)

    def cancel(self) -> None:
        """Ask the work to stop (its next `progress` call returns False); `cancelled` follows."""
        self._stop.set()

    @property
    def is_cancelled(self) -> bool:
        return self._stop.is_set()

    @property
    def running(self) -> bool:
        return not self._returned.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the work returned. For shutting down only: the GUI must never wait."""
        return self._returned.wait(timeout)


class _Job(QRunnable):
    """The one runnable: calls the work and sends the outcome to the runner's queued signal."""

    def __init__(
        self,
        runner: TaskRunner,
        task: Task[Any],
        work: Callable[[Progress], Any],
        known: tuple[type[BaseException], ...],
    ) -> None:
        super().__init__()
        self._runner, self._task, self._work, self._known = runner, task, work, known

    def run(self) -> None:
        task = self._task
        try:
            outcome = self._outcome()
            # RuntimeError: the owner, and its runner, are gone; nobody wants the result.
            with contextlib.suppress(RuntimeError):
                self._runner._ended.emit(task, outcome)
        finally:
            task._returned.set()

    def _outcome(self) -> tuple[_Ending, object]:
        task = self._task

        def progress(done: int, total: int) -> bool:
            if task.progress is not None:
                try:
                    self._runner._progressed.emit(task, done, total)
                except RuntimeError:
                    task.cancel()
            return not task.is_cancelled

        if task.is_cancelled:
            return _Ending.CANCELLED, None
        try:
            result = self._work(progress)
        except Cancelled:
            return _Ending.CANCELLED, None
        except self._known as exc:
            if isinstance(exc, JournalError):
                return _Ending.FAILED, exc
            return _Ending.FAILED, JournalError(_said(exc))
        except BaseException:  # a bug: its traceback goes to the GUI thread's crash handler
            return _Ending.CRASHED, sys.exc_info()
        return _Ending.DONE, result  # even when cancelled meanwhile: what was done is done


class TaskRunner(QObject):
    """Runs callables on `pool` for its owner (its parent) and calls back on the GUI thread."""

    _ended = Signal(object, object)  # Task, (ending, value)
    _progressed = Signal(object, int, int)  # Task, done, total

    def __init__(self, pool: QThreadPool, parent: QObject) -> None:
        super().__init__(parent)
        self._pool = pool
        self._generation = 0
        self._live: set[Task[Any]] = set()
        self._ended.connect(self._on_self_ended)
        self._progressed.connect(self._on_self_progressed)

    @property
    def generation(self) -> int:
        return self._generation

    def start(
        self,
        work: Callable[[Progress], T],
        done: Callable[[T], None] | None = None,
        failed: Callable[[JournalError], None] | None = None,
        cancelled: Callable[[], None] | None = None,
        progress: Callable[[int, int], None] | None = None,
        known: tuple[type[BaseException], ...] = (JournalError,),
    ) -> Task[T]:
        """Queue `work`. `known`: the exceptions that are failures to tell, not bugs (an
        OSError from a photo that cannot be read, say); they reach `failed` as JournalErrors."""
        task: Task[T] = Task(self._generation, done, failed, cancelled, progress)
        self._live.add(task)
        self._pool.start(_Job(self, task, work, known))
        return task

    def invalidate(self) -> None:
        """Drop the results of everything started so far (and ask it to stop)."""
        self._generation += 1
        for task in self._live:
            task.cancel()

    def cancel_all(self) -> None:
        for task in self._live:
            task.cancel()

    def pending(self) -> int:
        """Tasks started whose outcome has not been delivered yet."""
        return len(self._live)

    def wait(self, timeout: float = 30.0) -> bool:
        """Block until every task has returned (their outcomes still arrive as events).
        For shutting down and for tests only."""
        return all(task.wait(timeout) for task in list(self._live))

    def _on_self_progressed(self, task: Task[Any], done: int, total: int) -> None:
        if task.generation == self._generation and task.progress is not None and task in self._live:
            task.progress(done, total)

    def _on_self_ended(self, task: Task[Any], outcome: tuple[_Ending, Any]) -> None:
        self._live.discard(task)  # released: nothing here holds a finished task
        ending, value = outcome
        if ending is _Ending.CRASHED:
            sys.excepthook(*value)
        if task.generation != self._generation:
            return
        if ending is _Ending.DONE:
            if task.done is not None:
                task.done(value)
        elif ending is _Ending.CANCELLED:
            if task.cancelled is not None:
                task.cancelled()
        elif task.failed is not None:
            task.failed(value if ending is _Ending.FAILED else WorkerCrashed())


def _said(exc: BaseException) -> str:
    """A known failure that is not a JournalError, in the app's words: "no such file or folder:
    …/front-IMG_1234.jpg", never "[Errno 2] No such file or directory: '…'"."""
    if isinstance(exc, OSError) and exc.errno is not None:
        return describe_os_error(exc, exc.filename) if exc.filename else os_error_reason(exc)
    return str(exc)

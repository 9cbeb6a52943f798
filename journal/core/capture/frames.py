"""Frames, the frame source interface, and the grabber thread that reads a source.

A frame source is anything that hands out pictures one at a time: a camera (`devices`), or a
video file or a folder of frames played at a set rate (`files`). The grabber reads a source on
its own thread and keeps only the newest frame (latest frame wins): the view paints whatever is
newest, the live analysis takes whatever is newest when it is ready for more, and nothing ever
queues up behind a slow reader. Frames live in memory only; nothing here writes a file.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from numpy.typing import NDArray

from journal.core.errors import JournalError

Pixels = NDArray[Any]  # height x width x 3, uint8, RGB, read-only


@dataclass(frozen=True, eq=False)
class Frame:
    """One picture as the camera saw it (not mirrored), upright RGB.

    `time` is in seconds on the source's clock: monotonic, comparable between frames of one
    source and with the source's `now()`, not with wall-clock time.
    """

    pixels: Pixels
    index: int
    time: float

    @property
    def width(self) -> int:
        return int(self.pixels.shape[1])

    @property
    def height(self) -> int:
        return int(self.pixels.shape[0])


class CameraProblem(StrEnum):
    NO_CAMERA = "no-camera"
    BUSY = "busy"
    PERMISSION_DENIED = "permission-denied"
    DISCONNECTED = "disconnected"
    UNREADABLE = "unreadable"  # a file source that is not a video or has no readable frame


class CameraError(JournalError):
    """The source cannot give pictures; the message says why and what to do, in one line."""

    def __init__(self, problem: CameraProblem, message: str) -> None:
        super().__init__(message)
        self.problem = problem


class FrameSource(Protocol):
    """What the grabber needs from a camera or a file.

    `open` and `read` raise CameraError for what a person can act on; `read` blocks until the
    next picture and returns None at the end of a file (a camera has no end). `close` must be
    safe to call at any time, more than once. One thread calls `open`, `read` and `close`.
    """

    @property
    def description(self) -> str: ...

    def open(self) -> None: ...

    def read(self) -> Frame | None: ...

    def close(self) -> None: ...

    def now(self) -> float: ...


class GrabState(StrEnum):
    STARTING = "starting"
    RUNNING = "running"
    ENDED = "ended"  # a file source reached its last frame
    FAILED = "failed"  # see `problem`
    STOPPED = "stopped"


@dataclass(frozen=True)
class GrabStatus:
    state: GrabState
    problem: CameraError | None = None
    frames: int = 0  # frames read so far

    @property
    def message(self) -> str:
        return str(self.problem) if self.problem is not None else ""


class Grabber:
    """Reads a frame source on its own thread; the newest frame wins.

    `on_frame` and `on_status` run on the grabber's thread: keep them short (a Qt view posts
    a queued signal from them, or ignores them and polls `latest()` from a timer).
    """

    def __init__(
        self,
        source: FrameSource,
        on_frame: Callable[[Frame], None] | None = None,
        on_status: Callable[[GrabStatus], None] | None = None,
    ) -> None:
        self.source = source
        self._on_frame = on_frame
        self._on_status = on_status
        self._latest: Frame | None = None
        self._status = GrabStatus(GrabState.STARTING)
        self._changed = threading.Condition()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("a grabber starts once")
        self._thread = threading.Thread(target=self._run, name="pj-capture-grab", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> bool:
        """Ask the thread to end and wait for it; True once it has ended and closed the source.

        A camera read blocked in the driver cannot be interrupted: the thread then ends (and
        closes the camera) when that read returns, and this returns False after `timeout`.
        """
        self._stop.set()
        with self._changed:
            self._changed.notify_all()
        if self._thread is None:
            return True
        self._thread.join(timeout)
        return not self._thread.is_alive()

    @property
    def status(self) -> GrabStatus:
        with self._changed:
            return self._status

    def latest(self) -> Frame | None:
        with self._changed:
            return self._latest

    def wait_newer(self, index: int, timeout: float) -> Frame | None:
        """The newest frame whose index is above `index`, waiting up to `timeout` seconds for
        one; None when none came (the source ended, failed or was stopped, or it is slow)."""
        with self._changed:
            self._changed.wait_for(
                lambda: (
                    (self._latest is not None and self._latest.index > index)
                    or self._stop.is_set()
                    or self._status.state in (GrabState.ENDED, GrabState.FAILED, GrabState.STOPPED)
                ),
                timeout,
            )
            frame = self._latest
        return frame if frame is not None and frame.index > index else None

    def _set_status(self, status: GrabStatus) -> None:
        with self._changed:
            self._status = status
            self._changed.notify_all()
        if self._on_status is not None:
            self._on_status(status)

    def _run(self) -> None:
        count = 0
        try:
            self.source.open()
            self._set_status(GrabStatus(GrabState.RUNNING))
            while not self._stop.is_set():
                frame = self.source.read()
                if frame is None:
                    self._set_status(GrabStatus(GrabState.ENDED, frames=count))
                    return
                count += 1
                with self._changed:
                    self._latest = frame
                    self._changed.notify_all()
                if self._on_frame is not None:
                    self._on_frame(frame)
            self._set_status(GrabStatus(GrabState.STOPPED, frames=count))
        except CameraError as exc:
            self._set_status(GrabStatus(GrabState.FAILED, exc, frames=count))
        finally:
            with contextlib.suppress(Exception):  # closing a vanished device may raise anything
                self.source.close()

"""One picture at a time: the capture view's current feed, and those still letting go of the
camera.

Stopping a feed waits for its threads (an analysis under way, a shot being saved), so it runs
in a worker; a new feed (another camera, "Try again") starts only once every earlier one has
let go, or the camera would still be busy. When the journal closes, everything stops at once.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QThreadPool, Signal

from journal.core.capture.frames import FrameSource
from journal.core.capture.session import CaptureSession
from journal.ui.capture.feed import LiveFeed
from journal.ui.shared.workers import Progress, TaskRunner

SourceMaker = Callable[[], FrameSource | None]


class FeedKeeper(QObject):
    """Signals:
    started(LiveFeed): a feed has started; its signals are the view's to connect.
    idle(): every dropped feed has let go (after `drop`, once the last one stopped).
    """

    started = Signal(object)
    idle = Signal()

    def __init__(self, pool: QThreadPool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = TaskRunner(pool, self)
        self.current: LiveFeed | None = None
        self._stopping: list[LiveFeed] = []
        self._stuck: list[LiveFeed] = []  # a camera read that never returned: kept alive for it
        self._next: tuple[CaptureSession, SourceMaker] | None = None

    @property
    def stopping(self) -> bool:
        return bool(self._stopping)

    def start(self, session: CaptureSession, make: SourceMaker) -> None:
        """A feed from `make()` for `session`, now or once every earlier feed has let go."""
        if self._stopping:
            self._next = (session, make)
            return
        self._next = None
        source = make()
        if source is None:
            return
        feed = LiveFeed(session, source, self)
        self.current = feed
        self.started.emit(feed)
        feed.start()

    def cancel_next(self) -> None:
        self._next = None

    def drop(self) -> None:
        """Let the current feed go; its threads stop in a worker (`idle` follows)."""
        feed, self.current = self.current, None
        if feed is None:
            if not self._stopping:
                self.idle.emit()
            return
        feed.detach()
        self._stopping.append(feed)

        def stop(_progress: Progress) -> bool:
            return feed.stop()

        self._runner.start(stop, done=lambda stopped: self._on_stopped(feed, stopped))

    def stop_all(self) -> None:
        """Stop every feed now and wait (the journal is closing)."""
        self._runner.invalidate()
        feeds = ([self.current] if self.current is not None else []) + self._stopping
        self.current, self._stopping, self._next = None, [], None
        for feed in feeds:
            self._let_go(feed, feed.stop())
        self._runner.wait()

    def _on_stopped(self, feed: LiveFeed, stopped: bool) -> None:
        if feed in self._stopping:
            self._stopping.remove(feed)
        self._let_go(feed, stopped)
        if self._stopping:
            return
        self.idle.emit()
        if self._next is not None:
            self.start(*self._next)

    def _let_go(self, feed: LiveFeed, stopped: bool) -> None:
        if stopped:
            feed.deleteLater()
        else:
            self._stuck.append(feed)

"""A LiveCapture as Qt signals: the capture's threads report, the GUI thread hears it.

The core's LiveCapture runs the camera, the analysis and the shots on its own threads and
calls back from them. Here each callback becomes a queued signal, delivered on the GUI thread
and only while the feed is attached: once a view lets go of a feed (Done, another camera, the
journal closing), its late frames and reports reach nobody. Frames are not carried by the
signal: one "a newer frame is there" waits in the queue at most, and the view paints
`latest_frame()`, so a slow paint skips frames instead of falling behind the camera.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal

from journal.core.capture.analysis import LiveReport
from journal.core.capture.frames import Frame, FrameSource, GrabStatus
from journal.core.capture.ghost import Guide
from journal.core.capture.session import CaptureSession, CaptureSettings, LiveCapture, ShotOutcome
from journal.core.models import Angle


class LiveFeed(QObject):
    """Signals (all on the GUI thread):
    frameReady(): a newer frame than the last one announced.
    reportReady(LiveReport): a few times a second.
    statusChanged(GrabStatus): the source started, ended or failed.
    shotDone(ShotOutcome): a shot was imported (or not).
    guideReady(Angle, Guide): the ghost for the current angle is loaded.
    """

    frameReady = Signal()
    reportReady = Signal(object)
    statusChanged = Signal(object)
    shotDone = Signal(object)
    guideReady = Signal(object, object)

    _frame_queued = Signal()
    _report_queued = Signal(object)
    _status_queued = Signal(object)
    _shot_queued = Signal(object)
    _guide_queued = Signal(object, object)

    def __init__(self, session: CaptureSession, source: FrameSource, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._attached = True
        self._lock = threading.Lock()
        self._frame_waiting = False
        self._frame_queued.connect(self._on_self_frame_queued)
        self._report_queued.connect(self._on_self_report_queued)
        self._status_queued.connect(self._on_self_status_queued)
        self._shot_queued.connect(self._on_self_shot_queued)
        self._guide_queued.connect(self._on_self_guide_queued)
        self.live = LiveCapture(
            session,
            source,
            on_frame=self._frame_arrived,
            on_report=self._report_queued.emit,
            on_status=self._status_queued.emit,
            on_shot=self._shot_queued.emit,
            on_guide=self._guide_queued.emit,
        )
        self._started = False

    # ----------------------------------------------------------------- what the view asks for

    @property
    def session(self) -> CaptureSession:
        return self.live.session

    @property
    def source(self) -> FrameSource:
        return self.live.source

    def start(self) -> None:
        if not self._started:
            self._started = True
            self.live.start()

    def latest_frame(self) -> Frame | None:
        return self.live.latest_frame()

    def latest_report(self) -> LiveReport | None:
        return self.live.latest_report()

    @property
    def status(self) -> GrabStatus:
        return self.live.status

    @property
    def busy(self) -> bool:
        """A shot is being saved."""
        return self.live.busy

    def shutter(self) -> bool:
        return self.live.shutter()

    def set_auto(self, on: bool) -> None:
        self.live.set_auto(on)

    def go_to(self, angle: Angle) -> None:
        self.live.go_to(angle)

    def choose_ghost(self, angle: Angle, photo_id: int | None) -> None:
        self.live.choose_ghost(angle, photo_id)

    def update(self, settings: CaptureSettings) -> None:
        self.live.update(settings)

    def retry(self) -> None:
        self.live.retry()

    def detach(self) -> None:
        """Deliver nothing more (the threads may still be winding down)."""
        self._attached = False

    def stop(self) -> bool:
        """Detach and stop the threads, waiting for a shot being saved to land (blocking: the
        view calls it in a worker, or when the journal closes). True once all have ended."""
        self.detach()
        if not self._started:
            return True
        return self.live.stop()

    # ----------------------------------------------------------------- the capture's threads

    def _frame_arrived(self, _frame: Frame) -> None:
        with self._lock:
            if self._frame_waiting:
                return
            self._frame_waiting = True
        self._frame_queued.emit()

    # ----------------------------------------------------------------- the GUI thread

    def _on_self_frame_queued(self) -> None:
        with self._lock:
            self._frame_waiting = False
        if self._attached:
            self.frameReady.emit()

    def _on_self_report_queued(self, report: LiveReport) -> None:
        if self._attached:
            self.reportReady.emit(report)

    def _on_self_status_queued(self, status: GrabStatus) -> None:
        if self._attached:
            self.statusChanged.emit(status)

    def _on_self_shot_queued(self, outcome: ShotOutcome) -> None:
        if self._attached:
            self.shotDone.emit(outcome)

    def _on_self_guide_queued(self, angle: Angle, guide: Guide) -> None:
        if self._attached:
            self.guideReady.emit(angle, guide)

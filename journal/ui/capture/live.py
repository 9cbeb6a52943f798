"""The capture page's live side: the picture, the checks and the shots as the core's threads
report them through a LiveFeed, and the notice when the picture stopped or never started.

`view.CaptureView` adds what the user does (start, Done, the shutter, another angle) on top.
"""

from __future__ import annotations

import math
import time

from PySide6.QtCore import QThreadPool, Signal
from PySide6.QtWidgets import QWidget

from journal.core.capture import devices
from journal.core.capture.analysis import LiveReport
from journal.core.capture.frames import CameraProblem, FrameSource, GrabState, GrabStatus
from journal.core.capture.ghost import Guide
from journal.core.capture.session import CaptureSession, ShotOutcome, ShotStatus
from journal.core.journal import Journal
from journal.core.models import Angle
from journal.ui.capture.cameras import SYSTEM_CAMERAS, CameraAccess
from journal.ui.capture.canvas import Marks
from journal.ui.capture.feed import LiveFeed
from journal.ui.capture.feeds import FeedKeeper, SourceMaker
from journal.ui.capture.ghosts import GhostShown
from journal.ui.capture.page import CapturePage
from journal.ui.capture.texts import feedback, problem_text, saved_notice, session_title
from journal.ui.shared.settings import Settings


class LiveView(CapturePage):
    """Signals:
    shotTaken(ShotOutcome): a shot was saved, or could not be (each one, as it happens).
    problemShown(str): the picture stopped or never started; the message the view shows.
    """

    shotTaken = Signal(object)
    problemShown = Signal(str)

    def __init__(
        self,
        settings: Settings,
        pool: QThreadPool,
        cameras: CameraAccess = SYSTEM_CAMERAS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(settings, pool, cameras, parent)
        self._journal: Journal | None = None
        self._session: CaptureSession | None = None
        self.feeds = FeedKeeper(pool, self)
        self.feeds.started.connect(self._on_feeds_started)
        self._given: FrameSource | None = None  # a file (`capture --source`) instead of a camera
        self._finishing = False
        self.ghosts = GhostShown(self.panel, self.canvas)
        self._headline = ("", False)
        self._shutter_at: float | None = None
        self._outcomes_shown = 0  # of the session's outcomes, how many the panel lists
        self.shutter_to_photo: list[float] = []  # seconds from each shutter press to the photo in the session
        self.picker.listed.connect(self._on_picker_listed)
        self.picker.chosen.connect(self._on_picker_chosen)

    @property
    def session(self) -> CaptureSession | None:
        return self._session

    @property
    def feed(self) -> LiveFeed | None:
        """The picture now (None while there is none)."""
        return self.feeds.current

    @property
    def running(self) -> bool:
        """A capture is under way (from `start` until `finished`)."""
        return self._session is not None

    @property
    def finishing(self) -> bool:
        """Done was pressed; the capture's threads are winding down before `finished`."""
        return self._finishing

    # ----------------------------------------------------------------- the feed

    def _start_feed(self, make: SourceMaker) -> None:
        """Start the picture from `make()`, once every earlier feed has let go of the camera."""
        if self._session is not None and not self._finishing:
            self.feeds.start(self._session, make)

    def _on_feeds_started(self, feed: LiveFeed) -> None:
        feed.frameReady.connect(self._on_feed_frame_ready)
        feed.reportReady.connect(self._on_feed_report_ready)
        feed.statusChanged.connect(self._on_feed_status_changed)
        feed.shotDone.connect(self._on_feed_shot_done)
        feed.guideReady.connect(self._on_feed_guide_ready)
        self.notice.hide()
        self.canvas.show_frame(None)
        self.canvas.set_placeholder(self.tr("Starting {name}…").format(name=feed.source.description))
        self._update_shutter()

    def _restart(self) -> None:
        """The picture again, from the same file or the chosen camera."""
        self.feeds.drop()
        given = self._given
        self._start_feed((lambda: given) if given is not None else self.picker.open_current)

    def _on_picker_listed(self, found: list[devices.CameraDevice]) -> None:
        if self._session is None or self._given is not None:
            return
        if not found:
            self._show_problem(CameraProblem.NO_CAMERA, str(devices.no_camera()))
            return
        self._restart()

    def _on_picker_chosen(self) -> None:
        if self._session is not None and self._given is None:
            self._restart()

    def _on_feed_frame_ready(self) -> None:
        feed = self.feeds.current
        frame = feed.latest_frame() if feed is not None else None
        if frame is None or self._session is None:
            return
        first = self.canvas.frame is None
        self.canvas.show_frame(frame)
        if first:
            self.canvas.set_placeholder("")
            self._update_shutter()
        left = self._session.auto.seconds_left(frame.time)
        countdown = max(1, math.ceil(left)) if left is not None else None
        self.canvas.set_overlay(self._headline[0], self._headline[1], countdown)

    def _on_feed_report_ready(self, report: LiveReport) -> None:
        if self._session is None or report.guide is not self.ghosts.guide:
            return  # lined up on a ghost no longer shown (another angle or ghost, or none loaded yet)
        shown = feedback(report)
        self.panel.show_feedback(shown)
        target = report.target.eyes if report.target is not None else None
        self.canvas.set_marks(Marks(report.face, target, shown.ready))
        self._headline = (shown.headline, shown.ready)
        self.canvas.setAccessibleDescription(shown.headline)
        self.canvas.set_overlay(shown.headline, shown.ready, self.canvas.countdown)

    def _on_feed_status_changed(self, status: GrabStatus) -> None:
        if status.state is GrabState.RUNNING:
            self.notice.hide()
        elif status.state is GrabState.FAILED and status.problem is not None:
            self._show_problem(status.problem.problem, status.message)
        elif status.state is GrabState.ENDED:
            self._show_problem(
                None,
                self.tr("The video has ended."),
                title=self.tr("End of the video"),
                retry=self.tr("Play again"),
            )
        self._update_shutter()

    def _show_problem(
        self, problem: CameraProblem | None, message: str, title: str = "", retry: str | None = None
    ) -> None:
        kept = sum(1 for o in self._session.outcomes if o.status is ShotStatus.SAVED) if self._session else 0
        heading, text = problem_text(problem or CameraProblem.UNREADABLE, message, kept)
        self.canvas.clear(placeholder="")
        self.panel.show_feedback(None, waiting=False)
        self.notice.say(title or heading, text, retry=retry, files=self._given is None)
        self._update_shutter()
        self.problemShown.emit(text)

    def _on_feed_shot_done(self, outcome: ShotOutcome) -> None:
        session = self._session
        if session is None:
            return
        if self._shutter_at is not None and outcome.photo is not None:
            self.shutter_to_photo.append(time.perf_counter() - self._shutter_at)
        self._shutter_at = None
        self._outcomes_shown += 1
        self.panel.add_outcome(outcome)
        self.shotTaken.emit(outcome)
        self.panel.set_unsaved(outcome.message if session.unsaved is not None else "")
        self._update_title()
        self._update_angles()
        if session.done and outcome.status in (ShotStatus.SAVED, ShotStatus.DUPLICATE):
            if self.feeds.current is not None:
                self.feeds.current.set_auto(False)  # all taken: no retake unless asked for
            self.canvas.flash(
                self.tr("All photos are in the session: Done, or choose one to take again"), 4000
            )
        else:
            self.canvas.flash(saved_notice(outcome))

    def _on_feed_guide_ready(self, angle: Angle, guide: Guide) -> None:
        session = self._session
        if session is None or angle is not session.angle:
            return
        self.ghosts.show(guide)
        self._fill_ghosts()
        self._update_angles()
        self.panel.set_ghost_note(self.ghosts.note(session))

    def _live(self) -> LiveFeed | CaptureSession:
        """Where a change goes: the running feed (which lines the ghost up again), else the
        session itself (no picture: the camera failed)."""
        assert self._session is not None
        return self.feeds.current or self._session

    def _live_pair(self) -> tuple[CaptureSession, LiveFeed | CaptureSession] | None:
        return (self._session, self._live()) if self._session is not None else None

    # ----------------------------------------------------------------- showing

    def _update_title(self) -> None:
        session, journal = self._session, self._journal
        if session is None or journal is None:
            return
        self.title.setText(
            self.tr("Taking photos · {session}").format(session=session_title(journal, session.target))
        )

    def _update_angles(self) -> None:
        session = self._session
        if session is not None:
            self.panel.set_angles(session.angle, session.taken(), session.settings.angles)

    def _fill_ghosts(self) -> None:
        if self._session is not None and self._journal is not None:
            self.ghosts.fill(self._journal, self._session)

    def _update_shutter(self) -> None:
        feed = self.feeds.current
        self.show_shutter(
            feed is not None and feed.status.state is GrabState.RUNNING and self.canvas.frame is not None
        )

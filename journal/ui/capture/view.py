"""The capture page: take a session's photos with the camera, lined up on a ghost.

The live picture fills the page, with the column of checks beside it. The core's LiveCapture
does the work on its own threads (the picture, the analysis, the shots); a LiveFeed brings
what it says to the GUI thread, and this view only shows it. Each shot goes into the session
through the journal's normal import as soon as it is taken, so a camera that fails later
takes nothing with it; when the user is done, `finished` hands the shots to the window's
import report like any import.

Stopping a capture waits for its threads, so it runs in a worker (`feeds.FeedKeeper`); when
the journal closes, the capture stops at once and waits for a shot being saved to land.

The page's widgets and layout are `page.CapturePage`; the options the user sets (ghost
opacity, auto-capture, mirrors) `options.CaptureOptions`; the ghost shown and chosen
`ghosts.GhostShown`; the keys `keys.capture_actions`; the picture, checks, shots and problems
as the feed reports them `live.LiveView`. This module adds what the user does.
"""

from __future__ import annotations

import time
from functools import partial

from PySide6.QtCore import QThreadPool, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QMessageBox, QWidget

from journal.core.capture.frames import FrameSource, GrabState
from journal.core.capture.session import ANGLES, CaptureSession, ShotOutcome, ShotStatus
from journal.core.errors import JournalError
from journal.core.journal import Journal
from journal.core.models import Angle, NewSession
from journal.ui.capture.cameras import SYSTEM_CAMERAS, CameraAccess
from journal.ui.capture.keys import capture_actions
from journal.ui.capture.live import LiveView
from journal.ui.capture.notice import unsaved_question
from journal.ui.capture.options import CaptureOptions
from journal.ui.capture.texts import ANGLE_NAMES
from journal.ui.importing import ImportSummary
from journal.ui.shared.settings import Settings
from journal.ui.shared.workers import Progress, TaskRunner


def summary_of(session: CaptureSession) -> ImportSummary:
    """The shots as an import: what the window's status bar and import report say."""
    results = [o.result for o in session.outcomes if o.result is not None]
    unsaved = session.unsaved is not None
    failed = next((o.message for o in reversed(session.outcomes) if o.status is ShotStatus.FAILED), "")
    return ImportSummary(results=results, total=len(results) + int(unsaved), error=failed if unsaved else "")


class CaptureView(LiveView):
    """Signals:
    finished(ImportSummary): the user is done (Done, Esc); the capture's threads have ended
        and every shot has landed or failed.
    filesRequested(): "Add photos from files…" instead (no camera): the capture has finished.
    shotTaken(ShotOutcome), problemShown(str): from `live.LiveView`.
    """

    finished = Signal(object)
    filesRequested = Signal()

    def __init__(
        self,
        settings: Settings,
        pool: QThreadPool,
        cameras: CameraAccess = SYSTEM_CAMERAS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(settings, pool, cameras, parent)
        self._runner = TaskRunner(pool, self)
        self.feeds.idle.connect(self._on_feeds_idle)
        self._then_files = False
        self.confirm: QMessageBox | None = None
        self.options = CaptureOptions(settings, self.panel, self.canvas, self._live_pair, self)
        self.options.ghostFlipped.connect(self.ghosts.forget)

        self.done_button.clicked.connect(self._on_done_button_clicked)
        self.notice.retryRequested.connect(self._on_notice_retry_requested)
        self.notice.filesRequested.connect(self._on_notice_files_requested)
        self._connect_panel()
        self._bind_keys()

    def _connect_panel(self) -> None:
        p = self.panel
        p.angleChosen.connect(self.go_to)
        p.ghostChosen.connect(self._on_panel_ghost_chosen)
        p.shutterPressed.connect(self.shutter)
        p.retryRequested.connect(self.retry)

    def _bind_keys(self) -> None:
        """Space, Esc, A and 1/2/3, while the page has the focus (Help → Keyboard shortcuts
        lists the same actions)."""
        slots = {
            "shutter": self.shutter,
            "done": self.finish,
            "auto": self.panel.auto_box.toggle,
            **{angle.value: partial(self.go_to, angle) for angle in ANGLES},
        }
        for name, action in capture_actions(self).items():
            action.triggered.connect(slots[name])
            self.addAction(action)

    def hideEvent(self, event: QHideEvent) -> None:
        """Hidden with its window (closed to the tray): the camera goes off; the shots are kept.
        (Minimising is the system's doing, `spontaneous`: the picture goes on.)"""
        super().hideEvent(event)
        if not event.spontaneous() and self.running:
            self.finish(ask=False)

    # ----------------------------------------------------------------- starting and finishing

    def set_cameras(self, access: CameraAccess) -> None:
        """Where cameras come from for the next capture (the system's; tests give stand-ins)."""
        self.picker.access = access

    def start(
        self,
        journal: Journal,
        target: int | NewSession,
        source: FrameSource | None = None,
        angles: tuple[Angle, ...] = ANGLES,
        auto: bool | None = None,
        countdown: int | None = None,
    ) -> bool:
        """Take photos for `target` (a session's id, or one made when the first photo lands)
        from `source`, else the camera the settings remember. `auto` and `countdown` override
        the settings for this capture only (the command line's options). False when it cannot
        begin (the view says why)."""
        if self.running:
            return False
        self._journal = journal
        self.ghosts.forget()
        self._headline = ("", False)
        self.notice.hide()
        self.panel.clear_shots()
        self._outcomes_shown = 0
        self.panel.show_feedback(None)
        self.shutter_to_photo.clear()
        settings = self.options.start(angles, auto, countdown)
        self.canvas.clear(ghost=True)
        try:
            self._session = CaptureSession(journal, target, settings)
        except JournalError as exc:
            self.title.setText(self.tr("Take photos"))
            self.notice.say(
                self.tr("Photos cannot be taken now"), str(exc), retry=self.tr("Back"), files=False
            )
            self._update_shutter()
            return False
        self._update_title()
        self._update_angles()
        self._fill_ghosts()
        self._given = source
        if source is not None:
            self.picker.show_file(source.description)
            self._start_feed(lambda: source)
        else:
            self.canvas.set_placeholder(self.tr("Looking for cameras…"))
            self.picker.refresh()
        self._update_shutter()
        self.canvas.setFocus()
        return True

    def finish(self, ask: bool = True) -> None:
        """Done: stop the picture and hand over the shots (`finished`). With a shot that could
        not be saved, ask first (`ask`)."""
        if self._session is None:
            if not self.feeds.stopping:
                self.finished.emit(ImportSummary())
            return
        if self._finishing:
            return
        if ask and self._session.unsaved is not None:
            self._ask_about_unsaved()
            return
        self._finishing = True
        self.canvas.clear(placeholder=self.tr("Closing the camera…"))
        self.feeds.cancel_next()
        self.feeds.drop()  # `idle` follows once the threads have ended: then `_finish_now`
        self._update_shutter()

    def stop_work(self) -> None:
        """The journal is closing: stop at once, waiting for a shot being saved to land."""
        if self.confirm is not None:
            self.confirm.close()
        self.feeds.stop_all()
        self._runner.invalidate()
        self._runner.wait()
        self._session = self._journal = None
        self._finishing = False
        self.canvas.clear(ghost=True)

    def _on_feeds_idle(self) -> None:
        # A shot that landed while its feed let go (another camera chosen mid-save) is listed too.
        session = self._session
        for outcome in session.outcomes[self._outcomes_shown :] if session is not None else []:
            self._on_feed_shot_done(outcome)
        if self._finishing:
            self._finish_now()

    def _finish_now(self) -> None:
        session, self._session = self._session, None
        self._finishing = False
        self._journal = None
        self.canvas.clear(ghost=True)
        summary = summary_of(session) if session is not None else ImportSummary()
        if self._then_files:
            self._then_files = False
            self.finished.emit(summary)
            self.filesRequested.emit()
            return
        self.finished.emit(summary)

    def _ask_about_unsaved(self) -> None:
        session = self._session
        assert session is not None and session.unsaved is not None
        message = next((o.message for o in reversed(session.outcomes) if o.status is ShotStatus.FAILED), "")
        self.confirm = unsaved_question(self, ANGLE_NAMES[session.unsaved.angle].lower(), message)
        self.confirm.finished.connect(self._on_confirm_finished)
        self.confirm.open()

    def _on_confirm_finished(self, result: int) -> None:
        box, self.confirm = self.confirm, None
        if box is None:
            return
        clicked = box.standardButton(box.clickedButton()) if box.clickedButton() else None
        box.deleteLater()
        self.window().activateWindow()  # the keys (Space, Esc) are the capture's again
        self.canvas.setFocus()
        if clicked is QMessageBox.StandardButton.Retry:
            self.retry()
        elif clicked is QMessageBox.StandardButton.Discard:
            self.finish(ask=False)

    # ----------------------------------------------------------------- what the user does

    def shutter(self) -> None:
        """Take the photo now, whatever the checks say."""
        feed = self.feeds.current
        if feed is None or feed.status.state is not GrabState.RUNNING:
            return
        if feed.busy:
            self.canvas.flash(self.tr("Still saving the last photo…"))
            return
        if feed.shutter():
            self._shutter_at = time.perf_counter()

    def go_to(self, angle: Angle) -> None:
        session = self._session
        if session is None or angle not in session.settings.angles:
            return
        live = self._live()
        live.go_to(angle)
        live.set_auto(self.panel.auto_box.isChecked())
        self.ghosts.drop()
        self._headline = ("", False)
        self.canvas.set_overlay("", False, None)
        self.panel.set_ghost_note("")
        self._update_angles()
        self._fill_ghosts()

    def retry(self) -> None:
        """Save the shot that could not be saved once more."""
        session = self._session
        if session is None or session.unsaved is None:
            return

        def save(_progress: Progress) -> ShotOutcome | None:
            return session.retry()

        self._runner.start(save, done=self._on_retry_done)

    def _on_retry_done(self, outcome: ShotOutcome | None) -> None:
        if outcome is None or self._session is None:
            return
        self._on_feed_shot_done(outcome)
        if self.feeds.current is not None:
            self.feeds.current.go_to(self._session.angle)  # the ghost of the angle that comes up

    def _on_done_button_clicked(self) -> None:
        self.finish()

    def _on_notice_retry_requested(self) -> None:
        self.notice.hide()
        if self._session is None:
            self.finish()
        elif self._given is None and not self.picker.devices:
            self.picker.refresh()
        else:
            self._restart()

    def _on_notice_files_requested(self) -> None:
        self._then_files = True
        self.finish()

    def _on_panel_ghost_chosen(self, photo_id: int | None) -> None:
        session = self._session
        if session is None:
            return
        self._live().choose_ghost(session.angle, photo_id)
        self.ghosts.drop()

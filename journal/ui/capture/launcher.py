"""Opening the capture page from the window: Session → Take photos…, the session page's button.

Light on purpose: the window makes a launcher at start-up, and the capture modules (the view,
OpenCV, numpy) load only when photos are first taken.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThreadPool, Signal
from PySide6.QtWidgets import QStackedWidget

from journal.core.errors import JournalError
from journal.core.journal import Journal
from journal.core.models import Kind, NewSession
from journal.ui.shared.settings import Settings
from journal.ui.shared.workers import Progress, TaskRunner

if TYPE_CHECKING:
    from journal.ui.capture.cameras import CameraAccess
    from journal.ui.capture.view import CaptureView
    from journal.ui.importing import ImportSummary


class CaptureLauncher(QObject):
    """Shows the capture page in `pages` and gives it back when the user is done.

    Signals:
    finished(ImportSummary): the shots of a capture, for the window's import report.
    closed(): the capture page is done; show the journal again.
    filesRequested(object): the user chose to add photos from files instead (no camera), into
        the capture's session (a session id, or a NewSession made when the first photo lands).
    """

    finished = Signal(object)
    closed = Signal()
    filesRequested = Signal(object)

    def __init__(
        self,
        pages: QStackedWidget,
        settings: Settings,
        pool: QThreadPool,
        parent: QObject | None = None,
        cameras: CameraAccess | None = None,
    ) -> None:
        super().__init__(parent)
        self._pages = pages
        self._settings = settings
        self._pool = pool
        self.cameras = cameras  # None: the system's (tests give stand-ins)
        self._view: CaptureView | None = None
        self._again: tuple[Journal, int | None, Kind] | None = None  # to open once the last capture ends
        self._target: int | NewSession | None = None
        self._runner = TaskRunner(pool, self)
        pages.currentChanged.connect(self._on_pages_current_changed)

    @property
    def view(self) -> CaptureView | None:
        """The capture page, once it has been shown."""
        return self._view

    def open(self, journal: Journal | None, session_id: int | None, kind: Kind = Kind.TREATMENT) -> bool:
        """Take photos for the session (None: today's session of `kind`, made when the first
        photo is saved). False when there is no journal that can take photos."""
        if journal is None or journal.read_only:
            return False
        view = self._ensure_view()
        if view.finishing:  # pressed again while the last capture lets go of the camera
            self._again = (journal, session_id, kind)
            return True
        if self.cameras is not None:
            view.set_cameras(self.cameras)
        if view.running:
            self._pages.setCurrentWidget(view)
            return True
        target = session_id if session_id is not None else journal.import_target(dt.date.today(), kind)
        self._target = target
        self._pages.setCurrentWidget(view)
        view.start(journal, target)
        return True

    def find_cameras(self, found: Callable[[bool], None]) -> None:
        """Look for cameras in a worker (on some systems it takes seconds); `found(any)` on the
        GUI thread. A camera that cannot be listed counts as none."""
        access = self.cameras or _system_cameras()

        def work(_progress: Progress) -> bool:
            return bool(access.find())

        self._runner.start(
            work, done=found, failed=lambda _error: found(False), known=(JournalError, OSError)
        )

    def stop_work(self) -> None:
        """The journal is closing: the capture stops now (a shot being saved lands first)."""
        self._again = None
        if self._view is not None:
            self._view.stop_work()

    def _ensure_view(self) -> CaptureView:
        if self._view is None:
            from journal.ui.capture.view import CaptureView

            self._view = CaptureView(self._settings, self._pool, self.cameras or _system_cameras())
            self._view.finished.connect(self._on_view_finished)
            self._view.filesRequested.connect(self._on_view_files_requested)
            self._pages.addWidget(self._view)
        return self._view

    def _on_view_files_requested(self) -> None:
        self.filesRequested.emit(self._target)

    def _on_view_finished(self, summary: ImportSummary) -> None:
        if summary.total or summary.error:  # nothing taken: nothing to report
            self.finished.emit(summary)
        again, self._again = self._again, None
        if again is not None:
            self.open(*again)
        elif self._view is not None and self._pages.currentWidget() is self._view:
            self.closed.emit()

    def _on_pages_current_changed(self, _index: int) -> None:
        """Another page came up (Compare, the journal) while capturing: the capture ends."""
        view = self._view
        if view is not None and view.running and self._pages.currentWidget() is not view:
            view.finish(ask=False)


def _system_cameras() -> CameraAccess:
    from journal.ui.capture.cameras import SYSTEM_CAMERAS  # loaded when cameras are first wanted

    return SYSTEM_CAMERAS

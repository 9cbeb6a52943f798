"""The capture view alone in a window: `progress-journal capture`, to take photos (or to try
capture on a video or a folder of pictures) without the rest of the app."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QThreadPool, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from journal import APP_NAME
from journal.core.capture.frames import FrameSource
from journal.core.capture.session import ANGLES, ShotOutcome
from journal.core.journal import Journal
from journal.core.models import Angle, NewSession
from journal.ui.capture.view import CaptureView
from journal.ui.shared.icons import app_icon
from journal.ui.shared.settings import Settings


class CaptureWindow(QWidget):
    """A window holding one capture; it closes when the capture is done (Done, Esc, its close
    button), after the last shot has landed."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Take photos — {app}").format(app=APP_NAME))
        self.setWindowIcon(app_icon())
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)
        self.view = CaptureView(settings, self.pool)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.view.finished.connect(self._on_view_finished)
        self._closing = False
        room = self.screen().availableGeometry()  # a laptop's 1366×768 must show it whole
        self.resize(min(1280, int(room.width() * 0.95)), min(800, int(room.height() * 0.92)))

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.view.running and not self._closing:
            event.ignore()
            self.view.finish()  # asks first about a photo that is not saved; closes once done
            return
        self.pool.waitForDone(30_000)
        super().closeEvent(event)

    def _on_view_finished(self, _summary: object) -> None:
        self._closing = True
        QTimer.singleShot(0, self.close)


def run_capture_window(
    journal: Journal,
    target: int | NewSession,
    settings: Settings,
    source: FrameSource | None = None,
    angles: tuple[Angle, ...] = ANGLES,
    auto: bool | None = None,
    countdown: int | None = None,
    close_when_done: bool = False,
    on_shot: Callable[[ShotOutcome], None] | None = None,
    on_problem: Callable[[str], None] | None = None,
) -> list[ShotOutcome]:
    """Show the capture window until it closes (or the app quits); every shot of the capture,
    as it was saved or not. `on_shot` hears of each one as it lands."""
    app = QApplication.instance()
    assert isinstance(app, QApplication), "make the application first"
    window = CaptureWindow(settings)
    taken: list[ShotOutcome] = []

    def shot(outcome: ShotOutcome) -> None:
        taken.append(outcome)
        if on_shot is not None:
            on_shot(outcome)
        session = window.view.session
        if close_when_done and session is not None and session.done:
            window.view.finish(ask=False)

    window.view.shotTaken.connect(shot)
    if on_problem is not None:
        window.view.problemShown.connect(on_problem)
    window.view.finished.connect(lambda _s: QTimer.singleShot(0, app.quit))
    window.show()
    session = None
    if window.view.start(journal, target, source, angles, auto, countdown):
        session = window.view.session
    else:
        window.view.finished.connect(window.close)
    app.exec()  # until the window closes, or the app is told to quit (Ctrl+C, SIGTERM)
    window.view.stop_work()  # a shot being saved lands first
    window.pool.waitForDone(30_000)
    window.deleteLater()
    outcomes = session.outcomes if session is not None else taken
    for late in outcomes[len(taken) :]:  # saved while the capture stopped
        if on_shot is not None:
            on_shot(late)
    return outcomes

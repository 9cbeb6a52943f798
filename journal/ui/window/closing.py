"""Closing the window: into the tray when the preferences say so, else for real (the journal
is closed first), and the tray's way back.

The Workspace builds it and delegates to it; it is handed what it does on a real close (close
the journal, clean up the opener) as callables, so it never imports the workspace.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QCloseEvent, QGuiApplication

from journal.ui.shared.settings import Settings
from journal.ui.window.journal_view import JournalView
from journal.ui.window.main_window import MainWindow

if TYPE_CHECKING:
    from journal.ui.reminders import ReminderController


class WindowCloser(QObject):
    """Watches the window's close events (it installs itself as the window's event filter)."""

    def __init__(
        self,
        parent: QObject,
        window: MainWindow,
        settings: Settings,
        view: JournalView,
        reminders: ReminderController,
        close_journal: Callable[[], None],
        cleanup: Callable[[], None],
    ) -> None:
        super().__init__(parent)
        self.window = window
        self.settings = settings
        self.view = view
        self.reminders = reminders
        self._close_journal = close_journal
        self._cleanup = cleanup
        self._quitting = False
        window.installEventFilter(self)

    def bring_to_front(self) -> None:
        self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()

    def quit_for_real(self) -> None:
        self._quitting = True
        self.window.close()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and isinstance(event, QCloseEvent):
            return self._on_window_close(event)
        return super().eventFilter(watched, event)

    def _on_window_close(self, event: QCloseEvent) -> bool:
        """True: the window stays (in the tray). False: it closes; the journal is closed first."""
        if self.reminders.has_tray and self.settings.minimise_to_tray and not self._quitting:
            self.view.session_page.form.flush()
            event.ignore()
            self.window.hide()
            return True
        self.settings.splitter_state = self.view.splitter.saveState()
        self._close_journal()
        self._cleanup()
        if not QGuiApplication.quitOnLastWindowClosed():
            # Started at login into the tray, then the window was opened and closed: with
            # "keep in the tray" off that closes the app too (it would stay as a tray icon with
            # no journal and no reminders).
            QGuiApplication.quit()
        return False

"""File → Make timelapse… opens one dialog per window, follows the journal's changes into it
and closes it when the journal closes. Light on purpose: the window builds it at start-up,
and the dialog's modules load only when it first opens."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThreadPool, Signal

from journal.core.journal import Journal
from journal.core.models import JournalEvent
from journal.ui.shared.settings import Settings

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from journal.ui.timelapse.dialog import TimelapseDialog


class TimelapseLauncher(QObject):
    """Signals:
    sessionRequested(int): show this session in the journal (one the film leaves out).
    """

    sessionRequested = Signal(int)

    def __init__(
        self,
        parent: QWidget,
        journal: Callable[[], Journal | None],
        settings: Settings,
        pool: QThreadPool,
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self._journal = journal
        self._settings = settings
        self._pool = pool
        self.dialog: TimelapseDialog | None = None

    def open(self) -> None:
        """Show the dialog (the one already open, brought to the front)."""
        journal = self._journal()
        if journal is None:
            return
        if self.dialog is not None:
            self.dialog.raise_()
            self.dialog.activateWindow()
            return
        from journal.ui.timelapse.dialog import TimelapseDialog

        self.dialog = TimelapseDialog(journal, self._settings, self._pool, self._parent)
        self.dialog.destroyed.connect(self._on_dialog_destroyed)
        self.dialog.sessionRequested.connect(self.sessionRequested)
        size = self.dialog.sizeHint().expandedTo(self.dialog.minimumSizeHint())
        screen = self._parent.screen()
        if screen is not None:  # a small screen: the dialog fits it (its preview shrinks)
            room = screen.availableGeometry().size() * 0.95
            size = size.boundedTo(room)
        self.dialog.resize(size)
        self.dialog.show()

    def on_journal_event(self, event: JournalEvent) -> None:
        if self.dialog is not None:
            self.dialog.on_journal_event(event)

    def close_dialog(self) -> None:
        """The journal is closing: stop the dialog's work (a save in progress is cancelled and
        leaves no file) and close it, before the journal goes."""
        dialog = self.dialog
        if dialog is None:
            return
        dialog.stop_work()
        dialog.wait()
        dialog.close()
        self.dialog = None

    def _on_dialog_destroyed(self) -> None:
        self.dialog = None

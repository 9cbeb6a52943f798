"""After Edit → Undo or Redo: the session the command changed comes on screen, and the status
bar says what was undone where.

The Workspace builds it and delegates to it; it is handed what it reads (the open journal,
the selected session) and does (select a session) as callables, so it never imports the
workspace.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoCommand, QUndoStack

from journal.core.dates import long_date
from journal.core.errors import NotFound
from journal.core.journal import Journal
from journal.core.models import Session
from journal.ui.window.journal_view import JournalView
from journal.ui.window.main_window import MainWindow


class UndoFollower(QObject):
    """Shows and names what an undo or redo changed."""

    def __init__(
        self,
        parent: QObject,
        window: MainWindow,
        view: JournalView,
        undo_stack: QUndoStack,
        journal: Callable[[], Journal | None],
        current_session_id: Callable[[], int | None],
        select_session: Callable[[int], None],
    ) -> None:
        super().__init__(parent)
        self.window = window
        self.view = view
        self.undo_stack = undo_stack
        self._journal = journal
        self._current_session_id = current_session_id
        self._select_session = select_session

    def after_undo(self) -> None:
        """Edit → Undo ran: show the session it changed, and say what was undone."""
        self._follow_undo(self.undo_stack.command(self.undo_stack.index()), self.tr("Undone: {what}"))

    def after_redo(self) -> None:
        self._follow_undo(self.undo_stack.command(self.undo_stack.index() - 1), self.tr("Redone: {what}"))

    def _follow_undo(self, command: QUndoCommand | None, said: str) -> None:
        """An undo (or redo) of an edit on a session that is not on screen selects that session
        (on the journal page; another page stays up), and the status bar says what changed where."""
        journal = self._journal()
        if command is None or journal is None:
            return
        what = command.text()
        session = self._session_of(journal, command)
        if session is not None:
            position = self.view.timeline_model.position(session.id)
            label = position.label(session.kind) if position is not None else ""
            what = f"{what} ({long_date(session.date)}{' · ' + label if label else ''})"
            if self.window.pages.currentWidget() is self.view and self._current_session_id() != session.id:
                self._select_session(session.id)
        self.window.statusBar().showMessage(said.format(what=what), 8000)

    def _session_of(self, journal: Journal, command: QUndoCommand) -> Session | None:
        """The session an undo command changed (itself, or its photos'), if it is not in the trash."""
        session_id = getattr(command, "session_id", None)
        photo_ids = list(getattr(command, "photo_ids", None) or [])
        photo_id = getattr(command, "photo_id", None)
        if isinstance(photo_id, int):
            photo_ids.append(photo_id)
        try:
            if not isinstance(session_id, int) and photo_ids:
                session_id = journal.photo(photo_ids[0]).session_id
            if not isinstance(session_id, int):
                return None
            session = journal.session(session_id)
        except NotFound:
            return None
        return session if session.deleted_at is None else None

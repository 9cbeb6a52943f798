"""The main window's menus and actions (with their standard shortcuts) in one place."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from journal.core.models import Kind

if TYPE_CHECKING:
    from journal.ui.window.main_window import MainWindow


class WindowActions(QObject):
    """Every menu action of the main window; enabled state follows the open journal."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        w = window
        self.new_journal = self._make(self.tr("&New journal…"), w.show_new_journal_form)
        self.open_journal = self._make(
            self.tr("&Open journal…"), w.choose_journal_folder, QKeySequence.StandardKey.Open
        )
        self.open_demo = self._make(self.tr("Open &demo journal"), w.opener.open_demo)
        self.backup = self._make(self.tr("&Back up…"), lambda: w.dialogs.files.back_up())
        self.restore = self._make(self.tr("&Restore…"), lambda: w.dialogs.files.restore())
        self.export = self._make(self.tr("&Export as folder…"), lambda: w.dialogs.files.export())
        self.calendar = self._make(self.tr("Export to &calendar…"), w.dialogs.export_calendar)
        self.print_timeline = self._make(
            self.tr("&Print timeline…"), w.dialogs.print_timeline, QKeySequence.StandardKey.Print
        )
        self.show_folder = self._make(self.tr("&Show journal folder"), w.show_journal_folder)
        self.quit = self._make(self.tr("&Quit"), w.close, QKeySequence.StandardKey.Quit)
        self._fill(
            w.file_menu,
            [
                self.new_journal,
                self.open_journal,
                self.open_demo,
                None,
                self.print_timeline,
                self.calendar,
                None,
                self.backup,
                self.restore,
                self.export,
                None,
                self.show_folder,
                None,
                self.quit,
            ],
        )

        self.undo = w.undo_stack.createUndoAction(w, self.tr("&Undo"))
        self.undo.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo = w.undo_stack.createRedoAction(w, self.tr("&Redo"))
        self.redo.setShortcut(QKeySequence.StandardKey.Redo)
        self.preferences = self._make(
            self.tr("&Preferences…"), w.dialogs.show_preferences, QKeySequence.StandardKey.Preferences
        )
        self._fill(w.edit_menu, [self.undo, self.redo, None, self.preferences])

        self.new_session = self._make(
            self.tr("&New session"), lambda: w.new_session(Kind.TREATMENT), "Ctrl+N"
        )
        self.new_checkin = self._make(
            self.tr("New &check-in (photos only)"), lambda: w.new_session(Kind.CHECK_IN), "Ctrl+Shift+N"
        )
        self.add_photos = self._make(self.tr("&Add photos…"), w.add_photos, "Ctrl+I")
        self.delete_session = self._make(self.tr("&Delete session"), w.delete_session)
        self._fill(
            w.session_menu, [self.new_session, self.new_checkin, self.add_photos, None, self.delete_session]
        )
        w.timeline.addAction(self.add_photos)
        w.timeline.addAction(self.delete_session)

        self.newest_first = QAction(self.tr("&Newest first"), w, checkable=True)
        self.newest_first.setChecked(w.order_button.isChecked())
        self.newest_first.toggled.connect(w.order_button.setChecked)
        w.order_button.toggled.connect(self.newest_first.setChecked)
        self.trash = self._make(self.tr("&Trash…"), w.dialogs.show_trash)
        self.compare = self._make(self.tr("&Compare sessions"), lambda: w.show_compare(), "C")
        self.compare_with_first = self._make(
            self.tr("Compare with the &first treatment"), lambda: w.show_compare(w.current_session_id())
        )
        self.back_to_journal = self._make(self.tr("&Journal"), w.show_journal_page, "Ctrl+J")
        self._fill(
            w.view_menu, [self.compare, self.back_to_journal, None, self.newest_first, None, self.trash]
        )
        w.timeline.addAction(self.compare_with_first)

        self.about = self._make(self.tr("&About Progress Journal"), w.dialogs.show_about)
        self._fill(w.help_menu, [self.about])

    def _make(self, text: str, slot: Any, shortcut: QKeySequence.StandardKey | str | None = None) -> QAction:
        action = QAction(text, self._window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    @staticmethod
    def _fill(menu: Any, items: list[QAction | None]) -> None:
        for item in items:
            if item is None:
                menu.addSeparator()
            else:
                menu.addAction(item)

    def update(self, has_journal: bool, writable: bool, has_session: bool) -> None:
        for action in (self.new_session, self.new_checkin, self.add_photos):
            action.setEnabled(writable)
        self.delete_session.setEnabled(writable and has_session)
        for action in (
            self.backup,
            self.export,
            self.show_folder,
            self.trash,
            self.compare,
            self.back_to_journal,
            self.print_timeline,
            self.calendar,
        ):
            action.setEnabled(has_journal)
        self.compare_with_first.setEnabled(has_journal and has_session)

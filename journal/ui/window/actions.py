"""The main window's menu actions, with their standard shortcuts and when each is enabled.

The actions carry no behaviour here: journal.ui.window.factory connects each one to the
feature that does the work. A new feature adds its own with `add(menu, text, ...)`.
"""

from __future__ import annotations

from enum import Flag, auto

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMenu, QWidget

from journal.ui.window.main_window import WindowMenus


class Needs(Flag):
    """What an action needs to be enabled."""

    NOTHING = 0
    JOURNAL = auto()  # an open journal
    WRITABLE = auto()  # an open journal that can be changed
    SESSION = auto()  # a selected session


Shortcut = QKeySequence.StandardKey | str | None
SHORTCUT_NAME = "shortcutName"  # an action's name in Help → Keyboard shortcuts, when not its text


class WindowActions(QObject):
    def __init__(self, menus: WindowMenus, undo_stack: QUndoStack, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._needs: dict[QAction, Needs] = {}
        file, edit, session, view = menus.file, menus.edit, menus.session, menus.view
        self.new_journal = self.add(file, self.tr("&New journal…"))
        self.open_journal = self.add(file, self.tr("&Open journal…"), QKeySequence.StandardKey.Open)
        self.open_demo = self.add(file, self.tr("Open &demo journal"))
        file.addSeparator()
        self.print_timeline = self.add(
            file, self.tr("&Print timeline…"), QKeySequence.StandardKey.Print, Needs.JOURNAL
        )
        self.make_timelapse = self.add(file, self.tr("Make &timelapse…"), needs=Needs.JOURNAL)
        self.print_charts = self.add(file, self.tr("Print progress c&harts…"), needs=Needs.JOURNAL)
        self.calendar = self.add(file, self.tr("Export to &calendar…"), needs=Needs.JOURNAL)
        file.addSeparator()
        self.backup = self.add(file, self.tr("&Back up…"), needs=Needs.JOURNAL)
        self.restore = self.add(file, self.tr("&Restore…"))
        self.export = self.add(file, self.tr("&Export as folder…"), needs=Needs.JOURNAL)
        file.addSeparator()
        self.show_folder = self.add(file, self.tr("&Show journal folder"), needs=Needs.JOURNAL)
        file.addSeparator()
        self.quit = self.add(file, self.tr("&Quit"), QKeySequence.StandardKey.Quit)

        self.undo = undo_stack.createUndoAction(window, self.tr("&Undo"))
        self.undo.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo = undo_stack.createRedoAction(window, self.tr("&Redo"))
        self.redo.setShortcut(QKeySequence.StandardKey.Redo)
        # Their text names the step ("Undo Delete 1 photo"); the list of keys names the action.
        self.undo.setProperty(SHORTCUT_NAME, self.tr("Undo"))
        self.redo.setProperty(SHORTCUT_NAME, self.tr("Redo"))
        edit.addAction(self.undo)
        edit.addAction(self.redo)
        edit.addSeparator()
        self.preferences = self.add(edit, self.tr("&Preferences…"), QKeySequence.StandardKey.Preferences)

        self.new_session = self.add(session, self.tr("&New session"), "Ctrl+N", Needs.WRITABLE)
        self.new_checkin = self.add(
            session, self.tr("New &check-in (photos only)"), "Ctrl+Shift+N", Needs.WRITABLE
        )
        self.add_photos = self.add(session, self.tr("&Add photos…"), "Ctrl+I", Needs.WRITABLE)
        self.take_photos = self.add(session, self.tr("&Take photos…"), "Ctrl+T", Needs.WRITABLE)
        session.addSeparator()
        self.delete_session = self.add(
            session, self.tr("&Delete session"), needs=Needs.WRITABLE | Needs.SESSION
        )

        self.compare = self.add(view, self.tr("&Compare sessions"), "C", Needs.JOURNAL)
        self.back_to_journal = self.add(view, self.tr("&Journal"), "Ctrl+J", Needs.JOURNAL)
        self.progress = self.add(view, self.tr("&Progress charts"), "Ctrl+G", Needs.JOURNAL)
        view.addSeparator()
        self.newest_first = self.add(view, self.tr("&Newest first"))
        self.newest_first.setCheckable(True)
        view.addSeparator()
        self.trash = self.add(view, self.tr("&Trash…"), needs=Needs.JOURNAL)
        # Only in the timeline's context menu:
        self.compare_with_first = self.add(
            None, self.tr("Compare with the &first treatment"), needs=Needs.JOURNAL | Needs.SESSION
        )

        self.shortcuts = self.add(menus.help, self.tr("&Keyboard shortcuts"), "Ctrl+/")
        self.about = self.add(menus.help, self.tr("&About Progress Journal"))

    def add(
        self, menu: QMenu | None, text: str, shortcut: Shortcut = None, needs: Needs = Needs.NOTHING
    ) -> QAction:
        """A new action at the end of `menu` (None: in no menu), enabled when `needs` is met."""
        action = QAction(text, self._window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if menu is not None:
            menu.addAction(action)
        self._needs[action] = needs
        return action

    def update(self, has_journal: bool, writable: bool, has_session: bool) -> None:
        """Enable each action whose needs are met by the window's state now."""
        met = Needs.NOTHING
        if has_journal:
            met |= Needs.JOURNAL
        if has_journal and writable:
            met |= Needs.WRITABLE
        if has_session:
            met |= Needs.SESSION
        for action, needs in self._needs.items():
            action.setEnabled(needs & met == needs)

"""The windows and dialogs the main window opens from its menus: photo viewers, trash, about,
preferences, print timeline, calendar export, moving the next date, and the file actions.
Each module loads on first use, so none of them weighs on start-up."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from journal import APP_NAME, __version__

if TYPE_CHECKING:
    from journal.ui.session.photo_viewer import PhotoViewer
    from journal.ui.window.file_actions import FileActions
    from journal.ui.window.main_window import MainWindow
    from journal.ui.window.trash_dialog import TrashDialog


class WindowDialogs(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.viewers: list[PhotoViewer] = []
        self.trash_dialog: TrashDialog | None = None
        self.sheet_dialog: QWidget | None = None
        self.preferences: QWidget | None = None
        self._files: FileActions | None = None

    @property
    def files(self) -> FileActions:
        """Back up, restore, export: loaded on first use (zip and csv code stay out of start-up)."""
        if self._files is None:
            from journal.ui.window.file_actions import FileActions

            w = self.window
            self._files = FileActions(w, lambda: w.journal, w.pool)
            self._files.restored.connect(lambda folder: w.opener.open(folder))
        return self._files

    def open_photo(self, photo_id: int) -> None:
        from journal.ui.session.photo_viewer import PhotoViewer

        w = self.window
        if w.journal is None:
            return
        viewer = PhotoViewer(w.journal, w.journal.photo(photo_id), w.pool, w)
        self.viewers.append(viewer)
        viewer.destroyed.connect(lambda: self.viewers.remove(viewer) if viewer in self.viewers else None)
        viewer.show()

    def close_viewers(self) -> None:
        for viewer in list(self.viewers):
            viewer.close()

    def show_trash(self) -> None:
        from journal.ui.window.trash_dialog import TrashDialog

        w = self.window
        if w.journal is None:
            return
        if self.trash_dialog is not None:
            self.trash_dialog.raise_()
            return
        self.trash_dialog = TrashDialog(w.journal, w)
        self.trash_dialog.emptied.connect(w.undo_stack.clear)
        self.trash_dialog.destroyed.connect(lambda: setattr(self, "trash_dialog", None))
        self.trash_dialog.show()

    def show_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(self.window)
        box.setWindowTitle(self.tr("About Progress Journal"))
        box.setText(f"<b>{APP_NAME}</b> {__version__}")
        box.setInformativeText(
            self.tr(
                "A private, offline photo journal for a course of skin treatments. Your photos and notes stay "
                "on this computer; nothing is sent anywhere.\n\nIt is a journal, not medical advice: it makes "
                "no claims about treatments or results."
            )
        )
        box.open()

    def print_timeline(self) -> None:
        from journal.ui.sheets.dialog import timeline_dialog

        w = self.window
        if w.journal is not None:
            self.sheet_dialog = timeline_dialog(w.journal, w.pool, w)
            self.sheet_dialog.show()

    def move_next_date(self) -> None:
        """The banner's "Move the date…": the last treatment's own "next session on" date (undoable)."""
        from journal.ui.reminders.dialogs import ask_next_date

        w = self.window
        plan = w.reminders.plan
        if (
            w.journal is None
            or plan is None
            or plan.treatment is None
            or plan.treatment.source_session_id is None
        ):
            return
        ask_next_date(w, w.journal, w.undo_stack, plan.treatment.source_session_id, plan.treatment.due)

    def show_preferences(self) -> None:
        from journal.ui.window.preferences import PreferencesDialog

        self.preferences = PreferencesDialog(self.window.journal, self.window.settings, self.window)
        self.preferences.show()

    def export_calendar(self) -> None:
        from journal.ui.reminders.dialogs import ask_calendar_file

        if self.window.journal is not None:
            ask_calendar_file(self.window, self.window.journal, self.window.reminders.today())

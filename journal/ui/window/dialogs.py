"""The windows and dialogs the menus open: photo viewers, trash, about, preferences, print
timeline. Each module loads on first use, so none of them weighs on start-up."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThreadPool
from PySide6.QtGui import QAction, QUndoStack
from PySide6.QtWidgets import QMenu, QWidget

from journal import APP_NAME, __version__
from journal.core.journal import Journal
from journal.core.models import EventKind, JournalEvent
from journal.ui.shared.settings import Settings

if TYPE_CHECKING:
    from journal.ui.session import PhotoViewer
    from journal.ui.window.trash_dialog import TrashDialog


_TRASH_CHANGES = (
    EventKind.SESSION_ADDED,
    EventKind.SESSION_REMOVED,
    EventKind.PHOTO_ADDED,
    EventKind.PHOTO_REMOVED,
    EventKind.TRASH_EMPTIED,
)


class WindowDialogs(QObject):
    def __init__(
        self,
        parent: QWidget,
        journal: Callable[[], Journal | None],
        settings: Settings,
        pool: QThreadPool,
        undo_stack: QUndoStack,
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self._journal = journal
        self._settings = settings
        self._pool = pool
        self._undo = undo_stack
        self.viewers: list[PhotoViewer] = []
        self.trash_dialog: TrashDialog | None = None
        self.sheet_dialog: QWidget | None = None
        self.chart_dialog: QWidget | None = None
        self.preferences: QWidget | None = None
        self.shortcuts: QWidget | None = None

    def open_photo(self, photo_id: int) -> None:
        from journal.ui.session import PhotoViewer

        journal = self._journal()
        if journal is None:
            return
        viewer = PhotoViewer(journal, journal.photo(photo_id), self._pool, self._parent)
        self.viewers.append(viewer)
        viewer.destroyed.connect(lambda: self._forget_viewer(viewer))
        viewer.show()

    def _forget_viewer(self, viewer: PhotoViewer) -> None:
        if viewer in self.viewers:
            self.viewers.remove(viewer)

    def close_viewers(self) -> None:
        """The journal is closing: close what shows it (viewers, the trash, a timeline sheet)."""
        for viewer in list(self.viewers):
            viewer.close()
        for dialog in (self.trash_dialog, self.sheet_dialog):
            if dialog is not None:
                dialog.close()

    def on_journal_event(self, event: JournalEvent) -> None:
        """The trash, when it is open, shows what is in it now (deleted, restored or undone)."""
        if self.trash_dialog is not None and event.kind in _TRASH_CHANGES:
            self.trash_dialog.refresh()

    def show_trash(self) -> None:
        from journal.ui.window.trash_dialog import TrashDialog

        journal = self._journal()
        if journal is None:
            return
        if self.trash_dialog is not None:
            self.trash_dialog.raise_()
            return
        self.trash_dialog = TrashDialog(journal, self._parent)
        self.trash_dialog.emptied.connect(self._undo.clear)  # the undo history referred to them
        self.trash_dialog.destroyed.connect(self._on_trash_dialog_destroyed)
        self.trash_dialog.show()

    def _on_trash_dialog_destroyed(self) -> None:
        self.trash_dialog = None

    def show_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(self._parent)
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
        from journal.ui.sheets import timeline_dialog

        journal = self._journal()
        if journal is None:
            return
        if self.sheet_dialog is not None:
            self.sheet_dialog.close()  # one timeline dialog at a time, for the journal shown now
        dialog = timeline_dialog(journal, self._pool, self._parent)
        dialog.destroyed.connect(lambda: self._forget_sheet_dialog(dialog))
        self.sheet_dialog = dialog
        dialog.show()

    def _forget_sheet_dialog(self, dialog: QWidget) -> None:
        if self.sheet_dialog is dialog:
            self.sheet_dialog = None

    def print_charts(self) -> None:
        """File → Print progress charts…: the chart sheet, previewed, printed or saved."""
        from journal.ui.progress import ChartSheetDialog

        journal = self._journal()
        if journal is None:
            return
        if self.chart_dialog is not None:
            self.chart_dialog.close()
        dialog = ChartSheetDialog(journal, self._pool, self._parent)
        dialog.destroyed.connect(self._on_chart_dialog_destroyed)
        self.chart_dialog = dialog
        dialog.show()

    def _on_chart_dialog_destroyed(self) -> None:
        self.chart_dialog = None

    def close_chart_dialog(self) -> None:
        """The journal is closing: its chart sheet stops measuring and goes."""
        if self.chart_dialog is not None:
            self.chart_dialog.close()

    def show_preferences(self) -> None:
        from journal.ui.window.preferences import PreferencesDialog

        self.preferences = PreferencesDialog(self._journal(), self._settings, self._parent)
        self.preferences.show()

    def show_shortcuts(self, menus: Iterable[QMenu], compare_actions: Callable[[], list[QAction]]) -> None:
        """Help → Keyboard shortcuts: the menus' keys, then the compare page's (built for it if
        need be), the photo viewer's, the capture page's, the region editor's and the zoom keys."""
        from journal.ui.capture import capture_actions
        from journal.ui.progress import RegionEditor
        from journal.ui.session import PhotoViewer
        from journal.ui.window.shortcuts import (
            ShortcutsDialog,
            action_rows,
            menu_sections,
            merged,
            table_rows,
            zoom_section,
        )

        if self.shortcuts is not None:
            self.shortcuts.raise_()
            return
        sections = menu_sections(menus)
        sections.append((self.tr("Compare"), action_rows(compare_actions())))
        holder = QObject()
        sections.append((self.tr("Photo viewer"), action_rows(PhotoViewer.make_actions(holder).values())))
        sections.append((self.tr("Take photos"), action_rows(capture_actions(holder).values())))
        regions = action_rows(RegionEditor.make_actions(holder).values())
        regions += table_rows(RegionEditor.canvas_keys(), "RegionCanvas")
        sections.append((self.tr("Redness regions"), merged(regions)))
        holder.deleteLater()
        sections.append(zoom_section(self.tr("Zoomed photos (Compare and the photo viewer)")))
        self.shortcuts = ShortcutsDialog([s for s in sections if s[1]], self._parent)
        self.shortcuts.destroyed.connect(self._on_shortcuts_destroyed)
        self.shortcuts.show()

    def _on_shortcuts_destroyed(self) -> None:
        self.shortcuts = None

"""The main window: the timeline on the left, the open session on the right, menus around."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSettings, Qt, QThreadPool, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from journal import APP_NAME, __version__
from journal.core.journal import Journal
from journal.core.models import Angle, JournalEvent, Kind
from journal.ui.bridge import JournalBridge
from journal.ui.file_actions import FileActions
from journal.ui.importer import ImportController, ImportProgress, ImportReport, ImportSummary
from journal.ui.opening import JournalOpener
from journal.ui.photo_viewer import PhotoViewer
from journal.ui.session_page import SessionPage
from journal.ui.thumbnails import ThumbnailLoader
from journal.ui.timeline import SessionIdRole, TimelineDelegate, TimelineModel
from journal.ui.trash_dialog import TrashDialog
from journal.ui.undo import NewSession, TrashSession
from journal.ui.welcome import WelcomePage

PHOTO_FILTER = (
    "Photos (*.jpg *.jpeg *.png *.heic *.heif *.webp *.tif *.tiff *.avif *.JPG *.JPEG *.HEIC);;All files (*)"
)


class MainWindow(QMainWindow):
    """Signals:
    journalChanged(object): the open Journal, or None.
    """

    journalChanged = Signal(object)

    def __init__(
        self, settings: QSettings, cache_root: Path, default_folder: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.journal: Journal | None = None
        self._temporary = False
        self._bridge: JournalBridge | None = None
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)
        self.thumbnails = ThumbnailLoader(parent=self)
        self.undo_stack = QUndoStack(self)
        self.importer = ImportController(self)
        self.importer.finished.connect(self._on_importer_finished)
        self.opener = JournalOpener(self, cache_root, self.pool)
        self.opener.opened.connect(self.set_journal)
        self.opener.quitRequested.connect(self.close)
        self.opener.failed.connect(self._on_opener_failed)
        self.files = FileActions(self, lambda: self.journal, self.pool)
        self.files.restored.connect(lambda folder: self.opener.open(folder))
        self.viewers: list[PhotoViewer] = []
        self.report: ImportReport | None = None
        self.trash_dialog: TrashDialog | None = None

        self.setWindowTitle(APP_NAME)
        self.setAcceptDrops(True)
        self.stack = QStackedWidget()
        self.welcome = WelcomePage(default_folder)
        self.welcome.createRequested.connect(self.opener.create)
        self.welcome.demoRequested.connect(self.opener.open_demo)
        self.welcome.openRequested.connect(self.choose_journal_folder)
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(self._journal_view())
        self.setCentralWidget(self.stack)
        self.import_progress = ImportProgress(self.importer)
        self.statusBar().addPermanentWidget(self.import_progress)
        self._make_menus()
        self._restore_window_state()
        self._update_actions()

    # ----------------------------------------------------------------- building

    def _journal_view(self) -> QWidget:
        view = QWidget()
        layout = QVBoxLayout(view)
        layout.setContentsMargins(0, 0, 0, 0)
        self.banner_area = QVBoxLayout()
        self.read_only_banner = QLabel()
        self.read_only_banner.setWordWrap(True)
        self.read_only_banner.setStyleSheet("background: #fff3cd; color: #5c4400; padding: 6px;")
        self.read_only_banner.hide()
        self.banner_area.addWidget(self.read_only_banner)
        layout.addLayout(self.banner_area)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(6, 6, 0, 6)
        header = QHBoxLayout()
        header.addWidget(QLabel(self.tr("<b>Sessions</b>")))
        header.addStretch(1)
        self.order_button = QToolButton()
        self.order_button.setCheckable(True)
        self.order_button.setChecked(True)
        self.order_button.toggled.connect(self._on_order_button_toggled)
        header.addWidget(self.order_button)
        left_layout.addLayout(header)
        self.timeline_model = TimelineModel(self.thumbnails, self)
        self.timeline = QListView()
        self.timeline.setModel(self.timeline_model)
        self.timeline.setItemDelegate(TimelineDelegate(self.timeline))
        self.timeline.setUniformItemSizes(True)
        self.timeline.setSelectionMode(QListView.SelectionMode.SingleSelection)
        self.timeline.setAcceptDrops(True)
        self.timeline.setDropIndicatorShown(True)
        self.timeline.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.timeline.setMinimumWidth(260)
        self.timeline.setAccessibleName(self.tr("Sessions"))
        self.timeline.selectionModel().currentChanged.connect(self._on_timeline_current_changed)
        self.timeline.viewport().installEventFilter(self)
        left_layout.addWidget(self.timeline, 1)
        self.splitter.addWidget(left)
        self.session_page = SessionPage(self.thumbnails, self.undo_stack)
        self.session_page.importRequested.connect(self.import_into_current)
        self.session_page.addPhotosRequested.connect(self.add_photos)
        self.session_page.openPhotoRequested.connect(self.open_photo)
        self.splitter.addWidget(self.session_page)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([320, 900])
        layout.addWidget(self.splitter, 1)
        self._update_order_button()
        return view

    def _action(
        self, text: str, slot: Any, shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _make_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        self.new_journal_action = self._action(self.tr("&New journal…"), self.show_new_journal_form)
        self.open_journal_action = self._action(
            self.tr("&Open journal…"), self.choose_journal_folder, QKeySequence.StandardKey.Open
        )
        self.open_demo_action = self._action(self.tr("Open &demo journal"), self.opener.open_demo)
        self.backup_action = self._action(self.tr("&Back up…"), self.files.back_up)
        self.restore_action = self._action(self.tr("&Restore…"), self.files.restore)
        self.export_action = self._action(self.tr("&Export as folder…"), self.files.export)
        self.show_folder_action = self._action(self.tr("&Show journal folder"), self.show_journal_folder)
        self.quit_action = self._action(self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)
        for item in (
            self.new_journal_action,
            self.open_journal_action,
            self.open_demo_action,
            None,
            self.backup_action,
            self.restore_action,
            self.export_action,
            None,
            self.show_folder_action,
            None,
            self.quit_action,
        ):
            file_menu.addSeparator() if item is None else file_menu.addAction(item)

        edit_menu = bar.addMenu(self.tr("&Edit"))
        self.undo_action = self.undo_stack.createUndoAction(self, self.tr("&Undo"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, self.tr("&Redo"))
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)

        session_menu = bar.addMenu(self.tr("&Session"))
        self.new_session_action = self._action(
            self.tr("&New session"), lambda: self.new_session(Kind.TREATMENT), "Ctrl+N"
        )
        self.new_checkin_action = self._action(
            self.tr("New &check-in (photos only)"), lambda: self.new_session(Kind.CHECK_IN), "Ctrl+Shift+N"
        )
        self.add_photos_action = self._action(self.tr("&Add photos…"), self.add_photos, "Ctrl+I")
        self.delete_session_action = self._action(self.tr("&Delete session"), self.delete_session)
        for action in (self.new_session_action, self.new_checkin_action, self.add_photos_action):
            session_menu.addAction(action)
        session_menu.addSeparator()
        session_menu.addAction(self.delete_session_action)
        self.timeline.addAction(self.add_photos_action)
        self.timeline.addAction(self.delete_session_action)

        view_menu = bar.addMenu(self.tr("&View"))
        self.newest_first_action = QAction(self.tr("&Newest first"), self, checkable=True)
        self.newest_first_action.setChecked(True)
        self.newest_first_action.toggled.connect(self.order_button.setChecked)
        self.trash_action = self._action(self.tr("&Trash…"), self.show_trash)
        view_menu.addAction(self.newest_first_action)
        view_menu.addSeparator()
        view_menu.addAction(self.trash_action)
        self.view_menu = view_menu

        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self._action(self.tr("&About Progress Journal"), self.show_about))

    # ----------------------------------------------------------------- journals

    def set_journal(self, journal: Journal | None, temporary: bool = False) -> None:
        """Show `journal` (closing the one shown before)."""
        self._close_journal()
        self.journal = journal
        self._temporary = temporary
        self.thumbnails.set_source(journal.cache if journal else None, journal.folder if journal else None)
        if journal is not None:
            self._bridge = JournalBridge(journal, self)
            self._bridge.changed.connect(self._on_journal_changed)
            if not temporary:
                self.settings.setValue("journal/last", str(journal.folder))
        self.timeline_model.set_journal(journal)
        self.session_page.set_journal(journal)
        self.read_only_banner.setVisible(bool(journal and journal.read_only))
        self.read_only_banner.setText(
            self.tr(
                "Read-only: this journal is open in another window, or its folder cannot be written. Changes are off."
            )
        )
        self.stack.setCurrentIndex(1 if journal else 0)
        if journal is None:
            self.welcome.reset()
        title = f"{journal.settings.name} — {APP_NAME}" if journal else APP_NAME
        self.setWindowTitle(title + (self.tr(" (demo)") if temporary else ""))
        self.opener.set_startup(False)
        self._select_row(0)
        self._update_actions()
        self.journalChanged.emit(journal)

    def _close_journal(self) -> None:
        if self.journal is None:
            return
        self.session_page.form.flush()
        if self.importer.busy:
            self.importer.cancel()
        self.importer.wait()
        for viewer in list(self.viewers):
            viewer.close()
        self.pool.waitForDone(30_000)
        self.thumbnails.wait_idle()
        if self._bridge is not None:
            self._bridge.detach()
            self._bridge.deleteLater()
            self._bridge = None
        self.undo_stack.clear()
        folder = self.journal.folder
        self.journal.close()
        self.journal = None
        if self._temporary:
            self.opener.discard_temporary(folder)

    def choose_journal_folder(self) -> None:
        dialog = QFileDialog(self, self.tr("Open a journal folder"))
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.fileSelected.connect(lambda path: self.opener.open(Path(path)))
        dialog.open()

    def show_new_journal_form(self) -> None:
        self._close_journal()
        self.set_journal(None)
        self.welcome.stack.setCurrentIndex(1)

    def show_journal_folder(self) -> None:
        if self.journal is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.journal.folder)))

    def _on_opener_failed(self, message: str) -> None:
        if self.journal is None and self.stack.currentIndex() == 0 and self.welcome.stack.currentIndex() == 1:
            self.welcome.show_error(message)

    def _on_journal_changed(self, event: JournalEvent) -> None:
        self.timeline_model.on_journal_event(event)
        self.session_page.on_journal_event(event)
        if event.kind == "session-added" and event.session_id is not None:
            self.select_session(event.session_id)
        if event.kind in ("session-removed", "trash-emptied") and self.session_page.session is None:
            self._select_row(0)
        if event.kind == "photo-removed" and event.photo_id is not None:
            self.thumbnails.forget(event.photo_id)
        self._update_actions()

    # ----------------------------------------------------------------- sessions

    def current_session_id(self) -> int | None:
        index = self.timeline.currentIndex()
        return int(index.data(SessionIdRole)) if index.isValid() else None

    def select_session(self, session_id: int) -> None:
        row = self.timeline_model.row_of(session_id)
        if row is not None:
            self._select_row(row)

    def _select_row(self, row: int) -> None:
        if 0 <= row < self.timeline_model.rowCount():
            index = self.timeline_model.index(row, 0)
            self.timeline.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
            self.timeline.scrollTo(index)
        else:
            self.session_page.show_session(None)

    def _on_timeline_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.session_page.show_session(int(current.data(SessionIdRole)) if current.isValid() else None)
        self._update_actions()

    def new_session(self, kind: Kind) -> int | None:
        if self.journal is None or self.journal.read_only:
            return None
        command = NewSession(self.journal, dt.date.today(), kind)
        self.undo_stack.push(command)
        if command.session_id is not None:
            self.select_session(command.session_id)
        return command.session_id

    def delete_session(self) -> None:
        session_id = self.current_session_id()
        if self.journal is None or session_id is None or self.journal.read_only:
            return
        row = self.timeline.currentIndex().row()
        self.undo_stack.push(TrashSession(self.journal, session_id))
        self._select_row(min(row, self.timeline_model.rowCount() - 1))
        self.statusBar().showMessage(
            self.tr("Session moved to the trash (Edit → Undo, or View → Trash, brings it back)."), 8000
        )

    def _on_order_button_toggled(self, newest_first: bool) -> None:
        current = self.current_session_id()
        self.timeline_model.set_newest_first(newest_first)
        self.settings.setValue("timeline/newest_first", newest_first)
        self.newest_first_action.setChecked(newest_first)
        self._update_order_button()
        if current is not None:
            self.select_session(current)

    def _update_order_button(self) -> None:
        newest = self.order_button.isChecked()
        self.order_button.setText(self.tr("Newest first") if newest else self.tr("Oldest first"))
        self.order_button.setToolTip(self.tr("Click to list the sessions the other way round"))

    # ----------------------------------------------------------------- photos

    def add_photos(self) -> None:
        if self.journal is None or self.journal.read_only:
            return
        dialog = QFileDialog(self, self.tr("Add photos"), "", PHOTO_FILTER)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.filesSelected.connect(lambda paths: self.import_into_current(list(paths), None))
        dialog.open()

    def import_into_current(self, paths: list[str], angle: Angle | None) -> bool:
        """Import into the selected session (a new one dated today when there is none)."""
        if self.journal is None or self.journal.read_only or not paths:
            return False
        if self.importer.busy:
            self.statusBar().showMessage(
                self.tr("An import is already running; try again when it is done."), 6000
            )
            return False
        session_id = self.current_session_id() or self.new_session(Kind.TREATMENT)
        if session_id is None:
            return False
        return self.importer.start(self.journal, paths, session_id, angle)

    def _on_importer_finished(self, summary: ImportSummary) -> None:
        self.statusBar().showMessage(
            self.tr("Import: {headline}.").format(headline=summary.headline()), 10_000
        )
        if summary.needs_report:
            if self.report is not None:
                self.report.close()
            self.report = ImportReport(summary, self)
            self.report.destroyed.connect(lambda: setattr(self, "report", None))
            self.report.show()

    def open_photo(self, photo_id: int) -> None:
        if self.journal is None:
            return
        viewer = PhotoViewer(self.journal, self.journal.photo(photo_id), self.pool, self)
        self.viewers.append(viewer)
        viewer.destroyed.connect(lambda: self.viewers.remove(viewer) if viewer in self.viewers else None)
        viewer.show()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and self.journal is not None and not self.journal.read_only:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths and self.import_into_current(paths, None):
            event.acceptProposedAction()

    def eventFilter(self, watched: Any, event: Any) -> bool:
        """Files dropped on a timeline row go into that session."""
        droppable = event.type() in (event.Type.DragEnter, event.Type.DragMove, event.Type.Drop)
        if watched is not self.timeline.viewport() or not droppable:
            return super().eventFilter(watched, event)
        writable = self.journal is not None and not self.journal.read_only
        if event.type() != event.Type.Drop:
            if event.mimeData().hasUrls() and writable:
                event.acceptProposedAction()
                return True
            return super().eventFilter(watched, event)
        if not event.mimeData().hasUrls():
            return super().eventFilter(watched, event)
        index = self.timeline.indexAt(event.position().toPoint())
        if index.isValid():
            self._select_row(index.row())
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if self.import_into_current(paths, None):
            event.acceptProposedAction()
        return True

    # ----------------------------------------------------------------- misc

    def show_trash(self) -> None:
        if self.journal is None:
            return
        if self.trash_dialog is not None:
            self.trash_dialog.raise_()
            return
        self.trash_dialog = TrashDialog(self.journal, self)
        self.trash_dialog.emptied.connect(self.undo_stack.clear)
        self.trash_dialog.destroyed.connect(lambda: setattr(self, "trash_dialog", None))
        self.trash_dialog.show()

    def show_about(self) -> None:
        box = QMessageBox(self)
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

    def _update_actions(self) -> None:
        has = self.journal is not None
        writable = has and not self.journal.read_only  # type: ignore[union-attr]
        session = self.current_session_id() is not None
        for action in (self.new_session_action, self.new_checkin_action):
            action.setEnabled(writable)
        self.add_photos_action.setEnabled(writable)
        self.delete_session_action.setEnabled(writable and session)
        for action in (self.backup_action, self.export_action, self.show_folder_action, self.trash_action):
            action.setEnabled(has)

    def _restore_window_state(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 820)
        splitter = self.settings.value("window/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        newest = self.settings.value("timeline/newest_first", True, type=bool)
        self.order_button.setChecked(bool(newest))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        self._close_journal()
        self.opener.cleanup()
        self.settings.sync()
        super().closeEvent(event)

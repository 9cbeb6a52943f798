"""The main window: the timeline on the left, the open session on the right, menus around.

Start-up is in two steps so the window appears at once, whatever the size of the journal:
the constructor builds a light shell (menu titles, status bar, an "opening" message) and
`finish_setup()` builds the rest and imports what it needs. `run_app` calls it right after the
first paint; tests and other callers get it at once (`deferred=False`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

# Only what the start-up shell needs is imported here; the rest loads in finish_setup() or on
# first use. (PySide builds each Qt type on first import: the Qt enum namespace alone costs ~20 ms.)
from PySide6.QtCore import QModelIndex, QSettings, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QStackedWidget, QWidget

from journal import APP_NAME

if TYPE_CHECKING:
    from journal.core.journal import Journal
    from journal.core.models import Angle, JournalEvent, Kind
    from journal.ui.compare.view import CompareView
    from journal.ui.importing.controller import ImportSummary
    from journal.ui.importing.report import ImportReport
    from journal.ui.shared.bridge import JournalBridge
    from journal.ui.window.welcome import WelcomePage

PHOTO_FILTER = (
    "Photos (*.jpg *.jpeg *.png *.heic *.heif *.webp *.tif *.tiff *.avif *.JPG *.JPEG *.HEIC);;All files (*)"
)


class MainWindow(QMainWindow):
    """Signals:
    journalChanged(object): the open Journal, or None.
    """

    journalChanged = Signal(object)

    def __init__(
        self,
        settings: QSettings,
        cache_root: Path | None,
        default_folder: Path | None,
        parent: QWidget | None = None,
        deferred: bool = False,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.journal: Journal | None = None
        self._cache_root = cache_root
        self._default_folder = default_folder
        self._temporary = False
        self._bridge: JournalBridge | None = None
        self._welcome: WelcomePage | None = None
        self.report: ImportReport | None = None
        self.ready = False

        self.setWindowTitle(APP_NAME)
        self.setAcceptDrops(True)
        bar = self.menuBar()
        self.file_menu = bar.addMenu(self.tr("&File"))
        self.edit_menu = bar.addMenu(self.tr("&Edit"))
        self.session_menu = bar.addMenu(self.tr("&Session"))
        self.view_menu = bar.addMenu(self.tr("&View"))
        self.help_menu = bar.addMenu(self.tr("&Help"))
        self.stack = QStackedWidget()
        self.opening_label = QLabel(self.tr("<div align='center'>Opening your journal…</div>"))
        self.stack.addWidget(self.opening_label)
        self.setCentralWidget(self.stack)
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 820)
        if not deferred:
            self.finish_setup()

    def finish_setup(self, cache_root: Path | None = None, default_folder: Path | None = None) -> None:
        """Everything beyond the shell: the timeline, the session page, actions, workers."""
        if self.ready:
            return
        self._cache_root = cache_root or self._cache_root
        self._default_folder = default_folder or self._default_folder
        assert self._cache_root is not None and self._default_folder is not None
        from PySide6.QtCore import QThreadPool
        from PySide6.QtGui import QUndoStack

        from journal.ui.compare.eyes import EyeWorker
        from journal.ui.importing.controller import ImportController
        from journal.ui.importing.progress import ImportProgress
        from journal.ui.shared.thumbnails import ThumbnailLoader
        from journal.ui.window.actions import WindowActions
        from journal.ui.window.journal_view import JournalView
        from journal.ui.window.opening import JournalOpener

        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)
        self.thumbnails = ThumbnailLoader(parent=self)
        self.undo_stack = QUndoStack(self)
        self.eyes = EyeWorker(self)
        self._compare: CompareView | None = None
        self.importer = ImportController(self)
        self.importer.finished.connect(self._on_importer_finished)
        self.opener = JournalOpener(self, self._cache_root, self.pool)
        self.opener.opened.connect(self.set_journal)
        self.opener.quitRequested.connect(self.close)
        self.opener.failed.connect(self._on_opener_failed)
        view = JournalView(self.thumbnails, self.undo_stack)
        self.journal_view = view
        self.read_only_banner, self.splitter, self.order_button = (
            view.read_only_banner,
            view.splitter,
            view.order_button,
        )
        self.timeline_model, self.timeline, self.session_page = (
            view.timeline_model,
            view.timeline,
            view.session_page,
        )
        self.order_button.toggled.connect(self._on_order_button_toggled)
        self.timeline.selectionModel().currentChanged.connect(self._on_timeline_current_changed)
        view.filesDropped.connect(self._on_view_files_dropped)
        self.session_page.importRequested.connect(self.import_into_current)
        self.session_page.addPhotosRequested.connect(self.add_photos)
        self.session_page.openPhotoRequested.connect(lambda photo_id: self.dialogs.open_photo(photo_id))
        self.stack.addWidget(view)
        self.import_progress = ImportProgress(self.importer)
        self.statusBar().addPermanentWidget(self.import_progress)
        from journal.ui.window.dialogs import WindowDialogs

        self.dialogs = WindowDialogs(self)
        self.actions = WindowActions(self)
        from journal.core.models import Kind
        from journal.ui.reminders.banner import ReminderBanner
        from journal.ui.reminders.controller import ReminderController

        self.banner = ReminderBanner()
        view.add_banner(self.banner)
        self.reminders = ReminderController(self.banner, self.settings, self.windowIcon(), parent=self)
        self.banner.logSession.connect(lambda: self.new_session(Kind.TREATMENT))
        self.banner.takeCheckIn.connect(lambda: (self.new_session(Kind.CHECK_IN), self.add_photos()))
        self.banner.moveDate.connect(self.dialogs.move_next_date)
        self.banner.snooze.connect(self.reminders.snooze)
        self.reminders.openRequested.connect(self.bring_to_front)
        self.reminders.quitRequested.connect(self.quit_for_real)
        self._quitting = False
        splitter = self.settings.value("window/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        self.order_button.setChecked(bool(self.settings.value("timeline/newest_first", True, type=bool)))
        self.ready = True
        self._update_actions()

    @property
    def welcome(self) -> WelcomePage:
        """The first-run page, built when it is first shown."""
        if self._welcome is None:
            from journal.ui.window.welcome import WelcomePage

            self._welcome = WelcomePage(self._default_folder)
            self._welcome.createRequested.connect(self.opener.create)
            self._welcome.demoRequested.connect(self.opener.open_demo)
            self._welcome.openRequested.connect(self.choose_journal_folder)
            self.stack.addWidget(self._welcome)
        return self._welcome

    # ----------------------------------------------------------------- journals

    def set_journal(self, journal: Journal | None, temporary: bool = False) -> None:
        """Show `journal` (closing the one shown before)."""
        self._close_journal()
        self.journal = journal
        self._temporary = temporary
        self.thumbnails.set_source(journal.cache if journal else None, journal.folder if journal else None)
        if journal is not None:
            from journal.ui.shared.bridge import JournalBridge

            self._bridge = JournalBridge(journal, self)
            self._bridge.changed.connect(self._on_journal_changed)
            if not temporary:
                self.settings.setValue("journal/last", str(journal.folder))
        self.timeline_model.set_journal(journal)
        self.session_page.set_journal(journal)
        self.eyes.set_journal(journal)
        self.reminders.set_journal(journal)
        if self._compare is not None:
            self._compare.set_journal(journal)
        if journal is not None:  # eye points for older photos, quietly, for the compare view
            self.eyes.request([p.id for p in journal.photos() if not p.eyes_checked])
        self.read_only_banner.setVisible(bool(journal and journal.read_only))
        self.journal_view.writable = journal is not None and not journal.read_only
        if journal is None:
            self.welcome.reset()
            self.stack.setCurrentWidget(self.welcome)
        else:
            self.stack.setCurrentWidget(self.journal_view)
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
        self.dialogs.close_viewers()
        self.eyes.set_journal(None)
        self.eyes.wait()
        if self._compare is not None:
            self._compare.store.wait()
            self._compare.set_journal(None)
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
        from PySide6.QtWidgets import QFileDialog

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
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        if self.journal is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.journal.folder)))

    def _on_opener_failed(self, message: str) -> None:
        if self.journal is not None:
            return
        if (
            self._welcome is not None
            and self.stack.currentWidget() is self._welcome
            and self._welcome.stack.currentIndex() == 1
        ):
            self._welcome.show_error(message)
        elif self.stack.currentWidget() is self.opening_label:
            self.set_journal(None)  # nothing could be opened at start-up: offer the choices

    def _on_journal_changed(self, event: JournalEvent) -> None:
        self.timeline_model.on_journal_event(event)
        self.session_page.on_journal_event(event)
        if event.kind == "session-added" and event.session_id is not None:
            self.select_session(event.session_id)
        if event.kind in ("session-removed", "trash-emptied") and self.session_page.session is None:
            self._select_row(0)
        if event.kind == "photo-removed" and event.photo_id is not None:
            self.thumbnails.forget(event.photo_id)
        if self._compare is not None:
            self._compare.on_journal_event(event)
        self.reminders.on_journal_event(event)
        self._update_actions()

    # ----------------------------------------------------------------- compare

    @property
    def compare(self) -> CompareView:
        """The compare page, built the first time it is shown."""
        if self._compare is None:
            from journal.ui.compare.view import CompareView

            self._compare = CompareView(self.eyes, self.undo_stack, self.pool)
            self._compare.backRequested.connect(self.show_journal_page)
            self._compare.set_journal(self.journal)
            self.stack.addWidget(self._compare)
        return self._compare

    def show_compare(self, after_session: int | None = None, before_session: int | None = None) -> None:
        """Compare two sessions (default: the first treatment against the latest session)."""
        if self.journal is None:
            return
        self.session_page.form.flush()
        self.stack.setCurrentWidget(self.compare)
        self.compare.reload()
        if after_session is not None or before_session is not None:
            self.compare.show_pair(before_session, after_session)
        self.compare.canvas.setFocus()

    def show_journal_page(self) -> None:
        if self.journal is not None:
            self.stack.setCurrentWidget(self.journal_view)

    # ----------------------------------------------------------------- sessions

    def current_session_id(self) -> int | None:
        index = self.timeline.currentIndex()
        return self.timeline_model.session_id(index)

    def select_session(self, session_id: int) -> None:
        row = self.timeline_model.row_of(session_id)
        if row is not None:
            self._select_row(row)

    def _select_row(self, row: int) -> None:
        from PySide6.QtCore import QItemSelectionModel

        if 0 <= row < self.timeline_model.rowCount():
            index = self.timeline_model.index(row, 0)
            self.timeline.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
            self.timeline.scrollTo(index)
        else:
            self.session_page.show_session(None)

    def _on_timeline_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.session_page.show_session(self.timeline_model.session_id(current))
        self._update_actions()

    def new_session(self, kind: Kind) -> int | None:
        from journal.ui.shared.undo import NewSession

        if self.journal is None or self.journal.read_only:
            return None
        command = NewSession(self.journal, dt.date.today(), kind)
        self.undo_stack.push(command)
        if command.session_id is not None:
            self.select_session(command.session_id)
        return command.session_id

    def delete_session(self) -> None:
        from journal.ui.shared.undo import TrashSession

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
        if current is not None:
            self.select_session(current)

    # ----------------------------------------------------------------- photos

    def add_photos(self) -> None:
        from PySide6.QtWidgets import QFileDialog

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
        from journal.core.models import Kind

        session_id = self.current_session_id() or self.new_session(Kind.TREATMENT)
        if session_id is None:
            return False
        return self.importer.start(self.journal, paths, session_id, angle)

    def _on_importer_finished(self, summary: ImportSummary) -> None:
        self.eyes.request([r.photo.id for r in summary.results if r.photo is not None])
        self.statusBar().showMessage(
            self.tr("Import: {headline}.").format(headline=summary.headline()), 10_000
        )
        if summary.needs_report:
            from journal.ui.importing.report import ImportReport

            if self.report is not None:
                self.report.close()
            self.report = ImportReport(summary, self)
            self.report.destroyed.connect(lambda: setattr(self, "report", None))
            self.report.show()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and self.journal is not None and not self.journal.read_only:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths and self.import_into_current(paths, None):
            event.acceptProposedAction()

    def _on_view_files_dropped(self, paths: list[str], row: int) -> None:
        """Files dropped on a timeline row go into that session."""
        if row >= 0:
            self._select_row(row)
        self.import_into_current(paths, None)

    # ----------------------------------------------------------------- misc

    def _update_actions(self) -> None:
        has = self.journal is not None
        writable = has and not self.journal.read_only  # type: ignore[union-attr]
        self.actions.update(has, writable, self.current_session_id() is not None)

    # ----------------------------------------------------------------- tray

    def bring_to_front(self) -> None:
        self.showNormal()
        self.raise_()
        self.activateWindow()

    def quit_for_real(self) -> None:
        self._quitting = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        keep_in_tray = (
            self.ready and self.reminders.has_tray and self.settings.value("tray/minimise", False, type=bool)
        )
        if keep_in_tray and not self._quitting:
            self.session_page.form.flush()
            self.hide()
            event.ignore()
            return
        self.settings.setValue("window/geometry", self.saveGeometry())
        if self.ready:
            self.settings.setValue("window/splitter", self.splitter.saveState())
            self._close_journal()
            self.opener.cleanup()
        self.settings.sync()
        super().closeEvent(event)

"""The open journal and what the window shows of it: which page is up, which session is
selected, new sessions, imports, and closing.

Imports are PhotoImports' (window/imports.py), following undo and redo UndoFollower's
(window/undo_follow.py), closing WindowCloser's (window/closing.py): it builds those and
delegates to them. Everything else it works with is built in journal.ui.window.factory and
handed in; it builds only the two pages that are made on first use (the welcome page and the
compare page, the latter through the callable it is given). Features reach it through its signals and public
methods, never through its attributes' attributes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QThreadPool,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QDesktopServices,
    QUndoStack,
)
from PySide6.QtWidgets import QFileDialog

from journal import APP_NAME
from journal.core.journal import Journal
from journal.core.models import EventKind, JournalEvent, Kind
from journal.ui.shared.bridge import JournalBridge
from journal.ui.shared.settings import Settings
from journal.ui.shared.thumbnails import ThumbnailLoader
from journal.ui.shared.undo import NewSession, TrashSession
from journal.ui.window.closing import WindowCloser
from journal.ui.window.imports import PhotoImports
from journal.ui.window.journal_view import JournalView
from journal.ui.window.main_window import MainWindow
from journal.ui.window.opening import JournalOpener
from journal.ui.window.undo_follow import UndoFollower

if TYPE_CHECKING:
    from journal.ui.compare import CompareView, EyeWorker
    from journal.ui.importing import ImportController
    from journal.ui.reminders import ReminderController
    from journal.ui.window.welcome import WelcomePage

OLDER_EYES_AFTER_MS = 1500


class Workspace(QObject):
    """Signals:
    journalChanged(object): the open Journal, or None.
    journalClosing(): a journal is about to close: finish what uses it (viewers, dialogs).
    journalEvent(JournalEvent): a change to the open journal, on the GUI thread, after the
        timeline, the session page, Compare and the reminders have followed it.
    stateChanged(bool, bool, bool): a journal is open, it can be changed, a session is selected.
    """

    journalChanged = Signal(object)
    journalClosing = Signal()
    journalEvent = Signal(object)
    stateChanged = Signal(bool, bool, bool)

    def __init__(
        self,
        window: MainWindow,
        settings: Settings,
        pool: QThreadPool,
        thumbnails: ThumbnailLoader,
        undo_stack: QUndoStack,
        eyes: EyeWorker,
        importer: ImportController,
        opener: JournalOpener,
        view: JournalView,
        reminders: ReminderController,
        make_compare: Callable[[], CompareView],
        default_folder: Path,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.settings = settings
        self.pool = pool
        self.thumbnails = thumbnails
        self.undo_stack = undo_stack
        self.eyes = eyes
        self.importer = importer
        self.opener = opener
        self.view = view
        self.reminders = reminders
        self._make_compare = make_compare
        self._default_folder = default_folder
        self.journal: Journal | None = None
        self._temporary = False
        self._bridge: JournalBridge | None = None
        self._welcome: WelcomePage | None = None
        self._compare: CompareView | None = None
        # Older photos' eyes are looked for quietly, for Compare, once the journal is on screen:
        # detection started at once would compete with the first paint of a large timeline.
        self._older_eyes = QTimer(self)
        self._older_eyes.setSingleShot(True)
        self._older_eyes.setInterval(OLDER_EYES_AFTER_MS)
        self._older_eyes.timeout.connect(self._on_older_eyes_timeout)
        self._state: tuple[bool, bool, bool] | None = None
        self.imports = PhotoImports(
            self, window, settings, eyes, importer, lambda: self.journal, self.current_session_id
        )
        self.undo_follower = UndoFollower(
            self, window, view, undo_stack, lambda: self.journal, self.current_session_id, self.select_session
        )
        self.closer = WindowCloser(
            self, window, settings, view, reminders, self._close_journal, opener.cleanup
        )

        opener.opened.connect(self.set_journal)
        opener.quitRequested.connect(window.close)
        opener.failed.connect(self._on_opener_failed)
        opener.createOffered.connect(self.start_journal_in)
        view.order_button.toggled.connect(self._on_order_button_toggled)
        view.timeline.selectionModel().currentChanged.connect(self._on_timeline_current_changed)
        view.filesDropped.connect(self._on_view_files_dropped)
        view.session_page.importRequested.connect(self.imports.import_into_current)
        view.session_page.addPhotosRequested.connect(self._on_session_page_add_photos_requested)
        view.session_page.newSessionRequested.connect(self.log_session)
        view.session_page.editRefused.connect(self._on_session_page_edit_refused)
        reminders.openRequested.connect(self.closer.bring_to_front)
        reminders.quitRequested.connect(self.closer.quit_for_real)
        window.pages.addWidget(view)
        splitter = settings.splitter_state
        if splitter is not None:
            view.splitter.restoreState(splitter)
        view.order_button.setChecked(settings.newest_first)

    # ----------------------------------------------------------------- pages

    @property
    def welcome(self) -> WelcomePage:
        """The first-run page, built when it is first shown."""
        if self._welcome is None:
            from journal.ui.window.welcome import WelcomePage

            self._welcome = WelcomePage(self._default_folder)
            self._welcome.createRequested.connect(self.opener.create)
            self._welcome.demoRequested.connect(self.opener.open_demo)
            self._welcome.openRequested.connect(self.choose_journal_folder)
            self.window.pages.addWidget(self._welcome)
        return self._welcome

    @property
    def compare(self) -> CompareView:
        """The compare page, built the first time it is shown."""
        if self._compare is None:
            self._compare = self._make_compare()
            self._compare.backRequested.connect(self.show_journal_page)
            self._compare.set_journal(self.journal)
            self.window.pages.addWidget(self._compare)
        return self._compare

    def show_compare(self, after_session: int | None = None, before_session: int | None = None) -> None:
        """Compare two sessions (default: the first treatment against the latest session)."""
        if self.journal is None:
            return
        self.view.session_page.form.flush()
        made = self._compare is None
        compare = self.compare
        self.window.pages.setCurrentWidget(compare)
        if not made:  # it does not follow the journal while hidden; a new one has just read it
            compare.reload()
        if after_session is not None or before_session is not None:
            compare.show_pair(before_session, after_session)
        compare.canvas.setFocus()

    def compare_sessions(self) -> None:
        """View → Compare sessions: the first treatment against the latest session."""
        self.show_compare()

    def show_compare_with_first(self) -> None:
        """The timeline's "Compare with the first treatment": the selected session as the after side."""
        self.show_compare(self.current_session_id())

    def show_journal_page(self) -> None:
        if self.journal is not None:
            self.window.pages.setCurrentWidget(self.view)

    # ----------------------------------------------------------------- journals

    def set_journal(self, journal: Journal | None, temporary: bool = False) -> None:
        """Show `journal` (closing the one shown before)."""
        self._close_journal()
        self.journal = journal
        self._temporary = temporary
        self.thumbnails.set_source(journal.cache if journal else None, journal.folder if journal else None)
        if journal is not None:
            self._bridge = JournalBridge(journal, self)
            self._bridge.changed.connect(self._on_bridge_changed)
            if not temporary:
                self.settings.last_journal = journal.folder
        self.view.timeline_model.set_journal(journal)
        self.view.session_page.set_journal(journal)
        self.eyes.set_journal(journal)
        self.reminders.set_journal(journal)
        if self._compare is not None:
            self._compare.set_journal(journal)
        if journal is not None:
            self._older_eyes.start()
        self.view.read_only_banner.setVisible(bool(journal and journal.read_only))
        self.view.writable = journal is not None and not journal.read_only
        if journal is None:
            self.welcome.reset()
            self.window.pages.setCurrentWidget(self.welcome)
        else:
            self.window.pages.setCurrentWidget(self.view)
        self.window.setWindowTitle(self._title(journal, temporary))
        self.opener.set_startup(False)
        self.select_row(0)
        self._update_state()
        self.journalChanged.emit(journal)
        if journal is not None:
            journal.summaries_shown()

    def _title(self, journal: Journal | None, temporary: bool) -> str:
        """The journal's name: the desktop adds " — Progress Journal" itself (the application's
        display name), so the title does not say it again."""
        if journal is None:
            return APP_NAME
        name = journal.settings.name
        if temporary and "demo" not in name.lower():
            name += self.tr(" (demo)")
        return name

    def _on_older_eyes_timeout(self) -> None:
        if self.journal is not None:  # eye points for older photos, quietly, for the compare view
            self.eyes.request(self.journal.photos_unchecked_for_eyes())

    def _close_journal(self) -> None:
        journal = self.journal
        if journal is None:
            return
        self._older_eyes.stop()
        self.view.session_page.form.flush()
        if self.importer.busy:
            self.importer.cancel()
        self.importer.wait()
        self.journalClosing.emit()
        self.eyes.set_journal(None)
        self.eyes.wait()
        self.reminders.set_journal(None)  # its timer must not read a closed journal
        if self._compare is not None:
            self._compare.close_journal()
        self.pool.waitForDone(30_000)
        self.thumbnails.wait_idle()
        if self._bridge is not None:
            self._bridge.detach()
            self._bridge.deleteLater()
            self._bridge = None
        self.undo_stack.clear()
        self.journal = None
        journal.close()
        if self._temporary:
            self.opener.discard_temporary(journal.folder)

    def choose_journal_folder(self) -> None:
        dialog = QFileDialog(self.window, self.tr("Open a journal folder"))
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.fileSelected.connect(self._on_folder_dialog_selected)
        dialog.open()

    def _on_folder_dialog_selected(self, path: str) -> None:
        self.opener.open(Path(path))

    def show_new_journal_form(self) -> None:
        """File → New journal…: the form, for the default folder."""
        self.set_journal(None)
        self.welcome.start_in(None)

    def start_journal_in(self, folder: Path) -> None:
        """The form for a journal in `folder` (an empty folder that was asked for by name)."""
        self.set_journal(None)
        self.welcome.start_in(folder)

    def show_journal_folder(self) -> None:
        if self.journal is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.journal.folder)))

    def _on_opener_failed(self, message: str) -> None:
        if self.journal is not None:
            return
        pages = self.window.pages
        if (
            self._welcome is not None
            and pages.currentWidget() is self._welcome
            and self._welcome.stack.currentIndex() == 1
        ):
            self._welcome.show_error(message)
        elif pages.currentWidget() is self.window.opening_page:
            self.set_journal(None)  # nothing could be opened at start-up: offer the choices

    def _on_bridge_changed(self, event: JournalEvent) -> None:
        self.view.timeline_model.on_journal_event(event)
        self.view.session_page.on_journal_event(event)
        if event.kind is EventKind.SESSION_ADDED and event.session_id is not None:
            self.select_session(event.session_id)
        if (
            event.kind in (EventKind.SESSION_REMOVED, EventKind.TRASH_EMPTIED)
            and self.view.session_page.session is None
        ):
            self.select_row(0)
        if event.kind is EventKind.PHOTO_REMOVED and event.photo_id is not None:
            self.thumbnails.forget(event.photo_id)
        if self._compare is not None:
            self._compare.on_journal_event(event)
        self.reminders.on_journal_event(event)
        self._update_state()
        self.journalEvent.emit(event)

    # ----------------------------------------------------------------- sessions

    def current_session_id(self) -> int | None:
        return self.view.timeline_model.session_id(self.view.timeline.currentIndex())

    def select_session(self, session_id: int) -> None:
        row = self.view.timeline_model.row_of(session_id)
        if row is not None:
            self.select_row(row)

    def select_row(self, row: int) -> None:
        model, timeline = self.view.timeline_model, self.view.timeline
        if 0 <= row < model.rowCount():
            index = model.index(row, 0)
            timeline.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            timeline.scrollTo(index)
        else:
            self.view.session_page.show_session(None)

    def _on_timeline_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.view.session_page.show_session(self.view.timeline_model.session_id(current))
        self._update_state()

    def log_session_today(self) -> None:
        """The reminder's "Log the session now": a treatment dated today, unless one was
        logged today and is still empty (then that one is shown: its photos are what is missing)."""
        started = self.reminders.started
        if started is not None and self.view.timeline_model.row_of(started.id) is not None:
            self.show_journal_page()
            self.select_session(started.id)
            return
        self.log_session()

    def log_session(self) -> int | None:
        """A treatment session dated today (Session → New session, the reminder's "Log the session now")."""
        return self.new_session(Kind.TREATMENT)

    def new_session(self, kind: Kind) -> int | None:
        if self.journal is None or self.journal.read_only:
            return None
        command = NewSession(self.journal, dt.date.today(), kind)
        self.undo_stack.push(command)
        if command.session_id is not None:
            self.select_session(command.session_id)
        return command.session_id

    def new_check_in(self) -> int | None:
        return self.new_session(Kind.CHECK_IN)

    def take_check_in_photos(self) -> None:
        """The reminder's "Take check-in photos now": Add photos, into today's check-in (made
        when the first photo lands: choosing none, or only duplicates, leaves no empty check-in)."""
        if self.journal is None or self.journal.read_only:
            return
        self.imports.add_photos_into(self.journal.import_target(dt.date.today(), Kind.CHECK_IN))

    def delete_session(self) -> None:
        session_id = self.current_session_id()
        if self.journal is None or session_id is None or self.journal.read_only:
            return
        row = self.view.timeline.currentIndex().row()
        self.undo_stack.push(TrashSession(self.journal, session_id))
        self.select_row(min(row, self.view.timeline_model.rowCount() - 1))
        self.window.statusBar().showMessage(
            self.tr("Session moved to the trash (Edit → Undo, or View → Trash, brings it back)."), 8000
        )

    def _on_order_button_toggled(self, newest_first: bool) -> None:
        current = self.current_session_id()
        self.view.timeline_model.set_newest_first(newest_first)
        self.settings.newest_first = newest_first
        if current is not None:
            self.select_session(current)

    # ----------------------------------------------------------------- photos

    def add_photos(self) -> None:
        """Session → Add photos…: into the selected session, else a new session dated today
        (made when the first photo lands)."""
        self.imports.add_photos_into(None)

    def _on_session_page_add_photos_requested(self) -> None:
        self.add_photos()

    def _on_session_page_edit_refused(self, reason: str) -> None:
        self.window.statusBar().showMessage(reason, 6000)

    def _on_view_files_dropped(self, paths: list[str], row: int) -> None:
        """Files dropped on a timeline row go into that session."""
        if row >= 0:
            self.select_row(row)
        self.imports.ask_angle_and_import(paths)

    # ----------------------------------------------------------------- state

    def _update_state(self) -> None:
        journal = self.journal
        has_session = self.current_session_id() is not None
        state = (journal is not None, journal is not None and not journal.read_only, has_session)
        if state != self._state:  # every journal event asks: an import sends one a photo
            self._state = state
            self.stateChanged.emit(*state)

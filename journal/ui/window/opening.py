"""Opening journals from the GUI, off the GUI thread, with a message a person can act on for
each failure (journal.ui.shared.failures says which):

- open in another window: offer to open read-only, or quit (cancel when a journal is open);
- missing or unreadable folder: say so;
- damaged database: offer the newest copy from backups/, then re-adopt newer photos;
- folder that cannot be written: offer read-only.

Opening runs migrations, crash recovery and the daily database copy, and restoring a copy
checks every photo: all of it in a worker, with a progress dialog when it takes a while.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from journal.core.errors import DamagedRow, JournalCorrupt, JournalError, NotAJournal
from journal.core.journal import Journal
from journal.core.models import JournalSettings
from journal.ui.shared.failures import Remedy, explain
from journal.ui.shared.workers import Progress, TaskRunner

SHOW_PROGRESS_AFTER_MS = 400  # a quick open shows no dialog at all


def make_opener(window: QWidget, cache_root: Path) -> JournalOpener:
    """The window's opener, with the pool for the window's general background work (opening,
    file actions, sheets, lighting), which the opener's `pool` gives the other parts."""
    pool = QThreadPool(window)
    pool.setMaxThreadCount(2)
    return JournalOpener(window, cache_root, pool)


class JournalOpener(QObject):
    """Signals:
    opened(Journal, bool): an open journal; True when it is a temporary demo copy.
    failed(str): nothing was opened (the user was told why, or chose to stop).
    quitRequested(): the user chose Quit in a dialog.
    createOffered(Path): the folder asked for holds no journal and nothing else; the user
        chose to start a journal in it (the new journal form, for that folder).
    """

    opened = Signal(object, bool)
    failed = Signal(str)
    quitRequested = Signal()
    createOffered = Signal(Path)

    def __init__(self, parent_widget: QWidget, cache_root: Path, pool: QThreadPool) -> None:
        super().__init__(parent_widget)
        self._widget = parent_widget
        self._cache_root = cache_root
        self.pool = pool
        self._runner = TaskRunner(pool, self)
        self._startup = True
        self._attempt = 0  # only the latest open counts; an earlier one that lands is closed
        self.temporary_folders: list[Path] = []
        self.last_dialog: QMessageBox | None = None
        self.progress: QProgressDialog | None = None

    def set_startup(self, startup: bool) -> None:
        """At start-up a refusal can only mean Quit; later it means Cancel."""
        self._startup = startup

    @property
    def busy(self) -> bool:
        """A journal is being opened (or a copy restored, or the demo built) right now."""
        return self._runner.pending() > 0

    # ----------------------------------------------------------------- open

    def open(self, folder: Path, read_only: bool = False) -> None:
        cache_root = self._cache_root

        def work(_progress: Progress) -> Journal:
            journal = Journal.open(folder, cache_root, read_only=read_only)
            try:
                journal.read_summaries_ahead()  # the timeline's rows; a damaged one is said now
            except DamagedRow as exc:
                from journal.core.dbbackups import usable_backups

                journal.close()
                raise JournalCorrupt(folder, exc.reason, usable_backups(folder)) from exc
            return journal

        self._run(work, self.tr("Opening the journal…"), lambda error: self._explain(folder, error))

    def create(self, folder: Path, settings: JournalSettings) -> None:
        """A new journal is an empty database: made at once, on the GUI thread."""
        try:
            if folder.exists() and any(folder.iterdir()):
                raise JournalError(f"choose a new or empty folder; {folder} already holds files")
            journal = Journal.create(folder, settings, self._cache_root)
        except JournalError as exc:
            self.failed.emit(str(exc))
            return
        self.opened.emit(journal, False)

    def open_demo(self) -> None:
        """Build a fresh demo journal in a temporary folder (never the seed itself)."""
        folder = Path(tempfile.mkdtemp(prefix="progress-journal-demo-"))
        self.temporary_folders.append(folder)

        def work(progress: Progress) -> Journal:
            from journal.core.demo import build_demo  # Pillow and the seeds load only for the demo

            return build_demo(folder / "journal", folder / "cache", progress=progress)

        def not_built(error: JournalError) -> None:
            self._tell(self.tr("The demo could not be built."), str(error))

        self._run(work, self.tr("Preparing the demo journal…"), not_built, temporary=True, at_once=True)

    def discard_temporary(self, journal_folder: Path) -> None:
        """A demo journal was closed: delete its temporary folder (journal and cache)."""
        for folder in list(self.temporary_folders):
            if journal_folder.is_relative_to(folder):
                shutil.rmtree(folder, ignore_errors=True)
                self.temporary_folders.remove(folder)

    def cleanup(self) -> None:
        """At quit: stop a demo still being built, then delete every temporary folder."""
        self._runner.cancel_all()
        self._runner.wait(30)
        for folder in self.temporary_folders:
            shutil.rmtree(folder, ignore_errors=True)
        self.temporary_folders.clear()

    def _run(
        self,
        work: Callable[[Progress], Journal],
        label: str,
        failed: Callable[[JournalError], None],
        temporary: bool = False,
        at_once: bool = False,
    ) -> None:
        """Open in a worker; the progress dialog shows if it takes a while (`at_once`: at once)."""
        self._attempt += 1
        attempt = self._attempt
        shown: list[QProgressDialog] = []
        told = [0, 0]  # done, total: what the dialog shows when it comes

        def show_progress() -> None:
            # Made only when shown (a quick open shows no dialog: 6 ms saved at every start).
            # Qt shows a progress dialog by itself only when told a value; opening tells none.
            progress = QProgressDialog(label, "", 0, told[1], self._widget)
            progress.setCancelButton(None)
            progress.setWindowTitle(self.tr("Progress Journal"))
            progress.setWindowModality(Qt.WindowModality.WindowModal)
            progress.setMinimumDuration(0)
            if told[1]:
                progress.setValue(told[0])
            shown.append(progress)
            self.progress = progress
            progress.open()

        later = QTimer(self)
        later.setSingleShot(True)
        later.timeout.connect(show_progress)

        def on_progress(done: int, total: int) -> None:
            told[:] = [done, total]
            for progress in shown:
                progress.setMaximum(total)
                progress.setValue(done)

        def put_away() -> None:
            later.stop()
            later.deleteLater()
            for progress in shown:
                progress.close()
                progress.deleteLater()
                if self.progress is progress:
                    self.progress = None

        def opened(journal: Journal) -> None:
            put_away()
            if attempt != self._attempt:  # another open was asked for meanwhile: that one counts
                journal.close()
                return
            self.opened.emit(journal, temporary)

        def not_opened(error: JournalError) -> None:
            put_away()
            if attempt == self._attempt:
                failed(error)

        self._runner.start(work, done=opened, failed=not_opened, cancelled=put_away, progress=on_progress)
        if at_once:
            show_progress()
        else:
            later.start(SHOW_PROGRESS_AFTER_MS)

    # ----------------------------------------------------------------- what went wrong

    def _explain(self, folder: Path, error: JournalError) -> None:
        failure = explain(error)
        if isinstance(error, NotAJournal) and _is_empty_folder(folder):
            self._ask(
                self.tr("There is no journal in this folder yet."),
                self.tr("{folder} is empty. Start a new journal in it?").format(folder=folder),
                [(self.tr("Start a journal here…"), lambda: self.createOffered.emit(folder))],
            )
        elif failure.remedy is Remedy.OPEN_READ_ONLY:
            self._ask(
                failure.title, failure.text, [(self.tr("Open read-only"), lambda: self.open(folder, True))]
            )
        elif failure.remedy is Remedy.RESTORE_DATABASE_COPY and isinstance(error, JournalCorrupt):
            self._offer_backup(folder, error, failure.title)
        else:
            self._tell(failure.title, failure.text)

    def _offer_backup(self, folder: Path, error: JournalCorrupt, title: str) -> None:
        newest = error.backups[0]
        made = dt.datetime.fromtimestamp(newest.stat().st_mtime)
        self._ask(
            title,
            self.tr(
                "{error}\n\nThe journal keeps copies of its database. Restore the copy from {when}? "
                "The damaged file is kept beside it, and photos added since then are taken back in."
            ).format(error=error, when=f"{made:%d %b %Y %H:%M}"),
            [(self.tr("Restore that copy"), lambda: self._restore_copy(folder, newest))],
        )

    def _restore_copy(self, folder: Path, backup: Path) -> None:
        cache_root = self._cache_root

        def work(progress: Progress) -> Journal:
            from journal.core import dbbackups
            from journal.core.verify import verify

            def checked(done: int, total: int) -> None:
                progress(done, total)

            dbbackups.restore_database(folder, backup, dt.datetime.now())
            journal = Journal.open(folder, cache_root)
            try:
                # Adopt photos imported after the copy was made; every photo is checked, with progress.
                verify(journal, repair=True, progress=checked)
            except BaseException:
                journal.close()
                raise
            return journal

        def not_restored(error: JournalError) -> None:
            self._tell(self.tr("The copy could not be restored."), str(error))

        self._run(work, self.tr("Restoring the copy and checking the photos…"), not_restored, at_once=True)

    # ----------------------------------------------------------------- dialogs

    def _tell(self, title: str, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Progress Journal"), title, parent=self._widget)
        box.setInformativeText(text)
        box.addButton(QMessageBox.StandardButton.Ok)
        box.finished.connect(lambda _result: self.failed.emit(text))
        self.last_dialog = box
        box.open()

    def _ask(self, title: str, text: str, choices: list[tuple[str, Callable[[], None]]]) -> None:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Progress Journal"), title, parent=self._widget)
        box.setInformativeText(text)
        actions = {}
        for label, action in choices:
            actions[box.addButton(label, QMessageBox.ButtonRole.AcceptRole)] = action
        stop = box.addButton(
            self.tr("Quit") if self._startup else self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole
        )

        def decided(_result: int) -> None:
            clicked = box.clickedButton()
            if clicked in actions:
                actions[clicked]()
            elif clicked is stop and self._startup:
                self.quitRequested.emit()
            else:
                self.failed.emit(title)

        box.finished.connect(decided)
        self.last_dialog = box
        box.open()


def _is_empty_folder(folder: Path) -> bool:
    try:
        return folder.is_dir() and not any(folder.iterdir())
    except OSError:
        return False

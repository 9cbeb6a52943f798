"""Opening journals from the GUI, with a message a person can act on for each failure.

- open in another window: offer to open read-only, or quit (cancel when a journal is open);
- missing or unreadable folder: say so;
- damaged database: offer the newest copy from backups/, then re-adopt newer photos;
- folder that cannot be written: offer read-only.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QObject, QThreadPool, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from journal.core.errors import (
    JournalCorrupt,
    JournalError,
    JournalLocked,
    JournalNotFound,
    JournalReadOnly,
)
from journal.core.journal import Journal
from journal.core.models import JournalSettings
from journal.ui.shared.workers import Progress, TaskRunner


class JournalOpener(QObject):
    """Signals:
    opened(Journal, bool): an open journal; True when it is a temporary demo copy.
    failed(str): nothing was opened (the user was told why, or chose to stop).
    quitRequested(): the user chose Quit in a dialog.
    """

    opened = Signal(object, bool)
    failed = Signal(str)
    quitRequested = Signal()

    def __init__(self, parent_widget: QWidget, cache_root: Path, pool: QThreadPool) -> None:
        super().__init__(parent_widget)
        self._widget = parent_widget
        self._cache_root = cache_root
        self._runner = TaskRunner(pool, self)
        self._startup = True
        self.temporary_folders: list[Path] = []
        self.last_dialog: QMessageBox | None = None

    def set_startup(self, startup: bool) -> None:
        """At start-up a refusal can only mean Quit; later it means Cancel."""
        self._startup = startup

    # ----------------------------------------------------------------- open

    def open(self, folder: Path, read_only: bool = False) -> None:
        try:
            journal = Journal.open(folder, self._cache_root, read_only=read_only)
        except JournalLocked:
            self._ask(
                self.tr("This journal is open in another window."),
                self.tr(
                    "Only one window can change a journal at a time. You can look at it read-only "
                    "here, or close the other window first."
                ),
                [(self.tr("Open read-only"), lambda: self.open(folder, read_only=True))],
            )
            return
        except JournalReadOnly as exc:
            self._ask(
                self.tr("This journal folder cannot be written to."),
                str(exc),
                [(self.tr("Open read-only"), lambda: self.open(folder, read_only=True))],
            )
            return
        except JournalCorrupt as exc:
            self._offer_backup(folder, exc)
            return
        except JournalNotFound as exc:
            self._tell(self.tr("The journal could not be opened."), str(exc))
            return
        except JournalError as exc:
            self._tell(self.tr("The journal could not be opened."), str(exc))
            return
        self.opened.emit(journal, False)

    def create(self, folder: Path, settings: JournalSettings) -> None:
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
        progress = QProgressDialog(self.tr("Preparing the demo journal…"), "", 0, 0, self._widget)
        progress.setCancelButton(None)
        progress.setMinimumDuration(300)
        progress.setWindowTitle(self.tr("Progress Journal"))

        def work(progress: Progress) -> Journal:
            from journal.core.demo import build_demo  # Pillow and the seeds load only for the demo

            return build_demo(folder / "journal", folder / "cache", progress=progress)

        def built(journal: Journal) -> None:
            progress.close()
            self.opened.emit(journal, True)

        def not_built(error: JournalError) -> None:
            progress.close()
            self._tell(self.tr("The demo could not be built."), str(error))

        self._runner.start(work, done=built, failed=not_built, cancelled=progress.close)
        progress.open()

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

    # ----------------------------------------------------------------- damaged database

    def _offer_backup(self, folder: Path, exc: JournalCorrupt) -> None:
        if not exc.backups:
            self._tell(
                self.tr("The journal database is damaged."),
                self.tr(
                    "{error}\nThere is no copy in its backups folder. Restore a backup zip with File → Restore…."
                ).format(error=exc),
            )
            return
        newest = exc.backups[0]
        made = dt.datetime.fromtimestamp(newest.stat().st_mtime)
        self._ask(
            self.tr("The journal database is damaged."),
            self.tr(
                "{error}\n\nThe journal keeps copies of its database. Restore the copy from {when}? "
                "The damaged file is kept beside it, and photos added since then are taken back in."
            ).format(error=exc, when=f"{made:%d %b %Y %H:%M}"),
            [(self.tr("Restore that copy"), lambda: self._restore_copy(folder, newest))],
        )

    def _restore_copy(self, folder: Path, backup: Path) -> None:
        from journal.core import dbbackups
        from journal.core.verify import verify

        try:
            dbbackups.restore_database(folder, backup, dt.datetime.now())
            journal = Journal.open(folder, self._cache_root)
            verify(journal, repair=True)  # adopt photos imported after the copy was made
        except JournalError as exc:
            self._tell(self.tr("The copy could not be restored."), str(exc))
            return
        self.opened.emit(journal, False)

    # ----------------------------------------------------------------- dialogs

    def _tell(self, title: str, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Progress Journal"), title, parent=self._widget)
        box.setInformativeText(text)
        box.addButton(QMessageBox.StandardButton.Ok)
        box.finished.connect(lambda _result: self.failed.emit(text))
        self.last_dialog = box
        box.open()

    def _ask(self, title: str, text: str, choices: list[tuple[str, object]]) -> None:
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
                actions[clicked]()  # type: ignore[operator]
            elif clicked is stop and self._startup:
                self.quitRequested.emit()
            else:
                self.failed.emit(title)

        box.finished.connect(decided)
        self.last_dialog = box
        box.open()

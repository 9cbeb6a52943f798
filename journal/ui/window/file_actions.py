"""File menu work that takes a while: back up, restore, export. Off the GUI thread, with
progress and Cancel, and a plain message at the end."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from journal.core.errors import JournalError
from journal.core.journal import Journal
from journal.ui.shared.save_dialog import ask_save_path
from journal.ui.shared.workers import Progress, Task, TaskRunner


class FileActions(QObject):
    """Signals:
    restored(Path): a backup was restored into this folder (the window opens it).
    """

    restored = Signal(Path)

    def __init__(self, window: QWidget, journal: Callable[[], Journal | None], pool: QThreadPool) -> None:
        super().__init__(window)
        self._window = window
        self._journal = journal
        self._runner = TaskRunner(pool, self)
        self.last_message: QMessageBox | None = None
        self.last_progress: QProgressDialog | None = None

    # ----------------------------------------------------------------- actions

    def back_up(self) -> None:
        journal = self._journal()
        if journal is None:
            return
        ask_save_path(
            self._window,
            self.tr("Back up the journal to"),
            f"{journal.settings.name} backup.zip",
            [self.tr("Zip archives (*.zip)")],
            "zip",
            self.back_up_to,
        )

    def back_up_to(self, out: Path) -> None:
        journal = self._journal()
        if journal is None:
            return
        self._run(
            self.tr("Backing up…"),
            lambda progress: write_backup(journal, out, progress),
            lambda result: self._tell(
                self.tr("Backup written"), self.tr("The whole journal is in {path}.").format(path=result)
            ),
        )

    def restore(self) -> None:
        dialog = QFileDialog(
            self._window, self.tr("Choose a backup to restore"), "", self.tr("Zip archives (*.zip)")
        )
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(lambda path: self._choose_restore_target(Path(path)))
        dialog.open()

    def _choose_restore_target(self, archive: Path) -> None:
        dialog = QFileDialog(self._window, self.tr("Restore into an empty folder"))
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.fileSelected.connect(lambda folder: self.restore_into(archive, Path(folder)))
        dialog.open()

    def restore_into(self, archive: Path, folder: Path) -> None:
        self._run(
            self.tr("Checking and restoring the backup…"),
            lambda progress: restore_backup(archive, folder, progress),
            lambda result: self.restored.emit(Path(result)),
        )

    def export(self) -> None:
        if self._journal() is None:
            return
        dialog = QFileDialog(self._window, self.tr("Export into a new or empty folder"))
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.fileSelected.connect(lambda folder: self.export_to(Path(folder)))
        dialog.open()

    def export_to(self, folder: Path) -> None:
        journal = self._journal()
        if journal is None:
            return
        self._run(
            self.tr("Exporting…"),
            lambda progress: export_folder(journal, folder, progress),
            lambda result: self._tell(
                self.tr("Export written"),
                self.tr(
                    "Photos (without location or camera data), sessions.csv and journal.md are in {path}."
                ).format(path=result),
            ),
        )

    # ----------------------------------------------------------------- plumbing

    def _run(self, label: str, work: Callable[[Progress], Any], done: Callable[[Any], None]) -> Task[Any]:
        progress = QProgressDialog(label, self.tr("Cancel"), 0, 0, self._window)
        progress.setWindowTitle(self.tr("Progress Journal"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(200)
        progress.setAutoClose(False)

        def on_progress(value: int, total: int) -> None:
            progress.setMaximum(total)
            progress.setValue(value)

        def finished(result: Any) -> None:
            progress.close()
            done(result)

        def not_done(error: JournalError | None = None) -> None:
            progress.close()
            reason = str(error) if error is not None else self.tr("cancelled")
            self._tell(self.tr("Not done"), self.tr("Nothing was changed: {m}").format(m=reason))

        task = self._runner.start(
            work, done=finished, failed=not_done, cancelled=not_done, progress=on_progress
        )
        progress.canceled.connect(task.cancel)
        self.last_progress = progress
        progress.open()
        return task

    def _tell(self, title: str, text: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, self._window
        )
        self.last_message = box
        box.open()

    def wait(self, msecs: int = 60_000) -> bool:
        return self._runner.wait(msecs / 1000)


# The archive and export modules (zipfile, Pillow) load when they are first used, in the
# worker, not when the window starts.


def write_backup(journal: Journal, out: Path, progress: Progress) -> Path:
    from journal.core import archive

    return archive.write_backup(journal, out, progress)


def restore_backup(archive_path: Path, folder: Path, progress: Progress) -> Path:
    from journal.core import archive

    return archive.restore_backup(archive_path, folder, progress)


def export_folder(journal: Journal, folder: Path, progress: Progress) -> Path:
    from journal.core import export

    return export.export_folder(journal, folder, progress)

"""The film being saved: the worker that writes it, its progress bar and Cancel's effect, the
status line that says how it went, and the message when it was not saved.

The dialog decides what to save and where (`TimelapseDialog.save_to`); this writes it. The
core writes through a temporary file renamed only when the film is complete, so a cancelled
or failed save leaves nothing at the chosen name.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QLabel, QMessageBox, QProgressBar, QWidget

from journal.core import timelapse
from journal.core.errors import JournalError
from journal.core.journal import Journal
from journal.core.text import plural
from journal.core.timelapse import TimelapsePlan, Written
from journal.ui.shared.workers import Progress, Task, TaskRunner
from journal.ui.timelapse.saving import format_label


class FilmSave(QObject):
    """Signals:
    saved(Path): a film was written there.
    ended(): the save is over (written, cancelled or failed).
    """

    saved = Signal(Path)
    ended = Signal()

    def __init__(self, pool: QThreadPool, window: QWidget) -> None:
        super().__init__(window)
        self._window = window  # the message's parent
        self.runner = TaskRunner(pool, self)
        self._saving: Task[Written] | None = None
        self.message: QMessageBox | None = None
        self.progress = QProgressBar()
        self.progress.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.setMinimumHeight(self.status.fontMetrics().lineSpacing())  # no jump when it speaks

    @property
    def saving(self) -> bool:
        return self._saving is not None

    def start(self, journal: Journal, wanted: TimelapsePlan, path: Path) -> None:
        """Write `wanted` to `path` in a worker, its progress on the bar."""

        def work(progress: Progress) -> Written:
            return timelapse.write(journal, wanted, path, progress)

        self._saving = self.runner.start(
            work,
            done=self._on_save_done,
            failed=self._on_save_failed,
            cancelled=self._on_save_cancelled,
            progress=self._on_save_progress,
            known=(JournalError, OSError),
        )
        self.progress.setRange(0, len(wanted.shots))
        self.progress.setValue(0)
        self.progress.setFormat(self.tr("Saving… %v of %m sessions"))
        self.progress.show()
        self.status.setText(self.tr("Saving {path}…").format(path=path))

    def cancel(self) -> None:
        if self._saving is not None:
            self._saving.cancel()
            self.status.setText(self.tr("Cancelling…"))

    def _on_save_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _saved_or_not(self) -> None:
        self._saving = None
        self.progress.hide()
        self.ended.emit()

    def _on_save_done(self, written: Written) -> None:
        self._saved_or_not()
        width, height = written.size
        self.status.setText(
            self.tr(
                "Saved {path}: {sessions}, {seconds:.1f} s, {width} × {height}, {format}, {mb:.1f} MB."
            ).format(
                path=written.path,
                sessions=plural(written.sessions, "session"),
                seconds=written.seconds,
                width=width,
                height=height,
                format=format_label(written.format),
                mb=written.bytes / 1e6,
            )
        )
        self.saved.emit(written.path)

    def _on_save_cancelled(self) -> None:
        self._saved_or_not()
        self.status.setText(self.tr("Cancelled: nothing was saved."))

    def _on_save_failed(self, error: JournalError) -> None:
        self._saved_or_not()
        self.tell_failure(error)

    def tell_failure(self, error: JournalError) -> None:
        text = self.tr("The timelapse was not saved: {e}").format(e=error)
        self.status.setText(text)
        self.message = QMessageBox(
            QMessageBox.Icon.Warning, self.tr("Not saved"), text, QMessageBox.StandardButton.Ok, self._window
        )
        self.message.open()

"""Photo import from the GUI: the core's import in worker threads, with progress and cancel.

Files are fed to the pool two at a time; Cancel stops feeding, so the files being imported
finish (each one is atomic in the core) and what was imported stays.
"""

from __future__ import annotations

import os
import sys
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from journal.core.errors import JournalError
from journal.core.journal import Journal
from journal.core.models import Angle, ImportResult, guess_angle

WORKERS = 2


@dataclass
class ImportSummary:
    results: list[ImportResult] = field(default_factory=list)
    total: int = 0
    cancelled: bool = False
    error: str = ""

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def not_attempted(self) -> int:
        return self.total - len(self.results)

    def headline(self) -> str:
        parts = [f"{self.count('imported')} imported"]
        if self.count("duplicate"):
            parts.append(f"{self.count('duplicate')} already in the journal")
        if self.count("refused"):
            parts.append(f"{self.count('refused')} refused")
        if self.cancelled and self.not_attempted:
            parts.append(f"{self.not_attempted} not imported (cancelled)")
        elif self.error and self.not_attempted:
            parts.append(f"{self.not_attempted} not imported")
        return ", ".join(parts)

    @property
    def needs_report(self) -> bool:
        return bool(self.count("refused") or self.count("duplicate") or self.error)


def expand_paths(paths: list[str]) -> list[str]:
    """Dropped folders become the files inside them (sorted); files stay as they are."""
    out: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            for folder, dirs, files in os.walk(path):
                dirs.sort()
                out += [os.path.join(folder, name) for name in sorted(files) if not name.startswith(".")]
        else:
            out.append(path)
    return out


class _Relay(QObject):
    finished = Signal(object)  # ImportResult
    failed = Signal(str)
    crashed = Signal(object)


class _ImportOne(QRunnable):
    def __init__(self, relay: _Relay, journal: Journal, path: str, session_id: int, angle: Angle) -> None:
        super().__init__()
        self._relay, self._journal, self._path = relay, journal, path
        self._session_id, self._angle = session_id, angle

    def run(self) -> None:
        try:
            result = self._journal.import_file(self._path, self._session_id, self._angle)
        except JournalError as exc:
            self._relay.failed.emit(str(exc))
        except BaseException:
            self._relay.crashed.emit(sys.exc_info())
        else:
            self._relay.finished.emit(result)


class ImportController(QObject):
    """Signals:
    started(int): how many files.
    progress(int, int, str): done, total, the name of the file that just finished.
    imported(object): each ImportResult as it lands.
    finished(ImportSummary)
    """

    started = Signal(int)
    progress = Signal(int, int, str)
    imported = Signal(object)
    finished = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(WORKERS)
        self._relay = _Relay(self)
        self._relay.finished.connect(self._on_relay_finished)
        self._relay.failed.connect(self._on_relay_failed)
        self._relay.crashed.connect(lambda info: sys.excepthook(*info))
        self._queue: deque[tuple[str, Angle]] = deque()
        self._running = 0
        self._summary: ImportSummary | None = None
        self._journal: Journal | None = None
        self._session_id = 0

    @property
    def busy(self) -> bool:
        return self._summary is not None

    def start(self, journal: Journal, paths: list[str], session_id: int, angle: Angle | None) -> bool:
        if self.busy or not paths:
            return False
        files = expand_paths(paths)
        self._journal, self._session_id = journal, session_id
        self._queue = deque((p, angle or guess_angle(p)) for p in files)
        self._summary = ImportSummary(total=len(files))
        self.started.emit(len(files))
        if not files:
            self._finish()
            return True
        self._pump()
        return True

    def cancel(self) -> None:
        if self._summary is not None:
            self._summary.cancelled = True
            self._queue.clear()
            if self._running == 0:
                self._finish()

    def wait(self, msecs: int = 30_000) -> bool:
        return bool(self._pool.waitForDone(msecs))

    def _pump(self) -> None:
        assert self._journal is not None
        while self._running < WORKERS and self._queue:
            path, angle = self._queue.popleft()
            self._running += 1
            self._pool.start(_ImportOne(self._relay, self._journal, path, self._session_id, angle))

    def _on_relay_finished(self, result: ImportResult) -> None:
        summary = self._summary
        if summary is None:
            return
        self._running -= 1
        summary.results.append(result)
        self.imported.emit(result)
        self.progress.emit(len(summary.results), summary.total, Path(result.source).name)
        self._next()

    def _on_relay_failed(self, message: str) -> None:
        if self._summary is None:
            return
        self._running -= 1
        self._summary.error = message
        self._queue.clear()  # a disk that is full or read-only will not take the next file either
        self._next()

    def _next(self) -> None:
        if self._queue:
            self._pump()
        elif self._running == 0:
            self._finish()

    def _finish(self) -> None:
        summary, self._summary = self._summary, None
        self.finished.emit(summary)


class ImportProgress(QWidget):
    """The bar in the status bar: "Importing 3 of 12 · IMG_0004.jpg" and Cancel."""

    def __init__(self, controller: ImportController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(220)
        self.bar.setTextVisible(True)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self._controller = controller
        controller.started.connect(self._on_controller_started)
        controller.progress.connect(self._on_controller_progress)
        controller.finished.connect(lambda _summary: self.hide())
        self.hide()

    def _on_controller_started(self, total: int) -> None:
        self.bar.setRange(0, max(1, total))
        self.bar.setValue(0)
        self.bar.setFormat(self.tr("%v of %m"))
        self.label.setText(self.tr("Importing {total} photos…").format(total=total))
        self.cancel_button.setEnabled(True)
        self.show()

    def _on_controller_progress(self, done: int, total: int, name: str) -> None:
        self.bar.setValue(done)
        self.label.setText(
            self.tr("Importing {done} of {total} · {name}").format(done=done, total=total, name=name)
        )

    def _on_cancel_clicked(self) -> None:
        self.cancel_button.setEnabled(False)
        self.label.setText(self.tr("Cancelling after the current photos…"))
        self._controller.cancel()


class ImportReport(QDialog):
    """Non-modal: what was refused and why, which were duplicates, and what stopped the import."""

    def __init__(self, summary: ImportSummary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import report"))
        self.setModal(False)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(760, 360)
        layout = QVBoxLayout(self)
        self.headline = QLabel(f"<b>{summary.headline()}</b>")
        layout.addWidget(self.headline)
        if summary.error:
            error = QLabel(self.tr("The import stopped: {error}").format(error=summary.error))
            error.setWordWrap(True)
            layout.addWidget(error)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("File"), self.tr("Outcome"), self.tr("Reason")])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setWordWrap(True)
        for result in summary.results:
            if result.status == "imported":
                continue
            if result.status == "duplicate":
                where = result.existing.rel_path if result.existing else "another file in this import"
                trashed = " (in the trash)" if result.existing and result.existing.deleted_at else ""
                reason = self.tr("already in the journal as {where}{trashed}").format(
                    where=where, trashed=trashed
                )
                outcome = self.tr("Duplicate")
            else:
                reason, outcome = result.reason, self.tr("Refused")
            item = QTreeWidgetItem([Path(result.source).name, outcome, reason])
            item.setToolTip(0, result.source)
            item.setToolTip(2, reason)
            self.tree.addTopLevelItem(item)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout.addWidget(self.tree, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)

    def rows(self) -> list[tuple[str, str, str]]:
        return [
            (
                self.tree.topLevelItem(i).text(0),
                self.tree.topLevelItem(i).text(1),
                self.tree.topLevelItem(i).text(2),
            )
            for i in range(self.tree.topLevelItemCount())
        ]

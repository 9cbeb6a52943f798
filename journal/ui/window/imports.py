"""Photos into the open journal: Add photos…, files dropped, the "Which angle?" dialog, the
importer's start and finish, and the report after an import.

The Workspace builds it and delegates to it; it is handed what it reads (the open journal,
the selected session) as callables, so it never imports the workspace.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QStandardPaths
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog

from journal.core.journal import Journal
from journal.core.models import Angle, Kind
from journal.core.models import NewSession as NewSessionTarget
from journal.ui.shared.settings import Settings
from journal.ui.window.main_window import MainWindow

if TYPE_CHECKING:
    from journal.ui.compare import EyeWorker
    from journal.ui.importing import AngleDialog, ImportController, ImportReport, ImportSummary

PHOTO_FILTER = (
    "Photos (*.jpg *.jpeg *.png *.heic *.heif *.webp *.tif *.tiff *.avif *.JPG *.JPEG *.HEIC);;All files (*)"
)


class PhotoImports(QObject):
    """Imports into the open journal, with the dialogs and the status bar around them (it
    installs itself as the window's event filter for files dropped on it)."""

    def __init__(
        self,
        parent: QObject,
        window: MainWindow,
        settings: Settings,
        eyes: EyeWorker,
        importer: ImportController,
        journal: Callable[[], Journal | None],
        current_session_id: Callable[[], int | None],
    ) -> None:
        super().__init__(parent)
        self.window = window
        self.settings = settings
        self.eyes = eyes
        self.importer = importer
        self._journal = journal
        self._current_session_id = current_session_id
        self.report: ImportReport | None = None
        self.angle_dialog: AngleDialog | None = None  # the last "Which angle?" asked (tests answer it)
        importer.started.connect(self._on_importer_started)
        importer.finished.connect(self._on_importer_finished)
        window.installEventFilter(self)  # files dropped on the window

    def add_photos_into(self, target: int | NewSessionTarget | None) -> None:
        journal = self._journal()
        if journal is None or journal.read_only:
            return
        dialog = QFileDialog(self.window, self.tr("Add photos"), str(self.photo_folder()), PHOTO_FILTER)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.filesSelected.connect(lambda paths: self._on_photo_dialog_selected(paths, target))
        dialog.open()

    def photo_folder(self) -> Path:
        """Where Add photos… starts: the folder last used, else Pictures, else home (never the
        folder the app happened to be started from)."""
        last = self.settings.import_folder
        if last is not None and last.is_dir():
            return last
        pictures = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation))
        return pictures if pictures.is_dir() else Path.home()

    def ask_angle_and_import(self, paths: list[str], target: int | NewSessionTarget | None = None) -> None:
        """Import files dropped or chosen without a slot: ask their angle once for the batch,
        unless every file's name says its own."""
        from journal.ui.importing import AngleDialog, expand_paths, unnamed

        if not self.can_import(paths):
            return
        files = expand_paths(paths)
        if not files:
            return
        if not unnamed(files):
            self.import_into_current(paths, None, target)
            return
        dialog = AngleDialog(files, self._suggested_angle(), self.window)
        dialog.chosen.connect(lambda angle: self.import_into_current(paths, None, target, unnamed=angle))
        self.angle_dialog = dialog
        dialog.open()

    def _suggested_angle(self) -> Angle:
        """The first of front, left, right that the selected session has no photo of yet."""
        journal = self._journal()
        session_id = self._current_session_id()
        have = {p.angle for p in journal.photos(session_id)} if journal and session_id else set()
        return next((a for a in (Angle.FRONT, Angle.LEFT, Angle.RIGHT) if a not in have), Angle.OTHER)

    def _on_photo_dialog_selected(self, paths: list[str], target: int | NewSessionTarget | None) -> None:
        if paths:
            self.settings.import_folder = Path(paths[0]).parent
        self.ask_angle_and_import(list(paths), target)

    def can_import(self, paths: list[str]) -> bool:
        journal = self._journal()
        if journal is None or journal.read_only or not paths:
            return False
        if self.importer.busy:
            self.window.statusBar().showMessage(
                self.tr("An import is already running; try again when it is done."), 6000
            )
            return False
        return True

    def import_into_current(
        self,
        paths: list[str],
        angle: Angle | None,
        target: int | NewSessionTarget | None = None,
        unnamed: Angle = Angle.OTHER,
    ) -> bool:
        """Import into `target`, else the selected session, else a new treatment session dated
        today that is made only when the first photo lands (an import of nothing but duplicates
        or refused files leaves no empty session behind); as `angle`, or (None) as each file's
        name says and else as `unnamed`."""
        journal = self._journal()
        if journal is None or not self.can_import(paths):
            return False
        if target is None:
            target = self._current_session_id() or journal.new_session(dt.date.today(), Kind.TREATMENT)
        return self.importer.start(journal, paths, target, angle, unnamed)

    def _on_importer_started(self, _count: int) -> None:
        self.eyes.hold(True)  # older photos' eyes wait: the import has the cores meanwhile

    def _on_importer_finished(self, summary: ImportSummary) -> None:
        self.show_import_summary(summary)

    def show_import_summary(self, summary: ImportSummary) -> None:
        """After an import (or photos taken with the camera): the status bar, the report when
        something was refused or failed, and eye points for the new photos."""
        from journal.ui.importing import ImportReport

        # The new photos first, then any older ones still waiting; in the background, so a
        # next import started meanwhile has the cores (Compare asks for those it shows).
        self.eyes.request([r.photo.id for r in summary.results if r.photo is not None], first=True)
        self.eyes.hold(False)
        self.window.statusBar().showMessage(
            self.tr("Import: {headline}.").format(headline=summary.headline()), 10_000
        )
        if summary.needs_report:
            if self.report is not None:
                self.report.close()
            self.report = ImportReport(summary, self.window)
            self.report.destroyed.connect(self._on_report_destroyed)
            self.report.show()

    def _on_report_destroyed(self) -> None:
        self.report = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window:
            if isinstance(event, QDragEnterEvent):
                self._on_window_drag_enter(event)
                return True
            if isinstance(event, QDropEvent) and event.type() == QEvent.Type.Drop:
                self._on_window_drop(event)
                return True
        return super().eventFilter(watched, event)

    def _on_window_drag_enter(self, event: QDragEnterEvent) -> None:
        journal = self._journal()
        if event.mimeData().hasUrls() and journal is not None and not journal.read_only:
            event.acceptProposedAction()

    def _on_window_drop(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths and self.can_import(paths):
            event.acceptProposedAction()
            self.ask_angle_and_import(paths)

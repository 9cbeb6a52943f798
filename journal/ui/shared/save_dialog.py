"""The one "Save as" dialog of the app: a suggested name in the user's usual folder, opened
window-modal (never blocking the event loop), calling back with the chosen path."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

DOCUMENTS = QStandardPaths.StandardLocation.DocumentsLocation
PICTURES = QStandardPaths.StandardLocation.PicturesLocation


def ask_save_path(
    parent: QWidget,
    title: str,
    name: str,
    filters: list[str],
    suffix: str,
    chosen: Callable[[Path], None],
    where: QStandardPaths.StandardLocation = DOCUMENTS,
) -> QFileDialog:
    """Offer `name` in the `where` folder (the home folder when that does not exist: Qt would
    otherwise fall back to the process's working directory); `suffix` is added when the user
    types none."""
    folder = Path(QStandardPaths.writableLocation(where))
    if not folder.is_dir():
        folder = Path.home()
    dialog = QFileDialog(parent, title, str(folder / name))
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setNameFilters(filters)
    dialog.setDefaultSuffix(suffix)
    dialog.fileSelected.connect(lambda path: chosen(Path(path)))
    dialog.open()
    return dialog

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
    """Offer `name` in the `where` folder; `suffix` is added when the user types none."""
    folder = QStandardPaths.writableLocation(where)
    dialog = QFileDialog(parent, title, str(Path(folder) / name))
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setNameFilters(filters)
    dialog.setDefaultSuffix(suffix)
    dialog.fileSelected.connect(lambda path: chosen(Path(path)))
    dialog.open()
    return dialog

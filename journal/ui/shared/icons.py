"""The app's icon, from the package data (journal/icons)."""

from __future__ import annotations

from importlib import resources

from PySide6.QtGui import QIcon


def app_icon() -> QIcon:
    icon = QIcon()
    folder = resources.files("journal.icons")
    for name in ("progress-journal.svg", "progress-journal-256.png", "progress-journal-64.png"):
        entry = folder.joinpath(name)
        if entry.is_file():
            with resources.as_file(entry) as path:
                icon.addFile(str(path))
    return icon

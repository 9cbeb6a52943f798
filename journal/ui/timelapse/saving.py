"""Where a film is saved: the save dialog, which never starts inside a journal folder, and the
names and filters of the formats."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from journal.core.fsutil import journal_containing
from journal.core.timelapse import Format

_LOCATIONS = (
    QStandardPaths.StandardLocation.MoviesLocation,
    QStandardPaths.StandardLocation.PicturesLocation,
    QStandardPaths.StandardLocation.DocumentsLocation,
)


def format_label(fmt: Format) -> str:
    tr = QCoreApplication.translate
    return {
        Format.MP4: tr("timelapse", "MP4 video (H.264)"),
        Format.WEBM: tr("timelapse", "WebM video (VP9)"),
        Format.GIF: tr("timelapse", "Animated GIF"),
        Format.WEBP: tr("timelapse", "Animated WebP"),
    }[fmt]


def name_filter(fmt: Format) -> str:
    return f"{format_label(fmt)} (*.{fmt.value})"


def film_name(journal_name: str, angle: str, fmt: Format) -> str:
    """ "Cheeks 2026 front timelapse.mp4": nothing in it that a file system refuses."""
    safe = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", journal_name)
    safe = re.sub(r"\s+", " ", safe).strip(" .") or "Progress Journal"
    return f"{safe} {angle} timelapse.{fmt.value}"


def outside_journal(folder: Path) -> bool:
    """The folder exists and no journal holds it (only the journal writes inside its folder)."""
    return folder.is_dir() and journal_containing(folder / "timelapse") is None


def default_folder(remembered: str, journal_folder: Path) -> Path:
    """Where the save dialog opens: the folder of the last film, else Videos, Pictures,
    Documents or home, the first of them that exists outside every journal."""
    candidates = [Path(remembered)] if remembered else []
    candidates += [Path(QStandardPaths.writableLocation(where)) for where in _LOCATIONS]
    candidates.append(Path.home())
    for folder in candidates:
        if str(folder) and folder.is_absolute() and outside_journal(folder):
            return folder
    return journal_folder.resolve().parent  # a journal at the top of the home folder


def ask_film_path(
    parent: QWidget,
    folder: Path,
    name: str,
    fmt: Format,
    chosen: Callable[[Path], None],
) -> QFileDialog:
    """The save dialog (window-modal, not blocking), offering `name` in `folder`; a name typed
    without an extension gets the format's."""
    dialog = QFileDialog(parent, parent.tr("Save the timelapse"), str(folder / name))
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setNameFilters([name_filter(fmt)])
    dialog.setDefaultSuffix(fmt.value)
    dialog.fileSelected.connect(lambda path: chosen(Path(path)))
    dialog.open()
    return dialog

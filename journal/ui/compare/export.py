"""Save comparison image…: the two photos as they are shown, with their labels and the time
between them, cropped to the photos, as PNG or JPEG.

The image is drawn from pixels only and written by Qt's image writers, which add no EXIF:
nothing from the originals (no GPS, no camera data) goes into the file. Notes and hints shown
above the photos ("Use Adjust eyes…") are the app talking to you, not part of the picture.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMessageBox, QStatusBar, QWidget

from journal.core.errors import JournalError
from journal.core.fsutil import refuse_inside_journal
from journal.render.output import encoded, write_file
from journal.ui.shared.save_dialog import PICTURES, ask_save_path
from journal.ui.shared.workers import TaskRunner

if TYPE_CHECKING:
    from journal.ui.compare.canvas import CompareCanvas

EXPORT_WIDTH = 2000


def comparison_image(canvas: CompareCanvas, width: int = EXPORT_WIDTH) -> QImage:
    """The photos on the canvas as they are shown now, `width` pixels wide."""
    return canvas.render_image(width)


def save_image(image: QImage, path: Path) -> str:
    """Write through a temporary file in the same folder (private, 0600, then renamed into
    place); returns an error message ("… disk is full: …"), or "" when it worked. Never
    inside a journal folder."""
    jpeg = path.suffix.lower() in (".jpg", ".jpeg")
    try:
        refuse_inside_journal(path, "a comparison image")
        data = encoded(image, b"jpg", 92) if jpeg else encoded(image, b"png")
        write_file(path, data, "the comparison image")
    except JournalError as exc:
        return str(exc)
    return ""


def ask_and_save(
    parent: QWidget,
    canvas: CompareCanvas,
    name: str,
    status: QStatusBar,
    runner: TaskRunner,
) -> None:
    """Ask where, draw the view (GUI thread, a few ms), then encode and write it in a worker:
    a 2000 px PNG takes most of a second."""

    def tell(error: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning, parent.tr("Not saved"), error, QMessageBox.StandardButton.Ok, parent
        )
        box.open()

    def written(path: Path, error: str) -> None:
        if error:
            status.clearMessage()
            tell(error)
        else:
            status.showMessage(parent.tr("Saved {path}").format(path=path), 8000)

    def chosen(path: Path) -> None:
        image = comparison_image(canvas)
        status.showMessage(parent.tr("Saving {path}…").format(path=path))
        runner.start(
            lambda _progress: save_image(image, path),
            done=lambda error: written(path, error),
            failed=lambda error: tell(str(error)),
        )

    ask_save_path(
        parent,
        parent.tr("Save comparison image"),
        name,
        [parent.tr("PNG image (*.png)"), parent.tr("JPEG image (*.jpg *.jpeg)")],
        "png",
        chosen,
        where=PICTURES,
    )

"""Save comparison image…: the current view with its labels and notes, as PNG or JPEG.

The image is drawn from pixels only, and written by Qt's image writers, which add no EXIF:
nothing from the originals (no GPS, no camera data) goes into the file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, QSaveFile, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QImageWriter, QPainter
from PySide6.QtWidgets import QMessageBox, QStatusBar, QWidget

from journal.ui.shared.save_dialog import PICTURES, ask_save_path
from journal.ui.shared.workers import TaskRunner

if TYPE_CHECKING:
    from journal.ui.compare.canvas import CompareCanvas

EXPORT_WIDTH = 2000
FOOTER = "Progress Journal · a personal record, not a medical assessment"


def comparison_image(canvas: CompareCanvas, notes: list[str], width: int = EXPORT_WIDTH) -> QImage:
    """The canvas as it is now, `width` pixels wide, with the notes and a footer below."""
    aspect = max(0.3, canvas.height() / max(1, canvas.width()))
    height = round(width * aspect)
    picture = canvas.render_image(width, height)
    font = QFont(canvas.font())
    font.setPointSizeF(font.pointSizeF() * width / max(800, canvas.width()))
    metrics = QFontMetrics(font)
    lines = [*notes, FOOTER]
    line_height = metrics.height() + 4
    footer = line_height * len(lines) + 16
    image = QImage(width, height + footer, QImage.Format.Format_RGB32)
    image.fill(QColor(255, 255, 255))
    painter = QPainter(image)
    painter.drawImage(0, 0, picture)
    painter.setFont(font)
    painter.setPen(QColor(40, 40, 40))
    for number, line in enumerate(lines):
        rect = QRectF(12, height + 8 + number * line_height, width - 24, line_height)
        text = metrics.elidedText(line, Qt.TextElideMode.ElideRight, int(rect.width()))
        painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
    painter.end()
    return image


def save_image(image: QImage, path: Path) -> str:
    """Write atomically (QSaveFile); returns an error message, or "" when it worked."""
    fmt = b"jpg" if path.suffix.lower() in (".jpg", ".jpeg") else b"png"
    target = QSaveFile(str(path))
    if not target.open(QSaveFile.OpenModeFlag.WriteOnly):
        return target.errorString()
    writer = QImageWriter(target, fmt)
    if fmt == b"jpg":
        writer.setQuality(92)
    if not writer.write(image):
        target.cancelWriting()
        return writer.errorString()
    if not target.commit():
        return target.errorString()
    return ""


def ask_and_save(
    parent: QWidget,
    canvas: CompareCanvas,
    notes: Callable[[], list[str]],
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
        image = comparison_image(canvas, notes())
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

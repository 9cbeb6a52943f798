"""Where drawing ends up: a painter that really started, and files whose writes are checked.

Qt's own writers say little when a file cannot be written: QPdfWriter and QSvgGenerator say
nothing at all (a full disk left an empty PDF that was announced as written), QImageWriter
gives a bool and a vague string. So every file is drawn into memory first and its bytes are
written by Python through `fsutil.atomic_output`, where a full disk is an OSError like any
other write's and reads "disk is full". And a printer that cannot start (none installed, a
queue that refuses the job) leaves the painter inactive: `begin` says so instead of drawing
nothing and counting the pages as printed.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImage, QImageWriter, QPaintDevice, QPainter

from journal.core.errors import JournalError, as_journal_error
from journal.core.fsutil import atomic_output


class NotPainted(JournalError):
    """The device would not start drawing (no printer, a printer that refused the job)."""


def begin(device: QPaintDevice, refusal: str) -> QPainter:
    """A painter drawing on `device`; NotPainted with `refusal` when the device will not start."""
    painter = QPainter()
    if not painter.begin(device):
        raise NotPainted(refusal)
    return painter


def memory() -> QBuffer:
    """An open, empty buffer to draw a file into (QPdfWriter, QSvgGenerator, QImageWriter)."""
    buffer = QBuffer()
    buffer.setData(QByteArray())
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    return buffer


def encoded(image: QImage, fmt: bytes, quality: int = -1) -> bytes:
    """`image` as a PNG or JPEG file's bytes (Qt's image writers add no metadata)."""
    buffer = memory()
    writer = QImageWriter(buffer, QByteArray(fmt))
    if quality >= 0:
        writer.setQuality(quality)
    if not writer.write(image):
        raise JournalError(f"cannot encode the {fmt.decode().upper()} image ({writer.errorString()})")
    return bytes(buffer.data().data())


def write_file(out: Path, data: bytes, what: str) -> None:
    """Write `data` to `out` through a private temporary file renamed into place; a failure
    (disk full, a folder that cannot be written) is a JournalError of its kind (DiskFull...)
    saying "cannot write `what`: disk is full: OUT", and leaves nothing at `out`."""
    try:
        with atomic_output(out) as tmp, open(tmp, "wb") as handle:
            handle.write(data)
    except OSError as exc:
        error = as_journal_error(exc, exc.filename or out)
        raise type(error)(f"cannot write {what}: {error}") from exc

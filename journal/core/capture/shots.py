"""A shot becomes a photo of the session through the normal import path.

The frame is encoded as a JPEG (quality 95, no chroma subsampling: colour is measured from
these photos) carrying nothing but its capture time, so the journal dates it from EXIF like a
camera's photo, not from a file time. The import API takes a file, so the JPEG goes to
`<journal>/.capture/` (a private folder inside the journal, never /tmp or a shared cache) for
as long as the import takes, and is removed whatever happens. The import itself is the one
every photo takes: copied atomically, hashed, deduplicated, reported. A shot that fails leaves
the session as it was; a leftover from a crash is removed when the next capture starts.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
from dataclasses import dataclass, replace
from pathlib import Path

from journal.core.capture.auto import Trigger
from journal.core.capture.frames import Pixels
from journal.core.errors import as_journal_error
from journal.core.fsutil import PRIVATE_FILE, make_private_dir
from journal.core.journal import Journal
from journal.core.models import Angle, ImportResult, NewSession

CAPTURE_DIR = ".capture"
QUALITY = 95
_IFD_EXIF = 0x8769
_TAG_DATETIME = 0x0132
_TAG_DATETIME_ORIGINAL = 0x9003
_TAG_DATETIME_DIGITIZED = 0x9004
_TAG_OFFSET_TIME_ORIGINAL = 0x9011


@dataclass(frozen=True, eq=False)
class Shot:
    pixels: Pixels  # camera space: as the camera saw it
    angle: Angle
    taken_at: dt.datetime  # local time, aware
    mirrored: bool = False  # save the mirror image (what the person saw in the preview)
    trigger: Trigger = Trigger.SHUTTER

    @property
    def label(self) -> str:
        """How the import report names a shot (there is no file it came from)."""
        return f"camera shot, {self.angle.value}, {self.taken_at:%H:%M:%S}"

    @property
    def file_name(self) -> str:
        return f"capture-{self.taken_at:%Y-%m-%d-%H%M%S}.jpg"


def encode(shot: Shot) -> bytes:
    from PIL import Image

    image = Image.fromarray(shot.pixels, "RGB")
    if shot.mirrored:
        image = image.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    stamp = shot.taken_at.strftime("%Y:%m:%d %H:%M:%S")
    exif = Image.Exif()
    exif[_TAG_DATETIME] = stamp
    sub = exif.get_ifd(_IFD_EXIF)
    sub[_TAG_DATETIME_ORIGINAL] = stamp
    sub[_TAG_DATETIME_DIGITIZED] = stamp
    offset = shot.taken_at.strftime("%z")
    if offset:
        sub[_TAG_OFFSET_TIME_ORIGINAL] = f"{offset[:3]}:{offset[3:]}"
    out = io.BytesIO()
    image.save(out, "JPEG", quality=QUALITY, subsampling=0, exif=exif.tobytes())
    return out.getvalue()


def capture_folder(journal: Journal) -> Path:
    return journal.folder / CAPTURE_DIR


def clear_leftovers(journal: Journal) -> int:
    """Remove shots a crash left half-way (no capture runs while a new one starts)."""
    folder = capture_folder(journal)
    removed = 0
    if folder.is_dir():
        for path in folder.iterdir():
            if path.is_file() or path.is_symlink():
                path.unlink(missing_ok=True)
                removed += 1
    return removed


def import_shot(journal: Journal, session_id: int | NewSession, shot: Shot) -> ImportResult:
    """Import one shot into the session. Refusals and duplicates are results; a journal that
    cannot take it (disk full, read-only) raises JournalError, with nothing left behind."""
    data = encode(shot)
    folder = capture_folder(journal)
    path: Path | None = None
    try:
        make_private_dir(folder)
        path, fd = _new_file(folder, shot.file_name)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except OSError as exc:
        if path is not None:
            path.unlink(missing_ok=True)
        raise as_journal_error(exc, folder) from exc
    try:
        result = journal.import_file(path, session_id, shot.angle)
    finally:
        with contextlib.suppress(OSError):
            path.unlink()
    return replace(result, source=shot.label)


def _new_file(folder: Path, name: str) -> tuple[Path, int]:
    stem, suffix = os.path.splitext(name)
    for number in range(1, 1000):
        path = folder / (name if number == 1 else f"{stem}-{number}{suffix}")
        try:
            return path, os.open(
                path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), PRIVATE_FILE
            )
        except FileExistsError:
            continue
    raise FileExistsError(folder / name)

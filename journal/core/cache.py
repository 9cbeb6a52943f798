"""Thumbnails and previews: derived, disposable, private to this app.

They live in the app's own cache folder (never the shared freedesktop thumbnail folder:
these are face photos), keyed by the original's SHA-256 and the turn the user gave the photo,
so a rename or a move between sessions never invalidates them, and a turned photo never shows
a picture made before the turn (nor its undo one made after). The key comes from the
database, so it is checked to be a SHA-256 before it names a file (a crafted one could name a
file outside the cache). Every folder is private (0700), and every image is written without
metadata (`imaging.save_jpeg`).
"""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from journal.core.errors import UnsafePath, shown
from journal.core.fsutil import make_private_dir
from journal.core.turn import NO_TURN, Turn

if TYPE_CHECKING:
    from PIL import Image

THUMB_QUALITY = 82
PREVIEW_QUALITY = 86
_KEY = re.compile(r"[0-9a-f]{64}")


def _checked(sha256: str) -> str:
    if not (isinstance(sha256, str) and _KEY.fullmatch(sha256)):
        raise UnsafePath(f"a photo record whose hash is not a SHA-256: {shown(str(sha256))[:80]}")
    return sha256


def _name(sha256: str, turn: Turn) -> str:
    return f"{sha256}.jpg" if turn.identity else f"{sha256}-t{turn.exif}.jpg"


class PhotoCache:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._lock = threading.Lock()

    def thumbnail_path(self, sha256: str, turn: Turn = NO_TURN) -> Path:
        return self.root / "thumbs" / _checked(sha256)[:2] / _name(sha256, turn)

    def preview_path(self, sha256: str, turn: Turn = NO_TURN) -> Path:
        return self.root / "previews" / _checked(sha256)[:2] / _name(sha256, turn)

    def _folder(self, path: Path) -> None:
        # Checked every time (one stat): the cache is disposable, and a user may clear it at
        # any moment, the app running or not.
        if not path.parent.is_dir():
            with self._lock:
                make_private_dir(path.parent)

    def save_thumbnail(self, sha256: str, image: Image.Image, turn: Turn = NO_TURN) -> Path:
        from journal.core import imaging  # Pillow loads on first use, not at start-up

        path = self.thumbnail_path(sha256, turn)
        self._folder(path)
        imaging.save_jpeg(image, path, THUMB_QUALITY)
        return path

    def save_preview(self, sha256: str, image: Image.Image, turn: Turn = NO_TURN) -> Path:
        from journal.core import imaging

        path = self.preview_path(sha256, turn)
        self._folder(path)
        imaging.save_jpeg(image, path, PREVIEW_QUALITY)
        return path

    def ensure_thumbnail(self, sha256: str, original: Path, turn: Turn = NO_TURN) -> Path:
        """The thumbnail, made from the original if it is missing (raises ImageRefused)."""
        path = self.thumbnail_path(sha256, turn)
        if not path.exists():
            from journal.core import imaging  # Pillow: only to make one (not while a window starts)

            preview = self.preview_path(sha256, turn)
            if preview.exists():
                derived = imaging.make_derivatives(preview, with_preview=False)
            else:
                derived = imaging.make_derivatives(original, with_preview=True, turn=turn)
            self.save_thumbnail(sha256, derived.thumbnail, turn)
            if derived.preview is not None:
                self.save_preview(sha256, derived.preview, turn)
        return path

    def ensure_preview(self, sha256: str, original: Path, turn: Turn = NO_TURN) -> Path:
        """The ~2048 px preview, made on first view when import skipped it (HEIC) or when the
        photo was turned since."""
        path = self.preview_path(sha256, turn)
        if not path.exists():
            from journal.core import imaging

            image = imaging.load_upright(original, imaging.PREVIEW_SIZE, imaging.PREVIEW_MIN, turn)
            self.save_preview(sha256, image, turn)
        return path

    def forget(self, sha256: str) -> None:
        """Remove every picture derived from this original, whichever way it was turned."""
        _checked(sha256)
        for kind in ("thumbs", "previews"):
            folder = self.root / kind / sha256[:2]
            for path in (folder / f"{sha256}.jpg", *folder.glob(f"{sha256}-t?.jpg")):
                path.unlink(missing_ok=True)

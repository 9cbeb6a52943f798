"""Where a photo's cached redness measurements live, and forgetting them with the photo.

Apart from journal.core.redness_trend (which measures) so that the journal can forget a
photo's measurements when its trash is emptied without importing the measuring code, which
itself takes a Journal: no import cycle.
"""

from __future__ import annotations

import shutil
from pathlib import Path

__all__ = ["forget_measurements", "measurements_folder"]


def measurements_folder(cache_root: Path, sha256: str) -> Path:
    """Where a photo's cached measurements live: forgotten with the photo (`forget_measurements`)."""
    return cache_root / "redness" / sha256[:2] / sha256


def forget_measurements(cache_root: Path, sha256: str) -> None:
    """Drop a photo's cached measurements (its trash was emptied): no trace of it stays."""
    if len(sha256) == 64 and all(c in "0123456789abcdef" for c in sha256):
        shutil.rmtree(measurements_folder(cache_root, sha256), ignore_errors=True)

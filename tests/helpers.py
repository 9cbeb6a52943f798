"""Test images made on the spot, and the path to the shared corpus."""

from __future__ import annotations

import datetime as dt
import os
import random
import subprocess
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

REPO = Path(__file__).resolve().parents[1]
SHARED_PHOTOS = Path(os.environ.get("PROGRESS_JOURNAL_PHOTOS", REPO.parent / "shared" / "photos"))


def photo_like(size: tuple[int, int], seed: int = 0) -> Image.Image:
    """A photographic-looking image: smooth gradients, shapes and grain (not a flat colour)."""
    rng = random.Random(seed)
    width, height = size
    small = Image.new("RGB", (max(8, width // 16), max(8, height // 16)))
    draw = ImageDraw.Draw(small)
    for _ in range(12):
        x0, y0 = rng.randrange(small.width), rng.randrange(small.height)
        x1, y1 = x0 + rng.randrange(2, small.width), y0 + rng.randrange(2, small.height)
        draw.ellipse((x0, y0, x1, y1), fill=tuple(rng.randrange(40, 230) for _ in range(3)))
    image = small.filter(ImageFilter.GaussianBlur(2)).resize(size, Image.Resampling.BILINEAR)
    grain = Image.effect_noise(size, 12).convert("RGB")
    return Image.blend(image, grain, 0.08)


def marked(size: tuple[int, int], seed: int = 0) -> Image.Image:
    """A photo-like image with a red block in the top-left corner, to see which way is up."""
    image = photo_like(size, seed)
    ImageDraw.Draw(image).rectangle((0, 0, size[0] // 4, size[1] // 4), fill=(220, 20, 20))
    return image


def save_jpeg(
    path: Path,
    image: Image.Image,
    orientation: int | None = None,
    taken: dt.datetime | None = None,
    gps: bool = False,
    quality: int = 90,
) -> Path:
    exif = Image.Exif()
    if orientation is not None:
        exif[0x0112] = orientation
    if taken is not None:
        exif.get_ifd(0x8769)[0x9003] = taken.strftime("%Y:%m:%d %H:%M:%S")
    if gps:
        exif.get_ifd(0x8825).update({1: "N", 2: (52.0, 31.0, 12.0), 3: "E", 4: (13.0, 24.0, 36.0)})
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", quality=quality, exif=exif)
    return path


def run_cli(*args: str, cwd: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO)
    return subprocess.run(
        [sys.executable, "-m", "journal", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=timeout,
    )


def mean_abs_diff(a: Image.Image, b: Image.Image) -> float:
    """Mean absolute pixel difference (0–255) after resizing b to a's size."""
    from PIL import ImageChops, ImageStat

    if a.size != b.size:
        b = b.resize(a.size, Image.Resampling.BILINEAR)
    diff = ImageChops.difference(a.convert("RGB"), b.convert("RGB"))
    return sum(ImageStat.Stat(diff).mean) / 3


def wheel_event(widget, at, degrees_y: int):  # type: ignore[no-untyped-def]
    """A mouse-wheel event at `at` (a QPointF or QPoint in `widget`), `degrees_y` eighths of a
    degree as Qt counts them (120 = one notch; positive rolls away from the user)."""
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtGui import QWheelEvent

    point = QPointF(at)
    return QWheelEvent(
        point,
        QPointF(widget.mapToGlobal(point)),
        QPoint(0, 0),
        QPoint(0, degrees_y),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )

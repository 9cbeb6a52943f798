"""Shared bits for the benchmarks: photographic-like test JPEGs and timing helpers."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter

SIZES = {"12MP": (4032, 3024), "48MP": (8064, 6048)}


def photographic(size: tuple[int, int], seed: int = 0) -> Image.Image:
    """Smooth multi-scale shapes, a lighting gradient and sensor-like noise (sigma ~6).

    Flat or synthetic images compress and decode far faster than photos; this one lands at
    roughly 0.2–0.3 bytes per pixel at quality 90, like a phone photo.
    """
    import random

    rng = random.Random(seed)
    width, height = size
    layers = []
    for scale in (64, 16, 4):
        small = Image.new("RGB", (max(4, width // scale), max(4, height // scale)))
        draw = ImageDraw.Draw(small)
        for _ in range(40):
            x, y = rng.randrange(small.width), rng.randrange(small.height)
            r = rng.randrange(1, max(2, small.width // 4))
            draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rng.randrange(30, 230) for _ in range(3)))
        layers.append(small.filter(ImageFilter.GaussianBlur(1.5)).resize(size, Image.Resampling.BILINEAR))
    image = Image.blend(Image.blend(layers[0], layers[1], 0.4), layers[2], 0.25)
    gradient = Image.linear_gradient("L").resize(size).convert("RGB")
    image = Image.blend(image, gradient, 0.15)
    noise = Image.merge("RGB", [Image.effect_noise(size, 6) for _ in range(3)])
    return ImageChops.add(image, noise, scale=1.0, offset=-128)


def save_photo(path: Path, image: Image.Image, orientation: int = 1) -> Path:
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "Bench"
    exif.get_ifd(0x8769)[0x9003] = "2026:11:25 10:00:00"
    image.save(path, "JPEG", quality=90, exif=exif)
    return path


def variants(base: Path, folder: Path, count: int, tag: str = "") -> list[Path]:
    """`count` files that decode identically but hash differently (bytes after the EOI marker);
    another `tag` gives other files again."""
    folder.mkdir(parents=True, exist_ok=True)
    data = base.read_bytes()
    out = []
    for i in range(count):
        path = folder / f"{base.stem}{tag}-{i:03d}.jpg"
        path.write_bytes(data + f"variant {tag}{i}".encode())
        out.append(path)
    return out


def median_time(action: Callable[[], object], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def verdict(ok: bool) -> str:
    return "meets the target" if ok else "MISSES the target"


def make_window(store, cache: Path):  # type: ignore[no-untyped-def]
    """A main window built as the app builds it (frame, then its parts), shown, 1280 x 800."""
    from journal.ui.shared.settings import Settings
    from journal.ui.window import MainWindow, build_parts

    settings = Settings(store)
    frame = MainWindow(settings)
    frame.resize(1280, 800)
    frame.show()
    return build_parts(frame, settings, cache, cache.parent / "default-journal")


def open_and_wait(parts, folder: Path) -> None:  # type: ignore[no-untyped-def]
    """Open a journal (in a worker, as the app does) and wait until it is shown."""
    from PySide6.QtWidgets import QApplication

    parts.opener.open(folder)
    while parts.opener.busy:
        QApplication.processEvents()
        time.sleep(0.001)
    assert parts.workspace.journal is not None, "the journal did not open"


def spread(values: list[float], scale: float = 1000.0, unit: str = "ms", digits: int = 0) -> str:
    """ "120 ms (112–131 over 7 runs)": the median of several runs and their range."""
    lo, mid, hi = min(values) * scale, statistics.median(values) * scale, max(values) * scale
    return f"{mid:.{digits}f} {unit} ({lo:.{digits}f}–{hi:.{digits}f} over {len(values)} runs)"


def ratio_spread(values: list[float]) -> str:
    """ "1.42x (1.35–1.51x)"."""
    return f"{statistics.median(values):.2f}x ({min(values):.2f}–{max(values):.2f}x)"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]

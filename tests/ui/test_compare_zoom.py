"""Compare zoomed past its previews: the part of each original on screen, and only that, sharp
and in the right place whatever way the photo was stored or turned; gone when the view fits."""

from __future__ import annotations

import datetime as dt
import functools
import math
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageOps
from PySide6.QtCore import QPointF

from journal.core.journal import Journal
from journal.core.models import Angle, JournalSettings
from journal.core.turn import Turn

SIZE = (2600, 1950)  # past a 2048 px preview


@functools.cache
def _textured(seed: int) -> Image.Image:
    """Fine noise over a smooth ramp: sharp pixels and blurred ones tell apart, and every place
    in it looks unlike every other. Made once per seed (each condition stores the same two)."""
    rng = np.random.default_rng(seed)
    w, h = SIZE
    ramp = np.add.outer(np.linspace(0, 120, h, dtype=np.float32), np.linspace(0, 100, w, dtype=np.float32))
    noise = rng.integers(0, 110, (h, w, 3), dtype=np.uint8)
    pixels = ramp.astype(np.int16)[..., None] + noise + np.array([20, 0, 40], dtype=np.int16)
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def _stored(image: Image.Image, condition: str) -> tuple[Image.Image, int]:
    """What to store for `condition`, and its EXIF orientation."""
    if condition == "stored-sideways":  # a phone's portrait: stored turned, EXIF 6 turns it back
        return image.transpose(Image.Transpose.ROTATE_90), 6
    return image, 1


@pytest.fixture(params=["upright", "stored-sideways", "turned-by-user"])
def zoomed(request, qtbot, window, tmp_path: Path):  # type: ignore[no-untyped-def]
    condition = request.param
    journal = Journal.create(tmp_path / "z", JournalSettings(name="Zoom"), tmp_path / "cache")
    shown = []
    for i in range(2):
        stored, orientation = _stored(_textured(seed=i), condition)
        exif = Image.Exif()
        exif[0x0112] = orientation
        path = tmp_path / f"big{i}.jpg"
        stored.save(path, quality=95, exif=exif)
        upright = ImageOps.exif_transpose(Image.open(path))  # the pixels the file really holds
        session = journal.add_session(dt.date(2026, 1, 5) + dt.timedelta(days=28 * i))
        photo = journal.import_file(path, session.id, Angle.FRONT).photo
        assert photo is not None
        if condition == "turned-by-user":
            journal.set_photo_turn(photo.id, Turn(quarters=1))
            upright = upright.transpose(Image.Transpose.ROTATE_270)  # a quarter turn clockwise
        journal.set_eye_points(photo.id, None, None, "auto")  # no eyes: the two are fitted alike
        shown.append(np.asarray(upright.convert("RGB")).astype(np.int16))
    window.frame.resize(1280, 820)
    window.workspace.set_journal(journal)
    window.workspace.show_compare()
    view = window.workspace.compare
    qtbot.waitUntil(lambda: all(s.pixmap is not None for s in view.canvas.sides), timeout=20_000)
    return view, shown


def _patch_on_screen(canvas, index: int, at: QPointF, size: int = 40) -> np.ndarray:  # type: ignore[no-untyped-def]
    grab = canvas.grab().toImage()
    viewport = canvas.viewports()[index]
    side = canvas.sides[index]
    point = (side.to_frame * canvas.frame_to_widget(viewport)).map(at)
    ratio = grab.devicePixelRatio()
    x, y = math.floor(point.x() * ratio + 0.5), math.floor(point.y() * ratio + 0.5)
    rgb = grab.convertToFormat(grab.Format.Format_RGB888)
    data = np.frombuffer(rgb.constBits(), np.uint8).reshape(rgb.height(), rgb.bytesPerLine())
    pixels = data[:, : rgb.width() * 3].reshape(rgb.height(), rgb.width(), 3)
    return pixels[y - size // 2 : y + size // 2, x - size // 2 : x + size // 2].astype(np.int16)


def _patch_of(picture: np.ndarray, at: QPointF, size: int = 40) -> np.ndarray:
    x, y = math.floor(at.x() + 0.5), math.floor(at.y() + 0.5)
    return picture[y - size // 2 : y + size // 2, x - size // 2 : x + size // 2]


def _difference(canvas, index: int, picture: np.ndarray, at: QPointF) -> float:  # type: ignore[no-untyped-def]
    """Mean difference between the screen and the photo's own pixels around `at`, allowing for
    the half pixel by which a panned view may sit off the screen's grid."""
    patch = _patch_on_screen(canvas, index, at)
    return min(
        float(np.abs(patch - _patch_of(picture, at + QPointF(dx, dy))).mean())
        for dx in (-1, 0, 1)
        for dy in (-1, 0, 1)
    )


def test_at_100_percent_each_photo_shows_its_own_pixels_from_a_region_only(qtbot, zoomed) -> None:  # type: ignore[no-untyped-def]
    view, shown = zoomed
    canvas = view.canvas
    view.controls.zoomRequested.emit(_step("ACTUAL"))  # the regions come from a worker, later
    assert all(side.detail is None for side in canvas.sides) and not canvas.sharp_on_screen()
    centre = canvas.visible_rect(0).center()
    assert _difference(canvas, 0, shown[0], centre) > 12  # the upscaled preview: told apart from sharp
    qtbot.waitUntil(canvas.sharp_on_screen, timeout=20_000)
    for index, side in enumerate(canvas.sides):
        assert side.pixmap.width() <= 2048  # the preview stays: the original is never loaded whole
        screen = canvas.viewports()[index]
        assert side.detail.width() * side.detail.height() <= 3 * screen.width() * screen.height()
        for place in (
            canvas.visible_rect(index).center(),
            canvas.visible_rect(index).topLeft() + QPointF(60, 60),
        ):
            patch = _patch_on_screen(canvas, index, place)
            assert np.abs(patch - _patch_of(shown[index], place)).mean() < 6, (index, place)

    # Panned to a corner: the pixels there, sharp again.
    view.state.pan_to(QPointF(0.9, 0.85))
    qtbot.waitUntil(canvas.sharp_on_screen, timeout=20_000)
    assert _difference(canvas, 0, shown[0], canvas.visible_rect(0).center()) < 6

    # Fitted again: the regions are freed.
    view.controls.zoomRequested.emit(_step("FIT"))
    assert all(side.detail is None for side in canvas.sides)
    assert view.store.region_bytes() == 0


def _step(name: str):  # type: ignore[no-untyped-def]
    from journal.ui.compare.modes import ZoomStep

    return getattr(ZoomStep, name)


def test_the_sessions_next_to_the_after_one_are_in_memory_before_they_are_stepped_to(
    qtbot, window, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from tests.helpers import photo_like, save_jpeg

    journal = Journal.create(tmp_path / "s", JournalSettings(name="Steps"), tmp_path / "cache")
    for i in range(4):
        session = journal.add_session(dt.date(2026, 1, 5) + dt.timedelta(days=28 * i))
        assert journal.import_file(
            save_jpeg(tmp_path / f"f{i}.jpg", photo_like((400, 300), seed=i)), session.id, Angle.FRONT
        ).ok
    window.workspace.set_journal(journal)
    window.workspace.show_compare()
    view = window.workspace.compare
    view.show_pair(view.candidates[0].session.id, view.candidates[2].session.id)
    neighbours = [view.candidates[1].photo.id, view.candidates[3].photo.id]
    qtbot.waitUntil(lambda: all(view.store.has(photo_id) for photo_id in neighbours), timeout=10_000)
    view.step_after(1)  # "]"
    assert all(side.pixmap is not None for side in view.canvas.sides)  # at once, from memory

"""Compare's Regions toggle: the redness regions drawn on both photos, each through its own eye
points, so the user sees the skin that is measured; notes when there are none or a photo has
no eyes."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QImage

from journal.core.faceframe import FaceFrame
from journal.core.models import Angle
from journal.core.regions import RegionSet
from journal.render.region_overlay import TREATED_COLOUR
from tests.ui.progress_course import build_course, open_copy


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("compare-regions")
    build_course(root / "journal", root / "cache")
    return root


def _compare(qtbot, window, journal):  # type: ignore[no-untyped-def]
    window.workspace.set_journal(journal)
    window.workspace.show_compare()
    view = window.workspace.compare
    qtbot.waitUntil(lambda: len(view.canvas.sides) == 2, timeout=10_000)
    qtbot.waitUntil(lambda: all(s.pixmap is not None for s in view.canvas.sides), timeout=10_000)
    return view


def _near(image: QImage, point: QPointF, colour: QColor, reach: int = 3) -> bool:
    x0, y0 = round(point.x()), round(point.y())
    for dx in range(-reach, reach + 1):
        for dy in range(-reach, reach + 1):
            c = image.pixelColor(x0 + dx, y0 + dy)
            if (
                abs(c.red() - colour.red()) + abs(c.green() - colour.green()) + abs(c.blue() - colour.blue())
                < 60
            ):
                return True
    return False


@pytest.mark.parametrize("aligned", [True, False], ids=["aligned", "not-aligned"])
def test_regions_are_drawn_on_both_photos_through_their_own_eyes(
    qtbot, window, built, tmp_path, aligned
) -> None:  # type: ignore[no-untyped-def]
    journal = open_copy(built, tmp_path)
    last = journal.photos()[-1]
    journal.set_eye_points(last.id, (0.3, 0.45), (0.55, 0.5), "manual")  # the after face: tilted, larger
    view = _compare(qtbot, window, journal)
    view.set_aligned(aligned)
    canvas = view.canvas
    treated = journal.redness_regions().of(Angle.FRONT).treated[0]
    before = canvas.grab().toImage()
    qtbot.mouseClick(view.controls.regions_box, Qt.MouseButton.LeftButton)
    assert view.regions.on
    shown = canvas.grab().toImage()
    for index, side in enumerate(canvas.sides):
        viewport = canvas.viewports()[index]
        assert side.eyes is not None
        frame = FaceFrame((side.eyes[0].x(), side.eyes[0].y()), (side.eyes[1].x(), side.eyes[1].y()))
        to_widget = side.to_frame * canvas.frame_to_widget(viewport)
        rim = to_widget.map(QPointF(*frame.pixel((treated.x + treated.r, treated.y))))  # type: ignore[union-attr]
        middle = to_widget.map(QPointF(*frame.pixel((treated.x, treated.y))))  # type: ignore[union-attr]
        assert _near(shown, rim, TREATED_COLOUR), f"side {index}: no treated outline at {rim}"
        assert not _near(before, rim, TREATED_COLOUR)  # it was not there before the toggle
        assert not _near(shown, middle, TREATED_COLOUR, reach=1)  # the skin itself stays clear
    qtbot.keyClick(canvas, Qt.Key.Key_R)  # R turns them off again
    assert not view.regions.on and not view.controls.regions_box.isChecked()


def test_the_toggle_says_when_no_regions_are_set_or_a_photo_has_no_eyes(
    qtbot, window, built, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    journal = open_copy(built, tmp_path)
    saved = journal.set_redness_regions(Angle.FRONT, RegionSet())
    view = _compare(qtbot, window, journal)
    view.show_regions(True)
    assert any("No redness regions are set for the front photos" in n for n in view.notes())
    journal.set_redness_regions(Angle.FRONT, saved)  # set elsewhere (the region editor): followed
    qtbot.waitUntil(lambda: view.regions.has_regions, timeout=5_000)
    assert not any("No redness regions" in n for n in view.notes())
    journal.set_eye_points(view.after.photo.id, None, None, "auto")
    qtbot.waitUntil(
        lambda: any("cannot be placed on the after photo" in n for n in view.notes()), timeout=5_000
    )


def test_wipe_shows_the_before_photo_left_of_the_divider_and_the_after_right(
    qtbot, window, built, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """Each side of the divider is its own photo (the after photo was drawn over the whole view)."""
    from journal.ui.compare.modes import CompareMode

    view = _compare(qtbot, window, open_copy(built, tmp_path))  # before: red cheeks; after: far less red
    canvas = view.canvas
    view.set_mode(CompareMode.BLINK)
    canvas.blink_after = False
    before = canvas.grab().toImage()
    canvas.blink_after = True
    after = canvas.grab().toImage()
    view.set_mode(CompareMode.WIPE)
    canvas.wipe = 0.5
    wiped = canvas.grab().toImage()
    side = canvas.sides[0]
    assert side.eyes is not None
    frame = FaceFrame((side.eyes[0].x(), side.eyes[0].y()), (side.eyes[1].x(), side.eyes[1].y()))
    to_widget = side.to_frame * canvas.frame_to_widget(canvas.viewports()[0])
    for cheek, expected, other in (((-0.6, 0.6), before, after), ((0.6, 0.6), after, before)):
        point = to_widget.map(QPointF(*frame.pixel(cheek))).toPoint()
        assert (point.x() < canvas.width() / 2) == (expected is before)
        shown = wiped.pixelColor(point)
        assert expected.pixelColor(point) != other.pixelColor(point)  # the two photos differ here
        assert shown == expected.pixelColor(point), f"{cheek}: the wrong photo shows there"

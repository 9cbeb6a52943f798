"""Adjust eyes on a photo without eye points: suggested markers to drag, two clicks to place,
undo and redo, the note naming the photo, the overlay modes and a read-only journal."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QMessageBox

from journal.core.eyes import locate
from journal.core.models import Angle, EyePoints, EyesReason, Kind, Photo
from journal.ui.compare.markers import MARKER_COLOURS, EyeEdits, EyeMarks, eye_source, reason_text, side_note
from journal.ui.compare.modes import CompareMode
from tests.core.eye_set import cases, render
from tests.helpers import SHARED_PHOTOS, photo_like, save_jpeg, wheel_event

BEFORE_DAY, AFTER_DAY = dt.date(2026, 1, 5), dt.date(2026, 3, 9)
NOT_ALIGNED = "Not aligned: the photos are only fitted and centred."
NOTE = {
    "no-face": "Left photo (5 Jan): no eye points found — no face found. Use Adjust eyes (E) to place them.",
    "one-eye": "Left photo (5 Jan): eye points unsure — only one eye can be seen. "
    "Use Adjust eyes (E) to check them.",
}
Truth = tuple[tuple[float, float], tuple[float, float]] | None


def _face(path: Path) -> Path:
    """A face whose eyes are found: the portrait on a wall."""
    source = np.asarray(Image.open(SHARED_PHOTOS / "face" / "astronaut.png").convert("RGB"))
    matrix = cv2.getRotationMatrix2D((256, 256), 0.0, 1.0)
    matrix[0, 2] += 140
    matrix[1, 2] += 180
    image = cv2.warpAffine(source, matrix, (800, 900), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)
    Image.fromarray(image).save(path, quality=92)
    return path


def _without_points(condition: str, path: Path) -> Truth:
    """A photo the detector gives no points for: no face at all, or a hand over one eye."""
    if condition == "no-face":
        save_jpeg(path, photo_like((800, 600)))
        return None
    pixels, truth = render(cases("eye-covered")[0])
    save_jpeg(path, Image.fromarray(pixels))
    return truth


def _pair(qtbot, window, tmp_path: Path, before: str, after: str = "found", read_only: bool = False):  # type: ignore[no-untyped-def]
    """Compare showing a photo of condition `before` (5 Jan) against one of `after` (9 Mar),
    their eyes looked for as the app does after an import. Returns the view and the before
    photo's true eyes."""
    from journal.core.journal import Journal
    from journal.core.models import JournalSettings

    folder, cache = tmp_path / "j", tmp_path / "cache"
    journal = Journal.create(folder, JournalSettings(name="Eyes"), cache)
    truth: Truth = None
    for day, condition in ((BEFORE_DAY, before), (AFTER_DAY, after)):
        path = tmp_path / f"{day}.jpg"
        if condition == "found":
            _face(path)
        else:
            found = _without_points(condition, path)
            truth = found if day == BEFORE_DAY else truth
        session = journal.add_session(day, Kind.TREATMENT)
        locate(journal, journal.import_file(path, session.id, Angle.FRONT).photo)
    if read_only:
        journal.close()
        journal = Journal.open(folder, cache, read_only=True)
    window.workspace.set_journal(journal)
    window.workspace.show_compare()
    view = window.workspace.compare
    qtbot.waitUntil(lambda: all(s.pixmap is not None for s in view.canvas.sides), timeout=10_000)
    return view, truth


def _on_screen(canvas, index: int, point: QPointF) -> QPoint:  # type: ignore[no-untyped-def]
    """Where a point of side `index`'s photo (its pixels) is on the canvas."""
    side = canvas.sides[index]
    return (side.to_frame * canvas.frame_to_widget(canvas.viewports()[index])).map(point).toPoint()


def _drag(qtbot, canvas, start: QPoint, end: QPoint) -> None:  # type: ignore[no-untyped-def]
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(canvas, (start + end) / 2)
    qtbot.mouseMove(canvas, end)
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=end)


def _marker_pixels(canvas, centre: QPoint, which: int) -> int:  # type: ignore[no-untyped-def]
    """How many pixels around `centre` have the colour of marker `which`: a marker is drawn there."""
    image = canvas.grab().toImage()
    colour = MARKER_COLOURS[which]
    count = 0
    for dx in range(-12, 13):
        for dy in range(-12, 13):
            pixel = QColor(image.pixel(centre.x() + dx, centre.y() + dy))
            if (
                max(
                    abs(pixel.red() - colour.red()),
                    abs(pixel.green() - colour.green()),
                    abs(pixel.blue() - colour.blue()),
                )
                < 40
            ):
                count += 1
    return count


def _normalised(photo, point: QPointF) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    return point.x() / photo.width, point.y() / photo.height


@pytest.mark.parametrize("condition", ["no-face", "one-eye"])
def test_a_photo_without_points_offers_markers_to_drag_with_undo_and_redo(
    qtbot, window, tmp_path: Path, condition: str
) -> None:  # type: ignore[no-untyped-def]
    view, truth = _pair(qtbot, window, tmp_path, condition)
    canvas, journal = view.canvas, window.workspace.journal
    photo = view.before.photo
    reason = photo.eyes_reason
    assert view.notes()[:2] == [NOT_ALIGNED, NOTE[condition]]
    assert not any("Right photo" in line for line in view.notes())  # its eyes were found

    qtbot.keyClick(view, Qt.Key.Key_E)
    assert canvas.editing_eyes
    qtbot.waitUntil(lambda: canvas.sides[0].marks.suggested is not None, timeout=10_000)
    left, right = canvas.sides[0].marks.suggested
    if condition == "one-eye":  # the unsure pair: the eye that was seen is where it is
        assert truth is not None
        assert math.dist((left.x(), left.y()), truth[0]) / math.dist(*truth) <= 0.06
    else:  # no face: the upper middle of the photo
        assert left.y() == right.y() and 0.3 <= left.y() / photo.height <= 0.45
        assert left.x() < photo.width / 2 < right.x()
    # Both markers are drawn where they are suggested, and the hint says why they are there.
    for which, point in enumerate((left, right)):
        assert _marker_pixels(canvas, _on_screen(canvas, 0, point), which) > 8
    hint = canvas.markers.hint(0, None, canvas.sides[0].marks)
    expected_hint = (
        "Unsure: only one eye can be seen." if condition == "one-eye" else "No eye points: no face found."
    )
    assert hint.startswith(expected_hint) and "click one eye, then the other" in hint

    # Drag the right marker onto the pupil: both points are stored, as set by hand.
    start = _on_screen(canvas, 0, right)
    scale = canvas.scale_in(canvas.viewports()[0])
    _drag(qtbot, canvas, start, start + QPoint(12, 6))
    stored = journal.photo(photo.id).eyes
    assert stored is not None and stored.source == "manual"
    assert stored.left == pytest.approx(_normalised(photo, left), abs=1e-6)
    moved = right + QPointF(12 / scale, 6 / scale)
    assert stored.right == pytest.approx(_normalised(photo, moved), abs=1.5 / photo.width)
    assert window.undo_stack.undoText() == "Place eye points"
    # The pair is aligned now: the after photo's eyes land on the points just set.
    assert view.notes()[0] == "Left photo (5 Jan): eye points set by hand."
    assert NOT_ALIGNED not in view.notes()
    before_side, after_side = canvas.sides
    for mine, target in zip(after_side.eyes, before_side.eyes, strict=True):
        assert (after_side.to_frame.map(mine) - target).manhattanLength() < 1.0

    window.actions.undo.trigger()  # back to no points, with the reason there was
    undone = journal.photo(photo.id)
    assert undone.eyes is None and undone.eyes_reason == reason
    assert view.notes()[:2] == [NOT_ALIGNED, NOTE[condition]]
    assert canvas.sides[0].marks.suggested == (left, right)  # the same markers, at once
    window.actions.redo.trigger()
    assert journal.photo(photo.id).eyes == stored
    assert view.notes()[0] == "Left photo (5 Jan): eye points set by hand."


@pytest.mark.parametrize("zoom", ["fit", "zoomed-in"])
def test_two_clicks_place_the_eyes_where_they_are(qtbot, window, tmp_path: Path, zoom: str) -> None:  # type: ignore[no-untyped-def]
    view, truth = _pair(qtbot, window, tmp_path, "one-eye")
    assert truth is not None
    canvas, journal = view.canvas, window.workspace.journal
    photo = view.before.photo
    eyes = [QPointF(*truth[0]), QPointF(*truth[1])]
    qtbot.mouseClick(view.controls.eyes_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: canvas.sides[0].marks.suggested is not None, timeout=10_000)
    if zoom == "zoomed-in":  # the wheel over the eyes, as one zooms to see the pupils
        middle = _on_screen(canvas, 0, (eyes[0] + eyes[1]) / 2)
        wheel = wheel_event(canvas, middle, 360)
        QApplication.sendEvent(canvas, wheel)
        assert canvas.scale_in(canvas.viewports()[0]) > 1.5 * min(
            canvas.viewports()[0].width() / photo.width, canvas.viewports()[0].height() / photo.height
        )

    # The pointer says what a press does: a cross where an eye can be placed, a move over a marker.
    iod = math.dist(*truth)
    cheek = _on_screen(canvas, 0, (eyes[0] + eyes[1]) / 2 + QPointF(0, 0.8 * iod))  # in view when zoomed
    qtbot.mouseMove(canvas, cheek)
    assert canvas.cursor().shape() is Qt.CursorShape.CrossCursor
    qtbot.mouseMove(canvas, _on_screen(canvas, 0, canvas.sides[0].marks.suggested[0]))
    assert canvas.cursor().shape() is Qt.CursorShape.SizeAllCursor

    # A drag on the photo pans it, and places nothing.
    centre = QPointF(view.state.center)
    _drag(qtbot, canvas, cheek, cheek + QPoint(30, 0))
    assert view.state.center != centre and not canvas.markers.placing(0)
    assert journal.photo(photo.id).eyes is None
    qtbot.mouseMove(canvas, cheek)
    _drag(qtbot, canvas, cheek + QPoint(30, 0), cheek)  # back where it was

    # One click: an eye; Esc starts again (and stays in Compare).
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=_on_screen(canvas, 0, eyes[1]))
    assert canvas.markers.placing(0)
    assert canvas.markers.hint(0, None, canvas.sides[0].marks).startswith("Now click the other eye")
    assert _marker_pixels(canvas, _on_screen(canvas, 0, eyes[1]), 0) > 8
    qtbot.keyClick(canvas, Qt.Key.Key_Escape)
    assert not canvas.markers.placing(0) and window.frame.pages.currentWidget() is view
    assert journal.photo(photo.id).eyes is None

    # The eye on the right first, then the one on the left: stored left first, where clicked.
    for eye in (eyes[1], eyes[0]):
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=_on_screen(canvas, 0, eye))
    stored = journal.photo(photo.id).eyes
    assert stored is not None and stored.source == "manual"
    tolerance = 1.0 / canvas.scale_in(canvas.viewports()[0]) / photo.width
    assert stored.left == pytest.approx(_normalised(photo, eyes[0]), abs=tolerance)
    assert stored.right == pytest.approx(_normalised(photo, eyes[1]), abs=tolerance)
    assert view.notes()[0] == "Left photo (5 Jan): eye points set by hand."

    # A marker dropped on the other eye is refused: two points in one place align nothing.
    left_marker, right_marker = (_on_screen(canvas, 0, p) for p in canvas.sides[0].eyes)
    _drag(qtbot, canvas, left_marker, right_marker)
    assert journal.photo(photo.id).eyes == stored
    assert "too close together" in canvas.markers.hint(0, canvas.sides[0].eyes, canvas.sides[0].marks)


def test_enter_keeps_both_suggestions_in_one_undo_step_and_a_full_disk_is_said(
    qtbot, window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from journal.core.errors import DiskFull

    view, _truth = _pair(qtbot, window, tmp_path, "no-face", after="no-face")
    canvas, journal = view.canvas, window.workspace.journal
    assert view.notes()[1:] == [
        NOTE["no-face"],
        NOTE["no-face"].replace("Left photo (5 Jan)", "Right photo (9 Mar)"),
    ]
    qtbot.keyClick(view, Qt.Key.Key_E)
    qtbot.waitUntil(lambda: all(s.marks.suggested is not None for s in canvas.sides), timeout=10_000)
    ids = [view.before.photo.id, view.after.photo.id]

    # The disk is full: a message says the points were not saved, and nothing is on the undo stack.
    def full(*_args: object, **_kwargs: object) -> None:
        raise DiskFull("no space left on the disk")

    monkeypatch.setattr(journal, "set_eye_points", full)
    steps = window.undo_stack.count()
    qtbot.keyClick(canvas, Qt.Key.Key_Return)
    assert view.eye_error is not None and view.eye_error.isVisible()
    assert "not saved" in view.eye_error.text() and "no space left" in view.eye_error.text()
    assert window.undo_stack.count() == steps and all(journal.photo(i).eyes is None for i in ids)
    view.eye_error.button(QMessageBox.StandardButton.Ok).click()
    monkeypatch.undo()

    qtbot.keyClick(canvas, Qt.Key.Key_Return)  # keep the suggested markers as they are
    assert all(journal.photo(i).eyes is not None and journal.photo(i).eyes.source == "manual" for i in ids)
    assert window.undo_stack.count() == steps + 1 and window.undo_stack.undoText() == "Place eye points"
    assert view.notes() == [
        "Left photo (5 Jan): eye points set by hand.",
        "Right photo (9 Mar): eye points set by hand.",
    ]
    window.actions.undo.trigger()
    assert all(journal.photo(i).eyes is None for i in ids)
    assert all(journal.photo(i).eyes_reason == "no-face" for i in ids)


@pytest.mark.parametrize(
    "mode", [CompareMode.WIPE, CompareMode.BLINK, CompareMode.FADE], ids=lambda m: m.value
)
def test_adjust_eyes_from_an_overlay_mode_shows_the_photos_side_by_side(
    qtbot, window, tmp_path: Path, mode: CompareMode
) -> None:  # type: ignore[no-untyped-def]
    view, _truth = _pair(qtbot, window, tmp_path, "no-face")
    qtbot.mouseClick(view.controls.mode_buttons[mode], Qt.MouseButton.LeftButton)
    assert view.canvas.mode is mode
    name = "Left photo (5 Jan)" if mode is CompareMode.WIPE else "Before photo (5 Jan)"
    assert view.notes()[1] == NOTE["no-face"].replace("Left photo (5 Jan)", name)
    button = view.controls.eyes_button
    assert button.isEnabled() and "side by side" in button.toolTip()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert view.canvas.mode is CompareMode.SIDE and view.controls.mode_buttons[CompareMode.SIDE].isChecked()
    assert view.canvas.editing_eyes and button.isChecked()
    assert view.notes()[1] == NOTE["no-face"]
    qtbot.waitUntil(lambda: view.canvas.sides[0].marks.suggested is not None, timeout=10_000)
    qtbot.mouseClick(view.controls.mode_buttons[mode], Qt.MouseButton.LeftButton)  # back on top
    assert not view.canvas.editing_eyes and not button.isChecked()


def test_a_read_only_journal_says_why_eyes_cannot_be_adjusted(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    view, _truth = _pair(qtbot, window, tmp_path, "no-face", read_only=True)
    button = view.controls.eyes_button
    assert not button.isEnabled() and "read-only" in button.toolTip()
    qtbot.keyClick(view, Qt.Key.Key_E)
    assert not view.canvas.editing_eyes
    assert view.notes()[1] == "Left photo (5 Jan): no eye points found — no face found."


def _photo(**fields: object) -> Photo:
    base = Photo(
        1,
        1,
        Angle.FRONT,
        "a.jpg",
        "photos/a.jpg",
        "0" * 64,
        1,
        "JPEG",
        800,
        600,
        1,
        None,
        False,
        dt.datetime(2026, 1, 1),
    )
    return dataclasses.replace(base, **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("photo", "note", "hint"),
    [
        pytest.param(
            _photo(eyes_checked=True, eyes_reason=reason.value),
            (
                "Left photo (5 Jan): no eye points found — no face found. Use Adjust eyes (E) to place them."
                if reason is EyesReason.NO_FACE
                else f"Left photo (5 Jan): eye points unsure — {reason.text}. Use Adjust eyes (E) to check them."
            ),
            "No eye points: no face found." if reason is EyesReason.NO_FACE else f"Unsure: {reason.text}.",
            id=reason.value,
        )
        for reason in EyesReason
    ]
    + [
        pytest.param(
            _photo(eyes_checked=True),
            "Left photo (5 Jan): no eye points found. Use Adjust eyes (E) to place them.",
            "No eye points.",
            id="unreadable-photo",
        ),
        pytest.param(
            _photo(eyes_checked=True, eyes=EyePoints((0.4, 0.4), (0.6, 0.4), "manual")),
            "Left photo (5 Jan): eye points set by hand.",
            "Eye points set by hand",
            id="set-by-hand",
        ),
        pytest.param(
            _photo(eyes_checked=True, eyes=EyePoints((0.4, 0.4), (0.6, 0.4), "auto")),
            "",
            "Eyes found",
            id="found",
        ),
    ],
)
def test_every_kind_of_eye_points_is_said_for_what_it_is(photo: Photo, note: str, hint: str) -> None:
    """Each reason the detector gives (one eye, hidden eyes, implausible distance or angle, no
    face) in the note and in the markers' hint; points set by hand said as such."""
    assert side_note("Left photo (5 Jan)", photo, editable=True) == note
    eyes = None
    if photo.eyes is not None:
        (lx, ly), (rx, ry) = photo.eyes.in_pixels(photo.width, photo.height)
        eyes = (QPointF(lx, ly), QPointF(rx, ry))
    marks = EyeMarks(eye_source(photo), reason_text(photo), (QPointF(300, 240), QPointF(500, 240)))
    assert EyeEdits().hint(0, eyes, marks).startswith(hint)


def test_a_read_only_journal_says_a_photo_was_never_looked_at() -> None:
    """Eyes are looked for only in a journal that can be written: read-only, the note says so
    instead of "Looking for the eyes…" for ever."""
    from journal.ui.compare.markers import eye_notes

    never, found = _photo(), _photo(id=2, eyes_checked=True, eyes=EyePoints((0.4, 0.4), (0.6, 0.4), "auto"))
    names = ("Left photo (5 Jan)", "Right photo (9 Mar)")
    assert eye_notes((never, found), names, aligned=False, editable=False) == [
        "Not aligned: the photos are only fitted and centred.",
        "Left photo (5 Jan): its eyes were never looked for, and this journal is open read-only.",
    ]
    assert eye_notes((never, found), names, aligned=False, editable=True) == [
        "Looking for the eyes to align the photos…"
    ]

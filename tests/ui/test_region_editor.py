"""The region editor, driven with the pointer and the keys: circles and polygons drawn where the
user puts them (stored in the face frame), moved, resized, reshaped and deleted inside the
bounds the journal accepts, each edit one undo step; photos without eyes, read-only journals."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest

from journal.core.faceframe import FaceFrame
from journal.core.models import Angle
from journal.core.regions import LIMIT_X, LIMIT_Y, MAX_SHAPES, RADIUS_RANGE, Circle, Polygon, RegionSet
from journal.ui.progress.region_canvas import Tool
from journal.ui.progress.region_edit import Picked, Role, added, moved, polygon_of, resized, with_vertex
from tests.ui.progress_course import build_course, open_copy


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("regions")
    build_course(root / "journal", root / "cache")
    return root


def open_editor(qtbot, window, journal):  # type: ignore[no-untyped-def]
    """The editor as the Progress tab's "Edit regions…" opens it, with its photo loaded."""
    window.workspace.set_journal(journal)
    window.actions.progress.trigger()
    view = window.view.tabs.currentWidget().content
    qtbot.mouseClick(view.regions_button, Qt.MouseButton.LeftButton)
    editor = view.region_editor
    assert editor is not None and editor.isVisible()
    editor.activateWindow()  # its keys (tools, Ctrl+Z) are the active window's shortcuts
    qtbot.waitUntil(editor.isActiveWindow, timeout=5_000)
    qtbot.waitUntil(lambda: editor.canvas.ready or bool(editor.canvas.placeholder), timeout=10_000)
    return editor


@pytest.fixture
def editor(qtbot, window, built: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    journal = open_copy(built, tmp_path)
    journal.set_redness_regions(Angle.FRONT, RegionSet())  # a journal whose regions are not set yet
    found = open_editor(qtbot, window, journal)
    qtbot.waitUntil(lambda: found.canvas.ready, timeout=10_000)
    return found


def _stored(window) -> RegionSet:  # type: ignore[no-untyped-def]
    return window.workspace.journal.redness_regions().of(Angle.FRONT)


def _at(canvas, face: tuple[float, float]) -> QPoint:  # type: ignore[no-untyped-def]
    return canvas.to_widget(face).toPoint()


def _drag(qtbot, canvas, start: QPoint, end: QPoint) -> None:  # type: ignore[no-untyped-def]
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start)
    middle = QPoint((start.x() + end.x()) // 2, (start.y() + end.y()) // 2)
    for point in (middle, end):
        qtbot.mouseMove(canvas, point)
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=end)


def test_a_circle_and_a_polygon_are_stored_where_they_are_drawn_and_undone_step_by_step(  # type: ignore[no-untyped-def]
    qtbot, window, editor
) -> None:
    canvas = editor.canvas
    photo = editor.photo
    frame = FaceFrame.of_photo(photo)  # the original's pixels: the preview is the same picture
    assert frame is not None
    # A reference circle on the forehead: press at its middle, drag out its radius.
    qtbot.mouseClick(editor.reference_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(editor.tool_buttons[Tool.CIRCLE], Qt.MouseButton.LeftButton)
    centre = _at(canvas, (0.0, -0.5))
    edge = _at(canvas, (0.2, -0.5))
    _drag(qtbot, canvas, centre, edge)
    (circle,) = _stored(window).reference
    assert isinstance(circle, Circle)
    assert math.dist((circle.x, circle.y), (0.0, -0.5)) < 0.03 and circle.r == pytest.approx(0.2, abs=0.03)
    # It sits on the photo where the pointer pressed, by the photo's own eye points.
    on_screen = canvas.image_to_widget().map(QPointF(*frame.pixel((circle.x, circle.y))))
    assert (on_screen - QPointF(centre)).manhattanLength() < 2.5
    assert canvas.tool is Tool.SELECT and editor.tool_buttons[Tool.SELECT].isChecked()  # back to Select
    # A treated polygon on the cheek: click its corners, Enter closes it.
    qtbot.mouseClick(editor.treated_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(canvas, Qt.Key.Key_G)  # the Polygon tool's key (its button clicks itself)
    qtbot.waitUntil(lambda: canvas.tool is Tool.POLYGON, timeout=3_000)
    corners = [(0.3, 0.4), (0.9, 0.4), (0.9, 0.9), (0.3, 0.9)]
    for corner in corners:
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=_at(canvas, corner))
    qtbot.keyClick(canvas, Qt.Key.Key_Return)
    stored = _stored(window)
    (polygon,) = stored.treated
    assert isinstance(polygon, Polygon) and len(polygon.points) == 4
    for got, wanted in zip(polygon.points, corners, strict=True):
        assert math.dist(got, wanted) < 0.03
    assert "1 treated region and 1 reference region" in editor.summary.text()
    # Ctrl+Z in the editor takes back one step at a time; the platform's Redo key redoes.
    qtbot.keyClick(canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _stored(window) == RegionSet((), (circle,))
    assert canvas.regions == RegionSet((), (circle,))  # the canvas follows the journal
    qtbot.keyClick(canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _stored(window) == RegionSet()
    QTest.keySequence(canvas, QKeySequence(QKeySequence.StandardKey.Redo))
    assert _stored(window) == RegionSet((), (circle,))
    window.undo_stack.redo()  # the window's Edit → Redo is the same history
    assert _stored(window) == stored
    assert editor.undo_button.isEnabled() and "Add treated polygon" in editor.undo_button.toolTip()
    # A session made meanwhile is not this window's to undo: its Undo waits for a region step.
    sessions = len(window.workspace.journal.sessions())
    window.workspace.log_session()
    assert not editor.undo_button.isEnabled()
    qtbot.keyClick(canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(window.workspace.journal.sessions()) == sessions + 1 and _stored(window) == stored


def test_regions_are_moved_resized_and_deleted_inside_the_bounds(qtbot, window, editor) -> None:  # type: ignore[no-untyped-def]
    canvas = editor.canvas
    qtbot.mouseClick(editor.suggest_button, Qt.MouseButton.LeftButton)
    suggested = _stored(window)
    assert len(suggested.treated) == 2 and len(suggested.reference) == 1
    steps = window.undo_stack.count()
    left = suggested.treated[0]
    assert isinstance(left, Circle)
    # Drag the left cheek's circle far past the face: it stops at the edge of what is kept.
    canvas.set_whole_photo(True)
    _drag(qtbot, canvas, _at(canvas, (left.x, left.y)), QPoint(1, canvas.height() - 2))
    dragged = _stored(window).treated[0]
    assert isinstance(dragged, Circle)
    assert -LIMIT_X <= dragged.x < left.x and left.y < dragged.y <= LIMIT_Y[1]
    assert canvas.selected == Picked(Role.TREATED, 0) and window.undo_stack.count() == steps + 1
    # Its handle, dragged out, makes it larger, up to the largest radius.
    handle = canvas.handles(dragged)[0].toPoint()
    _drag(qtbot, canvas, handle, QPoint(canvas.width() - 2, handle.y()))
    resized_circle = _stored(window).treated[0]
    assert isinstance(resized_circle, Circle)
    assert dragged.r < resized_circle.r <= RADIUS_RANGE[1]
    # Keys: + grows, arrows nudge, Delete removes; each is one step.
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_Minus)
    assert _stored(window).treated[0].r == pytest.approx(resized_circle.r / 1.1)
    qtbot.keyClick(canvas, Qt.Key.Key_Up)
    assert _stored(window).treated[0].y == pytest.approx(resized_circle.y - 0.02)
    qtbot.keyClick(canvas, Qt.Key.Key_Delete)
    assert _stored(window).treated == (suggested.treated[1],)
    assert window.undo_stack.count() == steps + 5
    for _ in range(5):
        window.undo_stack.undo()
    assert _stored(window) == suggested


def test_a_photo_without_eye_points_cannot_carry_regions(qtbot, window, built, tmp_path) -> None:  # type: ignore[no-untyped-def]
    journal = open_copy(built, tmp_path)
    first = journal.photos()[0]
    journal.set_eye_points(first.id, None, None, "auto")  # none found on the first photo
    editor = open_editor(qtbot, window, journal)
    assert "no eye points" in editor.photo_box.itemText(0)
    assert editor.photo.id != first.id  # it opens on the first photo that has them
    editor.photo_box.setCurrentIndex(0)
    editor.photo_box.activated.emit(0)
    assert not editor.canvas.ready and "no eye points" in editor.canvas.placeholder
    assert not editor.tool_buttons[Tool.CIRCLE].isEnabled()


def test_a_read_only_journal_shows_its_regions_but_keeps_them(qtbot, window, built, tmp_path) -> None:  # type: ignore[no-untyped-def]
    editor = open_editor(qtbot, window, open_copy(built, tmp_path, read_only=True))
    qtbot.waitUntil(lambda: editor.canvas.ready, timeout=10_000)
    assert len(editor.canvas.regions.treated) == 2  # shown
    assert "read-only" in editor.summary.text()
    assert not editor.tool_buttons[Tool.CIRCLE].isEnabled() and not editor.clear_button.isEnabled()


def test_edits_never_leave_the_bounds_the_journal_accepts() -> None:
    """What the pointer can ask for, the edit functions keep inside (no refused save)."""
    circle = Circle(0.0, 0.0, 0.3)
    far = moved(circle, 50.0, -50.0)
    assert isinstance(far, Circle) and (far.x, far.y) == (LIMIT_X, LIMIT_Y[0])
    assert resized(circle, 100.0).r == RADIUS_RANGE[1]  # type: ignore[union-attr]
    assert resized(circle, 0.0001).r == RADIUS_RANGE[0]  # type: ignore[union-attr]
    square = Polygon(((0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)))
    shifted = moved(square, 10.0, 0.0)
    assert isinstance(shifted, Polygon) and max(x for x, _ in shifted.points) == LIMIT_X
    assert shifted.area == pytest.approx(1.0)  # it keeps its shape at the edge
    assert with_vertex(square, 0, (0.2, 0.1)) is not None
    assert with_vertex(Polygon(((0.0, 0.0), (1.0, 0.0), (0.5, 0.5))), 2, (0.5, 0.0)) is None  # no area
    assert polygon_of([(0.0, 0.0), (1.0, 0.0)]) is None
    regions = RegionSet()
    for _ in range(MAX_SHAPES):
        result = added(regions, Role.TREATED, circle)
        assert result is not None
        regions = result[0]
    assert added(regions, Role.TREATED, circle) is None  # the ninth is refused, with a reason on screen

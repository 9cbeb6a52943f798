"""A session's photos: turning one the right way up, their angles, and where they come from."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QStandardPaths, Qt
from PySide6.QtGui import QImage, QTransform
from PySide6.QtWidgets import QFileDialog, QMenu

from journal.core.models import Angle, Kind
from journal.core.turn import NO_TURN, Turn
from journal.ui.timeline.model import ThumbnailRole
from tests.helpers import photo_like, save_jpeg
from tests.ui.conftest import drop_files


def _action(menu: QMenu, text: str):  # type: ignore[no-untyped-def]
    for action in menu.actions():
        if action.text().replace("&", "") == text:
            return action
        if action.menu() is not None:
            found = _action(action.menu(), text)
            if found is not None:
                return found
    return None


def _difference(a: QImage, b: QImage) -> float:
    """Mean difference of the red channel, on a coarse grid (JPEG noise stays well under 10)."""
    assert a.size() == b.size(), (a.size(), b.size())
    points = [(x, y) for x in range(0, a.width(), 9) for y in range(0, a.height(), 9)]
    return sum(abs(a.pixelColor(x, y).red() - b.pixelColor(x, y).red()) for x, y in points) / len(points)


def _thumbnail(qtbot, window, model, row: int = 0) -> QImage:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(
        lambda: isinstance(model.data(model.index(row, 0), Qt.ItemDataRole.DecorationRole), QImage)
    )
    return model.data(model.index(row, 0), Qt.ItemDataRole.DecorationRole)


def test_a_sideways_photo_is_turned_everywhere_and_back_with_undo(
    qtbot, window, tmp_path: Path, photos: Path
) -> None:  # type: ignore[no-untyped-def]
    """bad-metadata/corrupted.jpg shows a street on its side (its EXIF says "upright")."""
    from journal.core.journal import Journal
    from journal.core.models import JournalSettings
    from journal.ui.compare.export import comparison_image

    journal = Journal.create(tmp_path / "j", JournalSettings(name="Turn"), tmp_path / "cache")
    first = journal.add_session(dt.date(2026, 1, 5), Kind.TREATMENT)
    sideways = journal.import_file(photos / "bad-metadata" / "corrupted.jpg", first.id, Angle.FRONT).photo
    later = journal.add_session(dt.date(2026, 2, 2), Kind.TREATMENT)
    journal.import_file(save_jpeg(tmp_path / "later.jpg", photo_like((640, 480))), later.id, Angle.FRONT)
    window.workspace.set_journal(journal)
    window.workspace.select_session(first.id)
    page = window.view.session_page
    model = page.photos.models[Angle.FRONT]
    shown = _thumbnail(qtbot, window, model)
    assert shown.width() > shown.height()  # on its side, as the file says

    menu = page.photos.photo_menu([model.photo(0)])
    _action(menu, "Rotate right").trigger()
    assert journal.photo(sideways.id).turn == Turn(1) and journal.photo_path(sideways).is_file()
    # The old picture stays on screen until the turned one is in (no blank tile meanwhile).
    qtbot.waitUntil(
        lambda: _thumbnail(qtbot, window, model).height() > _thumbnail(qtbot, window, model).width()
    )
    turned = _thumbnail(qtbot, window, model)
    assert _difference(turned, shown.transformed(QTransform().rotate(90))) < 10  # the picture, turned
    timeline = window.view.timeline_model
    row = timeline.row_of(first.id)
    qtbot.waitUntil(lambda: isinstance(timeline.index(row, 0).data(ThumbnailRole), QImage))
    qtbot.waitUntil(
        lambda: (
            timeline.index(row, 0).data(ThumbnailRole).height()
            > timeline.index(row, 0).data(ThumbnailRole).width()
        )
    )

    # The viewer (Open) shows it turned too.
    _action(page.photos.photo_menu([model.photo(0)]), "Open").trigger()
    viewer = window.dialogs.viewers[-1]
    qtbot.waitUntil(lambda: viewer.canvas.loaded_width() > 0, timeout=10_000)
    preview = QImage(str(journal.preview_file(journal.photo(sideways.id))))
    assert preview.height() > preview.width() and viewer.canvas.loaded_width() == preview.width()
    viewer.close()

    # Compare, its sheet and its saved image show it turned.
    window.workspace.show_compare()
    compare = window.workspace.compare
    canvas = compare.canvas
    qtbot.waitUntil(lambda: all(side.pixmap is not None for side in canvas.sides), timeout=10_000)
    before = canvas.sides[0]
    assert before.size.height() > before.size.width() and before.pixmap.height() > before.pixmap.width()
    compare.print_sheet()
    sheet = compare.sheet_dialog
    sheet.angles.setCurrentIndex(0)
    qtbot.waitUntil(lambda: sheet.sheet() is not None, timeout=10_000)
    built = sheet.sheet()
    assert built is not None and built.photos[(0, 0)].turn == Turn(1)
    sheet.close()
    saved = comparison_image(canvas, 1000)
    assert saved.width() / saved.height() < 1.7  # two upright photos side by side (sideways: 2.7)

    # Undo: as it was, everywhere; then a mirror image.
    window.undo_stack.undo()
    assert journal.photo(sideways.id).turn == NO_TURN
    qtbot.waitUntil(
        lambda: (
            canvas.sides
            and canvas.sides[0].pixmap is not None
            and canvas.sides[0].pixmap.width() > canvas.sides[0].pixmap.height()
        )
    )
    window.workspace.show_journal_page()
    qtbot.waitUntil(lambda: _difference(_thumbnail(qtbot, window, model), shown) < 10)
    _action(page.photos.photo_menu([model.photo(0)]), "Flip left to right").trigger()
    assert journal.photo(sideways.id).turn == Turn(0, True)
    qtbot.waitUntil(
        lambda: _difference(_thumbnail(qtbot, window, model), shown.flipped(Qt.Orientation.Horizontal)) < 10
    )
    assert window.undo_stack.undoText() == "Flip photo"


def _click(qtbot, strip, row: int, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    rect = strip.visualRect(strip.model().index(row, 0))
    qtbot.mouseClick(strip.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def test_the_angle_menu_ticks_the_angle_and_moves_photos_selected_in_two_strips_in_one_step(  # type: ignore[no-untyped-def]
    qtbot, window, tmp_path: Path, monkeypatch
) -> None:
    from journal.core.journal import Journal
    from journal.core.models import JournalSettings

    journal = Journal.create(tmp_path / "j", JournalSettings(name="Angles"), tmp_path / "cache")
    session = journal.add_session(dt.date(2026, 1, 5), Kind.TREATMENT)
    ids = [
        journal.import_file(
            save_jpeg(tmp_path / f"IMG_{n}.jpg", photo_like((300, 400), seed=n)), session.id, angle
        ).photo.id
        for n, angle in enumerate((Angle.FRONT, Angle.OTHER, Angle.OTHER))
    ]
    window.workspace.set_journal(journal)
    groups = window.view.session_page.photos
    front, other = groups.strips[Angle.FRONT], groups.strips[Angle.OTHER]
    _click(qtbot, other, 0)
    menu = groups.photo_menu(groups.selected_photos())
    assert [a.text() for a in _action(menu, "Other").actionGroup().actions() if a.isChecked()] == ["Other"]
    _click(qtbot, front, 0)  # a plain click: the other strip lets go of its photo
    assert [p.id for p in groups.selected_photos()] == [ids[0]]
    _click(qtbot, other, 1, Qt.KeyboardModifier.ControlModifier)
    assert [p.id for p in groups.selected_photos()] == [ids[0], ids[2]]
    menu = groups.photo_menu(groups.selected_photos())
    assert not any(
        a.isChecked() for a in _action(menu, "Front").actionGroup().actions()
    )  # mixed: none ticked
    writes: list[dict[int, Angle]] = []
    real = Journal.set_photo_angles
    monkeypatch.setattr(
        Journal, "set_photo_angles", lambda self, angles: (writes.append(dict(angles)), real(self, angles))[1]
    )
    steps = window.undo_stack.count()
    _action(menu, "Left").trigger()
    assert [journal.photo(i).angle for i in ids] == [Angle.LEFT, Angle.OTHER, Angle.LEFT]
    assert writes == [{ids[0]: Angle.LEFT, ids[2]: Angle.LEFT}]  # one write
    assert window.undo_stack.count() == steps + 1 and window.undo_stack.undoText() == "Move 2 photos to left"
    window.undo_stack.undo()
    assert [journal.photo(i).angle for i in ids] == [Angle.FRONT, Angle.OTHER, Angle.OTHER]
    assert groups.models[Angle.OTHER].rowCount() == 2


@pytest.fixture
def batch(tmp_path: Path) -> list[Path]:
    """Two photos named by the camera and one whose name says its angle."""
    folder = tmp_path / "from the phone"
    return [
        save_jpeg(folder / name, photo_like((300, 400), seed=n))
        for n, name in enumerate(("IMG_0001.jpg", "IMG_0002.jpg", "IMG_0003_left.jpg"))
    ]


def _journal_with_a_session(window, tmp_path: Path):  # type: ignore[no-untyped-def]
    from journal.core.journal import Journal
    from journal.core.models import JournalSettings

    journal = Journal.create(tmp_path / "j", JournalSettings(name="Import"), tmp_path / "cache")
    journal.add_session(dt.date(2026, 1, 5), Kind.TREATMENT)
    window.workspace.set_journal(journal)
    return journal


@pytest.mark.parametrize("how", ["dropped_on_the_timeline", "chosen_with_add_photos"])
def test_the_angle_is_asked_once_for_the_batch(  # type: ignore[no-untyped-def]
    qtbot, window, tmp_path: Path, batch: list[Path], monkeypatch, how: str
) -> None:
    journal = _journal_with_a_session(window, tmp_path)
    elsewhere = tmp_path / "started here"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    if how == "dropped_on_the_timeline":
        timeline = window.view.timeline
        drop_files(
            timeline.viewport(), batch, timeline.visualRect(timeline.model().index(0, 0)).center().toPointF()
        )
    else:
        window.actions.add_photos.trigger()
        files = next(d for d in window.frame.findChildren(QFileDialog) if d.isVisible())
        pictures = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation))
        assert Path(files.directory().absolutePath()) == (pictures if pictures.is_dir() else Path.home())
        files.filesSelected.emit([str(p) for p in batch])
        files.close()
    asked = window.workspace.imports.angle_dialog
    assert asked is not None and asked.isVisible() and asked.windowModality() == Qt.WindowModality.WindowModal
    assert asked.question.text() == "<b>Which angle are the other 2?</b>"
    assert "IMG_0001.jpg, IMG_0002.jpg" in asked.details.text() and "keeps it" in asked.details.text()
    assert asked.buttons[Angle.FRONT].isDefault()  # the session has no front photo yet
    with qtbot.waitSignal(window.importer.finished, timeout=30_000):
        qtbot.mouseClick(asked.buttons[Angle.RIGHT], Qt.MouseButton.LeftButton)
    assert sorted((p.original_name, p.angle) for p in journal.photos()) == [
        ("IMG_0001.jpg", Angle.RIGHT),
        ("IMG_0002.jpg", Angle.RIGHT),
        ("IMG_0003_left.jpg", Angle.LEFT),
    ]
    # Files whose names all say their angle: nothing to ask.
    window.workspace.imports.angle_dialog = None
    named = shutil.copy(
        save_jpeg(tmp_path / "x.jpg", photo_like((300, 400), seed=9)), tmp_path / "IMG_9_front.jpg"
    )
    with qtbot.waitSignal(window.importer.finished, timeout=30_000):
        window.workspace.imports.ask_angle_and_import([str(named)])
    assert window.workspace.imports.angle_dialog is None
    assert journal.photos()[-1].angle is Angle.FRONT
    if how == "chosen_with_add_photos":  # the next Add photos… starts where the last one was
        window.actions.add_photos.trigger()
        files = next(d for d in window.frame.findChildren(QFileDialog) if d.isVisible())
        assert Path(files.directory().absolutePath()) == batch[0].parent
        files.close()


def test_a_drop_on_a_strip_takes_its_angle_without_asking(
    qtbot, window, tmp_path: Path, batch: list[Path]
) -> None:  # type: ignore[no-untyped-def]
    journal = _journal_with_a_session(window, tmp_path)
    strip = window.view.session_page.photos.strips[Angle.RIGHT]
    with qtbot.waitSignal(window.importer.finished, timeout=30_000):
        drop_files(strip.viewport(), batch[:2], QPoint(20, 20).toPointF())
    assert window.workspace.imports.angle_dialog is None
    assert [p.angle for p in journal.photos()] == [Angle.RIGHT, Angle.RIGHT]

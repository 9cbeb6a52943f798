"""The compare view: pairs, four modes with one zoom and pan, alignment, notes, export."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QPoint, QPointF, Qt

from journal.core.eyes import locate
from journal.core.models import Angle, Kind
from journal.ui.compare.modes import CompareMode
from tests.helpers import SHARED_PHOTOS, wheel_event


def _portrait(
    path: Path, rotation: float, scale: float, shift: tuple[float, float], light: float = 1.0
) -> Path:
    source = np.asarray(Image.open(SHARED_PHOTOS / "face" / "astronaut.png").convert("RGB"))
    matrix = cv2.getRotationMatrix2D((256, 256), rotation, scale)
    matrix[0, 2] += 140 + shift[0]
    matrix[1, 2] += 180 + shift[1]
    image = cv2.warpAffine(source, matrix, (800, 900), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)
    image = np.clip(image.astype(np.float32) * light, 0, 255).astype(np.uint8)
    Image.fromarray(image).save(path, quality=92)
    return path


@pytest.fixture
def course(qtbot, window, tmp_path: Path, photos: Path):  # type: ignore[no-untyped-def]
    """A journal with three sessions of front photos (the third 20 % brighter), eyes detected."""
    from journal.core.journal import Journal
    from journal.core.models import JournalSettings

    journal = Journal.create(tmp_path / "j", JournalSettings(name="Compare"), tmp_path / "cache")
    looks = [(0.0, 1.0, (0, 0), 1.0), (6.0, 1.15, (30, -20), 1.0), (-4.0, 0.9, (-25, 15), 1.2)]
    days = [dt.date(2026, 1, 5), dt.date(2026, 2, 2), dt.date(2026, 3, 9)]
    for i, (look, day) in enumerate(zip(looks, days, strict=True)):
        session = journal.add_session(day, Kind.TREATMENT)
        source = _portrait(tmp_path / f"face{i}.jpg", *look)
        photo = journal.import_file(source, session.id, Angle.FRONT).photo
        locate(journal, photo)
    window.workspace.set_journal(journal)
    window.workspace.show_compare()
    view = window.workspace.compare
    qtbot.waitUntil(lambda: all(s.pixmap is not None for s in view.canvas.sides), timeout=10_000)
    return view


def test_default_pair_is_first_treatment_against_the_latest(qtbot, course) -> None:  # type: ignore[no-untyped-def]
    view = course
    assert view.before.session.date == dt.date(2026, 1, 5)
    assert view.after.session.date == dt.date(2026, 3, 9)
    assert view.canvas.gap_text == "9 weeks apart · session 1 → session 3"
    assert view.canvas.sides[0].caption == "Mon 5 Jan 2026 · Session 1 · week 0"
    assert view.canvas.sides[1].caption == "Mon 9 Mar 2026 · Session 3 · week 9"
    qtbot.mouseClick(view.controls.previous_button, Qt.MouseButton.LeftButton)  # vs previous
    assert view.before.session.date == dt.date(2026, 2, 2)
    qtbot.mouseClick(view.controls.earlier_button, Qt.MouseButton.LeftButton)  # after: one session back
    assert view.after.session.date == dt.date(2026, 2, 2)
    qtbot.mouseClick(view.controls.baseline_button, Qt.MouseButton.LeftButton)
    assert view.before.session.date == dt.date(2026, 1, 5)
    assert view.canvas.gap_text == "4 weeks apart · session 1 → session 2"


def test_aligned_view_puts_the_after_eyes_on_the_before_eyes(qtbot, course) -> None:  # type: ignore[no-untyped-def]
    view = course
    before, after = view.canvas.sides
    assert view.aligned and before.eyes and after.eyes
    iod = (before.eyes[1] - before.eyes[0]).manhattanLength()
    for mine, target in zip(after.eyes, before.eyes, strict=True):
        landed = after.to_frame.map(mine)
        assert (landed - target).manhattanLength() / iod < 0.02
    view.controls.aligned_box.setChecked(False)  # unaligned: the after photo is only fitted
    unaligned = view.canvas.sides[1].to_frame.map(view.canvas.sides[1].eyes[0])
    assert (unaligned - before.eyes[0]).manhattanLength() / iod > 0.1


def _relative(canvas, index: int, frame_point: QPointF) -> QPointF:  # type: ignore[no-untyped-def]
    viewport = canvas.viewports()[index]
    point = canvas.frame_to_widget(viewport).map(frame_point)
    return QPointF(
        (point.x() - viewport.x()) / viewport.width(), (point.y() - viewport.y()) / viewport.height()
    )


def test_zoom_and_pan_move_both_photos_in_every_mode(qtbot, course) -> None:  # type: ignore[no-untyped-def]
    view, canvas = course, course.canvas
    canvas.resize(1000, 600)
    eye = canvas.sides[0].eyes[0]
    # Side by side: wheel over the left photo; the right one shows the same relative view.
    left_half = canvas.viewports()[0]
    anchor = canvas.frame_to_widget(left_half).map(eye).toPoint()

    wheel = wheel_event(canvas, anchor, 240)
    canvas.wheelEvent(wheel)
    assert not view.state.fit and view.state.scale > 0.5
    after_zoom = canvas.frame_to_widget(canvas.viewports()[0]).map(eye)
    assert (after_zoom - QPointF(anchor)).manhattanLength() < 2  # zoomed about the cursor
    a, b = _relative(canvas, 0, eye), _relative(canvas, 1, eye)
    assert (a.x(), a.y()) == pytest.approx((b.x(), b.y()), abs=1e-6)
    # Drag on the right photo pans both.
    start = canvas.viewports()[1].center().toPoint()
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(canvas, start - QPoint(50, 40))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=start - QPoint(50, 40))
    a2, b2 = _relative(canvas, 0, eye), _relative(canvas, 1, eye)
    assert (a2.x(), a2.y()) == pytest.approx((b2.x(), b2.y()), abs=1e-6)
    assert a2.x() < a.x() and a2.y() < a.y()
    # Overlay modes share the one view: both photos' eyes land on the same screen point.
    after_side = canvas.sides[1]
    for mode in (CompareMode.WIPE, CompareMode.BLINK, CompareMode.FADE):
        view.set_mode(mode)
        viewport = canvas.viewports()[0]
        before_on_screen = canvas.frame_to_widget(viewport).map(eye)
        after_on_screen = (after_side.to_frame * canvas.frame_to_widget(viewport)).map(after_side.eyes[0])
        assert (before_on_screen - after_on_screen).manhattanLength() < 3, mode
        scale = view.state.scale
        canvas.zoom_by(1.25, before_on_screen)
        assert view.state.scale == pytest.approx(scale * 1.25)
        moved = canvas.frame_to_widget(canvas.viewports()[0]).map(eye)
        assert (moved - before_on_screen).manhattanLength() < 2
        canvas.grab()  # paints without error
    qtbot.keyClick(canvas, Qt.Key.Key_0)
    assert view.state.fit


def test_blink_wipe_and_fade_controls(qtbot, course) -> None:  # type: ignore[no-untyped-def]
    view, canvas = course, course.canvas
    canvas.resize(1000, 600)
    view.set_mode(CompareMode.BLINK)
    assert not canvas.blink_after
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert canvas.blink_after
    view.controls.blink_auto.setChecked(True)
    qtbot.waitUntil(lambda: not canvas.blink_after, timeout=3000)
    view.controls.blink_auto.setChecked(False)
    view.set_mode(CompareMode.WIPE)
    width, middle = canvas.width(), canvas.height() // 2
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(width // 2, middle))  # grab the divider
    qtbot.mouseMove(canvas, QPoint(int(width * 0.8), middle))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(int(width * 0.8), middle))
    assert canvas.wipe == pytest.approx(0.8, abs=0.01)
    assert view.state.fit  # moving the divider did not pan
    view.set_mode(CompareMode.FADE)
    assert view.controls.fade_slider.isVisible()
    view.controls.fade_slider.setValue(25)
    assert canvas.fade == pytest.approx(0.25)


def test_lighting_note_for_a_brighter_after_photo(qtbot, course) -> None:  # type: ignore[no-untyped-def]
    view = course
    qtbot.waitUntil(lambda: view.last_check is not None, timeout=10_000)
    assert "brighter" in view.note.text() and "may come from the light" in view.note.text()
    assert "Head tilted" not in view.note.text()  # 4° apart: under the 5° threshold
    qtbot.mouseClick(view.controls.earlier_button, Qt.MouseButton.LeftButton)  # same light, tilted 6°
    qtbot.waitUntil(lambda: "Head tilted" in view.note.text(), timeout=10_000)
    assert "Head tilted 6° differently" in view.note.text() and "brighter" not in view.note.text()


def test_moving_an_eye_marker_is_stored_and_undoable(qtbot, window, course) -> None:  # type: ignore[no-untyped-def]
    view, canvas = course, course.canvas
    canvas.resize(1000, 600)
    qtbot.keyClick(view, Qt.Key.Key_E)
    assert canvas.editing_eyes
    viewport = canvas.viewports()[0]
    marker = canvas.eye_points_in_widget(0, viewport)[0].toPoint()
    photo_id = view.before.photo.id
    before_eyes = window.workspace.journal.photo(photo_id).eyes
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=marker)
    qtbot.mouseMove(canvas, marker + QPoint(6, 4))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=marker + QPoint(6, 4))
    moved = window.workspace.journal.photo(photo_id).eyes
    assert moved.source == "manual" and moved.left[0] > before_eyes.left[0]
    window.actions.undo.trigger()
    restored = window.workspace.journal.photo(photo_id).eyes
    assert restored.source == "auto" and restored.left == pytest.approx(before_eyes.left)


def test_photo_without_eyes_is_fitted_with_a_note(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from journal.core.journal import Journal
    from journal.core.models import JournalSettings
    from tests.helpers import photo_like, save_jpeg

    journal = Journal.create(tmp_path / "j2", JournalSettings(name="No faces"), tmp_path / "cache2")
    for day in (dt.date(2026, 1, 1), dt.date(2026, 2, 1)):
        session = journal.add_session(day)
        photo = journal.import_file(
            save_jpeg(tmp_path / f"{day}.jpg", photo_like((600, 800))), session.id, Angle.FRONT
        ).photo
        locate(journal, photo)
    window.workspace.set_journal(journal)
    window.workspace.show_compare()
    view = window.workspace.compare
    assert view.notes()[:3] == [
        "Not aligned: the photos are only fitted and centred.",
        "Left photo (1 Jan): no eye points found — no face found. Use Adjust eyes (E) to place them.",
        "Right photo (1 Feb): no eye points found — no face found. Use Adjust eyes (E) to place them.",
    ]


def test_exported_comparison_has_no_exif_or_gps(qtbot, window, tmp_path: Path, photos: Path) -> None:  # type: ignore[no-untyped-def]
    from journal.core.journal import Journal
    from journal.core.models import JournalSettings
    from journal.ui.compare.export import comparison_image, save_image

    source = photos / "camera" / "DSCN0010.jpg"
    with Image.open(source) as im:
        assert im.getexif().get_ifd(0x8825), "the test photo should carry GPS"
    journal = Journal.create(tmp_path / "j3", JournalSettings(name="GPS"), tmp_path / "cache3")
    for day, path in (
        (dt.date(2026, 1, 1), source),
        (dt.date(2026, 2, 1), photos / "camera" / "Canon_40D.jpg"),
    ):
        journal.import_file(path, journal.add_session(day).id, Angle.FRONT)
    window.workspace.set_journal(journal)
    window.workspace.show_compare()
    view = window.workspace.compare
    qtbot.waitUntil(lambda: all(s.pixmap is not None for s in view.canvas.sides), timeout=10_000)
    image = comparison_image(view.canvas, 1200)
    for name in ("out.png", "out.jpg"):
        target = tmp_path / name
        assert save_image(image, target) == ""
        data = target.read_bytes()
        assert b"Exif" not in data and b"GPS" not in data
        with Image.open(target) as saved:
            assert not saved.getexif() and "exif" not in saved.info
            assert saved.width == 1200
    # The user's way: the button, a suggested name, a name typed without its extension.
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    qtbot.mouseClick(view.controls.save_button, Qt.MouseButton.LeftButton)
    dialog = next(d for d in view.findChildren(QFileDialog) if d.isVisible())
    suggested = Path(dialog.selectedFiles()[0])
    assert suggested.name == "comparison 2026-01-01 to 2026-02-01 front.png"
    assert suggested.parent in (Path.home() / "Pictures", Path.home())  # never the working directory
    dialog.selectFile(str(tmp_path / "for my dermatologist"))
    dialog.accept()
    saved_message = "Saved " + str(tmp_path / "for my dermatologist.png")
    qtbot.waitUntil(lambda: window.frame.statusBar().currentMessage() == saved_message, timeout=10_000)
    with Image.open(tmp_path / "for my dermatologist.png") as saved:
        assert not saved.getexif() and "exif" not in saved.info and saved.width == 2000
    # A folder that is gone: a message box says why, and nothing is left half-written.
    qtbot.mouseClick(view.controls.save_button, Qt.MouseButton.LeftButton)
    dialog = next(d for d in view.findChildren(QFileDialog) if d.isVisible())
    dialog.fileSelected.emit(str(tmp_path / "gone" / "x.png"))  # as if the folder vanished meanwhile
    qtbot.waitUntil(lambda: any(b.isVisible() for b in view.findChildren(QMessageBox)), timeout=10_000)
    box = next(b for b in view.findChildren(QMessageBox) if b.isVisible())
    assert box.windowTitle() == "Not saved" and box.text()
    assert not (tmp_path / "gone").exists()
    box.close()
    dialog.close()


def test_print_sheet_dialog_saves_a_pdf_and_previews(qtbot, course, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    view = course
    qtbot.mouseClick(view.controls.print_button, Qt.MouseButton.LeftButton)
    dialog = view.sheet_dialog
    assert dialog is not None and dialog.isVisible() and not dialog.isModal()
    dialog.page.setCurrentIndex(1)  # US Letter
    dialog.angles.setCurrentIndex(0)
    out = tmp_path / "sheet.pdf"
    dialog.save_pdf(out)
    qtbot.waitUntil(lambda: "Saved" in dialog.status.text(), timeout=30_000)
    reader = PdfReader(str(out))
    assert len(reader.pages) >= 1
    width_pt = float(reader.pages[0].mediabox.width)
    assert width_pt == pytest.approx(612, abs=1)  # Letter
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.preview is not None and dialog.preview.isVisible(), timeout=30_000)
    dialog.preview.close()
    dialog.close()


def test_print_sheet_takes_the_pair_on_screen_without_asking_the_journal_again(  # type: ignore[no-untyped-def]
    qtbot, course, monkeypatch, tmp_path: Path
) -> None:
    from journal.core.journal import Journal

    view = course
    asked: list[str] = []
    for name in ("photos", "sessions", "session_summaries"):
        real = getattr(Journal, name)
        monkeypatch.setattr(
            Journal,
            name,
            lambda self, *a, _real=real, _name=name, **k: (asked.append(_name), _real(self, *a, **k))[1],
        )
    qtbot.mouseClick(view.controls.print_button, Qt.MouseButton.LeftButton)
    dialog = view.sheet_dialog
    dialog.angles.setCurrentIndex(0)  # this angle: the two photos on screen
    qtbot.waitUntil(lambda: dialog.sheet() is not None, timeout=30_000)  # built in a worker
    data = dialog.sheet()
    assert [data.photos[(0, 0)].id, data.photos[(1, 0)].id] == [view.before.photo.id, view.after.photo.id]
    assert data.gap == view.canvas.gap_text
    dialog.save_pdf(tmp_path / "pair.pdf")
    qtbot.waitUntil(lambda: "Saved" in dialog.status.text(), timeout=30_000)
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.preview is not None and dialog.preview.isVisible(), timeout=30_000)
    assert asked == []  # neither the PDF nor the preview went back to the journal for the pair
    dialog.preview.close()
    dialog.close()


def test_print_opens_the_print_dialog_and_prints_the_pages(
    qtbot, course, monkeypatch, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    view = course
    qtbot.mouseClick(view.controls.print_button, Qt.MouseButton.LeftButton)
    dialog = view.sheet_dialog
    printed = tmp_path / "printed.pdf"
    page_setup = dialog.printer

    def to_a_file():  # type: ignore[no-untyped-def]
        printer = page_setup()
        printer.setOutputFileName(str(printed))  # no printer here: the dialog offers "print to file"
        return printer

    monkeypatch.setattr(dialog, "printer", to_a_file)
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)  # was a TypeError
    qtbot.waitUntil(
        lambda: dialog.print_dialog is not None and dialog.print_dialog.isVisible(), timeout=30_000
    )
    assert dialog.print_dialog.isModal()
    dialog.print_dialog.accept()
    assert dialog.status.text() == f"Printed 1 page to {printed}."  # the dialog's "print to file"
    assert len(PdfReader(str(printed)).pages) == 1
    dialog.close()


def test_print_to_a_file_inside_the_journal_is_refused_and_the_database_kept(
    qtbot, course, monkeypatch, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """Print to File named journal.sqlite3 in the journal folder would have replaced the database
    with a PDF: nothing is printed there, and the dialog says why."""
    view = course
    database = tmp_path / "j" / "journal.sqlite3"
    before = database.read_bytes()
    qtbot.mouseClick(view.controls.print_button, Qt.MouseButton.LeftButton)
    dialog = view.sheet_dialog
    page_setup = dialog.printer

    def into_the_journal():  # type: ignore[no-untyped-def]
        printer = page_setup()
        printer.setOutputFileName(str(database))
        return printer

    monkeypatch.setattr(dialog, "printer", into_the_journal)
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: dialog.print_dialog is not None and dialog.print_dialog.isVisible(), timeout=30_000
    )
    dialog.print_dialog.accept()
    assert dialog.status.text().startswith("Nothing was printed: a printed file cannot be written inside")
    assert database.read_bytes() == before  # still the journal's database, untouched
    dialog.close()


def _no_eyes_pair(window, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Two sessions whose photos have no face: Compare fits them and hints at Adjust eyes."""
    from journal.core.journal import Journal
    from journal.core.models import JournalSettings
    from tests.helpers import photo_like, save_jpeg

    journal = Journal.create(tmp_path / "jx", JournalSettings(name="Export"), tmp_path / "cachex")
    for seed, day in enumerate((dt.date(2026, 1, 1), dt.date(2026, 2, 1))):
        session = journal.add_session(day)
        source = save_jpeg(tmp_path / f"x{seed}.jpg", photo_like((600, 800), seed=seed))
        locate(journal, journal.import_file(source, session.id, Angle.FRONT).photo)
    window.workspace.set_journal(journal)
    window.frame.resize(1280, 820)
    window.workspace.show_compare()
    return journal, window.workspace.compare


@pytest.mark.parametrize("view_state", ["fitted", "zoomed_in"])
def test_saved_comparison_image_is_the_photos_with_labels_and_gap_cropped_to_them(  # type: ignore[no-untyped-def]
    qtbot, window, tmp_path: Path, view_state: str
) -> None:
    from journal.ui.compare.export import comparison_image

    _journal, view = _no_eyes_pair(window, tmp_path)
    canvas = view.canvas
    qtbot.waitUntil(lambda: all(s.pixmap is not None for s in canvas.sides), timeout=10_000)
    assert "Use Adjust eyes (E) to place them." in view.note.text()  # on screen, not in the image
    if view_state == "zoomed_in":
        canvas.zoom_by(3.0, canvas.viewports()[0].center())  # the photos fill the view: all of it
    image = comparison_image(canvas, 1200)
    background = canvas.palette().color(canvas.backgroundRole()).darker(125)
    if view_state == "fitted":
        # Two 600×800 photos and the gap between them, nothing more: no grey field, no text band.
        gap = 1200 * 8 / canvas.width()
        assert image.height() == pytest.approx((1200 - gap) / 2 * 800 / 600, abs=3)
    else:
        assert image.width() / image.height() == pytest.approx(canvas.width() / canvas.height(), rel=0.02)
    height = image.height()
    for x, y in ((2, height // 2), (1197, height // 2), (300, 2), (900, height - 3)):  # edges: photo
        assert image.pixel(x, y) != background.rgb(), (x, y)
    scale = 1200 / canvas.width()
    caption = image.pixelColor(round(14 * scale), round(height - 12 * scale))  # the "Before" label's box
    gap_box = image.pixelColor(600, round(14 * scale))  # "4 weeks apart" at the top, between the photos
    assert caption.lightnessF() < 0.3 and gap_box.lightnessF() < 0.3
    assert canvas.gap_text.startswith("4 weeks")


def test_a_comparison_image_is_never_saved_inside_the_journal(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    journal, view = _no_eyes_pair(window, tmp_path)
    qtbot.waitUntil(lambda: all(s.pixmap is not None for s in view.canvas.sides), timeout=10_000)
    qtbot.mouseClick(view.controls.save_button, Qt.MouseButton.LeftButton)
    dialog = next(d for d in view.findChildren(QFileDialog) if d.isVisible())
    target = journal.folder / "photos" / "pair.png"
    dialog.selectFile(str(target))
    dialog.accept()
    qtbot.waitUntil(lambda: any(b.isVisible() for b in view.findChildren(QMessageBox)), timeout=10_000)
    box = next(b for b in view.findChildren(QMessageBox) if b.isVisible())
    assert box.windowTitle() == "Not saved" and "inside the journal folder" in box.text()
    assert not target.exists() and not list(journal.folder.rglob("*pair*"))
    box.close()


def test_saved_image_of_aligned_faces_has_no_empty_margin(qtbot, course) -> None:  # type: ignore[no-untyped-def]
    """Aligned on the eyes, the after photo sticks out of the before photo's frame a little:
    the saved image keeps what both photos cover, so neither side shows a strip of background
    (only the corners the after photo's small tilt leaves uncovered, as on screen)."""
    from journal.ui.compare.export import comparison_image

    canvas = course.canvas
    course.window().resize(1600, 760)  # a wide view: the after photo's overhang is on screen
    qtbot.waitUntil(lambda: canvas.width() > 1500)
    image = comparison_image(canvas, 1000)
    background = canvas.palette().color(canvas.backgroundRole()).darker(125)
    half = (image.width() - 1000 * 8 / canvas.width()) / 2
    for x in (1, round(half) - 2, round(half) + 8, 998):  # both edges of both photos
        column = [image.pixel(x, y) for y in range(0, image.height(), 7)]
        assert sum(c == background.rgb() for c in column) < len(column) / 3, x

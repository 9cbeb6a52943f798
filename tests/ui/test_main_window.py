"""The main window, driven as a person would: click, type, drag and drop."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMessageBox

from journal.core.journal import Journal
from journal.core.models import Angle, JournalSettings, Kind
from journal.core.verify import verify
from journal.ui.session.strip_model import PhotoIdRole
from journal.ui.timeline.model import LabelRole, ThumbnailRole
from tests.helpers import photo_like, save_jpeg
from tests.ui.conftest import drop_files, make_window, wait_opened, wait_thumbnails


def _start_journal(qtbot, window, tmp_path: Path) -> Journal:  # type: ignore[no-untyped-def]
    welcome = window.workspace.welcome
    assert window.frame.pages.currentWidget() is welcome
    qtbot.mouseClick(welcome.start_button, Qt.MouseButton.LeftButton)
    welcome.name.clear()
    qtbot.keyClicks(welcome.name, "Cheeks 2026")
    assert welcome.treatment.text() == "Microneedling" and welcome.interval.value() == 28
    welcome.folder.setText(str(tmp_path / "my-journal"))
    qtbot.mouseClick(welcome.create_button, Qt.MouseButton.LeftButton)
    assert window.workspace.journal is not None
    return window.workspace.journal


def _image_of(model, row: int) -> QImage:  # type: ignore[no-untyped-def]
    image = model.data(model.index(row, 0), Qt.ItemDataRole.DecorationRole)
    assert isinstance(image, QImage) and not image.isNull()
    return image


def test_first_run_new_session_drop_two_photos_shown_upright(
    qtbot, window, tmp_path: Path, photos: Path
) -> None:
    journal = _start_journal(qtbot, window, tmp_path)
    assert window.frame.windowTitle().startswith("Cheeks 2026")
    assert journal.settings.name == "Cheeks 2026"
    window.actions.new_session.trigger()
    assert window.view.timeline_model.rowCount() == 1
    assert window.view.timeline_model.index(0, 0).data(LabelRole) == "Session 1 · week 0"

    # Landscape_0 is stored upright; Landscape_6 is stored sideways with EXIF orientation 6.
    upright, sideways = photos / "orientation" / "Landscape_0.jpg", photos / "orientation" / "Landscape_6.jpg"
    front_strip = window.view.session_page.photos.strips[Angle.FRONT]
    with qtbot.waitSignal(window.importer.finished, timeout=30_000) as done:
        drop_files(front_strip.viewport(), [upright, sideways])
    assert [r.status for r in done.args[0].results] == ["imported", "imported"], done.args[0].results
    model = window.view.session_page.photos.models[Angle.FRONT]
    assert model.rowCount() == 2
    qtbot.waitUntil(
        lambda: all(window.thumbnails.image(model.photo(r)) is not None for r in range(2)), timeout=10_000
    )
    first, second = _image_of(model, 0), _image_of(model, 1)
    assert first.width() > first.height() and second.width() > second.height()  # landscape: upright
    assert first.size() == second.size()
    # Same picture, pixel by pixel (within JPEG noise): the sideways file was turned, not shown as stored.
    difference = sum(
        abs(first.pixelColor(x, y).red() - second.pixelColor(x, y).red())
        for x in range(0, first.width(), 16)
        for y in range(0, first.height(), 16)
    ) / ((first.width() // 16 + 1) * (first.height() // 16 + 1))
    assert difference < 8

    wait_thumbnails(qtbot, window)
    timeline_thumb = window.view.timeline_model.index(0, 0).data(ThumbnailRole)
    qtbot.waitUntil(
        lambda: isinstance(window.view.timeline_model.index(0, 0).data(ThumbnailRole), QImage), timeout=5000
    )
    timeline_thumb = window.view.timeline_model.index(0, 0).data(ThumbnailRole)
    assert timeline_thumb.width() > timeline_thumb.height()
    assert "2 photos" in window.view.timeline_model.index(0, 0).data(Qt.ItemDataRole.AccessibleTextRole)


def test_edit_every_field_and_find_it_after_reopening(qtbot, window, tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    journal = _start_journal(qtbot, window, tmp_path)
    folder = journal.folder
    window.actions.new_session.trigger()
    form = window.view.session_page.form

    form.date.setDate(QDate(2026, 3, 14))
    form.date.editingFinished.emit()
    form.kind.setCurrentIndex(0)
    for edit, text in ((form.device, "Dr. Pen A6S"), (form.product, "HA serum"), (form.areas, "Both cheeks")):
        edit.setFocus()
        qtbot.keyClicks(edit, text)
        edit.editingFinished.emit()
    form.provider.setEditText("Clinic")
    form.provider.lineEdit().editingFinished.emit()
    form.needle_depth.setValue(1.25)
    qtbot.mouseClick(form.pain._buttons[4], Qt.MouseButton.LeftButton)
    for name, value in (("redness", 6), ("bumps", 3), ("active_acne", 2), ("scar_visibility", 8)):
        qtbot.mouseClick(form.ratings[name]._buttons[value], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(form.ratings["bumps"]._clear, Qt.MouseButton.LeftButton)  # clearable
    form.notes.setFocus()
    qtbot.keyClicks(form.notes, "Numbing cream 30 min.")
    # Saved as you go, no Save button: the notes once typing has paused.
    qtbot.waitUntil(lambda: journal.sessions()[0].notes == "Numbing cream 30 min.", timeout=5000)

    window.frame.close()
    with Journal.open(folder, tmp_path / "cache") as again:
        (session,) = again.sessions()
        assert session.date == dt.date(2026, 3, 14) and session.kind is Kind.TREATMENT
        assert (session.device, session.product, session.areas, session.provider) == (
            "Dr. Pen A6S",
            "HA serum",
            "Both cheeks",
            "Clinic",
        )
        assert session.needle_depth_mm == 1.25 and session.pain == 4
        assert (session.redness, session.bumps, session.active_acne, session.scar_visibility) == (
            6,
            None,
            2,
            8,
        )
        assert session.notes == "Numbing cream 30 min."


def test_changing_kind_to_check_in_hides_treatment_details_and_undo_restores(
    qtbot, window, tmp_path: Path
) -> None:
    journal = _start_journal(qtbot, window, tmp_path)
    window.actions.new_session.trigger()
    form = window.view.session_page.form
    assert form.details.isVisible()
    form.kind.setCurrentIndex(1)
    form.kind.activated.emit(1)
    assert journal.sessions()[0].kind is Kind.CHECK_IN
    assert not form.details.isVisible()
    window.actions.undo.trigger()
    assert journal.sessions()[0].kind is Kind.TREATMENT
    assert form.details.isVisible() and form.kind.currentIndex() == 0


def test_undo_redo_of_a_photo_delete(qtbot, window, tmp_path: Path) -> None:
    journal = _start_journal(qtbot, window, tmp_path)
    window.actions.new_session.trigger()
    sources = [save_jpeg(tmp_path / f"p{i}_front.jpg", photo_like((640, 480), seed=i)) for i in range(2)]
    with qtbot.waitSignal(window.importer.finished, timeout=30_000):
        window.workspace.imports.import_into_current([str(p) for p in sources], None)
    strip = window.view.session_page.photos.strips[Angle.FRONT]
    assert strip.model().rowCount() == 2
    photo = journal.photos()[0]
    path = journal.photo_path(photo)
    strip.setCurrentIndex(strip.model().index(0, 0))
    window.view.session_page.photos.trashRequested.emit(strip.selected_photo_ids())
    assert strip.model().rowCount() == 1 and path.exists()
    assert [p.id for p in journal.trash().photos] == [photo.id]
    window.actions.undo.trigger()
    assert strip.model().rowCount() == 2
    assert photo.id in [strip.model().index(r, 0).data(PhotoIdRole) for r in range(2)]
    assert path.read_bytes() == (tmp_path / photo.original_name).read_bytes()
    window.actions.redo.trigger()
    assert strip.model().rowCount() == 1
    window.actions.undo.trigger()
    assert verify(journal).clean and len(journal.photos()) == 2


def test_undo_of_new_and_deleted_sessions(qtbot, window, tmp_path: Path) -> None:
    journal = _start_journal(qtbot, window, tmp_path)
    window.actions.new_session.trigger()
    window.actions.new_checkin.trigger()
    assert [s.kind for s in journal.sessions()] == [Kind.TREATMENT, Kind.CHECK_IN]
    window.actions.delete_session.trigger()
    assert len(journal.sessions()) == 1
    window.actions.undo.trigger()
    assert len(journal.sessions()) == 2
    window.actions.undo.trigger()  # the check-in is un-created
    window.actions.undo.trigger()  # and the first session too
    assert journal.sessions() == [] and window.view.timeline_model.rowCount() == 0
    window.actions.redo.trigger()
    assert len(journal.sessions()) == 1 and window.view.timeline_model.rowCount() == 1


def test_angle_change_by_drag_between_strips_is_undoable(qtbot, window, tmp_path: Path) -> None:
    journal = _start_journal(qtbot, window, tmp_path)
    window.actions.new_session.trigger()
    source = save_jpeg(tmp_path / "me.jpg", photo_like((300, 400)))
    with qtbot.waitSignal(window.importer.finished, timeout=30_000):
        window.workspace.imports.import_into_current([str(source)], Angle.FRONT)
    groups = window.view.session_page.photos
    mime = groups.models[Angle.FRONT].mimeData([groups.models[Angle.FRONT].index(0, 0)])
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QDropEvent

    left = groups.strips[Angle.LEFT]
    drop = QDropEvent(
        QPointF(20, 20),
        Qt.DropAction.MoveAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    left.dropEvent(drop)
    assert journal.photos()[0].angle is Angle.LEFT
    assert groups.models[Angle.LEFT].rowCount() == 1 and groups.models[Angle.FRONT].rowCount() == 0
    window.actions.undo.trigger()
    assert journal.photos()[0].angle is Angle.FRONT


def test_import_with_a_broken_file_reports_it_and_keeps_the_rest(qtbot, window, tmp_path: Path) -> None:
    journal = _start_journal(qtbot, window, tmp_path)
    window.actions.new_session.trigger()
    good = [save_jpeg(tmp_path / f"ok{i}.jpg", photo_like((500, 400), seed=i)) for i in range(3)]
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(good[0].read_bytes()[:3000])
    duplicate = tmp_path / "copy of ok0.jpg"
    shutil.copy(good[0], duplicate)
    with qtbot.waitSignal(window.importer.finished, timeout=30_000) as finished:
        window.workspace.imports.import_into_current(
            [str(good[0]), str(broken), str(good[1]), str(good[2]), str(duplicate)], None
        )
    summary = finished.args[0]
    assert summary.count("imported") == 3
    assert len(journal.photos()) == 3
    report = window.workspace.imports.report
    assert report is not None and report.isVisible() and not report.isModal()
    rows = report.rows()
    assert ("broken.jpg", "Refused", rows[0][2]) in rows and "truncated" in rows[0][2]
    assert any(
        r[0] == "copy of ok0.jpg" and r[1] == "Duplicate" and "already in the journal" in r[2] for r in rows
    )
    assert "3 imported" in report.headline.text()


def test_cancel_mid_import_keeps_what_landed_and_a_clean_journal(qtbot, window, tmp_path: Path) -> None:
    journal = _start_journal(qtbot, window, tmp_path)
    window.actions.new_session.trigger()
    files = [save_jpeg(tmp_path / "src" / f"f{i}.jpg", photo_like((1600, 1200), seed=i)) for i in range(16)]
    progress = window.import_progress
    landed: list[int] = []  # the bar shows it at most every 150 ms: cancel as soon as two are in
    window.importer.progress.connect(lambda done, _total, _name: landed.append(done))
    with qtbot.waitSignal(window.importer.finished, timeout=60_000) as finished:
        window.workspace.imports.import_into_current([str(p) for p in files], None)
        assert progress.isVisible() and progress.bar.maximum() == 16
        qtbot.waitUntil(lambda: len(landed) >= 2, timeout=30_000)
        qtbot.mouseClick(progress.cancel_button, Qt.MouseButton.LeftButton)
    summary = finished.args[0]
    assert summary.cancelled
    imported = summary.count("imported")
    assert 2 <= imported < 16
    assert len(journal.photos()) == imported
    assert not progress.isVisible()
    assert verify(journal).clean


def test_locked_journal_offers_read_only_instead_of_a_second_writer(qtbot, window, tmp_path: Path) -> None:
    other = Journal.create(tmp_path / "shared", JournalSettings(name="Elsewhere"), tmp_path / "cache2")
    other.add_session(dt.date(2026, 1, 2), notes="from the other window")
    try:
        window.opener.set_startup(True)
        window.opener.open(other.folder)
        wait_opened(qtbot, window)
        box = window.opener.last_dialog
        assert box is not None and box.isVisible()
        assert box.text() == "This journal is open in another window."
        assert window.workspace.journal is None
        read_only = next(b for b in box.buttons() if b.text() == "Open read-only")
        assert any(b.text() == "Quit" for b in box.buttons())
        qtbot.mouseClick(read_only, Qt.MouseButton.LeftButton)
        wait_opened(qtbot, window)
        assert window.workspace.journal is not None and window.workspace.journal.read_only
        assert window.view.read_only_banner.isVisible()
        assert not window.actions.new_session.isEnabled()
        assert window.view.session_page.form.notes.isReadOnly()
        assert window.view.session_page.form.notes.toPlainText() == "from the other window"
    finally:
        window.workspace.set_journal(None)
        other.close()


def test_missing_folder_is_explained(qtbot, window, tmp_path: Path) -> None:
    window.opener.open(tmp_path / "not-there")
    wait_opened(qtbot, window)
    box = window.opener.last_dialog
    assert box.isVisible() and "journal folder not found" in box.informativeText()
    box.button(QMessageBox.StandardButton.Ok).click()
    assert window.workspace.journal is None and window.frame.pages.currentWidget() is window.workspace.welcome


def test_damaged_database_offers_the_newest_backup(qtbot, window, tmp_path: Path) -> None:
    folder = tmp_path / "j"
    with Journal.create(folder, JournalSettings(name="Damaged"), tmp_path / "cache") as journal:
        journal.add_session(dt.date(2026, 1, 5), notes="kept in the backup")
    Journal.open(folder, tmp_path / "cache").close()  # makes today's copy in backups/
    for side in ("journal.sqlite3-wal", "journal.sqlite3-shm"):
        (folder / side).unlink(missing_ok=True)
    (folder / "journal.sqlite3").write_bytes(b"garbage" * 100)
    window.opener.open(folder)
    wait_opened(qtbot, window)
    box = window.opener.last_dialog
    assert box.text() == "The journal database is damaged."
    restore = next(b for b in box.buttons() if b.text() == "Restore that copy")
    qtbot.mouseClick(restore, Qt.MouseButton.LeftButton)
    wait_opened(qtbot, window)  # the copy is restored and every photo checked, in a worker
    assert window.workspace.journal is not None
    assert [s.notes for s in window.workspace.journal.sessions()] == ["kept in the backup"]
    assert list(folder.glob("journal.sqlite3.damaged-*"))  # kept, never deleted


def test_a_row_the_app_cannot_read_is_damage_said_at_open_not_a_crash(qtbot, window, tmp_path: Path) -> None:
    """A session date another program wrote as "2026-13-45": the open says the database is
    damaged and where, offers the copy in backups/, and shows no traceback."""
    import sqlite3

    folder = tmp_path / "j"
    with Journal.create(folder, JournalSettings(name="Edited"), tmp_path / "cache") as journal:
        journal.add_session(dt.date(2026, 1, 5), notes="kept in the backup")
    Journal.open(folder, tmp_path / "cache").close()  # makes today's copy in backups/
    conn = sqlite3.connect(folder / "journal.sqlite3")
    conn.execute("UPDATE session SET session_date = '2026-13-45'")
    conn.commit()
    conn.close()
    window.opener.open(folder)
    wait_opened(qtbot, window)
    box = window.opener.last_dialog
    assert box.text() == "The journal database is damaged."
    assert "session row 1: session_date 2026-13-45 is not a date" in box.informativeText()
    assert "Traceback" not in box.informativeText() + (box.detailedText() or "")
    assert any(b.text() == "Restore that copy" for b in box.buttons())
    assert window.workspace.journal is None  # nothing half-shown behind the message
    box.close()


def test_a_known_failure_no_caller_caught_is_a_message_not_the_crash_dialog(
    qtbot, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """A JournalError that reaches the hook (a damaged row read while the window is up) is said
    in its words; it is still written to the log."""
    import sys

    from PySide6.QtWidgets import QApplication

    from journal.core.errors import DamagedRow
    from journal.ui.shared import crash
    from journal.ui.shared.crash_dialog import CrashDialog

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(crash.log, "handlers", [])
    try:
        crash.install_crash_handler(tmp_path / "logs")
        try:
            raise DamagedRow("photo row 7: taken_at soon is not a date and time")
        except DamagedRow:
            sys.excepthook(*sys.exc_info())
        shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        assert not any(isinstance(w, CrashDialog) for w in shown)
        boxes = [w for w in shown if isinstance(w, QMessageBox) and "photo row 7" in w.text()]
        assert len(boxes) == 1 and "photo row 7: taken_at soon" in boxes[0].text()
        assert "Traceback" not in boxes[0].text()
        assert "photo row 7" in (tmp_path / "logs" / "progress-journal.log").read_text()
        boxes[0].close()
    finally:
        for handler in crash.log.handlers:
            handler.close()


def test_last_journal_reopens_and_window_state_is_kept(qtbot, settings, app_settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from journal.ui.app import first_journal

    folder = tmp_path / "j"
    Journal.create(folder, JournalSettings(name="Remember me"), tmp_path / "cache").close()
    first = make_window(qtbot, app_settings, tmp_path)
    first.opener.open(folder)
    wait_opened(qtbot, first)
    first.frame.resize(777, 555)  # the offscreen screen is 800 x 600
    first.view.splitter.setSizes([300, 470])
    first.view.order_button.setChecked(False)
    first.frame.close()
    assert settings.value("journal/last") == str(folder)
    assert not (folder / "settings.ini").exists()  # never stored in the journal

    second = make_window(qtbot, app_settings, tmp_path)
    first_journal(second, app_settings, None, demo=False)
    wait_opened(qtbot, second)
    assert second.workspace.journal is not None and second.workspace.journal.settings.name == "Remember me"
    assert (second.frame.size().width(), second.frame.size().height()) == (777, 555)
    assert second.view.splitter.sizes()[0] == 300
    assert not second.view.order_button.isChecked() and not second.view.timeline_model.newest_first
    second.frame.close()


def test_newest_or_oldest_first(qtbot, window, tmp_path: Path) -> None:
    journal = _start_journal(qtbot, window, tmp_path)
    for day in (dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 1)):
        journal.add_session(day)
    dates = lambda: [window.view.timeline_model.summary(r).session.date.month for r in range(3)]  # noqa: E731
    assert dates() == [3, 2, 1]
    qtbot.mouseClick(window.view.order_button, Qt.MouseButton.LeftButton)
    assert dates() == [1, 2, 3]
    assert window.actions.newest_first.isChecked() is False


def test_photo_viewer_zooms_and_pans(qtbot, window, tmp_path: Path) -> None:
    journal = _start_journal(qtbot, window, tmp_path)
    window.actions.new_session.trigger()
    source = save_jpeg(tmp_path / "big.jpg", photo_like((3000, 2000)))
    with qtbot.waitSignal(window.importer.finished, timeout=30_000):
        window.workspace.imports.import_into_current([str(source)], Angle.FRONT)
    strip = window.view.session_page.photos.strips[Angle.FRONT]
    index = strip.model().index(0, 0)
    strip.doubleClicked.emit(index)
    viewer = window.dialogs.viewers[-1]
    qtbot.waitUntil(lambda: viewer.canvas.loaded_width() > 0, timeout=10_000)
    assert viewer.canvas.loaded_width() <= 2048  # a preview first
    assert viewer.state.fit
    qtbot.keyClick(viewer.canvas, Qt.Key.Key_1)  # 100 %
    assert viewer.canvas.effective_scale() == pytest.approx(1.0)
    qtbot.waitUntil(lambda: viewer.canvas.loaded_width() == 3000, timeout=20_000)  # detail loaded in a worker
    before = viewer.state.center
    qtbot.mousePress(viewer.canvas, Qt.MouseButton.LeftButton, pos=viewer.canvas.rect().center())
    qtbot.mouseMove(viewer.canvas, viewer.canvas.rect().center() + QPoint(-100, -50))
    qtbot.mouseRelease(viewer.canvas, Qt.MouseButton.LeftButton)
    assert viewer.state.center.x() > before.x() and viewer.state.center.y() > before.y()
    qtbot.keyClick(viewer.canvas, Qt.Key.Key_Minus)
    assert viewer.canvas.effective_scale() == pytest.approx(0.8)
    qtbot.keyClick(viewer.canvas, Qt.Key.Key_0)
    assert viewer.state.fit
    viewer.close()
    assert journal.photos()


def test_files_dropped_on_a_timeline_row_go_into_that_session(qtbot, window, tmp_path: Path) -> None:
    journal = _start_journal(qtbot, window, tmp_path)
    older = journal.add_session(dt.date(2026, 1, 1))
    journal.add_session(dt.date(2026, 2, 1))
    window.workspace.select_row(0)  # the newest is selected
    row = window.view.timeline_model.row_of(older.id)
    rect = window.view.timeline.visualRect(window.view.timeline_model.index(row, 0))
    source = save_jpeg(tmp_path / "jan_left.jpg", photo_like((400, 300)))
    from PySide6.QtCore import QPointF

    with qtbot.waitSignal(window.importer.finished, timeout=30_000):
        drop_files(window.view.timeline.viewport(), [source], QPointF(rect.center()))
    (photo,) = journal.photos()
    assert photo.session_id == older.id and photo.angle is Angle.LEFT
    assert window.workspace.current_session_id() == older.id


def test_opening_a_journal_runs_off_the_gui_thread_with_progress(
    qtbot, window, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import threading

    folder = tmp_path / "big"
    Journal.create(folder, JournalSettings(name="Big"), tmp_path / "cache").close()
    on_gui_thread: list[bool] = []
    migrated = threading.Event()
    real_open = Journal.open.__func__  # type: ignore[attr-defined]

    def long_open(cls, *args, **kwargs):  # type: ignore[no-untyped-def]
        on_gui_thread.append(threading.current_thread() is threading.main_thread())
        migrated.wait(5)  # a long migration, or a daily copy of a large database
        return real_open(cls, *args, **kwargs)

    monkeypatch.setattr(Journal, "open", classmethod(long_open))
    window.opener.open(folder)
    qtbot.waitUntil(lambda: bool(on_gui_thread), timeout=5000)
    assert on_gui_thread == [False]
    assert window.opener.progress is None  # nothing flashes up for an open that is quick
    qtbot.waitUntil(lambda: window.opener.progress is not None, timeout=5000)  # this one is not
    progress = window.opener.progress
    assert progress.isVisible()  # the progress shows
    assert "Opening the journal" in progress.labelText()
    migrated.set()
    wait_opened(qtbot, window)
    assert window.workspace.journal is not None and window.workspace.journal.settings.name == "Big"
    assert window.opener.progress is None  # put away once the journal is open


def test_restoring_a_database_copy_checks_the_photos_off_the_gui_thread(
    qtbot, window, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import threading

    from journal.core import verify as verifying

    folder = tmp_path / "j"
    with Journal.create(folder, JournalSettings(name="Damaged"), tmp_path / "cache") as journal:
        session = journal.add_session(dt.date(2026, 1, 5))
        for i in range(3):
            journal.import_file(save_jpeg(tmp_path / f"p{i}.jpg", photo_like((200, 150), seed=i)), session.id)
    Journal.open(folder, tmp_path / "cache").close()  # today's copy in backups/
    for side in ("journal.sqlite3-wal", "journal.sqlite3-shm"):
        (folder / side).unlink(missing_ok=True)
    (folder / "journal.sqlite3").write_bytes(b"garbage" * 100)
    checked: list[tuple[bool, int, int]] = []
    real_verify = verifying.verify

    def watched(journal, repair=False, progress=None):  # type: ignore[no-untyped-def]
        def counted(done: int, total: int) -> None:
            checked.append((threading.current_thread() is threading.main_thread(), done, total))
            if progress is not None:
                progress(done, total)

        return real_verify(journal, repair=repair, progress=counted)

    monkeypatch.setattr(verifying, "verify", watched)
    window.opener.open(folder)
    wait_opened(qtbot, window)
    restore = next(b for b in window.opener.last_dialog.buttons() if b.text() == "Restore that copy")
    qtbot.mouseClick(restore, Qt.MouseButton.LeftButton)
    wait_opened(qtbot, window)
    assert checked == [(False, done, 3) for done in (1, 2, 3)]  # every photo, in a worker, with progress
    assert len(window.workspace.journal.photos()) == 3


def test_the_window_paints_before_the_rest_is_built_and_the_journal_opened(
    qtbot, app_settings, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from journal.ui.app import start_window

    folder = tmp_path / "j"
    Journal.create(folder, JournalSettings(name="Later"), tmp_path / "cache").close()
    built: list = []  # type: ignore[type-arg]
    frame = start_window(app_settings, folder, ready=built.append)
    qtbot.addWidget(frame)
    assert built == [] and frame.pages.currentWidget() is frame.opening_page  # the shell only, so far
    qtbot.waitUntil(lambda: bool(built), timeout=10_000)  # after the first paint
    (parts,) = built
    qtbot.waitUntil(lambda: parts.workspace.journal is not None, timeout=30_000)
    assert frame.windowTitle().startswith("Later") and frame.pages.currentWidget() is parts.view
    frame.close()


def test_older_photos_eyes_are_looked_for_once_the_journal_is_on_screen(
    qtbot, window, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    journal = Journal.create(tmp_path / "older", JournalSettings(name="Older"), tmp_path / "cache")
    session = journal.add_session(dt.date(2026, 1, 5))
    for i in range(2):
        journal.import_file(save_jpeg(tmp_path / f"o{i}.jpg", photo_like((320, 240), seed=i)), session.id)
    window.workspace.set_journal(journal)
    assert window.eyes.pending() == 0  # not while the timeline paints for the first time
    qtbot.waitUntil(lambda: all(p.eyes_checked for p in journal.photos()), timeout=15_000)  # then, quietly


def test_the_garbage_collector_is_back_once_the_app_has_started(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Off while the window starts (the start frees almost nothing), on again after: a long
    session's cycles are collected."""
    import gc

    from journal.ui.app import collect_garbage_after_start

    try:
        collect_garbage_after_start(after_ms=50)
        assert not gc.isenabled()
        qtbot.waitUntil(gc.isenabled, timeout=5000)
        assert gc.get_freeze_count() > 0  # what the start made is not walked again
    finally:
        gc.unfreeze()
        gc.enable()

"""The trash dialog (the only way to delete originals for good) and File → Back up, Restore and
Export, driven through the menus and dialogs as a person would."""

from __future__ import annotations

import datetime as dt
import threading
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton

from journal.core.journal import Journal
from journal.core.models import Angle, JournalSettings
from journal.core.verify import verify
from tests.helpers import photo_like, save_jpeg
from tests.ui.conftest import wait_opened


@pytest.fixture
def journal_shown(qtbot, window, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Two sessions with a front and a left photo each (one carrying GPS), shown in the window."""
    journal = Journal.create(tmp_path / "mine", JournalSettings(name="Mine"), tmp_path / "cache")
    for month in (1, 2):
        session = journal.add_session(dt.date(2026, month, 10), notes=f"month {month}")
        for angle, seed in ((Angle.FRONT, month), (Angle.LEFT, 10 + month)):
            source = save_jpeg(
                tmp_path / "src" / f"{month}_{angle.value}.jpg", photo_like((320, 240), seed=seed), gps=True
            )
            journal.import_file(source, session.id, angle)
    window.workspace.set_journal(journal)
    return window, journal


def _visible(window, kind):  # type: ignore[no-untyped-def]
    found = [w for w in window.frame.findChildren(kind) if w.isVisible()]
    assert found, f"no {kind.__name__} is open"
    return found[-1]


def _choose(qtbot, window, path: Path) -> None:  # type: ignore[no-untyped-def]
    """Type a path into the file dialog that is open, and press its default button."""
    dialog = _visible(window, QFileDialog)
    dialog.selectFile(str(path))
    dialog.accept()


def _message(qtbot, window) -> QMessageBox:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(
        lambda: window.files.last_message is not None and window.files.last_message.isVisible(),
        timeout=30_000,
    )
    return window.files.last_message


def _trash_rows(dialog) -> list[str]:  # type: ignore[no-untyped-def]
    return [dialog.tree.topLevelItem(i).text(0) for i in range(dialog.tree.topLevelItemCount())]


def test_trash_restores_a_photo_and_empties_the_rest_for_good(qtbot, journal_shown) -> None:  # type: ignore[no-untyped-def]
    window, journal = journal_shown
    first, second = journal.sessions()
    photo = next(p for p in journal.photos(second.id) if p.angle is Angle.LEFT)
    doomed_files = [journal.photo_path(p) for p in journal.photos(first.id)]
    window.workspace.select_session(second.id)
    strip = window.view.session_page.photos.strips[Angle.LEFT]
    strip.setCurrentIndex(strip.model().index(0, 0))
    window.view.session_page.photos.trashRequested.emit(
        strip.selected_photo_ids()
    )  # the context menu's "Move to trash"
    window.workspace.select_session(first.id)
    window.actions.delete_session.trigger()
    assert [s.id for s in journal.sessions()] == [second.id]

    window.actions.trash.trigger()
    dialog = window.dialogs.trash_dialog
    assert dialog is not None and dialog.isVisible()
    assert _trash_rows(dialog) == ["Session with 2 photos", f"Photo {photo.original_name} (left)"]
    dialog.tree.topLevelItem(1).setSelected(True)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert _trash_rows(dialog) == ["Session with 2 photos"]
    assert photo.id in [p.id for p in journal.photos(second.id)]
    assert window.view.session_page.photos.models[Angle.LEFT].rowCount() == 1  # back on the page

    qtbot.mouseClick(dialog.empty_button, Qt.MouseButton.LeftButton)
    confirm = dialog.confirm
    assert confirm.isVisible() and confirm.text() == "Delete 1 session and 2 photos for good?"
    confirm.button(QMessageBox.StandardButton.Cancel).click()  # a second thought: nothing happens
    assert all(path.exists() for path in doomed_files) and len(journal.trash().sessions) == 1

    assert window.actions.undo.isEnabled()
    qtbot.mouseClick(dialog.empty_button, Qt.MouseButton.LeftButton)
    delete = next(b for b in dialog.confirm.buttons() if b.text() == "Delete for good")
    qtbot.mouseClick(delete, Qt.MouseButton.LeftButton)
    assert not any(path.exists() for path in doomed_files)  # the originals are gone for good
    assert journal.trash().sessions == [] and journal.trash().photos == []
    assert not window.actions.undo.isEnabled()  # nothing left to undo into
    assert _trash_rows(dialog) == [] and dialog.pages.currentWidget() is dialog.empty_label
    assert not dialog.empty_button.isEnabled() and not dialog.restore_button.isEnabled()
    assert len(journal.photos()) == 2 and verify(journal).clean
    dialog.close()


def test_trash_of_a_read_only_journal_only_shows(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "shared"
    with Journal.create(folder, JournalSettings(name="Elsewhere"), tmp_path / "cache") as journal:
        journal.trash_session(journal.add_session(dt.date(2026, 1, 2)).id)
    window.workspace.set_journal(Journal.open(folder, tmp_path / "cache", read_only=True))
    window.actions.trash.trigger()
    dialog = window.dialogs.trash_dialog
    assert _trash_rows(dialog) == ["Session with 0 photos"]
    assert not dialog.restore_button.isEnabled() and not dialog.empty_button.isEnabled()
    dialog.close()


def test_back_up_then_restore_into_a_new_folder_opens_the_same_journal(
    qtbot, journal_shown, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window, _journal = journal_shown
    window.actions.backup.trigger()
    dialog = _visible(window, QFileDialog)
    assert Path(dialog.selectedFiles()[0]).name == "Mine backup.zip"  # a name is suggested
    _choose(qtbot, window, tmp_path / "my backup")  # typed without its extension
    box = _message(qtbot, window)
    archive = tmp_path / "my backup.zip"
    assert box.text() == f"The whole journal is in {archive}."
    box.close()
    with zipfile.ZipFile(archive) as contents:
        assert len([n for n in contents.namelist() if n.startswith("photos/")]) == 4

    target = tmp_path / "restored"
    target.mkdir()
    window.actions.restore.trigger()
    _choose(qtbot, window, archive)  # which backup
    _choose(qtbot, window, target)  # into which empty folder
    qtbot.waitUntil(
        lambda: window.workspace.journal is not None and window.workspace.journal.folder == target,
        timeout=30_000,
    )
    wait_opened(qtbot, window)
    restored = window.workspace.journal
    assert [s.notes for s in restored.sessions()] == ["month 1", "month 2"]
    assert len(restored.photos()) == 4 and verify(restored).clean
    assert window.frame.windowTitle().startswith("Mine")
    assert window.view.timeline_model.rowCount() == 2


def test_cancelling_a_backup_leaves_no_file(qtbot, journal_shown, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from journal.ui.window import file_actions

    window, _journal = journal_shown
    clicked = threading.Event()
    real = file_actions.write_backup

    def after_the_click(journal, out, progress):  # type: ignore[no-untyped-def]
        clicked.wait(10)  # the person presses Cancel while the backup is under way
        return real(journal, out, progress)

    monkeypatch.setattr(file_actions, "write_backup", after_the_click)
    window.actions.backup.trigger()
    _choose(qtbot, window, tmp_path / "never.zip")
    progress = window.files.last_progress
    qtbot.waitUntil(progress.isVisible, timeout=10_000)
    cancel = next(b for b in progress.findChildren(QPushButton) if b.text() == "Cancel")
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    clicked.set()
    box = _message(qtbot, window)
    assert (box.windowTitle(), box.text()) == ("Not done", "Nothing was changed: cancelled")
    assert not (tmp_path / "never.zip").exists() and not list(tmp_path.glob("*.part"))


@pytest.mark.parametrize("trouble", ["damaged-backup", "folder-not-empty"])
def test_a_restore_that_cannot_be_done_says_why_and_changes_nothing(
    qtbot, journal_shown, tmp_path: Path, trouble: str
) -> None:  # type: ignore[no-untyped-def]
    window, journal = journal_shown
    archive = tmp_path / "backup.zip"
    target = tmp_path / "target"
    target.mkdir()
    if trouble == "damaged-backup":
        archive.write_bytes(b"PK\x03\x04" + b"\x00" * 200)  # a zip's first bytes, then nothing
    else:
        window.files.back_up_to(archive)
        _message(qtbot, window).close()
        (target / "my notes.txt").write_text("keep me")
    window.actions.restore.trigger()
    _choose(qtbot, window, archive)
    _choose(qtbot, window, target)
    box = _message(qtbot, window)
    assert box.windowTitle() == "Not done" and box.text().startswith("Nothing was changed: ")
    assert sorted(p.name for p in target.iterdir()) == (
        [] if trouble == "damaged-backup" else ["my notes.txt"]
    )
    assert window.workspace.journal is journal  # still the journal that was open


def test_export_as_folder_writes_photos_without_location_and_the_notes(
    qtbot, journal_shown, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window, _journal = journal_shown
    target = tmp_path / "for my dermatologist"
    target.mkdir()
    window.actions.export.trigger()
    _choose(qtbot, window, target)
    box = _message(qtbot, window)
    assert box.windowTitle() == "Export written" and str(target) in box.text()
    exported = sorted(target.rglob("*.jpg"))
    assert len(exported) == 4
    for path in exported:
        with Image.open(path) as image:
            assert not image.getexif().get_ifd(0x8825)  # no GPS
    assert "month 2" in (target / "journal.md").read_text()
    assert (target / "sessions.csv").exists()

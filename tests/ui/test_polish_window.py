"""The window's dead ends and small things, met as a user meets them: an import where nothing
lands, --journal on an empty folder, the welcome form, the title, an undo of an edit on
another session, the empty journal, the trash, Preferences, the photo viewer and
Help → Keyboard shortcuts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from journal import APP_NAME
from journal.core.dates import long_date
from journal.core.journal import Journal
from journal.core.models import Angle, JournalSettings, Kind
from tests.helpers import photo_like, save_jpeg
from tests.ui.conftest import drop_files, wait_opened


def _new(tmp_path: Path, name: str = "Mine") -> Journal:
    return Journal.create(tmp_path / "j", JournalSettings(name=name), tmp_path / "cache")


def _shown_title(title: str) -> str:
    """What the desktop shows: Qt adds " — <display name>" unless the title already ends with it."""
    return title if title.endswith(APP_NAME) else f"{title} — {APP_NAME}"


# ----------------------------------------------------------------- errors and dead ends


@pytest.mark.parametrize("files", ["all-refused", "all-duplicates"])
def test_an_import_in_which_nothing_lands_makes_no_session(  # type: ignore[no-untyped-def]
    qtbot, window, tmp_path: Path, files: str
) -> None:
    journal = _new(tmp_path)
    photo = save_jpeg(tmp_path / "in" / "front.jpg", photo_like((80, 100)))
    if files == "all-duplicates":  # the photo is already in the journal, in a session now in the trash
        session = journal.add_session(dt.date(2026, 3, 1))
        journal.import_file(photo, session.id, Angle.FRONT)
        journal.trash_session(session.id)
        dropped = [photo]
    else:
        broken = tmp_path / "in" / "cut.jpg"
        broken.write_bytes(photo.read_bytes()[:300])
        (tmp_path / "in" / "notes.txt").write_text("not a photo")
        dropped = [broken, tmp_path / "in" / "notes.txt"]
    window.workspace.set_journal(journal)
    assert window.workspace.current_session_id() is None  # nothing selected: a new session would be made
    with qtbot.waitSignal(window.importer.finished, timeout=30_000) as done:
        drop_files(window.view.timeline.viewport(), dropped)
        if files == "all-refused":  # their names say no angle: it is asked once for the batch
            qtbot.waitUntil(lambda: window.workspace.imports.angle_dialog is not None, timeout=10_000)
            qtbot.mouseClick(
                window.workspace.imports.angle_dialog.buttons[Angle.FRONT], Qt.MouseButton.LeftButton
            )
    assert [r.status for r in done.args[0].results] == (
        ["duplicate"] if files == "all-duplicates" else ["refused", "refused"]
    )
    assert journal.sessions() == [] and window.view.timeline_model.rowCount() == 0
    # One that lands makes its session, dated today, and shows it.
    other = save_jpeg(tmp_path / "in" / "other_left.jpg", photo_like((80, 100), seed=3))
    with qtbot.waitSignal(window.importer.finished, timeout=30_000):
        drop_files(window.view.timeline.viewport(), [other])
    (made,) = journal.sessions()
    assert made.date == dt.date.today() and len(journal.photos(made.id)) == 1
    qtbot.waitUntil(lambda: window.workspace.current_session_id() == made.id, timeout=5000)


@pytest.mark.parametrize("folder", ["empty-folder", "folder-with-other-files"])
def test_journal_on_a_folder_without_one_offers_to_start_one_there(  # type: ignore[no-untyped-def]
    qtbot, app_settings, tmp_path: Path, folder: str
) -> None:
    from journal.ui.app import first_journal
    from tests.ui.conftest import make_window

    named = tmp_path / "named"
    named.mkdir()
    if folder == "folder-with-other-files":
        (named / "holiday.jpg").write_bytes(b"x")
    parts = make_window(qtbot, app_settings, tmp_path)
    first_journal(parts, app_settings, named, demo=False)  # --journal NAMED
    wait_opened(qtbot, parts)
    box = parts.opener.last_dialog
    assert isinstance(box, QMessageBox) and box.isVisible()
    labels = [b.text() for b in box.buttons()]
    if folder == "folder-with-other-files":  # nothing to offer: a plain word, no journal among the files
        assert "Start a journal here…" not in labels and "no journal in" in box.informativeText()
        box.close()
        parts.frame.close()
        return
    assert box.text() == "There is no journal in this folder yet." and str(named) in box.informativeText()
    start = next(b for b in box.buttons() if b.text() == "Start a journal here…")
    qtbot.mouseClick(start, Qt.MouseButton.LeftButton)
    welcome = parts.workspace.welcome
    assert parts.frame.pages.currentWidget() is welcome and welcome.stack.currentIndex() == 1
    assert welcome.folder.text() == str(named)  # the folder named, not the default one
    qtbot.mouseClick(welcome.create_button, Qt.MouseButton.LeftButton)
    journal = parts.workspace.journal
    assert journal is not None and journal.folder == named and (named / "journal.sqlite3").exists()
    parts.frame.close()


# ----------------------------------------------------------------- small things


def test_the_welcome_forms_folder_label_is_a_mnemonic_not_a_literal_ampersand(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    welcome = window.workspace.welcome
    qtbot.mouseClick(welcome.start_button, Qt.MouseButton.LeftButton)
    labels = {label.text(): label for label in welcome.findChildren(QLabel)}
    folder = labels["&Folder"]
    assert folder.buddy() is welcome.folder  # shown as "Folder" with F underlined, Alt+F goes there
    assert all(label.buddy() is not None for text, label in labels.items() if "&" in text and len(text) < 30)


@pytest.mark.parametrize(
    ("which", "expected"),
    [
        ("named-journal", "Cheeks 2026 — Progress Journal"),
        ("demo-copy", "Demo journal (simulated photos) — Progress Journal"),
        ("temporary-copy-named-otherwise", "Cheeks 2026 (demo) — Progress Journal"),
        ("no-journal", "Progress Journal"),
    ],
)
def test_the_title_names_the_journal_once_and_the_app_once(  # type: ignore[no-untyped-def]
    qtbot, window, tmp_path: Path, which: str, expected: str
) -> None:
    if which != "no-journal":
        name = "Demo journal (simulated photos)" if which == "demo-copy" else "Cheeks 2026"
        # The demo opens as a temporary copy (File → Open demo journal builds one the same way).
        window.workspace.set_journal(_new(tmp_path, name), temporary=which != "named-journal")
    shown = _shown_title(window.frame.windowTitle())
    assert shown == expected and shown.count(APP_NAME) == 1


def test_undo_of_an_edit_on_another_session_shows_that_session_and_says_what_was_undone(  # type: ignore[no-untyped-def]
    qtbot, window, tmp_path: Path
) -> None:
    journal = _new(tmp_path)
    first = journal.add_session(dt.date(2026, 1, 5), Kind.TREATMENT)
    second = journal.add_session(dt.date(2026, 2, 2), Kind.TREATMENT)
    window.workspace.set_journal(journal)
    window.workspace.select_session(first.id)
    form = window.view.session_page.form
    form.notes.setFocus()
    qtbot.keyClicks(form.notes, "Redness gone by day 3")
    form.flush()
    assert journal.session(first.id).notes == "Redness gone by day 3"
    window.workspace.select_session(second.id)  # now another session is on screen
    window.actions.undo.trigger()  # Edit → Undo
    assert journal.session(first.id).notes == ""
    assert window.workspace.current_session_id() == first.id  # it jumped to the session undone
    said = window.frame.statusBar().currentMessage()
    assert said == f"Undone: Edit notes ({long_date(first.date)} · Session 1 · week 0)"
    window.workspace.select_session(second.id)
    window.actions.redo.trigger()
    assert journal.session(first.id).notes == "Redness gone by day 3"
    assert window.workspace.current_session_id() == first.id
    assert window.frame.statusBar().currentMessage().startswith("Redone: Edit notes (")


@pytest.mark.parametrize("mode", ["writable", "read-only"])
def test_the_empty_journal_says_how_to_start(qtbot, window, tmp_path: Path, mode: str) -> None:  # type: ignore[no-untyped-def]
    journal = _new(tmp_path)
    if mode == "read-only":
        folder = journal.folder
        journal.close()
        journal = Journal.open(folder, tmp_path / "cache", read_only=True)
    window.workspace.set_journal(journal)
    page = window.view.session_page
    assert page.empty.isVisible()
    text = page.empty.text()
    assert "Select a session on the left" not in text  # there is nothing on the left
    if mode == "read-only":
        assert text == "This journal has no sessions yet." and not page.new_session_button.isVisible()
        return
    assert "Your journal is empty" in text and "New session" in text
    assert page.new_session_button.isVisible() and page.add_photos_button.isVisible()
    qtbot.mouseClick(page.new_session_button, Qt.MouseButton.LeftButton)
    (session,) = journal.sessions()
    assert window.workspace.current_session_id() == session.id and not page.empty.isVisible()
    window.actions.delete_session.trigger()  # the last one goes: the way in is back
    assert page.empty.isVisible() and "Your journal is empty" in page.empty.text()


def _trash_dialog(window):  # type: ignore[no-untyped-def]
    window.actions.trash.trigger()
    dialog = window.dialogs.trash_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_an_empty_trash_says_so_in_full_and_offers_nothing(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window.workspace.set_journal(_new(tmp_path))
    dialog = _trash_dialog(window)
    label = dialog.empty_label
    assert dialog.pages.currentWidget() is label and label.isVisible()
    assert label.text() == "The trash is empty." and label.width() >= label.fontMetrics().horizontalAdvance(
        label.text()
    )
    assert not dialog.restore_button.isEnabled() and not dialog.empty_button.isEnabled()
    # Deleting a session while the trash is open: it shows up there at once, and so does an undo.
    journal = window.workspace.journal
    window.workspace.select_session(journal.add_session(dt.date(2026, 3, 1)).id)
    window.actions.delete_session.trigger()
    assert dialog.pages.currentWidget() is dialog.tree and dialog.tree.topLevelItemCount() == 1
    assert dialog.empty_button.isEnabled()
    window.actions.undo.trigger()
    assert dialog.pages.currentWidget() is label
    window.workspace.set_journal(None)  # closing the journal closes its trash
    assert window.dialogs.trash_dialog is None or not dialog.isVisible()


@pytest.mark.parametrize(
    ("trashed", "question"),
    [
        ("one-photo", "Delete 1 photo for good?"),
        ("two-empty-sessions", "Delete 2 sessions for good?"),
        ("a-session-with-its-photo-and-a-photo", "Delete 1 session and 2 photos for good?"),
    ],
)
def test_empty_trash_counts_what_is_there_and_defaults_to_cancel(  # type: ignore[no-untyped-def]
    qtbot, window, tmp_path: Path, trashed: str, question: str
) -> None:
    journal = _new(tmp_path)
    kept = journal.add_session(dt.date(2026, 1, 5))
    other = journal.add_session(dt.date(2026, 2, 2))

    def photo(session_id: int, seed: int) -> int:
        source = save_jpeg(tmp_path / "in" / f"p{seed}.jpg", photo_like((64, 80), seed))
        found = journal.import_file(source, session_id, Angle.FRONT).photo
        assert found is not None
        return found.id

    if trashed == "one-photo":
        journal.trash_photo(photo(kept.id, 1))
    elif trashed == "two-empty-sessions":
        journal.trash_session(kept.id)
        journal.trash_session(other.id)
    else:
        photo(other.id, 2)
        journal.trash_session(other.id)
        journal.trash_photo(photo(kept.id, 3))
    window.workspace.set_journal(journal)
    dialog = _trash_dialog(window)
    assert dialog.pages.currentWidget() is dialog.tree
    deleted = dialog.tree.topLevelItem(0).text(2)  # the app's date format, in local time
    assert deleted.startswith(long_date(dt.date.today())) and len(deleted.split()) == 5
    assert not dialog.restore_button.isEnabled()  # nothing selected yet
    dialog.tree.topLevelItem(0).setSelected(True)
    assert dialog.restore_button.isEnabled()
    qtbot.mouseClick(dialog.empty_button, Qt.MouseButton.LeftButton)
    box = dialog.confirm
    assert box.text() == question
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    qtbot.keyClick(box, Qt.Key.Key_Return)  # Enter: the default keeps everything
    assert journal.trash()
    dialog.close()


def test_preferences_has_no_lone_tab_bar_and_says_why_the_tray_option_is_greyed(
    qtbot, window, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window.workspace.set_journal(_new(tmp_path))
    window.actions.preferences.trigger()
    prefs = window.dialogs.preferences
    assert prefs.tabs.count() == 1 and not prefs.tabs.tabBar().isVisible()
    assert not prefs.tray.isEnabled()  # offscreen: no system tray
    assert prefs.tray_hint.isVisible() and "no system tray" in prefs.tray_hint.text()
    prefs.close()


def test_the_photo_viewer_closes_on_esc(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    journal = _new(tmp_path)
    session = journal.add_session(dt.date(2026, 1, 5))
    source = save_jpeg(tmp_path / "in" / "a.jpg", photo_like((64, 80)))
    photo = journal.import_file(source, session.id, Angle.FRONT).photo
    assert photo is not None
    window.workspace.set_journal(journal)
    window.view.session_page.openPhotoRequested.emit(photo.id)
    (viewer,) = window.dialogs.viewers
    qtbot.waitExposed(viewer)
    viewer.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is viewer, timeout=5000)
    qtbot.keyClick(viewer.canvas, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.dialogs.viewers == [], timeout=5000)


def test_keyboard_shortcuts_lists_every_key_the_actions_have(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from journal.ui.capture import capture_actions
    from journal.ui.progress import RegionEditor
    from journal.ui.session import PhotoViewer

    journal = _new(tmp_path)
    window.workspace.set_journal(journal)
    journal.add_session(dt.date(2026, 1, 5))
    window.view.session_page.form.flush()
    window.actions.new_session.trigger()  # something to undo: the Undo action's text names it
    assert window.actions.undo.text() != "&Undo"
    help_titles = [a.text() for a in window.frame.menus.help.actions()]
    assert "&Keyboard shortcuts" in help_titles
    window.actions.shortcuts.trigger()
    dialog = window.dialogs.shortcuts
    assert dialog is not None and dialog.isVisible()
    listed = dialog.rows()
    keys = {k for _what, k in listed}
    everything = [a for a in window.frame.findChildren(QAction) if a.shortcuts()]
    everything += list(PhotoViewer.make_actions(dialog).values())
    everything += list(capture_actions(dialog).values())  # the capture page's own keys
    everything += list(RegionEditor.make_actions(dialog).values())
    missing = []
    for action in everything:
        for sequence in action.shortcuts():
            text = sequence.toString(QKeySequence.SequenceFormat.NativeText)
            if not any(text in k.split(" or ") for k in keys):
                missing.append((action.text(), text))
    for _name, table_keys in RegionEditor.canvas_keys():  # the region canvas's keys, from its own table
        for key in table_keys:
            text = QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
            if not any(text in k.split(" or ") for k in keys):
                missing.append((_name, text))
    assert missing == []
    headings = [what for what, k in listed if not k]
    assert headings[:5] == ["File", "Edit", "Session", "View", "Help"]
    assert {"Compare", "Photo viewer", "Take photos", "Redness regions"} <= set(headings)
    assert ("Take the photo now", "Space") in listed and ("Front photo", "1") in listed
    assert ("Polygon tool", "G") in listed
    assert ("Print timeline", "Ctrl+P") in listed and ("Back to the journal", "Esc") in listed
    close = QKeySequence(QKeySequence.StandardKey.Close).toString(QKeySequence.SequenceFormat.NativeText)
    assert ("Close", f"{close} or Esc") in listed  # the photo viewer
    assert ("Undo", "Ctrl+Z") in listed  # named as the action, not as the step it would undo now
    assert ("Fit", "0 or F") in listed  # the zoom keys of every photo canvas
    dialog.close()


def test_counted_words_are_singular_for_one_and_plural_for_none(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    journal = _new(tmp_path)
    session = journal.add_session(dt.date(2026, 1, 5))
    source = save_jpeg(tmp_path / "in" / "a.jpg", photo_like((64, 80)))
    journal.import_file(source, session.id, Angle.FRONT)
    journal.trash_session(session.id)
    journal.trash_session(journal.add_session(dt.date(2026, 2, 2)).id)
    window.workspace.set_journal(journal)
    dialog = _trash_dialog(window)
    rows = sorted(dialog.tree.topLevelItem(i).text(0) for i in range(dialog.tree.topLevelItemCount()))
    assert rows == ["Session with 0 photos", "Session with 1 photo"]
    dialog.close()
    window.importer.started.emit(1)  # what the status bar says as an import of one file starts
    assert window.import_progress.label.text() == "Importing 1 photo…"
    window.importer.started.emit(2)
    assert window.import_progress.label.text() == "Importing 2 photos…"


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        ("original-missing", "no such file or folder: "),
        ("original-truncated", "truncated: the file ends part-way through the picture"),
    ],
)
def test_a_photo_that_cannot_be_shown_says_why_in_the_apps_words(  # type: ignore[no-untyped-def]
    qtbot, window, tmp_path: Path, damage: str, reason: str
) -> None:
    import shutil

    journal = _new(tmp_path)
    session = journal.add_session(dt.date(2026, 1, 5))
    photo = journal.import_file(
        save_jpeg(tmp_path / "in" / "a.jpg", photo_like((640, 480))), session.id, Angle.FRONT
    ).photo
    assert photo is not None
    original = journal.photo_path(photo)
    if damage == "original-missing":
        original.unlink()  # a file moved away behind the app's back
    else:
        data = original.read_bytes()
        original.chmod(0o600)
        original.write_bytes(data[: len(data) // 2])
    shutil.rmtree(tmp_path / "cache")  # no preview made before: the original must be read
    window.workspace.set_journal(journal)
    window.view.session_page.openPhotoRequested.emit(photo.id)
    (viewer,) = window.dialogs.viewers
    qtbot.waitUntil(
        lambda: viewer.canvas.placeholder.startswith("This photo cannot be shown: "), timeout=10_000
    )
    said = viewer.canvas.placeholder
    assert reason in said and "Errno" not in said and "bytes not processed" not in said
    viewer.close()

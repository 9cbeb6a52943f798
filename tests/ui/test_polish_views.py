"""Compare with too few photos, its fade and zoom read-outs; the reminder banner after "Log the
session now" and after a snooze, as a user meets them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from journal.core.dates import long_date
from journal.core.journal import Journal
from journal.core.models import Angle, JournalSettings, Kind
from journal.ui.compare.modes import CompareMode
from tests.helpers import photo_like, save_jpeg


def _journal(tmp_path: Path, photos_per_session: list[int]) -> Journal:
    journal = Journal.create(tmp_path / "j", JournalSettings(name="Views"), tmp_path / "cache")
    for number, count in enumerate(photos_per_session):
        session = journal.add_session(dt.date(2026, 1, 5) + dt.timedelta(days=28 * number), Kind.TREATMENT)
        for i in range(count):
            source = save_jpeg(tmp_path / "in" / f"{number}_{i}.jpg", photo_like((120, 150), number))
            photo = journal.import_file(source, session.id, Angle.FRONT).photo
            assert photo is not None
            journal.set_eye_points(photo.id, (0.38, 0.4), (0.62, 0.4), "manual")
    return journal


def _compare(qtbot, window, journal: Journal):  # type: ignore[no-untyped-def]
    window.workspace.set_journal(journal)
    window.actions.compare.trigger()  # View → Compare sessions (C)
    return window.workspace.compare


@pytest.mark.parametrize("photos", [[0, 0], [1, 0]], ids=["no-photos", "one-session-with-a-photo"])
def test_compare_without_two_photos_has_its_controls_off_and_says_why(  # type: ignore[no-untyped-def]
    qtbot, window, tmp_path: Path, photos: list[int]
) -> None:
    journal = _journal(tmp_path, photos)
    view = _compare(qtbot, window, journal)
    controls = view.controls
    off = [
        controls.before_combo,
        controls.after_combo,
        *controls.mode_buttons.values(),
        controls.aligned_box,
        controls.eyes_button,
        *controls.zoom_buttons,
        controls.save_button,
        controls.print_button,
    ]
    assert not any(widget.isEnabled() for widget in off)
    assert all(
        button.isEnabled() for button in controls.angle_buttons.values()
    )  # another angle may have some
    said = "No session has a front photo yet." if photos == [0, 0] else "Only one session has a front photo"
    assert controls.print_button.toolTip().startswith(said) and view.canvas.placeholder.startswith(said)
    assert controls.zoom_label.text() == ""
    # Photos come to a second session: everything comes back.
    source = save_jpeg(tmp_path / "in" / "late.jpg", photo_like((120, 150), 9))
    for session in journal.sessions():
        if not journal.photos(session.id):
            journal.import_file(
                source
                if photos == [1, 0]
                else save_jpeg(tmp_path / "in" / f"x{session.id}.jpg", photo_like((120, 150), session.id)),
                session.id,
                Angle.FRONT,
            )
    qtbot.waitUntil(lambda: len(view.canvas.sides) == 2, timeout=10_000)
    assert all(widget.isEnabled() for widget in off)


def test_the_fade_slider_shows_its_percentage_and_the_zoom_level_is_shown(
    qtbot, window, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    view = _compare(qtbot, window, _journal(tmp_path, [1, 1]))
    controls = view.controls
    qtbot.waitUntil(lambda: len(view.canvas.sides) == 2, timeout=10_000)
    assert controls.zoom_label.text().startswith("Fit (") and controls.zoom_label.text().endswith(" %)")
    qtbot.mouseClick(controls.mode_buttons[CompareMode.FADE], Qt.MouseButton.LeftButton)
    assert controls.fade_value.isVisible() and controls.fade_value.text() == "After 50 %"
    controls.fade_slider.setValue(30)
    assert controls.fade_value.text() == "After 30 %" and view.canvas.fade == pytest.approx(0.3)
    qtbot.mouseClick(controls.zoom_buttons[3], Qt.MouseButton.LeftButton)  # "+"
    scale = view.canvas.scale_in(view.canvas.viewports()[0])
    assert controls.zoom_label.text() == f"{scale * 100:.0f} %"
    qtbot.mouseClick(controls.zoom_buttons[2], Qt.MouseButton.LeftButton)  # "100 %"
    assert controls.zoom_label.text() == "100 %"
    qtbot.mouseClick(controls.mode_buttons[CompareMode.SIDE], Qt.MouseButton.LeftButton)
    assert not controls.fade_value.isVisible()


TODAY = dt.date(2026, 12, 12)


@pytest.fixture
def reminded(qtbot, window, tmp_path: Path):  # type: ignore[no-untyped-def]
    journal = Journal.create(tmp_path / "r", JournalSettings(name="Reminded"), tmp_path / "cache")
    window.reminders.today = lambda: TODAY
    window.workspace.set_journal(journal)
    return window, journal


def _banner(window) -> str:  # type: ignore[no-untyped-def]
    return window.banner.text() if window.banner.isVisible() else ""


@pytest.mark.parametrize("planned", [None, 2], ids=["no-plan", "last-planned-session"])
def test_log_the_session_now_does_not_count_an_empty_session_as_done(  # type: ignore[no-untyped-def]
    qtbot, reminded, planned: int | None
) -> None:
    window, journal = reminded
    today = dt.date.today()  # the day "Log the session now" dates the session
    window.reminders.today = lambda: today
    journal.update_settings(planned_sessions=planned)
    journal.add_session(today - dt.timedelta(days=32), Kind.TREATMENT, notes="first")  # overdue by 4 days
    assert "overdue" in _banner(window)
    qtbot.mouseClick(window.banner.log_button, Qt.MouseButton.LeftButton)
    sessions = journal.sessions()
    assert len(sessions) == 2 and sessions[-1].date == today
    text = _banner(window)
    assert "Course complete" not in text and "overdue" not in text
    assert text == "Today's session is logged: add its photos or details, and it counts as done."
    assert window.banner.log_button.text() == "Open today's session"
    window.workspace.select_session(sessions[0].id)
    qtbot.mouseClick(window.banner.log_button, Qt.MouseButton.LeftButton)  # no second empty session
    assert len(journal.sessions()) == 2 and window.workspace.current_session_id() == sessions[-1].id
    journal.update_session(sessions[-1].id, notes="done, 1.0 mm")  # now it counts
    text = _banner(window)
    if planned == 2:
        assert text.splitlines()[0] == "Course complete: 2 of 2 planned sessions done"
    else:
        assert text.startswith("Next session due") and "in 28 days" in text


def test_snooze_until_tomorrow_says_so_and_undo_brings_the_reminder_back(qtbot, reminded) -> None:  # type: ignore[no-untyped-def]
    window, journal = reminded
    journal.add_session(dt.date(2026, 11, 12), Kind.TREATMENT, notes="done")
    assert "overdue by 2 days" in _banner(window)
    qtbot.mouseClick(window.banner.snooze_button, Qt.MouseButton.LeftButton)
    assert "overdue" not in _banner(window)
    tomorrow = long_date(TODAY + dt.timedelta(days=1))
    said = window.frame.statusBar().currentMessage()
    assert said == f"Reminders snoozed until tomorrow, {tomorrow}. Edit → Undo brings them back."
    assert window.actions.undo.text() == "&Undo Snooze reminders"
    window.actions.undo.trigger()
    assert "overdue by 2 days" in _banner(window)
    window.actions.redo.trigger()
    assert "overdue" not in _banner(window)

"""Reminders in the window: the banner for each state and its actions, snooze, no tray."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSystemTrayIcon

from journal.core.journal import Journal
from journal.core.models import JournalSettings, Kind

TODAY = dt.date(2026, 12, 12)
DONE = "done"  # a session counts once it has a photo or details (an empty one is only started)


@pytest.fixture
def reminded(qtbot, window, tmp_path: Path):  # type: ignore[no-untyped-def]
    journal = Journal.create(tmp_path / "j", JournalSettings(name="Reminded"), tmp_path / "cache")
    window.reminders.today = lambda: TODAY
    window.workspace.set_journal(journal)
    return window, journal


def _banner(window) -> str:  # type: ignore[no-untyped-def]
    return window.banner.text() if window.banner.isVisible() else ""


def test_no_sessions_then_log_the_session_now(qtbot, reminded) -> None:  # type: ignore[no-untyped-def]
    window, journal = reminded
    assert _banner(window) == "No sessions yet: log your first session to start the schedule."
    assert window.banner.log_button.isVisible() and not window.banner.snooze_button.isVisible()
    qtbot.mouseClick(window.banner.log_button, Qt.MouseButton.LeftButton)
    (session,) = journal.sessions()
    assert session.kind is Kind.TREATMENT and session.date == dt.date.today()


@pytest.mark.parametrize(
    ("last", "check_in", "lines", "urgent"),
    [
        (dt.date(2026, 11, 17), dt.date(2026, 12, 1), ["Next session due Tue 15 Dec — in 3 days"], False),
        (dt.date(2026, 11, 14), dt.date(2026, 11, 28), ["Next session due today, Sat 12 Dec"], True),
        (
            dt.date(2026, 11, 12),
            dt.date(2026, 11, 26),
            ["Next session overdue by 2 days (was due Thu 10 Dec)"],
            True,
        ),
        (
            dt.date(2026, 11, 28),
            None,
            ["Next session due Sat 26 Dec — in 14 days", "Check-in photos suggested today"],
            True,
        ),
        (
            dt.date(2026, 11, 20),
            None,
            [
                "Next session due Fri 18 Dec — in 6 days",
                "Check-in photos suggested since Fri 4 Dec (8 days ago)",
            ],
            True,
        ),
    ],
)
def test_banner_text_and_actions_for_each_state(qtbot, reminded, last, check_in, lines, urgent) -> None:  # type: ignore[no-untyped-def]
    window, journal = reminded
    journal.add_session(last, Kind.TREATMENT, notes=DONE)
    if check_in is not None:  # check-in photos already taken: no suggestion
        journal.add_session(check_in, Kind.CHECK_IN, notes=DONE)
    text = _banner(window)
    assert text.splitlines() == lines
    assert window.banner.log_button.isVisible() and window.banner.move_button.isVisible()
    assert window.banner.checkin_button.isVisible() == ("Check-in" in text)
    assert (window.banner.tone.value == "urgent") == urgent


@pytest.mark.parametrize("chosen", ["a-photo", "nothing"])
def test_take_check_in_photos_now_imports_into_a_check_in_made_when_a_photo_lands(  # type: ignore[no-untyped-def]
    qtbot, reminded, tmp_path: Path, chosen: str
) -> None:
    from PySide6.QtWidgets import QFileDialog

    from tests.helpers import photo_like, save_jpeg

    window, journal = reminded
    treatment = journal.add_session(dt.date(2026, 11, 28), Kind.TREATMENT, notes=DONE)
    window.workspace.select_session(treatment.id)  # the check-in's photos must not land here
    window.banner.takeCheckIn.emit()
    dialog = next(d for d in window.frame.findChildren(QFileDialog) if d.isVisible())  # Add photos…
    assert [s.kind for s in journal.sessions()] == [Kind.TREATMENT]  # nothing made before a photo lands
    if chosen == "nothing":
        dialog.reject()
        assert [s.kind for s in journal.sessions()] == [Kind.TREATMENT]
        return
    photo = save_jpeg(tmp_path / "check_front.jpg", photo_like((96, 128)))
    with qtbot.waitSignal(window.importer.finished, timeout=30_000):
        dialog.filesSelected.emit([str(photo)])
    (check_in,) = [s for s in journal.sessions() if s.kind is Kind.CHECK_IN]
    assert check_in.date == dt.date.today() and len(journal.photos(check_in.id)) == 1
    assert journal.photos(treatment.id) == []


def test_check_in_photos_once_taken_are_no_longer_suggested(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The photos land in a check-in made for them: a session counts once it has a photo, and
    the banner hears of the photo as it lands (not only of the session)."""
    from PySide6.QtWidgets import QFileDialog

    from tests.helpers import photo_like, save_jpeg

    today = dt.date.today()  # imported photos are dated now
    journal = Journal.create(tmp_path / "j", JournalSettings(name="Reminded"), tmp_path / "cache")
    journal.add_session(today - dt.timedelta(days=14), Kind.TREATMENT, notes=DONE)
    window.reminders.today = lambda: today
    window.workspace.set_journal(journal)
    assert "Check-in photos suggested today" in _banner(window)
    window.banner.takeCheckIn.emit()
    dialog = next(d for d in window.frame.findChildren(QFileDialog) if d.isVisible())
    photo = save_jpeg(tmp_path / "check_front.jpg", photo_like((96, 128)))
    with qtbot.waitSignal(window.importer.finished, timeout=30_000):
        dialog.filesSelected.emit([str(photo)])
    qtbot.waitUntil(lambda: "Check-in" not in _banner(window), timeout=5_000)
    assert not window.banner.checkin_button.isVisible()


def test_course_complete(qtbot, reminded) -> None:  # type: ignore[no-untyped-def]
    window, journal = reminded
    journal.update_settings(planned_sessions=2)
    journal.add_session(dt.date(2026, 10, 1), Kind.TREATMENT, notes=DONE)
    journal.add_session(dt.date(2026, 10, 29), Kind.TREATMENT, notes=DONE)
    journal.add_session(dt.date(2026, 11, 12), Kind.CHECK_IN, notes=DONE)
    assert _banner(window) == "Course complete: 2 of 2 planned sessions done"
    assert not window.banner.log_button.isVisible()


def test_snooze_until_tomorrow(qtbot, reminded) -> None:  # type: ignore[no-untyped-def]
    window, journal = reminded
    journal.add_session(dt.date(2026, 11, 12), Kind.TREATMENT, notes=DONE)
    assert "overdue" in _banner(window)
    qtbot.mouseClick(window.banner.snooze_button, Qt.MouseButton.LeftButton)
    assert "overdue" not in _banner(window)
    window.reminders.today = lambda: TODAY + dt.timedelta(days=1)
    window.reminders.refresh()
    assert "overdue by 3 days" in _banner(window)


def test_move_the_date_is_stored_and_undoable(qtbot, reminded) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QDate

    from journal.ui.reminders.dialogs import NextDateDialog

    window, journal = reminded
    session = journal.add_session(dt.date(2026, 11, 17), Kind.TREATMENT, notes=DONE)
    window.banner.moveDate.emit()
    dialog = next(w for w in window.frame.findChildren(NextDateDialog) if w.isVisible())
    dialog.calendar.setSelectedDate(QDate(2026, 12, 22))
    dialog.accept()
    assert journal.session(session.id).next_due == dt.date(2026, 12, 22)
    assert "Next session due Tue 22 Dec — in 10 days" in _banner(window)
    window.actions.undo.trigger()
    assert journal.session(session.id).next_due is None
    assert "Tue 15 Dec" in _banner(window)


def test_without_a_tray_the_reminder_still_reaches_the_banner(qtbot, reminded) -> None:  # type: ignore[no-untyped-def]
    window, journal = reminded
    assert not QSystemTrayIcon.isSystemTrayAvailable()  # offscreen: no tray, as on many desktops
    assert not window.reminders.has_tray
    journal.add_session(dt.date(2026, 11, 14), Kind.TREATMENT, notes=DONE)  # due today
    assert "due today" in _banner(window)
    assert window.reminders.notified == ["Next session due today, Sat 12 Dec"]
    window.reminders.refresh()  # not notified twice on the same day
    assert len(window.reminders.notified) == 1


def test_a_reminder_with_nowhere_to_show_is_kept_for_the_next_start(qtbot, reminded, settings) -> None:  # type: ignore[no-untyped-def]
    window, journal = reminded
    window.frame.hide()  # no window, no tray: a notice for next time
    journal.add_session(dt.date(2026, 11, 12), Kind.TREATMENT, notes=DONE)
    assert "overdue by 2 days" in settings.value("reminders/pending")
    window.frame.show()
    window.reminders.set_journal(journal)
    assert settings.value("reminders/pending") is None
    assert "While Progress Journal was closed" in window.frame.statusBar().currentMessage()


def test_preferences_change_the_schedule_and_the_login_entry(qtbot, reminded, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window, journal = reminded
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    journal.add_session(dt.date(2026, 11, 17), Kind.TREATMENT, notes=DONE)
    window.actions.preferences.trigger()
    prefs = window.dialogs.preferences
    prefs.interval.setValue(35)
    assert journal.settings.interval_days == 35
    assert "Tue 22 Dec" in _banner(window)
    prefs.planned.setValue(6)
    assert journal.settings.planned_sessions == 6
    prefs.lead.setValue(1)
    assert prefs.lead.text() == "1 day before" and journal.settings.reminder_lead_days == 1
    prefs.lead.setValue(3)
    assert prefs.lead.text() == "3 days before"
    assert not prefs.tray.isEnabled()  # no tray here: the option explains itself
    prefs.login.setChecked(True)
    entry = tmp_path / "config" / "autostart" / "progress-journal.desktop"
    assert entry.exists() and "--background" in entry.read_text()
    prefs.login.setChecked(False)
    assert not entry.exists()


def test_a_new_day_is_noticed_by_the_timer(qtbot, reminded) -> None:  # type: ignore[no-untyped-def]
    window, journal = reminded
    journal.add_session(dt.date(2026, 11, 16), Kind.TREATMENT, notes=DONE)  # due 14 Dec
    assert "in 2 days" in _banner(window)
    window.reminders.today = lambda: dt.date(2026, 12, 14)  # the machine slept, or midnight passed
    window.reminders.check_now()
    assert "due today" in _banner(window)


def test_the_timer_after_the_window_closed_its_journal_but_the_app_stays(qtbot, reminded) -> None:  # type: ignore[no-untyped-def]
    """With a tray and "minimise to tray" off, closing the window closes its journal while the
    app keeps running: the reminder timer then has no journal to read (it read the closed one,
    and the crash dialog came up)."""
    window, journal = reminded
    journal.add_session(dt.date(2026, 11, 12), Kind.TREATMENT, notes=DONE)  # overdue
    assert window.reminders.upcoming()
    window.frame.close()  # no tray offscreen: the journal is closed as it would be then
    assert window.workspace.journal is None
    window.reminders.today = lambda: dt.date(2026, 12, 13)  # the next day's check
    window.reminders.check_now()
    assert window.reminders.upcoming() == [] and _banner(window) == ""


def test_started_in_the_tray_closing_the_window_quits_the_app(qtbot, reminded, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Start at login with a tray: the app does not quit with its last window. Closing the
    window with "keep in the tray" off (the default) closed the journal and left a tray icon
    with no journal behind; it now quits the app."""
    from PySide6.QtGui import QGuiApplication

    window, _journal = reminded
    quits: list[bool] = []
    monkeypatch.setattr(QGuiApplication, "quit", staticmethod(lambda: quits.append(True)))
    QGuiApplication.setQuitOnLastWindowClosed(False)  # as journal.ui.app does when there is a tray
    try:
        window.frame.close()
    finally:
        QGuiApplication.setQuitOnLastWindowClosed(True)
    assert window.workspace.journal is None and quits == [True]


@pytest.mark.parametrize("due", [False, True])
def test_background_start_without_a_tray(qtbot, tmp_path: Path, settings, monkeypatch, due: bool) -> None:  # type: ignore[no-untyped-def]
    """Start at login on a desktop without a tray: the window opens only when something is due."""
    from journal.ui.app import start_window
    from journal.ui.shared.settings import Settings

    folder = tmp_path / "j"
    with Journal.create(folder, JournalSettings(name="Login"), tmp_path / "cache") as journal:
        last = dt.date.today() - dt.timedelta(days=40 if due else 3)
        journal.add_session(last, Kind.TREATMENT, notes=DONE)
        journal.add_session(last + dt.timedelta(days=14), Kind.CHECK_IN, notes=DONE)
    quits = []
    monkeypatch.setattr("journal.ui.app.QTimer.singleShot", lambda _ms, fn: quits.append(fn))
    built = []
    frame = start_window(Settings(settings), folder, background=True, ready=built.append)
    qtbot.addWidget(frame)
    (parts,) = built
    qtbot.waitUntil(lambda: not parts.opener.busy, timeout=30_000)  # the journal opens in a worker
    assert parts.workspace.journal is not None
    assert frame.isVisible() is due
    assert (len(quits) == 1) is (not due)  # nothing due and nowhere to remind: it quits
    if due:
        assert "overdue" in parts.banner.text()
    frame.close()


def test_export_to_calendar_from_the_file_menu(qtbot, reminded, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from icalendar import Calendar
    from PySide6.QtWidgets import QFileDialog

    window, journal = reminded
    journal.add_session(dt.date(2026, 12, 1), Kind.TREATMENT, notes="done")  # an empty one would not count
    window.actions.calendar.trigger()
    dialog = next(d for d in window.frame.findChildren(QFileDialog) if d.isVisible())
    assert Path(dialog.selectedFiles()[0]).name == "Reminded.ics"  # a name is suggested
    dialog.selectFile(str(tmp_path / "my plan"))  # typed without the extension
    dialog.accept()
    written = tmp_path / "my plan.ics"
    assert written.exists()
    events = Calendar.from_ical(written.read_bytes()).walk("VEVENT")
    assert [e.decoded("DTSTART") for e in events][:1] == [dt.date(2026, 12, 29)]  # as the banner says
    assert "my plan.ics" in window.frame.statusBar().currentMessage()

"""The schedule: table tests with an injected today, the .ics export, autostart, `due`."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from icalendar import Calendar

from journal.core.models import JournalSettings, Kind, Session
from journal.core.schedule import State, describe, planned_dates, schedule

D = dt.date
SETTINGS = JournalSettings(name="t", interval_days=28, checkin_offset_days=14)


def _sessions(*specs: tuple[dt.date, str] | tuple[dt.date, str, dt.date]) -> list[Session]:
    out = []
    for i, spec in enumerate(specs, 1):
        day, kind = spec[0], Kind(spec[1])
        out.append(Session(id=i, date=day, kind=kind, next_due=spec[2] if len(spec) > 2 else None))  # type: ignore[misc]
    return out


T, C = "treatment", "check-in"


@pytest.mark.parametrize(
    ("name", "sessions", "today", "settings", "state", "due", "check_in"),
    [
        ("no sessions", [], D(2026, 3, 1), SETTINGS, State.NO_SESSIONS, None, None),
        (
            "only check-ins",
            [(D(2026, 2, 1), C), (D(2026, 2, 20), C)],
            D(2026, 3, 1),
            SETTINGS,
            State.NO_SESSIONS,
            None,
            None,
        ),
        (
            "on track",
            [(D(2026, 3, 1), T)],
            D(2026, 3, 10),
            SETTINGS,
            State.ON_TRACK,
            D(2026, 3, 29),
            D(2026, 3, 15),
        ),
        # Once the next session is due, its own photos take over from the check-in.
        ("due today", [(D(2026, 3, 1), T)], D(2026, 3, 29), SETTINGS, State.DUE_TODAY, D(2026, 3, 29), None),
        ("overdue", [(D(2026, 3, 1), T)], D(2026, 4, 2), SETTINGS, State.OVERDUE, D(2026, 3, 29), None),
        (
            "check-in overdue",
            [(D(2026, 3, 1), T)],
            D(2026, 3, 20),
            SETTINGS,
            State.ON_TRACK,
            D(2026, 3, 29),
            D(2026, 3, 15),
        ),
        (
            "override date",
            [(D(2026, 3, 1), T, D(2026, 4, 10))],
            D(2026, 3, 10),
            SETTINGS,
            State.ON_TRACK,
            D(2026, 4, 10),
            D(2026, 3, 15),
        ),
        (
            "a future-dated session is the next one",
            [(D(2026, 3, 1), T), (D(2026, 3, 25), T)],
            D(2026, 3, 10),
            SETTINGS,
            State.ON_TRACK,
            D(2026, 3, 25),
            D(2026, 3, 15),
        ),
        (
            "interval change",
            [(D(2026, 3, 1), T)],
            D(2026, 3, 10),
            JournalSettings(name="t", interval_days=42),
            State.ON_TRACK,
            D(2026, 4, 12),
            D(2026, 3, 15),
        ),
        (
            "logged early: counts from the actual date",
            [(D(2026, 3, 1), T), (D(2026, 3, 20), T)],
            D(2026, 3, 21),
            SETTINGS,
            State.ON_TRACK,
            D(2026, 4, 17),
            D(2026, 4, 3),
        ),
        (
            "logged late",
            [(D(2026, 3, 1), T), (D(2026, 4, 15), T)],
            D(2026, 4, 16),
            SETTINGS,
            State.ON_TRACK,
            D(2026, 5, 13),
            D(2026, 4, 29),
        ),
        (
            "check-in photos taken: suggestion dropped",
            [(D(2026, 3, 1), T), (D(2026, 3, 14), C)],
            D(2026, 3, 20),
            SETTINGS,
            State.ON_TRACK,
            D(2026, 3, 29),
            None,
        ),
        (
            "photos on day 2 do not count as the check-in",
            [(D(2026, 3, 1), T), (D(2026, 3, 3), C)],
            D(2026, 3, 20),
            SETTINGS,
            State.ON_TRACK,
            D(2026, 3, 29),
            D(2026, 3, 15),
        ),
        (
            "31 Jan + 28 days",
            [(D(2026, 1, 31), T)],
            D(2026, 2, 1),
            SETTINGS,
            State.ON_TRACK,
            D(2026, 2, 28),
            D(2026, 2, 14),
        ),
        (
            "over 29 Feb",
            [(D(2028, 2, 10), T)],
            D(2028, 2, 11),
            SETTINGS,
            State.ON_TRACK,
            D(2028, 3, 9),
            D(2028, 2, 24),
        ),
        (
            "from 29 Feb",
            [(D(2028, 2, 29), T)],
            D(2028, 3, 1),
            SETTINGS,
            State.ON_TRACK,
            D(2028, 3, 28),
            D(2028, 3, 14),
        ),
        # European and US daylight-saving changes inside the interval change nothing: dates are days.
        (
            "over a DST change (EU)",
            [(D(2026, 3, 20), T)],
            D(2026, 3, 29),
            SETTINGS,
            State.ON_TRACK,
            D(2026, 4, 17),
            D(2026, 4, 3),
        ),
        (
            "over a DST change (US)",
            [(D(2026, 10, 20), T)],
            D(2026, 11, 1),
            SETTINGS,
            State.ON_TRACK,
            D(2026, 11, 17),
            D(2026, 11, 3),
        ),
        (
            "course complete",
            [(D(2026, 1, 1), T), (D(2026, 1, 29), T)],
            D(2026, 2, 5),
            JournalSettings(name="t", planned_sessions=2),
            State.COMPLETE,
            None,
            D(2026, 2, 12),
        ),
    ],
)
def test_schedule_table(name, sessions, today, settings, state, due, check_in) -> None:  # type: ignore[no-untyped-def]
    plan = schedule(_sessions(*sessions), settings, today)
    assert plan.state is state, name
    assert (plan.treatment.due if plan.treatment else None) == due, name
    assert (plan.check_in.due if plan.check_in else None) == check_in, name


def test_days_and_texts() -> None:
    plan = schedule(_sessions((D(2026, 11, 17), T)), SETTINGS, D(2026, 12, 12))
    assert plan.treatment.days == 3 and plan.treatment.number == 2
    assert describe(plan.treatment) == "Next session due Tue 15 Dec — in 3 days"
    overdue = schedule(_sessions((D(2026, 11, 17), T)), SETTINGS, D(2026, 12, 17))
    assert describe(overdue.treatment) == "Next session overdue by 2 days (was due Tue 15 Dec)"
    today = schedule(_sessions((D(2026, 11, 17), T)), SETTINGS, D(2026, 12, 1))
    assert describe(today.check_in) == "Check-in photos suggested today"
    assert today.check_in.pressing and not today.treatment.pressing


def test_planned_sessions_follow_at_the_interval() -> None:
    settings = JournalSettings(name="t", planned_sessions=5, interval_days=30)
    plan = schedule(_sessions((D(2026, 1, 1), T), (D(2026, 1, 31), T)), settings, D(2026, 2, 1))
    assert planned_dates(plan, settings) == [(3, D(2026, 3, 2)), (4, D(2026, 4, 1)), (5, D(2026, 5, 1))]


@pytest.fixture
def scheduled(journal):  # type: ignore[no-untyped-def]
    journal.update_settings(planned_sessions=4, reminder_lead_days=2)
    journal.add_session(D(2026, 11, 1), Kind.TREATMENT, notes="first session")  # empty ones do not count
    return journal


def test_ics_parses_back_with_dates_alarms_and_stable_uids(scheduled, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from journal.core.calendar_export import write_calendar

    first = write_calendar(scheduled, tmp_path / "a.ics", D(2026, 11, 5)).read_bytes()
    second = write_calendar(scheduled, tmp_path / "b.ics", D(2026, 11, 5)).read_bytes()
    events = [c for c in Calendar.from_ical(first).walk("VEVENT")]
    summaries = {str(e["summary"]): e for e in events}
    assert set(summaries) == {
        "Microneedling session 2",
        "Microneedling session 3",
        "Microneedling session 4",
        "Check-in photos (Microneedling session 1 + 14 days)",
    }
    assert summaries["Microneedling session 2"].decoded("dtstart") == D(2026, 11, 29)
    assert summaries["Microneedling session 4"].decoded("dtstart") == D(2027, 1, 24)
    assert summaries["Check-in photos (Microneedling session 1 + 14 days)"].decoded("dtstart") == D(
        2026, 11, 15
    )
    for event in events:
        alarms = event.walk("VALARM")
        assert len(alarms) == 1 and alarms[0].decoded("trigger") == dt.timedelta(days=-2, hours=9)
    uids = sorted(str(e["uid"]) for e in events)
    assert uids == sorted(str(e["uid"]) for e in Calendar.from_ical(second).walk("VEVENT"))
    assert all(uid.endswith(f"@{scheduled.id}.progress-journal") for uid in uids)
    # After the next session is logged, session 3's event keeps its UID (it updates, not duplicates).
    scheduled.add_session(D(2026, 11, 30), Kind.TREATMENT, pain=2)
    third = Calendar.from_ical(write_calendar(scheduled, tmp_path / "c.ics", D(2026, 12, 1)).read_bytes())
    later = {str(e["uid"]): e for e in third.walk("VEVENT")}
    session3 = next(uid for uid in uids if uid.startswith("treatment-3@"))
    assert later[session3].decoded("dtstart") == D(2026, 12, 28)


def test_autostart_entry_is_written_and_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from journal import autostart

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    assert not autostart.is_enabled()
    path = autostart.set_enabled(True)
    assert path == tmp_path / "config" / "autostart" / "progress-journal.desktop"
    text = path.read_text()
    exec_line = next(line for line in text.splitlines() if line.startswith("Exec="))
    assert exec_line.endswith(" --background")
    program = exec_line.removeprefix("Exec=").split(" ")[0]
    assert os.access(program, os.X_OK), f"{program} is not an installed command"
    assert autostart.is_enabled()
    autostart.set_enabled(False)
    assert not path.exists() and not autostart.is_enabled()


def test_due_exit_codes_and_json(scheduled, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.helpers import run_cli

    folder = str(scheduled.folder)
    ok = run_cli("--journal", folder, "due", "--today", "2026-11-05")
    assert ok.returncode == 0
    assert ok.stdout.splitlines() == [
        "Next session due Sun 29 Nov — in 24 days",
        "Check-in photos suggested Sun 15 Nov — in 10 days",
    ]
    due = run_cli("--journal", folder, "due", "--today", "2026-11-29", "--json")
    assert due.returncode == 3
    data = json.loads(due.stdout)
    assert data["state"] == "due-today" and data["pressing"] is True
    assert [r["kind"] for r in data["reminders"]] == ["treatment"]
    check_in = run_cli("--journal", folder, "due", "--today", "2026-11-16", "--json")
    assert check_in.returncode == 3  # check-in photos suggested yesterday: something is due
    data = json.loads(check_in.stdout)
    assert data["state"] == "on-track" and data["reminders"][1]["kind"] == "check-in"
    assert data["reminders"][1]["days"] == -1
    overdue = run_cli("--journal", folder, "due", "--today", "2026-12-02")
    assert overdue.returncode == 3 and "overdue by 3 days" in overdue.stdout
    notify = run_cli("--journal", folder, "due", "--today", "2026-12-02", "--notify")
    assert notify.returncode == 3
    assert "no desktop notifier available" in notify.stdout or "overdue" in notify.stdout


@pytest.mark.parametrize("what_makes_it_count", ["a photo", "a note", "a rating", "the device"])
def test_an_empty_new_session_does_not_complete_the_course(
    journal, tmp_path: Path, what_makes_it_count: str
) -> None:
    """*Log the session now* makes an empty session for today: "Course complete: 6 of 6" only
    once it has a photo or details."""
    from journal.core.models import Angle
    from journal.core.schedule import complete_text
    from tests.helpers import photo_like, run_cli, save_jpeg

    today = D(2026, 6, 1)
    journal.update_settings(planned_sessions=6)
    for n in range(5):
        journal.add_session(today - dt.timedelta(days=28 * (5 - n)), notes=f"session {n + 1}")
    empty = journal.add_session(today)
    plan = schedule(journal.session_summaries(), journal.settings, today)
    assert plan.state is State.DUE_TODAY and plan.treatments_done == 5
    assert plan.treatment is not None and plan.treatment.number == 6
    due = run_cli("--journal", str(journal.folder), "due", "--today", today.isoformat())
    assert "Course complete" not in due.stdout and due.returncode == 3

    if what_makes_it_count == "a photo":
        photo = save_jpeg(tmp_path / "today.jpg", photo_like((64, 48)))
        assert journal.import_file(photo, empty.id, Angle.FRONT).ok
    else:
        field, value = {
            "a note": ("notes", "done"),
            "a rating": ("redness", 3),
            "the device": ("device", "pen"),
        }[what_makes_it_count]
        journal.update_session(empty.id, **{field: value})
    plan = schedule(journal.session_summaries(), journal.settings, today)
    assert plan.state is State.COMPLETE
    assert complete_text(plan) == "Course complete: 6 of 6 planned sessions done"


def test_an_empty_session_booked_ahead_is_still_the_next_session(journal) -> None:
    today = D(2026, 6, 1)
    journal.add_session(D(2026, 5, 1), notes="first")
    journal.add_session(D(2026, 6, 10))  # booked, nothing in it yet
    plan = schedule(journal.session_summaries(), journal.settings, today)
    assert plan.treatment is not None and plan.treatment.due == D(2026, 6, 10)

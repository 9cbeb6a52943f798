"""Opening a journal: one writer, read-only folders, damage, migrations, database backups."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

import pytest

from journal.core import dbbackups, migrations
from journal.core.errors import JournalCorrupt, JournalLocked, JournalNotFound, JournalTooNew
from journal.core.journal import Journal
from journal.core.models import JournalSettings
from tests.helpers import photo_like, run_cli, save_jpeg


def test_store_uses_wal_foreign_keys_and_a_version(journal) -> None:  # type: ignore[no-untyped-def]
    conn = sqlite3.connect(journal.folder / "journal.sqlite3")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST_VERSION
    conn.close()
    assert journal.store._conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_second_writer_is_refused_while_readers_may_look(journal, cache_root: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(JournalLocked, match="journal is open in another window"):
        Journal.open(journal.folder, cache_root)
    with Journal.open(journal.folder, cache_root, read_only=True) as reader:
        assert reader.settings.name == "Test journal"


def test_second_writer_in_another_process_is_refused(journal, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    photo = save_jpeg(tmp_path / "x.jpg", photo_like((64, 64)))
    done = run_cli("--journal", str(journal.folder), "import", "--date", "2026-01-01", str(photo))
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("progress-journal: journal is open in another window (")
    assert lines[0].endswith(f" pid {os.getpid()}): {journal.folder}")
    assert journal.photos() == []


def test_lock_is_released_on_close(journal, cache_root: Path) -> None:  # type: ignore[no-untyped-def]
    folder = journal.folder
    journal.close()
    Journal.open(folder, cache_root).close()


def test_missing_folder_and_non_journal_folder(tmp_path: Path, cache_root: Path) -> None:
    with pytest.raises(JournalNotFound, match="not found"):
        Journal.open(tmp_path / "nowhere", cache_root)
    (tmp_path / "empty").mkdir()
    with pytest.raises(JournalNotFound, match="no journal in"):
        Journal.open(tmp_path / "empty", cache_root)


def test_corrupt_database_is_reported_with_its_backups(journal, cache_root: Path) -> None:  # type: ignore[no-untyped-def]
    folder = journal.folder
    journal.close()
    Journal.open(folder, cache_root).close()  # the daily copy is made on open
    db = folder / "journal.sqlite3"
    for side in ("journal.sqlite3-wal", "journal.sqlite3-shm"):
        (folder / side).unlink(missing_ok=True)
    data = bytearray(db.read_bytes())
    data[0:16] = b"this is not sqli"
    db.write_bytes(bytes(data))
    with pytest.raises(JournalCorrupt) as caught:
        Journal.open(folder, cache_root)
    assert "damaged" in str(caught.value)
    assert caught.value.backups and caught.value.backups[0].name.startswith("daily-")


def test_daily_backup_once_a_day(journal, cache_root: Path) -> None:  # type: ignore[no-untyped-def]
    folder = journal.folder
    journal.close()
    for day in (dt.date(2026, 5, 1), dt.date(2026, 5, 1), dt.date(2026, 5, 2)):
        Journal.open(folder, cache_root, today=day).close()
    names = sorted(p.name for p in (folder / "backups").iterdir())
    assert "daily-2026-05-01.sqlite3" in names and "daily-2026-05-02.sqlite3" in names
    copy = sqlite3.connect(folder / "backups" / "daily-2026-05-02.sqlite3")
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert copy.execute("SELECT value FROM setting WHERE key='name'").fetchone()[0] == '"Test journal"'
    copy.close()


def test_rotation_keeps_seven_daily_and_six_monthly(tmp_path: Path) -> None:
    backups = tmp_path / "backups"
    backups.mkdir()
    start = dt.date(2025, 9, 1)
    days = [start + dt.timedelta(days=i) for i in range(0, 300)]
    for day in days:
        (backups / f"daily-{day.isoformat()}.sqlite3").write_bytes(b"x")
    (backups / "pre-migration-v1-to-v2-20250901T101010.sqlite3").write_bytes(b"x")
    dbbackups.rotate(backups, days[-1])
    kept = sorted(p.name for p in backups.iterdir())
    daily = [n for n in kept if n.startswith("daily-")]
    newest = [f"daily-{d.isoformat()}.sqlite3" for d in days[-7:]]
    assert set(newest) <= set(daily)
    monthly = sorted(set(daily) - set(newest))
    assert len(monthly) == 6
    assert all(name.endswith("-01.sqlite3") for name in monthly)  # the first copy of each month
    assert "pre-migration-v1-to-v2-20250901T101010.sqlite3" in kept  # not a daily copy


def test_migration_backs_up_first_and_upgrades(
    journal,
    cache_root: Path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    folder = journal.folder
    session = journal.add_session(dt.date(2026, 1, 1), notes="before the upgrade")
    journal.close()
    extra = "ALTER TABLE session ADD COLUMN mood TEXT;"
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, extra])
    monkeypatch.setattr("journal.core.store.MIGRATIONS", [*migrations.MIGRATIONS, extra])
    monkeypatch.setattr("journal.core.store.LATEST_VERSION", migrations.LATEST_VERSION + 1)
    with Journal.open(folder, cache_root) as upgraded:
        assert upgraded.store.version == migrations.LATEST_VERSION + 1
        assert upgraded.session(session.id).notes == "before the upgrade"
    latest = migrations.LATEST_VERSION
    copies = list((folder / "backups").glob(f"pre-migration-v{latest}-to-v{latest + 1}-*.sqlite3"))
    assert len(copies) == 1
    old = sqlite3.connect(copies[0])
    assert old.execute("PRAGMA user_version").fetchone()[0] == latest
    assert "mood" not in [r[1] for r in old.execute("PRAGMA table_info(session)")]
    old.close()


def test_journal_from_a_newer_app_is_refused(journal, cache_root: Path) -> None:  # type: ignore[no-untyped-def]
    folder = journal.folder
    journal.close()
    conn = sqlite3.connect(folder / "journal.sqlite3")
    conn.execute(f"PRAGMA user_version={migrations.LATEST_VERSION + 5}")
    conn.close()
    with pytest.raises(JournalTooNew, match="newer Progress Journal"):
        Journal.open(folder, cache_root)


def test_create_refuses_to_overwrite_a_journal(journal, cache_root: Path) -> None:  # type: ignore[no-untyped-def]
    from journal.core.errors import JournalError

    with pytest.raises(JournalError, match="already a journal"):
        Journal.create(journal.folder, JournalSettings(name="Again"), cache_root)


def test_settings_are_validated_and_kept(journal, cache_root: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="7–90"):
        journal.update_settings(interval_days=3)
    journal.update_settings(interval_days=35, planned_sessions=6)
    folder = journal.folder
    journal.close()
    with Journal.open(folder, cache_root) as again:
        assert again.settings.interval_days == 35
        assert again.settings.planned_sessions == 6
        assert again.settings.treatment == "Microneedling"


def test_summaries_read_ahead_serve_every_reader_until_shown_then_the_database_again(
    journal, cache_root: Path
) -> None:  # type: ignore[no-untyped-def]
    """The opening worker reads the summaries once for the timeline and the reminders both;
    once they are shown, a change made meanwhile by another program is read, not the old rows."""
    journal.add_session(dt.date(2026, 1, 5))
    journal.read_summaries_ahead()
    first, second = journal.session_summaries(), journal.session_summaries()
    assert [s.session.date for s in first] == [s.session.date for s in second] == [dt.date(2026, 1, 5)]
    first.clear()  # one reader's list is its own
    assert len(journal.session_summaries()) == 1
    other = sqlite3.connect(journal.folder / "journal.sqlite3")  # another program, on the live file
    with other:
        other.execute("UPDATE session SET notes = 'from elsewhere'")
    other.close()
    journal.summaries_shown()
    assert [s.session.notes for s in journal.session_summaries()] == ["from elsewhere"]
    journal.read_summaries_ahead()
    journal.add_session(dt.date(2026, 2, 2))  # a change in the app drops them at once
    assert len(journal.session_summaries()) == 2

"""A damaged database reads as damaged (with the copies that can replace it), never as a new
empty journal; the four failures the app must tell apart are four distinct errors."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from journal.core import dbbackups, dbcheck, rows, store
from journal.core.errors import (
    DiskFull,
    JournalCorrupt,
    JournalError,
    JournalLocked,
    JournalNotFound,
    NotAJournal,
)
from journal.core.journal import Journal
from journal.core.models import JournalSettings
from journal.core.verify import verify
from tests.core.hostile import small_journal
from tests.helpers import run_cli


@pytest.fixture
def with_copies(tmp_path: Path) -> Path:
    """A closed journal with two photos and today's database copy in backups/."""
    folder = tmp_path / "journal"
    small_journal(folder, tmp_path / "cache", tmp_path / "src").close()
    Journal.open(folder, tmp_path / "cache", today=dt.date(2026, 5, 1)).close()
    assert dbbackups.list_backups(folder)
    return folder


def _drop_sides(folder: Path) -> None:
    for side in ("journal.sqlite3-wal", "journal.sqlite3-shm"):
        (folder / side).unlink(missing_ok=True)


def _zero_bytes(folder: Path) -> None:
    (folder / "journal.sqlite3").write_bytes(b"")


def _missing(folder: Path) -> None:
    (folder / "journal.sqlite3").unlink()


def _table_dropped(folder: Path) -> None:
    conn = sqlite3.connect(folder / "journal.sqlite3")
    conn.execute("DROP TABLE session")
    conn.commit()
    conn.close()


def _version_zero(folder: Path) -> None:
    conn = sqlite3.connect(folder / "journal.sqlite3")
    conn.execute("PRAGMA user_version = 0")
    conn.commit()
    conn.close()


def _trigger_added(folder: Path) -> None:
    conn = sqlite3.connect(folder / "journal.sqlite3")
    conn.execute("CREATE TRIGGER t AFTER INSERT ON photo BEGIN DELETE FROM session; END")
    conn.commit()
    conn.close()


def _setting_broken(folder: Path) -> None:
    conn = sqlite3.connect(folder / "journal.sqlite3")
    conn.execute("UPDATE setting SET value = '\"weekly\"' WHERE key = 'interval_days'")
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (_zero_bytes, "the database file is empty"),
        (_missing, "the database file is missing"),
        (_table_dropped, "the table session is missing"),
        (_version_zero, "no schema version"),
        (_trigger_added, "holds a trigger the app did not make"),
        (_setting_broken, "interval_days has the wrong type"),
    ],
    ids=["zero-bytes", "file-missing", "table-missing", "user-version-0", "trigger", "setting-unreadable"],
)
@pytest.mark.parametrize("read_only", [False, True], ids=["writer", "reader"])
def test_a_damaged_database_is_reported_with_its_copies_never_made_anew(
    with_copies: Path,
    tmp_path: Path,
    damage,
    reason: str,
    read_only: bool,  # type: ignore[no-untyped-def]
) -> None:
    _drop_sides(with_copies)
    damage(with_copies)
    database = with_copies / "journal.sqlite3"
    before = database.read_bytes() if database.exists() else None
    with pytest.raises(JournalCorrupt, match=reason) as caught:
        Journal.open(with_copies, tmp_path / "cache", read_only=read_only)
    assert [p.name for p in caught.value.backups] == ["daily-2026-05-01.sqlite3"]
    assert (database.read_bytes() if database.exists() else None) == before  # not re-initialised
    assert len(list((with_copies / "photos").rglob("*.jpg"))) == 2


def test_the_cli_says_damaged_and_init_refuses_a_folder_with_photos(with_copies: Path) -> None:
    _drop_sides(with_copies)
    _zero_bytes(with_copies)
    for command in (["verify"], ["sessions"], ["import", "--date", "2026-01-01", "x.jpg"]):
        done = run_cli("--journal", str(with_copies), *command)
        assert done.returncode == 1
        assert "database is damaged (the database file is empty" in done.stderr, done.stderr
        assert "unknown file" not in done.stdout
    done = run_cli("--journal", str(with_copies), "init")
    assert done.returncode == 1 and "already holds a journal's photos" in done.stderr
    assert (with_copies / "journal.sqlite3").read_bytes() == b""


def test_init_finishes_a_journal_whose_creation_was_killed_before_its_schema(tmp_path: Path) -> None:
    folder = tmp_path / "new"
    folder.mkdir()
    (folder / "journal.sqlite3").write_bytes(b"")  # no photos, no copies: nothing to lose
    Journal.create(folder, JournalSettings(name="Fresh"), tmp_path / "cache").close()
    with Journal.open(folder, tmp_path / "cache") as journal:
        assert journal.settings.name == "Fresh"


def test_only_copies_that_are_sound_are_offered_and_a_damaged_one_is_refused(
    with_copies: Path, tmp_path: Path
) -> None:
    backups = with_copies / "backups"
    (backups / "daily-2026-05-02.sqlite3").write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    (backups / "daily-2026-05-03.sqlite3").write_bytes(b"")
    copies = dbbackups.backup_copies(with_copies)
    assert {c.path.name: c.usable for c in copies} == {
        "daily-2026-05-01.sqlite3": True,
        "daily-2026-05-02.sqlite3": False,
        "daily-2026-05-03.sqlite3": False,
    }
    good = next(c for c in copies if c.usable)
    assert (good.sessions, good.photos) == (1, 2)
    _drop_sides(with_copies)
    _zero_bytes(with_copies)
    with pytest.raises(JournalCorrupt) as caught:
        Journal.open(with_copies, tmp_path / "cache")
    assert [p.name for p in caught.value.backups] == ["daily-2026-05-01.sqlite3"]
    with pytest.raises(JournalError, match="that backup copy is damaged too"):
        dbbackups.restore_database(with_copies, backups / "daily-2026-05-02.sqlite3", dt.datetime(2026, 5, 4))
    assert (with_copies / "journal.sqlite3").read_bytes() == b""  # nothing moved for a bad copy
    kept = dbbackups.restore_database(with_copies, caught.value.backups[0], dt.datetime(2026, 5, 4))
    assert kept.read_bytes() == b""
    with Journal.open(with_copies, tmp_path / "cache") as journal:
        assert len(journal.photos()) == 2 and verify(journal).clean


def test_the_four_failures_the_app_tells_apart_are_distinct_errors(with_copies: Path, tmp_path: Path) -> None:
    """The contract the GUI relies on (issue 9): damaged (with copies), disk full, locked, not a
    journal. Each is its own JournalError subclass; none is a subclass of another."""
    kinds = [JournalCorrupt, DiskFull, JournalLocked, NotAJournal]
    for kind in kinds:
        assert issubclass(kind, JournalError)
        assert not any(issubclass(kind, other) for other in kinds if other is not kind)
    assert issubclass(NotAJournal, JournalNotFound)  # what the GUI catches today
    (tmp_path / "plain").mkdir()
    with pytest.raises(NotAJournal, match="no journal in"):
        Journal.open(tmp_path / "plain", tmp_path / "cache")
    with Journal.open(with_copies, tmp_path / "cache"), pytest.raises(JournalLocked):
        Journal.open(with_copies, tmp_path / "cache")


def test_every_column_of_the_schema_has_its_row_rule() -> None:
    """A new column joins rows.RULES with one line: this names the ones that have none."""
    conn = sqlite3.connect(":memory:")
    for migration in store.MIGRATIONS:
        for statement in dbcheck.split_sql(migration):
            conn.execute(statement)
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    missing = [
        f"{table}.{column[1]}"
        for table in tables
        for column in conn.execute(f"PRAGMA table_info({table})")
        if column[1] not in rows.RULES.get(table, {})
    ]
    assert missing == [], f"add a rule to journal/core/rows.py RULES for: {missing}"


_EVERY = ("sessions", "due", "chart", "export-folder", "sheet")
_PHOTOS = ("export-folder", "sheet")  # the commands that read the photo rows


@pytest.mark.parametrize(
    ("statement", "said", "commands"),
    [
        ("UPDATE session SET session_date = '2026-13-45'", "session_date 2026-13-45 is not a date", _EVERY),
        ("UPDATE photo SET taken_at = 'soon'", "photo row 1: taken_at", _PHOTOS),
        ("UPDATE photo SET imported_at = 'yesterday'", "imported_at", _PHOTOS),
    ],
    ids=["bad-session-date", "bad-taken-time", "bad-import-time"],
)
def test_a_value_the_app_never_writes_in_the_live_database_is_said_by_every_command(
    tmp_path: Path, statement: str, said: str, commands: tuple[str, ...]
) -> None:
    """Edited by another program (or a bug): not only a restored backup. Each command that
    reads the rows says what is damaged and where, in one line, with no traceback."""
    folder = tmp_path / "journal"
    small_journal(folder, tmp_path / "cache", tmp_path / "src").close()
    conn = sqlite3.connect(folder / "journal.sqlite3")
    conn.execute(statement)
    conn.commit()
    conn.close()
    arguments = {
        "sessions": ["sessions"],
        "due": ["due"],
        "chart": ["chart", "-o", str(tmp_path / "c.png")],
        "export-folder": ["export-folder", str(tmp_path / "out")],
        "sheet": ["sheet", "--timeline", "-o", str(tmp_path / "t.pdf")],
    }
    for command in commands:
        done = run_cli("--journal", str(folder), *arguments[command])
        assert done.returncode != 0, (command, done.stdout)
        assert "Traceback" not in done.stderr, (command, done.stderr)
        assert "cannot read" in done.stderr and said in done.stderr, (command, done.stderr)
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    listed = run_cli("--journal", str(folder), "verify")
    assert listed.returncode != 0 and said.split(" ")[0] in listed.stdout + listed.stderr

"""Rotating copies of journal.sqlite3 in `<journal>/backups/`.

One copy per day on open (kept: the newest 7 daily, then the first of each month for 6
months) and one before every schema migration. Photos are not copied here: originals are
never rewritten, so a database copy is enough to undo a bad migration or a damaged file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from pathlib import Path

from journal.core.dbcheck import inspect_database
from journal.core.errors import JournalError, as_journal_error, shown
from journal.core.fsutil import PRIVATE_FILE, atomic_output, make_private_dir
from journal.core.store import DB_NAME, Store

BACKUPS_DIR = "backups"
KEEP_DAILY = 7
KEEP_MONTHLY = 6
KEEP_MIGRATION = 5

_DAILY = re.compile(r"^daily-(\d{4}-\d{2}-\d{2})\.sqlite3$")
_MIGRATION = re.compile(r"^pre-migration-v\d+-to-v\d+-(\d{8}T\d{6})\.sqlite3$")


def daily_backup(store: Store, folder: Path, today: dt.date) -> Path | None:
    """Copy the database once per day; return the new copy (None if today's exists)."""
    backups = make_private_dir(folder / BACKUPS_DIR)
    target = backups / f"daily-{today.isoformat()}.sqlite3"
    if target.exists():
        return None
    _snapshot(store, target)
    rotate(backups, today)
    return target


def migration_backup(store: Store, folder: Path, old: int, new: int, now: dt.datetime) -> Path:
    backups = make_private_dir(folder / BACKUPS_DIR)
    target = backups / f"pre-migration-v{old}-to-v{new}-{now:%Y%m%dT%H%M%S}.sqlite3"
    _snapshot(store, target)
    old_ones = sorted(p for p in backups.iterdir() if _MIGRATION.match(p.name))
    for path in old_ones[:-KEEP_MIGRATION]:
        path.unlink(missing_ok=True)
    return target


def _snapshot(store: Store, target: Path) -> None:
    tmp = target.with_name(f".{target.name}.part")
    tmp.unlink(missing_ok=True)
    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))  # private from the start
    store.backup_to(tmp)
    tmp.chmod(0o600)
    tmp.replace(target)


def rotate(backups: Path, today: dt.date) -> list[Path]:
    """Delete daily copies outside the policy; return what was deleted."""
    dated = sorted(
        ((dt.date.fromisoformat(m.group(1)), p) for p in backups.iterdir() if (m := _DAILY.match(p.name))),
        reverse=True,
    )
    keep = {p for _, p in dated[:KEEP_DAILY]}
    months_seen: dict[tuple[int, int], Path] = {}
    for day, path in sorted(dated):  # oldest first: the first copy of each month stands for it
        months_seen.setdefault((day.year, day.month), path)
    recent_months = sorted(months_seen, reverse=True)[:KEEP_MONTHLY]
    keep |= {months_seen[m] for m in recent_months}
    removed = []
    for _, path in dated:
        if path not in keep:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def list_backups(folder: Path) -> list[Path]:
    """Database copies, newest first (what a "restore from backups" offers)."""
    backups = folder / BACKUPS_DIR
    if not backups.is_dir():
        return []
    found = [p for p in backups.iterdir() if _DAILY.match(p.name) or _MIGRATION.match(p.name)]
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


@dataclasses.dataclass(frozen=True)
class BackupCopy:
    """One database copy in `<journal>/backups/`, checked."""

    path: Path
    made: dt.datetime  # when it was written (its file time)
    problems: list[str]  # empty: it opens and holds a journal the app can read
    sessions: int = 0
    photos: int = 0

    @property
    def usable(self) -> bool:
        return not self.problems


def backup_copies(folder: Path) -> list[BackupCopy]:
    """Every database copy in the journal's backups/ folder, newest first, each checked the
    way a restore is (pages, schema, rows), so that a damaged one is never offered."""
    copies = []
    for path in list_backups(folder):
        try:
            made = dt.datetime.fromtimestamp(path.stat().st_mtime)
            report = inspect_database(path.read_bytes())
        except (OSError, ValueError, OverflowError) as exc:
            copies.append(BackupCopy(path, dt.datetime.min, [f"cannot be read ({exc})"]))
            continue
        copies.append(
            BackupCopy(
                path,
                made,
                report.problems,
                report.sessions,
                sum(1 for _rel, _sha, trashed in report.photos if not trashed),
            )
        )
    return copies


def usable_backups(folder: Path) -> list[Path]:
    """The copies a damaged journal can be restored from, newest first."""
    return [copy.path for copy in backup_copies(folder) if copy.usable]


def restore_database(folder: Path, backup: Path, now: dt.datetime) -> Path:
    """Put a database copy from backups/ in place of a damaged journal.sqlite3.

    The damaged file is kept beside it (never deleted); photos imported after the copy was
    made are still on disk and come back with `verify --repair`. Returns the kept file.
    The copy is checked and written next to the database first, so a full disk or a damaged
    copy leaves everything as it was.
    """
    try:
        data = backup.read_bytes()
    except OSError as exc:
        raise as_journal_error(exc, backup) from exc
    report = inspect_database(data)
    if report.problems:
        raise JournalError(f"that backup copy is damaged too ({report.problems[0]}): {shown(backup.name)}")
    db = folder / DB_NAME
    stamp = f"{now:%Y%m%dT%H%M%S}"
    kept = folder / f"{DB_NAME}.damaged-{stamp}"
    try:
        with atomic_output(db) as tmp:
            tmp.write_bytes(data)
            if db.exists():
                os.replace(db, kept)
            for side in (f"{DB_NAME}-wal", f"{DB_NAME}-shm"):
                side_path = folder / side
                if side_path.exists():
                    os.replace(side_path, folder / f"{side}.damaged-{stamp}")
    except OSError as exc:
        raise as_journal_error(exc, folder) from exc
    return kept

"""Rotating copies of journal.sqlite3 in `<journal>/backups/`.

One copy per day on open (kept: the newest 7 daily, then the first of each month for 6
months) and one before every schema migration. Photos are not copied here: originals are
never rewritten, so a database copy is enough to undo a bad migration or a damaged file.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from journal.core.fsutil import make_private_dir
from journal.core.store import Store

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


def restore_database(folder: Path, backup: Path, now: dt.datetime) -> Path:
    """Put a database copy from backups/ in place of a damaged journal.sqlite3.

    The damaged file is kept beside it (never deleted); photos imported after the copy was
    made are still on disk and come back with `verify --repair`. Returns the kept file.
    """
    import os
    import sqlite3

    from journal.core.errors import JournalError

    check = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        status = check.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise JournalError(f"that backup copy is damaged too ({exc}): {backup.name}") from exc
    finally:
        check.close()
    if status != "ok":
        raise JournalError(f"that backup copy is damaged too ({status}): {backup.name}")
    db = folder / "journal.sqlite3"
    kept = folder / f"journal.sqlite3.damaged-{now:%Y%m%dT%H%M%S}"
    if db.exists():
        os.replace(db, kept)
    for side in ("journal.sqlite3-wal", "journal.sqlite3-shm"):
        side_path = folder / side
        if side_path.exists():
            os.replace(side_path, folder / f"{side}.damaged-{now:%Y%m%dT%H%M%S}")
    tmp = folder / ".journal.sqlite3.restoring"
    tmp.write_bytes(backup.read_bytes())
    tmp.chmod(0o600)
    os.replace(tmp, db)
    return kept

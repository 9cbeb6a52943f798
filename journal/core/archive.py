"""Backup to one .zip and restore from it, refusing anything that does not check out.

The archive holds a consistent database snapshot (SQLite backup API), every original
(trash included: a backup is the whole journal), and `manifest.json` with the SHA-256 of
every member. Restore checks all of it before it writes a single file into place.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from journal import __version__
from journal.core.errors import BackupInvalid, Cancelled, JournalError, describe_os_error
from journal.core.fsutil import (
    CHUNK,
    ORIGINAL_FILE,
    PRIVATE_FILE,
    atomic_output,
    fsync_dir,
    make_private_dir,
    remove_tree,
)
from journal.core.journal import Journal
from journal.core.store import DB_NAME

MANIFEST = "manifest.json"
FORMAT = "progress-journal-backup"
Progress = Callable[[int, int], bool | None]  # return False to cancel


def write_backup(journal: Journal, out: Path, progress: Progress | None = None) -> Path:
    """Write the whole journal to `out` (.zip). Atomic: a failure leaves no partial file."""
    out = Path(out)
    if out.exists() and out.is_dir():
        raise JournalError(f"backup target is a folder: {out}")
    photos = journal.store.photos(deleted=None)
    files: dict[str, str] = {}
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        # The database snapshot waits next to the backup, not in the shared temporary folder.
        with (
            atomic_output(out) as tmp,
            tempfile.TemporaryDirectory(prefix=".pj-backup-", dir=out.parent) as scratch,
        ):
            snapshot = Path(scratch) / DB_NAME
            journal.store.backup_to(snapshot)
            with zipfile.ZipFile(tmp, "w", allowZip64=True) as archive:
                files[DB_NAME] = _add(archive, snapshot, DB_NAME, zipfile.ZIP_DEFLATED)
                for index, photo in enumerate(photos, 1):
                    if progress and progress(index, len(photos)) is False:
                        raise Cancelled()
                    # Stored, not deflated: photos are already compressed.
                    files[photo.rel_path] = _add(
                        archive, journal.photo_path(photo), photo.rel_path, zipfile.ZIP_STORED
                    )
                    if files[photo.rel_path] != photo.sha256:
                        raise JournalError(f"{photo.rel_path} changed on disk; run verify before backing up")
                manifest = {
                    "format": FORMAT,
                    "version": 1,
                    "app_version": __version__,
                    "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                    "journal_id": journal.id,
                    "journal_name": journal.settings.name,
                    "files": files,
                }
                archive.writestr(MANIFEST, json.dumps(manifest, indent=1))
    except OSError as exc:
        raise JournalError(f"cannot write the backup: {describe_os_error(exc, exc.filename or out)}") from exc
    return out


def _add(archive: zipfile.ZipFile, path: Path, name: str, compression: int) -> str:
    digest = hashlib.sha256()
    info = zipfile.ZipInfo(name, date_time=dt.datetime.fromtimestamp(path.stat().st_mtime).timetuple()[:6])
    info.compress_type = compression
    info.external_attr = (0o600 & 0xFFFF) << 16
    with open(path, "rb") as source, archive.open(info, "w", force_zip64=True) as target:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            target.write(chunk)
    return digest.hexdigest()


def check_backup(archive_path: Path, progress: Progress | None = None) -> dict[str, object]:
    """Read the whole archive and return its manifest, or raise BackupInvalid with the reason."""
    try:
        archive = zipfile.ZipFile(archive_path)
    except FileNotFoundError:
        raise BackupInvalid(f"no such backup file: {archive_path}") from None
    except (zipfile.BadZipFile, OSError) as exc:
        raise BackupInvalid(
            f"not a Progress Journal backup (not a readable zip: {exc}): {archive_path}"
        ) from exc
    with archive:
        try:
            manifest = json.loads(archive.read(MANIFEST))
        except KeyError:
            raise BackupInvalid(f"not a Progress Journal backup (no {MANIFEST}): {archive_path}") from None
        except (ValueError, zipfile.BadZipFile, OSError) as exc:
            raise BackupInvalid(f"the backup's manifest is damaged ({exc}): {archive_path}") from exc
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise BackupInvalid(f"not a Progress Journal backup: {archive_path}")
        files = manifest.get("files")
        if not isinstance(files, dict) or DB_NAME not in files:
            raise BackupInvalid(f"the backup's manifest lists no database: {archive_path}")
        names = set(archive.namelist())
        for index, (name, expected) in enumerate(sorted(files.items()), 1):
            if progress and progress(index, len(files)) is False:
                raise Cancelled()
            _check_member_name(name)
            if name not in names:
                raise BackupInvalid(f"the backup is missing {name}")
            digest = hashlib.sha256()
            try:
                with archive.open(name) as member:
                    while chunk := member.read(CHUNK):
                        digest.update(chunk)
            except (zipfile.BadZipFile, OSError, EOFError) as exc:
                raise BackupInvalid(f"{name} in the backup is damaged ({exc})") from exc
            if digest.hexdigest() != expected:
                raise BackupInvalid(f"{name} in the backup does not match its recorded hash (damaged)")
    return manifest


def _check_member_name(name: str) -> None:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or "\\" in name:
        raise BackupInvalid(f"the backup holds an unsafe path: {name}")
    if name != DB_NAME and path.parts[0] != "photos":
        raise BackupInvalid(f"the backup holds an unexpected file: {name}")


def restore_backup(archive_path: Path, target: Path, progress: Progress | None = None) -> Path:
    """Restore into an empty (or new) folder. Everything is checked before anything is placed."""
    target = Path(target)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise JournalError(f"restore needs an empty folder; {target} is not empty")
    manifest = check_backup(archive_path, progress)
    files: dict[str, str] = manifest["files"]  # type: ignore[assignment]
    try:
        parent = target.resolve().parent
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.restoring-", dir=parent))
    except OSError as exc:
        raise JournalError(f"cannot restore: {describe_os_error(exc, target)}") from exc
    try:
        staging.chmod(0o700)
        with zipfile.ZipFile(archive_path) as archive:
            for name in files:
                dest = staging.joinpath(*PurePosixPath(name).parts)
                make_private_dir(dest.parent)
                with archive.open(name) as member, open(dest, "wb") as out:
                    shutil.copyfileobj(member, out, CHUNK)
                    out.flush()
                    os.fsync(out.fileno())
                os.chmod(dest, PRIVATE_FILE if name == DB_NAME else ORIGINAL_FILE)
        _check_restored_database(staging / DB_NAME, files)
        make_private_dir(staging / "photos")
        if target.exists():
            target.rmdir()
        os.replace(staging, target)
        fsync_dir(target.parent)
    except OSError as exc:
        with contextlib.suppress(OSError):
            remove_tree(staging)
        raise JournalError(f"cannot restore: {describe_os_error(exc, target)}") from exc
    except BaseException:
        with contextlib.suppress(OSError):
            remove_tree(staging)
        raise
    return target


def _check_restored_database(db: Path, files: dict[str, str]) -> None:
    conn = sqlite3.connect(db)
    try:
        status = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if status != "ok":
            raise BackupInvalid(f"the backed-up database is damaged ({status})")
        for rel_path, sha in conn.execute("SELECT rel_path, sha256 FROM photo"):
            if files.get(rel_path) != sha:
                raise BackupInvalid(f"the backup lacks the photo {rel_path} that its database lists")
    except sqlite3.DatabaseError as exc:
        raise BackupInvalid(f"the backed-up database cannot be read ({exc})") from exc
    finally:
        conn.close()

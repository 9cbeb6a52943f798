"""Backup to one .zip and restore from it, refusing anything that does not check out.

The archive holds a consistent database snapshot (SQLite backup API, taken in memory; the
photo list comes from that same snapshot), every original (trash included: a backup is the
whole journal), and `manifest.json` with the SHA-256 of every member. A finished backup is
read back and checked like a restore would check it before it replaces the previous one.

A backup zip is untrusted input (it may come from anywhere). A restore accepts only:
  - a zip whose members are the database, the manifest and photos under `photos/`, each named
    as the journal names them (`fsutil.check_rel_path`), once, stored or deflated, not
    encrypted, each within the size and compression-ratio limits below;
  - a manifest of bounded size and depth, in exactly the shape this module writes;
  - a database that is this app's schema at a version it knows (no trigger or view of its
    own), with sound pages, every row valid (`rows.RULES`), no import in progress, listing
    exactly the photos the manifest lists, with the same hashes (or marked damaged);
  - and room for all of it on the target's disk.
All of that is checked before anything is written. Then each member is read once, hashed as
it is written into a private staging folder next to the target, and its hash is checked
before the folder is renamed into place. A refusal is one line saying what is wrong
(BackupInvalid); nothing of it is left behind.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import errno
import hashlib
import json
import os
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from journal import __version__
from journal.core.dbcheck import MAX_DATABASE_BYTES, inspect_database
from journal.core.errors import (
    BackupInvalid,
    Cancelled,
    DiskFull,
    JournalError,
    UnsafePath,
    describe_os_error,
    free_bytes,
    shown,
)
from journal.core.fsutil import (
    CHUNK,
    ORIGINAL_FILE,
    PRIVATE_FILE,
    atomic_output,
    check_rel_path,
    confined_path,
    fsync_dir,
    make_private_dir,
    refuse_inside_journal,
    release_staging,
    remove_abandoned,
    staging_folder,
)
from journal.core.journal import Journal
from journal.core.migrations import LATEST_VERSION
from journal.core.store import DB_NAME

MANIFEST = "manifest.json"
FORMAT = "progress-journal-backup"
VERSION = 2  # 2: photos can be marked damaged ("damaged"); a version-1 backup still restores
Progress = Callable[[int, int], bool | None]  # return False to cancel

MAX_MANIFEST_BYTES = 64 << 20  # ~500,000 photos' names and hashes
MAX_MANIFEST_DEPTH = 4  # the manifest is {"damaged": {path: {"state": ...}}} at its deepest
MAX_MEMBERS = 1_000_000
MAX_MEMBER_BYTES = 16 << 30  # a very large TIFF is ~1 GB
MAX_TOTAL_BYTES = 4 << 40
MAX_RATIO = 100  # photos barely compress; the database's empty pages do, not 100-fold at size
RATIO_FLOOR = 1 << 20  # members smaller than this may compress as they like
FREE_MARGIN = (1 << 20, 64 << 20)  # left free after a restore or backup: 5 % of it, within these
_ALLOWED_KEYS = {
    "format",
    "version",
    "app_version",
    "created",
    "journal_id",
    "journal_name",
    "files",
    "damaged",
}
_HEX64 = re.compile(r"[0-9a-f]{64}")
_DAMAGE_STATES = ("changed", "missing")
LEGACY_SCRATCH = ".pj-backup-"  # the database snapshot folder older versions left on a kill


@dataclasses.dataclass(frozen=True)
class BackupContents:
    """What a backup holds, as read back from it."""

    path: Path
    photos: int  # originals in the zip (trash included)
    trashed: int
    sessions: int
    damaged: dict[str, str]  # rel_path -> "changed" (stored as it is now) or "missing" (left out)
    manifest: dict[str, Any]

    def summary(self) -> str:
        trash = f", {self.trashed} of them in the trash" if self.trashed else ""
        marks = ""
        if self.damaged:
            changed = sum(1 for state in self.damaged.values() if state == "changed")
            missing = len(self.damaged) - changed
            parts = [f"{changed} changed on disk, stored as it is now"] if changed else []
            parts += [f"{missing} missing, left out"] if missing else []
            marks = f"; marked damaged: {', '.join(parts)}"
        return f"{_count(self.photos, 'photo')}{trash}, {_count(self.sessions, 'session')}{marks}"


# ----------------------------------------------------------------- backup


def write_backup(journal: Journal, out: Path, progress: Progress | None = None) -> Path:
    """Write the whole journal to `out` (.zip); see `back_up`. Returns `out`."""
    return back_up(journal, out, progress).path


def back_up(
    journal: Journal, out: Path, progress: Progress | None = None, mark_damaged: bool = False
) -> BackupContents:
    """Write the whole journal to `out` (.zip). Atomic: a failure leaves no partial file, and
    the previous file at `out` stays until the new one has been read back and checked.

    A photo that is missing or changed on disk stops the backup, unless `mark_damaged`: then
    a changed photo is stored as it is now and a missing one left out, each named in the
    manifest (and so in the restored journal's verify) — never silently.
    """
    out = Path(out)
    refuse_inside_journal(out, "a backup")
    if out.is_dir():
        raise JournalError(f"backup target is a folder: {shown(str(out))}")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        remove_abandoned(out.parent, f".{out.name}.", ".part")
        remove_abandoned(out.parent, LEGACY_SCRATCH, min_age=0)
        snapshot = journal.store.snapshot()
        paths = []
        for rel_path, sha, _trashed in snapshot.photos:
            try:
                paths.append((rel_path, sha, confined_path(journal.folder, rel_path)))
            except UnsafePath as exc:
                raise JournalError(f"the journal has a damaged photo record ({exc}); run verify") from exc
        _check_room(out.parent, len(snapshot.data) + sum(_size(p) for _r, _s, p in paths), "the backup")
        total = len(paths)
        with atomic_output(out) as tmp:
            files, damaged = _write_zip(tmp, journal, snapshot.data, paths, progress, mark_damaged)
            contents = _read_back(tmp, progress, total)
            if contents.photos != len(files) - 1 or set(contents.damaged) != set(damaged):
                raise JournalError("the backup did not read back as it was written; it was not kept")
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise DiskFull(f"disk is full: the backup was not written ({shown(str(out))})") from exc
        where = exc.filename or out
        raise JournalError(f"cannot write the backup: {describe_os_error(exc, where)}") from exc
    return dataclasses.replace(contents, path=out)


def _write_zip(
    tmp: Path,
    journal: Journal,
    database: bytes,
    paths: list[tuple[str, str, Path]],
    progress: Progress | None,
    mark_damaged: bool,
) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    files: dict[str, str] = {}
    damaged: dict[str, dict[str, str]] = {}
    total = len(paths)
    with zipfile.ZipFile(tmp, "w", allowZip64=True) as archive:
        info = _zip_info(DB_NAME, dt.datetime.now(), zipfile.ZIP_DEFLATED)
        archive.writestr(info, database)
        files[DB_NAME] = hashlib.sha256(database).hexdigest()
        for index, (rel_path, sha, path) in enumerate(paths, 1):
            if progress and progress(index, 2 * total) is False:
                raise Cancelled()
            if not path.is_file():
                if not mark_damaged:
                    raise JournalError(
                        f"{rel_path} is missing; run verify, or back up with the damage marked "
                        "(backup --mark-damaged)"
                    )
                damaged[rel_path] = {"state": "missing", "recorded": sha}
                continue
            # Stored, not deflated: photos are already compressed.
            got = _add_file(archive, path, rel_path)
            files[rel_path] = got
            if got != sha:
                if not mark_damaged:
                    raise JournalError(
                        f"{rel_path} changed on disk since it was imported; run verify, then either "
                        f"`verify --accept-changed {rel_path}` to keep its new content as the original "
                        "or `backup --mark-damaged` to back it up marked as changed"
                    )
                damaged[rel_path] = {"state": "changed", "recorded": sha}
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "version": VERSION,
            "app_version": __version__,
            "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "journal_id": journal.id,
            "journal_name": journal.settings.name,
            "files": files,
        }
        if damaged:
            manifest["damaged"] = damaged
        archive.writestr(
            _zip_info(MANIFEST, dt.datetime.now(), zipfile.ZIP_DEFLATED), json.dumps(manifest, indent=1)
        )
    return files, damaged


def _read_back(tmp: Path, progress: Progress | None, total: int) -> BackupContents:
    def step(done: int, _count: int) -> bool | None:
        return progress(total + done, 2 * total) if progress and total else None

    try:
        return check_backup(tmp, step)
    except BackupInvalid as exc:
        raise JournalError(
            f"the backup did not read back as it was written ({exc}); it was not kept"
        ) from exc


def _zip_info(name: str, when: dt.datetime, compression: int) -> zipfile.ZipInfo:
    stamp = when.timetuple()[:6] if 1980 <= when.year <= 2107 else (1980, 1, 1, 0, 0, 0)
    info = zipfile.ZipInfo(name, date_time=stamp)
    info.compress_type = compression
    info.external_attr = (stat.S_IFREG | PRIVATE_FILE) << 16
    return info


def _add_file(archive: zipfile.ZipFile, path: Path, name: str) -> str:
    digest = hashlib.sha256()
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as source:
        try:
            when = dt.datetime.fromtimestamp(os.fstat(source.fileno()).st_mtime)
        except (ValueError, OverflowError, OSError):
            when = dt.datetime(1980, 1, 1)
        with archive.open(_zip_info(name, when, zipfile.ZIP_STORED), "w", force_zip64=True) as target:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                target.write(chunk)
    return digest.hexdigest()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _check_room(folder: Path, needed: int, what: str) -> None:
    free = free_bytes(folder)
    low, high = FREE_MARGIN
    spare = max(low, min(high, needed // 20))
    if free is not None and needed + spare > free:
        raise DiskFull(
            f"disk is full: {what} needs {_mb(needed + spare)} and {shown(str(folder))} has {_mb(free)} free"
        )


# ----------------------------------------------------------------- reading a backup


def check_backup(archive_path: Path, progress: Progress | None = None) -> BackupContents:
    """Read and check the whole archive (every hash, the database, the counts); write nothing.
    Raises BackupInvalid with the reason."""
    with _open_zip(Path(archive_path)) as archive:
        plan = _plan(archive, Path(archive_path))
        for index, (info, expected) in enumerate(plan.photo_members, 1):
            if progress and progress(index, len(plan.photo_members)) is False:
                raise Cancelled()
            _copy_member(archive, info, expected, None)
        return plan.contents


def restore_backup(archive_path: Path, target: Path, progress: Progress | None = None) -> Path:
    """Restore into an empty (or new) folder; see `restore`. Returns the folder."""
    return restore(archive_path, target, progress).path


def restore(archive_path: Path, target: Path, progress: Progress | None = None) -> BackupContents:
    """Restore into an empty (or new) folder. Everything is checked before anything is placed
    (module docstring); the new journal has the modes of one made by the app."""
    archive_path, target = Path(archive_path), Path(target)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise JournalError(f"restore needs an empty folder; {shown(str(target))} is not empty")
    refuse_inside_journal(target, "a restored journal")
    with _open_zip(archive_path) as archive:
        plan = _plan(archive, archive_path)
        try:
            target = target.resolve()
            parent = target.parent
            parent.mkdir(parents=True, exist_ok=True)
            remove_abandoned(parent, f".{target.name}.restoring-")
            _check_room(parent, plan.unpacked_bytes, "the restored journal")
            with staging_folder(parent, f".{target.name}.restoring-") as staging:
                _unpack(archive, plan, staging, progress)
                release_staging(staging)
                if target.exists():
                    target.rmdir()
                os.replace(staging, target)
            fsync_dir(parent)
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                raise DiskFull(
                    f"disk is full: the backup was not restored into {shown(str(target))}"
                ) from exc
            raise JournalError(f"cannot restore: {describe_os_error(exc, exc.filename or target)}") from exc
    return dataclasses.replace(plan.contents, path=target)


def _unpack(archive: zipfile.ZipFile, plan: _Plan, staging: Path, progress: Progress | None) -> None:
    db = staging / DB_NAME
    fd = os.open(db, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), PRIVATE_FILE)
    with os.fdopen(fd, "wb") as out:
        out.write(plan.database)
        out.flush()
        os.fsync(out.fileno())
    make_private_dir(staging / "photos")
    for index, (info, expected) in enumerate(plan.photo_members, 1):
        if progress and progress(index, len(plan.photo_members)) is False:
            raise Cancelled()
        dest = staging.joinpath(*check_rel_path(info.filename))
        make_private_dir(dest.parent)
        _copy_member(archive, info, expected, dest)
        os.chmod(dest, ORIGINAL_FILE)
    for folder in {staging / "photos", *(p.parent for p in (staging / "photos").rglob("*"))}:
        fsync_dir(folder)


@dataclasses.dataclass
class _Plan:
    contents: BackupContents
    database: bytes
    photo_members: list[tuple[zipfile.ZipInfo, str]]
    unpacked_bytes: int


@contextlib.contextmanager
def _open_zip(path: Path) -> Iterator[zipfile.ZipFile]:
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise BackupInvalid(f"no such backup file: {shown(str(path))}") from None
    except IsADirectoryError:
        raise BackupInvalid(f"not a backup file but a folder: {shown(str(path))}") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, struct.error) as exc:
        raise BackupInvalid(
            f"not a Progress Journal backup (not a readable zip: {_short(exc)}): {shown(str(path))}"
        ) from exc
    with archive:
        yield archive


def _plan(archive: zipfile.ZipFile, path: Path) -> _Plan:
    """Everything a restore checks before it writes: members, manifest, database, counts."""
    if MANIFEST not in archive.NameToInfo:
        raise BackupInvalid(f"not a Progress Journal backup (no {MANIFEST}): {shown(str(path))}")
    members = _members(archive, path)
    manifest = _read_manifest(archive, members[MANIFEST], path)
    files: dict[str, str] = manifest["files"]
    marks: dict[str, dict[str, str]] = manifest.get("damaged", {})
    listed = set(files)
    present = set(members) - {MANIFEST}
    for name in sorted(listed - present):
        raise BackupInvalid(f"the backup is missing {shown(name)}")
    for name in sorted(present - listed):
        raise BackupInvalid(f"the backup holds a file its manifest does not list: {shown(name)}")

    database = _read_database(archive, members[DB_NAME], files[DB_NAME])
    report = inspect_database(database)
    if report.problems:
        raise BackupInvalid(
            f"the backed-up database is not a journal this app can open: {report.problems[0]}"
        )
    if report.version > LATEST_VERSION:
        raise BackupInvalid(
            f"the backup was made by a newer Progress Journal (schema {report.version}, this version "
            f"knows up to {LATEST_VERSION})"
        )
    if report.pending:
        raise BackupInvalid("the backed-up database records an import in progress; a backup never does")

    in_database = {rel: (sha, trashed) for rel, sha, trashed in report.photos}
    photo_files = listed - {DB_NAME}
    for rel, (sha, _trashed) in in_database.items():
        mark = marks.get(rel)
        if mark is not None:
            if mark["recorded"] != sha:
                raise BackupInvalid(f"the backup's damage mark for {shown(rel)} does not match its database")
            if (mark["state"] == "missing") == (rel in files):
                raise BackupInvalid(f"the backup's damage mark for {shown(rel)} does not match its contents")
            if mark["state"] == "changed" and files[rel] == sha:
                raise BackupInvalid(f"the backup marks {shown(rel)} as changed, but it is not")
        elif rel not in files:
            raise BackupInvalid(f"the backup lacks the photo {shown(rel)} that its database lists")
        elif files[rel] != sha:
            raise BackupInvalid(f"the backup's copy of {shown(rel)} is not the photo its database lists")
    for rel in sorted(photo_files - set(in_database)):
        raise BackupInvalid(f"the backup holds {shown(rel)}, which its database does not list")
    for rel in sorted(set(marks) - set(in_database)):
        raise BackupInvalid(f"the backup marks {shown(rel)} as damaged, which its database does not list")

    photo_members = [(members[rel], files[rel]) for rel in sorted(photo_files)]
    contents = BackupContents(
        path=path,
        photos=len(photo_members),
        trashed=sum(1 for rel, (_s, trashed) in in_database.items() if trashed and rel in files),
        sessions=report.sessions,
        damaged={rel: mark["state"] for rel, mark in marks.items()},
        manifest=manifest,
    )
    unpacked = len(database) + sum(info.file_size for info, _sha in photo_members)
    return _Plan(contents, database, photo_members, unpacked)


def _members(archive: zipfile.ZipFile, path: Path) -> dict[str, zipfile.ZipInfo]:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise BackupInvalid(f"the backup holds more than {MAX_MEMBERS} files")
    members: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        name = info.filename
        if name.endswith("/"):  # a folder entry, as some zip tools add: only photos/ and below
            _check_member_name(f"{name}folder/file", folder=True)
            continue
        _check_member_name(name)
        if name in members:
            raise BackupInvalid(f"the backup holds {shown(name)} twice")
        if info.flag_bits & 0x1:
            raise BackupInvalid(f"{shown(name)} in the backup is encrypted; a backup never is")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise BackupInvalid(
                f"{shown(name)} in the backup is compressed with a method this app does not read "
                f"(method {info.compress_type}); a backup is stored or deflated"
            )
        kind = (info.external_attr >> 16) & 0o170000
        if info.create_system == 3 and kind not in (0, stat.S_IFREG):
            raise BackupInvalid(f"{shown(name)} in the backup is not a plain file (a link or device)")
        limit = (
            MAX_DATABASE_BYTES
            if name == DB_NAME
            else MAX_MANIFEST_BYTES
            if name == MANIFEST
            else MAX_MEMBER_BYTES
        )
        if info.file_size > limit:
            raise BackupInvalid(
                f"{shown(name)} in the backup is larger than a backup's file may be ({_mb(info.file_size)})"
            )
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(1, info.compress_size):
            raise BackupInvalid(
                f"{shown(name)} in the backup expands {info.file_size // max(1, info.compress_size)}-fold; "
                "a backup's files never do (a zip bomb?)"
            )
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise BackupInvalid(f"the backup would unpack to more than {_mb(MAX_TOTAL_BYTES)}")
        members[name] = info
    return members


def _check_member_name(name: str, folder: bool = False) -> None:
    if name in (DB_NAME, MANIFEST) and not folder:
        return
    try:
        check_rel_path(name)
    except UnsafePath as exc:
        if name.startswith("/") or ".." in PurePosixPath(name.replace("\\", "/")).parts or "\\" in name:
            raise BackupInvalid(f"the backup holds an unsafe path: {shown(name)}") from exc
        raise BackupInvalid(f"the backup holds an unexpected file ({exc})") from exc


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    try:
        with archive.open(info) as member:
            data = member.read(limit + 1)
    except (
        zipfile.BadZipFile,
        OSError,
        EOFError,
        zlib.error,
        NotImplementedError,
        RuntimeError,
        ValueError,
    ) as exc:
        raise BackupInvalid(f"{shown(info.filename)} in the backup is damaged ({_short(exc)})") from exc
    if len(data) > limit:
        raise BackupInvalid(f"{shown(info.filename)} in the backup is larger than it may be")
    return data


def _read_manifest(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path) -> dict[str, Any]:
    data = _read_member(archive, info, MAX_MANIFEST_BYTES)
    depth = _json_depth(data)
    if depth > MAX_MANIFEST_DEPTH:
        raise BackupInvalid(f"the backup's manifest is nested deeper than a manifest is ({depth}+ levels)")

    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) != len(pairs):
            raise ValueError("a name appears twice")
        return result

    try:
        manifest = json.loads(data, object_pairs_hook=no_duplicates)
    except (ValueError, RecursionError, UnicodeDecodeError) as exc:
        raise BackupInvalid(f"the backup's manifest is damaged ({_short(exc)}): {shown(str(path))}") from exc
    return _valid_manifest(manifest, path)


def _json_depth(data: bytes) -> int:
    """How deeply the JSON text nests, counted up to MAX_MANIFEST_DEPTH + 1 (strings ignored),
    in a few C-speed passes: each pass removes the innermost brackets."""
    text = re.sub(rb'"(?:[^"\\]|\\.)*"', b"0", data)
    text = re.sub(rb"[^\[\]{}]", b"", text)
    depth = 0
    while text and depth <= MAX_MANIFEST_DEPTH:
        text, count = re.subn(rb"\[\]|\{\}", b"", text)
        if not count:
            break  # unbalanced: the parser says so
        depth += 1
    return depth


def _valid_manifest(manifest: Any, path: Path) -> dict[str, Any]:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupInvalid(f"not a Progress Journal backup: {shown(str(path))}")
    version = manifest.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise BackupInvalid("the backup's manifest has no valid version")
    if version > VERSION:
        raise BackupInvalid(f"the backup was made by a newer Progress Journal (backup format {version})")
    unknown = set(manifest) - _ALLOWED_KEYS
    if unknown:
        raise BackupInvalid(
            f"the backup's manifest has fields this app does not write: {_short(sorted(unknown))}"
        )
    for key in ("app_version", "created", "journal_id", "journal_name"):
        if key in manifest and not (isinstance(manifest[key], str) and len(manifest[key]) <= 1000):
            raise BackupInvalid(f"the backup's manifest has an invalid {key}")
    files = manifest.get("files")
    if not isinstance(files, dict) or DB_NAME not in files:
        raise BackupInvalid(f"the backup's manifest lists no database: {shown(str(path))}")
    for name, sha in files.items():
        _check_member_name(name)
        if name == MANIFEST:
            raise BackupInvalid("the backup's manifest lists itself")
        if not (isinstance(sha, str) and _HEX64.fullmatch(sha)):
            raise BackupInvalid(f"the backup's manifest has no valid hash for {shown(name)}")
    marks = manifest.get("damaged", {})
    if not isinstance(marks, dict) or (marks and version < 2):
        raise BackupInvalid("the backup's manifest has invalid damage marks")
    for name, mark in marks.items():
        _check_member_name(name)
        if (
            name == DB_NAME
            or not isinstance(mark, dict)
            or set(mark) != {"state", "recorded"}
            or mark["state"] not in _DAMAGE_STATES
            or not (isinstance(mark["recorded"], str) and _HEX64.fullmatch(mark["recorded"]))
        ):
            raise BackupInvalid(f"the backup's manifest has an invalid damage mark for {shown(name)}")
    return manifest


def _read_database(archive: zipfile.ZipFile, info: zipfile.ZipInfo, expected: str) -> bytes:
    data = _read_member(archive, info, MAX_DATABASE_BYTES)
    if hashlib.sha256(data).hexdigest() != expected:
        raise BackupInvalid(f"{DB_NAME} in the backup does not match its recorded hash (damaged)")
    return data


def _copy_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, expected: str, dest: Path | None) -> None:
    """Read a member once, hashing it as it is written to `dest` (None: hash only); the hash
    is checked before the caller moves anything into place."""
    digest = hashlib.sha256()
    size = 0
    out = None
    if dest is not None:
        fd = os.open(
            dest,
            os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0),
            PRIVATE_FILE,
        )
        out = os.fdopen(fd, "wb")
    try:
        try:
            with archive.open(info) as member:
                while chunk := member.read(CHUNK):
                    size += len(chunk)
                    if size > info.file_size:
                        raise BackupInvalid(f"{shown(info.filename)} in the backup is longer than it says")
                    digest.update(chunk)
                    if out is not None:
                        out.write(chunk)
        except (
            zipfile.BadZipFile,
            EOFError,
            zlib.error,
            NotImplementedError,
            RuntimeError,
            ValueError,
        ) as exc:
            raise BackupInvalid(f"{shown(info.filename)} in the backup is damaged ({_short(exc)})") from exc
        except OSError as exc:
            if out is not None and exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES):
                raise
            raise BackupInvalid(f"{shown(info.filename)} in the backup is damaged ({_short(exc)})") from exc
        if out is not None:
            out.flush()
            os.fsync(out.fileno())
    finally:
        if out is not None:
            out.close()
    if digest.hexdigest() != expected:
        raise BackupInvalid(
            f"{shown(info.filename)} in the backup does not match its recorded hash (damaged)"
        )


# ----------------------------------------------------------------- helpers


def _count(number: int, word: str) -> str:
    return f"{number} {word}" + ("" if number == 1 else "s")


def _mb(size: int) -> str:
    return f"{size / 1e6:,.0f} MB" if size >= 10_000_000 else f"{size / 1e6:.1f} MB"


def _short(value: object) -> str:
    text = str(value).strip().splitlines()[0] if str(value).strip() else type(value).__name__
    return shown(text[:160])

"""The photo library: originals on disk, one row each, never half-imported.

Import of one file (DESIGN.md, "The journal on disk"):
  1. record a pending import naming its temporary file (committed);
  2. copy the source to that file, `photos/<date>/.import-<uuid>.part`, hashing as it goes, and
     start its fsync (it runs while step 4 decodes; step 5 waits for it);
  3. refuse a duplicate (same SHA-256) or a file that does not decode to its end;
  4. write the thumbnail and preview to the private cache;
  5. record the final name and metadata in the pending record, rename the copy into place,
     fsync the folder;
  6. insert the photo row and drop the pending record in one transaction.
Every temporary file has its pending record, so `recover()` on the next open reads one small
table instead of walking every date folder: it completes an import whose file is in place
with the right hash, and otherwise deletes the temporary file and forgets the record.

Before step 1 the source is sniffed (its first bytes must be a photo format we read), so a
large file of another kind is refused without being copied; before step 4 the copy is
checked for completeness from its structure (filecheck.py), for every format.
Every path read back from the database goes through `fsutil.confined_path`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import sqlite3
import stat
import threading
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from journal.core import filecheck, rows
from journal.core.cache import PhotoCache
from journal.core.errors import (
    DiskFull,
    JournalError,
    JournalReadOnly,
    UnsafePath,
    describe_os_error,
    os_error_reason,
    shown,
)
from journal.core.fsutil import (
    ORIGINAL_FILE,
    PHOTOS_DIR,
    confined_path,
    copy_and_hash_flushing,
    fsync_dir,
    make_private_dir,
    safe_stem,
    sha256_file,
)
from journal.core.models import Angle, EventKind, ImportResult, JournalEvent, NewSession, Photo, Session
from journal.core.store import Store, now_utc

PART_SUFFIX = ".part"
# What an import records about a photo before its row exists (`_store_copy`'s payload).
_PENDING_COLUMNS = (
    "session_id",
    "angle",
    "original_name",
    "rel_path",
    "sha256",
    "size_bytes",
    "format",
    "width",
    "height",
    "orientation",
    "taken_at",
    "taken_at_from_file",
    "imported_at",
)
_WRITE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS}
ThumbnailSink = Callable[[Photo, Any], None]  # (the photo, its thumbnail: a PIL image)


class PhotoLibrary:
    def __init__(
        self,
        folder: Path,
        store: Store,
        cache: PhotoCache,
        emit: Callable[[JournalEvent], None],
    ) -> None:
        self.folder = folder
        self.photos_dir = folder / PHOTOS_DIR
        self.store = store
        self.cache = cache
        self._emit = emit
        self._claims: dict[str, threading.Event] = {}
        self._claims_lock = threading.Lock()

    def path_of(self, photo: Photo) -> Path:
        """The photo's file, confined to photos/ (UnsafePath for a path the journal never makes)."""
        return confined_path(self.folder, photo.rel_path)

    # ----------------------------------------------------------------- import

    def import_file(
        self,
        source: Path | str,
        session: Session | NewSession,
        angle: Angle,
        on_thumbnail: ThumbnailSink | None = None,
    ) -> ImportResult:
        """Import one file into `session` (a NewSession is created when the photo lands).
        Refusals are results; journal failures raise. `on_thumbnail(photo, image)` gets the
        thumbnail just made (~512 px, as shown) once the photo is in, before anyone is told:
        a window shows it without decoding it again."""
        source = Path(source)
        label = shown(str(source))  # printed one line per file: a newline in a name is escaped
        problem = _check_source(source) or _sniff(source)
        if problem:
            return ImportResult(label, "refused", reason=problem)
        mtime = source.stat().st_mtime
        date_dir = self._date_dir(session.date)
        tmp = date_dir / f".import-{os.urandom(12).hex()}{PART_SUFFIX}"
        pending_id = self.store.add_pending(
            self._rel(tmp), {"tmp": self._rel(tmp), "original_name": shown(source.name)}
        )
        imported = False
        try:
            result = self._import_via(pending_id, tmp, source, label, mtime, session, angle, on_thumbnail)
            imported = result.status == "imported"
            return result
        finally:
            tmp.unlink(missing_ok=True)
            if not imported:
                # If even this fails (the disk is gone), the next open rolls the record back.
                with contextlib.suppress(sqlite3.Error):
                    self.store.drop_pending(pending_id)

    def _import_via(
        self,
        pending_id: int,
        tmp: Path,
        source: Path,
        label: str,
        mtime: float,
        session: Session | NewSession,
        angle: Angle,
        on_thumbnail: ThumbnailSink | None,
    ) -> ImportResult:
        try:
            sha, size, flushed = self._copy_in(source, tmp)
        except _SourceError as exc:
            return ImportResult(label, "refused", reason=str(exc))
        try:
            claim = self._claim(sha)
            if claim is not None:
                return ImportResult(label, "duplicate", existing=claim)
            try:
                return self._store_copy(
                    pending_id, tmp, flushed, label, sha, size, mtime, session, angle, on_thumbnail
                )
            finally:
                with self._claims_lock:
                    self._claims.pop(sha).set()
        finally:
            # The copy's descriptor closes when its fsync ends; wait so that the temporary
            # file can be removed (Windows cannot remove an open file).
            with contextlib.suppress(OSError):
                flushed.result()

    def _rel(self, path: Path) -> str:
        return path.relative_to(self.folder).as_posix()

    def _claim(self, sha: str) -> Photo | None:
        """Reserve `sha` for this import, or return the photo that already has it.

        Two copies of one photo imported at once: the second waits for the first to land and
        is then reported as its duplicate (or imports itself if the first was refused).
        """
        while True:
            with self._claims_lock:
                existing = self.store.photo_by_hash(sha)
                if existing is not None:
                    return existing
                busy = self._claims.get(sha)
                if busy is None:
                    self._claims[sha] = threading.Event()
                    return None
            busy.wait()

    def _date_dir(self, day: dt.date) -> Path:
        try:
            return make_private_dir(self.photos_dir / day.isoformat())
        except OSError as exc:
            raise _write_error(exc, self.photos_dir) from exc

    def _copy_in(self, source: Path, tmp: Path) -> tuple[str, int, Future[None]]:
        try:
            handle = open(source, "rb")  # noqa: SIM115 - closed below, errors told apart
        except OSError as exc:
            raise _SourceError(os_error_reason(exc)) from exc
        try:
            with handle:
                return copy_and_hash_flushing(handle, tmp)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            if exc.errno in _WRITE_ERRNOS or exc.filename == str(tmp):
                raise _write_error(exc, tmp.parent) from exc
            raise _SourceError(f"could not be read ({os_error_reason(exc)})") from exc

    def _store_copy(
        self,
        pending_id: int,
        tmp: Path,
        flushed: Future[None],
        label: str,
        sha: str,
        size: int,
        mtime: float,
        session: Session | NewSession,
        angle: Angle,
        on_thumbnail: ThumbnailSink | None = None,
    ) -> ImportResult:
        from journal.core import imaging  # Pillow loads on the first import, not when a journal opens

        missing = filecheck.missing_part(tmp)
        if missing:
            return ImportResult(label, "refused", reason=missing)
        try:
            derived = imaging.make_derivatives(tmp, with_preview=True, checked_whole=True)
        except imaging.ImageRefused as exc:
            return ImportResult(label, "refused", reason=str(exc))
        info = derived.info
        try:
            self.cache.save_thumbnail(sha, derived.thumbnail)
            if derived.preview is not None:
                self.cache.save_preview(sha, derived.preview)
        except OSError as exc:
            raise _write_error(exc, self.cache.root) from exc

        taken_at, from_file = info.taken_at, False
        if taken_at is None:
            taken_at = _file_time(mtime)
            from_file = taken_at is not None
        final = self._final_path(tmp.parent, angle, label, sha, imaging.EXTENSIONS[info.format])
        rel_path = final.relative_to(self.folder).as_posix()
        landing = session.land() if isinstance(session, NewSession) else session
        payload: dict[str, Any] = {
            "session_id": landing.id,
            "angle": angle.value,
            "original_name": Path(label).name,
            "rel_path": rel_path,
            "sha256": sha,
            "size_bytes": size,
            "format": info.format,
            "width": info.width,
            "height": info.height,
            "orientation": info.orientation,
            "taken_at": taken_at.isoformat() if taken_at else None,
            "taken_at_from_file": int(from_file),
            "imported_at": now_utc().isoformat(),
        }
        self.store.update_pending(pending_id, rel_path, payload | {"tmp": self._rel(tmp)})
        try:
            flushed.result()  # the copy is on disk (its fsync ran while the photo was decoded)
            os.chmod(tmp, ORIGINAL_FILE)
            os.replace(tmp, final)
            fsync_dir(final.parent)
        except OSError as exc:
            raise _write_error(exc, final) from exc
        photo_id = self.store.complete_pending(pending_id, payload)
        photo = self.store.photo(photo_id)
        if on_thumbnail is not None:
            on_thumbnail(photo, derived.thumbnail)
        self._emit(JournalEvent(EventKind.PHOTO_ADDED, photo.session_id, photo.id))
        return ImportResult(label, "imported", photo=photo)

    def _final_path(self, folder: Path, angle: Angle, name: str, sha: str, ext: str) -> Path:
        stem = f"{angle.value}-{safe_stem(name)}-{sha[:8]}"
        candidate = folder / f"{stem}{ext}"
        number = 2
        taken = self.store.all_rel_paths() if candidate.exists() else set()
        while candidate.exists() or candidate.relative_to(self.folder).as_posix() in taken:
            candidate = folder / f"{stem}-{number}{ext}"
            number += 1
        return candidate

    # ----------------------------------------------------------------- adoption (verify --repair)

    def adopt_file(self, path: Path, session: Session, angle: Angle) -> Photo:
        """Record a file that already sits under photos/ (no copy). Raises ImageRefused."""
        from journal.core import imaging

        rel_path = path.relative_to(self.folder).as_posix()
        confined_path(self.folder, rel_path)  # a name the journal can keep, no link on the way
        missing = filecheck.missing_part(path)
        if missing:
            raise imaging.ImageRefused(missing)
        sha = sha256_file(path)
        derived = imaging.make_derivatives(path, with_preview=True)
        self.cache.save_thumbnail(sha, derived.thumbnail)
        if derived.preview is not None:
            self.cache.save_preview(sha, derived.preview)
        info = derived.info
        taken_at, from_file = info.taken_at, False
        if taken_at is None:
            taken_at = _file_time(path.stat().st_mtime)
            from_file = taken_at is not None
        payload: dict[str, Any] = {
            "session_id": session.id,
            "angle": angle.value,
            "original_name": shown(path.name),
            "rel_path": rel_path,
            "sha256": sha,
            "size_bytes": path.stat().st_size,
            "format": info.format,
            "width": info.width,
            "height": info.height,
            "orientation": info.orientation,
            "taken_at": taken_at.isoformat() if taken_at else None,
            "taken_at_from_file": int(from_file),
            "imported_at": now_utc().isoformat(),
        }
        pending_id = self.store.add_pending(rel_path, payload)
        photo = self.store.photo(self.store.complete_pending(pending_id, payload))
        self._emit(JournalEvent(EventKind.PHOTO_ADDED, photo.session_id, photo.id))
        return photo

    # ----------------------------------------------------------------- crash recovery

    def recover(self) -> list[str]:
        """Finish or roll back what a crash interrupted. Returns one line per action.

        The paths come from the database, so they are confined: a record whose path is not
        one an import makes is damage, dropped and reported, and no file is touched for it.
        """
        actions: list[str] = []
        for pending_id, rel_path, payload in self.store.pending():
            try:
                tmp_rel, tmp_path, final = self._pending_paths(rel_path, payload)
            except UnsafePath as exc:
                self.store.drop_pending(pending_id)
                actions.append(f"dropped a damaged import record, no file touched ({exc})")
                continue
            if tmp_path is not None and tmp_path.exists():
                tmp_path.unlink()
                actions.append(f"removed an unfinished copy: {tmp_rel}")
            sha = str(payload.get("sha256") or "")
            in_place = bool(sha) and rel_path != tmp_rel and final.is_file() and sha256_file(final) == sha
            if in_place and self.store.photo_by_hash(sha) is None:
                columns = {k: payload[k] for k in _PENDING_COLUMNS if k in payload}
                problem = rows.row_problem("photo", list(columns), list(columns.values()))
                if problem is None and set(columns) != set(_PENDING_COLUMNS):
                    problem = "some of the photo's facts are missing"
                if problem is None:
                    try:
                        self.store.complete_pending(pending_id, columns)
                    except sqlite3.IntegrityError as exc:
                        problem = str(exc)
                if problem is not None:
                    self.store.drop_pending(pending_id)
                    actions.append(
                        f"dropped a damaged import record ({problem}); {rel_path} is left for verify"
                    )
                    continue
                actions.append(f"completed an interrupted import: {rel_path}")
                continue
            self.store.drop_pending(pending_id)
            if not (sha and final.is_file()):
                name = payload.get("original_name", rel_path)
                actions.append(f"rolled back an interrupted import: {shown(str(name))}")
        return actions

    def _pending_paths(self, rel_path: str, payload: Any) -> tuple[str, Path | None, Path]:
        if not isinstance(payload, dict):
            raise UnsafePath("an import record that is not one the journal writes")
        tmp = payload.get("tmp")
        tmp_path = confined_path(self.folder, tmp, temporary=True) if tmp else None
        if rel_path == tmp:
            return str(tmp), tmp_path, confined_path(self.folder, rel_path, temporary=True)
        final = confined_path(self.folder, rel_path)
        if payload.get("rel_path", rel_path) != rel_path:
            raise UnsafePath("an import record whose two paths disagree")
        return str(tmp or ""), tmp_path, final

    # ----------------------------------------------------------------- changed on disk

    def accept_changed(self, photo: Photo) -> Photo:
        """Record a photo's current content as its original (the user confirmed it).

        Used when a photo changed on disk and the change is wanted (an edit made on purpose):
        its hash, size and picture facts are read again, so `verify` and `backup` accept it.
        Raises ImageRefused when the file is no longer a whole photo we read, and JournalError
        when it is now identical to another photo of the journal.
        """
        from journal.core import imaging

        path = self.path_of(photo)
        if not path.is_file():
            raise JournalError(f"{photo.rel_path} is missing; there is no new content to accept")
        missing = filecheck.missing_part(path)
        if missing:
            raise imaging.ImageRefused(missing)
        sha = sha256_file(path)
        if sha == photo.sha256:
            return photo
        other = self.store.photo_by_hash(sha)
        if other is not None:
            raise JournalError(f"{photo.rel_path} is now identical to {other.rel_path}; not accepted")
        derived = imaging.make_derivatives(path, with_preview=True)
        self.cache.save_thumbnail(sha, derived.thumbnail)
        if derived.preview is not None:
            self.cache.save_preview(sha, derived.preview)
        info = derived.info
        self.store.update_photo(
            photo.id,
            {
                "sha256": sha,
                "size_bytes": path.stat().st_size,
                "format": info.format,
                "width": info.width,
                "height": info.height,
                "orientation": info.orientation,
            },
        )
        self.cache.forget(photo.sha256)
        changed = self.store.photo(photo.id)
        self._emit(JournalEvent(EventKind.PHOTO_CHANGED, changed.session_id, changed.id, ("sha256",)))
        return changed


def _file_time(mtime: float) -> dt.datetime | None:
    """A file's modification time as a capture time; None when it is not a real date (a
    file system can hold years past 9999, or before 1)."""
    try:
        return dt.datetime.fromtimestamp(mtime).replace(microsecond=0)
    except (ValueError, OverflowError, OSError):
        return None


def _sniff(source: Path) -> str:
    """Refuse, before copying a byte, a file whose first bytes are no photo format we read."""
    try:
        with open(source, "rb") as handle:
            head = handle.read(filecheck.HEAD_BYTES)
    except OSError as exc:
        return f"cannot be read ({os_error_reason(exc)})"
    if filecheck.sniff(head):
        return ""
    other = filecheck.other_image(head)
    return (
        f"unsupported image format ({other})"
        if other
        else "not an image, or a format Progress Journal cannot read"
    )


class _SourceError(Exception):
    """The file to import could not be read; the message is the reason."""


def _check_source(source: Path) -> str:
    try:
        info = source.stat()
    except FileNotFoundError:
        return "no such file"
    except PermissionError:
        return "permission denied"
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if stat.S_ISDIR(info.st_mode):
        return "is a folder, not a photo"
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file"
    if info.st_size == 0:
        return "empty file (0 bytes)"
    if not os.access(source, os.R_OK):
        return "permission denied"
    return ""


def _write_error(exc: OSError, where: Path) -> JournalError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFull(f"disk is full: nothing was half-written, but {where} has no room")
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return JournalReadOnly(f"the journal folder cannot be written: {describe_os_error(exc, where)}")
    return JournalError(describe_os_error(exc, where))

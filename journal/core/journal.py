"""A journal folder, opened: the one object the CLI and the GUI talk to.

It owns the lock, the store and the photo library, runs migrations and crash recovery on
open, and reports every change to subscribers through plain callbacks (no Qt here).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import asdict, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journal.core import dbbackups
from journal.core.cache import PhotoCache
from journal.core.dbcheck import database_is_empty
from journal.core.errors import (
    JournalCorrupt,
    JournalError,
    JournalNotFound,
    JournalReadOnly,
    NotAJournal,
    NotFound,
    UnsafePath,
    as_journal_error,
    is_damage,
    shown,
)
from journal.core.fsutil import PHOTOS_DIR, make_private_dir, unlink_original
from journal.core.library import PhotoLibrary
from journal.core.lock import JournalLock
from journal.core.migrations import LATEST_VERSION
from journal.core.models import (
    Angle,
    EventKind,
    ImportResult,
    JournalEvent,
    JournalSettings,
    Kind,
    NewSession,
    Photo,
    Session,
    SessionSummary,
    TrashContents,
    clean_session_value,
)
from journal.core.store import DB_NAME, Store, now_utc
from journal.core.turn import Turn

if TYPE_CHECKING:
    from journal.core.regions import RednessRegions, RegionSet  # numpy loads when regions are used

Listener = Callable[[JournalEvent], None]


def is_journal(folder: Path) -> bool:
    return (folder / DB_NAME).is_file()


class Journal:
    def __init__(self, folder: Path, store: Store, lock: JournalLock | None, cache_root: Path) -> None:
        self.folder = folder
        self._store = store
        self._lock = lock
        self._listeners: list[Listener] = []
        self._summaries_ahead: list[SessionSummary] | None = None
        self._listeners_lock = threading.Lock()
        settings, raw = store.load_settings()
        self._settings = settings
        journal_id = raw.get("journal_id")
        if not journal_id:
            import hashlib  # a journal made before journal_id was stored (hashlib loads OpenSSL: 2 ms)

            journal_id = hashlib.sha256(folder.resolve().as_uri().encode()).hexdigest()[:32]
        self.id: str = str(journal_id)
        self.cache = PhotoCache(cache_root / self.id)
        self.library = PhotoLibrary(folder, store, self.cache, self._emit)
        self.recovery_actions: list[str] = []

    # ----------------------------------------------------------------- open / create / close

    @classmethod
    def create(cls, folder: Path, settings: JournalSettings, cache_root: Path) -> Journal:
        """Make a new journal in an empty (or new) folder and open it for writing."""
        settings = settings.validated()
        folder = Path(folder)
        if is_journal(folder) and not database_is_empty(folder / DB_NAME):
            raise JournalError(f"there is already a journal in {shown(str(folder))}")
        if _holds_files(folder / PHOTOS_DIR) or dbbackups.list_backups(folder):
            # A journal whose database went missing or empty: a new schema here would turn
            # every photo into an "unknown file". Its copies in backups/ or a backup zip bring
            # it back instead.
            raise JournalError(
                f"{shown(str(folder))} already holds a journal's photos or database copies; "
                "restore its database instead of creating a new journal there"
            )
        try:
            make_private_dir(folder, tighten=True)
            make_private_dir(folder / "photos")
        except OSError as exc:
            raise as_journal_error(exc, folder) from exc
        lock = JournalLock(folder)
        lock.acquire()
        try:
            store = Store.open(folder / DB_NAME)
            (folder / DB_NAME).chmod(0o600)
            store.migrate(lambda old, new: None)
            values = asdict(settings)
            values["journal_id"] = os.urandom(16).hex()
            values["created_at"] = now_utc().isoformat()
            store.save_settings(values)
        except sqlite3.Error as exc:
            lock.release()
            raise as_journal_error(exc, folder) from exc
        except BaseException:
            lock.release()
            raise
        return cls(folder, store, lock, cache_root)

    @classmethod
    def open(
        cls,
        folder: Path,
        cache_root: Path,
        read_only: bool = False,
        today: dt.date | None = None,
    ) -> Journal:
        folder = Path(folder)
        if not folder.exists():
            raise JournalNotFound(f"journal folder not found: {folder}")
        if not folder.is_dir():
            raise JournalNotFound(f"not a folder: {folder}")
        if not os.access(folder, os.R_OK | os.X_OK):
            raise JournalNotFound(f"journal folder cannot be read (permission denied): {folder}")
        if not is_journal(folder):
            if _holds_files(folder / PHOTOS_DIR) or dbbackups.list_backups(folder):
                raise JournalCorrupt(folder, "the database file is missing", dbbackups.usable_backups(folder))
            raise NotAJournal(
                f"no journal in {shown(str(folder))} (create one in the app or with `progress-journal init`)"
            )
        lock = None
        if not read_only:
            lock = JournalLock(folder)
            lock.acquire()
        try:
            if not read_only:
                _probe_writable(folder)
            try:
                if (folder / DB_NAME).stat().st_size == 0:
                    raise JournalCorrupt(folder, "the database file is empty (0 bytes)", [])
                store = Store.open(folder / DB_NAME, read_only=read_only)
            except JournalCorrupt as exc:
                raise JournalCorrupt(folder, exc.reason, dbbackups.usable_backups(folder)) from exc
            except OSError as exc:
                raise as_journal_error(exc, folder / DB_NAME) from exc
            journal = cls._finish_open(folder, store, lock, cache_root, today or dt.date.today())
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        return journal

    @classmethod
    def _finish_open(
        cls, folder: Path, store: Store, lock: JournalLock | None, cache_root: Path, today: dt.date
    ) -> Journal:
        try:
            if store.version == 0:  # only `create` makes a schema: an empty database is damage
                raise JournalCorrupt(folder, store.schema_problems()[0], dbbackups.usable_backups(folder))
            if not store.read_only:

                def backup_first(old: int, new: int) -> None:
                    dbbackups.migration_backup(store, folder, old, new, dt.datetime.now())

                store.migrate(backup_first)
            problems = store.schema_problems() if store.version <= LATEST_VERSION else []
            if problems:
                raise JournalCorrupt(folder, problems[0], dbbackups.usable_backups(folder))
            try:
                journal = cls(folder, store, lock, cache_root)
            except ValueError as exc:  # a setting the app cannot read
                raise JournalCorrupt(folder, str(exc), dbbackups.usable_backups(folder)) from exc
            if not store.read_only:
                journal.recovery_actions = journal.library.recover()
                dbbackups.daily_backup(store, folder, today)
        except sqlite3.Error as exc:
            store.close()
            if is_damage(exc):
                raise JournalCorrupt(folder, str(exc), dbbackups.usable_backups(folder)) from exc
            raise as_journal_error(exc, folder) from exc
        except OSError as exc:
            store.close()
            raise as_journal_error(exc, folder) from exc
        except BaseException:
            store.close()
            raise
        return journal

    def close(self) -> None:
        self._store.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def read_only(self) -> bool:
        return self._store.read_only

    @property
    def store(self) -> Store:
        return self._store

    # ----------------------------------------------------------------- events

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        with self._listeners_lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._listeners_lock, contextlib.suppress(ValueError):
                self._listeners.remove(listener)

        return unsubscribe

    def _emit(self, event: JournalEvent) -> None:
        self._summaries_ahead = None  # read before this change: no longer what the journal holds
        with self._listeners_lock:
            listeners = list(self._listeners)
        for listener in listeners:
            listener(event)

    def _writable(self) -> None:
        if self.read_only:
            raise JournalReadOnly("this journal is open read-only")

    # ----------------------------------------------------------------- settings

    @property
    def settings(self) -> JournalSettings:
        return self._settings

    def update_settings(self, **changes: Any) -> JournalSettings:
        self._writable()
        new = replace(self._settings, **changes).validated()
        self._write(lambda: self._store.save_settings({k: getattr(new, k) for k in changes}))
        self._settings = new
        self._emit(JournalEvent(EventKind.SETTINGS_CHANGED, fields=tuple(changes)))
        return new

    def redness_regions(self) -> RednessRegions:
        """The redness regions of every angle (journal/core/regions.py); none until set."""
        from journal.core.regions import SETTING_KEY, parse_regions

        value = self._store.load_settings()[1].get(SETTING_KEY)
        try:
            return parse_regions(value)
        except ValueError as exc:
            raise JournalError(f"the stored redness regions cannot be read ({exc}); set them again") from exc

    def set_redness_regions(self, angle: Angle | str, regions: RegionSet) -> RegionSet:
        """Store one angle's regions (empty: remove them). Returns the previous ones, for undo."""
        from journal.core.regions import SETTING_KEY, RednessRegions

        self._writable()
        try:
            current = self.redness_regions()
        except JournalError:
            current = RednessRegions()  # a damaged value is replaced, not kept
        angle = Angle(angle)
        new = current.with_angle(angle, regions)
        self._write(lambda: self._store.save_settings({SETTING_KEY: new.to_json()}))
        self._emit(JournalEvent(EventKind.SETTINGS_CHANGED, fields=(SETTING_KEY,)))
        return current.of(angle)

    # ----------------------------------------------------------------- sessions

    def sessions(self) -> list[Session]:
        """Sessions not in the trash, oldest first."""
        return self._store.sessions()

    def has_sessions(self) -> bool:
        return self._store.has_sessions()

    def session_summaries(self) -> list[SessionSummary]:
        ahead = self._summaries_ahead
        return list(ahead) if ahead is not None else self._store.session_summaries()

    def read_summaries_ahead(self) -> None:
        """Read the session summaries now (in the worker that opens the journal, where a row
        that cannot be read raises DamagedRow before anything is shown); `session_summaries`
        returns them (the timeline's rows, the reminders' schedule) until the journal changes
        or `summaries_shown` is called."""
        self._summaries_ahead = self._store.session_summaries()

    def summaries_shown(self) -> None:
        """Everything that shows the summaries read ahead has them: from now on
        `session_summaries` reads the journal again (another program may change it)."""
        self._summaries_ahead = None

    def earlier_values(self, field: str) -> list[str]:
        """What was typed before in a free-text session field (device, product, ...)."""
        return self._store.distinct_values(field)

    def session_summary(self, session_id: int) -> SessionSummary:
        return self._store.session_summary(session_id)

    def session(self, session_id: int) -> Session:
        return self._store.session(session_id)

    def add_session(self, date: dt.date, kind: Kind | str = Kind.TREATMENT, **fields: Any) -> Session:
        self._writable()
        values = {"date": clean_session_value("date", date), "kind": Kind(kind)}
        values |= {name: clean_session_value(name, value) for name, value in fields.items()}
        session_id = self._write(lambda: self._store.insert_session(values))
        self._emit(JournalEvent(EventKind.SESSION_ADDED, session_id))
        return self._store.session(session_id)

    def update_session(self, session_id: int, **changes: Any) -> Session:
        self._writable()
        values = {name: clean_session_value(name, value) for name, value in changes.items()}
        if values:
            self._write(lambda: self._store.update_session(session_id, values))
            self._emit(JournalEvent(EventKind.SESSION_CHANGED, session_id, fields=tuple(values)))
        return self._store.session(session_id)

    def find_or_add_session(self, date: dt.date, kind: Kind | str = Kind.TREATMENT) -> Session:
        return self.find_session(date, kind) or self.add_session(date, kind)

    def find_session(self, date: dt.date, kind: Kind | str = Kind.TREATMENT) -> Session | None:
        """The first session of that date and kind (not in the trash), if there is one."""
        for session in self.sessions():
            if session.date == date and session.kind is Kind(kind):
                return session
        return None

    def new_session(self, date: dt.date, kind: Kind | str = Kind.TREATMENT, **fields: Any) -> NewSession:
        """A session to import into that is only created when the first photo lands.

        The values are checked now (ValueError), so a bad one is said before any import runs.
        """
        self._writable()
        clean_session_value("date", date)
        values = {name: clean_session_value(name, value) for name, value in fields.items()}
        return NewSession(date, Kind(kind), lambda: self.add_session(date, kind, **values))

    def import_target(self, date: dt.date, kind: Kind | str = Kind.TREATMENT) -> int | NewSession:
        """Where an import "into the session of this date" goes: that session if it exists, else
        one created when the first photo lands."""
        found = self.find_session(date, kind)
        return found.id if found is not None else self.new_session(date, kind)

    # ----------------------------------------------------------------- photos

    def photos(self, session_id: int | None = None) -> list[Photo]:
        return self._store.photos(session_id)

    def photo(self, photo_id: int) -> Photo:
        return self._store.photo(photo_id)

    def first_photos(self, angle: Angle) -> dict[int, Photo]:
        """The photo that stands for each session at `angle` (course.first_photos, read as such)."""
        return self._store.first_photos(angle.value)

    def photos_unchecked_for_eyes(self) -> list[int]:
        """The ids of the photos whose eyes were never looked for, oldest session first."""
        return self._store.photo_ids_unchecked_for_eyes()

    def photo_path(self, photo: Photo) -> Path:
        return self.library.path_of(photo)

    def thumbnail_file(self, photo: Photo) -> Path:
        """The photo's ~512 px thumbnail as it is shown (turned as the user chose), made now
        if the cache lacks it. Raises ImageRefused when the original cannot be decoded."""
        return self.cache.ensure_thumbnail(photo.sha256, self.photo_path(photo), photo.turn)

    def preview_file(self, photo: Photo) -> Path:
        """The photo's ~2048 px preview as it is shown, made now if the cache lacks it."""
        return self.cache.ensure_preview(photo.sha256, self.photo_path(photo), photo.turn)

    def import_file(
        self,
        source: Path | str,
        session_id: int | NewSession,
        angle: Angle | str = Angle.OTHER,
        on_thumbnail: Callable[[Photo, Any], None] | None = None,
    ) -> ImportResult:
        """Import one file into a session, or into a NewSession (created when a photo lands).
        `on_thumbnail(photo, image)`: see PhotoLibrary.import_file."""
        self._writable()
        target: Session | NewSession = (
            session_id if isinstance(session_id, NewSession) else self._store.session(session_id)
        )
        if isinstance(target, NewSession) and target.session is not None:
            target = self._store.session(target.session.id)
        if isinstance(target, Session) and target.deleted_at is not None:
            raise NotFound("that session is in the trash")
        try:
            return self.library.import_file(source, target, Angle(angle), on_thumbnail)
        except (sqlite3.Error, OSError) as exc:
            raise as_journal_error(exc, self.folder) from exc

    def set_photo_angle(self, photo_id: int, angle: Angle | str) -> Photo:
        return self._update_photo(photo_id, angle=Angle(angle).value)

    def set_photo_angles(self, angles: dict[int, Angle]) -> dict[int, Angle]:
        """Give several photos their angles at once (one write, so one undo step). Returns
        each photo's angle before, which is what undo passes back."""
        self._writable()
        before = {photo_id: self._store.photo(photo_id).angle for photo_id in angles}
        changes = {photo_id: {"angle": Angle(angle).value} for photo_id, angle in angles.items()}
        self._write(lambda: self._store.update_photos(changes))
        for photo_id in angles:
            photo = self._store.photo(photo_id)
            self._emit(JournalEvent(EventKind.PHOTO_CHANGED, photo.session_id, photo_id, ("angle",)))
        return before

    def set_photo_turn(self, photo_id: int, turn: Turn) -> Turn:
        """Show a photo turned or mirrored (the original stays as it is). Returns the turn it
        had, which is what undo passes back.

        Eye points stay on the eyes: they are moved with the picture. A photo on which none
        were found is looked at again, since a face on its side is why none were found.
        """
        self._writable()
        photo = self._store.photo(photo_id)
        if turn == photo.turn:
            return photo.turn
        step = photo.turn.inverse().then(turn)
        values: dict[str, Any] = {"turn": turn.exif}
        if photo.eyes is not None:
            left, right = sorted(
                (step.map_normalised(photo.eyes.left), step.map_normalised(photo.eyes.right))
            )
            values |= {
                "eye_left_x": left[0],
                "eye_left_y": left[1],
                "eye_right_x": right[0],
                "eye_right_y": right[1],
            }
        elif photo.eyes_checked:
            values["eyes_checked"] = 0
        self._update_photo(photo_id, **values)
        return photo.turn

    def set_photo_note(self, photo_id: int, note: str) -> Photo:
        return self._update_photo(photo_id, note=note)

    def set_eye_points(
        self,
        photo_id: int,
        left: tuple[float, float] | None,
        right: tuple[float, float] | None,
        source: str,
        reason: str | None = None,
    ) -> Photo:
        """Store eye centres (normalised to the upright photo); None, None records "none found",
        and `reason` why (a journal.core.eyes.Reason value)."""
        values: dict[str, Any] = {"eyes_checked": 1}
        if left is None or right is None:
            values |= {
                "eye_left_x": None,
                "eye_left_y": None,
                "eye_right_x": None,
                "eye_right_y": None,
                "eyes_source": None,
                "eyes_reason": reason,
            }
        else:
            values |= {
                "eye_left_x": left[0],
                "eye_left_y": left[1],
                "eye_right_x": right[0],
                "eye_right_y": right[1],
                "eyes_source": source,
                "eyes_reason": None,
            }
        return self._update_photo(photo_id, **values)

    def marked_photos(self) -> dict[tuple[int, Angle], int]:
        """(session id, angle) -> the photo id the user marked as the session's photo for it."""
        return self._store.marked_photos()

    def mark_session_photo(self, session_id: int, angle: Angle | str, photo_id: int | None) -> int | None:
        """Mark `photo_id` as the session's photo for `angle` (None: no mark, the angle's first
        photo stands for the session). Returns the previous mark, for undo."""
        self._writable()
        angle = Angle(angle)
        session = self._store.session(session_id)
        if photo_id is not None:
            photo = self._store.photo(photo_id)
            if photo.session_id != session.id:
                raise JournalError("that photo belongs to another session")
            if photo.angle is not angle:
                raise JournalError(f"that photo is a {photo.angle.value} photo, not {angle.value}")
        previous: int | None = self._write(lambda: self._store.set_marked_photo(session.id, angle, photo_id))
        if previous != photo_id:
            self._emit(JournalEvent(EventKind.SESSION_CHANGED, session.id, fields=("marked_photo",)))
        return previous

    def _update_photo(self, photo_id: int, **values: Any) -> Photo:
        self._writable()
        self._write(lambda: self._store.update_photo(photo_id, values))
        photo = self._store.photo(photo_id)
        self._emit(JournalEvent(EventKind.PHOTO_CHANGED, photo.session_id, photo_id, tuple(values)))
        return photo

    # ----------------------------------------------------------------- trash

    def trash_photo(self, photo_id: int) -> None:
        self._writable()
        photo = self._store.photo(photo_id)
        self._write(lambda: self._store.set_photos_deleted([photo_id], _trash_stamp()))
        self._emit(JournalEvent(EventKind.PHOTO_REMOVED, photo.session_id, photo_id))

    def restore_photo(self, photo_id: int) -> Photo:
        self._writable()
        photo = self._store.photo(photo_id)
        session = self._store.session(photo.session_id)
        if session.deleted_at is not None:
            self.restore_session(session.id)
        self._write(lambda: self._store.set_photos_deleted([photo_id], None))
        self._emit(JournalEvent(EventKind.PHOTO_ADDED, photo.session_id, photo_id))
        return self._store.photo(photo_id)

    def trash_session(self, session_id: int) -> None:
        """Move a session and its photos to the trash (files stay until the trash is emptied)."""
        self._writable()
        when = _trash_stamp()
        self._write(lambda: self._store.set_session_deleted(session_id, when))
        self._emit(JournalEvent(EventKind.SESSION_REMOVED, session_id))

    def restore_session(self, session_id: int) -> Session:
        """Bring a session back, with the photos that went to the trash with it."""
        self._writable()
        session = self._store.session(session_id)
        if session.deleted_at is None:
            return session
        self._write(lambda: self._store.restore_session(session_id, session.deleted_at))
        self._emit(JournalEvent(EventKind.SESSION_ADDED, session_id))
        return self._store.session(session_id)

    def trash(self) -> TrashContents:
        sessions = self._store.sessions(deleted=True)
        trashed_sessions = {s.id for s in sessions}
        photos = [p for p in self._store.photos(deleted=True) if p.session_id not in trashed_sessions]
        return TrashContents(sessions, photos)

    def empty_trash(self) -> int:
        """Delete the trashed photos' files and rows for good. Returns how many photos went."""
        from journal.core.measurement_cache import forget_measurements

        self._writable()
        doomed = []
        for photo in self._store.photos(deleted=True):
            try:
                path = self.library.path_of(photo)
            except UnsafePath:
                continue  # damage (verify reports it): never delete through such a path
            unlink_original(path)
            self.cache.forget(photo.sha256)
            forget_measurements(self.cache.root, photo.sha256)
            doomed.append(photo)
        kept = {p.session_id for p in self._store.photos(deleted=True)} - {p.session_id for p in doomed}
        sessions = [s for s in self._store.sessions(deleted=True) if s.id not in kept]
        self._write(lambda: self._store.purge([p.id for p in doomed], [s.id for s in sessions]))
        self._emit(JournalEvent(EventKind.TRASH_EMPTIED))
        return len(doomed)

    # ----------------------------------------------------------------- helpers

    def _write(self, action: Callable[[], Any]) -> Any:
        try:
            return action()
        except (sqlite3.Error, OSError) as exc:
            if isinstance(exc, sqlite3.IntegrityError):
                raise
            raise as_journal_error(exc, self.folder) from exc


def _trash_stamp() -> dt.datetime:
    """When something went to the trash; to the microsecond, since restoring a session brings
    back exactly the photos that share its stamp (not those deleted on their own before)."""
    return dt.datetime.now(dt.UTC)


def _holds_files(folder: Path) -> bool:
    try:
        return any(folder.iterdir())
    except OSError:
        return False


def _probe_writable(folder: Path) -> None:
    """Fail early, with a clear message, when the journal folder cannot take a write."""
    probe = folder / f".write-test-{os.getpid()}"
    try:
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise JournalReadOnly(
            f"the journal folder is read-only ({exc.strerror or exc}); open it read-only to view it: {folder}"
        ) from exc

"""The SQLite store: one connection, WAL, foreign keys, numbered migrations.

Only this module writes SQL. It is thread-safe: every write goes through one connection behind
a lock. Reads outside a write use a connection of their own thread: with WAL, a reader never
waits for a writer, so the GUI thread reading a session while an import worker commits (a
synchronous=FULL commit: an fsync) is not held up by that commit. A thread inside a write
reads through the writing connection, so it sees what it wrote.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from journal.core import rows
from journal.core.dbcheck import database_problems, row_problems, schema_problems, split_sql
from journal.core.errors import (
    JournalCorrupt,
    JournalTooNew,
    NotFound,
    as_journal_error,
    is_damage,
)
from journal.core.fsutil import JOURNAL_DB
from journal.core.migrations import LATEST_VERSION, MIGRATIONS
from journal.core.models import (
    Angle,
    JournalSettings,
    Photo,
    Session,
    SessionSummary,
)
from journal.core.store_rows import (
    PHOTO_COLUMNS,
    SESSION_COLUMNS,
    iso,
    photo_from_row,
    session_from_row,
    to_db,
)

DB_NAME = JOURNAL_DB

_SESSION_DB_NAMES = {"date": "session_date"}
# Columns later migrations added, and what a journal opened read-only before its upgrade (which
# only a writer runs) reads in their place.
_ADDED_PHOTO_COLUMNS = {"turn": "1", "eyes_reason": "NULL"}


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def connect(path: Path, read_only: bool = False) -> sqlite3.Connection:
    """Open the database with the journal's pragmas (WAL, foreign keys, full sync)."""
    if read_only:
        uri = path.resolve().as_uri() + "?mode=ro"
        try:
            conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA schema_version").fetchone()
        except sqlite3.OperationalError:
            # A read-only folder without the WAL side files: SQLite can only read it as immutable.
            uri = path.resolve().as_uri() + "?immutable=1"
            conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    else:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        # FULL: a committed photo row survives a power cut, not only a crash (cheap at our rates).
        conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=5000")
    return conn


class Store:
    def __init__(self, conn: sqlite3.Connection, path: Path, read_only: bool = False) -> None:
        self._conn = conn
        self.path = path
        self.read_only = read_only
        self._lock = threading.RLock()
        self._photo_select: str | None = None
        self._local = threading.local()  # .reader: this thread's connection for reads
        self._readers: list[sqlite3.Connection] = []
        self._readers_lock = threading.Lock()
        self._writer: int | None = None  # the thread inside a write transaction
        self._closed = False

    # ----------------------------------------------------------------- lifecycle

    @classmethod
    def open(cls, path: Path, read_only: bool = False) -> Store:
        """Open and quick-check the database. JournalCorrupt only when the file itself is bad:
        a full disk, a lock or a permission problem raise what they are (`as_journal_error`)."""
        conn = None
        try:
            conn = connect(path, read_only)
            row = conn.execute("PRAGMA quick_check").fetchone()
        except sqlite3.Error as exc:
            if conn is not None:
                conn.close()
            if is_damage(exc):
                raise JournalCorrupt(path.parent, str(exc), []) from exc
            raise as_journal_error(exc, path.parent) from exc
        if row is None or row[0] != "ok":
            conn.close()
            raise JournalCorrupt(path.parent, str(row[0]) if row else "no answer", [])
        return cls(conn, path, read_only)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            with self._readers_lock:
                readers, self._readers = self._readers, []
            for reader in readers:
                with contextlib.suppress(sqlite3.Error):
                    reader.close()
            with contextlib.suppress(sqlite3.Error):
                if not self.read_only:
                    self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self._conn.close()

    @property
    def version(self) -> int:
        with self._lock:
            return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self, before: Callable[[int, int], None]) -> bool:
        """Bring the schema to the latest version; `before(old, new)` runs first (a backup)."""
        current = self.version
        if current > LATEST_VERSION:
            raise JournalTooNew(
                f"this journal was written by a newer Progress Journal (schema {current}, "
                f"this version knows up to {LATEST_VERSION})"
            )
        if current == LATEST_VERSION:
            return False
        if current > 0:
            before(current, LATEST_VERSION)
        self._photo_select = None
        for number in range(current + 1, LATEST_VERSION + 1):
            with self.transaction() as conn:
                for statement in split_sql(MIGRATIONS[number - 1]):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version={number}")
        self._columns = None
        return True

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            outer, self._writer = self._writer, threading.get_ident()
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    yield self._conn
                except BaseException:
                    with contextlib.suppress(sqlite3.Error):
                        self._conn.execute("ROLLBACK")
                    raise
                self._conn.execute("COMMIT")
            finally:
                self._writer = outer

    def _photo_columns(self) -> str:
        """The photo columns to select: the latest schema's, with stand-ins for columns an
        older journal opened read-only does not have yet."""
        if self._photo_select is None:
            have = {str(row[1]) for row in self._query("PRAGMA table_info(photo)")}
            select = PHOTO_COLUMNS
            for column, default in _ADDED_PHOTO_COLUMNS.items():
                if have and column not in have:
                    select = select.replace(f", {column}", f", {default} AS {column}")
            self._photo_select = select
        return self._photo_select

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        reader = self._reader()
        if reader is None:
            with self._lock:
                cursor = self._conn.execute(sql, params)
                return list(cursor.fetchall())
        return list(reader.execute(sql, params).fetchall())

    def _reader(self) -> sqlite3.Connection | None:
        """This thread's connection for reads; None where reads go through the main one (a
        read-only journal has no writer to wait for; a thread inside a write reads its writes)."""
        if self.read_only or self._closed or self._writer == threading.get_ident():
            return None
        reader: sqlite3.Connection | None = getattr(self._local, "reader", None)
        if reader is None:
            reader = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            reader.execute("PRAGMA query_only=ON")
            reader.execute("PRAGMA busy_timeout=5000")
            with self._readers_lock:
                if self._closed:
                    reader.close()
                    return None
                self._readers.append(reader)
            self._local.reader = reader
        return reader

    def backup_to(self, target: Path) -> None:
        """A consistent snapshot through SQLite's backup API (safe while others write)."""
        with self._lock:
            dest = sqlite3.connect(target)
            try:
                self._conn.backup(dest)
            finally:
                dest.close()

    def integrity_check(self) -> list[str]:
        with self._lock:
            return database_problems(self._conn, rows_too=False)

    def schema_problems(self) -> list[str]:
        """How the schema differs from the one the app's migrations make (empty: it is ours)."""
        with self._lock:
            return schema_problems(self._conn)

    def row_problems(self, limit: int = 20) -> list[str]:
        with self._lock:
            return row_problems(self._conn, limit)

    def snapshot(self) -> Snapshot:
        """The database as one consistent copy in memory, with the photo list read from that
        same copy (a backup must not list a photo the copy lacks, nor miss one it has).
        Imports still in flight are not part of it: their records are dropped from the copy."""
        with self._lock:
            copy = sqlite3.connect(":memory:", isolation_level=None)
            try:
                self._conn.backup(copy)
                copy.execute("DELETE FROM pending_import")
                photos = [
                    (str(r[0]), str(r[1]), bool(r[2]))
                    for r in copy.execute(
                        "SELECT rel_path, sha256, deleted_at IS NOT NULL FROM photo ORDER BY id"
                    )
                ]
                copy.execute("VACUUM")
                return Snapshot(copy.serialize(), photos)
            finally:
                copy.close()

    # ----------------------------------------------------------------- settings

    def load_settings(self) -> tuple[JournalSettings, dict[str, Any]]:
        """The settings (ValueError naming the setting when one cannot be read)."""
        return rows.read_settings((r[0], r[1]) for r in self._query("SELECT key, value FROM setting"))

    def save_settings(self, values: dict[str, Any]) -> None:
        with self.transaction() as conn:
            conn.executemany(
                "INSERT INTO setting (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [(key, json.dumps(value)) for key, value in values.items()],
            )

    # ----------------------------------------------------------------- sessions

    def insert_session(self, values: dict[str, Any]) -> int:
        columns = ["created_at"] + [_SESSION_DB_NAMES.get(k, k) for k in values]
        params = [iso(now_utc())] + [to_db(v) for v in values.values()]
        sql = f"INSERT INTO session ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        with self.transaction() as conn:
            return int(conn.execute(sql, params).lastrowid or 0)

    def update_session(self, session_id: int, values: dict[str, Any]) -> None:
        sets = ", ".join(f"{_SESSION_DB_NAMES.get(k, k)} = ?" for k in values)
        params = [to_db(v) for v in values.values()] + [session_id]
        with self.transaction() as conn:
            if conn.execute(f"UPDATE session SET {sets} WHERE id = ?", params).rowcount != 1:
                raise NotFound(f"no session with id {session_id}")

    def session(self, session_id: int) -> Session:
        rows = self._query(f"SELECT {SESSION_COLUMNS} FROM session WHERE id = ?", (session_id,))
        if not rows:
            raise NotFound(f"no session with id {session_id}")
        return session_from_row(rows[0])

    def sessions(self, deleted: bool = False) -> list[Session]:
        where = "deleted_at IS NOT NULL" if deleted else "deleted_at IS NULL"
        rows = self._query(f"SELECT {SESSION_COLUMNS} FROM session WHERE {where} ORDER BY session_date, id")
        return [session_from_row(r) for r in rows]

    def has_sessions(self) -> bool:
        """Whether any session is out of the trash (without reading them all)."""
        return bool(self._query("SELECT 1 FROM session WHERE deleted_at IS NULL LIMIT 1"))

    def session_summaries(self) -> list[SessionSummary]:
        """Every session with its photo count and its first front photo (else its first photo).

        One aggregate query picks the photos, so a 1,000-session journal builds 1,000 rows,
        not one object per photo.
        """
        sessions = self.sessions()
        picked = self._query(
            "SELECT session_id, count(*), coalesce(min(CASE WHEN angle = 'front' THEN id END), min(id)) "
            "FROM photo WHERE deleted_at IS NULL GROUP BY session_id"
        )
        counts = {int(r[0]): int(r[1]) for r in picked}
        ids = [int(r[2]) for r in picked]
        fronts: dict[int, Photo] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            rows = self._query(
                f"SELECT {self._photo_columns()} FROM photo WHERE id IN ({', '.join('?' * len(chunk))})",
                chunk,
            )
            fronts.update((int(row[1]), photo_from_row(row)) for row in rows)
        return [SessionSummary(s, counts.get(s.id, 0), fronts.get(s.id)) for s in sessions]

    def distinct_values(self, column: str) -> list[str]:
        """Earlier values of a free-text session field, for completion (most used first)."""
        if column not in ("device", "product", "provider", "areas"):
            raise ValueError(column)
        rows = self._query(
            f"SELECT {column} FROM session WHERE {column} IS NOT NULL AND deleted_at IS NULL "
            f"GROUP BY {column} ORDER BY count(*) DESC, {column}"
        )
        return [str(r[0]) for r in rows]

    def session_summary(self, session_id: int) -> SessionSummary:
        session = self.session(session_id)
        count = self._query(
            "SELECT count(*) FROM photo WHERE session_id = ? AND deleted_at IS NULL", (session_id,)
        )[0][0]
        rows = self._query(
            f"SELECT {self._photo_columns()} FROM photo WHERE session_id = ? AND deleted_at IS NULL "
            "ORDER BY angle != 'front', id LIMIT 1",
            (session_id,),
        )
        return SessionSummary(session, int(count), photo_from_row(rows[0]) if rows else None)

    def set_session_deleted(self, session_id: int, when: dt.datetime) -> None:
        """Trash a session with its photos; the shared stamp lets restore bring back the same set."""
        with self.transaction() as conn:
            conn.execute("UPDATE session SET deleted_at = ? WHERE id = ?", (iso(when), session_id))
            conn.execute(
                "UPDATE photo SET deleted_at = ? WHERE session_id = ? AND deleted_at IS NULL",
                (iso(when), session_id),
            )

    def restore_session(self, session_id: int, stamp: dt.datetime | None) -> None:
        with self.transaction() as conn:
            conn.execute("UPDATE session SET deleted_at = NULL WHERE id = ?", (session_id,))
            conn.execute(
                "UPDATE photo SET deleted_at = NULL WHERE session_id = ? AND deleted_at = ?",
                (session_id, iso(stamp)),
            )

    def purge(self, photo_ids: Sequence[int], session_ids: Sequence[int]) -> None:
        """Delete rows for good (the files are already gone): only "empty trash" calls this."""
        with self.transaction() as conn:
            conn.executemany("DELETE FROM photo WHERE id = ?", [(i,) for i in photo_ids])
            conn.executemany("DELETE FROM session WHERE id = ?", [(i,) for i in session_ids])

    # ----------------------------------------------------------------- photos

    def photo(self, photo_id: int) -> Photo:
        rows = self._query(f"SELECT {self._photo_columns()} FROM photo WHERE id = ?", (photo_id,))
        if not rows:
            raise NotFound(f"no photo with id {photo_id}")
        return photo_from_row(rows[0])

    def photos(self, session_id: int | None = None, deleted: bool | None = False) -> list[Photo]:
        clauses, params = [], []
        if session_id is not None:
            clauses.append("session_id = ?")
            params.append(session_id)
        if deleted is not None:
            clauses.append("deleted_at IS NOT NULL" if deleted else "deleted_at IS NULL")
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = self._query(
            f"SELECT {self._photo_columns()} FROM photo {where} ORDER BY session_id, id", params
        )
        return [photo_from_row(r) for r in rows]

    def first_photos(self, angle: str) -> dict[int, Photo]:
        """Each session's first photo of `angle` (in import order) out of the trash, keyed by
        session id: one per session read, not every photo of the journal."""
        rows = self._query(
            f"SELECT {self._photo_columns()} FROM photo WHERE id IN (SELECT min(id) FROM photo "
            "WHERE angle = ? AND deleted_at IS NULL GROUP BY session_id) ORDER BY session_id, id",
            (angle,),
        )
        return {photo.session_id: photo for photo in map(photo_from_row, rows)}

    def photo_ids_unchecked_for_eyes(self) -> list[int]:
        """Photos (out of the trash) whose eyes were never looked for: ids only, so a journal
        of 3,000 photos answers in a millisecond instead of building 3,000 objects."""
        rows = self._query(
            "SELECT id FROM photo WHERE eyes_checked = 0 AND deleted_at IS NULL ORDER BY session_id, id"
        )
        return [int(r[0]) for r in rows]

    def photo_by_hash(self, sha256: str) -> Photo | None:
        rows = self._query(f"SELECT {self._photo_columns()} FROM photo WHERE sha256 = ?", (sha256,))
        return photo_from_row(rows[0]) if rows else None

    def all_rel_paths(self) -> set[str]:
        return {str(r[0]) for r in self._query("SELECT rel_path FROM photo")}

    def update_photo(self, photo_id: int, values: dict[str, Any]) -> None:
        sets = ", ".join(f"{k} = ?" for k in values)
        with self.transaction() as conn:
            cursor = conn.execute(
                f"UPDATE photo SET {sets} WHERE id = ?", [*map(to_db, values.values()), photo_id]
            )
            if cursor.rowcount != 1:
                raise NotFound(f"no photo with id {photo_id}")

    def update_photos(self, values_by_id: dict[int, dict[str, Any]]) -> None:
        """Several photo updates in one transaction: all of them or none."""
        with self.transaction() as conn:
            for photo_id, values in values_by_id.items():
                sets = ", ".join(f"{k} = ?" for k in values)
                cursor = conn.execute(
                    f"UPDATE photo SET {sets} WHERE id = ?", [*map(to_db, values.values()), photo_id]
                )
                if cursor.rowcount != 1:
                    raise NotFound(f"no photo with id {photo_id}")

    def set_photos_deleted(self, photo_ids: Sequence[int], when: dt.datetime | None) -> None:
        with self.transaction() as conn:
            conn.executemany(
                "UPDATE photo SET deleted_at = ? WHERE id = ?", [(iso(when), i) for i in photo_ids]
            )

    # ----------------------------------------------------------------- session photo marks

    def marked_photos(self) -> dict[tuple[int, Angle], int]:
        """(session id, angle) -> the photo marked as that session's photo for the angle.

        Only marks that still hold: the photo is out of the trash, in that session, of that angle.
        """
        # An older journal opened read-only (not migrated) has no marks yet. Asked through
        # this thread's reader, not `version`: the GUI asks after each photo of an import and
        # must not wait behind an import's commit for the writer's lock.
        if int(self._query("PRAGMA user_version")[0][0]) < 3:
            return {}
        rows = self._query(
            "SELECT m.session_id, m.angle, m.photo_id FROM session_photo m "
            "JOIN photo p ON p.id = m.photo_id "
            "WHERE p.deleted_at IS NULL AND p.session_id = m.session_id AND p.angle = m.angle"
        )
        return {(int(r[0]), Angle(r[1])): int(r[2]) for r in rows}

    def set_marked_photo(self, session_id: int, angle: Angle, photo_id: int | None) -> int | None:
        """Mark (or with None, unmark) a session's photo for an angle; returns the previous mark."""
        with self.transaction() as conn:
            row = conn.execute(
                "SELECT photo_id FROM session_photo WHERE session_id = ? AND angle = ?",
                (session_id, angle.value),
            ).fetchone()
            if photo_id is None:
                conn.execute(
                    "DELETE FROM session_photo WHERE session_id = ? AND angle = ?", (session_id, angle.value)
                )
            else:
                conn.execute(
                    "INSERT INTO session_photo (session_id, angle, photo_id) VALUES (?, ?, ?) "
                    "ON CONFLICT (session_id, angle) DO UPDATE SET photo_id = excluded.photo_id",
                    (session_id, angle.value, photo_id),
                )
        return int(row[0]) if row is not None else None

    # ----------------------------------------------------------------- import bookkeeping

    def add_pending(self, rel_path: str, payload: dict[str, Any]) -> int:
        with self.transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO pending_import (rel_path, payload) VALUES (?, ?)",
                (rel_path, json.dumps(payload)),
            )
            return int(cursor.lastrowid or 0)

    def pending(self) -> list[tuple[int, str, dict[str, Any]]]:
        rows = self._query("SELECT id, rel_path, payload FROM pending_import ORDER BY id")
        return [(int(r[0]), str(r[1]), json.loads(r[2])) for r in rows]

    def update_pending(self, pending_id: int, rel_path: str, payload: dict[str, Any]) -> None:
        with self.transaction() as conn:
            conn.execute(
                "UPDATE pending_import SET rel_path = ?, payload = ? WHERE id = ?",
                (rel_path, json.dumps(payload), pending_id),
            )

    def drop_pending(self, pending_id: int) -> None:
        with self.transaction() as conn:
            conn.execute("DELETE FROM pending_import WHERE id = ?", (pending_id,))

    def complete_pending(self, pending_id: int, payload: dict[str, Any]) -> int:
        """Insert the photo row and forget the pending record, in one transaction."""
        columns = list(payload)
        sql = f"INSERT INTO photo ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        with self.transaction() as conn:
            photo_id = int(conn.execute(sql, [payload[c] for c in columns]).lastrowid or 0)
            conn.execute("DELETE FROM pending_import WHERE id = ?", (pending_id,))
            return photo_id


@dataclasses.dataclass(frozen=True)
class Snapshot:
    data: bytes  # a database file
    photos: list[tuple[str, str, bool]]  # rel_path, sha256, in the trash

"""The SQLite store: one connection, WAL, foreign keys, numbered migrations.

Only this module writes SQL. It is thread-safe: import workers and the GUI share one
connection behind a lock (SQLite calls are short; the slow image work happens outside it).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from journal.core.errors import JournalCorrupt, JournalError, JournalTooNew, NotFound
from journal.core.migrations import LATEST_VERSION, MIGRATIONS
from journal.core.models import (
    Angle,
    EyePoints,
    JournalSettings,
    Kind,
    Photo,
    Session,
    SessionSummary,
)
from journal.core.turn import Turn

DB_NAME = "journal.sqlite3"

_SESSION_COLUMNS = (
    "id, session_date, kind, notes, device, needle_depth_mm, product, provider, areas, pain, "
    "redness, bumps, active_acne, scar_visibility, next_due, deleted_at"
)
_PHOTO_COLUMNS = (
    "id, session_id, angle, original_name, rel_path, sha256, size_bytes, format, width, height, "
    "orientation, taken_at, taken_at_from_file, imported_at, eye_left_x, eye_left_y, "
    "eye_right_x, eye_right_y, eyes_source, eyes_checked, note, deleted_at, turn"
)
_SESSION_DB_NAMES = {"date": "session_date"}
# Columns later migrations added, and what a journal opened read-only before its upgrade (which
# only a writer runs) reads in their place.
_ADDED_PHOTO_COLUMNS = {"turn": "1"}


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _datetime(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


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

    # ----------------------------------------------------------------- lifecycle

    @classmethod
    def open(cls, path: Path, read_only: bool = False) -> Store:
        try:
            conn = connect(path, read_only)
            row = conn.execute("PRAGMA quick_check").fetchone()
        except sqlite3.DatabaseError as exc:
            raise JournalCorrupt(path.parent, str(exc), []) from exc
        if row is None or row[0] != "ok":
            conn.close()
            raise JournalCorrupt(path.parent, str(row[0]) if row else "no answer", [])
        return cls(conn, path, read_only)

    def close(self) -> None:
        with self._lock:
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
                for statement in _split_sql(MIGRATIONS[number - 1]):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version={number}")
        return True

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def _photo_columns(self) -> str:
        """The photo columns to select: the latest schema's, with stand-ins for columns an
        older journal opened read-only does not have yet."""
        if self._photo_select is None:
            have = {str(row[1]) for row in self._query("PRAGMA table_info(photo)")}
            select = _PHOTO_COLUMNS
            for column, default in _ADDED_PHOTO_COLUMNS.items():
                if have and column not in have:
                    select = select.replace(f", {column}", f", {default} AS {column}")
            self._photo_select = select
        return self._photo_select

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            cursor = self._conn.execute(sql, params)
            return list(cursor.fetchall())

    def backup_to(self, target: Path) -> None:
        """A consistent snapshot through SQLite's backup API (safe while others write)."""
        with self._lock:
            dest = sqlite3.connect(target)
            try:
                self._conn.backup(dest)
            finally:
                dest.close()

    def integrity_check(self) -> list[str]:
        rows = self._query("PRAGMA integrity_check")
        problems = [str(r[0]) for r in rows if r[0] != "ok"]
        problems += [
            f"foreign key broken in {r[0]} row {r[1]}" for r in self._query("PRAGMA foreign_key_check")
        ]
        return problems

    # ----------------------------------------------------------------- settings

    def load_settings(self) -> tuple[JournalSettings, dict[str, Any]]:
        values = {row[0]: json.loads(row[1]) for row in self._query("SELECT key, value FROM setting")}
        known = {f: values[f] for f in JournalSettings.__dataclass_fields__ if f in values}
        return JournalSettings(**known), values

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
        params = [_iso(now_utc())] + [_to_db(v) for v in values.values()]
        sql = f"INSERT INTO session ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        with self.transaction() as conn:
            return int(conn.execute(sql, params).lastrowid or 0)

    def update_session(self, session_id: int, values: dict[str, Any]) -> None:
        sets = ", ".join(f"{_SESSION_DB_NAMES.get(k, k)} = ?" for k in values)
        params = [_to_db(v) for v in values.values()] + [session_id]
        with self.transaction() as conn:
            if conn.execute(f"UPDATE session SET {sets} WHERE id = ?", params).rowcount != 1:
                raise NotFound(f"no session with id {session_id}")

    def session(self, session_id: int) -> Session:
        rows = self._query(f"SELECT {_SESSION_COLUMNS} FROM session WHERE id = ?", (session_id,))
        if not rows:
            raise NotFound(f"no session with id {session_id}")
        return _session(rows[0])

    def sessions(self, deleted: bool = False) -> list[Session]:
        where = "deleted_at IS NOT NULL" if deleted else "deleted_at IS NULL"
        rows = self._query(f"SELECT {_SESSION_COLUMNS} FROM session WHERE {where} ORDER BY session_date, id")
        return [_session(r) for r in rows]

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
            fronts.update((int(row[1]), _photo(row)) for row in rows)
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
        return SessionSummary(session, int(count), _photo(rows[0]) if rows else None)

    def set_session_deleted(self, session_id: int, when: dt.datetime) -> None:
        """Trash a session with its photos; the shared stamp lets restore bring back the same set."""
        with self.transaction() as conn:
            conn.execute("UPDATE session SET deleted_at = ? WHERE id = ?", (_iso(when), session_id))
            conn.execute(
                "UPDATE photo SET deleted_at = ? WHERE session_id = ? AND deleted_at IS NULL",
                (_iso(when), session_id),
            )

    def restore_session(self, session_id: int, stamp: dt.datetime | None) -> None:
        with self.transaction() as conn:
            conn.execute("UPDATE session SET deleted_at = NULL WHERE id = ?", (session_id,))
            conn.execute(
                "UPDATE photo SET deleted_at = NULL WHERE session_id = ? AND deleted_at = ?",
                (session_id, _iso(stamp)),
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
        return _photo(rows[0])

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
        return [_photo(r) for r in rows]

    def photo_by_hash(self, sha256: str) -> Photo | None:
        rows = self._query(f"SELECT {self._photo_columns()} FROM photo WHERE sha256 = ?", (sha256,))
        return _photo(rows[0]) if rows else None

    def all_rel_paths(self) -> set[str]:
        return {str(r[0]) for r in self._query("SELECT rel_path FROM photo")}

    def update_photo(self, photo_id: int, values: dict[str, Any]) -> None:
        sets = ", ".join(f"{k} = ?" for k in values)
        with self.transaction() as conn:
            cursor = conn.execute(
                f"UPDATE photo SET {sets} WHERE id = ?", [*map(_to_db, values.values()), photo_id]
            )
            if cursor.rowcount != 1:
                raise NotFound(f"no photo with id {photo_id}")

    def update_photos(self, values_by_id: dict[int, dict[str, Any]]) -> None:
        """Several photo updates in one transaction: all of them or none."""
        with self.transaction() as conn:
            for photo_id, values in values_by_id.items():
                sets = ", ".join(f"{k} = ?" for k in values)
                cursor = conn.execute(
                    f"UPDATE photo SET {sets} WHERE id = ?", [*map(_to_db, values.values()), photo_id]
                )
                if cursor.rowcount != 1:
                    raise NotFound(f"no photo with id {photo_id}")

    def set_photos_deleted(self, photo_ids: Sequence[int], when: dt.datetime | None) -> None:
        with self.transaction() as conn:
            conn.executemany(
                "UPDATE photo SET deleted_at = ? WHERE id = ?", [(_iso(when), i) for i in photo_ids]
            )

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


def _split_sql(script: str) -> list[str]:
    statements, buffer = [], ""
    for line in script.splitlines():
        if line.strip().startswith("--"):
            continue
        buffer += line + "\n"
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        raise JournalError("incomplete statement in a migration")
    return statements


def _to_db(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Kind | Angle):
        return value.value
    if isinstance(value, bool):
        return int(value)
    return value


def _session(row: Sequence[Any]) -> Session:
    return Session(
        id=row[0],
        date=dt.date.fromisoformat(row[1]),
        kind=Kind(row[2]),
        notes=row[3],
        device=row[4],
        needle_depth_mm=row[5],
        product=row[6],
        provider=row[7],
        areas=row[8],
        pain=row[9],
        redness=row[10],
        bumps=row[11],
        active_acne=row[12],
        scar_visibility=row[13],
        next_due=_date(row[14]),
        deleted_at=_datetime(row[15]),
    )


def _photo(row: Sequence[Any]) -> Photo:
    turn = Turn.from_exif(row[22])
    width, height = turn.size(row[8], row[9])  # the columns hold the file's upright size
    eyes = None
    if row[14] is not None and row[16] is not None:
        eyes = EyePoints((row[14], row[15]), (row[16], row[17]), row[18] or "auto")
    return Photo(
        id=row[0],
        session_id=row[1],
        angle=Angle(row[2]),
        original_name=row[3],
        rel_path=row[4],
        sha256=row[5],
        size_bytes=row[6],
        format=row[7],
        width=width,
        height=height,
        orientation=row[10],
        taken_at=_datetime(row[11]),
        taken_at_from_file=bool(row[12]),
        imported_at=dt.datetime.fromisoformat(row[13]),
        eyes=eyes,
        eyes_checked=bool(row[19]),
        note=row[20],
        deleted_at=_datetime(row[21]),
        turn=turn,
    )

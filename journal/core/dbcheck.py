"""Is this database a journal? The checks every database read from outside goes through
(a journal being opened, a backup, a database copy being restored): its pages, its foreign
keys, its schema against the one the app's own migrations make, and each row against
`rows.RULES`. Nothing here writes to the database it checks."""

from __future__ import annotations

import dataclasses
import functools
import sqlite3
from pathlib import Path

from journal.core import rows
from journal.core.errors import JournalError
from journal.core.migrations import MIGRATIONS

_INTERNAL = "sqlite_%"  # SQLite's own objects (autoindexes, sqlite_sequence, sqlite_stat1)


def expected_schema(version: int) -> dict[tuple[str, str], tuple[str, str | None]]:
    """The schema the app's own migrations 1..`version` make: (type, name) -> (table, sql)."""
    return dict(_expected_schema(tuple(MIGRATIONS[:version])))


@functools.lru_cache(maxsize=8)
def _expected_schema(
    migrations: tuple[str, ...],
) -> tuple[tuple[tuple[str, str], tuple[str, str | None]], ...]:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        for script in migrations:
            for statement in split_sql(script):
                conn.execute(statement)
        return tuple(_schema_of(conn).items())
    finally:
        conn.close()


def _schema_of(conn: sqlite3.Connection) -> dict[tuple[str, str], tuple[str, str | None]]:
    found = conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE ? ORDER BY type, name",
        (_INTERNAL,),
    ).fetchall()
    return {(str(t), str(n)): (str(tbl), sql if sql is None else str(sql)) for t, n, tbl, sql in found}


def schema_problems(conn: sqlite3.Connection) -> list[str]:
    """Why the database on `conn` is not a journal of its own `user_version` (empty: it is).

    The reference is built by running the app's migrations on an empty database in memory,
    so a migration added later is covered without a change here. Every table, column, index,
    constraint is compared as SQLite stores it; a trigger or view the migrations did not make
    is refused (it would run the next time the app writes).
    """
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    actual = _schema_of(conn)
    if version == 0:
        if not actual:
            return ["the database is empty: it has no tables"]
        return ["it is not a Progress Journal database (no schema version)"]
    if version > len(MIGRATIONS):
        return [f"it was written by a newer Progress Journal (schema {version})"]
    expected = expected_schema(version)
    problems = []
    for (kind, name), (table, sql) in sorted(expected.items(), key=lambda item: item[0][0] != "table"):
        if (kind, name) not in actual:
            problems.append(f"the {kind} {name} is missing")
        elif actual[(kind, name)] != (table, sql):
            problems.append(f"the {kind} {name} is not as the app made it")
    for kind, name in actual:
        if (kind, name) not in expected:
            problems.append(f"it holds a {kind} the app did not make: {rows.short(name)}")
    return problems


@dataclasses.dataclass(frozen=True)
class DatabaseReport:
    """What `inspect_database` found in a database file that is not (yet) the journal's own."""

    problems: list[str]  # empty: a journal database the app can open and read
    version: int = 0
    photos: list[tuple[str, str, bool]] = dataclasses.field(default_factory=list)  # rel_path, sha, trashed
    sessions: int = 0
    pending: int = 0


MAX_DATABASE_BYTES = 1 << 30


def inspect_database(data: bytes, rows_too: bool = True) -> DatabaseReport:
    """Check a database file's bytes in memory: nothing is written, no side file is made, and
    nothing in it runs (no trigger fires: nothing is written to it). A journal of this app's
    schema, at a version this app knows, with sound pages and (with `rows_too`) valid rows."""
    if len(data) > MAX_DATABASE_BYTES:
        return DatabaseReport([f"the database is larger than {MAX_DATABASE_BYTES >> 20} MB"])
    image = bytearray(data)
    if len(image) >= 20 and image[18] == 2 and image[19] == 2:
        image[18] = image[19] = 1  # WAL mode needs a file beside it; read it in rollback mode
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        conn.execute("PRAGMA trusted_schema=OFF")
        conn.execute("PRAGMA cell_size_check=ON")
        conn.deserialize(bytes(image))
        conn.execute("PRAGMA query_only=ON")
        problems = database_problems(conn, rows_too=False)
        if not problems:
            problems = schema_problems(conn)
        if not problems and rows_too:
            problems = row_problems(conn)
        if problems:
            return DatabaseReport(problems)
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        photos = [
            (str(r[0]), str(r[1]), bool(r[2]))
            for r in conn.execute("SELECT rel_path, sha256, deleted_at IS NOT NULL FROM photo ORDER BY id")
        ]
        sessions = int(conn.execute("SELECT count(*) FROM session").fetchone()[0])
        pending = int(conn.execute("SELECT count(*) FROM pending_import").fetchone()[0])
        return DatabaseReport([], version, photos, sessions, pending)
    except (sqlite3.Error, MemoryError, OverflowError, ValueError) as exc:
        # (deserialize says MemoryError for a header with impossible sizes)
        return DatabaseReport([f"it cannot be read as a database ({exc or type(exc).__name__})"])
    finally:
        conn.close()


def database_is_empty(path: Path) -> bool:
    """A database file with no tables at all (a `create` that was killed before its schema)."""
    try:
        if path.stat().st_size == 0:
            return True
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return int(conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]) == 0
        finally:
            conn.close()
    except (OSError, sqlite3.Error):
        return False


def database_problems(conn: sqlite3.Connection, rows_too: bool = True, limit: int = 20) -> list[str]:
    """Integrity, foreign keys, and (with `rows_too`) every row against `rows.RULES`."""
    found = [
        " ".join(str(r[0]).split()) for r in conn.execute("PRAGMA integrity_check").fetchall() if r[0] != "ok"
    ]
    found += [
        f"foreign key broken in {r[0]} row {r[1]}"
        for r in conn.execute("PRAGMA foreign_key_check").fetchall()
    ]
    if rows_too and not found:
        found += row_problems(conn, limit)
    return found


def row_problems(conn: sqlite3.Connection, limit: int = 20) -> list[str]:
    """Rows the app could not read, first `limit` of them; settings through the settings reader."""
    problems: list[str] = []
    tables = [
        str(r[0])
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE ? ORDER BY name",
            (_INTERNAL,),
        )
    ]
    for table in tables:
        cursor = conn.execute(f'SELECT * FROM "{table}"')
        columns = [d[0] for d in cursor.description]
        for row in cursor:
            problem = rows.row_problem(table, columns, row)
            if problem:
                problems.append(problem)
                if len(problems) >= limit:
                    return problems
    if "setting" in tables and not problems:
        try:
            rows.read_settings((r[0], r[1]) for r in conn.execute("SELECT key, value FROM setting"))
        except ValueError as exc:
            problems.append(str(exc))
    return problems


def split_sql(script: str) -> list[str]:
    """A migration's statements, one by one (its comment lines left out)."""
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

"""Numbered schema migrations. Migration N takes `PRAGMA user_version` from N-1 to N.

Never edit a migration that has shipped; add the next one. Each runs in one transaction,
after a copy of the database went to `backups/` (see `Store.migrate`).
"""

from __future__ import annotations

MIGRATIONS: list[str] = [
    # 1: the first schema (DESIGN.md, "Data model").
    """
    CREATE TABLE setting (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE session (
        id              INTEGER PRIMARY KEY,
        session_date    TEXT NOT NULL,
        kind            TEXT NOT NULL CHECK (kind IN ('treatment', 'check-in')),
        notes           TEXT NOT NULL DEFAULT '',
        device          TEXT,
        needle_depth_mm REAL CHECK (needle_depth_mm IS NULL OR needle_depth_mm > 0),
        product         TEXT,
        provider        TEXT,
        areas           TEXT,
        pain            INTEGER CHECK (pain IS NULL OR pain BETWEEN 0 AND 10),
        redness         INTEGER CHECK (redness IS NULL OR redness BETWEEN 0 AND 10),
        bumps           INTEGER CHECK (bumps IS NULL OR bumps BETWEEN 0 AND 10),
        active_acne     INTEGER CHECK (active_acne IS NULL OR active_acne BETWEEN 0 AND 10),
        scar_visibility INTEGER CHECK (scar_visibility IS NULL OR scar_visibility BETWEEN 0 AND 10),
        next_due        TEXT,
        created_at      TEXT NOT NULL,
        deleted_at      TEXT
    );
    CREATE INDEX session_by_date ON session (session_date);
    CREATE TABLE photo (
        id                 INTEGER PRIMARY KEY,
        session_id         INTEGER NOT NULL REFERENCES session (id) ON DELETE CASCADE,
        angle              TEXT NOT NULL CHECK (angle IN ('front', 'left', 'right', 'other')),
        original_name      TEXT NOT NULL,
        rel_path           TEXT NOT NULL UNIQUE,
        sha256             TEXT NOT NULL UNIQUE,
        size_bytes         INTEGER NOT NULL,
        format             TEXT NOT NULL,
        width              INTEGER NOT NULL,
        height             INTEGER NOT NULL,
        orientation        INTEGER NOT NULL DEFAULT 1,
        taken_at           TEXT,
        taken_at_from_file INTEGER NOT NULL DEFAULT 0,
        imported_at        TEXT NOT NULL,
        eye_left_x         REAL,
        eye_left_y         REAL,
        eye_right_x        REAL,
        eye_right_y        REAL,
        eyes_source        TEXT,
        eyes_checked       INTEGER NOT NULL DEFAULT 0,
        note               TEXT NOT NULL DEFAULT '',
        deleted_at         TEXT
    );
    CREATE INDEX photo_by_session ON photo (session_id, angle);
    -- An import between "file renamed into place" and "row committed"; finished or rolled
    -- back when the journal is next opened.
    CREATE TABLE pending_import (
        id       INTEGER PRIMARY KEY,
        rel_path TEXT NOT NULL,
        payload  TEXT NOT NULL
    );
    """,
    # 2: the user's turn for a photo shown the wrong way round (its EXIF orientation is wrong):
    # an EXIF orientation code applied after the file's own; 1 = as the file says.
    """
    ALTER TABLE photo ADD COLUMN turn INTEGER NOT NULL DEFAULT 1 CHECK (turn BETWEEN 1 AND 8);
    """,
]

LATEST_VERSION = len(MIGRATIONS)

"""Building hostile backups and watching a file outside the journal (for the trust tests)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from journal.core.journal import Journal
from journal.core.models import Angle, JournalSettings
from tests.helpers import photo_like, save_jpeg

DB = "journal.sqlite3"
MANIFEST = "manifest.json"
OLD = (978307200, 978307200)  # 2001-01-01: a read would move the access time to now (relatime)


@dataclass
class Canary:
    """A file outside the journal that no restore, recovery or trash may read or touch."""

    path: Path
    content: bytes = b"the user's own file, outside the journal\n"

    def plant(self) -> Canary:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_bytes(self.content)
        os.utime(self.path, OLD)
        return self

    def assert_untouched(self) -> None:
        info = os.stat(self.path)  # before reading it ourselves
        assert (info.st_atime, info.st_mtime) == OLD, f"{self.path} was read or written"
        assert self.path.read_bytes() == self.content


def small_journal(folder: Path, cache: Path, sources: Path, count: int = 2) -> Journal:
    journal = Journal.create(folder, JournalSettings(name="Hostile"), cache)
    session = journal.add_session(dt.date(2026, 1, 5), notes="first")
    for i in range(count):
        src = save_jpeg(
            sources / f"p{i}.jpg", photo_like((160, 120), seed=i), taken=dt.datetime(2026, 1, 5, 9, i)
        )
        journal.import_file(src, session.id, Angle.FRONT)
    return journal


def read_zip(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def write_zip(path: Path, members: dict[str, bytes], compression: int = zipfile.ZIP_STORED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def mutate_db(data: bytes, scratch: Path, *statements: str, params: tuple[Any, ...] = ()) -> bytes:
    """Run SQL on a copy of a database file and return the new file's bytes."""
    scratch.write_bytes(data)
    conn = sqlite3.connect(scratch, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.execute("PRAGMA ignore_check_constraints=ON")
        for statement in statements:
            conn.execute(statement, params if "?" in statement else ())
    finally:
        conn.close()
    out = scratch.read_bytes()
    scratch.unlink()
    return out


def rebuilt(
    good: Path,
    out: Path,
    db: Callable[[bytes], bytes] | None = None,
    manifest: Callable[[dict[str, Any]], Any] | None = None,
    members: Callable[[dict[str, bytes]], None] | None = None,
    rehash: bool = True,
) -> Path:
    """A copy of the good backup with its database, manifest or members changed; the manifest's
    database hash is recomputed (`rehash`) so that only the intended attack is in it."""
    content = read_zip(good)
    if db is not None:
        content[DB] = db(content[DB])
    data = json.loads(content[MANIFEST])
    if rehash:
        data["files"][DB] = hashlib.sha256(content[DB]).hexdigest()
    if manifest is not None:
        data = manifest(data) or data
    content[MANIFEST] = data if isinstance(data, bytes) else json.dumps(data).encode()
    if members is not None:
        members(content)
    return write_zip(out, content)


def set_method(path: Path, name: str, method: int | None = None, flags: int | None = None) -> Path:
    """Patch a member's compression method or flag bits in both its headers (as a zip tool that
    wrote Deflate64, AES or an encrypted entry would have written them)."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(name)
    local = info.header_offset
    assert data[local : local + 4] == b"PK\x03\x04"
    central = data.find(b"PK\x01\x02")
    while central >= 0:
        name_len = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + name_len] == name.encode():
            break
        central = data.find(b"PK\x01\x02", central + 4)
    assert central >= 0
    if method is not None:
        struct.pack_into("<H", data, local + 8, method)
        struct.pack_into("<H", data, central + 10, method)
    if flags is not None:
        struct.pack_into("<H", data, local + 6, flags)
        struct.pack_into("<H", data, central + 8, flags)
    path.write_bytes(bytes(data))
    return path


def listing(folder: Path) -> list[str]:
    """Everything under `folder`, hidden files too, for "nothing was written" checks."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))

"""Failures a person can act on.

Every error here carries a one-line message meant for the user (CLI stderr, GUI dialog).
Anything else that escapes the core is a bug and is allowed to crash loudly.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path


class JournalError(Exception):
    """A known failure, with a message fit to show as it is."""


class JournalNotFound(JournalError):
    """The folder is not there or cannot be read."""


class NotAJournal(JournalNotFound):
    """The folder exists but holds no journal database (create one, or choose another folder)."""


class JournalLocked(JournalError):
    def __init__(self, folder: Path, holder: str = "") -> None:
        detail = f" ({holder})" if holder else ""
        super().__init__(f"journal is open in another window{detail}: {folder}")
        self.folder = folder


class JournalReadOnly(JournalError):
    pass


class JournalCorrupt(JournalError):
    """The database is damaged: unreadable, empty, missing tables, or holding invalid rows.

    `backups` lists the copies in `<journal>/backups/` that open and hold a journal, newest
    first (`dbbackups.usable_backups`); the app offers them, and nothing is re-initialised.
    """

    def __init__(self, folder: Path, reason: str, backups: list[Path]) -> None:
        super().__init__(f"the journal database is damaged ({reason}): {shown(str(folder))}")
        self.folder = folder
        self.reason = reason
        self.backups = backups


class DamagedRow(JournalError):
    """A row of the open database holds a value this app cannot read (a date that is not a
    date, an angle it does not know): said as such, never a traceback. Nothing is changed;
    `progress-journal verify` lists every such row."""

    def __init__(self, reason: str) -> None:
        super().__init__(
            f"the journal database holds a value this app cannot read ({reason}); nothing was "
            "changed. `progress-journal verify` lists every damaged row, and a backup can be restored"
        )
        self.reason = reason


class JournalTooNew(JournalError):
    pass


class DiskFull(JournalError):
    """No room left on the disk (or the quota): nothing was half-written; free some space."""


class UnsafePath(JournalError):
    """A path from the database or a backup that leads outside the journal's photos (`..`, an
    absolute path, a symbolic link, a name that is not one the journal makes). It is damage to
    report; nothing is ever read, written or deleted through it."""


class BackupInvalid(JournalError):
    """A backup archive that must not be restored, and why."""


class Cancelled(JournalError):
    """The user cancelled a long operation; nothing was left half-done."""

    def __init__(self) -> None:
        super().__init__("cancelled")


class NotFound(JournalError):
    """A session or photo id that does not exist (or no longer does)."""


def shown(text: str) -> str:
    """A name or path as it may be printed on one line: control characters (a newline in a
    file name could fake an output line) and bytes that are not UTF-8 are escaped."""
    try:
        raw = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a lone surrogate that no file name decodes to
        raw = text.encode("utf-8", "backslashreplace").decode("ascii")
    if raw.isprintable():
        return raw
    return "".join(ch if ch.isprintable() else _escape(ch) for ch in raw)


def _escape(ch: str) -> str:
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    if ch in named:
        return named[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def os_error_reason(exc: OSError) -> str:
    """A short, lower-case reason for an OS-level failure."""
    reasons = {
        errno.ENOSPC: "disk is full",
        errno.EDQUOT: "disk quota exceeded",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.EROFS: "read-only file system",
        errno.ENOENT: "no such file or folder",
        errno.EISDIR: "is a folder, not a file",
    }
    return reasons.get(exc.errno or 0, (exc.strerror or str(exc)).lower())


def describe_os_error(exc: OSError, what: Path | str) -> str:
    """One line for an OS-level failure, naming the file."""
    return f"{os_error_reason(exc)}: {shown(str(what))}"


def as_journal_error(exc: OSError | sqlite3.Error, what: Path | str) -> JournalError:
    """Translate disk and database failures into messages; keep the cause chained.

    A full disk reads as "disk is full" whichever layer noticed it: SQLite reports it as
    SQLITE_FULL, or as a plain I/O error when it could not grow its shared-memory file, so an
    I/O error on a disk with no room left counts as a full disk too.
    """
    if isinstance(exc, OSError):
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return DiskFull(describe_os_error(exc, what))
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return JournalReadOnly(describe_os_error(exc, what))
        return JournalError(describe_os_error(exc, what))
    name = shown(str(what))
    code = sqlite_code(exc)
    text = str(exc)
    if code == SQLITE_FULL or "disk is full" in text or (code == SQLITE_IOERR and disk_is_full(what)):
        return DiskFull(f"disk is full while writing {name}")
    if code == SQLITE_READONLY or "readonly" in text or "read-only" in text:
        return JournalReadOnly(f"the journal is read-only: {name}")
    if code in (SQLITE_BUSY, SQLITE_LOCKED) or "locked" in text:
        return JournalError(f"the journal database is busy: {name}")
    if code == SQLITE_IOERR:
        return JournalError(f"the disk could not read or write the journal database (I/O error): {name}")
    return JournalError(f"database error ({text}): {name}")


# SQLite's primary result codes (https://sqlite.org/rescode.html) that mean something different
# to the person at the keyboard.
SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_IOERR = 5, 6, 8, 10
SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 11, 13, 14, 26


def sqlite_code(exc: sqlite3.Error) -> int:
    """The primary result code of a SQLite failure (0 when the driver did not give one)."""
    return int(getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF


def is_damage(exc: sqlite3.Error) -> bool:
    """True when SQLite says the file itself is bad (not the disk, a lock or the permissions)."""
    code = sqlite_code(exc)
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return True
    return (
        code == 0 and isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError)
    )


DISK_FULL_MARGIN = 64 * 1024  # below this, a write that failed failed for want of room


def free_bytes(path: Path | str) -> int | None:
    """Free bytes for an unprivileged writer on the disk that holds `path` (None: unknown)."""
    import shutil

    probe = Path(path)
    for candidate in (probe, *probe.parents):
        try:
            return shutil.disk_usage(candidate).free
        except OSError:  # not there (yet): ask its folder
            continue
    return None


def disk_is_full(path: Path | str) -> bool:
    free = free_bytes(path)
    return free is not None and free < DISK_FULL_MARGIN

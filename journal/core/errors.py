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
    pass


class JournalLocked(JournalError):
    def __init__(self, folder: Path, holder: str = "") -> None:
        detail = f" ({holder})" if holder else ""
        super().__init__(f"journal is open in another window{detail}: {folder}")
        self.folder = folder


class JournalReadOnly(JournalError):
    pass


class JournalCorrupt(JournalError):
    def __init__(self, folder: Path, reason: str, backups: list[Path]) -> None:
        super().__init__(f"the journal database is damaged ({reason}): {folder}")
        self.folder = folder
        self.reason = reason
        self.backups = backups


class JournalTooNew(JournalError):
    pass


class DiskFull(JournalError):
    pass


class BackupInvalid(JournalError):
    """A backup archive that must not be restored, and why."""


class Cancelled(JournalError):
    """The user cancelled a long operation; nothing was left half-done."""

    def __init__(self) -> None:
        super().__init__("cancelled")


class NotFound(JournalError):
    """A session or photo id that does not exist (or no longer does)."""


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
    return f"{os_error_reason(exc)}: {what}"


def as_journal_error(exc: OSError | sqlite3.Error, what: Path | str) -> JournalError:
    """Translate disk and database failures into messages; keep the cause chained."""
    if isinstance(exc, OSError):
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return DiskFull(describe_os_error(exc, what))
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return JournalReadOnly(describe_os_error(exc, what))
        return JournalError(describe_os_error(exc, what))
    text = str(exc)
    if "disk is full" in text or "database or disk is full" in text:
        return DiskFull(f"disk is full while writing {what}")
    if "readonly" in text or "read-only" in text:
        return JournalReadOnly(f"the journal is read-only: {what}")
    if "locked" in text:
        return JournalError(f"the journal database is busy: {what}")
    return JournalError(f"database error ({text}): {what}")

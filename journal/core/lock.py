"""One writer per journal: an exclusive lock on `<journal>/.lock`.

The lock is an OS advisory lock held on an open file, so it disappears with the process:
a crashed app never leaves a journal locked.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

from journal.core.errors import JournalLocked, JournalReadOnly, describe_os_error
from journal.core.fsutil import PRIVATE_FILE

LOCK_NAME = ".lock"


class JournalLock:
    def __init__(self, folder: Path) -> None:
        self.path = folder / LOCK_NAME
        self._fd: int | None = None

    def acquire(self) -> None:
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE)
        except OSError as exc:
            raise JournalReadOnly(describe_os_error(exc, self.path.parent)) from exc
        try:
            _lock_fd(fd)
        except OSError as exc:
            holder = _read_holder(fd)
            os.close(fd)
            raise JournalLocked(self.path.parent, holder) from exc
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.write(fd, f"{_host_name()} pid {os.getpid()}\n".encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        with contextlib.suppress(OSError):
            _unlock_fd(fd)
        os.close(fd)

    @property
    def held(self) -> bool:
        return self._fd is not None


def _host_name() -> str:
    # os.uname is free; the socket module would cost a few ms of start-up for one string.
    uname = getattr(os, "uname", None)
    return uname().nodename if uname else os.environ.get("COMPUTERNAME", "this computer")


def _read_holder(fd: int) -> str:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        return os.read(fd, 200).decode(errors="replace").strip()
    except OSError:
        return ""


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock_fd(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock_fd(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock_fd(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock_fd(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

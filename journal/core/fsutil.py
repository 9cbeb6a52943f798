"""Small file-system helpers: private folders, durable writes, safe names."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import BinaryIO

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
ORIGINAL_FILE = 0o400
CHUNK = 1 << 20


def make_private_dir(path: Path, tighten: bool = False) -> Path:
    """Create `path` (and parents) as 0700.

    `tighten` also removes group/other access from an existing folder; only for folders the
    app owns (a journal, its cache), never for a folder the user chose to put things in.
    """
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    if tighten:
        with contextlib.suppress(OSError):
            if stat.S_IMODE(path.stat().st_mode) & 0o077:
                path.chmod(PRIVATE_DIR)
    return path


def fsync_dir(path: Path) -> None:
    """Make a rename in `path` durable (POSIX only; Windows has no directory handles)."""
    if sys.platform == "win32":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _mkstemp(path: Path) -> tuple[int, str]:
    import tempfile  # only when writing: tempfile costs start-up time for every window

    return tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)


def write_atomic(path: Path, data: bytes, mode: int = PRIVATE_FILE, durable: bool = True) -> None:
    """Write via a temporary file in the same folder, fsync, then rename over `path`."""
    fd, tmp_name = _mkstemp(path)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    if durable:
        fsync_dir(path.parent)


@contextlib.contextmanager
def atomic_output(path: Path, mode: int = PRIVATE_FILE, durable: bool = True) -> Iterator[Path]:
    """Yield a temporary path next to `path`; rename it into place when the block succeeds."""
    fd, tmp_name = _mkstemp(path)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        if durable:
            with open(tmp, "rb+") as handle:
                os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    if durable:
        fsync_dir(path.parent)


_flush_pool: ThreadPoolExecutor | None = None
_flush_pool_lock = threading.Lock()


def _flusher() -> ThreadPoolExecutor:
    global _flush_pool
    with _flush_pool_lock:
        if _flush_pool is None:
            _flush_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="pj-fsync")
        return _flush_pool


def _sync_and_close(fd: int) -> None:
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def copy_and_hash_flushing(source: BinaryIO, dest: Path) -> tuple[str, int, Future[None]]:
    """Copy a stream into a new file (0600), hashing as it goes, and start its fsync.

    The fsync runs on the file's own descriptor in a background thread, so the caller can do
    other work (decode the photo) while the disk catches up. The returned future completes
    when the data is on disk and raises the fsync's error; wait for it before relying on the
    file (renaming it into place, recording it).
    """
    digest = hashlib.sha256()
    size = 0
    fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), PRIVATE_FILE)
    try:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            view = memoryview(chunk)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            size += len(chunk)
    except BaseException:
        os.close(fd)
        raise
    try:
        flushed = _flusher().submit(_sync_and_close, fd)
    except RuntimeError:  # the interpreter is shutting down: flush here
        flushed = Future()
        try:
            _sync_and_close(fd)
            flushed.set_result(None)
        except OSError as exc:
            flushed.set_exception(exc)
    return digest.hexdigest(), size, flushed


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_stem(name: str, limit: int = 48) -> str:
    """A file-name stem that is safe on every platform and still recognisable."""
    stem = Path(name).stem
    stem = _UNSAFE.sub("_", stem).strip("._-")
    return stem[:limit] or "photo"


def remove_tree(path: Path) -> None:
    """Delete a folder we made, including read-only originals inside it (Windows needs +w)."""
    import shutil

    def _make_writable(func: Callable[..., object], target: str, _exc: object) -> None:
        os.chmod(target, stat.S_IWRITE | stat.S_IREAD)
        func(target)

    if sys.version_info >= (3, 12):
        shutil.rmtree(path, onexc=_make_writable)
    else:
        shutil.rmtree(path, onerror=_make_writable)


def unlink_original(path: Path) -> None:
    """Remove a stored original (read-only on disk) for "delete permanently"."""
    if sys.platform == "win32":
        with contextlib.suppress(OSError):
            os.chmod(path, stat.S_IWRITE | stat.S_IREAD)
    path.unlink(missing_ok=True)

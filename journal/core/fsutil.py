"""Small file-system helpers: private folders, durable writes, safe names, and the one place
that turns a path from the database or a backup into a file to touch (`confined_path`)."""

from __future__ import annotations

import contextlib
import os
import re
import stat
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from journal.core.errors import JournalError, UnsafePath, shown

# concurrent.futures (with the logging it imports: 5 ms) and hashlib (OpenSSL: 2 ms) load when a
# photo is first copied or hashed, not at every start.
if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
ORIGINAL_FILE = 0o400
CHUNK = 1 << 20
JOURNAL_DB = "journal.sqlite3"  # the file that makes a folder a journal
PHOTOS_DIR = "photos"
# The temporary name an import copies to (library.py): photos/<date>/.import-<hex>.part
TEMP_IMPORT = re.compile(r"\.import-[0-9a-f]{8,64}\.part")
MAX_REL_PATH = 1024
STAGING_LOCK = ".staging.lock"


def make_private_dir(path: Path, tighten: bool = False) -> Path:
    """Create `path` (and parents) as 0700.

    `tighten` also removes group/other access from an existing folder; only for folders the
    app owns (a journal, its cache), never for a folder the user chose to put things in.
    """
    # Path.mkdir gives `mode` to the last folder only; the ones above it would get the umask's
    # 0755, so each missing one is made here, private too.
    missing = []
    for folder in (path, *path.parents):
        if folder.exists():
            break
        missing.append(folder)
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=PRIVATE_DIR)
    if not path.is_dir():
        path.mkdir(exist_ok=True, mode=PRIVATE_DIR)  # raises the real reason (a file is in the way)
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

    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    _try_lock(fd)  # held while the file is in use: `remove_abandoned` leaves it alone
    return fd, name


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
    """Yield a temporary path next to `path`; rename it into place when the block succeeds.

    The temporary file (0600) stays locked while the block runs, so a later
    `remove_abandoned(folder, f".{path.name}.", ".part")` removes it only once its writer is gone.
    """
    fd: int | None
    fd, tmp_name = _mkstemp(path)
    if sys.platform == "win32":  # Windows cannot rename a file that is open; it has no flock either
        os.close(fd)
        fd = None
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
    finally:
        if fd is not None:
            os.close(fd)
    if durable:
        fsync_dir(path.parent)


# ----------------------------------------------------------------- leftovers of killed work


def _try_lock(fd: int) -> bool:
    """Take an exclusive advisory lock on `fd` without waiting; False when another holds it."""
    if sys.platform == "win32":
        return True  # Windows will not delete an open file anyway
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


@contextlib.contextmanager
def staging_folder(parent: Path, prefix: str) -> Iterator[Path]:
    """A new private folder `parent/<prefix><random>` for work that is renamed into place at
    the end. It holds a lock while the block runs; on failure it is removed. The caller renames
    it (after `release_staging`) or it is removed when the block ends."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))  # 0700
    lock = os.open(folder / STAGING_LOCK, os.O_RDWR | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    fd: int | None = lock
    if sys.platform == "win32":  # an open file would stop the rename; age tells leftovers there
        os.close(lock)
        fd = None
    else:
        _try_lock(lock)
    try:
        yield folder
    finally:
        if fd is not None:
            os.close(fd)
        if folder.exists():
            with contextlib.suppress(OSError):
                remove_tree(folder)


def release_staging(folder: Path) -> None:
    """Drop the staging lock file just before the folder is renamed into place."""
    (folder / STAGING_LOCK).unlink(missing_ok=True)


def remove_abandoned(parent: Path, prefix: str, suffix: str = "", min_age: float = 600.0) -> list[Path]:
    """Remove what a killed backup, restore or export left in `parent`: files or folders named
    `<prefix>…<suffix>` whose writer is gone (their lock can be taken), or, for folders without
    a lock file, that were last changed more than `min_age` seconds ago. Returns what went."""
    import time

    removed: list[Path] = []
    try:
        entries = list(parent.iterdir())
    except OSError:
        return removed
    for entry in entries:
        name = entry.name
        if not (name.startswith(prefix) and name.endswith(suffix)) or name == prefix:
            continue
        try:
            info = os.lstat(entry)
            if stat.S_ISLNK(info.st_mode):
                continue
            lock = entry / STAGING_LOCK if stat.S_ISDIR(info.st_mode) else entry
            if os.path.lexists(lock) and sys.platform != "win32":
                if not _abandoned(lock):
                    continue
            elif time.time() - info.st_mtime < min_age:
                continue
            if stat.S_ISDIR(info.st_mode):
                remove_tree(entry)
            else:
                entry.unlink()
            removed.append(entry)
        except OSError:
            continue
    return removed


def _abandoned(lock: Path) -> bool:
    if sys.platform == "win32":
        return False
    fd = os.open(lock, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        return _try_lock(fd)
    finally:
        os.close(fd)


# ----------------------------------------------------------------- paths from the database


def check_rel_path(rel: object, temporary: bool = False) -> tuple[str, ...]:
    """The parts of a journal-relative photo path, or UnsafePath. Looks only at the text.

    A photo lives at `photos/<folder>/…/<name>`; an import in progress at
    `photos/<date>/.import-<hex>.part` (`temporary`). Nothing else is a path the journal makes:
    no `..`, no `.` or empty part, no absolute path or drive, no backslash, no control
    character, and a photo never sits at a temporary import name.
    """
    if not isinstance(rel, str) or not rel:
        raise UnsafePath("an empty or missing path")
    if len(rel) > MAX_REL_PATH:
        raise UnsafePath(f"a path too long to be the journal's own ({len(rel)} characters)")
    text = shown(rel)
    if rel.startswith("/") or "\\" in rel or ":" in rel or "\x00" in rel or text != rel:
        raise UnsafePath(f"not a path inside the journal: {text}")
    parts = tuple(rel.split("/"))
    if any(part in ("", ".", "..") for part in parts):
        raise UnsafePath(f"a path that climbs out of photos/: {text}")
    if parts[0] != PHOTOS_DIR or len(parts) < 3:
        raise UnsafePath(f"a path outside photos/: {text}")
    is_temp = TEMP_IMPORT.fullmatch(parts[-1]) is not None
    if temporary and not (is_temp and len(parts) == 3):
        raise UnsafePath(f"not a temporary name the journal makes: {text}")
    if not temporary and is_temp:
        raise UnsafePath(f"a photo recorded at a temporary import name: {text}")
    return parts


def confined_path(root: Path, rel: object, temporary: bool = False) -> Path:
    """Where the journal-relative path `rel` (from the database or a backup) is under `root`.

    Every reader of such a path goes through here: crash recovery, verify, trash, backup,
    export, sheets, the cache. UnsafePath when the text is not a path the journal makes
    (`check_rel_path`) or when a part of it on disk is a symbolic link (never followed) or
    not a folder/regular file where one belongs. A path that does not exist (yet) is fine:
    its caller reports it missing.
    """
    parts = check_rel_path(rel, temporary)
    path = root
    for index, part in enumerate(parts):
        path = path / part
        try:
            info = os.lstat(path)
        except (FileNotFoundError, NotADirectoryError):
            return root.joinpath(*parts)
        if stat.S_ISLNK(info.st_mode):
            raise UnsafePath(f"a symbolic link where the journal keeps a photo: {shown(str(rel))}")
        last = index == len(parts) - 1
        if not last and not stat.S_ISDIR(info.st_mode):
            return root.joinpath(*parts)  # a file where a folder belongs: the photo is missing
        if last and not stat.S_ISREG(info.st_mode):
            raise UnsafePath(f"not a regular file where the journal keeps a photo: {shown(str(rel))}")
    return path


def open_confined(root: Path, rel: object) -> BinaryIO:
    """Open a photo for reading through `confined_path`, never through a symbolic link."""
    path = confined_path(root, rel)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
    return os.fdopen(fd, "rb")


def journal_containing(path: Path) -> Path | None:
    """The journal folder that `path` is (or would be) inside, if any: its folder or one above
    holds a journal database. Symbolic links in `path` are followed, since a write would be."""
    target = Path(path).expanduser()
    try:
        resolved = target.resolve()
    except (OSError, RuntimeError):
        resolved = Path(os.path.abspath(target))
    for folder in (resolved, *resolved.parents):
        with contextlib.suppress(OSError):
            if (folder / JOURNAL_DB).exists():
                return folder
    return None


def refuse_inside_journal(path: Path, what: str) -> None:
    """JournalError when writing `path` would put a file inside a journal folder: only the
    journal itself writes there (an output named journal.sqlite3 would destroy it)."""
    journal = journal_containing(path)
    if journal is not None:
        raise JournalError(
            f"{what} cannot be written inside the journal folder {shown(str(journal))}; "
            f"choose a place outside it: {shown(str(path))}"
        )


_flush_pool: ThreadPoolExecutor | None = None
_flush_pool_lock = threading.Lock()


def _flusher() -> ThreadPoolExecutor:
    global _flush_pool
    with _flush_pool_lock:
        if _flush_pool is None:
            from concurrent.futures import ThreadPoolExecutor

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
    import hashlib

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
        from concurrent.futures import Future

        flushed = Future()
        try:
            _sync_and_close(fd)
            flushed.set_result(None)
        except OSError as exc:
            flushed.set_exception(exc)
    return digest.hexdigest(), size, flushed


def sha256_file(path: Path) -> str:
    """SHA-256 of a file in the journal, opened without following a symbolic link."""
    import hashlib

    digest = hashlib.sha256()
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as handle:
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

"""`verify`: is every photo there, unchanged, and known? `--repair` fixes what can be fixed.

Repair never deletes an original: an unknown file under photos/ is adopted into the journal
when it is a photo we can read, or moved to `<journal>/quarantine/` when it is not. A symbolic
link or any other non-file found there is never followed or read: repair moves the link itself
to quarantine. A photo whose recorded path is not one the journal makes is reported, not
touched. A photo that changed on disk is reported; `accept_changed` records its new content
as the original when the user says so.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from journal.core import imaging
from journal.core.errors import JournalError, NotFound, UnsafePath, shown
from journal.core.fsutil import check_rel_path, make_private_dir, sha256_file
from journal.core.journal import Journal
from journal.core.models import Angle, Kind, Photo

QUARANTINE_DIR = "quarantine"
_DATE_DIR = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class VerifyReport:
    checked: int = 0  # photos in the journal once verify is done (after repair: with those adopted)
    problems: list[str] = field(default_factory=list)  # the journal is not whole
    notes: list[str] = field(default_factory=list)  # derived data missing: harmless, repairable
    repaired: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.problems


def verify(
    journal: Journal, repair: bool = False, progress: Callable[[int, int], None] | None = None
) -> VerifyReport:
    report = VerifyReport()
    report.problems += [f"database: {p}" for p in journal.store.integrity_check()]
    if not report.problems:
        report.problems += [f"database: {p}" for p in journal.store.row_problems()]
    photos = journal.store.photos(deleted=None)
    known: set[str] = {str(p[2].get("tmp")) for p in journal.store.pending() if isinstance(p[2], dict)}
    for index, photo in enumerate(photos, 1):
        known.add(photo.rel_path)
        if progress:
            progress(index, len(photos))
        try:
            path = journal.photo_path(photo)
        except UnsafePath as exc:
            report.problems.append(f"damaged photo record {photo.id}, not acted on: {exc}")
            continue
        report.checked += 1
        if not path.is_file():
            report.problems.append(f"missing: {photo.rel_path} (imported from {shown(photo.original_name)})")
            continue
        if sha256_file(path) != photo.sha256:
            report.problems.append(
                f"changed on disk (hash differs): {photo.rel_path} "
                f"(verify --accept-changed {photo.rel_path} keeps the new content as the original)"
            )
            continue
        if not journal.cache.thumbnail_path(photo.sha256, photo.turn).exists():
            if repair:
                try:
                    journal.cache.ensure_thumbnail(photo.sha256, path, photo.turn)
                    report.repaired.append(f"rebuilt thumbnail: {photo.rel_path}")
                except imaging.ImageRefused as exc:
                    report.problems.append(f"cannot decode {photo.rel_path}: {exc}")
            else:
                report.notes.append(f"thumbnail missing (verify --repair rebuilds it): {photo.rel_path}")

    for path, kind in _entries_under(journal.library.photos_dir):
        rel = path.relative_to(journal.folder).as_posix()
        if rel in known:
            continue
        if kind != "file":
            what = f"{kind} under photos/, not followed"
            if repair:
                report.repaired.append(_quarantine(journal, path, what))
            else:
                report.problems.append(f"{what}: {shown(rel)}")
            continue
        if not repair:
            report.problems.append(f"unknown file under photos/: {shown(rel)}")
            continue
        line = _adopt_or_quarantine(journal, path)
        report.repaired.append(line)
        if line.startswith("adopted "):
            report.checked += 1
    return report


def accept_changed(journal: Journal, rel_path: str) -> Photo:
    """Keep the new content of a photo that changed on disk as its original (the user named
    it: this is the confirmation). Raises NotFound for a path the journal does not list."""
    check_rel_path(rel_path)
    for photo in journal.store.photos(deleted=None):
        if photo.rel_path == rel_path:
            journal._writable()
            return journal.library.accept_changed(photo)
    raise NotFound(f"the journal lists no photo at {shown(rel_path)}")


def _entries_under(root: Path) -> list[tuple[Path, str]]:
    """Everything under photos/ with what it is: "file", "symbolic link", "special file".
    Links are listed, never followed (a link to a folder is not walked into)."""
    try:
        if stat.S_ISLNK(os.lstat(root).st_mode) or not root.is_dir():
            return []
    except OSError:
        return []
    found: list[tuple[Path, str]] = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        for name in [*files, *dirs]:
            path = Path(folder, name)
            mode = os.lstat(path).st_mode
            if stat.S_ISLNK(mode):
                found.append((path, "symbolic link"))
            elif stat.S_ISREG(mode):
                found.append((path, "file"))
            elif not stat.S_ISDIR(mode):
                found.append((path, "special file"))
    return sorted(found)


def _adopt_or_quarantine(journal: Journal, path: Path) -> str:
    rel = path.relative_to(journal.folder).as_posix()
    try:
        check_rel_path(rel)
    except UnsafePath:
        return _quarantine(journal, path, "a name the journal cannot keep")
    sha = sha256_file(path)
    if journal.store.photo_by_hash(sha) is not None:
        return _quarantine(journal, path, "a second copy of a photo the journal already has")
    try:
        with imaging.opened(path) as im:
            info = imaging.read_info(im)
    except imaging.ImageRefused as exc:
        return _quarantine(journal, path, str(exc))
    day = _date_for(path, info.taken_at)
    session = journal.find_or_add_session(day, Kind.TREATMENT)
    angle = _angle_from_name(path.name)
    try:
        journal.library.adopt_file(path, session, angle)
    except imaging.ImageRefused as exc:
        return _quarantine(journal, path, str(exc))
    except JournalError as exc:
        return _quarantine(journal, path, str(exc))
    return f"adopted {shown(rel)} into the session of {day.isoformat()} as {angle.value}"


def _quarantine(journal: Journal, path: Path, reason: str) -> str:
    target_dir = make_private_dir(journal.folder / QUARANTINE_DIR)
    target = target_dir / path.name
    number = 2
    while os.path.lexists(target):
        target = target_dir / f"{path.stem}-{number}{path.suffix}"
        number += 1
    os.replace(path, target)  # a link is moved as the link itself
    return (
        f"moved {shown(path.relative_to(journal.folder).as_posix())} to "
        f"{QUARANTINE_DIR}/{shown(target.name)} ({reason})"
    )


def _date_for(path: Path, taken_at: dt.datetime | None) -> dt.date:
    if _DATE_DIR.match(path.parent.name):
        try:
            return dt.date.fromisoformat(path.parent.name)
        except ValueError:
            pass
    if taken_at is not None:
        return taken_at.date()
    try:
        return dt.date.fromtimestamp(path.stat().st_mtime)
    except (ValueError, OverflowError, OSError):
        return dt.date.today()


def _angle_from_name(name: str) -> Angle:
    head = name.split("-", 1)[0].lower()
    return Angle(head) if head in {a.value for a in Angle} else Angle.OTHER

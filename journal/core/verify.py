"""`verify`: is every photo there, unchanged, and known? `--repair` fixes what can be fixed.

Repair never deletes an original: an unknown file under photos/ is adopted into the journal
when it is a photo we can read, or moved to `<journal>/quarantine/` when it is not.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from journal.core import imaging
from journal.core.fsutil import make_private_dir, sha256_file
from journal.core.journal import Journal
from journal.core.models import Angle, Kind

QUARANTINE_DIR = "quarantine"
_DATE_DIR = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class VerifyReport:
    checked: int = 0
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
    photos = journal.store.photos(deleted=None)
    known: set[str] = set()
    for index, photo in enumerate(photos, 1):
        path = journal.photo_path(photo)
        known.add(photo.rel_path)
        report.checked += 1
        if progress:
            progress(index, len(photos))
        if not path.is_file():
            report.problems.append(f"missing: {photo.rel_path} (imported from {photo.original_name})")
            continue
        if sha256_file(path) != photo.sha256:
            report.problems.append(f"changed on disk (hash differs): {photo.rel_path}")
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

    for path in _files_under(journal.library.photos_dir):
        rel = path.relative_to(journal.folder).as_posix()
        if rel in known:
            continue
        if not repair:
            report.problems.append(f"unknown file under photos/: {rel}")
            continue
        report.repaired.append(_adopt_or_quarantine(journal, path))
    return report


def _files_under(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    found = []
    for folder, _dirs, files in os.walk(root):
        found += [Path(folder, name) for name in files]
    return sorted(found)


def _adopt_or_quarantine(journal: Journal, path: Path) -> str:
    rel = path.relative_to(journal.folder).as_posix()
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
    return f"adopted {rel} into the session of {day.isoformat()} as {angle.value}"


def _quarantine(journal: Journal, path: Path, reason: str) -> str:
    target_dir = make_private_dir(journal.folder / QUARANTINE_DIR)
    target = target_dir / path.name
    number = 2
    while target.exists():
        target = target_dir / f"{path.stem}-{number}{path.suffix}"
        number += 1
    os.replace(path, target)
    return f"moved {path.relative_to(journal.folder).as_posix()} to {QUARANTINE_DIR}/{target.name} ({reason})"


def _date_for(path: Path, taken_at: dt.datetime | None) -> dt.date:
    if _DATE_DIR.match(path.parent.name):
        try:
            return dt.date.fromisoformat(path.parent.name)
        except ValueError:
            pass
    if taken_at is not None:
        return taken_at.date()
    return dt.date.fromtimestamp(path.stat().st_mtime)


def _angle_from_name(name: str) -> Angle:
    head = name.split("-", 1)[0].lower()
    return Angle(head) if head in {a.value for a in Angle} else Angle.OTHER

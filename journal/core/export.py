"""Export as a plain folder anyone can read without the app.

Photos are re-encoded upright from their pixels only, so no EXIF, GPS or maker notes leave
the journal; `sessions.csv` and `journal.md` carry the dates, details, ratings and notes.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from journal.core import imaging
from journal.core.course import CoursePosition, course_positions
from journal.core.dates import long_date
from journal.core.errors import Cancelled, JournalError, describe_os_error
from journal.core.fsutil import fsync_dir, remove_tree, safe_stem, write_atomic
from journal.core.journal import Journal
from journal.core.models import RATING_LABELS, RATINGS, Angle, Kind, Photo, Session

EXPORT_MAX_EDGE = 12_000  # a 200 MP original is exported at ~100 MP rather than all at once
Progress = Callable[[int, int], bool | None]
Positions = dict[int, CoursePosition]

CSV_COLUMNS = [
    "date",
    "kind",
    "session",
    "week",
    "device",
    "needle_depth_mm",
    "product",
    "provider",
    "areas",
    "pain",
    *RATINGS,
    "photos",
    "folder",
    "notes",
]


def export_folder(journal: Journal, target: Path, progress: Progress | None = None) -> Path:
    target = Path(target)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise JournalError(f"export needs a new or empty folder; {target} is not empty")
    try:
        parent = target.resolve().parent
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.exporting-", dir=parent))
    except OSError as exc:
        raise JournalError(f"cannot export: {describe_os_error(exc, target)}") from exc
    try:
        _write_export(journal, staging, progress)
        if target.exists():
            target.rmdir()
        os.replace(staging, target)
        fsync_dir(target.parent)
    except OSError as exc:
        with contextlib.suppress(OSError):
            remove_tree(staging)
        raise JournalError(f"cannot export: {describe_os_error(exc, target)}") from exc
    except BaseException:
        with contextlib.suppress(OSError):
            remove_tree(staging)
        raise
    return target


def session_folder_name(session: Session, number: int | None) -> str:
    label = f"session {number}" if number is not None else "check-in"
    return f"{session.date.isoformat()} {label}"


def _write_export(journal: Journal, root: Path, progress: Progress | None) -> None:
    sessions = journal.sessions()
    positions = course_positions(sessions)
    photos = journal.photos()
    by_session: dict[int, list[Photo]] = {}
    for photo in photos:
        by_session.setdefault(photo.session_id, []).append(photo)
    exported: dict[int, list[str]] = {}
    done = 0
    for session in sessions:
        folder_name = session_folder_name(session, positions[session.id].number)
        names: list[str] = []
        ordered = sorted(by_session.get(session.id, []), key=_angle_order)
        for photo, name in zip(ordered, export_names(ordered), strict=True):
            done += 1
            if progress and progress(done, len(photos)) is False:
                raise Cancelled()
            folder = root / folder_name
            folder.mkdir(exist_ok=True)
            _export_photo(journal, photo, folder / name)
            names.append(f"{folder_name}/{name}")
        exported[session.id] = names
    write_atomic(root / "sessions.csv", _csv(sessions, positions, exported).encode("utf-8"), 0o644)
    write_atomic(
        root / "journal.md", _markdown(journal, sessions, positions, exported).encode("utf-8"), 0o644
    )


def _angle_order(photo: Photo) -> tuple[int, int]:
    order = [Angle.FRONT, Angle.LEFT, Angle.RIGHT, Angle.OTHER]
    return order.index(photo.angle), photo.id


def export_names(photos: list[Photo]) -> list[str]:
    """File names for one session's photos, in order: the angle and the original name
    ("front-IMG_1234.jpg"), numbered only where two would clash ("front-IMG_1234-1.jpg",
    "-2", ...; padded so that "-02" sorts before "-10")."""
    stems = [f"{photo.angle.value}-{safe_stem(photo.original_name)}" for photo in photos]
    extensions = [".png" if photo.format == "PNG" else ".jpg" for photo in photos]
    # Compared without case: "IMG_1.jpg" and "img_1.JPG" are one file on Windows and macOS.
    keys = [(stem + ext).lower() for stem, ext in zip(stems, extensions, strict=True)]
    clashes = {key: keys.count(key) for key in keys if keys.count(key) > 1}
    seen: dict[str, int] = {}
    names = []
    for stem, ext, key in zip(stems, extensions, keys, strict=True):
        if key not in clashes:
            names.append(stem + ext)
            continue
        seen[key] = seen.get(key, 0) + 1
        names.append(f"{stem}-{seen[key]:0{len(str(clashes[key]))}d}{ext}")
    return names


def _export_photo(journal: Journal, photo: Photo, out: Path) -> None:
    """Re-encode from pixels only: the output carries no EXIF, GPS, XMP or maker notes."""
    source = journal.photo_path(photo)
    try:
        image = imaging.load_upright(source, EXPORT_MAX_EDGE, turn=photo.turn)
    except imaging.ImageRefused as exc:
        raise JournalError(f"cannot export {photo.rel_path}: {exc}") from exc
    if out.suffix == ".png":
        image.save(out, "PNG")
    else:
        image.save(out, "JPEG", quality=95)


def _csv(sessions: list[Session], positions: Positions, exported: dict[int, list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for s in sessions:
        pos = positions[s.id]
        files = exported.get(s.id, [])
        writer.writerow(
            [
                s.date.isoformat(),
                s.kind.value,
                pos.number if pos.number is not None else "",
                pos.week if pos.week is not None else "",
                s.device or "",
                s.needle_depth_mm if s.needle_depth_mm is not None else "",
                s.product or "",
                s.provider or "",
                s.areas or "",
                _blank(s.pain),
                *(_blank(getattr(s, r)) for r in RATINGS),
                len(files),
                files[0].split("/")[0] if files else "",
                s.notes,
            ]
        )
    return buffer.getvalue()


def _blank(value: object) -> object:
    return "" if value is None else value


def _markdown(
    journal: Journal, sessions: list[Session], positions: Positions, exported: dict[int, list[str]]
) -> str:
    settings = journal.settings
    lines = [
        f"# {settings.name}",
        "",
        f"Treatment: {settings.treatment}. Exported from Progress Journal: a personal record, "
        "not a medical assessment.",
        "",
    ]
    for s in sessions:
        pos = positions[s.id]
        title = pos.label(s.kind)
        lines += [f"## {long_date(s.date)} — {title}", ""]
        details = [
            ("Kind", "treatment" if s.kind is Kind.TREATMENT else "check-in (photos only)"),
            ("Device", s.device),
            ("Needle depth", f"{s.needle_depth_mm:g} mm" if s.needle_depth_mm is not None else None),
            ("Product", s.product),
            ("Provider", s.provider),
            ("Areas", s.areas),
            ("Pain", f"{s.pain}/10" if s.pain is not None else None),
        ]
        lines += [f"- {label}: {value}" for label, value in details if value]
        rated = [(RATING_LABELS[r], getattr(s, r)) for r in RATINGS if getattr(s, r) is not None]
        if rated:
            lines += ["", "| Rating (0–10, self-assessed) | Score |", "| --- | --- |"]
            lines += [f"| {label} | {value} |" for label, value in rated]
        if s.notes.strip():
            lines += ["", *(f"> {line}" if line else ">" for line in s.notes.strip().splitlines())]
        files = exported.get(s.id, [])
        if files:
            lines += ["", *(f"![{Path(f).stem}](<{f}>)" for f in files)]
        lines.append("")
    return "\n".join(lines)

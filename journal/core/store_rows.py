"""What the store does with values and rows that is not SQL: the column order a session or a
photo is selected in, rows of those columns turned into `Session` and `Photo` (or `DamagedRow`,
worded as `verify` words it), and values adapted for the database.

SQL itself stays in `store.py` (only that module runs it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from journal.core import rows
from journal.core.errors import DamagedRow
from journal.core.models import Angle, EyePoints, Kind, Photo, Session
from journal.core.turn import Turn

T = TypeVar("T")

# The columns a session or photo row is selected in: the converters below read them by position.
SESSION_COLUMNS = (
    "id, session_date, kind, notes, device, needle_depth_mm, product, provider, areas, pain, "
    "redness, bumps, active_acne, scar_visibility, next_due, deleted_at"
)
PHOTO_COLUMNS = (
    "id, session_id, angle, original_name, rel_path, sha256, size_bytes, format, width, height, "
    "orientation, taken_at, taken_at_from_file, imported_at, eye_left_x, eye_left_y, "
    "eye_right_x, eye_right_y, eyes_source, eyes_checked, note, deleted_at, turn, eyes_reason"
)


def iso(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _datetime(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


def to_db(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Kind | Angle):
        return value.value
    if isinstance(value, bool):
        return int(value)
    return value


# Rows become objects thousands at a time (a timeline of 1,000 sessions): the enum members and
# turns are looked up in plain dicts, which is several times cheaper than calling the types.
_KINDS = {kind.value: kind for kind in Kind}
_ANGLES = {angle.value: angle for angle in Angle}
_TURNS = {code: Turn.from_exif(code) for code in range(1, 9)}


def _damaged(table: str, columns: str, row: Sequence[Any], error: Exception) -> DamagedRow:
    """What is wrong with a row that did not become an object, in the words `verify` uses."""
    names = [name.strip().split(" AS ")[-1] for name in columns.split(",")]
    reason = None
    if len(names) == len(row):
        reason = rows.row_problem(table, names, row)
    return DamagedRow(reason or f"{table} row {rows.short(row[0] if row else '?')}: {error}")


def _read(table: str, columns: str, make: Callable[[Sequence[Any]], T], row: Sequence[Any]) -> T:
    """`make(row)`; a value the app never writes is a DamagedRow that says where it is."""
    try:
        return make(row)
    except (ValueError, TypeError, KeyError, IndexError) as error:
        raise _damaged(table, columns, row, error) from error


def session_from_row(row: Sequence[Any]) -> Session:
    return _read("session", SESSION_COLUMNS, _session_of, row)


def _session_of(row: Sequence[Any]) -> Session:
    kind = _KINDS.get(row[2])
    return Session(
        id=row[0],
        date=dt.date.fromisoformat(row[1]),
        kind=kind if kind is not None else Kind(row[2]),
        notes=row[3],
        device=row[4],
        needle_depth_mm=row[5],
        product=row[6],
        provider=row[7],
        areas=row[8],
        pain=row[9],
        redness=row[10],
        bumps=row[11],
        active_acne=row[12],
        scar_visibility=row[13],
        next_due=_date(row[14]),
        deleted_at=_datetime(row[15]),
    )


def photo_from_row(row: Sequence[Any]) -> Photo:
    return _read("photo", PHOTO_COLUMNS, _photo_of, row)


def _photo_of(row: Sequence[Any]) -> Photo:
    turn = _TURNS.get(row[22]) or Turn.from_exif(row[22])
    width, height = turn.size(row[8], row[9])  # the columns hold the file's upright size
    eyes = None
    if row[14] is not None and row[16] is not None:
        eyes = EyePoints((row[14], row[15]), (row[16], row[17]), row[18] or "auto")
    angle = _ANGLES.get(row[2])
    return Photo(
        id=row[0],
        session_id=row[1],
        angle=angle if angle is not None else Angle(row[2]),
        original_name=row[3],
        rel_path=row[4],
        sha256=row[5],
        size_bytes=row[6],
        format=row[7],
        width=width,
        height=height,
        orientation=row[10],
        taken_at=_datetime(row[11]),
        taken_at_from_file=bool(row[12]),
        imported_at=dt.datetime.fromisoformat(row[13]),
        eyes=eyes,
        eyes_checked=bool(row[19]),
        note=row[20],
        deleted_at=_datetime(row[21]),
        turn=turn,
        eyes_reason=row[23],
    )

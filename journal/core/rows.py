"""What a valid row of each table holds: one table-driven place, used wherever rows come from a
file the app did not just write (a restored backup, `verify`).

`RULES` has one entry per column: a new column joins with one line (a test checks that every
column of the schema has its rule). A rule returns None for a good value, else the reason.
Settings are read by `read_settings`, the same function the store uses to load them, so a
restore refuses exactly what the app could not read.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import types
import typing
from collections.abc import Callable, Iterable, Sequence
from dataclasses import fields
from typing import Any

from journal.core.errors import JournalError
from journal.core.fsutil import check_rel_path
from journal.core.models import Angle, EyesReason, JournalSettings, Kind

Rule = Callable[[Any], "str | None"]

MAX_TEXT = 1_000_000  # characters in one free-text value (notes)
MAX_NAME = 4_096
MAX_JSON = 1_000_000  # characters in one setting or pending-import payload
MAX_PIXELS_EDGE = 1_000_000
EYE_RANGE = (-1.0, 2.0)  # normalised; a point dragged a little past the photo's edge is kept
_HEX64 = re.compile(r"[0-9a-f]{64}")
_JOURNAL_ID = re.compile(r"[0-9a-f]{32}")
SETTINGS_KEYS_APP = ("journal_id", "created_at")  # kept beside the JournalSettings fields


def _nullable(rule: Rule) -> Rule:
    def check(value: Any) -> str | None:
        return None if value is None else rule(value)

    return check


def integer(lo: int | None = None, hi: int | None = None, nullable: bool = False) -> Rule:
    def check(value: Any) -> str | None:
        if not isinstance(value, int) or isinstance(value, bool):
            return f"not a whole number ({_kind(value)})"
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            return f"{value} is outside {lo}–{hi}"
        return None

    return _nullable(check) if nullable else check


def number(lo: float, hi: float, nullable: bool = False, above: bool = False) -> Rule:
    """A finite number in [lo, hi] (or (lo, hi] with `above`)."""

    def check(value: Any) -> str | None:
        if not isinstance(value, int | float) or isinstance(value, bool):
            return f"not a number ({_kind(value)})"
        if not math.isfinite(value) or value > hi or value < lo or (above and value == lo):
            return f"{value!r} is outside {lo}–{hi}"
        return None

    return _nullable(check) if nullable else check


def text(limit: int = MAX_TEXT, nullable: bool = False) -> Rule:
    def check(value: Any) -> str | None:
        if not isinstance(value, str):
            return f"not text ({_kind(value)})"
        if len(value) > limit:
            return f"text longer than {limit} characters"
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "text that is not valid Unicode"
        return None

    return _nullable(check) if nullable else check


def one_of(values: Iterable[str | None], nullable: bool = False) -> Rule:
    allowed = frozenset(values)

    def check(value: Any) -> str | None:
        return None if value in allowed else f"{short(value)} is not one of {sorted(map(str, allowed))}"

    return _nullable(check) if nullable else check


def iso_date(nullable: bool = False) -> Rule:
    def check(value: Any) -> str | None:
        if not isinstance(value, str):
            return f"not a date ({_kind(value)})"
        try:
            dt.date.fromisoformat(value)  # what the store reads it with
        except ValueError:
            return f"{short(value)} is not a date"
        return None

    return _nullable(check) if nullable else check


def iso_datetime(nullable: bool = False) -> Rule:
    def check(value: Any) -> str | None:
        if not isinstance(value, str):
            return f"not a date and time ({_kind(value)})"
        try:
            dt.datetime.fromisoformat(value)
        except ValueError:
            return f"{short(value)} is not a date and time"
        return None

    return _nullable(check) if nullable else check


def sha256_hex(value: Any) -> str | None:
    if isinstance(value, str) and _HEX64.fullmatch(value):
        return None
    return f"{short(value)} is not a SHA-256"


def photo_path(value: Any) -> str | None:
    try:
        check_rel_path(value)
    except JournalError as exc:
        return str(exc)
    return None


def pending_path(value: Any) -> str | None:
    try:
        check_rel_path(value, temporary=isinstance(value, str) and value.rsplit("/", 1)[-1].startswith("."))
    except JournalError as exc:
        return str(exc)
    return None


def image_format(value: Any) -> str | None:
    from journal.core.imaging import SUPPORTED_FORMATS  # Pillow loads only when rows are checked

    return None if value in SUPPORTED_FORMATS else f"{short(value)} is not an image format the app reads"


def json_text(value: Any) -> str | None:
    if not isinstance(value, str):
        return f"not JSON text ({_kind(value)})"
    if len(value) > MAX_JSON:
        return f"JSON longer than {MAX_JSON} characters"
    try:
        json.loads(value)
    except (ValueError, RecursionError):
        return "not valid JSON"
    return None


_FLAG = integer(0, 1)
_RATING = integer(0, 10, nullable=True)
_EYE = number(*EYE_RANGE, nullable=True)

RULES: dict[str, dict[str, Rule]] = {
    "setting": {
        "key": text(200),
        "value": json_text,
    },
    "session": {
        "id": integer(1),
        "session_date": iso_date(),
        "kind": one_of(k.value for k in Kind),
        "notes": text(),
        "device": text(MAX_NAME, nullable=True),
        "needle_depth_mm": number(0, 5, nullable=True, above=True),
        "product": text(MAX_NAME, nullable=True),
        "provider": text(MAX_NAME, nullable=True),
        "areas": text(MAX_NAME, nullable=True),
        "pain": _RATING,
        "redness": _RATING,
        "bumps": _RATING,
        "active_acne": _RATING,
        "scar_visibility": _RATING,
        "next_due": iso_date(nullable=True),
        "created_at": iso_datetime(),
        "deleted_at": iso_datetime(nullable=True),
    },
    "photo": {
        "id": integer(1),
        "session_id": integer(1),
        "angle": one_of(a.value for a in Angle),
        "original_name": text(MAX_NAME),
        "rel_path": photo_path,
        "sha256": sha256_hex,
        "size_bytes": integer(1),
        "format": image_format,
        "width": integer(1, MAX_PIXELS_EDGE),
        "height": integer(1, MAX_PIXELS_EDGE),
        "orientation": integer(1, 8),
        "taken_at": iso_datetime(nullable=True),
        "taken_at_from_file": _FLAG,
        "imported_at": iso_datetime(),
        "eye_left_x": _EYE,
        "eye_left_y": _EYE,
        "eye_right_x": _EYE,
        "eye_right_y": _EYE,
        "eyes_source": one_of(("auto", "manual"), nullable=True),
        "eyes_checked": _FLAG,
        "note": text(),
        "deleted_at": iso_datetime(nullable=True),
        "turn": integer(1, 8),
        "eyes_reason": one_of((r.value for r in EyesReason), nullable=True),
    },
    "session_photo": {
        "session_id": integer(1),
        "angle": one_of(a.value for a in Angle),
        "photo_id": integer(1),
    },
    "pending_import": {
        "id": integer(1),
        "rel_path": pending_path,
        "payload": json_text,
    },
}


def _eyes_whole(row: dict[str, Any]) -> str | None:
    points = [row.get(k) for k in ("eye_left_x", "eye_left_y", "eye_right_x", "eye_right_y")]
    if all(p is None for p in points) or all(p is not None for p in points):
        return None
    return "eye points are half there (some coordinates missing)"


# Checks that need more than one column of a row.
ROW_RULES: dict[str, list[Callable[[dict[str, Any]], str | None]]] = {
    "photo": [_eyes_whole],
}


def row_problem(table: str, columns: Sequence[str], row: Sequence[Any]) -> str | None:
    """The first thing wrong with one row, as '<table> row <id>: <column> <reason>'."""
    rules = RULES.get(table, {})
    values = dict(zip(columns, row, strict=True))
    label = f"{table} row {short(values.get('id', values.get('key', '?')))}"
    for column, value in values.items():
        rule = rules.get(column)
        reason = rule(value) if rule is not None else _untyped(value)
        if reason:
            return f"{label}: {column} {reason}"
    for check in ROW_RULES.get(table, []):
        reason = check(values)
        if reason:
            return f"{label}: {reason}"
    return None


def _untyped(value: Any) -> str | None:
    """A column without a rule still holds nothing but plain values (the test says add one)."""
    if value is None or isinstance(value, int | float | str):
        return text()(value) if isinstance(value, str) else None
    return f"holds {_kind(value)}"


# ----------------------------------------------------------------- settings


def read_settings(pairs: Iterable[tuple[Any, Any]]) -> tuple[JournalSettings, dict[str, Any]]:
    """The journal's settings from the `setting` table's (key, JSON) rows.

    The one reader of settings (the store loads them with it, a restore checks them with it).
    ValueError, naming the setting, when a value is not JSON, has the wrong type, is out of
    range (`JournalSettings.validated`) or, for `journal_id`, is not the 32 hex digits the app
    makes (it names the cache folder, so it is a path too).
    """
    values: dict[str, Any] = {}
    for key, raw in pairs:
        if not isinstance(key, str) or not isinstance(raw, str):
            raise ValueError(f"setting {short(key)} is not text")
        if len(raw) > MAX_JSON:
            raise ValueError(f"setting {short(key)} is too long")
        try:
            values[key] = json.loads(raw)
        except (ValueError, RecursionError):
            raise ValueError(f"setting {short(key)} is not valid JSON") from None
    hints = typing.get_type_hints(JournalSettings)
    known: dict[str, Any] = {}
    for field in fields(JournalSettings):
        if field.name in values:
            value = values[field.name]
            if not _has_type(value, hints[field.name]):
                raise ValueError(f"setting {field.name} has the wrong type ({_kind(value)})")
            known[field.name] = value
    try:
        settings = JournalSettings(**known).validated()
    except ValueError as exc:
        raise ValueError(f"settings: {exc}") from None
    journal_id = values.get("journal_id")
    if journal_id is not None and not (isinstance(journal_id, str) and _JOURNAL_ID.fullmatch(journal_id)):
        raise ValueError("setting journal_id is not a journal id")
    return settings, values


def _has_type(value: Any, hint: Any) -> bool:
    options = (
        typing.get_args(hint)
        if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union
        else (hint,)
    )
    for option in options:
        if option is type(None) and value is None:
            return True
        if option is int and isinstance(value, int) and not isinstance(value, bool):
            return True
        if option is float and isinstance(value, int | float) and not isinstance(value, bool):
            return True
        if option in (str, bool) and isinstance(value, option):
            return True
    return False


def _kind(value: Any) -> str:
    return {bytes: "binary data", str: "text", int: "a number", float: "a number"}.get(
        type(value), "nothing" if value is None else type(value).__name__
    )


def short(value: Any) -> str:
    """A value as a reason quotes it: escaped, at most 60 characters."""
    from journal.core.errors import shown

    text_value = value if isinstance(value, str) else repr(value)
    text_value = shown(text_value)
    return text_value if len(text_value) <= 60 else text_value[:57] + "…"

"""The journal's data model as plain dataclasses (DESIGN.md, "Data model")."""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum, StrEnum
from pathlib import PurePath
from typing import Any

from journal.core.turn import NO_TURN, Turn


class Kind(StrEnum):
    TREATMENT = "treatment"
    CHECK_IN = "check-in"


class Angle(StrEnum):
    FRONT = "front"
    LEFT = "left"
    RIGHT = "right"
    OTHER = "other"


def guess_angle(file_name: str) -> Angle:
    """front/left/right when the file name says so as a word ("IMG_1_left.jpg"), else other."""
    words = set(re.split(r"[^a-z]+", PurePath(file_name).stem.lower()))
    for angle in (Angle.FRONT, Angle.LEFT, Angle.RIGHT):
        if angle.value in words:
            return angle
    return Angle.OTHER


RATINGS: tuple[str, ...] = ("redness", "bumps", "active_acne", "scar_visibility")
RATING_LABELS: dict[str, str] = {
    "redness": "Redness",
    "bumps": "Bumps",
    "active_acne": "Active acne",
    "scar_visibility": "Scar visibility",
}

TEXT_FIELDS: tuple[str, ...] = ("notes", "device", "product", "provider", "areas")
SESSION_FIELDS: tuple[str, ...] = (
    "date",
    "kind",
    "notes",
    "device",
    "needle_depth_mm",
    "product",
    "provider",
    "areas",
    "pain",
    *RATINGS,
    "next_due",
)

INTERVAL_RANGE = (7, 90)
CHECKIN_OFFSET_RANGE = (1, 90)


class EyesReason(Enum):
    """Why no points were stored. The values are what the journal keeps."""

    NO_FACE = "no-face"
    ONE_EYE = "one-eye"
    EYES_HIDDEN = "eyes-hidden"
    EYE_DISTANCE = "eye-distance"
    EYE_ANGLE = "eye-angle"

    @property
    def text(self) -> str:
        return _EYES_REASON_TEXT[self]

    @classmethod
    def parse(cls, value: str | None) -> EyesReason | None:
        """A stored value, or None for one this version does not know (it came from elsewhere)."""
        try:
            return cls(value) if value is not None else None
        except ValueError:
            return None


_EYES_REASON_TEXT = {
    EyesReason.NO_FACE: "no face found",
    EyesReason.ONE_EYE: "only one eye can be seen",
    EyesReason.EYES_HIDDEN: "the eyes cannot be seen (covered, closed or behind dark glasses)",
    EyesReason.EYE_DISTANCE: "the eyes found are too close together or too far apart for the face",
    EyesReason.EYE_ANGLE: "the eye line found does not match the tilt of the face",
}


@dataclass(frozen=True)
class JournalSettings:
    name: str = "My journal"
    treatment: str = "Microneedling"
    interval_days: int = 28
    checkin_offset_days: int = 14
    planned_sessions: int | None = None
    reminder_lead_days: int = 1

    def validated(self) -> JournalSettings:
        """Return self, or raise ValueError naming the first bad value."""
        if not self.name.strip():
            raise ValueError("the journal needs a name")
        lo, hi = INTERVAL_RANGE
        if not lo <= self.interval_days <= hi:
            raise ValueError(f"session interval must be {lo}–{hi} days")
        lo, hi = CHECKIN_OFFSET_RANGE
        if not lo <= self.checkin_offset_days <= hi:
            raise ValueError(f"check-in offset must be {lo}–{hi} days")
        if self.planned_sessions is not None and not 1 <= self.planned_sessions <= 100:
            raise ValueError("planned number of sessions must be 1–100")
        if not 0 <= self.reminder_lead_days <= 14:
            raise ValueError("reminder lead time must be 0–14 days")
        return self


@dataclass(frozen=True)
class Session:
    id: int
    date: dt.date
    kind: Kind = Kind.TREATMENT
    notes: str = ""
    device: str | None = None
    needle_depth_mm: float | None = None
    product: str | None = None
    provider: str | None = None
    areas: str | None = None
    pain: int | None = None
    redness: int | None = None
    bumps: int | None = None
    active_acne: int | None = None
    scar_visibility: int | None = None
    next_due: dt.date | None = None
    deleted_at: dt.datetime | None = None

    def ratings(self) -> dict[str, int | None]:
        return {name: getattr(self, name) for name in RATINGS}


@dataclass(frozen=True)
class EyePoints:
    """Two eye centres, normalised to the upright photo (0..1), left as seen in the photo first."""

    left: tuple[float, float]
    right: tuple[float, float]
    source: str = "auto"  # "auto" or "manual"

    def in_pixels(self, width: int, height: int) -> tuple[tuple[float, float], tuple[float, float]]:
        return (
            (self.left[0] * width, self.left[1] * height),
            (self.right[0] * width, self.right[1] * height),
        )


@dataclass(frozen=True)
class Photo:
    """A stored photo. `width` and `height` are the size it is shown at: EXIF orientation and
    the user's `turn` applied (eye points are shares of that size)."""

    id: int
    session_id: int
    angle: Angle
    original_name: str
    rel_path: str
    sha256: str
    size_bytes: int
    format: str
    width: int
    height: int
    orientation: int
    taken_at: dt.datetime | None
    taken_at_from_file: bool
    imported_at: dt.datetime
    eyes: EyePoints | None = None
    eyes_checked: bool = False
    note: str = ""
    deleted_at: dt.datetime | None = None
    turn: Turn = NO_TURN
    eyes_reason: str | None = None  # why there are no eye points (journal.core.eyes.Reason value)

    def eye_pixels(self) -> tuple[tuple[float, float], tuple[float, float]] | None:
        """The eye points in the upright photo's pixels (left, right), or None without them."""
        return self.eyes.in_pixels(self.width, self.height) if self.eyes is not None else None


class NewSession:
    """A session made only when the first photo of an import lands, so that an import in which
    every file is a duplicate or refused leaves no empty session behind.

    Pass it where an import takes a session; every import of the batch shares it, and the
    first one to land creates the session (once, whichever worker gets there first).
    """

    def __init__(self, date: dt.date, kind: Kind, create: Callable[[], Session]) -> None:
        self.date = date
        self.kind = kind
        self._create = create
        self._lock = threading.Lock()
        self._session: Session | None = None

    @property
    def session(self) -> Session | None:
        """The session, once a photo landed in it; None until then."""
        return self._session

    def land(self) -> Session:
        """The session, created now if no photo landed before (the library calls this just
        before it records a photo)."""
        with self._lock:
            if self._session is None:
                self._session = self._create()
            return self._session


@dataclass(frozen=True)
class SessionSummary:
    """A session with what the timeline shows next to it."""

    session: Session
    photo_count: int
    front_photo: Photo | None


class EventKind(StrEnum):
    """What kind of change a JournalEvent reports (its value is the name the CLI and logs use)."""

    SESSION_ADDED = "session-added"  # also a session restored from the trash
    SESSION_CHANGED = "session-changed"  # `fields` says which
    SESSION_REMOVED = "session-removed"  # moved to the trash
    PHOTO_ADDED = "photo-added"  # imported, or restored from the trash
    PHOTO_CHANGED = "photo-changed"  # angle, note or eye points; `fields` says which
    PHOTO_REMOVED = "photo-removed"  # moved to the trash
    SETTINGS_CHANGED = "settings-changed"
    TRASH_EMPTIED = "trash-emptied"

    @property
    def about_sessions(self) -> bool:
        return self in (EventKind.SESSION_ADDED, EventKind.SESSION_CHANGED, EventKind.SESSION_REMOVED)

    @property
    def about_photos(self) -> bool:
        return self in (EventKind.PHOTO_ADDED, EventKind.PHOTO_CHANGED, EventKind.PHOTO_REMOVED)


@dataclass(frozen=True)
class JournalEvent:
    """What changed, for views that mirror the journal (Qt models turn these into signals)."""

    kind: EventKind
    session_id: int | None = None
    photo_id: int | None = None
    fields: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # A kind given by its name ("photo-added") is taken, and a misspelt one refused here.
        object.__setattr__(self, "kind", EventKind(self.kind))


@dataclass(frozen=True)
class ImportResult:
    """The outcome of importing one file: imported, duplicate or refused (with the reason)."""

    source: str
    status: str  # "imported", "duplicate", "refused"
    photo: Photo | None = None
    reason: str = ""
    existing: Photo | None = None

    @property
    def ok(self) -> bool:
        return self.status == "imported"

    def line(self) -> str:
        """The one-line report the CLI prints and the GUI lists."""
        if self.status == "imported" and self.photo is not None:
            return f"imported: {self.source} -> {self.photo.rel_path}"
        if self.status == "duplicate":
            where = ""
            if self.existing is not None:
                trashed = " in the trash" if self.existing.deleted_at is not None else ""
                where = f" (already stored{trashed} as {self.existing.rel_path})"
            return f"duplicate: {self.source}{where}"
        return f"refused: {self.source}: {self.reason}"


@dataclass
class TrashContents:
    sessions: list[Session] = field(default_factory=list)
    photos: list[Photo] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.sessions or self.photos)


def clean_session_value(name: str, value: Any) -> Any:
    """Validate one session field, returning the value to store, or raise ValueError."""
    if name == "date":
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            raise ValueError("date must be a calendar date")
        return value
    if name == "next_due":
        if value is not None and (not isinstance(value, dt.date) or isinstance(value, dt.datetime)):
            raise ValueError("next session date must be a calendar date")
        return value
    if name == "kind":
        return Kind(value)
    if name == "notes":
        return str(value or "")
    if name in TEXT_FIELDS:
        text = str(value).strip() if value is not None else ""
        return text or None
    if name == "needle_depth_mm":
        if value is None or value == "":
            return None
        depth = round(float(value), 2)
        if not 0 < depth <= 5:
            raise ValueError("needle depth must be between 0 and 5 mm")
        return depth
    if name == "pain" or name in RATINGS:
        if value is None or value == "":
            return None
        number = int(value)
        if not 0 <= number <= 10:
            raise ValueError(f"{name.replace('_', ' ')} must be 0–10")
        return number
    raise ValueError(f"unknown session field: {name}")

"""What a timelapse is made of: its options, plan, shots, steps and the film written.

Kept apart from `timelapse` (the work) so that the frame renderer and the encoders can use
these types without importing the module that drives them.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path

from journal.core.errors import JournalError
from journal.core.models import Angle, Photo, Session

Point = tuple[float, float]
# progress(done, total); returning False cancels (the operation raises Cancelled).
Progress = Callable[[int, int], bool | None]

SECONDS_RANGE = (0.1, 10.0)
SIZE_RANGE = (64, 4096)
DEFAULT_SIZE = (720, 900)
FADE_SECONDS = 0.4  # a cross-fade takes this long (at most half a session's time)
END_HOLD_SECONDS = 1.0  # the last session stays this much longer, so a loop ends visibly
VIDEO_FPS = 25
ANIMATION_FPS = 20  # WebP (and the preview): cross-fade steps of 50 ms
# GIF: cross-fade steps of 100 ms. Each step is a whole frame, Floyd–Steinberg dithered and
# compressed (some 20 ms of one core at 720p, and 0.5 MB): at 20 steps a second a 50-session
# film with fades took 12 s and 150 MB; at 10, half, and a fade still reads as one.
GIF_FPS = 10
LOOKAHEAD = 4  # frames rendered ahead of the encoder (two workers)


class Format(StrEnum):
    GIF = "gif"
    WEBP = "webp"
    MP4 = "mp4"
    WEBM = "webm"

    @property
    def is_video(self) -> bool:
        return self in (Format.MP4, Format.WEBM)

    @property
    def fps(self) -> int:
        """The film's ticks a second: how finely its sessions' times and fades are cut."""
        if self.is_video:
            return VIDEO_FPS
        return GIF_FPS if self is Format.GIF else ANIMATION_FPS

    @property
    def label(self) -> str:
        return {"gif": "GIF", "webp": "WebP", "mp4": "MP4 (H.264)", "webm": "WebM (VP9)"}[self.value]

    @classmethod
    def for_path(cls, path: Path) -> Format:
        suffix = path.suffix.lower().lstrip(".")
        try:
            return cls(suffix)
        except ValueError:
            raise TimelapseError(
                f"unknown timelapse format {path.suffix or '(no extension)'}: use .mp4, .webm, .gif or .webp"
            ) from None


class TimelapseError(JournalError):
    """A timelapse that cannot be made as asked (too few frames, bad options), and why."""


@dataclass(frozen=True)
class TimelapseOptions:
    angle: Angle = Angle.FRONT
    first: dt.date | None = None  # sessions on or after this day
    last: dt.date | None = None  # sessions on or before this day
    size: tuple[int, int] = DEFAULT_SIZE  # output width, height in pixels
    seconds_per_session: float = 0.5
    crossfade: bool = False
    dates: bool = True  # burn in the date and "week N"

    def validated(self) -> TimelapseOptions:
        """Return self, or raise TimelapseError naming the first bad value."""
        lo, hi = SECONDS_RANGE
        if not (lo <= self.seconds_per_session <= hi) or math.isnan(self.seconds_per_session):
            raise TimelapseError(f"seconds per session must be {lo:g}–{hi:g}")
        lo_px, hi_px = SIZE_RANGE
        if not all(lo_px <= side <= hi_px for side in self.size):
            raise TimelapseError(f"the size must be {lo_px}–{hi_px} pixels each way")
        if self.first is not None and self.last is not None and self.first > self.last:
            raise TimelapseError("the first date is after the last")
        if self.angle is Angle.OTHER:
            raise TimelapseError("a timelapse shows one angle: front, left or right")
        return self

    def for_format(self, fmt: Format) -> TimelapseOptions:
        """Video needs even sides (4:2:0 chroma): odd ones are rounded down by a pixel."""
        if not fmt.is_video:
            return self
        width, height = self.size
        return replace(self, size=(width - width % 2, height - height % 2))


@dataclass(frozen=True)
class Skip:
    session: Session
    reason: str

    def line(self) -> str:
        return f"skipped: {self.session.date.isoformat()}: {self.reason}"


@dataclass(frozen=True)
class Shot:
    """One session's frame: its photo, the eye points used (upright original pixels), its label."""

    session: Session
    photo: Photo
    eyes: tuple[Point, Point]
    label: str


@dataclass(frozen=True)
class TimelapsePlan:
    options: TimelapseOptions
    shots: list[Shot]
    skipped: list[Skip]

    def require_frames(self) -> None:
        """Raise TimelapseError unless there are at least two frames to show."""
        if len(self.shots) >= 2:
            return
        angle = self.options.angle.value
        what = "no session has" if not self.shots else "only one session has"
        span = ""
        if self.options.first or self.options.last:
            span = f" from {self.options.first or 'the start'} to {self.options.last or 'the end'}"
        raise TimelapseError(
            f"{what} a {angle} photo with eye points{span}; a timelapse needs at least two: nothing written"
        )


@dataclass(frozen=True)
class Step:
    """A stretch of the film: shot `a` blended towards shot `b` by `alpha`, for `frames` ticks."""

    a: int
    b: int
    alpha: float
    frames: int


@dataclass(frozen=True)
class Written:
    path: Path
    format: Format
    sessions: int
    frames: int
    seconds: float
    size: tuple[int, int]
    bytes: int

    def line(self) -> str:
        width, height = self.size
        return (
            f"written: {self.path} ({self.sessions} sessions, {self.seconds:.1f} s, "
            f"{width}x{height}, {self.format.label})"
        )

"""The ghost: an earlier session's photo shown over the live picture, and the target it sets.

By default the ghost is the first treatment's photo of the same angle: the baseline, which is
what a course is compared against (the apps people know only ghost the last photo). Any
session's photo can be picked instead. Its eye points, placed where the ghost is drawn over the
frame, are the target the live face is lined up on.

Spaces. The camera frame is the picture as the camera sees it (the person's left eye on the
frame's right). A saved photo is that frame, or its mirror image when the user chose to save
mirrored; a ghost is a saved photo, so it lives in "saved" space. Targets are given in camera
space, so that the hints can say which way the *person* should move whatever the preview does.
The view draws the ghost over its preview flipped when exactly one of "preview mirrored" and
"save mirrored" is on (`ghost_flipped_in_preview`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from journal.core import lighting
from journal.core.capture.frames import Pixels
from journal.core.eyes import Point
from journal.core.journal import Journal
from journal.core.models import Angle, Kind, Photo, Session

EyePair = tuple[Point, Point]

# Where the eyes sit in a well-framed portrait when there is no ghost yet (the first session):
# level, centred, the eye line a little above the middle, the eyes 18 % of the frame's height
# apart (a face filling a bit over half the picture's height).
FRAMING_EYE_LINE = 0.42
FRAMING_EYE_DISTANCE = 0.18


@dataclass(frozen=True)
class Ghost:
    photo: Photo
    session: Session
    pixels: Pixels  # the photo's preview, upright RGB, as saved
    eyes: EyePair | None  # in pixels of `pixels`, left of the photo first
    light_face: lighting.Measures | None  # over the face (needs eyes)
    light_whole: lighting.Measures  # over the middle of the photo

    @property
    def size(self) -> tuple[int, int]:
        return int(self.pixels.shape[1]), int(self.pixels.shape[0])


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float


class TargetKind(StrEnum):
    GHOST = "ghost"  # the ghost photo's eyes
    FRAMING = "framing"  # no ghost yet: a well-framed portrait


@dataclass(frozen=True)
class Target:
    eyes: EyePair  # camera-space pixels of the live frame, left of the frame first
    kind: TargetKind

    @property
    def eye_distance(self) -> float:
        return math.dist(*self.eyes)


def ghost_rect(ghost_size: tuple[int, int], frame_size: tuple[int, int]) -> Rect:
    """Where the ghost is drawn over a frame: as large as fits, centred (its whole picture shows).

    The view draws it here, and the target is taken from here, so what the person sees lined
    up is what the match measures, whatever the two pictures' shapes.
    """
    gw, gh = ghost_size
    fw, fh = frame_size
    scale = min(fw / gw, fh / gh)
    width, height = gw * scale, gh * scale
    return Rect((fw - width) / 2, (fh - height) / 2, width, height)


def ghost_flipped_in_preview(mirror_preview: bool, mirror_saved: bool) -> bool:
    return mirror_preview != mirror_saved


def mirrored(eyes: EyePair, width: float) -> EyePair:
    """The eye pair of the mirror image of a `width`-wide picture (still left of the picture first)."""
    (lx, ly), (rx, ry) = eyes
    return (width - rx, ry), (width - lx, ly)


@dataclass(frozen=True)
class Guide:
    """What the live face is lined up on: a ghost, or (front, no ghost) a standard framing."""

    ghost: Ghost | None
    angle: Angle
    mirror_saved: bool = False

    def target(self, frame_size: tuple[int, int]) -> Target | None:
        """The target in camera space for a frame of this size; None when there is nothing to
        line up on (the ghost has no eye points; a side view without a ghost)."""
        fw, fh = frame_size
        if self.ghost is not None:
            if self.ghost.eyes is None:
                return None
            rect = ghost_rect(self.ghost.size, frame_size)
            scale = rect.width / self.ghost.size[0]
            placed: EyePair = tuple(  # type: ignore[assignment]
                (rect.x + x * scale, rect.y + y * scale) for x, y in self.ghost.eyes
            )
            # The ghost is in saved space; the frame it is compared with is in camera space.
            eyes = mirrored(placed, fw) if self.mirror_saved else placed
            return Target(eyes, TargetKind.GHOST)
        if self.angle is not Angle.FRONT:
            return None
        half = FRAMING_EYE_DISTANCE * fh / 2
        y = FRAMING_EYE_LINE * fh
        return Target(((fw / 2 - half, y), (fw / 2 + half, y)), TargetKind.FRAMING)


# ----------------------------------------------------------------- choosing the ghost


def _best_photo(photos: list[Photo]) -> Photo | None:
    """A session's photo to ghost: one with eye points first, then the first imported."""
    if not photos:
        return None
    return min(photos, key=lambda p: (p.eyes is None, p.id))


def ghost_candidates(journal: Journal, angle: Angle) -> list[tuple[Session, Photo]]:
    """Every session (oldest first) with a photo of `angle`, with the photo it would ghost."""
    by_session: dict[int, list[Photo]] = {}
    for photo in journal.photos():
        if photo.angle is angle:
            by_session.setdefault(photo.session_id, []).append(photo)
    found = []
    for session in journal.sessions():
        best = _best_photo(by_session.get(session.id, []))
        if best is not None:
            found.append((session, best))
    return found


def default_ghost(journal: Journal, angle: Angle, current_session_id: int | None) -> Photo | None:
    """The first treatment's photo of `angle`; when that session has none, the earliest other
    session's. Never the session being photographed: it is not a reference for itself."""
    candidates = [(s, p) for s, p in ghost_candidates(journal, angle) if s.id != current_session_id]
    first = next((s.id for s in journal.sessions() if s.kind is Kind.TREATMENT), None)
    for session, photo in candidates:
        if session.id == first:
            return photo
    return candidates[0][1] if candidates else None


def load_ghost(journal: Journal, photo: Photo) -> Ghost:
    """Decode the ghost's preview and measure it (call off the GUI thread: ~50–150 ms).

    Eye points that were never looked for are detected and stored now, as Compare does;
    points set by hand are used as they are. Raises ImageRefused for a damaged original.
    """
    from PIL import Image

    from journal.core import eyes as eye_finder

    if not photo.eyes_checked and not journal.read_only:
        photo = eye_finder.locate(journal, photo)
    preview = journal.preview_file(photo)  # turned as the user turned it; the eye points are too
    with Image.open(preview) as im:
        pixels = np.array(im.convert("RGB"))
    pixels.flags.writeable = False
    height, width = pixels.shape[:2]
    eyes = photo.eyes.in_pixels(width, height) if photo.eyes is not None else None
    return Ghost(
        photo=photo,
        session=journal.session(photo.session_id),
        pixels=pixels,
        eyes=eyes,
        light_face=lighting.measure(pixels, eyes) if eyes is not None else None,
        light_whole=lighting.measure(pixels, None),
    )

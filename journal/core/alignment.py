"""Similarity transforms (scale, rotation, translation) from two eye points.

The aligned view maps the after photo's eyes onto the before photo's eyes. Originals never
change: the transform is derived data, computed from the stored eye points when shown.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from journal.core.models import Photo

Point = tuple[float, float]


@dataclass(frozen=True)
class Similarity:
    """x' = a·x − b·y + tx,  y' = b·x + a·y + ty  (a = s·cos θ, b = s·sin θ)."""

    a: float = 1.0
    b: float = 0.0
    tx: float = 0.0
    ty: float = 0.0

    @property
    def scale(self) -> float:
        return math.hypot(self.a, self.b)

    @property
    def rotation_degrees(self) -> float:
        return math.degrees(math.atan2(self.b, self.a))

    def apply(self, point: Point) -> Point:
        x, y = point
        return self.a * x - self.b * y + self.tx, self.b * x + self.a * y + self.ty

    def inverse(self) -> Similarity:
        norm = self.a * self.a + self.b * self.b
        a, b = self.a / norm, -self.b / norm
        return Similarity(a, b, -(a * self.tx - b * self.ty), -(b * self.tx + a * self.ty))

    def then(self, other: Similarity) -> Similarity:
        """Apply self, then other."""
        return Similarity(
            other.a * self.a - other.b * self.b,
            other.b * self.a + other.a * self.b,
            other.a * self.tx - other.b * self.ty + other.tx,
            other.b * self.tx + other.a * self.ty + other.ty,
        )

    def matrix(self) -> tuple[float, float, float, float, float, float]:
        """(m11, m12, m21, m22, dx, dy) as QTransform takes them (row vectors)."""
        return self.a, self.b, -self.b, self.a, self.tx, self.ty


def eyes_to_eyes(source: tuple[Point, Point], target: tuple[Point, Point]) -> Similarity:
    """The similarity that takes the two source points exactly onto the two target points."""
    (x1, y1), (x2, y2) = source
    (u1, v1), (u2, v2) = target
    dx, dy = x2 - x1, y2 - y1
    du, dv = u2 - u1, v2 - v1
    norm = dx * dx + dy * dy
    if norm == 0:
        raise ValueError("the two eye points coincide")
    # As complex numbers: s = (q2 - q1) / (p2 - p1), t = q1 - s·p1.
    a = (du * dx + dv * dy) / norm
    b = (dv * dx - du * dy) / norm
    return Similarity(a, b, u1 - (a * x1 - b * y1), v1 - (b * x1 + a * y1))


def photo_to_reference(photo: Photo, reference: Photo) -> Similarity | None:
    """The aligned view's transform: `photo`'s upright pixels onto `reference`'s, putting its
    eyes on the reference's eyes. None when either has no eye points."""
    eyes, target = photo.eye_pixels(), reference.eye_pixels()
    if eyes is None or target is None:
        return None
    return eyes_to_eyes(eyes, target)

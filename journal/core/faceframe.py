"""The face frame: where a place on the face is stored, so it lands on the same skin in every
photo (DESIGN.md, "Comparison").

Origin at the midpoint between the eyes, unit the inter-ocular distance (IOD), x along the eye
line towards the eye on the photo's right, y at right angles pointing down the face. The
frame of a photo comes from its two eye points alone, so it is a similarity (scale, rotation,
shift): a circle in the frame is a circle on the photo, its radius times the IOD.

Redness regions and the region editor use it in both directions (`to_pixels`, `to_face`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from journal.core.alignment import Point, Similarity
from journal.core.models import Photo


@dataclass(frozen=True)
class FaceFrame:
    """The face frame of one picture, in that picture's pixels (upright)."""

    left: Point  # the eye on the photo's left, pixels
    right: Point  # the eye on the photo's right, pixels

    @classmethod
    def of_photo(
        cls, photo: Photo, width: float | None = None, height: float | None = None
    ) -> FaceFrame | None:
        """The frame in the pixels of an upright picture of `photo` that is `width` x `height`
        (default: the original's size; a preview gives its own). None without eye points."""
        if photo.eyes is None:
            return None
        left, right = photo.eyes.in_pixels(1, 1)
        w = float(photo.width if width is None else width)
        h = float(photo.height if height is None else height)
        frame = cls((left[0] * w, left[1] * h), (right[0] * w, right[1] * h))
        return frame if frame.iod > 0 else None

    @property
    def iod(self) -> float:
        """The inter-ocular distance in pixels: one face-frame unit."""
        return math.dist(self.left, self.right)

    @property
    def to_pixels(self) -> Similarity:
        """Face frame -> pixels. (1, 0) is the right-hand eye, (0, 1) one IOD down the face."""
        (lx, ly), (rx, ry) = self.left, self.right
        # The eye line (one IOD long) is the x unit vector; the eyes sit at (-0.5, 0) and (0.5, 0).
        return Similarity(rx - lx, ry - ly, (lx + rx) / 2, (ly + ry) / 2)

    @property
    def to_face(self) -> Similarity:
        """Pixels -> face frame."""
        return self.to_pixels.inverse()

    def pixel(self, point: Point) -> Point:
        return self.to_pixels.apply(point)

    def face(self, point: Point) -> Point:
        return self.to_face.apply(point)

    def scaled(self, factor: float) -> FaceFrame:
        """The same frame in a picture scaled by `factor` (a preview of the original)."""
        return FaceFrame(
            (self.left[0] * factor, self.left[1] * factor), (self.right[0] * factor, self.right[1] * factor)
        )

"""Is a comparison fair? Brightness, colour cast and head tilt of two photos, and a calm note.

Measured over the face between and below the eyes (cheeks and nose: where redness and scars
are judged), or over the middle of the photo when there are no eye points. Colours are CIELAB
(D65): L* is lightness 0–100, a* green→red, b* blue→yellow.

Thresholds (documented in the README):
  - brightness: L* differs by 10 % or more;
  - colour cast: b* (warmth) or a* (redness) differs by 4 or more. A difference of about 2.3
    is just noticeable side by side; 4 is clearly visible, and a light-driven a* shift of that
    size is as large as the redness changes people look for;
  - pose: the eye lines differ by 5° or more.
Two copies of the same photo give zero differences and no note.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from journal.core.eyes import Point, tilt_degrees

if TYPE_CHECKING:
    from journal.core.journal import Journal
    from journal.core.models import Photo

BRIGHTNESS_LIMIT = 0.10
CAST_LIMIT = 4.0
TILT_LIMIT = 5.0
PATCH = (64, 56)  # the face region, resampled to this many pixels


@dataclass(frozen=True)
class Measures:
    lightness: float  # mean L*
    a: float  # mean a* (+ red)
    b: float  # mean b* (+ yellow, warmer)
    tilt: float | None  # degrees, None without eye points
    region: str  # "face" or "whole photo"


def measure(image: NDArray[Any], eyes: tuple[Point, Point] | None) -> Measures:
    """Lab means over the face region of an upright RGB image (eye points in its pixels)."""
    import cv2

    rgb = image[..., :3]
    if eyes is not None:
        patch = _face_patch(rgb, eyes)
        region, tilt = "face", tilt_degrees(*eyes)
    else:
        h, w = rgb.shape[:2]
        patch = rgb[h // 5 : h - h // 5, w // 5 : w - w // 5]
        region, tilt = "whole photo", None
    lab = cv2.cvtColor(patch.astype(np.float32) / 255.0, cv2.COLOR_RGB2Lab)
    l_, a_, b_ = (float(lab[..., i].mean()) for i in range(3))
    return Measures(l_, a_, b_, tilt, region)


def measure_photo(journal: Journal, photo: Photo) -> Measures:
    """The measures of a stored photo, from its preview as it is shown (turned as the user
    chose, eye points in its pixels). Raises ImageRefused when the photo cannot be read."""
    from PIL import Image

    with Image.open(journal.preview_file(photo)) as im:
        pixels = np.asarray(im.convert("RGB"))
    eyes = photo.eyes.in_pixels(pixels.shape[1], pixels.shape[0]) if photo.eyes else None
    return measure(pixels, eyes)


def _face_patch(rgb: NDArray[Any], eyes: tuple[Point, Point]) -> NDArray[Any]:
    """Cheeks and nose: from just below the eye line to one eye distance below, as wide as the
    eyes plus a bit, resampled upright whatever the head's tilt."""
    import cv2

    (lx, ly), (rx, ry) = eyes
    ux, uy = rx - lx, ry - ly  # along the eye line, length = IOD
    nx, ny = -uy, ux  # perpendicular, pointing down the face (image y grows downwards)
    mx, my = (lx + rx) / 2, (ly + ry) / 2
    width, height = PATCH
    # Patch corners: s in [-0.75, 0.75] IODs across, t in [0.2, 1.0] IODs down.
    src = np.array(
        [
            [mx - 0.75 * ux + 0.2 * nx, my - 0.75 * uy + 0.2 * ny],
            [mx + 0.75 * ux + 0.2 * nx, my + 0.75 * uy + 0.2 * ny],
            [mx - 0.75 * ux + 1.0 * nx, my - 0.75 * uy + 1.0 * ny],
        ],
        dtype=np.float32,
    )
    dst = np.array([[0, 0], [width, 0], [0, height]], dtype=np.float32)
    matrix = cv2.getAffineTransform(src, dst)
    return cv2.warpAffine(
        np.ascontiguousarray(rgb),
        matrix,
        (width, height),
        flags=cv2.INTER_AREA,
        borderMode=cv2.BORDER_REFLECT,
    )


@dataclass(frozen=True)
class Check:
    brightness: float  # relative change of L* (after vs before)
    warmth: float  # Δb*
    redness: float  # Δa*
    tilt: float | None  # Δ tilt in degrees
    notes: tuple[str, ...]

    @property
    def fair(self) -> bool:
        return not self.notes


def compare(before: Measures, after: Measures) -> Check:
    brightness = (after.lightness - before.lightness) / max(before.lightness, 1e-6)
    warmth = after.b - before.b
    redness = after.a - before.a
    tilt = after.tilt - before.tilt if after.tilt is not None and before.tilt is not None else None
    notes: list[str] = []
    light: list[str] = []
    if abs(brightness) >= BRIGHTNESS_LIMIT:
        light.append(f"{abs(brightness) * 100:.0f} % {'brighter' if brightness > 0 else 'darker'}")
    if abs(warmth) >= CAST_LIMIT:
        light.append("warmer" if warmth > 0 else "cooler")
    if abs(redness) >= CAST_LIMIT:
        light.append("redder" if redness > 0 else "less red")
    if light:
        joined = light[0] if len(light) == 1 else ", ".join(light[:-1]) + " and " + light[-1]
        notes.append(
            f"The after photo is {joined}; differences in redness and contrast may come from the light, not the skin."
        )
    if tilt is not None and abs(tilt) >= TILT_LIMIT:
        notes.append(
            f"Head tilted {abs(tilt):.0f}° differently; the aligned view corrects the angle, not the pose."
        )
    return Check(brightness, warmth, redness, tilt, tuple(notes))

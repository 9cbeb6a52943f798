"""Redness measured from the photos: Δa* between treated and untreated skin in the same photo.

Method (../shared/USERS.md §4, Logger et al. 2020): convert sRGB to CIELAB (D65) and compare
the mean a* (the green–red axis) of the treated regions with that of an untreated reference
region in the same photo, Δa* = a*(treated) − a*(reference). A change of light between
sessions moves both regions' a* alike, so the difference cancels much of it. It is a colour
measurement, not a diagnosis: every place that shows it carries `LABEL`.

Per region only skin-like pixels count: clipped pixels (a channel at 250 or more, or all
channels under 10), colours no skin has (grey, blue, green: hair, teeth, background), and
pixels much darker or lighter than the region's median (shadow, hair, shine) are left out and
counted. The standard error of a region's mean comes from the spread of the means of blocks
of pixels, not of single pixels: neighbouring pixels are alike (skin is blotchy), and treating
them as independent would claim far more precision than a photo has.

This module measures pixels; `journal.core.redness_trend` runs it over a journal's photos,
applies the lighting gate and groups the results by session.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from journal.core.colour import srgb_to_lab
from journal.core.faceframe import FaceFrame
from journal.core.regions import RegionSet, Shape

LABEL = "Colour measured from photos; not a medical assessment."

MIN_IOD_PX = 32  # eyes closer than this in the measured picture: too few pixels per region
MIN_PIXELS = 100  # skin pixels a region needs
MIN_SKIN_SHARE = 0.25  # of the region's pixels on the photo
MAX_OFF_PHOTO = 0.25  # share of a region that may fall outside the photo
CLIP_HIGH = 250
DARK_MAX = 10
SKIN_LIGHTNESS = (10.0, 97.0)
SKIN_MIN_CHROMA = 3.0
SKIN_HUE = (-30.0, 110.0)  # degrees in the a*b* plane: skin of every tone sits between red and yellow
SHADE_MIN = 12.0  # L* from the region's median beyond which a pixel is shadow or shine...
SHADE_SIGMAS = 3.0  # ...or this many robust standard deviations, whichever is more
MIN_BLOCKS = 12  # the standard error needs at least this many blocks


class NotMeasurable(Exception):
    """A photo this measurement cannot use; the message is the reason, in one line."""


@dataclass(frozen=True)
class RegionStats:
    """The colour of one role's regions (treated or reference) in one photo."""

    mean_a: float
    mean_l: float
    mean_b: float
    spread_a: float  # standard deviation of a* over the pixels used
    standard_error: float  # of mean_a (from block means)
    used: int  # pixels measured
    total: int  # pixels of the regions on the photo
    clipped: int
    not_skin: int
    shade: int
    off_photo: int  # pixels of the regions that fall outside the photo

    @property
    def excluded(self) -> int:
        return self.clipped + self.not_skin + self.shade


@dataclass(frozen=True)
class Measurement:
    treated: RegionStats
    reference: RegionStats

    @property
    def delta_a(self) -> float:
        return self.treated.mean_a - self.reference.mean_a

    @property
    def standard_error(self) -> float:
        """Of Δa*, from the pixels alone (one standard error)."""
        return math.hypot(self.treated.standard_error, self.reference.standard_error)


def measure_pixels(rgb: NDArray[Any], frame: FaceFrame, regions: RegionSet) -> Measurement:
    """Measure an upright 8-bit RGB picture whose face frame (in its pixels) is `frame`.
    Raises NotMeasurable with the reason."""
    if not regions.treated or not regions.reference:
        raise NotMeasurable("no treated or no reference region set for this angle")
    height, width = rgb.shape[:2]
    if not math.isfinite(frame.iod) or frame.iod > 2 * max(height, width):
        raise NotMeasurable("the eye points do not fit this photo; set them again in Compare")
    if frame.iod < MIN_IOD_PX:
        raise NotMeasurable(f"the face is too small to measure (eyes {frame.iod:.0f} px apart)")
    treated = _region_stats(rgb, frame, regions.treated, None, "treated")
    # A pixel inside both a treated and a reference shape counts as treated only.
    reference = _region_stats(rgb, frame, regions.reference, regions.treated, "reference")
    return Measurement(treated, reference)


def region_mask(
    shape: tuple[int, int],
    frame: FaceFrame,
    shapes: tuple[Shape, ...],
    minus: tuple[Shape, ...] | None = None,
) -> tuple[NDArray[np.bool_], tuple[int, int], int]:
    """The pixels (centres) of a picture of `shape` (height, width) inside `shapes` and not in
    `minus`: a boolean mask over the clipped bounding box, the box's top-left (x, y), and how
    many of the shapes' pixels fall outside the picture."""
    height, width = shape
    corners = []
    for each in shapes:
        x0, y0, x1, y1 = each.bounds()
        corners += [frame.pixel(p) for p in ((x0, y0), (x1, y0), (x0, y1), (x1, y1))]
    bx0 = math.floor(min(c[0] for c in corners)) - 1
    by0 = math.floor(min(c[1] for c in corners)) - 1
    bx1 = math.ceil(max(c[0] for c in corners)) + 1
    by1 = math.ceil(max(c[1] for c in corners)) + 1
    cx0, cy0, cx1, cy1 = max(0, bx0), max(0, by0), min(width, bx1), min(height, by1)
    if cx1 > cx0 and cy1 > cy0:
        mask = _inside(frame, shapes, minus, np.arange(cx0, cx1) + 0.5, np.arange(cy0, cy1) + 0.5)
    else:
        mask = np.zeros((0, 0), dtype=bool)
    on_photo = int(mask.sum())
    if (cx0, cy0, cx1, cy1) == (bx0, by0, bx1, by1):
        return mask, (cx0, cy0), 0
    # The regions' whole area, sampled at most a million times (a region far off a photo can
    # cover a huge box), to tell how much of it lies off the picture.
    step = max(1, math.ceil(math.sqrt((bx1 - bx0) * (by1 - by0) / 1e6)))
    whole = _inside(frame, shapes, minus, np.arange(bx0, bx1, step) + 0.5, np.arange(by0, by1, step) + 0.5)
    total = int(whole.sum()) * step * step if step > 1 else int(whole.sum())
    return mask, (cx0, cy0), max(0, total - on_photo)


def _inside(
    frame: FaceFrame,
    shapes: tuple[Shape, ...],
    minus: tuple[Shape, ...] | None,
    xs: NDArray[Any],
    ys: NDArray[Any],
) -> NDArray[np.bool_]:
    """Which pixel centres of the grid xs × ys lie in `shapes` and not in `minus`."""
    gx, gy = np.meshgrid(xs, ys)
    back = frame.to_face
    fx = back.a * gx - back.b * gy + back.tx
    fy = back.b * gx + back.a * gy + back.ty
    inside = np.zeros(gx.shape, dtype=bool)
    for each in shapes:
        inside |= each.contains(fx, fy)
    for each in minus or ():
        inside &= ~each.contains(fx, fy)
    return inside


def _region_stats(
    rgb: NDArray[Any], frame: FaceFrame, shapes: tuple[Shape, ...], minus: tuple[Shape, ...] | None, role: str
) -> RegionStats:
    mask, (x0, y0), off = region_mask(rgb.shape[:2], frame, shapes, minus)
    total = int(mask.sum())
    if total + off == 0:
        raise NotMeasurable(f"the {role} region covers no pixels")
    if off > MAX_OFF_PHOTO * (total + off):
        raise NotMeasurable(f"the {role} region runs off the photo ({off * 100 // (total + off)} % outside)")
    h, w = mask.shape
    patch = np.asarray(rgb[y0 : y0 + h, x0 : x0 + w, :3])
    pixels = patch[mask]
    ys, xs = np.nonzero(mask)
    lab = srgb_to_lab(pixels)
    light, a, b = lab[:, 0], lab[:, 1], lab[:, 2]
    clipped = (pixels.max(axis=1) >= CLIP_HIGH) | (pixels.max(axis=1) < DARK_MAX)
    chroma = np.hypot(a, b)
    hue = np.degrees(np.arctan2(b, a))
    skin_like = (
        (light >= SKIN_LIGHTNESS[0])
        & (light <= SKIN_LIGHTNESS[1])
        & (chroma >= SKIN_MIN_CHROMA)
        & (hue >= SKIN_HUE[0])
        & (hue <= SKIN_HUE[1])
    )
    candidate = ~clipped & skin_like
    shade = np.zeros_like(candidate)
    if candidate.any():
        median = float(np.median(light[candidate]))
        mad = float(np.median(np.abs(light[candidate] - median)))
        limit = max(SHADE_MIN, SHADE_SIGMAS * 1.4826 * mad)
        shade = candidate & (np.abs(light - median) > limit)
    used = candidate & ~shade
    count = int(used.sum())
    counts = {
        "clipped": int(clipped.sum()),
        "not_skin": int((~clipped & ~skin_like).sum()),
        "shade": int(shade.sum()),
    }
    if count < MIN_PIXELS or count < MIN_SKIN_SHARE * total:
        if counts["clipped"] > total / 2:
            raise NotMeasurable(
                f"overexposed: {counts['clipped'] * 100 // total} % of the {role} region is clipped"
            )
        raise NotMeasurable(
            f"too few skin pixels in the {role} region ({count} of {total}; "
            f"{counts['clipped']} clipped, {counts['not_skin']} not skin-coloured, {counts['shade']} shadow or shine)"
        )
    standard_error = block_standard_error(a[used], xs[used], ys[used])
    return RegionStats(
        mean_a=float(a[used].mean()),
        mean_l=float(light[used].mean()),
        mean_b=float(b[used].mean()),
        spread_a=float(a[used].std()),
        standard_error=standard_error,
        used=count,
        total=total,
        off_photo=off,
        **counts,
    )


def block_standard_error(values: NDArray[np.float64], xs: NDArray[Any], ys: NDArray[Any]) -> float:
    """Standard error of the mean of `values` at pixels (xs, ys), allowing for neighbouring
    pixels being alike: the pixels are grouped in square blocks and the blocks, not the pixels,
    taken as the independent samples (cluster sampling). Blocks grow (2, 3, 4, 6, 8... px)
    while at least MIN_BLOCKS remain, and the largest standard error is kept: once blocks are
    larger than the skin's blotches, it stops growing (Flyvbjerg and Petersen's blocking)."""
    best = float(values.std() / math.sqrt(max(1, len(values))))
    size = 2
    while True:
        keys = (xs // size).astype(np.int64) * 1_000_003 + (ys // size).astype(np.int64)
        _unique, index = np.unique(keys, return_inverse=True)
        counts = np.bincount(index).astype(np.float64)
        if len(counts) < MIN_BLOCKS:
            return best
        sums = np.bincount(index, weights=values)
        mean = float(sums.sum() / counts.sum())
        spread = float(((counts * (sums / counts - mean)) ** 2).sum())
        blocks = len(counts)
        best = max(best, math.sqrt(blocks / (blocks - 1) * spread) / float(counts.sum()))
        size = size * 3 // 2 if size > 2 else 3

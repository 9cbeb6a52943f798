"""Finding the two eye centres on a face photo, for alignment and the pose check.

OpenCV's Haar cascades (they ship inside the opencv-python-headless 4.x wheels) find the face
and the eye boxes; each box is then refined to the centre of the dark iris/pupil disc, since
a box centre alone is off by about 5 % of the distance between the eyes.

Faces tilted past what the frontal cascade accepts (about ±10°) are found by also trying the
photo turned by ±12° and ±24°. Everything runs on a copy at most 1024 px wide; the
refinement runs on the full-resolution pixels it is given.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

if TYPE_CHECKING:
    from journal.core.journal import Journal
    from journal.core.models import Photo

Point = tuple[float, float]
Gray = NDArray[Any]  # 8-bit grey (OpenCV's stubs type its results loosely)

DETECT_EDGE = 640
TRY_ANGLES = (0.0, -12.0, 12.0, -24.0, 24.0)
# Later refinement passes: (window radius in eye-box widths, darkness percentile, share of the
# window's top left out). Tuned on the transformed-portrait test (tests/core/test_eyes_alignment.py).
REFINE_PASSES: list[tuple[float, float, float]] = [(0.2, 18, 0.1), (0.15, 30, 0.0), (0.15, 30, 0.0)]
_local = threading.local()  # CascadeClassifier objects are not shared between threads


@dataclass(frozen=True)
class EyeResult:
    left: Point  # the eye on the left of the photo (the person's right eye)
    right: Point
    from_cascade: bool = True  # both eye boxes confirmed by the eye cascade (always, today)


def _cascades() -> tuple[Any, list[Any]]:
    """The face cascade, and the eye cascades to try in turn (plain, then one that also
    finds eyes behind glasses). One set per thread: the classifiers are not shared."""
    import cv2

    if not hasattr(_local, "face"):
        folder = cv2.data.haarcascades  # type: ignore[attr-defined]
        _local.face = cv2.CascadeClassifier(folder + "haarcascade_frontalface_default.xml")
        _local.eyes = [
            cv2.CascadeClassifier(folder + "haarcascade_eye.xml"),
            cv2.CascadeClassifier(folder + "haarcascade_eye_tree_eyeglasses.xml"),
        ]
        if _local.face.empty() or any(c.empty() for c in _local.eyes):
            raise RuntimeError("the OpenCV Haar cascades are missing (opencv-python-headless 4.x ships them)")
    return _local.face, _local.eyes


def to_gray(image: NDArray[Any]) -> Gray:
    import cv2

    if image.ndim == 2:
        return image.astype(np.uint8, copy=False)
    if image.shape[2] == 4:
        return cv2.cvtColor(image, cv2.COLOR_RGBA2GRAY)
    return cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)


def detect_eyes(image: NDArray[Any]) -> EyeResult | None:
    """Eye centres in pixels of `image` (RGB or grey, upright), or None.

    None unless a face is found *and* the eye cascade confirms a plausible pair in it: a guess
    from the face's proportions would put markers on wrong spots as often as not (photos hold
    false "faces": a badge, a fold of cloth), and a wrong alignment misleads more than none.
    """
    import cv2

    gray = to_gray(image)
    height, width = gray.shape
    factor = min(1.0, DETECT_EDGE / max(height, width))
    small = cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA) if factor < 1 else gray
    face_cascade, eye_cascades = _cascades()
    for angle in TRY_ANGLES:
        turned, back = _rotated(small, angle)
        equalized = cv2.equalizeHist(turned)
        side = min(turned.shape)
        faces, _levels, weights = face_cascade.detectMultiScale3(
            equalized,
            scaleFactor=1.1,
            minNeighbors=5,
            minSize=(side // 20, side // 20),
            outputRejectLevels=True,
        )
        # The face the cascade is surest of first; the first with a confirmed eye pair wins.
        for face, _weight in sorted(
            zip(faces, np.ravel(weights), strict=False), key=lambda fw: -float(fw[1])
        ):
            boxes = _eye_boxes(equalized, eye_cascades, tuple(int(v) for v in face))
            if boxes is None:
                continue
            centres = []
            for bx, by, bw, bh in boxes:
                cx, cy = _apply(back, (bx + bw / 2, by + bh / 2))
                centres.append(((cx / factor, cy / factor), bw / factor))
            (left, left_size), (right, right_size) = sorted(centres, key=lambda c: c[0][0])
            return EyeResult(_refine(gray, left, left_size), _refine(gray, right, right_size), True)
    return None


def _rotated(image: Gray, angle: float) -> tuple[Gray, NDArray[Any]]:
    """`image` turned by `angle` degrees (same size), and the affine map back to `image`."""
    import cv2

    if angle == 0:
        return image, np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    h, w = image.shape
    forward = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    turned = cv2.warpAffine(image, forward, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    return turned, cv2.invertAffineTransform(forward)


def _apply(matrix: NDArray[Any], point: Point) -> Point:
    x, y = point
    return (
        float(matrix[0, 0] * x + matrix[0, 1] * y + matrix[0, 2]),
        float(matrix[1, 0] * x + matrix[1, 1] * y + matrix[1, 2]),
    )


def _eye_boxes(gray: Gray, cascades: list[Any], face: tuple[int, ...]) -> list[tuple[float, ...]] | None:
    """The two eye boxes of a face, when an eye cascade finds a plausible pair: one each side
    of the face's middle, level, alike in size, about 0.4 face widths apart."""
    import cv2

    x, y, w, h = face
    top, bottom = y + int(0.18 * h), y + int(0.58 * h)
    region = gray[top:bottom, x : x + w]
    # The eye cascades were trained on 20 px eyes: enlarge small faces so their eyes reach that.
    zoom = max(1.0, 240 / max(1, w))
    if zoom > 1:
        region = cv2.resize(region, None, fx=zoom, fy=zoom, interpolation=cv2.INTER_CUBIC)
    zw = int(w * zoom)
    for cascade in cascades:
        found = cascade.detectMultiScale(
            region, scaleFactor=1.05, minNeighbors=4, minSize=(zw // 9, zw // 9), maxSize=(zw // 2, zw // 2)
        )
        candidates = [(ex / zoom + x, ey / zoom + top, ew / zoom, eh / zoom) for ex, ey, ew, eh in found]
        lefts = [c for c in candidates if c[0] + c[2] / 2 < x + w / 2]
        rights = [c for c in candidates if c[0] + c[2] / 2 >= x + w / 2]
        best: tuple[float, list[tuple[float, ...]]] | None = None
        for a in lefts:
            for b in rights:
                size = (a[2] + b[2]) / 2
                spread = abs((a[1] + a[3] / 2) - (b[1] + b[3] / 2)) / size + abs(a[2] - b[2]) / size
                gap = ((b[0] + b[2] / 2) - (a[0] + a[2] / 2)) / w
                score = spread + 2 * abs(gap - 0.4)
                if best is None or score < best[0]:
                    best = (score, [tuple(map(float, a)), tuple(map(float, b))])
        if best is not None and best[0] < 1.0:
            return best[1]
    return None


def _refine(gray: Gray, centre: Point, box: float) -> Point:
    """Move an eye-box centre to the centre of the dark iris disc.

    Passes of a darkness-weighted centroid: first over most of the eye box (the brow, at its
    top, is left out), then over windows of about one iris around the answer.
    """
    point = centre
    passes = [(0.32, 12, 0.25), *REFINE_PASSES]
    for radius, percentile, drop_top in passes:
        point = _dark_centroid(gray, point, radius * box, percentile, drop_top) or point
    return point


def _dark_centroid(
    gray: Gray, centre: Point, radius: float, percentile: float, drop_top: float
) -> Point | None:
    import cv2

    r = max(3, round(radius))
    cx, cy = centre
    x0, x1 = round(cx) - r, round(cx) + r + 1
    y0, y1 = round(cy - r + drop_top * 2 * r), round(cy) + r + 1
    h, w = gray.shape
    x0, y0, x1, y1 = max(0, x0), max(0, y0), min(w, x1), min(h, y1)
    if x1 - x0 < 3 or y1 - y0 < 3:
        return None
    window: NDArray[Any] = gray[y0:y1, x0:x1].astype(np.float32)
    sigma = max(0.6, r / 8)
    window = cv2.GaussianBlur(window, (0, 0), sigma)
    limit = float(np.percentile(window, percentile))
    weights = np.clip(limit - window, 0, None)
    total = float(weights.sum())
    if total <= 0:
        return None
    ys, xs = np.mgrid[y0:y1, x0:x1]
    # Pixel (i, j) covers [i, i+1): its centre is at +0.5.
    return float((weights * (xs + 0.5)).sum() / total), float((weights * (ys + 0.5)).sum() / total)


def tilt_degrees(left: Point, right: Point) -> float:
    """Head tilt from the eye line: positive when the right-hand eye sits lower in the photo."""
    return math.degrees(math.atan2(right[1] - left[1], right[0] - left[0]))


def locate(journal: Journal, photo: Photo) -> Photo:
    """Detect a photo's eye points on its preview and store them (normalised to the upright
    photo), or record that none were found. Returns the updated photo."""
    from PIL import Image

    with Image.open(journal.preview_file(photo)) as im:  # as shown: turned as the user chose
        pixels = np.asarray(im.convert("RGB"))
    found = detect_eyes(pixels)
    if found is None:
        return journal.set_eye_points(photo.id, None, None, "auto")
    height, width = pixels.shape[:2]
    left = (found.left[0] / width, found.left[1] / height)
    right = (found.right[0] / width, found.right[1] / height)
    return journal.set_eye_points(photo.id, left, right, "auto")

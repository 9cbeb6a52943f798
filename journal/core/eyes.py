"""Finding the two eye centres on a face photo, for alignment and the pose check.

Three small networks from MediaPipe do it (`journal.core.facenets`; they ship in
`journal/core/facemodels` and OpenCV's DNN module runs them, on this computer only), each on a
copy scaled to what it looks at:

1. The face detector (BlazeFace) on the whole photo shrunk to 128 px; then on the photo with a
   margin around it, for a face that fills the frame; then on overlapping windows of a half and
   a quarter of the photo, so that a face 8 % of the photo wide is as large to it as a close-up.
2. The face mesh on the face, turned upright along the detector's eye line and cut at 192 px
   from the copy of the photo nearest that scale; twice, the second time centred on the first mesh.
3. The iris model on each eye at 64 px: the centre of the iris and the outline of the lids;
   then the centre of the dark disc fitted to the pixels between the lids, on a copy where the
   iris is 12 px in radius, when those pixels pin it down (most eyes; not a squint).

The answer is then checked: an eye that cannot be seen (hair, a hand or black glasses over
it) or a pair that disagrees with the detector's own rough eye points (the eye line turned,
the eyes too close or too far apart) comes back *unsure*, with a reason, rather than as a guess:
a wrong alignment misleads more than none.

Coordinates are continuous: pixel i spans [i, i+1).
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from journal.core.facenets import (
    FACE_SCORE,
    LEFT_CORNERS,
    RIGHT_CORNERS,
    FaceBox,
    Floats,
    Pixels,
    Point,
    Pyramid,
    face_passes,
    faces_in,
    iris,
    mesh,
    overlap,
    tilt_degrees,
)
from journal.core.models import EyesReason as Reason

if TYPE_CHECKING:
    from PIL import Image

    from journal.core.journal import Journal
    from journal.core.models import Photo

__all__ = [
    "EyeDetection",
    "EyeResult",
    "EyeStatus",
    "FaceBox",
    "Point",
    "Reason",
    "default_points",
    "detect",
    "detect_eyes",
    "detect_photo",
    "judge",
    "locate",
    "suggested_points",
    "tilt_degrees",
    "with_eye_points",
]

SMALLEST_FACE = 0.08  # of the photo's width: smaller faces are not looked for
CONFIDENT_FACE = 0.75  # a detector score above which a box is taken for a face before others
# An eye counts as seen when its iris is darker than the white of the eye and the lids around
# it by at least this share of their brightness. Measured on the test set (tests/core/eye_set.py):
# open eyes 0.48–0.84 (glasses, shadow and JPEG 70 included); a hand, hair or black glasses over
# the eye 0.0–0.14, and 0.30 for a cheek taken for an eye in half a face.
VISIBLE_CONTRAST = 0.35
# Plausibility against the face detector's own rough eye points and box, which come from a
# different network: loose bounds (the test set spans 0.89–1.33, 0.48, 15° and 0.37–0.48) that
# only a gross failure crosses.
DISTANCE_RATIO = (0.7, 1.45)  # eye distance found / the detector's
MAX_SHIFT = 0.6  # of the detector's eye distance, for either eye
EYES_PER_BOX = (0.28, 0.62)  # eye distance / the detector's face box
MAX_ANGLE_DIFFERENCE = 25.0  # degrees between the eye line found and the detector's
REFRAME = 2.0  # a box the detector was unsure of is looked at again in a window this many times its size


class EyeStatus(enum.Enum):
    FOUND = "found"
    UNSURE = "unsure"  # points exist but should be confirmed by a person before they are used
    NONE = "none"


@dataclass(frozen=True)
class EyeDetection:
    status: EyeStatus
    left: Point | None = None  # the eye on the left of the picture (the person's right eye)
    right: Point | None = None
    face: FaceBox | None = None
    reason: Reason | None = None  # None when found

    @property
    def found(self) -> bool:
        return self.status is EyeStatus.FOUND

    @property
    def points(self) -> tuple[Point, Point] | None:
        if self.left is None or self.right is None:
            return None
        return self.left, self.right


@dataclass(frozen=True)
class EyeResult:
    """What `detect_eyes` returns: a pair that was found (not an unsure one)."""

    left: Point  # the eye on the left of the photo (the person's right eye)
    right: Point


# ------------------------------------------------------------------------------- the nets


# ------------------------------------------------------------------------------- faces


def _part_of(face: FaceBox, earlier: FaceBox, eyes: tuple[Point, Point] | None) -> bool:
    """`face` is a smaller box inside one already judged, and leaves out an eye found there:
    half a face that a finer pass took for a whole one (a better box for the same face keeps
    both eyes in)."""
    half = earlier.size / 2
    if face.size >= 0.75 * earlier.size or any(
        abs(a - b) >= half for a, b in zip(face.centre, earlier.centre, strict=True)
    ):
        return False
    if eyes is None:
        return False  # the mesh saw no face in the larger box: this one may be the face
    reach = face.size / 2
    return not all(abs(x - face.centre[0]) < reach and abs(y - face.centre[1]) < reach for x, y in eyes)


# ------------------------------------------------------------------------------- eyes


def detect(
    image: NDArray[Any] | Image.Image,
    smallest_face: float = SMALLEST_FACE,
    progress: Callable[[int, int], bool | None] | None = None,
) -> EyeDetection:
    """The eyes on an upright photo or video frame (RGB, RGBA or grey; numpy or PIL), in its
    pixels. Faces down to `smallest_face` of the image's width are looked for; live capture,
    where the face is near, can pass 0.25: a frame without a face then takes 2 detector windows
    instead of about 36 (a twentieth of the time). Safe to call from any thread; each thread
    loads the models once (about 20 ms). `progress`: see face_passes (False: Cancelled)."""
    pyramid = Pyramid(_rgb(image))
    unsure: EyeDetection | None = None
    # Where a person would start placing the markers when no eyes are found: a face the
    # detector is sure of. A weak box the mesh saw no face in is most often not a face at all
    # (a lamp, a pattern): the upper middle of the photo is a better guess than it.
    sure_face: FaceBox | None = None
    tried: list[tuple[FaceBox, tuple[Point, Point] | None]] = []
    for faces in face_passes(pyramid, smallest_face, progress):
        # Confident faces first, the largest of them first (the person nearest the camera).
        for face in sorted(faces, key=lambda f: (f.score < CONFIDENT_FACE, -f.size)):
            if sure_face is None and face.score >= CONFIDENT_FACE:
                sure_face = face
            if any(overlap(face, other) > 0.6 or _part_of(face, other, eyes) for other, eyes in tried):
                continue  # the same face boxed alike (the same answer), or a part of one
            result = _eyes_of(pyramid, face)
            tried.append((face, None if result is None else result.points))
            if result is None:
                continue
            if result.found:
                return result
            # Unsure: a finer pass may find the same face with a box that fits it better.
            unsure = unsure or result
    if unsure is not None:
        return unsure
    return EyeDetection(EyeStatus.NONE, face=sure_face, reason=Reason.NO_FACE)


def _eyes_of(pyramid: Pyramid, face: FaceBox) -> EyeDetection | None:
    """The eyes in one face the detector found, or None when the face mesh sees no face there."""
    (lx, ly), (rx, ry) = face.eyes
    angle = math.atan2(ry - ly, rx - lx)
    centre, size = face.centre, face.size * 1.5
    points: Floats | None = None
    for _round in range(2):
        score, points = mesh(pyramid, centre, size, angle)
        if score < FACE_SCORE:
            return None
        left_mid = points[list(LEFT_CORNERS)].mean(axis=0)
        right_mid = points[list(RIGHT_CORNERS)].mean(axis=0)
        angle = math.atan2(float(right_mid[1] - left_mid[1]), float(right_mid[0] - left_mid[0]))
        (x0, y0), (x1, y1) = points.min(axis=0), points.max(axis=0)
        centre = (float(x0 + x1) / 2, float(y0 + y1) / 2)
        size = float(max(x1 - x0, y1 - y0)) * 1.5
    assert points is not None
    left = iris(pyramid, points[list(LEFT_CORNERS)], mirror=False)
    right = iris(pyramid, points[list(RIGHT_CORNERS)], mirror=True)
    if left.centre[0] > right.centre[0]:  # a face upside down: keep the picture's left first
        left, right = right, left
    contrast = (left.contrast, right.contrast)
    reason = judge(face, left.centre, right.centre, contrast)
    if reason in (Reason.EYE_DISTANCE, Reason.EYE_ANGLE) and face.score < CONFIDENT_FACE:
        # A box the detector was unsure of has rough eye points to match (off by most of an
        # eye distance on a busy scene): its second opinion, on the face framed as it likes
        # best, is the one to judge the pair against.
        reframed = _reframed(pyramid, face)
        if reframed is not None:
            face, reason = reframed, judge(reframed, left.centre, right.centre, contrast)
    status = EyeStatus.FOUND if reason is None else EyeStatus.UNSURE
    return EyeDetection(status, left.centre, right.centre, face, reason)


def _reframed(pyramid: Pyramid, face: FaceBox) -> FaceBox | None:
    """The face detector once more, on a window twice the size of `face` centred on it (the
    face fills the detector's view as in a close-up): the box it finds there for the same
    face when it is sure of it, else None."""
    found = [f for f in faces_in(pyramid, face.centre, face.size * REFRAME) if f.score >= CONFIDENT_FACE]
    best = max(found, key=lambda f: overlap(f, face), default=None)
    return best if best is not None and overlap(best, face) > 0 else None


def judge(face: FaceBox, left: Point, right: Point, contrast: tuple[float, float]) -> Reason | None:
    """Why a pair of eyes found in `face` should not be trusted, or None when it can be.

    `contrast` says how clearly each iris stands out from the eye around it (`facenets.Iris`)."""
    seen = [c >= VISIBLE_CONTRAST for c in contrast]
    if not any(seen):
        return Reason.EYES_HIDDEN
    if not all(seen):
        return Reason.ONE_EYE
    (bl, br) = face.eyes
    rough = math.dist(bl, br)
    distance = math.dist(left, right)
    if rough <= 0 or distance <= 0:
        return Reason.EYE_DISTANCE
    ratio = distance / rough
    if not DISTANCE_RATIO[0] <= ratio <= DISTANCE_RATIO[1]:
        return Reason.EYE_DISTANCE
    if not EYES_PER_BOX[0] <= distance / face.size <= EYES_PER_BOX[1]:
        return Reason.EYE_DISTANCE
    if max(math.dist(left, bl), math.dist(right, br)) > MAX_SHIFT * rough:
        return Reason.EYE_DISTANCE
    turn = abs((tilt_degrees(left, right) - face.tilt + 180) % 360 - 180)
    if turn > MAX_ANGLE_DIFFERENCE:
        return Reason.EYE_ANGLE
    return None


def _rgb(image: NDArray[Any] | Image.Image) -> Pixels:
    import cv2

    if not isinstance(image, np.ndarray):
        image = np.asarray(image.convert("RGB"))
    if image.dtype != np.uint8:
        raise TypeError(f"eye detection needs 8-bit pixels, not {image.dtype}")
    if image.ndim == 2:
        return cv2.cvtColor(image, cv2.COLOR_GRAY2RGB)
    if image.shape[2] == 4:
        return cv2.cvtColor(image, cv2.COLOR_RGBA2RGB)
    return np.ascontiguousarray(image)


def detect_eyes(image: NDArray[Any] | Image.Image) -> EyeResult | None:
    """The eye centres when both were found with confidence, else None (see `detect`)."""
    found = detect(image)
    if not found.found or found.left is None or found.right is None:
        return None
    return EyeResult(found.left, found.right)


def default_points(detection: EyeDetection | None, width: int, height: int) -> tuple[Point, Point]:
    """Where to put two eye markers for a person to drag, in pixels: the points found (even
    unsure ones), else the face detector's rough eyes, else the upper middle of the photo."""
    if detection is not None and detection.points is not None:
        return detection.points
    if detection is not None and detection.face is not None:
        return detection.face.eyes
    gap = 0.12 * min(width, height)
    return (width / 2 - gap / 2, 0.4 * height), (width / 2 + gap / 2, 0.4 * height)


# ------------------------------------------------------------------------------- the journal


def detect_photo(
    journal: Journal, photo: Photo, progress: Callable[[int, int], bool | None] | None = None
) -> tuple[EyeDetection, int, int]:
    """Detection on a photo's preview (about 2048 px: enough for a face 8 % of the photo wide),
    in the preview's pixels, with the preview's width and height. `progress`: see face_passes."""
    from PIL import Image

    with Image.open(journal.preview_file(photo)) as im:  # as shown: turned as the user chose
        pixels = np.asarray(im.convert("RGB"))
    height, width = pixels.shape[:2]
    return detect(pixels, progress=progress), width, height


def locate(
    journal: Journal, photo: Photo, progress: Callable[[int, int], bool | None] | None = None
) -> Photo:
    """Detect a photo's eye points and store them (normalised to the upright photo), or record
    that none were found and why. Returns the updated photo. `progress` returning False stops
    the detection (Cancelled) before anything is stored."""
    result, width, height = detect_photo(journal, photo, progress)
    points = _normalised(result, width, height)
    if points is None:
        return journal.set_eye_points(
            photo.id, None, None, "auto", reason=(result.reason or Reason.NO_FACE).value
        )
    return journal.set_eye_points(photo.id, points[0], points[1], "auto")


def _normalised(result: EyeDetection, width: int, height: int) -> tuple[Point, Point] | None:
    """A found pair as the journal stores it (0..1 of the upright photo); None otherwise."""
    if not result.found or result.left is None or result.right is None:
        return None
    return (result.left[0] / width, result.left[1] / height), (
        result.right[0] / width,
        result.right[1] / height,
    )


def suggested_points(journal: Journal, photo: Photo) -> tuple[Point, Point]:
    """Two points for a person to start from on a photo without eye points (normalised): the
    unsure pair or the face detector's rough eyes when there is a face, else the upper middle."""
    result, width, height = detect_photo(journal, photo)
    (lx, ly), (rx, ry) = default_points(result, width, height)
    return (lx / width, ly / height), (rx / width, ry / height)


def with_eye_points(journal: Journal, photos: Iterable[Photo]) -> list[Photo]:
    """`photos`, each one that was never looked at now detected. Stored when the journal is
    open for writing; otherwise the points are only in the photos returned. A photo that
    cannot be read is left as it was (whoever shows it says why)."""
    from journal.core.errors import JournalError
    from journal.core.models import EyePoints

    out = []
    for photo in photos:
        if photo.eyes_checked:
            out.append(photo)
            continue
        try:
            if not journal.read_only:
                out.append(locate(journal, photo))
                continue
            result, width, height = detect_photo(journal, photo)
        except JournalError:
            out.append(photo)
            continue
        points = _normalised(result, width, height)
        eyes = EyePoints(points[0], points[1], "auto") if points else None
        reason = None if points else (result.reason or Reason.NO_FACE).value
        out.append(replace(photo, eyes=eyes, eyes_checked=True, eyes_reason=reason))
    return out

"""Finding the two eye centres on a face photo, for alignment and the pose check.

Three small networks from MediaPipe do it (they ship in `journal/core/facemodels`; OpenCV's DNN
module runs them, on this computer only), each on a copy scaled to what it looks at:

1. The face detector (BlazeFace) on the whole photo shrunk to 128 px; then on the photo with a
   margin around it, for a face that fills the frame; then on overlapping windows of a half and
   a quarter of the photo, so that a face 8 % of the photo wide is as large to it as a close-up.
2. The face mesh on the face, turned upright along the detector's eye line and cut from the
   full-resolution pixels at 192 px; twice, the second time centred on the first mesh.
3. The iris model on each eye at 64 px: the centre of the iris, then moved to the centre of a
   circle fitted to the iris's edge where it meets the white of the eye.

The answer is then checked: an eye that cannot be seen (hair or a hand over it, the face turned
away) or a pair that disagrees with the detector's own rough eye points (the eye line turned,
the eyes too close or too far apart) comes back *unsure*, with a reason, rather than as a guess:
a wrong alignment misleads more than none.

Coordinates are continuous: pixel i spans [i, i+1).
"""

from __future__ import annotations

import enum
import math
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

if TYPE_CHECKING:
    from PIL import Image

    from journal.core.journal import Journal
    from journal.core.models import Photo

Point = tuple[float, float]
Pixels = NDArray[Any]  # H × W × 3 RGB, 8-bit (OpenCV's stubs type its results loosely)
Floats = NDArray[np.float64]

SMALLEST_FACE = 0.08  # of the photo's width: smaller faces are not looked for
FACE_SCORE = 0.5  # the face detector's and the face mesh's own thresholds
CONFIDENT_FACE = 0.75  # a detector score above which a box is taken for a face before others
# Mesh points (MediaPipe's numbering): the eyelid corners of the eye on the picture's left and right.
LEFT_CORNERS = (33, 133)
RIGHT_CORNERS = (362, 263)
# An eye counts as seen when its iris is darker than the white of the eye and the lids around
# it by at least this share of their brightness. Measured on the test set (tests/core/eye_set.py):
# open eyes 0.48–0.84 (glasses, shadow and JPEG 70 included); a hand, hair or black glasses over
# the eye 0.0–0.14, and 0.30 for a cheek taken for an eye in half a face.
VISIBLE_CONTRAST = 0.35
# Plausibility against the face detector's own rough eye points and box, which come from a
# different network: loose bounds (the test set spans 0.91–1.18, 0.35, 15° and 0.37–0.48) that
# only a gross failure crosses.
DISTANCE_RATIO = (0.7, 1.45)  # eye distance found / the detector's
MAX_SHIFT = 0.6  # of the detector's eye distance, for either eye
EYES_PER_BOX = (0.28, 0.62)  # eye distance / the detector's face box
MAX_ANGLE_DIFFERENCE = 25.0  # degrees between the eye line found and the detector's
# Below this iris radius (pixels of the photo) its edge is too blurred to fit a circle to.
LIMBUS_MIN_RADIUS = 4.0
_local = threading.local()  # cv2.dnn nets are not shared between threads


class EyeStatus(enum.Enum):
    FOUND = "found"
    UNSURE = "unsure"  # points exist but should be confirmed by a person before they are used
    NONE = "none"


class Reason(enum.Enum):
    """Why no points were stored. The values are what the journal keeps."""

    NO_FACE = "no-face"
    ONE_EYE = "one-eye"
    EYES_HIDDEN = "eyes-hidden"
    EYE_DISTANCE = "eye-distance"
    EYE_ANGLE = "eye-angle"

    @property
    def text(self) -> str:
        return _REASON_TEXT[self]

    @classmethod
    def parse(cls, value: str | None) -> Reason | None:
        """A stored value, or None for one this version does not know (it came from elsewhere)."""
        try:
            return cls(value) if value is not None else None
        except ValueError:
            return None


_REASON_TEXT = {
    Reason.NO_FACE: "no face found",
    Reason.ONE_EYE: "only one eye can be seen",
    Reason.EYES_HIDDEN: "the eyes cannot be seen (covered, closed or behind dark glasses)",
    Reason.EYE_DISTANCE: "the eyes found are too close together or too far apart for the face",
    Reason.EYE_ANGLE: "the eye line found does not match the tilt of the face",
}


@dataclass(frozen=True)
class FaceBox:
    """A face the detector found: a square box and its own rough eye points."""

    centre: Point
    size: float  # side of the square, pixels
    eyes: tuple[Point, Point]  # the eye on the picture's left first
    score: float

    @property
    def tilt(self) -> float:
        return tilt_degrees(*self.eyes)


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


def _nets() -> tuple[Any, Any, Any]:
    """The face detector, face mesh and iris nets of this thread (cv2.dnn nets are not
    thread-safe), read from the package on first use."""
    if not hasattr(_local, "nets"):
        from importlib.resources import as_file, files

        import cv2

        folder = files("journal.core.facemodels")
        nets = []
        for name in ("face_detection_short_range", "face_landmark", "iris_landmark"):
            with as_file(folder / f"{name}.tflite") as path:
                try:
                    nets.append(cv2.dnn.readNetFromTFLite(str(path)))
                except cv2.error as exc:
                    raise RuntimeError(
                        f"OpenCV cannot read the eye-detection model {name}.tflite (OpenCV 4.10 and later read it): {exc}"
                    ) from exc
        _local.nets = tuple(nets)
    nets_: tuple[Any, Any, Any] = _local.nets
    return nets_


def _anchors(size: int, layers: tuple[tuple[int, int], ...]) -> Floats:
    """BlazeFace's SSD anchor centres (normalised), as MediaPipe's anchor calculator lays them."""
    centres = []
    for stride, per_cell in layers:
        cells = size // stride
        for y in range(cells):
            for x in range(cells):
                centres += [((x + 0.5) / cells, (y + 0.5) / cells)] * per_cell
    return np.array(centres, np.float64)


_ANCHORS = _anchors(128, ((8, 2), (16, 6)))


def _forward(net: Any, patch: Pixels, low: float, high: float) -> dict[str, Floats]:
    blob = patch.astype(np.float32) * np.float32((high - low) / 255.0) + np.float32(low)
    net.setInput(np.ascontiguousarray(blob.transpose(2, 0, 1)[None]))
    names = net.getUnconnectedOutLayersNames()
    return dict(zip(names, net.forward(names), strict=True))


def _sigmoid(x: Floats) -> Floats:
    out: Floats = 1.0 / (1.0 + np.exp(-np.clip(x, -80, 80)))
    return out


class _Pyramid:
    """The photo and copies of it halved again and again (area filter), made as needed: every
    square is cut from the copy closest to its own scale, so a 48 MP photo costs about what a
    small one does and nothing is shrunk twice."""

    def __init__(self, pixels: Pixels) -> None:
        self.levels: list[tuple[Pixels, float, float]] = [(pixels, 1.0, 1.0)]  # image, x and y scale

    @property
    def size(self) -> tuple[int, int]:
        h, w = self.levels[0][0].shape[:2]
        return w, h

    def level(self, shrink: float) -> tuple[Pixels, float, float]:
        """The copy about `shrink` times smaller than the photo (never smaller than 16 px)."""
        import cv2

        wanted = max(0, math.floor(math.log2(max(shrink, 1.0)) + 0.5))
        while len(self.levels) <= wanted:
            image, sx, sy = self.levels[-1]
            h, w = image.shape[:2]
            if min(h, w) < 32:
                break
            half = cv2.resize(image, (w // 2, h // 2), interpolation=cv2.INTER_AREA)
            self.levels.append((half, sx * (w // 2) / w, sy * (h // 2) / h))
        return self.levels[min(wanted, len(self.levels) - 1)]


def _cut(
    pyramid: _Pyramid, centre: Point, size: float, angle: float, out: int, mirror: bool = False
) -> tuple[Pixels, Floats]:
    """An `out`×`out` square of the photo, `size` pixels wide around `centre`, its x axis turned
    by `angle` radians (mirrored when asked), and the 2×3 map from the square back to the photo.
    Only the part of the copy that the square covers is read."""
    import cv2

    c, s = math.cos(angle), math.sin(angle)
    k = size / out
    flip = -1.0 if mirror else 1.0
    to_image = np.array([[c * k * flip, -s * k], [s * k * flip, c * k]])
    offset = np.array(centre) - to_image @ np.array([out / 2, out / 2])
    back = np.hstack([to_image, offset[:, None]])
    image, sx, sy = pyramid.level(k)
    # square (continuous) -> the copy (continuous)
    to_copy = np.diag([sx, sy]) @ to_image
    shift = np.diag([sx, sy]) @ offset
    h, w = image.shape[:2]
    reach = size * 0.75 * max(sx, sy)  # half the square's diagonal, and a little
    cx, cy = centre[0] * sx, centre[1] * sy
    x0, y0 = max(0, int(cx - reach) - 2), max(0, int(cy - reach) - 2)
    x1, y1 = min(w, int(cx + reach) + 3), min(h, int(cy + reach) + 3)
    if x1 - x0 < 2 or y1 - y0 < 2:
        return np.zeros((out, out, 3), np.uint8), back
    # ... then to the region's pixel-centre indices, as cv2 counts them
    matrix = np.hstack(
        [to_copy, (to_copy @ np.array([0.5, 0.5]) + shift - np.array([x0, y0]) - 0.5)[:, None]]
    )
    patch = cv2.warpAffine(
        image[y0:y1, x0:x1],
        matrix,
        (out, out),
        flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
        borderMode=cv2.BORDER_CONSTANT,
    )
    return patch, back


def _to_image(back: Floats, points: Floats) -> Floats:
    out: Floats = points @ back[:, :2].T + back[:, 2]
    return out


# ------------------------------------------------------------------------------- faces


def _faces_in(pyramid: _Pyramid, centre: Point, size: float) -> list[FaceBox]:
    """Faces the detector finds in one square window of the photo."""
    detector, _mesh, _iris = _nets()
    patch, back = _cut(pyramid, centre, size, 0.0, 128)
    out = _forward(detector, patch, -1.0, 1.0)
    scores = _sigmoid(out["classificators"].reshape(-1))
    raw = out["regressors"].reshape(-1, 8, 2) / 128.0
    found = []
    for i in np.flatnonzero(scores > FACE_SCORE):
        box = raw[i].copy()
        box[0] += _ANCHORS[i]
        box[2:] += _ANCHORS[i]
        box *= 128.0
        points = _to_image(back, box[[0, 2, 3]])
        side = float(max(box[1])) * size / 128.0
        a, b = (float(points[1][0]), float(points[1][1])), (float(points[2][0]), float(points[2][1]))
        left, right = (a, b) if a[0] <= b[0] else (b, a)
        found.append(
            FaceBox((float(points[0][0]), float(points[0][1])), side, (left, right), float(scores[i]))
        )
    return _merged(found)


def _merged(faces: list[FaceBox]) -> list[FaceBox]:
    """One box per face: overlapping boxes (IoU > 0.3) are averaged, weighted by score."""
    rest = sorted(faces, key=lambda f: -f.score)
    out = []
    while rest:
        best = rest[0]
        group = [f for f in rest if _overlap(best, f) > 0.3]
        rest = [f for f in rest if _overlap(best, f) <= 0.3]
        total = sum(f.score for f in group)

        def mean(
            get: Callable[[FaceBox], float], group: list[FaceBox] = group, total: float = total
        ) -> float:
            return sum(get(f) * f.score for f in group) / total

        out.append(
            FaceBox(
                (mean(lambda f: f.centre[0]), mean(lambda f: f.centre[1])),
                mean(lambda f: f.size),
                (
                    (mean(lambda f: f.eyes[0][0]), mean(lambda f: f.eyes[0][1])),
                    (mean(lambda f: f.eyes[1][0]), mean(lambda f: f.eyes[1][1])),
                ),
                best.score,
            )
        )
    return out


def _overlap(a: FaceBox, b: FaceBox) -> float:
    ax, ay, bx, by = a.centre[0], a.centre[1], b.centre[0], b.centre[1]
    iw = max(0.0, min(ax + a.size / 2, bx + b.size / 2) - max(ax - a.size / 2, bx - b.size / 2))
    ih = max(0.0, min(ay + a.size / 2, by + b.size / 2) - max(ay - a.size / 2, by - b.size / 2))
    inter = iw * ih
    union = a.size**2 + b.size**2 - inter
    return inter / union if union > 0 else 0.0


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


def _face_passes(pyramid: _Pyramid, smallest_face: float) -> Iterator[list[FaceBox]]:
    """Faces in the photo, pass by pass from the cheapest: the whole photo, the photo with a
    margin (a face that fills the frame), then windows of 1/2 and 1/4 of it, overlapping by half.
    The detector finds faces down to about a quarter of its window: the smaller windows run
    only when faces narrower than that may be there."""
    w, h = pyramid.size
    side = max(h, w)
    yield _faces_in(pyramid, (w / 2, h / 2), side)
    yield _faces_in(pyramid, (w / 2, h / 2), side * 1.5)
    for share in (0.5, 0.25):
        if smallest_face * w / side >= share / 2:
            return
        tile = share * side
        found: list[FaceBox] = []
        for cy in _steps(h, tile):
            for cx in _steps(w, tile):
                found += _faces_in(pyramid, (cx, cy), tile)
        yield _merged(found)


def _steps(length: int, tile: float) -> list[float]:
    """Window centres along one side: overlapping by half, the first and last at the edges."""
    if tile >= length:
        return [length / 2]
    count = math.ceil((length - tile) / (tile / 2)) + 1
    return [tile / 2 + (length - tile) * i / (count - 1) for i in range(count)]


# ------------------------------------------------------------------------------- eyes


def _mesh(pyramid: _Pyramid, centre: Point, size: float, angle: float) -> tuple[float, Floats]:
    _detector, mesh, _iris = _nets()
    patch, back = _cut(pyramid, centre, size, angle, 192)
    out = _forward(mesh, patch, 0.0, 1.0)
    points = out["conv2d_20"].reshape(-1, 3)[:, :2]
    score = float(_sigmoid(out["conv2d_30"].reshape(-1))[-1])
    return score, _to_image(back, points)


@dataclass(frozen=True)
class _Iris:
    centre: Point
    radius: float
    contrast: float  # how much darker the iris is than what surrounds it (0: not an eye)


def _iris(pyramid: _Pyramid, corners: Floats, mirror: bool) -> _Iris:
    """The iris of one eye, from its two eyelid corners."""
    import cv2

    _detector, _mesh, iris = _nets()
    a, b = corners
    centre = (float((a[0] + b[0]) / 2), float((a[1] + b[1]) / 2))
    width = float(np.hypot(*(b - a)))
    angle = math.atan2(float(b[1] - a[1]), float(b[0] - a[0]))
    # The model knows one eye (the picture's left); the other is shown to it mirrored.
    patch, back = _cut(pyramid, centre, width * 2.3, angle, 64, mirror)
    out = _forward(iris, patch, 0.0, 1.0)
    points = _to_image(back, out["output_iris"].reshape(-1, 3)[:, :2])
    middle = (float(points[0][0]), float(points[0][1]))
    radius = float(np.mean(np.hypot(*(points[1:] - points[0]).T)))
    if radius >= LIMBUS_MIN_RADIUS:
        middle = _limbus_centre(pyramid, middle, radius, angle) or middle
    # A grey square two eye widths wide around the eye, to see whether an iris is there at all.
    window = cv2.cvtColor(_cut(pyramid, centre, 2 * width, 0.0, 48)[0], cv2.COLOR_RGB2GRAY)
    return _Iris(middle, radius, _contrast(window, centre, middle, radius, width))


def _limbus_centre(pyramid: _Pyramid, middle: Point, radius: float, angle: float) -> Point | None:
    """The centre of the circle that fits the iris's edge against the white of the eye, near
    the iris model's answer; None when no such circle is clear.

    The model's centre is good to a few per cent of the eye distance but leans with glasses'
    rims and glare; the edge itself does not. Only the sides of the iris are used (±45° of the
    eye line): above and below, the lids cover it. The fit must agree with the model's radius
    (±25 %) and stay within 0.4 radii of its centre.
    """
    import cv2

    out = 96
    patch, back = _cut(pyramid, middle, 4 * radius, angle, out)  # the iris 24 px in radius
    grey = cv2.GaussianBlur(cv2.cvtColor(patch, cv2.COLOR_RGB2GRAY).astype(np.float32), (0, 0), 1.2)
    gx, gy = cv2.Sobel(grey, cv2.CV_32F, 1, 0), cv2.Sobel(grey, cv2.CV_32F, 0, 1)
    r0 = out / 4
    mid = out / 2 - 0.5  # the patch's centre, in pixel indices
    angles = np.radians(np.r_[np.arange(-45, 46, 5), np.arange(135, 226, 5)])
    radii = np.arange(0.7 * r0, 1.3 * r0, 0.5)
    dx, dy = np.cos(angles)[:, None], np.sin(angles)[:, None]
    xs = np.clip(np.rint(mid + dx * radii), 0, out - 1).astype(int)
    ys = np.clip(np.rint(mid + dy * radii), 0, out - 1).astype(int)
    outward = gx[ys, xs] * dx + gy[ys, xs] * dy  # dark iris inside, bright white outside: > 0
    best = np.argmax(outward, axis=1)
    rows = np.arange(len(angles))
    edge = outward[rows, best] > 0
    if edge.sum() < 10:
        return None
    px = (mid + dx[:, 0] * radii[best])[edge]
    py = (mid + dy[:, 0] * radii[best])[edge]
    system = np.c_[2 * px, 2 * py, np.ones(len(px))]
    (cx, cy, k), *_rest = np.linalg.lstsq(system, px**2 + py**2, rcond=None)
    fitted = math.sqrt(max(0.0, k + cx * cx + cy * cy))
    if not 0.75 * r0 <= fitted <= 1.25 * r0 or math.hypot(cx - mid, cy - mid) > 0.4 * r0:
        return None
    x, y = _to_image(back, np.array([[cx + 0.5, cy + 0.5]]))[0]
    return float(x), float(y)


def _contrast(window: Pixels, origin: Point, middle: Point, radius: float, width: float) -> float:
    """(surroundings − iris) / surroundings, on grey: the iris disc against a ring around it (the
    white of the eye beside it, the lids above and below). A hand, hair or a cheek gives ~0."""
    h, w = window.shape[:2]
    scale = w / (2 * width)  # the window is 2 eye widths wide around `origin`
    cx = (middle[0] - origin[0]) * scale + w / 2
    cy = (middle[1] - origin[1]) * scale + h / 2
    r = max(1.0, radius * scale)
    ys, xs = np.mgrid[0:h, 0:w]
    dx, dy = xs + 0.5 - cx, ys + 0.5 - cy
    distance = np.hypot(dx, dy)
    inside = distance < 0.7 * r
    ring = (distance > 1.25 * r) & (distance < 2.0 * r)
    if inside.sum() < 3 or ring.sum() < 6:
        return 0.0
    iris_level = float(np.median(window[inside]))
    around = float(np.percentile(window[ring], 70))
    return (around - iris_level) / max(around, 1.0)


def detect(image: NDArray[Any] | Image.Image, smallest_face: float = SMALLEST_FACE) -> EyeDetection:
    """The eyes on an upright photo or video frame (RGB, RGBA or grey; numpy or PIL), in its
    pixels. Faces down to `smallest_face` of the image's width are looked for: live capture,
    where the face is near, can pass 0.25 and spend a third of the time on a frame without one.
    Safe to call from any thread; each thread loads the models once (about 20 ms)."""
    pyramid = _Pyramid(_rgb(image))
    unsure: EyeDetection | None = None
    first_face: FaceBox | None = None
    tried: list[tuple[FaceBox, tuple[Point, Point] | None]] = []
    for faces in _face_passes(pyramid, smallest_face):
        # Confident faces first, the largest of them first (the person nearest the camera).
        for face in sorted(faces, key=lambda f: (f.score < CONFIDENT_FACE, -f.size)):
            first_face = first_face or face
            if any(_overlap(face, other) > 0.6 or _part_of(face, other, eyes) for other, eyes in tried):
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
    return EyeDetection(EyeStatus.NONE, face=first_face, reason=Reason.NO_FACE)


def _eyes_of(pyramid: _Pyramid, face: FaceBox) -> EyeDetection | None:
    """The eyes in one face the detector found, or None when the face mesh sees no face there."""
    (lx, ly), (rx, ry) = face.eyes
    angle = math.atan2(ry - ly, rx - lx)
    centre, size = face.centre, face.size * 1.5
    points: Floats | None = None
    for _round in range(2):
        score, points = _mesh(pyramid, centre, size, angle)
        if score < FACE_SCORE:
            return None
        left_mid = points[list(LEFT_CORNERS)].mean(axis=0)
        right_mid = points[list(RIGHT_CORNERS)].mean(axis=0)
        angle = math.atan2(float(right_mid[1] - left_mid[1]), float(right_mid[0] - left_mid[0]))
        (x0, y0), (x1, y1) = points.min(axis=0), points.max(axis=0)
        centre = (float(x0 + x1) / 2, float(y0 + y1) / 2)
        size = float(max(x1 - x0, y1 - y0)) * 1.5
    assert points is not None
    left = _iris(pyramid, points[list(LEFT_CORNERS)], mirror=False)
    right = _iris(pyramid, points[list(RIGHT_CORNERS)], mirror=True)
    if left.centre[0] > right.centre[0]:  # a face upside down: keep the picture's left first
        left, right = right, left
    reason = judge(face, left.centre, right.centre, (left.contrast, right.contrast))
    status = EyeStatus.FOUND if reason is None else EyeStatus.UNSURE
    return EyeDetection(status, left.centre, right.centre, face, reason)


def judge(face: FaceBox, left: Point, right: Point, contrast: tuple[float, float]) -> Reason | None:
    """Why a pair of eyes found in `face` should not be trusted, or None when it can be.

    `contrast` says how clearly each iris stands out from the eye around it (see `_contrast`)."""
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


def tilt_degrees(left: Point, right: Point) -> float:
    """Head tilt from the eye line: positive when the right-hand eye sits lower in the photo."""
    return math.degrees(math.atan2(right[1] - left[1], right[0] - left[0]))


# ------------------------------------------------------------------------------- the journal


def detect_photo(journal: Journal, photo: Photo) -> tuple[EyeDetection, int, int]:
    """Detection on a photo's preview (about 2048 px: enough for a face 8 % of the photo wide),
    in the preview's pixels, with the preview's width and height."""
    from PIL import Image

    original = journal.photo_path(photo)
    preview_path = journal.cache.ensure_preview(photo.sha256, original)
    with Image.open(preview_path) as im:
        pixels = np.asarray(im.convert("RGB"))
    height, width = pixels.shape[:2]
    return detect(pixels), width, height


def locate(journal: Journal, photo: Photo) -> Photo:
    """Detect a photo's eye points and store them (normalised to the upright photo), or record
    that none were found and why. Returns the updated photo."""
    result, width, height = detect_photo(journal, photo)
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

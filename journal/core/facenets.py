"""The three networks that find a face and its eyes, and the geometry around them.

MediaPipe's face detector (BlazeFace, short range), face mesh and iris model ship in
`journal/core/facemodels` (Apache License 2.0) and run with OpenCV's DNN module, on this
computer only. Every network sees a square cut from the copy of the photo nearest its scale
(`Pyramid`), so a 48 MP photo costs about what a small one does. `journal.core.eyes` decides
what to trust.

Coordinates are continuous: pixel i spans [i, i+1).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

Point = tuple[float, float]
Pixels = NDArray[Any]  # H × W × 3 RGB, 8-bit (OpenCV's stubs type its results loosely)
Floats = NDArray[np.float64]

FACE_SCORE = 0.5  # the face detector's and the face mesh's own thresholds
# Mesh points (MediaPipe's numbering): the eyelid corners of the eye on the picture's left and right.
LEFT_CORNERS = (33, 133)
RIGHT_CORNERS = (362, 263)
# Below this iris radius (pixels of the photo) its edge is too blurred to fit a circle to.
LIMBUS_MIN_RADIUS = 4.0
_local = threading.local()  # cv2.dnn nets are not shared between threads


def tilt_degrees(left: Point, right: Point) -> float:
    """Head tilt from the eye line: positive when the right-hand eye sits lower in the photo."""
    return math.degrees(math.atan2(right[1] - left[1], right[0] - left[0]))


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


class Pyramid:
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


def cut(
    pyramid: Pyramid, centre: Point, size: float, angle: float, out: int, mirror: bool = False
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


def _faces_in(pyramid: Pyramid, centre: Point, size: float) -> list[FaceBox]:
    """Faces the detector finds in one square window of the photo."""
    detector, _mesh, _iris = _nets()
    patch, back = cut(pyramid, centre, size, 0.0, 128)
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
        group = [f for f in rest if overlap(best, f) > 0.3]
        rest = [f for f in rest if overlap(best, f) <= 0.3]
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


def overlap(a: FaceBox, b: FaceBox) -> float:
    ax, ay, bx, by = a.centre[0], a.centre[1], b.centre[0], b.centre[1]
    iw = max(0.0, min(ax + a.size / 2, bx + b.size / 2) - max(ax - a.size / 2, bx - b.size / 2))
    ih = max(0.0, min(ay + a.size / 2, by + b.size / 2) - max(ay - a.size / 2, by - b.size / 2))
    inter = iw * ih
    union = a.size**2 + b.size**2 - inter
    return inter / union if union > 0 else 0.0


def face_passes(pyramid: Pyramid, smallest_face: float) -> Iterator[list[FaceBox]]:
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


def mesh(pyramid: Pyramid, centre: Point, size: float, angle: float) -> tuple[float, Floats]:
    _detector, net, _iris = _nets()
    patch, back = cut(pyramid, centre, size, angle, 192)
    out = _forward(net, patch, 0.0, 1.0)
    points = out["conv2d_20"].reshape(-1, 3)[:, :2]
    score = float(_sigmoid(out["conv2d_30"].reshape(-1))[-1])
    return score, _to_image(back, points)


@dataclass(frozen=True)
class Iris:
    centre: Point
    radius: float
    contrast: float  # how much darker the iris is than what surrounds it (0: not an eye)


def iris(pyramid: Pyramid, corners: Floats, mirror: bool) -> Iris:
    """The iris of one eye, from its two eyelid corners."""
    import cv2

    _detector, _mesh, net = _nets()
    a, b = corners
    centre = (float((a[0] + b[0]) / 2), float((a[1] + b[1]) / 2))
    width = float(np.hypot(*(b - a)))
    angle = math.atan2(float(b[1] - a[1]), float(b[0] - a[0]))
    # The model knows one eye (the picture's left); the other is shown to it mirrored.
    patch, back = cut(pyramid, centre, width * 2.3, angle, 64, mirror)
    out = _forward(net, patch, 0.0, 1.0)
    points = _to_image(back, out["output_iris"].reshape(-1, 3)[:, :2])
    middle = (float(points[0][0]), float(points[0][1]))
    radius = float(np.mean(np.hypot(*(points[1:] - points[0]).T)))
    if radius >= LIMBUS_MIN_RADIUS:
        middle = _limbus_centre(pyramid, middle, radius, angle) or middle
    # A grey square two eye widths wide around the eye, to see whether an iris is there at all.
    window = cv2.cvtColor(cut(pyramid, centre, 2 * width, 0.0, 48)[0], cv2.COLOR_RGB2GRAY)
    return Iris(middle, radius, _contrast(window, centre, middle, radius, width))


def _limbus_centre(pyramid: Pyramid, middle: Point, radius: float, angle: float) -> Point | None:
    """The centre of the circle that fits the iris's edge against the white of the eye, near
    the iris model's answer; None when no such circle is clear.

    The model's centre is good to a few per cent of the eye distance but leans with glasses'
    rims and glare; the edge itself does not. Only the sides of the iris are used (±45° of the
    eye line): above and below, the lids cover it. The fit must agree with the model's radius
    (±25 %) and stay within 0.4 radii of its centre.
    """
    import cv2

    out = 96
    patch, back = cut(pyramid, middle, 4 * radius, angle, out)  # the iris 24 px in radius
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

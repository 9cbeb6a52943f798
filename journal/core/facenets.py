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

from journal.core.errors import Cancelled

Point = tuple[float, float]
Pixels = NDArray[Any]  # H × W × 3 RGB, 8-bit (OpenCV's stubs type its results loosely)
Floats = NDArray[np.float64]

FACE_SCORE = 0.5  # the face detector's and the face mesh's own thresholds
# Mesh points (MediaPipe's numbering): the eyelid corners of the eye on the picture's left and right.
LEFT_CORNERS = (33, 133)
RIGHT_CORNERS = (362, 263)
# The iris model's outline of the eye: 16 points, the lower lid from corner to corner (0-8) and
# the upper lid between them (9-15); in this order they go round the eye opening.
EYE_OPENING = (*range(9), *range(15, 8, -1))
# The iris centre is refined by fitting a disc to the pixels (`_disc_centre`) when its radius is
# at least this (pixels of the photo): a smaller one is a few pixels, no better fitted than guessed.
IRIS_FIT_MIN_RADIUS = 2.0
IRIS_FIT_RADIUS = 12.0  # the iris's radius on the copy it is fitted on (px)
# A fit is used when the standard error of its centre is within this share of the radius.
# Measured on the test set (tests/core/eye_set.py): 0.012-0.018 on the astronaut's eyes (all
# conditions, 2-25 px radius), 0.018-0.06 on Grace Hopper's squint behind her glasses, where
# little white shows and the model's centre is kept.
IRIS_FIT_PRECISION = 0.025
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


def faces_in(pyramid: Pyramid, centre: Point, size: float) -> list[FaceBox]:
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


def face_passes(
    pyramid: Pyramid, smallest_face: float, progress: Callable[[int, int], bool | None] | None = None
) -> Iterator[list[FaceBox]]:
    """Faces in the photo, pass by pass from the cheapest: the whole photo, the photo with a
    margin (a face that fills the frame), then windows of 1/2 and 1/4 of it, overlapping by half.
    The detector finds faces down to about a quarter of its window: the smaller windows run
    only when faces narrower than that may be there.

    `progress(done, total)` is told before each window (of at most `total`: the passes stop at
    the first face that will do); when it returns False, Cancelled is raised there, so that a
    detection nobody waits for any more stops within one window (~5 ms), not a whole photo."""
    w, h = pyramid.size
    side = max(h, w)
    # Each pass: its windows (centre, side), and whether boxes from overlapping windows are merged.
    passes: list[tuple[list[tuple[Point, float]], bool]] = [
        ([((w / 2, h / 2), side)], False),
        ([((w / 2, h / 2), side * 1.5)], False),
    ]
    for share in (0.5, 0.25):
        if smallest_face * w / side >= share / 2:
            break
        tile = share * side
        passes.append(([((cx, cy), tile) for cy in _steps(h, tile) for cx in _steps(w, tile)], True))
    total = sum(len(windows) for windows, _merge in passes)
    done = 0
    for windows, merge in passes:
        found: list[FaceBox] = []
        for centre, size in windows:
            if progress is not None and progress(done, total) is False:
                raise Cancelled()
            found += faces_in(pyramid, centre, size)
            done += 1
        yield _merged(found) if merge else found


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
    lids = _to_image(back, out["output_eyes_contours_and_brows"].reshape(-1, 3)[:16, :2])
    middle = (float(points[0][0]), float(points[0][1]))
    radius = float(np.mean(np.hypot(*(points[1:] - points[0]).T)))
    if radius >= IRIS_FIT_MIN_RADIUS:
        middle = _disc_centre(pyramid, middle, radius, angle, lids[list(EYE_OPENING)]) or middle
    # A grey square two eye widths wide around the eye, to see whether an iris is there at all.
    window = cv2.cvtColor(cut(pyramid, centre, 2 * width, 0.0, 48)[0], cv2.COLOR_RGB2GRAY)
    return Iris(middle, radius, _contrast(window, centre, middle, radius, width))


def _disc_centre(
    pyramid: Pyramid, middle: Point, radius: float, angle: float, opening: Floats
) -> Point | None:
    """The centre of the dark disc that best explains the pixels between the lids, near the iris
    model's answer; None when those pixels do not pin it down.

    The model's centre leans: on the astronaut of tests/core/eye_set.py it sits 1 px low at every
    scale (2 % of that face's eye distance), and the sides of the iris alone do not say better,
    since the lids cut them short. Inside the eye opening that the iris model outlines, the iris
    is a dark disc with a soft edge on the brighter white of the eye; the lids hide the rest and
    catchlights are outliers. The disc is fitted to those pixels on a copy where the iris is
    12 px in radius (`_fit_disc`). Its centre is used when its standard error is within
    IRIS_FIT_PRECISION of the radius (a squint, with no white showing, leaves it loose), its
    radius within 25 % of the model's and its centre within 0.4 radii of the model's.
    """
    import cv2

    out = round(4 * IRIS_FIT_RADIUS)
    patch, back = cut(pyramid, middle, 4 * radius, angle, out)  # rotated: x along the eye line
    grey = cv2.cvtColor(patch, cv2.COLOR_RGB2GRAY).astype(np.float64)
    to_patch = np.linalg.inv(back[:, :2])
    outline = (opening - back[:, 2]) @ to_patch.T  # the lids, in the square's continuous pixels
    inside = np.zeros((out, out), np.uint8)
    fixed = np.round((outline - 0.5) * 16).astype(np.int32)  # pixel centres, 4 fractional bits
    cv2.fillPoly(inside, [fixed], 255, cv2.LINE_AA, 4)
    ys, xs = np.mgrid[0:out, 0:out] + 0.5
    near = np.hypot(xs - out / 2, ys - out / 2) < 1.8 * IRIS_FIT_RADIUS
    fit = _fit_disc(grey, inside / 255.0 * near, IRIS_FIT_RADIUS)
    if fit is None:
        return None
    (cx, cy), fitted, error = fit
    shift = math.hypot(cx - out / 2, cy - out / 2)
    if (
        error > IRIS_FIT_PRECISION * IRIS_FIT_RADIUS
        or not 0.75 <= fitted / IRIS_FIT_RADIUS <= 1.25
        or shift > 0.4 * IRIS_FIT_RADIUS
    ):
        return None
    x, y = _to_image(back, np.array([[cx, cy]]))[0]
    return float(x), float(y)


def _fit_disc(grey: Floats, weights: Floats, radius: float) -> tuple[Point, float, float] | None:
    """A dark disc fitted to `grey` where `weights` > 0, starting from the square's centre and
    `radius`: its centre (continuous pixels), radius and the standard error of its centre; None
    when no dark disc fits.

    The model of a pixel at distance d from the centre c: white + slope·x + depth·f((d − r)/blur),
    f a logistic from 1 inside to 0 outside (a blurred edge). Gauss-Newton on c, r and blur;
    white, slope and depth by least squares at each step; Tukey's biweight on the residuals, so a
    catchlight or a glasses' glare is left out rather than pulling the disc towards it.
    """
    h, w = grey.shape
    rows, cols = np.nonzero(weights > 0)
    x, y = cols + 0.5, rows + 0.5
    values, prior = grey[rows, cols], weights[rows, cols]
    if np.count_nonzero(prior > 0.5) < 30:  # too little of the eye open to fit
        return None
    cx, cy, r, blur = w / 2, h / 2, radius, 0.1 * radius
    weight = prior
    try:
        for _step in range(12):
            dx, dy = x - cx, y - cy
            d = np.hypot(dx, dy) + 1e-9
            z = (d - r) / blur
            disc = 1.0 / (1.0 + np.exp(np.clip(1.7 * z, -50.0, 50.0)))  # each pixel's share in it
            basis = np.c_[disc, np.ones_like(disc), dx / radius]
            root = np.sqrt(weight)
            levels, *_rest = np.linalg.lstsq(basis * root[:, None], values * root, rcond=None)
            depth, slope = float(levels[0]), float(levels[2])
            residual = values - basis @ levels
            scale = 1.4826 * float(np.median(np.abs(residual[prior > 0.5]))) + 1e-6
            u = residual / (4.685 * scale)
            weight = prior * np.where(np.abs(u) < 1, (1 - u * u) ** 2, 0.0)
            edge = depth * -1.7 * disc * (1 - disc) / blur  # ∂model/∂z ÷ blur
            jacobian = np.c_[-edge * dx / d - slope / radius, -edge * dy / d, -edge, -edge * z]
            root = np.sqrt(weight)
            delta, *_rest = np.linalg.lstsq(jacobian * root[:, None], residual * root, rcond=None)
            moved = math.hypot(delta[0], delta[1])
            if moved > 0.25 * radius:  # damped: a quarter of the radius at most
                delta *= 0.25 * radius / moved
            cx, cy, r = cx + delta[0], cy + delta[1], r + delta[2]
            blur = float(np.clip(blur + delta[3], 0.3, 0.5 * radius))
            if abs(delta[0]) + abs(delta[1]) + abs(delta[2]) < 1e-3 * radius:
                break
        if depth >= 0:
            return None  # brighter inside: not an iris
        variance = float(np.sum(weight * residual**2) / max(float(np.sum(weight)), 1.0))
        weighted = jacobian * np.sqrt(weight)[:, None]
        covariance = np.linalg.inv(weighted.T @ weighted) * variance
    except np.linalg.LinAlgError:
        return None
    error = math.sqrt(max(0.0, covariance[0, 0]) + max(0.0, covariance[1, 1]))
    if not all(math.isfinite(v) for v in (cx, cy, r, error)):
        return None
    return (float(cx), float(cy)), float(r), error


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

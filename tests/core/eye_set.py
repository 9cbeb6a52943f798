"""The eye-detection test set: real portraits under the conditions people take photos in.

Each case puts a real portrait into a photo frame with one condition changed from the
defaults (a face in front of a plain grey wall, 30 % of the frame wide, slightly tilted,
an 800×600 JPEG at quality 90): the wall's colour, a replicated border, a busy real scene,
the face's size, a stronger roll, glasses drawn on, a fringe over one brow, one side in
shadow, a low JPEG quality, the photo's size, HEIC. The pupil centres are known in the
portrait, and the same transform that places the portrait carries them into the frame.

Portraits (both public domain): `../shared/photos/face/astronaut.png` (NASA) and Grace
Hopper (U.S. Navy), which matplotlib ships in its wheel as sample data (a test dependency).
Their pupil centres were measured by eye on a 20× enlargement, as the centre of the dark
iris disc, and cross-checked with a darkness-weighted centroid; see `Face.truth`.
Coordinates are continuous: pixel i spans [i, i+1).
"""

from __future__ import annotations

import importlib.util
import io
import math
import os
import random
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import cv2
import numpy as np
import pytest
from numpy.typing import NDArray
from PIL import Image

from tests.helpers import SHARED_PHOTOS

Point = tuple[float, float]
Image8 = NDArray[np.uint8]

FACE_WIDTH_IN_IODS = 2.2  # a face (cheek to cheek) is about this many eye distances wide


@dataclass(frozen=True)
class Face:
    name: str
    path: Path
    truth: tuple[Point, Point]  # pupil centres, the one on the left of the picture first


def _grace_hopper() -> Path:
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        return Path("matplotlib-is-not-installed")
    return Path(next(iter(spec.submodule_search_locations))) / "mpl-data" / "sample_data" / "grace_hopper.jpg"


# astronaut: measured on a 24× enlargement, agrees with the darkest-20 % centroid within 0.8 px
# (2 % of the 42.9 px eye distance). grace: squinting behind real glasses; the visual centre of
# the iris disc and the centroid differ by up to 1.7 px on her right eye (2 % of 82.8 px), the
# truth is their mean.
ASTRONAUT = Face("astronaut", SHARED_PHOTOS / "face" / "astronaut.png", ((204.0, 100.1), (246.8, 102.6)))
GRACE = Face("grace", _grace_hopper(), ((222.6, 191.3), (305.4, 187.9)))
FACES = (ASTRONAUT, GRACE)

SCENES = (SHARED_PHOTOS / "camera" / "DSCN0010.jpg", SHARED_PHOTOS / "camera" / "jolla.jpg")


@dataclass(frozen=True)
class Case:
    condition: str
    index: int
    face: Face = ASTRONAUT
    variant: str = "plain"  # plain, glasses-thick, glasses-thin, fringe, shadow
    background: str = "flat"  # flat, replicate, scene
    colour: tuple[int, int, int] = (128, 128, 128)
    face_width: float = 0.30  # share of the frame's width
    roll: float = 0.0  # degrees, positive turns the head clockwise in the picture
    size: tuple[int, int] = (800, 600)
    quality: int = 90
    heic: bool = False

    @property
    def id(self) -> str:
        return f"{self.condition}-{self.index}"


def _base(condition: str, index: int) -> Case:
    """The defaults, with the small variety every photo has: either portrait, either frame
    orientation, a face size within ±15 %, a tilt within ±8°."""
    rng = random.Random(f"{condition}/{index}")
    size = (800, 600) if rng.random() < 0.5 else (600, 800)
    return Case(
        condition,
        index,
        face=FACES[index % 2],
        face_width=0.30 * rng.uniform(0.85, 1.15),
        roll=rng.uniform(-8, 8),
        size=size,
    )


def _vary(condition: str, case: Case, rng: random.Random) -> Case:
    grey = (128, 128, 128)
    if condition == "bg-grey":
        return replace(case, colour=grey)
    if condition == "bg-white":
        return replace(case, colour=(238, 236, 232))
    if condition == "bg-black":
        return replace(case, colour=(22, 22, 24))
    if condition == "bg-blue":
        return replace(case, colour=(70, 110, 170))
    if condition == "bg-beige":  # near skin colour: the hardest wall for a face finder
        return replace(case, colour=(214, 180, 150))
    if condition == "bg-replicate":
        return replace(case, background="replicate")
    if condition == "bg-scene":
        return replace(case, background="scene")
    if condition.startswith("face-"):
        return replace(case, face_width=int(condition[5:-3]) / 100 * rng.uniform(0.95, 1.05))
    if condition == "roll-20":
        return replace(case, roll=rng.choice((-1, 1)) * rng.uniform(14, 20))
    if condition in ("glasses-thick", "glasses-thin"):
        return replace(case, face=ASTRONAUT, variant=condition)  # Grace wears real glasses
    if condition in ("fringe", "shadow", "eye-covered", "eye-hair", "sunglasses"):
        return replace(case, variant=condition)
    if condition == "jpeg-70":
        return replace(case, quality=70)
    if condition == "size":  # 0.3 MP to 48 MP; the big ones are few, they take a while
        sizes = [(640, 480), (480, 640)] * 3 + [(1600, 1200), (1200, 1600), (4032, 3024), (8064, 6048)]
        return replace(case, size=sizes[case.index % len(sizes)])
    if condition == "heic":
        return replace(case, heic=True, size=(640, 480) if case.index % 2 else (480, 640))
    raise ValueError(condition)


CONDITIONS = (
    "bg-grey",
    "bg-white",
    "bg-black",
    "bg-blue",
    "bg-beige",
    "bg-replicate",
    "bg-scene",
    "face-8pct",
    "face-15pct",
    "face-60pct",
    "face-90pct",
    "roll-20",
    "glasses-thick",
    "glasses-thin",
    "fringe",
    "shadow",
    "jpeg-70",
    "size",
    "heic",
)
PER_CONDITION = 10


def cases(condition: str, count: int = PER_CONDITION) -> list[Case]:
    out = []
    for index in range(count):
        rng = random.Random(f"vary/{condition}/{index}")
        out.append(_vary(condition, _base(condition, index), rng))
    return out


# ------------------------------------------------------------------------------- sources


def need(path: Path) -> Path:
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"missing {path}")
        pytest.skip(f"missing {path}")
    return path


@cache
def portrait(face: Face, variant: str) -> Image8:
    """The portrait as RGB, with the variant drawn on (read-only: callers must not write)."""
    image = np.array(Image.open(need(face.path)).convert("RGB"))
    if variant != "plain":
        draw = {
            "glasses-thick": _glasses_thick,
            "glasses-thin": _glasses_thin,
            "fringe": _fringe,
            "shadow": _shadow,
            "eye-covered": _covered,
            "sunglasses": _sunglasses,
            "eye-hair": _hair_over_eye,
        }[variant]
        image = draw(image, face.truth, random.Random(f"{face.name}/{variant}"))
    image.setflags(write=False)
    return image


@cache
def _scene(index: int) -> Image8:
    with Image.open(need(SCENES[index % len(SCENES)])) as im:
        im.draft("RGB", (1600, 1600))
        image = np.asarray(im.convert("RGB"))
    image.setflags(write=False)
    return image


def _iod(truth: tuple[Point, Point]) -> float:
    return math.dist(*truth)


def _sub(v: float) -> int:
    """Fixed-point coordinate for cv2 drawing with shift=4 (1/16 px)."""
    return round((v - 0.5) * 16)


def _poly(draw: Image8, points: list[Point], colour: tuple[int, ...], thickness: float) -> None:
    pts = np.array([[_sub(x), _sub(y)] for x, y in points], np.int32)
    cv2.polylines(draw, [pts], True, colour, max(1, round(thickness)), cv2.LINE_AA, 4)


def _lens(centre: Point, half_w: float, half_h: float, corner: float) -> list[Point]:
    """A rounded rectangle (a spectacle lens) as a closed polygon."""
    cx, cy = centre
    out = []
    for qx, qy, start in ((1, 1, 0), (-1, 1, 90), (-1, -1, 180), (1, -1, 270)):
        ox, oy = cx + qx * (half_w - corner), cy + qy * (half_h - corner)
        for step in range(7):
            a = math.radians(start + step * 15)
            out.append((ox + corner * math.cos(a), oy + corner * math.sin(a)))
    return out


def _glasses(
    image: Image8, truth: tuple[Point, Point], colour: tuple[int, int, int], thickness: float, shape: str
) -> Image8:
    out = image.copy()
    iod = _iod(truth)
    (lx, ly), (rx, ry) = truth
    angle = math.atan2(ry - ly, rx - lx)
    c, s = math.cos(angle), math.sin(angle)

    def at(base: Point, u: float, v: float) -> Point:  # u along the eye line, v down the face
        return base[0] + u * c - v * s, base[1] + u * s + v * c

    half_w, half_h = 0.40 * iod, 0.25 * iod
    corner = (0.12 if shape == "thick" else 0.22) * iod
    for eye, outward in ((truth[0], -1), (truth[1], 1)):
        centre = at(eye, 0, -0.03 * iod)
        local = _lens((0, 0), half_w, half_h, corner)
        _poly(out, [at(centre, u, v) for u, v in local], colour, thickness * iod)
        # the temple arm, towards the ear
        arm = [
            at(centre, outward * half_w, -0.12 * iod),
            at(centre, outward * (half_w + 0.45 * iod), -0.16 * iod),
        ]
        _poly(out, arm, colour, thickness * iod * 0.8)
    mid = ((lx + rx) / 2, (ly + ry) / 2)
    bridge = [at(mid, -0.1 * iod, -0.1 * iod), at(mid, 0, -0.14 * iod), at(mid, 0.1 * iod, -0.1 * iod)]
    pts = np.array([[_sub(x), _sub(y)] for x, y in bridge], np.int32)
    cv2.polylines(out, [pts], False, colour, max(1, round(thickness * iod)), cv2.LINE_AA, 4)
    return out


def _glasses_thick(image: Image8, truth: tuple[Point, Point], rng: random.Random) -> Image8:
    out = _glasses(image, truth, (24, 18, 16), 0.075, "thick")
    # a faint reflection across one lens, as a window or a lamp leaves on real glasses
    iod = _iod(truth)
    x, y = truth[1]
    glare = np.zeros(out.shape[:2], np.float32)
    cv2.line(
        glare,
        (round(x - 0.2 * iod), round(y + 0.15 * iod)),
        (round(x + 0.1 * iod), round(y - 0.2 * iod)),
        1.0,
        max(1, round(0.08 * iod)),
    )
    glare = cv2.GaussianBlur(glare, (0, 0), 0.04 * iod)[..., None] * 0.35
    return np.clip(out * (1 - glare) + 255 * glare, 0, 255).astype(np.uint8)


def _sunglasses(image: Image8, truth: tuple[Point, Point], rng: random.Random) -> Image8:
    """Black lenses over both eyes: nothing of the eyes shows."""
    out = _glasses(image, truth, (20, 20, 22), 0.05, "thick")
    iod = _iod(truth)
    lenses = np.zeros(out.shape[:2], np.float32)
    for x, y in truth:
        centre = (round(x), round(y - 0.03 * iod))
        cv2.ellipse(lenses, centre, (round(0.38 * iod), round(0.24 * iod)), 0, 0, 360, 1.0, -1)
    alpha = cv2.GaussianBlur(lenses, (0, 0), 0.02 * iod + 0.5)[..., None]
    tint = np.array([28, 26, 30], np.float32)
    return np.clip(out * (1 - alpha) + tint * alpha, 0, 255).astype(np.uint8)


def _glasses_thin(image: Image8, truth: tuple[Point, Point], rng: random.Random) -> Image8:
    return _glasses(image, truth, (150, 128, 84), 0.022, "thin")


def _fringe(image: Image8, truth: tuple[Point, Point], rng: random.Random) -> Image8:
    """Hair falling over the brow on the picture's left, its tips down to the upper lid."""
    iod = _iod(truth)
    (lx, ly), _right = truth
    h, w = image.shape[:2]
    scale = 4  # strands are drawn at 4× and shrunk, for fine anti-aliased hair
    cover = np.zeros((h * scale, w * scale), np.float32)
    tone = np.zeros((h * scale, w * scale), np.float32)
    top = ly - 1.5 * iod
    for _ in range(420):
        x_tip = rng.uniform(lx - 0.7 * iod, lx + 0.5 * iod)
        y_tip = ly - rng.uniform(0.12, 0.3) * iod
        x_root = x_tip + rng.uniform(0.15, 0.55) * iod
        bend = rng.uniform(-0.1, 0.1) * iod
        width = rng.uniform(0.012, 0.03) * iod * scale
        shade = rng.uniform(0.7, 1.3)
        steps = 12
        path = [
            (
                round((x_root + (x_tip - x_root) * t + bend * 4 * t * (1 - t)) * scale),
                round((top + (y_tip - top) * t) * scale),
            )
            for t in (i / steps for i in range(steps + 1))
        ]
        for i in range(steps):
            thick = max(1, round(width * (1.2 - i / steps)))  # a strand tapers to its tip
            cv2.line(cover, path[i], path[i + 1], 1.0, thick, cv2.LINE_AA)
            cv2.line(tone, path[i], path[i + 1], shade, thick, cv2.LINE_AA)
    cover = cv2.resize(cover, (w, h), interpolation=cv2.INTER_AREA)
    tone = cv2.resize(tone, (w, h), interpolation=cv2.INTER_AREA)
    alpha = np.clip(cover, 0, 0.97)[..., None]
    brightness = (tone / np.maximum(cover, 1e-6))[..., None]
    hair = np.array([70, 50, 36], np.float32) * brightness
    return np.clip(image * (1 - alpha) + hair * alpha, 0, 255).astype(np.uint8)


def _covered(image: Image8, truth: tuple[Point, Point], rng: random.Random) -> Image8:
    """A hand over the eye on the picture's right: skin-coloured, softly shaded, edges blurred."""
    iod = _iod(truth)
    x, y = truth[1]
    h, w = image.shape[:2]
    mask = np.zeros((h, w), np.float32)
    cv2.ellipse(
        mask,
        (round(x + 0.15 * iod), round(y + 0.05 * iod)),
        (round(0.55 * iod), round(0.42 * iod)),
        -20,
        0,
        360,
        1.0,
        -1,
    )
    mask = cv2.GaussianBlur(mask, (0, 0), 0.05 * iod)[..., None]
    skin = np.array([196, 150, 124], np.float32)
    yy = (np.arange(h, dtype=np.float32)[:, None, None] - y) / iod
    palm = skin * (1 - 0.15 * np.clip(yy, -1, 1))  # lit from above
    return np.clip(image * (1 - mask) + palm * mask, 0, 255).astype(np.uint8)


def _hair_over_eye(image: Image8, truth: tuple[Point, Point], rng: random.Random) -> Image8:
    """A lock of hair hanging over the whole eye on the picture's left."""
    iod = _iod(truth)
    x, y = truth[0]
    h, w = image.shape[:2]
    scale = 4
    cover = np.zeros((h * scale, w * scale), np.float32)
    tone = np.zeros((h * scale, w * scale), np.float32)
    for _ in range(500):
        x_top = x + rng.uniform(-0.5, 0.5) * iod
        x_end = x_top + rng.uniform(-0.15, 0.15) * iod
        y_end = y + rng.uniform(0.3, 0.55) * iod
        shade = rng.uniform(0.7, 1.3)
        width = max(1, round(rng.uniform(0.015, 0.03) * iod * scale))
        p0 = (round(x_top * scale), round((y - 1.5 * iod) * scale))
        p1 = (round(x_end * scale), round(y_end * scale))
        cv2.line(cover, p0, p1, 1.0, width, cv2.LINE_AA)
        cv2.line(tone, p0, p1, shade, width, cv2.LINE_AA)
    cover = cv2.resize(cover, (w, h), interpolation=cv2.INTER_AREA)
    tone = cv2.resize(tone, (w, h), interpolation=cv2.INTER_AREA)
    alpha = np.clip(cover * 1.3, 0, 1)[..., None]
    hair = np.array([70, 50, 36], np.float32) * (tone / np.maximum(cover, 1e-6))[..., None]
    return np.clip(image * (1 - alpha) + hair * alpha, 0, 255).astype(np.uint8)


def _shadow(image: Image8, truth: tuple[Point, Point], rng: random.Random) -> Image8:
    """Light from one side: the other half of the face a third as bright, a soft edge at the nose."""
    iod = _iod(truth)
    mid = (truth[0][0] + truth[1][0]) / 2
    xs = np.arange(image.shape[1], dtype=np.float32) + 0.5
    ramp = 1 / (1 + np.exp(-(xs - mid) / (0.12 * iod)))  # 0 left of the nose, 1 right of it
    gain = 1 - 0.65 * ramp
    return np.clip(image * gain[None, :, None], 0, 255).astype(np.uint8)


@cache
def _person_mask(face: Face) -> NDArray[np.float32]:
    """Head and shoulders of the portrait, soft-edged, so that a wall can stand right behind the
    hair: GrabCut (at half size, for speed) seeded with a head-sized ellipse, joined with a
    neck-and-shoulders outline (GrabCut drops parts of clothing that look like background)."""
    image = np.asarray(portrait(face, "plain"))
    truth = face.truth
    iod = _iod(truth)
    mx, my = (truth[0][0] + truth[1][0]) / 2, (truth[0][1] + truth[1][1]) / 2
    h, w = image.shape[:2]
    half = cv2.resize(image, (w // 2, h // 2), interpolation=cv2.INTER_AREA)
    seeds = np.full(half.shape[:2], cv2.GC_BGD, np.uint8)
    k = 0.5
    cv2.ellipse(
        seeds,
        (round(mx * k), round((my + 0.35 * iod) * k)),
        (round(1.75 * iod * k), round(2.45 * iod * k)),
        0,
        0,
        360,
        cv2.GC_PR_FGD,
        -1,
    )
    cv2.ellipse(
        seeds,
        (round(mx * k), round((my + 0.4 * iod) * k)),
        (round(1.0 * iod * k), round(1.6 * iod * k)),
        0,
        0,
        360,
        cv2.GC_FGD,
        -1,
    )
    background, foreground = np.zeros((1, 65)), np.zeros((1, 65))
    cv2.grabCut(
        cv2.cvtColor(half, cv2.COLOR_RGB2BGR), seeds, None, background, foreground, 3, cv2.GC_INIT_WITH_MASK
    )
    head = np.isin(seeds, (cv2.GC_FGD, cv2.GC_PR_FGD)).astype(np.float32)
    mask = cv2.resize(head, (w, h), interpolation=cv2.INTER_LINEAR)
    body = np.array(
        [
            (mx - 0.7 * iod, my + 1.6 * iod),
            (mx + 0.7 * iod, my + 1.6 * iod),
            (mx + 4.5 * iod, my + 3.6 * iod),
            (mx + 5.0 * iod, h * 4),
            (mx - 5.0 * iod, h * 4),
            (mx - 4.5 * iod, my + 3.6 * iod),
        ],
        np.int32,
    )
    cv2.fillPoly(mask, [body], 1.0)
    mask = cv2.GaussianBlur(mask, (0, 0), 1.2)
    mask.setflags(write=False)
    return mask


# ------------------------------------------------------------------------------- rendering


def _similarity(centre: Point, scale: float, roll: float, target: Point) -> NDArray[np.float64]:
    """The 2×3 matrix, in continuous coordinates, that turns by `roll` degrees (clockwise in the
    picture) and scales by `scale` about `centre`, and moves `centre` onto `target`."""
    a = math.radians(roll)
    c, s = scale * math.cos(a), scale * math.sin(a)
    return np.array(
        [
            [c, -s, target[0] - (c * centre[0] - s * centre[1])],
            [s, c, target[1] - (s * centre[0] + c * centre[1])],
        ]
    )


def _warp(
    image: NDArray[np.generic], matrix: NDArray[np.float64], size: tuple[int, int], border: int, flags: int
) -> NDArray[np.generic]:
    # cv2 puts pixel centres on integers; continuous coordinates put them at +0.5.
    shifted = matrix.copy()
    shifted[:, 2] += matrix[:, :2] @ np.array([0.5, 0.5]) - 0.5
    return cv2.warpAffine(image, shifted, size, flags=flags, borderMode=border)


def render(case: Case) -> tuple[Image8, tuple[Point, Point]]:
    """The case's photo, decoded from its JPEG or HEIC file as the app would see it, and the
    true pupil centres in its pixels.

    Past 20 MP the photo is made at half size and doubled (a 512 px portrait has no more detail
    to give), and kept as pixels: a 48 MP JPEG round trip would cost seconds and test Pillow."""
    width, height = case.size
    if width * height > 20_000_000:
        half, (left, right) = _render(replace(case, size=(width // 2, height // 2), quality=100))
        big = cv2.resize(half, (width, height), interpolation=cv2.INTER_LINEAR)
        sx, sy = width / half.shape[1], height / half.shape[0]
        return big, ((left[0] * sx, left[1] * sy), (right[0] * sx, right[1] * sy))
    return _render(case)


def _render(case: Case) -> tuple[Image8, tuple[Point, Point]]:
    source: NDArray[np.generic] = portrait(case.face, case.variant)
    truth = case.face.truth
    mask = np.asarray(_person_mask(case.face))
    rng = random.Random(f"render/{case.id}")
    width, height = case.size
    scale = case.face_width * width / (FACE_WIDTH_IN_IODS * _iod(truth))
    if scale < 0.7:  # warpAffine has no area filter: shrink first so a small face is not aliased
        pre = scale / 0.7
        size = (round(source.shape[1] * pre), round(source.shape[0] * pre))
        pre_x, pre_y = size[0] / source.shape[1], size[1] / source.shape[0]
        source = cv2.resize(np.asarray(source), size, interpolation=cv2.INTER_AREA)
        mask = cv2.resize(mask, size, interpolation=cv2.INTER_AREA)
        truth = ((truth[0][0] * pre_x, truth[0][1] * pre_y), (truth[1][0] * pre_x, truth[1][1] * pre_y))
        scale /= pre_x
    centre = ((truth[0][0] + truth[1][0]) / 2, (truth[0][1] + truth[1][1]) / 2)
    # Where the eyes' midpoint lands: anywhere the face fits across, eyes in the upper half.
    spare = max(0.0, width / 2 - case.face_width * width / 2 * 1.15)
    target = (width / 2 + rng.uniform(-spare, spare), height * rng.uniform(0.36, 0.48))
    matrix = _similarity(centre, scale, case.roll, target)
    flags = cv2.INTER_CUBIC if 1 < scale < 4 else cv2.INTER_LINEAR
    if case.background == "replicate":
        frame = _warp(source, matrix, (width, height), cv2.BORDER_REPLICATE, flags)
    else:
        person = _warp(source, matrix, (width, height), cv2.BORDER_REFLECT, flags)
        alpha = _warp(mask, matrix, (width, height), cv2.BORDER_CONSTANT, cv2.INTER_LINEAR)
        frame = cv2.blendLinear(person, _wall(case, rng), alpha, 1 - alpha)
    if width * height <= 4_000_000:  # sensor noise, σ 2.5 levels (skipped where it would cost seconds)
        cv2.setRNGSeed(rng.randrange(1 << 30))
        noise = np.empty((height, width), np.int16)
        cv2.randn(noise, 0, 2.5)
        noisy = frame.astype(np.int16)
        noisy += noise[..., None]
        frame = np.clip(noisy, 0, 255).astype(np.uint8)
    points = [tuple(float(v) for v in matrix @ np.array([x, y, 1.0])) for x, y in truth]
    return _encoded(frame, case), ((points[0][0], points[0][1]), (points[1][0], points[1][1]))


def _wall(case: Case, rng: random.Random) -> Image8:
    width, height = case.size
    if case.background == "scene":
        scene = _scene(case.index)
        sh, sw = scene.shape[:2]
        cover = max(width / sw, height / sh)
        size = (math.ceil(sw * cover), math.ceil(sh * cover))
        resized = cv2.resize(
            np.asarray(scene), size, interpolation=cv2.INTER_AREA if cover < 1 else cv2.INTER_LINEAR
        )
        y0 = (resized.shape[0] - height) // 2
        x0 = (resized.shape[1] - width) // 2
        return np.ascontiguousarray(resized[y0 : y0 + height, x0 : x0 + width])
    # A plain wall is never quite flat: light falls off across it (up to ±8 % corner to corner).
    corners = np.array(case.colour, np.float32)[None, None, :] * (
        1 + np.array([[-1, 1], [1, -1]], np.float32)[..., None] * rng.uniform(0.02, 0.08)
    )
    return cv2.resize(
        np.clip(corners, 0, 255).astype(np.uint8), (width, height), interpolation=cv2.INTER_LINEAR
    )


def _encoded(frame: Image8, case: Case) -> Image8:
    buffer = io.BytesIO()
    image = Image.fromarray(frame)
    if case.heic:
        import pillow_heif

        pillow_heif.register_heif_opener()
        image.save(buffer, format="HEIF", quality=75, enc_params={"preset": "ultrafast"})
    else:
        image.save(buffer, format="JPEG", quality=case.quality)
    buffer.seek(0)
    with Image.open(buffer) as decoded:
        return np.asarray(decoded.convert("RGB"))


def error_in_iods(found: tuple[Point, Point], truth: tuple[Point, Point]) -> float:
    """The larger of the two eyes' distance from the truth, in eye distances."""
    return max(math.dist(found[0], truth[0]), math.dist(found[1], truth[1])) / _iod(truth)

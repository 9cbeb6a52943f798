"""Live feedback: the live face against the ghost, the light against the ghost's, and sharpness.

Runs a few times a second on its own thread (`Analyser`), on whatever frame is newest, so the
picture never waits for it. Each run gives a `LiveReport`: a match score, plain hints in the
order worth fixing them (distance, tilt, position, light, stillness) and whether every check
holds (`ready`, what auto-capture waits for).

Directions in hints are the person's own, as in a mirror: "a little to the left" means move
to your left, "tilt your head to the left" means your left ear towards your left shoulder.
They are worked out in camera space (see `ghost`), so they are right whether or not the
preview is mirrored.

Tolerances, for "aligned": the eye distance within 8 % of the target's (closer/back), the eye
line within 3° of it (well inside the 5° at which Compare notes a pose difference), and the
point between the eyes within 0.15 eye distances of the target's. Light uses the thresholds of
the lighting check (`lighting.BRIGHTNESS_LIMIT`, `lighting.CAST_LIMIT`): a shot that passes here
is one Compare will not flag.

Sharpness is the variance of the Laplacian over the eyes and cheeks, resampled to a fixed eye
distance and divided by the patch's own variance (so it follows blur, not light or contrast),
compared with the best of the last few seconds: a frame at less than 60 % of it, or a face
moving faster than half an eye distance per second, gets "hold still".
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np

from journal.core import lighting
from journal.core.capture.frames import Frame, Grabber, Pixels
from journal.core.capture.ghost import EyePair, Guide, Target
from journal.core.eyes import detect_eyes, tilt_degrees

SIZE_TOLERANCE = 0.08
TILT_TOLERANCE = 3.0
POSITION_TOLERANCE = 0.15  # eye distances
FAR = 1.0  # eye distances: beyond this "move to the left", within it "a little to the left"
SHARP_RATIO = 0.6
SHARP_WINDOW = 3.0  # seconds of history the reference sharpness is the best of
STILL_SPEED = 0.5  # eye distances per second
PATCH_EYE_DISTANCE = 32  # px: the sharpness patch is resampled to this eye distance
INTERVAL = 0.2  # seconds between analyses (when an analysis is quicker than that)
IDLE_SHARE = 0.5  # after a slow analysis, rest for at least this share of its time
HOLD_SLACK = 1.3  # an aligned face stays aligned until it is off by this many tolerances
SCORE_FALLOFF = 0.15  # score = 100·exp(−0.15·b²), b = worst error in tolerances: 86 at tolerance


class HintKind(StrEnum):
    NO_FACE = "no-face"
    NO_GHOST_EYES = "no-ghost-eyes"
    CLOSER = "closer"
    BACK = "back"
    TILT_LEFT = "tilt-left"
    TILT_RIGHT = "tilt-right"
    LEFT = "left"
    RIGHT = "right"
    UP = "up"
    DOWN = "down"
    MORE_LIGHT = "more-light"
    LESS_LIGHT = "less-light"
    WARMER = "warmer"  # the live light is warmer than the ghost's
    COOLER = "cooler"
    REDDER = "redder"
    GREENER = "greener"
    HOLD_STILL = "hold-still"


_TEXT = {
    HintKind.NO_FACE: "No face found: look into the camera",
    HintKind.NO_GHOST_EYES: "The ghost photo has no eye points: set them in Compare (Adjust eyes) for alignment hints",
    HintKind.CLOSER: "Move closer",
    HintKind.BACK: "Move back",
    HintKind.TILT_LEFT: "Tilt your head to the left",
    HintKind.TILT_RIGHT: "Tilt your head to the right",
    HintKind.LEFT: "a little to the left",
    HintKind.RIGHT: "a little to the right",
    HintKind.UP: "a little up",
    HintKind.DOWN: "a little down",
    HintKind.MORE_LIGHT: "Darker than the ghost photo: more light on your face",
    HintKind.LESS_LIGHT: "Brighter than the ghost photo: a little less light",
    HintKind.WARMER: "The light is warmer (more yellow) than in the ghost photo",
    HintKind.COOLER: "The light is cooler (more blue) than in the ghost photo",
    HintKind.REDDER: "The light is redder than in the ghost photo",
    HintKind.GREENER: "The light is greener than in the ghost photo",
    HintKind.HOLD_STILL: "Hold still",
}


@dataclass(frozen=True)
class Hint:
    kind: HintKind
    text: str


def hint(kind: HintKind, far: bool = False) -> Hint:
    text = _TEXT[kind]
    if far and kind in (HintKind.LEFT, HintKind.RIGHT, HintKind.UP, HintKind.DOWN):
        text = "Move " + text.removeprefix("a little ")
    elif text[0].islower():
        text = text[0].upper() + text[1:]
    return Hint(kind, text)


@dataclass(frozen=True)
class Match:
    score: int  # 0–100
    aligned: bool
    size_ratio: float  # live eye distance / target's
    tilt: float  # degrees the head should roll (camera space; + is the person's left)
    offset: tuple[float, float]  # where the face should move, in target eye distances (camera space)
    hints: tuple[Hint, ...]


@dataclass(frozen=True)
class Light:
    check: lighting.Check  # the ghost as "before", the live picture as "after"
    region: str  # "face" or "whole photo"
    ok: bool
    hints: tuple[Hint, ...]


@dataclass(frozen=True)
class Sharpness:
    value: float
    reference: float  # the best of the last few seconds
    speed: float | None  # eye distances per second, None without a face in both frames
    steady: bool


@dataclass(frozen=True)
class LiveReport:
    frame_index: int
    frame_time: float
    guide: Guide  # what this frame was lined up on
    face: EyePair | None  # camera-space pixels of the frame
    target: Target | None
    match: Match | None
    light: Light | None
    sharpness: Sharpness
    hints: tuple[Hint, ...]
    ready: bool  # every check holds: what auto-capture waits for
    seconds: float  # what the analysis took


def compare_eyes(live: EyePair, target: Target, slack: float = 1.0) -> Match:
    """How far the live eyes are from the target's. `slack` widens every tolerance: once a face
    is aligned it stays so until it is off by `HOLD_SLACK` tolerances, so the jitter of the eye
    points (about 2 % of their distance from frame to frame) never makes a hint flicker."""
    target_iod = max(target.eye_distance, 1e-6)
    ratio = math.dist(*live) / target_iod
    turn = tilt_degrees(*target.eyes) - tilt_degrees(*live)
    turn = (turn + 180) % 360 - 180
    (tlx, tly), (trx, try_) = target.eyes
    (llx, lly), (lrx, lry) = live
    dx = ((tlx + trx) - (llx + lrx)) / 2 / target_iod
    dy = ((tly + try_) - (lly + lry)) / 2 / target_iod
    errors = (
        abs(math.log(max(ratio, 1e-6))) / math.log(1 + SIZE_TOLERANCE),
        abs(turn) / TILT_TOLERANCE,
        abs(dx) / POSITION_TOLERANCE,
        abs(dy) / POSITION_TOLERANCE,
    )
    worst = max(errors)
    hints: list[Hint] = []
    if errors[0] > slack:
        hints.append(hint(HintKind.CLOSER if ratio < 1 else HintKind.BACK))
    if errors[1] > slack:
        hints.append(hint(HintKind.TILT_LEFT if turn > 0 else HintKind.TILT_RIGHT))
    # Camera space: the frame's right is the person's left.
    if errors[2] > slack:
        hints.append(hint(HintKind.LEFT if dx > 0 else HintKind.RIGHT, far=abs(dx) > FAR))
    if errors[3] > slack:
        hints.append(hint(HintKind.DOWN if dy > 0 else HintKind.UP, far=abs(dy) > FAR))
    score = round(100 * math.exp(-SCORE_FALLOFF * worst * worst))
    return Match(score, worst <= slack, ratio, turn, (dx, dy), tuple(hints))


def compare_light(
    pixels: Pixels, live: EyePair | None, ghost_face: lighting.Measures | None, ghost_whole: lighting.Measures
) -> Light:
    """The live light against the ghost's, over the face when both have eyes, else the middle."""
    if live is not None and ghost_face is not None:
        before, after, region = ghost_face, lighting.measure(pixels, live), "face"
    else:
        before, after, region = ghost_whole, lighting.measure(pixels, None), "whole photo"
    check = lighting.compare(before, after)
    hints: list[Hint] = []
    if abs(check.brightness) >= lighting.BRIGHTNESS_LIMIT:
        hints.append(hint(HintKind.LESS_LIGHT if check.brightness > 0 else HintKind.MORE_LIGHT))
    if abs(check.warmth) >= lighting.CAST_LIMIT:
        hints.append(hint(HintKind.WARMER if check.warmth > 0 else HintKind.COOLER))
    if abs(check.redness) >= lighting.CAST_LIMIT:
        hints.append(hint(HintKind.REDDER if check.redness > 0 else HintKind.GREENER))
    return Light(check, region, not hints, tuple(hints))


def sharpness_of(gray: Pixels, eyes: EyePair | None) -> float:
    """Variance of the Laplacian over the eyes and cheeks at a fixed eye distance (or the middle
    of the frame), over the patch's own variance."""
    import cv2

    if eyes is not None:
        (lx, ly), (rx, ry) = eyes
        ux, uy = rx - lx, ry - ly
        nx, ny = -uy, ux
        mx, my = (lx + rx) / 2, (ly + ry) / 2
        width, height = 2 * PATCH_EYE_DISTANCE, 3 * PATCH_EYE_DISTANCE // 2
        src = np.array(
            [
                [mx - ux - 0.5 * nx, my - uy - 0.5 * ny],
                [mx + ux - 0.5 * nx, my + uy - 0.5 * ny],
                [mx - ux + nx, my - uy + ny],
            ],
            dtype=np.float32,
        )
        dst = np.array([[0, 0], [width, 0], [0, height]], dtype=np.float32)
        patch = cv2.warpAffine(
            gray, cv2.getAffineTransform(src, dst), (width, height), flags=cv2.INTER_AREA
        ).astype(np.float32)
    else:
        h, w = gray.shape
        middle = gray[h // 4 : h - h // 4, w // 4 : w - w // 4]
        factor = 160 / max(1, middle.shape[1])
        patch = cv2.resize(middle, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA).astype(
            np.float32
        )
    spread = float(patch.var())
    if spread < 1.0:  # a flat picture (lens covered): nothing to judge
        return 0.0
    return float(cv2.Laplacian(patch, cv2.CV_32F).var()) / spread


@dataclass
class _History:
    values: deque[tuple[float, float]] = field(default_factory=deque)  # (time, sharpness)
    with_face: bool = False
    last_face: tuple[float, EyePair] | None = None  # (time, eyes)
    aligned: bool = False  # the last analysis found the face aligned
    guide: Guide | None = None  # what that analysis lined up on


class LiveAnalysis:
    """The checks for one frame at a time, with the little history they need (the recent
    sharpness, the last face). One thread calls `analyse`; `guide` may be set from any."""

    def __init__(self, guide: Guide, require_light: bool = True) -> None:
        self._guide = guide
        self.require_light = require_light
        self._lock = threading.Lock()
        self._history = _History()

    @property
    def guide(self) -> Guide:
        with self._lock:
            return self._guide

    @guide.setter
    def guide(self, guide: Guide) -> None:
        with self._lock:
            self._guide = guide

    def analyse(self, frame: Frame) -> LiveReport:
        import cv2

        began = time.perf_counter()
        guide = self.guide
        pixels = frame.pixels
        gray = cv2.cvtColor(pixels, cv2.COLOR_RGB2GRAY)
        face = self._find_face(pixels)
        target = guide.target((frame.width, frame.height))
        if self._history.guide is not guide:
            self._history.guide, self._history.aligned = guide, False
        match = None
        if face is not None and target is not None:
            match = compare_eyes(face, target, HOLD_SLACK if self._history.aligned else 1.0)
        self._history.aligned = match is not None and match.aligned
        light = None
        if guide.ghost is not None:
            light = compare_light(pixels, face, guide.ghost.light_face, guide.ghost.light_whole)
        sharp = self._sharpness(frame.time, gray, face)

        hints: list[Hint] = []
        if face is None:
            hints.append(hint(HintKind.NO_FACE))
        if guide.ghost is not None and guide.ghost.eyes is None:
            hints.append(hint(HintKind.NO_GHOST_EYES))
        if match is not None:
            hints += match.hints
        if light is not None:
            hints += light.hints
        if not sharp.steady:
            hints.append(hint(HintKind.HOLD_STILL))
        light_ok = light is None or light.ok or not self.require_light
        ready = match is not None and match.aligned and light_ok and sharp.steady
        return LiveReport(
            frame.index,
            frame.time,
            guide,
            face,
            target,
            match,
            light,
            sharp,
            tuple(hints),
            ready,
            time.perf_counter() - began,
        )

    def _find_face(self, pixels: Pixels) -> EyePair | None:
        found = detect_eyes(pixels)
        return (found.left, found.right) if found is not None else None

    def _sharpness(self, now: float, gray: Pixels, face: EyePair | None) -> Sharpness:
        history = self._history
        if (face is not None) != history.with_face:
            history.values.clear()  # a face patch and the frame's middle are not comparable
            history.with_face = face is not None
        value = sharpness_of(gray, face)
        history.values.append((now, value))
        while history.values and history.values[0][0] < now - SHARP_WINDOW:
            history.values.popleft()
        reference = max(v for _t, v in history.values)
        speed = None
        if face is not None and history.last_face is not None:
            then, before = history.last_face
            elapsed = now - then
            if 0 < elapsed <= 1.0:
                iod = max(math.dist(*face), 1e-6)
                moved = math.dist(
                    ((face[0][0] + face[1][0]) / 2, (face[0][1] + face[1][1]) / 2),
                    ((before[0][0] + before[1][0]) / 2, (before[0][1] + before[1][1]) / 2),
                )
                speed = moved / iod / elapsed
        history.last_face = (now, face) if face is not None else None
        steady = value >= SHARP_RATIO * reference and (speed is None or speed <= STILL_SPEED)
        return Sharpness(value, reference, speed, steady)


class Analyser:
    """Runs a LiveAnalysis on the newest frame a few times a second, on its own thread.

    `on_report` runs on that thread; keep it short. Stops when asked, or when the grabber's
    source ends or fails (the last report stays available).
    """

    def __init__(
        self,
        grabber: Grabber,
        analysis: LiveAnalysis,
        on_report: Callable[[LiveReport], None] | None = None,
        interval: float = INTERVAL,
    ) -> None:
        self.grabber = grabber
        self.analysis = analysis
        self.interval = interval
        self._on_report = on_report
        self._latest: LiveReport | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.count = 0

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("an analyser starts once")
        self._thread = threading.Thread(target=self._run, name="pj-capture-analyse", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> bool:
        self._stop.set()
        if self._thread is None:
            return True
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def latest(self) -> LiveReport | None:
        with self._lock:
            return self._latest

    def _run(self) -> None:
        from journal.core.capture.frames import GrabState

        seen = 0
        while not self._stop.is_set():
            began = time.monotonic()
            frame = self.grabber.wait_newer(seen, timeout=0.5)
            if frame is None:
                if self.grabber.status.state in (GrabState.ENDED, GrabState.FAILED, GrabState.STOPPED):
                    return
                continue
            seen = frame.index
            report = self.analysis.analyse(frame)
            with self._lock:
                self._latest = report
                self.count += 1
            if self._on_report is not None:
                self._on_report(report)
            # A slow machine analyses less often rather than taking a whole core from the
            # picture: at least half the analysis time is left idle.
            took = time.monotonic() - began
            rest = max(self.interval - took, IDLE_SHARE * took)
            if rest > 0:
                self._stop.wait(rest)


def describe(report: LiveReport, limit: int = 2) -> str:
    """The first hints in one line, for a status line or the CLI."""
    if report.ready:
        return "Aligned: hold still"
    return "; ".join(h.text for h in report.hints[:limit]) or "Checking…"

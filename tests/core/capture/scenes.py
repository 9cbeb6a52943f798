"""Moving faces for capture tests: the shared portrait placed in a frame at a known pose.

A pose is given against a target, the way the capture hints think: the eye distance as a
ratio of the target's, the head's roll, and where the point between the eyes sits relative to
the target's, in target eye distances, in camera space (the frame as the camera sees it: +x is
the frame's right, which is the person's left). Light and motion blur are part of the pose too.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, fields, replace
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from journal.core.alignment import eyes_to_eyes
from tests.helpers import SHARED_PHOTOS

PORTRAIT = SHARED_PHOTOS / "face" / "astronaut.png"
TRUE_EYES = ((204.0, 100.1), (246.8, 102.6))  # its pupils (see tests/core/test_eyes_alignment.py)


def portrait() -> np.ndarray:
    if not PORTRAIT.exists():
        import os

        if os.environ.get("CI"):
            pytest.fail(f"missing {PORTRAIT}")
        pytest.skip(f"missing {PORTRAIT}")
    return np.asarray(Image.open(PORTRAIT).convert("RGB"))


@dataclass(frozen=True)
class Pose:
    scale: float = 1.0  # eye distance / the target's
    roll: float = 0.0  # degrees; + lowers the eye on the frame's right
    dx: float = 0.0  # target eye distances; + towards the frame's right
    dy: float = 0.0  # + down
    gain: float = 1.0  # light: all channels times this
    warm: float = 0.0  # light: red up and blue down by this share
    blur: int = 0  # horizontal motion blur, px


@dataclass(frozen=True)
class Stage:
    width: int = 640
    height: int = 360
    eye_distance: float = 72.0  # the target's, px
    eye_line: float = 0.42  # of the height
    centre: float = 0.5  # of the width, where the target's eyes are centred

    def target(self) -> tuple[tuple[float, float], tuple[float, float]]:
        cx, y = self.centre * self.width, self.eye_line * self.height
        half = self.eye_distance / 2
        return (cx - half, y), (cx + half, y)


def render(source: np.ndarray, pose: Pose, stage: Stage = Stage()) -> tuple[np.ndarray, tuple]:
    """The frame, and where the true pupils are in it (left of the frame first)."""
    (tlx, tly), (trx, try_) = stage.target()
    mid = ((tlx + trx) / 2 + pose.dx * stage.eye_distance, (tly + try_) / 2 + pose.dy * stage.eye_distance)
    half = pose.scale * stage.eye_distance / 2
    angle = math.radians(pose.roll)
    ux, uy = math.cos(angle) * half, math.sin(angle) * half
    live = ((mid[0] - ux, mid[1] - uy), (mid[0] + ux, mid[1] + uy))
    transform = eyes_to_eyes(TRUE_EYES, live)
    matrix = np.array([[transform.a, -transform.b, transform.tx], [transform.b, transform.a, transform.ty]])
    frame = cv2.warpAffine(
        source, matrix, (stage.width, stage.height), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )
    if pose.gain != 1.0 or pose.warm:
        # In linear light, as a brighter lamp or a warmer bulb changes what the sensor gets.
        linear = _to_linear(frame) * pose.gain
        linear[..., 0] *= 1 + pose.warm
        linear[..., 2] *= 1 - pose.warm
        frame = _to_srgb(linear)
    if pose.blur > 1:
        frame = cv2.filter2D(frame, -1, np.ones((1, pose.blur), np.float32) / pose.blur)
    return np.ascontiguousarray(frame), live


def _to_linear(srgb: np.ndarray) -> np.ndarray:
    v = srgb.astype(np.float32) / 255
    return np.where(v <= 0.04045, v / 12.92, ((v + 0.055) / 1.055) ** 2.4)


def _to_srgb(linear: np.ndarray) -> np.ndarray:
    v = np.clip(linear, 0, 1)
    v = np.where(v <= 0.0031308, v * 12.92, 1.055 * v ** (1 / 2.4) - 0.055)
    return np.round(v * 255).astype(np.uint8)


def between(a: Pose, b: Pose, share: float) -> Pose:
    values = {}
    for f in fields(Pose):
        x, y = getattr(a, f.name), getattr(b, f.name)
        value = x + (y - x) * share
        values[f.name] = round(value) if f.name == "blur" else value
    return Pose(**values)


def timeline(keys: list[tuple[float, Pose]], fps: float) -> list[tuple[float, Pose]]:
    """A pose for each frame time, moving linearly between the key poses."""
    end = keys[-1][0]
    poses = []
    for i in range(int(end * fps) + 1):
        t = i / fps
        for (t0, p0), (t1, p1) in itertools.pairwise(keys):
            if t0 <= t <= t1:
                poses.append((t, between(p0, p1, (t - t0) / (t1 - t0) if t1 > t0 else 1.0)))
                break
    return poses


def write_video(path: Path, frames: list[np.ndarray], fps: float) -> Path:
    height, width = frames[0].shape[:2]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), fps, (width, height))
    assert writer.isOpened(), "this OpenCV cannot write MJPG video"
    for frame in frames:
        writer.write(cv2.cvtColor(frame, cv2.COLOR_RGB2BGR))
    writer.release()
    return path


def write_frames(folder: Path, frames: list[np.ndarray]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i, frame in enumerate(frames):
        Image.fromarray(frame).save(folder / f"frame-{i:04d}.jpg", quality=92)
    return folder


__all__ = [
    "Pose",
    "Stage",
    "between",
    "portrait",
    "render",
    "replace",
    "timeline",
    "write_frames",
    "write_video",
]

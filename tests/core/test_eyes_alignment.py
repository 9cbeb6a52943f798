"""Alignment and the lighting check, against known truth (detection itself: test_eye_detection.py).

Ground truth: the pupil centres of ../shared/photos/face/astronaut.png were measured by eye
on a 24x enlargement (the centre of the dark iris/pupil disc) and cross-checked with the
darkness-weighted centroid of the darkest 20 % of pixels in an 8x8 window around them; the two
agree within 0.8 px, 2 % of the 42.9 px distance between the eyes. Coordinates are continuous
(pixel i spans [i, i+1)).
"""

from __future__ import annotations

import math
import random

import cv2
import numpy as np
import pytest
from PIL import Image

from journal.core import lighting
from journal.core.alignment import eyes_to_eyes
from journal.core.eyes import detect_eyes, tilt_degrees

TRUE_EYES = ((204.0, 100.1), (246.8, 102.6))
TRANSFORMS = 24


def _transformed(source: np.ndarray, seed: int) -> tuple[np.ndarray, list[tuple[float, float]]]:
    """The portrait under a random similarity (±15°, ×0.7–1.4, ±15 % shift) in a larger canvas."""
    rng = random.Random(seed)
    rotation, scale = rng.uniform(-15, 15), rng.uniform(0.7, 1.4)
    width, height = rng.randint(800, 1200), rng.randint(800, 1200)
    matrix = cv2.getRotationMatrix2D((256, 256), rotation, scale)
    matrix[0, 2] += width / 2 - 256 + rng.uniform(-0.15, 0.15) * width
    matrix[1, 2] += height / 2 - 256 + rng.uniform(-0.15, 0.15) * height
    image = cv2.warpAffine(
        source, matrix, (width, height), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE
    )
    truth = [tuple(float(v) for v in matrix @ np.array([x, y, 1.0])) for x, y in TRUE_EYES]
    return image, truth


@pytest.fixture(scope="module")
def portrait() -> np.ndarray:
    from tests.helpers import SHARED_PHOTOS

    path = SHARED_PHOTOS / "face" / "astronaut.png"
    if not path.exists():
        import os

        if os.environ.get("CI"):
            pytest.fail(f"missing {path}")
        pytest.skip(f"missing {path}")
    return np.asarray(Image.open(path).convert("RGB"))


def test_aligned_eyes_coincide_within_2_percent(portrait: np.ndarray) -> None:
    for seed in range(0, TRANSFORMS, 2):
        before, before_truth = _transformed(portrait, seed)
        after, after_truth = _transformed(portrait, seed + 1000)
        found_before, found_after = detect_eyes(before), detect_eyes(after)
        assert found_before is not None and found_after is not None
        transform = eyes_to_eyes(
            (found_after.left, found_after.right), (found_before.left, found_before.right)
        )
        iod = math.dist(*before_truth)
        # The true pupils of the after photo, carried by the transform, land on the before
        # photo's true pupils (the detector's own error included).
        for true_after, true_before in zip(after_truth, before_truth, strict=True):
            landed = transform.apply(true_after)
            assert math.dist(landed, true_before) / iod <= 0.02, (seed, landed, true_before)
        # The detector's own points coincide exactly; the true pupils within the detection error.
        mapped = [transform.apply(p) for p in (found_after.left, found_after.right)]
        assert (
            max(math.dist(m, t) for m, t in zip(mapped, (found_before.left, found_before.right), strict=True))
            < 1e-6
        )


def test_similarity_from_two_points_round_trips() -> None:
    transform = eyes_to_eyes(((10.0, 20.0), (50.0, 20.0)), ((100.0, 100.0), (100.0, 180.0)))
    assert transform.scale == pytest.approx(2.0) and transform.rotation_degrees == pytest.approx(90.0)
    assert transform.apply((30.0, 20.0)) == pytest.approx((100.0, 140.0))
    assert transform.inverse().apply(transform.apply((3.0, 4.0))) == pytest.approx((3.0, 4.0))
    with pytest.raises(ValueError):
        eyes_to_eyes(((1.0, 1.0), (1.0, 1.0)), ((0.0, 0.0), (1.0, 0.0)))


def test_tilt_from_the_eye_line() -> None:
    assert tilt_degrees((0.0, 0.0), (10.0, 0.0)) == pytest.approx(0.0)
    assert tilt_degrees((0.0, 0.0), (10.0, 10.0)) == pytest.approx(45.0)


def _eyes_of(image: np.ndarray) -> tuple[tuple[float, float], tuple[float, float]]:
    found = detect_eyes(image)
    assert found is not None
    return found.left, found.right


def test_lighting_check_flags_a_brighter_or_warmer_copy_but_not_an_identical_one(
    portrait: np.ndarray,
) -> None:
    image, _truth = _transformed(portrait, 7)
    eyes = _eyes_of(image)
    base = lighting.measure(image, eyes)
    assert base.region == "face"
    same = lighting.compare(base, lighting.measure(image.copy(), eyes))
    assert same.notes == () and same.fair

    brighter = np.clip(image.astype(np.float32) * 1.2, 0, 255).astype(np.uint8)
    check = lighting.compare(base, lighting.measure(brighter, _eyes_of(brighter)))
    assert not check.fair and "brighter" in check.notes[0] and check.brightness > 0.1

    warm = image.astype(np.float32)
    warm[..., 0] *= 1.10
    warm[..., 2] *= 0.85
    warmer = np.clip(warm, 0, 255).astype(np.uint8)
    check = lighting.compare(base, lighting.measure(warmer, _eyes_of(warmer)))
    assert "warmer" in check.notes[0] and "may come from the light" in check.notes[0]


def test_pose_check_flags_a_tilted_head(portrait: np.ndarray) -> None:
    straight = lighting.Measures(60, 10, 15, tilt=1.0, region="face")
    tilted = lighting.Measures(60, 10, 15, tilt=10.0, region="face")
    check = lighting.compare(straight, tilted)
    assert check.notes == ("Head tilted 9° differently; the aligned view corrects the angle, not the pose.",)
    assert lighting.compare(straight, lighting.Measures(60, 10, 15, tilt=3.0, region="face")).fair


def test_whole_photo_is_measured_without_eye_points() -> None:
    image = np.full((300, 200, 3), 128, np.uint8)
    measured = lighting.measure(image, None)
    assert measured.region == "whole photo" and measured.tilt is None
    assert measured.lightness == pytest.approx(53.6, abs=0.5)

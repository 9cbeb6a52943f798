"""Redness (Δa*) measured from photos: colour conversion, which pixels count, the gates, the
uncertainty, and the recovery of a known shift from faces made from the shared portrait.

The correctness test paints a known a* shift into the treated cheek, then changes the light
(brightness and colour temperature, applied in linear light as a real change of lamp would
be), applies a random similarity transform, saves a JPEG, imports it and detects the eyes,
as a real journal gets its photos.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import random
import re

import cv2
import numpy as np
import pytest
from PIL import Image

from journal.core.colour import encode_srgb, lab_to_srgb, linear_rgb, srgb_to_lab
from journal.core.errors import Cancelled, JournalError
from journal.core.eyes import locate
from journal.core.faceframe import FaceFrame
from journal.core.models import Angle, Kind
from journal.core.redness import measure_pixels, region_mask
from journal.core.redness_trend import Outcome, measure_trend
from journal.core.regions import Circle, RegionSet

# ----------------------------------------------------------------- colour and pixels


def test_lab_matches_the_cie_reference_values_and_opencv() -> None:
    known = {
        (255, 255, 255): (100.0, 0.0, 0.0),
        (0, 0, 0): (0.0, 0.0, 0.0),
        (255, 0, 0): (53.24, 80.09, 67.20),
        (0, 255, 0): (87.73, -86.18, 83.18),
        (0, 0, 255): (32.30, 79.19, -107.86),
        (119, 119, 119): (50.03, 0.0, 0.0),
    }
    for rgb, lab in known.items():
        assert srgb_to_lab(np.array(rgb, np.uint8)) == pytest.approx(lab, abs=0.02), rgb
    rng = np.random.default_rng(1)
    pixels = rng.integers(0, 256, (2000, 3), dtype=np.uint8)
    ours = srgb_to_lab(pixels)
    theirs = cv2.cvtColor(pixels.reshape(1, -1, 3).astype(np.float32) / 255, cv2.COLOR_RGB2Lab).reshape(-1, 3)
    assert np.abs(ours - theirs).max() < 0.5  # OpenCV interpolates its curves; ours is exact
    assert np.abs(lab_to_srgb(ours).astype(int) - pixels).max() <= 1


SKIN = {"light-skin": (68.0, 14.0, 17.0), "dark-skin": (38.0, 12.0, 16.0)}
FRAME = FaceFrame((250.0, 250.0), (350.0, 250.0))  # 100 px between the eyes
CHEEK = Circle(0.5, 0.8, 0.4)  # centre (350, 330) px, radius 40 px
FOREHEAD = Circle(0.0, -0.6, 0.3)


def _skin(lab: tuple[float, float, float], size: tuple[int, int] = (420, 420), seed: int = 0) -> np.ndarray:
    """Skin of one colour with a blotchy texture (a* varies by about ±1 over a few mm) and grain."""
    return _made_skin(lab, size, seed).copy()


@functools.cache
def _made_skin(lab: tuple[float, float, float], size: tuple[int, int], seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    height, width = size
    blotch = cv2.GaussianBlur(rng.normal(0, 1, (height, width)), (0, 0), 6)
    blotch /= blotch.std()
    image = np.empty((height, width, 3))
    image[..., 0] = lab[0] + 2.0 * blotch + rng.normal(0, 0.8, (height, width))
    image[..., 1] = lab[1] + 1.0 * blotch + rng.normal(0, 0.8, (height, width))
    image[..., 2] = lab[2] + 0.5 * blotch + rng.normal(0, 0.8, (height, width))
    return lab_to_srgb(image)


@pytest.mark.parametrize("lab", SKIN.values(), ids=SKIN.keys())
def test_hair_shine_and_background_are_left_out_and_counted(lab: tuple[float, float, float]) -> None:
    image = _skin(lab)
    clean = measure_pixels(image, FRAME, RegionSet((CHEEK,), (FOREHEAD,)))
    hair, shine, side = (np.zeros(image.shape[:2], bool) for _ in range(3))
    for y in range(292, 370, 9):  # strands of dark brown hair across the cheek
        hair[y : y + 3, 300:400] = True
    shine[300:318, 330:352] = True  # a specular highlight, clipped
    side[:, 378:] = True  # blue background at the side of the face
    messy = image.copy()
    messy[hair] = lab_to_srgb(np.array([lab[0] - 25, 4.0, 9.0]))
    messy[shine] = 255
    messy[side] = lab_to_srgb(np.array([60.0, -4.0, -28.0]))
    m = measure_pixels(messy, FRAME, RegionSet((CHEEK,), (FOREHEAD,)))
    t = m.treated
    region = np.zeros(image.shape[:2], bool)
    mask, (x0, y0), _off = region_mask(image.shape[:2], FRAME, (CHEEK,))
    region[y0 : y0 + mask.shape[0], x0 : x0 + mask.shape[1]] = mask
    inside = int(region.sum())
    assert t.total == clean.treated.total == inside and 4900 < inside < 5150  # π·40² ≈ 5027
    assert t.not_skin == int((region & side).sum()) > 400
    assert t.clipped == int((region & shine & ~side).sum()) > 300
    assert t.shade == pytest.approx(int((region & hair & ~shine & ~side).sum()), rel=0.03)
    assert t.used + t.excluded == inside
    # What is left is the skin: the mean a* barely moves, though a plain mean would.
    assert t.mean_a == pytest.approx(clean.treated.mean_a, abs=0.3)
    naive = srgb_to_lab(messy[region])[:, 1].mean()
    assert abs(naive - clean.treated.mean_a) > 1.0
    assert m.reference == clean.reference


def test_block_standard_error_reflects_the_texture_not_the_pixel_count() -> None:
    """Neighbouring pixels are alike: a blotchy region must not claim the precision that
    thousands of independent pixels would give."""
    image = _skin(SKIN["light-skin"])
    m = measure_pixels(image, FRAME, RegionSet((CHEEK,), (FOREHEAD,)))
    naive = m.treated.spread_a / math.sqrt(m.treated.used)
    assert m.treated.standard_error > 2 * naive
    # And it is honest: over independent textures the means scatter by about that much.
    means = []
    for seed in range(1, 11):
        patch = srgb_to_lab(_skin(SKIN["light-skin"], (90, 90), seed=seed))[..., 1]
        ys, xs = np.mgrid[0:90, 0:90]
        disc = (xs + 0.5 - 45) ** 2 + (ys + 0.5 - 45) ** 2 <= 40**2
        means.append(float(patch[disc].mean()))
    assert 0.4 < float(np.std(means, ddof=1)) / m.treated.standard_error < 2.5


# ----------------------------------------------------------------- a journal of made-up photos


def _add_photo(journal, day: dt.date, image: np.ndarray, eyes=FRAME, kind=Kind.TREATMENT):  # type: ignore[no-untyped-def]
    session = journal.find_or_add_session(day, kind)
    path = journal.folder.parent / f"in-{day.isoformat()}-{len(journal.photos())}.png"
    Image.fromarray(image).save(path, compress_level=1)
    photo = journal.import_file(path, session.id, Angle.FRONT).photo
    assert photo is not None, "the test photo was not imported"
    if eyes is not None:
        h, w = image.shape[:2]
        left, right = eyes.left, eyes.right
        photo = journal.set_eye_points(
            photo.id, (left[0] / w, left[1] / h), (right[0] / w, right[1] / h), "manual"
        )
    return photo


REGIONS = RegionSet((CHEEK,), (FOREHEAD,))
START = dt.date(2026, 3, 2)


def _lit(image: np.ndarray, gain: float, red: float = 1.0, blue: float = 1.0) -> np.ndarray:
    return encode_srgb(linear_rgb(image) * np.array([gain * red, gain, gain * blue]))


def test_photos_that_cannot_be_measured_are_skipped_with_the_reason(journal) -> None:  # type: ignore[no-untyped-def]
    def skin(seed: int) -> np.ndarray:
        return _skin(SKIN["light-skin"], seed=seed)

    _add_photo(journal, START, skin(0))
    never = _add_photo(journal, START + dt.timedelta(days=14), skin(1), eyes=None)
    none_found = _add_photo(journal, START + dt.timedelta(days=28), skin(2), eyes=None)
    journal.set_eye_points(none_found.id, None, None, "auto")
    _add_photo(
        journal, START + dt.timedelta(days=42), skin(3), eyes=FaceFrame((290.0, 250.0), (310.0, 250.0))
    )
    _add_photo(
        journal, START + dt.timedelta(days=56), skin(4), eyes=FaceFrame((320.0, 250.0), (420.0, 250.0))
    )
    white = skin(5)
    white[250:420, 280:420] = 255
    _add_photo(journal, START + dt.timedelta(days=70), white)
    # Damaged eye points (the database is outside input too): a reason, never a huge allocation.
    wild = _add_photo(journal, START + dt.timedelta(days=84), skin(6))
    journal.set_eye_points(wild.id, (0.1, 0.5), (4000.0, 0.5), "manual")
    far = _add_photo(journal, START + dt.timedelta(days=98), skin(7))
    journal.set_eye_points(far.id, (-900.0, -900.0), (-899.0, -900.0), "manual")
    trend = measure_trend(journal, Angle.FRONT, REGIONS)
    reasons = [p.reason for p in trend.photos]
    assert [p.outcome for p in trend.photos] == [Outcome.MEASURED] + [Outcome.SKIPPED] * 7
    assert "no eye points yet" in reasons[1] and never.id == trend.photos[1].photo.id
    assert "none were found; set them by hand" in reasons[2]
    assert "face is too small" in reasons[3]
    assert "runs off the photo" in reasons[4]
    assert "overexposed" in reasons[5]
    assert "eye points do not fit this photo" in reasons[6]
    assert "runs off the photo" in reasons[7]
    assert len(trend.sessions) == 1
    rows = [p.to_json() for p in trend.photos]
    assert rows[1]["passed"] is False and rows[1]["delta_a"] is None and rows[1]["pixels_treated"] == 0


def test_light_beyond_the_lighting_check_thresholds_is_greyed_and_left_out(journal) -> None:  # type: ignore[no-untyped-def]
    skin = _skin(SKIN["light-skin"])
    _add_photo(journal, START, skin)
    _add_photo(journal, START + dt.timedelta(days=28), _lit(_skin(SKIN["light-skin"], seed=1), 0.7))
    _add_photo(
        journal, START + dt.timedelta(days=56), _lit(_skin(SKIN["light-skin"], seed=2), 1.0, 1.12, 0.8)
    )
    _add_photo(journal, START + dt.timedelta(days=84), _lit(_skin(SKIN["light-skin"], seed=3), 0.97))
    shiny = _skin(SKIN["light-skin"], seed=4)
    shiny[300:318, 315:352] = 255  # about 13 % of the cheek
    _add_photo(journal, START + dt.timedelta(days=112), shiny)
    trend = measure_trend(journal, Angle.FRONT, REGIONS)
    outcomes = [p.outcome for p in trend.photos]
    assert outcomes == [Outcome.MEASURED, Outcome.GATED, Outcome.GATED, Outcome.MEASURED, Outcome.GATED]
    assert trend.photos[0].baseline
    assert "darker" in trend.photos[1].reason and "baseline photo of 2 Mar 2026" in trend.photos[1].reason
    assert "warmer" in trend.photos[2].reason
    assert re.fullmatch(r"overexposed: 1[23] % of the treated region is clipped", trend.photos[4].reason)
    line = trend.points()
    assert [p.session.date for p in line] == [START, START + dt.timedelta(days=84)]
    everything = trend.points(include_gated=True)
    assert len(everything) == 5 and [p.passed for p in everything] == [True, False, False, True, False]
    assert trend.photos[1].to_json()["reason"].startswith("light differs")

    from journal.render.chart_data import redness_chart

    chart = redness_chart(trend, journal.sessions())
    values = chart.series[0].values
    assert [v.greyed for v in values] == [False, True, True, False, True]
    assert chart.note == "Colour measured from photos; not a medical assessment."


def test_several_photos_in_a_session_widen_the_uncertainty_by_their_spread(journal) -> None:  # type: ignore[no-untyped-def]
    _add_photo(journal, START, _skin(SKIN["light-skin"]))
    later = START + dt.timedelta(days=28)
    _add_photo(journal, later, _skin(SKIN["light-skin"], seed=5))
    redder = _skin(SKIN["light-skin"], seed=6)
    lab = srgb_to_lab(redder)
    lab[250:420, 280:420, 1] += 2.0
    _add_photo(journal, later, lab_to_srgb(lab))
    trend = measure_trend(journal, Angle.FRONT, REGIONS)
    first, second, third = trend.photos
    assert first.session_spread is None
    assert second.session_spread == third.session_spread
    assert second.session_spread is not None and second.session_spread > 1.0
    assert second.measurement is not None and second.uncertainty is not None
    assert second.uncertainty > 2 * second.measurement.standard_error
    point = trend.sessions[1]
    assert point.delta_a == pytest.approx((second.delta_a + third.delta_a) / 2)
    assert len(point.photos) == 2


def test_measurements_are_reused_until_the_photo_eyes_or_regions_change(journal, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from journal.core import redness_trend

    photo = _add_photo(journal, START, _skin(SKIN["light-skin"]))
    _add_photo(
        journal,
        START + dt.timedelta(days=28),
        _skin(SKIN["light-skin"], seed=1),
        eyes=FaceFrame((5, 5), (6, 5)),
    )
    first = measure_trend(journal, Angle.FRONT, REGIONS)
    calls = []
    real = redness_trend.measure_pixels
    monkeypatch.setattr(redness_trend, "measure_pixels", lambda *a: calls.append(1) or real(*a))
    again = measure_trend(journal, Angle.FRONT, REGIONS)
    assert calls == [] and again.photos[0].measurement == first.photos[0].measurement
    assert again.photos[1].reason == first.photos[1].reason  # a reason is kept too
    wider = RegionSet((Circle(0.5, 0.8, 0.35),), (FOREHEAD,))
    assert measure_trend(journal, Angle.FRONT, wider).photos[0].measurement != first.photos[0].measurement
    assert len(calls) == 2
    journal.set_eye_points(photo.id, (0.6, 0.6), (0.84, 0.6), "manual")
    measure_trend(journal, Angle.FRONT, REGIONS)
    assert len(calls) == 3
    for cached in (journal.cache.root / "redness").rglob("*.json"):
        cached.write_text('{"measurement": {"treated": {"mean_a": "a lot"}}}')  # damaged: measured anew
    assert measure_trend(journal, Angle.FRONT, REGIONS).photos[1].reason == first.photos[1].reason
    assert len(calls) == 5


def test_measuring_can_be_cancelled_and_needs_regions(journal) -> None:  # type: ignore[no-untyped-def]
    for week in range(3):
        _add_photo(journal, START + dt.timedelta(weeks=4 * week), _skin(SKIN["light-skin"], seed=week))
    seen = []
    with pytest.raises(Cancelled):
        measure_trend(
            journal, Angle.FRONT, REGIONS, progress=lambda done, total: seen.append(done) or done < 2
        )
    assert seen == [1, 2]
    with pytest.raises(JournalError, match="no redness regions for the front photos"):
        measure_trend(journal, Angle.FRONT)
    journal.set_redness_regions(Angle.FRONT, REGIONS)
    assert len(measure_trend(journal, Angle.FRONT).sessions) == 3


# ----------------------------------------------------------------- recovering a known shift

TRUE_EYES = ((204.0, 100.1), (246.8, 102.6))  # astronaut.png, see test_eyes_alignment.py
CROP = (90, 0, 360, 280)  # the head and shoulders (left, top, right, bottom)
UPSCALE = 2
TREATED = Circle(0.6, 0.6, 0.2)  # the cheek on the photo's right
REFERENCES = {"forehead": Circle(0.0, -0.52, 0.16), "chin": Circle(0.0, 1.6, 0.2)}
EXPOSURE = 0.85  # every session's light is a little under the portrait's (its cheeks nearly clip)

# (a* shift painted on the treated cheek, brightness gain, red gain, blue gain) per session; the
# first is the baseline. Gains act on linear light; 1.08/0.88 is about a 1000 K lamp change.
SESSIONS = [
    (0.0, 1.0, 1.0, 1.0),
    (-3.0, 0.85, 1.08, 0.88),  # warmer and darker
    (-5.0, 1.10, 0.92, 1.12),  # cooler and brighter
    (0.0, 1.0, 1.10, 0.85),  # light only: warmer (moves a* itself by about +2.5)
    (0.0, 0.80, 0.92, 1.12),  # light only: cooler and darker
    (3.0, 0.90, 1.00, 1.00),
]


@pytest.fixture(scope="module")
def portrait() -> np.ndarray:
    from tests.helpers import SHARED_PHOTOS

    path = SHARED_PHOTOS / "face" / "astronaut.png"
    if not path.exists():
        import os

        if os.environ.get("CI"):
            pytest.fail(f"missing {path}")
        pytest.skip(f"missing {path}")
    with Image.open(path) as im:
        head = im.convert("RGB").crop(CROP)
    return np.asarray(head.resize((head.width * UPSCALE, head.height * UPSCALE), Image.Resampling.BICUBIC))


def _paint_shift(rgb: np.ndarray, frame: FaceFrame, circle: Circle, shift: float) -> np.ndarray:
    """Add `shift` to a* over a disc a little larger than `circle`, fading out beyond it."""
    if shift == 0:
        return rgb
    height, width = rgb.shape[:2]
    ys, xs = np.mgrid[0:height, 0:width] + 0.5
    back = frame.to_face
    fx, fy = back.a * xs - back.b * ys + back.tx, back.b * xs + back.a * ys + back.ty
    distance = np.hypot(fx - circle.x, fy - circle.y)
    weight = np.clip((1.8 * circle.r - distance) / (0.4 * circle.r), 0.0, 1.0)
    lab = srgb_to_lab(rgb)
    lab[..., 1] += shift * weight
    return lab_to_srgb(lab)


def _relight(rgb: np.ndarray, gain: float, red: float, blue: float) -> np.ndarray:
    return encode_srgb(linear_rgb(rgb) * np.array([gain * red, gain, gain * blue]) * EXPOSURE)


def _transformed(rgb: np.ndarray, seed: int) -> np.ndarray:
    rng = random.Random(seed)
    rotation, scale = rng.uniform(-12, 12), rng.uniform(0.8, 1.25)
    width, height = rng.randint(600, 700), rng.randint(700, 800)
    centre = ((225.0 - CROP[0]) * UPSCALE, (130.0 - CROP[1]) * UPSCALE)  # the face
    matrix = cv2.getRotationMatrix2D(centre, rotation, scale)
    matrix[0, 2] += width / 2 - centre[0] + rng.uniform(-0.08, 0.08) * width
    matrix[1, 2] += height * 0.45 - centre[1] + rng.uniform(-0.08, 0.08) * height
    return cv2.warpAffine(
        rgb, matrix, (width, height), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE
    )


@pytest.fixture(scope="module")
def course(portrait: np.ndarray, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """A journal with one front photo per session (two in the last), made as described above."""
    from journal.core.journal import Journal
    from journal.core.models import JournalSettings

    root = tmp_path_factory.mktemp("redness")
    journal = Journal.create(root / "journal", JournalSettings(name="Redness"), root / "cache")
    frame = FaceFrame(*(((x - CROP[0]) * UPSCALE, (y - CROP[1]) * UPSCALE) for x, y in TRUE_EYES))
    start = dt.date(2026, 3, 2)
    for index, (shift, gain, red, blue) in enumerate(SESSIONS):
        session = journal.add_session(start + dt.timedelta(days=28 * index), Kind.TREATMENT)
        painted = _paint_shift(portrait, frame, TREATED, shift)
        # The shift really is in the pixels (no clipping ate it), before light and transform.
        regions = RegionSet((TREATED,), (REFERENCES["chin"],))
        made = (
            measure_pixels(painted, frame, regions).delta_a - measure_pixels(portrait, frame, regions).delta_a
        )
        assert made == pytest.approx(shift, abs=0.1)
        face = _relight(painted, gain, red, blue)
        copies = 2 if index == len(SESSIONS) - 1 else 1
        for copy in range(copies):
            path = root / f"s{index}-{copy}.jpg"
            Image.fromarray(_transformed(face, seed=index * 10 + copy)).save(path, "JPEG", quality=90)
            result = journal.import_file(path, session.id, Angle.FRONT)
            assert result.photo is not None, result.line()
            photo = locate(journal, result.photo)
            assert photo.eyes is not None, f"no eyes found in session {index}"
    yield journal
    journal.close()


@pytest.mark.parametrize("reference", sorted(REFERENCES), ids=lambda r: f"reference-{r}")
def test_delta_a_recovers_a_painted_shift_under_changing_light(course, reference: str) -> None:  # type: ignore[no-untyped-def]
    regions = RegionSet((TREATED,), (REFERENCES[reference],))
    trend = measure_trend(course, Angle.FRONT, regions)
    assert all(p.measurement is not None for p in trend.photos), [p.reason for p in trend.photos]
    points = trend.points(include_gated=True)
    assert len(points) == len(SESSIONS) and points[0].photos[0].baseline
    base = points[0]
    report = [f"reference {reference}: baseline Δa* {base.delta_a:+.2f} ± {base.uncertainty:.2f}"]
    failures = []
    for (shift, gain, red, blue), point in zip(SESSIONS[1:], points[1:], strict=True):
        recovered = point.delta_a - base.delta_a
        stated = math.hypot(point.uncertainty, base.uncertainty)  # of a difference of two sessions
        light = f"light ×{gain:.2f}, red ×{red:.2f}, blue ×{blue:.2f}"
        report.append(
            f"  shift {shift:+.1f} ({light}): recovered {recovered:+.2f}, error {recovered - shift:+.2f}, "
            f"stated ± {stated:.2f}{'' if point.passed else ' [gated: ' + point.reason + ']'}"
        )
        if shift == 0:  # light only: a* itself moves, Δa* must not
            raw = point.photos[0].measurement.treated.mean_a - base.photos[0].measurement.treated.mean_a
            report[-1] += f"; a* of the treated skin alone moved {raw:+.2f}"
            if abs(raw) < 1.5:
                failures.append(report[-1] + " (the light change is too small to test anything)")
        if abs(recovered - shift) > stated or (shift == 0 and abs(recovered) >= 1.0):
            failures.append(report[-1])
    print("\n" + "\n".join(report))
    assert not failures, "\n".join(report)


# ----------------------------------------------------------------- the command line

JSON_KEYS = {
    "date",
    "photo",
    "a_treated",
    "a_reference",
    "delta_a",
    "delta_a_uncertainty",
    "pixels_treated",
    "pixels_reference",
    "passed",
}


def test_redness_command_gives_one_object_or_line_per_photo(course, capsys) -> None:  # type: ignore[no-untyped-def]
    import json

    from journal.cli import EXIT_FAILED, EXIT_OK, main

    folder = str(course.folder)
    specs = ["--treated", "0.6,0.6,0.2", "--reference", "0,1.6,0.2"]
    assert main(["--journal", folder, "redness", "--json", *specs]) == EXIT_OK
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == len(course.photos())
    for row in rows:
        assert set(row) >= JSON_KEYS and re.fullmatch(r"\d{4}-\d\d-\d\d", row["date"])
        assert isinstance(row["passed"], bool) and ("reason" in row) == (not row["passed"])
        assert row["delta_a"] == pytest.approx(row["a_treated"] - row["a_reference"], abs=0.011)
        assert row["pixels_treated"] > 500 and row["pixels_reference"] > 500
    assert rows[0]["baseline"] and rows[0]["date"] == "2026-03-02"
    assert main(["--journal", folder, "redness", "--angle", "front", *specs]) == EXIT_OK
    lines = capsys.readouterr().out.splitlines()
    assert (
        len(lines) == len(rows) + 1 and lines[-1] == "Colour measured from photos; not a medical assessment."
    )
    assert re.match(
        r"2026-03-02  s0-0\.jpg  Δa\* [+−-]\d+\.\d\d ± \d\.\d\d  \(a\* treated .*pixels\)  baseline$",
        lines[0],
    )
    assert any("left out: light differs from the baseline" in line for line in lines)
    # No regions stored and none given: a clear error, not a traceback.
    assert main(["--journal", folder, "redness"]) == EXIT_FAILED
    assert "no redness regions for the front photos" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:
        main(["--journal", folder, "redness", "--treated", "0.6,0.6"])
    assert usage.value.code == 2 and "X,Y,R" in capsys.readouterr().err


def test_regions_given_once_with_save_are_used_from_then_on(tmp_path, cache_root, capsys) -> None:  # type: ignore[no-untyped-def]
    from journal.cli import EXIT_OK, main
    from journal.core.journal import Journal
    from journal.core.models import JournalSettings

    folder = tmp_path / "saved"
    with Journal.create(folder, JournalSettings(name="Saved"), cache_root) as journal:
        _add_photo(journal, START, _skin(SKIN["dark-skin"], seed=7))
    args = ["--journal", str(folder), "redness", "--treated", "0.5,0.8,0.4", "--reference", "0,-0.6,0.3"]
    assert main([*args, "--save"]) == EXIT_OK
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "saved: 1 treated and 1 reference regions for front"
    assert main(["--journal", str(folder), "redness"]) == EXIT_OK
    assert capsys.readouterr().out.splitlines() == out[1:]
    with Journal.open(folder, cache_root, read_only=True) as journal:
        assert journal.redness_regions().of(Angle.FRONT) == RegionSet((CHEEK,), (FOREHEAD,))


def test_emptying_the_trash_leaves_no_measurement_of_the_photo(journal) -> None:  # type: ignore[no-untyped-def]
    from journal.core.redness_trend import measurements_folder

    kept = _add_photo(journal, START, _skin(SKIN["light-skin"]))
    gone = _add_photo(journal, START + dt.timedelta(days=28), _skin(SKIN["light-skin"], seed=1))
    measure_trend(journal, Angle.FRONT, REGIONS)
    assert any(measurements_folder(journal.cache.root, gone.sha256).iterdir())
    journal.trash_photo(gone.id)
    journal.empty_trash()
    assert not measurements_folder(journal.cache.root, gone.sha256).exists()
    assert any(measurements_folder(journal.cache.root, kept.sha256).iterdir())

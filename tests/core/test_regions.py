"""The face frame and the redness regions stored in it: geometry, storage, and refusal of
values the app did not write (restore validation uses the same reader)."""

from __future__ import annotations

import datetime as dt
import json
import math
import random

import numpy as np
import pytest

from journal.core.alignment import Similarity
from journal.core.errors import JournalError, JournalReadOnly
from journal.core.faceframe import FaceFrame
from journal.core.models import Angle, Kind
from journal.core.regions import (
    SETTING_KEY,
    Circle,
    Polygon,
    RednessRegions,
    RegionSet,
    parse_circle_spec,
    parse_regions,
    suggested,
)

EYES = {
    "level": ((400.0, 500.0), (480.0, 500.0)),
    "tilted-30deg": (
        (400.0, 500.0),
        (400.0 + 80 * math.cos(math.pi / 6), 500.0 + 80 * math.sin(math.pi / 6)),
    ),
    "upside-down": ((480.0, 500.0), (400.0, 500.0)),
}


@pytest.mark.parametrize("eyes", EYES.values(), ids=EYES.keys())
def test_face_frame_axes_are_the_eye_line_and_down_the_face(eyes) -> None:  # type: ignore[no-untyped-def]
    left, right = eyes
    frame = FaceFrame(left, right)
    assert frame.pixel((0.5, 0.0)) == pytest.approx(right)
    assert frame.pixel((-0.5, 0.0)) == pytest.approx(left)
    mid = ((left[0] + right[0]) / 2, (left[1] + right[1]) / 2)
    assert frame.pixel((0.0, 0.0)) == pytest.approx(mid)
    down = frame.pixel((0.0, 1.0))
    along = (right[0] - left[0], right[1] - left[1])
    step = (down[0] - mid[0], down[1] - mid[1])
    assert math.hypot(*step) == pytest.approx(frame.iod)
    assert step[0] * along[0] + step[1] * along[1] == pytest.approx(0.0, abs=1e-9)
    # y points "down the face": a quarter turn clockwise on screen from the eye line.
    assert along[0] * step[1] - along[1] * step[0] > 0
    for point in ((0.3, 0.7), (-1.2, 1.9), (0.0, -0.6)):
        assert frame.face(frame.pixel(point)) == pytest.approx(point)


def test_a_place_on_the_face_follows_the_face_through_any_similarity() -> None:
    frame = FaceFrame((400.0, 500.0), (480.0, 500.0))
    rng = random.Random(5)
    for _ in range(20):
        angle, scale = rng.uniform(-math.pi, math.pi), rng.uniform(0.3, 3.0)
        moved = Similarity(
            scale * math.cos(angle), scale * math.sin(angle), rng.uniform(-500, 500), rng.uniform(-500, 500)
        )
        other = FaceFrame(moved.apply(frame.left), moved.apply(frame.right))
        for point in ((0.6, 0.6), (-0.6, 0.6), (0.0, -0.55)):
            assert other.pixel(point) == pytest.approx(moved.apply(frame.pixel(point)))


def test_frame_of_a_photo_in_its_preview_pixels(journal) -> None:  # type: ignore[no-untyped-def]
    from tests.helpers import photo_like, save_jpeg

    session = journal.add_session(dt.date(2026, 3, 1), Kind.TREATMENT)
    path = save_jpeg(journal.folder.parent / "in.jpg", photo_like((400, 300)))
    photo = journal.import_file(path, session.id, Angle.FRONT).photo
    assert FaceFrame.of_photo(photo) is None
    photo = journal.set_eye_points(photo.id, (0.4, 0.5), (0.6, 0.5), "manual")
    full = FaceFrame.of_photo(photo)
    half = FaceFrame.of_photo(photo, 200, 150)
    assert full is not None and half is not None
    assert full.iod == pytest.approx(80.0) and half.iod == pytest.approx(40.0)
    assert half.pixel((0.6, 0.6)) == pytest.approx(tuple(v / 2 for v in full.pixel((0.6, 0.6))))


def test_polygon_and_circle_cover_the_same_skin() -> None:
    circle = Circle(0.6, 0.6, 0.25)
    polygon = Polygon(circle.outline(64))
    ys, xs = np.mgrid[0:1.2:0.005, 0:1.2:0.005]
    a, b = circle.contains(xs, ys), polygon.contains(xs, ys)
    assert a.sum() > 5000
    assert (a ^ b).sum() / a.sum() < 0.01
    square = Polygon(((0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)))
    assert square.contains(np.array([0.5, 1.5, -0.1]), np.array([0.5, 0.5, 0.5])).tolist() == [
        True,
        False,
        False,
    ]


def test_regions_are_stored_in_the_journal_and_survive_reopening(tmp_path, cache_root) -> None:  # type: ignore[no-untyped-def]
    from journal.core.journal import Journal
    from journal.core.models import JournalSettings

    folder = tmp_path / "j"
    front = RegionSet(
        treated=(Circle(-0.6, 0.6, 0.22), Polygon(((0.4, 0.4), (0.9, 0.45), (0.8, 0.9), (0.45, 0.85)))),
        reference=(Circle(0.0, -0.55, 0.2),),
    )
    with Journal.create(folder, JournalSettings(name="Regions"), cache_root) as journal:
        events = []
        journal.subscribe(events.append)
        assert journal.redness_regions().of(Angle.FRONT) == RegionSet()
        previous = journal.set_redness_regions(Angle.FRONT, front)
        assert previous == RegionSet()
        assert [e.fields for e in events] == [(SETTING_KEY,)]
        journal.set_redness_regions(Angle.LEFT, RegionSet((Circle(0.3, 0.7, 0.2),), (Circle(0.0, 1.5, 0.2),)))
    with Journal.open(folder, cache_root) as journal:
        assert journal.redness_regions().of(Angle.FRONT) == front
        assert journal.redness_regions().of(Angle.LEFT).treated == (Circle(0.3, 0.7, 0.2),)
        # Undo gets the old value back; clearing an angle removes it.
        assert journal.set_redness_regions(Angle.FRONT, RegionSet()) == front
        assert Angle.FRONT not in journal.redness_regions().angles
    with Journal.open(folder, cache_root, read_only=True) as journal, pytest.raises(JournalReadOnly):
        journal.set_redness_regions(Angle.FRONT, front)


def test_json_round_trip_is_exact() -> None:
    regions = RednessRegions(
        {Angle.FRONT: suggested(Angle.FRONT), Angle.RIGHT: RegionSet((Circle(0.1, 0.2, 0.3),), ())}
    )
    value = regions.to_json()
    assert value["version"] == 1 and set(value["angles"]) == {"front", "right"}
    assert parse_regions(json.loads(json.dumps(value))) == regions
    assert parse_regions(None) == RednessRegions()


GOOD = {"version": 1, "angles": {"front": {"treated": [{"circle": [0.6, 0.6, 0.2]}], "reference": []}}}


def _with(front: object) -> dict[str, object]:
    return {"version": 1, "angles": {"front": front}}


BAD = {
    "not-an-object": ([1, 2], "must be an object"),
    "unknown-version": ({"version": 2, "angles": {}}, "version"),
    "unknown-key": ({**GOOD, "extra": 1}, "unknown key 'extra'"),
    "unknown-angle": ({"version": 1, "angles": {"top": {}}}, "unknown angle 'top'"),
    "unknown-role": (_with({"treated": [], "lesion": []}), "unknown key 'lesion'"),
    "unknown-shape": (_with({"treated": [{"star": [0, 0, 1]}]}), "unknown shape 'star'"),
    "two-shapes-in-one": (
        _with({"treated": [{"circle": [0, 0, 0.2], "polygon": []}]}),
        "one circle or polygon",
    ),
    "nan": (_with({"treated": [{"circle": [float("nan"), 0, 0.2]}]}), "not a number"),
    "infinite-radius": (_with({"treated": [{"circle": [0, 0, float("inf")]}]}), "not a number"),
    "bool-as-number": (_with({"treated": [{"circle": [True, 0, 0.2]}]}), "not a number"),
    "text-as-number": (_with({"treated": [{"circle": ["0", 0, 0.2]}]}), "not a number"),
    "zero-radius": (_with({"treated": [{"circle": [0, 0, 0]}]}), "radius"),
    "off-the-face": (_with({"reference": [{"circle": [50, 0, 0.2]}]}), "off the face"),
    "two-point-polygon": (_with({"treated": [{"polygon": [[0, 0], [1, 1]]}]}), "3–64 points"),
    "flat-polygon": (_with({"treated": [{"polygon": [[0, 0], [1, 1], [2, 2]]}]}), "no area"),
    "too-many": (_with({"treated": [{"circle": [0, 0.5, 0.1]}] * 9}), "at most 8"),
}


@pytest.mark.parametrize(("value", "message"), BAD.values(), ids=BAD.keys())
def test_values_the_app_did_not_write_are_refused(value, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match=message):
        parse_regions(value)


def test_a_damaged_stored_value_is_a_clear_error_and_can_be_replaced(journal) -> None:  # type: ignore[no-untyped-def]
    journal.store.save_settings({SETTING_KEY: {"version": 1, "angles": {"front": {"treated": "everywhere"}}}})
    with pytest.raises(JournalError, match="stored redness regions cannot be read"):
        journal.redness_regions()
    journal.set_redness_regions(Angle.FRONT, suggested(Angle.FRONT))
    assert journal.redness_regions().of(Angle.FRONT) == suggested(Angle.FRONT)


def test_circle_spec_from_the_command_line() -> None:
    assert parse_circle_spec("0.6,0.6,0.2") == Circle(0.6, 0.6, 0.2)
    assert parse_circle_spec("-0.6,.6,.25") == Circle(-0.6, 0.6, 0.25)
    for bad in ("0.6,0.6", "a,b,c", "0,0,-1", "0,0,nan", "9,0,0.2"):
        with pytest.raises(ValueError):
            parse_circle_spec(bad)

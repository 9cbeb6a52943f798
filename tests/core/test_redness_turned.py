"""Redness on a photo the user turned: the eye points move with the turn, so the pixels
measured must be the turned picture's too (the one the app shows and the regions are drawn on)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from PIL import Image

from journal.core.colour import lab_to_srgb
from journal.core.models import Angle
from journal.core.redness_trend import measure_trend
from journal.core.regions import Circle, RegionSet
from journal.core.turn import Turn

CHEEK = Circle(0.5, 0.8, 0.4)
FOREHEAD = Circle(0.0, -0.6, 0.3)
SHIFT = 6.0


def _face(width: int = 460, height: int = 400) -> np.ndarray:
    """Plain skin with the treated cheek `SHIFT` redder in a*; eyes at (180, 150) and (280, 150)."""
    rng = np.random.default_rng(3)
    lab = np.empty((height, width, 3))
    lab[..., 0], lab[..., 1], lab[..., 2] = 66.0, 13.0, 17.0
    lab += rng.normal(0, 0.7, lab.shape)
    ys, xs = np.mgrid[0:height, 0:width] + 0.5
    cheek = (xs - 280) ** 2 + (ys - 230) ** 2 <= 40**2  # CHEEK in this face's frame
    lab[..., 1][cheek] += SHIFT
    return lab_to_srgb(lab)


def _import(journal, image: np.ndarray, day: dt.date):  # type: ignore[no-untyped-def]
    path = journal.folder.parent / f"face-{day}.png"
    Image.fromarray(np.ascontiguousarray(image)).save(path, compress_level=1)
    session = journal.add_session(day)
    photo = journal.import_file(path, session.id, Angle.FRONT).photo
    assert photo is not None
    return photo


@pytest.mark.parametrize(
    ("stored", "turn"),
    [(1, Turn(1)), (2, Turn(2)), (3, Turn(3))],
    ids=["stored-sideways-left", "stored-upside-down", "stored-sideways-right"],
)
def test_a_photo_turned_upright_measures_the_same_skin(journal, stored: int, turn: Turn) -> None:  # type: ignore[no-untyped-def]
    """A photo stored on its side (or upside down) and turned upright by the user measures as
    the same photo stored upright: its eye points, set on the upright picture, and the pixels
    measured are those of the picture the user sees."""
    face = _face()
    h, w = face.shape[:2]
    eyes = ((180 / w, 150 / h), (280 / w, 150 / h))
    regions = RegionSet((CHEEK,), (FOREHEAD,))
    upright = _import(journal, face, dt.date(2026, 3, 2))
    journal.set_eye_points(upright.id, *eyes, "manual")
    sideways = _import(journal, np.rot90(face, stored), dt.date(2026, 3, 30))
    journal.set_photo_turn(sideways.id, turn)
    assert (journal.photo(sideways.id).width, journal.photo(sideways.id).height) == (w, h)
    journal.set_eye_points(sideways.id, *eyes, "manual")
    first, second = measure_trend(journal, Angle.FRONT, regions).photos
    assert first.delta_a == pytest.approx(SHIFT, abs=0.6)
    assert second.measurement is not None, second.reason
    assert second.delta_a == pytest.approx(first.delta_a, abs=0.3)
    assert second.measurement.treated.used == pytest.approx(first.measurement.treated.used, rel=0.05)

"""A small course for the progress tests: six sessions (five treatments, a check-in) with
self-ratings and one made-up front photo each, whose treated cheek gets less red over the
course; eye points set, the suggested front regions stored. Built once per test module and
copied for each test (a window closes the journal it shows)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import numpy as np
from PIL import Image

from journal.core.colour import lab_to_srgb
from journal.core.journal import Journal
from journal.core.models import Angle, JournalSettings, Kind
from journal.core.regions import suggested

SIZE = 240  # pixels; the eyes are 48 px apart
EYES = ((0.4, 0.4), (0.6, 0.4))
START = dt.date(2026, 7, 9)
# day, kind, redness, bumps, active acne, scars, pain, cheek a* shift
COURSE = [
    (0, Kind.TREATMENT, 6, 5, 4, 8, 3, 9.0),
    (21, Kind.CHECK_IN, 5, 4, 4, 8, None, 8.0),
    (28, Kind.TREATMENT, 5, 4, 3, 7, 4, 7.0),
    (56, Kind.TREATMENT, 4, 3, 3, 6, 6, 5.0),
    (84, Kind.TREATMENT, 3, 3, 2, 5, 5, 4.0),
    (112, Kind.TREATMENT, 3, 2, 2, 5, 5, 3.0),
]


def face(shift: float, light: float = 1.0, seed: int = 0) -> np.ndarray:
    """Plain skin, both cheeks `shift` redder in a* (where the suggested regions lie)."""
    rng = np.random.default_rng(seed)
    lab = np.empty((SIZE, SIZE, 3))
    lab[..., 0], lab[..., 1], lab[..., 2] = 66.0, 12.0, 17.0
    lab += rng.normal(0, 0.8, lab.shape)
    ys, xs = np.mgrid[0:SIZE, 0:SIZE] + 0.5
    iod = (EYES[1][0] - EYES[0][0]) * SIZE
    mid_x, mid_y = SIZE / 2, EYES[0][1] * SIZE
    for side in (-1, 1):
        cx, cy = mid_x + side * 0.6 * iod, mid_y + 0.6 * iod
        lab[..., 1][(xs - cx) ** 2 + (ys - cy) ** 2 <= (0.3 * iod) ** 2] += shift
    rgb = lab_to_srgb(lab).astype(np.float64) * light
    return np.clip(rgb, 0, 255).astype(np.uint8)


def build_course(folder: Path, cache_root: Path, brighter: int | None = None) -> Path:
    """The course as a journal folder (closed); the session at index `brighter` has its photo
    taken in 20 % more light."""
    journal = Journal.create(folder, JournalSettings(name="Progress test"), cache_root)
    try:
        for index, (day, kind, redness, bumps, acne, scars, pain, shift) in enumerate(COURSE):
            session = journal.add_session(
                START + dt.timedelta(days=day),
                kind,
                redness=redness,
                bumps=bumps,
                active_acne=acne,
                scar_visibility=scars,
                pain=pain,
            )
            path = folder.parent / f"front-{index}.png"
            light = 1.2 if index == brighter else 1.0
            Image.fromarray(face(shift, light, index)).save(path, compress_level=1)
            photo = journal.import_file(path, session.id, Angle.FRONT).photo
            assert photo is not None
            journal.set_eye_points(photo.id, *EYES, "manual")
        journal.set_redness_regions(Angle.FRONT, suggested(Angle.FRONT))
    finally:
        journal.close()
    return folder


def open_copy(built: Path, tmp_path: Path, read_only: bool = False) -> Journal:
    """A private copy of a built course, open (with its own copy of the cache)."""
    folder = tmp_path / "journal"
    shutil.copytree(built / "journal", folder)
    cache = tmp_path / "course-cache"
    if (built / "cache").exists():
        shutil.copytree(built / "cache", cache)
    return Journal.open(folder, cache, read_only=read_only)

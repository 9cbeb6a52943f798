"""A ghost photo the user turned upright (a phone photo saved on its side) is ghosted upright."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import numpy as np

from journal.core.capture.session import CaptureSession
from journal.core.models import Angle
from journal.core.turn import Turn
from tests.core.capture.conftest import add_photo
from tests.core.capture.scenes import Pose, Stage, render


def test_a_ghost_turned_upright_by_the_user_is_shown_upright_with_its_eyes_on_the_face(
    journal, face: np.ndarray, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    upright, true_eyes = render(face, Pose(), Stage())
    first = journal.add_session(dt.date(2026, 1, 10))
    sideways = np.ascontiguousarray(np.rot90(upright))  # saved on its side, no EXIF to say so
    photo = add_photo(journal, first.id, sideways, tmp_path / "src", "sideways.jpg")
    journal.set_photo_turn(photo.id, Turn(1))  # the user turns it a quarter clockwise
    today = journal.add_session(dt.date(2026, 2, 7))

    ghost = CaptureSession(journal, today.id).guide(Angle.FRONT).ghost
    assert ghost is not None and ghost.eyes is not None
    assert ghost.size[0] > ghost.size[1]  # landscape, as the user sees the photo
    scale = ghost.size[0] / upright.shape[1]
    iod = math.dist(*true_eyes) * scale
    for found, truth in zip(ghost.eyes, true_eyes, strict=True):
        assert math.dist(found, (truth[0] * scale, truth[1] * scale)) < 0.1 * iod
    small = ghost.pixels[:: ghost.size[1] // 90 or 1, :: ghost.size[1] // 90 or 1].astype(float)
    shrunk = upright[:: upright.shape[0] // 90, :: upright.shape[0] // 90].astype(float)
    h, w = min(small.shape[0], shrunk.shape[0]), min(small.shape[1], shrunk.shape[1])
    assert np.abs(small[:h, :w] - shrunk[:h, :w]).mean() < 25  # the picture, not only its shape

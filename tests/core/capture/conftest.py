"""A course to capture into: a first treatment whose front photo is the ghost, later sessions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from journal.core.models import Angle, Kind
from tests.core.capture.scenes import Pose, Stage, portrait, render


@pytest.fixture(scope="session")
def face() -> np.ndarray:
    return portrait()


def add_photo(
    journal, session_id: int, frame: np.ndarray, folder: Path, name: str, angle: Angle = Angle.FRONT
):  # type: ignore[no-untyped-def]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    Image.fromarray(frame).save(path, quality=92)
    result = journal.import_file(path, session_id, angle)
    assert result.ok, result.line()
    return result.photo


@pytest.fixture
def course(journal, face: np.ndarray, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Treatment 1 (front ghost at the target pose), a check-in, and today's treatment to photograph."""
    first = journal.add_session(dt.date(2026, 1, 10), Kind.TREATMENT)
    ghost_frame, _ = render(face, Pose(), Stage())
    add_photo(journal, first.id, ghost_frame, tmp_path / "src", "baseline-front.jpg")
    journal.add_session(dt.date(2026, 1, 24), Kind.CHECK_IN)
    today = journal.add_session(dt.date(2026, 2, 7), Kind.TREATMENT)
    return journal, today

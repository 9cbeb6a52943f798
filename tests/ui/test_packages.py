"""Feature packages: their public names all resolve, and naming one loads only its module."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

from tests.helpers import REPO

FEATURES = [
    "capture",
    "compare",
    "importing",
    "progress",
    "reminders",
    "session",
    "sheets",
    "timelapse",
    "timeline",
    "window",
]


@pytest.mark.parametrize("feature", FEATURES)
def test_every_public_name_of_a_feature_resolves(feature: str) -> None:
    package = importlib.import_module(f"journal.ui.{feature}")
    assert package.__all__, f"journal.ui.{feature} exports nothing"
    for name in package.__all__:
        assert getattr(package, name).__name__ == name
    with pytest.raises(AttributeError):
        package.NoSuchName  # noqa: B018


def test_building_the_window_loads_no_compare_view_and_no_sheets() -> None:
    """Start-up imports the packages; a feature's modules load when first used (the window
    needs the compare feature's eye worker at once, its view only when Compare opens)."""
    code = (
        "import sys, journal.ui.window.factory\n"
        "print(','.join(sorted(m for m in sys.modules if m.startswith(('journal.ui.compare.', 'journal.ui.sheets.', 'journal.ui.progress.', 'journal.ui.capture.', 'journal.core.capture', 'cv2')))))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    loaded = set(done.stdout.strip().split(",")) - {""}
    # The capture page's launcher only: the view, the camera code and OpenCV load when photos are taken.
    assert loaded == {"journal.ui.compare.eyes", "journal.ui.capture.launcher"}, (
        f"building the window loaded {sorted(loaded)}"
    )

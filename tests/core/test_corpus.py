"""Real camera and phone photos from ../shared/photos."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PIL import Image

from journal.core import imaging
from journal.core.models import Angle
from journal.core.verify import verify
from tests.helpers import mean_abs_diff


@pytest.mark.parametrize("family", ["Landscape", "Portrait"])
def test_every_exif_orientation_imports_upright(journal, photos: Path, family: str) -> None:
    session = journal.add_session(dt.date(2026, 1, 10))
    results = {}
    for number in range(9):
        result = journal.import_file(
            photos / "orientation" / f"{family}_{number}.jpg", session.id, Angle.FRONT
        )
        assert result.status == "imported", result.line()
        results[number] = result.photo
    reference = results[0]
    ref_pixels = imaging.load_upright(journal.photo_path(reference), 600)
    ref_thumb = Image.open(journal.cache.thumbnail_path(reference.sha256))
    for number, photo in results.items():
        assert (photo.width, photo.height) == (reference.width, reference.height), number
        pixels = imaging.load_upright(journal.photo_path(photo), 600)
        assert pixels.size == ref_pixels.size
        # Same picture within JPEG noise; a wrong turn or mirror gives a difference of 40+.
        assert mean_abs_diff(ref_pixels, pixels) < 6, f"{family}_{number} is not upright"
        with Image.open(journal.cache.thumbnail_path(photo.sha256)) as thumb:
            assert thumb.size == ref_thumb.size
            assert mean_abs_diff(ref_thumb, thumb) < 6, f"{family}_{number} thumbnail is not upright"
    ref_thumb.close()


def test_a_wrong_orientation_would_be_caught(photos: Path) -> None:
    """The 6-grey-level tolerance above really tells a turned or mirrored picture apart."""
    upright = imaging.load_upright(photos / "orientation" / "Landscape_0.jpg", 600)
    mirrored = upright.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    turned = upright.transpose(Image.Transpose.ROTATE_180)
    assert mean_abs_diff(upright, mirrored) > 15
    assert mean_abs_diff(upright, turned) > 15


EXPECTED_DATES = {
    "Canon_40D.jpg": dt.datetime(2008, 5, 30, 15, 56, 1),
    "DSCN0010.jpg": dt.datetime(2008, 10, 22, 16, 28, 39),
    "HMD_Nokia_8.3_5G.jpg": dt.datetime(2022, 8, 14, 14, 12, 31),
    "Nikon_D70.jpg": dt.datetime(2008, 3, 15, 9, 52, 1),
    "jolla.jpg": dt.datetime(2014, 9, 21, 16, 0, 56),
    "IMG_5195.HEIC": dt.datetime(2021, 4, 11, 15, 47, 53),
}


def test_camera_and_heic_photos_import_with_their_capture_dates(journal, photos: Path) -> None:
    session = journal.add_session(dt.date(2026, 1, 10))
    files = sorted((photos / "camera").glob("*.jpg")) + sorted((photos / "heic").iterdir())
    assert len(files) == 7
    for path in files:
        result = journal.import_file(path, session.id, Angle.OTHER)
        assert result.status == "imported", result.line()
        photo = result.photo
        if path.name in EXPECTED_DATES:
            assert photo.taken_at == EXPECTED_DATES[path.name], path.name
            assert not photo.taken_at_from_file
        else:
            assert photo.taken_at_from_file, path.name
        assert journal.cache.thumbnail_path(photo.sha256).exists()
    heic = next(p for p in journal.photos() if p.original_name == "IMG_5195.HEIC")
    assert heic.format == "HEIF" and (heic.width, heic.height) == (2566, 3313)
    # No embedded thumbnail in this file, so import decoded it and made the preview too.
    preview = journal.cache.ensure_preview(heic.sha256, journal.photo_path(heic))
    with Image.open(preview) as im:
        assert im.size[1] > im.size[0]
    assert verify(journal).clean


def test_heic_thumbnail_comes_from_the_embedded_one(
    journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pillow_heif

    source = Image.open(Path(__file__).parents[2] / "seeds" / "face.png").convert("RGB").resize((1120, 1400))
    path = tmp_path / "phone.heic"
    source.save(path, format="HEIF", quality=40, thumbnails=[512])
    decoded = []
    real_load = imaging._decode
    monkeypatch.setattr(imaging, "_decode", lambda im: (decoded.append(im.size), real_load(im)))
    calls = []
    real_open = pillow_heif.open_heif
    monkeypatch.setattr(pillow_heif, "open_heif", lambda *a, **k: (calls.append(a), real_open(*a, **k))[1])

    result = journal.import_file(path, journal.add_session(dt.date(2026, 2, 1)).id, Angle.FRONT)
    assert result.status == "imported", result.line()
    assert calls, "the embedded thumbnail was not read"
    assert decoded == [], "the full HEIC image was decoded at import"
    with Image.open(journal.cache.thumbnail_path(result.photo.sha256)) as thumb:
        assert thumb.size[1] == 512 and 400 <= thumb.size[0] <= 412  # the phone's 512 px thumbnail
    # The preview is made on first view instead.
    assert not journal.cache.preview_path(result.photo.sha256).exists()
    preview = journal.cache.ensure_preview(result.photo.sha256, journal.photo_path(result.photo))
    with Image.open(preview) as im:
        assert im.size == (1120, 1400)


LAZY_HEIF = r"""
import datetime, sys
from pathlib import Path
from journal.core.journal import Journal
from journal.core.models import Angle, JournalSettings
root, jpeg, heic = map(Path, sys.argv[1:4])
journal = Journal.create(root / "journal", JournalSettings(name="x"), root / "cache")
session = journal.add_session(datetime.date(2026, 1, 10))
first = journal.import_file(jpeg, session.id, Angle.FRONT)
loaded_for_jpeg = "pillow_heif" in sys.modules
second = journal.import_file(heic, session.id, Angle.LEFT)
print(first.status, loaded_for_jpeg, second.status, second.photo.format, "pillow_heif" in sys.modules)
journal.close()
"""


def test_pillow_heif_loads_for_the_first_heic_only(tmp_path: Path, photos: Path) -> None:
    # Its import is 40 ms of the first import of every process; a JPEG does not need it.
    import os
    import subprocess
    import sys

    from tests.helpers import REPO

    jpeg = sorted((photos / "camera").glob("*.jpg"))[0]
    done = subprocess.run(
        [sys.executable, "-c", LAZY_HEIF, str(tmp_path), str(jpeg), str(photos / "heic" / "IMG_5195.HEIC")],
        capture_output=True,
        text=True,
        env=dict(os.environ, PYTHONPATH=str(REPO)),
        timeout=120,
        check=True,
    )
    assert done.stdout.split() == ["imported", "False", "imported", "HEIF", "True"]

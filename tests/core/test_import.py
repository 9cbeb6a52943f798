"""Importing photos: byte-for-byte copies, hashes, duplicates, capture times, upright sizes."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
from pathlib import Path

import pytest
from PIL import Image

from journal.core.models import Angle
from tests.helpers import marked, photo_like, save_jpeg


def _session(journal, day=dt.date(2026, 3, 2)):  # type: ignore[no-untyped-def]
    return journal.add_session(day)


def test_import_copies_the_original_byte_for_byte(journal, tmp_path: Path) -> None:
    source = save_jpeg(
        tmp_path / "in" / "IMG_0001.jpg", photo_like((1200, 900)), taken=dt.datetime(2026, 3, 2, 9, 15)
    )
    session = _session(journal)
    result = journal.import_file(source, session.id, Angle.FRONT)
    assert result.status == "imported", result.line()
    photo = result.photo
    stored = journal.photo_path(photo)
    assert stored.read_bytes() == source.read_bytes()
    assert photo.sha256 == hashlib.sha256(source.read_bytes()).hexdigest()
    assert stored.parent.name == "2026-03-02" and stored.parent.parent.name == "photos"
    assert stored.name.startswith("front-IMG_0001-") and stored.suffix == ".jpg"
    assert photo.original_name == "IMG_0001.jpg"
    assert photo.taken_at == dt.datetime(2026, 3, 2, 9, 15) and not photo.taken_at_from_file
    assert (photo.width, photo.height) == (1200, 900)
    # Private: originals read-only for the owner only, folders 0700.
    assert stat.S_IMODE(stored.stat().st_mode) == 0o400
    assert stat.S_IMODE(stored.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(journal.folder.stat().st_mode) == 0o700
    # The source is untouched.
    assert source.exists()


def test_thumbnail_and_preview_are_upright_and_private(journal, tmp_path: Path) -> None:
    # Stored sideways (landscape pixels) with orientation 6: upright it is portrait.
    source = save_jpeg(tmp_path / "side.jpg", marked((1600, 1200)), orientation=6)
    photo = journal.import_file(source, _session(journal).id, Angle.FRONT).photo
    assert (photo.width, photo.height) == (1200, 1600)
    thumb_path = journal.cache.thumbnail_path(photo.sha256)
    preview_path = journal.cache.preview_path(photo.sha256)
    with Image.open(thumb_path) as thumb, Image.open(preview_path) as preview:
        assert thumb.size == (384, 512)
        assert max(preview.size) == 1600  # never upscaled
        assert preview.size[0] < preview.size[1]
        assert not thumb.getexif() and not preview.getexif()
        # The red marker (top-left of the stored pixels) lands top-right after a 90° turn.
        assert thumb.getpixel((thumb.width - 10, 10))[0] > 180 > thumb.getpixel((10, 10))[0] + 60
    assert str(journal.cache.root).startswith(str(journal.cache.root.parent))
    assert "thumbnails" not in thumb_path.parts  # never the shared freedesktop folder
    assert stat.S_IMODE(thumb_path.parent.stat().st_mode) == 0o700


def test_large_photo_gets_a_screen_sized_preview(journal, tmp_path: Path) -> None:
    source = save_jpeg(tmp_path / "big.jpg", photo_like((4032, 3024)))
    photo = journal.import_file(source, _session(journal).id, Angle.FRONT).photo
    with Image.open(journal.cache.preview_path(photo.sha256)) as preview:
        assert 1600 <= max(preview.size) <= 2048


def test_duplicate_is_reported_and_not_stored_twice(journal, tmp_path: Path) -> None:
    source = save_jpeg(tmp_path / "a.jpg", photo_like((640, 480)))
    copy = tmp_path / "renamed copy.jpg"
    copy.write_bytes(source.read_bytes())
    session = _session(journal)
    first = journal.import_file(source, session.id, Angle.FRONT)
    second = journal.import_file(copy, session.id, Angle.LEFT)
    assert first.status == "imported"
    assert second.status == "duplicate"
    assert second.existing is not None and second.existing.id == first.photo.id
    assert "already stored as" in second.line() and first.photo.rel_path in second.line()
    assert len(journal.photos()) == 1
    assert len(list((journal.folder / "photos").rglob("*.jpg"))) == 1


def test_capture_time_falls_back_to_file_time_and_says_so(journal, tmp_path: Path) -> None:
    source = save_jpeg(tmp_path / "no-exif.jpg", photo_like((300, 200)))
    when = dt.datetime(2025, 12, 24, 18, 30, 5).timestamp()
    os.utime(source, (when, when))
    photo = journal.import_file(source, _session(journal).id, Angle.FRONT).photo
    assert photo.taken_at == dt.datetime(2025, 12, 24, 18, 30, 5)
    assert photo.taken_at_from_file


def test_real_photo_with_wrong_extension_imports_by_content(journal, tmp_path: Path) -> None:
    source = tmp_path / "scan.txt"
    photo_like((500, 400)).save(source, "PNG")
    result = journal.import_file(source, _session(journal).id, Angle.OTHER)
    assert result.status == "imported"
    assert result.photo.format == "PNG" and result.photo.rel_path.endswith(".png")


def test_png_tiff_webp_are_supported(journal, tmp_path: Path) -> None:
    session = _session(journal)
    for index, fmt in enumerate(("PNG", "TIFF", "WEBP")):
        path = tmp_path / f"photo{index}.{fmt.lower()}"
        photo_like((320, 240), seed=index).save(path, fmt)
        result = journal.import_file(path, session.id, Angle.FRONT)
        assert result.status == "imported", result.line()
        assert (result.photo.width, result.photo.height) == (320, 240)


def test_rgba_and_palette_images_flatten_without_warnings(journal, tmp_path: Path) -> None:
    session = _session(journal)
    rgba = photo_like((200, 200)).convert("RGBA")
    rgba.putalpha(128)
    rgba.save(tmp_path / "alpha.png")
    palette = photo_like((200, 200), seed=3).convert("P")
    palette.info["transparency"] = 0
    palette.save(tmp_path / "palette.png", transparency=0)
    for name in ("alpha.png", "palette.png"):
        assert journal.import_file(tmp_path / name, session.id, Angle.OTHER).status == "imported"


def test_import_into_trashed_session_is_refused(journal, tmp_path: Path) -> None:
    from journal.core.errors import NotFound

    session = _session(journal)
    journal.trash_session(session.id)
    with pytest.raises(NotFound):
        journal.import_file(save_jpeg(tmp_path / "x.jpg", photo_like((64, 64))), session.id, Angle.FRONT)


def test_events_report_each_import(journal, tmp_path: Path) -> None:
    seen = []
    journal.subscribe(seen.append)
    session = _session(journal)
    journal.import_file(save_jpeg(tmp_path / "x.jpg", photo_like((64, 64))), session.id, Angle.FRONT)
    assert [e.kind for e in seen] == ["session-added", "photo-added"]
    assert seen[1].session_id == session.id


def test_a_cleared_cache_is_rebuilt_on_demand(journal, tmp_path: Path) -> None:
    """Thumbnails and previews are disposable: delete the cache while the journal is open."""
    import shutil

    photo = journal.import_file(
        save_jpeg(tmp_path / "x.jpg", photo_like((900, 600))), _session(journal).id, Angle.FRONT
    ).photo
    shutil.rmtree(journal.cache.root)
    preview = journal.cache.ensure_preview(photo.sha256, journal.photo_path(photo))
    thumb = journal.cache.ensure_thumbnail(photo.sha256, journal.photo_path(photo))
    assert preview.exists() and thumb.exists()

"""Files that must be refused with a reason naming the file, while the rest of a batch lands."""

from __future__ import annotations

import datetime as dt
import errno
import os
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from journal.core import fsutil, imaging
from journal.core.errors import DiskFull
from journal.core.models import Angle
from journal.core.verify import verify
from tests.helpers import photo_like, save_jpeg


@pytest.fixture
def session(journal):  # type: ignore[no-untyped-def]
    return journal.add_session(dt.date(2026, 4, 1))


def _good(tmp_path: Path, name: str = "good.jpg", seed: int = 1) -> Path:
    return save_jpeg(tmp_path / name, photo_like((800, 600), seed=seed))


def _assert_refused(journal, session, path: Path, words: str) -> None:  # type: ignore[no-untyped-def]
    result = journal.import_file(path, session.id, Angle.FRONT)
    assert result.status == "refused", result.line()
    assert words in result.reason, result.reason
    assert str(path) in result.line()
    assert list((journal.folder / "photos").rglob("*.part")) == []


def test_not_an_image_is_refused_whatever_its_extension(journal, session, tmp_path: Path) -> None:
    fake = tmp_path / "IMG_2001.jpg"
    fake.write_text("these are not the pixels you are looking for\n" * 50)
    _assert_refused(journal, session, fake, "not an image")


def test_zero_bytes_is_refused(journal, session, tmp_path: Path) -> None:
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    _assert_refused(journal, session, empty, "empty file")


@pytest.mark.parametrize("keep", [0.5, 0.99, None], ids=["half", "99-percent", "only-EOI-missing"])
def test_truncated_jpeg_is_refused(journal, session, tmp_path: Path, keep: float | None) -> None:
    data = _good(tmp_path, "whole.jpg").read_bytes()
    assert data.endswith(b"\xff\xd9")
    cut = data[:-2] if keep is None else data[: int(len(data) * keep)]
    path = tmp_path / "cut.jpg"
    path.write_bytes(cut)
    _assert_refused(journal, session, path, "truncated")


def test_header_only_file_is_refused(journal, session, tmp_path: Path) -> None:
    path = tmp_path / "header.jpg"
    path.write_bytes(_good(tmp_path).read_bytes()[:100])
    _assert_refused(journal, session, path, "truncated")


def test_gif_is_refused_as_unsupported(journal, session, tmp_path: Path) -> None:
    path = tmp_path / "anim.gif"
    photo_like((64, 64)).save(path, "GIF")
    _assert_refused(journal, session, path, "unsupported image format (GIF)")


def _png_header_only(path: Path, width: int, height: int) -> Path:
    """A PNG that claims a huge size (a decompression bomb needs no more than this header)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )
    return path


def test_oversized_png_is_refused_before_decoding(journal, session, tmp_path: Path) -> None:
    path = _png_header_only(tmp_path / "bomb.png", 16320, 12240)
    _assert_refused(journal, session, path, "too large")


def test_jpeg_beyond_the_pixel_limit_is_refused(journal, session, tmp_path: Path) -> None:
    # Patch a real JPEG's SOF0 header to claim 30000x30000 (900 MP): refused from the header alone.
    data = bytearray(_good(tmp_path).read_bytes())
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", 30000, 30000)
    path = tmp_path / "claims-900mp.jpg"
    path.write_bytes(bytes(data))
    _assert_refused(journal, session, path, "too large")


@pytest.mark.slow
def test_real_200_megapixel_phone_photo_imports(journal, session, tmp_path: Path) -> None:
    """16320x12240 is what 200 MP phones write; JPEG is decoded at 1/8 scale, so it is safe."""
    path = tmp_path / "200mp.jpg"
    small = photo_like((1020, 765)).convert("L")
    small.resize((16320, 12240), Image.Resampling.NEAREST).save(path, "JPEG", quality=60)
    result = journal.import_file(path, session.id, Angle.FRONT)
    assert result.status == "imported", result.line()
    assert (result.photo.width, result.photo.height) == (16320, 12240)
    with Image.open(journal.cache.preview_path(result.photo.sha256)) as preview:
        assert max(preview.size) <= 2048


def test_directory_missing_and_unreadable_paths_are_refused(
    journal, session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "a folder.jpg"
    folder.mkdir()
    _assert_refused(journal, session, folder, "is a folder")
    _assert_refused(journal, session, tmp_path / "missing.jpg", "no such file")

    locked = _good(tmp_path, "locked.jpg", seed=5)
    if os.geteuid() != 0:
        locked.chmod(0)
    else:  # root reads anything; make this one file unreadable the way the OS would report it
        real_open = open

        def deny(path, *args, **kwargs):  # type: ignore[no-untyped-def]
            if Path(path) == locked:
                raise PermissionError(errno.EACCES, "Permission denied", str(path))
            return real_open(path, *args, **kwargs)

        monkeypatch.setattr("journal.core.library.open", deny, raising=False)
    _assert_refused(journal, session, locked, "permission denied")


def test_batch_with_bad_files_imports_the_rest(journal, session, tmp_path: Path) -> None:
    good = [_good(tmp_path, f"good{i}.jpg", seed=i) for i in range(3)]
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(good[0].read_bytes()[:5000])
    empty = tmp_path / "empty.png"
    empty.touch()
    results = [
        journal.import_file(p, session.id, Angle.FRONT) for p in [good[0], bad, good[1], empty, good[2]]
    ]
    assert [r.status for r in results] == ["imported", "refused", "imported", "refused", "imported"]
    assert len(journal.photos()) == 3
    assert verify(journal).clean


def test_bad_metadata_photos_import_with_what_can_be_read(journal, session, photos: Path) -> None:
    files = sorted((photos / "bad-metadata").glob("*.jpg"))
    assert len(files) == 3
    results = [journal.import_file(p, session.id, Angle.OTHER) for p in files]
    assert [r.status for r in results] == ["imported"] * 3, [r.line() for r in results]
    by_name = {r.photo.original_name: r.photo for r in results}
    assert by_name["corrupted.jpg"].taken_at == dt.datetime(2015, 9, 8, 11, 2, 17)
    assert by_name["image00971.jpg"].taken_at_from_file
    assert verify(journal).clean


def test_garbage_exif_dates_are_ignored() -> None:
    assert imaging.parse_exif_datetime("0000:00:00 00:00:00") is None
    assert imaging.parse_exif_datetime("    :  :     :  :  ") is None
    assert imaging.parse_exif_datetime(b"2024:02:29 23:59:59\x00") == dt.datetime(2024, 2, 29, 23, 59, 59)
    assert imaging.parse_exif_datetime(12345) is None


def test_disk_full_during_copy_leaves_nothing_half_written(
    journal, session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keep = journal.import_file(_good(tmp_path, "first.jpg", seed=9), session.id, Angle.FRONT)
    real_write = os.write
    calls = {"n": 0}

    def write_until_full(fd: int, data: bytes) -> int:
        calls["n"] += 1
        if calls["n"] > 1:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data[: len(data) // 2])

    monkeypatch.setattr(fsutil.os, "write", write_until_full)
    big = save_jpeg(tmp_path / "big.jpg", photo_like((2400, 1800), seed=4))
    with pytest.raises(DiskFull, match="disk is full"):
        journal.import_file(big, session.id, Angle.FRONT)
    monkeypatch.undo()
    assert [p.id for p in journal.photos()] == [keep.photo.id]
    assert list((journal.folder / "photos").rglob("*.part")) == []
    assert verify(journal).clean

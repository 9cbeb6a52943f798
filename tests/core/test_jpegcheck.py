"""A JPEG is whole only up to its end marker, whatever the decoder lets through."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from journal.core.jpegcheck import ends_properly
from tests.helpers import photo_like


def _jpeg(**options: object) -> bytes:
    buffer = io.BytesIO()
    photo_like((640, 480), seed=3).save(buffer, "JPEG", quality=88, **options)
    return buffer.getvalue()


def _check(tmp_path: Path, data: bytes) -> bool:
    path = tmp_path / "x.jpg"
    path.write_bytes(data)
    return ends_properly(path)


KINDS = {
    "baseline": {},
    "progressive": {"progressive": True},
    "restart-markers": {"restart_marker_rows": 1},
    "optimized": {"optimize": True},
}


@pytest.mark.parametrize("options", KINDS.values(), ids=KINDS.keys())
def test_whole_files_pass_and_every_cut_fails(tmp_path: Path, options: dict[str, object]) -> None:
    data = _jpeg(**options)
    assert _check(tmp_path, data)
    assert _check(tmp_path, data + b"trailer a phone appends after EOI \xff\xd8\x00")
    scan = data.index(b"\xff\xda")
    for cut in (1, 2, 3, 50, len(data) // 2, len(data) - scan - 10, len(data) - 400, len(data) - 4):
        assert not _check(tmp_path, data[:-cut]), f"{cut} bytes cut off were not noticed"


def test_a_picture_with_an_embedded_thumbnail(tmp_path: Path) -> None:
    """The EXIF thumbnail's own EOI sits inside APP1 and must not end the walk."""
    exif = Image.Exif()
    exif[0x010F] = "Camera"
    thumb = io.BytesIO()
    photo_like((160, 120), seed=4).save(thumb, "JPEG")
    data = _jpeg(exif=exif.tobytes() + thumb.getvalue())
    assert _check(tmp_path, data)
    assert not _check(tmp_path, data[:-2])


def test_not_a_jpeg_or_too_short(tmp_path: Path) -> None:
    assert not _check(tmp_path, b"")
    assert not _check(tmp_path, b"\xff\xd8")
    assert not _check(tmp_path, b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)


def test_every_real_photo_passes(photos: Path) -> None:
    jpegs = [p for p in photos.rglob("*") if p.suffix.lower() in {".jpg", ".jpeg"}]
    assert len(jpegs) >= 20
    assert [p.name for p in jpegs if not ends_properly(p)] == []


@pytest.mark.parametrize("options", KINDS.values(), ids=KINDS.keys())
@pytest.mark.parametrize("damage", ["junk-marker-in-a-scan", "early-end-marker-in-a-scan", "fill-bytes"])
def test_damage_inside_the_scans_is_judged_by_the_markers(
    tmp_path: Path, options: dict[str, object], damage: str
) -> None:
    """Inside entropy-coded data only a marker that may follow a scan ends it: 0xFF with
    anything else is damage the decoder steps over, so the walk goes on to the real end."""
    data = _jpeg(**options)
    start = data.index(b"\xff\xda")
    start += 2 + int.from_bytes(data[start + 2 : start + 4], "big")  # the first scan's data
    middle = start + (data.index(b"\xff", start + 100) - start)  # a byte of the first scan
    if damage == "junk-marker-in-a-scan":
        damaged, whole = data[:middle] + b"\xff\x42" + data[middle:], True
    elif damage == "early-end-marker-in-a-scan":
        damaged, whole = data[:middle] + b"\xff\xd9", True  # reads as the end: cut short here
    else:
        damaged, whole = data[:-2] + b"\xff\xff\xff\xd9", True
    assert _check(tmp_path, damaged) is whole


def test_a_progressive_photo_cut_between_two_scans(tmp_path: Path) -> None:
    data = _jpeg(progressive=True)
    scans = [i for i in range(len(data) - 1) if data[i : i + 2] == b"\xff\xda"]
    assert len(scans) > 3
    for scan in scans[1:]:
        assert not _check(tmp_path, data[:scan]), scan  # up to the next scan's header
        assert not _check(tmp_path, data[: scan - 7]), scan  # inside the table before it

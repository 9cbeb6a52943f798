"""Nothing the app writes from a photo carries its metadata, and all of it is private."""

from __future__ import annotations

import datetime as dt
import io
import os
import stat
from pathlib import Path

import pytest
from PIL import Image, ImageCms

from journal.core.export import export_folder
from journal.core.journal import Journal
from journal.core.models import Angle
from tests.helpers import photo_like

SECRET = b"SECRET-JPEG-COMMENT lat 48.85"
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">SECRET-XMP Home Street 12</x:xmpmeta>'


def _gps_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "SECRET-MAKER"
    exif.get_ifd(0x8825).update({1: "N", 2: (48.0, 51.0, 0.0), 3: "E", 4: (2.0, 21.0, 0.0)})
    return exif


def _with_everything(path: Path, fmt: str, icc: bytes | None = None) -> Path:
    image = photo_like((640, 480), seed=3)
    if fmt == "JPEG":
        image.save(path, "JPEG", comment=SECRET, xmp=XMP, exif=_gps_exif(), icc_profile=icc)
    else:
        from PIL import PngImagePlugin

        text = PngImagePlugin.PngInfo()
        text.add_text("Comment", SECRET.decode())
        text.add_itxt("XML:com.adobe.xmp", XMP.decode())
        image.save(path, "PNG", pnginfo=text, exif=_gps_exif(), icc_profile=icc)
    return path


def _assert_bare(path: Path) -> None:
    data = path.read_bytes()
    for needle in (
        b"SECRET",
        b"Exif\x00\x00",
        b"http://ns.adobe.com/xap",
        b"xmpmeta",
        b"ICC_PROFILE",
        b"Photoshop 3.0",
    ):
        assert needle not in data, f"{path.name} carries {needle!r}"
    with Image.open(path) as im:
        assert not im.getexif(), f"{path.name} carries EXIF"
        assert not (
            set(im.info) & {"exif", "xmp", "comment", "icc_profile", "Comment", "XML:com.adobe.xmp"}
        ), im.info
        if im.format == "JPEG":
            assert b"\xff\xfe" not in data[: data.index(b"\xff\xda")], f"{path.name} has a COM segment"


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_exports_and_the_cache_carry_no_metadata(journal: Journal, tmp_path: Path, fmt: str) -> None:
    session = journal.add_session(dt.date(2026, 5, 1))
    source = _with_everything(tmp_path / f"secret.{fmt.lower()}", fmt)
    photo = journal.import_file(source, session.id, Angle.FRONT).photo
    assert photo is not None
    cache = journal.cache
    written = [cache.thumbnail_path(photo.sha256), cache.preview_path(photo.sha256)]
    cache.preview_path(photo.sha256).unlink()
    written.append(cache.ensure_preview(photo.sha256, journal.photo_path(photo)))  # made on first view
    out = export_folder(journal, tmp_path / "export")
    written += [p for p in out.rglob("*") if p.suffix in (".jpg", ".png")]
    assert len(written) == 4
    for path in written:
        _assert_bare(path)
    assert SECRET in journal.photo_path(photo).read_bytes()  # the original itself is untouched


def test_a_photo_with_a_colour_profile_is_written_in_srgb_without_the_profile(
    journal: Journal, photos: Path, tmp_path: Path
) -> None:
    """A phone's Display P3 photo: the colours written out are its colours converted to sRGB
    (not its numbers taken as sRGB), and the profile itself is not written."""
    with Image.open(photos / "heic" / "IMG_5195.HEIC") as phone:
        p3 = phone.info["icc_profile"]
    assert b"Display P3" in p3 or b"P3" in p3
    green = Image.new("RGB", (200, 150), (40, 200, 60))
    source = tmp_path / "p3.png"
    green.save(source, "PNG", icc_profile=p3)
    session = journal.add_session(dt.date(2026, 5, 2))
    photo = journal.import_file(source, session.id, Angle.FRONT).photo
    assert photo is not None
    expected = ImageCms.profileToProfile(
        green, ImageCms.ImageCmsProfile(io.BytesIO(p3)), ImageCms.createProfile("sRGB")
    ).getpixel((100, 75))
    out = export_folder(journal, tmp_path / "export")
    for path in (journal.cache.preview_path(photo.sha256), *out.rglob("*.png")):
        _assert_bare(path)
        with Image.open(path) as im:
            got = im.convert("RGB").getpixel((100, 75))
        assert max(abs(a - b) for a, b in zip(got, expected, strict=True)) <= 3, (path.name, got, expected)
        assert max(abs(a - b) for a, b in zip(got, (40, 200, 60), strict=True)) >= 10  # it was converted


def test_export_and_cache_folders_are_private_all_the_way(journal: Journal, tmp_path: Path) -> None:
    session = journal.add_session(dt.date(2026, 5, 3))
    source = _with_everything(tmp_path / "a.jpg", "JPEG")
    journal.import_file(source, session.id, Angle.FRONT)
    out = export_folder(journal, tmp_path / "export")
    entries = [out, *out.rglob("*")]
    assert len(entries) >= 4
    for path in entries:
        mode = stat.S_IMODE(os.lstat(path).st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), f"{path}: {oct(mode)}"
    cache_root = journal.cache.root.parent
    for path in [cache_root, *cache_root.rglob("*")]:
        if path.is_dir():
            assert stat.S_IMODE(os.lstat(path).st_mode) == 0o700, f"{path}: {oct(os.lstat(path).st_mode)}"

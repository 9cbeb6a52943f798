"""Import takes only whole photos, of any format, and any file name or file time a disk holds."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
from pathlib import Path

import pytest
from PIL import Image

from journal.core.journal import Journal
from journal.core.models import Angle
from journal.core.verify import verify
from tests.helpers import photo_like, run_cli, save_jpeg

CUTS = {"cut-to-5%": 0.05, "cut-to-half": 0.5, "cut-to-95%": 0.95, "last-byte-missing": -1}


@pytest.fixture(scope="module")
def heic_with_thumbnail(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A HEIC as phones write it: the picture plus a 512 px thumbnail near the start."""
    import pillow_heif

    pillow_heif.register_heif_opener()  # for its writer: this must not depend on what ran before
    out = tmp_path_factory.mktemp("heic") / "phone.heic"
    photo_like((800, 600), seed=4).save(out, format="HEIF", quality=50, thumbnails=[512])
    return out.read_bytes()


def _cut(data: bytes, fraction: float) -> bytes:
    return data[:-1] if fraction < 0 else data[: int(len(data) * fraction)]


@pytest.mark.parametrize("cut", CUTS, ids=list(CUTS))
def test_a_truncated_heic_is_refused_even_though_its_thumbnail_is_whole(
    journal: Journal, tmp_path: Path, heic_with_thumbnail: bytes, cut: str
) -> None:
    session = journal.add_session(dt.date(2026, 4, 1))
    source = tmp_path / "IMG_0001.HEIC"
    source.write_bytes(_cut(heic_with_thumbnail, CUTS[cut]))
    result = journal.import_file(source, session.id, Angle.FRONT)
    assert result.status == "refused", result.line()
    assert "truncated" in result.reason
    assert journal.photos() == [] and verify(journal).clean
    source.write_bytes(heic_with_thumbnail)
    assert journal.import_file(source, session.id, Angle.FRONT).status == "imported"


def _encoded(fmt: str) -> bytes:
    image = photo_like((320, 240), seed=7)
    buffer = io.BytesIO()
    options = {"TIFF": {"compression": "tiff_lzw"}, "JPEG": {"quality": 90}}.get(fmt, {})
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


FORMATS = ["JPEG", "PNG", "WEBP", "TIFF", "AVIF"]


@pytest.mark.parametrize("cut", ["cut-to-half", "cut-to-95%", "last-byte-missing"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_is_checked_for_completeness_on_import(
    journal: Journal, tmp_path: Path, fmt: str, cut: str
) -> None:
    session = journal.add_session(dt.date(2026, 4, 2))
    data = _encoded(fmt)
    source = tmp_path / f"cut.{fmt.lower()}"
    source.write_bytes(_cut(data, CUTS[cut]))
    result = journal.import_file(source, session.id, Angle.FRONT)
    assert result.status == "refused" and "truncated" in result.reason, result.line()
    source.write_bytes(data)
    assert journal.import_file(source, session.id, Angle.FRONT).status == "imported"


def test_a_file_name_that_is_not_utf8_imports_and_prints_on_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "journal"
    assert run_cli("--journal", str(folder), "init").returncode == 0
    raw = os.fsencode(tmp_path) + b"/caf\xe9 \xff.jpg"
    save_jpeg(Path(os.fsdecode(raw)), photo_like((160, 120)))
    done = run_cli("--journal", str(folder), "import", "--date", "2026-04-03", os.fsdecode(raw))
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("\n") == 1 and done.stdout.startswith("imported: ")
    assert "caf\\xe9 \\xff.jpg" in done.stdout
    with Journal.open(folder, tmp_path / "cache") as journal:
        [photo] = journal.photos()
        assert photo.original_name == "caf\\xe9 \\xff.jpg"
        assert verify(journal).clean


def _far_future_file(tmp_path: Path) -> Path | None:
    """A photo whose file time is in the year 3,170,843 (a file system that keeps 64-bit times)."""
    for folder in (tmp_path, Path("/dev/shm")):
        if not folder.is_dir():
            continue
        path = save_jpeg(folder / f"far-{os.getpid()}.jpg", photo_like((160, 120), seed=5))
        os.utime(path, (1e14, 1e14))
        if os.stat(path).st_mtime == 1e14:
            return path
        path.unlink()
    return None


def test_a_file_time_out_of_range_imports(journal: Journal, tmp_path: Path) -> None:
    source = _far_future_file(tmp_path)
    if source is None:
        pytest.skip("no file system here keeps a file time in the year 3,170,843")
    try:
        session = journal.add_session(dt.date(2026, 4, 4))
        result = journal.import_file(source, session.id, Angle.FRONT)
        assert result.status == "imported", result.line()
        assert result.photo is not None and result.photo.taken_at is None  # no capture time, not a crash
        assert verify(journal).clean
    finally:
        source.unlink()


def test_a_newline_in_a_file_name_cannot_fake_an_output_line(tmp_path: Path) -> None:
    folder = tmp_path / "journal"
    assert run_cli("--journal", str(folder), "init").returncode == 0
    crafted = save_jpeg(
        tmp_path / "x\nimported: fake.jpg -> photos/2026-04-05/front-fake.jpg\r", photo_like((160, 120))
    )
    plain = save_jpeg(tmp_path / "plain.jpg", photo_like((160, 120), seed=2))
    done = run_cli("--journal", str(folder), "import", "--date", "2026-04-05", str(crafted), str(plain))
    lines = done.stdout.splitlines()
    assert len(lines) == 2, lines
    assert sum(line.startswith("imported: ") for line in lines) == 2
    assert "x\\nimported: fake.jpg" in lines[0] and "\\r" in lines[0]


def test_a_large_file_that_is_no_photo_is_refused_before_a_byte_is_copied(
    journal: Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from journal.core import library

    def must_not_copy(*_args: object) -> None:
        raise AssertionError("the file was copied before its type was known")

    monkeypatch.setattr(library, "copy_and_hash_flushing", must_not_copy)
    session = journal.add_session(dt.date(2026, 4, 6))
    video = tmp_path / "holiday.mp4"
    with open(video, "wb") as handle:
        handle.write(b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41")
        handle.truncate(2 << 30)  # 2 GB, sparse: costs nothing to make
    archive = tmp_path / "photos.zip"
    with open(archive, "wb") as handle:
        handle.write(b"PK\x03\x04")
        handle.truncate(1 << 30)
    gif = tmp_path / "anim.gif"
    Image.new("P", (8, 8)).save(gif)
    for path, reason in (
        (video, "not an image"),
        (archive, "not an image"),
        (gif, "unsupported image format (GIF)"),
    ):
        result = journal.import_file(path, session.id, Angle.FRONT)
        assert result.status == "refused" and reason in result.reason, result.line()
    assert journal.store.pending() == []
    assert not any(p.is_file() for p in (journal.folder / "photos").rglob("*"))


def test_the_real_heic_photos_still_import(journal: Journal, photos: Path, tmp_path: Path) -> None:
    session = journal.add_session(dt.date(2026, 4, 7))
    for source in sorted((photos / "heic").iterdir()):
        copy = tmp_path / source.name
        shutil.copyfile(source, copy)
        assert journal.import_file(copy, session.id, Angle.FRONT).status == "imported", source.name

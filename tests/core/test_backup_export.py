"""Backup to one zip, restore only what checks out, export a plain folder with no metadata."""

from __future__ import annotations

import csv
import datetime as dt
import json
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from journal.core.archive import check_backup, restore_backup, write_backup
from journal.core.errors import BackupInvalid, Cancelled, JournalError
from journal.core.export import export_folder
from journal.core.journal import Journal
from journal.core.models import Angle, Kind
from journal.core.verify import verify
from tests.helpers import photo_like, save_jpeg


@pytest.fixture
def filled(journal, tmp_path: Path):  # type: ignore[no-untyped-def]
    first = journal.add_session(
        dt.date(2026, 1, 5),
        Kind.TREATMENT,
        notes="First one.\nStung a bit.",
        device="Dr. Pen",
        needle_depth_mm=0.5,
        redness=6,
        scar_visibility=8,
        pain=3,
    )
    check = journal.add_session(dt.date(2026, 1, 19), Kind.CHECK_IN, notes="Two weeks on", redness=4)
    for i, (session, angle) in enumerate([(first, Angle.FRONT), (first, Angle.LEFT), (check, Angle.FRONT)]):
        src = save_jpeg(
            tmp_path / "src" / f"p{i}.jpg",
            photo_like((600, 450), seed=i),
            orientation=6 if i == 1 else None,
            taken=dt.datetime(2026, 1, 5, 9, i),
            gps=True,
        )
        journal.import_file(src, session.id, angle)
    trashed = save_jpeg(tmp_path / "src" / "gone.jpg", photo_like((300, 300), seed=9))
    journal.trash_photo(journal.import_file(trashed, check.id, Angle.OTHER).photo.id)
    return journal


def test_backup_round_trip(filled, tmp_path: Path, cache_root: Path) -> None:  # type: ignore[no-untyped-def]
    out = write_backup(filled, tmp_path / "backups" / "journal.zip")
    assert [p.name for p in out.parent.iterdir()] == ["journal.zip"]  # no snapshot or part left
    with zipfile.ZipFile(out) as archive:
        names = set(archive.namelist())
        manifest = json.loads(archive.read("manifest.json"))
    photos = filled.store.photos(deleted=None)
    assert names == {"journal.sqlite3", "manifest.json", *(p.rel_path for p in photos)}
    assert len(photos) == 4  # the trash is part of the journal
    assert manifest["files"][photos[0].rel_path] == photos[0].sha256
    target = tmp_path / "restored"
    restore_backup(out, target)
    with Journal.open(target, cache_root / "other") as restored:
        assert [s.notes for s in restored.sessions()] == ["First one.\nStung a bit.", "Two weeks on"]
        assert len(restored.photos()) == 3 and len(restored.trash().photos) == 1
        for photo in restored.photos():
            assert restored.photo_path(photo).read_bytes() == filled.photo_path(photo).read_bytes()
        report = verify(restored, repair=True)  # thumbnails are rebuilt into the new cache
        assert report.clean and verify(restored).clean


def test_a_cancelled_backup_leaves_the_previous_one_untouched(filled, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "backups"
    folder.mkdir()
    (folder / "journal.zip").write_bytes(b"last week's backup")
    with pytest.raises(Cancelled):
        write_backup(filled, folder / "journal.zip", progress=lambda done, total: done < 2)
    assert [p.name for p in folder.iterdir()] == ["journal.zip"]
    assert (folder / "journal.zip").read_bytes() == b"last week's backup"


def test_damaged_backup_is_refused_before_anything_is_written(filled, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = write_backup(filled, tmp_path / "b.zip")
    photo = filled.photos()[0]
    # Rebuild the archive with one photo's bytes changed (a bad sector, a bad copy).
    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(out) as source, zipfile.ZipFile(damaged, "w") as dest:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == photo.rel_path:
                data = data[:1000] + bytes([data[1000] ^ 0xFF]) + data[1001:]
            dest.writestr(info, data)
    target = tmp_path / "restore-here"
    with pytest.raises(
        BackupInvalid, match=f"{photo.rel_path} in the backup does not match its recorded hash"
    ):
        restore_backup(damaged, target)
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir() if "restoring" in p.name] == []


def test_truncated_and_foreign_archives_are_refused(filled, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = write_backup(filled, tmp_path / "b.zip")
    cut = tmp_path / "cut.zip"
    cut.write_bytes(out.read_bytes()[: out.stat().st_size // 2])
    with pytest.raises(BackupInvalid, match="not a readable zip"):
        check_backup(cut)
    foreign = tmp_path / "holiday.zip"
    with zipfile.ZipFile(foreign, "w") as archive:
        archive.writestr("beach.jpg", b"...")
    with pytest.raises(BackupInvalid, match=r"no manifest\.json"):
        check_backup(foreign)
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(out) as source, zipfile.ZipFile(evil, "w") as dest:
        manifest = json.loads(source.read("manifest.json"))
        manifest["files"]["../../outside.txt"] = "0" * 64
        for info in source.infolist():
            if info.filename != "manifest.json":
                dest.writestr(info, source.read(info.filename))
        dest.writestr("manifest.json", json.dumps(manifest))
        dest.writestr("../../outside.txt", b"x")
    with pytest.raises(BackupInvalid, match="unsafe path"):
        restore_backup(evil, tmp_path / "t")
    with pytest.raises(BackupInvalid, match="no such backup"):
        check_backup(tmp_path / "nope.zip")


def test_restore_needs_an_empty_folder(filled, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = write_backup(filled, tmp_path / "b.zip")
    with pytest.raises(JournalError, match="needs an empty folder"):
        restore_backup(out, filled.folder)


def test_export_folder_is_readable_and_carries_no_metadata(filled, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = export_folder(filled, tmp_path / "export")
    folders = sorted(p.name for p in out.iterdir() if p.is_dir())
    assert folders == ["2026-01-05 session 1", "2026-01-19 check-in"]
    assert sorted(p.name for p in (out / "2026-01-05 session 1").iterdir()) == ["front-p0.jpg", "left-p1.jpg"]
    for image_path in out.rglob("*.jpg"):
        with Image.open(image_path) as im:
            assert not im.getexif(), f"{image_path} carries EXIF"
            assert "exif" not in im.info and "xmp" not in im.info
            assert b"GPS" not in image_path.read_bytes()
    with Image.open(out / "2026-01-05 session 1" / "left-p1.jpg") as left:
        assert left.size == (450, 600)  # stored with orientation 6: exported upright
    with (out / "sessions.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["date"] for r in rows] == ["2026-01-05", "2026-01-19"]
    assert rows[0]["session"] == "1" and rows[0]["redness"] == "6" and rows[0]["needle_depth_mm"] == "0.5"
    assert rows[0]["notes"] == "First one.\nStung a bit." and rows[1]["kind"] == "check-in"
    assert rows[1]["photos"] == "1"  # the trashed photo is not exported
    text = (out / "journal.md").read_text(encoding="utf-8")
    assert "# Test journal" in text and "Session 1 · week 0" in text and "Check-in · week 2" in text
    assert "| Redness | 6 |" in text and "> Stung a bit." in text and "Needle depth: 0.5 mm" in text
    assert "not a medical assessment" in text


def test_export_refuses_a_non_empty_folder(filled, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "busy"
    target.mkdir()
    (target / "keep.txt").write_text("mine")
    with pytest.raises(JournalError, match="new or empty folder"):
        export_folder(filled, target)
    assert (target / "keep.txt").read_text() == "mine"


def test_gps_tagged_camera_photo_leaves_no_gps_in_export(journal, photos: Path, tmp_path: Path) -> None:
    session = journal.add_session(dt.date(2026, 1, 1))
    for name in ("DSCN0010.jpg", "Canon_40D.jpg", "HMD_Nokia_8.3_5G.jpg"):
        source = photos / "camera" / name
        with Image.open(source) as im:
            assert im.getexif().get_ifd(0x8825), f"{name} should carry GPS for this test to mean anything"
        journal.import_file(source, session.id, Angle.FRONT)
    out = export_folder(journal, tmp_path / "export")
    exported = list(out.rglob("*.jpg"))
    assert len(exported) == 3
    for path in exported:
        with Image.open(path) as im:
            assert not im.getexif().get_ifd(0x8825) and not im.getexif()


@pytest.mark.parametrize("clashing", [1, 3, 10], ids=["no-clash", "three-same-name", "ten-same-name"])
def test_export_names_keep_the_angle_and_the_original_name(journal, tmp_path: Path, clashing: int) -> None:
    """`front-IMG_1234.jpg`, numbered only on a clash, and padded so that names sort in order."""
    session = journal.add_session(dt.date(2026, 1, 5))
    for n in range(clashing):  # the same camera name from different cards
        src = save_jpeg(tmp_path / f"card{n}" / "IMG_1234.JPG", photo_like((48, 36), seed=n))
        assert journal.import_file(src, session.id, Angle.FRONT).ok
    photo_like((48, 36), seed=99).save(tmp_path / "scan.png")
    assert journal.import_file(tmp_path / "scan.png", session.id, Angle.LEFT).ok
    out = export_folder(journal, tmp_path / "export")
    names = sorted(p.name for p in (out / "2026-01-05 session 1").iterdir())
    if clashing == 1:
        expected = ["front-IMG_1234.jpg"]
    else:
        width = len(str(clashing))
        expected = [f"front-IMG_1234-{n:0{width}d}.jpg" for n in range(1, clashing + 1)]
    assert names == [*expected, "left-scan.png"]
    text = (out / "journal.md").read_text(encoding="utf-8")
    assert "## Mon 5 Jan 2026 — Session 1 · week 0" in text  # the app's date format
    assert f"(<2026-01-05 session 1/{expected[-1]}>)" in text

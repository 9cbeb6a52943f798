"""Trash that can be restored, crash recovery paths, and verify / verify --repair."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

from journal.core.journal import Journal
from journal.core.models import Angle
from journal.core.verify import verify
from tests.helpers import photo_like, save_jpeg


def _photo(journal, tmp_path: Path, seed: int = 0, day=dt.date(2026, 2, 3)):  # type: ignore[no-untyped-def]
    session = journal.find_or_add_session(day)
    source = save_jpeg(tmp_path / f"src{seed}.jpg", photo_like((400, 300), seed=seed))
    return journal.import_file(source, session.id, Angle.FRONT).photo


def test_trashed_photo_keeps_its_file_until_the_trash_is_emptied(journal, tmp_path: Path) -> None:
    photo = _photo(journal, tmp_path)
    path = journal.photo_path(photo)
    journal.trash_photo(photo.id)
    assert journal.photos() == [] and path.exists()
    assert [p.id for p in journal.trash().photos] == [photo.id]
    journal.restore_photo(photo.id)
    assert [p.id for p in journal.photos()] == [photo.id]
    journal.trash_photo(photo.id)
    assert journal.empty_trash() == 1
    assert not path.exists()
    assert not journal.cache.thumbnail_path(photo.sha256).exists()
    assert not journal.trash()
    assert verify(journal).clean


def test_trashed_session_takes_its_photos_and_brings_them_back(journal, tmp_path: Path) -> None:
    first = _photo(journal, tmp_path, 1)
    second = _photo(journal, tmp_path, 2)
    journal.trash_photo(second.id)  # trashed on its own, before the session
    journal.trash_session(first.session_id)
    assert journal.sessions() == [] and journal.photos() == []
    trash = journal.trash()
    assert [s.id for s in trash.sessions] == [first.session_id]
    journal.restore_session(first.session_id)
    assert [p.id for p in journal.photos()] == [first.id]  # the earlier delete stays deleted
    assert [p.id for p in journal.trash().photos] == [second.id]
    # Restoring a photo whose session is in the trash brings the session back too.
    journal.trash_session(first.session_id)
    journal.restore_photo(first.id)
    assert [s.id for s in journal.sessions()] == [first.session_id]


def test_emptying_the_trash_deletes_trashed_sessions(journal, tmp_path: Path) -> None:
    photo = _photo(journal, tmp_path)
    journal.trash_session(photo.session_id)
    journal.empty_trash()
    assert journal.store.sessions(deleted=True) == []
    assert not journal.photo_path(photo).exists()
    assert verify(journal).clean


def test_recovery_completes_an_import_interrupted_after_the_rename(
    journal, tmp_path: Path, cache_root: Path
) -> None:
    photo = _photo(journal, tmp_path, 3)
    row = journal.store._conn.execute(
        "SELECT session_id, angle, original_name, rel_path, sha256, size_bytes, format, width, height, "
        "orientation, taken_at, taken_at_from_file, imported_at FROM photo WHERE id = ?",
        (photo.id,),
    ).fetchone()
    keys = [
        "session_id",
        "angle",
        "original_name",
        "rel_path",
        "sha256",
        "size_bytes",
        "format",
        "width",
        "height",
        "orientation",
        "taken_at",
        "taken_at_from_file",
        "imported_at",
    ]
    payload = dict(zip(keys, row, strict=True))
    # The state a crash leaves between "renamed into place" and "row committed":
    journal.store._conn.execute("DELETE FROM photo WHERE id = ?", (photo.id,))
    journal.store.add_pending(photo.rel_path, payload)
    folder = journal.folder
    journal.close()
    with Journal.open(folder, cache_root) as again:
        assert any("completed an interrupted import" in a for a in again.recovery_actions)
        assert [p.rel_path for p in again.photos()] == [photo.rel_path]
        assert verify(again).clean


def test_recovery_rolls_back_when_the_file_never_arrived(journal, tmp_path: Path, cache_root: Path) -> None:
    day_dir = journal.folder / "photos" / "2026-02-03"
    day_dir.mkdir(parents=True)
    (day_dir / ".import-deadbeef.part").write_bytes(b"half a photo")
    # The state a crash leaves during the copy: the record names the temporary file.
    tmp = "photos/2026-02-03/.import-deadbeef.part"
    journal.store.add_pending(tmp, {"tmp": tmp, "original_name": "x.jpg"})
    folder = journal.folder
    journal.close()
    with Journal.open(folder, cache_root) as again:
        assert again.recovery_actions == [
            f"removed an unfinished copy: {tmp}",
            "rolled back an interrupted import: x.jpg",
        ]
        assert again.store.pending() == []
        assert not list(day_dir.iterdir())
        assert verify(again).clean


def test_verify_finds_missing_changed_and_unknown_files(journal, tmp_path: Path) -> None:
    missing = _photo(journal, tmp_path, 1)
    changed = _photo(journal, tmp_path, 2)
    journal.photo_path(missing).unlink()
    changed_path = journal.photo_path(changed)
    os.chmod(changed_path, 0o600)
    changed_path.write_bytes(changed_path.read_bytes() + b"tampered")
    stray = journal.folder / "photos" / "2026-02-03" / "stray.txt"
    stray.write_text("not a photo")
    report = verify(journal)
    assert not report.clean
    text = "\n".join(report.problems)
    assert f"missing: {missing.rel_path}" in text
    assert f"changed on disk (hash differs): {changed.rel_path}" in text
    assert "unknown file under photos/: photos/2026-02-03/stray.txt" in text


def test_repair_adopts_photos_quarantines_the_rest_and_deletes_nothing(journal, tmp_path: Path) -> None:
    known = _photo(journal, tmp_path, 1)
    day_dir = journal.folder / "photos" / "2026-03-09"
    day_dir.mkdir()
    orphan = save_jpeg(day_dir / "left-orphan-1234abcd.jpg", photo_like((300, 200), seed=7))
    junk = day_dir / "notes.txt"
    junk.write_text("hello")
    second_copy = journal.folder / "photos" / "2026-02-03" / "again.jpg"
    shutil.copy(journal.photo_path(known), second_copy)
    journal.cache.thumbnail_path(known.sha256).unlink()

    report = verify(journal)
    assert any("thumbnail missing" in n for n in report.notes)
    repaired = verify(journal, repair=True)
    assert repaired.clean, repaired.problems
    text = "\n".join(repaired.repaired)
    assert "adopted photos/2026-03-09/left-orphan-1234abcd.jpg into the session of 2026-03-09 as left" in text
    assert "notes.txt to quarantine/notes.txt" in text
    assert "again.jpg to quarantine/again.jpg (a second copy" in text
    assert "rebuilt thumbnail" in text
    assert (journal.folder / "quarantine" / "notes.txt").read_text() == "hello"
    assert orphan.exists()
    adopted = next(p for p in journal.photos() if p.rel_path.endswith("left-orphan-1234abcd.jpg"))
    assert adopted.angle is Angle.LEFT and journal.session(adopted.session_id).date == dt.date(2026, 3, 9)
    assert journal.cache.thumbnail_path(known.sha256).exists()
    assert verify(journal).clean and not verify(journal).notes

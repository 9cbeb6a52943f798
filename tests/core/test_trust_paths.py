"""A path in the database that leads outside photos/ is damage: reported, never read, written or
deleted through, by any reader (recovery, verify, trash, backup, export, the cache)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
from pathlib import Path

import pytest

from journal.core.archive import write_backup
from journal.core.errors import JournalError, UnsafePath
from journal.core.export import export_folder
from journal.core.fsutil import check_rel_path, confined_path
from journal.core.journal import Journal
from journal.core.models import Angle
from journal.core.verify import verify
from tests.core.hostile import Canary, listing, small_journal
from tests.helpers import photo_like, run_cli, save_jpeg


@pytest.fixture
def closed_journal(tmp_path: Path) -> Path:
    small_journal(tmp_path / "journal", tmp_path / "cache", tmp_path / "src").close()
    return tmp_path / "journal"


def _tamper(folder: Path, *statements: str, params: tuple[object, ...] = ()) -> None:
    """What a hostile restored database (or another program) could leave in the journal."""
    conn = sqlite3.connect(folder / "journal.sqlite3", isolation_level=None)
    for statement in statements:
        conn.execute(statement, params if "?" in statement else ())
    conn.close()


@pytest.mark.parametrize(
    "tmp_path_in_record",
    ["../../outside/victim.txt", "photos/2026-01-05/../../../outside/victim.txt", "/abs/victim.txt"],
    ids=["relative-climb", "climb-inside-photos", "absolute"],
)
def test_crash_recovery_never_deletes_a_file_a_pending_record_points_outside(
    closed_journal: Path, tmp_path: Path, tmp_path_in_record: str
) -> None:
    canary = Canary(tmp_path / "outside" / "victim.txt").plant()
    record = tmp_path_in_record.replace("/abs/victim.txt", str(canary.path))
    _tamper(
        closed_journal,
        "INSERT INTO pending_import (rel_path, payload) VALUES ('photos/2026-01-05/x.jpg', ?)",
        params=(json.dumps({"tmp": record, "sha256": hashlib.sha256(canary.content).hexdigest()}),),
    )
    with Journal.open(closed_journal, tmp_path / "cache") as journal:
        assert any("damaged import record, no file touched" in a for a in journal.recovery_actions)
        assert journal.store.pending() == []
    canary.assert_untouched()


def test_a_pending_record_whose_final_path_climbs_out_is_not_completed_into_a_photo(
    closed_journal: Path, tmp_path: Path
) -> None:
    canary = Canary(tmp_path / "outside" / "victim.txt").plant()
    rel = "photos/2026-01-05/../../../outside/victim.txt"
    payload = {
        "tmp": "photos/2026-01-05/.import-00112233445566778899aabb.part",
        "rel_path": rel,
        "sha256": "0" * 64,
    }
    _tamper(
        closed_journal,
        "INSERT INTO pending_import (rel_path, payload) VALUES (?, ?)",
        params=(rel, json.dumps(payload)),
    )
    with Journal.open(closed_journal, tmp_path / "cache") as journal:
        assert len(journal.photos()) == 2
    canary.assert_untouched()


@pytest.fixture
def escaped(closed_journal: Path, tmp_path: Path) -> tuple[Path, Canary]:
    """A journal whose first photo row (in the trash) points at a file outside the journal, with
    that file's own hash, as a hostile database would have it."""
    canary = Canary(tmp_path / "outside" / "victim.txt").plant()
    digest = hashlib.sha256(canary.content).hexdigest()
    _tamper(
        closed_journal,
        "UPDATE photo SET rel_path = 'photos/2026-01-05/../../../outside/victim.txt', sha256 = ?, "
        "deleted_at = '2026-02-01T00:00:00+00:00' WHERE id = 1",
        params=(digest,),
    )
    return closed_journal, canary


def test_verify_reports_a_record_that_points_outside(escaped: tuple[Path, Canary], tmp_path: Path) -> None:
    folder, canary = escaped
    with Journal.open(folder, tmp_path / "cache") as journal:
        report = verify(journal)
        assert not report.clean
        assert any("photo row 1: rel_path a path that climbs out of photos/" in p for p in report.problems)
        assert any("damaged photo record 1, not acted on" in p for p in report.problems)
    canary.assert_untouched()


def test_backup_refuses_a_journal_with_a_record_that_points_outside(
    escaped: tuple[Path, Canary], tmp_path: Path
) -> None:
    folder, canary = escaped
    with (
        Journal.open(folder, tmp_path / "cache", read_only=True) as journal,
        pytest.raises(JournalError, match=r"damaged photo record .*climbs out of photos/"),
    ):
        write_backup(journal, tmp_path / "out" / "b.zip")
    assert listing(tmp_path / "out") == []
    canary.assert_untouched()


def test_empty_trash_never_deletes_through_a_record_that_points_outside(
    escaped: tuple[Path, Canary], tmp_path: Path
) -> None:
    folder, canary = escaped
    with Journal.open(folder, tmp_path / "cache") as journal:
        assert journal.empty_trash() == 0
        assert [p.id for p in journal.trash().photos] == [1]  # kept, for verify to report
    canary.assert_untouched()


def test_export_refuses_a_record_that_points_outside(escaped: tuple[Path, Canary], tmp_path: Path) -> None:
    folder, canary = escaped
    _tamper(folder, "UPDATE photo SET deleted_at = NULL WHERE id = 1")
    with (
        Journal.open(folder, tmp_path / "cache", read_only=True) as journal,
        pytest.raises(JournalError, match="climbs out of photos/"),
    ):
        export_folder(journal, tmp_path / "export")
    assert not (tmp_path / "export").exists()
    assert [p.name for p in tmp_path.iterdir() if "exporting" in p.name] == []
    canary.assert_untouched()


def test_a_cache_key_that_is_not_a_hash_names_no_file(closed_journal: Path, tmp_path: Path) -> None:
    canary = Canary(tmp_path / "victim.jpg").plant()
    with Journal.open(closed_journal, tmp_path / "cache") as journal:
        depth = len(journal.cache.root.parts)
        key = "../" * (depth + 2) + str(canary.path.with_suffix(""))
        for use in (journal.cache.forget, journal.cache.thumbnail_path, journal.cache.preview_path):
            with pytest.raises(UnsafePath):
                use(key)
    canary.assert_untouched()


@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_symbolic_link_where_a_photo_is_recorded_is_not_followed(
    journal: Journal, tmp_path: Path, what: str
) -> None:
    session = journal.add_session(dt.date(2026, 3, 1))
    photo = journal.import_file(
        save_jpeg(tmp_path / "a.jpg", photo_like((120, 90))), session.id, Angle.FRONT
    ).photo
    assert photo is not None
    path = journal.photo_path(photo)
    canary = Canary(tmp_path / "outside" / path.name).plant()
    os.chmod(path, 0o600)
    if what == "file":
        path.unlink()
        path.symlink_to(canary.path)
    else:
        real = path.parent
        moved = real.with_name("moved")
        real.rename(moved)
        real.symlink_to(canary.path.parent, target_is_directory=True)
    with pytest.raises(UnsafePath, match="symbolic link"):
        journal.photo_path(photo)
    report = verify(journal)
    assert any("damaged photo record" in p and "symbolic link" in p for p in report.problems)
    with pytest.raises(JournalError, match="symbolic link"):
        write_backup(journal, tmp_path / "b.zip")
    canary.assert_untouched()


def test_verify_repair_never_adopts_a_symbolic_link_and_counts_after_acting(
    journal: Journal, tmp_path: Path
) -> None:
    session = journal.add_session(dt.date(2026, 3, 1))
    journal.import_file(save_jpeg(tmp_path / "a.jpg", photo_like((120, 90), seed=1)), session.id, Angle.FRONT)
    canary = Canary(tmp_path / "outside" / "photo.jpg")
    canary.content = save_jpeg(tmp_path / "c.jpg", photo_like((120, 90), seed=2)).read_bytes()
    canary.plant()
    day = journal.folder / "photos" / "2026-03-01"
    (day / "front-link.jpg").symlink_to(canary.path)
    (day / "folder-link").symlink_to(canary.path.parent, target_is_directory=True)
    os.mkfifo(day / "pipe.jpg")  # reading it would hang verify
    stray = save_jpeg(day / "front-stray.jpg", photo_like((120, 90), seed=3))  # a real photo to adopt

    report = verify(journal)
    assert {p.split(":")[0] for p in report.problems} == {
        "symbolic link under photos/, not followed",
        "special file under photos/, not followed",
        "unknown file under photos/",
    }
    repaired = verify(journal, repair=True)
    assert any(
        line.startswith(f"adopted {stray.relative_to(journal.folder).as_posix()}")
        for line in repaired.repaired
    )
    assert sum("quarantine/" in line for line in repaired.repaired) == 3
    assert repaired.checked == 2 == len(journal.photos())  # the count after it acted
    assert verify(journal).clean
    assert all(p.is_symlink() for p in (journal.folder / "quarantine").iterdir() if "link" in p.name)
    canary.assert_untouched()


@pytest.mark.parametrize(
    "rel",
    [
        "photos/../x",
        "../photos/x",
        "/photos/a/b",
        "photos/a\\..\\..\\b",
        "photos/a/C:b",
        "photos/x",
        "",
        "photos/a/b\nc",
        "photos/./a/b",
    ],
    ids=["climb", "climb-first", "absolute", "backslash", "drive", "too-shallow", "empty", "newline", "dot"],
)
def test_paths_the_journal_never_makes_are_refused(rel: str, tmp_path: Path) -> None:
    with pytest.raises(UnsafePath):
        check_rel_path(rel)
    with pytest.raises(UnsafePath):
        confined_path(tmp_path, rel)


def test_a_sheet_never_reads_through_a_record_that_points_outside(
    escaped: tuple[Path, Canary], tmp_path: Path
) -> None:
    folder, canary = escaped
    _tamper(folder, "UPDATE photo SET deleted_at = NULL WHERE id = 1")
    done = run_cli("--journal", str(folder), "sheet", "--timeline", "-o", str(tmp_path / "sheet.pdf"))
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "climbs out of photos/" in done.stderr, done.stderr
    assert not (tmp_path / "sheet.pdf").exists()
    canary.assert_untouched()

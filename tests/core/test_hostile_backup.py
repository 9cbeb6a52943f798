"""A backup zip is untrusted input: each hostile one is refused with its reason, before a byte
is written to the target, and a file outside the journal is never read or touched."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from journal.core.archive import check_backup, restore, restore_backup, write_backup
from journal.core.errors import BackupInvalid
from journal.core.journal import Journal
from journal.core.verify import verify
from tests.core.hostile import (
    DB,
    MANIFEST,
    Canary,
    listing,
    mutate_db,
    read_zip,
    rebuilt,
    set_method,
    small_journal,
)

OUTSIDE = "../../outside/victim.txt"  # from photos/<date>/ in the restored journal to the canary


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("good")
    journal = small_journal(root / "journal", root / "cache", root / "src")
    out = write_backup(journal, root / "good.zip")
    journal.close()
    return out


@dataclass
class Case:
    name: str
    build: Callable[[Path, Path], Path]  # (good zip, where to write) -> hostile zip
    reason: str  # a regex of the one line the refusal gives


def sql(*statements: str, params: tuple[Any, ...] = ()) -> Callable[[Path, Path], Path]:
    def build(good: Path, out: Path) -> Path:
        return rebuilt(
            good, out, db=lambda data: mutate_db(data, out.with_suffix(".db"), *statements, params=params)
        )

    return build


def manifest(change: Callable[[dict[str, Any]], Any]) -> Callable[[Path, Path], Path]:
    return lambda good, out: rebuilt(good, out, manifest=change)


def first_photo(good: Path) -> str:
    return next(n for n in read_zip(good) if n.startswith("photos/"))


def _patched(name_of: Callable[[Path], str], method: int | None = None, flags: int | None = None):  # type: ignore[no-untyped-def]
    def build(good: Path, out: Path) -> Path:
        out.write_bytes(good.read_bytes())
        return set_method(out, name_of(good), method, flags)

    return build


def _nested(good: Path, out: Path) -> Path:
    depth = 200_000
    files = json.loads(read_zip(good)[MANIFEST])["files"]
    text = json.dumps({"format": "progress-journal-backup", "version": 2, "files": files})
    deep = text[:-1] + ', "x": ' + "[" * depth + "]" * depth + "}"
    return rebuilt(good, out, manifest=lambda _m: deep.encode())


def _zip_bomb(good: Path, out: Path) -> Path:
    """A 4 MB zip of mostly one member that would unpack to gigabytes, listed in the manifest
    as a photo (the database does not list it)."""
    name = "photos/2026-01-05/front-big-00000000.jpg"
    content = read_zip(good)
    data = json.loads(content[MANIFEST])
    with zipfile.ZipFile(out, "w") as archive:
        for member, payload in content.items():
            if member != MANIFEST:
                archive.writestr(member, payload)
        info = zipfile.ZipInfo(name)
        info.compress_type = zipfile.ZIP_DEFLATED
        digest = hashlib.sha256()
        block = bytes(1 << 20)
        with archive.open(info, "w", force_zip64=True) as member:
            for _ in range(120):  # 120 MB of zeros: ~120 KB deflated
                member.write(block)
                digest.update(block)
        data["files"][name] = digest.hexdigest()
        archive.writestr(MANIFEST, json.dumps(data))
    return out


def _huge_manifest(good: Path, out: Path) -> Path:
    data = json.loads(read_zip(good)[MANIFEST])
    data["journal_name"] = "x" * (65 << 20)
    return rebuilt(good, out, manifest=lambda _m: json.dumps(data).encode())


def _extra_listed_photo(good: Path, out: Path) -> Path:
    name = "photos/2026-01-05/front-extra-11111111.jpg"
    payload = b"\xff\xd8\xff not listed by the database"

    def add(members: dict[str, bytes]) -> None:
        members[name] = payload

    def listed(m: dict[str, Any]) -> None:
        m["files"][name] = hashlib.sha256(payload).hexdigest()

    return rebuilt(good, out, manifest=listed, members=add)


def _unlisted_member(good: Path, out: Path) -> Path:
    return rebuilt(good, out, members=lambda m: m.__setitem__("photos/2026-01-05/extra.jpg", b"x"))


def _missing_photo(good: Path, out: Path) -> Path:
    name = first_photo(good)

    def drop(members: dict[str, bytes]) -> None:
        del members[name]

    def unlist(m: dict[str, Any]) -> None:
        del m["files"][name]

    return rebuilt(good, out, manifest=unlist, members=drop)


def _climbing_member(good: Path, out: Path) -> Path:
    name = "photos/2026-01-05/" + OUTSIDE

    def add(members: dict[str, bytes]) -> None:
        members[name] = b"overwrite"

    return rebuilt(good, out, manifest=lambda m: m["files"].__setitem__(name, "0" * 64), members=add)


def _foreign_database(good: Path, out: Path) -> Path:
    def other(data: bytes) -> bytes:
        scratch = out.with_suffix(".db")
        conn = sqlite3.connect(scratch)
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
        conn.commit()
        conn.close()
        result = scratch.read_bytes()
        scratch.unlink()
        return result

    return rebuilt(good, out, db=other)


def _damaged_pages(good: Path, out: Path) -> Path:
    def flip(data: bytes) -> bytes:
        damaged = bytearray(data)
        for offset in range(4096 + 100, min(len(damaged), 4096 * 3), 97):
            damaged[offset] ^= 0x5A
        return bytes(damaged)

    return rebuilt(good, out, db=flip)


def _db_hash_differs(good: Path, out: Path) -> Path:
    return rebuilt(
        good,
        out,
        db=lambda data: mutate_db(data, out.with_suffix(".db"), "UPDATE session SET notes='x'"),
        rehash=False,
    )


def _twice(good: Path, out: Path) -> Path:
    content = read_zip(good)
    name = first_photo(good)
    with zipfile.ZipFile(out, "w") as archive, pytest.warns(UserWarning, match="Duplicate name"):
        for member, payload in content.items():
            archive.writestr(member, payload)
        archive.writestr(name, b"a second, different photo under the same name")
    return out


def _symlink_member(good: Path, out: Path) -> Path:
    content = read_zip(good)
    name = first_photo(good)
    with zipfile.ZipFile(out, "w") as archive:
        for member, payload in content.items():
            info = zipfile.ZipInfo(member)
            if member == name:
                info.create_system = 3
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, payload)
    return out


def _duplicate_key(good: Path, out: Path) -> Path:
    text = read_zip(good)[MANIFEST].decode()
    return rebuilt(
        good, out, manifest=lambda _m: text.replace('"format"', '"format": "x", "format"', 1).encode()
    )


def _pending(good: Path, out: Path) -> Path:
    payload = json.dumps({"tmp": "photos/2026-01-05/" + OUTSIDE, "original_name": "x.jpg"})
    return sql(
        "INSERT INTO pending_import (rel_path, payload) VALUES ('photos/2026-01-05/.import-0123456789abcdef01234567.part', ?)",
        params=(payload,),
    )(good, out)


CASES = [
    Case("pending-import-row-pointing-outside", _pending, "an import in progress|pending_import row"),
    Case(
        "photo-row-climbs-out-of-photos",
        sql(f"UPDATE photo SET rel_path = 'photos/2026-01-05/{OUTSIDE}' WHERE id = 1"),
        r"photo row 1: rel_path a path that climbs out of photos/",
    ),
    Case(
        "photo-row-absolute-path",
        sql("UPDATE photo SET rel_path = '/etc/passwd' WHERE id = 1"),
        r"photo row 1: rel_path",
    ),
    Case("member-climbs-out", _climbing_member, "unsafe path"),
    Case(
        "trigger-rewrites-paths-on-import",
        sql(
            "CREATE TRIGGER evil AFTER INSERT ON pending_import BEGIN "
            f"UPDATE photo SET rel_path = 'photos/x/{OUTSIDE}'; END"
        ),
        "holds a trigger the app did not make: evil",
    ),
    Case("view", sql("CREATE VIEW everything AS SELECT * FROM photo"), "holds a view the app did not make"),
    Case("extra-table", sql("CREATE TABLE loot (x)"), "holds a table the app did not make: loot"),
    Case("index-dropped", sql("DROP INDEX photo_by_session"), "index photo_by_session is missing"),
    Case(
        "table-altered",
        sql("ALTER TABLE photo ADD COLUMN owner TEXT"),
        "table photo is not as the app made it",
    ),
    Case(
        "method-deflate64",
        _patched(lambda g: DB, method=9),
        "compressed with a method this app does not read",
    ),
    Case("method-aes", _patched(first_photo, method=99), "compressed with a method this app does not read"),
    Case("encrypted-entry", _patched(first_photo, flags=0x1), "is encrypted"),
    Case("manifest-nested-200000-deep", _nested, "nested deeper than a manifest is"),
    Case(
        "manifest-empty-key",
        manifest(lambda m: m["files"].__setitem__("", "0" * 64)),
        "an empty or missing path",
    ),
    Case("zip-bomb-listed-as-photo", _zip_bomb, "expands [0-9]+-fold"),
    Case("manifest-65-MB", _huge_manifest, "larger than"),
    Case("manifest-lists-photo-database-does-not", _extra_listed_photo, "which its database does not list"),
    Case("member-not-in-manifest", _unlisted_member, "its manifest does not list"),
    Case("photo-missing-from-zip", _missing_photo, "lacks the photo"),
    Case("database-of-another-app", _foreign_database, "not a Progress Journal database"),
    Case("database-version-0", sql("PRAGMA user_version = 0"), "no schema version"),
    Case("database-from-newer-app", sql("PRAGMA user_version = 99"), "newer Progress Journal"),
    Case(
        "session-date-invalid",
        sql("UPDATE session SET session_date = '2026-13-45'"),
        "session row 1: session_date",
    ),
    Case(
        "photo-angle-invalid",
        sql("UPDATE photo SET angle = 'sideways' WHERE id = 1"),
        "photo row 1: angle|CHECK constraint failed in photo",
    ),
    Case(
        "rating-out-of-range",
        sql("UPDATE session SET redness = 99"),
        "session row 1: redness 99 is outside|CHECK constraint failed in session",
    ),
    Case(
        "photo-hash-not-a-hash", sql("UPDATE photo SET sha256 = '../../x' WHERE id = 1"), "is not a SHA-256"
    ),
    Case(
        "eye-points-half-there",
        sql("UPDATE photo SET eye_left_x = 0.3 WHERE id = 1"),
        "eye points are half there",
    ),
    Case(
        "eye-point-infinite",
        sql(
            "UPDATE photo SET eye_left_x = 1e999, eye_left_y = 0, eye_right_x = 0, eye_right_y = 0, eyes_source = 'auto' WHERE id = 1"
        ),
        "eye_left_x inf is outside",
    ),
    Case(
        "setting-not-json",
        sql("UPDATE setting SET value = '{not json' WHERE key = 'interval_days'"),
        "not valid JSON",
    ),
    Case(
        "setting-wrong-type",
        sql("UPDATE setting SET value = '\"often\"' WHERE key = 'interval_days'"),
        "interval_days has the wrong type",
    ),
    Case(
        "setting-out-of-range",
        sql("UPDATE setting SET value = '3' WHERE key = 'interval_days'"),
        "session interval must be 7–90",
    ),
    Case(
        "journal-id-is-a-path",
        sql("UPDATE setting SET value = '\"../../../outside\"' WHERE key = 'journal_id'"),
        "journal_id is not a journal id",
    ),
    Case("database-pages-damaged", _damaged_pages, "database"),
    Case(
        "database-hash-differs",
        _db_hash_differs,
        "journal.sqlite3 in the backup does not match its recorded hash",
    ),
    Case("member-twice", _twice, "twice"),
    Case("member-is-a-symlink", _symlink_member, "not a plain file"),
    Case("manifest-duplicate-key", _duplicate_key, "a name appears twice"),
    Case(
        "manifest-unknown-field",
        manifest(lambda m: m.__setitem__("run", "rm -rf")),
        "fields this app does not write",
    ),
    Case("manifest-bad-hash", manifest(lambda m: m["files"].__setitem__(DB, "zz")), "no valid hash"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_backup_is_refused_before_anything_is_written(case: Case, good: Path, tmp_path: Path) -> None:
    canary = Canary(tmp_path / "outside" / "victim.txt").plant()
    hostile = case.build(good, tmp_path / "hostile.zip")
    target = tmp_path / "restore-here"
    before = listing(tmp_path)
    with pytest.raises(BackupInvalid, match=case.reason) as refused:
        restore_backup(hostile, target)
    assert "\n" not in str(refused.value)  # one line
    assert not target.exists()
    assert listing(tmp_path) == before  # no staging folder, no part file, nothing
    canary.assert_untouched()


def test_a_good_backup_restores_with_private_modes_reading_each_member_once(
    good: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: dict[str, int] = {}
    real_open = zipfile.ZipFile.open

    def counting_open(self, name, mode="r", *args, **kwargs):  # type: ignore[no-untyped-def]
        key = name.filename if isinstance(name, zipfile.ZipInfo) else name
        if mode == "r":
            reads[key] = reads.get(key, 0) + 1
        return real_open(self, name, mode, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", counting_open)
    contents = restore(good, tmp_path / "restored")
    assert contents.photos == 2 and contents.sessions == 1
    assert reads and all(count == 1 for count in reads.values()), reads
    monkeypatch.undo()
    folder = tmp_path / "restored"
    for path in [folder, *folder.rglob("*")]:
        mode = stat.S_IMODE(os.lstat(path).st_mode)
        if path.is_dir():
            assert mode == 0o700, path
        elif path.parent.name == folder.name:
            assert mode == 0o600, path
        else:
            assert mode == 0o400, path  # originals
    with Journal.open(folder, tmp_path / "cache") as journal:
        assert len(journal.photos()) == 2
        assert verify(journal).clean


def test_check_backup_reports_what_is_in_it(good: Path) -> None:
    contents = check_backup(good)
    assert (contents.photos, contents.trashed, contents.sessions, contents.damaged) == (2, 0, 1, {})


def test_restore_of_a_version_1_backup_still_works(good: Path, tmp_path: Path) -> None:
    old = rebuilt(good, tmp_path / "v1.zip", manifest=lambda m: m.__setitem__("version", 1))
    assert restore(old, tmp_path / "restored").photos == 2


def test_a_directory_entry_added_by_a_zip_tool_is_fine(good: Path, tmp_path: Path) -> None:
    content = read_zip(good)
    with zipfile.ZipFile(tmp_path / "rezipped.zip", "w") as archive:
        archive.writestr("photos/", b"")
        archive.writestr("photos/2026-01-05/", b"")
        for name, data in content.items():
            archive.writestr(name, data, zipfile.ZIP_DEFLATED)
    assert restore(tmp_path / "rezipped.zip", tmp_path / "restored").photos == 2

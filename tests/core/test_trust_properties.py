"""Property-based: restore over mutated backups and import over mutated photos end only in clean
outcomes (restored / refused with a reason / imported / damage reported), never a traceback, and
touch nothing outside the journal.

Hypothesis runs derandomized (the same examples on every run, so CI is repeatable) and keeps no
database of examples. `pytest --hypothesis-show-statistics` prints the outcomes by kind.
"""

from __future__ import annotations

import collections
import hashlib
import io
import json
import shutil
import sqlite3
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, Phase, event, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from journal.core import rows  # noqa: E402
from journal.core.archive import restore, write_backup  # noqa: E402
from journal.core.errors import JournalError  # noqa: E402
from journal.core.journal import Journal  # noqa: E402
from journal.core.models import Angle, JournalSettings  # noqa: E402
from journal.core.verify import verify  # noqa: E402
from tests.core.hostile import DB, MANIFEST, Canary, listing, small_journal  # noqa: E402
from tests.helpers import photo_like  # noqa: E402

EXAMPLES = 150
PROFILE = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    phases=(Phase.explicit, Phase.generate, Phase.shrink),
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


class Quiet(dict):  # type: ignore[type-arg]
    """Seed files for the examples; not printed with a failing example (they are large)."""

    def __repr__(self) -> str:
        return f"<{len(self)} seed files>"


OUTCOMES: collections.Counter[str] = collections.Counter()


def _outcome(kind: str) -> None:
    event(kind)
    OUTCOMES[kind] += 1


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    yield tmp_path_factory.mktemp("properties")
    # Shown with `pytest -s`: every example run (generation and shrinking), by outcome.
    print("\n".join(["", "outcomes:", *(f"  {n:4d}  {k}" for k, n in sorted(OUTCOMES.items()))]))


# ----------------------------------------------------------------- restore


@pytest.fixture(scope="module")
def good_members(workspace: Path) -> dict[str, bytes]:
    journal = small_journal(workspace / "journal", workspace / "cache", workspace / "src")
    journal.trash_photo(journal.photos()[1].id)
    out = write_backup(journal, workspace / "good.zip")
    journal.close()
    with zipfile.ZipFile(out) as archive:
        return Quiet({name: archive.read(name) for name in archive.namelist()})


_COLUMNS = [(table, column) for table, columns in rows.RULES.items() for column in columns if column != "id"]
_values = st.one_of(
    st.none(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.binary(max_size=20),
    st.sampled_from(["../../outside/victim.txt", "photos/../../x", "/etc/passwd", "2026-02-30", "{}", '"x"']),
)
_names = st.one_of(
    st.text(alphabet="photos/.\\:abc-0123456789\n", min_size=0, max_size=30),
    st.sampled_from(["photos/2026-01-05/new.jpg", "../x", "/abs", "photos/../../x", DB, MANIFEST, ""]),
)
_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)

DB_STATEMENTS = [
    "PRAGMA user_version = {int}",
    "DROP TABLE {table}",
    "DROP INDEX photo_by_session",
    "CREATE TRIGGER t AFTER INSERT ON photo BEGIN DELETE FROM session; END",
    "CREATE VIEW v AS SELECT 1",
    "CREATE TABLE extra (x)",
    "INSERT INTO pending_import (rel_path, payload) VALUES ('photos/2026-01-05/x.jpg', '{{\"tmp\": \"../../v\"}}')",
    "DELETE FROM photo WHERE id = 1",
    "DELETE FROM session",
    "INSERT INTO setting (key, value) VALUES ('extra', '1')",
]

mutation = st.one_of(
    st.tuples(st.just("column"), st.sampled_from(_COLUMNS), _values),
    st.tuples(st.just("statement"), st.sampled_from(DB_STATEMENTS), st.integers(-5, 200)),
    st.tuples(st.just("db-bytes"), st.integers(0, 1 << 16), st.binary(min_size=1, max_size=16)),
    st.tuples(st.just("db-cut"), st.integers(0, 1 << 16), st.none()),
    st.tuples(
        st.just("manifest-key"),
        st.sampled_from(["format", "version", "files", "damaged", "created", "x"]),
        _json,
    ),
    st.tuples(st.just("manifest-file"), _names, st.one_of(st.text(max_size=70), st.sampled_from(["0" * 64]))),
    st.tuples(st.just("manifest-drop-file"), st.integers(0, 10), st.none()),
    st.tuples(st.just("manifest-raw"), st.binary(max_size=200), st.none()),
    st.tuples(st.just("member-add"), _names, st.binary(max_size=64)),
    st.tuples(st.just("member-drop"), st.integers(0, 10), st.none()),
    st.tuples(st.just("member-flip"), st.integers(0, 10), st.integers(0, 4000)),
    st.tuples(st.just("zip-method"), st.integers(0, 10), st.sampled_from([1, 6, 9, 12, 14, 93, 95, 98, 99])),
)


def _mutated(good: dict[str, bytes], steps: list[tuple[str, Any, Any]], scratch: Path) -> bytes:
    members = dict(good)
    manifest: Any = json.loads(members[MANIFEST])
    raw_manifest: bytes | None = None
    methods: dict[str, int] = {}
    db = members[DB]
    for kind, a, b in steps:
        if kind in ("column", "statement"):
            path = scratch / "m.sqlite3"
            path.write_bytes(db)
            conn = sqlite3.connect(path, isolation_level=None)
            try:
                conn.execute("PRAGMA journal_mode=DELETE")
                conn.execute("PRAGMA ignore_check_constraints=ON")
                if kind == "column":
                    table, column = a
                    conn.execute(f'UPDATE "{table}" SET "{column}" = ?', (b,))
                else:
                    tables = ["session", "photo", "setting", "pending_import"]
                    conn.execute(a.format(int=b, table=tables[abs(b) % len(tables)]))
            except (sqlite3.Error, UnicodeError):
                pass  # the mutation itself was refused by SQLite: the backup stays as it was
            conn.close()
            db = path.read_bytes()
            if isinstance(manifest, dict) and isinstance(manifest.get("files"), dict):
                manifest["files"][DB] = hashlib.sha256(db).hexdigest()
        elif kind == "db-bytes":
            offset = a % max(1, len(db))
            db = db[:offset] + b + db[offset + len(b) :]
        elif kind == "db-cut":
            db = db[: a % max(1, len(db))]
        elif kind == "manifest-key" and isinstance(manifest, dict):
            manifest[a] = b
        elif (
            kind == "manifest-file" and isinstance(manifest, dict) and isinstance(manifest.get("files"), dict)
        ):
            manifest["files"][a] = b
        elif (
            kind == "manifest-drop-file"
            and isinstance(manifest, dict)
            and isinstance(manifest.get("files"), dict)
        ):
            keys = sorted(manifest["files"])
            if keys:
                del manifest["files"][keys[a % len(keys)]]
        elif kind == "manifest-raw":
            raw_manifest = a
        elif kind == "member-add":
            members[a] = b
        elif kind in ("member-drop", "member-flip", "zip-method"):
            names = sorted(members)
            name = names[a % len(names)]
            if kind == "member-drop":
                members.pop(name, None)
            elif kind == "member-flip" and members.get(name):
                data = bytearray(members[name])
                data[b % len(data)] ^= 0xFF
                members[name] = bytes(data)
            else:
                methods[name] = b
    if DB in members:
        members[DB] = db
    if MANIFEST in members:
        members[MANIFEST] = (
            raw_manifest if raw_manifest is not None else json.dumps(manifest, default=str).encode()
        )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            try:
                archive.writestr(zipfile.ZipInfo(name or "_"), data)
            except ValueError:
                continue
    data = out.getvalue()
    for name, method in methods.items():
        data = _patch_method(data, name, method)
    return data


def _patch_method(data: bytes, name: str, method: int) -> bytes:
    import struct

    patched = bytearray(data)
    encoded = name.encode()
    for signature, name_at, method_at in ((b"PK\x03\x04", 30, 8), (b"PK\x01\x02", 46, 10)):
        length_at = 26 if signature == b"PK\x03\x04" else 28
        pos = patched.find(signature)
        while pos >= 0:
            length = struct.unpack_from("<H", patched, pos + length_at)[0]
            if patched[pos + name_at : pos + name_at + length] == encoded:
                struct.pack_into("<H", patched, pos + method_at, method)
            pos = patched.find(signature, pos + 4)
    return bytes(patched)


@PROFILE
@given(steps=st.lists(mutation, min_size=1, max_size=3))
def test_restore_of_a_mutated_backup_ends_cleanly(
    workspace: Path, good_members: dict[str, bytes], steps: list[tuple[str, Any, Any]]
) -> None:
    root = Path(tempfile.mkdtemp(dir=workspace))
    try:
        canary = Canary(root / "outside" / "victim.txt").plant()
        archive = root / "b.zip"
        data = _mutated(good_members, steps, root)
        archive.write_bytes(data)
        before = listing(root)
        target = root / "restored"
        try:
            contents = restore(archive, target)
        except JournalError as exc:
            assert str(exc) and "\n" not in str(exc)
            assert listing(root) == before, "a refused restore left something behind"
            _outcome(f"restore refused: {_kind_of(str(exc))}")
        else:
            _outcome("restore: restored")
            with Journal.open(target, root / "cache") as journal:
                report = verify(journal)
                journal.sessions()
                journal.photos()
            assert report.clean or contents.damaged, report.problems
        canary.assert_untouched()
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _kind_of(message: str) -> str:
    for words, kind in (
        ("not a readable zip", "not a zip"),
        ("not a Progress Journal backup:", "not a backup"),
        ("manifest", "manifest"),
        ("unsafe path", "unsafe path"),
        ("unexpected file", "unexpected name"),
        ("method", "compression method"),
        ("does not match its recorded hash", "hash"),
        ("database", "database"),
        ("lacks the photo", "photo missing"),
        ("not a Progress Journal backup", "not a backup"),
        ("newer Progress Journal", "newer version"),
        ("does not list", "not listed"),
        ("is missing", "member missing"),
        ("damaged", "member damaged"),
    ):
        if words in message:
            return kind
    return f"other ({message[:60]})"


# ----------------------------------------------------------------- import


@pytest.fixture(scope="module")
def seeds() -> dict[str, bytes]:
    image = photo_like((96, 72), seed=11)
    encoded = {}
    for fmt, options in (
        ("JPEG", {"quality": 85}),
        ("PNG", {}),
        ("WEBP", {"quality": 80}),
        ("TIFF", {"compression": "tiff_lzw"}),
        ("HEIF", {"quality": 50}),
    ):
        buffer = io.BytesIO()
        image.save(buffer, fmt, **options)
        encoded[fmt] = buffer.getvalue()
    return Quiet(encoded)


@pytest.fixture(scope="module")
def import_journal(workspace: Path):  # type: ignore[no-untyped-def]
    journal = Journal.create(
        workspace / "import-journal", JournalSettings(name="Props"), workspace / "import-cache"
    )
    yield journal
    assert verify(journal).clean  # after every example: nothing half-imported, nothing unknown
    journal.close()


damage = st.one_of(
    st.tuples(st.just("cut"), st.floats(0, 1), st.none()),
    st.tuples(st.just("flip"), st.lists(st.integers(0, 1 << 20), min_size=1, max_size=8), st.none()),
    st.tuples(st.just("splice"), st.integers(0, 1 << 20), st.binary(min_size=1, max_size=64)),
    st.tuples(st.just("insert"), st.integers(0, 1 << 20), st.binary(min_size=1, max_size=64)),
    st.tuples(st.just("append"), st.none(), st.binary(min_size=1, max_size=64)),
    st.tuples(st.just("zero"), st.integers(0, 1 << 20), st.integers(1, 512)),
)


def _damaged(data: bytes, steps: list[tuple[str, Any, Any]]) -> bytes:
    out = bytearray(data)
    for kind, a, b in steps:
        size = max(1, len(out))
        if kind == "cut":
            out = out[: int(len(out) * a)]
        elif kind == "flip":
            for offset in a:
                if out:
                    out[offset % len(out)] ^= 0xFF
        elif kind == "splice":
            at = a % size
            out[at : at + len(b)] = b
        elif kind == "insert":
            out[a % size : a % size] = b
        elif kind == "append":
            out += b
        elif kind == "zero":
            at = a % size
            out[at : at + b] = bytes(min(b, max(0, len(out) - at)))
    return bytes(out)


@PROFILE
@given(
    fmt=st.sampled_from(["JPEG", "PNG", "HEIF", "WEBP", "TIFF"]),
    steps=st.lists(damage, min_size=1, max_size=3),
)
def test_import_of_a_mutated_photo_ends_cleanly(
    workspace: Path,
    seeds: dict[str, bytes],
    import_journal: Journal,
    fmt: str,
    steps: list[tuple[str, Any, Any]],
) -> None:
    root = Path(tempfile.mkdtemp(dir=workspace))
    try:
        source = root / f"photo.{fmt.lower()}"
        source.write_bytes(_damaged(seeds[fmt], steps))
        session = import_journal.find_or_add_session(__import__("datetime").date(2026, 6, 1))
        result = import_journal.import_file(source, session.id, Angle.FRONT)
        assert result.status in ("imported", "duplicate", "refused")
        assert "\n" not in result.line()
        _outcome(
            f"import {fmt}: {result.status}" + (f" ({result.reason.split(':')[0]})" if result.reason else "")
        )
        assert listing(root) == [source.name]  # nothing written beside the source
        if result.photo is not None:
            assert import_journal.photo_path(result.photo).read_bytes() == source.read_bytes()
    finally:
        shutil.rmtree(root, ignore_errors=True)

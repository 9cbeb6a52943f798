"""Nothing is created until a photo lands, and every refusal is in the app's own words."""

from __future__ import annotations

import datetime as dt
import io
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from journal.core.journal import Journal
from journal.core.models import Angle, NewSession
from tests.helpers import photo_like, run_cli, save_jpeg

DAY = dt.date(2026, 4, 1)


def _files(tmp_path: Path, count: int, seed: int = 0) -> list[Path]:
    return [
        save_jpeg(tmp_path / f"IMG_{seed + n}.jpg", photo_like((96, 72), seed=seed + n)) for n in range(count)
    ]


def _broken(tmp_path: Path) -> Path:
    path = tmp_path / "broken.jpg"
    path.write_bytes(_files(tmp_path, 1, seed=90)[0].read_bytes()[:300])
    return path


@pytest.mark.parametrize("batch", ["all-duplicates", "all-refused", "duplicates-and-refused"])
def test_a_batch_where_nothing_lands_creates_no_session(journal, tmp_path: Path, batch: str) -> None:
    first = journal.add_session(dt.date(2026, 3, 1))
    known = _files(tmp_path, 3)
    for path in known:
        assert journal.import_file(path, first.id, Angle.FRONT).ok
    files = {
        "all-duplicates": known,
        "all-refused": [_broken(tmp_path), tmp_path / "missing.jpg"],
        "duplicates-and-refused": [known[0], _broken(tmp_path)],
    }[batch]
    target = journal.import_target(DAY)
    assert isinstance(target, NewSession)
    events = []
    journal.subscribe(events.append)
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda p: journal.import_file(p, target, Angle.FRONT), files))
    assert not any(r.ok for r in results)
    assert [s.date for s in journal.sessions()] == [dt.date(2026, 3, 1)]  # no empty session
    assert target.session is None and not [e for e in events if e.kind == "session-added"]


def test_the_first_photo_to_land_creates_the_session_once(journal, tmp_path: Path) -> None:
    files = [_broken(tmp_path), *_files(tmp_path, 6, seed=10)]
    target = journal.new_session(DAY, "check-in")
    with ThreadPoolExecutor(max_workers=2) as pool:  # two workers race for the first landing
        results = list(pool.map(lambda p: journal.import_file(p, target, Angle.LEFT), files))
    assert sum(r.ok for r in results) == 6
    [session] = journal.sessions()
    assert session.date == DAY and session.kind.value == "check-in"
    assert target.session is not None and target.session.id == session.id
    assert len(journal.photos(session.id)) == 6
    assert journal.import_target(DAY, "check-in") == session.id  # the next import goes there


def test_a_bad_value_for_the_new_session_is_said_before_any_import(journal) -> None:
    with pytest.raises(ValueError, match="pain must be 0–10"):
        journal.new_session(DAY, pain=12)


def test_command_line_import_of_only_duplicates_creates_no_session(tmp_path: Path) -> None:
    folder = tmp_path / "journal"
    assert run_cli("--journal", str(folder), "init").returncode == 0
    files = [str(p) for p in _files(tmp_path, 2)]
    assert run_cli("--journal", str(folder), "import", "--date", "2026-03-01", *files).returncode == 0
    again = run_cli("--journal", str(folder), "import", "--date", "2026-04-01", *files)
    assert again.returncode == 0
    assert again.stdout.count("duplicate: ") == 2
    assert "no session made for 2026-04-01: no photo was imported" in again.stdout
    with Journal.open(folder, tmp_path / "cache", read_only=True) as journal:
        assert [s.date.isoformat() for s in journal.sessions()] == ["2026-03-01"]


# Pillow's words, which must never reach the person importing.
DECODER_WORDS = (
    "bytes not processed",
    "image file",
    "decoder",
    "data stream",
    "Truncated File Read",
    "cannot identify",
)


def _damaged(kind: str, tmp_path: Path) -> Path:
    jpeg = _files(tmp_path, 1, seed=50)[0].read_bytes()
    if kind.startswith("jpeg"):
        blob = {
            "jpeg-half": jpeg[: len(jpeg) // 2],
            "jpeg-end-marker-missing": jpeg[:-2],
            "jpeg-header-only": jpeg[:100],
            "jpeg-garbled-middle": jpeg[: len(jpeg) // 2] + b"\xff\x00" * 700 + jpeg[len(jpeg) // 2 + 1400 :],
        }[kind]
    else:
        fmt = kind.split("-")[0].upper()
        buffer = io.BytesIO()
        photo_like((120, 90), seed=3).save(buffer, fmt)
        blob = buffer.getvalue()[: buffer.tell() // 2]
    path = tmp_path / f"{kind}.img"
    path.write_bytes(blob)
    return path


@pytest.mark.parametrize(
    "kind",
    [
        "jpeg-half",
        "jpeg-end-marker-missing",
        "jpeg-header-only",
        "jpeg-garbled-middle",
        "png-half",
        "webp-half",
        "tiff-half",
    ],
)
def test_a_damaged_file_is_refused_in_the_apps_own_words(journal, tmp_path: Path, kind: str) -> None:
    session = journal.add_session(DAY)
    result = journal.import_file(_damaged(kind, tmp_path), session.id, Angle.FRONT)
    assert result.status == "refused"
    assert result.reason.startswith(("truncated: ", "damaged: ")), result.reason
    assert not any(words.lower() in result.reason.lower() for words in DECODER_WORDS), result.reason

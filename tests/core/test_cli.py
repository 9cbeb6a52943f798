"""The command line: one line per outcome, errors on stderr, documented exit codes."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

import pytest

from journal.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE, main
from journal.core.models import guess_angle
from tests.helpers import photo_like, run_cli, save_jpeg


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "journal"
    assert main(["--journal", str(path), "init", "--name", "CLI journal"]) == EXIT_OK
    return path


def _photos(tmp_path: Path, *names: str) -> list[str]:
    return [str(save_jpeg(tmp_path / "in" / n, photo_like((320, 240), seed=i))) for i, n in enumerate(names)]


def test_import_prints_one_line_per_file_and_exits_0(folder: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    files = _photos(tmp_path, "me_front.jpg", "me_left.jpg", "IMG_9.jpg")
    code = main(["--journal", str(folder), "import", "--date", "2026-03-01", *files])
    out = capsys.readouterr().out.splitlines()
    assert code == EXIT_OK
    assert len(out) == 3
    assert out[0].startswith(f"imported: {files[0]} -> photos/2026-03-01/front-me_front-")
    assert out[1].startswith(f"imported: {files[1]} -> photos/2026-03-01/left-me_left-")
    assert out[2].startswith(f"imported: {files[2]} -> photos/2026-03-01/other-IMG_9-")


def test_import_with_refusals_exits_1_and_names_each_file(folder: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    good = _photos(tmp_path, "a.jpg")[0]
    bad = tmp_path / "broken.jpg"
    bad.write_bytes(b"\xff\xd8\xff\xe0 nothing else")
    code = main(
        ["import", "--journal", str(folder), "--date", "2026-03-01", "--angle", "front", good, str(bad), good]
    )
    out = capsys.readouterr().out.splitlines()
    assert code == EXIT_FAILED
    assert out[0].startswith(f"imported: {good}")
    assert out[1].startswith(f"refused: {bad}: ")
    assert out[2].startswith(f"duplicate: {good} (already stored as photos/2026-03-01/front-a-")


def test_bad_usage_exits_2(folder: Path, tmp_path: Path) -> None:
    files = _photos(tmp_path, "a.jpg")
    no_date = run_cli("--journal", str(folder), "import", *files)
    assert no_date.returncode == EXIT_USAGE and "--date" in no_date.stderr
    bad_date = run_cli("--journal", str(folder), "import", "--date", "31/01/2026", *files)
    assert bad_date.returncode == EXIT_USAGE and "not a date (YYYY-MM-DD)" in bad_date.stderr
    bad_angle = run_cli("--journal", str(folder), "import", "--date", "2026-01-31", "--angle", "top", *files)
    assert bad_angle.returncode == EXIT_USAGE


def test_missing_journal_is_one_line_on_stderr(tmp_path: Path) -> None:
    done = run_cli("--journal", str(tmp_path / "none"), "sessions")
    assert done.returncode == EXIT_FAILED
    assert done.stdout == ""
    assert done.stderr.strip() == f"progress-journal: journal folder not found: {tmp_path / 'none'}"


def test_sessions_lists_counts_and_json(folder: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    main(
        [
            "--journal",
            str(folder),
            "import",
            "--date",
            "2026-03-01",
            *_photos(tmp_path, "f_front.jpg", "l_left.jpg"),
        ]
    )
    main(
        [
            "--journal",
            str(folder),
            "import",
            "--date",
            "2026-03-20",
            "--kind",
            "check-in",
            *_photos(tmp_path / "b", "x.jpg"),
        ]
    )
    capsys.readouterr()
    assert main(["sessions", "--journal", str(folder)]) == EXIT_OK
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["2026-03-01", "treatment", "Session", "1", "·", "week", "0", "2", "photos"]
    assert lines[1].split() == ["2026-03-20", "check-in", "Check-in", "·", "week", "2", "1", "photo"]
    assert main(["--journal", str(folder), "sessions", "--json"]) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    assert [(d["date"], d["kind"], d["photos"], d["number"]) for d in data] == [
        ("2026-03-01", "treatment", 2, 1),
        ("2026-03-20", "check-in", 1, None),
    ]
    assert set(data[0]["ratings"]) == {"redness", "bumps", "active_acne", "scar_visibility"}


def test_verify_backup_restore_export_from_the_command_line(folder: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    main(["--journal", str(folder), "import", "--date", "2026-03-01", *_photos(tmp_path, "a_front.jpg")])
    capsys.readouterr()
    assert main(["--journal", str(folder), "verify"]) == EXIT_OK
    assert capsys.readouterr().out.strip() == "ok: 1 photo checked, journal is clean"

    stray = folder / "photos" / "2026-03-01" / "stray.bin"
    stray.write_bytes(b"??")
    assert main(["--journal", str(folder), "verify"]) == EXIT_FAILED
    assert "problem: unknown file under photos/: photos/2026-03-01/stray.bin" in capsys.readouterr().out
    assert main(["--journal", str(folder), "verify", "--repair"]) == EXIT_OK
    assert "repaired: moved photos/2026-03-01/stray.bin to quarantine/stray.bin" in capsys.readouterr().out

    archive = tmp_path / "journal-backup.zip"
    assert main(["--journal", str(folder), "backup", str(archive)]) == EXIT_OK
    assert capsys.readouterr().out.strip() == f"backed up: 1 photo and the database to {archive}"
    assert zipfile.ZipFile(archive).testzip() is None
    restored = tmp_path / "restored"
    assert main(["--journal", str(restored), "restore", str(archive)]) == EXIT_OK
    assert main(["--journal", str(restored), "verify", "--repair"]) == EXIT_OK
    # Restoring over a journal is refused, with one line on stderr.
    assert main(["--journal", str(folder), "restore", str(archive)]) == EXIT_FAILED
    assert "restore needs an empty folder" in capsys.readouterr().err

    assert main(["--journal", str(folder), "export-folder", str(tmp_path / "plain")]) == EXIT_OK
    assert (tmp_path / "plain" / "sessions.csv").exists()


def test_init_rejects_a_bad_interval(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["--journal", str(tmp_path / "j"), "init", "--interval", "2"]) == EXIT_USAGE
    assert "7–90" in capsys.readouterr().err


def test_guess_angle_from_file_names() -> None:
    assert guess_angle("/x/2026-01-01_front.jpg") == "front"
    assert guess_angle("Left cheek.JPG") == "left"
    assert guess_angle("IMG_1234.HEIC") == "other"
    assert guess_angle("frontal.jpg") == "other"  # whole words only


def test_date_in_the_future_is_accepted_as_planned(folder: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    day = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    assert main(["--journal", str(folder), "import", "--date", day, *_photos(tmp_path, "a.jpg")]) == EXIT_OK

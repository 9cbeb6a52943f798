"""Faults read as what they are: a full disk says so everywhere, a killed command leaves nothing
behind for long, no command writes into a journal folder, a changed photo has a way forward."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from journal.core.archive import back_up, restore, write_backup
from journal.core.errors import JournalError
from journal.core.journal import Journal
from journal.core.models import Angle, JournalSettings
from journal.core.verify import verify
from tests.core.hostile import listing, small_journal
from tests.core.test_crash_safety import needs_mount
from tests.helpers import REPO, photo_like, run_cli, save_jpeg

DISK_FULL_SCRIPT = textwrap.dedent(
    """
    import json, os, subprocess, sys, datetime as dt
    from pathlib import Path
    sys.path.insert(0, {repo!r})
    from PIL import Image
    from journal.core import dbbackups
    from journal.core.errors import JournalError
    disk, outside = Path({disk!r}), Path({outside!r})
    journal = disk / "journal"
    env = dict(os.environ, PYTHONPATH={repo!r}, PROGRESS_JOURNAL_CACHE=str(outside / "cache"))

    def cli(*args):
        done = subprocess.run([sys.executable, "-m", "journal", "--journal", str(journal), *args],
                              capture_output=True, text=True, env=env)
        return {{"rc": done.returncode, "out": done.stdout, "err": done.stderr}}

    out = {{"init": cli("init")}}
    noise = [outside / f"n{{i}}.jpg" for i in range(4)]
    for i, path in enumerate(noise):
        Image.effect_noise((700, 700), 60 + i).convert("RGB").save(path, quality=100)
    out["fill-import"] = cli("import", "--date", "2026-01-01", *map(str, noise[:1]))
    fd = os.open(disk / "filler", os.O_WRONLY | os.O_CREAT)  # now the disk is full
    try:
        while True:
            os.write(fd, bytes(4096))
    except OSError:
        os.close(fd)
    out["free"] = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
    out["verify"] = cli("verify")
    out["import"] = cli("import", "--date", "2026-01-01", *map(str, noise[1:]))
    out["backup"] = cli("backup", str(disk / "b.zip"))
    out["calendar"] = cli("calendar", str(disk / "c.ics"))
    out["restore"] = subprocess.run(
        [sys.executable, "-m", "journal", "--journal", str(disk / "restored"), "restore", str(outside / "good.zip")],
        capture_output=True, text=True, env=env).__dict__
    out["restore"] = {{k: out["restore"][k] for k in ("returncode", "stdout", "stderr")}}
    try:
        dbbackups.restore_database(journal, outside / "copy.sqlite3", dt.datetime(2026, 1, 2))
        out["copy"] = "restored"
    except JournalError as exc:
        out["copy"] = f"{{type(exc).__name__}}: {{exc}}"
    out["listing"] = sorted(p.name for p in disk.iterdir())
    (disk / "filler").unlink()
    out["after"] = cli("verify")
    print(json.dumps(out))
    """
)


@needs_mount
def test_a_full_disk_says_disk_is_full_everywhere_and_offers_nothing_destructive(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    small_journal(outside / "j", outside / "cache", outside / "src").close()
    with Journal.open(outside / "j", outside / "cache") as small:  # makes today's database copy
        write_backup(small, outside / "good.zip")
    (outside / "copy.sqlite3").write_bytes(next((outside / "j" / "backups").iterdir()).read_bytes())
    disk = tmp_path / "disk"
    disk.mkdir()
    script = DISK_FULL_SCRIPT.format(repo=str(REPO), disk=str(disk), outside=str(outside))
    done = subprocess.run(
        [
            "unshare",
            "-m",
            "sh",
            "-c",
            f'mount -t tmpfs -o size=3m tmpfs {disk} && {sys.executable} -c "$0"',
            script,
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["init"]["rc"] == 0 and out["free"] < 64 * 1024
    for command in ("verify", "import", "backup", "calendar"):
        result = out[command]
        assert result["rc"] == 1, (command, result)
        assert "Traceback" not in result["err"] and "damaged" not in result["err"] + result["out"], (
            command,
            result,
        )
        assert result["err"].count("\n") == 1 and "disk is full" in result["err"], (command, result)
    restored = out["restore"]
    assert restored["returncode"] == 1 and "disk is full" in restored["stderr"], restored
    assert out["copy"].startswith("DiskFull: disk is full"), out["copy"]  # not "that copy is damaged too"
    assert out["listing"] == ["filler", "journal"]  # no zip, part file, ics or staging folder
    assert out["after"]["rc"] == 0 and "journal is clean" in out["after"]["out"], out["after"]


@needs_mount
def test_a_batch_import_prints_a_line_for_every_file_after_the_disk_fills(tmp_path: Path) -> None:
    sources = []
    for i in range(5):
        path = tmp_path / f"big{i}.jpg"
        __import__("PIL.Image", fromlist=["Image"]).effect_noise((800, 800), 60 + i).convert("RGB").save(
            path, quality=100
        )
        sources.append(str(path))
    disk = tmp_path / "disk"
    disk.mkdir()
    journal = disk / "journal"
    py = sys.executable
    script = (
        f"mount -t tmpfs -o size=2m tmpfs {disk} && {py} -m journal --journal {journal} init >/dev/null && "
        f"{py} -m journal --journal {journal} import --workers 1 --date 2026-01-01 {' '.join(sources)}"
    )
    env = dict(os.environ, PYTHONPATH=str(REPO), PROGRESS_JOURNAL_CACHE=str(tmp_path / "cache"))
    done = subprocess.run(
        ["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, env=env, timeout=300
    )
    lines = done.stdout.splitlines()
    assert done.returncode == 1
    assert [line.split(" -> ")[0].split(": ")[1] for line in lines] == sources, done.stdout  # one per file
    assert any(line.startswith("imported: ") for line in lines)
    failed = [line for line in lines if line.startswith("failed: ")]
    assert failed and all("disk is full" in line for line in failed), done.stdout
    assert done.stderr.count("\n") == 1 and "disk is full" in done.stderr


@needs_mount
def test_a_sheet_or_chart_on_a_full_disk_says_disk_is_full_and_leaves_no_file(tmp_path: Path) -> None:
    """PDF, SVG, PNG and JPEG alike: Qt's writers say nothing of a failed write (a full disk gave an
    empty "written" PDF); the app's words are "disk is full", and nothing is left behind."""
    folder = tmp_path / "journal"
    with Journal.create(folder, JournalSettings(name="Sheets"), tmp_path / "cache") as journal:
        for month in (1, 2):
            session = journal.add_session(dt.date(2026, month, 5), notes="fine", redness=month)
            source = save_jpeg(tmp_path / f"front{month}.jpg", photo_like((200, 160), seed=month))
            photo = journal.import_file(source, session.id, Angle.FRONT).photo
            assert photo is not None
            journal.set_eye_points(photo.id, (0.4, 0.4), (0.6, 0.4), "manual")
    disk = tmp_path / "disk"
    disk.mkdir()
    py, base = sys.executable, f"-m journal --journal {folder}"
    env = dict(os.environ, PYTHONPATH=str(REPO), PROGRESS_JOURNAL_CACHE=str(tmp_path / "cache"))
    env["QT_QPA_PLATFORM"] = "offscreen"
    outputs = {
        "sheet": f"sheet --before 2026-01-05 --after 2026-02-05 -o {disk}/sheet.pdf",
        "chart-pdf": f"chart -o {disk}/chart.pdf",
        "chart-svg": f"chart -o {disk}/chart.svg",
        "chart-png": f"chart -o {disk}/chart.png",
        # Compare's "Save comparison image…", which writes in a worker and shows what it returns.
        "comparison-jpg": "-c 'import sys; from PySide6.QtGui import QGuiApplication, QImage; "
        "from journal.ui.compare.export import save_image; app = QGuiApplication([]); "
        "image = QImage(800, 600, QImage.Format.Format_RGB32); image.fill(0x806040); "
        f'said = save_image(image, __import__("pathlib").Path("{disk}/pair.jpg")); '
        "print(said, file=sys.stderr); sys.exit(1 if said else 0)'",
    }
    script = f"mount -t tmpfs -o size=1m tmpfs {disk} && (cat /dev/zero > {disk}/filler 2>/dev/null; true)"
    for name, command in outputs.items():
        run = command if command.startswith("-c") else f"{base} {command}"
        script += f" && echo '== {name}' && echo '== {name}' >&2 && {{ {py} {run}; echo \"rc=$?\"; }}"
    script += f" && echo '== listing' && ls -A {disk}"
    done = subprocess.run(
        ["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, env=env, timeout=300
    )
    assert done.returncode == 0, done.stderr
    said = {part.split("\n", 1)[0]: part.split("\n", 1)[1] for part in done.stdout.split("== ")[1:]}
    errors = {part.split("\n", 1)[0]: part.split("\n", 1)[1] for part in done.stderr.split("== ")[1:]}
    for name in outputs:
        assert said[name].splitlines()[-1] == "rc=1", (name, said[name], errors[name])
        assert "written" not in said[name], (name, said[name])
        assert errors[name].count("\n") == 1 and "disk is full" in errors[name], (name, errors[name])
    assert said["listing"].split() == ["filler"]  # no sheet, chart or temporary file


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    small_journal(tmp_path / "journal", tmp_path / "cache", tmp_path / "src").close()
    return tmp_path / "journal"


@pytest.mark.parametrize(
    "command",
    [
        ["backup", "{j}/journal.sqlite3"],
        ["backup", "{j}/photos/2026-01-05/b.zip"],
        ["calendar", "{j}/journal.sqlite3"],
        ["export-folder", "{j}/export"],
        ["sheet", "--timeline", "-o", "{j}/sheet.pdf"],
        ["restore", "{zip}", "--journal", "{j}/photos/new"],
    ],
    ids=[
        "backup-over-database",
        "backup-into-photos",
        "calendar-over-database",
        "export-inside",
        "sheet-inside",
        "restore-inside",
    ],
)
def test_no_command_writes_into_the_journal_folder(folder: Path, tmp_path: Path, command: list[str]) -> None:
    with Journal.open(folder, tmp_path / "cache", read_only=True) as journal:
        good = write_backup(journal, tmp_path / "good.zip")
    database = (folder / "journal.sqlite3").read_bytes()
    before = listing(folder)
    args = [part.format(j=folder, zip=good) for part in command]
    if "restore" not in args:
        args = ["--journal", str(folder), *args]
    done = run_cli(*args)
    assert done.returncode == 1
    assert "cannot be written inside the journal folder" in done.stderr and done.stderr.count("\n") == 1, (
        done.stderr
    )
    assert listing(folder) == before
    assert (folder / "journal.sqlite3").read_bytes() == database
    with Journal.open(folder, tmp_path / "cache") as journal:
        assert len(journal.photos()) == 2 and verify(journal).clean


KILLED = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    sys.path.insert(0, {repo!r})
    from journal.core import archive, export
    from journal.core.journal import Journal

    def die(*_args):
        os.kill(os.getpid(), signal.SIGKILL)

    journal = Journal.open(Path({folder!r}), Path({cache!r}), read_only=True)
    what = sys.argv[1]
    if what == "backup":
        archive.back_up(journal, Path({out!r}) / "b.zip", progress=lambda done, total: done < 2 or die())
    elif what == "export":
        export.export_folder(journal, Path({out!r}) / "export", progress=lambda done, total: done < 2 or die())
    else:
        archive.restore(Path({good!r}), Path({out!r}) / "restored", progress=lambda done, total: done < 2 or die())
    """
)


@pytest.mark.parametrize("command", ["backup", "export", "restore"])
def test_what_a_killed_command_leaves_is_private_and_cleaned_by_the_next_run(
    folder: Path, tmp_path: Path, command: str
) -> None:
    with Journal.open(folder, tmp_path / "cache", read_only=True) as journal:
        good = write_backup(journal, tmp_path / "good.zip")
    out = tmp_path / "out"
    out.mkdir()
    script = KILLED.format(
        repo=str(REPO), folder=str(folder), cache=str(tmp_path / "cache"), out=str(out), good=str(good)
    )
    done = subprocess.run(
        [sys.executable, "-c", script, command], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    left = list(out.iterdir())
    assert left and all(p.name.startswith(".") for p in left), left  # hidden work in progress
    for path in [p for entry in left for p in (entry, *(entry.rglob("*") if entry.is_dir() else []))]:
        mode = stat.S_IMODE(os.lstat(path).st_mode)
        assert mode & 0o077 == 0, f"{path} is {oct(mode)} while it exists"
    args = {
        "backup": ["--journal", str(folder), "backup", str(out / "b.zip")],
        "export": ["--journal", str(folder), "export-folder", str(out / "export")],
        "restore": ["--journal", str(out / "restored"), "restore", str(good)],
    }[command]
    rerun = run_cli(*args)
    assert rerun.returncode == 0, rerun.stderr
    assert [p.name for p in out.iterdir()] == [
        {"backup": "b.zip", "export": "export", "restore": "restored"}[command]
    ]


def test_work_in_progress_of_a_live_command_is_left_alone(folder: Path, tmp_path: Path) -> None:
    from journal.core.fsutil import remove_abandoned, staging_folder

    with staging_folder(tmp_path, ".x.restoring-") as busy:
        assert remove_abandoned(tmp_path, ".x.restoring-") == []
        assert busy.exists()


def _changed_journal(tmp_path: Path) -> tuple[Journal, str]:
    journal = small_journal(tmp_path / "journal", tmp_path / "cache", tmp_path / "src")
    photo = journal.photos()[0]
    path = journal.photo_path(photo)
    os.chmod(path, 0o600)
    save_jpeg(path, photo_like((160, 120), seed=42))  # an edit made on purpose, or a bad disk
    return journal, photo.rel_path


def test_a_changed_photo_blocks_a_backup_with_a_way_forward(tmp_path: Path) -> None:
    journal, rel = _changed_journal(tmp_path)
    with pytest.raises(JournalError, match=f"{rel} changed on disk.*--accept-changed.*--mark-damaged"):
        write_backup(journal, tmp_path / "b.zip")
    assert not (tmp_path / "b.zip").exists()

    marked = back_up(journal, tmp_path / "b.zip", mark_damaged=True)
    assert marked.damaged == {rel: "changed"} and marked.photos == 2
    restored = restore(tmp_path / "b.zip", tmp_path / "restored")
    assert restored.damaged == {rel: "changed"}
    with Journal.open(tmp_path / "restored", tmp_path / "cache2") as copy:
        assert [p for p in verify(copy).problems if "changed on disk" in p]  # the mark survives: never silent

    journal.photo_path(journal.photos()[1]).unlink()
    missing = back_up(journal, tmp_path / "b2.zip", mark_damaged=True)
    assert sorted(missing.damaged.values()) == ["changed", "missing"] and missing.photos == 1
    assert restore(tmp_path / "b2.zip", tmp_path / "restored2").photos == 1
    journal.close()


def test_verify_accept_changed_keeps_the_new_content_after_the_user_names_it(tmp_path: Path) -> None:
    journal, rel = _changed_journal(tmp_path)
    folder = journal.folder
    journal.close()
    plain = run_cli("--journal", str(folder), "verify")
    assert plain.returncode == 1 and f"--accept-changed {rel}" in plain.stdout
    accepted = run_cli("--journal", str(folder), "verify", "--accept-changed", rel)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert accepted.stdout.splitlines()[0].startswith(f"accepted: {rel}")
    assert accepted.stdout.splitlines()[-1] == "ok: 2 photos checked, journal is clean"
    unknown = run_cli("--journal", str(folder), "verify", "--accept-changed", "photos/2026-01-05/nope.jpg")
    assert unknown.returncode == 1 and "not accepted: the journal lists no photo" in unknown.stdout
    assert run_cli("--journal", str(folder), "backup", str(tmp_path / "b.zip")).returncode == 0
    with Journal.open(folder, tmp_path / "cache") as again:
        assert verify(again).clean and dt.date(2026, 1, 5) == again.sessions()[0].date
        assert [p.angle for p in again.photos()] == [Angle.FRONT, Angle.FRONT]

"""A crash at any instant leaves either no trace or a complete photo; real disks say no too."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from journal.core.journal import Journal
from journal.core.models import JournalSettings
from journal.core.verify import verify
from tests.helpers import REPO, photo_like, save_jpeg

KILLS = 32


def _variants(base: bytes, folder: Path, prefix: str, count: int) -> list[Path]:
    """Distinct files (different hashes) that decode to the same picture: bytes after EOI differ."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"{prefix}-{i}.jpg"
        path.write_bytes(base + f"{prefix}-{i}".encode())
        paths.append(path)
    return paths


def test_sigkill_at_random_moments_never_loses_or_half_imports(tmp_path: Path, cache_root: Path) -> None:
    folder = tmp_path / "journal"
    Journal.create(folder, JournalSettings(name="Crash test"), cache_root).close()
    base = save_jpeg(tmp_path / "base.jpg", photo_like((1600, 1200))).read_bytes()
    rng = random.Random(20261125)
    env = dict(os.environ, PYTHONPATH=str(REPO), PROGRESS_JOURNAL_CACHE=str(cache_root))

    def start(files: list[Path]) -> subprocess.Popen[bytes]:
        command = ["import", "--date", "2026-06-01", "--angle", "front", *map(str, files)]
        return subprocess.Popen(
            [sys.executable, "-m", "journal", "--journal", str(folder), *command],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )

    # How long one whole batch takes here, so the kills spread over all of it.
    began = time.perf_counter()
    calibration = start(_variants(base, tmp_path / "src", "calibrate", 8))
    calibration.communicate()
    assert calibration.returncode == 0
    whole = time.perf_counter() - began

    reported_total = 0
    killed_mid_batch = 0
    for attempt in range(KILLS):
        proc = start(_variants(base, tmp_path / "src", f"a{attempt}", 8))
        time.sleep(rng.uniform(0.0, whole))
        proc.send_signal(signal.SIGKILL)
        out, _err = proc.communicate()
        if proc.returncode == -signal.SIGKILL:
            killed_mid_batch += 1
        reported = [
            line.split(" -> ")[1] for line in out.decode().splitlines() if line.startswith("imported: ")
        ]
        reported_total += len(reported)

        with Journal.open(folder, cache_root) as journal:
            report = verify(journal)
            assert report.clean, f"attempt {attempt}: {report.problems} after {journal.recovery_actions}"
            stored = {p.rel_path for p in journal.photos()}
            assert set(reported) <= stored, (
                f"attempt {attempt}: reported but missing {set(reported) - stored}"
            )
            for photo in journal.photos():
                assert journal.photo_path(photo).stat().st_size == photo.size_bytes
        assert not list((folder / "photos").rglob("*.part"))
    # The kills really landed in the middle of work, not only before or after it.
    assert killed_mid_batch >= KILLS // 2
    assert reported_total > 0


def _can_mount() -> bool:
    if not shutil.which("unshare") or not sys.platform.startswith("linux"):
        return False
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=1m tmpfs /mnt"], capture_output=True
    )
    return probe.returncode == 0


needs_mount = pytest.mark.skipif(
    not _can_mount(),
    reason="needs a private mount namespace (unshare -m) to make a real full or read-only disk",
)


@needs_mount
def test_real_full_disk_gives_a_clear_error_and_a_clean_journal(tmp_path: Path) -> None:
    small = save_jpeg(tmp_path / "small.jpg", photo_like((400, 300)))
    big = tmp_path / "big.jpg"
    noise = __import__("PIL.Image", fromlist=["Image"]).effect_noise((2600, 2600), 90).convert("RGB")
    noise.save(big, "JPEG", quality=100)
    assert big.stat().st_size > 3_000_000
    mount = tmp_path / "disk"
    mount.mkdir()
    script = textwrap.dedent(f"""
        import json, sys
        from pathlib import Path
        sys.path.insert(0, {str(REPO)!r})
        from journal.core.journal import Journal
        from journal.core.models import JournalSettings
        from journal.core.errors import JournalError
        from journal.core.verify import verify
        import datetime as dt
        folder = Path({str(mount)!r}) / "journal"
        out = {{}}
        with Journal.create(folder, JournalSettings(name="Full"), Path({str(tmp_path / "cache")!r})) as j:
            s = j.add_session(dt.date(2026, 1, 1))
            out["small"] = j.import_file({str(small)!r}, s.id, "front").status
            try:
                j.import_file({str(big)!r}, s.id, "front")
                out["big"] = "imported"
            except JournalError as exc:
                out["big"] = f"{{type(exc).__name__}}: {{exc}}"
            out["photos"] = len(j.photos())
        with Journal.open(folder, Path({str(tmp_path / "cache")!r})) as j:
            out["clean"] = verify(j).clean
        out["parts"] = [str(p) for p in folder.rglob("*.part")]
        print(json.dumps(out))
    """)
    done = subprocess.run(
        [
            "unshare",
            "-m",
            "sh",
            "-c",
            f'mount -t tmpfs -o size=2m tmpfs {mount} && {sys.executable} -c "$0"',
            script,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["small"] == "imported"
    assert result["big"].startswith("DiskFull: disk is full"), result["big"]
    assert result["photos"] == 1
    assert result["clean"] is True
    assert result["parts"] == []


@needs_mount
def test_real_read_only_journal_folder(tmp_path: Path, cache_root: Path) -> None:
    folder = tmp_path / "journal"
    with Journal.create(folder, JournalSettings(name="On a stick"), cache_root) as j:
        j.add_session(dt.date(2026, 2, 2), notes="kept")
    photo = save_jpeg(tmp_path / "new.jpg", photo_like((300, 200)))
    before = sorted(p.relative_to(folder) for p in folder.rglob("*"))
    py = sys.executable
    script = (
        f"mount --bind {folder} {folder} && mount -o remount,ro,bind {folder} {folder} && "
        f"{py} -m journal --journal {folder} import --date 2026-02-02 {photo}; echo import-rc=$?; "
        f"{py} -m journal --journal {folder} sessions; echo sessions-rc=$?"
    )
    env = dict(os.environ, PYTHONPATH=str(REPO), PROGRESS_JOURNAL_CACHE=str(cache_root))
    done = subprocess.run(
        ["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, env=env, timeout=120
    )
    assert "import-rc=1" in done.stdout
    errors = done.stderr.strip().splitlines()
    assert len(errors) == 1 and "read-only" in errors[0] and str(folder) in errors[0], done.stderr
    assert "sessions-rc=0" in done.stdout and "2026-02-02" in done.stdout  # still readable
    assert sorted(p.relative_to(folder) for p in folder.rglob("*")) == before


def test_a_photo_is_on_disk_before_it_is_renamed_into_place_and_recorded(
    tmp_path: Path, cache_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A power cut cannot leave a recorded photo whose bytes never reached the disk: the copy's
    fsync (which runs while the photo decodes) ends before the rename and the folder's fsync."""
    journal = Journal.create(tmp_path / "j", JournalSettings(name="t"), cache_root)
    session = journal.add_session(dt.date(2026, 3, 1))
    source = save_jpeg(tmp_path / "a.jpg", photo_like((1600, 1200)))
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        time.sleep(0.05)  # a slow disk: the decode finishes first
        real_fsync(fd)
        name = os.readlink(f"/proc/self/fd/{fd}") if Path("/proc/self/fd").exists() else str(fd)
        events.append(f"fsync {Path(name).name}")

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        events.append(f"replace {Path(src).name}")
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    result = journal.import_file(source, session.id)
    assert result.status == "imported"
    renamed = next(i for i, e in enumerate(events) if e.startswith("replace .import-"))
    part = events[renamed].removeprefix("replace ")
    assert f"fsync {part}" in events[:renamed]
    assert any(e == f"fsync {session.date.isoformat()}" for e in events[renamed:])  # the folder
    journal.close()

"""Backups taken while other processes import: every one restores and verifies, and says what
it really holds (the photo list comes from the same database snapshot as the backup)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from journal.core.archive import BackupContents, back_up, restore
from journal.core.journal import Journal
from journal.core.verify import verify
from tests.core.hostile import small_journal
from tests.helpers import REPO, photo_like, save_jpeg

BATCHES = 3  # per importing process
PER_BATCH = 6
BACKUPS = 25  # at most, spread over the imports


def _importer(folder: Path, sources: list[Path], cache: Path, errors: list[str]) -> None:
    """One process after another imports a batch (the journal has one writer at a time: a
    batch that finds it locked by the other importer tries again)."""
    env = dict(os.environ, PYTHONPATH=str(REPO), PROGRESS_JOURNAL_CACHE=str(cache))
    for start in range(0, len(sources), PER_BATCH):
        batch = [str(p) for p in sources[start : start + PER_BATCH]]
        for _attempt in range(200):
            done = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "journal",
                    "--journal",
                    str(folder),
                    "import",
                    "--workers",
                    "4",
                    "--date",
                    "2026-07-01",
                    *batch,
                ],
                capture_output=True,
                text=True,
                env=env,
            )
            if "open in another window" not in done.stderr:
                break
            time.sleep(0.05)
        if done.returncode != 0:
            errors.append(done.stdout + done.stderr)


def test_backups_taken_while_two_processes_import_all_restore_and_verify(tmp_path: Path) -> None:
    folder = tmp_path / "journal"
    small_journal(folder, tmp_path / "cache", tmp_path / "src").close()
    base = save_jpeg(tmp_path / "base.jpg", photo_like((900, 700))).read_bytes()
    groups = []
    for who in ("a", "b"):
        group = []
        for i in range(BATCHES * PER_BATCH):
            path = tmp_path / "in" / f"{who}{i}_front.jpg"
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(base + f"{who}-{i}".encode())  # distinct files, same picture
            group.append(path)
        groups.append(group)
    errors: list[str] = []
    importers = [
        threading.Thread(target=_importer, args=(folder, group, tmp_path / "cache", errors))
        for group in groups
    ]
    for thread in importers:
        thread.start()
    backups: list[BackupContents] = []
    while any(thread.is_alive() for thread in importers):
        if len(backups) < BACKUPS:
            with Journal.open(folder, tmp_path / "cache", read_only=True) as journal:
                backups.append(back_up(journal, tmp_path / "backups" / f"b{len(backups):03d}.zip"))
        time.sleep(0.15)
    for thread in importers:
        thread.join()
    assert errors == []

    counts = [b.photos for b in backups]
    print(f"\nbackups: {len(backups)}, photos in them: {sorted(set(counts))}")
    assert len(backups) >= 5 and len(set(counts)) >= 3, counts  # they really were taken mid-import
    for index, contents in enumerate(backups):
        target = tmp_path / "restored" / f"r{index:03d}"
        restored = restore(contents.path, target)
        assert restored.photos == contents.photos  # the "backed up: N photos" line was the truth
        with Journal.open(target, tmp_path / "restored-cache") as journal:
            assert len(journal.store.photos(deleted=None)) == contents.photos
            report = verify(journal)
            assert report.clean, (contents.path.name, report.problems)
    with Journal.open(folder, tmp_path / "cache") as journal:
        assert len(journal.photos()) == 2 + 2 * BATCHES * PER_BATCH

"""The journals the speed benchmarks run on (issue 12), built once and never changed.

`large(root, eyes)`: 1,000 sessions (a treatment every 3 days, every third one a check-in) and
3,000 photos (front, left, right), imported through the core; the front photos of the sessions
in FACE_SESSIONS are 12 MP portraits (what Compare and the sheets look at), the rest 640 x 480.
With `eyes`, every photo has eye points recorded (as after a detection); without, none was
looked at yet, so the app looks for them in the background once the journal is shown.

A benchmark never runs on the master: `working_copy` gives it a copy (the database copied, the
read-only originals and the disposable cache hard-linked), and `fingerprint` lets it check at
the end that the master is byte for byte what it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
from PIL import Image

from tests.bench.common import photographic, save_photo, variants

SESSIONS = 1000
FACE_SESSIONS = (1, 2, 4, 5, 7, 8, 991, 992, 994, 995, 997, 998)  # treatments, first and last
START = dt.date(2018, 1, 1)
DB_FILES = ("journal.sqlite3", "journal.sqlite3-wal", "journal.sqlite3-shm")


def face_photo(path: Path, size: tuple[int, int], seed: int) -> Path:
    """The shared portrait enlarged into a phone-sized frame, turned and moved a little, with
    sensor-like noise (so each one hashes differently and decodes like a photo)."""
    import cv2

    from tests.helpers import SHARED_PHOTOS

    rng = np.random.default_rng(seed)
    source = np.asarray(Image.open(SHARED_PHOTOS / "face" / "astronaut.png").convert("RGB"))
    width, height = size
    zoom = height / 3024 * 5.0
    matrix = cv2.getRotationMatrix2D((256, 256), float(rng.uniform(-5, 5)), zoom)
    matrix[0, 2] += width / 2 - 256 + rng.uniform(-100, 100)
    matrix[1, 2] += height / 2 - 256 + rng.uniform(-100, 100)
    image = cv2.warpAffine(source, matrix, size, flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)
    noise = rng.normal(0, 6, image.shape).astype(np.int16)
    Image.fromarray(np.clip(image.astype(np.int16) + noise, 0, 255).astype(np.uint8)).save(path, quality=90)
    return path


def large(root: Path, eyes: bool) -> tuple[Path, Path]:
    """The 1,000-session journal (folder, cache root), built on first use under `root`."""
    name = "large-eyes" if eyes else "large-noeyes"
    folder, cache = root / name / "journal", root / name / "cache"
    if (root / name / "complete").exists():
        return folder, cache
    shutil.rmtree(root / name, ignore_errors=True)
    base_folder, base_cache = _build_base(root)
    (root / name).mkdir(parents=True)
    shutil.copytree(base_folder, folder, symlinks=True)
    shutil.copytree(base_cache, cache, symlinks=True)
    from journal.core.journal import Journal

    with Journal.open(folder, cache) as journal:
        if eyes:
            from journal.core.eyes import locate

            for photo in journal.photos():
                if photo.width > 1000:
                    locate(journal, photo)  # the portraits: their real eye points
                else:
                    journal.set_eye_points(photo.id, (0.42, 0.40), (0.58, 0.40), "auto")
    (root / name / "complete").write_text("built\n")
    return folder, cache


def _build_base(root: Path) -> tuple[Path, Path]:
    from journal.core.journal import Journal
    from journal.core.models import Angle, JournalSettings, Kind

    folder, cache = root / "large-base" / "journal", root / "large-base" / "cache"
    if (root / "large-base" / "complete").exists():
        return folder, cache
    shutil.rmtree(root / "large-base", ignore_errors=True)
    source = root / "large-base" / "sources"
    source.mkdir(parents=True)
    print(f"building a journal of {SESSIONS:,} sessions and {3 * SESSIONS:,} photos (once) ...", flush=True)
    small = variants(
        save_photo(source / "small.jpg", photographic((640, 480), seed=5)), source / "small", 3000
    )
    faces = [
        face_photo(source / f"face-{i:02d}.jpg", (4032, 3024), seed=i) for i in range(len(FACE_SESSIONS))
    ]
    with Journal.create(folder, JournalSettings(name="Bench"), cache) as journal:
        sessions = [
            journal.add_session(
                START + dt.timedelta(days=3 * i),
                Kind.CHECK_IN if i % 3 == 0 else Kind.TREATMENT,
                notes=f"Session {i}: a note of the kind people write after a treatment.",
                redness=i % 11,
                bumps=(i * 3) % 11,
            )
            for i in range(SESSIONS)
        ]
        angles = [Angle.FRONT, Angle.LEFT, Angle.RIGHT]
        face_of = dict(zip(FACE_SESSIONS, faces, strict=True))
        jobs = []
        for i in range(3 * SESSIONS):
            session = i // 3
            path = face_of[session] if i % 3 == 0 and session in face_of else small[i]
            jobs.append((path, sessions[session].id, angles[i % 3]))
        with ThreadPoolExecutor(2) as pool:
            results = list(pool.map(lambda job: journal.import_file(*job), jobs))
        assert all(r.status == "imported" for r in results), [
            r.line() for r in results if r.status != "imported"
        ]
        assert len(journal.photos()) == 3 * SESSIONS
    shutil.rmtree(source)
    (root / "large-base" / "complete").write_text("built\n")
    return folder, cache


def working_copy(folder: Path, cache: Path, target: Path) -> tuple[Path, Path]:
    """A copy a benchmark may change: the database and its backups copied, the originals
    (read-only, never rewritten) and the cache files (always replaced, never rewritten in
    place) hard-linked, so a copy takes a fraction of a second."""
    target.mkdir(parents=True, exist_ok=True)
    copies = []
    for source, dest in ((folder, target / "journal"), (cache, target / "cache")):
        for directory, _dirs, files in os.walk(source):
            here = Path(directory)
            there = dest / here.relative_to(source)
            there.mkdir(parents=True, exist_ok=True)
            os.chmod(there, 0o700)
            for name in files:
                if name in DB_FILES or here.name == "backups" or name == ".lock":
                    shutil.copy2(here / name, there / name)
                else:
                    os.link(here / name, there / name)
        copies.append(dest)
    # A usual start, not the day's first: today's database copy is there already.
    daily = copies[0] / "backups" / f"daily-{dt.date.today().isoformat()}.sqlite3"
    if not daily.exists():
        daily.parent.mkdir(mode=0o700, exist_ok=True)
        shutil.copy2(copies[0] / "journal.sqlite3", daily)
    return copies[0], copies[1]


def fingerprint(folder: Path) -> str:
    """The master's database files and list of photos, hashed: equal before and after a run."""
    digest = hashlib.sha256()
    for name in DB_FILES:
        path = folder / name
        if path.exists():
            digest.update(name.encode() + path.read_bytes())
    for directory, _dirs, files in sorted(os.walk(folder)):
        for name in sorted(files):
            digest.update(f"{directory}/{name}".encode())
    return digest.hexdigest()

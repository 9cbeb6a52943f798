"""Timelapse benchmark (issue 16). Run: `.venv/bin/python tests/bench/timelapse_bench.py`.

50 sessions of 12 MP phone photos (imported, so their previews are in the cache), written as
a 1280x720 film: MP4 (H.264), WebM (VP9), GIF and WebP, plain and with cross-fades. Limit for
the film: 10 s. Reference, measured in the same run: decoding the 50 cached previews once
with Pillow (the least any film made from them costs).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import cv2  # noqa: E402
import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

from tests.bench.common import verdict  # noqa: E402
from tests.helpers import SHARED_PHOTOS  # noqa: E402

SESSIONS = 50
BASES = 10  # distinct photos; the others are byte-variants (same pixels, another hash)
SIZE = (1280, 720)
LIMIT = 10.0
TRUE_EYES = ((204.0, 100.1), (246.8, 102.6))


def phone_photo(path: Path, seed: int) -> tuple[tuple[float, float], tuple[float, float]]:
    """The portrait in a 4032x3024 frame (×5, ±6°, shifted), with sensor-like noise; returns
    where its eyes are."""
    rng = np.random.default_rng(seed)
    source = np.asarray(Image.open(SHARED_PHOTOS / "face" / "astronaut.png").convert("RGB"))
    matrix = cv2.getRotationMatrix2D((256, 256), float(rng.uniform(-6, 6)), float(rng.uniform(4.5, 5.5)))
    matrix[0, 2] += 2016 - 256 + rng.uniform(-200, 200)
    matrix[1, 2] += 1512 - 256 + rng.uniform(-150, 150)
    image = cv2.warpAffine(
        source, matrix, (4032, 3024), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )
    noise = rng.normal(0, 6, image.shape).astype(np.int16)
    Image.fromarray(np.clip(image.astype(np.int16) + noise, 0, 255).astype(np.uint8)).save(path, quality=90)
    eyes = [tuple(float(v) for v in matrix @ np.array([x, y, 1.0])) for x, y in TRUE_EYES]
    return (eyes[0][0], eyes[0][1]), (eyes[1][0], eyes[1][1])


def main() -> int:
    from journal.core import timelapse
    from journal.core.journal import Journal
    from journal.core.models import Angle, JournalSettings
    from journal.core.timelapse_encode import available_formats

    scratch = Path(tempfile.mkdtemp(prefix="pj-timelapse-bench-"))
    try:
        journal = Journal.create(scratch / "journal", JournalSettings(name="bench"), scratch / "cache")
        bases = [(scratch / f"base{i}.jpg", phone_photo(scratch / f"base{i}.jpg", i)) for i in range(BASES)]
        for index in range(SESSIONS):
            base, (left, right) = bases[index % BASES]
            source = scratch / f"IMG_{index:04d}.jpg"
            source.write_bytes(base.read_bytes() + f"variant {index}".encode())
            session = journal.add_session(dt.date(2026, 1, 5) + dt.timedelta(days=21 * index))
            photo = journal.import_file(source, session.id, Angle.FRONT).photo
            assert photo is not None
            w, h = photo.width, photo.height
            journal.set_eye_points(
                photo.id, (left[0] / w, left[1] / h), (right[0] / w, right[1] / h), "manual"
            )
        previews = [journal.cache.preview_path(p.sha256) for p in journal.photos()]
        assert all(p.exists() for p in previews)

        def decode_previews() -> float:
            began = time.perf_counter()
            for path in previews:
                with Image.open(path) as im:
                    im.load()
            return time.perf_counter() - began

        decode_previews()
        reference = statistics.median(decode_previews() for _ in range(3))
        print(
            f"reference: decoding the {SESSIONS} cached previews ({Image.open(previews[0]).size[0]} px) "
            f"with Pillow: {reference:.2f} s"
        )
        for crossfade in (False, True):
            options = timelapse.TimelapseOptions(size=SIZE, crossfade=crossfade)
            for fmt in available_formats():
                out = scratch / f"film.{fmt.value}"
                began = time.perf_counter()
                plan = timelapse.plan(journal, options)
                written = timelapse.write(journal, plan, out)
                seconds = time.perf_counter() - began
                print(
                    f"{SESSIONS} sessions -> {SIZE[0]}x{SIZE[1]} {fmt.label}{', cross-fades' if crossfade else ''}: "
                    f"{seconds:.2f} s ({seconds / reference:.1f}x the reference), {written.frames} frames, "
                    f"{written.bytes / 1e6:.1f} MB; limit {LIMIT:.0f} s -> {verdict(seconds <= LIMIT)}"
                )
        journal.close()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

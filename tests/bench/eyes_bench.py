"""Eye detection benchmark (issue 11). Run: `.venv/bin/python tests/bench/eyes_bench.py`.

On one core (OpenCV held to one thread), measured in the same run:
- a 12 MP JPEG to stored eye points, as the app does it (limit 250 ms): with the preview the
  import left in the cache, and from the original alone (preview made first); against a full
  Pillow decode of the same file;
- detection on a decoded 12 MP and 48 MP photo in memory, and on 1280×720 frames with a face and
  without one (what live capture calls a few times a second).

`--table` also prints the found rate and error per condition of the test set
(tests/core/eye_set.py); `--baseline FILE` adds another detector module's columns (a copy of an
older journal/core/eyes.py with `detect_eyes`), for the same set.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

import cv2  # noqa: E402
import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

from tests.bench.common import median_time, verdict  # noqa: E402
from tests.core import eye_set  # noqa: E402

LIMIT_12MP = 0.250


def _face(size: tuple[int, int], index: int, condition: str = "bg-grey") -> tuple[np.ndarray, Any]:
    case = eye_set.replace(eye_set.cases(condition)[index], size=size)
    return eye_set.render(case)


def _full_decode(path: Path) -> None:
    with Image.open(path) as im:
        im.load()


def speed() -> None:
    from journal.core.eyes import detect, locate
    from journal.core.journal import Journal
    from journal.core.models import Angle, JournalSettings

    cv2.setNumThreads(1)
    scratch = Path(tempfile.mkdtemp(prefix="pj-eyes-bench-"))
    try:
        files = []
        for i in range(4):
            pixels, _truth = _face((4032, 3024), i)
            path = scratch / f"face{i}.jpg"
            Image.fromarray(pixels).save(path, quality=90)
            files.append(path)
        journal = Journal.create(scratch / "journal", JournalSettings(name="bench"), scratch / "cache")
        session = journal.add_session(__import__("datetime").date(2026, 3, 1))
        photos = [journal.import_file(str(p), session.id, Angle.FRONT).photo for p in files]
        detect(np.zeros((64, 64, 3), np.uint8))  # the models load once per thread (not timed)

        decode = statistics.median(median_time(lambda p=p: _full_decode(p), 3) for p in files)
        cached, uncached = [], []
        for photo in photos:
            assert photo is not None
            cached.append(median_time(lambda photo=photo: locate(journal, photo), 3))
            began = time.perf_counter()
            journal.cache.forget(photo.sha256)
            locate(journal, photo)
            uncached.append(time.perf_counter() - began)
        found = sum(journal.photo(p.id).eyes is not None for p in photos if p is not None)
        journal.close()

        arrays = {
            name: _face(size, 0)[0] for name, size in (("12 MP", (4032, 3024)), ("48 MP", (8064, 6048)))
        }
        frames = [_face((1280, 720), i)[0] for i in range(4)]
        empty = np.asarray(Image.open(eye_set.SCENES[0]).convert("RGB").resize((1280, 720)))

        def per(image: np.ndarray) -> float:
            return median_time(lambda: detect(image), 5)

        load = os.getloadavg()
        print(
            f"machine load (1, 5, 15 min): {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} cores"
        )
        print(f"reference: full Pillow decode of a 12 MP JPEG          {decode * 1000:7.1f} ms")
        t = statistics.median(cached)
        print(
            f"12 MP photo to stored points, preview cached             {t * 1000:7.1f} ms  "
            f"({t / decode:.2f}× the decode; limit {LIMIT_12MP * 1000:.0f} ms: {verdict(t <= LIMIT_12MP)})"
        )
        t = statistics.median(uncached)
        print(
            f"12 MP photo to stored points, preview made from original {t * 1000:7.1f} ms  "
            f"({t / decode:.2f}× the decode; limit {LIMIT_12MP * 1000:.0f} ms: {verdict(t <= LIMIT_12MP)})"
        )
        print(f"  eyes found on {found} of {len(photos)} photos")
        for name, image in arrays.items():
            t = per(image)
            print(
                f"detect() on a decoded {name} photo in memory           {t * 1000:7.1f} ms  ({t / decode:.2f}×)"
            )
        t = statistics.median(per(frame) for frame in frames)
        print(
            f"detect() on a 1280×720 frame with a face               {t * 1000:7.1f} ms  ({t / decode:.2f}×)"
        )
        t = per(empty)
        print(
            f"detect() on a 1280×720 frame without a face            {t * 1000:7.1f} ms  ({t / decode:.2f}×)"
        )
        t = statistics.median(
            median_time(lambda f=frame: detect(f, smallest_face=0.25), 5) for frame in frames
        )
        print(
            f"  with smallest_face=0.25 (live capture), with a face   {t * 1000:7.1f} ms  ({t / decode:.2f}×)"
        )
        t = median_time(lambda: detect(empty, smallest_face=0.25), 5)
        print(
            f"  with smallest_face=0.25, without a face              {t * 1000:7.1f} ms  ({t / decode:.2f}×)"
        )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _load(path: Path) -> Callable[[np.ndarray], Any]:
    spec = importlib.util.spec_from_file_location("baseline_eyes", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module.detect_eyes  # type: ignore[no-any-return]


def table(baseline: Path | None) -> None:
    from journal.core.eyes import detect_eyes

    cv2.setNumThreads(1)
    detectors: dict[str, Callable[[np.ndarray], Any]] = {"now": detect_eyes}
    if baseline is not None:
        detectors = {"before": _load(baseline), **detectors}
    stats: dict[str, dict[str, list[float | None]]] = {name: {} for name in detectors}
    times: dict[str, list[float]] = {name: [] for name in detectors}
    for condition in eye_set.CONDITIONS:
        for case in eye_set.cases(condition):
            image, truth = eye_set.render(case)
            for name, detector in detectors.items():
                began = time.perf_counter()
                found = detector(image)
                times[name].append(time.perf_counter() - began)
                error = None if found is None else eye_set.error_in_iods((found.left, found.right), truth)
                # a pair more than 6 % off counts as not found: it would misalign
                stats[name].setdefault(condition, []).append(
                    error if error is not None and error <= 0.06 else None
                )

    def cells(errors: list[float | None]) -> str:
        good = [e for e in errors if e is not None]
        rate = f"{len(good)}/{len(errors)} ({100 * len(good) / len(errors):.0f} %)"
        if not good:
            return f"{rate} | – | –"
        return f"{rate} | {100 * statistics.median(good):.1f} % | {100 * max(good):.1f} %"

    head = " | ".join(f"{n}: found | {n}: median | {n}: worst" for n in detectors)
    print(f"| condition | {head} |")
    print("| --- " * (1 + 3 * len(detectors)) + "|")
    for condition in eye_set.CONDITIONS:
        print(f"| {condition} | " + " | ".join(cells(stats[n][condition]) for n in detectors) + " |")
    overall = {n: [e for c in eye_set.CONDITIONS for e in stats[n][c]] for n in detectors}
    print("| **overall** | " + " | ".join(cells(overall[n]) for n in detectors) + " |")
    print(
        "| time per photo (median, 0.3–48 MP) | "
        + " | ".join(f"{1000 * statistics.median(times[n]):.0f} ms | | " for n in detectors)
        + "|"
    )
    load = os.getloadavg()
    print(f"machine load during the table: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--table", action="store_true", help="found rate and error per condition")
    parser.add_argument("--baseline", type=Path, help="another eyes.py to compare in the table")
    args = parser.parse_args()
    speed()
    if args.table or args.baseline:
        table(args.baseline)
    return 0


if __name__ == "__main__":
    sys.exit(main())
